"""Find quoted segments: the words between one pair of quote marks, in any common style.

Double marks (straight, curly, „German“, «guillemets» either way round, with or without the
French spaces inside) open a quotation that may run over several paragraphs: a paragraph that
ends inside a quotation is closed at its end, and the next paragraph continues it when it opens
with a quote mark again (the printing convention). One left open at the end of the article
runs to its end.
Single marks (‘British’ or straight) are only quotations at the top level and when they close
in the same paragraph; otherwise they are apostrophes.
Two straight apostrophes (`''`, an old typewriter and newspaper-archive convention for a
double mark) are skipped, marks and all: read as two single marks they nest into nonsense, and
the reference annotations this extractor is measured against never take them as quotations.
A doubled opening mark (`"“Yes`) opens once, and a curly opening mark with a space inside
(`said, “ you know`) still opens when a space comes before it too.
Marks inside an HTML tag (`<a href="...">`) are attribute syntax, not quotation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DOUBLE_OPENERS = '“„«»"'
SINGLE_MARKS = "‘’'"
ALL_MARKS = "“”„«»\"‘’'‹›"
_MARK_RE = re.compile(r"[“”„«»\"‘’'‹›]")
_PARAGRAPH_RE = re.compile(r"[^\n]+")
_DOUBLED_RE = re.compile(r"''+")
_TAG_RE = re.compile(r"<[a-zA-Z/][^<>\n]*>")
_LABEL_RE = re.compile(r"([A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,2}):\s+")
_TRAILING = " \t\u00a0\u202f,;:."
_HEADLINE_WORDS = 25
_CLOSES = {
    "“": '”“"',
    "”": '”“"',
    "„": '“”"',
    "«": "»",
    "»": "«",
    '"': '"”“',
    "‹": "›",
    "›": "‹",
    "‘": "’'",
    "'": "'’",
}


@dataclass(frozen=True)
class QuoteSpan:
    """One quoted segment: where its marks and its words are."""

    start: int
    """First character of the words (after the opening mark and spaces)."""
    end: int
    """Just past the last word character (before the closing mark, a trailing comma, spaces)."""
    open_at: int
    """Offset of the opening mark."""
    close_at: int
    """Offset of the closing mark; the paragraph end when the quotation runs on."""
    paragraph: int
    """Index of the paragraph (non-empty line) it stands in."""
    closed: bool
    """False when the paragraph ended before a closing mark (the quotation runs on)."""
    continues: bool
    """True when it continues a quotation left open at the end of the previous paragraph."""
    single: bool = False
    """Set for ‘single’ marks, which are more often titles and scare quotes."""
    label: str | None = None
    """A transcript's speaker label before the words (`"PENCE: And that's why ..."`)."""

    @property
    def outer_end(self) -> int:
        """Just past the closing mark."""
        return self.close_at + 1 if self.closed else self.close_at


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of the non-blank lines of `text`: news text puts one paragraph on a line."""
    return [(m.start(), m.end()) for m in _PARAGRAPH_RE.finditer(text) if not m.group().isspace()]


def headline_end(text: str) -> int:
    """Where the article's headline ends, or 0 when its first paragraph is no headline.

    A headline is a short first line followed by a body, set apart by having no
    sentence-final mark or by capitalised words. A short first paragraph that is a plain
    sentence is a lede, not a headline, even when a blank line follows it. Quotations in a
    headline repeat the body's words cut short ("Trump's 'Hateful Rhetoric'"), so they are
    left to the body.
    """
    paras = paragraphs(text)
    if len(paras) < 2:
        return 0
    start, end = paras[0]
    line = text[start:end].strip()
    words = line.split()
    if len(words) > _HEADLINE_WORDS:
        return 0
    unfinished = line.rstrip(ALL_MARKS + " ")[-1:] not in (".", "!", "?")
    capitals = sum(w[0].isupper() for w in words if w[0].isalpha() and len(w) > 3)
    long_words = sum(1 for w in words if w[0].isalpha() and len(w) > 3)
    title_case = long_words >= 3 and capitals >= 0.8 * long_words
    return end if unfinished or title_case else 0


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """Every quoted segment of `text`, in order."""
    spans: list[QuoteSpan] = []
    running_on = False
    for index, (p_start, p_end) in enumerate(paragraphs(text)):
        found = _scan_paragraph(text, p_start, p_end, index, running_on)
        spans.extend(found)
        running_on = bool(found) and not found[-1].closed
    return spans


def _scan_paragraph(
    text: str, p_start: int, p_end: int, index: int, running_on: bool
) -> list[QuoteSpan]:
    spans: list[QuoteSpan] = []
    opener: str | None = None
    open_at = -1
    first = True
    skipped = _skipped_marks(text, p_start, p_end)
    for match in _MARK_RE.finditer(text, p_start, p_end):
        at = match.start()
        if at in skipped:
            continue
        mark = text[at]
        before = text[at - 1] if at > p_start else " "
        after = text[at + 1] if at + 1 < p_end else " "
        if opener is None:
            if _opens(mark, before, after):
                opener, open_at = mark, at
            continue
        if opener in "‘'" and mark in DOUBLE_OPENERS and _opens(mark, before, after):
            opener, open_at = mark, at  # the single mark was an apostrophe after all
            continue
        if after.isalnum() and _only_space(text, open_at + 1, at) and _opens(mark, before, after):
            opener, open_at = mark, at  # a doubled opening mark (`"“Yes`): the last one opens
            continue
        if mark in _CLOSES[opener] and _closes(mark, opener, before, after):
            continues = running_on and first and _only_space(text, p_start, open_at)
            span = _make_span(text, open_at, at, index, True, continues, opener in "‘'")
            if span is not None:
                spans.append(span)
            first = False
            opener = None
    if opener is not None and opener not in "‘'‹›":
        continues = running_on and first and _only_space(text, p_start, open_at)
        span = _make_span(text, open_at, p_end, index, False, continues, False)
        if span is not None:
            spans.append(span)
    return spans


def _skipped_marks(text: str, start: int, end: int) -> set[int]:
    """Offsets of marks that are no quotation marks: tag attributes, and everything between
    doubled apostrophes (`''He said, 'No.' ''`: the single marks inside are nested quotes)."""
    if "''" not in text[start:end] and "<" not in text[start:end]:
        return set()
    skipped: set[int] = set()
    for match in _TAG_RE.finditer(text, start, end):
        skipped.update(range(match.start(), match.end()))
    runs = [m.span() for m in _DOUBLED_RE.finditer(text, start, end)]
    for i in range(0, len(runs), 2):
        stop = runs[i + 1][1] if i + 1 < len(runs) else end
        skipped.update(range(runs[i][0], stop))
    return skipped


def _opens(mark: str, before: str, after: str) -> bool:
    """Whether a mark seen outside any quotation opens one."""
    if mark in "«‹":
        return True  # French prints a space inside: « Nous sommes prêts »
    if mark in "“„":
        # a space inside (`said, “ You know`) only after a space: `here,“ said` closes
        return not after.isspace() or before.isspace()
    if mark in "»›":
        # »German and Danish« marks point inwards; a French closing mark has a space or
        # punctuation after it
        return (before.isspace() or before in "([—–-") and after.isalnum()
    if mark == "”":
        # A closing mark printed the wrong way round at the start of a word.
        return (before.isspace() or before in "([—–-") and after.isalnum()
    if mark == '"':
        return not after.isspace() and not before.isalnum()
    if mark in "‘'":
        return (before.isspace() or before in '([—–-"“') and after.isalpha()
    return False


def _closes(mark: str, opener: str, before: str, after: str) -> bool:
    """Whether a mark seen inside a quotation opened by `opener` closes it."""
    if opener in "‘'":
        # An apostrophe (don’t, Putin’s, the 90’s) sits between letters or digits.
        return not after.isalnum() and not before.isspace()
    # a straight mark between a space and a word opens a nested or new quotation instead
    return not (mark == '"' and before.isspace() and after.isalnum())


def _only_space(text: str, start: int, end: int) -> bool:
    return not text[start:end].strip()


def _make_span(
    text: str, open_at: int, close_at: int, index: int, closed: bool, continues: bool, single: bool
) -> QuoteSpan | None:
    start, end = open_at + 1, close_at
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1] in _TRAILING:
        end -= 1
    label = None
    match = _LABEL_RE.match(text, start, end)
    if match is not None and match.end() < end:
        label, start = match.group(1), match.end()
    if end <= start:
        return None
    return QuoteSpan(start, end, open_at, close_at, index, closed, continues, single, label)
