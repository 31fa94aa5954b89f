"""Tests for `ingest` in one process: same archive as `extract`, resume, failures, checkpoints."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from corpus_factory import add_bad_files, write_corpus

from generator.checks import load_valid_archive
from generator.cli import main
from generator.corpus import CorpusOptions, Progress, ingest_corpus, plan_corpus
from generator.extract import extract_paths
from generator.ingest import SourceDefaults, ingest_quotes
from generator.store import dump_speaker, write_speakers

DEFAULTS = SourceDefaults(outlet="Harbour Weekly")


def snapshot(quotes_dir: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(quotes_dir.iterdir())}


def options(tmp_path: Path, **changes: object) -> CorpusOptions:
    fields: dict[str, object] = {
        "partition_size": 8_000,
        "checkpoints": tmp_path / "ckpt",
        "review_dir": tmp_path / "review",
        "defaults": DEFAULTS,
    }
    return CorpusOptions(**{**fields, **changes})  # type: ignore[arg-type]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "corpus", 60)


def test_corpus_run_writes_what_extract_writes(
    corpus: Path, archive_dir: Path, tmp_path: Path
) -> None:
    before = load_valid_archive(archive_dir)
    report = ingest_corpus([str(corpus)], archive_dir, options(tmp_path))
    assert report.ok and report.articles == 60 and report.resumed == 0
    assert len(plan_corpus([str(corpus)], 8_000).partitions) > 3

    expected_dir = tmp_path / "expected"
    expected_dir.mkdir()
    for path in archive_dir.iterdir():
        if path.name == "topics.yaml" or path.stem in {s.slug for s in before.speakers}:
            (expected_dir / path.name).write_bytes(b"")
    reference = extract_paths([str(corpus)])
    result = ingest_quotes(before, reference.quotes, DEFAULTS)
    expected = {f"{s.slug}.yaml": dump_speaker(s).encode() for s in result.changed_speakers()}
    written = snapshot(archive_dir)
    assert {name: written[name] for name in expected} == expected
    assert report.quotes == len(reference.quotes) and report.result is not None
    assert report.result.count("added") == result.count("added") > 50


def test_how_the_corpus_is_cut_does_not_change_a_byte(
    corpus: Path, archive_dir: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other"
    other.mkdir()
    write_speakers(other, load_valid_archive(archive_dir).speakers)
    (other / "topics.yaml").write_bytes((archive_dir / "topics.yaml").read_bytes())
    ingest_corpus([str(corpus)], archive_dir, options(tmp_path, partition_size=3_000))
    ingest_corpus([str(corpus)], other, options(tmp_path, partition_size=10**9))
    assert snapshot(archive_dir) == snapshot(other)


class Crash(Exception):
    pass


def test_a_run_that_dies_resumes_without_losing_or_duplicating_quotes(
    corpus: Path, archive_dir: Path, tmp_path: Path
) -> None:
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    for path in archive_dir.iterdir():
        (fresh / path.name).write_bytes(path.read_bytes())
    ingest_corpus([str(corpus)], fresh, options(tmp_path, checkpoints=tmp_path / "other"))
    before = snapshot(archive_dir)

    def die_after_three(progress: Progress) -> None:
        if progress.partitions == 3:
            raise Crash

    with pytest.raises(Crash):
        ingest_corpus([str(corpus)], archive_dir, options(tmp_path), die_after_three)
    assert snapshot(archive_dir) == before, "nothing is written before the reduce"
    assert len(list((tmp_path / "ckpt").glob("*/part-*.jsonl"))) == 3

    report = ingest_corpus([str(corpus)], archive_dir, options(tmp_path))
    assert report.resumed == 3 and report.articles == 60
    assert report.mapped_articles < 60
    assert snapshot(archive_dir) == snapshot(fresh)
    ids = [q.id for s in load_valid_archive(archive_dir).speakers for q in s.quotes]
    assert len(ids) == len(set(ids))


def test_checkpoints_are_removed_after_writing_and_kept_on_a_dry_run(
    corpus: Path, archive_dir: Path, tmp_path: Path
) -> None:
    before = snapshot(archive_dir)
    dry = ingest_corpus([str(corpus)], archive_dir, options(tmp_path, write=False))
    assert dry.kept and snapshot(archive_dir) == before
    assert list((tmp_path / "ckpt").glob("*/part-*.jsonl"))

    real = ingest_corpus([str(corpus)], archive_dir, options(tmp_path))
    assert real.mapped_articles == 0, "the dry run's extraction is reused"
    assert not real.kept and not (tmp_path / "ckpt").exists()
    assert snapshot(archive_dir) != before


def test_fresh_discards_checkpoints_and_extracts_again(
    corpus: Path, archive_dir: Path, tmp_path: Path
) -> None:
    ingest_corpus([str(corpus)], archive_dir, options(tmp_path, write=False))
    again = ingest_corpus([str(corpus)], archive_dir, options(tmp_path, fresh=True, write=False))
    assert again.resumed == 0 and again.mapped_articles == 60


def test_bad_articles_are_reported_with_their_files_and_the_rest_goes_in(
    corpus: Path, archive_dir: Path, tmp_path: Path
) -> None:
    bad = add_bad_files(corpus)
    args = ["ingest", "--quotes", str(archive_dir), "--workers", "0", "--no-progress"]
    args += ["--checkpoints", str(tmp_path / "ckpt"), "--outlet", "Harbour Weekly", str(corpus)]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[:2] == [
        f"{bad[0]}:2:2: A005 malformed JSON line: Expecting property name enclosed in "
        "double quotes",
        f"{bad[1]}:1:1: A002 expected UTF-8 text, found byte 0xe9 at offset 3",
    ]
    assert "corpus: 61 article(s)" in lines[-1] and lines[-1].endswith("; 2 failure(s)")
    assert "tobias-renner.yaml" in {p.name for p in archive_dir.iterdir()}


def test_an_article_that_crashes_the_extractor_is_a_problem_not_a_lost_partition(
    corpus: Path, archive_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.corpus import partitions

    real = partitions.extract_quotes

    def fragile(article):  # type: ignore[no-untyped-def]
        if article.path.endswith("note-00020.txt"):
            raise ValueError("offsets out of range")
        return real(article)

    monkeypatch.setattr(partitions, "extract_quotes", fragile)
    report = ingest_corpus([str(corpus)], archive_dir, options(tmp_path))
    [problem] = report.problems
    assert problem.format().endswith(
        "note-00020.txt:1:1: A007 extraction failed: ValueError: offsets out of range"
    )
    assert report.articles == 60 and report.result is not None


def test_a_failed_partition_writes_nothing_and_keeps_the_others(
    corpus: Path, archive_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import generator.corpus.engines as engines
    from generator.corpus.engines import PartitionFailure, run_in_process

    def second_fails(partitions):  # type: ignore[no-untyped-def]
        for outcome in run_in_process(partitions):
            yield PartitionFailure(1, "KilledWorker: lost") if outcome.index == 1 else outcome

    monkeypatch.setattr(engines, "run_in_process", second_fails)
    before = snapshot(archive_dir)
    report = ingest_corpus([str(corpus)], archive_dir, options(tmp_path))
    assert report.failed_partitions == 1 and report.result is None and report.kept
    assert {p.code for p in report.problems} == {"A009"}
    assert "partition(s) failed, nothing written" in report.summary()
    assert snapshot(archive_dir) == before
    monkeypatch.undo()
    again = ingest_corpus([str(corpus)], archive_dir, options(tmp_path))
    assert again.ok and again.resumed == len(again.plan.partitions) - 1
