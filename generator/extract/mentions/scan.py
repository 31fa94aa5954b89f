"""Finding the noun phrase that names a speaker in the tokens around a speech verb or cue.

Leftwards from a verb ("Peskov (also) said"), over adverbs, times and appositives;
rightwards from a cue ("said Peskov", "according to the Kremlin"); or the owner before a
noun ("Putin's remarks"). `phrase` then reads what was found.
"""

from __future__ import annotations

from generator.extract.lexicon import (
    DETERMINERS,
    PRONOUNS,
    ROLE_NOUNS,
    SKIP_BEFORE_VERB,
    SPEECH_FINITE,
    WEEKDAYS,
)
from generator.extract.mentions.phrase import Mention, _speaker_noun, bare_pronoun, make_mention
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


def mention_before(
    tokens: list[Token], lo: int, verb: int, participle: bool = False
) -> Mention | None:
    """The subject standing before the verb at `verb`: "Peskov (also) said". Before a
    participle it may be a preposition's object: "footage of Trump saying"."""
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
    start = k + 1 - len(phrase)
    while phrase and start - 2 >= lo and tokens[start - 1].lower in _ATTACHED:
        head = _phrase_back(tokens, lo, start - 2)  # "George Zornick of The Nation said"
        if not head or not (head[-1].is_capitalised or head[-1].lower in ROLE_NOUNS):
            break
        phrase, start = head, start - 1 - len(head)
    if not phrase or (not participle and _object_before(tokens, lo, start)):
        return None
    return make_mention(phrase, appositive)


def _object_before(tokens: list[Token], lo: int, start: int) -> bool:
    """Whether the phrase at `start` is a preposition's object, not the verb's subject:
    "a letter obtained by The Associated Press warns" (but "an email sent by Sanders
    warned": whoever wrote or sent a text is its speaker)."""
    if start <= lo or tokens[start - 1].lower not in _NOT_SUBJECT_AFTER:
        return False
    if tokens[start - 1].lower == "by" and start - 2 >= lo:
        return tokens[start - 2].lower not in _AUTHORED
    return True


_ATTACHED = frozenset(["of", "from", "for", "at"])
"""Prepositions that tie a noun phrase to the one before it: that one is the subject."""
_NOT_SUBJECT_AFTER = frozenset(["by", "to", "against", "about", "into", "than", "like", "of"])
_AUTHORED = frozenset(
    [
        "sent", "written", "released", "issued", "signed", "posted", "published",
        "authored", "penned", "tweeted", "delivered", "given", "made", "out",
    ]
)  # fmt: skip
"""Participles whose agent ("sent by Sanders") wrote the text the quotation comes from."""
"""A noun phrase after these is an object ("a letter obtained by The Associated Press
warns"), never the subject of the verb that follows it."""


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
