"""A noun phrase read as a mention, and whether it can be a speaker at all.

A phrase is a name with its role ("Kremlin spokesman Dmitry Peskov"), a pronoun, or a role
noun ("the spokesman"); words no speaker is called ("won't", "the past") are ruled out.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.extract.entities import split_title
from generator.extract.lexicon import (
    ADJECTIVE_NAMES,
    DETERMINERS,
    NOT_NAMES,
    ORG_HEADS,
    PRONOUNS,
    ROLE_NOUNS,
    SPEAKER_NOUNS,
)
from generator.extract.tokens import Token


@dataclass(frozen=True)
class Mention:
    """How a sentence refers to a speaker."""

    kind: str
    """`name`, `pronoun` or `nominal` ("the spokesman")."""
    text: str
    """The phrase as printed, without leading adverbs."""
    at: int
    """Offset of the phrase in the article."""
    name: str = ""
    """The name part of a `name` mention ("Dmitry Peskov")."""
    role: str | None = None
    """The role part ("Kremlin spokesman"), from before the name or an appositive."""
    determiner: bool = False
    """True after "the"/"a": "the Kremlin" names an organisation."""

    @property
    def head(self) -> str:
        """The last word, lower case: what a role or a pronoun is matched on."""
        return self.text.split()[-1].lower() if self.text else ""


def bare_pronoun(lower: str) -> str:
    """ "he’d" -> "he": a pronoun keeps its reference when a verb is contracted onto it."""
    head, _, tail = lower.replace("’", "'").partition("'")
    return head if tail in _CONTRACTED and head in PRONOUNS else lower


def plausible(mention: Mention) -> bool:
    """Whether a mention can be a speaker at all: a noun phrase headed by a name, a pronoun,
    or a noun for people, a body or a text.

    Cues sometimes land on words that are none of these ("won't", "his recent", "the
    past", "Republican", "Hastily"); such a mention is dropped so that the next cue is tried.
    """
    words = mention.text.split()
    if any(_contracted_verb(w) for w in words):
        return False
    if mention.kind == "pronoun":
        return True
    last = words[-1].lower()
    if last in _FUNCTION_WORDS or last.endswith(("'s", "’s")):
        return False
    if mention.kind == "nominal":
        of = words.index("of") if "of" in words[1:] else 0  # "the secretary of state"
        if len(words) == 1 and last in _QUANTIFIERS:
            return True  # "most said", "others argued"
        return _speaker_noun(last) or (of > 0 and _speaker_noun(words[of - 1].lower()))
    if len(words) == 1 and not mention.determiner:
        return not (last.endswith(("ly", "ing")) or last in ADJECTIVE_NAMES | NOT_NAMES)
    return True


def _speaker_noun(word: str) -> bool:
    """A noun for people, a body or a text: listed, or formed like one ("heckler")."""
    singular = word[:-1] if word.endswith("s") and not word.endswith("ss") else word
    if singular.endswith("ie"):  # "parties"
        singular = singular[:-2] + "y"
    if singular in SPEAKER_NOUNS or singular in ORG_HEADS or word in SPEAKER_NOUNS:
        return True
    return singular.endswith(_PERSON_SUFFIXES) and len(singular) > 4


_QUANTIFIERS = frozenset(["most", "many", "some", "others", "several", "few", "all", "both"])
_PERSON_SUFFIXES = (
    "er",
    "or",
    "ist",
    "ian",
    "ant",
    "ee",
    "man",
    "men",
    "woman",
    "person",
    "year-old",
    "eon",
)


def _contracted_verb(word: str) -> bool:
    lower = word.lower().replace("’", "'")
    return lower.endswith("n't") or lower.partition("'")[2] in _CONTRACTED - {"s"}


_CONTRACTED = frozenset(["d", "ll", "s", "ve", "re", "m"])
_FUNCTION_WORDS = frozenset(["of", "to", "who", "on", "by", "over", "in", "for", "with", "at"])


def make_mention(phrase: list[Token], appositive: list[Token]) -> Mention | None:
    """Read a phrase as a name with its role, or as a role noun."""
    phrase = [t for t in phrase if t.text not in "()"]
    while phrase and _not_a_name_start(phrase[0]):
        phrase = phrase[1:]
    if len(phrase) > 1 and all(t.text.isupper() for t in phrase):
        return None  # a headline in capitals
    determiner = bool(phrase) and phrase[0].lower in DETERMINERS
    words = [t.text for t in phrase[1:]] if determiner else [t.text for t in phrase]
    if not words:
        return None
    at = phrase[0].start
    text = " ".join(t.text for t in phrase)
    apposition = " ".join(t.text for t in appositive if t.is_word) or None
    if not words[-1][0].isupper():
        named = _name_in_apposition(appositive)
        if named:  # "The port's chief executive, Maria Olsen, said": the name, in its role
            return Mention("name", named, appositive[0].start, named, text)
        return Mention("nominal", text, at, role=apposition, determiner=determiner)
    if words[-1].lower().rstrip(".") in ORG_HEADS:
        return Mention("name", text, at, " ".join(words), apposition, determiner)
    run = len(words)
    while run > 0 and (words[run - 1][0].isupper() or _of_an_organisation(words, run - 1)):
        run -= 1
    title, name = split_title(words[run:])
    if not name or (determiner and len(name) == 1 and name[0].lower() in ROLE_NOUNS):
        return Mention("nominal", text, at, role=apposition, determiner=determiner)
    role = " ".join([*words[:run], *title]) or None
    if apposition and _looks_like_role(appositive):
        role = role or apposition
    return Mention("name", text, at, " ".join(name), role, determiner)


def _of_an_organisation(words: list[str], i: int) -> bool:
    """The "of" of "Bank of America", "University of Texas": inside the name."""
    return words[i] == "of" and i > 0 and words[i - 1].lower() in ORG_HEADS


def _not_a_name_start(token: Token) -> bool:
    """Sentence openers that are capitalised without being names: "And", "That’s", "Asked"."""
    lower = token.lower
    if lower in NOT_NAMES and lower not in DETERMINERS:
        return True
    return lower.endswith(("’s", "'s")) and lower[:-2] in NOT_NAMES | {"that", "it", "there"}


def _name_in_apposition(appositive: list[Token]) -> str:
    """A person's full name set off by commas after a role ("..., Omar Haddad, said"), or ""."""
    words = [t for t in appositive if t.is_word]
    if not 2 <= len(words) <= 4 or not all(t.is_capitalised for t in words):
        return ""
    if words[0].lower in DETERMINERS or _not_a_name_start(words[0]):
        return ""
    if words[-1].lower.rstrip(".") in ORG_HEADS:
        return ""
    _, name = split_title([t.text for t in words])
    return " ".join(name) if len(name) >= 2 else ""


def _looks_like_role(words: list[Token]) -> bool:
    return any(t.lower in ROLE_NOUNS for t in words) or (
        bool(words) and words[0].lower in ("the", "a", "an")
    )
