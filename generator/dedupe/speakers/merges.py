"""Speaker files that are one real speaker: found, checked for consistency, and folded together.

When a name fits two people nothing is guessed: the file goes to a review list.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from generator.dedupe.speakers.index import AMBIGUOUS, MATCHED, SpeakerIndex
from generator.dedupe.speakers.names import compatible, parse_person
from generator.dedupe.speakers.variants import spelling_variants
from generator.models import Speaker


@dataclass(frozen=True)
class SpeakerMerge:
    """Speaker files that are one real speaker: `merged` files fold into `survivor`."""

    survivor: str
    merged: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class SpeakerReview:
    """A speaker file whose name fits more than one known speaker: an editor decides."""

    slug: str
    name: str
    candidates: tuple[str, ...]
    reason: str
    maybe_same: bool = False
    """True for files that may be one person under two spellings (see `variants`); False
    for a name that fits several known speakers."""


def plan_speakers(speakers: Sequence[Speaker]) -> tuple[list[SpeakerMerge], list[SpeakerReview]]:
    """Find speaker files that are one real speaker, and names that need a human decision."""
    index = SpeakerIndex(speakers)
    parent = {s.slug: s.slug for s in speakers}
    reasons: dict[str, list[str]] = defaultdict(list)
    reviews = []
    apart = speakers_kept_apart(speakers)
    # Full names first, so that files of one person are joined before a bare surname is
    # weighed against them: "Putin" fits one person even if two files hold his full name.
    for speaker in sorted(speakers, key=survivor_rank):
        name = _most_specific_name(speaker)
        parsed = parse_person(name) if speaker.kind == "person" else None
        # A full name never pulls in a surname-only file: that file resolves on its own, so
        # a surname shared by two people is reviewed instead of joining them.
        match = index.resolve(
            name, speaker.kind, exclude=speaker.slug, full_only=bool(parsed and parsed.given)
        )
        # Files an editor found to be other people are no candidates.
        candidates = tuple(c for c in match.candidates if frozenset((speaker.slug, c)) not in apart)
        if not candidates:
            continue
        if match.status == MATCHED:
            _union(parent, speaker.slug, candidates[0])
            reasons[speaker.slug].append(match.reason)
        elif match.status == AMBIGUOUS and len({_find(parent, c) for c in candidates}) == 1:
            _union(parent, speaker.slug, candidates[0])
            reasons[speaker.slug].append(f"{match.reason}, files of one person")
        elif match.status == AMBIGUOUS:
            reviews.append(SpeakerReview(speaker.slug, speaker.name, candidates, match.reason))
    groups: dict[str, list[Speaker]] = defaultdict(list)
    for speaker in speakers:
        groups[_find(parent, speaker.slug)].append(speaker)
    merges = []
    together = {frozenset((a.slug, b.slug)) for m in groups.values() for a in m for b in m}
    for first, second, why in spelling_variants(speakers, together | apart):
        name = next(s.name for s in speakers if s.slug == first)
        reviews.append(SpeakerReview(first, name, (second,), why, maybe_same=True))
    for members in groups.values():
        if len(members) < 2:
            continue
        if not _consistent(members):
            slugs = tuple(sorted(m.slug for m in members))
            reviews.append(
                SpeakerReview(
                    slugs[0],
                    members[0].name,
                    slugs,
                    "names link these files but do not all fit together",
                )
            )
            continue
        survivor = min(members, key=survivor_rank)
        merged = tuple(sorted(m.slug for m in members if m is not survivor))
        why = "; ".join(r for m in members for r in reasons[m.slug])
        merges.append(SpeakerMerge(survivor.slug, merged, why))
    return sorted(merges, key=lambda m: m.survivor), sorted(reviews, key=lambda r: r.slug)


def speakers_kept_apart(speakers: Sequence[Speaker]) -> set[frozenset[str]]:
    """Pairs of slugs an editor recorded as other people (`distinct_from`)."""
    return {frozenset((s.slug, other)) for s in speakers for other in s.distinct_from}


def _most_specific_name(speaker: Speaker) -> str:
    """The name that says most about who this is: one with given names, fewest titles."""

    def rank(name: str) -> tuple[int, int, int]:
        parsed = parse_person(name) if speaker.kind == "person" else None
        if parsed is None:
            return (1, 0, 0)
        return (0 if parsed.given else 1, parsed.descriptors, -len(parsed.given))

    return min(speaker.names, key=rank)


def survivor_rank(speaker: Speaker) -> tuple[int, int, int, str]:
    """Keep the file with a full, title-free name, then the one with most quotes."""
    parsed = parse_person(speaker.name) if speaker.kind == "person" else None
    has_given = 0 if parsed is None or parsed.given else 1
    descriptors = parsed.descriptors if parsed else 0
    return (has_given, descriptors, -len(speaker.quotes), speaker.slug)


def _consistent(members: list[Speaker]) -> bool:
    """Every pair of members must be able to be one speaker (no chain through a surname)."""
    if len({m.kind for m in members}) > 1:
        return False
    if members[0].kind != "person":
        return True
    names = [p for m in members if (p := parse_person(_most_specific_name(m))) is not None]
    return all(compatible(a, b) for i, a in enumerate(names) for b in names[i + 1 :])


def _find(parent: dict[str, str], slug: str) -> str:
    while parent[slug] != slug:
        parent[slug] = parent[parent[slug]]
        slug = parent[slug]
    return slug


def _union(parent: dict[str, str], a: str, b: str) -> None:
    root_a, root_b = _find(parent, a), _find(parent, b)
    if root_a != root_b:
        parent[max(root_a, root_b)] = min(root_a, root_b)


def merge_speaker_files(survivor: Speaker, others: Sequence[Speaker]) -> Speaker:
    """One speaker file from several: every quote, every name, every description (joined
    by "; "), every old slug."""
    names = {n.casefold() for n in (survivor.name,)}
    aliases: list[str] = []
    for name in [*survivor.aliases, *(n for o in others for n in o.names)]:
        if name.casefold() not in names:
            names.add(name.casefold())
            aliases.append(name)
    former = {
        *survivor.former_slugs,
        *(o.slug for o in others),
        *(f for o in others for f in o.former_slugs),
    } - {survivor.slug}
    descriptions: dict[str, str] = {}
    for text in (survivor.description, *(o.description for o in others)):
        if text and text.strip():
            descriptions.setdefault(" ".join(text.split()).casefold(), text.strip())
    merged_away = {o.slug for o in others} | {survivor.slug}
    distinct = {d for s in (survivor, *others) for d in s.distinct_from} - merged_away
    return Speaker(
        slug=survivor.slug,
        name=survivor.name,
        kind=survivor.kind,
        description="; ".join(descriptions.values()) or None,
        aliases=tuple(aliases),
        former_slugs=tuple(sorted(former)),
        distinct_from=tuple(sorted(distinct)),
        quotes=(*survivor.quotes, *(q for o in others for q in o.quotes)),
    )
