"""One Pagefind index: records sent to a Pagefind service, its bundle written and normalised."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from generator.search.bundle import FinishedFragments, normalize_bundle, prune_bundle
from generator.search.records import HIDDEN_ANCHOR, UNREAD_FIELDS, SearchRecord
from generator.search.service import PagefindService, pagefind_executable

BATCH_SIZE = 500
"""Pages in flight at once: enough to keep Pagefind busy, small enough to bound memory."""


@dataclass(frozen=True)
class IndexReport:
    """What indexing did, for the build summary and the benchmark."""

    records: int
    seconds: float
    peak_rss_kb: int
    """Peak resident memory of the Pagefind process (the largest one, with shards; up to
    PAGEFIND_PROCESSES of them run at once)."""
    shards: int = 1
    reused: int = 0
    """Shards copied from the previous build because their pages had not changed."""


def write_search_index(
    records: Iterable[SearchRecord],
    output_dir: Path,
    executable: Path | None = None,
    write_lock: threading.Lock | None = None,
    finished: FinishedFragments | None = None,
) -> IndexReport:
    """Index the records with Pagefind and write its bundle to `output_dir`. `write_lock`,
    shared by Pagefind runs at once, lets one write at a time: a run peaks while it writes
    (3-4 times its memory while adding pages), so two runs writing together would double the
    peak, while one adding beside one writing adds little. `finished`: the fragments earlier
    builds finished (see normalize_bundle), left with this bundle's only."""
    start = time.perf_counter()
    with PagefindService(executable or pagefind_executable()) as service:
        index_id = service.new_index({"force_language": "en"})
        count = 0
        stored: dict[str, tuple[tuple[str, str], ...]] = {}
        iterator = iter(records)
        while batch := list(islice(iterator, BATCH_SIZE)):
            service.add_files(index_id, batch)
            stored.update((r.url, r.stored_meta) for r in batch if r.stored_meta)
            count += len(batch)
        with write_lock or contextlib.nullcontext():
            service.write_files(index_id, output_dir.resolve())
    normalize_bundle(output_dir, stored, HIDDEN_ANCHOR, UNREAD_FIELDS, finished)
    if finished is not None:
        finished.forget_unused()
    prune_bundle(output_dir)
    return IndexReport(count, time.perf_counter() - start, service.peak_rss_kb)
