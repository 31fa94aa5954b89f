"""Calibrate the extractor's confidence: the measured chance that an attribution is right.

Every attribution records its evidence: the cue that found the speaker and how it named them
("after:full" for `“...,” said Ann Holm`, "carry:pronoun" for a quotation that takes the
speaker of the one before, who was a "he"). This script runs the extractor over gold
articles (PolNeAR train by default, read at run time, never copied into the repository),
scores each attribution against the gold speaker, and writes the precision of each kind of
evidence to `generator/calibration_table.py`. The extractor's `confidence` is then that
measured precision, and `ingest` holds attributions below a threshold for review.

How an attribution is scored (the rules of ../shared/eval/archive_quality.py):
- on a gold quotation with a named source: right when the speaker's full name is, by that
  script's `name_ok` (right last word, no common word glued on);
- on one whose source is a pronoun: right when the last word of the speaker's name is that of
  the nearest named source before it (the gold gives it only approximately, so the precision
  of pronoun evidence is, if anything, too low).

Each kind's precision is smoothed towards its cue's (10 pseudo-counts), so a kind seen a few
times does not get 0 or 1. `--check` scores another gold file (dev) with the table: the
precision of the attributions at or above each threshold, and how many there are.

Usage: .venv/bin/python benchmarks/calibrate_confidence.py [--gold TRAIN] [--check DEV]
       [--write] [--target 0.97]
"""

from __future__ import annotations

import argparse
import collections
import importlib
import itertools
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
SHARED = PROJECT.parent / "shared"
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(SHARED / "eval"))

from generator.extract import Article, extract_quotes  # noqa: E402

TABLE_FILE = PROJECT / "generator" / "calibration_table.py"
PSEUDO_COUNTS = 10
THRESHOLDS = (0.0, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97)


def scored_attributions(gold: Path) -> Iterator[tuple[str, bool, float]]:
    """(evidence, right, confidence) for every attribution the gold can judge."""
    aq: Any = importlib.import_module("archive_quality")
    qe: Any = importlib.import_module("quote_eval")
    articles = aq.load_articles([str(gold)])
    common = aq.common_words(articles)
    for record in articles:
        article = Article(
            path=record["id"], text=record["text"], url=record["url"], outlet=record["outlet"]
        )
        for quote in extract_quotes(article):
            if not quote.speaker or quote.name_problem:
                continue
            cover = [
                g
                for g in record["gold"]
                if min(g["end"], quote.end) - max(g["start"], quote.start)
                >= 0.5 * (g["end"] - g["start"])
            ]
            named = [g for g in cover if g["kind"] == "named" and aq.proper(g["source"])]
            pronoun = [g for g in cover if g["kind"] == "pronoun" and g["want"]]
            if named:
                right = any(
                    aq.name_ok(quote.speaker, g, record["text"], None, common) for g in named
                )
            elif pronoun:
                right = qe.head(quote.speaker) in {g["want"] for g in pronoun}
            else:
                continue
            yield quote.evidence, right, quote.confidence


def calibrate(scored: list[tuple[str, bool, float]]) -> dict[str, tuple[float, int]]:
    """Smoothed precision and count of each kind of evidence."""
    kinds: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    cues: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    for evidence, right, _ in scored:
        for counts, key in ((kinds, evidence), (cues, evidence.partition(":")[0])):
            counts[key][0] += right
            counts[key][1] += 1
    overall = sum(r for _, r, _ in scored) / max(len(scored), 1)
    table = {}
    for evidence, (rights, seen) in kinds.items():
        cue_right, cue_seen = cues[evidence.partition(":")[0]]
        prior = (cue_right + PSEUDO_COUNTS * overall) / (cue_seen + PSEUDO_COUNTS)
        table[evidence] = ((rights + PSEUDO_COUNTS * prior) / (seen + PSEUDO_COUNTS), seen)
    return dict(sorted(table.items()))


def write_table(table: dict[str, tuple[float, int]], gold: Path) -> None:
    lines = [
        '"""Measured precision of each kind of attribution evidence: GENERATED, do not edit.',
        "",
        f"Written by benchmarks/calibrate_confidence.py from {gold.name}; run it again after",
        "changing how speakers are found. Each entry: evidence -> (precision, attributions",
        'seen). See generator.calibration."""',
        "",
        "from __future__ import annotations",
        "",
        "PRECISION: dict[str, tuple[float, int]] = {",
    ]
    lines += [f'    "{key}": ({value:.3f}, {seen}),' for key, (value, seen) in table.items()]
    lines += ["}", ""]
    TABLE_FILE.write_text("\n".join(lines), encoding="utf-8")


def report(scored: list[tuple[str, bool, float]], title: str) -> None:
    """Precision by confidence bucket, and of everything at or above each threshold."""
    print(f"\n{title}: {len(scored)} attributions the gold can judge")
    print("| confidence | attributions | right | precision |")
    print("| --- | --- | --- | --- |")
    edges = [0.0, 0.6, 0.7, 0.8, 0.9, 0.95, 1.01]
    for lo, hi in itertools.pairwise(edges):
        bucket = [r for _, r, c in scored if lo <= c < hi]
        if bucket:
            shown = f"{lo:.2f}-{min(hi, 1.0):.2f}"
            print(f"| {shown} | {len(bucket)} | {sum(bucket)} | {sum(bucket) / len(bucket):.3f} |")
    print("\n| threshold | kept | precision of kept |")
    print("| --- | --- | --- |")
    for threshold in THRESHOLDS:
        kept = [r for _, r, c in scored if c >= threshold]
        if kept:
            print(f"| {threshold:.2f} | {len(kept)} | {sum(kept) / len(kept):.3f} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=SHARED / "polnear" / "train.jsonl")
    parser.add_argument("--check", type=Path, default=SHARED / "polnear" / "dev.jsonl")
    parser.add_argument("--write", action="store_true", help=f"write {TABLE_FILE.name}")
    args = parser.parse_args()
    scored = list(scored_attributions(args.gold))
    table = calibrate(scored)
    print("| evidence | attributions | precision |\n| --- | --- | --- |")
    for key, (value, seen) in sorted(table.items(), key=lambda kv: -kv[1][1]):
        print(f"| {key} | {seen} | {value:.3f} |")
    if args.write:
        write_table(table, args.gold)
        importlib.reload(importlib.import_module("generator.calibration_table"))
    report(list(scored_attributions(args.gold)), f"{args.gold.name} (fitted)")
    if args.check.exists():
        report(list(scored_attributions(args.check)), f"{args.check.name} (held out)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
