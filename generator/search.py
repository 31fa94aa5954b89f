"""Search: a Pagefind index built from lean records of the archive, not from the site's HTML.

Indexing MkDocs' output makes Pagefind parse every theme page whole (3.7 GB of memory at 200k
quotes); instead we hand it one small page per quote, person and topic, made from the
Archive. A quote's record points at its permalink (`/people/<slug>/#q-<id>`), carries meta
for the result (speaker, quote, date, topics) and filters (type, speaker, topic, year). A
person's record weighs the name heavily, so searching a name finds the person first.

Records go to the `pagefind --service` process through our own small client: the `pagefind`
Python package answers one call per 100 ms (its response loop sleeps), which would take
hours at 200k records. The protocol is base64-encoded JSON messages ended by a comma, on
stdin and stdout; we send records in batches from a writer thread while reading the answers,
so neither pipe fills up.

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

import base64
import contextlib
import gzip
import hashlib
import json
import os
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import IO, Any

from generator.errors import BuildError
from generator.models import Archive, Quote, Speaker, Topic
from generator.render import (
    ENVIRONMENT,
    SiteIndex,
    display_date,
    one_line,
    page_url,
    person_page,
    topic_page,
)

SHARD_RECORDS = 40_000
"""Records per Pagefind index: about 1.8 GB of Pagefind memory each."""
SHARDS_FILE = "shards.json"
"""In the first bundle: the folders (from the site root) of the other shards, in order."""
BATCH_SIZE = 500
"""Records in flight at once: enough to keep Pagefind busy, small enough to bound memory."""
WRITE_TIMEOUT = 300.0
"""Seconds to wait for Pagefind's last writes after it answered WriteFiles."""
QUOTE_META_LENGTH = 400
"""Characters of a quote's text kept as result meta; the full text is on the page."""


@dataclass(frozen=True)
class SearchRecord:
    """One entry of the index: where a result leads and the lean page Pagefind reads."""

    url: str
    """Path from the site root, starting with `/`; Pagefind prefixes it with the baseUrl."""
    html: str


@dataclass(frozen=True)
class IndexReport:
    """What indexing did, for the build summary and the benchmark."""

    records: int
    seconds: float
    peak_rss_kb: int
    """Peak resident memory of the Pagefind process (the largest one, with shards)."""
    shards: int = 1


# -- Records (pure) ------------------------------------------------------------------------


def search_records(archive: Archive) -> Iterator[SearchRecord]:
    """Every record of the index, in a stable order: people, topics, then quotes."""
    index = SiteIndex(archive)
    for speaker in archive.speakers:
        yield person_record(speaker)
    for topic in archive.topics:
        yield topic_record(topic)
    for speaker in archive.speakers:
        for quote in index.listed(speaker.quotes):
            yield quote_record(speaker, quote, index)


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


def site_path(page: str, fragment: str = "") -> str:
    """The URL of a page from the site root, as Pagefind stores it."""
    return "/" + page_url(page) + (f"#{fragment}" if fragment else "")


def person_record(speaker: Speaker) -> SearchRecord:
    count = len(speaker.quotes)
    return _record(
        site_path(person_page(speaker.slug)),
        "Person",
        speaker.name,
        aliases=speaker.aliases,
        description=one_line(speaker.description),
        meta={
            "description": one_line(speaker.description),
            "count": f"{count} quote" + ("" if count == 1 else "s"),
        },
        filters=[("speaker", speaker.name)],
    )


def topic_record(topic: Topic) -> SearchRecord:
    return _record(
        site_path(topic_page(topic.slug)),
        "Topic",
        topic.title,
        description=one_line(topic.description),
        meta={"description": one_line(topic.description)},
        filters=[("topic", topic.title)],
    )


def quote_record(speaker: Speaker, quote: Quote, index: SiteIndex) -> SearchRecord:
    topics = [index.topics[t] for t in quote.topics if t in index.topics]
    text = one_line(quote.text) or ""
    meta = {
        "quote": text if len(text) <= QUOTE_META_LENGTH else text[:QUOTE_META_LENGTH] + "…",
        "date": display_date(quote.date),
        "status": quote.status,
        "topics": json.dumps([[t.slug, t.title] for t in topics], ensure_ascii=False),
    }
    filters = [("speaker", speaker.name), *(("topic", t.title) for t in topics)]
    if quote.year:
        filters.append(("year", quote.year))
    return _record(
        site_path(person_page(speaker.slug), f"q-{quote.id}"),
        "Quote",
        speaker.name,
        text=text,
        aliases=speaker.aliases,
        context=one_line(quote.context),
        variants=[v for v in (one_line(v) for v in quote.variants) if v],
        meta=meta,
        filters=filters,
        sort_date=quote.date or "0000",
    )


def _record(
    url: str,
    kind: str,
    title: str,
    *,
    meta: dict[str, str | None],
    filters: list[tuple[str, str]],
    **values: Any,
) -> SearchRecord:
    values = {
        "text": "",
        "aliases": (),
        "description": None,
        "context": None,
        "variants": (),
        "sort_date": None,
        **values,
    }
    html = ENVIRONMENT.get_template("search_record.html.j2").render(
        kind=kind,
        title=title,
        filters=filters,
        meta=[(key, value) for key, value in meta.items() if value],
        **values,
    )
    return SearchRecord(url, html)


# -- Writing the index ---------------------------------------------------------------------


def write_search_index(
    records: Iterable[SearchRecord], output_dir: Path, executable: Path | None = None
) -> IndexReport:
    """Index the records with Pagefind and write its bundle to `output_dir`."""
    start = time.perf_counter()
    with PagefindService(executable or pagefind_executable()) as service:
        index_id = service.new_index({"force_language": "en"})
        count = 0
        iterator = iter(records)
        while batch := list(islice(iterator, BATCH_SIZE)):
            service.add_files(index_id, batch)
            count += len(batch)
        service.write_files(index_id, output_dir.resolve())
    normalize_bundle(output_dir)
    return IndexReport(count, time.perf_counter() - start, service.peak_rss_kb)


def write_search_shards(
    shards: Sequence[Iterable[SearchRecord]], output_dir: Path, executable: Path | None = None
) -> IndexReport:
    """Index each shard by its own Pagefind run, so memory is bounded by the largest shard.

    The first shard goes to `output_dir`, shard n to `<output_dir>-n` beside it; the first
    bundle's SHARDS_FILE lists the others' folder names for the browser to merge, in order.
    """
    reports = [
        write_search_index(records, shard_folder(output_dir, number), executable)
        for number, records in enumerate(shards)
    ]
    others = [shard_folder(output_dir, number).name for number in range(1, len(reports))]
    (output_dir / SHARDS_FILE).write_text(json.dumps({"shards": others}) + "\n", encoding="utf-8")
    return IndexReport(
        records=sum(r.records for r in reports),
        seconds=sum(r.seconds for r in reports),
        peak_rss_kb=max(r.peak_rss_kb for r in reports),
        shards=len(reports),
    )


def shard_folder(output_dir: Path, number: int) -> Path:
    return output_dir if number == 0 else output_dir.with_name(f"{output_dir.name}-{number}")


def pagefind_executable() -> Path:
    """The binary shipped by `pagefind[bin]`, or the one PAGEFIND_BINARY_PATH names."""
    if override := os.environ.get("PAGEFIND_BINARY_PATH"):
        return Path(override)
    try:
        from pagefind_bin import get_executable
    except ImportError as exc:
        raise BuildError("Pagefind is not installed: pip install 'pagefind[bin]'") from exc
    return Path(get_executable())


class PagefindService:
    """A synchronous client of `pagefind --service` that keeps many requests in flight."""

    def __init__(self, executable: Path) -> None:
        self.executable = executable
        self.peak_rss_kb = 0
        self._next_id = 0
        self._pending: list[bytes] = []
        self._rest = b""
        self._log: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 - closed in __exit__
        self._process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> PagefindService:
        try:
            self._process = subprocess.Popen(
                [str(self.executable), "--service"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._log,
            )
        except OSError as exc:
            raise BuildError(f"cannot start Pagefind ({self.executable}): {exc}") from exc
        return self

    def __exit__(self, *exc_info: object) -> None:
        process = self._process
        if process is None:
            return
        self.peak_rss_kb = peak_rss_kb(process.pid)
        if process.stdin:
            with contextlib.suppress(BrokenPipeError):
                process.stdin.close()
        if process.returncode is None:
            _, status, usage = os.wait4(process.pid, 0)
            process.returncode = os.waitstatus_to_exitcode(status)
            self.peak_rss_kb = self.peak_rss_kb or usage.ru_maxrss
        self._log.close()

    def new_index(self, config: dict[str, Any]) -> int:
        answer = self.request({"type": "NewIndex", "config": config})
        return int(answer["index_id"])

    def add_files(self, index_id: int, records: list[SearchRecord]) -> None:
        """Send a batch of records at once, from a writer thread while reading the answers."""
        payloads = [
            {
                "type": "AddFile",
                "index_id": index_id,
                "url": r.url,
                "file_contents": r.html,
                "file_path": None,
            }
            for r in records
        ]
        self.request_many(payloads)

    def write_files(self, index_id: int, output_dir: Path) -> None:
        """Write the bundle and return once every byte of it is on disk.

        Pagefind 1.5.2 answers WriteFiles while its last writes may still wait in tokio's
        blocking pool (it drops files without flushing them: Pagefind issue #1271), and it
        exits at once when its stdin closes, so a bundle read or closed right after the
        answer can have files cut short. A file stays open until its last write has landed,
        so we wait until Pagefind holds no file under `output_dir` open.
        """
        self.request({"type": "WriteFiles", "index_id": index_id, "output_path": str(output_dir)})
        self._wait_until_closed(output_dir)

    def _wait_until_closed(self, folder: Path) -> None:
        assert self._process is not None
        deadline = time.monotonic() + WRITE_TIMEOUT
        while open_files := files_open_under(self._process.pid, folder):
            if time.monotonic() > deadline:
                raise BuildError(f"Pagefind did not finish writing {open_files[0]}")
            time.sleep(0.005)

    def request(self, payload: dict[str, Any]) -> dict[str, Any]:
        return self.request_many([payload])[0]

    def request_many(self, payloads: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Send every payload, then collect the answers in the order they were asked."""
        first = self._next_id + 1
        self._next_id += len(payloads)
        messages = [_encode(first + i, payload) for i, payload in enumerate(payloads)]
        failure: list[BaseException] = []
        writer = threading.Thread(target=self._write, args=(messages, failure), daemon=True)
        writer.start()
        answers: dict[int, dict[str, Any]] = {}
        try:
            while len(answers) < len(payloads):
                message = self._read()
                answers[int(message.get("message_id") or 0)] = message["payload"]
        finally:
            writer.join()
        if failure:
            raise BuildError(f"Pagefind stopped reading: {failure[0]}")
        results = [answers.get(first + i, {}) for i in range(len(payloads))]
        for answer in results:
            if answer.get("type") == "Error":
                raise BuildError(f"Pagefind failed: {answer.get('message')}")
        return results

    def _write(self, messages: list[bytes], failure: list[BaseException]) -> None:
        assert self._process is not None and self._process.stdin is not None
        try:
            for message in messages:
                self._process.stdin.write(message)
            self._process.stdin.flush()
        except OSError as exc:
            failure.append(exc)

    def _read(self) -> dict[str, Any]:
        assert self._process is not None and self._process.stdout is not None
        while not self._pending:
            chunk = os.read(self._process.stdout.fileno(), 1 << 16)
            if not chunk:
                raise BuildError(f"Pagefind exited unexpectedly: {self._stderr_tail()}")
            *complete, self._rest = (self._rest + chunk).split(b",")
            self._pending.extend(complete)
        return json.loads(base64.b64decode(self._pending.pop(0)))

    def _stderr_tail(self) -> str:
        self._log.seek(0)
        return self._log.read().decode("utf-8", "replace")[-2000:].strip() or "no output"


def peak_rss_kb(pid: int | str = "self") -> int:
    """Peak memory of a running process since its last exec (Linux VmHWM), 0 if unknown.

    Unlike a child's ru_maxrss, which starts at the parent's size when it forks, this counts
    only the program itself.
    """
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    except OSError:
        return 0
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def files_open_under(pid: int, folder: Path) -> list[str]:
    """Files under `folder` that a process holds open (Linux /proc), sorted."""
    fd_dir = Path(f"/proc/{pid}/fd")
    prefix = str(folder.resolve()) + os.sep
    try:
        descriptors = os.listdir(fd_dir)
    except OSError as exc:
        raise BuildError(f"cannot tell whether Pagefind finished writing: {exc}") from exc
    targets = []
    for descriptor in descriptors:
        with contextlib.suppress(OSError):  # closed since listdir
            targets.append(os.readlink(fd_dir / descriptor))
    return sorted(t for t in targets if t.startswith(prefix))


def _encode(message_id: int, payload: dict[str, Any]) -> bytes:
    """A service message: base64 of the JSON, ended by the comma the service waits for."""
    body = json.dumps({"message_id": message_id, "payload": payload}).encode("utf-8")
    return base64.b64encode(body) + b","


# -- Reproducible output -------------------------------------------------------------------
#
# Pagefind 1.5 writes each filter's values, and the list of filters in its meta file, in hash
# map order, which changes from run to run (its source says "TODO: Change filter indexes to
# BTree to give them a stable hash"). We sort them and rename the files after their new
# content. Files are gzip of a signature plus CBOR; a file is rewritten only when our small
# CBOR codec reproduces it byte for byte, so a future format change leaves the bundle as
# Pagefind wrote it (and the determinism test says so) instead of breaking it.

PF_SIGNATURE = b"pagefind_dcd"
META_FILTERS = 3
"""Position of the [[filter, file hash], ...] list in the meta file."""


def normalize_bundle(bundle: Path) -> None:
    """Sort filter values and filters in a Pagefind bundle, renaming files to match."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    metas = {
        language: _read_pf(bundle / f"pagefind.{info['hash']}.pf_meta")
        for language, info in entry["languages"].items()
    }
    if any(meta is None for meta in metas.values()):
        return  # leave every language as written rather than half of them renamed
    for language, info in entry["languages"].items():
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = metas[language]
        for item in meta[META_FILTERS]:
            item[1] = _normalize_filter(bundle / "filter", language, item[1])
        meta[META_FILTERS].sort()
        info["hash"] = _write_pf(bundle, "pagefind.{}.pf_meta", language, meta, 10, meta_path)
    entry_path.write_text(
        json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )


def _normalize_filter(folder: Path, language: str, name: str) -> str:
    path = folder / f"{name}.pf_filter"
    data = _read_pf(path)
    if data is None:
        return name
    data[1].sort(key=lambda value: value[0])
    return _write_pf(folder, "{}.pf_filter", language, data, 7, path)


def _read_pf(path: Path) -> Any:
    """Decode a Pagefind data file, or None when our codec cannot reproduce it exactly."""
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(PF_SIGNATURE):
        return None
    try:
        value, end = _cbor_decode(raw, len(PF_SIGNATURE))
    except (ValueError, IndexError, KeyError):
        return None
    if end != len(raw) or PF_SIGNATURE + _cbor_encode(value) != raw:
        return None
    return value


def _write_pf(folder: Path, pattern: str, language: str, value: Any, digits: int, old: Path) -> str:
    """Write a data file named after a hash of its content; return the name's hash part."""
    raw = PF_SIGNATURE + _cbor_encode(value)
    name = f"{language}_{hashlib.sha256(raw).hexdigest()[:digits]}"
    old.unlink()
    (folder / pattern.format(name)).write_bytes(gzip.compress(raw, mtime=0))
    return name


def _cbor_decode(data: bytes, pos: int) -> tuple[Any, int]:
    """Decode the CBOR subset Pagefind writes: unsigned ints, text, bytes, arrays."""
    head = data[pos]
    major, info = head >> 5, head & 31
    pos += 1
    if info < 24:
        number = info
    else:
        size = {24: 1, 25: 2, 26: 4, 27: 8}[info]
        number = int.from_bytes(data[pos : pos + size], "big")
        pos += size
    if major == 0:
        return number, pos
    if major == 2:
        return data[pos : pos + number], pos + number
    if major == 3:
        return data[pos : pos + number].decode("utf-8"), pos + number
    if major == 4:
        items = []
        for _ in range(number):
            item, pos = _cbor_decode(data, pos)
            items.append(item)
        return items, pos
    raise ValueError(f"unsupported CBOR major type {major}")


def _cbor_encode(value: Any) -> bytes:
    if isinstance(value, int):
        return _cbor_head(0, value)
    if isinstance(value, bytes):
        return _cbor_head(2, len(value)) + value
    if isinstance(value, str):
        text = value.encode("utf-8")
        return _cbor_head(3, len(text)) + text
    return _cbor_head(4, len(value)) + b"".join(_cbor_encode(item) for item in value)


def _cbor_head(major: int, number: int) -> bytes:
    if number < 24:
        return bytes([major << 5 | number])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if number < 1 << (8 * size):
            return bytes([major << 5 | info]) + number.to_bytes(size, "big")
    raise ValueError("number too large for CBOR")
