"""Problem messages: one line each, every contributor value escaped and cut, annotations
escaped the way @actions/toolkit escapes workflow commands."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.errors import (
    MESSAGE_LIMIT,
    BuildError,
    Problem,
    clip,
    escape_data,
    escape_property,
    printable,
    shown,
)

DATA = Path(__file__).parent / "data"
FORGED = "x\n::error file=README.md,line=1::Approved"
"""A value that, printed raw, puts a workflow command of its own on a CI log line."""
OUR_ANNOTATION = re.compile(
    r"::(error|warning) file=[^,:\n]*,line=\d+,col=\d+,title=[A-Z]\d{3}::[^\n\x1b]*"
)


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("a\nb", "a\\nb"),
        ("a\rb", "a\\rb"),
        ("a\tb", "a\\tb"),
        ("\x1b]0;pwned\x07", "\\x1b]0;pwned\\x07"),
        ("del\x7f", "del\\x7f"),
        ("c1\x9b31m", "c1\\x9b31m"),
        ("\u202etxt.exe", "\\u202etxt.exe"),
        ("line\u2028sep", "line\\u2028sep"),
        ("Zoë “quoted” — plain", "Zoë “quoted” — plain"),
    ],
)
def test_printable_shows_control_characters_escaped(raw: str, escaped: str) -> None:
    assert printable(raw) == escaped


def test_printable_can_keep_line_breaks() -> None:
    assert printable("a\n\x1bb", keep="\n") == "a\n\\x1bb"


def test_clip_cuts_a_long_value_and_says_how_long_it_was() -> None:
    assert clip("short") == "short"
    cut = clip("x" * 50_000_000)
    assert cut == "x" * 200 + "\u2026 (50,000,000 characters)"


def test_shown_quotes_escapes_and_cuts_a_value() -> None:
    assert shown("a\nb") == "'a\\nb'"
    assert len(shown("y" * 10_000)) < 250


def test_toolkit_escaping_of_data_and_properties() -> None:
    assert escape_data("50%\r\n:,") == "50%25%0D%0A:,"
    assert escape_property("50%\r\n:,") == "50%25%0D%0A%3A%2C"


def test_a_problem_is_one_line_whatever_its_path_and_message_hold() -> None:
    problem = Problem(f"quotes/{FORGED}.yaml", 1, 1, "F007", f"found '{FORGED}\x1b[2J'", "h\nint")
    lines = problem.lines()
    assert len(lines) == 2
    assert all("\n" not in line and "\x1b" not in line for line in lines)
    assert lines[0] == (
        "quotes/x\\n::error file=README.md,line=1::Approved.yaml:1:1: F007 found "
        "'x\\n::error file=README.md,line=1::Approved\\x1b[2J'"
    )
    assert lines[1] == "    hint: h\\nint"


def test_a_fifty_megabyte_message_is_cut() -> None:
    problem = Problem("quotes/a.yaml", 1, 1, "S102", "unknown field '" + "k" * 50_000_000 + "'")
    assert len(problem.format()) < MESSAGE_LIMIT + 100
    assert len(problem.annotation()) < 2 * MESSAGE_LIMIT


def test_annotation_escapes_properties_and_shows_control_characters() -> None:
    problem = Problem("quotes/a,b:c%\n.yaml", 2, 3, "S102", f"{FORGED}\x1b[31m", "fix: it")
    assert problem.annotation() == (
        "::error file=quotes/a%2Cb%3Ac%25\\n.yaml,line=2,col=3,title=S102::"
        "x%0A::error file=README.md,line=1::Approved\\x1b[31m%0Ahint: fix: it"
    )


def test_error_messages_of_the_tool_are_shown_escaped() -> None:
    error = BuildError(f"the hand-written pages have {FORGED}\x1b[2J")
    assert "\x1b" not in error.format_message()
    assert error.format_message().count("\n") == 1  # a message may span lines, a value not


@pytest.fixture
def hostile_archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The test archive plus a file whose keys, name and slug forge workflow commands and
    terminal escapes, and a file whose very name does."""
    quotes = tmp_path / "quotes"
    shutil.copytree(DATA / "archive", quotes)
    (quotes / "forger.yaml").write_text(
        'slug: "forger\\n::warning::Forged"\n'
        'name: "\\e]0;pwned\\a\\e[2J"\n'
        "kind: person\n"
        '"bad\\n::error file=README.md,line=1::Approved": 1\n'
        "quotes: []\n",
        encoding="utf-8",
    )
    (quotes / f"{FORGED}.yaml").write_text("slug: x\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return quotes


def test_check_output_holds_no_forged_command_and_no_escape(
    hostile_archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = CliRunner().invoke(main, ["check", "--today", "2025-11-01"])
    assert result.exit_code == 1
    output = result.stdout + result.stderr
    assert "\x1b" not in output and "\x07" not in output
    commands = [line for line in output.splitlines() if line.startswith("::")]
    assert commands and all(OUR_ANNOTATION.fullmatch(line) for line in commands), commands
    files = [re.match(r"::\w+ file=([^,]*),", line).group(1) for line in commands]  # type: ignore[union-attr]
    assert all(file.startswith("quotes/") for file in files), files
    assert "quotes/x\\n::error file=README.md,line=1::Approved.yaml:1:1: F007" in output
    assert "quotes/forger.yaml:1:7: F007 slug expected in printable characters" in output
    assert "S102 unknown field 'bad\\n::error file=README.md,line=1::Approved'" in output
