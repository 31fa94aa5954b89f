"""Quote ids: short, random, assigned once at creation and never reused."""

from __future__ import annotations

import random
import re
from collections.abc import Iterable

ID_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
"""Lower-case letters and digits without look-alikes (0/o, 1/l/i), easy to read aloud."""
ID_LENGTH = 8
ID_PATTERN = re.compile(r"^[0-9a-z]{6,16}$")
"""What a valid id looks like; hand-made ids may be longer or use any letter or digit."""


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
