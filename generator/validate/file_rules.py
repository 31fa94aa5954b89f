"""Rules on one file beyond its schema: the file name matches the slug, dates exist, quotes
are stored without the quote marks around them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.errors import CONTROL_CHARACTERS, Problem, shown
from generator.slugs import RESERVED_SLUGS
from generator.store import YamlDocument
from generator.validate.patterns import DAY_PATTERN
from generator.validate.walk import _dates, _problem_at, _quotes_of, _strings_at


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
            f"file name expected to match slug {shown(slug)}, found {shown(document.path.name)}",
        )
    ]


def slug_character_problems(document: YamlDocument, root: Path | None = None) -> list[Problem]:
    """A slug names a file and a page: a control character in it (a line break, ESC) is a
    problem of its own, whatever else is wrong with it (F007)."""
    return [
        _problem_at(
            document,
            path,
            root,
            "F007",
            f"slug expected in printable characters, found {shown(slug)}",
        )
        for path, slug in _slugs(document)
        if CONTROL_CHARACTERS.search(slug)
    ]


def _slugs(document: YamlDocument) -> list[tuple[tuple[str | int, ...], str]]:
    """Every slug a speaker or topics file holds: its own, former ones, its topics'."""
    data = document.data if isinstance(document.data, dict) else {}
    places: list[tuple[tuple[str | int, ...], object]] = [(("slug",), data.get("slug"))]
    former = data.get("former_slugs")
    if isinstance(former, list):
        places += [(("former_slugs", i), item) for i, item in enumerate(former)]
    topics = data.get("topics") if "quotes" not in data else None
    if isinstance(topics, list):
        places += [
            (("topics", i, "slug"), item.get("slug"))
            for i, item in enumerate(topics)
            if isinstance(item, dict)
        ]
    return [(path, slug) for path, slug in places if isinstance(slug, str)]


def reserved_slug_problems(document: YamlDocument, root: Path | None = None) -> list[Problem]:
    """A speaker or topic slug may not take the name of an index page."""
    data = document.data if isinstance(document.data, dict) else {}
    places: list[tuple[tuple[str | int, ...], object]] = [(("slug",), data.get("slug"))]
    topics = data.get("topics") if "quotes" not in data else None
    if isinstance(topics, list):
        places += [
            (("topics", i, "slug"), item.get("slug"))
            for i, item in enumerate(topics)
            if isinstance(item, dict)
        ]
    return [
        _problem_at(
            document, path, root, "F005", f"slug expected to name a page, found {shown(slug)}"
        )
        for path, slug in places
        if isinstance(slug, str) and slug in RESERVED_SLUGS
    ]


def calendar_date_problems(document: YamlDocument, root: Path | None = None) -> list[Problem]:
    """Dates the schema's pattern lets through but no calendar has, like 2025-02-30."""
    return [
        _problem_at(
            document, path, root, "S105", f"'date' expected a day that exists, found {shown(value)}"
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


QUOTE_MARKS = {
    '"': '"',
    "'": "'",
    "\u201c": "\u201d",  # “English”
    "\u201e": "\u201c",  # „German“
    "\u201d": "\u201d",  # ”Swedish”
    "\u2018": "\u2019",  # ‘single’
    "\u201a": "\u2018",  # ‚German single‘
    "\u00ab": "\u00bb",  # «French»
    "\u00bb": "\u00ab",  # »German«
    "\u2039": "\u203a",  # ‹single›
    "\u300c": "\u300d",  # 「Japanese」
    "\u300e": "\u300f",  # 『Japanese』
}
"""Opening quote marks and the mark that closes each, in the languages quotes come in."""


def quote_mark_problems(document: YamlDocument, root: Path | None = None) -> list[Problem]:
    """A quote's text (or a variant) wrapped in quote marks: the archive stores the words, the
    site adds the marks, so `“We are ready”` would be shown with two pairs."""
    places = []
    for base, item in _quotes_of(document):
        text = item.get("text")
        if isinstance(text, str):
            places.append(((*base, "text"), text))
        places += list(_strings_at(item, base, "variants"))
    return [
        _problem_at(
            document,
            path,
            root,
            "S112",
            f"'{path[-1] if isinstance(path[-1], str) else 'variants'}' expected the words "
            f"without quote marks, found {value.strip()[:1]}...{value.strip()[-1:]} around them",
        )
        for path, value in places
        if unquoted(value) != value.strip()
    ]


def unquoted(text: str) -> str:
    """The text without a pair of quote marks around the whole of it (and the spaces outside
    them); text that merely starts or ends with a quotation (`"No," he said`) is kept."""
    stripped = text.strip()
    closing = QUOTE_MARKS.get(stripped[:1])
    if closing is None or len(stripped) < 3 or stripped[-1] != closing:
        return stripped
    inner = stripped[1:-1]
    if closing in inner or stripped[0] in inner:
        return stripped  # “We are” and “ready”: two quotations, not one wrapped
    return inner.strip()
