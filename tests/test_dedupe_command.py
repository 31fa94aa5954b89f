"""The `dedupe` command and the near-duplicate warnings `check` shows."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.dedupe.command import near_duplicate_warnings
from generator.store import load_archive

DATA = Path(__file__).parent / "data" / "dedupe" / "archive"


@pytest.fixture
def dupes_dir(tmp_path: Path) -> Path:
    target = tmp_path / "quotes"
    shutil.copytree(DATA, target)
    return target


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_dedupe_shows_each_merge_with_scores_and_writes_nothing(dupes_dir: Path) -> None:
    before = {p.name: p.read_text() for p in dupes_dir.iterdir()}
    output = run("dedupe", "--quotes", str(dupes_dir))
    assert "merge speaker files into jane-doe: doe" in output
    assert "merge quotes of jane-doe: keep id oldest01, merge newest01, linked01" in output
    assert "similarity" in output and "coverage" in output
    assert "link fragment of jane-doe: fragmnt1 is part of oldest01" in output
    assert output.splitlines()[-1].startswith(
        "would merge 1 speaker file(s) and 2 quote(s) into 1, link 1 fragment(s);"
    )
    assert {p.name: p.read_text() for p in dupes_dir.iterdir()} == before


def test_dedupe_apply_writes_once_and_a_second_run_finds_nothing(dupes_dir: Path) -> None:
    output = run("dedupe", "--quotes", str(dupes_dir), "--apply")
    assert output.strip().splitlines() == [
        "merged 1 speaker file(s) and 2 quote(s) into 1, linked 1 fragment(s), wrote 2 file(s); "
        "0 possible misattribution(s) and 0 speaker name(s) to review"
    ]
    assert not (dupes_dir / "doe.yaml").exists()
    text = (dupes_dir / "jane-doe.yaml").read_text()
    assert "former_slugs:\n  - doe" in text
    assert "merged_ids:\n      - linked01\n      - newest01" in text
    again = run("dedupe", "--quotes", str(dupes_dir))
    assert again.startswith("nothing to merge")
    assert run("check", "--quotes", str(dupes_dir)).startswith("ok: 1 speakers, 5 quotes")


def test_near_duplicate_warnings_point_at_the_quote_text(dupes_dir: Path) -> None:
    loaded = load_archive(dupes_dir, root=dupes_dir.parent)
    problems = near_duplicate_warnings(loaded, root=dupes_dir.parent)
    lines = [p.format() for p in problems]
    assert all(p.severity == "warning" for p in problems)
    assert any(
        line.startswith("quotes/jane-doe.yaml:8:11: D001 warning: quote 'newest01'")
        for line in lines
    )
    assert any(
        " D002 warning: quote 'fragmnt1' is a fragment of 'oldest01'" in line for line in lines
    )
    assert any(line.startswith("quotes/doe.yaml:3:7: D004 warning:") for line in lines)


def test_near_duplicate_warnings_are_empty_for_a_deduplicated_archive(dupes_dir: Path) -> None:
    run("dedupe", "--quotes", str(dupes_dir), "--apply")
    assert near_duplicate_warnings(load_archive(dupes_dir)) == []


def test_format_plan_lists_reports_for_an_editor() -> None:
    from generator.dedupe.command import format_plan
    from generator.dedupe.plan import DedupePlan, Misattribution, PairScore
    from generator.dedupe.speakers import SpeakerReview

    score = PairScore("aaaaaaa1", "bbbbbbb2", "merge", 100.0, 1.0, "identical after normalisation")
    plan = DedupePlan(
        misattributions=(Misattribution("jane-doe", "aaaaaaa1", "john-roe", "bbbbbbb2", score),),
        speaker_reviews=(
            SpeakerReview(
                "clinton",
                "Clinton",
                ("bill-clinton", "hillary-clinton"),
                "'Clinton' fits 2 known people",
            ),
        ),
    )
    assert format_plan(plan).splitlines() == [
        "possible misattribution (not merged): jane-doe aaaaaaa1 and john-roe bbbbbbb2",
        "  aaaaaaa1 ~ bbbbbbb2: similarity 100.0, coverage 1.00, identical after normalisation",
        "",
        "review speaker clinton ('Clinton'): could be bill-clinton, hillary-clinton",
        "  why: 'Clinton' fits 2 known people",
    ]
