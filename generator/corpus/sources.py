"""A corpus on disk: which articles it holds, cut into partitions, and how to read one part.

A corpus is directories, article files (text, Markdown, HTML, JSON lines; any of them
compressed with gzip, bzip2, xz or zstd) and Parquet files with one article per row. It is
listed once, in a canonical order, into units (a file, or one row group of a Parquet file)
that are packed into partitions of about `partition_size` bytes. Partitions are what a
worker extracts and what a checkpoint records, so the listing must not depend on where or
how the run happens.
"""

from __future__ import annotations

import bz2
import gzip
import hashlib
import json
import lzma
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import Problem
from generator.extract.readers import ARTICLE_SUFFIXES, parse_article_bytes, parse_record
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


@dataclass(frozen=True)
class Partition:
    """Consecutive units processed and checkpointed together."""

    index: int
    units: tuple[Unit, ...]

    @property
    def size(self) -> int:
        return sum(unit.size for unit in self.units)


@dataclass(frozen=True)
class CorpusPlan:
    """A listed corpus cut into partitions, with the keys that identify it."""

    partitions: tuple[Partition, ...]
    key: str
    """Names the checkpoint directory: the corpus, its partitioning and the format version."""
    seed: int
    """Seeds quote ids: depends on the corpus only, never on partitioning or workers."""

    @property
    def size(self) -> int:
        return sum(p.size for p in self.partitions)


def plan_corpus(sources: Sequence[str], partition_size: int = DEFAULT_PARTITION_SIZE) -> CorpusPlan:
    """List `sources` (directories sorted as `extract` sorts them) and cut them into partitions."""
    units = [unit for given in sources for unit in _units_of(given)]
    partitions = tuple(
        Partition(i, tuple(part)) for i, part in enumerate(_pack(units, partition_size))
    )
    corpus = [(u.shown, u.size, u.stamp, u.row_group) for u in units]
    key = _digest([FORMAT_VERSION, corpus, partition_size])
    seed = int(_digest([FORMAT_VERSION, corpus])[:16], 16)
    return CorpusPlan(partitions, key[:16], seed)


def _digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value).encode("utf-8")).hexdigest()


def _units_of(given: str) -> Iterator[Unit]:
    path = Path(given)
    if not path.is_dir():
        yield from _file_units(path, given)
        return
    found = (p for p in path.rglob("*") if p.is_file() and _is_corpus_file(p.relative_to(path)))
    for file in sorted(found):
        yield from _file_units(file, str(file))


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


def _file_units(path: Path, shown: str) -> Iterator[Unit]:
    try:
        stat = path.stat()
    except OSError:
        yield Unit(str(path), shown, 0)  # reading it reports why (A001)
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


def read_unit(unit: Unit) -> Iterator[Article | Problem]:
    """Every article of one unit, or a Problem for each article that cannot be used."""
    if format_suffix(unit.path) == PARQUET_SUFFIX:
        yield from _parquet_rows(unit)
        return
    try:
        data = read_decompressed(Path(unit.path))
    except Exception as exc:  # a corrupt archive raises its codec's own error type
        yield Problem(unit.shown, 0, 0, "A001", f"cannot read file: {_reason(exc)}")
        return
    yield from parse_article_bytes(data, unit.shown, format_suffix(unit.path))


def read_decompressed(path: Path) -> bytes:
    """A file's bytes, decompressed by its suffix."""
    suffix = path.suffix.lower()
    if suffix == ".zst":
        import pyarrow as pa

        with pa.input_stream(str(path), compression="zstd") as stream:
            return bytes(stream.read())
    opener: Any = {".gz": gzip.open, ".bz2": bz2.open, ".xz": lzma.open}.get(suffix, open)
    with opener(path, "rb") as stream:
        return bytes(stream.read())


def _parquet_rows(unit: Unit) -> Iterator[Article | Problem]:
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
        rows = file.read_row_group(unit.row_group, columns=columns).to_pylist()
    except Exception as exc:
        yield Problem(unit.shown, 0, 0, "A001", f"cannot read Parquet file: {_reason(exc)}")
        return
    for offset, row in enumerate(rows, start=1):
        number = unit.first_row + offset
        if row.get(text) is None:
            yield Problem(unit.shown, number, 0, "A003", "empty article: the text is null")
            continue
        yield parse_record(_as_strings(row), unit.shown, number)


def _as_strings(row: dict[str, Any]) -> dict[str, Any]:
    """Dates and timestamps as ISO text, so metadata reads as it does from JSON lines."""
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in row.items()}


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or f"{type(exc).__name__}: {exc}"
