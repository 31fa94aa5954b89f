"""People A–Z: speakers filed by surname, a name in another script also under its Latin alias.

People are sorted the way a printed index files them: by surname, then given names
(`Gramzas Chéxbret` under C), organisations by their name without a leading article
(`The Harbour Authority` under H). A name not in the Latin script is filed under `#` with
the rest that start with no Latin letter, and again under each of its Latin-script aliases
(`Sami Haddad` under H, leading to `سامي الحداد`).

A long index (`limit` entries, 20,000 at 200k quotes) becomes a page of letters with their
counts, and a page per letter (`people/a-z/c/`), cut into numbered parts when a letter
alone is longer (`people/a-z/c/2/`).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

from nameparser import HumanName

from generator.models import Speaker
from generator.render.views import one_line

LETTERS_FOLDER = "people/a-z"
"""Where the letter pages live; `a-z` is a reserved slug, so no speaker's page is there."""
OTHER = "#"
_ARTICLE = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class PersonEntry:
    """One line of the index: a speaker, or an alias leading to them."""

    name: str
    """What the line shows: the name, or the alias."""
    slug: str
    sort_key: str
    letter: str
    description: str
    quotes: int
    alias_of: str = ""
    """For an alias line, the speaker's name."""


@dataclass(frozen=True)
class LetterPage:
    """A page of the split index: a letter, or one part of it."""

    path: str
    letter: str
    entries: tuple[PersonEntry, ...]
    number: int = 1
    of: int = 1


@dataclass
class SortKeys:
    """Names' sort keys, remembered between builds (`known`, saved from the last build's
    `used`): parsing a name takes about a millisecond, 20k names a 200k-quote build."""

    known: Mapping[str, str] = field(default_factory=dict)
    """{kind NUL name: sort key} from the last build (made by the same code and packages)."""
    used: dict[str, str] = field(default_factory=dict)
    """The names this build filed, to remember for the next one."""

    def __call__(self, name: str, kind: str = "person") -> str:
        memo = f"{kind}\0{name}"
        key = self.used.get(memo)
        if key is None:
            key = self.known.get(memo)
        if key is None:
            key = sort_key(name, kind)
        self.used[memo] = key
        return key


def index_entries(
    speakers: list[Speaker], quote_counts: dict[str, int], sort_keys: SortKeys | None = None
) -> list[PersonEntry]:
    """Every line of the index, sorted: each speaker, and each Latin alias of a speaker whose
    name is in another script."""
    keyed = sort_keys or SortKeys()
    entries = []
    for speaker in speakers:
        description = one_line(speaker.description) or ""
        count = quote_counts[speaker.slug]
        key = keyed(speaker.name, speaker.kind)
        entries.append(
            PersonEntry(speaker.name, speaker.slug, key, letter_of(key), description, count)
        )
        if is_latin(speaker.name):
            continue
        for alias in dict.fromkeys(a for a in speaker.aliases if is_latin(a)):
            alias_key = keyed(alias, speaker.kind)
            letter = letter_of(alias_key)
            entries.append(
                PersonEntry(
                    alias, speaker.slug, alias_key, letter, description, count, speaker.name
                )
            )
    return sorted(entries, key=lambda e: (e.letter == OTHER, e.letter, e.sort_key, e.slug))


def sort_key(name: str, kind: str = "person") -> str:
    """What a name is filed by, folded: `chexbret gramzas`, `harbour authority`."""
    text = one_line(name) or ""
    if kind == "person" and is_latin(text):
        parsed = HumanName(text)
        surname = " ".join(w for w in parsed.last.split() if not w[:1].islower()) or parsed.last
        given = " ".join(p for p in (parsed.first, parsed.middle) if p)
        text = " ".join(p for p in (surname, given, parsed.suffix) if p) or text
    else:
        text = _ARTICLE.sub("", text)
    return _fold(text)


def _fold(text: str) -> str:
    bare = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in bare if not unicodedata.combining(c))


def letter_of(key: str) -> str:
    """A–Z for a key starting with a Latin letter, else OTHER."""
    first = key[:1].upper()
    return first if "A" <= first <= "Z" else OTHER


def is_latin(text: str) -> bool:
    """Whether every letter of the text is a Latin one (accents allowed)."""
    return all(_is_latin_letter(c) for c in text if c.isalpha())


@functools.lru_cache(maxsize=4096)
def _is_latin_letter(char: str) -> bool:
    return unicodedata.name(char, "").startswith("LATIN")


def letter_anchor(letter: str) -> str:
    return "letter-" + ("other" if letter == OTHER else letter.lower())


def letter_pages(entries: list[PersonEntry], limit: int) -> list[LetterPage]:
    """The index split by letter, each letter in parts of at most `limit` lines."""
    by_letter: dict[str, list[PersonEntry]] = {}
    for entry in entries:
        by_letter.setdefault(entry.letter, []).append(entry)
    pages = []
    for letter, lines in by_letter.items():
        chunks = [lines[i : i + limit] for i in range(0, len(lines), limit)]
        for number, chunk in enumerate(chunks, start=1):
            pages.append(
                LetterPage(letter_path(letter, number), letter, tuple(chunk), number, len(chunks))
            )
    return pages


def letter_path(letter: str, number: int = 1) -> str:
    key = "other" if letter == OTHER else letter.lower()
    return f"{LETTERS_FOLDER}/{key}.md" if number == 1 else f"{LETTERS_FOLDER}/{key}/{number}.md"
