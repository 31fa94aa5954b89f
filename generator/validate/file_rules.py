"""Rules on one file beyond its schema: the file name matches the slug, dates exist."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.errors import Problem
from generator.slugs import RESERVED_SLUGS
from generator.store import YamlDocument
from generator.validate.patterns import DAY_PATTERN
from generator.validate.walk import _dates, _problem_at


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
        _problem_at(document, path, root, "F005", f"slug expected to name a page, found '{slug}'")
        for path, slug in places
        if isinstance(slug, str) and slug in RESERVED_SLUGS
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
