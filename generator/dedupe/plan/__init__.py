"""The deduplication plan: what to merge and link, why, and how to apply it without loss.

`plan_dedupe` looks at the archive and proposes; `apply_plan` turns a plan into new speaker
files. Both are pure. Applying keeps every source and every id: merged ids are recorded on
the surviving quote, and merged speaker slugs on the surviving speaker, so old permalinks and
page URLs still resolve.

"Oldest" quote: the one with the earliest known date (its own `date` or any source's date);
undated quotes count as newest; ties go to archive order (speaker slug, then position in the
file). The oldest quote's id survives a merge; the text kept is the longest well-sourced one.

This module owns the recipe (`plan_dedupe`, with its fan-out over worker processes) and
re-exports the public API of the package: `values` (the plan and its parts), `quote_groups`
(merges and fragment links among one speaker's quotes), `cross_speaker` (the same words
under two speakers) and `apply` (turning a plan into speaker files).
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Sequence

from generator.dedupe.plan.apply import STATUS_PRIORITY, apply_plan, merge_quotes, merge_speakers
from generator.dedupe.plan.cross_speaker import (
    MAX_CROSS_BUCKET,
    MIN_CROSS_CONTENT,
    SKETCH_MATCHES,
    SKETCH_SIZE,
    _misattributions,
)
from generator.dedupe.plan.quote_groups import oldest_date, plan_speaker_quotes
from generator.dedupe.plan.values import (
    AppliedPlan,
    DedupePlan,
    FragmentLink,
    Misattribution,
    PairScore,
    QuoteMerge,
    _SpeakerResult,
)
from generator.dedupe.speakers import plan_speakers
from generator.models import Archive, Speaker

__all__ = [
    "MAX_CROSS_BUCKET",
    "MIN_CROSS_CONTENT",
    "SKETCH_MATCHES",
    "SKETCH_SIZE",
    "STATUS_PRIORITY",
    "AppliedPlan",
    "DedupePlan",
    "FragmentLink",
    "Misattribution",
    "PairScore",
    "QuoteMerge",
    "apply_plan",
    "merge_quotes",
    "merge_speakers",
    "oldest_date",
    "plan_dedupe",
    "plan_speaker_quotes",
]


def plan_dedupe(archive: Archive, workers: int = 1) -> DedupePlan:
    """Propose speaker merges, quote merges and fragment links; report what needs an editor."""
    speaker_merges, reviews = plan_speakers(archive.speakers)
    speakers = merge_speakers(archive.speakers, speaker_merges)
    results = _plan_all_speakers(speakers, workers)
    return DedupePlan(
        speaker_merges=tuple(speaker_merges),
        quote_merges=tuple(m for r in results for m in r.merges),
        fragment_links=tuple(link for r in results for link in r.links),
        misattributions=tuple(_misattributions(speakers, results)),
        speaker_reviews=tuple(reviews),
    )


_FORKED: tuple[Speaker, ...] = ()
"""Speakers shared with worker processes through fork, so they are not pickled."""


def _plan_all_speakers(speakers: tuple[Speaker, ...], workers: int) -> list[_SpeakerResult]:
    if workers <= 1 or len(speakers) < 2 * workers:
        return [plan_speaker_quotes(s) for s in speakers]
    global _FORKED
    _FORKED = speakers
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            parts = pool.imap_unordered(_plan_chunk, _balanced_chunks(speakers, workers * 16))
            results = dict(item for part in parts for item in part)
    finally:
        _FORKED = ()
    return [results[i] for i in range(len(speakers))]


def _balanced_chunks(speakers: Sequence[Speaker], count: int) -> list[list[int]]:
    """Speaker indexes in chunks of about equal work (quotes), biggest speakers first."""
    order = sorted(range(len(speakers)), key=lambda i: -len(speakers[i].quotes))
    chunks: list[list[int]] = [[] for _ in range(count)]
    loads = [0] * count
    for index in order:
        lightest = min(range(count), key=loads.__getitem__)
        chunks[lightest].append(index)
        loads[lightest] += len(speakers[index].quotes) + 1
    return [chunk for chunk in chunks if chunk]


def _plan_chunk(indexes: list[int]) -> list[tuple[int, _SpeakerResult]]:
    return [(i, plan_speaker_quotes(_FORKED[i])) for i in indexes]
