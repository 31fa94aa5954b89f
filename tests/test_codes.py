"""The documented code table: CONTRIBUTING.md shows exactly what the code reports."""

from __future__ import annotations

import re
from pathlib import Path

from generator.codes import CODES, hint_for, markdown_table

CONTRIBUTING = Path(__file__).parent.parent / "CONTRIBUTING.md"


def test_contributing_shows_the_code_table_verbatim() -> None:
    assert markdown_table() in CONTRIBUTING.read_text(encoding="utf-8")


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
