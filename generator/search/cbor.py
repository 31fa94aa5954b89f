"""A tiny CBOR codec for what Pagefind's data files hold: ints, text, bytes, arrays."""

from __future__ import annotations

from typing import Any


def _cbor_decode(data: bytes, pos: int) -> tuple[Any, int]:
    """Decode the CBOR subset Pagefind writes: ints, text, bytes, arrays."""
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
    if major == 1:
        return -1 - number, pos
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
        return _cbor_head(0, value) if value >= 0 else _cbor_head(1, -1 - value)
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
