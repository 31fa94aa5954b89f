"""Proper names of speakers: words glued to a name cut off, and what is no name at all.

A speaker file is only ever made for the proper name of a person or organisation. Two
things stand in the way:

- words glued to a name by the capital at the start of a sentence ("Despite Ted Cruz",
  "Actor Clint Howard", "Maybe Trump") or by a possessive ("CNN's Jake Tapper"): `trim_name`
  cuts them off, and hands a role ("Actor", "CNN's") back to go in the description;
- capitalised words that are no speaker's name: places and datelines ("WASHINGTON", "New
  Hampshire"), groups ("Democrats", "Many Americans"), adjectives left without their noun
  ("The Democratic"), common words ("Hours", "Even") and names cut short ("Florida Gov"):
  `name_problem` says which, so that the quote goes to review instead of a new file.

Both weigh what the article shows (`casing`) before what English in general says
(`knowledge`): "Will Estrada" keeps "Will" because people are called Will, and "Trump" is a
name in an article that prints it capitalised in mid-sentence, however common "trump" is.
"""

from __future__ import annotations

from generator.extract.casing import Casing, word_key
from generator.extract.lexicon import (
    ADJECTIVE_NAMES,
    GROUP_NAMES,
    HONORIFICS,
    NAME_CUT_AFTER,
    ORG_HEADS,
    ROLE_NOUNS,
    _words,
)
from generator.knowledge import (
    VERY_COMMON_ZIPF,
    is_common_word,
    is_given_name,
    is_place,
    is_title_word,
    word_zipf,
)

_CUT_ENDINGS = frozenset(["of", "for", "and", "the", "de", "von", "van"]) | NAME_CUT_AFTER
_PARTICLES = frozenset(_words("de van von der den al bin da di del la le"))


def trim_name(
    words: list[str], casing: Casing, starts_sentence: bool
) -> tuple[list[str], list[str]]:
    """Split `words` (a capitalised run naming someone) into a role and the name.

    Everything up to a possessive is a descriptor ("CNN's Jake Tapper"). At the start of a
    sentence, leading words that the article never capitalises in mid-sentence and that are
    common words or titles, not given names, are cut off one at a time: a title ("Actor")
    goes to the role, anything else ("Despite", "Maybe") is dropped.
    """
    role: list[str] = []
    owner = next((i for i, w in enumerate(words[:-1]) if _possessive(w)), -1)
    if owner >= 0:
        role, words = words[: owner + 1], words[owner + 1 :]
    if not starts_sentence or owner >= 0:
        return role, words
    while len(words) > 1 and _glued_at_sentence_start(words, casing):
        if is_title_word(words[0]) or words[0].casefold() in ROLE_NOUNS:
            role.append(words[0])
        words = words[1:]
    return role, words


def _glued_at_sentence_start(words: list[str], casing: Casing) -> bool:
    """Whether the first of `words` is capitalised only because it opens the sentence."""
    first = words[0]
    if first.rstrip(".").casefold() in HONORIFICS or casing.is_name_word(first):
        return False
    if is_given_name(first) or casing.printed_inside(" ".join(words)):
        return False
    return casing.is_lower(first) or is_common_word(first) or is_title_word(first)


def _possessive(word: str) -> bool:
    return word.endswith(("'s", "’s", "s'", "s’"))


def name_problem(name: str, kind: str | None, casing: Casing) -> str | None:
    """Why `name` cannot be a speaker's file name, or None when it is a proper name."""
    words = name.split()
    if not words:
        return "no name"
    last = word_key(words[-1])
    if is_place(name) or is_place(name.removeprefix("The ")):
        return f"'{name}' is a place, not a speaker"
    if last in _CUT_ENDINGS or _possessive(words[-1]):
        return f"'{name}' is cut short"
    if (words[0][0].islower() and words[0] not in _PARTICLES) or words[-1][0].islower():
        return f"'{name}' is a description, not a name"
    if last in ADJECTIVE_NAMES or last in GROUP_NAMES:
        return f"'{name}' describes a group or a party, it names nobody"
    if _plural_of_group(last):
        return f"'{name}' names a group of people, not one speaker"
    alone = len(words) == 1 or (len(words) == 2 and words[0] == "The")
    if alone and _common_not_name(words[-1], casing):
        return f"'{name}' is a common word here, not a name"
    if alone and _plural_of_common_noun(words[-1], casing):
        return f"'{name}' names a group of people, not one speaker"
    return None


def _plural_of_group(last: str) -> bool:
    """ "Democrats", "Americans", "Republicans": the plural of a party or a people."""
    return last.endswith("s") and (last[:-1] in ADJECTIVE_NAMES | GROUP_NAMES)


def _plural_of_common_noun(word: str, casing: Casing) -> bool:
    """ "Aides", "Demonstrators", "Hundreds": a plural the article capitalises only where a
    sentence starts, of a common English noun. Surnames ending in s ("Sanders") are printed
    capitalised in mid-sentence, and stay names."""
    lower = word.casefold()
    if len(lower) < 4 or not lower.endswith("s") or lower.endswith("ss"):
        return False
    if casing.is_name_word(word) or _acronym(word) or is_given_name(word):
        return False
    singular = lower[:-3] + "y" if lower.endswith("ies") else lower[:-1]
    if lower in ORG_HEADS or is_given_name(singular):
        return False  # "Reuters"; "Williams", "Adams": surnames made of a given name
    return is_common_word(singular) or is_common_word(lower)


def _common_not_name(word: str, casing: Casing) -> bool:
    """A single word the article prints capitalised only where a sentence starts, and that
    it prints in lower case elsewhere or English uses all the time ("Hours later", "Look,").
    Merely common words are often surnames too (Harrow, Klein): those stay names."""
    if casing.is_name_word(word) or is_given_name(word) or _acronym(word):
        return False
    return casing.is_lower(word) or word_zipf(word) >= VERY_COMMON_ZIPF


def _acronym(word: str) -> bool:
    """ "FBI", "NATO": capitals throughout, never a common word capitalised by its place."""
    letters = [c for c in word if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


def common_word_not_name(word: str, casing: Casing) -> bool:
    """Whether a single capitalised word is a common word here rather than a name."""
    return _common_not_name(word, casing)
