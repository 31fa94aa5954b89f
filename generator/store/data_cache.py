"""Parsed archive files remembered by their bytes, so a rebuild parses only what changed.

Parsing the YAML is most of what validating a large archive costs (35 s at 200k quotes). A
file whose bytes are those of a file in an archive that was last found valid parses to the
same data and passes every rule that looks at one file, so only the rules that span files
need to run on it again. The cache keeps the data without the positions problems are
reported at: when anything is wrong, the caller reads the files a problem is about again
with positions (`load.with_positions`), and the report points at exact lines.

It is stored with `marshal`, which holds plain data only (loading it cannot run code, unlike
pickle), in pieces each preceded by its length, keyed by a digest of each file's bytes, and
trusted only by the code that wrote it (a digest of the store and validation code and the
schemas is part of the file). A build that parsed a few files appends their data to the file
instead of writing it all again (100 MB at 200k quotes); the entries of bytes no longer in
the archive stay until they are more than STALE_SHARE of it, and the next save writes the
file anew with the archive's only.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import marshal
import os
import struct
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

import generator
from generator.store.files import read_regular
from generator.store.write import write_files_atomically
from generator.store.yaml_read import YamlDocument

T = TypeVar("T")

FORMAT = b"quote-archive data cache 3\n"
"""3: each piece is preceded by its length (2 was marshal pieces back to back)."""
CODE = ("store", "validate", "models.py", "codes.py")
"""What decides how a file parses and whether it passes the per-file rules (plus schema/)."""


def code_digest() -> bytes:
    """A digest of the code and schemas that parse and check a file."""
    package = Path(generator.__file__).resolve().parent
    paths: list[Path] = []
    for name in CODE:
        path = package / name
        paths += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    schemas = package.parent / "schema"
    if schemas.is_dir():
        paths += sorted(schemas.glob("*.json"))
    digest = hashlib.blake2b(digest_size=16)
    for path in paths:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.digest()


class DataCache:
    """The data of files seen in the last valid archive, by a digest of their bytes."""

    def __init__(self, path: Path, entries: dict[bytes, Any] | None, code: bytes) -> None:
        self.path = path
        self._entries = entries
        self._code = code
        self._digests: dict[Path, bytes] = {}

    @classmethod
    def open(cls, path: Path) -> DataCache:
        """The cache stored at `path`, read when first needed (`load`); empty when there is
        none, it is damaged, or it was written by other code."""
        return cls(path, None, code_digest())

    @classmethod
    def fresh(cls, path: Path) -> DataCache:
        """A cache at `path` that knows nothing yet (what was stored there is not read):
        every file is parsed, and the digests and the data are kept as by `open`."""
        return cls(path, {}, code_digest())

    def load(self) -> dict[bytes, Any]:
        """What the file holds, read if it was not yet (a caller may do something else first:
        `load.load_plain_archive` has the archive's files digested meanwhile)."""
        if self._entries is None:
            self._entries = {}
            with contextlib.suppress(OSError, ValueError, EOFError, TypeError):
                self._entries = _read_entries(self.path, FORMAT + self._code)
        return self._entries

    def document(self, path: Path, digest: bytes | None = None) -> YamlDocument | None:
        """The file's document (data only, no positions) if its bytes are known, else None
        (also when it cannot be read: the caller reads it and reports why). `digest`: the
        digest of its bytes (`file_digest`), when the caller has it."""
        if digest is None:
            digest = file_digest(path)
            if digest is None:
                return None
        self._digests[path] = digest
        entries = self.load()
        if digest not in entries:
            return None
        return YamlDocument(path, entries[digest])

    def digest_of(self, path: Path) -> str | None:
        """The digest of a file this cache was asked about (hex), None for others."""
        digest = self._digests.get(path)
        return digest.hex() if digest is not None else None

    def save(self, documents: Mapping[str, YamlDocument]) -> None:
        """Remember these documents (of an archive just found valid): appended to the file
        when they are few and what it holds besides is little (see the module's docstring),
        else the file is written anew with these only, atomically. Never fails a build."""
        known = self.load()
        entries = {
            self._digests[document.path]: document.data
            for document in documents.values()
            if document.path in self._digests
        }
        new = {digest: data for digest, data in entries.items() if digest not in known}
        stale = len(known) + len(new) - len(entries)
        little_stale = stale <= STALE_SHARE * len(entries)
        if not new and little_stale:
            return  # what the file holds besides the archive's is little: nothing to write
        with contextlib.suppress(OSError, ValueError):  # ValueError: data marshal cannot hold
            if known and little_stale:
                # A cut append is a damaged piece: the next open trusts none of the file.
                with self.path.open("ab") as stream:
                    for part in _parts(new.items(), PIECE):
                        stream.write(_piece(dict(part)))
                return
            pieces = (_piece(dict(part)) for part in _parts(entries.items(), PIECE))
            write_files_atomically({self.path: itertools.chain((FORMAT, self._code), pieces)})


STALE_SHARE = 0.25
"""How much the cache may hold of files no longer in the archive (edited or removed), as a
share of the entries of those that are, before it is written anew."""
PIECE = 1000
"""Files per marshalled piece of the cache file: written one after the other, so saving never
holds a second copy of the whole archive's data (600 MB at 1M quotes) as bytes."""


LENGTH = struct.Struct("<Q")
"""The length of a piece, before it: the reader takes a piece's bytes whole and unmarshals
them with `marshal.loads`, nine times as fast as `marshal.load` on the file, which asks the
stream for each value's bytes (6 s against 0.8 s for the 100 MB of 200k quotes)."""


def file_digest(path: Path) -> bytes | None:
    """The digest a file's bytes are known by; None when it cannot be read."""
    try:
        raw = read_regular(path)
    except OSError:
        return None
    return hashlib.blake2b(raw, digest_size=20).digest()


def _piece(entries: dict[bytes, Any]) -> bytes:
    data = marshal.dumps(entries)
    return LENGTH.pack(len(data)) + data


def _parts(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while part := list(itertools.islice(iterator, size)):
        yield part


def _read_entries(path: Path, header: bytes) -> dict[bytes, Any]:
    """Every entry of a cache file written with `header`; empty for another header. Raises
    (EOFError, ValueError, TypeError) when a piece is damaged, so none of it is trusted."""
    entries: dict[bytes, Any] = {}
    with path.open("rb") as stream:
        size = os.fstat(stream.fileno()).st_size
        if stream.read(len(header)) != header:
            return {}
        while stream.tell() < size:
            length = LENGTH.unpack(_read_exactly(stream, LENGTH.size, size))[0]
            piece = marshal.loads(_read_exactly(stream, length, size))
            if not isinstance(piece, dict):
                raise TypeError("a piece of the cache is not a mapping")
            entries.update(piece)
    return entries


def _read_exactly(stream: BinaryIO, count: int, file_size: int) -> bytes:
    """The next `count` bytes of `stream`, a file of `file_size` bytes; EOFError when it holds
    fewer (a cut file, or a damaged length: nothing is allocated for more than is there)."""
    if count > file_size - stream.tell():
        raise EOFError(f"a piece of the cache is cut: {count} bytes expected")
    data = stream.read(count)
    if len(data) != count:
        raise EOFError(f"a piece of the cache is cut: {len(data)} of {count} bytes")
    return data
