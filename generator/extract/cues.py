"""Attribution cues around a quotation: speech verbs, their subjects, and where they stand.

Each function reads the tokens of one sentence (a quotation is one token) and returns the
`Mention` of the speaker a cue names, or None. `speakers` decides which cue to trust.
"""

from __future__ import annotations

from generator.extract.lexicon import (
    DETERMINERS,
    INTRODUCTORY,
    MODALS,
    PRONOUNS,
    SKIP_BEFORE_VERB,
    SPEAKER_NOUNS,
    SPEECH_FINITE,
    SPEECH_LEMMAS,
    SPEECH_NOUNS,
    SPEECH_PARTICIPLE,
    SPEECH_PAST,
    WEEKDAYS,
)
from generator.extract.mentions import (
    NP_STOP,
    Mention,
    mention_after,
    mention_before,
    plausible,
    possessor_before,
)
from generator.extract.quotes import ALL_MARKS
from generator.extract.tokens import Token

_DASHES = ("―", "—", "–")
_ADJECTIVE = ("ing", "ful", "ous", "al", "ive", "ic", "ble", "ed", "est")
_FINITE_AFTER_NOUN = frozenset(
    ["was", "were", "is", "are", "has", "have", "had", "will", "would", "could", "should"]
)
_SINGULAR_DET = frozenset(["a", "an", "his", "her", "its", "my", "this"])
_POINT = frozenset(["point", "points", "pointed"])
_NOT_INVERTED = frozenset({"told", "tells", "tell", "asked", "asks", "called", "described"})


def tight_before(tokens: list[Token], lo: int, qi: int) -> bool:
    """A speech verb right before the quotation: `claimed that “...”`, `said: “...”`."""
    k = qi - 1
    while k >= lo and (tokens[k].text in ",:" or tokens[k].lower == "that"):
        k -= 1
    return k >= lo and is_speech_verb(tokens, k, SPEECH_FINITE)


def sentence_end(tokens: list[Token], qi: int, hi: int) -> Mention | None:
    """`... "a great deal of weight" ..., DFA spokesman Neil Sroka said.` at the sentence end."""
    for j in range(qi + 2, hi - 1):
        inverted = tokens[j + 1].is_capitalised or tokens[j + 1].lower in DETERMINERS
        if tokens[j - 1].text == "," and is_speech_verb(tokens, j, SPEECH_FINITE) and inverted:
            return mention_after(tokens, j + 1, hi)
    end = hi - 1 if hi - 1 > qi and tokens[hi - 1].text in ".!?" else hi
    for j in range(end - 1, max(qi, end - 4), -1):
        if is_speech_verb(tokens, j, SPEECH_FINITE):
            comma = next(
                (k for k in range(j - 1, max(qi, j - 10), -1) if not tokens[k].is_word), -1
            )
            if comma > qi and tokens[comma].text == ",":
                return mention_before(tokens, comma + 1, j)
            return None
    return None


def _ends_clause(quote: Token, text: str) -> bool:
    """Whether a quotation ends with a comma, question or exclamation mark inside its marks."""
    inner = text[quote.start : quote.end].rstrip(ALL_MARKS + " ")
    return inner[-1:] in (",", "?", "!", "—", "-")


def right_after(text: str, tokens: list[Token], qi: int, hi: int) -> Mention | None:
    """`“...,” Peskov said`, `“...,” said Peskov`, `“...,” according to Peskov`."""
    k = qi + 1
    if k + 1 < hi and tokens[k].text in _DASHES and tokens[k + 1].is_capitalised:
        return mention_after(tokens, k + 1, hi)  # `“...” ― Jorge Falcon`
    if k < hi and tokens[k].text in ",—–-":
        k += 1
    elif not _ends_clause(tokens[qi], text):
        return None  # `“extremely careless” with her ...`: the sentence goes on, no attribution
    if k >= hi or not tokens[k].is_word:
        return None
    lower = tokens[k].lower
    if is_speech_verb(tokens, k, SPEECH_FINITE) and lower not in _NOT_INVERTED:
        return mention_after(tokens, k + 1, hi)
    if lower == "according" and k + 1 < hi and tokens[k + 1].lower == "to":
        return mention_after(tokens, k + 2, hi)
    comma_seen = False
    for j in range(k, min(hi, k + 24)):
        token = tokens[j]
        if token.text == "." and j + 1 < hi and tokens[j + 1].text in ",)":
            continue  # "Rep. Glenn Thompson, R-Pa., said"
        if token.quote >= 0 or token.text in ".;:?!" or (token.lower in NP_STOP and not comma_seen):
            return None
        comma_seen = comma_seen or token.text == ","
        if j > k and (is_speech_verb(tokens, j, SPEECH_FINITE) or _any_past_verb(tokens, j, k)):
            return mention_before(tokens, k, j)
    return None


def _any_past_verb(tokens: list[Token], j: int, k: int) -> bool:
    """`“...,” the nominee riffed`: right after a quotation, any past tense reports it."""
    token = tokens[j]
    if not token.text.islower() or j - k > 6 or not tokens[j - 1].is_word:
        return False
    if token.text.endswith("ed"):
        return tokens[j - 1].lower not in DETERMINERS
    return token.text.endswith("s") and tokens[j - 1].is_capitalised and j - 1 == k


def left_cue(tokens: list[Token], lo: int, qi: int) -> Mention | None:
    """The nearest speech verb, `according to`, `-ing` form or speech noun before `qi`."""
    for j in range(qi - 1, lo - 1, -1):
        token = tokens[j]
        lower = token.lower
        if not token.is_word:
            continue
        if j == lo and token.text != lower and lower in SPEECH_FINITE and j + 1 < qi:
            mention = _inverted(tokens, j, qi)  # `Said Ann Holm, who ..., “...”`
            if mention is not None and plausible(mention):
                return mention
        if lower in SPEECH_NOUNS:
            mention = possessor_before(tokens, lo, j)
            content = j + 1 < qi and tokens[j + 1].lower in ("that", "of", ":")
            if mention is not None and (content or not _object_of_speech_verb(tokens, lo, mention)):
                return mention
        if is_speech_verb(tokens, j, SPEECH_FINITE) and j > lo and tokens[j - 1].lower == "to":
            return clause_subject(tokens, lo, j)
        if (is_speech_verb(tokens, j, SPEECH_FINITE) or _put_it(tokens, j)) and not (
            j > lo and _modal(tokens[j - 1].lower)
        ):
            mention = mention_before(tokens, lo, j)
            if mention is None and j > lo and tokens[j - 1].lower in ("and", "but"):
                mention = clause_subject(tokens, lo, j - 1)
            if mention is None and lower not in _NOT_INVERTED and j + 1 < qi:
                mention = _inverted(tokens, j, qi)
            if mention is not None and plausible(mention):
                return mention
        elif lower == "according" and j + 1 < qi and tokens[j + 1].lower == "to":
            return mention_after(tokens, j + 2, qi)
        elif is_speech_verb(tokens, j, SPEECH_PARTICIPLE):
            if j - 1 > lo and tokens[j - 1].is_capitalised and tokens[j - 1].lower not in WEEKDAYS:
                return mention_before(tokens, lo, j, participle=True)
            return clause_subject(tokens, lo, j)
    if qi - 1 > lo and tokens[qi - 1].text == ":":
        return mention_before(tokens, lo, qi - 1)
    return None


def _object_of_speech_verb(tokens: list[Token], lo: int, owner: Mention) -> bool:
    """`Moore called Obama's remarks “...”`, `Ryan told CNN that Obama's comments “...”`,
    `saying Obama's remarks were “...”`: the words are the reporter's of the remarks.

    The content of the remarks (`reaffirmed Putin's remarks that ...`) stays the owner's.
    """
    k = next((m for m in range(lo, len(tokens)) if tokens[m].start >= owner.at), lo)
    if tokens[k].lower == "that":  # read as a determiner: "that Berg's"
        k += 1
    if k > lo and tokens[k - 1].lower == "that":
        return any(_reports(tokens, m) for m in range(max(lo, k - 5), k - 1))
    return k > lo and _reports(tokens, k - 1)


def _reports(tokens: list[Token], j: int) -> bool:
    return is_speech_verb(tokens, j, SPEECH_FINITE) or is_speech_verb(tokens, j, SPEECH_PARTICIPLE)


def is_speech_verb(tokens: list[Token], j: int, verbs: frozenset[str]) -> bool:
    """A speech verb is printed in lower case ("State Department" is no verb) and follows no
    determiner or possessive ("a comment", "Trump's remarks" are nouns)."""
    if tokens[j].text not in verbs:
        # "went on": the reporter's way of saying "continued"
        return tokens[j].text == "went" and j + 1 < len(tokens) and tokens[j + 1].text == "on"
    followed = tokens[j + 1].lower if j + 1 < len(tokens) else ""
    if tokens[j].text in _POINT and followed not in ("out", "to"):
        return False  # "campaign points": only "pointed out", "pointed to" report
    if followed in _FINITE_AFTER_NOUN and tokens[j].text not in SPEECH_PAST:
        return False  # "his remarks were", "the comment has": a noun, subject of the next verb
    if j == 0:
        return True
    before = tokens[j - 1].lower
    if before in DETERMINERS or before.endswith(("'s", "’s", "s'", "s’")):
        return False
    if j >= 2 and tokens[j].text in SPEECH_LEMMAS and tokens[j - 2].lower in _SINGULAR_DET:
        return False  # "a Twitter comment", "her March comment": a bare form is a noun here
    # "his scathing remarks": an adjective between a determiner and the word makes it a noun,
    # but "the official said", "the editorial read": a noun for a speaker is no adjective
    adjective = before.endswith(_ADJECTIVE) and before not in SPEAKER_NOUNS
    return not (j >= 2 and tokens[j - 2].lower in DETERMINERS and adjective)


def _modal(lower: str) -> bool:
    """`refused to say`, `won't agree`: the verb reports nothing said."""
    return lower in MODALS or lower.endswith(("n't", "n’t"))


def _put_it(tokens: list[Token], j: int) -> bool:
    """`as the prosecutor put it`."""
    return tokens[j].text == "put" and j + 1 < len(tokens) and tokens[j + 1].lower == "it"


def _inverted(tokens: list[Token], j: int, qi: int) -> Mention | None:
    """`said Peskov: “...”`: a subject after its verb, closed by a colon or a comma."""
    mention = mention_after(tokens, j + 1, qi)
    if mention is None:
        return None
    end = next((k for k in range(j + 1, qi) if not tokens[k].is_word), qi)
    return mention if end < qi and tokens[end].text in ",:" else None


def clause_subject(tokens: list[Token], lo: int, j: int) -> Mention | None:
    """Who is "citing" or "adding": the subject of the nearest finite verb, or the first NP."""
    for k in range(j - 1, lo - 1, -1):
        if is_speech_verb(tokens, k, SPEECH_FINITE):
            return mention_before(tokens, lo, k)
    start = lo
    while start < j and (tokens[start].quote >= 0 or tokens[start].text in ",—–"):
        start += 1  # `“...,” Blige sings to Clinton before asking her, “...”`
    lo = start
    comma = next((k + 1 for k in range(lo, min(j, lo + 15)) if tokens[k].text == ","), lo)
    if _introductory(tokens, lo):
        start = comma
    mention = _first_noun_phrase(tokens, start, j)
    if (mention is None or not plausible(mention)) and start < comma:
        # `Early in his campaign, Trump attacked Romney, calling him “...”`
        return _first_noun_phrase(tokens, comma, j) or mention
    return mention


def _introductory(tokens: list[Token], lo: int) -> bool:
    """Whether the sentence opens with a phrase before its subject: "In an interview,",
    "Speaking to reporters,", "Hours later,"."""
    first = tokens[lo].lower
    if first in INTRODUCTORY or first.endswith("ing"):
        return True
    return lo + 1 < len(tokens) and tokens[lo + 1].lower in _TIME_AFTER


_TIME_AFTER = frozenset(["later", "earlier", "ago", "afterwards", "afterward"])
"""Words that make the noun before them a time: "Hours later", "Two days earlier"."""


def _first_noun_phrase(tokens: list[Token], start: int, j: int) -> Mention | None:
    """The noun phrase opening a clause at `start`, when it can be a subject."""
    if start >= j or tokens[start].quote >= 0:
        return None
    first = tokens[start]
    lower_word = first.is_word and not first.is_capitalised
    if lower_word and first.lower not in DETERMINERS and first.lower not in PRONOUNS:
        return None
    return mention_after(tokens, start, j)


def sentence_subject(tokens: list[Token], lo: int, qi: int) -> Mention | None:
    """`Paul Ryan worried that the net was becoming “a hammock ...”`: with no speech verb at
    all, the words quoted inside a sentence are the subject's, when the subject is a name or a
    role ("the senator") followed straight away by its verb."""
    start = lo
    if _introductory(tokens, lo):
        start = next((k + 1 for k in range(lo, min(qi, lo + 15)) if tokens[k].text == ","), lo)
    if start >= qi or not tokens[start].is_word:
        return None
    mention = mention_after(tokens, start, qi)
    if mention is None:
        return None
    j = _after_mention(tokens, start, mention)
    if j < qi and tokens[j].text == ",":  # "Dan Backer, the attorney of the PAC, has egged on"
        j = next((k + 1 for k in range(j + 1, qi) if tokens[k].text == ","), qi)
    while j < qi and tokens[j].lower in SKIP_BEFORE_VERB:
        j += 1
    if j >= qi or not tokens[j].is_word or tokens[j].is_capitalised:
        return None
    if tokens[j].lower in NP_STOP or tokens[j].lower in _NOT_VERBS:
        return None
    return mention


_NOT_VERBS = frozenset(["of", "in", "on", "at", "for", "to", "with", "from", "by", "who", "'s"])


def _after_mention(tokens: list[Token], start: int, mention: Mention) -> int:
    """Index of the first token after the words of `mention` (which began at `start`)."""
    j = start
    while j < len(tokens) and tokens[j].start < mention.at:
        j += 1
    for word in mention.text.split():
        while j < len(tokens) and tokens[j].text in "()":
            j += 1
        if j >= len(tokens) or tokens[j].text != word:
            break
        j += 1
    return j
