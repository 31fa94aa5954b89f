"""The deduplication plan: what to merge and link, why, and how to apply it without loss.

`plan_dedupe` looks at the archive and proposes; `apply_plan` turns a plan into new speaker
files. Both are pure. Applying keeps every source and every id: merged ids are recorded on
the surviving quote, and merged speaker slugs on the surviving speaker, so old permalinks and
page URLs still resolve.

"Oldest" quote: the one with the earliest known date (its own `date` or any source's date);
undated quotes count as newest; ties go to archive order (speaker slug, then position in the
file). The oldest quote's id survives a merge; the text kept is the longest well-sourced one.
"""

from __future__ import annotations

import multiprocessing
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from generator.dedupe.normalize import Normalised, normalise, shingles
from generator.dedupe.quotes import (
    MERGE,
    Verdict,
    block_keys,
    candidate_pairs,
    compare,
    quote_forms,
    short_identical_ok,
)
from generator.dedupe.speakers import (
    SpeakerMerge,
    SpeakerReview,
    merge_speaker_files,
    plan_speakers,
)
from generator.models import Archive, Quote, Speaker

MIN_CROSS_CONTENT = 5
"""Distinctive words a text needs before the same words under another speaker are reported."""
SKETCH_SIZE = 4
"""Shingles per text used to find the same words across speakers (bottom-k MinHash)."""
SKETCH_MATCHES = 2
"""Sketch shingles two texts must share before they are compared across speakers."""
MAX_CROSS_BUCKET = 50
"""Sketch shingles shared by more texts than this are stock phrases, not the same quote."""
STATUS_PRIORITY = ("misattributed", "disputed", "verified", "attributed")
"""When merged quotes disagree on status, the most cautious one wins."""


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


# -- Planning --------------------------------------------------------------------------------


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


def merge_speakers(
    speakers: Sequence[Speaker], merges: Iterable[SpeakerMerge]
) -> tuple[Speaker, ...]:
    """Fold merged speaker files into their survivors; the rest stay as they are."""
    by_slug = {s.slug: s for s in speakers}
    for merge in merges:
        others = [by_slug.pop(slug) for slug in merge.merged]
        by_slug[merge.survivor] = merge_speaker_files(by_slug[merge.survivor], others)
    return tuple(sorted(by_slug.values(), key=lambda s: s.slug))


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


def plan_speaker_quotes(speaker: Speaker) -> _SpeakerResult:
    """Merges and fragment links among one speaker's quotes."""
    quotes = speaker.quotes
    owners: list[int] = []
    texts: list[Normalised] = []
    for index, quote in enumerate(quotes):
        for text in quote_forms(quote):
            owners.append(index)
            texts.append(normalise(text))
    grams = [shingles(text.words) for text in texts]
    keys = [block_keys(text, g) for text, g in zip(texts, grams, strict=True)]
    merge_edges: dict[tuple[int, int], PairScore] = {}
    fragment_edges: list[tuple[int, int, PairScore]] = []
    for i, j in candidate_pairs(keys):
        qi, qj = owners[i], owners[j]
        if qi == qj:
            continue
        if not short_identical_ok(texts[i], texts[j], quotes[qi].date, quotes[qj].date):
            continue
        verdict = compare(texts[i], texts[j])
        if verdict is None:
            continue
        if verdict.kind == MERGE:
            key = (min(qi, qj), max(qi, qj))
            merge_edges.setdefault(key, _score(quotes[qi], quotes[qj], verdict))
        else:
            short, long_ = (qi, qj) if verdict.shorter_first else (qj, qi)
            fragment_edges.append((short, long_, _score(quotes[short], quotes[long_], verdict)))
    roots = _groups(len(quotes), merge_edges)
    merges = _quote_merges(speaker, roots, merge_edges)
    links = _fragment_links(speaker, roots, fragment_edges, merges)
    return _SpeakerResult(merges, links, _sketches(texts, grams, owners))


def _score(a: Quote, b: Quote, verdict: Verdict) -> PairScore:
    return PairScore(a.id, b.id, verdict.kind, verdict.similarity, verdict.coverage, verdict.reason)


def _groups(count: int, edges: Iterable[tuple[int, int]]) -> list[int]:
    """Union-find: the representative (smallest index) of each quote's merge group."""
    parent = list(range(count))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in edges:
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)
    return [find(i) for i in range(count)]


def _quote_merges(
    speaker: Speaker, roots: list[int], edges: dict[tuple[int, int], PairScore]
) -> list[QuoteMerge]:
    quotes = speaker.quotes
    members: dict[int, list[int]] = defaultdict(list)
    for index, root in enumerate(roots):
        members[root].append(index)
    scores: dict[int, list[PairScore]] = defaultdict(list)
    for (i, _), score in sorted(edges.items()):
        scores[roots[i]].append(score)
    merges = []
    for root, group in sorted(members.items()):
        if len(group) < 2:
            continue
        group.sort(key=lambda i: (oldest_date(quotes[i]) or "~", i))
        kept = quotes[max(group, key=lambda i: _text_rank(quotes[i]))]
        merges.append(
            QuoteMerge(
                speaker.slug,
                quotes[group[0]].id,
                tuple(quotes[i].id for i in group[1:]),
                kept.id,
                kept.text,
                tuple(scores[root]),
            )
        )
    return merges


def oldest_date(quote: Quote) -> str | None:
    """The earliest date known for a quote: when it was said or first reported."""
    dates = [d for d in (quote.date, *(s.date for s in quote.sources)) if d]
    return min(dates) if dates else None


def _text_rank(quote: Quote) -> tuple[bool, int, int]:
    """Longest well-sourced text: verified or with a source link first, then longest."""
    well_sourced = quote.status == "verified" or any(s.url for s in quote.sources)
    return (well_sourced, len(normalise(quote.text).words), len(quote.sources))


def _fragment_links(
    speaker: Speaker,
    roots: list[int],
    edges: list[tuple[int, int, PairScore]],
    merges: list[QuoteMerge],
) -> list[FragmentLink]:
    """Link each fragment (or merged group of fragments) to the best longer quote."""
    by_id = {q.id: i for i, q in enumerate(speaker.quotes)}
    survivor = list(range(len(roots)))
    for merge in merges:
        for quote_id in merge.merged:
            survivor[by_id[quote_id]] = by_id[merge.survivor]
    linked_roots = {roots[i] for i, q in enumerate(speaker.quotes) if q.part_of}
    best: dict[int, tuple[int, PairScore]] = {}
    for short, long_, score in edges:
        fragment, whole = survivor[short], survivor[long_]
        if fragment == whole or roots[short] in linked_roots:
            continue
        known = best.get(fragment)
        if known is None or (score.coverage, score.similarity) > (
            known[1].coverage,
            known[1].similarity,
        ):
            best[fragment] = (whole, score)
    parents = {i: by_id[q.part_of] for i, q in enumerate(speaker.quotes) if q.part_of in by_id}
    parents.update({fragment: whole for fragment, (whole, _) in best.items()})
    return [
        FragmentLink(
            speaker.slug,
            speaker.quotes[fragment].id,
            speaker.quotes[_top(whole, parents)].id,
            score,
        )
        for fragment, (whole, score) in sorted(best.items())
    ]


def _top(index: int, parents: dict[int, int]) -> int:
    """Follow fragment links up to the longest quote, so that links never chain."""
    seen = {index}
    while index in parents and parents[index] not in seen:
        index = parents[index]
        seen.add(index)
    return index


# -- The same words under two speakers ---------------------------------------------------------


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
    verdict = compare(normalise(quote.text), normalise(other_quote.text))
    if verdict is None:
        return None
    score = _score(quote, other_quote, verdict)
    return Misattribution(speaker.slug, quote.id, other.slug, other_quote.id, score)


# -- Applying ----------------------------------------------------------------------------------


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
