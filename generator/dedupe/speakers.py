"""Which names belong to one speaker: aliases, titles, transliterations, and who is not.

"Vladimir Putin", "Putin" and "Russian President Vladimir Putin" are one person: leading
titles and descriptors are dropped, and a bare surname that fits exactly one known person is
that person. "Donald Trump Jr." is not "Donald Trump" (generational suffixes must agree) and
"Bill Clinton" is not "Hillary Clinton" (given names must agree, allowing initials and common
nicknames). When a name fits two people, nothing is guessed: it goes to a review list.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from generator.models import Speaker


def _words(text: str) -> frozenset[str]:
    """A set of words written as one string, which reads better than a long list literal."""
    return frozenset(text.split())


MATCHED = "matched"
NEW = "new"
AMBIGUOUS = "ambiguous"

_TITLES = _words(
    """president vice prime minister secretary sen senator rep representative congressman
    congresswoman gov governor lt mayor mr mrs ms miss dr prof professor sir dame lord lady king
    queen prince princess pope gen general col colonel adm admiral capt captain sgt judge
    justice chief foreign defense defence finance interior state press spokesman spokeswoman
    spokesperson deputy acting former ex then first chancellor speaker leader majority minority
    house senate white kremlin treasury department attorney ambassador envoy special un nato eu
    us usa uk united states kingdom national security adviser advisor ceo chairman chair
    chairwoman founder commissioner director head of the elect incumbent candidate nominee
    republican democrat democratic sheikh emir crown supreme ayatollah commander officer
    official economy trade health energy labor labour economic affairs homeland commission
    council parliament federal reserve central bank fund monetary international nations world
    organization organisation party committee"""
)
_DEMONYMS = _words(
    """american russian ukrainian chinese french german british english israeli iranian indian
    japanese korean turkish syrian iraqi saudi egyptian polish hungarian italian spanish
    canadian mexican brazilian belarusian georgian palestinian lebanese qatari emirati
    venezuelan argentine australian dutch belgian swedish finnish norwegian danish estonian
    latvian lithuanian european"""
)
_SUFFIXES = {
    "jr": "jr",
    "junior": "jr",
    "sr": "sr",
    "senior": "sr",
    "ii": "ii",
    "iii": "iii",
    "iv": "iv",
    "2nd": "ii",
    "3rd": "iii",
}
_POSSESSIVE = re.compile(r"^.*\b\w+'s\s+")
"""Everything up to a possessive is a descriptor: "Russia's President Vladimir Putin"."""
_PARTICLES = _words("van von der den de del della di da du le la bin ibn")
_NICKNAMES = [
    "william bill billy will willy",
    "robert bob bobby rob",
    "michael mike",
    "joseph joe joey",
    "james jim jimmy jamie",
    "thomas tom tommy",
    "richard dick rick ricky rich",
    "edward ed eddie ted",
    "charles chuck charlie",
    "elizabeth liz beth betty",
    "katherine catherine kate kathy cathy",
    "anthony tony",
    "daniel dan danny",
    "david dave",
    "steven stephen steve",
    "christopher chris",
    "alexander alex",
    "andrew andy drew",
    "benjamin ben",
    "samuel sam",
    "nicholas nick",
    "peter pete",
    "matthew matt",
    "jonathan jon",
    "ronald ron",
    "donald don",
    "jeffrey jeff",
    "gregory greg",
    "lawrence larry",
    "gerald jerry",
    "patrick pat",
    "margaret maggie peggy",
    "susan sue",
    "jennifer jen jenny",
    "rebecca becky",
    "theodore ted teddy",
    "kenneth ken",
]
_NICK = {name: index for index, line in enumerate(_NICKNAMES) for name in line.split()}


@dataclass(frozen=True)
class PersonName:
    """A person's name reduced to the parts that tell people apart."""

    given: tuple[str, ...]
    """Given and middle names (folded); single letters are initials."""
    family: str
    """Family name, folded, with particles ("von der leyen")."""
    suffix: str = ""
    """Generational suffix: "", "jr", "sr", "ii", "iii", "iv"."""
    descriptors: int = 0
    """How many leading title words were dropped ("Russian President" -> 2)."""


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


def fold(text: str) -> str:
    """Lower-case ASCII letters, digits and spaces: how names compare."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    ascii_text = re.sub(
        r"\b(?:[a-z]\.){2,}", lambda m: m.group(0).replace(".", ""), ascii_text.lower()
    )
    return " ".join(re.findall(r"[a-z0-9]+", ascii_text.replace("'", "").replace("-", " ")))


def organisation_key(name: str) -> str:
    """Folded organisation name without a leading "the"."""
    words = fold(name).split()
    while words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def parse_person(name: str) -> PersonName | None:
    """Split a reported name into given names, family name and suffix; drop titles."""
    possessor = _POSSESSIVE.match(name.replace("’", "'"))
    descriptors = len(fold(possessor.group(0)).split()) if possessor else 0
    words = fold(name[possessor.end() :] if possessor else name).split()
    while len(words) > 1 and (words[0] in _TITLES or words[0] in _DEMONYMS):
        words = words[1:]
        descriptors += 1
    suffix = ""
    if len(words) > 1 and words[-1] in _SUFFIXES:
        suffix = _SUFFIXES[words.pop()]
    if not words:
        return None
    family_start = len(words) - 1
    while family_start > 0 and words[family_start - 1] in _PARTICLES:
        family_start -= 1
    family = " ".join(words[family_start:])
    return PersonName(tuple(words[:family_start]), family, suffix, descriptors)


def skeleton(word: str) -> str:
    """Fold transliteration variants: Zelensky/Zelenskyy/Zelenskiy, Dmitry/Dmitri."""
    for old, new in (("kh", "h"), ("ts", "z"), ("tz", "z"), ("w", "v"), ("y", "i"), ("j", "i")):
        word = word.replace(old, new)
    return re.sub(r"(.)\1+", r"\1", word)


def same_given(a: str, b: str) -> bool:
    """Whether two given names can be the same: equal, an initial, or a nickname."""
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    if skeleton(a) == skeleton(b):
        return True
    return a in _NICK and _NICK.get(b) == _NICK[a]


def compatible(a: PersonName, b: PersonName) -> bool:
    """Whether two person names can refer to one person."""
    if skeleton(a.family) != skeleton(b.family) or a.suffix != b.suffix:
        return False
    if not a.given or not b.given:
        return True
    if not same_given(a.given[0], b.given[0]):
        return False
    return all(same_given(x, y) for x, y in zip(a.given[1:], b.given[1:], strict=False))


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


def plan_speakers(speakers: Sequence[Speaker]) -> tuple[list[SpeakerMerge], list[SpeakerReview]]:
    """Find speaker files that are one real speaker, and names that need a human decision."""
    index = SpeakerIndex(speakers)
    parent = {s.slug: s.slug for s in speakers}
    reasons: dict[str, list[str]] = defaultdict(list)
    reviews = []
    # Full names first, so that files of one person are joined before a bare surname is
    # weighed against them: "Putin" fits one person even if two files hold his full name.
    for speaker in sorted(speakers, key=_survivor_rank):
        name = _most_specific_name(speaker)
        parsed = parse_person(name) if speaker.kind == "person" else None
        # A full name never pulls in a surname-only file: that file resolves on its own, so
        # a surname shared by two people is reviewed instead of joining them.
        match = index.resolve(
            name, speaker.kind, exclude=speaker.slug, full_only=bool(parsed and parsed.given)
        )
        if match.status == MATCHED and match.speaker is not None:
            _union(parent, speaker.slug, match.speaker.slug)
            reasons[speaker.slug].append(match.reason)
        elif match.status == AMBIGUOUS and len({_find(parent, c) for c in match.candidates}) == 1:
            _union(parent, speaker.slug, match.candidates[0])
            reasons[speaker.slug].append(f"{match.reason}, files of one person")
        elif match.status == AMBIGUOUS:
            reviews.append(
                SpeakerReview(speaker.slug, speaker.name, match.candidates, match.reason)
            )
    groups: dict[str, list[Speaker]] = defaultdict(list)
    for speaker in speakers:
        groups[_find(parent, speaker.slug)].append(speaker)
    merges = []
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
        survivor = min(members, key=_survivor_rank)
        merged = tuple(sorted(m.slug for m in members if m is not survivor))
        why = "; ".join(r for m in members for r in reasons[m.slug])
        merges.append(SpeakerMerge(survivor.slug, merged, why))
    return sorted(merges, key=lambda m: m.survivor), sorted(reviews, key=lambda r: r.slug)


def _most_specific_name(speaker: Speaker) -> str:
    """The name that says most about who this is: one with given names, fewest titles."""

    def rank(name: str) -> tuple[int, int, int]:
        parsed = parse_person(name) if speaker.kind == "person" else None
        if parsed is None:
            return (1, 0, 0)
        return (0 if parsed.given else 1, parsed.descriptors, -len(parsed.given))

    return min(speaker.names, key=rank)


def _survivor_rank(speaker: Speaker) -> tuple[int, int, int, str]:
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
    """One speaker file from several: every quote, every name, every old slug."""
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
    description = survivor.description or next(
        (o.description for o in others if o.description), None
    )
    return Speaker(
        slug=survivor.slug,
        name=survivor.name,
        kind=survivor.kind,
        description=description,
        aliases=tuple(aliases),
        former_slugs=tuple(sorted(former)),
        quotes=(*survivor.quotes, *(q for o in others for q in o.quotes)),
    )
