"""The reduce of a corpus, spread out: no process holds every quote.

`ingest_quotes` holds a run's quotes in memory; a corpus of millions of articles does not
fit. Here the same steps (`generator.ingest.steps`) run as tasks over the checkpoints:

1. `claims_of_partition`, one task a partition: the name claims of its quotes, counted;
2. the driver plans the speakers from the counted claims (distinct names, not quotes);
3. `shuffle_partition`, one task a partition: each quote settled (skipped, held) or routed
   to its speaker's bucket, and written to that bucket's spill file;
4. `place_spilled_bucket`, one task a bucket: its quotes, in canonical order, into its
   speakers' files (`place_bucket`).

A task holds one partition, or one bucket's quotes and speakers; the driver holds the plan,
the held quotes and the changed speakers. Each step is the one `ingest_quotes` takes, so the
archive written is byte for byte the one a single process writes.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from generator.corpus.partitions import Checkpoints
from generator.errors import Problem
from generator.ingest.placing import NewQuote, speaker_bucket
from generator.ingest.speakers import NameClaim, SpeakerPlan
from generator.ingest.steps import (
    CanonicalKey,
    Outcome,
    Placement,
    SourceDefaults,
    first_look,
    place_bucket,
    sort_out,
)
from generator.models import Source, Speaker
from generator.review import Decision, ReviewItem
from generator.store import dump_speaker

ClaimCounts = Counter[NameClaim]
"""How often each name was claimed (with a kind and role): what planning needs of a run."""


@dataclass(frozen=True)
class ReduceSettings:
    """What every task of a run needs to settle quotes the way `ingest_quotes` does."""

    defaults: SourceDefaults
    min_confidence: float
    decisions: dict[str, Decision]
    queued: frozenset[str] = frozenset()
    """Ids already in the review queue: a task reports which of them it saw again."""


@dataclass
class ShuffleResult:
    """What a partition settled without a speaker file, and what it routed to buckets."""

    outcomes: list[tuple[CanonicalKey, Outcome]] = field(default_factory=list)
    held: list[ReviewItem] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)
    """Ids of queued quotes it saw again (they are replaced or placed now)."""
    routed: int = 0
    quotes: int = 0
    names: set[str] = field(default_factory=set)
    """Every speaker name the extractor gave a quote of the partition."""
    articles: int = 0
    size: int = 0
    problems: list[Problem] = field(default_factory=list)
    """Articles of the partition that could not be read or extracted."""


def claims_of_partition(checkpoints: Path, index: int, settings: ReduceSettings) -> ClaimCounts:
    """Count the name claims of one partition's quotes."""
    counts: ClaimCounts = Counter()
    for quote in Checkpoints(checkpoints).read(index).quotes:
        look = first_look(quote, settings.defaults, settings.decisions, settings.min_confidence)
        if look.claim is not None:
            counts[look.claim] += 1
    return counts


def routing_plan(plan: SpeakerPlan) -> SpeakerPlan:
    """The plan without its speakers: all a shuffle task needs, small enough to send."""
    return SpeakerPlan({}, dict(plan.slug_of), dict(plan.held), set(plan.new))


def shuffle_partition(
    checkpoints: Path, index: int, settings: ReduceSettings, plan: SpeakerPlan, spill: Path
) -> ShuffleResult:
    """Settle or route every quote of one partition; write the routed ones to their
    buckets' spill files (`spill/bucket-NN/part-NNNNN.jsonl`)."""
    partition = Checkpoints(checkpoints).read(index)
    result = ShuffleResult(quotes=len(partition.quotes), articles=partition.articles)
    result.size, result.problems = partition.size, list(partition.problems)
    result.names = {quote.speaker for quote in partition.quotes if quote.speaker}
    routed: dict[int, list[str]] = {}
    for quote in partition.quotes:
        look = first_look(quote, settings.defaults, settings.decisions, settings.min_confidence)
        if look.review_id in settings.queued:
            result.seen.add(look.review_id)
        sorted_out = sort_out(quote, look, plan)
        if sorted_out.placement is not None:
            line = json.dumps(_placement_data(sorted_out.placement), ensure_ascii=False)
            routed.setdefault(speaker_bucket(sorted_out.placement.slug), []).append(line)
            result.routed += 1
        if sorted_out.outcome is not None:
            result.outcomes.append((look.key, sorted_out.outcome))
        if sorted_out.held is not None:
            result.held.append(sorted_out.held)
    for bucket, lines in routed.items():
        folder = spill / f"bucket-{bucket:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"part-{index:05d}.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    return result


def place_spilled_bucket(
    spill: Path,
    bucket: int,
    speakers: dict[str, Speaker],
    taken: set[str],
    added: str | None,
) -> tuple[dict[str, Speaker], dict[str, str], list[tuple[CanonicalKey, Outcome]]]:
    """Place one bucket's spilled quotes into its speakers' files; the changed speakers come
    back with their canonical text, dumped here (dumping is most of writing's cost, and is
    spread over the workers this way)."""
    placements: list[Placement] = []
    for path in sorted((spill / f"bucket-{bucket:02d}").glob("part-*.jsonl")):
        with path.open(encoding="utf-8") as stream:
            placements.extend(_placement(json.loads(line)) for line in stream)
    done = place_bucket(speakers, taken, placements, added)
    texts = {slug: dump_speaker(speaker) for slug, speaker in done.speakers.items()}
    return done.speakers, texts, done.outcomes


def remove_spill(spill: Path) -> None:
    shutil.rmtree(spill, ignore_errors=True)


def _placement_data(placement: Placement) -> dict[str, Any]:
    return {
        "key": list(placement.key),
        "slug": placement.slug,
        "article": placement.article,
        "quote": {**asdict(placement.quote), "source": asdict(placement.quote.source)},
    }


def _placement(data: dict[str, Any]) -> Placement:
    quote = dict(data["quote"])
    quote["source"] = Source(**quote["source"])
    key: CanonicalKey = tuple(data["key"])
    return Placement(key, data["slug"], NewQuote(**quote), data["article"])
