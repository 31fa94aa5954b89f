"""Benchmark the publish phase (feeds, data export, person files): old against new.

The archive is loaded once (the project's loader, `load_valid_archive_with_digests` with a
data cache, as `build` does), then each run is a forked child process (so each has its own
peak memory and starts from the same state), writing into a folder of its own as the
build's publish phase does (`write_site_files`, then the unchanged speakers' files
hard-linked from the previous output with `link_files`):
- old: the publish code of BASELINE (the commit before the segmented exports, read with
  `git show`): every build encodes and compresses both whole-archive exports in one stream;
- new (`generator.publish`): exports joined from segments kept in a fresh cache folder.
Runs: old cold, new cold, then a rebuild with no change (every speaker's files reused) for
both, and a new rebuild after changing one speaker. Checks that new exports decompress to
the old ones' bytes and that the new rebuild's files equal its cold build's. Prints wall
time, peak RSS (the child's high-water mark, and how far above what it started with) and
output sizes, new / old ratios; writes benchmarks/results/publish-<size>.json.

Usage: .venv/bin/python benchmarks/bench_publish.py --quotes-dir DIR [--cache DIR]
       [--label 200k] [--group-size N]
(DIR is read only, e.g. /tmp/bsc/cache/archive-200000q-20000s-200t-seed7-v1/quotes.)
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import json
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import time
import types
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator import publish  # noqa: E402 - after the path set-up above
from generator.checks import load_valid_archive_with_digests  # noqa: E402
from generator.filechores import link_files  # noqa: E402
from generator.models import Archive  # noqa: E402
from generator.publish import segments  # noqa: E402
from generator.publish.links import SiteLinks  # noqa: E402

BASELINE = "777e1b2"
"""The last commit whose publish made each export as one gzip stream every build."""
SITE_URL = "https://example.org/archive/"
BIG = ("data/quotes.jsonl.gz", "data/quotes.csv.gz")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quotes-dir", type=Path, required=True, help="archive (read only)")
    parser.add_argument("--cache", type=Path, help="keep the loader's data cache here")
    parser.add_argument("--label", default="", help="results/publish-<label>.json")
    parser.add_argument("--group-size", type=int, help="speakers per segment to try")
    args = parser.parse_args()
    if args.group_size:
        segments.GROUP_SIZE = args.group_size
        segments.MAX_GROUP = 4 * args.group_size
    work = Path(tempfile.mkdtemp(prefix="bench-publish-"))
    try:
        results = run(args.quotes_dir, args.cache or work / "data-cache", work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    results["group_size"] = segments.GROUP_SIZE
    print_results(results)
    if args.label:
        out = ROOT / "benchmarks" / "results" / f"publish-{args.label}.json"
        out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {out.relative_to(ROOT)}")


def run(quotes_dir: Path, data_cache: Path, work: Path) -> dict[str, Any]:
    start = time.perf_counter()
    archive, digests = load_valid_archive_with_digests(quotes_dir, cache_dir=data_cache)
    quotes = sum(len(s.quotes) for s in archive.speakers)
    print(f"loaded {quotes} quotes in {time.perf_counter() - start:.1f}s", flush=True)
    old = baseline_publish()
    slugs = {s.slug for s in archive.speakers}
    store_dir = work / "publish-cache"

    def new_files(made: Archive, reused: set[str], found: dict[str, str]) -> Iterator[Any]:
        store = segments.SegmentStore(store_dir, segments.export_fingerprint(SITE_URL))
        return publish.site_files(made, SITE_URL, reused, store, found)

    edited, edited_digests = one_speaker_changed(archive, digests)
    runs = {
        "old cold": lambda: publish_into(work / "old1", None, old(archive, frozenset())),
        "new cold": lambda: publish_into(work / "new1", None, new_files(archive, set(), digests)),
        "old rebuild": lambda: publish_into(work / "old2", work / "old1", old(archive, slugs)),
        "new rebuild": lambda: publish_into(
            work / "new2", work / "new1", new_files(archive, slugs, digests)
        ),
        "new one changed": lambda: publish_into(
            work / "new3",
            work / "new2",
            new_files(edited, slugs - {edited_slug(archive)}, edited_digests),
        ),
    }
    results: dict[str, Any] = {"quotes": quotes, "speakers": len(slugs), "runs": {}}
    for name, job in runs.items():
        results["runs"][name] = in_child(job)
        print(f"{name}: {results['runs'][name]}", flush=True)
    results["sizes"] = {
        which: {path: (work / which / path).stat().st_size for path in BIG}
        | {"total": folder_size(work / which)}
        for which in ("old1", "new1")
    }
    results["checks"] = checks(work)
    results["load_average"] = [round(x, 2) for x in os.getloadavg()]
    return results


def publish_into(target: Path, previous: Path | None, files: Iterator[Any]) -> dict[str, Any]:
    """What the build's publish phase does: write the files, link the kept ones."""
    target.mkdir()
    count = publish.write_site_files(target, files)
    if previous is not None:
        kept = (
            str(p.relative_to(previous))
            for folder in ("feeds/people", "data/people")
            for p in sorted((previous / folder).iterdir())
            if not (target / p.relative_to(previous)).exists()
        )
        count += link_files(previous, target, kept)
    return {"files": count}


def in_child(job: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """Run `job` in a forked child: its wall time and peak RSS, and what it returned."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        before = _status("VmRSS")
        start = time.perf_counter()
        cpu = time.process_time()
        out = job()
        out["seconds"] = round(time.perf_counter() - start, 2)
        out["cpu_seconds"] = round(time.process_time() - cpu, 2)
        out["peak_rss_mb"] = _status("VmHWM") // 1024
        out["rss_above_start_mb"] = (_status("VmHWM") - before) // 1024
        with os.fdopen(write, "wb") as pipe:
            pickle.dump(out, pipe)
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        data = pipe.read()
    os.waitpid(pid, 0)
    result: dict[str, Any] = pickle.loads(data)
    return result


def _status(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def baseline_publish() -> Callable[[Archive, Any], Iterator[Any]]:
    """The old `site_files`, from BASELINE's feeds.py and export.py."""
    modules = {}
    for name in ("feeds", "export"):
        source = subprocess.run(
            ["git", "show", f"{BASELINE}:generator/publish/{name}.py"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        module = types.ModuleType(f"baseline_{name}")
        exec(compile(source, f"{BASELINE}:{name}.py", "exec"), module.__dict__)
        modules[name] = module

    def site_files(archive: Archive, reused: Any) -> Iterator[Any]:
        links = SiteLinks(SITE_URL)
        yield from modules["feeds"].feed_files(archive, links, reused)
        yield from modules["export"].export_files(archive, links, reused)

    return site_files


def one_speaker_changed(archive: Archive, digests: dict[str, str]) -> tuple[Archive, dict]:
    slug = edited_slug(archive)
    speakers = tuple(
        dataclasses.replace(s, name=s.name + " (edited)") if s.slug == slug else s
        for s in archive.speakers
    )
    return dataclasses.replace(archive, speakers=speakers), {**digests, slug: "edited"}


def edited_slug(archive: Archive) -> str:
    return sorted(s.slug for s in archive.speakers)[len(archive.speakers) // 2]


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def checks(work: Path) -> dict[str, bool]:
    same_rows = all(
        gzip.decompress((work / "old1" / p).read_bytes())
        == gzip.decompress((work / "new1" / p).read_bytes())
        for p in BIG
    )
    names = sorted(str(p.relative_to(work / "new1")) for p in (work / "new1").rglob("*"))
    identical = all(
        (work / "new1" / n).is_dir()
        or (work / "new1" / n).read_bytes() == (work / "new2" / n).read_bytes()
        for n in names
    ) and names == sorted(str(p.relative_to(work / "new2")) for p in (work / "new2").rglob("*"))
    person_files_same = all(
        (work / "old1" / n).read_bytes() == (work / "new1" / n).read_bytes()
        for n in names
        if n.startswith(("data/people/", "feeds/")) and not (work / "new1" / n).is_dir()
    )
    return {
        "exports decompress to the old bytes": same_rows,
        "rebuild byte-identical to cold": identical,
        "person files and feeds equal to old": person_files_same,
    }


def print_results(results: dict[str, Any]) -> None:
    runs = results["runs"]
    print(f"\n{results['quotes']} quotes, {results['speakers']} speakers, "
          f"group size {results['group_size']}")  # fmt: skip
    for kind in ("cold", "rebuild"):
        old, new = runs[f"old {kind}"], runs[f"new {kind}"]
        print(
            f"{kind:8} wall old {old['seconds']:7.2f}s new {new['seconds']:7.2f}s "
            f"ratio {new['seconds'] / old['seconds']:.2f}; CPU old {old['cpu_seconds']:7.2f}s "
            f"new {new['cpu_seconds']:7.2f}s ratio {new['cpu_seconds'] / old['cpu_seconds']:.2f}"
        )
        print(
            "         peak RSS above start "
            f"old {old['rss_above_start_mb']} MB new {new['rss_above_start_mb']} MB "
            f"(peak {old['peak_rss_mb']} / {new['peak_rss_mb']} MB)"
        )
    changed = runs["new one changed"]
    print(f"one speaker changed: new {changed['seconds']:.2f}s (CPU {changed['cpu_seconds']:.2f}s)")
    print(f"load average at the end: {results['load_average']}")
    old, new = results["sizes"]["old1"], results["sizes"]["new1"]
    for key in (*BIG, "total"):
        print(f"{key:22} old {old[key]:>12,} new {new[key]:>12,} ratio {new[key] / old[key]:.4f}")
    for check, ok in results["checks"].items():
        print(f"{check}: {'yes' if ok else 'NO'}")


if __name__ == "__main__":
    main()
