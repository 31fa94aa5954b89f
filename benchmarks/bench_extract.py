"""Benchmark: characters of article text per second through `extract_quotes`, one core.

The corpus is the PolNeAR train/dev texts beside the project when they exist (read at run
time, never copied into the repository), else the small articles under tests/data repeated.
A naive regex extractor (quote marks plus "said NAME") runs over the same corpus in the same
run as the baseline. Target from issue 3: at least 1 MB of article text per second per core.

Usage: .venv/bin/python benchmarks/bench_extract.py [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from generator.extract import Article, extract_quotes  # noqa: E402

POLNEAR = PROJECT.parent / "shared" / "polnear"
TARGET_CHARS_PER_S = 1_000_000
_NAIVE_QUOTE = re.compile(r"[“\"]([^”\"\n]+)[”\"]")
_NAIVE_SPEAKER = re.compile(
    r"\b([A-Z][a-z]+(?: [A-Z][a-z]+)*) said|said ([A-Z][a-z]+(?: [A-Z][a-z]+)*)"
)


def load_corpus() -> tuple[list[str], str]:
    """Article texts and where they came from."""
    texts = []
    for name in ("train.jsonl", "dev.jsonl"):
        path = POLNEAR / name
        if path.exists():
            with path.open(encoding="utf-8") as stream:
                texts += [json.loads(line)["text"] for line in stream]
    if texts:
        return texts, f"PolNeAR texts under {POLNEAR}"
    cases = sorted((PROJECT / "tests" / "data" / "articles" / "cases").glob("*.txt"))
    small = [path.read_text(encoding="utf-8") for path in cases]
    return small * 2000, "tests/data/articles/cases repeated 2000 times"


def naive_extract(text: str) -> list[tuple[str, str | None]]:
    """The baseline: every quoted run, with the nearest "X said" / "said X" after it."""
    found = []
    for match in _NAIVE_QUOTE.finditer(text):
        speaker = _NAIVE_SPEAKER.search(text, match.end(), match.end() + 80)
        found.append((match.group(1), speaker.group(1) or speaker.group(2) if speaker else None))
    return found


def timed(texts: list[str], repeat: int, extract) -> float:
    """Best wall time over `repeat` passes through the whole corpus."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for text in texts:
            extract(text)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="passes; the best one counts")
    args = parser.parse_args()
    texts, origin = load_corpus()
    chars = sum(len(t) for t in texts)
    ours = timed(texts, args.repeat, lambda t: extract_quotes(Article("bench", t)))
    naive = timed(texts, args.repeat, naive_extract)
    ours_rate, naive_rate = chars / ours, chars / naive
    print(f"corpus: {len(texts)} articles, {chars:,} characters ({origin})")
    print(f"extract_quotes: {ours:.2f} s, {ours_rate / 1e6:.2f} M chars/s")
    print(f"naive regex baseline: {naive:.3f} s, {naive_rate / 1e6:.2f} M chars/s")
    print(f"ratio: extract_quotes runs at {ours_rate / naive_rate:.3f}x the baseline's speed")
    verdict = "meets" if ours_rate >= TARGET_CHARS_PER_S else "MISSES"
    print(f"target 1.00 M chars/s per core: {verdict}")
    return 0 if ours_rate >= TARGET_CHARS_PER_S else 1


if __name__ == "__main__":
    sys.exit(main())
