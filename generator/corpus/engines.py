"""Where the map step runs: in this process, or on Dask (a local cluster or a scheduler).

Each engine yields one result per partition as partitions finish, in whatever order they
finish; the caller checkpoints them. A partition that cannot be processed at all (its worker
died too often, or the task raised) comes back as a `PartitionFailure` and the others go on.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

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
    import dask.bag as db
    from distributed import Client, LocalCluster, as_completed

    if not partitions:
        return
    cluster = None
    if scheduler is None:
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )
    try:
        with Client(scheduler or cluster) as client:
            bag = db.from_sequence(list(partitions), npartitions=len(partitions))
            tasks = bag.map(extract_partition).to_delayed()
            futures = client.compute(tasks)
            index_of = {f.key: p.index for f, p in zip(futures, partitions, strict=True)}
            for future in as_completed(futures):
                yield _outcome(future, index_of[future.key])
                future.release()
    finally:
        if cluster is not None:
            cluster.close()


def _outcome(future: object, index: int) -> Outcome:
    try:
        [result] = future.result()  # type: ignore[attr-defined]
    except Exception as exc:  # KilledWorker, or the task itself raised
        return PartitionFailure(index, f"{type(exc).__name__}: {exc}")
    return result
