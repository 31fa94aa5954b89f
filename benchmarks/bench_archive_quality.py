"""Benchmark: the archive `ingest` makes from real news, against a baseline in the same run.

Runs ../shared/eval/archive_quality.py (PolNeAR train+dev ingested as a newsroom would, in
several orderings and shardings; dev scored on its own as well) on this checkout and on a
baseline commit checked out beside it, both with this checkout's .venv, and prints both
lines and a table. The texts are read at run time from ../shared and never copied here.

Usage: .venv/bin/python benchmarks/bench_archive_quality.py [--baseline REF] [--orders N]
The default baseline is the commit before issue 14 (speaker identity) began.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
SHARED = PROJECT.parent / "shared"
EVAL = SHARED / "eval" / "archive_quality.py"
GOLD = [SHARED / "polnear" / "train.jsonl", SHARED / "polnear" / "dev.jsonl"]
BASELINE = "6aa5a6f"
FIGURES = ("full-name precision", "recall", "clean speaker files")


def clone(source: Path | None, ref: str | None, target: Path) -> Path:
    """A throw-away project to ingest into: code from `source` (or `ref`), the topics, and
    a link to this checkout's .venv."""
    target.mkdir()
    if ref is not None:
        subprocess.run(["git", "-C", str(PROJECT), "worktree", "add", "--detach",
                        str(target / "tree"), ref], check=True, capture_output=True)  # fmt: skip
        source = target / "tree"
    assert source is not None
    shutil.copytree(source / "generator", target / "generator")
    shutil.copytree(source / "schema", target / "schema")
    (target / "quotes").mkdir()
    shutil.copy(PROJECT / "quotes" / "topics.yaml", target / "quotes")
    (target / ".venv").symlink_to(PROJECT / ".venv")
    if ref is not None:
        subprocess.run(["git", "-C", str(PROJECT), "worktree", "remove", "--force",
                        str(target / "tree")], check=True, capture_output=True)  # fmt: skip
    return target


def measure(project: Path, orders: int) -> tuple[str, str]:
    """The eval's `focus:` (dev) and `archive:` (train+dev) lines."""
    done = subprocess.run(
        [str(PROJECT / ".venv" / "bin" / "python"), str(EVAL), str(project), *map(str, GOLD),
         "--orders", str(orders), "--focus", str(GOLD[1])],
        capture_output=True, text=True, timeout=3600,
    )  # fmt: skip
    lines = done.stdout.splitlines()
    focus = next((line for line in lines if line.startswith("focus: ")), "focus: (none)")
    archive = next((line for line in lines if line.startswith("archive: ")), done.stdout[-300:])
    return focus, archive


def figures(line: str) -> list[str]:
    found = [re.search(rf"{name} (\d\.\d+)", line) for name in FIGURES]
    return [m.group(1) if m else "-" for m in found]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", default=BASELINE, help="git ref of the baseline code")
    parser.add_argument("--orders", type=int, default=3)
    args = parser.parse_args()
    if not EVAL.exists() or not all(g.exists() for g in GOLD):
        print(f"needs {EVAL} and the PolNeAR files beside the project", file=sys.stderr)
        return 2
    results = {}
    with tempfile.TemporaryDirectory() as work:
        base = clone(None, args.baseline, Path(work) / "baseline")
        head = clone(PROJECT, None, Path(work) / "head")
        for name, project in ((f"baseline {args.baseline}", base), ("this checkout", head)):
            results[name] = measure(project, args.orders)
            print(f"{name}:\n  {results[name][0]}\n  {results[name][1]}", flush=True)
    print("\n| code | corpus | " + " | ".join(FIGURES) + " | runs failed | orderings agree |")
    print("|" + " --- |" * (len(FIGURES) + 4))
    for name, (focus, archive) in results.items():
        failed = re.search(r"runs failed (\d+/\d+)", archive)
        agree = re.search(r"orderings agree: (\w+)", archive)
        tail = [failed.group(1) if failed else "-", agree.group(1) if agree else "-"]
        print(f"| {name} | train+dev | " + " | ".join(figures(archive) + tail) + " |")
        print(f"| {name} | dev | " + " | ".join(figures(focus)) + " | | |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
