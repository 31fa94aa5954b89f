"""The documented code table: docs/error-codes.md shows exactly what the code reports."""

from __future__ import annotations

import re
from pathlib import Path

from generator.codes import CODES, hint_for, markdown_table

PROJECT = Path(__file__).parent.parent
REFERENCE = PROJECT / "docs" / "error-codes.md"


def test_the_reference_page_shows_the_code_table_verbatim() -> None:
    assert markdown_table() in REFERENCE.read_text(encoding="utf-8")


def test_contributing_links_the_reference_page_instead_of_copying_the_table() -> None:
    contributing = (PROJECT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert "(docs/error-codes.md)" in contributing
    assert "| Code | Meaning | How to fix |" not in contributing


def test_every_code_has_a_meaning_and_a_one_line_hint() -> None:
    for code, entry in CODES.items():
        assert re.fullmatch(r"[YFSXADWR]\d{3}", code)
        assert entry.meaning and entry.hint and "\n" not in entry.hint
        assert entry.severity == ("warning" if code[0] in "DW" else "error")


def test_codes_used_in_the_code_are_all_documented() -> None:
    generator = Path(__file__).parent.parent / "generator"
    used = set()
    for path in generator.rglob("*.py"):
        used |= set(re.findall(r'"([YFSXADWR]\d{3})"', path.read_text(encoding="utf-8")))
    assert used <= set(CODES)
    assert hint_for("S101") == CODES["S101"].hint
    assert hint_for("Z999") == ""
