"""The write half of `extract` and `ingest`: put extracted quotes into the archive, losing none.

`ingest_quotes` is pure: it takes the archive and the extracted quotes and returns the
speakers as they should be, the quotes held for review, and an account of every quote
(added, merged into an existing one, held, or skipped, and why). The recipe:

1. a first look at each quote (`steps`): one an editor already decided on is left alone;
   one that cannot go in without an editor (no speaker, no proper name, an uncertain
   attribution) is held for review (`triage`);
2. the speakers' names are planned all together: an existing file, a new one, or review
   for a name that fits two speakers (`speakers`);
3. each quote goes to its speaker's bucket, and each bucket is placed in canonical order
   (by its articles' content and place in them, so the result never depends on the order
   or sharding of the articles): a new quote, a new source for one the file has (a quote
   ten outlets carry is one quote with ten sources), or a fragment link (`placing`).
   Fields an editor may have changed are never overwritten.

`ingest_articles` is the `extract` command's recipe around it; `generator.corpus` runs the
same reduce over a corpus extracted in parallel; `decide` accepts and rejects held quotes.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from generator.calibration import DEFAULT_MIN_CONFIDENCE
from generator.checks import load_valid_archive, write_checked
from generator.errors import Problem
from generator.extract import ReadLimits, extract_paths
from generator.extract.records import ExtractedQuote
from generator.ingest.placing import speaker_bucket
from generator.ingest.speakers import plan_speakers
from generator.ingest.steps import (
    CanonicalKey,
    Outcome,
    Placement,
    SourceDefaults,
    first_look,
    ids_by_bucket,
    place_bucket,
    sort_out,
)
from generator.models import Archive, Speaker
from generator.review import (
    QUEUE_FILE,
    REVIEW_DIR,
    Decision,
    ReviewItem,
    ReviewState,
    load_review,
    merge_queue,
    review_files,
)

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
    dumped: dict[str, str] = field(default_factory=dict)
    """Canonical text of changed speakers already made (by slug), e.g. by workers."""
    unlisted: Counter[str] = field(default_factory=Counter)
    """Outcomes counted but not kept in `outcomes`, by action (a corpus run keeps no line
    for each quote it simply added)."""

    def changed_speakers(self) -> list[Speaker]:
        """The speaker files that must be written, by slug."""
        return [self.speakers[slug] for slug in sorted(self.changed)]

    def count(self, action: str) -> int:
        return sum(1 for o in self.outcomes if o.action == action) + self.unlisted[action]

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
    result = IngestResult({})
    looks = [(q, first_look(q, defaults, decisions or {}, min_confidence)) for q in extracted]
    claims = [look.claim for _, look in looks if look.claim is not None]
    plan = plan_speakers(archive.speakers, claims)
    accounts: list[tuple[CanonicalKey, Outcome]] = []
    buckets: dict[int, list[Placement]] = defaultdict(list)
    for quote, look in looks:
        result.seen.add(look.review_id)
        sorted_out = sort_out(quote, look, plan)
        if sorted_out.placement is not None:
            buckets[speaker_bucket(sorted_out.placement.slug)].append(sorted_out.placement)
        if sorted_out.outcome is not None:
            accounts.append((look.key, sorted_out.outcome))
        if sorted_out.held is not None:
            result.held.append(sorted_out.held)
    taken = ids_by_bucket(archive.taken_ids())
    speakers = dict(plan.speakers)
    for bucket in sorted(buckets):
        members = {p.slug: speakers[p.slug] for p in buckets[bucket]}
        done = place_bucket(members, taken.get(bucket, set()), buckets[bucket], added)
        speakers.update(done.speakers)
        result.changed.update(done.speakers)
        accounts.extend(done.outcomes)
    result.outcomes = [outcome for _, outcome in sorted(accounts, key=lambda a: a[0])]
    result.speakers = speakers
    return result


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
    speakers = result.changed_speakers()
    return write_checked(quotes_dir, speakers, extra_files=extra, dumped=result.dumped)


def _clip(text: str, width: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "\u2026"
