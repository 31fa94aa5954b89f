"""The job summary: contributor text shown as text, one value never the whole summary."""

from __future__ import annotations

from generator.errors import Problem
from generator.jobsummary import problems_table


def test_a_problem_row_shows_control_characters_escaped_and_cuts_a_long_value() -> None:
    message = "unknown field '" + "k" * 5_000_000 + "\x1b[2J'"
    table = problems_table("check", [Problem("quotes/a\x1b.yaml", 1, 1, "S102", message)])
    assert "\x1b" not in table
    assert "quotes/a\\\\x1b.yaml" in table  # a backslash escaped again for Markdown
    assert len(table) < 2_500 and "(5,000,020 characters)" in table
