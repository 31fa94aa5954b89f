"""Walking loaded documents for the rules beyond the schema, and pointing problems at paths.

The rules run on documents the schema may have rejected, so every walk here skips values of
the wrong shape instead of failing on them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from generator.codes import CODES, hint_for
from generator.errors import Problem, display_path
from generator.store import TOPICS_FILE, LoadedArchive, YamlDocument, YamlPath


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


def _dates(document: YamlDocument) -> Iterator[tuple[YamlPath, Any]]:
    """Every quote date and source date in a speaker document, with its path."""
    for base, item in _quotes_of(document):
        yield (*base, "date"), item.get("date")
        for index, source in enumerate(_as_list(item.get("sources"))):
            if isinstance(source, dict):
                yield (*base, "sources", index, "date"), source.get("date")
