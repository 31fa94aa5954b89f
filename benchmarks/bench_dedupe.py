"""Benchmark: deduplicate a generated archive of 1,000,000 quotes by 20,000 speakers.

Run from the project root: `.venv/bin/python benchmarks/bench_dedupe.py` (options: --quotes,
--speakers, --workers, --sample). Generates the archive in memory (fixed seed), injects a
known share of near-duplicates (typos, punctuation, trimmed ends, fragments), runs the
planner and reports wall time, peak memory (ru_maxrss of this process and of the worker
processes) and how many injected duplicates were found. In the same run it measures a naive
all-pairs baseline on a sample (every pair of one speaker's quotes scored with the same
`compare`, and with plain rapidfuzz `fuzz.ratio` through `process.extract`) and extrapolates
it to the archive. Target: <= 60 s and <= 4 GB on 2 cores. Figures are noisy on a shared
machine.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rapidfuzz import fuzz, process

from generator.dedupe.normalize import normalise
from generator.dedupe.plan import DedupePlan, plan_dedupe, plan_speaker_quotes
from generator.dedupe.quotes import compare
from generator.models import Archive, Quote, Source, Speaker


def words(text: str) -> list[str]:
    """A list of words written as one string."""
    return text.split()


SEED = 20261126
DUPLICATE_SHARE = 0.05
CROSS_SHARE = 0.0005
"""Share of quotes that repeat another speaker's words (to be reported, never merged)."""
FUNCTION_WORDS = words(
    "the a of to and in that is we will not it for on this with our are be they have was as "
    "but by at from has their more said"
)
OUTLETS = ("Wire A", "Wire B", "Daily C", "Herald D", "Times E", "Radio F", "Agency G")
SYLLABLES = words(
    "ka ri mo ta len sor vi na pe lu dra mi ko zan el bor fi ras tun ve go pa lin dor sta ne "
    "qui ro ha mel tri ga vos ur bel ni cor"
)


def words_vocabulary(rng: random.Random, size: int) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def speaker_sizes(total: int, speakers: int) -> list[int]:
    """Zipf-like: a few speakers with tens of thousands of quotes, most with a handful."""
    weights = [1 / (rank**0.8) for rank in range(1, speakers + 1)]
    scale = (total - speakers) / sum(weights)
    sizes = [1 + int(w * scale) for w in weights]
    sizes[0] += total - sum(sizes)
    return sizes


def sentence(rng: random.Random, vocabulary: list[str], cumulative: list[float]) -> str:
    length = rng.randint(10, 40)
    content = rng.choices(vocabulary, cum_weights=cumulative, k=length)
    words = [w if rng.random() > 0.4 else rng.choice(FUNCTION_WORDS) for w in content]
    return " ".join(words).capitalize() + "."


def damage(text: str, rng: random.Random, kind: str = "") -> tuple[str, str]:
    """A realistic reported variant: what kind of duplicate it is, and its text."""
    words = text.rstrip(".").split()
    kind = kind or rng.choice(["typo", "punctuation", "trimmed", "fragment"])
    if kind == "typo":
        index = max(range(len(words)), key=lambda i: (len(words[i]), -i))
        word = words[index]
        words[index] = word[:2] + word[3] + word[2] + word[4:]
        return "merge", " ".join(words) + "."
    if kind == "punctuation":
        return "merge", "“" + ", ".join([" ".join(words[:5]), " ".join(words[5:])]) + "…”"
    if kind == "trimmed":
        return "merge", " ".join(words[: max(6, int(len(words) * 0.8))]) + "."
    size = max(6, len(words) // 3)
    start = rng.randint(0, len(words) - size)
    return "fragment", "..." + " ".join(words[start : start + size]) + "..."


Generated = tuple[Archive, list[tuple[str, str, str]], list[tuple[str, str]]]


def generate(total: int, speakers: int) -> Generated:
    rng = random.Random(SEED)
    vocabulary = words_vocabulary(rng, 30_000)
    cumulative: list[float] = []
    running = 0.0
    for rank in range(1, len(vocabulary) + 1):
        running += 1 / rank**0.7
        cumulative.append(running)
    families = iter(words_vocabulary(random.Random(SEED + 1), speakers * 2)[::2])
    injected: list[tuple[str, str, str]] = []
    crossed: list[tuple[str, str]] = []
    counter = 0
    people: list[Speaker] = []
    for index, size in enumerate(speaker_sizes(total, speakers)):
        quotes: list[Quote] = []
        for _ in range(size):
            counter += 1
            quote_id = f"q{counter:09d}"
            source = Source(
                outlet=OUTLETS[counter % len(OUTLETS)],
                date=f"20{10 + counter % 15}-0{1 + counter % 9}-1{counter % 9}",
            )
            if people and rng.random() < CROSS_SHARE:
                donor = rng.choice(rng.choice(people).quotes)
                text = damage(donor.text, rng, "punctuation")[1]
                crossed.append((quote_id, donor.id))
            elif quotes and rng.random() < DUPLICATE_SHARE:
                original = rng.choice(quotes)
                kind, text = damage(original.text, rng)
                injected.append((kind, quote_id, original.id))
            else:
                text = sentence(rng, vocabulary, cumulative)
            quotes.append(Quote(quote_id, text, (source,), date=source.date))
        family = next(families).capitalize()
        people.append(
            Speaker(f"s{index:05d}-{family.lower()}", f"Alex {family}", quotes=tuple(quotes))
        )
    return Archive(speakers=tuple(people)), injected, crossed


def score(plan: DedupePlan, injected: list[tuple[str, str, str]]) -> tuple[int, int, int]:
    """(injected duplicates found, injected, quotes merged or linked that were not injected)."""
    group: dict[str, str] = {}
    for merge in plan.quote_merges:
        for quote_id in (merge.survivor, *merge.merged):
            group[quote_id] = merge.survivor
    links = {link.fragment: link.whole for link in plan.fragment_links}
    involved = set(group) | set(links) | set(links.values())
    related: set[str] = set()
    found = 0
    for _, duplicate, original in injected:
        related.update((duplicate, original))
        same = group.get(duplicate, duplicate) == group.get(original, original)
        linked = links.get(group.get(duplicate, duplicate)) == group.get(original, original)
        reverse = links.get(group.get(original, original)) == group.get(duplicate, duplicate)
        found += same or linked or reverse
    return found, len(injected), len(involved - related)


def peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def baseline(archive: Archive, sample: int) -> dict[str, float]:
    """Naive all-pairs on `sample` quotes of the biggest speaker, and the blocked planner."""
    speaker = max(archive.speakers, key=lambda s: len(s.quotes))
    quotes = speaker.quotes[:sample]
    texts = [normalise(q.text) for q in quotes]
    started = time.perf_counter()
    for i in range(len(texts)):
        for j in range(i + 1, len(texts)):
            compare(texts[i], texts[j])
    naive = time.perf_counter() - started
    keys = [t.key for t in texts]
    started = time.perf_counter()
    for key in keys:  # process.cdist needs numpy, which the project does not depend on
        process.extract(key, keys, scorer=fuzz.ratio, score_cutoff=90, limit=None)
    cdist = time.perf_counter() - started
    started = time.perf_counter()
    plan_speaker_quotes(Speaker(speaker.slug, speaker.name, quotes=quotes))
    blocked = time.perf_counter() - started
    return {"n": len(quotes), "naive": naive, "cdist": cdist, "blocked": blocked}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quotes", type=int, default=1_000_000)
    parser.add_argument("--speakers", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--sample", type=int, default=2_000)
    args = parser.parse_args()

    started = time.perf_counter()
    archive, injected, crossed = generate(args.quotes, args.speakers)
    generated = time.perf_counter() - started
    sizes = sorted((len(s.quotes) for s in archive.speakers), reverse=True)
    print(
        f"generated {sum(sizes):,} quotes by {len(sizes):,} speakers in {generated:.1f} s "
        f"(largest speaker {sizes[0]:,} quotes, median {sizes[len(sizes) // 2]}); "
        f"injected {len(injected):,} near-duplicates and {len(crossed):,} copies under "
        f"another speaker; RSS after generation "
        f"{peak_mb(resource.RUSAGE_SELF):,.0f} MB"
    )

    started, before = time.perf_counter(), os.times()
    plan = plan_dedupe(archive, workers=args.workers)
    elapsed, after = time.perf_counter() - started, os.times()
    cpu = sum(after[:4]) - sum(before[:4])
    found, total, extra = score(plan, injected)
    reported = {frozenset((r.quote, r.other_quote)) for r in plan.misattributions}
    cross_found = sum(frozenset(pair) in reported for pair in crossed)
    parent, workers = peak_mb(resource.RUSAGE_SELF), peak_mb(resource.RUSAGE_CHILDREN)
    print(
        f"dedupe plan: {elapsed:.1f} s wall, {cpu:.1f} s CPU (parent and workers) with "
        f"{args.workers} worker(s); peak RSS "
        f"{parent:,.0f} MB parent, {workers:,.0f} MB largest worker "
        f"(sum bound {parent + args.workers * workers:,.0f} MB; fork shares pages)"
    )
    print(
        f"found {found:,} of {total:,} injected near-duplicates ({found / total:.1%}); "
        f"{extra:,} other quotes merged or linked; {len(plan.quote_merges):,} merges, "
        f"{len(plan.fragment_links):,} fragment links, {len(plan.speaker_merges):,} speaker "
        f"merges; {len(plan.misattributions):,} cross-speaker reports, finding "
        f"{cross_found:,} of {len(crossed):,} injected copies"
    )

    base = baseline(archive, args.sample)
    n = base["n"]
    pairs = n * (n - 1) / 2
    within = sum(s * (s - 1) / 2 for s in sizes)
    everything = args.quotes * (args.quotes - 1) / 2
    per_pair = base["naive"] / pairs
    print(
        f"naive all-pairs baseline on {n:,} quotes of one speaker: compare {base['naive']:.1f} s "
        f"({per_pair * 1e6:.1f} us/pair), rapidfuzz ratio all-pairs {base['cdist']:.2f} s, "
        f"blocked planner {base['blocked']:.2f} s on the same sample "
        f"(ratio {base['naive'] / base['blocked']:,.0f}x)"
    )
    print(
        f"extrapolated naive compare: within speakers {within * per_pair / 3600:,.1f} h, "
        f"across the archive {everything * per_pair / 3600 / 24:,.0f} days; rapidfuzz ratio only: "
        f"within speakers {within * base['cdist'] / pairs / 60:,.1f} min; "
        f"blocked planner measured {elapsed:.1f} s "
        f"(ratio vs naive within speakers {within * per_pair / elapsed:,.0f}x)"
    )
    ok = elapsed <= 60 and max(parent, workers) <= 4096
    print(f"target <= 60 s and <= 4 GB per process: {'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    main()
