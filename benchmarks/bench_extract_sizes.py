"""Benchmark: extraction MB/s as an article grows from 100 KB to 1 MB to 30 MB (issue 15).

Extraction must be linear in the article's size: a 30 MB debate transcript ran for minutes.
The articles are invented debate transcripts (tests/hostile_corpus.py), in paragraphs as
printed, and in two hostile shapes at 100 KB and 1 MB: a run-on transcript with no line
break and no full stop, and a page of nothing but quote marks. Each size runs in a fresh
child process, so its peak RSS is its own; the 100 KB figure of each shape is the baseline
its larger sizes are compared with in the same run. With --html, the HTML reader
(trafilatura) plus extraction is measured too, up to the 10 MB article limit.

Usage: .venv/bin/python benchmarks/bench_extract_sizes.py [--html] [--sizes 100k,1m,30m]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(PROJECT / "tests"))

from hostile_corpus import debate_transcript, html_page  # noqa: E402

UNITS = {"k": 1_000, "m": 1_000_000}
LINEAR_ENOUGH = 0.5
"""MB/s at the largest size must stay above this share of the 100 KB figure."""


def article(shape: str, size: int) -> str:
    """An invented article of `size` characters in one of the measured shapes."""
    text = debate_transcript(size)
    if shape == "run-on":
        return text.replace("\n", " ").replace(".", "").replace("?", "")
    if shape == "quote marks":
        return ('"a" ' * (size // 4 + 1))[:size]
    if shape == "html":
        return html_page(text)
    return text


def measure_one(shape: str, size: int, repeat: int) -> dict[str, float]:
    """In this process: the best of `repeat` extractions, and the peak RSS."""
    from generator.extract import Article, extract_quotes
    from generator.extract.readers import parse_article_text

    text = article(shape, size)
    best = float("inf")
    quotes = 0
    for _ in range(repeat):
        started = time.perf_counter()
        if shape == "html":
            found = list(parse_article_text(text, "bench.html", lambda _: ".html"))
            quotes = len(extract_quotes(found[0])) if isinstance(found[0], Article) else -1
        else:
            quotes = len(extract_quotes(Article("bench", text)))
        best = min(best, time.perf_counter() - started)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return {"seconds": best, "bytes": len(text.encode()), "quotes": quotes, "peak": peak}


def measure(shape: str, size: int) -> dict[str, float]:
    """One size of one shape, in a fresh child process."""
    repeat = 5 if size <= 200_000 else 3 if size <= 2_000_000 else 1
    child = subprocess.run(
        [sys.executable, __file__, "--one", shape, str(size), str(repeat)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(child.stdout)


def parse_size(text: str) -> int:
    return int(float(text[:-1]) * UNITS[text[-1].lower()]) if text[-1].isalpha() else int(text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100k,1m,30m", help="debate transcript sizes")
    parser.add_argument("--html", action="store_true", help="also HTML pages, up to 10 MB")
    parser.add_argument("--one", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        shape, size, repeat = args.one
        print(json.dumps(measure_one(shape, int(size), int(repeat))))
        return 0
    sizes = [parse_size(s) for s in args.sizes.split(",")]
    plan = [("debate", sizes), ("run-on", sizes[:2]), ("quote marks", sizes[:2])]
    if args.html:
        plan.append(("html", [100_000, 1_000_000, 10_000_000]))
    worst = float("inf")
    print(f"{'shape':<12} {'size':>10} {'MB/s':>7} {'x 100 KB':>9} {'seconds':>8} {'peak RSS':>9}")
    for shape, shape_sizes in plan:
        baseline = None
        for size in shape_sizes:
            found = measure(shape, size)
            rate = found["bytes"] / 1e6 / found["seconds"]
            baseline = baseline or rate
            ratio = rate / baseline
            if shape == "debate":
                worst = min(worst, ratio)
            print(
                f"{shape:<12} {found['bytes'] / 1e6:>8.2f}MB {rate:>7.2f} {ratio:>8.2f}x "
                f"{found['seconds']:>8.2f} {found['peak'] / 2**20:>7.0f}MB",
                flush=True,
            )
    verdict = "linear" if worst >= LINEAR_ENOUGH else "NOT LINEAR"
    print(f"debate transcript: largest size at {worst:.2f}x the 100 KB MB/s: {verdict}")
    return 0 if worst >= LINEAR_ENOUGH else 1


if __name__ == "__main__":
    sys.exit(main())
