"""Noun phrases that name a speaker, read off the tokens around a speech verb.

A mention is what the sentence says ("Kremlin spokesman Dmitry Peskov", "he", "the
spokesman"); `speakers` resolves it to a name with the article's registry.
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
    SKIP_BEFORE_VERB,
    SPEAKER_NOUNS,
    SPEECH_FINITE,
    WEEKDAYS,
)
from generator.extract.roles import role_leads_on
from generator.extract.tokens import Token

NP_STOP = frozenset(
    [
        "that",
        "and",
        "but",
        "because",
        "which",
        "when",
        "while",
        "if",
        "as",
        "after",
        "before",
        "since",
        "than",
        "so",
        "or",
        "where",
        "whether",
        "though",
        "although",
        "until",
        "unless",
        "whom",
        "whose",
        "what",
    ]
)
_TIME_PREPOSITIONS = frozenset(["on", "last", "this", "late", "early", "next"])
_AFTER_STOP = frozenset(
    [
        "in",
        "on",
        "at",
        "during",
        "to",
        "after",
        "before",
        "when",
        "while",
        "who",
        "which",
        "that",
        "as",
        "and",
        "but",
        "from",
        "with",
        "via",
        "about",
        "over",
        "told",
        "said",
        "says",
    ]
)


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


def mention_before(tokens: list[Token], lo: int, verb: int) -> Mention | None:
    """The subject standing before the verb at `verb`: "Peskov (also) said"."""
    k = _skip_back(tokens, lo, verb - 1)
    if k < lo:
        return None
    appositive: list[Token] = []
    if tokens[k].text == ",":
        comma = next(
            (m for m in range(k - 1, max(lo, k - 25) - 1, -1) if tokens[m].text == ","), -1
        )
        if comma <= lo:
            return None
        comma = _first_of_appositives(tokens, lo, comma)
        appositive = tokens[comma + 1 : k]
        k = _skip_back(tokens, lo, comma - 1)  # "Rep. Jim Jordan (R-Ohio), a member, said"
        if k < lo or not tokens[k].is_word:
            return None
    word = tokens[k]
    if word.lower == "who" and k - 2 >= lo and tokens[k - 1].text == ",":
        k -= 2
        word = tokens[k]
    pronoun = bare_pronoun(word.lower)
    if pronoun in PRONOUNS and pronoun != "who":
        return Mention("pronoun", word.text[: len(pronoun)], word.start)
    phrase = _phrase_back(tokens, lo, k)
    return make_mention(phrase, appositive) if phrase else None


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


def _first_of_appositives(tokens: list[Token], lo: int, comma: int) -> int:
    """The comma after the subject when several appositives follow it.

    "Mark Holden, chairman of the board of Freedom Partners, the network's funding arm, said":
    the subject opens the sentence and every later comma-separated part describes it.
    """
    first = next((m for m in range(lo, comma) if tokens[m].text == ","), comma)
    if first == comma or first - lo > 6 or not tokens[first - 1].is_capitalised:
        return comma
    if any(not t.is_word and t.text not in ",.-()'’" for t in tokens[lo:comma]):
        return comma
    opener = tokens[first + 1]
    if not (opener.lower in ("a", "an", "the") or not opener.is_capitalised):
        return comma
    phrase = _phrase_back(tokens, lo, first - 1)
    return first if phrase and phrase[0] is tokens[lo] else comma


def mention_after(tokens: list[Token], start: int, hi: int) -> Mention | None:
    """The phrase starting at `start`: "said Peskov", "according to the Kremlin"."""
    if start >= hi or not tokens[start].is_word:
        return None
    pronoun = bare_pronoun(tokens[start].lower)
    if pronoun in PRONOUNS:
        return Mention("pronoun", tokens[start].text[: len(pronoun)], tokens[start].start)
    phrase: list[Token] = []
    for i in range(start, min(hi, start + 9)):
        token = tokens[i]
        if not token.is_word or (phrase and token.lower in _AFTER_STOP):
            break
        if token.lower == "for" and phrase and _name_ends(phrase[-1]):
            break  # "wrote Ann Holm for the Harbour Times", not "Attorneys for Clinton"
        if not token.is_capitalised and token.lower not in DETERMINERS | ROLE_NOUNS:
            following = tokens[i + 1] if i + 1 < hi else None
            leads_on = following is not None and (
                following.is_capitalised or following.lower in ROLE_NOUNS
            )
            if any(t.lower.endswith(("'s", "’s")) for t in phrase):  # "Clinton’s top aide"
                leads_on = leads_on or _leads_to_head(tokens, i + 1, hi)
            in_np = bool(phrase) and phrase[0].lower in DETERMINERS
            in_np = in_np and not any(t.is_capitalised for t in phrase) and lower_ok(token.lower)
            in_role = role_leads_on(tokens, i, hi, phrase)
            if not (in_np or in_role or (leads_on and _modifier_like(token.lower))):
                break
        phrase.append(token)
    while phrase and phrase[-1].lower in ("of", "the"):
        phrase.pop()
    appositive = _appositive_after(tokens, start + len(phrase), hi)
    return make_mention(phrase, appositive) if phrase else None


def _name_ends(token: Token) -> bool:
    return token.is_capitalised and not _speaker_noun(token.lower)


def _leads_to_head(tokens: list[Token], i: int, hi: int) -> bool:
    """Whether modifiers from `i` on reach a name or a role noun: "top foreign policy aide"."""
    for token in tokens[i : min(hi, i + 3)]:
        if token.is_capitalised or token.lower in ROLE_NOUNS:
            return True
        if not token.is_word or not _modifier_like(token.lower) or token.lower in DETERMINERS:
            return False
    return False


def possessor_before(tokens: list[Token], lo: int, noun: int) -> Mention | None:
    """The owner in "Putin's remarks": a capitalised word ending in 's."""
    if noun - 1 < lo:
        return None
    owner = tokens[noun - 1]
    if not owner.is_capitalised or not owner.text.endswith(("'s", "’s")):
        return None
    stripped = Token(owner.text[:-2], owner.start, owner.end - 2)
    start = noun - 1
    while start - 1 >= lo and noun - start < 5 and tokens[start - 1].is_capitalised:
        start -= 1
    if start - 1 >= lo and tokens[start - 1].lower in DETERMINERS:
        start -= 1
    return make_mention([*tokens[start : noun - 1], stripped], [])


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
        return Mention("nominal", text, at, role=apposition, determiner=determiner)
    if words[-1].lower().rstrip(".") in ORG_HEADS:
        return Mention("name", text, at, " ".join(words), apposition, determiner)
    run = len(words)
    while run > 0 and words[run - 1][0].isupper():
        run -= 1
    title, name = split_title(words[run:])
    if not name or (determiner and len(name) == 1 and name[0].lower() in ROLE_NOUNS):
        return Mention("nominal", text, at, role=apposition, determiner=determiner)
    role = " ".join([*words[:run], *title]) or None
    if apposition and _looks_like_role(appositive):
        role = role or apposition
    return Mention("name", text, at, " ".join(name), role, determiner)


def _not_a_name_start(token: Token) -> bool:
    """Sentence openers that are capitalised without being names: "And", "That’s", "Asked"."""
    lower = token.lower
    if lower in NOT_NAMES and lower not in DETERMINERS:
        return True
    return lower.endswith(("’s", "'s")) and lower[:-2] in NOT_NAMES | {"that", "it", "there"}


def _looks_like_role(words: list[Token]) -> bool:
    return any(t.lower in ROLE_NOUNS for t in words) or (
        bool(words) and words[0].lower in ("the", "a", "an")
    )


def _skip_back(tokens: list[Token], lo: int, k: int) -> int:
    """Step left over adverbs, auxiliaries and "on Sunday" between a subject and its verb."""
    while k >= lo:
        lower = tokens[k].lower
        if lower in SKIP_BEFORE_VERB or (lower.endswith("ly") and not tokens[k].is_capitalised):
            k -= 1
        elif lower == ")":
            opening = next(
                (m for m in range(k - 1, max(lo, k - 12) - 1, -1) if tokens[m].text == "("), -1
            )
            if opening < 0:
                break
            k = opening - 1
        elif lower == "time" and k - 2 >= lo and tokens[k - 2].lower == "at":
            k -= 3  # "Trump at the time said"
        elif lower in WEEKDAYS and k - 1 >= lo and tokens[k - 1].lower in _TIME_PREPOSITIONS:
            k -= 2
        elif (  # "on Wednesday morning"
            lower in WEEKDAYS
            and k - 2 >= lo
            and tokens[k - 1].lower in WEEKDAYS
            and tokens[k - 2].lower in _TIME_PREPOSITIONS
        ):
            k -= 3
        else:
            break
    return k


def _phrase_back(tokens: list[Token], lo: int, k: int) -> list[Token]:
    """The noun phrase ending at `k`, read leftwards, at most eight words."""
    start = k + 1
    for m in range(k, max(lo - 1, k - 8), -1):
        token = tokens[m]
        lower = token.lower
        if not token.is_word or lower in NP_STOP:
            break
        if lower in DETERMINERS:
            start = m
            break
        if token.is_capitalised or lower in ROLE_NOUNS or lower == "of":
            start = m
            continue
        if (m == k or _modifier_like(lower)) and any(
            tokens[d].lower in DETERMINERS for d in range(max(lo, m - 3), m)
        ):
            start = m
            continue
        break
    if start <= k and tokens[start].lower == "of":
        start += 1
    return tokens[start : k + 1]


def lower_ok(lower: str) -> bool:
    """A lower-case word after a determiner: "one unaligned Florida strategist"."""
    return not (
        lower in SPEECH_FINITE
        or lower in NP_STOP
        or lower in _AFTER_STOP
        or lower in SKIP_BEFORE_VERB
    )


def _modifier_like(lower: str) -> bool:
    """Whether a lower-case word may stand inside a noun phrase ("a senior official")."""
    return not (
        lower.endswith("ed")
        or lower in SPEECH_FINITE
        or lower in SKIP_BEFORE_VERB
        or lower in NP_STOP
        or lower in _AFTER_STOP
    )


def _appositive_after(tokens: list[Token], k: int, hi: int) -> list[Token]:
    """ ", the Kremlin spokesman," after a name."""
    if k >= hi or tokens[k].text != ",":
        return []
    words = []
    for token in tokens[k + 1 : min(hi, k + 10)]:
        if not token.is_word:
            break
        words.append(token)
    return words if words and words[0].lower in ("the", "a", "an") else []
