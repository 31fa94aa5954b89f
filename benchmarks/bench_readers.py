"""Benchmark: what readers download, and the build time, new against old, on one archive.

Run from the project root:

    .venv/bin/python benchmarks/bench_readers.py [--quotes 20k] [--cache DIR] [--baseline REF]

Builds the same generated archive (benchmarks/scale_archive.py, 20k quotes by default: the
archive of issue 19, whose largest speaker has 592 quotes) twice in one run: with the code,
theme override and hand-written pages of a git ref (default `main`, extracted with
`git archive`) and with the working tree. Each is a full build in a child process. Reports
the build's wall time, then the person pages a reader opens: every page under people/ of a
speaker (their first page, and the pages of older years where a page is split), its bytes,
gzipped bytes (as GitHub Pages serves it) and element count; the largest speaker's first
page; the whole people/ folder and the whole site. Prints each figure and the ratio new/old.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from scale_archive import cached_archive, speakers_for  # noqa: E402

CHILD = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from generator.site import build_site
report = build_site(Path(sys.argv[2]), Path(sys.argv[3]), incremental=False)
print(report.summary())
print("phases", " ".join(f"{p.name}={p.seconds:.1f}s" for p in report.phases))
"""
TAG = re.compile(rb"<[a-zA-Z]")


def extract(ref: str, into: Path) -> Path:
    """The code, theme override and hand-written pages of a git ref, as files under `into`."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", ref, "generator", "schema", "overrides", "content",
         "mkdocs.yml"],
        check=True,
        capture_output=True,
    ).stdout  # fmt: skip
    into.mkdir(parents=True)
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def project(code_root: Path, quotes: Path, target: Path) -> Path:
    """mkdocs.yml, overrides and the hand-written pages of `code_root`, with the archive."""
    target.mkdir(parents=True)
    shutil.copy(code_root / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(code_root / "overrides", target / "overrides")
    content = code_root / "content"
    for name in ("assets", "data", "about.md", "404.md"):
        source = content / name
        if source.is_dir():
            shutil.copytree(source, target / "content" / name)
        elif source.is_file():
            shutil.copy(source, target / "content" / name)
    shutil.copytree(quotes, target / "quotes")
    return target


def build(code_root: Path, where: Path) -> float:
    """Build once, in a child process importing the generator under `code_root`."""
    start = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            CHILD,
            str(code_root),
            str(where / "mkdocs.yml"),
            str(where / "quotes"),
        ],
        capture_output=True,
        text=True,
        cwd=where,
    )
    if done.returncode:
        sys.exit(f"build with {code_root} failed:\n{done.stderr[-3000:]}")
    print("  ", done.stdout.strip(), flush=True)
    return time.perf_counter() - start


def page_figures(html: Path) -> dict[str, int]:
    data = html.read_bytes()
    return {
        "bytes": len(data),
        "gzip": len(gzip.compress(data, 6)),
        "elements": len(TAG.findall(data)),
    }


def person_pages(site: Path, slugs: set[str]) -> dict[str, list[Path]]:
    """The HTML pages of each speaker: people/<slug>/index.html and any page below it."""
    pages: dict[str, list[Path]] = {}
    for slug in slugs:
        folder = site / "people" / slug
        pages[slug] = sorted(folder.rglob("index.html")) if folder.is_dir() else []
    return pages


def measure(site: Path, largest: str, slugs: set[str]) -> dict[str, Any]:
    pages = person_pages(site, slugs)
    every = [page_figures(path) for paths in pages.values() for path in paths]
    first = [page_figures(site / "people" / slug / "index.html") for slug in sorted(slugs)]
    people = sum(p.stat().st_size for p in (site / "people").rglob("*") if p.is_file())
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    biggest = max(every, key=lambda f: f["bytes"])
    return {
        "person_pages": len(every),
        "first_page_median_bytes": statistics.median(f["bytes"] for f in first),
        "first_page_median_gzip": statistics.median(f["gzip"] for f in first),
        "page_max_bytes": biggest["bytes"],
        "page_max_gzip": biggest["gzip"],
        "page_max_elements": biggest["elements"],
        "largest_speaker_first_page": page_figures(site / "people" / largest / "index.html"),
        "largest_speaker_pages": len(pages[largest]),
        "people_folder_bytes": people,
        "site_bytes": total,
        "site_files": sum(1 for p in site.rglob("*") if p.is_file()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quotes", default="20k", help="archive size: 20k, 200k or a number")
    parser.add_argument("--cache", type=Path, help="keep the generated archive here")
    parser.add_argument("--baseline", default="main", help="git ref of the old code")
    parser.add_argument("--keep", type=Path, help="build here and keep both sites")
    args = parser.parse_args()
    size = int(args.quotes.lower().replace("k", "000").replace("m", "000000"))
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-readers-"))
    try:
        quotes, info, _ = cached_archive(args.cache or work / "cache", size, speakers_for(size))
        slugs = {plan.slug for plan in info.plans}
        largest = max(info.plans, key=lambda p: (p.quotes, p.slug))
        print(f"archive: {size} quotes, {len(slugs)} speakers; largest {largest.slug} "
              f"({largest.quotes} quotes); baseline {args.baseline}", flush=True)  # fmt: skip
        figures: dict[str, dict[str, Any]] = {}
        for name, code_root in (("old", extract(args.baseline, work / "old")), ("new", ROOT)):
            where = project(code_root, quotes, work / f"project-{name}")
            print(f"{name}: building...", flush=True)
            seconds = build(code_root, where)
            figures[name] = {
                "build_seconds": seconds,
                **measure(where / "site", largest.slug, slugs),
            }
            print(name, json.dumps(figures[name]), flush=True)
        show(figures["new"], figures["old"])
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def show(new: dict[str, Any], old: dict[str, Any]) -> None:
    for key, value in new.items():
        before = old[key]
        if isinstance(value, dict):
            for part, number in value.items():
                ratio = number / before[part] if before[part] else float("nan")
                print(f"{key}.{part}: {number:,} vs {before[part]:,} (x{ratio:.3f})")
        else:
            ratio = value / before if before else float("nan")
            print(f"{key}: {value:,.1f} vs {before:,.1f} (x{ratio:.3f})")


if __name__ == "__main__":
    main()
