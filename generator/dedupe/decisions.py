"""An editor's decisions on what `dedupe` found: apply some proposals, merge two speakers,
or record that a pair is not a duplicate.

Each proposal has a key an editor can type: the surviving quote's id for merged quotes, the
fragment's id for a fragment link, the surviving slug for speaker files, and `SLUG+SLUG`
for two files that may be one person (which `dedupe --apply` alone never merges). A pair
kept apart is written into the archive (`distinct_from`, on the first of the two), so the
decision is reviewed in a pull request like any other edit and holds for every later run.
Everything here is pure: the recipes in `command` read and write the files.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from generator.dedupe.plan import (
    DedupePlan,
    FragmentLink,
    QuoteMerge,
    merge_speakers,
    plan_speaker_quotes,
)
from generator.dedupe.speakers import SpeakerMerge, SpeakerReview
from generator.dedupe.speakers.merges import survivor_rank
from generator.errors import GeneratorError
from generator.models import Archive, Speaker


def review_key(review: SpeakerReview) -> str:
    """The key of a proposal to merge files that may be one person: `SLUG+SLUG`."""
    return "+".join((review.slug, *review.candidates))


def select(plan: DedupePlan, keys: Iterable[str], archive: Archive) -> DedupePlan:
    """The part of `plan` the editor chose by key; a `SLUG+SLUG` key of a file that may be
    one person becomes a speaker merge. Raises GeneratorError for a key no proposal has."""
    wanted = list(dict.fromkeys(k.strip() for k in keys if k.strip()))
    speakers = [m for m in plan.speaker_merges if m.survivor in wanted]
    reviews = {review_key(r): r for r in plan.speaker_reviews if r.maybe_same}
    speakers += [
        merge_of(archive, reviews[k].slug, reviews[k].candidates) for k in wanted if k in reviews
    ]
    merges = [m for m in plan.quote_merges if m.survivor in wanted]
    links = [link for link in plan.fragment_links if link.fragment in wanted]
    found = {m.survivor for m in speakers} | {m.survivor for m in merges}
    found |= {link.fragment for link in links} | set(reviews).intersection(wanted)
    unknown = [k for k in wanted if k not in found]
    if unknown:
        raise GeneratorError(
            f"expected the key of a proposal `dedupe` shows, found {', '.join(unknown)}"
        )
    together = merge_speakers(archive.speakers, speakers)
    speaker_of = {q.id: s.slug for s in together for q in s.quotes}
    items: list[QuoteMerge | FragmentLink] = [*merges, *links]
    for item in items:
        ids = _ids(item)
        if len({speaker_of.get(i) for i in ids}) > 1:
            raise GeneratorError(
                f"{_key(item)} joins quotes of two speaker files: apply the speaker merge "
                "it depends on with it"
            )
    return DedupePlan(
        speaker_merges=tuple(speakers),
        quote_merges=tuple(merges),
        fragment_links=tuple(links),
    )


def merge_of(archive: Archive, first: str, others: Sequence[str]) -> SpeakerMerge:
    """Files that may be one person, merged into the one `dedupe` would keep."""
    by_slug = {s.slug: s for s in archive.speakers}
    members = [by_slug[slug] for slug in (first, *others)]
    survivor = min(members, key=survivor_rank)
    merged = tuple(sorted(m.slug for m in members if m is not survivor))
    return SpeakerMerge(survivor.slug, merged, "merged by an editor: one person")


def plan_speaker_merge(archive: Archive, survivor: str, others: Sequence[str]) -> DedupePlan:
    """Merge the files `others` into `survivor`, and the quotes they turn out to share (the
    oldest id kept, the other ids recorded in `merged_ids`)."""
    by_slug = {s.slug: s for s in archive.speakers}
    missing = [slug for slug in (survivor, *others) if slug not in by_slug]
    if missing:
        raise GeneratorError(f"expected speaker slugs from quotes/, found {', '.join(missing)}")
    if survivor in others or len(set(others)) != len(others):
        raise GeneratorError("expected two or more different speaker files")
    kinds = {by_slug[slug].kind for slug in (survivor, *others)}
    if len(kinds) > 1:
        raise GeneratorError("expected files of one kind: a person and an organisation never merge")
    merge = SpeakerMerge(survivor, tuple(others), "merged by an editor")
    [merged] = [s for s in merge_speakers(archive.speakers, [merge]) if s.slug == survivor]
    quotes = plan_speaker_quotes(merged)
    return DedupePlan(
        speaker_merges=(merge,),
        quote_merges=tuple(quotes.merges),
        fragment_links=tuple(quotes.links),
    )


def keep_apart(archive: Archive, first: str, second: str) -> Speaker:
    """Record that two quotes (by id) or two speaker files (by slug) are not duplicates: the
    speaker file to write, with `distinct_from` on the first of the two."""
    slugs = {s.slug: s for s in archive.speakers}
    if first in slugs and second in slugs and first != second:
        speaker = slugs[first]
        return replace(speaker, distinct_from=_with(speaker.distinct_from, second))
    quotes = {q.id: (s, q) for s in archive.speakers for q in s.quotes}
    if first in quotes and second in quotes and first != second:
        speaker, quote = quotes[first]
        kept = replace(quote, distinct_from=_with(quote.distinct_from, second))
        return replace(speaker, quotes=tuple(kept if q.id == first else q for q in speaker.quotes))
    raise GeneratorError(
        f"expected two quote ids or two speaker slugs from the archive, found '{first}' and "
        f"'{second}'"
    )


def _with(values: tuple[str, ...], value: str) -> tuple[str, ...]:
    return tuple(sorted({*values, value}))


def _ids(item: QuoteMerge | FragmentLink) -> tuple[str, ...]:
    if isinstance(item, QuoteMerge):
        return (item.survivor, *item.merged)
    return (item.fragment, item.whole)


def _key(item: QuoteMerge | FragmentLink) -> str:
    return item.survivor if isinstance(item, QuoteMerge) else item.fragment
