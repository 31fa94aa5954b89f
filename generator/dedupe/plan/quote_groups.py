"""Merges and fragment links among one speaker's quotes.

Candidate pairs are compared once; merge edges are grouped by union-find (the oldest quote's
id survives, the longest well-sourced text is kept), and each fragment is linked to the best
longer quote, never to another fragment.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet

from generator.dedupe.normalize import Normalised, normalise, shingles, word_codes
from generator.dedupe.plan.cross_speaker import _sketches
from generator.dedupe.plan.values import (
    FragmentLink,
    PairScore,
    QuoteMerge,
    _score,
    _SpeakerResult,
)
from generator.dedupe.quotes import (
    MERGE,
    block_keys,
    candidate_pairs,
    compare,
    quote_forms,
    short_identical_ok,
)
from generator.models import Quote, Speaker


def plan_speaker_quotes(speaker: Speaker) -> _SpeakerResult:
    """Merges and fragment links among one speaker's quotes."""
    quotes = speaker.quotes
    owners: list[int] = []
    texts: list[Normalised] = []
    for index, quote in enumerate(quotes):
        for text in quote_forms(quote):
            owners.append(index)
            texts.append(normalise(text))
    codes = [word_codes(text.words) for text in texts]
    grams = [shingles(text.words, c) for text, c in zip(texts, codes, strict=True)]
    keys = [block_keys(t, g, c) for t, g, c in zip(texts, grams, codes, strict=True)]
    merge_edges: dict[tuple[int, int], PairScore] = {}
    fragment_edges: list[tuple[int, int, PairScore]] = []
    apart = kept_apart(quotes)
    for i, j in candidate_pairs(keys):
        qi, qj = owners[i], owners[j]
        if qi == qj or (apart and frozenset((quotes[qi].id, quotes[qj].id)) in apart):
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
    roots = _groups(len(quotes), merge_edges, _apart_indexes(quotes, apart))
    merges = _quote_merges(speaker, roots, merge_edges)
    links = _fragment_links(speaker, roots, fragment_edges, merges)
    return _SpeakerResult(merges, links, _sketches(texts, grams, owners))


def kept_apart(quotes: Iterable[Quote]) -> set[frozenset[str]]:
    """Pairs of quote ids an editor recorded as other remarks (`distinct_from`)."""
    return {frozenset((q.id, other)) for q in quotes for other in q.distinct_from}


def _apart_indexes(quotes: Sequence[Quote], apart: set[frozenset[str]]) -> set[frozenset[int]]:
    if not apart:
        return set()
    index = {q.id: i for i, q in enumerate(quotes)}
    pairs = (tuple(pair) for pair in apart if len(pair) == 2)
    return {frozenset((index[a], index[b])) for a, b in pairs if a in index and b in index}


def _groups(
    count: int, edges: Iterable[tuple[int, int]], apart: AbstractSet[frozenset[int]] = frozenset()
) -> list[int]:
    """Union-find: the representative (smallest index) of each quote's merge group. Two
    groups holding quotes an editor kept apart are not joined, even through a third quote."""
    parent = list(range(count))
    members: dict[int, list[int]] = {}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in edges:
        ri, rj = find(i), find(j)
        if ri == rj:
            continue
        if apart:
            group_i, group_j = members.get(ri, [ri]), members.get(rj, [rj])
            if any(frozenset((a, b)) in apart for a in group_i for b in group_j):
                continue
            members[min(ri, rj)] = group_i + group_j
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
