"""Validation of the archive: the JSON Schema per file, then rules that span files.

Every check returns `Problem`s; nothing here raises on bad data, so one run reports every
problem. Codes, meanings and hints live in `generator.codes` (documented in CONTRIBUTING.md).
Problems about a value point at the value (`date: 2025-13` points at `2025-13`); problems
about a key (an unknown field, a duplicate key) point at the key.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

from generator.codes import CODES, hint_for
from generator.errors import Problem, display_path
from generator.store import TOPICS_FILE, LoadedArchive, YamlDocument, YamlPath

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schema"

HINTS = {code: entry.hint for code, entry in CODES.items()}
"""Fix hint of every code; kept for callers written before `generator.codes`."""

SLUG_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$"
DATE_PATTERN = re.compile(r"[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?")
"""What the schema accepts as a date; other rules skip dates it already rejected."""
DAY_PATTERN = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])")
"""A full date the schema accepts; the calendar may still reject it (2025-02-30)."""
ID_PATTERN = "^[0-9a-z]{6,16}$"


@cache
def load_schema(name: str) -> dict[str, Any]:
    """Read a JSON Schema shipped in `schema/`."""
    return json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))


def validate_archive(
    loaded: LoadedArchive,
    root: Path | None = None,
    today: dt.date | None = None,
    only: Collection[Path] | None = None,
) -> list[Problem]:
    """Return every problem in the archive: reading, schema, file names, cross-file rules.

    With `only`, per-file rules run on those files alone and every other problem is kept
    only when it involves one of them; cross-file rules still see the whole archive.
    """
    problems = list(loaded.problems)
    for key, document in sorted(loaded.documents.items()):
        if only is None or _is_among(document.path, only):
            problems += file_problems(key, document, root)
    problems += cross_file_problems(loaded, root, today or dt.date.today())
    if only is not None:
        shown = {display_path(path, root) for path in only}
        problems = [p for p in problems if p.path in shown or shown.intersection(p.related)]
    return sorted(set(problems))


def _is_among(path: Path, paths: Collection[Path]) -> bool:
    resolved = path.resolve()
    return any(resolved == other.resolve() for other in paths)


def file_problems(key: str, document: YamlDocument, root: Path | None = None) -> list[Problem]:
    """Rules that need one file only: its schema, its name, its calendar dates."""
    if key == TOPICS_FILE:
        return schema_problems(document, load_schema("topics.schema.json"), root)
    return [
        *schema_problems(document, load_schema("speaker.schema.json"), root),
        *file_name_problems(document, root),
        *calendar_date_problems(document, root),
    ]


# -- One file against its schema -----------------------------------------------------------


def schema_problems(
    document: YamlDocument, schema: dict[str, Any], root: Path | None = None
) -> list[Problem]:
    """Check one document against a JSON Schema; one problem per violation, at its value."""
    shown = display_path(document.path, root)
    if document.data is None:
        return [
            Problem(
                shown,
                1,
                1,
                "S103",
                "expected a mapping with the fields of the schema, found an empty file",
                hint_for("S103"),
            )
        ]
    is_valid, validator = _validators(schema)
    if is_valid(document.data):
        return []
    return [
        _schema_problem(error, document, shown) for error in validator.iter_errors(document.data)
    ]


_VALIDATORS: dict[int, tuple[dict[str, Any], Check, jsonschema.Draft202012Validator]] = {}


def _validators(schema: dict[str, Any]) -> tuple[Check, jsonschema.Draft202012Validator]:
    """A fast yes/no check and the full validator of a schema, built once per schema object.

    jsonschema finds the errors and words them; asking it about every valid document made
    it most of `check`'s time (12 s for 20,000 quotes). The compiled check only answers
    whether a document is valid, so the problems reported stay jsonschema's.
    """
    cached = _VALIDATORS.get(id(schema))
    if cached is None or cached[0] is not schema:
        validator = jsonschema.Draft202012Validator(schema)
        try:
            is_valid = compile_schema(schema)
        except UnsupportedSchema:
            is_valid = _never
        cached = _VALIDATORS[id(schema)] = (schema, is_valid, validator)
    return cached[1], cached[2]


# -- A fast validity check for the subset of JSON Schema our schemas use --------------------
#
# Each keyword below answers exactly as jsonschema's does (jsonschema/_keywords.py), or says
# "invalid" where in doubt: a wrong "invalid" only sends the document to jsonschema, a wrong
# "valid" would hide a problem. Any keyword outside the subset makes the schema unsupported,
# and then every document goes to jsonschema.

Check = Callable[[Any], bool]

ANNOTATIONS = frozenset({"$schema", "$id", "$defs", "$comment", "title", "description"})
TYPES: dict[str, type] = {"string": str, "array": list, "object": dict}


class UnsupportedSchema(ValueError):
    """The schema uses a keyword the fast check does not implement."""


def _never(instance: Any) -> bool:
    return False


def compile_schema(root: dict[str, Any]) -> Check:
    """Turn a schema into a function telling whether an instance is valid under it."""
    compiled: dict[str, Check] = {}

    def reference(ref: str) -> Check:
        if not ref.startswith("#/$defs/") or ref.count("/") != 2:
            raise UnsupportedSchema(f"$ref {ref!r}")
        name = ref.removeprefix("#/$defs/")
        if name not in compiled:
            compiled[name] = _never  # placeholder while a recursive definition compiles
            compiled[name] = build(root.get("$defs", {})[name])
        return lambda instance: compiled[name](instance)

    def build(schema: Any) -> Check:
        if not isinstance(schema, dict):
            raise UnsupportedSchema(f"schema {schema!r}")
        checks = [keyword(name, value, schema) for name, value in schema.items()]
        return _all_of([check for check in checks if check is not None])

    def keyword(name: str, value: Any, schema: dict[str, Any]) -> Check | None:
        if name in ANNOTATIONS:
            return None
        if name == "$ref":
            return reference(value)
        if name == "properties":
            return _properties({key: build(sub) for key, sub in value.items()})
        if name == "items" and "prefixItems" not in schema:
            return _items(build(value))
        if name == "anyOf":
            return _any_of([build(sub) for sub in value])
        if name == "additionalProperties" and value is False and "patternProperties" not in schema:
            return _no_additional(frozenset(schema.get("properties", {})))
        return _simple_keyword(name, value)

    return build(root)


def _simple_keyword(name: str, value: Any) -> Check:
    if name == "type" and isinstance(value, str) and value in TYPES:
        return lambda instance: isinstance(instance, TYPES[value])
    if name == "required" and all(isinstance(key, str) for key in value):
        return lambda instance: not isinstance(instance, dict) or all(k in instance for k in value)
    if name == "pattern":
        search = re.compile(value).search
        return lambda instance: not isinstance(instance, str) or bool(search(instance))
    if name == "enum" and all(isinstance(item, str) for item in value):
        return lambda instance: isinstance(instance, str) and instance in value
    if name == "minLength" and isinstance(value, int):
        return lambda instance: not isinstance(instance, str) or len(instance) >= value
    if name == "minItems" and isinstance(value, int):
        return lambda instance: not isinstance(instance, list) or len(instance) >= value
    if name == "uniqueItems" and value is True:
        return _unique_strings
    raise UnsupportedSchema(f"{name}: {value!r}")


def _all_of(checks: list[Check]) -> Check:
    if len(checks) == 1:
        return checks[0]

    def check(instance: Any) -> bool:
        for one in checks:  # noqa: SIM110 - a loop: all() with a generator is twice as slow
            if not one(instance):
                return False
        return True

    return check


def _properties(checks: dict[str, Check]) -> Check:
    pairs = list(checks.items())

    def check(instance: Any) -> bool:
        if not isinstance(instance, dict):
            return True
        for key, one in pairs:  # noqa: SIM110 - as above
            if key in instance and not one(instance[key]):
                return False
        return True

    return check


def _items(item_check: Check) -> Check:
    return lambda instance: not isinstance(instance, list) or all(map(item_check, instance))


def _any_of(checks: list[Check]) -> Check:
    return lambda instance: any(check(instance) for check in checks)


def _no_additional(allowed: frozenset[str]) -> Check:
    return lambda instance: not isinstance(instance, dict) or allowed.issuperset(instance)


def _unique_strings(instance: Any) -> bool:
    """Unique items; lists of anything but text go to jsonschema (1 == True, 1 == 1.0...)."""
    if not isinstance(instance, list):
        return True
    return all(isinstance(item, str) for item in instance) and len(set(instance)) == len(instance)


def _schema_problem(
    error: jsonschema.ValidationError, document: YamlDocument, shown: str
) -> Problem:
    path: YamlPath = tuple(error.absolute_path)
    code, message = _describe(error, _field_name(path))
    if error.validator == "additionalProperties":
        line, col = document.key_position((*path, _unexpected_keys(error)[0]))
    else:
        line, col = document.position(path)
    return Problem(shown, line, col, code, message, hint_for(code))


def _field_name(path: YamlPath) -> str:
    """The name of the field a value belongs to: ('quotes', 0, 'topics', 2) -> 'topics'."""
    names = [part for part in path if isinstance(part, str)]
    return names[-1] if names else "file"


def _describe(error: jsonschema.ValidationError, field: str) -> tuple[str, str]:
    """Pick a code and an 'expected ..., found ...' message for a schema violation."""
    kind, found, wanted = error.validator, error.instance, error.validator_value
    if kind == "required":
        missing = str(error.message).split("'")[1]
        return "S101", f"missing required field '{missing}'"
    if kind == "additionalProperties":
        return "S102", f"unknown field '{', '.join(_unexpected_keys(error))}'"
    if kind == "type":
        return "S103", f"'{field}' expected {_article(wanted)}, found {_show(found)}"
    if kind == "enum":
        return "S104", f"'{field}' expected one of [{', '.join(wanted)}], found {_show(found)}"
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
        return "S106", f"'url' expected an http(s) address, found {_show(found)}"
    return "S105", f"'{field}' expected YYYY, YYYY-MM or YYYY-MM-DD, found {_show(found)}"


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
        return repr(value) if value else "an empty string"
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (YAML reads yes, no, on, off, true and false as true/false)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"the number {value!r}"


# -- One file, beyond the schema -----------------------------------------------------------


def file_name_problems(document: YamlDocument, root: Path | None = None) -> list[Problem]:
    """The file name must be the slug: quotes/<slug>.yaml."""
    data = document.data
    slug = data.get("slug") if isinstance(data, dict) else None
    if not isinstance(slug, str) or slug == document.path.stem:
        return []
    return [
        _problem_at(
            document,
            ("slug",),
            root,
            "F001",
            f"file name expected to match slug '{slug}', found '{document.path.name}'",
        )
    ]


def calendar_date_problems(document: YamlDocument, root: Path | None = None) -> list[Problem]:
    """Dates the schema's pattern lets through but no calendar has, like 2025-02-30."""
    return [
        _problem_at(
            document, path, root, "S105", f"'date' expected a day that exists, found {value!r}"
        )
        for path, value in _dates(document)
        if isinstance(value, str) and DAY_PATTERN.fullmatch(value) and not _is_calendar_day(value)
    ]


def _is_calendar_day(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _dates(document: YamlDocument) -> Iterator[tuple[YamlPath, Any]]:
    """Every quote date and source date in a speaker document, with its path."""
    for base, item in _quotes_of(document):
        yield (*base, "date"), item.get("date")
        for index, source in enumerate(_as_list(item.get("sources"))):
            if isinstance(source, dict):
                yield (*base, "sources", index, "date"), source.get("date")


# -- Rules that span files -----------------------------------------------------------------


def cross_file_problems(loaded: LoadedArchive, root: Path | None, today: dt.date) -> list[Problem]:
    """Rules no single-file schema can check: unique ids and names, known topics, dates."""
    return [
        *_missing_topics_file(loaded, root),
        *_duplicate_ids(loaded, root),
        *_unknown_topics(loaded, root),
        *_duplicate_names(loaded, root),
        *_duplicate_slugs(loaded, root),
        *_future_dates(loaded, root, today),
        *_dangling_references(loaded, root),
        *_duplicate_topics(loaded, root),
    ]


def quote_position(
    loaded: LoadedArchive, quote_id: str, root: Path | None = None
) -> tuple[str, int, int] | None:
    """Where a quote's id is written, as (path, line, col): lets warning providers point."""
    for document, base, item in _quote_items(loaded):
        if item.get("id") == quote_id:
            return (display_path(document.path, root), *document.position((*base, "id")))
    return None


def _speaker_documents(loaded: LoadedArchive) -> Iterator[tuple[YamlDocument, dict[str, Any]]]:
    for key, document in sorted(loaded.documents.items()):
        if key != TOPICS_FILE and isinstance(document.data, dict):
            yield document, document.data


def _quotes_of(document: YamlDocument) -> Iterator[tuple[YamlPath, dict[str, Any]]]:
    data = document.data
    quotes = data.get("quotes") if isinstance(data, dict) else None
    for index, item in enumerate(_as_list(quotes)):
        if isinstance(item, dict):
            yield ("quotes", index), item


def _quote_items(loaded: LoadedArchive) -> Iterator[tuple[YamlDocument, YamlPath, dict[str, Any]]]:
    """Every quote mapping in every speaker document, with its path."""
    for document, _ in _speaker_documents(loaded):
        for base, item in _quotes_of(document):
            yield document, base, item


def _strings_at(
    container: dict[str, Any], base: YamlPath, key: str
) -> Iterator[tuple[YamlPath, str]]:
    """The string items of the list under `key`, each with its path."""
    for index, value in enumerate(_as_list(container.get(key))):
        if isinstance(value, str):
            yield (*base, key, index), value


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _problem_at(
    document: YamlDocument,
    path: YamlPath,
    root: Path | None,
    code: str,
    message: str,
    related: Iterable[str] = (),
) -> Problem:
    line, col = document.position(path)
    shown = display_path(document.path, root)
    others = tuple(sorted({p for p in related if p != shown}))
    return Problem(shown, line, col, code, message, hint_for(code), CODES[code].severity, others)


Place = tuple[YamlDocument, YamlPath]


def _repeated(
    places: dict[str, list[Place]],
    root: Path | None,
    code: str,
    what: str,
    labels: dict[str, str] | None = None,
) -> list[Problem]:
    """One problem at every use of a value used more than once, naming the other uses."""
    problems = []
    for key, uses in sorted(places.items()):
        if len(uses) < 2:
            continue
        value = (labels or {}).get(key, key)
        where = [_where(document, path, root) for document, path in uses]
        for (document, path), here in zip(uses, where, strict=True):
            others = ", ".join(w for w in where if w != here)
            problems.append(
                _problem_at(
                    document,
                    path,
                    root,
                    code,
                    f"{what} '{value}' expected once, also at {others}",
                    related=[display_path(d.path, root) for d, _ in uses],
                )
            )
    return problems


def _where(document: YamlDocument, path: YamlPath, root: Path | None) -> str:
    return f"{display_path(document.path, root)}:{document.position(path)[0]}"


def _missing_topics_file(loaded: LoadedArchive, root: Path | None) -> list[Problem]:
    """Without the taxonomy every topic would look unknown; say what is really wrong."""
    if TOPICS_FILE in loaded.documents or not loaded.documents:
        return []
    if any(Path(p.path).name == TOPICS_FILE for p in loaded.problems):
        return []  # it exists but could not be read; that problem is reported already
    some = next(iter(loaded.documents.values()))
    shown = display_path(some.path.parent / TOPICS_FILE, root)
    return [
        Problem(
            shown,
            0,
            0,
            "F004",
            f"expected the topic taxonomy at {shown}, found nothing",
            hint_for("F004"),
        )
    ]


def _duplicate_ids(loaded: LoadedArchive, root: Path | None) -> list[Problem]:
    """Every live id and every merged id is used once across the archive."""
    uses: dict[str, list[Place]] = defaultdict(list)
    for document, base, item in _quote_items(loaded):
        quote_id = item.get("id")
        if isinstance(quote_id, str):
            uses[quote_id].append((document, (*base, "id")))
        for path, merged in _strings_at(item, base, "merged_ids"):
            uses[merged].append((document, path))
    return _repeated(uses, root, "X001", "id")


def _unknown_topics(loaded: LoadedArchive, root: Path | None) -> list[Problem]:
    if TOPICS_FILE not in loaded.documents:
        return []
    known = {t.slug for t in loaded.archive.topics}
    return [
        _problem_at(
            document,
            path,
            root,
            "X002",
            f"topic expected to be listed in quotes/{TOPICS_FILE}, found '{topic}'",
        )
        for document, base, item in _quote_items(loaded)
        for path, topic in _strings_at(item, base, "topics")
        if topic not in known
    ]


def _duplicate_names(loaded: LoadedArchive, root: Path | None) -> list[Problem]:
    """A name or alias identifies one speaker file only (ignoring case)."""
    uses: dict[str, list[Place]] = defaultdict(list)
    labels: dict[str, str] = {}
    for document, data in _speaker_documents(loaded):
        names = [(("name",), data.get("name")), *_strings_at(data, (), "aliases")]
        for path, name in names:
            if isinstance(name, str) and name.strip():
                key = name.strip().casefold()
                uses[key].append((document, path))
                labels.setdefault(key, name.strip())
    across_files = {
        key: places
        for key, places in uses.items()
        if len({document.path for document, _ in places}) > 1
    }
    return _repeated(across_files, root, "X003", "name", labels)


def _duplicate_slugs(loaded: LoadedArchive, root: Path | None) -> list[Problem]:
    """A slug names one page: no two files, and no file and a former slug, may share it."""
    uses: dict[str, list[Place]] = defaultdict(list)
    for document, data in _speaker_documents(loaded):
        slug = data.get("slug")
        if isinstance(slug, str):
            uses[slug].append((document, ("slug",)))
        for path, former in _strings_at(data, (), "former_slugs"):
            uses[former].append((document, path))
    return _repeated(uses, root, "X007", "slug")


def _future_dates(loaded: LoadedArchive, root: Path | None, today: dt.date) -> list[Problem]:
    return [
        _problem_at(
            document,
            path,
            root,
            "X004",
            f"date expected on or before {today.isoformat()}, found {value}",
        )
        for document, _ in _speaker_documents(loaded)
        for path, value in _dates(document)
        if isinstance(value, str) and DATE_PATTERN.fullmatch(value) and is_future(value, today)
    ]


def is_future(date: str, today: dt.date) -> bool:
    """Whether a partial date (YYYY, YYYY-MM, YYYY-MM-DD) starts after today."""
    return date > today.isoformat()[: len(date)]


def _dangling_references(loaded: LoadedArchive, root: Path | None) -> list[Problem]:
    live = {q.id for s in loaded.archive.speakers for q in s.quotes}
    return [
        _problem_at(
            document,
            (*base, "part_of"),
            root,
            "X005",
            f"part_of expected an existing quote id, found '{target}'",
        )
        for document, base, item in _quote_items(loaded)
        if isinstance(target := item.get("part_of"), str) and target not in live
    ]


def _duplicate_topics(loaded: LoadedArchive, root: Path | None) -> list[Problem]:
    document = loaded.documents.get(TOPICS_FILE)
    if document is None or not isinstance(document.data, dict):
        return []
    uses: dict[str, list[Place]] = defaultdict(list)
    for index, item in enumerate(_as_list(document.data.get("topics"))):
        slug = item.get("slug") if isinstance(item, dict) else None
        if isinstance(slug, str):
            uses[slug].append((document, ("topics", index, "slug")))
    return _repeated(uses, root, "X006", "topic slug")
