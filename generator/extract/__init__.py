"""Extract quotes and their speakers from news articles.

`read_articles` turns files, directories and standard input into `Article`s (the only I/O);
`extract_quotes` turns one article into `ExtractedQuote`s and is pure: quoted segments are
found by `quotes`, attributed by `speakers` (with `mentions` and `entities` for coreference).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TextIO

from generator.errors import Problem
from generator.extract.quotes import find_quote_spans, headline_end
from generator.extract.readers import ReadLimits, ReadProblem, read_articles
from generator.extract.records import Article, ExtractedQuote
from generator.extract.speakers import attribute_quotes

__all__ = [
    "Article",
    "ExtractedQuote",
    "Extraction",
    "ReadLimits",
    "ReadProblem",
    "extract_paths",
    "extract_quotes",
    "extraction_failed",
    "read_articles",
]


@dataclass
class Extraction:
    """What one run over many articles found, and which articles could not be read."""

    quotes: list[ExtractedQuote] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    articles: int = 0
    """Articles read successfully."""

    def summary(self) -> str:
        """One line for the user: counts of quotes, speakers, articles and failures."""
        speakers = {q.speaker for q in self.quotes if q.speaker}
        line = (
            f"{len(self.quotes)} quote(s) from {len(speakers)} speaker(s) "
            f"in {self.articles} article(s)"
        )
        return line + (f"; {len(self.problems)} article(s) failed" if self.problems else "")


def extract_paths(
    paths: Iterable[str],
    stdin: TextIO | None = None,
    statements_only: bool = True,
    limits: ReadLimits | None = None,
) -> Extraction:
    """Read every article under `paths` and extract its quotes; collect unreadable ones.

    An article that makes the extractor raise is reported (A007), as `ingest` does, and the
    others are still extracted.
    """
    run = Extraction()
    for found in read_articles(paths, stdin, limits):
        if isinstance(found, Problem):
            run.problems.append(found)
            continue
        run.articles += 1
        try:
            run.quotes.extend(extract_quotes(found, statements_only))
        except Exception as exc:  # a bug on one article must not cost the others
            run.problems.append(extraction_failed(found, exc))
    return run


def extraction_failed(article: Article, exc: Exception) -> Problem:
    """A007: the extractor raised on this article (a bug, reported with the article)."""
    message = f"extraction failed: {type(exc).__name__}: {exc}"
    return Problem(article.path, article.line or 0, 0, "A007", message)


def _headline_end(article: Article) -> int:
    """Where the headline printed at the top of the text ends (0 when there is none).

    When the file's metadata carries the title, the text is the body: its first line is a
    headline only if it repeats that title.
    """
    end = headline_end(article.text)
    if article.title is None or not end:
        return end
    first_line = " ".join(article.text[:end].split()).casefold()
    return end if first_line == " ".join(article.title.split()).casefold() else 0


def extract_quotes(article: Article, statements_only: bool = True) -> list[ExtractedQuote]:
    """Every quoted segment of `article` with its speaker, in text order.

    Scare quotes and titles are left out unless `statements_only` is False, in which case they
    come back with `is_statement=False`. Quotations in a headline are always left out, and so
    are words quoted again later in the same article (see `_first_of_repeats`).
    """
    text = article.text
    key = article_key(text)
    headline = _headline_end(article)
    spans = [span for span in find_quote_spans(text) if span.start >= headline]
    attributions = attribute_quotes(text, spans)
    quotes = []
    for span, found in zip(spans, attributions, strict=True):
        if statements_only and not found.is_statement:
            continue
        speaker = found.speaker
        start, end = found.sentence
        quotes.append(
            ExtractedQuote(
                text=text[span.start : span.end],
                speaker=speaker.name if speaker else None,
                speaker_role=speaker.role if speaker else None,
                speaker_kind=speaker.kind if speaker else None,
                context=" ".join(text[start:end].split()),
                start=span.start,
                end=span.end,
                confidence=found.confidence,
                is_statement=found.is_statement,
                group=found.group,
                cue=found.cue,
                name_problem=found.name_problem,
                evidence=found.evidence,
                article_key=key,
                article=article,
            )
        )
    return _first_of_repeats(quotes)


def article_key(text: str) -> str:
    """A short digest of an article's text (see `ExtractedQuote.article_key`)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _first_of_repeats(quotes: list[ExtractedQuote]) -> list[ExtractedQuote]:
    """Keep one quote for words an article quotes more than once: the first.

    Reporters repeat a striking phrase ("the 'sex tape'") several paragraphs on; the archive
    wants it once, and a repeat adds nothing a reader could not find at the first one.
    """
    seen: set[str] = set()
    kept = []
    for quote in quotes:
        key = " ".join(quote.text.casefold().split())
        if key not in seen:
            seen.add(key)
            kept.append(quote)
    return kept
