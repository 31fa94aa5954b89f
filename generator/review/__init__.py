"""The review queue: quotes held back from the archive until an editor decides.

Extraction is not always sure. A quote with no speaker, a speaker whose name is no proper
name ("WASHINGTON"), a surname that fits two people, or an attribution below the confidence
threshold is not published and not lost either: it waits in `review/queue.yaml` (outside
`quotes/`, never on the site) with its reason, source, sentence and the extractor's guess.
An editor accepts it into the archive (with the right speaker if the guess was wrong) or
rejects it; either way the decision is kept in `review/decisions.yaml`, so that a later run
over the same articles does not bring the quote back.

This module re-exports the public API of the package: `items` (what a held quote is) and
`store` (the two files, read and written). Accepting and rejecting is ingest's work
(`generator.ingest.decide`): an accepted quote goes in by the same rules as any other.
"""

from __future__ import annotations

from generator.review.items import Decision, ReviewItem, review_id
from generator.review.store import (
    DECISIONS_FILE,
    QUEUE_FILE,
    REVIEW_DIR,
    ReviewState,
    load_review,
    merge_queue,
    review_files,
)

__all__ = [
    "DECISIONS_FILE",
    "QUEUE_FILE",
    "REVIEW_DIR",
    "Decision",
    "ReviewItem",
    "ReviewState",
    "load_review",
    "merge_queue",
    "review_files",
    "review_id",
]
