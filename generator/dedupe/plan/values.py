"""The deduplication plan and its parts: merges, links and reports, each with its evidence."""

from __future__ import annotations

from dataclasses import dataclass

from generator.dedupe.quotes import Verdict
from generator.dedupe.speakers import SpeakerMerge, SpeakerReview
from generator.models import Quote, Speaker


@dataclass(frozen=True)
class PairScore:
    """One scored pair of quotes: the evidence behind a merge, link or report."""

    a: str
    b: str
    kind: str
    similarity: float
    coverage: float
    reason: str


@dataclass(frozen=True)
class QuoteMerge:
    """Quotes of one speaker that are one quote."""

    speaker: str
    survivor: str
    """Id that stays: the oldest quote's."""
    merged: tuple[str, ...]
    """Ids merged into the survivor; recorded in its `merged_ids`."""
    text_from: str
    """Id of the quote whose text is kept (the longest well-sourced version)."""
    text: str
    scores: tuple[PairScore, ...]


@dataclass(frozen=True)
class FragmentLink:
    """A quote that is an excerpt of a longer quote by the same speaker."""

    speaker: str
    fragment: str
    whole: str
    score: PairScore


@dataclass(frozen=True)
class Misattribution:
    """The same words under two speakers: reported for an editor, never merged."""

    speaker: str
    quote: str
    other_speaker: str
    other_quote: str
    score: PairScore


@dataclass(frozen=True)
class DedupePlan:
    """Everything `dedupe` would do, and what it leaves to an editor."""

    speaker_merges: tuple[SpeakerMerge, ...] = ()
    quote_merges: tuple[QuoteMerge, ...] = ()
    fragment_links: tuple[FragmentLink, ...] = ()
    misattributions: tuple[Misattribution, ...] = ()
    speaker_reviews: tuple[SpeakerReview, ...] = ()

    @property
    def changes(self) -> int:
        """How many merges and links applying the plan makes."""
        return len(self.speaker_merges) + len(self.quote_merges) + len(self.fragment_links)


@dataclass(frozen=True)
class AppliedPlan:
    """Speaker files after applying a plan, and the files merged away."""

    speakers: tuple[Speaker, ...]
    removed_slugs: tuple[str, ...]


@dataclass(frozen=True)
class _SpeakerResult:
    merges: list[QuoteMerge]
    links: list[FragmentLink]
    sketches: list[tuple[int, int]]
    """(shingle hash, quote index) for texts distinctive enough to check across speakers."""


def _score(a: Quote, b: Quote, verdict: Verdict) -> PairScore:
    return PairScore(a.id, b.id, verdict.kind, verdict.similarity, verdict.coverage, verdict.reason)
