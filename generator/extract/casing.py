"""How an article capitalises its words: its own evidence of what is a name.

English capitalises the first word of a sentence whatever it is, so "Despite Ted Cruz" at
the start of a sentence looks like a name of three words. Inside a sentence only names (and
a few other proper words) are capitalised. An article that prints "despite" in lower case,
or "Ted" capitalised in mid-sentence, has said which of them belongs to a name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_WORD_RE = re.compile(r"[^\W\d_][\w'’.-]*")
_INSIDE_BEFORE = re.compile(r"[a-z0-9,;] $")
"""What stands before a word inside a sentence: a lower-case word, a digit or a comma."""
_POSSESSIVE_RE = re.compile(r"['’]s?$")


def word_key(word: str) -> str:
    """A word as casing compares it: no possessive, no trailing dot, case-folded."""
    return _POSSESSIVE_RE.sub("", word.rstrip(".")).casefold()


@dataclass(frozen=True)
class Casing:
    """Which words an article prints in lower case, and which capitalised inside a sentence."""

    text: str = field(repr=False)
    lower: frozenset[str]
    """Words printed in lower case somewhere (by `word_key`)."""
    capitalised_inside: frozenset[str]
    """Words printed capitalised inside a sentence somewhere (by `word_key`)."""
    _phrases: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)

    def is_name_word(self, word: str) -> bool:
        """Whether the article capitalises `word` where only names are capitalised."""
        return word_key(word) in self.capitalised_inside

    def is_lower(self, word: str) -> bool:
        """Whether the article prints `word` in lower case somewhere."""
        return word_key(word) in self.lower

    def printed_inside(self, phrase: str) -> bool:
        """Whether `phrase` stands inside a sentence somewhere, as printed."""
        if phrase not in self._phrases:
            pattern = r"[a-z0-9,;] " + re.escape(phrase) + r"(?![\w])"
            self._phrases[phrase] = re.search(pattern, self.text) is not None
        return self._phrases[phrase]


def starts_sentence(text: str, at: int) -> bool:
    """Whether the word at `at` may owe its capital to its place (not inside a sentence)."""
    return not _INSIDE_BEFORE.search(text, max(0, at - 2), at)


def article_casing(text: str) -> Casing:
    """Read the casing evidence of one article.

    Every word of a capitalised run that starts inside a sentence counts ("said Marta
    Klein": both). A run starts inside a sentence only after a word in lower case (or a
    comma or digit): in a headline in title case ("Cruz Wins Despite Surge") every word
    follows a capitalised one, and proves nothing.
    """
    lower = {word_key(w) for w in set(_LOWER_WORD_RE.findall(text))}
    runs = set(_RUN_INSIDE_RE.findall(text))
    inside = {word_key(w) for run in runs for w in run.split()}
    return Casing(text, frozenset(lower), frozenset(inside))


_LOWER_WORD_RE = re.compile(r"(?<![\w'’.-])[a-z][\w'’.-]*")
_RUN_INSIDE_RE = re.compile(
    r"(?:(?<![\w'’.-])[a-z][\w'’-]*|[,;]|\d) ([A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*)*)"
)
"""A capitalised run after a lower-case word (one not ending a sentence), a comma or a digit."""
