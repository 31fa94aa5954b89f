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

from generator.corpus.sources import format_suffix, plan_corpus, read_unit
from generator.errors import Problem
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


def test_the_id_seed_depends_on_the_corpus_not_on_how_it_is_cut(tmp_path: Path) -> None:
    for n in range(4):
        (tmp_path / f"{n}.txt").write_text(f"Article {n}.", "utf-8")
    small, large = plan_corpus([str(tmp_path)], 1), plan_corpus([str(tmp_path)], 10**6)
    assert len(small.partitions) == 4 and len(large.partitions) == 1
    assert small.seed == large.seed and small.key != large.key
    (tmp_path / "0.txt").write_text("Article zero, edited.", "utf-8")
    assert plan_corpus([str(tmp_path)], 1).key != small.key


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html", ".jsonl"])
def test_every_article_format_is_listed(tmp_path: Path, suffix: str) -> None:
    (tmp_path / f"a{suffix}").write_text("x", "utf-8")
    assert len(plan_corpus([str(tmp_path)]).partitions) == 1
