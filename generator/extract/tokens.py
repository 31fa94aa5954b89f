"""Tokens and sentences of the paragraphs that hold quotations.

A quotation becomes one token, so that neither its words nor its full stops confuse the
search for a speech verb or a sentence boundary around it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.extract.quotes import QuoteSpan

_ABBREVIATIONS = (
    "Mr|Mrs|Ms|Dr|Sen|Sens|Rep|Reps|Gov|Govs|Gen|Lt|Col|Sgt|Capt|Maj|Adm|Prof|St|Jr|Sr|Rev|"
    "Hon|Atty|Cmdr|Supt|No|Vol|Inc|Corp|Co|Ltd|Jan|Feb|Aug|Sept|Sep|Oct|Nov|Dec|vs|Pres|Sec"
)
_TOKEN_RE = re.compile(
    r"(?:[A-Za-z]\.){2,}"  # U.S., D.C.
    rf"|(?:{_ABBREVIATIONS})\.(?=\s)"
    r"|[A-Z]\.(?=\s+[A-Z])"  # a middle initial
    r"|[^\W_](?:[\w'’&.-]*[^\W_])?"
    r"|[^\w\s]"
)
QUOTE = "\x00"
"""Text of the token that stands for a whole quotation."""


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int
    quote: int = -1
    """Index of the quotation this token stands for; -1 for words and punctuation."""

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def is_word(self) -> bool:
        return self.quote < 0 and self.text[0].isalnum()

    @property
    def is_capitalised(self) -> bool:
        return self.quote < 0 and self.text[0].isupper()


def tokenize(
    text: str, start: int, end: int, spans: list[QuoteSpan], indexes: list[int]
) -> list[Token]:
    """Tokens of text[start:end], where the quotations `indexes` (into `spans`) are one each."""
    tokens: list[Token] = []
    at = start
    for index in indexes:
        span = spans[index]
        tokens.extend(_words(text, at, span.open_at))
        tokens.append(Token(QUOTE, span.open_at, span.outer_end, index))
        at = span.outer_end
    tokens.extend(_words(text, at, end))
    return tokens


def _words(text: str, start: int, end: int) -> list[Token]:
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN_RE.finditer(text, start, end)]


def sentence_bounds(tokens: list[Token], spans: list[QuoteSpan], text: str) -> list[int]:
    """Indexes of tokens that start a sentence (always including 0)."""
    starts = [0]
    for i in range(1, len(tokens)):
        if _breaks(tokens[i - 1], tokens[i], spans, text):
            starts.append(i)
    return starts


def _breaks(prev: Token, here: Token, spans: list[QuoteSpan], text: str) -> bool:
    """Whether a sentence ends between `prev` and `here`."""
    if prev.text in ".?!":
        return here.is_capitalised or here.quote >= 0 or here.text[0].isdigit()
    if prev.quote < 0 or not _ends_sentence(spans[prev.quote], text):
        return False
    # `“...?” he asked` goes on; `“... .” He left` and `“...” “...”` do not
    return here.quote >= 0 or (here.is_capitalised and _last_mark(spans[prev.quote], text) == ".")


def _ends_sentence(span: QuoteSpan, text: str) -> bool:
    """Whether the quotation's own words end with a full stop, question or exclamation mark."""
    return text[span.start : span.close_at].rstrip()[-1:] in (".", "?", "!")


def _last_mark(span: QuoteSpan, text: str) -> str:
    return text[span.start : span.close_at].rstrip()[-1:]
