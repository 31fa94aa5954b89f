"""What a held quote is, and what an editor decided about it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from generator.models import Source

REASONS = {
    "no-speaker": "nobody is named as saying it",
    "not-a-name": "the speaker found is no proper name of a person or organisation",
    "ambiguous": "the name fits more than one speaker",
    "uncertain": "the attribution is below the confidence threshold",
}
"""Why a quote is held, by code: the code sorts and filters, the item's detail explains."""

ACCEPTED = "accepted"
REJECTED = "rejected"


@dataclass(frozen=True)
class ReviewItem:
    """One quote held back from the archive, with everything an editor needs to decide."""

    id: str
    """Stable across runs over the same article: see `review_id`."""
    reason: str
    """One of REASONS."""
    detail: str
    """The reason in words, for this quote ("'Clinton' fits 2 known people: ...")."""
    text: str
    source: Source
    article: str
    """Where it was read: the article's path, with `:line` for a JSON lines record."""
    context: str = ""
    speaker: str | None = None
    """The extractor's guess, if it had one."""
    speaker_kind: str | None = None
    speaker_role: str | None = None
    candidates: tuple[str, ...] = ()
    """Slugs of the speakers an ambiguous name fits."""
    confidence: float = 0.0
    date: str | None = None


@dataclass(frozen=True)
class Decision:
    """An editor's decision on a held quote; kept so that a rerun respects it."""

    id: str
    decision: str
    """ACCEPTED or REJECTED."""
    text: str
    speaker: str | None = None
    """Slug of the speaker file an accepted quote went to."""
    quote_id: str | None = None
    """Id the accepted quote has (or was merged into) in the archive."""
    note: str | None = None


def review_id(article_key: str, start: int, text: str) -> str:
    """An id for a held quote that a rerun over the same article gives again.

    Made from the article's content (not its path, which changes with how a corpus is
    sharded), the quote's offset and its words.
    """
    digest = hashlib.sha256(f"{article_key}\0{start}\0{text}".encode()).hexdigest()
    return f"r-{digest[:10]}"
