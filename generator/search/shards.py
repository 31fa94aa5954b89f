"""Sharding: a large archive cut into several Pagefind indexes the browser searches in turn.

Pagefind holds a whole index in memory and peaks while writing it, in proportion to the
quotes it holds (see QUOTE_BUDGET), so an archive too large for one process is split into
shards, each indexed by its own Pagefind run: `pagefind/` (topics and the first bucket of
people), then `pagefind-1/`, `pagefind-2/`... `pagefind/shards.json` lists the others, and
the index of the phrase hints (phrases.py). The browser searches them one after the other:
the shard of a name typed first (the name index gives each person's shard), else the shard
the phrase hints say holds the words typed side by side; it shows each shard's results as
they come, so a reader waits for one shard's files, not every shard's
(content/assets/quote-archive.js).

A speaker's shard depends only on the speaker: a hash of the slug into N buckets, N derived
from the archive's size with headroom (`shard_count`). So a rebuild after a change re-indexes
only the shards whose people changed: each bundle keeps the content key of its lean pages
(KEY_FILE), and `write_search_shards(..., previous=...)` copies an unchanged shard's bundle
from the previous site instead of running Pagefind. N grows only when the archive passes a
multiple of EDIT_SHARD_QUOTES quotes (up to EDIT_SHARDS shards), later of QUOTE_BUDGET *
HEADROOM; that build re-indexes everything once.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import shutil
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from generator.errors import BuildError
from generator.filechores import copy_tree, link_tree
from generator.models import Archive, Speaker, Topic
from generator.render import SiteIndex, person_page
from generator.search.bundle import FinishedFragments
from generator.search.index import IndexReport, write_search_index
from generator.search.phrases import (
    PHRASES_FOLDER,
    FilterCache,
    phrase_index,
    shard_filters,
    write_phrase_hints,
)
from generator.search.record_cache import Lines, RecordCache
from generator.search.records import SearchRecord, person_record, topic_record

QUOTE_BUDGET = 15_000
"""Quotes one Pagefind process may hold. Its memory peaks while it writes the bundle: ~0.3 GB
and ~20 KB a quote of people's lean pages (bench_scale at 200k: 1.16 GB for shards of ~45k
quotes; 20k quotes: 0.67 GB). With HEADROOM shards hold 11k on average, ~0.5 GB at the
peak, so two can run at once beside the build (PAGEFIND_PROCESSES), and a rebuild after an
edit re-indexes an eighteenth of a 200k archive. Pagefind's run is what an edit rebuild
waits for: with 22k-quote shards (a budget of 30k) it ended ~1 s after the build's own work
(at 23-25 s at 200k), with 11k-quote shards at ~16 s. More shards cost a reader nothing
before the first results (a name's shard and the shard the phrase hints give are searched
first), only more files once every shard has answered."""
HEADROOM = 0.75
"""Fill shards to this part of QUOTE_BUDGET on average: hash buckets are uneven, people
have many quotes or few, and the archive grows between changes of the shard count."""
EDIT_SHARD_QUOTES = QUOTE_BUDGET * HEADROOM / 2
"""Quotes a shard holds on average (5,625) while the archive has at most EDIT_SHARDS of them,
half what memory allows: in an archive of tens of thousands of quotes the build's own work
after an edit is done in a few seconds, and the Pagefind run of the edited speaker's shard is
what the rebuild waits for, in proportion to the shard's quotes (20k quotes, side by side:
4.6-5.1 s with four shards of 5k against 6.4-7.0 s with two of 10k). Not a round number: an
archive of 20k quotes that gains one is not where the count changes."""
EDIT_SHARDS = 16
"""Shards from which they grow to what memory allows instead of growing in number: from 90k
quotes they hold more than EDIT_SHARD_QUOTES, and from 180k memory's rule gives more (18 at
200k), so no archive gets more shards, or more files for a reader to fetch once every shard
has answered, than memory's rule gives at 200k."""
PAGEFIND_PROCESSES = 2
"""Shards indexed at once, each by its own Pagefind process (a process keeps one core busy),
one writing its bundle at a time. The build opens the second only once its own work is done
and the archive let go of (`IndexSlots`)."""
SHARDS_FILE = "shards.json"
"""In the first bundle: the folders (from the site root) of the other shards, in order."""
WASM_FILES = "wasm.*.pagefind"
"""Pagefind's WebAssembly in a bundle, one a language."""
PAGEFIND_MODULE = "pagefind.js"
"""Pagefind's JS module in a bundle: the search page imports the first bundle's."""
KEY_FILE = "shard-key.txt"
"""In every bundle: the content key of the pages it was made from (`content_key`)."""
INDEX_FORMAT = "people-pages-3"
"""Part of every content key: change it when the bundle changes while the pages do not."""


@dataclass(frozen=True, eq=False)
class Shard:
    """The people (and, in the first, the topics) one Pagefind index holds."""

    number: int
    """Its bucket: the bundle goes to `shard_folder(output_dir, number)`."""
    speakers: tuple[Speaker, ...]
    topics: tuple[Topic, ...]
    index: SiteIndex

    def records(self) -> Iterator[SearchRecord]:
        for speaker in self.speakers:
            yield person_record(speaker, self.index)
        yield from map(topic_record, self.topics)

    def texts(self) -> Iterator[str]:
        """The words of its quotes as listed, and their other wordings (phrases.py)."""
        for speaker in self.speakers:
            for quote in self.index.listed(speaker.quotes):
                yield quote.text
                yield from quote.variants

    @property
    def quotes(self) -> int:
        return sum(len(self.index.listed(s.quotes)) for s in self.speakers)


@dataclass(frozen=True)
class ReusedShard:
    """A shard whose inputs are those it had in the last build (`input_key`): its bundle is
    that build's, linked, and its lean pages are never made (a third of a 200k rebuild's
    search time was making every shard's pages to find that two had not changed)."""

    number: int
    bundle: Path
    """The last site's bundle of this shard."""
    record_count: int


@dataclass(frozen=True)
class SpooledShard:
    """A shard's lean pages written to a file (`spool_shards`), read back one at a time: what
    Pagefind needs once the archive itself is no longer in memory."""

    number: int
    path: Path

    def records(self) -> Iterator[SearchRecord]:
        with self.path.open(encoding="utf-8") as lines:
            for line in lines:
                url, html, stored = json.loads(line)
                yield SearchRecord(url, html, tuple((key, value) for key, value in stored))


def spool_shards(
    shards: Sequence[Shard | ReusedShard], folder: Path, cache: RecordCache | None = None
) -> list[SpooledShard | ReusedShard]:
    """Write each shard's lean pages to `folder` (JSON lines), so the build can let go of the
    archive before Pagefind, the largest process, starts; a reused shard stays as it is.
    With a `cache`, a person whose page key is the one kept gets the line kept."""
    folder.mkdir(parents=True, exist_ok=True)
    spooled: list[SpooledShard | ReusedShard] = []
    for shard in shards:
        if isinstance(shard, ReusedShard):
            spooled.append(shard)
            continue
        path = folder / f"shard-{shard.number}.jsonl"
        with path.open("w", encoding="utf-8", newline="\n") as out:
            lines = _lines(shard) if cache is None else _lines_kept(shard, cache)
            out.writelines(lines)
        spooled.append(SpooledShard(shard.number, path))
    return spooled


def _line(record: SearchRecord) -> str:
    return json.dumps([record.url, record.html, record.stored_meta], ensure_ascii=False) + "\n"


def _lines(shard: Shard) -> Iterator[str]:
    return map(_line, shard.records())


def _lines_kept(shard: Shard, cache: RecordCache) -> Iterator[str]:
    """`_lines(shard)`, a person's from `cache` when kept under their key; then keeps the
    shard's lines for the next build."""
    kept = cache.lines(shard.number)
    lines: Lines = {}
    for speaker in shard.speakers:  # in the order of Shard.records: people, then topics
        key = cache.keys.get(speaker.slug)
        line = _kept_line(kept.get(speaker.slug), key)
        if line is None:
            line = _line(person_record(speaker, shard.index))
        if key is not None:
            lines[speaker.slug] = (key, line)
        yield line
    yield from map(_line, map(topic_record, shard.topics))
    cache.keep(shard.number, lines)


def _kept_line(entry: object, key: str | None) -> str | None:
    """The line of a cache entry (key, line) kept under `key`; None for anything else."""
    if key is None or not isinstance(entry, tuple) or len(entry) != 2:
        return None
    kept_key, line = entry
    return line if kept_key == key and isinstance(line, str) else None


def shard_count(quotes: int, quote_budget: int | None = None) -> int:
    """How many buckets an archive of `quotes` quotes needs: enough for memory, with HEADROOM,
    and at least one per EDIT_SHARD_QUOTES up to EDIT_SHARDS (shorter rebuilds after an edit)."""
    budget = quote_budget or QUOTE_BUDGET
    for_memory = math.ceil(quotes / (budget * HEADROOM))
    for_edits = min(EDIT_SHARDS, math.ceil(quotes / EDIT_SHARD_QUOTES))
    return max(1, for_memory, for_edits)


def shard_of(slug: str, count: int) -> int:
    """The bucket of a speaker: a hash of the slug, so it moves only when `count` changes."""
    return int.from_bytes(hashlib.sha256(slug.encode("utf-8")).digest()[:8], "big") % count


def speaker_shards(
    archive: Archive, quote_budget: int | None = None, index: SiteIndex | None = None
) -> dict[str, int]:
    """The bucket of each speaker (by slug) and so the shard holding their page: the name
    index tells the browser, which searches the shard of a name typed first."""
    index = index or SiteIndex(archive)
    total = sum(index.listed_counts.values())
    count = shard_count(total, quote_budget)
    return {speaker.slug: shard_of(speaker.slug, count) for speaker in archive.speakers}


def search_shards(
    archive: Archive, quote_budget: int | None = None, index: SiteIndex | None = None
) -> list[Shard]:
    """The people of the archive in buckets of about QUOTE_BUDGET * HEADROOM quotes, topics
    in the first; empty buckets other than the first are left out."""
    index = index or SiteIndex(archive)
    numbers = speaker_shards(archive, quote_budget, index)
    buckets: list[list[Speaker]] = [[] for _ in range(max(numbers.values(), default=0) + 1)]
    for speaker in archive.speakers:
        buckets[numbers[speaker.slug]].append(speaker)
    return [
        Shard(number, tuple(people), archive.topics if number == 0 else (), index)
        for number, people in enumerate(buckets)
        if number == 0 or people
    ]


def input_key(shard: Shard, page_keys: Mapping[str, str | None]) -> str:
    """A digest of what a shard's lean pages are made from: each person's page key (which
    stands for their file, the topics and their quotes' links; see PagePlan.key), the topics
    in the first shard, and Pagefind's version. Code changes are the build fingerprint's."""
    people = [(s.slug, page_keys.get(person_page(s.slug))) for s in shard.speakers]
    text = repr((INDEX_FORMAT, _pagefind_version(), shard.number, people, shard.topics))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def reusable_shards(
    shards: Sequence[Shard],
    keys: Mapping[str, str],
    previous_keys: Mapping[str, str],
    previous: Path,
) -> list[Shard | ReusedShard]:
    """`shards`, each whose input key (`keys`, by number) is the one the last build recorded
    (`previous_keys`) as a ReusedShard of its bundle in the last site (`previous`, its first
    bundle), when that bundle is there."""
    found: list[Shard | ReusedShard] = []
    for shard in shards:
        number = str(shard.number)
        bundle = shard_folder(previous, shard.number)
        unchanged = number in previous_keys and previous_keys[number] == keys.get(number)
        if unchanged and (bundle / KEY_FILE).is_file():
            count = len(shard.speakers) + len(shard.topics)
            found.append(ReusedShard(shard.number, bundle, count))
        else:
            found.append(shard)
    return found


def content_key(records: Sequence[SearchRecord]) -> str:
    """A hash of the lean pages, their stored meta and of what turns them into a bundle
    (Pagefind's version)."""
    digest = hashlib.sha256(f"{INDEX_FORMAT}\0{_pagefind_version()}\0".encode())
    for record in records:
        digest.update(f"{record.url}\0{record.html}\0{record.stored_meta!r}\0".encode())
    return digest.hexdigest()


class IndexSlots:
    """How many Pagefind runs may go at once, opened as the build frees cores and memory: a
    build starts indexing once the page workers are done, beside its own last steps, and
    opens a second run once the archive is let go of. `cancel` stops runs not started yet."""

    def __init__(self, open_now: int = 0) -> None:
        self._free = open_now
        self._cancelled = False
        self._changed = threading.Condition()
        self.first_taken: float | None = None
        """When the first run started (time.perf_counter), for the build's phases."""

    def open(self, count: int = 1) -> None:
        with self._changed:
            self._free += count
            self._changed.notify_all()

    def cancel(self) -> None:
        with self._changed:
            self._cancelled = True
            self._changed.notify_all()

    @contextlib.contextmanager
    def slot(self) -> Iterator[None]:
        """Hold a slot while the block runs; BuildError once cancelled."""
        with self._changed:
            self._changed.wait_for(lambda: self._free > 0 or self._cancelled)
            if self._cancelled:
                raise BuildError("indexing for search was cancelled")
            self._free -= 1
            if self.first_taken is None:
                self.first_taken = time.perf_counter()
        try:
            yield
        finally:
            self.open()


def write_search_shards(
    shards: Sequence[Shard | SpooledShard | ReusedShard],
    output_dir: Path,
    executable: Path | None = None,
    processes: int | None = None,
    previous: Path | None = None,
    slots: IndexSlots | None = None,
    finished: Path | None = None,
    trust_finished: bool = True,
) -> IndexReport:
    """Index each shard by its own Pagefind run, so memory is bounded by the largest shard
    (times `processes`, the runs at once: default PAGEFIND_PROCESSES, one writing at a time).

    The first shard goes to `output_dir`, shard n to `<output_dir>-n` beside it; the first
    bundle's SHARDS_FILE lists the others' folder names for the browser to search, in order.
    `previous` is the first bundle of the previous build (`site/pagefind`): a shard whose
    content key equals the one in the same folder there is copied instead of indexed.
    `slots` says when runs may start (default: `processes` of them at once, from the start).
    `finished` keeps the fragments each shard's bundle was finished into (`<finished>/<n>`:
    see bundle.FinishedFragments), trusted from the last build's with `trust_finished`.
    """
    start = time.perf_counter()
    processes = max(1, min(processes or PAGEFIND_PROCESSES, len(shards)))
    slots = slots or IndexSlots(processes)
    write_lock = threading.Lock()
    # Shards to index first: a bundle kept from the last build is only linked, and need not
    # hold up the Pagefind run of a rebuild's one changed shard.
    order = sorted(range(len(shards)), key=lambda i: isinstance(shards[i], ReusedShard))
    with ThreadPoolExecutor(processes) as pool:
        futures = {
            i: pool.submit(
                _write_shard,
                shards[i],
                output_dir,
                executable,
                previous,
                slots,
                write_lock,
                finished and finished / str(shards[i].number),
                trust_finished,
            )
            for i in order
        }
        try:
            reports = [futures[i].result() for i in range(len(shards))]
        except BaseException:
            slots.cancel()
            pool.shutdown(cancel_futures=True)
            raise
    if finished is not None:
        forget_other_shards(finished, {shard.number for shard in shards})
    others = [shard_folder(output_dir, shard.number).name for shard in shards[1:]]
    listed: dict[str, object] = {"shards": others}
    if others and same_wasm(output_dir, [output_dir.parent / name for name in others]):
        listed["shared_wasm"] = True
        for name in others:
            drop_shared_files(output_dir.parent / name)
    listing = output_dir / SHARDS_FILE
    listing.unlink(missing_ok=True)  # a reused bundle's is a link to the last site's file
    listing.write_text(json.dumps(listed) + "\n", encoding="utf-8")
    return IndexReport(
        records=sum(r.records for r in reports),
        seconds=time.perf_counter() - start,
        peak_rss_kb=max(r.peak_rss_kb for r in reports),
        shards=len(reports),
        reused=sum(r.reused for r in reports),
    )


def forget_other_shards(finished: Path, numbers: AbstractSet[int]) -> None:
    """Remove the finished fragments kept for shards other than `numbers`: those of an
    archive that had more shards (each shard's run prunes only its own folder)."""
    if not finished.is_dir():
        return
    for entry in os.scandir(finished):
        if entry.name.isdecimal() and int(entry.name) in numbers:
            continue
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                os.unlink(entry.path)


def _write_shard(
    shard: Shard | SpooledShard | ReusedShard,
    output_dir: Path,
    executable: Path | None,
    previous: Path | None,
    slots: IndexSlots,
    write_lock: threading.Lock,
    finished: Path | None = None,
    trust_finished: bool = True,
) -> IndexReport:
    start = time.perf_counter()
    folder = shard_folder(output_dir, shard.number)
    if isinstance(shard, ReusedShard):
        link_tree(shard.bundle, folder)  # in a child: see generator.filechores
        return IndexReport(shard.record_count, time.perf_counter() - start, 0, reused=1)
    records = list(shard.records())
    key = content_key(records)
    if previous is not None and _key_of(shard_folder(previous, shard.number)) == key:
        copy_tree(shard_folder(previous, shard.number), folder)
        return IndexReport(len(records), time.perf_counter() - start, 0, reused=1)
    with slots.slot():
        fragments = FinishedFragments(finished, trust_finished) if finished else None
        report = write_search_index(records, folder, executable, write_lock, fragments)
    (folder / KEY_FILE).write_text(key + "\n", encoding="utf-8")
    return report


def same_wasm(first: Path, others: Sequence[Path]) -> bool:
    """Whether every bundle in `others` has the WebAssembly files of the `first`, byte for
    byte (they come from one Pagefind version), or none (`drop_shared_files` took them): the
    search page then fetches the first's once for all shards (Pagefind's module starts one,
    whichever shard asks first)."""
    wanted = _wasm_files(first)
    return bool(wanted) and all(_wasm_files(other) in (wanted, {}) for other in others)


def drop_shared_files(bundle: Path) -> None:
    """Remove from a bundle other than the first what the search page takes from the first
    only, once the bundles are found to share it (`same_wasm`): the WebAssembly and
    Pagefind's module (186 KB a shard: 17 MB of a site at 1M quotes in 90 shards, which
    Pages counts). A bundle without them had them dropped by the build that made it, under
    the same Pagefind version (a shard's input key holds it), and is left as it is."""
    for path in [*bundle.glob(WASM_FILES), bundle / PAGEFIND_MODULE]:
        path.unlink(missing_ok=True)  # a link to the last site's file: the path only


def _wasm_files(bundle: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(bundle.glob(WASM_FILES))}


def _key_of(bundle: Path) -> str | None:
    try:
        return (bundle / KEY_FILE).read_text(encoding="utf-8").strip()
    except OSError:
        return None


def _pagefind_version() -> str:
    try:
        return metadata.version("pagefind_bin")
    except metadata.PackageNotFoundError:
        return "unknown"


def shard_folder(output_dir: Path, number: int) -> Path:
    return output_dir if number == 0 else output_dir.with_name(f"{output_dir.name}-{number}")


@dataclass(frozen=True)
class PhraseFilters:
    """Each shard's phrase filter (phrases.py), by shard number, in the order of the shards."""

    numbers: tuple[int, ...]
    filters: tuple[bytes, ...]


def phrase_filters(
    shards: Sequence[Shard], keys: Mapping[str, str] | None = None, cache: FilterCache | None = None
) -> PhraseFilters | None:
    """The shards' phrase filters, None for a single shard (searched first anyway). Made
    while the archive is in memory; written with the bundles (`write_shard_phrase_hints`).
    `keys`: each shard's input key by number, under which `cache` keeps its filter."""
    if len(shards) < 2:
        return None
    numbers = [str(shard.number) for shard in shards]
    filters = shard_filters(
        [shard.texts() for shard in shards],
        [keys[number] for number in numbers] if keys is not None else None,
        cache,
    )
    if cache is not None:
        cache.prune()
    return PhraseFilters(tuple(shard.number for shard in shards), tuple(filters))


def filters_to_make(
    shards: Sequence[Shard], keys: Mapping[str, str], cache: FilterCache
) -> list[tuple[str, Shard]]:
    """(key, shard) of each shard whose phrase filter `cache` lacks: `made_filter` makes
    them, in page workers (generator.site), and the build puts them in the cache before
    `phrase_filters` reads it. Empty for a single shard, which has no filter."""
    if len(shards) < 2:
        return []
    return [
        (keys[str(shard.number)], shard)
        for shard in shards
        if cache.get(keys[str(shard.number)]) is None
    ]


def made_filter(shard: Shard) -> bytes:
    """A shard's phrase filter, from its quotes' texts."""
    return shard_filters([shard.texts()])[0]


def write_shard_phrase_hints(filters: PhraseFilters | None, first_bundle: Path) -> None:
    """The phrase hints into PHRASES_FOLDER beside the bundles (`first_bundle`, written
    already), and their index into its SHARDS_FILE, which the search page reads first."""
    if filters is None:
        return
    folders = [shard_folder(first_bundle, number).name for number in filters.numbers]
    write_phrase_hints(first_bundle.parent / PHRASES_FOLDER, filters.filters)
    listing = first_bundle / SHARDS_FILE
    data = json.loads(listing.read_text(encoding="utf-8"))
    data["phrases"] = phrase_index(folders, filters.filters)
    listing.unlink()  # never write through a link to the last site's file
    listing.write_text(json.dumps(data) + "\n", encoding="utf-8")
