"""Benchmark: the validate phase of a build (`load_valid_archive_with_digests`), new against old.

Run from the project root:

    .venv/bin/python benchmarks/bench_validate.py --quotes DIR [--baseline REF] [--warm]

The baseline is the generator of a git ref (default `main`), extracted with `git archive`
into a temporary directory. Each variant runs in a child process of its own on a cold
cache (an empty cache directory, as a first build) and reports wall time, peak RSS of that
process (ru_maxrss) and of its largest worker process, CPU seconds of both (wall time on a
machine shared with other work can be twice what it is on an idle one; CPU time is steadier),
and the number of speakers and quotes it loaded; `--warm` adds a second run of each on the
cache the first one left (a rebuild with nothing changed). `--new-only` skips the old code
(at 1M quotes it needs 10.7 GB). Prints the figures and the ratio new/old.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = """
import json, resource, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from generator.checks import load_valid_archive_with_digests
start = time.perf_counter()
archive, digests = load_valid_archive_with_digests(Path(sys.argv[2]), cache_dir=Path(sys.argv[3]))
seconds = time.perf_counter() - start
own = resource.getrusage(resource.RUSAGE_SELF)
children = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({
    "seconds": seconds,
    "cpu_seconds": own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime,
    "peak_mb": own.ru_maxrss / 1024,
    "worker_peak_mb": children.ru_maxrss / 1024,
    "speakers": len(archive.speakers),
    "quotes": sum(len(s.quotes) for s in archive.speakers),
    "digests": len(digests),
}))
"""


def run(code_root: Path, quotes: Path, cache_dir: Path) -> dict[str, float]:
    """Validate once in a child process importing the generator under `code_root`."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(code_root), str(quotes), str(cache_dir)],
        check=True,
        capture_output=True,
        text=True,
        cwd=code_root,
    )
    return json.loads(done.stdout.splitlines()[-1])


def extract(ref: str, into: Path) -> Path:
    """The generator and schemas of a git ref, as files under `into`."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", ref, "generator", "schema"],
        check=True,
        capture_output=True,
    ).stdout
    into.mkdir()
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def show(label: str, new: dict[str, float], old: dict[str, float]) -> None:
    print(
        f"{label}: wall {new['seconds']:.1f} s vs {old['seconds']:.1f} s "
        f"(x{new['seconds'] / old['seconds']:.2f}), CPU {new['cpu_seconds']:.1f} s vs "
        f"{old['cpu_seconds']:.1f} s (x{new['cpu_seconds'] / old['cpu_seconds']:.2f}), "
        f"peak RSS {new['peak_mb']:.0f} MB vs {old['peak_mb']:.0f} MB "
        f"(x{new['peak_mb'] / old['peak_mb']:.2f}; largest worker {new['worker_peak_mb']:.0f} "
        f"MB vs {old['worker_peak_mb']:.0f} MB)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quotes", type=Path, required=True, help="archive directory (read only)")
    parser.add_argument("--baseline", default="main", help="git ref of the old code")
    parser.add_argument("--warm", action="store_true", help="also time a rebuild on the cache")
    parser.add_argument("--new-only", action="store_true", help="measure the new code alone")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-validate-") as tmp:
        base = extract(args.baseline, Path(tmp) / "old")
        figures: dict[str, dict[str, dict[str, float]]] = {}
        variants = [("old", base), ("new", ROOT)][1 if args.new_only else 0 :]
        for name, code_root in variants:
            cache_dir = Path(tmp) / f"cache-{name}"
            cache_dir.mkdir()
            figures[name] = {"cold": run(code_root, args.quotes, cache_dir)}
            if args.warm:
                figures[name]["warm"] = run(code_root, args.quotes, cache_dir)
            print(name, json.dumps(figures[name]), flush=True)
    if args.new_only:
        return
    old, new = figures["old"], figures["new"]
    for key in ("speakers", "quotes", "digests"):
        if new["cold"][key] != old["cold"][key]:
            sys.exit(f"new and old loaded different archives: {key}")
    print(f"archive: {args.quotes} ({new['cold']['quotes']:.0f} quotes), baseline {args.baseline}")
    for phase in new:
        show(phase, new[phase], old[phase])


if __name__ == "__main__":
    main()
