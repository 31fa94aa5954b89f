"""The `extract` command: dry-run output (JSON lines, or the YAML it would write), bad input."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
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


def test_an_article_with_a_javascript_url_is_skipped_and_the_others_are_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(ARTICLES.parent / "archive", "quotes")
    wire = tmp_path / "wire.jsonl"
    records = [
        {"text": '"The ferry runs again," said Ada Brook.', "url": "javascript:alert(1)"},
        {"text": '"The bridge is open," said Greta Holm.', "url": "https://news.example/2"},
    ]
    wire.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    code, _, err = run("wire.jsonl")
    assert code == 1
    assert (
        "wire.jsonl:2:1: A012" not in err
        and "wire.jsonl:1:1: A012 'url' expected an http(s) address, found "
        "'javascript:alert(1)'; the article was skipped"
        in err
    )
    written = Path("quotes/greta-holm.yaml").read_text(encoding="utf-8")
    assert "The bridge is open" in written and "https://news.example/2" in written
    assert not Path("quotes/ada-brook.yaml").exists()


def test_extract_reports_an_article_over_the_size_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text('"Hello," said Ada Brook. ' * 50_000, encoding="utf-8")
    code, out, err = run("--dry-run", "--max-article-mb", "1", str(big))
    assert code == 1 and out == ""
    assert f"{big}:1:1: A010 article expected to be at most 1 MB, found a larger one" in err


def test_dry_run_json_escapes_terminal_controls_json_dumps_leaves_raw(tmp_path: Path) -> None:
    page = tmp_path / "a.txt"
    page.write_text('"Hello \x9b31m\u202eworld," said Ada Brook.\n', encoding="utf-8")
    code, out, _ = run("--dry-run", str(page))
    assert code == 0
    assert "\x9b" not in out and "\u202e" not in out and "\\u009b31m\\u202eworld" in out
    assert json.loads(out)["text"] == "Hello \x9b31m\u202eworld"


def test_an_article_the_extractor_fails_on_is_reported_and_the_others_extracted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import generator.extract

    real = generator.extract.extract_quotes

    def failing(article, statements_only=True):  # type: ignore[no-untyped-def]
        if "boom" in article.text:
            raise IndexError("list index out of range")
        return real(article, statements_only)

    monkeypatch.setattr(generator.extract, "extract_quotes", failing)
    (tmp_path / "a.txt").write_text('"Hello," said Ada Brook. boom\n', encoding="utf-8")
    (tmp_path / "b.txt").write_text('"Goodbye," said Greta Holm.\n', encoding="utf-8")
    code, out, err = run("--dry-run", str(tmp_path))
    assert code == 1
    assert [json.loads(line)["speaker"] for line in out.splitlines()] == ["Greta Holm"]
    assert f"{tmp_path / 'a.txt'}:1:1: A007 extraction failed: IndexError" in err


def test_a_speaker_named_like_an_index_page_does_not_block_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(ARTICLES.parent / "archive", "quotes")
    Path("a.txt").write_text('"Prices rose sharply this week," Index said.\n', encoding="utf-8")
    Path("b.txt").write_text('"The bridge is open," said Greta Holm.\n', encoding="utf-8")
    code, _, err = run("--outlet", "Wire", "a.txt", "b.txt")
    assert code == 0, err
    assert Path("quotes/index-2.yaml").is_file() and Path("quotes/greta-holm.yaml").is_file()
