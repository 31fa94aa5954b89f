"""Search on a site built by bench_scale.py, with the search page's JS of another revision.

bench_scale.py compares our site with a default Material site; this compares our search
with itself before a change, on the same built site and the same machine: the site kept by
`bench_scale.py --keep DIR` is served (benchmarks/scale_browser.py), and each run searches
for the benchmark's speaker by name and by words of one of their quotes twice, once with
content/assets/quote-archive.js as it is at --before (`git show`) and once as in the
working tree, one after the other, so both see the same load. The index files are the
built ones: a revision whose JS needs other index files cannot be compared this way.

Reports, per query and variant, the median ms to the first full-text result and the
median bytes up to it (the search machinery's), and the ratio after / before; writes
benchmarks/results/search-before-<size>.json.

Usage: .venv/bin/python benchmarks/bench_search_before.py --keep DIR [--sizes 20k,200k]
       [--before main] [--searches 3]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "benchmarks")]

import scale_browser  # noqa: E402 - after the path set-up above
from scale_report import parse_size, size_label  # noqa: E402

SCRIPT = "content/assets/quote-archive.js"
RESULTS = ROOT / "benchmarks" / "results"
FIGURES = ("ms_full_text", "full_text_search_bytes", "search_bytes")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", type=Path, required=True, help="bench_scale.py --keep DIR")
    parser.add_argument("--sizes", default="20k,200k")
    parser.add_argument("--before", default="main", help="git revision of the JS before")
    parser.add_argument("--searches", type=int, default=3)
    args = parser.parse_args()
    before = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{args.before}:{SCRIPT}"],
        capture_output=True,
        check=True,
    ).stdout
    for size in (parse_size(s) for s in args.sizes.split(",") if s.strip()):
        label = size_label(size)
        scale = json.loads((RESULTS / f"scale-{label}.json").read_text(encoding="utf-8"))
        load = os.getloadavg()[0]
        runs = search_both(args.keep / label, scale["speaker"], before, args.searches)
        result = {
            "size": label,
            "before": args.before,
            "speaker": scale["speaker"],
            "load_average": {"start": load, "end": os.getloadavg()[0]},
            "summary": summarise(runs),
            "runs": runs,
        }
        path = RESULTS / f"search-before-{label}.json"
        path.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"{label} (load {load:.1f}), before = {args.before}:")
        for line in table(result["summary"]):
            print("  " + line)


def search_both(
    work: Path, speaker: dict[str, Any], before: bytes, times: int
) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """{query: {variant: [SearchTiming as a dict, ...]}}, the variants taking turns."""
    script = work / "project" / "site" / "assets" / "quote-archive.js"
    after = script.read_bytes()
    queries = {"name": speaker["name"], "words": speaker["words"]}
    expected = f"people/{speaker['slug']}/"
    runs: dict[str, dict[str, list[dict[str, Any]]]] = {q: {} for q in queries}
    try:
        with scale_browser.serve(work) as served, scale_browser.chromium() as browser:
            for _ in range(times):
                for variant, code in (("before", before), ("after", after)):
                    script.write_bytes(code)
                    for key, query in queries.items():
                        found = scale_browser.measure_search(
                            browser, served, "project/site/", query, expected, scale_browser.OURS
                        )
                        runs[key].setdefault(variant, []).append(dataclasses.asdict(found))
    finally:
        script.write_bytes(after)
    return runs


def summarise(
    runs: dict[str, dict[str, list[dict[str, Any]]]],
) -> dict[str, dict[str, dict[str, Any]]]:
    """Per query and variant: each figure's median over the runs that measured it, whether
    every run led to the speaker; and `ratio`, after / before, per figure."""
    summary: dict[str, dict[str, dict[str, Any]]] = {}
    for query, variants in runs.items():
        summary[query] = {}
        for variant, timings in variants.items():
            medians: dict[str, Any] = {}
            for figure in FIGURES:
                values = [t[figure] for t in timings if t.get(figure) is not None]
                medians[figure] = statistics.median(values) if values else None
            medians["correct"] = all(t["correct"] for t in timings)
            summary[query][variant] = medians
        before, after = summary[query].get("before"), summary[query].get("after")
        if before and after:
            summary[query]["ratio"] = {
                f: after[f] / before[f] if after[f] is not None and before[f] else None
                for f in FIGURES
            }
    return summary


def table(summary: dict[str, dict[str, dict[str, Any]]]) -> list[str]:
    """One line per query and figure: before, after, ratio."""
    lines = []
    for query, variants in summary.items():
        ratio = variants.get("ratio", {})
        for figure in FIGURES:
            before, after = variants["before"][figure], variants["after"][figure]
            lines.append(
                f"{query:5} {figure:24} before {_num(before)}  after {_num(after)}  "
                f"ratio {_num(ratio.get(figure), 3)}"
            )
        lines.append(
            f"{query:5} leads to the speaker        before {variants['before']['correct']}"
            f"  after {variants['after']['correct']}"
        )
    return lines


def _num(value: float | None, digits: int = 0) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


if __name__ == "__main__":
    main()
