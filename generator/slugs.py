"""Slugs: the URL-safe names of speakers and topics."""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
RESERVED_SLUGS = frozenset({"index", "a-z"})
"""Slugs a speaker or topic may not take: their page would replace an index page (`index`;
`a-z` holds the letter pages of People A–Z)."""


def slugify(text: str) -> str:
    """Turn a display name into a slug: "Sergey Lavrov" -> "sergey-lavrov".

    Never a reserved slug: a speaker an article calls "Index" gets `index-2`, as a taken slug
    would, instead of a file `check` rejects (F005), which made `extract` write nothing.
    """
    ascii_text = anyascii(unicodedata.normalize("NFC", text))  # "Путин" -> "Putin", not ""
    words = re.findall(r"[a-z0-9]+", ascii_text.lower().replace("'", ""))
    slug = "-".join(words) or "unnamed"
    return f"{slug}-2" if slug in RESERVED_SLUGS else slug
