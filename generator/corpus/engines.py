"""Where a run's work happens: in this process, or on Dask (a local cluster or a scheduler).

The map yields one result per partition as partitions finish, in whatever order they
finish; the caller checkpoints them. A partition that cannot be processed at all (its worker
died too often, or the task raised) comes back as a `PartitionFailure` and the others go on.
The reduce's tasks go through `Engine.map` on the same processes (`open_engine` keeps a
local cluster up for both).
"""

from __future__ import annotations

import contextlib
import logging
import signal
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from generator.corpus.partitions import PartitionResult, extract_partition
from generator.corpus.sources import Partition


@dataclass(frozen=True)
class PartitionFailure:
    """A partition whose task failed; its files are listed in the run's problems."""

    index: int
    reason: str


Outcome = PartitionResult | PartitionFailure


def run_in_process(partitions: Sequence[Partition]) -> Iterator[Outcome]:
    """Extract partitions one after another in this process (no Dask, no workers)."""
    for partition in partitions:
        yield extract_partition(partition)


def run_on_dask(
    partitions: Sequence[Partition], scheduler: str | None, workers: int
) -> Iterator[Outcome]:
    """Extract partitions as a `dask.bag` with one bag partition per corpus partition.

    With `scheduler` the cluster at that address does the work (every worker must see the
    corpus files under the same paths and have this package installed); without it a
    `LocalCluster` of `workers` single-threaded processes is started and stopped here.
    """
    if not partitions:
        return
    with open_engine(scheduler, max(workers, 1)) as engine:
        yield from engine.extract(partitions)


def _outcome(future: object, index: int) -> Outcome:
    try:
        [result] = future.result()  # type: ignore[attr-defined]
    except Exception as exc:  # KilledWorker, or the task itself raised
        return PartitionFailure(index, f"{type(exc).__name__}: {exc}")
    return result


class Engine:
    """Runs a run's tasks: here (`client` None) or on a Dask cluster."""

    def __init__(self, client: Any = None) -> None:
        self.client = client

    def extract(self, partitions: Sequence[Partition]) -> Iterator[Outcome]:
        """The map: every partition extracted, results as they finish."""
        if self.client is None:
            return run_in_process(partitions)
        return _extract_on(self.client, partitions)

    def map(
        self,
        function: Callable[..., Any],
        calls: Sequence[tuple[Any, ...]],
        done: Callable[[int], None] | None = None,
    ) -> list[Any]:
        """`function(*call)` for every call, results in the order of `calls`; a task that
        fails raises here. `done` is told how many have finished, after each one."""
        results: list[Any] = [None] * len(calls)
        if self.client is None:
            for number, call in enumerate(calls):
                results[number] = function(*call)
                if done is not None:
                    done(number + 1)
            return results
        if not calls:
            return []
        from distributed import as_completed

        futures = self.client.map(function, *zip(*calls, strict=True), pure=False)
        where = {future.key: number for number, future in enumerate(futures)}
        waiting = {future.key: future for future in futures}
        del futures
        try:
            for finished, future in enumerate(as_completed(list(waiting.values())), start=1):
                results[where[future.key]] = future.result()
                # Let the worker drop the result now that it is here: held until the last
                # task finished, every result stayed in the workers' memory (a worker's
                # peak grew with the corpus, not with its task).
                del waiting[future.key]
                future.release()
                if done is not None:
                    done(finished)
            return results
        finally:
            self.client.cancel(list(waiting.values()))


@contextlib.contextmanager
def open_engine(scheduler: str | None, workers: int) -> Iterator[Engine]:
    """An engine for a whole run: this process (`workers` 0 and no scheduler), the cluster
    at `scheduler`, or a local cluster of `workers` single-threaded processes, closed at the
    end."""
    if scheduler is None and workers <= 0:
        yield Engine()
        return
    from distributed import Client, LocalCluster

    cluster = None
    if scheduler is None:
        # Workers started while SIGINT is ignored keep ignoring it: Ctrl+C stops this
        # process (which says where the run stands), not each worker with a traceback.
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            cluster = LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
        finally:
            signal.signal(signal.SIGINT, previous)
    try:
        with Client(scheduler or cluster) as client:
            yield Engine(client)
    finally:
        if cluster is not None:
            cluster.close()


def _extract_on(client: Any, partitions: Sequence[Partition]) -> Iterator[Outcome]:
    import dask.bag as db
    from distributed import as_completed

    if not partitions:
        return
    bag = db.from_sequence(list(partitions), npartitions=len(partitions))
    futures = client.compute(bag.map(extract_partition).to_delayed())
    index_of = {f.key: p.index for f, p in zip(futures, partitions, strict=True)}
    for future in as_completed(futures):
        yield _outcome(future, index_of[future.key])
        future.release()
