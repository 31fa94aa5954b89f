"""A progress bar for `ingest`: input bytes against the corpus size, articles/s, ETA."""

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
    with tqdm(unit="B", unit_scale=True, unit_divisor=1024, desc="ingest") as bar:

        def update(progress: Progress) -> None:
            if bar.total is None:  # first call: what earlier runs did is not this run's rate
                bar.reset(progress.total)
                bar.initial = bar.n = progress.size
            bar.update(progress.size - bar.n)
            elapsed = time.perf_counter() - started
            rate = progress.articles / elapsed if elapsed else 0.0
            bar.set_postfix_str(f"{progress.articles} articles, {rate:.0f} articles/s")

        yield update
