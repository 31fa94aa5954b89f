"""Tests for `ingest` on a real local Dask cluster: same bytes as one process, lost workers."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from corpus_factory import write_corpus

from generator.cli import main
from generator.corpus import CorpusOptions, Progress, ingest_corpus
from generator.ingest import SourceDefaults

distributed = pytest.importorskip("distributed")
DATA = Path(__file__).parent / "data"
PARTITION = 6_000


def snapshot(quotes_dir: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(quotes_dir.iterdir())}


def fresh_archive(folder: Path) -> Path:
    shutil.copytree(DATA / "archive", folder)
    return folder


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Long articles with one or two quotes each: the map has work, the reduce little."""
    return write_corpus(tmp_path_factory.mktemp("corpus"), 96, quotes=(1, 2), filler=6)


def options(checkpoints: Path, **changes: object) -> CorpusOptions:
    fields: dict[str, object] = {
        "partition_size": PARTITION,
        "checkpoints": checkpoints,
        "defaults": SourceDefaults(outlet="Harbour Weekly"),
        "review_dir": checkpoints.parent / "review",
        "added": dt.date.today().isoformat(),  # what the command stamps new quotes with
    }
    return CorpusOptions(**{**fields, **changes})  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def single_process(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The archive a run in this process writes: what every other run must match byte for byte."""
    root = tmp_path_factory.mktemp("single")
    quotes = fresh_archive(root / "quotes")
    report = ingest_corpus([str(corpus)], quotes, options(root / "ckpt"))
    assert report.ok and len(report.plan.partitions) >= 8
    return snapshot(quotes)


@pytest.fixture(scope="module")
def cluster():  # type: ignore[no-untyped-def]
    with distributed.LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
    ) as running:
        yield running


def test_two_workers_write_the_same_bytes_as_one_process(
    corpus: Path, single_process: dict[str, bytes], cluster, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    quotes = fresh_archive(tmp_path / "quotes")
    run = options(tmp_path / "ckpt", scheduler=cluster.scheduler_address)
    report = ingest_corpus([str(corpus)], quotes, run)
    assert report.ok and report.mapped_articles == 96
    assert snapshot(quotes) == single_process


def test_a_worker_killed_mid_run_changes_nothing(
    corpus: Path, single_process: dict[str, bytes], cluster, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    killed: list[tuple[str, int]] = []
    with distributed.Client(cluster.scheduler_address) as client:

        def kill_a_busy_worker(progress: Progress) -> None:
            if killed or progress.partitions == 0:
                return
            busy = [w for w, tasks in client.processing().items() if tasks]
            if busy:
                pid = client.run(os.getpid, workers=busy[:1])[busy[0]]
                os.kill(pid, signal.SIGKILL)
                killed.append((busy[0], progress.partitions))

        quotes = fresh_archive(tmp_path / "quotes")
        run = options(tmp_path / "ckpt", scheduler=cluster.scheduler_address)
        report = ingest_corpus([str(corpus)], quotes, run, kill_a_busy_worker)
    assert killed, "a worker was busy when the first partition came back"
    assert killed[0][1] < len(report.plan.partitions), "the kill came before the end"
    assert report.ok and report.failed_partitions == 0
    assert snapshot(quotes) == single_process


def test_the_command_starts_its_own_local_cluster(
    corpus: Path, single_process: dict[str, bytes], tmp_path: Path
) -> None:
    quotes = fresh_archive(tmp_path / "quotes")
    args = ["ingest", "--quotes", str(quotes), "--workers", "2", "--no-progress"]
    args += ["--partition-size", str(PARTITION / 1024 / 1024), "--outlet", "Harbour Weekly"]
    args += ["--checkpoints", str(tmp_path / "ckpt"), str(corpus)]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "96 article(s) extracted" in result.output
    assert snapshot(quotes) == single_process


def test_a_worker_killed_during_the_reduce_changes_nothing(
    corpus: Path, single_process: dict[str, bytes], cluster, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    killed: list[str] = []
    with distributed.Client(cluster.scheduler_address) as client:

        def kill_a_worker_while_placing(progress: Progress) -> None:
            if killed or progress.phase != "shuffle" or progress.size != progress.total:
                return  # the routing is done: the bucket tasks are about to run
            worker = sorted(client.scheduler_info()["workers"])[0]
            os.kill(client.run(os.getpid, workers=[worker])[worker], signal.SIGKILL)
            killed.append(worker)

        quotes = fresh_archive(tmp_path / "quotes")
        run = options(tmp_path / "ckpt", scheduler=cluster.scheduler_address)
        report = ingest_corpus([str(corpus)], quotes, run, kill_a_worker_while_placing)
    assert killed and report.ok
    assert snapshot(quotes) == single_process


def _kilobytes(number: int) -> bytes:
    return bytes(1024) + number.to_bytes(4, "big")


def test_a_task_result_is_let_go_on_the_workers_once_it_is_fetched(cluster) -> None:  # type: ignore[no-untyped-def]
    """Results held until the last task finished kept every worker's memory growing with
    the corpus; once here, each is released (the client lets go of its key, which the
    workers then drop; the release goes through the client's event loop, hence the wait)."""
    from generator.corpus.engines import Engine

    with distributed.Client(cluster) as client:
        engine = Engine(client)
        released: list[bool] = []

        def fetched(done: int) -> None:
            deadline = time.monotonic() + 5
            while len(client.futures) > 8 - done and time.monotonic() < deadline:
                time.sleep(0.01)
            released.append(len(client.futures) <= 8 - done)

        results = engine.map(_kilobytes, [(n,) for n in range(8)], fetched)
        assert results == [_kilobytes(n) for n in range(8)]
        assert released == [True] * 8
