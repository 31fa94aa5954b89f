"""Gzip made of separately compressed segments: one valid member, the same bytes back."""

from __future__ import annotations

import gzip
import os
import random
import zlib

from generator.publish.deflate import compress_segment, crc32_combine, join_segments


def test_crc32_combine_equals_the_crc_of_the_joined_bytes() -> None:
    chance = random.Random(7)
    for _ in range(100):
        a = os.urandom(chance.randint(0, 500))
        b = os.urandom(chance.randint(0, 5000))
        assert crc32_combine(zlib.crc32(a), zlib.crc32(b), len(b)) == zlib.crc32(a + b)


def test_joined_segments_are_one_member_holding_every_piece_in_order() -> None:
    pieces = [b"first line\n", b"", b"second " * 5000 + b"\n", "é中😀\n".encode()]
    segments = []
    for index, piece in enumerate(pieces):
        segments.append(compress_segment(piece, pieces[index - 1] if index else b""))
    data = b"".join(join_segments(segments))
    inflater = zlib.decompressobj(wbits=31)
    assert inflater.decompress(data) == b"".join(pieces)
    assert inflater.eof and not inflater.unused_data
    assert gzip.decompress(data) == b"".join(pieces)


def test_a_window_makes_a_repeat_of_the_text_before_nearly_free() -> None:
    text = os.urandom(20_000)
    assert len(compress_segment(text, text).data) < 1000 < 20_000 < len(compress_segment(text).data)


def test_the_header_is_zlibs_own_without_a_time() -> None:
    one = zlib.compressobj(6, zlib.DEFLATED, 31)
    whole = one.compress(b"abc") + one.flush()
    joined = b"".join(join_segments([compress_segment(b"abc")]))
    assert joined[:10] == whole[:10] and joined[4:8] == b"\0\0\0\0"
    assert joined[-8:] == whole[-8:]  # the same CRC and length
