"""The `add` command: speaker lookup, id assignment, validation before writing, prompts."""

from __future__ import annotations

import datetime as dt
import random
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import cli
from generator.add import NewQuote, add_quote, find_speaker, strip_quote_marks
from generator.cli import main
from generator.errors import GeneratorError
from generator.store import load_archive

DATA = Path(__file__).parent / "data"
FULL = ["--text", "We will talk again", "--url", "https://news.example/a", "--outlet", "News"]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(DATA / "archive", tmp_path / "quotes")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(cli, "_stdin_is_interactive", lambda: False)
    return tmp_path


def _add(*args: str, stdin: str | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["add", *args], input=stdin)


def _speaker(project: Path, slug: str):  # type: ignore[no-untyped-def]
    return next(s for s in load_archive(project / "quotes").archive.speakers if s.slug == slug)


def test_add_to_a_speaker_found_by_alias_prints_one_line(project: Path) -> None:
    result = _add("--speaker", "reed", *FULL, "--date", "2025-10-27", "--topic", "budget")
    assert result.exit_code == 0, result.output
    [line] = result.stdout.splitlines()
    quote_id = line.split()[1]
    assert line == f"added {quote_id} to quotes/tomas-reed.yaml"
    quote = next(q for q in _speaker(project, "tomas-reed").quotes if q.id == quote_id)
    assert quote.text == "We will talk again"
    assert quote.topics == ("budget",)
    assert quote.sources[0].date == "2025-10-27"


def test_add_creates_a_canonical_file_for_a_new_speaker(project: Path) -> None:
    result = _add(
        "--speaker",
        "Jane Q. Example",
        "--role",
        "Mayor of Testville",
        "--text",
        "Buses are free on Sundays",
        "--outlet",
        "Testville Herald",
        "--said-on",
        "2025-09-01",
        "--kind",
        "person",
    )
    assert result.exit_code == 0, result.output
    quote_id = result.stdout.split()[1]
    assert (project / "quotes" / "jane-q-example.yaml").read_text(encoding="utf-8") == (
        "# yaml-language-server: $schema=../schema/speaker.schema.json\n"
        "slug: jane-q-example\nname: Jane Q. Example\nkind: person\n"
        "description: Mayor of Testville\nquotes:\n"
        f"  - id: {quote_id}\n    text: Buses are free on Sundays\n    date: 2025-09-01\n"
        f"    added: {dt.date.today().isoformat()}\n"  # the day `add` added it, for feeds
        "    status: attributed\n    sources:\n      - outlet: Testville Herald\n"
    )
    assert CliRunner().invoke(main, ["check"]).exit_code == 0
    assert CliRunner().invoke(main, ["fmt", "--check"]).exit_code == 0


def test_add_never_reuses_a_live_or_merged_id(project: Path) -> None:
    archive = load_archive(project / "quotes").archive
    taken = archive.taken_ids()
    assert {"k7m2p9qa", "w8q4t1zb"} <= taken
    added = add_quote(
        project / "quotes", NewQuote("Reed", "x y z", outlet="News"), rng=random.Random(7)
    )
    assert added.quote_id not in taken
    assert len(added.quote_id) == 8


def test_add_reports_problems_and_writes_nothing(project: Path) -> None:
    before = {p.name: p.read_text() for p in (project / "quotes").iterdir()}
    result = _add("--speaker", "Reed", *FULL, "--topic", "weather", "--said-on", "2025-02-30")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith("Error: quotes/tomas-reed.yaml:")
    assert " S105 'date' expected a day that exists, found '2025-02-30'" in lines[0]
    assert any("X002 topic expected to be listed" in line and "'weather'" in line for line in lines)
    assert lines[-1] == "2 problem(s) in the archive; nothing was written"
    assert {p.name: p.read_text() for p in (project / "quotes").iterdir()} == before


def test_add_refuses_a_url_that_is_not_http(project: Path) -> None:
    result = _add("--speaker", "Reed", "--text", "t", "--url", "ftp://x.example/a")
    assert result.exit_code == 1
    assert "S106 'url' expected an http(s) address, found 'ftp://x.example/a'" in result.stderr


def test_add_refuses_to_add_to_an_archive_that_already_has_errors(project: Path) -> None:
    bad = project / "quotes" / "ilse-harrow.yaml"
    bad.write_text(bad.read_text().replace("kind: person", "kind: robot"))
    result = _add("--speaker", "Reed", *FULL)
    assert result.exit_code == 1
    assert "quotes/ilse-harrow.yaml:4:7: S104" in result.stderr


def test_a_reported_form_of_a_known_name_goes_to_that_speaker(project: Path) -> None:
    result = _add("--speaker", "Minister Kovane", *FULL)
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("to quotes/marta-kovane.yaml\n")
    assert not (project / "quotes" / "minister-kovane.yaml").exists()


def _rename(project: Path, slug: str, name: str) -> None:
    """Give a speaker a name its slug does not come from (as a rename without a new slug)."""
    path = project / "quotes" / f"{slug}.yaml"
    text = path.read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if line.startswith("name: "))
    path.write_text(text.replace(old, f"name: {name}", 1), encoding="utf-8")


def test_a_new_name_whose_slug_is_taken_is_refused_with_advice(project: Path) -> None:
    _rename(project, "tomas-reed", "Tom Reedsworth")
    result = _add("--speaker", "Tomas  Reed!", *FULL)
    assert result.exit_code == 1
    assert "'Tomas  Reed!' would get the slug 'tomas-reed'" in result.stderr
    assert "add the quote under the name 'Tom Reedsworth'" in result.stderr


def test_a_new_name_whose_slug_was_merged_away_is_refused(project: Path) -> None:
    _rename(project, "marta-kovane", "Marta Lind")
    path = project / "quotes" / "marta-kovane.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("aliases:\n  - Kovane\n", ""))
    result = _add("--speaker", "Minister Kovane", *FULL)
    assert result.exit_code == 1, result.output
    assert (
        "'Minister Kovane' would get the slug 'minister-kovane', which quotes/marta-kovane.yaml "
        "('Marta Lind') already uses" in result.stderr
    )
    assert not (project / "quotes" / "minister-kovane.yaml").exists()


def test_a_known_name_is_found_whatever_the_kind_says(project: Path) -> None:
    """--kind describes a new speaker; it never hides a known one."""
    person = _add("--speaker", "Tomas Reed", "--kind", "organisation", *FULL)
    assert person.exit_code == 0, person.output
    assert person.stdout.endswith("to quotes/tomas-reed.yaml\n")
    council = _add(
        "--speaker", "Brindlemoor Council", "--text", "Rates will not rise", "--outlet", "Post"
    )
    assert council.exit_code == 0, council.output
    assert council.stdout.endswith("to quotes/brindlemoor-city-council.yaml\n")


@pytest.mark.parametrize(
    "description",
    [
        "the Kremlin spokesman",
        "Kremlin Spokesman",
        "Russian President",
        "a city official",
        "the ministry spokesman",
        "Mayor of Testville",
    ],
)
def test_a_description_is_no_speaker_name(project: Path, description: str) -> None:
    result = _add("--speaker", description, *FULL)
    assert result.exit_code == 1
    assert "is a description, not a name" in result.stderr
    assert sorted(p.name for p in (project / "quotes").iterdir()) == sorted(
        p.name for p in (DATA / "archive").iterdir()
    )


def test_missing_required_values_without_a_terminal_is_a_usage_error(project: Path) -> None:
    result = _add("--speaker", "Reed")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: missing --text, --url or --outlet (prompts need a terminal)"
    )


def test_missing_values_are_asked_for_in_a_terminal(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli, "_stdin_is_interactive", lambda: True)
    answers = "Kovane\nWe shall see\n\nRadio Velmora\n2025-10-20\n\nbudget, public-transport\n"
    result = _add(stdin=answers)
    assert result.exit_code == 0, result.output
    quote_id = result.stdout.splitlines()[-1].split()[1]
    quote = next(q for q in _speaker(project, "marta-kovane").quotes if q.id == quote_id)
    assert (quote.text, quote.sources[0].outlet, quote.sources[0].url) == (
        "We shall see",
        "Radio Velmora",
        None,
    )
    assert quote.sources[0].date == "2025-10-20"
    assert quote.date is None
    assert quote.topics == ("budget", "public-transport")


def test_find_speaker_matches_names_and_aliases_ignoring_case() -> None:
    archive = load_archive(DATA / "archive").archive
    assert find_speaker(archive, "  KOVANE ").slug == "marta-kovane"  # type: ignore[union-attr]
    council = find_speaker(archive, "brindlemoor council")
    assert council.slug == "brindlemoor-city-council"  # type: ignore[union-attr]
    assert find_speaker(archive, "Kovan") is None
    with pytest.raises(GeneratorError, match="fits 2 known people"):
        find_speaker(archive, "Harrow")  # two speakers share it: refused, not guessed


@pytest.mark.parametrize(
    ("pasted", "stored"),
    [
        ("“We will see.”", "We will see."),
        ('"We will see."', "We will see."),
        ("«Nous verrons»", "Nous verrons"),
        ("„Wir werden sehen“", "Wir werden sehen"),
        ("We will see", "We will see"),
        ("the so-called “deal” is off", "the so-called “deal” is off"),
    ],
)
def test_quote_marks_pasted_around_the_text_are_dropped(pasted: str, stored: str) -> None:
    assert strip_quote_marks(pasted) == stored


def test_add_keeps_the_comments_of_the_file_it_rewrites(project: Path) -> None:
    path = project / "quotes" / "tomas-reed.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("quotes:\n", "# Reed's quotes, checked weekly\nquotes:\n", 1))
    result = _add("--speaker", "reed", *FULL, "--date", "2025-10-27")
    assert result.exit_code == 0, result.output
    assert "# Reed's quotes, checked weekly\nquotes:\n" in path.read_text(encoding="utf-8")


def _quote(project: Path, slug: str, quote_id: str):  # type: ignore[no-untyped-def]
    return next(q for q in _speaker(project, slug).quotes if q.id == quote_id)


def test_words_the_speaker_already_has_gain_the_source(project: Path) -> None:
    """No duplicate: another outlet's wording of a quote Reed has is a source for it."""
    result = _add(
        "--speaker",
        "Reed",
        "--text",
        "“The minister was talking about the trams and not about the ferry.”",
        "--url",
        "https://herald.example/reed",
        "--outlet",
        "Herald",
        "--topic",
        "budget",
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("added the source to r4n8s2ud in quotes/tomas-reed.yaml: ")
    quote = _quote(project, "tomas-reed", "r4n8s2ud")
    assert [s.url for s in quote.sources][-1] == "https://herald.example/reed"
    assert quote.variants == ("The minister was talking about the trams and not about the ferry.",)
    assert quote.topics == ("budget", "public-transport")
    assert len(_speaker(project, "tomas-reed").quotes) == 2


def test_the_same_source_twice_changes_nothing(project: Path) -> None:
    path = project / "quotes" / "tomas-reed.yaml"
    before = path.read_bytes()
    result = _add(
        "--speaker",
        "Tomas Reed",
        "--text",
        "The minister was talking about trams, not about the ferry",
        "--url",
        "https://radio-velmora.example.com/news/ministry-clarifies",
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "r4n8s2ud in quotes/tomas-reed.yaml already has this source; nothing written\n"
    )
    assert path.read_bytes() == before


def test_an_excerpt_of_a_known_quote_is_added_as_a_part_of_it(project: Path) -> None:
    result = _add(
        "--speaker", "Reed", "--text", "the new timetable to be printed", "--outlet", "Post"
    )
    assert result.exit_code == 0, result.output
    quote_id = result.stdout.split()[1]
    assert result.stdout.endswith("to quotes/tomas-reed.yaml (part of r4n8m6vt)\n")
    assert _quote(project, "tomas-reed", quote_id).part_of == "r4n8m6vt"


def test_to_adds_a_source_to_the_quote_named_by_its_id(project: Path) -> None:
    result = _add(
        "--to", "r4n8m6vt", "--url", "https://post.example/timetable", "--date", "2025-10-01"
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "added the source to r4n8m6vt in quotes/tomas-reed.yaml: --to r4n8m6vt\n"
    )
    quote = _quote(project, "tomas-reed", "r4n8m6vt")
    assert quote.sources[-1].url == "https://post.example/timetable"
    assert quote.sources[-1].date == "2025-10-01"
    assert quote.variants == ()


def test_to_a_merged_id_reaches_the_quote_it_was_merged_into(project: Path) -> None:
    result = _add("--to", "w8q4t1zb", "--outlet", "Radio Brindlemoor")
    assert result.exit_code == 0, result.output
    assert "(reached through merged id w8q4t1zb)" in result.stdout
    assert "in quotes/marta-kovane.yaml" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--to", "zzzzzzzz", "--outlet", "X"], "--to expected the id of a quote in the archive"),
        (
            ["--to", "r4n8m6vt", "--speaker", "Kovane", "--outlet", "X"],
            "quote r4n8m6vt is by Tomas Reed, not 'Kovane'",
        ),
    ],
)
def test_to_refuses_an_unknown_id_or_another_speaker(
    project: Path, args: list[str], message: str
) -> None:
    result = _add(*args)
    assert result.exit_code == 1
    assert message in result.stderr


def test_status_source_gives_the_evidence_of_a_status(project: Path) -> None:
    result = _add(
        "--speaker",
        "Reed",
        "--text",
        "Every ferry will be electric by the summer",
        "--outlet",
        "Gazette",
        "--status",
        "misattributed",
        "--status-source",
        "https://factcheck.example/ferries",
        "--status-outlet",
        "Fact Check",
    )
    assert result.exit_code == 0, result.output
    quote = _quote(project, "tomas-reed", result.stdout.split()[1])
    assert quote.status == "misattributed"
    assert (quote.status_source.url, quote.status_source.outlet) == (  # type: ignore[union-attr]
        "https://factcheck.example/ferries",
        "Fact Check",
    )
    check = CliRunner().invoke(main, ["check"])
    assert "W001" not in check.output


def test_to_can_mark_a_known_quote_disputed_with_its_evidence(project: Path) -> None:
    result = _add(
        "--to",
        "r4n8s2ud",
        "--outlet",
        "Fact Check",
        "--status",
        "disputed",
        "--status-source",
        "https://factcheck.example/reed",
    )
    assert result.exit_code == 0, result.output
    quote = _quote(project, "tomas-reed", "r4n8s2ud")
    assert quote.status == "disputed"
    assert quote.status_source.url == "https://factcheck.example/reed"  # type: ignore[union-attr]


def test_each_answer_is_checked_as_it_is_given(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli, "_stdin_is_interactive", lambda: True)
    answers = "\n".join(
        [
            "the Kremlin spokesman",  # a description: asked again
            "Reed",
            "We will print it in March",
            "ftp://files.example/x",  # not http(s): asked again
            "https://news.example/march",
            "",
            "2025-02-30",  # no such day: asked again
            "2025-02-28",
            "",
            "budget, ferries",  # unknown topic: asked again
            "budget",
        ]
    )
    result = _add(stdin=answers + "\n")
    assert result.exit_code == 0, result.output
    err = result.stderr
    assert "Error: 'the Kremlin spokesman' is a description, not a name" in err
    assert "Known speaker: Tomas Reed (quotes/tomas-reed.yaml)" in err
    assert "Error: expected an address starting with https:// or http://, found 'ftp:" in err
    assert "Error: expected a day that exists, found '2025-02-30'" in err
    assert "Topics:\n  budget: City budget\n  housing: Housing\n" in err
    assert "Error: expected topics from quotes/topics.yaml, found ferries" in err
    quote = _quote(project, "tomas-reed", result.stdout.split()[1])
    assert (quote.text, quote.sources[0].date, quote.topics) == (
        "We will print it in March",
        "2025-02-28",
        ("budget",),
    )


def test_a_new_speaker_at_the_terminal_is_said_to_be_new_and_asked_for_a_role(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli, "_stdin_is_interactive", lambda: True)
    answers = (
        "Ada Quill\nHarbour Master of Brindlemoor\n\nThe tide waits for nobody\n\nPost\n\n\n\n"
    )
    result = _add(stdin=answers)
    assert result.exit_code == 0, result.output
    assert "New speaker: Ada Quill gets a new file, quotes/ada-quill.yaml" in result.stderr
    speaker = _speaker(project, "ada-quill")
    assert (speaker.description, speaker.kind) == ("Harbour Master of Brindlemoor", "person")


def test_move_quote_keeps_the_id_and_writes_both_files(project: Path) -> None:
    result = CliRunner().invoke(main, ["move-quote", "r4n8m6vt", "Kovane"])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "moved r4n8m6vt from quotes/tomas-reed.yaml to quotes/marta-kovane.yaml; "
        "its id and links stay\n"
    )
    assert "r4n8m6vt" not in {q.id for q in _speaker(project, "tomas-reed").quotes}
    moved = _quote(project, "marta-kovane", "r4n8m6vt")
    assert moved.text == "We expect the new timetable to be printed in the spring"
    assert CliRunner().invoke(main, ["check"]).exit_code == 0


def test_move_quote_refuses_a_description_and_an_unknown_id(project: Path) -> None:
    before = {p.name: p.read_bytes() for p in (project / "quotes").iterdir()}
    described = CliRunner().invoke(main, ["move-quote", "r4n8m6vt", "the ministry spokesman"])
    assert described.exit_code == 1 and "is a description, not a name" in described.output
    unknown = CliRunner().invoke(main, ["move-quote", "zzzzzzzz", "Kovane"])
    assert unknown.exit_code == 1
    assert "expected the id of a quote in the archive, found 'zzzzzzzz'" in unknown.output
    assert {p.name: p.read_bytes() for p in (project / "quotes").iterdir()} == before
