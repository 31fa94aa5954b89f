"""A progress bar for `ingest`: input bytes against the corpus size, articles/s and ETA while
extracting, then the tasks of each phase of the reduce, then the write."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from generator.corpus import Progress


@contextmanager
def progress_bar(show: bool) -> Iterator[Callable[[Progress], None] | None]:
    """Yield a callback that draws `Progress` on standard error (None when not shown)."""
    if not show:
        yield None
        return
    from tqdm import tqdm

    started = time.perf_counter()
    phase = ["extract"]
    with tqdm(unit="B", unit_scale=True, unit_divisor=1024, desc="ingest") as bar:

        def update(progress: Progress) -> None:
            if progress.phase != phase[0]:  # the reduce: tasks of each phase, no bytes
                phase[0] = progress.phase
                bar.unit, bar.unit_scale, bar.desc = "task", False, _REDUCE[progress.phase]
                bar.reset(progress.total)
                bar.set_postfix_str("")
            if bar.total is None:  # first call: what earlier runs did is not this run's rate
                bar.reset(progress.total)
                bar.initial = bar.n = progress.size
            bar.update(progress.size - bar.n)
            if progress.phase == "extract":
                elapsed = time.perf_counter() - started
                rate = progress.articles / elapsed if elapsed else 0.0
                bar.set_postfix_str(f"{progress.articles} articles, {rate:.0f} articles/s")

        yield update


_REDUCE = {
    "claims": "reduce: names",
    "shuffle": "reduce: route",
    "place": "reduce: place",
    "write": "write",
}
