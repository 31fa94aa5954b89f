"""How a schema violation is told: a code and an 'expected ..., found ...' message at a place.

jsonschema's own messages name Python types and reprs; contributors read YAML, so each
violation is reworded here, and pointed at the value (or, for an unknown field, the key).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

import jsonschema

from generator.codes import hint_for
from generator.errors import VALUE_LIMIT, Problem, clip, shown
from generator.store import YamlDocument, YamlPath
from generator.validate.patterns import ID_PATTERN, SLUG_PATTERN


def _schema_problem(
    error: jsonschema.ValidationError, document: YamlDocument, shown: str
) -> Problem:
    path: YamlPath = tuple(error.absolute_path)
    code, message = _describe(error, _field_name(path))
    if error.validator == "additionalProperties":
        line, col = document.key_position((*path, _unexpected_keys(error)[0]))
    else:
        line, col = document.position(path)
    hint, detail = hint_for(code), ""
    if error.validator == "required":
        hint, detail = MISSING_FIELD_HINTS.get(_missing_field(error), (hint, ""))
    return Problem(shown, line, col, code, message, hint, detail=detail)


MISSING_FIELD_HINTS = {
    "id": (
        "never type an id: run `python -m generator fmt`, which gives the quote one (in a pull "
        "request you need not: the publish workflow does it after merge)",
        "",
    ),
    "sources": (
        "add the article that reported the words, lined up with 'text', for example:",
        "sources:\n  - outlet: Testville Herald\n"
        "    url: https://testville-herald.example/2025/10/buses",
    ),
    "text": ("add the words as they were said, without quote marks: text: ...", ""),
    "status": (
        "add 'status: attributed' (a source reports it), or verified, disputed or misattributed",
        "",
    ),
    "slug": ("add 'slug:' with the file name without .yaml, such as slug: jane-example", ""),
    "name": ("add 'name:' with the speaker's full name, such as name: Jane Example", ""),
    "kind": ("add 'kind: person' (or 'kind: organisation')", ""),
}
"""What to write for a missing field, and an example shown under the problem."""


def did_you_mean(found: object, known: Iterable[str]) -> str:
    """`; did you mean 'text'?` when `found` is close to one of `known` (a typo), else ''."""
    if not isinstance(found, str) or not found or len(found) > VALUE_LIMIT:
        return ""  # a typo is short; difflib would index a 50 MB value character by character
    choices = {choice.casefold(): choice for choice in known}
    close = difflib.get_close_matches(found.casefold().strip(), list(choices), n=1, cutoff=0.8)
    return f"; did you mean '{choices[close[0]]}'?" if close else ""


def _missing_field(error: jsonschema.ValidationError) -> str:
    return str(error.message).split("'")[1]


def _field_name(path: YamlPath) -> str:
    """The name of the field a value belongs to: ('quotes', 0, 'topics', 2) -> 'topics'."""
    names = [part for part in path if isinstance(part, str)]
    return names[-1] if names else "file"


def _describe(error: jsonschema.ValidationError, field: str) -> tuple[str, str]:
    """Pick a code and an 'expected ..., found ...' message for a schema violation."""
    kind, found, wanted = error.validator, error.instance, error.validator_value
    if kind == "required":
        return "S101", f"missing required field {shown(_missing_field(error))}"
    if kind == "additionalProperties":
        unexpected = _unexpected_keys(error)
        known = set(error.schema.get("properties", {})) - set(error.instance)
        suggestion = did_you_mean(unexpected[0], known) if len(unexpected) == 1 else ""
        return "S102", f"unknown field {shown(', '.join(unexpected))}{suggestion}"
    if kind == "type":
        return "S103", f"'{field}' expected {_article(wanted)}, found {_show(found)}"
    if kind == "enum":
        return "S104", (
            f"'{field}' expected one of [{', '.join(wanted)}], found {_show(found)}"
            f"{did_you_mean(found, wanted)}"
        )
    if kind == "pattern":
        return _describe_pattern(wanted, field, found)
    if kind == "minItems":
        return "S107", f"'{field}' expected at least {wanted} item(s), found none"
    if kind == "anyOf":
        return "S108", "source expected a 'url' or an 'outlet', found neither"
    if kind == "uniqueItems":
        return "S109", f"'{field}' expected unique items, found {_first_repeat(found)} twice"
    if kind == "minLength":
        return "S103", f"'{field}' expected text, found an empty string"
    return "S104", f"'{field}': {error.message}"


def _describe_pattern(pattern: str, field: str, found: Any) -> tuple[str, str]:
    if pattern == SLUG_PATTERN:
        return "S110", f"'{field}' expected a slug like 'vladimir-putin', found {_show(found)}"
    if pattern == ID_PATTERN:
        return "S111", f"'{field}' expected 6-16 lower-case letters or digits, found {_show(found)}"
    if field == "url":
        return "S106", f"'url' expected an http(s) address, found {_show(found)}{_url_fault(found)}"
    return "S105", f"'{field}' expected YYYY, YYYY-MM or YYYY-MM-DD, found {_show(found)}"


def _url_fault(found: Any) -> str:
    """What is wrong with an address, when it is one of the usual slips."""
    if not isinstance(found, str):
        return ""
    address = found.strip()
    if any(c.isspace() for c in address):
        return ": it contains a space; remove it, or write it as %20 if the address has one"
    if not address.lower().startswith(("http://", "https://")) and "." in address.split("/")[0]:
        return f": it has no https:// in front; did you mean 'https://{address}'?"
    return ""


def _unexpected_keys(error: jsonschema.ValidationError) -> list[str]:
    allowed = set(error.schema.get("properties", {}))
    return sorted(k for k in error.instance if k not in allowed)


def _article(type_name: Any) -> str:
    names = {"string": "text", "array": "a list", "object": "a mapping"}
    return names.get(str(type_name), str(type_name))


def _first_repeat(items: list[Any]) -> str:
    seen: list[Any] = []
    for item in items:
        if item in seen:
            return _show(item)
        seen.append(item)
    return "an entry"


def _show(value: Any) -> str:
    if isinstance(value, str):
        return shown(value) if value else "an empty string"
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (YAML reads yes, no, on, off, true and false as true/false)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"the number {clip(repr(value))}"
