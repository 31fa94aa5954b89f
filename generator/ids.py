"""Quote ids: short, random, assigned once at creation and never reused."""

from __future__ import annotations

import hashlib
import itertools
import random
import re
from collections.abc import Iterable

ID_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
"""Lower-case letters and digits without look-alikes (0/o, 1/l/i), easy to read aloud."""
ID_LENGTH = 8
ID_PATTERN = re.compile(r"^[0-9a-z]{6,16}$")
"""What a valid id looks like; hand-made ids may be longer or use any letter or digit."""


def minted_quote_id(seed: str, prefix: str, taken: set[str] | frozenset[str]) -> str:
    """A new id made from `seed` (what identifies the quote: its article and place in it)
    that starts with `prefix` and is not in `taken`.

    The same quote gets the same id in any run over the same archive, whatever order or
    process it is placed in; ids minted under different prefixes can never collide, so
    groups of speakers with different prefixes can be filled in apart.
    """
    size = len(ID_ALPHABET)
    for attempt in itertools.count():
        digest = hashlib.sha256(f"{seed}\0{attempt}".encode("utf-8", "surrogatepass")).digest()
        number = int.from_bytes(digest[:8], "big")
        tail = []
        for _ in range(ID_LENGTH - len(prefix)):
            number, digit = divmod(number, size)
            tail.append(ID_ALPHABET[digit])
        candidate = prefix + "".join(tail)
        if candidate not in taken:
            return candidate
    raise AssertionError("unreachable")


def new_quote_id(taken: Iterable[str], rng: random.Random | None = None) -> str:
    """Return a fresh id that is not in `taken` (live ids plus ids merged away)."""
    used = taken if isinstance(taken, (set, frozenset)) else set(taken)  # no copy per id
    pick = rng or random.SystemRandom()
    while True:
        candidate = "".join(pick.choice(ID_ALPHABET) for _ in range(ID_LENGTH))
        if candidate not in used:
            return candidate


def quote_anchor(quote_id: str) -> str:
    """The HTML id of a quote on its speaker's page: the permalink fragment."""
    return f"q-{quote_id}"
