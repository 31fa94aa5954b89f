"""Which extracted quotes may go straight into the archive, and which an editor sees first."""

from __future__ import annotations

from dataclasses import dataclass

from generator.extract.records import ExtractedQuote


@dataclass(frozen=True)
class Hold:
    """Why a quote waits for review: a code from `generator.review.items.REASONS`, in words."""

    reason: str
    detail: str


def hold_for_review(quote: ExtractedQuote, min_confidence: float) -> Hold | None:
    """Why `quote` cannot go into the archive without an editor, or None when it can."""
    if not quote.speaker:
        return Hold("no-speaker", "no speaker found")
    if quote.name_problem:
        return Hold("not-a-name", quote.name_problem)
    if not _names_someone(quote.speaker, quote.speaker_kind):
        return Hold("not-a-name", f"'{quote.speaker}' is a description, not a name")
    if quote.confidence < min_confidence:
        return Hold(
            "uncertain",
            f"attribution to {quote.speaker} is uncertain "
            f"({quote.confidence:.2f}, below {min_confidence:.2f})",
        )
    return None


_DETERMINERS = frozenset(
    [
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "one",
        "some",
        "another",
        "its",
        "their",
        "his",
        "her",
        "our",
    ]
)


def _names_someone(speaker: str, kind: str | None) -> bool:
    """Whether a speaker is a name ("Lind", "Oskar Lind"), not a description ("the report")."""
    if kind is not None:
        return True
    first = speaker.split()[0]
    return first[:1].isupper() and first.casefold() not in _DETERMINERS
