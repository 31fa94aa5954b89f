"""Compressed pieces of the whole-archive exports, kept between builds by what they are made of.

The exports are one gzip stream of *segments* (generator.publish.deflate), one per group of
speakers. Groups are cut where a digest of a speaker's slug is a multiple of GROUP_SIZE
(a speaker ends a group with chance 1/GROUP_SIZE, at most MAX_GROUP in a row), so adding or
removing a speaker changes its own group only, not every group after it.

A segment is compressed with the text of the group before it as its window (it compresses
nearly as in one stream: at 200k quotes +0.1 % for the JSON lines and +0.3 % for the CSV,
where segments without a window would cost 2 to 4 %), so its key digests the fingerprint,
the export, the slug and file digest of each speaker of its group, and those of the group
before. A changed speaker's file makes its group and the next one compress again; everything
else is read back from the cache.

The cache (`.build-cache/publish/`) is trusted only under the same fingerprint (the
generator's code, zlib's version, the level, Python's version, the site URL; a different
fingerprint gives different keys, so other entries are never read), and an entry is used
only when its digest checks out: a damaged or missing entry is compressed again, never
served. Entries this build did not use are removed at its end. The feeds of the site and of
topics are kept there too, whole, keyed by their entries (generator.publish.feeds).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import struct
import sys
import zlib
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar

import generator
from generator.publish.deflate import LEVEL, Segment
from generator.store import write_files_atomically

GROUP_SIZE = 32
"""Speakers per segment on average (450 KB of JSON lines at ten quotes a speaker). Size
against one stream at 200k quotes (JSON lines / CSV): 16: +0.4 % / +1.0 %; 32: +0.1 % /
+0.3 %; 64: +0.05 % / +0.1 %. Smaller groups make a rebuild after scattered edits
compress less; a change to one speaker compresses two groups, some 40 ms at 32."""
MAX_GROUP = 4 * GROUP_SIZE
FORMAT = b"quote-archive segment 1\n"
_META = struct.Struct("<IQI")
_DIGEST = 16

Item = TypeVar("Item")


def group_speakers(items: Sequence[Item], slugs: Sequence[str]) -> list[list[Item]]:
    """The items (in slug order) cut into groups where their slug's digest says so."""
    groups: list[list[Item]] = []
    current: list[Item] = []
    for item, slug in zip(items, slugs, strict=True):
        current.append(item)
        if _ends_group(slug) or len(current) == MAX_GROUP:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


def _ends_group(slug: str) -> bool:
    digest = hashlib.blake2b(slug.encode("utf-8", "surrogatepass"), digest_size=4).digest()
    return int.from_bytes(digest, "little") % GROUP_SIZE == 0


def export_fingerprint(site_url: str) -> str:
    """A digest of what else shapes the segments: the code, zlib, the level and site URL."""
    digest = hashlib.blake2b(digest_size=_DIGEST)
    package = Path(generator.__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        name = path.relative_to(package).as_posix()
        digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    setting = f"{zlib.ZLIB_RUNTIME_VERSION}\0{LEVEL}\0{GROUP_SIZE}\0{MAX_GROUP}"
    digest.update(f"{FORMAT!r}\0{setting}\0{sys.version_info[:2]}\0{site_url}".encode())
    return digest.hexdigest()


def group_identity(members: Iterable[tuple[str, str | None]]) -> str | None:
    """A digest of a group's speakers (slug, file digest); None when one has no digest."""
    digest = hashlib.blake2b(digest_size=_DIGEST)
    for slug, file_digest in members:
        if file_digest is None:
            return None
        digest.update(f"{slug}\0{file_digest}\0".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


class SegmentStore:
    """Segments of this build by key, backed by a cache directory (or by memory alone);
    also whole files (`get_file`, `put_file`: the feeds of the site and of topics).

    `get` answers from the cache (verified) or None; `put` keeps a new segment; `load`
    gives back one this build got or put; `prune` removes cache entries it never touched.
    Keys of None are made for segments that cannot be cached (a speaker without a file
    digest): they are kept in memory for this build only.
    """

    def __init__(self, directory: Path | None, fingerprint: str, trust: bool = True) -> None:
        self.directory = directory
        self.fingerprint = fingerprint
        self.trust = trust
        """False: entries are written but not read (a full build that refills the cache)."""
        self.compressed = 0
        self.reused = 0
        self._memory: dict[str, Segment] = {}
        self._used: set[str] = set()

    def key(self, export: str, identity: str | None, before: str | None) -> str | None:
        """The key of a segment of `export` for a group (identity) after another (before)."""
        if identity is None or before is None or self.directory is None:
            return None
        text = f"{self.fingerprint}\0{export}\0{identity}\0{before}"
        return hashlib.blake2b(text.encode(), digest_size=_DIGEST).hexdigest()

    def get(self, key: str | None) -> Segment | None:
        """The cached segment of `key` when its entry is whole, else None."""
        if key is None or self.directory is None or not self.trust:
            return None
        segment = self._read(key)
        if segment is not None:
            self._used.add(key)
            self.reused += 1
        return segment

    def put(self, key: str | None, segment: Segment, fallback: str) -> str:
        """Keep a segment just compressed; the key to `load` it by (`fallback` if None)."""
        self.compressed += 1
        if key is None or self.directory is None:
            self._memory[fallback] = segment
            return fallback
        self._write(key, segment)
        return key

    def get_file(self, key: str | None) -> bytes | None:
        """A whole file kept under `key` (a feed), when its entry is whole, else None."""
        segment = self.get(key)
        return None if segment is None else segment.data

    def put_file(self, key: str | None, data: bytes) -> None:
        """Keep a whole file under `key` (nothing without a key: it is not kept)."""
        if key is not None and self.directory is not None:
            self._write(key, Segment(data, 0, len(data), 0))

    def _write(self, key: str, segment: Segment) -> None:
        self._used.add(key)
        meta = _META.pack(segment.crc, segment.size, segment.shift)
        check = _check(key, meta, segment.data)
        write_files_atomically({self._path(key): FORMAT + check + meta + segment.data})

    def load(self, key: str) -> Segment:
        """A segment this build got or put (read again from the cache: checked again)."""
        if key in self._memory:
            return self._memory[key]
        segment = self._read(key)
        if segment is None:
            from generator.errors import BuildError

            raise BuildError(f"the export cache entry {key} changed while the site was built")
        return segment

    def load_all(self, keys: Iterable[str]) -> Iterator[Segment]:
        for key in keys:
            yield self.load(key)

    def prune(self) -> None:
        """Remove the cache entries this build did not use, and forget the memory ones."""
        self._memory.clear()
        if self.directory is None or not self.directory.is_dir():
            return
        for entry in os.scandir(self.directory):
            if entry.name.endswith(".seg") and entry.name[:-4] not in self._used:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(entry.path)

    def _path(self, key: str) -> Path:
        assert self.directory is not None
        return self.directory / f"{key}.seg"

    def _read(self, key: str) -> Segment | None:
        try:
            raw = self._path(key).read_bytes()
        except OSError:
            return None
        start = len(FORMAT) + _DIGEST
        if len(raw) < start + _META.size or not raw.startswith(FORMAT):
            return None
        meta = raw[start : start + _META.size]
        data = raw[start + _META.size :]
        if raw[len(FORMAT) : start] != _check(key, meta, data):
            return None
        crc, size, shift = _META.unpack(meta)
        return Segment(data, crc, size, shift)


def _check(key: str, meta: bytes, data: bytes) -> bytes:
    digest = hashlib.blake2b(key.encode() + meta, digest_size=_DIGEST)
    digest.update(data)
    return digest.digest()
