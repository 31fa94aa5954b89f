"""The reduce spread over tasks: one large file cut in ranges, phases told, Ctrl+C handled."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import pytest
from click.testing import CliRunner
from corpus_factory import write_corpus
from test_corpus import options, snapshot

from generator.cli import main
from generator.corpus import (
    Interrupted,
    Progress,
    ingest_corpus,
    plan_corpus,
)
from generator.corpus.sources import read_unit


def one_big_file(corpus: Path, target: Path) -> Path:
    """Every article of a generated corpus as one JSON lines file."""
    from generator.extract import read_articles

    with target.open("w", encoding="utf-8") as out:
        for article in read_articles([str(corpus)]):
            fields = ("text", "url", "title", "outlet", "date", "author")
            record = {key: getattr(article, key) for key in fields}
            out.write(json.dumps(record) + "\n")
    return target


def test_one_large_json_lines_file_is_read_in_ranges_with_its_own_line_numbers(
    tmp_path: Path,
) -> None:
    big = tmp_path / "big.jsonl"
    said = 'Ana Holm said it was "fine, number {}".'
    lines = [json.dumps({"text": said.format(i)}) for i in range(400)]
    big.write_text("\n".join([*lines[:250], "{not json", *lines[250:]]) + "\n", "utf-8")
    plan = plan_corpus([str(big)], 4_000)
    units = [unit for partition in plan.partitions for unit in partition.units]
    assert len(plan.partitions) > 3 and len(units) == len(plan.partitions)
    found = [item for unit in units for item in read_unit(unit)]
    articles = [a for a in found if hasattr(a, "text")]
    problems = [p for p in found if not hasattr(p, "text")]
    assert [a.line for a in articles] == [*range(1, 251), *range(252, 402)]  # type: ignore[union-attr]
    assert [(p.line, p.code) for p in problems] == [(251, "A005")]  # type: ignore[union-attr]


def test_the_same_articles_in_one_file_or_many_make_the_same_archive(
    tmp_path: Path, archive_dir: Path
) -> None:
    corpus = write_corpus(tmp_path / "corpus", 40)
    other = tmp_path / "other"
    other.mkdir()
    for path in archive_dir.iterdir():
        (other / path.name).write_bytes(path.read_bytes())
    ingest_corpus([str(corpus)], archive_dir, options(tmp_path / "a"))
    big = one_big_file(corpus, tmp_path / "all.jsonl")
    assert len(plan_corpus([str(big)], 8_000).partitions) > 3
    ingest_corpus([str(big)], other, options(tmp_path / "b"))
    assert snapshot(archive_dir) == snapshot(other)


def test_a_corpus_of_one_partition_runs_in_this_process(tmp_path: Path) -> None:
    from generator.corpus import _workers

    small = write_corpus(tmp_path / "small", 3)
    assert _workers(options(tmp_path, workers=None, partition_size=10**9),
                    plan_corpus([str(small)], 10**9)) == 0  # fmt: skip
    assert _workers(options(tmp_path, workers=None), plan_corpus([str(small)], 500)) > 0


def test_progress_is_told_for_every_phase_of_the_reduce_and_the_write(
    tmp_path: Path, archive_dir: Path
) -> None:
    corpus = write_corpus(tmp_path / "corpus", 20)
    seen: list[Progress] = []
    ingest_corpus([str(corpus)], archive_dir, options(tmp_path), seen.append)
    phases = [p.phase for p in seen]
    assert phases[0] == "extract"
    assert [ph for i, ph in enumerate(phases) if i == 0 or phases[i - 1] != ph] == [
        "extract", "claims", "shuffle", "place", "write"
    ]  # fmt: skip
    last = {p.phase: p for p in seen}
    assert all(p.size == p.total for p in last.values() if p.phase != "extract")


def test_ctrl_c_before_writing_says_what_is_kept_and_writes_nothing(
    tmp_path: Path, archive_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import generator.corpus as corpus

    before = snapshot(archive_dir)
    source = write_corpus(tmp_path / "corpus", 30)

    def interrupted(*args: object, **kwargs: object) -> object:
        raise KeyboardInterrupt

    monkeypatch.setattr(corpus, "_reduce", interrupted)
    with pytest.raises(Interrupted) as caught:
        ingest_corpus([str(source)], archive_dir, options(tmp_path))
    message = caught.value.format_message()
    assert "partition(s) are checkpointed in" in message and "Run the same command again" in message
    assert caught.value.exit_code == 130
    assert snapshot(archive_dir) == before
    monkeypatch.undo()
    again = ingest_corpus([str(source)], archive_dir, options(tmp_path))
    assert again.ok and again.resumed == len(again.plan.partitions)


def test_ctrl_c_while_writing_lets_the_write_finish(
    tmp_path: Path, archive_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import generator.corpus as corpus

    real = corpus.write_archive

    def write_then_interrupted(*args: object) -> list[Path]:
        os.kill(os.getpid(), signal.SIGINT)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(corpus, "write_archive", write_then_interrupted)
    report = ingest_corpus([str(write_corpus(tmp_path / "c", 20))], archive_dir, options(tmp_path))
    assert report.interrupted and report.written and report.ok


def test_the_command_prints_one_line_when_interrupted(
    tmp_path: Path, archive_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import generator.corpus as corpus

    def interrupted(*args: object, **kwargs: object) -> object:
        raise KeyboardInterrupt

    monkeypatch.setattr(corpus, "_reduce", interrupted)
    args = ["ingest", "--quotes", str(archive_dir), "--workers", "0", "--no-progress"]
    args += ["--checkpoints", str(tmp_path / "ckpt"), "--outlet", "X"]
    result = CliRunner().invoke(main, [*args, str(write_corpus(tmp_path / "c", 10))])
    assert result.exit_code == 130
    [line] = result.output.splitlines()
    assert line.startswith("Error: interrupted: ") and "Run the same command again" in line
