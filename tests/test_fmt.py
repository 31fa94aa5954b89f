"""The `fmt` command: canonical, idempotent, lossless, and never touching a broken file."""

from __future__ import annotations

import datetime as dt
import random
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.fmt import format_archive
from generator.store import load_archive

DATA = Path(__file__).parent / "data"

LONG = (
    "newer words that go on for quite a while, long enough that the canonical form has to "
    "wrap them onto a second line"
)
MESSY = f"""slug: ann-example
kind: person
name: Ann Example
quotes:
- text: "older words"
  id: aaaaaa22
  status: attributed
  date: 2024
  sources:
  - {{outlet: Gazette, url: 'https://gazette.example/1'}}
- id: bbbbbb33
  status: attributed
  text: '{LONG}'
  date: 2025-03-04
  topics: [budget]
  sources:
  - outlet: Gazette
"""


def _other_speaker() -> str:
    """MESSY for another speaker, with ids of its own."""
    text = MESSY.replace("ann-example", "bob-example").replace("Ann", "Bob")
    return text.replace("aaaaaa22", "cccccc44").replace("bbbbbb33", "dddddd55")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(DATA / "archive", tmp_path / "quotes")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _fmt(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["fmt", *args])


def test_fmt_leaves_a_canonical_archive_alone(project: Path) -> None:
    result = _fmt("--check")
    assert result.exit_code == 0, result.output
    assert result.stdout == "ok: 6 file(s) canonical\n"


def test_fmt_rewrites_a_messy_file_in_canonical_form(project: Path) -> None:
    (project / "quotes" / "ann-example.yaml").write_text(MESSY, encoding="utf-8")
    result = _fmt()
    assert result.exit_code == 0, result.output
    assert result.stdout == "formatted 1 file(s), 6 unchanged\n"
    assert (project / "quotes" / "ann-example.yaml").read_text(encoding="utf-8") == (
        "# yaml-language-server: $schema=../schema/speaker.schema.json\n"
        "slug: ann-example\n"
        "name: Ann Example\n"
        "kind: person\n"
        "quotes:\n"
        "  - id: bbbbbb33\n"
        "    text: newer words that go on for quite a while, long enough that the canonical form"
        " has to wrap\n"
        "      them onto a second line\n"
        "    date: 2025-03-04\n"
        "    status: attributed\n"
        "    topics:\n"
        "      - budget\n"
        "    sources:\n"
        "      - outlet: Gazette\n"
        "  - id: aaaaaa22\n"
        "    text: older words\n"
        "    date: '2024'\n"
        "    status: attributed\n"
        "    sources:\n"
        "      - outlet: Gazette\n"
        "        url: https://gazette.example/1\n"
    )


def test_fmt_twice_changes_nothing_the_second_time(project: Path) -> None:
    (project / "quotes" / "ann-example.yaml").write_text(MESSY, encoding="utf-8")
    _fmt()
    first = (project / "quotes" / "ann-example.yaml").read_text(encoding="utf-8")
    result = _fmt()
    assert result.stdout == "formatted 0 file(s), 7 unchanged\n"
    assert (project / "quotes" / "ann-example.yaml").read_text(encoding="utf-8") == first


def test_fmt_keeps_every_value(project: Path) -> None:
    path = project / "quotes" / "ann-example.yaml"
    path.write_text(MESSY, encoding="utf-8")
    before = _values(project)
    assert _fmt().exit_code == 0
    assert path.read_text(encoding="utf-8") != MESSY
    assert _values(project) == before


def _values(project: Path) -> dict[str, object]:
    """Every speaker's fields and quotes, by slug and id: what fmt must keep, order aside."""
    speakers = load_archive(project / "quotes").archive.speakers
    return {s.slug: (replace(s, quotes=()), {q.id: q for q in s.quotes}) for s in speakers}


def test_fmt_check_prints_a_diff_and_exits_1_without_writing(project: Path) -> None:
    path = project / "quotes" / "tomas-reed.yaml"
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace("  - Reed\n", "    - Reed\n"), encoding="utf-8")
    result = _fmt("--check")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "--- a/quotes/tomas-reed.yaml",
        "+++ b/quotes/tomas-reed.yaml",
        "@@ -4,7 +4,7 @@",
        " kind: person",
        " description: Spokesperson for the Velmora Ministry of Transport",
        " aliases:",
        "-    - Reed",
        "+  - Reed",
        " quotes:",
        "   - id: r4n8s2ud",
        "     text: The minister was talking about trams, not about the ferry",
    ]
    assert result.stderr == (
        "1 of 6 file(s) not canonical; run `python -m generator fmt` to fix them\n"
    )
    assert path.read_text(encoding="utf-8") != original


def test_fmt_never_rewrites_a_file_with_errors(project: Path) -> None:
    path = project / "quotes" / "ann-example.yaml"
    broken = MESSY.replace("topics: [budget]", "topics: [weather]")
    path.write_text(broken, encoding="utf-8")
    result = _fmt()
    assert result.exit_code == 1
    assert path.read_text(encoding="utf-8") == broken
    assert result.stderr.splitlines()[0] == (
        "quotes/ann-example.yaml:15:12: X002 topic expected to be listed in quotes/topics.yaml, "
        "found 'weather'; did you mean 'water'?"
    )
    assert result.stderr.splitlines()[-1] == (
        "formatted 0 file(s), 6 unchanged; 1 file(s) with errors left as they are"
    )


def test_fmt_reports_malformed_yaml_and_formats_the_rest(project: Path) -> None:
    (project / "quotes" / "ann-example.yaml").write_text("slug: [\n", encoding="utf-8")
    messy = project / "quotes" / "bob-example.yaml"
    messy.write_text(_other_speaker())
    result = _fmt()
    assert result.exit_code == 1
    assert result.stderr.startswith("quotes/ann-example.yaml:2:1: Y002 invalid YAML")
    assert messy.read_text(encoding="utf-8").startswith("# yaml-language-server")


def test_fmt_gives_quotes_without_an_id_a_fresh_one(project: Path) -> None:
    path = project / "quotes" / "ann-example.yaml"
    path.write_text(MESSY.replace("  id: aaaaaa22\n", ""), encoding="utf-8")
    report = format_archive(project / "quotes", [path], rng=random.Random(1))
    assert report.problems == ()
    quotes = next(
        s for s in load_archive(project / "quotes").archive.speakers if s.slug == "ann-example"
    ).quotes
    new_id = quotes[1].id
    assert len(new_id) == 8
    assert new_id not in {"aaaaaa22", "bbbbbb33"}


def test_fmt_formats_only_the_paths_given(project: Path) -> None:
    (project / "quotes" / "ann-example.yaml").write_text(MESSY, encoding="utf-8")
    bob = project / "quotes" / "bob-example.yaml"
    bob.write_text(_other_speaker())
    result = _fmt("quotes/ann-example.yaml")
    assert result.stdout == "formatted 1 file(s), 0 unchanged\n"
    assert bob.read_text(encoding="utf-8").startswith("slug: bob-example")


def test_fmt_refuses_a_path_outside_the_archive(project: Path) -> None:
    (project / "notes.yaml").write_text("a: 1\n", encoding="utf-8")
    result = _fmt("notes.yaml")
    assert result.exit_code == 1
    assert "notes.yaml is not a .yaml file of the archive in quotes" in result.output


def test_fmt_puts_the_topics_in_order(project: Path) -> None:
    topics = project / "quotes" / "topics.yaml"
    topics.write_text("topics:\n  - slug: zebra\n    title: Z\n  - slug: budget\n    title: B\n")
    _fmt("quotes/topics.yaml")
    assert topics.read_text().splitlines()[1:] == [
        "topics:",
        "  - slug: budget",
        "    title: B",
        "  - slug: zebra",
        "    title: Z",
    ]


# -- nothing lost or changed silently -------------------------------------------------------

COMMENTED = """# yaml-language-server: $schema=../schema/speaker.schema.json
# Checked against the council minutes of 3 March.
slug: ann-example
kind: person
name: Ann Example
quotes:
- text: older words
  id: aaaaaa22
  status: attributed  # no recording
  date: '2024'
  sources:
  - {outlet: Gazette, url: 'https://gazette.example/1'}
# The newer one is on the council's video.
- id: bbbbbb33
  status: attributed
  text: 'the words # with a hash'
  date: 2025-03-04
  topics:
  - budget
  context: |
    # a line of the context, not a comment
    and more
  sources:
  - outlet: Gazette
"""


def test_fmt_keeps_comments_above_the_entry_they_were_next_to(project: Path) -> None:
    path = project / "quotes" / "ann-example.yaml"
    path.write_text(COMMENTED, encoding="utf-8")
    assert _fmt().exit_code == 0
    assert path.read_text(encoding="utf-8") == (
        "# yaml-language-server: $schema=../schema/speaker.schema.json\n"
        "# Checked against the council minutes of 3 March.\n"
        "slug: ann-example\n"
        "name: Ann Example\n"
        "kind: person\n"
        "quotes:\n"
        "  # The newer one is on the council's video.\n"
        "  - id: bbbbbb33\n"
        "    text: 'the words # with a hash'\n"
        "    date: 2025-03-04\n"
        "    status: attributed\n"
        "    topics:\n"
        "      - budget\n"
        "    context: |-\n"
        "      # a line of the context, not a comment\n"
        "      and more\n"
        "    sources:\n"
        "      - outlet: Gazette\n"
        "  - id: aaaaaa22\n"
        "    text: older words\n"
        "    date: '2024'\n"
        "    # no recording\n"
        "    status: attributed\n"
        "    sources:\n"
        "      - outlet: Gazette\n"
        "        url: https://gazette.example/1\n"
    )
    assert _fmt("--check").exit_code == 0  # and the result is canonical, comments and all


def test_fmt_keeps_the_comment_of_a_new_quote_with_the_id_it_gives(project: Path) -> None:
    path = project / "quotes" / "ann-example.yaml"
    path.write_text(MESSY.replace("  id: aaaaaa22\n", "  # heard on the radio\n"))
    assert _fmt().exit_code == 0
    lines = path.read_text(encoding="utf-8").splitlines()
    index = lines.index("    # heard on the radio")
    assert lines[index + 1] == "    status: attributed"
    assert lines[index - 4 : index] == [
        lines[index - 4],
        "    text: older words",
        "    date: '2024'",
        f"    added: {dt.date.today().isoformat()}",  # a quote without an id is new
    ]
    assert lines[index - 4].startswith("  - id: ") and "aaaaaa22" not in lines[index - 4]


def test_fmt_refuses_to_write_text_cut_short_by_a_comment(project: Path) -> None:
    path = project / "quotes" / "ann-example.yaml"
    cut = MESSY.replace('- text: "older words"', "- text: We are #1 in the world")
    path.write_text(cut, encoding="utf-8")
    result = _fmt()
    assert result.exit_code == 1
    assert path.read_text(encoding="utf-8") == cut
    assert result.stderr.splitlines()[0] == (
        "quotes/ann-example.yaml:5:16: Y006 'text' expected text, found a comment after it: "
        "YAML ends plain text at ' #', so the words from # on are left out"
    )


def test_fmt_removes_quote_marks_around_a_quote_and_says_so(project: Path) -> None:
    path = project / "quotes" / "ann-example.yaml"
    path.write_text(MESSY.replace('"older words"', "“older words”"), encoding="utf-8")
    result = _fmt()
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == (
        "quotes/ann-example.yaml:5:9: removed the quote marks around 'text'"
    )
    assert "    text: older words\n" in path.read_text(encoding="utf-8")


def test_fmt_check_finds_windows_line_ends_and_fmt_writes_unix_ones(project: Path) -> None:
    path = project / "quotes" / "tomas-reed.yaml"
    canonical = path.read_bytes()
    path.write_bytes(canonical.replace(b"\n", b"\r\n"))
    result = _fmt("--check")
    assert result.exit_code == 1
    assert "1 of 6 file(s) not canonical" in result.stderr
    assert (
        "quotes/tomas-reed.yaml:1:62: wrote Unix line ends (LF) for Windows ones (CRLF) "
        "(not written: --check)" in result.stderr
    )
    assert _fmt().exit_code == 0
    assert path.read_bytes() == canonical


def test_fmt_check_annotates_each_changed_stretch_in_github_actions(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    summary = project / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    path = project / "quotes" / "tomas-reed.yaml"
    path.write_text(path.read_text().replace("  - Reed\n", "    - Reed\n"), encoding="utf-8")
    result = _fmt("--check", "--exit-zero")
    assert result.exit_code == 0
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert annotations == [
        "::notice file=quotes/tomas-reed.yaml,line=7,col=1,title=fmt::"
        "fmt writes lines 7-7 as:%0A  - Reed"
    ]
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("### fmt --check: 1 of 6 file(s) not canonical")
    assert "-    - Reed\n+  - Reed\n" in text
