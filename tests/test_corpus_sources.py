"""Tests for listing and reading a corpus: compressed files, Parquet rows, partitions, keys."""

from __future__ import annotations

import bz2
import gzip
import json
import lzma
import random
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from corpus_factory import make_body, metadata
from hostile_corpus import write_bomb

from generator.corpus.sources import format_suffix, plan_corpus, read_unit
from generator.errors import Problem
from generator.extract import ReadLimits
from generator.extract.records import Article


def read_all(root: Path, partition_size: int = 10**9) -> list[Article | Problem]:
    plan = plan_corpus([str(root)], partition_size)
    return [found for p in plan.partitions for unit in p.units for found in read_unit(unit)]


def records(count: int) -> list[dict[str, str]]:
    rng = random.Random(3)
    return [{**metadata(rng, n), "text": make_body(rng)} for n in range(count)]


def test_compressed_files_read_as_their_plain_twin(tmp_path: Path) -> None:
    rows = records(3)
    data = ("\n".join(json.dumps(r) for r in rows) + "\n").encode()
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "wire.jsonl").write_bytes(data)
    packed = tmp_path / "packed"
    packed.mkdir()
    (packed / "a.jsonl.gz").write_bytes(gzip.compress(data))
    (packed / "b.jsonl.bz2").write_bytes(bz2.compress(data))
    (packed / "c.jsonl.xz").write_bytes(lzma.compress(data))
    with pa.output_stream(str(packed / "d.jsonl.zst"), compression="zstd") as stream:
        stream.write(data)
    expected = [a.text for a in read_all(plain) if isinstance(a, Article)]
    found = read_all(packed)
    assert all(isinstance(a, Article) for a in found)
    assert [a.text for a in found if isinstance(a, Article)] == expected * 4
    assert [a.path.rsplit("/", 1)[1] for a in found][::3] == [
        "a.jsonl.gz", "b.jsonl.bz2", "c.jsonl.xz", "d.jsonl.zst"
    ]  # fmt: skip


def test_a_corrupt_compressed_file_is_an_unreadable_file(tmp_path: Path) -> None:
    (tmp_path / "broken.md.gz").write_bytes(b"\x1f\x8b not really gzip")
    [problem] = read_all(tmp_path)
    assert isinstance(problem, Problem) and problem.code == "A001"
    assert problem.message.startswith("cannot read file: BadGzipFile")


def test_parquet_rows_are_articles_numbered_by_row_across_row_groups(tmp_path: Path) -> None:
    rows = records(5)
    rows[3]["text"] = "   "
    table = pa.Table.from_pylist(rows)
    pq.write_table(table, tmp_path / "news.parquet", row_group_size=2)
    plan = plan_corpus([str(tmp_path)], partition_size=1)
    assert [u.row_group for p in plan.partitions for u in p.units] == [0, 1, 2]
    found = read_all(tmp_path, 1)
    assert [a.line for a in found] == [1, 2, 3, 4, 5]
    empty = found[3]
    assert isinstance(empty, Problem)
    assert empty.format().endswith(":4:1: A003 empty article: no text to extract quotes from")
    first = found[0]
    assert isinstance(first, Article)
    assert (first.title, first.outlet, first.url, first.date) == (
        rows[0]["title"], rows[0]["outlet"], rows[0]["url"], rows[0]["date"]
    )  # fmt: skip


def test_a_parquet_file_without_a_text_column_is_reported_once(tmp_path: Path) -> None:
    pq.write_table(pa.table({"headline": ["a", "b", "c"]}), tmp_path / "x.parquet")
    [problem] = read_all(tmp_path)
    assert isinstance(problem, Problem) and problem.code == "A008"


def test_hidden_directories_and_other_files_are_not_part_of_the_corpus(tmp_path: Path) -> None:
    (tmp_path / ".ingest").mkdir()
    (tmp_path / ".ingest" / "part-00000.jsonl").write_text("{}\n")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    (tmp_path / "story.txt.gz").write_bytes(gzip.compress(b"Words."))
    plan = plan_corpus([str(tmp_path)])
    assert [u.shown for p in plan.partitions for u in p.units] == [str(tmp_path / "story.txt.gz")]
    assert format_suffix("A.JSONL.ZST") == ".jsonl" and format_suffix("b.parquet") == ".parquet"


def test_the_checkpoint_key_changes_with_the_cut_and_with_an_edited_file(tmp_path: Path) -> None:
    for n in range(4):
        (tmp_path / f"{n}.txt").write_text(f"Article {n}.", "utf-8")
    small, large = plan_corpus([str(tmp_path)], 1), plan_corpus([str(tmp_path)], 10**6)
    assert len(small.partitions) == 4 and len(large.partitions) == 1
    assert small.key != large.key
    (tmp_path / "0.txt").write_text("Article zero, edited.", "utf-8")
    assert plan_corpus([str(tmp_path)], 1).key != small.key


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html", ".jsonl"])
def test_every_article_format_is_listed(tmp_path: Path, suffix: str) -> None:
    (tmp_path / f"a{suffix}").write_text("x", "utf-8")
    assert len(plan_corpus([str(tmp_path)]).partitions) == 1


# -- Bounded expansion ---------------------------------------------------------------------

TEN_GB = 10 * 1024**3
FIRST = json.dumps({"text": '"Hi," said Ada Brook.', "outlet": "Wire"}).encode() + b"\n"


@pytest.mark.parametrize("suffix", [".gz", ".bz2", ".xz", ".zst"])
def test_a_decompression_bomb_is_stopped_early_and_reported(tmp_path: Path, suffix: str) -> None:
    bomb = tmp_path / f"wire.jsonl{suffix}"
    write_bomb(bomb, TEN_GB, FIRST)
    found = read_all(tmp_path)
    assert [type(f).__name__ for f in found] == ["Article", "Problem"]
    problem = found[1]
    assert isinstance(problem, Problem) and problem.code == "A011"
    assert problem.format().startswith(
        f"{bomb}:1:1: A011 compressed file expected to expand at most 200 times, found "
    )
    assert problem.message.endswith("(a decompression bomb?); the rest of the file was not read")
    expanded = float(problem.message.split("found ")[1].split(" MB")[0])
    assert 16 < expanded < 20  # stopped just past RATIO_FLOOR, not at 10 GB


def test_the_decompressed_size_cap_applies_whatever_the_ratio(tmp_path: Path) -> None:
    (tmp_path / "wire.jsonl.gz").write_bytes(gzip.compress(FIRST * 2000))
    limits = ReadLimits(decompressed_bytes=10_000)
    (unit,) = plan_corpus([str(tmp_path)], limits=limits).partitions[0].units
    found = list(read_unit(unit, limits))
    assert isinstance(found[-1], Problem) and found[-1].code == "A011"
    assert "expected to expand to at most 0.00953674 MB" in found[-1].message


def test_a_compressed_article_over_the_size_limit_is_reported(tmp_path: Path) -> None:
    (tmp_path / "story.txt.gz").write_bytes(gzip.compress(b"Words. " * 1000))
    limits = ReadLimits(article_bytes=1000)
    (unit,) = plan_corpus([str(tmp_path)], limits=limits).partitions[0].units
    [problem] = read_unit(unit, limits)
    assert isinstance(problem, Problem) and problem.code == "A010"


def test_a_parquet_row_group_expanding_past_the_caps_is_not_read(tmp_path: Path) -> None:
    table = pa.table({"text": ["x" * 100_000] * 20})
    pq.write_table(table, tmp_path / "news.parquet", compression="zstd", use_dictionary=False)
    limits = ReadLimits(decompressed_bytes=1_000_000)
    (unit,) = plan_corpus([str(tmp_path)], limits=limits).partitions[0].units
    [problem] = read_unit(unit, limits)
    assert isinstance(problem, Problem) and (problem.code, problem.line) == ("A011", 1)


def test_a_parquet_row_over_the_article_limit_is_reported_by_its_row(tmp_path: Path) -> None:
    rows = [{"text": "Fine words here."}, {"text": "x" * 5_000}]
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "news.parquet")
    limits = ReadLimits(article_bytes=1_000)
    (unit,) = plan_corpus([str(tmp_path)], limits=limits).partitions[0].units
    found = list(read_unit(unit, limits))
    assert [(type(f).__name__, f.line) for f in found] == [("Article", 1), ("Problem", 2)]


def test_the_limits_are_part_of_the_checkpoint_key(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Words.", "utf-8")
    assert (
        plan_corpus([str(tmp_path)]).key
        != plan_corpus([str(tmp_path)], limits=ReadLimits(article_bytes=5)).key
    )
