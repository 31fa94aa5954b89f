"""Applying a plan: speaker files merged, quotes merged, fragments linked, nothing lost.

Every source and every id is kept: merged ids are recorded on the surviving quote, and
merged speaker slugs on the surviving speaker, so old permalinks and page URLs still resolve.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace

from generator.dedupe.plan.values import AppliedPlan, DedupePlan, QuoteMerge
from generator.dedupe.speakers import SpeakerMerge, merge_speaker_files
from generator.models import Archive, Quote, Speaker

STATUS_PRIORITY = ("misattributed", "disputed", "verified", "attributed")
"""When merged quotes disagree on status, the most cautious one wins."""


def apply_plan(archive: Archive, plan: DedupePlan) -> AppliedPlan:
    """Apply a plan: merge speaker files, merge quotes, link fragments; lose nothing."""
    speakers = {s.slug: s for s in merge_speakers(archive.speakers, plan.speaker_merges)}
    redirects: dict[str, str] = {}
    merges_by_speaker: dict[str, list[QuoteMerge]] = defaultdict(list)
    for merge in plan.quote_merges:
        merges_by_speaker[merge.speaker].append(merge)
        redirects.update(dict.fromkeys(merge.merged, merge.survivor))
    links = {link.fragment: link.whole for link in plan.fragment_links}
    updated = []
    for slug, speaker in sorted(speakers.items()):
        quotes = _apply_to_quotes(speaker.quotes, merges_by_speaker.get(slug, []), links, redirects)
        updated.append(replace(speaker, quotes=quotes) if quotes != speaker.quotes else speaker)
    removed = tuple(sorted(slug for m in plan.speaker_merges for slug in m.merged))
    return AppliedPlan(tuple(updated), removed)


def _apply_to_quotes(
    quotes: tuple[Quote, ...],
    merges: list[QuoteMerge],
    links: dict[str, str],
    redirects: dict[str, str],
) -> tuple[Quote, ...]:
    by_id = {q.id: q for q in quotes}
    for merge in merges:
        members = [by_id.pop(merge.survivor), *(by_id.pop(i) for i in merge.merged)]
        by_id[merge.survivor] = merge_quotes(members, merge.text_from)
    for quote_id, quote in list(by_id.items()):
        target = links.get(quote_id, quote.part_of)
        target = redirects.get(target, target) if target else None
        if target == quote_id:
            target = None
        if target != quote.part_of:
            by_id[quote_id] = replace(quote, part_of=target)
    if len(by_id) == len(quotes) and all(by_id[q.id] is q for q in quotes):
        return quotes
    return tuple(by_id.values())


def merge_quotes(members: Sequence[Quote], text_from: str) -> Quote:
    """One quote from several: the first member's id, the chosen text, everything else kept."""
    survivor = members[0]
    kept = next(q for q in members if q.id == text_from)
    variants: list[str] = []
    for text in [*(q.text for q in members), *(v for q in members for v in q.variants)]:
        if text != kept.text and text not in variants:
            variants.append(text)
    merged_ids = {i for q in members for i in q.merged_ids} | {q.id for q in members[1:]}
    return Quote(
        id=survivor.id,
        text=kept.text,
        sources=tuple(s for q in members for s in q.sources),
        date=survivor.date or next((q.date for q in members if q.date), None),
        topics=tuple(sorted({t for q in members for t in q.topics})),
        context=kept.context or next((q.context for q in members if q.context), None),
        status=min((q.status for q in members), key=_status_rank),
        variants=tuple(variants),
        merged_ids=tuple(sorted(merged_ids)),
        part_of=next((q.part_of for q in members if q.part_of), None),
    )


def _status_rank(status: str) -> int:
    return STATUS_PRIORITY.index(status) if status in STATUS_PRIORITY else len(STATUS_PRIORITY)


def merge_speakers(
    speakers: Sequence[Speaker], merges: Iterable[SpeakerMerge]
) -> tuple[Speaker, ...]:
    """Fold merged speaker files into their survivors; the rest stay as they are."""
    by_slug = {s.slug: s for s in speakers}
    for merge in merges:
        others = [by_slug.pop(slug) for slug in merge.merged]
        by_slug[merge.survivor] = merge_speaker_files(by_slug[merge.survivor], others)
    return tuple(sorted(by_slug.values(), key=lambda s: s.slug))
