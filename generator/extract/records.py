"""Value objects of extraction: an article read from disk and the quotes found in it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Article:
    """One news article: its text plus whatever metadata its file carried."""

    path: str
    """The path as given on the command line; `-` for standard input."""
    text: str
    """The article body; every offset of an ExtractedQuote points into it."""
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    date: str | None = None
    """Publication date from metadata only (`YYYY-MM-DD`); never guessed from a dateline."""
    author: str | None = None
    line: int | None = None
    """Line of a JSON lines file the article came from; None for other formats."""


@dataclass(frozen=True)
class ExtractedQuote:
    """One quoted segment (the words between one pair of quote marks) and who said it."""

    text: str
    """The words without their quote marks and without a trailing comma."""
    speaker: str | None
    """The fullest name the article gives the speaker; None when nobody could be found."""
    speaker_role: str | None
    """How the article introduces the speaker ("Kremlin spokesman"), when it does."""
    speaker_kind: str | None
    """`person` or `organisation` when that can be told, else None."""
    context: str
    """The sentence the quote stands in, as printed."""
    start: int
    """Offset of the first character of `text` in the article text."""
    end: int
    """Offset just past the last character of `text`."""
    confidence: float
    """How sure the attribution is, 0..1 (0 when there is no speaker)."""
    is_statement: bool = True
    """False for scare quotes, titles and coined terms: words nobody is quoted as saying."""
    group: int = 0
    """Segments of one quotation (split by an attribution or running over paragraphs) share it."""
    cue: str = ""
    """Which attribution rule found the speaker; helps to debug and to weigh confidence."""
    evidence: str = ""
    """The cue that found the speaker and how it named them ("after:full"); the
    confidence is the measured precision of attributions with this evidence."""
    article_key: str = ""
    """A digest of the article's text: tells articles apart by what they say, not by where
    they were read from, so a run's result does not depend on how a corpus was split."""
    name_problem: str | None = None
    """Why `speaker` cannot name a speaker file ("'WASHINGTON' is a place, not a speaker"):
    such a quote goes to review instead of the archive. None for a proper name."""
    article: Article | None = None
    """The article the quote comes from (path and metadata)."""
