"""The write half of `extract`: put extracted quotes into the archive without losing any.

Pure: takes the archive and the extracted quotes, returns the speakers as they should be
plus an account of every quote (added, merged into an existing one, or skipped and why).
Speakers are resolved and duplicates found with the same rules as `dedupe`, so a quote ten
outlets carry becomes one quote with ten sources. Fields an editor may have changed (text,
topics, status, context, date, description) are never overwritten: a merge only appends a
source and, when the wording differs, a variant.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TextIO

from generator.checks import load_valid_archive, write_checked
from generator.dedupe import QuoteIndex, SpeakerIndex
from generator.dedupe.quotes import FRAGMENT, MERGE, WHOLE, DuplicateMatch
from generator.dedupe.speakers import AMBIGUOUS, MATCHED
from generator.errors import Problem
from generator.extract import extract_paths
from generator.extract.records import ExtractedQuote
from generator.ids import new_quote_id
from generator.models import Archive, Quote, Source, Speaker
from generator.slugs import slugify

MIN_CONFIDENCE = 0.5
"""Attributions below this are reported for review instead of written."""


@dataclass(frozen=True)
class SourceDefaults:
    """Source details for articles whose files carry no metadata (from command options)."""

    outlet: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Outcome:
    """What happened to one extracted quote."""

    action: str
    """`added`, `merged` (gained a source), or `skipped`."""
    text: str
    article: str
    speaker: str | None = None
    """Slug of the speaker file the quote went to."""
    quote_id: str | None = None
    reason: str = ""


@dataclass
class IngestResult:
    """The speakers after ingest, and an account of every extracted quote."""

    speakers: dict[str, Speaker]
    changed: set[str] = field(default_factory=set)
    """Slugs of speaker files that must be written."""
    outcomes: list[Outcome] = field(default_factory=list)

    def changed_speakers(self) -> list[Speaker]:
        """The speaker files that must be written, by slug."""
        return [self.speakers[slug] for slug in sorted(self.changed)]

    def count(self, action: str) -> int:
        return sum(1 for o in self.outcomes if o.action == action)

    def summary(self) -> str:
        """One line: how many were added, merged and skipped, and into how many files."""
        return (
            f"{self.count('added')} added, {self.count('merged')} merged into existing quotes, "
            f"{self.count('skipped')} skipped; {len(self.changed)} speaker file(s) changed"
        )


def ingest_quotes(
    archive: Archive,
    extracted: Iterable[ExtractedQuote],
    defaults: SourceDefaults = SourceDefaults(),
    rng: random.Random | None = None,
) -> IngestResult:
    """Add `extracted` to the speakers of `archive`; see the module docstring for the rules."""
    run = _Ingest(archive, defaults, rng)
    for quote in sorted(extracted, key=lambda q: (_article_key(q), q.start)):
        run.outcomes.append(run.ingest(quote))
    return IngestResult(run.speakers, run.changed, run.outcomes)


def _article_key(quote: ExtractedQuote) -> tuple[str, int]:
    article = quote.article
    return (article.path, article.line or 0) if article else ("", 0)


class _Ingest:
    """The state of one ingest run: speakers as updated so far and their indexes."""

    def __init__(self, archive: Archive, defaults: SourceDefaults, rng: random.Random | None):
        self.speakers = {s.slug: s for s in archive.speakers}
        self.defaults = defaults
        self.rng = rng
        self.changed: set[str] = set()
        self.outcomes: list[Outcome] = []
        self.taken = archive.taken_ids()
        self.former = {slug for s in archive.speakers for slug in s.former_slugs}
        self.speaker_index = SpeakerIndex(list(self.speakers.values()))
        self.quote_indexes: dict[str, QuoteIndex] = {}

    def ingest(self, quote: ExtractedQuote) -> Outcome:
        """Decide where one extracted quote goes, and update the speakers accordingly."""
        article = quote.article.path if quote.article else "-"
        skip = _reason_to_skip(quote)
        source = self.source_of(quote)
        if skip is None and source is None:
            skip = "the article names no outlet or url (give --outlet or --url, or front matter)"
        if skip:
            return Outcome("skipped", quote.text, article, reason=skip)
        assert quote.speaker is not None and source is not None
        match = self.speaker_index.resolve(quote.speaker, quote.speaker_kind)
        if match.status == AMBIGUOUS:
            return Outcome("skipped", quote.text, article, reason=f"for review: {match.reason}")
        if match.status == MATCHED and match.speaker is not None:
            speaker = self.speakers[match.speaker.slug]
        else:
            speaker = self.new_speaker(quote)
        return self.place(speaker, quote, source, article)

    def source_of(self, quote: ExtractedQuote) -> Source | None:
        article = quote.article
        outlet = (article.outlet if article else None) or self.defaults.outlet
        url = (article.url if article else None) or self.defaults.url
        if not outlet and not url:
            return None
        return Source(
            outlet=outlet,
            url=url,
            title=article.title if article else None,
            date=article.date if article else None,
        )

    def new_speaker(self, quote: ExtractedQuote) -> Speaker:
        """A speaker file for a name nobody in the archive fits, with a slug still free."""
        assert quote.speaker is not None
        base = slugify(quote.speaker)
        slug, n = base, 1
        while slug in self.speakers or slug in self.former:
            n += 1
            slug = f"{base}-{n}"
        speaker = Speaker(
            slug=slug,
            name=quote.speaker,
            kind=quote.speaker_kind or "person",
            description=quote.speaker_role,
        )
        self.speakers[slug] = speaker
        self.speaker_index.add(speaker)
        return speaker

    def place(
        self, speaker: Speaker, quote: ExtractedQuote, source: Source, article: str
    ) -> Outcome:
        """Merge into a duplicate, link a fragment, or add a new quote."""
        date = quote.article.date if quote.article else None
        existing, how, match = self.duplicate_of(speaker, quote.text, date)
        if existing is not None:
            if _has_source(existing, source):
                return Outcome("skipped", quote.text, article, speaker.slug, existing.id,
                               "already in the archive with this source")  # fmt: skip
            self.update(speaker, [_with_source(existing, source, quote.text)])
            reason = f"same quote as {existing.id} ({how})"
            return Outcome("merged", quote.text, article, speaker.slug, existing.id, reason)
        new = Quote(
            id=new_quote_id(self.taken, self.rng),
            text=quote.text,
            sources=(source,),
            date=date,
            context=quote.context or None,
            part_of=match.quote_id if match is not None and match.kind == FRAGMENT else None,
        )
        self.taken.add(new.id)
        updates = [new]
        if match is not None and match.kind == WHOLE:
            shorter = _quote_by_id(speaker, match.quote_id)
            if shorter.part_of is None:
                updates.append(replace(shorter, part_of=new.id))
        self.update(speaker, updates)
        how = f"; excerpt of {new.part_of}" if new.part_of else ""
        return Outcome("added", quote.text, article, speaker.slug, new.id, f"new quote{how}")

    def duplicate_of(
        self, speaker: Speaker, text: str, date: str | None
    ) -> tuple[Quote | None, str, DuplicateMatch | None]:
        """The speaker's quote these words repeat and why, plus the closest match found.

        Identical words count even when short, unless both sides carry different dates:
        "most likely" reported without a date by a second outlet is the same remark, while
        `dedupe` keeps short phrases said on two known dates apart. When nothing repeats,
        the match may still say the words are an excerpt of a quote (or the reverse).
        """
        index = self.quote_index(speaker)
        same_id = index.same_words(text)
        same = _quote_by_id(speaker, same_id) if same_id else None
        if same is not None and (date is None or same.date is None or same.date == date):
            return same, "the same words", None
        match = index.find(text, date)
        if match is not None and match.kind == MERGE:
            return _quote_by_id(speaker, match.quote_id), match.verdict.reason, match
        return None, "", match

    def quote_index(self, speaker: Speaker) -> QuoteIndex:
        """The speaker's quote index, built on first use and kept up to date by `update`."""
        if speaker.slug not in self.quote_indexes:
            self.quote_indexes[speaker.slug] = QuoteIndex(speaker.quotes)
        return self.quote_indexes[speaker.slug]

    def update(self, speaker: Speaker, quotes: Sequence[Quote]) -> None:
        replaced = {q.id: q for q in quotes}
        kept = [replaced.pop(q.id, q) for q in speaker.quotes]
        updated = replace(speaker, quotes=(*kept, *replaced.values()))
        self.speakers[speaker.slug] = updated
        index = self.quote_index(speaker)
        for quote in quotes:
            index.add(quote)
        self.changed.add(speaker.slug)


def _reason_to_skip(quote: ExtractedQuote) -> str | None:
    if not quote.is_statement:
        return "a scare quote or title, not a statement"
    if not quote.speaker:
        return "no speaker found"
    if quote.name_problem:
        return quote.name_problem
    if not _names_someone(quote.speaker, quote.speaker_kind):
        return f"speaker '{quote.speaker}' is not a named person or organisation"
    if quote.confidence < MIN_CONFIDENCE:
        return f"attribution to {quote.speaker} is uncertain ({quote.confidence:.2f})"
    return None


_DETERMINERS = frozenset(
    [
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "one",
        "some",
        "another",
        "its",
        "their",
        "his",
        "her",
        "our",
    ]
)


def _names_someone(speaker: str, kind: str | None) -> bool:
    """Whether a speaker is a name ("Lind", "Oskar Lind"), not a description ("the report")."""
    if kind is not None:
        return True
    first = speaker.split()[0]
    return first[:1].isupper() and first.casefold() not in _DETERMINERS


def _quote_by_id(speaker: Speaker, quote_id: str) -> Quote:
    """The speaker's quote as it is now (the index may hold an older copy of it)."""
    return next(q for q in speaker.quotes if q.id == quote_id)


def _has_source(quote: Quote, source: Source) -> bool:
    if source.url:
        return any(s.url == source.url for s in quote.sources)
    return any(s.outlet == source.outlet and s.title == source.title for s in quote.sources)


def _with_source(quote: Quote, source: Source, wording: str) -> Quote:
    known = {" ".join(t.split()).casefold() for t in (quote.text, *quote.variants)}
    variants = quote.variants
    if " ".join(wording.split()).casefold() not in known:
        variants = (*variants, wording)
    return replace(quote, sources=(*quote.sources, source), variants=variants)


# -- The recipe ----------------------------------------------------------------------------------


@dataclass
class IngestReport:
    """What `extract` did to the archive: the ingest account plus unreadable articles."""

    result: IngestResult
    problems: list[Problem]
    """Articles that could not be read (the others were still processed)."""
    written: list[Path]

    def lines(self) -> list[str]:
        """One line per merged or skipped quote, saying why; added quotes are in the summary."""
        out = []
        for o in self.result.outcomes:
            if o.action == "added":
                continue
            where = f" ({o.speaker}/{o.quote_id})" if o.quote_id else ""
            out.append(f"{o.action}: {o.article}: \u201c{_clip(o.text)}\u201d{where}: {o.reason}")
        return out

    def summary(self) -> str:
        failed = f"; {len(self.problems)} article(s) could not be read" if self.problems else ""
        return self.result.summary() + failed


def ingest_articles(
    paths: Iterable[str],
    quotes_dir: Path,
    defaults: SourceDefaults = SourceDefaults(),
    stdin: TextIO | None = None,
    write: bool = True,
) -> IngestReport:
    """Extract quotes from articles and add them to a valid archive, all or nothing.

    Unreadable articles are reported and skipped; everything that was read goes in. The
    archive as it would be is validated before a single file is written. With `write`
    False nothing is written: the report's `changed_speakers` shows what would be.
    """
    archive = load_valid_archive(quotes_dir) if quotes_dir.exists() else Archive()
    extraction = extract_paths(paths, stdin)
    result = ingest_quotes(archive, extraction.quotes, defaults)
    changed = result.changed_speakers()
    written = write_checked(quotes_dir, changed) if changed and write else []
    return IngestReport(result, extraction.problems, written)


def _clip(text: str, width: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "\u2026"
