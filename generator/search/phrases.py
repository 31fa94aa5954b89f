"""Phrase hints: which search shards hold two (or three) words side by side in a quote.

A large archive's search index is cut into shards (shards.py), searched one after the other,
and the first results a reader sees are those of the first shard searched. A few words of a
quote typed should bring up that quote first, whichever shard holds it: the search page asks
these hints which shards hold every run of neighbouring words typed (the pairs of a query of
two words, the triples of a longer one), and searches those shards first
(content/assets/quote-archive.js, `phraseShards`). Nothing else depends on them: a shard the
hints leave out is still searched, after.

Triples, because pairs of common words are in most shards: at 1M quotes (45 shards of 22k),
40 runs of 3-5 words taken from quotes were held as pairs by 9.8 shards on average (up to
all 45 for "to by you"), as triples by 2.8 (counted exactly, without the filters).

Per shard, a Bloom filter of the word pairs and triples of its quotes, words folded as the
search page folds a query (lower case, accents removed, runs of letters and digits:
`words`), cut into BUCKETS segments by a hash of the run. The file of a bucket
(`phrases/<3 hex digits>.bin`) holds that bucket's segment of every shard's filter, in the
order of the shards; the list of shards with the size of their segments is in the first
bundle's shards listing, which the search page has fetched by then: a query of n words
fetches at most n - 1 small files however many shards there are. About FALSE_POSITIVES of
runs a shard does not hold are taken for held; that only moves the shard up the order.

A shard's filter depends only on its quotes, so a build keeps each in its cache under the
shard's input key (shards.input_key) and makes again only those of shards that changed.
"""

from __future__ import annotations

import functools
import math
import re
import sys
import unicodedata
import zlib
from collections.abc import Iterable, Iterator, Sequence
from itertools import pairwise
from pathlib import Path

import numpy as np

from generator.store import write_files_atomically

PHRASES_FOLDER = "phrases"
FORMAT = 2
"""2: pairs and triples (1: pairs only)."""
BUCKETS = 1024
"""A query of n words fetches n - 2 of these files (one for two words): 6 KB each at 200k
quotes (2.4 KB with pairs alone; 10 KB at 1M with pairs alone). The filters grow with the
quotes, not with the number of shards."""
HASHES = 3
BITS_PER_PAIR = 8
FALSE_POSITIVES = (1 - math.exp(-HASHES / BITS_PER_PAIR)) ** HASHES
"""About 3 %: the share of pairs a shard does not hold that its filter takes for held."""

_MASK = 0xFFFFFFFF
_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """The words of `text` as the search page folds a query (`parseQuery`): lower case, NFKD,
    without combining marks, then each run of letters and digits."""
    folded = text.lower()
    if not folded.isascii():
        folded = unicodedata.normalize("NFKD", folded).translate(_combining_marks())
    return _WORD.findall(folded)


@functools.cache
def _combining_marks() -> dict[int, None]:
    """Every combining mark (Unicode category M*), for str.translate to drop."""
    return {
        code: None
        for code in range(sys.maxunicode + 1)
        if unicodedata.category(chr(code)).startswith("M")
    }


def word_runs(texts: Iterable[str]) -> set[str]:
    """Every two and every three neighbouring words of each text, as `first second` and
    `first second third`, never across texts."""
    found: set[str] = set()
    for text in texts:
        tokens = words(text)
        found.update(f"{a} {b}" for a, b in pairwise(tokens))
        found.update(" ".join(tokens[i : i + 3]) for i in range(len(tokens) - 2))
    return found


def _mix(value: int) -> int:
    """MurmurHash3's finaliser: every bit of the output depends on every bit of the input."""
    value ^= value >> 16
    value = (value * 0x85EBCA6B) & _MASK
    value ^= value >> 13
    value = (value * 0xC2B2AE35) & _MASK
    return value ^ (value >> 16)


def pair_hashes(pair: str) -> tuple[int, int, int]:
    """(bucket hash, first position hash, step): CRC-32 of the pair's UTF-8, then mixed."""
    first = zlib.crc32(pair.encode("utf-8"))
    second = _mix(first)
    return first, second, _mix(second) | 1


def segment_bytes(pair_count: int) -> int:
    """Bytes of each of a filter's BUCKETS segments for `pair_count` pairs."""
    return max(1, math.ceil(pair_count * BITS_PER_PAIR / BUCKETS / 8))


def shard_filter(found: set[str]) -> bytes:
    """A shard's filter: BUCKETS segments of `segment_bytes(len(found))` bytes, one after
    the other. Each run's hashes are `pair_hashes`, computed for all runs at once (millions
    at 200k quotes: 4 us a run one by one, 0.6 us so; the CRC-32s are most of it)."""
    size = segment_bytes(len(found))
    bits = size * 8
    crc32 = zlib.crc32
    first = np.fromiter(
        (crc32(run.encode("utf-8")) for run in found), dtype=np.uint32, count=len(found)
    )
    position = _mix_all(first)
    step = (_mix_all(position) | 1).astype(np.uint64)
    start = position.astype(np.uint64)
    base = (first % BUCKETS).astype(np.uint64) * bits  # the run's segment, in bits
    marked = np.zeros(size * BUCKETS * 8, dtype=bool)
    for hashed in range(HASHES):
        marked[base + (start + hashed * step) % bits] = True
    return np.packbits(marked, bitorder="little").tobytes()  # bit n: byte n >> 3, bit n & 7


def _mix_all(values: np.ndarray) -> np.ndarray:
    """`_mix` of each of an array of uint32 (its products wrap at 32 bits, as `_MASK` does)."""
    values = values ^ (values >> 16)
    values = values * np.uint32(0x85EBCA6B)
    values = values ^ (values >> 13)
    values = values * np.uint32(0xC2B2AE35)
    return values ^ (values >> 16)


def holds(filter_: bytes, pair: str) -> bool:
    """Whether a shard's filter takes `pair` for held (what the search page computes)."""
    size = len(filter_) // BUCKETS
    bits = size * 8
    first, position, step = pair_hashes(pair)
    base = (first % BUCKETS) * size
    for _ in range(HASHES):
        bit = position % bits
        if not filter_[base + (bit >> 3)] & (1 << (bit & 7)):
            return False
        position += step
    return True


def phrase_index(folders: Sequence[str], filters: Sequence[bytes]) -> dict[str, object]:
    """What the search page needs to read the bucket files, kept in the first bundle's
    shards listing (fetched at the first keystroke): the format, the folder, BUCKETS,
    HASHES, each shard's bundle folder (`folders`, in the order of `filters`) and the size
    of its segments."""
    return {
        "format": FORMAT,
        "folder": PHRASES_FOLDER + "/",
        "buckets": BUCKETS,
        "hashes": HASHES,
        "shards": list(folders),
        "segments": [len(f) // BUCKETS for f in filters],
    }


def phrase_files(filters: Sequence[bytes]) -> Iterator[tuple[str, bytes]]:
    """The bucket files, (name under PHRASES_FOLDER, bytes), from each shard's filter: a
    bucket's segment of every shard, in the order of `filters`."""
    sizes = [len(f) // BUCKETS for f in filters]
    for bucket in range(BUCKETS):
        yield (
            f"{bucket:03x}.bin",
            b"".join(
                f[bucket * size : (bucket + 1) * size]
                for f, size in zip(filters, sizes, strict=True)
            ),
        )


def write_phrase_hints(folder: Path, filters: Sequence[bytes]) -> None:
    """Write the bucket files into `folder` (a new folder)."""
    folder.mkdir(parents=True)
    for name, data in phrase_files(filters):
        (folder / name).write_bytes(data)


class FilterCache:
    """Shard filters kept between builds by key (`<key>.bin`: the shard's input key under
    the build's fingerprint, so a change of code makes them again); `prune` removes those
    the last build did not use. Not `trust`ed, it only keeps what is made (a full build)."""

    def __init__(self, folder: Path | None, trust: bool = True) -> None:
        self.folder = folder
        self.trust = trust
        self.used: set[str] = set()
        self._known: dict[str, bytes] = {}
        """What this build put (trusted whatever `trust` says) or read already."""

    def get(self, key: str) -> bytes | None:
        self.used.add(key)
        if key in self._known:
            return self._known[key]
        if self.folder is None or not self.trust:
            return None
        try:
            data = (self.folder / f"{key}.bin").read_bytes()
        except OSError:
            return None
        if not data or len(data) % BUCKETS:
            return None
        self._known[key] = data
        return data

    def put(self, key: str, data: bytes) -> None:
        self.used.add(key)
        self._known[key] = data
        if self.folder is None:
            return
        write_files_atomically({self.folder / f"{key}.bin": data})

    def prune(self) -> None:
        if self.folder is None or not self.folder.is_dir():
            return
        for path in self.folder.iterdir():
            if path.stem not in self.used or path.suffix != ".bin":
                path.unlink(missing_ok=True)


def shard_filters(
    texts: Sequence[Iterable[str]],
    keys: Sequence[str] | None = None,
    cache: FilterCache | None = None,
) -> list[bytes]:
    """The filter of each shard, in order, from the texts of its quotes (read only when
    needed: give generators); with each shard's input key (`keys`) and a `cache`, a shard
    whose filter is cached under its key is not read."""
    filters = []
    for number, shard_texts in enumerate(texts):
        key = keys[number] if keys is not None else None
        found = cache.get(key) if cache is not None and key is not None else None
        if found is None:
            found = shard_filter(word_runs(shard_texts))
            if cache is not None and key is not None:
                cache.put(key, found)
        filters.append(found)
    return filters
