"""Role phrases printed in lower case before a name, read after a speech verb.

`mentions.mention_after` reads "said Kremlin spokesman Dmitry Peskov" word by word and stops at
the first lower-case word that does not lead on to a name. Two kinds of role do lead on, but
through words that look like no modifier: an "of" inside the role ("said former secretary of
state Hillary Clinton") and a participle that is part of a title ("said retired Army Gen.
Ann Holm"). Without them the phrase is cut short and the name is lost.
"""

from __future__ import annotations

from generator.extract.lexicon import DETERMINERS, ROLE_NOUNS
from generator.extract.tokens import Token

TITLE_PARTICIPLES = frozenset(
    ["retired", "elected", "embattled", "indicted", "disgraced", "ousted", "re-elected"]
)
"""Participles that stand in a title before a name ("retired Gen.", "embattled Gov.")."""

_ROLE_OF_WORDS = 3
"""Lower-case words an "of" may lead over before the name: "of homeland security"."""


def role_leads_on(tokens: list[Token], i: int, hi: int, phrase: list[Token]) -> bool:
    """Whether the lower-case word at `i` continues a role that ends in a name."""
    word = tokens[i].lower
    if word == "of":
        return bool(phrase) and phrase[-1].lower in ROLE_NOUNS and _reaches_name(tokens, i + 1, hi)
    if _after_role_of(phrase) and tokens[i].text.isalpha():
        return _reaches_name(tokens, i, hi)  # "of state", "of homeland security"
    if word in TITLE_PARTICIPLES:
        following = tokens[i + 1] if i + 1 < hi else None
        return following is not None and (following.is_capitalised or following.lower in ROLE_NOUNS)
    return False


def _after_role_of(phrase: list[Token]) -> bool:
    """Whether the phrase so far ends in a role's "of" and lower-case words after it."""
    for k in range(len(phrase) - 1, max(-1, len(phrase) - 2 - _ROLE_OF_WORDS), -1):
        if phrase[k].lower == "of":
            return k > 0 and phrase[k - 1].lower in ROLE_NOUNS
        if phrase[k].is_capitalised:
            return False
    return False


def _reaches_name(tokens: list[Token], i: int, hi: int) -> bool:
    """Whether a few lower-case words from `i` on end at a capitalised word."""
    for token in tokens[i : min(hi, i + _ROLE_OF_WORDS + 1)]:
        if token.is_capitalised:
            return True
        if not token.is_word or not token.text.isalpha() or token.lower in DETERMINERS:
            return False
    return False
