"""The review queue: held quotes are listed, kept, accepted or rejected, and reruns respect it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main
from generator.errors import ArchiveError
from generator.review import load_review

ARTICLE = """---
title: Ferries
url: https://courier.example.net/ferries
outlet: Coast Courier
date: 2025-11-03
---
Harbour Trust chair Ida Lind said the ferries would "sail every hour from March".

Moscow said the plan was "a provocation" and would answer it.

"We will not give up," the crowd chanted outside the town hall.
"""


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


@pytest.fixture
def held(archive_dir: Path, tmp_path: Path) -> Path:
    """The test archive after extracting an article with two quotes that need an editor."""
    article = tmp_path / "ferries.md"
    article.write_text(ARTICLE, "utf-8")
    code, output = run("extract", "--quotes", str(archive_dir), str(article))
    assert code == 0, output
    return article


def queue_of(archive_dir: Path) -> dict[str, dict[str, object]]:
    text = (archive_dir.parent / "review" / "queue.yaml").read_text("utf-8")
    return {item["text"]: item for item in yaml.safe_load(text)}


def test_extract_holds_what_it_cannot_attribute_with_the_reason(
    archive_dir: Path, held: Path
) -> None:
    queue = queue_of(archive_dir)
    assert set(queue) == {"a provocation", "We will not give up"}
    moscow = queue["a provocation"]
    assert moscow["reason"] == "not-a-name"
    assert moscow["detail"] == "'Moscow' is a place, not a speaker"
    assert moscow["speaker"] == "Moscow"
    assert moscow["context"] == 'Moscow said the plan was "a provocation" and would answer it.'
    assert moscow["source"] == {
        "outlet": "Coast Courier",
        "url": "https://courier.example.net/ferries",
        "title": "Ferries",
        "date": dt.date(2025, 11, 3),
    }
    assert not (archive_dir / "moscow.yaml").exists()


def test_the_queue_is_listed_by_extract_and_by_review_list(archive_dir: Path, held: Path) -> None:
    code, output = run(
        "extract", "--quotes", str(archive_dir), "--dry-run", str(held), "--format", "yaml"
    )
    assert "held: " in output and "'Moscow' is a place, not a speaker" in output
    code, output = run("review", "list", "--quotes", str(archive_dir))
    assert code == 0
    assert output.splitlines()[-1] == "2 quote(s) wait for review: 2 not-a-name"
    assert "\u201ca provocation\u201d" in output


def test_a_rerun_keeps_one_entry_per_held_quote(archive_dir: Path, held: Path) -> None:
    before = (archive_dir.parent / "review" / "queue.yaml").read_text("utf-8")
    code, _ = run("extract", "--quotes", str(archive_dir), str(held))
    assert code == 0
    assert (archive_dir.parent / "review" / "queue.yaml").read_text("utf-8") == before


def test_a_rejected_quote_does_not_come_back(archive_dir: Path, held: Path) -> None:
    item_id = str(queue_of(archive_dir)["a provocation"]["id"])
    code, output = run(
        "review", "reject", "--quotes", str(archive_dir), item_id, "--note", "a city"
    )
    assert code == 0 and output.startswith(f"rejected {item_id}")
    code, output = run("extract", "--quotes", str(archive_dir), str(held))
    assert f"rejected by an editor in review ({item_id})" in output
    assert "a provocation" not in queue_of(archive_dir)
    decisions = load_review(archive_dir.parent / "review").decisions
    assert decisions[item_id].note == "a city"


def test_an_accepted_quote_goes_in_under_the_editors_speaker(archive_dir: Path, held: Path) -> None:
    item_id = str(queue_of(archive_dir)["a provocation"]["id"])
    code, output = run(
        "review", "accept", "--quotes", str(archive_dir), item_id,
        "--speaker", "Harbour Council", "--kind", "organisation",
    )  # fmt: skip
    assert code == 0, output
    assert "(a new speaker file)" in output
    data = yaml.safe_load((archive_dir / "harbour-council.yaml").read_text("utf-8"))
    assert data["kind"] == "organisation"
    assert [q["text"] for q in data["quotes"]] == ["a provocation"]
    assert "a provocation" not in queue_of(archive_dir)
    assert run("check", "--quotes", str(archive_dir))[0] == 0
    code, output = run("extract", "--quotes", str(archive_dir), str(held))
    assert f"accepted by an editor in review ({item_id})" in output
    assert (
        len(yaml.safe_load((archive_dir / "harbour-council.yaml").read_text("utf-8"))["quotes"])
        == 1
    )


def test_a_held_quote_with_no_proper_name_needs_a_speaker_to_be_accepted(
    archive_dir: Path, held: Path
) -> None:
    item_id = str(queue_of(archive_dir)["We will not give up"]["id"])
    result = CliRunner().invoke(main, ["review", "accept", "--quotes", str(archive_dir), item_id])
    assert result.exit_code == 1
    assert "give the speaker with --speaker NAME" in result.output
    assert item_id in {str(i["id"]) for i in queue_of(archive_dir).values()}


def test_an_unknown_id_is_an_error(archive_dir: Path, held: Path) -> None:
    result = CliRunner().invoke(main, ["review", "reject", "--quotes", str(archive_dir), "r-0"])
    assert result.exit_code == 1
    assert "no quote 'r-0' waits for review" in result.output


def test_a_broken_queue_file_is_reported_at_its_line(archive_dir: Path, held: Path) -> None:
    queue = archive_dir.parent / "review" / "queue.yaml"
    queue.write_text(queue.read_text("utf-8").replace("reason: not-a-name", "reason: maybe", 1))
    with pytest.raises(ArchiveError) as caught:
        load_review(archive_dir.parent / "review")
    [problem] = caught.value.problems
    assert problem.code == "R001" and problem.line == 4
    assert "expected 'reason' to be one of" in problem.message


def test_check_reports_a_broken_queue_file(archive_dir: Path, held: Path) -> None:
    queue = archive_dir.parent / "review" / "queue.yaml"
    queue.write_text(queue.read_text("utf-8").replace("reason: not-a-name", "reason: maybe", 1))
    code, output = run("check", "--quotes", str(archive_dir))
    assert code == 1
    assert "queue.yaml:4:" in output and "R001" in output
