"""The `extract` command: dry-run output (JSON lines, or the YAML it would write), bad input."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main

ARTICLES = Path(__file__).parent / "data" / "articles"


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["extract", *args], input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_dry_run_jsonl_prints_one_object_per_quote_with_metadata() -> None:
    path = str(ARTICLES / "formats" / "harbour.md")
    code, out, err = run("--dry-run", "--format", "jsonl", path)
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert [r["text"] for r in records] == [
        "a promise kept to every fisher in town",
        "We listened for two years",
        "Now we build",
    ]
    first = records[0]
    assert (first["article"], first["speaker"], first["speaker_role"]) == (
        path,
        "Alma Reyes",
        "Mayor",
    )
    assert (first["outlet"], first["date"], first["title"]) == (
        "Example Gazette",
        "2024-03-05",
        "Harbour plan wins council backing",
    )
    assert {"context", "start", "end", "confidence", "url"} <= set(first)
    assert err.strip() == "3 quote(s) from 1 speaker(s) in 1 article(s)"


def test_dry_run_yaml_shows_speaker_files_that_would_be_written(archive_dir: Path) -> None:
    before = {p.name: p.read_text("utf-8") for p in archive_dir.iterdir()}
    path = str(ARTICLES / "formats" / "harbour.md")
    code, out, err = run("--dry-run", "--format", "yaml", "--quotes", str(archive_dir), path)
    assert code == 0, err
    assert out.startswith(f"# {archive_dir / 'alma-reyes.yaml'}\n")
    assert "name: Alma Reyes" in out
    assert "description: Mayor" in out
    assert re.search(r"^  - id: [0-9a-z]{8}$", out, re.MULTILINE)
    assert "outlet: Example Gazette" in out
    assert err.splitlines()[-1].endswith("1 speaker file(s) changed")
    assert {p.name: p.read_text("utf-8") for p in archive_dir.iterdir()} == before


def test_standard_input_is_extracted() -> None:
    code, out, _ = run("--dry-run", "-", stdin='"We are ready," said coach Ana Ruiz.\n')
    (record,) = [json.loads(line) for line in out.splitlines()]
    assert (code, record["article"], record["speaker"]) == (0, "-", "Ana Ruiz")


def test_bad_articles_are_reported_and_the_rest_still_processed() -> None:
    bad, good = ARTICLES / "bad", ARTICLES / "formats" / "plain.txt"
    code, out, err = run("--dry-run", str(bad), str(good))
    speakers = {json.loads(line)["speaker"] for line in out.splitlines()}
    assert code == 1
    assert speakers == {"Ada Brook", "Greta Holm"}
    assert f"{bad / 'latin1.txt'}:1:1: A002" in err
    assert f"{bad / 'broken.jsonl'}:2:34: A005" in err
    assert err.strip().endswith("5 article(s) failed")
