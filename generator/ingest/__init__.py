"""The write half of `extract` and `ingest`: put extracted quotes into the archive, losing none.

`ingest_quotes` is pure: it takes the archive and the extracted quotes and returns the
speakers as they should be, the quotes held for review, and an account of every quote
(added, merged into an existing one, held, or skipped, and why). The recipe:

1. quotes are put in a canonical order, by their article's content and their place in it,
   so the result never depends on the order or the sharding of the articles (`triage`);
2. a quote an editor already decided on is left alone; one that cannot go in without an
   editor (no speaker, no proper name, an uncertain attribution) is held for review;
3. the speakers' names are planned all together: an existing file, a new one, or review
   for a name that fits two speakers (`speakers`);
4. each quote is placed in its speaker's file: a new quote, a new source for one the file
   has (a quote ten outlets carry is one quote with ten sources), or a fragment link
   (`placing`). Fields an editor may have changed are never overwritten.

`ingest_articles` is the `extract` command's recipe around it; `generator.corpus` runs the
same reduce over a corpus extracted in parallel; `decide` accepts and rejects held quotes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from generator.calibration import DEFAULT_MIN_CONFIDENCE
from generator.checks import load_valid_archive, write_checked
from generator.errors import Problem
from generator.extract import ReadLimits, extract_paths
from generator.extract.records import ExtractedQuote
from generator.ingest.placing import (
    BUCKETS,
    NewQuote,
    Placer,
    bucket_prefix,
    speaker_bucket,
)
from generator.ingest.speakers import NameClaim, claim_key, plan_speakers
from generator.ingest.triage import hold_for_review

__all__ = [
    "DEFAULT_MIN_CONFIDENCE",
    "IngestReport",
    "IngestResult",
    "Outcome",
    "SourceDefaults",
    "ingest_articles",
    "ingest_quotes",
    "outcome_lines",
    "write_archive",
]
from generator.models import Archive, Source, Speaker
from generator.review import (
    QUEUE_FILE,
    REVIEW_DIR,
    Decision,
    ReviewItem,
    ReviewState,
    load_review,
    merge_queue,
    review_files,
    review_id,
)


@dataclass(frozen=True)
class SourceDefaults:
    """Source details for articles whose files carry no metadata (from command options)."""

    outlet: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Outcome:
    """What happened to one extracted quote."""

    action: str
    """`added`, `merged` (gained a source), `held` for review, or `skipped`."""
    text: str
    article: str
    speaker: str | None = None
    """Slug of the speaker file the quote went to."""
    quote_id: str | None = None
    """Its id in the archive; for a held quote, its id in the review queue."""
    reason: str = ""


@dataclass
class IngestResult:
    """The speakers after ingest, the quotes held for review, and an account of every quote."""

    speakers: dict[str, Speaker]
    changed: set[str] = field(default_factory=set)
    """Slugs of speaker files that must be written."""
    outcomes: list[Outcome] = field(default_factory=list)
    held: list[ReviewItem] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)
    """Review ids of every quote this run looked at: a queued one it saw again is replaced."""

    def changed_speakers(self) -> list[Speaker]:
        """The speaker files that must be written, by slug."""
        return [self.speakers[slug] for slug in sorted(self.changed)]

    def count(self, action: str) -> int:
        return sum(1 for o in self.outcomes if o.action == action)

    def summary(self) -> str:
        """One line: how many were added, merged, held and skipped, into how many files."""
        return (
            f"{self.count('added')} added, {self.count('merged')} merged into existing quotes, "
            f"{self.count('held')} held for review, {self.count('skipped')} skipped; "
            f"{len(self.changed)} speaker file(s) changed"
        )


def ingest_quotes(
    archive: Archive,
    extracted: Iterable[ExtractedQuote],
    defaults: SourceDefaults = SourceDefaults(),
    min_confidence: float = DEFAULT_MIN_CONFIDENCE,
    decisions: Mapping[str, Decision] | None = None,
    added: str | None = None,
) -> IngestResult:
    """Add `extracted` to the speakers of `archive`; see the module docstring for the rules.

    New quotes are stamped `added` (a date, when given). Their ids are minted from their
    content, so a run over the same articles makes the same archive.
    """
    quotes = sorted(extracted, key=canonical_order)
    decisions = decisions or {}
    result = IngestResult({})
    accounts: list[Outcome | None] = []
    waiting: list[tuple[int, ExtractedQuote, Source]] = []
    for quote in quotes:
        source = source_of(quote, defaults)
        item_id = _review_id(quote)
        result.seen.add(item_id)
        outcome = _before_placing(quote, source, item_id, decisions, min_confidence, result)
        if outcome is None and source is not None:
            waiting.append((len(accounts), quote, source))
        accounts.append(outcome)
    claims = [NameClaim(q.speaker or "", q.speaker_kind, q.speaker_role) for _, q, _ in waiting]
    plan = plan_speakers(archive.speakers, claims)
    buckets: dict[int, list[Placement]] = defaultdict(list)
    for position, quote, source in waiting:
        key = claim_key(quote.speaker or "")
        if key in plan.held:
            reason, candidates = plan.held[key]
            accounts[position] = _hold(quote, source, "ambiguous", reason, result, candidates)
        else:
            placement = _placement(position, plan.slug_of[key], quote, source)
            buckets[speaker_bucket(placement.slug)].append(placement)
    taken = ids_by_bucket(archive.taken_ids())
    speakers = dict(plan.speakers)
    for bucket in sorted(buckets):
        members = {p.slug: speakers[p.slug] for p in buckets[bucket]}
        done = place_bucket(members, taken.get(bucket, set()), buckets[bucket], added)
        speakers.update(done.speakers)
        result.changed.update(done.speakers)
        for position, outcome in done.outcomes:
            accounts[position] = outcome
    result.outcomes = [o for o in accounts if o is not None]
    result.speakers = speakers
    return result


@dataclass(frozen=True)
class Placement:
    """One quote bound for a speaker file: all a bucket needs to place it."""

    position: int
    """Its place in the run's canonical order, where its account goes."""
    slug: str
    quote: NewQuote
    article: str


@dataclass
class BucketResult:
    """A bucket's speakers that changed, and the account of each quote placed in it."""

    speakers: dict[str, Speaker]
    outcomes: list[tuple[int, Outcome]]


def place_bucket(
    speakers: Mapping[str, Speaker],
    taken: set[str],
    placements: Iterable[Placement],
    added: str | None = None,
) -> BucketResult:
    """Place one bucket's quotes (in canonical order) into its speakers' files.

    Pure, and independent of every other bucket: `taken` needs only the ids that start
    with the bucket's letter. What a run gives is the same however its buckets are spread
    over processes.
    """
    placer = Placer(dict(speakers), set(taken), added)
    outcomes = []
    for item in placements:
        placed = placer.place(item.slug, item.quote)
        outcome = Outcome(
            placed.action, item.quote.text, item.article, item.slug, placed.quote_id, placed.reason
        )
        outcomes.append((item.position, outcome))
    return BucketResult(placer.changed_speakers(), outcomes)


def ids_by_bucket(ids: Iterable[str]) -> dict[int, set[str]]:
    """Ids grouped by the bucket whose new ids share their first letter."""
    letter_bucket = {bucket_prefix(b): b for b in range(BUCKETS)}
    grouped: dict[int, set[str]] = defaultdict(set)
    for quote_id in ids:
        bucket = letter_bucket.get(quote_id[:1])
        if bucket is not None:
            grouped[bucket].add(quote_id)
    return grouped


def _placement(position: int, slug: str, quote: ExtractedQuote, source: Source) -> Placement:
    seed = f"{quote.article_key}\0{quote.start}\0{quote.text}"
    new = NewQuote(quote.text, source, quote.context, _date(quote), seed)
    return Placement(position, slug, new, _where(quote))


def _before_placing(
    quote: ExtractedQuote,
    source: Source | None,
    item_id: str,
    decisions: Mapping[str, Decision],
    min_confidence: float,
    result: IngestResult,
) -> Outcome | None:
    """What happens to a quote before its speaker is looked for: skipped, held, or None."""
    where = _where(quote)
    if not quote.is_statement:
        return Outcome("skipped", quote.text, where, reason="a scare quote or title")
    if source is None:
        reason = "the article names no outlet or url (give --outlet or --url, or front matter)"
        return Outcome("skipped", quote.text, where, reason=reason)
    if item_id in decisions:
        decided = decisions[item_id]
        reason = f"{decided.decision} by an editor in review ({item_id})"
        return Outcome("skipped", quote.text, where, decided.speaker, decided.quote_id, reason)
    hold = hold_for_review(quote, min_confidence)
    if hold is None:
        return None
    return _hold(quote, source, hold.reason, hold.detail, result)


def _hold(
    quote: ExtractedQuote,
    source: Source,
    reason: str,
    detail: str,
    result: IngestResult,
    candidates: tuple[str, ...] = (),
) -> Outcome:
    item = ReviewItem(
        id=_review_id(quote),
        reason=reason,
        detail=detail,
        text=quote.text,
        source=source,
        article=_where(quote),
        context=quote.context,
        speaker=quote.speaker,
        speaker_kind=quote.speaker_kind,
        speaker_role=quote.speaker_role,
        candidates=candidates,
        confidence=quote.confidence,
        date=_date(quote),
    )
    result.held.append(item)
    return Outcome("held", quote.text, item.article, None, item.id, detail)


def canonical_order(quote: ExtractedQuote) -> tuple[str, str, str, str, str, int, int]:
    """Quotes in the order of their articles' contents, then of their place in them: the
    same whatever order the articles were read in, or how a corpus was split into files
    (the path an article was read from is left out; its metadata tells copies apart)."""
    article = quote.article
    if article is None:
        return quote.article_key, "", "", "", "", quote.start, quote.end
    url, outlet = article.url or "", article.outlet or ""
    title, date = article.title or "", article.date or ""
    return quote.article_key, url, outlet, title, date, quote.start, quote.end


def source_of(quote: ExtractedQuote, defaults: SourceDefaults) -> Source | None:
    """The source the quote's article makes, filled in from `defaults`; None without both an
    outlet and a url."""
    article = quote.article
    outlet = (article.outlet if article else None) or defaults.outlet
    url = (article.url if article else None) or defaults.url
    if not outlet and not url:
        return None
    return Source(
        outlet=outlet,
        url=url,
        title=article.title if article else None,
        date=article.date if article else None,
    )


def _review_id(quote: ExtractedQuote) -> str:
    return review_id(quote.article_key, quote.start, quote.text)


def _where(quote: ExtractedQuote) -> str:
    article = quote.article
    if article is None:
        return "-"
    return f"{article.path}:{article.line}" if article.line else article.path


def _date(quote: ExtractedQuote) -> str | None:
    return quote.article.date if quote.article else None


# -- The recipe ----------------------------------------------------------------------------------


@dataclass
class IngestReport:
    """What `extract` did to the archive: the ingest account plus unreadable articles."""

    result: IngestResult
    problems: list[Problem]
    """Articles that could not be read (the others were still processed)."""
    written: list[Path]
    queue: Path | None = None
    """The review queue file, when quotes wait in it."""

    def lines(self) -> list[str]:
        """One line per quote merged, held or skipped, saying why; added quotes are counted."""
        return outcome_lines(self.result.outcomes)

    def summary(self) -> str:
        failed = f"; {len(self.problems)} article(s) could not be read" if self.problems else ""
        queued = f"; review queue: {self.queue}" if self.queue else ""
        return self.result.summary() + queued + failed


def outcome_lines(outcomes: Iterable[Outcome]) -> list[str]:
    """`merged: a.md: “words” (slug/id): why` for every quote not simply added."""
    out = []
    for o in outcomes:
        if o.action == "added":
            continue
        if o.action == "held":
            where = f" [{o.quote_id}]"
        else:
            where = f" ({o.speaker}/{o.quote_id})" if o.quote_id else ""
        out.append(f"{o.action}: {o.article}: \u201c{_clip(o.text)}\u201d{where}: {o.reason}")
    return out


def ingest_articles(
    paths: Iterable[str],
    quotes_dir: Path,
    defaults: SourceDefaults = SourceDefaults(),
    stdin: TextIO | None = None,
    write: bool = True,
    review_dir: Path = REVIEW_DIR,
    min_confidence: float = DEFAULT_MIN_CONFIDENCE,
    limits: ReadLimits | None = None,
    added: str | None = None,
) -> IngestReport:
    """Extract quotes from articles and add them to a valid archive, all or nothing.

    Unreadable articles are reported and skipped; everything that was read goes in, or to
    the review queue. The archive as it would be is validated before a single file is
    written, and the queue is written with it. With `write` False nothing is written: the
    report's `changed_speakers` shows what would be. New quotes are stamped `added`.
    """
    archive = load_valid_archive(quotes_dir) if quotes_dir.exists() else Archive()
    review = load_review(review_dir)
    extraction = extract_paths(paths, stdin, limits=limits)
    result = ingest_quotes(
        archive, extraction.quotes, defaults, min_confidence, review.decisions, added
    )
    written = write_archive(quotes_dir, review_dir, review, result) if write else []
    queue = review_dir / QUEUE_FILE if result.held else None
    return IngestReport(result, extraction.problems, written, queue)


def write_archive(
    quotes_dir: Path, review_dir: Path, review: ReviewState, result: IngestResult
) -> list[Path]:
    """Write the changed speaker files and the review queue together, or neither.

    The speakers are validated first (see `write_checked`). The queue keeps what it held
    before (`review`), less what this run saw again or an editor decided, plus what this
    run held; no review files are made while nothing waits and nothing was decided.
    """
    queue = merge_queue(review, result.held, result.seen)
    extra: dict[Path, str] = {}
    if queue != review.items and (queue or (review_dir / QUEUE_FILE).exists()):
        extra = review_files(review_dir, queue, review.decisions)
    if not result.changed and not extra:
        return []
    return write_checked(quotes_dir, result.changed_speakers(), extra_files=extra)


def _clip(text: str, width: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "\u2026"
