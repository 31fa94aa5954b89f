"""Ingest a corpus too large for one `extract` run: map on many cores, reduce once.

The recipe, `ingest_corpus`: list the corpus into partitions (`sources`), extract each
partition where the engine says (`engines`: this process, a local Dask cluster, or a Dask
scheduler), checkpoint each finished partition (`partitions`), then reduce every checkpoint
into the archive with the same `ingest_quotes` that `extract` uses, which resolves speakers
and deduplicates per speaker.

Results never depend on how the map ran, nor on how the corpus is split into files:
`ingest_quotes` sorts quotes canonically (by their article's content and their offset),
plans speakers over all names at once, and draws quote ids from an RNG seeded by the
articles' contents. A run in one process, on two local workers or on a cluster, over one
file or the same articles sharded differently, writes byte-identical speaker files.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generator.checks import load_valid_archive
from generator.corpus.engines import Engine, PartitionFailure, open_engine
from generator.corpus.partitions import Checkpoints
from generator.corpus.reduce import (
    ClaimCounts,
    ReduceSettings,
    ShuffleResult,
    claims_of_partition,
    place_spilled_bucket,
    remove_spill,
    routing_plan,
    shuffle_partition,
)
from generator.corpus.sources import DEFAULT_PARTITION_SIZE, CorpusPlan, plan_corpus
from generator.errors import GeneratorError, Problem
from generator.extract.readers import ReadLimits
from generator.ingest import (
    DEFAULT_MIN_CONFIDENCE,
    IngestResult,
    SourceDefaults,
    write_archive,
)
from generator.ingest.placing import BUCKETS, speaker_bucket
from generator.ingest.speakers import plan_counted_speakers
from generator.ingest.steps import CanonicalKey, Outcome, ids_by_bucket
from generator.models import Archive, Speaker
from generator.review import REVIEW_DIR, ReviewState, load_review

__all__ = ["CorpusOptions", "CorpusReport", "Progress", "ingest_corpus", "plan_corpus"]

CHECKPOINTS_DIR = Path(".ingest")


@dataclass(frozen=True)
class CorpusOptions:
    """How to run: where, in what pieces, and what to do with checkpoints."""

    workers: int | None = 0
    """Local worker processes; 0 runs everything in this process without Dask; None picks:
    this process for a corpus of one partition (starting a cluster costs seconds that a
    few megabytes do not repay), else one worker per core."""
    scheduler: str | None = None
    """Address of a Dask scheduler (`tcp://host:8786`); overrides `workers`."""
    partition_size: int = DEFAULT_PARTITION_SIZE
    checkpoints: Path = CHECKPOINTS_DIR
    """Checkpoints go to `<checkpoints>/<corpus key>/part-NNNNN.jsonl`."""
    fresh: bool = False
    """Delete this corpus's checkpoints first instead of resuming from them."""
    keep_checkpoints: bool = False
    """Keep checkpoints after the archive is written (they are removed by default)."""
    write: bool = True
    """False: reduce and report, write nothing (checkpoints are kept for the real run)."""
    defaults: SourceDefaults = field(default_factory=SourceDefaults)
    review_dir: Path = REVIEW_DIR
    """Where the review queue and editors' decisions are kept."""
    min_confidence: float = DEFAULT_MIN_CONFIDENCE
    """Attributions below this are held for review."""
    added: str | None = None
    """The date new quotes are stamped with (`Quote.added`); the CLI gives today's."""
    limits: ReadLimits = field(default_factory=ReadLimits)
    """How much of each file is read: article size, decompressed size and ratio."""


@dataclass(frozen=True)
class Progress:
    """Where a run is: enough for a progress bar with a rate and ETA.

    While extracting (`phase` "extract"), `size` of `total` input bytes are done; then the
    reduce's phases ("claims", "shuffle", "place", "write") each count `size` of `total`
    tasks."""

    size: int
    """Input bytes done (including partitions resumed from checkpoints), or tasks done."""
    total: int
    articles: int
    """Articles extracted in this run (not counting resumed partitions)."""
    partitions: int
    """Partitions done, including resumed ones."""
    phase: str = "extract"


@dataclass
class CorpusReport:
    """What `ingest_corpus` did: the map's counts, the reduce's account, every failure."""

    plan: CorpusPlan
    checkpoints: Path
    resumed: int = 0
    """Partitions taken from checkpoints of an earlier run."""
    articles: int = 0
    """Articles in the whole corpus (0 when the reduce did not run)."""
    size: int = 0
    """Input bytes of the whole corpus."""
    mapped_articles: int = 0
    """Articles extracted by this run (the others came from checkpoints)."""
    mapped_size: int = 0
    seconds: float = 0.0
    """Wall time of this run's map step."""
    quotes: int = 0
    speakers: int = 0
    """Distinct speaker names among the extracted quotes."""
    problems: list[Problem] = field(default_factory=list)
    failed_partitions: int = 0
    result: IngestResult | None = None
    """None when the reduce did not run (a partition failed)."""
    written: list[Path] = field(default_factory=list)
    kept: bool = True
    """Whether the checkpoints are still on disk."""
    interrupted: bool = False
    """Ctrl+C came while the archive was being written; the write was finished."""

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        """One line: articles and rate, quotes and speakers, the reduce, failures."""
        rate = self.mapped_articles / self.seconds if self.seconds else 0.0
        mb_rate = self.mapped_size / 1e6 / self.seconds if self.seconds else 0.0
        line = (
            f"{self.mapped_articles} article(s) extracted in {self.seconds:.1f} s "
            f"({rate:.0f} articles/s, {mb_rate:.2f} MB/s)"
        )
        if self.resumed:
            line += f", {self.resumed} partition(s) resumed from checkpoints"
        if self.result is not None:
            line += (
                f"; corpus: {self.articles} article(s) ({self.size / 1e6:.1f} MB), "
                f"{self.quotes} quote(s) from {self.speakers} speaker(s); {self.result.summary()}"
            )
        if self.problems:
            line += f"; {len(self.problems)} failure(s)"
        if self.failed_partitions:
            line += f"; {self.failed_partitions} partition(s) failed, nothing written"
        if self.kept:
            line += f"; checkpoints kept in {self.checkpoints}"
        return line


def ingest_corpus(
    sources: Sequence[str],
    quotes_dir: Path,
    options: CorpusOptions = CorpusOptions(),
    progress: Callable[[Progress], None] | None = None,
) -> CorpusReport:
    """Extract every article of `sources` in parallel and add the quotes to the archive.

    Finished partitions are checkpointed, so a run that dies is resumed by running it again.
    Articles that cannot be read or extracted are reported and the run goes on; a partition
    that fails as a whole stops the reduce, so the archive is written all at once or not at all.
    """
    archive = load_valid_archive(quotes_dir) if quotes_dir.exists() else Archive()
    review = load_review(options.review_dir)
    plan = plan_corpus(sources, options.partition_size, options.limits)
    store = Checkpoints(options.checkpoints / plan.key)
    if options.fresh:
        store.remove()
    report = CorpusReport(plan, store.directory)
    try:
        with open_engine(options.scheduler, _workers(options, plan)) as engine:
            _map(plan, store, engine, report, progress)
            if report.failed_partitions:
                return report
            tell = _teller(progress)
            report.result = _reduce(engine, plan, store, archive, review, options, report, tell)
    except KeyboardInterrupt:
        raise Interrupted(_interrupted(plan, store)) from None
    if options.write:
        with deferred_interrupt() as interrupted:  # a write half done would be worse
            tell("write", 0, 1)
            report.written = write_archive(quotes_dir, options.review_dir, review, report.result)
            if not options.keep_checkpoints:
                store.remove()
                report.kept = False
            tell("write", 1, 1)
        report.interrupted = interrupted()
    return report


class Interrupted(GeneratorError):
    """Ctrl+C before the archive was written: nothing written, finished partitions kept."""

    exit_code = 130


def _interrupted(plan: CorpusPlan, store: Checkpoints) -> str:
    done = len(store.done())
    return (
        f"interrupted: {done} of {len(plan.partitions)} partition(s) are checkpointed in "
        f"{store.directory}; nothing was written to the archive. Run the same command again "
        "to resume."
    )


def _teller(
    progress: Callable[[Progress], None] | None,
) -> Callable[[str, int, int], None]:
    """Tell `progress` how far a phase of the reduce is (a no-op without one)."""

    def tell(phase: str, done: int, total: int) -> None:
        if progress is not None:
            progress(Progress(done, total, 0, 0, phase))

    return tell


@contextlib.contextmanager
def deferred_interrupt() -> Iterator[Callable[[], bool]]:
    """Run the block to its end even through Ctrl+C; yield whether one came."""
    came: list[bool] = []
    if threading.current_thread() is not threading.main_thread():
        yield lambda: False  # only the main thread receives signals
        return
    previous = signal.signal(signal.SIGINT, lambda *_: came.append(True))
    try:
        yield lambda: bool(came)
    finally:
        signal.signal(signal.SIGINT, previous)


def _reduce(
    engine: Engine,
    plan: CorpusPlan,
    store: Checkpoints,
    archive: Archive,
    review: ReviewState,
    options: CorpusOptions,
    report: CorpusReport,
    tell: Callable[[str, int, int], None],
) -> IngestResult:
    """The reduce as tasks on the engine (see `reduce`): count claims, plan speakers,
    shuffle quotes to buckets, place each bucket; only plans and results come back here."""
    settings = ReduceSettings(
        options.defaults, options.min_confidence, review.decisions, frozenset(review.items)
    )
    partitions = [(store.directory, p.index, settings) for p in plan.partitions]
    count = len(partitions)
    counted = engine.map(claims_of_partition, partitions, lambda n: tell("claims", n, count))
    claims: ClaimCounts = sum(counted, Counter())
    speakers = plan_counted_speakers(archive.speakers, claims)
    spill = store.directory / "spill"
    remove_spill(spill)
    light = routing_plan(speakers)
    shuffled = engine.map(
        shuffle_partition,
        [(*call, light, spill) for call in partitions],
        lambda n: tell("shuffle", n, count),
    )
    result = IngestResult(dict(speakers.speakers))
    accounts = _settled(shuffled, result, report)
    taken = ids_by_bucket(archive.taken_ids())
    members: dict[int, dict[str, Speaker]] = defaultdict(dict)
    for slug, speaker in speakers.speakers.items():
        members[speaker_bucket(slug)][slug] = speaker
    buckets = [b for b in range(BUCKETS) if (spill / f"bucket-{b:02d}").is_dir()]
    calls = [(spill, b, members[b], taken.get(b, set()), options.added) for b in buckets]
    placed = engine.map(place_spilled_bucket, calls, lambda n: tell("place", n, len(calls)))
    for changed, texts, outcomes in placed:
        result.speakers.update(changed)
        result.changed.update(changed)
        result.dumped.update(texts)
        accounts.extend(outcomes)
    remove_spill(spill)
    for _, outcome in sorted(accounts, key=lambda account: account[0]):
        if outcome.action == "added":
            result.unlisted["added"] += 1
        else:
            result.outcomes.append(outcome)
    return result


def _settled(
    shuffled: list[ShuffleResult], result: IngestResult, report: CorpusReport
) -> list[tuple[CanonicalKey, Outcome]]:
    """Gather what the shuffle settled, and the corpus's counts and problems."""
    accounts: list[tuple[CanonicalKey, Outcome]] = []
    names: set[str] = set()
    for part in shuffled:
        accounts.extend(part.outcomes)
        result.held.extend(part.held)
        result.seen.update(part.seen)
        names.update(part.names)
        report.problems.extend(part.problems)
        report.articles += part.articles
        report.size += part.size
        report.quotes += part.quotes
    report.speakers = len(names)
    return accounts


def _map(
    plan: CorpusPlan,
    store: Checkpoints,
    engine: Engine,
    report: CorpusReport,
    progress: Callable[[Progress], None] | None,
) -> None:
    """Extract the partitions without a checkpoint; checkpoint each as it finishes."""
    done = store.done()
    todo = [p for p in plan.partitions if p.index not in done]
    report.resumed = len(plan.partitions) - len(todo)
    size = sum(p.size for p in plan.partitions if p.index in done)
    finished = report.resumed
    outcomes = engine.extract(todo)
    if progress is not None:
        progress(Progress(size, plan.size, 0, finished))
    started = time.perf_counter()
    for outcome in outcomes:
        partition = plan.partitions[outcome.index]
        if isinstance(outcome, PartitionFailure):
            report.failed_partitions += 1
            report.problems.extend(_failure_problems(partition.units, outcome.reason))
        else:
            store.write(outcome)
            report.mapped_articles += outcome.articles
            report.mapped_size += partition.size
        size += partition.size
        finished += 1
        if progress is not None:
            progress(Progress(size, plan.size, report.mapped_articles, finished))
    report.seconds = time.perf_counter() - started


def _failure_problems(units: Sequence[object], reason: str) -> list[Problem]:
    message = f"the partition holding this file failed: {reason}"
    shown = sorted({getattr(unit, "shown", "") for unit in units})
    return [Problem(path, 0, 0, "A009", message) for path in shown]


def _workers(options: CorpusOptions, plan: CorpusPlan) -> int:
    if options.workers is not None:
        return options.workers
    return 0 if len(plan.partitions) < 2 else default_workers()


def default_workers() -> int:
    """As many local workers as this process may use cores."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
