"""Benchmark the MkDocs phase of `build`: one MkDocs process against batches in parallel.

Renders the pages of an existing archive once (`--archive DIR`, default the cached 200k
synthetic one; `--speakers N` takes the first N speaker files, sorted, and topics.yaml; the
archive is read, never written), stages them as `build` does, then converts them twice:
- old (the baseline, as built until now): one MkDocs run over every page;
- new (`generator.batches`): the main run (home, indexes, theme, sitemap; person and topic
  pages skipped) and the person and topic pages in batches of about --batch-chars
  characters of Markdown, --workers processes at once.
For each: wall seconds, CPU seconds of all MkDocs processes (the machine is shared, so wall
time depends on what else runs; CPU time much less), the peak memory of the largest process
(its VmHWM) and of all MkDocs processes together (sampled sum of RSS every 0.2 s). Then the
ratios (old / new), each batch's pages, characters, seconds and peak memory, and whether
both sites are byte-identical (every file hashed). Writes benchmarks/results/mkdocs-batches.json.

Usage: .venv/bin/python benchmarks/bench_mkdocs_batches.py [--archive DIR] [--speakers N]
       [--workers N] [--batch-chars N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from scale_measure import tree_rss_kb  # noqa: E402 - after the path set-up above

from generator import batches  # noqa: E402
from generator.checks import load_valid_archive_with_digests  # noqa: E402
from generator.render import plan_site  # noqa: E402
from generator.site import build_epoch, is_batchable, site_paths, stage_docs  # noqa: E402

ARCHIVE = Path("/tmp/bsc/cache/archive-200000q-20000s-200t-seed7-v1/quotes")
RESULTS = ROOT / "benchmarks" / "results" / "mkdocs-batches.json"


class ChildrenSampler:
    """Samples the summed RSS of this process's descendants (the MkDocs runs)."""

    def __init__(self, interval: float = 0.2) -> None:
        self.peak_kb = 0
        self._own = os.getpid()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _own_kb(self) -> int:
        with open(f"/proc/{self._own}/statm", "rb") as stream:
            return int(stream.read().split()[1]) * (os.sysconf("SC_PAGE_SIZE") // 1024)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak_kb = max(self.peak_kb, tree_rss_kb(self._own) - self._own_kb())
            self._stop.wait(0.2)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak_kb


def project_with(archive: Path, speakers: int | None, target: Path) -> Path:
    """A project: our mkdocs.yml, overrides and hand-written pages, and a copy of the first
    `speakers` speaker files of `archive` (all when None) with its topics.yaml."""
    target.mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", target / "overrides")
    content = target / "content"
    for name in ("assets", "data"):
        shutil.copytree(ROOT / "content" / name, content / name)
    shutil.copy(ROOT / "content" / "about.md", content / "about.md")
    quotes = target / "quotes"
    quotes.mkdir()
    files = sorted(p for p in archive.glob("*.yaml") if p.name != "topics.yaml")
    for path in [archive / "topics.yaml", *files[:speakers]]:
        shutil.copy(path, quotes / path.name)
    return target


def convert(
    project: Path, pages: dict[str, str], epoch: int, workers: int, batch_chars: int | None
) -> dict[str, Any]:
    """Stage the pages and run MkDocs as `build` does: all in one run when batch_chars is
    None, else in batches. The figures, and the site's folder."""
    paths = site_paths(project / "mkdocs.yml", project / "quotes")
    staging = Path(tempfile.mkdtemp(prefix="stage-", dir=project))
    stage_docs(paths.content, pages, staging / "docs")
    plan: list[tuple[str, ...]] = []
    if batch_chars is not None:
        sizes = {p: len(t) for p, t in pages.items() if is_batchable(p, paths.nav)}
        plan = batches.plan_batches(sizes, batch_chars=batch_chars, workers=workers)
    roots = batches.stage_batches(
        staging / "docs", staging / "site", staging / "batches", plan, paths.nav
    )
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch)}
    sampler = ChildrenSampler()
    runs = batches.MkDocsRuns(
        paths.config, staging / "docs", staging / "site", plan, roots, env, paths.site_url, workers
    )
    stats = runs.result()
    runs.collect()
    tree_peak = sampler.stop()
    chars = [sum(len(pages[p]) for p in batch) for batch in plan]
    return {
        "seconds": runs.ended - runs.started,
        "cpu_seconds": sum(s.cpu_seconds for s in stats),
        "process_peak_kb": max(s.peak_rss_kb for s in stats),
        "tree_peak_kb": tree_peak,
        "runs": [
            {
                "name": s.name,
                "pages": s.pages,
                "chars": chars[int(s.name.split("-")[1]) - 1] if s.pages else None,
                "seconds": round(s.seconds, 2),
                "cpu_seconds": round(s.cpu_seconds, 2),
                "peak_rss_kb": s.peak_rss_kb,
            }
            for s in stats
        ],
        "site": str(staging / "site"),
    }


def tree_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()


def mb(kb: int) -> str:
    return f"{kb / 1024:,.0f} MB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--archive", type=Path, default=ARCHIVE)
    parser.add_argument("--speakers", type=int, default=None)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--batch-chars", type=int, default=batches.BATCH_CHARS)
    parser.add_argument("--keep", type=Path, default=None)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-mkdocs-batches-"))
    try:
        project = project_with(args.archive, args.speakers, work / "project")
        start = time.perf_counter()
        archive, digests = load_valid_archive_with_digests(project / "quotes")
        pages = {path: plan.render() for path, plan in plan_site(archive, digests).items()}
        epoch = build_epoch(archive)
        quotes = sum(len(s.quotes) for s in archive.speakers)
        speakers = len(archive.speakers)
        del archive, digests
        print(
            f"{speakers:,} speakers, {quotes:,} quotes, {len(pages):,} pages, "
            f"{sum(map(len, pages.values())) / 1e6:,.0f} M characters of Markdown "
            f"(loaded and rendered in {time.perf_counter() - start:.0f} s)",
            flush=True,
        )
        old = convert(project, pages, epoch, 1, None)
        print(f"old: {old['seconds']:.1f} s", flush=True)
        new = convert(project, pages, epoch, args.workers, args.batch_chars)
        identical = tree_hash(Path(old["site"])) == tree_hash(Path(new["site"]))
        print(f"\n{'':22}{'old (one run)':>16}{'new (batches)':>16}{'old/new':>10}")
        for key, label, show in (
            ("seconds", "MkDocs wall", lambda v: f"{v:,.1f} s"),
            ("cpu_seconds", "MkDocs CPU", lambda v: f"{v:,.1f} s"),
            ("process_peak_kb", "largest process peak", mb),
            ("tree_peak_kb", "all processes peak", mb),
        ):
            print(
                f"{label:22}{show(old[key]):>16}{show(new[key]):>16}"
                f"{old[key] / max(new[key], 1e-9):>9.2f}x"
            )
        print(f"\nbatches: {len(new['runs']) - 1}, workers: {args.workers}")
        for run in new["runs"]:
            print(
                f"  {run['name']:10} pages {run['pages'] or '-':>6} chars {run['chars'] or '-':>11}"
                f"  {run['seconds']:7.1f} s  CPU {run['cpu_seconds']:7.1f} s"
                f"  peak {mb(run['peak_rss_kb'])}"
            )
        print(f"\nsites byte-identical: {identical}")
        RESULTS.write_text(
            json.dumps(
                {
                    "speakers": speakers,
                    "quotes": quotes,
                    "pages": len(pages),
                    "markdown_chars": sum(map(len, pages.values())),
                    "workers": args.workers,
                    "batch_chars": args.batch_chars,
                    "identical": identical,
                    "old": {k: v for k, v in old.items() if k != "site"},
                    "new": {k: v for k, v in new.items() if k != "site"},
                },
                indent=1,
            )
            + "\n",
            encoding="utf-8",
        )
        if args.keep:
            shutil.copytree(work, args.keep, symlinks=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
