"""Slugs: the URL-safe names of speakers and topics."""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
RESERVED_SLUGS = frozenset({"index"})
"""Slugs a speaker or topic may not take: their page would replace an index page."""


def slugify(text: str) -> str:
    """Turn a display name into a slug: "Sergey Lavrov" -> "sergey-lavrov"."""
    ascii_text = anyascii(unicodedata.normalize("NFC", text))  # "Путин" -> "Putin", not ""
    words = re.findall(r"[a-z0-9]+", ascii_text.lower().replace("'", ""))
    return "-".join(words) or "unnamed"
