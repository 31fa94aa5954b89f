"""Search by name at scale, with and without the name index, in headless Chromium.

A full `bench_scale.py` run builds the whole site three times (about 15 minutes at 200k
quotes); the search page only needs the search output. So for each size this script:
1. loads the cached synthetic archive (benchmarks/scale_archive.py, read-only) and writes its
   search output as the build does: Pagefind shards (`write_search_shards`) and the name index
   (`write_name_index`, timed, with its size), into --keep (reused when already there);
2. builds our site from the small test archive (theme, search page, our JS) and grafts the
   large search output onto copies of it, one per variant:
   - `before`: the search page's JS from before the name index (`git show REV:...`, REV the
     parent of the commit that added generator/search/names.py, or --before) and no names/;
   - `name-index`: today's JS and names/: Pagefind loads on the first keystroke;
   - `name-index-preload`: the same, but Pagefind also loads when the page opens (as before);
3. types the same mid-sized speaker's name as bench_scale.py (benchmarks/scale_browser.py:
   ms from the first keystroke to the first result, bytes up to it and after idle), --searches
   times per variant, each in a fresh browser context; medians, ratios against `before`.

Writes benchmarks/results/search-names-<size>.json.

Usage: .venv/bin/python benchmarks/bench_search_names.py [--sizes 200k] [--cache DIR]
       [--keep DIR] [--searches 3] [--before REV]
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

import scale_browser  # noqa: E402 - after the path set-up above
from bench_scale import make_project, pick_speaker  # noqa: E402
from scale_archive import cached_archive, speakers_for  # noqa: E402
from scale_report import parse_size, size_label  # noqa: E402

from generator.search import (  # noqa: E402
    NAMES_FOLDER,
    search_shards,
    write_name_index,
    write_search_shards,
)
from generator.site import build_site  # noqa: E402
from generator.store import load_archive  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
SCRIPT = "content/assets/quote-archive.js"
PRELOAD_FROM = "    loadNames();\n  }"
PRELOAD_TO = "    loadNames();\n    loadPagefind();\n  }"
FIGURES = (
    "ms",
    "ms_to_speaker",
    "first_bytes",
    "first_search_bytes",
    "search_bytes",
    "total_bytes",
    "requests",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="200k", help="comma-separated, e.g. 200k,1m")
    parser.add_argument("--cache", type=Path, required=True, help="synthetic archives (read)")
    parser.add_argument("--keep", type=Path, help="work here and keep the search output")
    parser.add_argument("--searches", type=int, default=3, help="searches per variant")
    parser.add_argument("--before", help="git revision of the JS before the name index")
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-names-"))
    before_js = script_before(args.before)
    try:
        for size in [parse_size(s) for s in args.sizes.split(",") if s.strip()]:
            result = run_size(work / size_label(size), args.cache, size, before_js, args)
            print(table(result), flush=True)
            args.results.mkdir(parents=True, exist_ok=True)
            path = args.results / f"search-names-{result['size']}.json"
            path.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", "utf-8")
            print(f"  wrote {path}")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def script_before(revision: str | None) -> str:
    """The search page's JS before the name index: at --before, or the parent of the commit
    that added generator/search/names.py."""
    if revision is None:
        added = git("log", "--diff-filter=A", "--format=%H", "--", "generator/search/names.py")
        revision = added.split()[-1] + "^"
    return git("show", f"{revision}:{SCRIPT}")


def git(*args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout


def run_size(
    work: Path, cache: Path, quotes: int, before_js: str, args: argparse.Namespace
) -> dict[str, Any]:
    archive_dir, info, _ = cached_archive(cache, quotes, speakers_for(quotes))
    speaker = pick_speaker(info)
    result: dict[str, Any] = {
        "size": size_label(quotes),
        "quotes": quotes,
        "speaker": {"name": speaker.name, "slug": speaker.slug, "quotes": speaker.quotes},
        "load_average": os.getloadavg()[0],
    }
    search = work / "search"
    result["search_output"] = write_search_output(archive_dir, search)
    sites = work / "sites"
    shutil.rmtree(sites, ignore_errors=True)
    base = build_small_site(work / "small")
    new_js = (ROOT / SCRIPT).read_text(encoding="utf-8")
    if PRELOAD_FROM not in new_js:
        raise SystemExit(f"cannot make the preload variant: {PRELOAD_FROM!r} not in {SCRIPT}")
    variants = {
        "before": (before_js, False),
        "name-index": (new_js, True),
        "name-index-preload": (new_js.replace(PRELOAD_FROM, PRELOAD_TO), True),
    }
    for name, (script, with_names) in variants.items():
        graft(base, search, sites / name, script, with_names)
    expected = f"people/{speaker.slug}/"
    print(f"  searching for {speaker.name!r} in Chromium...", flush=True)
    result["variants"] = {}
    with scale_browser.serve(sites) as served, scale_browser.chromium() as browser:
        for name in variants:
            runs = [
                dataclasses.asdict(
                    scale_browser.measure_search(
                        browser, served, f"{name}/", speaker.name, expected, scale_browser.OURS
                    )
                )
                for _ in range(args.searches)
            ]
            result["variants"][name] = summarise(runs)
    return result


def write_search_output(archive_dir: Path, search: Path) -> dict[str, Any]:
    """Pagefind shards and the name index of the archive under `search`, unless already there."""
    done = search / "figures.json"
    if done.is_file():
        print(f"  reusing the search output in {search}", flush=True)
        return dict(json.loads(done.read_text(encoding="utf-8")), reused=True)
    shutil.rmtree(search, ignore_errors=True)
    print(f"  loading {archive_dir}...", flush=True)
    start = time.perf_counter()
    archive = load_archive(archive_dir).archive
    loaded = time.perf_counter() - start
    print(f"  indexing with Pagefind ({loaded:.0f} s to load)...", flush=True)
    index = write_search_shards(search_shards(archive), search / "pagefind")
    start = time.perf_counter()
    write_name_index(archive, search / NAMES_FOLDER)
    names_seconds = time.perf_counter() - start
    files = sum(1 for _ in (search / NAMES_FOLDER).iterdir())
    sizes = [
        (len(path.read_bytes()), len(gzip.compress(path.read_bytes(), 6)))
        for path in sorted((search / NAMES_FOLDER).iterdir())
    ]
    figures = {
        "pagefind_seconds": index.seconds,
        "pagefind_shards": index.shards,
        "names_seconds": names_seconds,
        "names_files": files,
        "names_bytes": sum(raw for raw, _ in sizes),
        "names_largest_gzip_bytes": max(gz for _, gz in sizes),
        "names_index_gzip_bytes": len(
            gzip.compress((search / NAMES_FOLDER / "index.json").read_bytes(), 6)
        ),
    }
    done.write_text(json.dumps(figures) + "\n", encoding="utf-8")
    return figures


def build_small_site(target: Path) -> Path:
    """Our site from the test archive: the theme, the search page and our JS."""
    shutil.rmtree(target, ignore_errors=True)
    project = make_project(target, ROOT / "tests" / "data" / "site_archive")
    build_site(project / "mkdocs.yml", project / "quotes", incremental=False)
    return project / "site"


def graft(base: Path, search: Path, target: Path, script: str, with_names: bool) -> None:
    """A copy of the small site with the large search output and the given JS."""
    shutil.copytree(base, target, copy_function=os.link)
    for folder in [*sorted(target.glob("pagefind*")), target / NAMES_FOLDER]:
        shutil.rmtree(folder, ignore_errors=True)
    for folder in sorted(search.iterdir()):
        if folder.is_dir() and (with_names or folder.name != NAMES_FOLDER):
            shutil.copytree(folder, target / folder.name, copy_function=os.link)
    script_path = target / "assets" / "quote-archive.js"
    script_path.unlink()
    script_path.write_text(script, encoding="utf-8")


def summarise(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Medians of the runs' figures, whether every first result led to the speaker, the runs."""
    summary: dict[str, Any] = {}
    for figure in FIGURES:
        values = [r[figure] for r in runs if r[figure] is not None]
        summary[figure] = statistics.median(values) if values else None
    summary["correct"] = all(r["correct"] for r in runs)
    summary["error"] = next((r["error"] for r in runs if r["error"]), "")
    summary["first_result"] = runs[0]["first_result"]
    summary["runs"] = runs
    return summary


def table(result: dict[str, Any]) -> str:
    """Each variant's medians, and its ratio to `before`."""
    before = result["variants"]["before"]
    lines = [
        f"\n{result['size']}: search for {result['speaker']['name']!r} "
        f"(load average {result['load_average']:.1f}); ratio = variant / before",
        f"{'':>20}" + "".join(f"{f:>24}" for f in FIGURES) + f"{'correct':>9}",
    ]
    for name, figures in result["variants"].items():
        cells = []
        for figure in FIGURES:
            value, base = figures[figure], before[figure]
            shown = "-" if value is None else f"{value:,.0f}"
            ratio = f" ({value / base:.2f}x)" if value is not None and base else ""
            cells.append(f"{shown + ratio:>24}")
        lines.append(f"{name:>20}" + "".join(cells) + f"{figures['correct']!s:>9}")
    output = result["search_output"]
    lines.append(
        f"  name index: {output['names_files']} files, {output['names_bytes'] / 1e6:.1f} MB, "
        f"largest {output['names_largest_gzip_bytes'] / 1024:.1f} KB gzipped, index.json "
        f"{output['names_index_gzip_bytes'] / 1024:.1f} KB gzipped, written in "
        f"{output['names_seconds']:.1f} s (Pagefind: {output['pagefind_shards']} shards, "
        f"{output['pagefind_seconds']:.0f} s)"
    )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
