"""Attribute each quoted segment to its speaker.

The rules, tried in order for every quotation:
1. a quotation that continues one from the previous paragraph keeps its speaker;
2. an attribution right after it: `“...,” Peskov said` / `said Peskov` / `according to X`;
3. the nearest cue before it in its sentence: a speech verb and its subject (`Trump said he
   left because "it didn't feel right"`), `according to X`, an `-ing` form whose speaker is
   the subject of the clause (`..., citing Moscow's “lack of ...”`), or a possessive speech
   noun (`Putin's remarks that ...`);
4. a sentence before it that ends with a colon and names a speaker (`He said:`);
5. the speaker of the quotation just before it, in the same or the previous paragraph.
Each mention is then resolved with the article's registry (see `entities`).
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.extract.entities import Entity, Registry, build_registry, kind_of
from generator.extract.lexicon import (
    DETERMINERS,
    INTRODUCTORY,
    MODALS,
    NAMING_CUES,
    ROLE_NOUNS,
    SPEECH_FINITE,
    PRONOUNS,
    SPEECH_NOUNS,
    SPEECH_PARTICIPLE,
)
from generator.extract.mentions import (
    NP_STOP,
    Mention,
    mention_after,
    mention_before,
    possessor_before,
)
from generator.extract.quotes import ALL_MARKS, QuoteSpan, paragraphs
from generator.extract.tokens import Token, sentence_bounds, tokenize

SUBJECT_FALLBACK = False
_DASHES = ("―", "—", "–")
_ADJECTIVE = ("ing", "ful", "ous", "al", "ive", "ic", "ble", "ed", "est")
_NOT_INVERTED = frozenset({"told", "tells", "tell", "asked", "asks", "called", "described"})
_CONFIDENCE = {
    "after": 0.9, "before": 0.8, "colon": 0.8, "continues": 0.8, "end": 0.75, "carry": 0.6,
    "paragraph": 0.5, "subject": 0.4, "label": 0.9,
}


@dataclass(frozen=True)
class Attribution:
    """Who said one quoted segment, and how sure we are."""

    speaker: Entity | None
    cue: str
    confidence: float
    is_statement: bool
    group: int
    sentence: tuple[int, int]
    """Character span of the sentence the quotation stands in."""


@dataclass
class _Sentence:
    tokens: list[Token]
    lo: int
    hi: int

    @property
    def span(self) -> tuple[int, int]:
        return self.tokens[self.lo].start, self.tokens[self.hi - 1].end


def attribute_quotes(text: str, spans: list[QuoteSpan]) -> list[Attribution]:
    """Attribute every span of `text` (as found by `find_quote_spans`)."""
    registry = build_registry(text)
    paras = paragraphs(text)
    by_paragraph: dict[int, list[int]] = {}
    for i, span in enumerate(spans):
        by_paragraph.setdefault(span.paragraph, []).append(i)
    results: list[Attribution] = []
    previous: tuple[int, Attribution] | None = None
    for p_index in sorted(by_paragraph):
        indexes = by_paragraph[p_index]
        start, end = paras[p_index]
        tokens = tokenize(text, start, end, spans, indexes)
        starts = [*sentence_bounds(tokens, spans, text), len(tokens)]
        for token_index, token in enumerate(tokens):
            if token.quote < 0:
                continue
            s = max(b for b in starts[:-1] if b <= token_index)
            sentence = _Sentence(tokens, s, starts[starts.index(s) + 1])
            context = _Context(text, spans, paras, registry, p_index, previous)
            result = _attribute(context, token.quote, token_index, sentence)
            results.append(result)
            previous = (p_index, result)
    return results


@dataclass
class _Context:
    text: str
    spans: list[QuoteSpan]
    paras: list[tuple[int, int]]
    registry: Registry
    paragraph: int
    previous: tuple[int, Attribution] | None


def _attribute(ctx: _Context, index: int, qi: int, sentence: _Sentence) -> Attribution:
    span = ctx.spans[index]
    found = _find_mention(ctx, span, qi, sentence)
    if span.label is not None:
        found = Mention("name", span.label.title(), span.open_at, span.label.title()), "label"
    prev = ctx.previous[1] if ctx.previous else None
    group = prev.group + 1 if prev else 0
    if span.continues and prev is not None and (found is None or found[1] != "after"):
        return Attribution(prev.speaker, "continues", prev.confidence, prev.is_statement,
                           prev.group, sentence.span)
    speaker, cue = None, "none"
    if found is not None:
        mention, cue = found
        speaker = _resolve(ctx, mention, span.open_at)
    elif prev is not None and _adjacent(ctx, span, sentence):
        speaker, cue = prev.speaker, "carry"
        if prev.cue == "after" and qi == sentence.lo:
            group = prev.group
    confidence = _CONFIDENCE.get(cue, 0.7) if speaker else 0.0
    if speaker is not None and speaker.kind is None:
        confidence -= 0.2
    statement = _is_statement(ctx.text, span, sentence, qi, speaker, cue)
    return Attribution(speaker, cue, round(confidence, 2), statement, group, sentence.span)


def _find_mention(ctx: _Context, span: QuoteSpan, qi: int,
                  sentence: _Sentence) -> tuple[Mention, str] | None:
    tokens = sentence.tokens
    if _tight_before(tokens, sentence.lo, qi):
        mention = _left_cue(tokens, sentence.lo, qi)
        if mention is not None:
            return mention, "before"
    mention = _right_after(ctx.text, tokens, qi, sentence.hi)
    if mention is not None:
        return mention, "after"
    mention = _left_cue(tokens, sentence.lo, qi)
    if mention is not None:
        return mention, "before"
    mention = _sentence_end(tokens, qi, sentence.hi)
    if mention is not None:
        return mention, "end"
    if qi > sentence.lo and SUBJECT_FALLBACK:
        mention = _clause_subject(tokens, sentence.lo, qi)
        if mention is not None and mention.kind == "name":
            return mention, "subject"
    if qi == sentence.lo:
        mention = _colon_intro(ctx, span, sentence)
        if mention is not None:
            return mention, "colon"
        if sentence.lo == 0 and not span.continues:
            mention = _previous_paragraph(ctx, span)
            if mention is not None:
                return mention, "paragraph"
    return None


def _tight_before(tokens: list[Token], lo: int, qi: int) -> bool:
    """A speech verb right before the quotation: `claimed that “...”`, `said: “...”`."""
    k = qi - 1
    while k >= lo and (tokens[k].text in ",:" or tokens[k].lower == "that"):
        k -= 1
    return k >= lo and _is_verb(tokens, k, SPEECH_FINITE)


def _sentence_end(tokens: list[Token], qi: int, hi: int) -> Mention | None:
    """`... "a great deal of weight" ..., DFA spokesman Neil Sroka said.` at the sentence end."""
    for j in range(qi + 2, hi - 1):
        if tokens[j - 1].text == "," and _is_verb(tokens, j, SPEECH_FINITE):
            if tokens[j + 1].is_capitalised or tokens[j + 1].lower in DETERMINERS:
                return mention_after(tokens, j + 1, hi)
    end = hi - 1 if hi - 1 > qi and tokens[hi - 1].text in ".!?" else hi
    for j in range(end - 1, max(qi, end - 4), -1):
        if _is_verb(tokens, j, SPEECH_FINITE):
            comma = next((k for k in range(j - 1, max(qi, j - 10), -1)
                          if not tokens[k].is_word), -1)
            if comma > qi and tokens[comma].text == ",":
                return mention_before(tokens, comma + 1, j)
            return None
    return None


def _previous_paragraph(ctx: _Context, span: QuoteSpan) -> Mention | None:
    """A quotation opening a paragraph after one that reports someone's words."""
    if span.paragraph == 0:
        return None
    start, end = ctx.paras[span.paragraph - 1]
    indexes = [i for i, s in enumerate(ctx.spans) if s.paragraph == span.paragraph - 1]
    tokens = tokenize(ctx.text, start, end, ctx.spans, indexes)
    starts = sentence_bounds(tokens, ctx.spans, ctx.text)
    lo = starts[-1]
    for j in range(len(tokens) - 1, lo - 1, -1):
        if tokens[j].quote >= 0:
            return None
        if _is_verb(tokens, j, SPEECH_FINITE):
            return mention_before(tokens, lo, j)
    return None


def _ends_clause(quote: Token, text: str) -> bool:
    """Whether a quotation ends with a comma, question or exclamation mark inside its marks."""
    inner = text[quote.start:quote.end].rstrip(ALL_MARKS + " ")
    return inner[-1:] in (",", "?", "!", "—", "-")


def _right_after(text: str, tokens: list[Token], qi: int, hi: int) -> Mention | None:
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
    if _is_verb(tokens, k, SPEECH_FINITE) and lower not in _NOT_INVERTED:
        return mention_after(tokens, k + 1, hi)
    if lower == "according" and k + 1 < hi and tokens[k + 1].lower == "to":
        return mention_after(tokens, k + 2, hi)
    comma_seen = False
    for j in range(k, min(hi, k + 14)):
        token = tokens[j]
        if token.text == "." and j + 1 < hi and tokens[j + 1].text in ",)":
            continue  # "Rep. Glenn Thompson, R-Pa., said"
        if token.quote >= 0 or token.text in ".;:?!" or (token.lower in NP_STOP and not comma_seen):
            return None
        comma_seen = comma_seen or token.text == ","
        if j > k and (_is_verb(tokens, j, SPEECH_FINITE) or _any_past_verb(tokens, j, k)):
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


def _left_cue(tokens: list[Token], lo: int, qi: int) -> Mention | None:
    """The nearest speech verb, `according to`, `-ing` form or speech noun before `qi`."""
    for j in range(qi - 1, lo - 1, -1):
        token = tokens[j]
        lower = token.lower
        if not token.is_word:
            continue
        if lower in SPEECH_NOUNS:
            mention = possessor_before(tokens, lo, j)
            if mention is not None:
                return mention
        if _is_verb(tokens, j, SPEECH_FINITE) and j > lo and tokens[j - 1].lower == "to":
            return _clause_subject(tokens, lo, j)
        if (_is_verb(tokens, j, SPEECH_FINITE) or _put_it(tokens, j)) and not (
            j > lo and tokens[j - 1].lower in MODALS
        ):
            mention = mention_before(tokens, lo, j)
            if mention is None and j > lo and tokens[j - 1].lower in ("and", "but"):
                mention = _clause_subject(tokens, lo, j - 1)
            if mention is None and lower not in _NOT_INVERTED and j + 1 < qi:
                mention = _inverted(tokens, j, qi)
            if mention is not None:
                return mention
        elif lower == "according" and j + 1 < qi and tokens[j + 1].lower == "to":
            return mention_after(tokens, j + 2, qi)
        elif _is_verb(tokens, j, SPEECH_PARTICIPLE):
            if j - 1 > lo and tokens[j - 1].is_capitalised:
                return mention_before(tokens, lo, j)
            return _clause_subject(tokens, lo, j)
    if qi - 1 > lo and tokens[qi - 1].text == ":":
        return mention_before(tokens, lo, qi - 1)
    return None


def _is_verb(tokens: list[Token], j: int, verbs: frozenset[str]) -> bool:
    """A speech verb is printed in lower case ("State Department" is no verb) and follows no
    determiner or possessive ("a comment", "Trump's remarks" are nouns)."""
    if tokens[j].text not in verbs:
        # "went on": the reporter's way of saying "continued"
        return tokens[j].text == "went" and j + 1 < len(tokens) and tokens[j + 1].text == "on"
    if j == 0:
        return True
    before = tokens[j - 1].lower
    if before in DETERMINERS or before.endswith(("'s", "’s", "s'", "s’")):
        return False
    # "his scathing remarks": an adjective between a determiner and the word makes it a noun
    return not (j >= 2 and tokens[j - 2].lower in DETERMINERS and before.endswith(_ADJECTIVE))


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


def _clause_subject(tokens: list[Token], lo: int, j: int) -> Mention | None:
    """Who is "citing" or "adding": the subject of the nearest finite verb, or the first NP."""
    for k in range(j - 1, lo - 1, -1):
        if _is_verb(tokens, k, SPEECH_FINITE):
            return mention_before(tokens, lo, k)
    start = lo
    while start < j and (tokens[start].quote >= 0 or tokens[start].text in ",—–"):
        start += 1  # `“...,” Blige sings to Clinton before asking her, “...”`
    lo = start
    if tokens[lo].lower in INTRODUCTORY or tokens[lo].lower.endswith("ing"):
        start = next((k + 1 for k in range(lo, min(j, lo + 15)) if tokens[k].text == ","), lo)
    if start >= j or tokens[start].quote >= 0:
        return None
    if tokens[start].is_word and not tokens[start].is_capitalised:
        if tokens[start].lower not in DETERMINERS and tokens[start].lower not in PRONOUNS:
            return None
    return mention_after(tokens, start, j)


def _colon_intro(ctx: _Context, span: QuoteSpan, sentence: _Sentence) -> Mention | None:
    """A speaker introduced in the sentence before: `He told reporters:`."""
    tokens = sentence.tokens
    if sentence.lo > 0:
        if tokens[sentence.lo - 1].text != ":":
            return None
        return _left_cue(tokens, 0, sentence.lo - 1) or mention_before(tokens, 0, sentence.lo - 1)
    if span.paragraph == 0:
        return None
    start, end = ctx.paras[span.paragraph - 1]
    if not ctx.text[start:end].rstrip().endswith(":"):
        return None
    prev_tokens = tokenize(ctx.text, max(start, end - 400), end, ctx.spans, [])
    hi = len(prev_tokens) - 1
    return _left_cue(prev_tokens, 0, hi) or mention_before(prev_tokens, 0, hi)


def _adjacent(ctx: _Context, span: QuoteSpan, sentence: _Sentence) -> bool:
    """Whether the previous quotation is close enough for its speaker to carry over."""
    if ctx.previous is None:
        return False
    prev_paragraph = ctx.previous[0]
    if prev_paragraph == span.paragraph:
        return True
    return prev_paragraph == span.paragraph - 1 and sentence.lo == 0 and sentence.tokens[0].quote >= 0


def _resolve(ctx: _Context, mention: Mention, at: int) -> Entity | None:
    """Turn a mention into the fullest entity the article has for it."""
    registry = ctx.registry
    if mention.kind == "pronoun":
        return _resolve_pronoun(ctx, mention.text.lower(), at)
    if mention.kind == "nominal":
        head = mention.head
        if head in ROLE_NOUNS and mention.determiner:
            entity = registry.with_role(head, at)
            if entity is not None:
                return entity
        return Entity(mention.text, mention.role, None)
    known = registry.fullest(mention.name, at)
    if known is not None:
        return Entity(known.name, mention.role or known.role, known.kind, known.gender)
    words = mention.name.split()
    kind = kind_of(words, mention.determiner)
    name = mention.name
    if mention.determiner and kind == "organisation" and len(words) == 1:
        name = f"The {name}"
    return Entity(name, mention.role, kind)


def _resolve_pronoun(ctx: _Context, pronoun: str, at: int) -> Entity | None:
    gender = {"he": "male", "she": "female"}.get(pronoun)
    prev = ctx.previous[1].speaker if ctx.previous else None
    recent = ctx.previous is not None and ctx.previous[0] >= ctx.paragraph - 2
    if pronoun in ("they", "it", "we"):
        return prev if recent else None
    if prev is not None and recent and prev.kind == "person" and prev.gender in (None, gender):
        return prev
    return ctx.registry.last_person(at, gender)


def _is_statement(text: str, span: QuoteSpan, sentence: _Sentence, qi: int,
                  speaker: Entity | None, cue: str) -> bool:
    """False for scare quotes, coined terms and titles: words nobody is quoted as saying."""
    words = text[span.start:span.end].split()
    tokens = sentence.tokens
    before = tokens[qi - 1].lower if qi > sentence.lo else ""
    if before in NAMING_CUES and len(words) <= 5 and cue != "after":
        return False
    if _is_title(words) and cue not in ("after", "colon"):
        return False
    if len(words) == 1 and (speaker is None or cue == "carry"):
        return False
    return speaker is not None or not span.single


def _is_title(words: list[str]) -> bool:
    small = {"of", "the", "a", "an", "and", "in", "on", "for", "to", "at", "with", "or"}
    if len(words) < 2 or words[-1][-1] in ".?!,":
        return False
    return all(w[0].isupper() or w in small or not w[0].isalpha() for w in words)
