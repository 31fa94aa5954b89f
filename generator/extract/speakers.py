"""Attribute each quoted segment to its speaker.

The rules, tried in order for every quotation:
1. a quotation that continues one from the previous paragraph keeps its speaker;
2. an attribution right after it: `“...,” Peskov said` / `said Peskov` / `according to X`;
3. the nearest cue before it in its sentence: a speech verb and its subject (`Trump said he
   left because "it didn't feel right"`), `according to X`, an `-ing` form whose speaker is
   the subject of the clause (`..., citing Moscow's “lack of ...”`), or a possessive speech
   noun (`Putin's remarks that ...`);
4. `, NP said.` closing the sentence, a colon-ended sentence before it (`He said:`), or a
   paragraph before it that reports someone's words;
5. the speaker of the quotation just before it, in the same or the previous paragraph.
A transcript label (`"PENCE: ..."`) or a dash after it (`“...” ― Jorge Falcon`) names the
speaker outright. The cues themselves live in `cues`.
Each mention is then resolved with the article's registry (see `entities`).
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, replace
from typing import TypeGuard

from generator.calibration import calibrated_confidence
from generator.extract.casing import starts_sentence
from generator.extract.cues import (
    is_speech_verb,
    left_cue,
    right_after,
    sentence_end,
    sentence_subject,
    tight_before,
)
from generator.extract.entities import (
    Entity,
    Registry,
    build_registry,
    honorific_gender,
    kind_of,
)
from generator.extract.lexicon import (
    GIVES_WORDING,
    NAMING_CUES,
    NEWS_HEADS,
    OFFICES,
    ORG_HEADS,
    PREDICATIVE,
    SPEECH_FINITE,
)
from generator.extract.mentions import Mention, mention_before, plausible
from generator.extract.pronouns import Previous, resolve_pronoun
from generator.extract.propernames import common_word_not_name, name_problem, trim_name
from generator.extract.quotes import QuoteSpan, paragraphs
from generator.extract.tokens import Token, sentence_bounds, tokenize

_OWN_CUES = ("after", "label")
"""Cues that name a new speaker even for a quotation that continues an open one."""
SENTENCE_WINDOW = 100
"""Tokens on either side of a quotation that its sentence is taken to span at most. Cues
lie within a few words of the words they attribute; without a bound, a text with no full
stops (a 30 MB run-on transcript) is one sentence that every quotation in it reads whole."""


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
    name_problem: str | None = None
    """Why the speaker's name is no proper name (see `propernames.name_problem`)."""
    evidence: str = ""
    """The cue and how the speaker was named there ("after:full", "before:pronoun"): what
    the calibrated confidence is looked up by."""


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
            k = bisect.bisect_right(starts, token_index, hi=len(starts) - 1) - 1
            sentence = _Sentence(
                tokens,
                max(starts[k], token_index - SENTENCE_WINDOW),
                min(starts[k + 1], token_index + SENTENCE_WINDOW + 1),
            )
            context = _Context(text, spans, paras, registry, p_index, previous)
            result = _attribute(context, token.quote, token_index, sentence)
            if _boilerplate(text[spans[token.quote].start : spans[token.quote].end]):
                result = replace(result, is_statement=False)
            results.append(result)
            previous = (p_index, result)
    return _share_within_groups(results)


def _boilerplate(words: str) -> bool:
    """A stage direction (`(CROSSTALK)`, `[applause]`) or a byline's `Follow X on Twitter`,
    caught inside quote marks left open by a transcript."""
    if words.startswith(("(", "[")) and words.rstrip(".").endswith((")", "]")):
        return True
    return words.startswith("Follow ") and " on Twitter" in words


def _share_within_groups(results: list[Attribution]) -> list[Attribution]:
    """Give every segment of a quotation the speaker one of its segments names.

    A quotation running over paragraphs is often attributed only in its last one.
    """
    best: dict[int, Attribution] = {}
    for found in results:
        if found.speaker is not None and found.cue != "carry":
            held = best.get(found.group)
            if held is None or found.confidence > held.confidence:
                best[found.group] = found
    shared = []
    for found in results:
        source = best.get(found.group)
        if found.speaker is None and source is not None:
            found = replace(
                found,
                speaker=source.speaker,
                cue="group",
                confidence=calibrated_confidence(f"group:{source.evidence.partition(':')[2]}"),
                is_statement=True,
                name_problem=source.name_problem,
                evidence=f"group:{source.evidence.partition(':')[2]}",
            )
        shared.append(found)
    return shared


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
        label = span.label.title()
        found = Mention("name", label, span.open_at, label), "label"
    prev = ctx.previous[1] if ctx.previous else None
    group = prev.group + 1 if prev else 0
    if span.continues and prev is not None:
        group = prev.group
    if span.continues and prev is not None and (found is None or found[1] not in _OWN_CUES):
        evidence = f"continues:{prev.evidence.partition(':')[2]}"
        confidence = calibrated_confidence(evidence) if prev.speaker else 0.0
        return replace(
            prev, cue="continues", sentence=sentence.span, evidence=evidence, confidence=confidence
        )
    speaker, cue, named = None, "none", "none"
    if found is not None:
        mention, cue = found
        speaker = _resolve(ctx, mention, span.open_at)
        if mention.kind == "pronoun" and mention.text.lower() in ("he", "she"):
            speaker = _subject_antecedent(ctx, sentence, mention) or speaker
        named = _how_named(mention, speaker, prev.speaker if prev else None, ctx.registry)
    elif prev is not None and _adjacent(ctx, span, sentence):
        speaker, cue, named = prev.speaker, "carry", prev.evidence.partition(":")[2]
        if prev.cue == "after" and qi == sentence.lo:
            group = prev.group
    statement = _is_statement(ctx.text, span, sentence, qi, speaker, cue)
    if span.single and cue != "after" and _subheading(ctx, span):
        statement = False
    problem = name_problem(speaker.name, speaker.kind, ctx.registry.casing) if speaker else None
    if speaker is not None and cue == "according":
        problem = f"'{speaker.name}' reported these words; who said them is not named"
    evidence = f"{cue}:{named}"
    confidence = calibrated_confidence(evidence) if speaker else 0.0
    return Attribution(speaker, cue, confidence, statement, group, sentence.span, problem, evidence)


def _how_named(
    mention: Mention, speaker: Entity | None, previous: Entity | None, registry: Registry
) -> str:
    """How the cue names the speaker: a full name, a surname the article fills in (one
    that two people of the article share apart), a lone word, a pronoun for the previous
    quotation's speaker or for someone else, a role resolved to a name, or a description."""
    if speaker is None:
        return "none"
    if mention.kind == "pronoun":
        return "pronoun-same" if previous == speaker else "pronoun"
    if mention.kind == "nominal":
        return "role" if speaker.name != mention.text else "description"
    if len(mention.name.split()) >= 2:
        return "full"
    if len(speaker.name.split()) < 2:
        return "single"
    return "shared-surname" if registry.namesakes(mention.name) > 1 else "surname"


def _find_mention(
    ctx: _Context, span: QuoteSpan, qi: int, sentence: _Sentence
) -> tuple[Mention, str] | None:
    tokens = sentence.tokens
    if tight_before(tokens, sentence.lo, qi):
        mention = left_cue(tokens, sentence.lo, qi)
        if _usable(mention, ctx):
            return mention, "before"
    after = right_after(ctx.text, tokens, qi, sentence.hi)
    if _usable(after, ctx) and not _reported_by_outlet(ctx, after):
        return after, "after"
    mention = left_cue(tokens, sentence.lo, qi)
    if _usable(mention, ctx) and not _reported_by_outlet(ctx, mention):
        return mention, "before"
    if _usable(after, ctx):
        return after, "according"  # "“...,” according to Reuters": held, see _attribute
    if _usable(mention, ctx):
        return mention, "according"
    mention = sentence_end(tokens, qi, sentence.hi)
    if _usable(mention, ctx):
        return mention, "end"
    if qi > sentence.lo and span.paragraph > 0:
        mention = sentence_subject(tokens, sentence.lo, qi)
        if _usable(mention, ctx) and _trusted_subject(ctx, mention, span):
            return mention, "subject"
    if qi == sentence.lo:
        mention = _colon_intro(ctx, span, sentence)
        if _usable(mention, ctx):
            return mention, "colon"
        if sentence.lo == 0 and not span.continues:
            mention = _previous_paragraph(ctx, span)
            if _usable(mention, ctx):
                return mention, "paragraph"
    return None


def _reported_by_outlet(ctx: _Context, mention: Mention) -> bool:
    """`according to Reuters`: a news outlet that reports the words; whoever the sentence
    says said them ("Holm said it was “...,” according to Reuters") is the speaker."""
    if mention.kind != "name" or mention.name.split()[-1].lower() not in NEWS_HEADS:
        return False
    return _ACCORDING_TO.search(ctx.text, max(0, mention.at - 20), mention.at) is not None


_ACCORDING_TO = re.compile(r"according to\s+(?:the\s+)?$", re.IGNORECASE)


def _usable(mention: Mention | None, ctx: _Context) -> TypeGuard[Mention]:
    """Whether a cue's mention may be a speaker: plausible, or a name the article knows."""
    if mention is None:
        return False
    if mention.kind == "name" and _common_word(mention, ctx):
        return False
    if plausible(mention):
        return True
    return mention.kind == "name" and ctx.registry.fullest(mention.name, mention.at) is not None


def _common_word(mention: Mention, ctx: _Context) -> bool:
    """`Hours later, Trump ...`: a lone capitalised word that is no name in this article."""
    words = mention.name.split()
    if len(words) != 1 or mention.determiner or ctx.registry.fullest(words[0], mention.at):
        return False  # "Berg fears ...": the surname of someone the article names in full
    casing = ctx.registry.casing
    return starts_sentence(ctx.text, mention.at) and common_word_not_name(words[0], casing)


def _trusted_subject(ctx: _Context, mention: Mention, span: QuoteSpan) -> bool:
    """Whether a sentence's subject may be taken as the speaker of words quoted with no cue.

    Only a person or body the article names in full elsewhere, or a pronoun before a long
    quotation: a one- or two-word quotation with no speech verb is mostly a scare quote, and
    a capitalised sentence opener is often no name at all ("Only six years earlier, ...").
    """
    words = len(ctx.text[span.start : span.end].split())
    if mention.kind == "pronoun":
        return words >= 4
    if mention.kind != "name" or words < 2:
        return False
    return ctx.registry.fullest(mention.name, span.open_at) is not None


def _previous_paragraph(ctx: _Context, span: QuoteSpan) -> Mention | None:
    """A quotation opening a paragraph after one that reports someone's words."""
    if span.paragraph == 0:
        return None
    start, end = ctx.paras[span.paragraph - 1]
    first = bisect.bisect_left(ctx.spans, span.paragraph - 1, key=_paragraph_of)
    last = bisect.bisect_left(ctx.spans, span.paragraph, lo=first, key=_paragraph_of)
    indexes = list(range(first, last))  # spans are in text order: a bisection, not a scan
    tokens = tokenize(ctx.text, start, end, ctx.spans, indexes)
    starts = sentence_bounds(tokens, ctx.spans, ctx.text)
    lo = starts[-1]
    for j in range(len(tokens) - 1, lo - 1, -1):
        if tokens[j].quote >= 0:
            return None
        if is_speech_verb(tokens, j, SPEECH_FINITE):
            return mention_before(tokens, lo, j)
    return None


def _paragraph_of(span: QuoteSpan) -> int:
    return span.paragraph


def _colon_intro(ctx: _Context, span: QuoteSpan, sentence: _Sentence) -> Mention | None:
    """A speaker introduced in the sentence before: `He told reporters:`."""
    tokens = sentence.tokens
    if sentence.lo > 0:
        if tokens[sentence.lo - 1].text != ":":
            return None
        return left_cue(tokens, 0, sentence.lo - 1) or mention_before(tokens, 0, sentence.lo - 1)
    if span.paragraph == 0:
        return None
    start, end = ctx.paras[span.paragraph - 1]
    if not ctx.text[start:end].rstrip().endswith(":"):
        return None
    prev_tokens = tokenize(ctx.text, max(start, end - 400), end, ctx.spans, [])
    hi = len(prev_tokens) - 1
    return left_cue(prev_tokens, 0, hi) or mention_before(prev_tokens, 0, hi)


def _adjacent(ctx: _Context, span: QuoteSpan, sentence: _Sentence) -> bool:
    """Whether the previous quotation is close enough for its speaker to carry over."""
    if ctx.previous is None:
        return False
    prev_paragraph = ctx.previous[0]
    if prev_paragraph == span.paragraph:
        return True
    return (
        prev_paragraph == span.paragraph - 1 and sentence.lo == 0 and sentence.tokens[0].quote >= 0
    )


def _resolve(ctx: _Context, mention: Mention, at: int) -> Entity | None:
    """Turn a mention into the fullest entity the article has for it."""
    registry = ctx.registry
    if mention.kind == "pronoun":
        return _resolve_pronoun(ctx, mention.text.lower(), at)
    if mention.kind == "nominal":
        head = mention.head
        if head in OFFICES and mention.text.lower().startswith(("the ", "this ")):
            entity = registry.with_role(head, at)
            if entity is not None:
                return entity
        if head in ORG_HEADS and mention.text.lower().startswith("the "):
            entity = registry.fullest(head, at)  # "the ministry" -> "Northland Health Ministry"
            if entity is not None and entity.kind == "organisation":
                return entity
        return Entity(mention.text, mention.role, None)
    opens = not mention.role and not mention.determiner and starts_sentence(ctx.text, mention.at)
    glued_role, words = trim_name(mention.name.split(), registry.casing, opens)
    role = mention.role or " ".join(glued_role) or None
    gender = honorific_gender(mention.text.split())
    known = registry.fullest(" ".join(words), at, gender)
    if known is not None:
        return Entity(known.name, role or known.role, known.kind, known.gender)
    if gender is not None and registry.fullest(" ".join(words), at) is not None:
        return Entity(" ".join(words), role, "person", gender)  # "Mr. Obama", not Michelle
    kind = kind_of(words, mention.determiner)
    name = " ".join(words)
    if mention.determiner and registry.casing.printed_inside(f"The {name}"):
        name = f"The {name}"  # "The Washington Post", printed so in mid-sentence
    return Entity(name, role, kind)


def _subject_antecedent(ctx: _Context, sentence: _Sentence, pronoun: Mention) -> Entity | None:
    """`Clinton says she admires what she calls “...”`: a he or she later in a sentence goes
    to the person named as its subject, when the gender agrees, before any earlier speaker."""
    tokens = sentence.tokens
    at = next((k for k in range(sentence.lo, sentence.hi) if tokens[k].start >= pronoun.at), 0)
    if at <= sentence.lo:
        return None
    subject = sentence_subject(tokens, sentence.lo, at)
    if subject is None or subject.kind != "name":
        return None
    entity = _resolve(ctx, subject, subject.at)
    gender = "male" if pronoun.text.lower() == "he" else "female"
    if entity is None or entity.kind != "person" or entity.gender not in (None, gender):
        return None
    return entity


def _resolve_pronoun(ctx: _Context, pronoun: str, at: int) -> Entity | None:
    previous = None
    if ctx.previous is not None and ctx.previous[0] >= ctx.paragraph - 2:  # close by
        previous = Previous(ctx.previous[1].speaker, ctx.previous[1].sentence[1])
    return resolve_pronoun(ctx.registry, ctx.text, pronoun, at, previous)


def _is_statement(
    text: str, span: QuoteSpan, sentence: _Sentence, qi: int, speaker: Entity | None, cue: str
) -> bool:
    """False for scare quotes, coined terms and titles: words nobody is quoted as saying."""
    words = text[span.start : span.end].split()
    tokens = sentence.tokens
    before = tokens[qi - 1].lower if qi > sentence.lo else ""
    if before in NAMING_CUES and len(words) <= 5 and cue != "after":
        return False
    if len(words) <= 3 and _hypothetical_naming(tokens, sentence.lo, qi):
        return False
    # `on CBS's “Face the Nation,” Ryan said`: a show, however cued
    cued = cue in ("after", "colon") and not _owned_or_on(before)
    if _is_title(words) and before not in GIVES_WORDING and not cued:
        return False
    if len(words) == 1 and (speaker is None or cue == "carry"):
        return before in PREDICATIVE
    return speaker is not None or not span.single


def _owned_or_on(before: str) -> bool:
    return before == "on" or before.endswith(("'s", "’s"))


def _subheading(ctx: _Context, span: QuoteSpan) -> bool:
    """A short paragraph of its own: a subheading, which quotes in single marks by custom
    ("Mayor vows 'no retreat'") and cuts the body's words short."""
    start, end = ctx.paras[span.paragraph]
    words = itertools.islice(_WORD_RE.finditer(ctx.text, start, end), _SUBHEADING_WORDS + 1)
    return sum(1 for _ in words) <= _SUBHEADING_WORDS  # counted up to the limit, not all


_WORD_RE = re.compile(r"\S+")


_SUBHEADING_WORDS = 15


def _hypothetical_naming(tokens: list[Token], lo: int, qi: int) -> bool:
    """`said calling the vote “final” would be wrong`: a word someone declines to use."""
    for j in range(qi - 1, max(lo, qi - 5) - 1, -1):
        if tokens[j].lower in ("calling", "describing", "labelling", "labeling", "terming"):
            return j > lo and (tokens[j - 1].lower == "that" or tokens[j - 1].text in SPEECH_FINITE)
    return False


def _is_title(words: list[str]) -> bool:
    small = {"of", "the", "a", "an", "and", "in", "on", "for", "to", "at", "with", "or"}
    if len(words) < 2 or words[-1][-1] in ".?!,":
        return False
    return all(w[0].isupper() or w in small or not w[0].isalpha() for w in words)
