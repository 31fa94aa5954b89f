"""One gzip file made of pieces compressed apart: a rebuild compresses only what changed.

A gzip file holds a deflate stream, and a deflate stream may be cut into independently
compressed *segments*: each segment is raw deflate that starts with an empty window and ends
with a sync flush (an empty stored block, so it ends on a byte boundary without being the
final block). Segments laid end to end, then one final empty block, make one valid deflate
stream; the gzip header before it and the trailer after it (CRC-32 and length of all the
uncompressed bytes) make it one gzip *member*, which every reader takes: Python's gzip,
`zcat`, and browsers' DecompressionStream (which, unlike the first two, refuses a file of
several concatenated members). This is how pigz compresses in parallel.

The trailer's CRC-32 is combined from the segments' own CRCs (`crc32_combine`, as zlib's
C function of that name, which Python's zlib does not expose), so joining cached segments
never needs their uncompressed bytes.

A segment may be compressed with the text before it as a preset dictionary (`window`): then
it compresses as well as in one stream (a few bytes more for its flush), but it also depends
on that text. Without it, each segment starts from nothing: with segments of 16 speakers
that cost 4 to 7 per cent in size on our exports, at 32 speakers 2 to 4.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

LEVEL = 6
"""zlib's default: level 9 is about twice as slow for a file a per cent smaller."""
FINAL_BLOCK = b"\x03\x00"
"""An empty final block with fixed codes: what ends a deflate stream of nothing."""
WINDOW = 32768
"""How far back deflate looks."""
_POLY = 0xEDB88320
"""CRC-32's polynomial, bit-reversed as zlib uses it."""


@dataclass(frozen=True)
class Segment:
    """Raw deflate of some bytes, ending in a sync flush, with their CRC-32 and length."""

    data: bytes
    crc: int
    size: int
    shift: int
    """x^(8 size) modulo the CRC polynomial: what `crc32_combine` multiplies by, made once
    when compressing (it is most of the cost of combining)."""


def compress_segment(raw: bytes, window: bytes = b"", level: int = LEVEL) -> Segment:
    """A segment of `raw`. `window` is the uncompressed text just before it in the file
    (up to 32 KB of it count); repeats of it are found as if the two were compressed as one.
    It must be exactly the bytes that precede the segment (or a tail of them, or empty)."""
    tail = window[-WINDOW:]
    compressor = (
        zlib.compressobj(level, zlib.DEFLATED, -zlib.MAX_WBITS, zdict=tail)
        if tail
        else zlib.compressobj(level, zlib.DEFLATED, -zlib.MAX_WBITS)
    )
    data = compressor.compress(raw) + compressor.flush(zlib.Z_SYNC_FLUSH)
    return Segment(data, zlib.crc32(raw), len(raw), _x_to_the(8 * len(raw)))


def gzip_header(level: int = LEVEL) -> bytes:
    """The 10-byte header zlib writes itself: no name, zero mtime, OS Unix; the extra
    flags byte says how hard the level compresses."""
    return zlib.compressobj(level, zlib.DEFLATED, zlib.MAX_WBITS + 16).flush()[:10]


def join_segments(segments: Iterable[Segment], level: int = LEVEL) -> Iterator[bytes]:
    """One gzip member of the segments in order, as chunks (no segment is copied)."""
    crc = 0
    size = 0
    yield gzip_header(level)
    for segment in segments:
        if segment.size:
            yield segment.data
            crc = _multiply(segment.shift, crc) ^ segment.crc
            size += segment.size
    yield FINAL_BLOCK + struct.pack("<II", crc, size & 0xFFFFFFFF)


def crc32_combine(crc1: int, crc2: int, length2: int) -> int:
    """The CRC-32 of A + B from crc1 = crc32(A), crc2 = crc32(B) and len(B): crc1 is
    shifted by len(B) zero bytes (times x^(8 len(B)) modulo the polynomial)."""
    return _multiply(_x_to_the(length2 * 8), crc1) ^ crc2


def _multiply(a: int, b: int) -> int:
    """a times b modulo the CRC polynomial (bit-reversed: x^0 is the top bit)."""
    product = 0
    mask = 1 << 31
    while a:
        if a & mask:
            product ^= b
            a ^= mask
        mask >>= 1
        b = (b >> 1) ^ _POLY if b & 1 else b >> 1
    return product


def _powers() -> list[int]:
    """x^(2^k) modulo the polynomial, k = 0..31."""
    powers = [1 << 30]  # x^1
    for _ in range(31):
        powers.append(_multiply(powers[-1], powers[-1]))
    return powers


_X_TO_2_TO_THE = _powers()


def _x_to_the(n: int) -> int:
    """x^n modulo the polynomial, by squaring (n < 2^32 cycles through the table)."""
    power = 1 << 31  # x^0
    k = 0
    while n:
        if n & 1:
            power = _multiply(_X_TO_2_TO_THE[k & 31], power)
        n >>= 1
        k += 1
    return power
