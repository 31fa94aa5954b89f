"""Validation of the archive: the JSON Schema per file, then rules that span files.

Every check returns `Problem`s; nothing here raises on bad data, so one run reports every
problem. Codes, meanings and hints live in `generator.codes` (documented in docs/error-codes.md).
Problems about a value point at the value (`date: 2025-13` points at `2025-13`); problems
about a key (an unknown field, a duplicate key) point at the key.

This module owns the recipe (`validate_archive`) and re-exports the public API of the
package: `schema` (a file against its JSON Schema), `fastcheck` (the compiled yes/no check),
`wording` (how a schema violation is told), `file_rules` (one file beyond its schema) and
`cross_file` (rules that span files).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from pathlib import Path

from generator.codes import CODES
from generator.errors import Problem, display_path
from generator.store import TOPICS_FILE, LoadedArchive, YamlDocument
from generator.validate.cross_file import Place, cross_file_problems, is_future, quote_position
from generator.validate.fastcheck import (
    ANNOTATIONS,
    TYPES,
    Check,
    UnsupportedSchema,
    compile_schema,
)
from generator.validate.file_rules import (
    calendar_date_problems,
    file_name_problems,
    quote_mark_problems,
    reserved_slug_problems,
    slug_character_problems,
    unquoted,
)
from generator.validate.patterns import DATE_PATTERN, DAY_PATTERN, ID_PATTERN, SLUG_PATTERN
from generator.validate.schema import SCHEMA_DIR, load_schema, schema_problems

__all__ = [
    "ANNOTATIONS",
    "DATE_PATTERN",
    "DAY_PATTERN",
    "HINTS",
    "ID_PATTERN",
    "SCHEMA_DIR",
    "SLUG_PATTERN",
    "TYPES",
    "Check",
    "Place",
    "UnsupportedSchema",
    "calendar_date_problems",
    "compile_schema",
    "cross_file_problems",
    "file_name_problems",
    "file_problems",
    "is_future",
    "load_schema",
    "passes_file_rules",
    "quote_mark_problems",
    "quote_position",
    "schema_problems",
    "unquoted",
    "validate_archive",
]

HINTS = {code: entry.hint for code, entry in CODES.items()}
"""Fix hint of every code; kept for callers written before `generator.codes`."""


def validate_archive(
    loaded: LoadedArchive,
    root: Path | None = None,
    today: dt.date | None = None,
    only: Collection[Path] | None = None,
) -> list[Problem]:
    """Return every problem in the archive: reading, schema, file names, cross-file rules.

    With `only`, per-file rules run on those files alone and every other problem is kept
    only when it involves one of them; cross-file rules still see the whole archive.
    Documents from a cache (`loaded.cached`) or checked while read (`loaded.checked`) passed
    the per-file rules already.
    """
    problems = list(loaded.problems)
    for key, document in sorted(loaded.documents.items()):
        if key in loaded.cached or key in loaded.checked:
            continue
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


def passes_file_rules(key: str, document: YamlDocument) -> bool:
    """Whether `file_problems` finds nothing in a document: what `load_plain_archive` asks
    while it reads, in its worker processes."""
    return not file_problems(key, document)


def file_problems(key: str, document: YamlDocument, root: Path | None = None) -> list[Problem]:
    """Rules that need one file only: its schema, its name, its calendar dates."""
    if key == TOPICS_FILE:
        return [
            *schema_problems(document, load_schema("topics.schema.json"), root),
            *reserved_slug_problems(document, root),
            *slug_character_problems(document, root),
        ]
    return [
        *schema_problems(document, load_schema("speaker.schema.json"), root),
        *file_name_problems(document, root),
        *reserved_slug_problems(document, root),
        *slug_character_problems(document, root),
        *calendar_date_problems(document, root),
        *quote_mark_problems(document, root),
    ]
