"""Sharding: a large archive cut into several Pagefind indexes the browser merges.

Pagefind holds a whole index in memory and peaks while writing it, at about 45 KB a record
(8 GB for the 220k records of 200k quotes, against 1 GB for 22k), so a large archive is
split into shards of at most SHARD_RECORDS records, each indexed by its own Pagefind run:
`pagefind/` (people, topics and the newest quotes), then `pagefind-1/`, `pagefind-2/`...
with older and older quotes. `pagefind/shards.json` lists the others, and
the browser merges them (Pagefind's mergeIndex), which sums filter counts and concatenates
results in index order. Cutting by date keeps a date-sorted browse in date order across
shards, and keeping every person in the first index keeps a name search ranking people by
one set of statistics.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from generator.models import Archive, Quote, Speaker
from generator.render import SiteIndex
from generator.search.index import IndexReport, write_search_index
from generator.search.records import SearchRecord, person_record, quote_record, topic_record

SHARD_RECORDS = 40_000
"""Records per Pagefind index: about 1.8 GB of Pagefind memory each."""
PAGEFIND_PROCESSES = 2
"""Shards indexed at once, each by its own Pagefind process (each peaks at ~1.9 GB). Two
cut the 200k-quote build from 349 s to 276 s on 2 cores, alongside MkDocs."""
SHARDS_FILE = "shards.json"
"""In the first bundle: the folders (from the site root) of the other shards, in order."""


@dataclass(frozen=True, eq=False)
class Shard:
    """The part of the archive one Pagefind index holds, made into records when indexed."""

    archive: Archive
    index: SiteIndex
    quotes: tuple[tuple[Speaker, Quote], ...]
    with_pages: bool
    """Whether it holds the records of every person and topic (the first shard does)."""

    def records(self) -> Iterator[SearchRecord]:
        if self.with_pages:
            yield from map(person_record, self.archive.speakers)
            yield from map(topic_record, self.archive.topics)
        for speaker, quote in self.quotes:
            yield quote_record(speaker, quote, self.index)


def search_shards(archive: Archive, shard_size: int | None = None) -> list[Shard]:
    """The records of `search_records` cut into indexes of at most `shard_size` records
    (default SHARD_RECORDS): every person and topic in the first, then quotes from the newest
    to the oldest."""
    shard_size = shard_size or SHARD_RECORDS
    index = SiteIndex(archive)
    quotes = [(s, q) for s in archive.speakers for q in index.listed(s.quotes)]
    quotes.sort(key=lambda pair: pair[1].date or "", reverse=True)  # stable: ties keep order
    first = max(0, shard_size - len(archive.speakers) - len(archive.topics))
    groups = [quotes[:first]]
    groups += [quotes[i : i + shard_size] for i in range(first, len(quotes), shard_size)]
    return [
        Shard(archive, index, tuple(group), with_pages=number == 0)
        for number, group in enumerate(groups)
    ]


def write_search_shards(
    shards: Sequence[Iterable[SearchRecord]],
    output_dir: Path,
    executable: Path | None = None,
    processes: int | None = None,
) -> IndexReport:
    """Index each shard by its own Pagefind run, so memory is bounded by the largest shard
    (times `processes`, the runs at once: default PAGEFIND_PROCESSES).

    The first shard goes to `output_dir`, shard n to `<output_dir>-n` beside it; the first
    bundle's SHARDS_FILE lists the others' folder names for the browser to merge, in order.
    """
    start = time.perf_counter()
    processes = max(1, min(processes or PAGEFIND_PROCESSES, len(shards)))
    with ThreadPoolExecutor(processes) as pool:
        futures = [
            pool.submit(write_search_index, records, shard_folder(output_dir, number), executable)
            for number, records in enumerate(shards)
        ]
        try:
            reports = [future.result() for future in futures]
        except BaseException:
            pool.shutdown(cancel_futures=True)
            raise
    others = [shard_folder(output_dir, number).name for number in range(1, len(reports))]
    (output_dir / SHARDS_FILE).write_text(json.dumps({"shards": others}) + "\n", encoding="utf-8")
    return IndexReport(
        records=sum(r.records for r in reports),
        seconds=time.perf_counter() - start,
        peak_rss_kb=max(r.peak_rss_kb for r in reports),
        shards=len(reports),
    )


def shard_folder(output_dir: Path, number: int) -> Path:
    return output_dir if number == 0 else output_dir.with_name(f"{output_dir.name}-{number}")
