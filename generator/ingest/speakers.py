"""Which speaker file each name of a run goes to: an existing one, a new one, or review.

Names are planned all together, never one quote at a time, so that the archive a run makes
does not depend on the order (or the sharding) of its articles:

1. the names are gathered, each with every kind and role it was reported with;
2. they are resolved from the most specific to the least: full names of people first
   (longest first), then organisations, then single words, each against the archive and
   the speakers already planned, by the rules of `dedupe` (a nickname, an initial or a
   transliteration fits, a different given name or suffix does not);
3. a name that fits nobody gets a new file, one that fits two speakers goes to review.

A bare surname is thus weighed against every full name of the run: "Cruz" joins "Ted Cruz"
when he is the only Cruz, and is held for review when "Heidi Cruz" is known too. Two names
that fold to the same key ("Washington", "WASHINGTON") are one claim: a run never creates
two files an editor would have to merge, and never two names `check` rejects (X003).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from generator.dedupe.speakers import (
    AMBIGUOUS,
    MATCHED,
    SpeakerIndex,
    SpeakerMatch,
    fold,
    parse_person,
)
from generator.models import Speaker
from generator.slugs import slugify


@dataclass(frozen=True)
class NameClaim:
    """A name the extractor gave a quote's speaker, as reported."""

    name: str
    kind: str | None = None
    role: str | None = None


def claim_key(name: str) -> str:
    """What names are told apart by: folded, so case, accents and dots do not count."""
    return fold(name)


@dataclass
class SpeakerPlan:
    """Every speaker after planning, and where each claimed name goes."""

    speakers: dict[str, Speaker]
    """Existing speakers and the new ones, by slug (new ones have no quotes yet)."""
    slug_of: dict[str, str] = field(default_factory=dict)
    """Claim key -> slug of the speaker file its quotes go to."""
    held: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    """Claim key -> why it went to review, and the slugs it could be."""
    new: set[str] = field(default_factory=set)
    """Slugs of the speakers created by this plan."""


@dataclass
class _Claims:
    """Every form, kind and role one claim key was reported with."""

    forms: Counter[str] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)
    roles: Counter[str] = field(default_factory=Counter)

    def best(self, counter: Counter[str]) -> str | None:
        """The most frequent value; ties go to the longest, then the first in order."""
        if not counter:
            return None
        return min(counter, key=lambda v: (-counter[v], -len(v), v))


def plan_speakers(existing: Sequence[Speaker], claims: Iterable[NameClaim]) -> SpeakerPlan:
    """Decide the speaker file of every claimed name; see the module docstring."""
    return plan_counted_speakers(existing, Counter(claims))


def plan_counted_speakers(
    existing: Sequence[Speaker], claims: Mapping[NameClaim, int]
) -> SpeakerPlan:
    """`plan_speakers` for claims already counted (as a partitioned run gathers them)."""
    gathered: dict[str, _Claims] = defaultdict(_Claims)
    for claim, times in claims.items():
        key = claim_key(claim.name)
        if not key:
            continue
        gathered[key].forms[claim.name] += times
        if claim.kind:
            gathered[key].kinds[claim.kind] += times
        if claim.role:
            gathered[key].roles[claim.role] += times
    plan = SpeakerPlan({s.slug: s for s in existing})
    index = SpeakerIndex(existing)
    taken_slugs = {*plan.speakers, *(f for s in existing for f in s.former_slugs)}
    for key in sorted(gathered, key=lambda k: _specificity(k, gathered[k])):
        found = gathered[key]
        name = found.best(found.forms) or key
        kind = found.best(found.kinds)
        match = _resolve(index, name, kind)
        if match.status == MATCHED and match.speaker is not None:
            plan.slug_of[key] = match.speaker.slug
        elif match.status == AMBIGUOUS:
            plan.held[key] = (match.reason, match.candidates)
        else:
            speaker = _new_speaker(name, kind, found.best(found.roles), taken_slugs)
            taken_slugs.add(speaker.slug)
            plan.speakers[speaker.slug] = speaker
            plan.new.add(speaker.slug)
            plan.slug_of[key] = speaker.slug
            index.add(speaker)
    return plan


def _specificity(key: str, found: _Claims) -> tuple[int, int, int, str]:
    """Full names of people first, then organisations, then single words; longer first."""
    words = key.split()
    kind = found.best(found.kinds)
    parsed = parse_person(key) if kind != "organisation" else None
    if parsed is not None and parsed.given:
        rank = 0
    elif kind == "organisation" and len(words) > 1:
        rank = 1
    else:
        rank = 2
    return rank, -len(words), -len(key), key


def _resolve(index: SpeakerIndex, name: str, kind: str | None) -> SpeakerMatch:
    """The speaker a name is. A name already in the archive is that speaker whatever kind
    the extractor guessed ("WASHINGTON" read as an organisation, "Washington" as a person)."""
    named = index.named(name)
    if len(named) == 1:
        speaker = index.speakers[named[0]]
        return SpeakerMatch(MATCHED, speaker, named, f"'{name}' is a name of {speaker.name}")
    return index.resolve(name, kind)


def _new_speaker(name: str, kind: str | None, role: str | None, taken: set[str]) -> Speaker:
    base = slugify(name)
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return Speaker(slug=slug, name=name, kind=kind or "person", description=role)
