"""Who the article talks about: names, their fullest form, their roles, their kind.

One pass over the article finds runs of capitalised words ("Kremlin spokesman Dmitry Peskov",
"the US Treasury Department"). Later mentions are resolved against them: a surname to the
fullest name ("Peskov" -> "Dmitry Peskov"), a role noun to the person introduced with it
("the spokesman" -> "Dmitry Peskov").
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

from generator.extract.casing import Casing, article_casing, starts_sentence
from generator.extract.lexicon import (
    HONORIFICS,
    NOT_NAMES,
    ORG_HEADS,
    ROLE_NOUNS,
    TITLES,
)
from generator.extract.names import name_gender
from generator.extract.propernames import name_problem, trim_name
from generator.knowledge import is_given_name, is_place, is_title_not_name

_CAP = r"(?:[A-Z][\w'’.-]*[\w]|[A-Z]\.?)"
_RUN_RE = re.compile(
    rf"{_CAP}(?:[ \t]+(?:(?:of|de|van|von|bin|al|da|di|del|la|le|for)[ \t]+)?{_CAP})*"
)
_ROLE_BEFORE_RE = re.compile(
    r"((?:[A-Z][\w.-]*[ \t]+)*(?:[a-z][\w-]*[ \t]+){0,2}?)([a-z-]+)[ \t]+$"
)
_APPOSITIVE_RE = re.compile(r",\s+(?:the|a|an)\s+([^,.;“”\"]{3,60}?)\s*[,.]")
_POSSESSIVE_RE = re.compile(r"['’]s?$")
FEMININE = frozenset(
    [
        "spokeswoman",
        "congresswoman",
        "chairwoman",
        "businesswoman",
        "mrs",
        "mrs.",
        "ms",
        "ms.",
        "miss",
        "queen",
        "princess",
        "lady",
        "dame",
    ]
)
MASCULINE = frozenset(
    [
        "spokesman",
        "congressman",
        "chairman",
        "businessman",
        "mr",
        "mr.",
        "king",
        "prince",
        "sir",
        "lord",
    ]
)


@dataclass(frozen=True)
class Entity:
    """A person or organisation named in the article."""

    name: str
    role: str | None
    kind: str | None
    gender: str | None = None


@dataclass
class Registry:
    """Every name in one article, by surname and by role, with where it was mentioned."""

    by_last: dict[str, list[tuple[int, Entity]]] = field(default_factory=dict)
    by_role: dict[str, list[tuple[int, Entity]]] = field(default_factory=dict)
    people: list[tuple[int, Entity]] = field(default_factory=list)
    """Every mention of a person (full name or known surname), in text order."""
    casing: Casing = field(default_factory=lambda: article_casing(""))
    """How the article capitalises its words: which capitalised words are names."""
    _prefixes: dict[tuple[str | None, ...], tuple[Any, ...]] = field(
        default_factory=dict, repr=False
    )
    """Candidates by key, with what `_latest` needs to answer without scanning them."""

    def fullest(self, name: str, at: int, gender: str | None = None) -> Entity | None:
        """The fullest entity sharing `name`'s last word, preferring the latest before `at`;
        of `gender` when an honorific gave one ("Mr. Obama" is not Michelle Obama)."""
        words = name.split()
        last = words[-1].lower()
        first = words[0] if len(words) > 1 else None
        if first is None or not self._candidates(("last", last, first, None))[1]:
            first = None  # no mention with this first name: any with the last word
        return self._latest(("last", last, first, gender), at)

    def namesakes(self, surname: str) -> int:
        """How many different people the article names with this last word."""
        key = ("names", surname.lower(), None, None)
        source = self.by_last.get(surname.lower(), [])
        cached = self._prefixes.get(key)
        if cached is None or cached[0] != len(source):  # counted once, not for every mention
            cached = self._prefixes[key] = (len(source), len({e.name for _, e in source}))
        return int(cached[1])

    def with_role(self, head: str, at: int) -> Entity | None:
        """The person introduced with a role whose head noun is `head`."""
        return self._latest(("role", head.lower(), None, None), at)

    def _latest(self, key: tuple[str | None, ...], at: int) -> Entity | None:
        """The fullest name among the candidates under `key` mentioned last before `at`
        (else the fullest anywhere), in O(log n) rather than by scanning them: an article
        naming one person thousands of times (a transcript) asks this for every mention."""
        _, candidates, positions, best, fallback = self._candidates(key)
        if not candidates:
            return None
        i = bisect.bisect_right(positions, at)
        return candidates[best[i - 1] if i else fallback][1]

    def _candidates(self, key: tuple[str | None, ...]) -> tuple[Any, ...]:
        """(size of the list it came from, *`_prefix_best`) for a key (kind, word, first
        name, gender), made once per key: the lists are complete once the article is read."""
        kind, word, first, gender = key
        assert word is not None
        source = (self.by_role if kind == "role" else self.by_last).get(word, [])
        cached = self._prefixes.get(key)
        if cached is None or cached[0] != len(source):
            cached = self._prefixes[key] = (len(source), *_prefix_best(source, first, gender))
        return cached

    def people_between(self, since: int, at: int) -> list[tuple[int, Entity]]:
        """Every mention of a person from `since` up to `at`, in text order."""
        lo = bisect.bisect_left(self.people, since, key=lambda item: item[0])
        hi = bisect.bisect_left(self.people, at, key=lambda item: item[0])
        return self.people[max(lo, hi - 40) : hi]

    def last_person(self, at: int, gender: str | None = None, since: int = 0) -> Entity | None:
        """The person mentioned last before `at` (and not before `since`), of the given
        gender when it is known."""
        i = bisect.bisect_left(self.people, at, key=lambda item: item[0])
        for where, entity in reversed(self.people[max(0, i - 40) : i]):
            if where < since:
                break
            if gender is None or entity.gender in (None, gender):
                return entity
        return None


def _prefix_best(
    source: list[tuple[int, Entity]], first: str | None, gender: str | None
) -> tuple[list[tuple[int, Entity]], list[int], list[int], int]:
    """What `Registry._latest` answers from: the candidates (those whose first name is
    `first` and whose gender may be `gender`, when given; in text order), their positions,
    for each prefix the index of its longest name (the latest of equals), and the index of
    the longest name overall (the first of equals)."""
    candidates = [
        c
        for c in source
        if (first is None or c[1].name.split()[0] == first)
        and (gender is None or c[1].gender in (None, gender))
    ]
    best: list[int] = []
    longest, here = -1, 0
    for index, (_, entity) in enumerate(candidates):
        if len(entity.name) >= longest:
            longest, here = len(entity.name), index
        best.append(here)
    fallback = max(range(len(candidates)), key=lambda i: len(candidates[i][1].name), default=0)
    return candidates, [c[0] for c in candidates], best, fallback


def build_registry(text: str) -> Registry:
    """Collect the names, roles and kinds that `text` introduces."""
    registry = Registry(casing=article_casing(text))
    singles: list[tuple[int, str, str | None]] = []
    for match in _RUN_RE.finditer(text):
        words = match.group().split()
        words, where_from = _place_after_of(words)  # "Sen. Tom Udall of New Mexico"
        if words[-1].lower() in ORG_HEADS:
            role_words: list[str] = []
            name_words = words[1:] if words[0] == "The" else words
        else:
            role_words, name_words = split_title(words)
        role_words += where_from
        while name_words and name_words[0].lower() in NOT_NAMES - HONORIFICS:
            name_words = name_words[1:]  # "But Bill Skelly", "When Ana Ruiz"
        if not name_words or name_words[0].lower() in NOT_NAMES:
            continue
        opens = not role_words and starts_sentence(text, match.start())
        glued_role, name_words = trim_name(name_words, registry.casing, opens)
        role_words = [*role_words, *glued_role]
        owner = _POSSESSIVE_RE.search(name_words[-1]) is not None  # "Trump's campaign manager"
        name_words[-1] = _POSSESSIVE_RE.sub("", name_words[-1])
        if len(name_words) == 1:
            if not owner:
                singles.append((match.start(), name_words[0], honorific_gender(words)))
            continue
        name = " ".join(name_words)
        kind = kind_of(name_words, determiner=False)
        if name_problem(name, kind, registry.casing) is not None:
            continue  # "New Hampshire", "Many Americans": nobody a pronoun could mean
        role = " ".join(role_words) or _role_before(text, match.start())
        role = role or _role_after(text, match.end())
        gender = _gender(words, role) or name_gender(name_words[0])
        entity = Entity(name, role, kind, gender)
        registry.by_last.setdefault(name_words[-1].lower(), []).append((match.start(), entity))
        if kind == "person" and not owner and _person_like(words, name_words, role, gender):
            registry.people.append((match.start(), entity))
        if role and kind == "person":
            for head in role_heads(role):
                registry.by_role.setdefault(head, []).append((match.start(), entity))
    for at, word, gender in singles:
        known = registry.fullest(word, at, gender)
        if known is not None and known.kind == "person":
            registry.people.append((at, known))
    registry.people.sort(key=lambda item: item[0])
    return registry


def _place_after_of(words: list[str]) -> tuple[list[str], list[str]]:
    """Cut "of New Mexico" off "Sen. Tom Udall of New Mexico": a place after a person's
    name says where they are from (it goes to the role), and is not their name."""
    if "of" not in words[1:-1]:
        return words, []
    cut = len(words) - 1 - words[::-1].index("of")
    before, place = words[:cut], words[cut + 1 :]
    if not is_place(" ".join(place)) or before[-1].lower() in ORG_HEADS | TITLES:
        return words, []  # "Bank of America", "Secretary of State"
    return before, words[cut:]


def _person_like(
    words: list[str], name_words: list[str], role: str | None, gender: str | None
) -> bool:
    """Whether a name of two words or more is a person a "he" or "she" may mean: one with a
    given name, a title, a role or a known gender ("Salt Lake City" and "Twilight Zone" have
    none of them)."""
    if gender is not None or role or len(words) > len(name_words):
        return True
    return is_given_name(name_words[0])


def split_title(words: list[str]) -> tuple[list[str], list[str]]:
    """Split "Russian President Vladimir Putin" into its title and its name."""
    cut = 0
    for i, word in enumerate(words[:-1]):
        lower = word.lower()
        if lower == "of" and i > 0 and words[i - 1].lower() in ORG_HEADS:
            break  # "Bank of America", "the chief executive of Bank of America"
        if lower in TITLES or lower in ROLE_NOUNS or lower in ("of", "the", "for", "and"):
            cut = i + 1
        elif i == cut and is_title_not_name(word):
            cut = i + 1  # "Pres. Obama", "Pastor Kevin Swanson": titles outside the list
    title, name = words[:cut], words[cut:]
    while title and title[0].lower() in NOT_NAMES - HONORIFICS:
        title = title[1:]
    if len(name) > 3:
        name = name[-2:]
    return [w for w in title if w.lower() not in HONORIFICS], name


def kind_of(name_words: list[str], determiner: bool) -> str | None:
    """Tell an organisation ("the Kremlin", "Treasury Department") from a person."""
    last = name_words[-1].lower().rstrip(".")
    if last in ORG_HEADS or determiner or (name_words[-1].isupper() and len(last) > 1):
        return "organisation"
    if any(w.lower() in ("of", "for", "and") for w in name_words):
        return "organisation"
    return "person" if len(name_words) >= 2 else None


def role_heads(role: str) -> list[str]:
    """Role nouns a later mention may use: "Kremlin spokesman" -> ["spokesman"]."""
    words = [w.lower().rstrip(".,") for w in role.split()]
    heads = [w for w in words if w in ROLE_NOUNS]
    aliases = {"sen": "senator", "rep": "congressman", "gov": "governor", "gen": "general"}
    heads += [aliases[w] for w in words if w in aliases]
    return heads


def _role_before(text: str, start: int) -> str | None:
    match = _ROLE_BEFORE_RE.search(text, max(0, start - 60), start)
    if match is None or match.group(2) not in ROLE_NOUNS:
        return None
    prefix = match.group(1).split()
    while prefix and (prefix[0].lower() in NOT_NAMES or _is_dateline(prefix[0])):
        prefix = prefix[1:]
    return " ".join([*prefix, match.group(2)])


def _is_dateline(word: str) -> bool:
    """A word in capitals such as `ISTANBUL`: a dateline, not part of anyone's role."""
    return word.isupper() and len(word) > 3


def _role_after(text: str, end: int) -> str | None:
    match = _APPOSITIVE_RE.match(text, end)
    if match is None:
        return None
    words = match.group(1).split()
    if not any(w.lower() in ROLE_NOUNS for w in words):
        return None
    return match.group(1)


def honorific_gender(words: list[str]) -> str | None:
    """The gender "Mr.", "Mrs.", "Ms." or "Miss" among `words` gives, if any."""
    marks = {w.lower().rstrip(".") for w in words}
    if marks & {"mrs", "ms", "miss"}:
        return "female"
    return "male" if "mr" in marks else None


def _gender(words: list[str], role: str | None) -> str | None:
    marks = {w.lower() for w in words} | {w.lower() for w in (role or "").split()}
    if marks & FEMININE:
        return "female"
    if marks & MASCULINE:
        return "male"
    return None
