"""A corpus on disk: which articles it holds, cut into partitions, and how to read one part.

A corpus is directories, article files (text, Markdown, HTML, JSON lines; any of them
compressed with gzip, bzip2, xz or zstd) and Parquet files with one article per row. It is
listed once, in a canonical order, into units (a file, or one row group of a Parquet file)
that are packed into partitions of about `partition_size` bytes. Partitions are what a
worker extracts and what a checkpoint records, so the listing must not depend on where or
how the run happens.

Reading is bounded by the plan's `ReadLimits`: compressed files are expanded as a stream
that stops, with A011 naming the file, once it passes the size cap or expands more than
`ratio` times the compressed bytes read so far (a 10 GB bomb stops after RATIO_FLOOR), and
a Parquet row group is checked against the same caps from its metadata before it is read.
"""

from __future__ import annotations

import bz2
import contextlib
import gzip
import hashlib
import io
import json
import lzma
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import astuple, dataclass, field
from pathlib import Path
from typing import IO, Any

from generator.errors import Problem
from generator.extract.readers import (
    ARTICLE_SUFFIXES,
    MB,
    RATIO_FLOOR,
    RawReader,
    ReadLimits,
    parse_record,
    read_article_stream,
    too_large,
)
from generator.extract.records import Article

COMPRESSIONS = (".gz", ".bz2", ".xz", ".zst")
"""Compressed article files are read through these (zstd through pyarrow's codec)."""
PARQUET_SUFFIX = ".parquet"
PARQUET_TEXT_COLUMNS = ("text", "body", "content")
"""The article text: the first of these a Parquet file has (required)."""
PARQUET_META_COLUMNS = ("title", "url", "outlet", "source", "date", "author")
"""Optional metadata columns; `source` is read as the outlet when `outlet` is missing."""
DEFAULT_PARTITION_SIZE = 16 * 1024 * 1024
"""Bytes of input per partition: big enough to keep a worker busy for seconds, small
enough that a lost partition costs little to redo."""
FORMAT_VERSION = 2
"""Bump when extraction output changes, so old checkpoints are not reused."""


@dataclass(frozen=True)
class Unit:
    """The smallest piece of a corpus read by one worker: a file or a Parquet row group."""

    path: str
    """Path to open (as listed, relative to the working directory or absolute)."""
    shown: str
    """Path as problems and quote sources show it; the same as `extract` would show."""
    size: int
    """Bytes on disk (the row group's bytes for Parquet), for packing and MB/s."""
    row_group: int | None = None
    """Row group of a Parquet file; None for other files and unusable Parquet files."""
    first_row: int = 0
    """Rows of the Parquet file before this row group (rows are numbered from 1)."""
    stamp: int = 0
    """Modification time in ns: part of the checkpoint key, so an edited file is redone."""
    start: int = 0
    """Where the unit begins in the file: a large JSON lines file is cut into byte ranges
    on line boundaries, so that one file keeps every worker busy."""
    end: int | None = None
    """Where it ends (None: the end of the file)."""
    first_line: int = 1
    """The number of the line at `start`, so problems name the file's own line."""


@dataclass(frozen=True)
class Partition:
    """Consecutive units processed and checkpointed together."""

    index: int
    units: tuple[Unit, ...]
    limits: ReadLimits = field(default_factory=ReadLimits)
    """How much of each file a worker reads (sizes, expansion)."""

    @property
    def size(self) -> int:
        return sum(unit.size for unit in self.units)


@dataclass(frozen=True)
class CorpusPlan:
    """A listed corpus cut into partitions, with the keys that identify it."""

    partitions: tuple[Partition, ...]
    key: str
    """Names the checkpoint directory: the corpus, its partitioning and the format version."""

    @property
    def size(self) -> int:
        return sum(p.size for p in self.partitions)


def plan_corpus(
    sources: Sequence[str],
    partition_size: int = DEFAULT_PARTITION_SIZE,
    limits: ReadLimits | None = None,
) -> CorpusPlan:
    """List `sources` (directories sorted as `extract` sorts them) and cut them into partitions.

    The limits are part of the checkpoint key: raising one redoes the files it refused.
    """
    limits = limits or ReadLimits()
    units = [unit for given in sources for unit in _units_of(given, partition_size)]
    partitions = tuple(
        Partition(i, tuple(part), limits) for i, part in enumerate(_pack(units, partition_size))
    )
    corpus = [(u.shown, u.size, u.stamp, u.row_group, u.start) for u in units]
    key = _digest([FORMAT_VERSION, corpus, partition_size, astuple(limits)])
    return CorpusPlan(partitions, key[:16])


def _digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value).encode("utf-8")).hexdigest()


def _units_of(given: str, partition_size: int) -> Iterator[Unit]:
    path = Path(given)
    if not path.is_dir():
        yield from _file_units(path, given, partition_size)
        return
    found = (p for p in path.rglob("*") if p.is_file() and _is_corpus_file(p.relative_to(path)))
    for file in sorted(found):
        yield from _file_units(file, str(file), partition_size)


def _is_corpus_file(relative: Path) -> bool:
    """Article files and Parquet files, not hidden and not below a hidden directory."""
    if any(part.startswith(".") for part in relative.parts):
        return False
    suffix = format_suffix(relative.name)
    return suffix in ARTICLE_SUFFIXES or suffix == PARQUET_SUFFIX


def format_suffix(name: str) -> str:
    """The format a file name says, under any compression: `a.jsonl.gz` is `.jsonl`."""
    path = Path(name.lower())
    if path.suffix in COMPRESSIONS:
        path = path.with_suffix("")
    return path.suffix


def _file_units(path: Path, shown: str, partition_size: int) -> Iterator[Unit]:
    try:
        stat = path.stat()
    except OSError:
        yield Unit(str(path), shown, 0)  # reading it reports why (A001)
        return
    if path.suffix.lower() == ".jsonl" and stat.st_size > partition_size:
        yield from _line_ranges(path, shown, stat.st_size, stat.st_mtime_ns, partition_size)
        return
    if format_suffix(path.name) != PARQUET_SUFFIX:
        yield Unit(str(path), shown, stat.st_size, stamp=stat.st_mtime_ns)
        return
    groups = _row_groups(path)
    if not groups:
        yield Unit(str(path), shown, stat.st_size, stamp=stat.st_mtime_ns)
    first = 0
    for index, (rows, size) in enumerate(groups):
        yield Unit(str(path), shown, size, index, first, stat.st_mtime_ns)
        first += rows


def _line_ranges(
    path: Path, shown: str, size: int, stamp: int, partition_size: int
) -> Iterator[Unit]:
    """A JSON lines file cut into ranges of about `partition_size` bytes, each ending at a
    line's end, with the number of the line each starts at (one pass over the file)."""
    start, start_line = 0, 1
    position, newlines_before = 0, 0
    target = partition_size
    with path.open("rb") as stream:
        while block := stream.read(MB):
            while target < position + len(block):
                cut = block.find(b"\n", max(0, target - position))
                if cut < 0:
                    break  # the line goes on in the next block
                end = position + cut + 1
                yield Unit(str(path), shown, end - start, None, 0, stamp, start, end, start_line)
                start = end
                start_line = newlines_before + block.count(b"\n", 0, cut + 1) + 1
                target = end + partition_size
            newlines_before += block.count(b"\n")
            position += len(block)
    if start < size:
        yield Unit(str(path), shown, size - start, None, 0, stamp, start, None, start_line)


def _row_groups(path: Path) -> list[tuple[int, int]]:
    """(rows, bytes) of each row group; empty when the file is unusable (reading says why)."""
    import pyarrow.parquet as pq  # imported here: only Parquet corpora need it

    try:
        meta = pq.ParquetFile(path).metadata
    except Exception:
        return []
    if not _text_column(meta.schema.names):
        return []
    groups = (meta.row_group(i) for i in range(meta.num_row_groups))
    return [(group.num_rows, group.total_byte_size) for group in groups]


def _text_column(names: Iterable[str]) -> str | None:
    return next((c for c in PARQUET_TEXT_COLUMNS if c in set(names)), None)


def _pack(units: list[Unit], partition_size: int) -> Iterator[list[Unit]]:
    """Consecutive units in groups of about `partition_size` bytes (at least one unit each)."""
    part: list[Unit] = []
    size = 0
    for unit in units:
        if part and size + unit.size > partition_size:
            yield part
            part, size = [], 0
        part.append(unit)
        size += unit.size
    if part:
        yield part


# -- Reading ------------------------------------------------------------------------------------


def read_unit(unit: Unit, limits: ReadLimits | None = None) -> Iterator[Article | Problem]:
    """Every article of one unit, or a Problem for each article that cannot be used."""
    limits = limits or ReadLimits()
    if format_suffix(unit.path) == PARQUET_SUFFIX:
        yield from _parquet_rows(unit, limits)
        return
    try:
        if unit.start or unit.end is not None:
            with Path(unit.path).open("rb") as raw:
                raw.seek(unit.start)
                window = _window(raw, unit.end - unit.start if unit.end else None)
                suffix = format_suffix(unit.path)
                yield from read_article_stream(window, unit.shown, suffix, limits, unit.first_line)
            return
        with open_decompressed(Path(unit.path), limits) as stream:
            yield from read_article_stream(stream, unit.shown, format_suffix(unit.path), limits)
    except ExpansionLimit as exc:
        yield Problem(unit.shown, 0, 0, "A011", f"{exc}; the rest of the file was not read")
    except Exception as exc:  # a corrupt archive raises its codec's own error type
        yield Problem(unit.shown, 0, 0, "A001", f"cannot read file: {_reason(exc)}")


def _window(raw: IO[bytes], length: int | None) -> IO[bytes]:
    """At most `length` bytes of `raw` from where it stands (all of it for None)."""
    if length is None:
        return raw
    remaining = length

    def read(size: int) -> bytes:
        nonlocal remaining
        data = raw.read(min(size, remaining))
        remaining -= len(data)
        return data

    return io.BufferedReader(RawReader(read), buffer_size=MB)


class ExpansionLimit(Exception):
    """A compressed file expanded past the size cap or the ratio of ReadLimits."""


@contextlib.contextmanager
def open_decompressed(path: Path, limits: ReadLimits | None = None) -> Iterator[IO[bytes]]:
    """A file's bytes as a stream, decompressed by its suffix, and raising ExpansionLimit
    as soon as the expansion passes `limits` (nothing more is decompressed)."""
    limits = limits or ReadLimits()
    suffix = path.suffix.lower()
    if suffix not in COMPRESSIONS:
        with path.open("rb") as plain:
            yield plain
        return
    if suffix == ".zst":
        import pyarrow as pa

        with pa.OSFile(str(path)) as raw, pa.CompressedInputStream(raw, "zstd") as zstd:
            yield _bounded(zstd.read, raw.tell, limits)
        return
    with path.open("rb") as raw, _DECOMPRESSORS[suffix](raw) as stream:
        yield _bounded(stream.read, raw.tell, limits)


_DECOMPRESSORS: dict[str, Callable[[IO[bytes]], Any]] = {
    ".gz": lambda raw: gzip.GzipFile(fileobj=raw),
    ".bz2": bz2.BZ2File,
    ".xz": lzma.LZMAFile,
}


def _bounded(
    read: Callable[[int], bytes], consumed: Callable[[], int], limits: ReadLimits
) -> IO[bytes]:
    return io.BufferedReader(_BoundedExpansion(read, consumed, limits), buffer_size=MB)


class _BoundedExpansion(io.RawIOBase):
    """Decompressed bytes, counted against the cap and the ratio to the compressed bytes
    read so far (`consumed`), so a bomb is stopped within a few megabytes of its start."""

    def __init__(
        self, read: Callable[[int], bytes], consumed: Callable[[], int], limits: ReadLimits
    ) -> None:
        self._read = read
        self._consumed = consumed
        self._limits = limits
        self.expanded = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._read(len(buffer))
        self.expanded += len(data)
        _check_expansion(self.expanded, self._consumed(), self._limits)
        buffer[: len(data)] = data
        return len(data)


def _check_expansion(expanded: int, compressed: int, limits: ReadLimits) -> None:
    if expanded > limits.decompressed_bytes:
        raise ExpansionLimit(
            f"compressed file expected to expand to at most "
            f"{limits.decompressed_bytes / MB:g} MB, found it expanding further"
        )
    if expanded > RATIO_FLOOR and expanded > limits.ratio * max(compressed, 1):
        raise ExpansionLimit(
            f"compressed file expected to expand at most {limits.ratio:g} times, found "
            f"{expanded / MB:g} MB from {compressed / MB:.3g} MB (a decompression bomb?)"
        )


def _parquet_rows(unit: Unit, limits: ReadLimits) -> Iterator[Article | Problem]:
    import pyarrow.parquet as pq

    try:
        file = pq.ParquetFile(unit.path)
        text = _text_column(file.schema_arrow.names)
        if text is None:
            wanted = "', '".join(PARQUET_TEXT_COLUMNS)
            yield Problem(unit.shown, 0, 0, "A008", f"expected a column '{wanted}', found none")
            return
        if unit.row_group is None:
            return
        columns = [c for c in (text, *PARQUET_META_COLUMNS) if c in file.schema_arrow.names]
        _check_row_group(file.metadata.row_group(unit.row_group), columns, limits)
        rows = file.read_row_group(unit.row_group, columns=columns).to_pylist()
    except ExpansionLimit as exc:
        yield Problem(unit.shown, unit.first_row + 1, 0, "A011", f"row group {exc}; not read")
        return
    except Exception as exc:
        yield Problem(unit.shown, 0, 0, "A001", f"cannot read Parquet file: {_reason(exc)}")
        return
    for offset, row in enumerate(rows, start=1):
        number = unit.first_row + offset
        body = row.get(text)
        if body is None:
            yield Problem(unit.shown, number, 0, "A003", "empty article: the text is null")
        elif isinstance(body, (str, bytes)) and len(body) > limits.article_bytes:
            yield too_large(unit.shown, number, limits)
        else:
            yield parse_record(_as_strings(row), unit.shown, number)


def _check_row_group(group: Any, columns: list[str], limits: ReadLimits) -> None:
    """The caps of ReadLimits, applied to what the row group's metadata says it expands to."""
    chunks = [group.column(i) for i in range(group.num_columns)]
    wanted = [c for c in chunks if c.path_in_schema in columns]
    expanded = sum(c.total_uncompressed_size for c in wanted)
    compressed = sum(c.total_compressed_size for c in wanted)
    _check_expansion(expanded, compressed, limits)


def _as_strings(row: dict[str, Any]) -> dict[str, Any]:
    """Dates and timestamps as ISO text, so metadata reads as it does from JSON lines."""
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in row.items()}


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or f"{type(exc).__name__}: {exc}"
