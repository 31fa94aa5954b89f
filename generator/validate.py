"""Validation of the archive: the JSON Schema per file, then rules that span files.

Every check returns `Problem`s; nothing here raises on bad data, so one run reports every
problem. Codes are stable and documented in CONTRIBUTING.md.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

from generator.errors import Problem, display_path
from generator.store import TOPICS_FILE, LoadedArchive, YamlDocument, YamlPath

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schema"

HINTS = {
    "S101": "add the field; see schema/speaker.schema.json for what it holds",
    "S102": "remove it or fix its spelling",
    "S103": "use the type the schema asks for",
    "S104": "use one of the allowed values",
    "S105": "write the date as YYYY, YYYY-MM or YYYY-MM-DD",
    "S106": "use a full http:// or https:// address",
    "S107": "add at least one source with a url or an outlet",
    "S108": "give the source a url, an outlet, or both",
    "S109": "remove the repeated entry",
    "F001": "rename the file or change its slug so they match",
    "X001": "ids are assigned by `python -m generator add`; remove the id to get a new one",
    "X002": "use a slug from quotes/topics.yaml or add the topic there",
    "X003": "a name or alias belongs to one speaker file; merge the files or drop the alias",
    "X004": "check the date; quotes cannot be from the future",
    "X005": "point it at an id that exists in the archive",
    "X006": "topic slugs must be unique",
}


@cache
def load_schema(name: str) -> dict[str, Any]:
    """Read a JSON Schema shipped in `schema/`."""
    return json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))


def validate_archive(loaded: LoadedArchive, root: Path | None = None,
                     today: dt.date | None = None) -> list[Problem]:
    """Return every problem in the archive: reading, schema, file names, cross-file rules."""
    problems = list(loaded.problems)
    for key, document in sorted(loaded.documents.items()):
        schema = "topics.schema.json" if key == TOPICS_FILE else "speaker.schema.json"
        problems += schema_problems(document, load_schema(schema), root)
        if key != TOPICS_FILE:
            problems += file_name_problems(document, root)
    problems += cross_file_problems(loaded, root, today or dt.date.today())
    return sorted(set(problems))


def schema_problems(document: YamlDocument, schema: dict[str, Any],
                    root: Path | None = None) -> list[Problem]:
    """Check one document against a JSON Schema; one problem per violation, with its line."""
    shown = display_path(document.path, root)
    if document.data is None:
        return [Problem(shown, 1, 1, "S103", "expected a mapping with the fields of the schema, "
                        "found an empty file", HINTS["S103"])]
    validator = jsonschema.Draft202012Validator(schema)
    return [_schema_problem(error, document, shown)
            for error in validator.iter_errors(document.data)]


def _schema_problem(error: jsonschema.ValidationError, document: YamlDocument,
                    shown: str) -> Problem:
    path: YamlPath = tuple(error.absolute_path)
    field = str(path[-1]) if path else "file"
    code, message = _describe(error, field)
    if error.validator == "additionalProperties":
        extra = _unexpected_keys(error)
        path = (*path, extra[0]) if extra else path
    line, col = document.position(path)
    return Problem(shown, line, col, code, message, HINTS.get(code, ""))


def _describe(error: jsonschema.ValidationError, field: str) -> tuple[str, str]:
    """Pick a code and an 'expected ..., found ...' message for a schema violation."""
    kind, found = error.validator, error.instance
    if kind == "required":
        missing = str(error.message).split("'")[1]
        return "S101", f"missing required field '{missing}'"
    if kind == "additionalProperties":
        return "S102", f"unknown field '{', '.join(_unexpected_keys(error))}'"
    if kind == "type":
        return "S103", f"'{field}' expected {error.validator_value}, found {_show(found)}"
    if kind == "enum":
        allowed = ", ".join(error.validator_value)
        return "S104", f"'{field}' expected one of [{allowed}], found {_show(found)}"
    if kind == "pattern" and field == "date":
        return "S105", f"'date' expected YYYY, YYYY-MM or YYYY-MM-DD, found {_show(found)}"
    if kind == "pattern" and field == "url":
        return "S106", f"'url' expected an http(s) address, found {_show(found)}"
    if kind == "minItems":
        return "S107", f"'{field}' expected at least {error.validator_value} item(s), found none"
    if kind == "anyOf":
        return "S108", "source expected a 'url' or an 'outlet', found neither"
    if kind == "uniqueItems":
        return "S109", f"'{field}' expected unique items, found a repeated one"
    if kind == "minLength":
        return "S103", f"'{field}' expected text, found an empty string"
    return "S104", f"'{field}': {error.message}"


def _unexpected_keys(error: jsonschema.ValidationError) -> list[str]:
    allowed = set(error.schema.get("properties", {}))
    return sorted(k for k in error.instance if k not in allowed)


def _show(value: Any) -> str:
    if isinstance(value, str):
        return repr(value) if value else "an empty string"
    if value is None:
        return "nothing"
    return f"{type(value).__name__} {value!r}"


def file_name_problems(document: YamlDocument, root: Path | None = None) -> list[Problem]:
    """The file name must be the slug: quotes/<slug>.yaml."""
    data = document.data
    slug = data.get("slug") if isinstance(data, dict) else None
    if not isinstance(slug, str) or slug == document.path.stem:
        return []
    line, col = document.position(("slug",))
    return [Problem(display_path(document.path, root), line, col, "F001",
                    f"file name expected to match slug '{slug}', found '{document.path.name}'",
                    HINTS["F001"])]


def cross_file_problems(loaded: LoadedArchive, root: Path | None,
                        today: dt.date) -> list[Problem]:
    """Rules no single-file schema can check: unique ids and names, known topics, dates."""
    return [
        *_duplicate_ids(loaded, root),
        *_unknown_topics(loaded, root),
        *_duplicate_names(loaded, root),
        *_future_dates(loaded, root, today),
        *_dangling_references(loaded, root),
        *_duplicate_topics(loaded, root),
    ]


def _quote_items(loaded: LoadedArchive) -> Iterable[tuple[YamlDocument, int, dict[str, Any]]]:
    """Every quote mapping in every speaker document, with its index."""
    for key, document in sorted(loaded.documents.items()):
        data = document.data
        if key == TOPICS_FILE or not isinstance(data, dict):
            continue
        quotes = data.get("quotes")
        for index, item in enumerate(quotes if isinstance(quotes, list) else []):
            if isinstance(item, dict):
                yield document, index, item


def _problem_at(document: YamlDocument, path: YamlPath, root: Path | None, code: str,
                message: str, severity: str = "error") -> Problem:
    line, col = document.position(path)
    return Problem(display_path(document.path, root), line, col, code, message, HINTS[code],
                   severity)


def _duplicate_ids(loaded: LoadedArchive, root: Path | None) -> list[Problem]:
    """Every live id and every merged id is used once across the archive."""
    seen: dict[str, str] = {}
    problems = []
    for document, index, item in _quote_items(loaded):
        merged = item.get("merged_ids")
        claimed = [("id", item.get("id"))]
        claimed += [(("merged_ids", i), m) for i, m in enumerate(merged if isinstance(merged, list) else [])]
        for field, quote_id in claimed:
            if not isinstance(quote_id, str):
                continue
            path = ("quotes", index, *(field if isinstance(field, tuple) else (field,)))
            here = f"{display_path(document.path, root)}:{document.position(path)[0]}"
            if quote_id in seen:
                problems.append(_problem_at(document, path, root, "X001",
                                            f"id '{quote_id}' expected to be unique, "
                                            f"already used at {seen[quote_id]}"))
            else:
                seen[quote_id] = here
    return problems


def _unknown_topics(loaded: LoadedArchive, root: Path | None) -> list[Problem]:
    known = {t.slug for t in loaded.archive.topics}
    problems = []
    for document, index, item in _quote_items(loaded):
        topics = item.get("topics")
        for t_index, topic in enumerate(topics if isinstance(topics, list) else []):
            if isinstance(topic, str) and topic not in known:
                problems.append(_problem_at(document, ("quotes", index, "topics", t_index), root,
                                            "X002", f"topic expected to be one of quotes/"
                                            f"{TOPICS_FILE}, found unknown topic '{topic}'"))
    return problems


def _duplicate_names(loaded: LoadedArchive, root: Path | None) -> list[Problem]:
    """A name or alias identifies one speaker file only."""
    owners: dict[str, list[tuple[YamlDocument, YamlPath]]] = defaultdict(list)
    for key, document in sorted(loaded.documents.items()):
        data = document.data
        if key == TOPICS_FILE or not isinstance(data, dict):
            continue
        names: list[tuple[YamlPath, Any]] = [(("name",), data.get("name"))]
        aliases = data.get("aliases")
        names += [(("aliases", i), a) for i, a in enumerate(aliases if isinstance(aliases, list) else [])]
        for path, name in names:
            if isinstance(name, str):
                owners[name.casefold().strip()].append((document, path))
    problems = []
    for name, places in sorted(owners.items()):
        files = {doc.path for doc, _ in places}
        if len(files) < 2:
            continue
        first = places[0][0]
        for document, path in places[1:]:
            if document.path != first.path:
                problems.append(_problem_at(document, path, root, "X003",
                                            f"name '{name}' expected in one speaker file, "
                                            f"also in {display_path(first.path, root)}"))
    return problems


def _future_dates(loaded: LoadedArchive, root: Path | None, today: dt.date) -> list[Problem]:
    problems = []
    for document, index, item in _quote_items(loaded):
        dated: list[tuple[YamlPath, Any]] = [(("quotes", index, "date"), item.get("date"))]
        sources = item.get("sources")
        dated += [(("quotes", index, "sources", i, "date"), s.get("date"))
                  for i, s in enumerate(sources if isinstance(sources, list) else [])
                  if isinstance(s, dict)]
        for path, value in dated:
            if isinstance(value, str) and is_future(value, today):
                problems.append(_problem_at(document, path, root, "X004",
                                            f"date expected on or before {today.isoformat()}, "
                                            f"found {value}"))
    return problems


def is_future(date: str, today: dt.date) -> bool:
    """Whether a partial date (YYYY, YYYY-MM, YYYY-MM-DD) starts after today."""
    return date[: len(date)] > today.isoformat()[: len(date)]


def _dangling_references(loaded: LoadedArchive, root: Path | None) -> list[Problem]:
    live = {q.id for s in loaded.archive.speakers for q in s.quotes}
    problems = []
    for document, index, item in _quote_items(loaded):
        target = item.get("part_of")
        if isinstance(target, str) and target not in live:
            problems.append(_problem_at(document, ("quotes", index, "part_of"), root, "X005",
                                        f"part_of expected an existing quote id, found '{target}'"))
    return problems


def _duplicate_topics(loaded: LoadedArchive, root: Path | None) -> list[Problem]:
    document = loaded.documents.get(TOPICS_FILE)
    if document is None or not isinstance(document.data, dict):
        return []
    seen: set[str] = set()
    problems = []
    topics = document.data.get("topics")
    for index, item in enumerate(topics if isinstance(topics, list) else []):
        slug = item.get("slug") if isinstance(item, dict) else None
        if isinstance(slug, str) and slug in seen:
            problems.append(_problem_at(document, ("topics", index, "slug"), root, "X006",
                                        f"topic slug expected to be unique, found '{slug}' again"))
        seen.add(slug) if isinstance(slug, str) else None
    return problems
