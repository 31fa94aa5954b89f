"""Person names reduced to what tells people apart, and compared.

Leading titles and descriptors are dropped, generational suffixes must agree, given names
must agree allowing initials and common nicknames, and transliteration variants fold together.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from anyascii import anyascii

from generator.knowledge import given_name_gender, is_title_not_name


def _words(text: str) -> frozenset[str]:
    """A set of words written as one string, which reads better than a long list literal."""
    return frozenset(text.split())


_TITLES = _words(
    """president vice prime minister secretary sen senator rep representative congressman
    congresswoman gov governor lt mayor mr mrs ms miss dr prof professor sir dame lord lady king
    queen prince princess pope gen general col colonel adm admiral capt captain sgt judge
    justice chief pastor foreign defense defence finance interior state press spokesman spokeswoman
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


def fold(text: str) -> str:
    """Lower-case ASCII letters, digits and spaces: how names compare.

    Other scripts are transliterated, not dropped: dropped, every Cyrillic or Chinese name
    folded to "" and all of them matched one another.
    """
    ascii_text = anyascii(unicodedata.normalize("NFC", text))
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
    while len(words) > 1 and (
        words[0] in _TITLES or words[0] in _DEMONYMS or is_title_not_name(words[0])
    ):
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
    """Fold transliteration variants: Zelensky/Zelenskyy/Zelenskiy, Dmitry/Dmitri,
    Olexandr/Oleksandr."""
    pairs = (("x", "ks"), ("kh", "h"), ("ts", "z"), ("tz", "z"), ("w", "v"), ("y", "i"), ("j", "i"))
    for old, new in pairs:
        word = word.replace(old, new)
    return re.sub(r"(.)\1+", r"\1", word)


def same_given(a: str, b: str) -> bool:
    """Whether two given names can be the same: equal, an initial, or a nickname."""
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    if skeleton(a) == skeleton(b):
        return True
    return nickname_of(a, b) or nickname_of(b, a)


def nickname_of(short: str, full: str) -> bool:
    """Whether `short` is a nickname of `full` (Joe/Joseph, Bill/William) by the `nicknames`
    package's table, unless the two are names of different genders (Chris is a nickname of
    Christina too, but a Chris Smith in the news is rarely her)."""
    if short not in _nick_namer().nicknames_of(full):
        return False
    genders = {given_name_gender(short), given_name_gender(full)} - {None}
    return len(genders) < 2


@functools.cache
def _nick_namer() -> Any:
    import nicknames

    return nicknames.NickNamer()


def compatible(a: PersonName, b: PersonName) -> bool:
    """Whether two person names can refer to one person."""
    if skeleton(a.family) != skeleton(b.family) or a.suffix != b.suffix:
        return False
    if not a.given or not b.given:
        return True
    if not same_given(a.given[0], b.given[0]):
        return False
    return all(same_given(x, y) for x, y in zip(a.given[1:], b.given[1:], strict=False))
