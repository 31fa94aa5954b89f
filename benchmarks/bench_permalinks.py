"""Benchmark: what a page per quote (/q/<id>/) costs a build, against the same build without.

Run from the project root: `.venv/bin/python benchmarks/bench_permalinks.py` (options:
--quotes, default 20,000; --cache DIR to keep the generated archive; --rounds). The archive
comes from scale_archive.py (the scale benchmark's generator). In one run, alternating so
the machine's noise falls on both alike, it builds the site with the quote pages and
without (the same code with no quote page planned), cold (`--full`) and again with
nothing changed, and reports wall time, the time spent making the quote pages (all of them
cold, only changed ones in a rebuild: generator/quote_pages.py),
the site's files and bytes, the bytes those take on disk, and the site as a GitHub Pages
artifact (tar | gzip -6). Figures are medians over the rounds.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import scale_archive
from bench_scale import make_project
from scale_measure import artifact_bytes, tree_stats

from generator import site
from generator.quote_pages import QuotePages


def build(project: Path, full: bool) -> float:
    start = time.perf_counter()
    site.build_site(project / "mkdocs.yml", project / "quotes", incremental=not full)
    return time.perf_counter() - start


def timed(function: Callable[..., int], spent: list[float]) -> Callable[..., int]:
    def run(*args: Any, **kwargs: Any) -> int:
        start = time.perf_counter()
        count = function(*args, **kwargs)
        spent.append(time.perf_counter() - start)
        return count

    return run


def measure(project: Path, with_pages: bool, rounds: int) -> dict[str, float]:
    spent: list[float] = []
    make, groups = QuotePages.make_groups, site.quote_page_groups
    if with_pages:
        QuotePages.make_groups = timed(make, spent)  # type: ignore[method-assign]
    else:
        site.quote_page_groups = lambda *args: iter(())
    try:
        cold = [build(project, full=True) for _ in range(rounds)]
        warm = [build(project, full=False) for _ in range(rounds)]
    finally:
        QuotePages.make_groups, site.quote_page_groups = make, groups  # type: ignore[method-assign]
    stats = tree_stats(project / "site")
    q = tree_stats(project / "site", only=("q",))
    return {
        "cold_s": statistics.median(cold),
        "rebuild_s": statistics.median(warm),
        "pages_cold_s": statistics.median(spent[:rounds]) if spent else 0.0,
        "pages_rebuild_s": statistics.median(spent[rounds:]) if spent else 0.0,
        "files": stats.files,
        "bytes": stats.bytes,
        "disk": stats.disk_bytes,
        "q_files": q.files,
        "q_bytes": q.bytes,
        "artifact": artifact_bytes(project / "site"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quotes", type=int, default=20_000)
    parser.add_argument("--cache", type=Path, help="keep the generated archive here")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-permalinks-") as work:
        archive = (args.cache or Path(work)) / f"archive-{args.quotes}"
        if not archive.is_dir():
            speakers = scale_archive.speakers_for(args.quotes)
            scale_archive.generate_archive(archive, args.quotes, speakers)
        results: dict[str, dict[str, float]] = {}
        for name, with_pages in (("without /q pages", False), ("with /q pages", True)):
            project = make_project(Path(work) / name.replace(" ", "-").replace("/", ""), archive)
            results[name] = measure(project, with_pages, args.rounds)
            shutil.rmtree(project / "site-previous", ignore_errors=True)
        print(report(results, args.quotes))


def report(results: dict[str, dict[str, float]], quotes: int) -> str:
    base, ours = results["without /q pages"], results["with /q pages"]
    rows = [
        ("cold build (--full), wall", "cold_s", "{:.1f} s"),
        ("rebuild with no change, wall", "rebuild_s", "{:.1f} s"),
        ("quote pages, cold build (in the build)", "pages_cold_s", "{:.1f} s"),
        ("quote pages, rebuild (only changed pages written)", "pages_rebuild_s", "{:.1f} s"),
        ("site files", "files", "{:,.0f}"),
        ("site, apparent bytes", "bytes", "{:,.0f}"),
        ("site, bytes on disk", "disk", "{:,.0f}"),
        ("quote pages: files / bytes", "q_files", "{:,.0f}"),
        ("site as a Pages artifact (tar | gzip -6)", "artifact", "{:,.0f}"),
    ]
    lines = [
        f"{quotes:,} quotes; medians",
        "| | without /q pages | with /q pages | ratio |",
        "| --- | ---: | ---: | ---: |",
    ]
    for label, key, fmt in rows:
        ratio = f"x{ours[key] / base[key]:.2f}" if base[key] else "-"
        extra = f" / {ours['q_bytes']:,.0f}" if key == "q_files" else ""
        lines.append(
            f"| {label} | {fmt.format(base[key])} | {fmt.format(ours[key])}{extra} | {ratio} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
