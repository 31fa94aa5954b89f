"""People who may be one person under two spellings: proposed to an editor, never merged.

Articles misspell names ("Rence Priebus" for Reince, "Kristen Gillibrand" for Kirsten),
style them differently ("Joseph R. Biden Jr." beside "Joe Biden"), use a nickname the
merging rules do not know ("Bernie" for Bernard), a middle name ("Mitch McConnell" for
Addison Mitchell McConnell), another transliteration ("Aleksandr", "Alexander") or other
spaces ("Xi Jin-ping"). The rules that merge on their own (`names.compatible`) keep these
apart, rightly: "Donald Trump Jr." is not his father, and one letter tells many people
apart. So they are shown to an editor as the same person perhaps, with the reason; `dedupe
--apply SLUG+SLUG` or `merge-speakers` merges one when the editor agrees.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from itertools import combinations

from rapidfuzz.distance import DamerauLevenshtein

from generator.dedupe.speakers.names import (
    PersonName,
    _nick_namer,
    parse_person,
    same_given,
    skeleton,
)
from generator.models import Speaker

MIN_LENGTH = 5
"""A given or family name at least this long and one edit (a letter added, dropped or
changed, or two letters swapped) from another may be the same name misspelt."""


def spelling_variants(
    speakers: Sequence[Speaker], apart: Iterable[frozenset[str]] = ()
) -> list[tuple[str, str, str]]:
    """Pairs of person files that may be one person, with the reason: (slug, slug, why).

    `apart` holds pairs of slugs already merged or reviewed, which are not proposed again.
    """
    known = set(apart)
    people = [(s, parsed) for s in speakers if s.kind == "person" for parsed in _names(s)]
    people = [(s, parsed) for s, parsed in people if parsed.given]
    blocks: dict[tuple[str, ...], list[tuple[Speaker, PersonName]]] = defaultdict(list)
    for speaker, parsed in people:
        for key in _block_keys(parsed):
            blocks[key].append((speaker, parsed))
    found: dict[frozenset[str], tuple[str, str, str]] = {}
    for key, group in blocks.items():
        for (a, name_a), (b, name_b) in _pairs(key, group):
            pair = frozenset((a.slug, b.slug))
            if a.slug == b.slug or pair in known or pair in found:
                continue
            why = _why_maybe_one(name_a, name_b)
            if why:
                first, second = sorted((a.slug, b.slug))
                found[pair] = (first, second, f"'{a.name}' and '{b.name}': {why}")
    return sorted(found.values())


Named = tuple[Speaker, PersonName]


def _pairs(key: tuple[str, ...], group: list[Named]) -> Iterable[tuple[Named, Named]]:
    """The pairs of a block worth comparing: across a suffix (in a "suffix" block), or with
    different spellings (in the others); never two identical names."""
    if key[0] == "suffix":
        plain = [item for item in group if not item[1].suffix]
        return ((a, b) for a in plain for b in group if b[1].suffix)
    return (
        (a, b)
        for a, b in combinations(group, 2)
        if (a[1].given[0], a[1].family) != (b[1].given[0], b[1].family)
    )


def _block_keys(name: PersonName) -> set[tuple[str, ...]]:
    """Keys two names share when they may be variants of each other: the same family and
    first given name (a suffix apart); the same family (for nicknames and middle names);
    the same letters once spaces are gone; or one of given and family names the same and
    the other one deletion away as transliterations fold (every name within one edit of
    another shares a deletion with it)."""
    family, given = skeleton(name.family), skeleton(name.given[0])
    keys: set[tuple[str, ...]] = {
        ("suffix", family, given[:1]),
        ("family", family),
        ("letters", _letters(name)),
    }
    keys.update(("given", family, d) for d in _deletions(given))
    keys.update(("family", given, d) for d in _deletions(family))
    return keys


def _letters(name: PersonName) -> str:
    """The letters of a name, spaces and hyphens left out ("xijinping")."""
    return "".join((*name.given, name.family)).replace(" ", "")


def _deletions(word: str) -> set[str]:
    if len(word) < MIN_LENGTH:
        return set()
    return {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))}


def _names(speaker: Speaker) -> list[PersonName]:
    return [p for name in speaker.names if (p := parse_person(name)) is not None]


def _why_maybe_one(a: PersonName, b: PersonName) -> str:
    """Why two full names may be one person's, or "" when they cannot or certainly are."""
    same_family = skeleton(a.family) == skeleton(b.family)
    same_first = same_given(a.given[0], b.given[0])
    if same_family and same_first and a.suffix != b.suffix:
        if a.suffix and b.suffix:
            return ""  # "Jr." and "Sr.": two people
        return "the same name but for a suffix: one person, or a parent and child"
    if a.suffix != b.suffix:
        return ""
    if (same_family and same_first) or (a.given, a.family) == (b.given, b.family):
        return ""
    if _letters(a) == _letters(b):
        return "the same name written with other spaces or hyphens"
    if same_family:
        return _why_given_names(a, b)
    if same_first and _close(skeleton(a.family), skeleton(b.family)):
        return f"family names '{a.family}' and '{b.family}' differ by one letter"
    return ""


def _why_given_names(a: PersonName, b: PersonName) -> str:
    """Why two different first names with one family name may be one person's, or ""."""
    x, y = a.given[0], b.given[0]
    if _close(skeleton(x), skeleton(y)):
        return f"given names '{x}' and '{y}' differ by one letter (or by transliteration)"
    if _nickname(x, y):
        return f"'{x}' and '{y}' may be a name and its short form"
    for short, full in ((a, b), (b, a)):
        if len(full.given) > 1 and len(short.given) == 1 and _may_be(short.given[0], full.given[1]):
            return f"'{short.given[0]}' may be the middle name '{full.given[1]}' of {_shown(full)}"
    return ""


def _may_be(short: str, name: str) -> bool:
    """Whether `short` may stand for the given name `name`: the same, a nickname, or its
    first letters ("Mitch" for Mitchell)."""
    if same_given(short, name) or _nickname(short, name):
        return True
    return len(short) >= 4 and name.startswith(short)


def _nickname(a: str, b: str) -> bool:
    """Whether one name is a nickname of the other in the `nicknames` package's table, even
    where `names.same_given` keeps them apart for their genders (Chris, Christine)."""
    namer = _nick_namer()
    return b in namer.nicknames_of(a) or a in namer.nicknames_of(b)


def _shown(name: PersonName) -> str:
    return " ".join((*name.given, name.family)).title()


def _close(a: str, b: str) -> bool:
    if min(len(a), len(b)) < MIN_LENGTH:
        return False
    return DamerauLevenshtein.distance(a, b, score_cutoff=1) <= 1
