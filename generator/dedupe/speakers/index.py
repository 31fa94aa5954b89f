"""Resolving a reported name against known speakers: one match, nobody, or ambiguous."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from generator.dedupe.speakers.names import (
    PersonName,
    compatible,
    fold,
    organisation_key,
    parse_person,
    skeleton,
)
from generator.models import Speaker

MATCHED = "matched"
NEW = "new"
AMBIGUOUS = "ambiguous"


@dataclass(frozen=True)
class SpeakerMatch:
    """Who a name refers to among known speakers."""

    status: str
    """MATCHED (one known speaker), NEW (nobody known), or AMBIGUOUS (needs review)."""
    speaker: Speaker | None = None
    """The speaker, when MATCHED."""
    candidates: tuple[str, ...] = ()
    """Slugs of the speakers the name could be, when AMBIGUOUS."""
    reason: str = ""


class SpeakerIndex:
    """Known speakers indexed by folded name and by family-name skeleton."""

    def __init__(self, speakers: Iterable[Speaker]) -> None:
        self.speakers = {s.slug: s for s in speakers}
        self.exact: dict[str, set[str]] = defaultdict(set)
        self.by_family: dict[str, set[str]] = defaultdict(set)
        self.full: dict[str, list[PersonName]] = defaultdict(list)
        self.bare: dict[str, list[PersonName]] = defaultdict(list)
        for speaker in self.speakers.values():
            self._add(speaker)

    def add(self, speaker: Speaker) -> None:
        """Make a new speaker known (ingest creates them one at a time)."""
        self.speakers[speaker.slug] = speaker
        self._add(speaker)

    def _add(self, speaker: Speaker) -> None:
        for name in speaker.names:
            self.exact[fold(name)].add(speaker.slug)
            if speaker.kind != "person":
                self.exact[organisation_key(name)].add(speaker.slug)
                continue
            parsed = parse_person(name)
            if parsed is None:
                continue
            self.by_family[skeleton(parsed.family)].add(speaker.slug)
            (self.full if parsed.given else self.bare)[speaker.slug].append(parsed)

    def resolve(
        self,
        name: str,
        kind: str | None = None,
        exclude: str | None = None,
        full_only: bool = False,
    ) -> SpeakerMatch:
        """Find the one known speaker a reported name refers to, if there is exactly one."""
        exact = self._exact(name, kind) - {exclude}
        if len(exact) == 1:
            slug = next(iter(exact))
            return SpeakerMatch(
                MATCHED,
                self.speakers[slug],
                (slug,),
                f"'{name}' is a name of {self.speakers[slug].name}",
            )
        if len(exact) > 1:
            return SpeakerMatch(
                AMBIGUOUS,
                None,
                tuple(sorted(exact)),
                f"'{name}' is a name of {len(exact)} speakers",
            )
        parsed = parse_person(name) if kind in (None, "person") else None
        if parsed is None:
            return SpeakerMatch(NEW, reason=f"no known speaker is called '{name}'")
        return self._by_person(name, parsed, exclude, full_only)

    def named(self, name: str) -> tuple[str, ...]:
        """Slugs of the speakers called exactly `name` (or by it as an alias), of any kind."""
        return tuple(sorted(self._exact(name, None)))

    def _exact(self, name: str, kind: str | None) -> set[str]:
        found = set(self.exact.get(fold(name), ()))
        if kind != "person":
            found |= self.exact.get(organisation_key(name), set())
        if kind is not None:
            found = {slug for slug in found if self.speakers[slug].kind == kind}
        return found

    def _by_person(
        self, name: str, parsed: PersonName, exclude: str | None, full_only: bool
    ) -> SpeakerMatch:
        fits = sorted(
            slug
            for slug in self.by_family.get(skeleton(parsed.family), ())
            if slug != exclude and self._fits(slug, parsed) and (not full_only or slug in self.full)
        )
        if parsed.given and len(fits) > 1:
            full_fits = [slug for slug in fits if self.full.get(slug)]
            fits = full_fits if len(full_fits) == 1 else fits
        if len(fits) == 1:
            speaker = self.speakers[fits[0]]
            how = "the surname of" if not parsed.given else "a form of the name of"
            return SpeakerMatch(
                MATCHED,
                speaker,
                (speaker.slug,),
                f"'{name}' is {how} exactly one known person: {speaker.name}",
            )
        if fits:
            names = ", ".join(self.speakers[slug].name for slug in fits)
            return SpeakerMatch(
                AMBIGUOUS, None, tuple(fits), f"'{name}' fits {len(fits)} known people: {names}"
            )
        return SpeakerMatch(NEW, reason=f"no known person fits '{name}'")

    def _fits(self, slug: str, parsed: PersonName) -> bool:
        """A speaker known by a full name fits only through it; one known by a surname, by it."""
        names = self.full.get(slug) or self.bare.get(slug, [])
        return any(compatible(parsed, known) for known in names)


def resolve_speaker(
    name: str, speakers: Sequence[Speaker] | SpeakerIndex, kind: str | None = None
) -> SpeakerMatch:
    """Which known speaker a reported name refers to: matched, new, or ambiguous.

    For many look-ups, build a `SpeakerIndex` once and pass it instead of the speakers.
    """
    index = speakers if isinstance(speakers, SpeakerIndex) else SpeakerIndex(speakers)
    return index.resolve(name, kind)
