"""The same words under two speakers: found by shared MinHash sketches, reported, never merged."""

from __future__ import annotations

from collections.abc import Sequence

from generator.dedupe.normalize import Normalised, normalise
from generator.dedupe.plan.values import Misattribution, _score, _SpeakerResult
from generator.dedupe.quotes import compare
from generator.models import Quote, Speaker

MIN_CROSS_CONTENT = 5
"""Distinctive words a text needs before the same words under another speaker are reported."""
SKETCH_SIZE = 4
"""Shingles per text used to find the same words across speakers (bottom-k MinHash)."""
SKETCH_MATCHES = 2
"""Sketch shingles two texts must share before they are compared across speakers."""
MAX_CROSS_BUCKET = 50
"""Sketch shingles shared by more texts than this are stock phrases, not the same quote."""


def _sketches(
    texts: list[Normalised], grams: list[set[int]], owners: list[int]
) -> list[tuple[int, int]]:
    """Bottom-k shingle hashes of each distinctive text: near-identical texts share some."""
    out: list[tuple[int, int]] = []
    for text, hashes, owner in zip(texts, grams, owners, strict=True):
        if text.content >= MIN_CROSS_CONTENT:
            out.extend((h, owner) for h in sorted(hashes)[:SKETCH_SIZE])
    return out


def _misattributions(
    speakers: Sequence[Speaker], results: list[_SpeakerResult]
) -> list[Misattribution]:
    first: dict[int, int] = {}
    shared: dict[int, list[int]] = {}
    for s_index, result in enumerate(results):
        for key, q_index in result.sketches:
            packed = s_index << 32 | q_index
            seen = first.setdefault(key, packed)
            if seen != packed:
                shared.setdefault(key, [seen]).append(packed)
    together: dict[tuple[int, int], int] = {}
    for members in shared.values():
        if len(members) > MAX_CROSS_BUCKET or len({m >> 32 for m in members}) < 2:
            continue
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if a >> 32 != b >> 32:
                    pair = (min(a, b), max(a, b))
                    together[pair] = together.get(pair, 0) + 1
    # Near-identical texts share most of their sketch; one shared 3-gram is a coincidence.
    pairs = sorted(pair for pair, count in together.items() if count >= SKETCH_MATCHES)
    reports = []
    for a, b in pairs:
        sa, qa, sb, qb = a >> 32, a & 0xFFFFFFFF, b >> 32, b & 0xFFFFFFFF
        report = _misattribution(
            speakers[sa], speakers[sa].quotes[qa], speakers[sb], speakers[sb].quotes[qb]
        )
        if report is not None:
            reports.append(report)
    return reports


def _misattribution(
    speaker: Speaker, quote: Quote, other: Speaker, other_quote: Quote
) -> Misattribution | None:
    if "misattributed" in (quote.status, other_quote.status):
        return None
    if other_quote.id in quote.distinct_from or quote.id in other_quote.distinct_from:
        return None  # an editor found them to be two remarks
    verdict = compare(normalise(quote.text), normalise(other_quote.text))
    if verdict is None:
        return None
    score = _score(quote, other_quote, verdict)
    return Misattribution(speaker.slug, quote.id, other.slug, other_quote.id, score)
