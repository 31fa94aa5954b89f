"""The `build` recipe: archive -> Markdown in content/ -> MkDocs -> site/ with a Pagefind index.

The build is all or nothing. It validates first, renders, and builds the whole new site in a
staging directory next to `site/` (MkDocs reads a staged copy of content/, so a failure
leaves content/ alone too). Only when MkDocs and Pagefind both succeeded does it write the
generated part of content/ and swap the new site into `site/` by renaming.

It is also deterministic: pages are sorted, unchanged files are not rewritten, and the build
date MkDocs puts in sitemap.xml(.gz) is the newest date in the archive (SOURCE_DATE_EPOCH),
so building twice gives identical files.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.checks import load_valid_archive
from generator.errors import BuildError
from generator.models import Archive
from generator.render import GENERATED, RESERVED_SLUGS, render_site
from generator.search import search_shards, write_search_shards
from generator.store import write_files_atomically

STAGING_PREFIX = ".site-build-"

MKDOCS_BUILD = """
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
config = load_config(config_file=sys.argv[1], docs_dir=sys.argv[2], site_dir=sys.argv[3])
config.plugins.on_startup(command="build", dirty=False)
try:
    build(config)
finally:
    config.plugins.on_shutdown()
status = open("/proc/self/status").read() if sys.platform == "linux" else ""
print("peak-rss-kb", ([l.split()[1] for l in status.splitlines() if l.startswith("VmHWM:")]
                      or ["0"])[0])
"""
"""`mkdocs build` with docs_dir and site_dir pointed at the staging area (its CLI cannot)."""


@dataclass(frozen=True)
class SitePaths:
    """Where a build reads and writes; content/ and site/ come from mkdocs.yml."""

    config: Path
    quotes: Path
    content: Path
    site: Path


@dataclass
class Phase:
    """Wall time of one build step and, for steps run as a child process, its peak memory."""

    name: str
    seconds: float = 0.0
    peak_rss_kb: int | None = None


@dataclass
class BuildReport:
    """What a build did: counts for the summary line, phases for the benchmark."""

    site: Path
    speakers: int = 0
    quotes: int = 0
    pages: int = 0
    records: int = 0
    search_indexes: int = 0
    """Pagefind indexes (shards) the records were split into."""
    phases: list[Phase] = field(default_factory=list)

    def summary(self) -> str:
        total = sum(p.seconds for p in self.phases)
        return (
            f"built {self.site}: {self.pages} pages, {self.speakers} speakers, "
            f"{self.quotes} quotes, {self.records} search records in {total:.1f}s"
        )


def build_site(
    config_file: Path = Path("mkdocs.yml"), quotes_dir: Path = Path("quotes")
) -> BuildReport:
    """Perform a full, atomic site build."""
    paths = site_paths(config_file, quotes_dir)
    report = BuildReport(paths.site)
    with _phase(report, "validate"):
        archive = load_valid_archive(paths.quotes)
        check_slugs(archive)
    with _phase(report, "render"):
        pages = render_site(archive)
    with staging_area(paths.site) as staging:
        with _phase(report, "stage"):
            stage_docs(paths.content, pages, staging / "docs")
        with _phase(report, "mkdocs") as phase:
            phase.peak_rss_kb = run_mkdocs(
                paths.config, staging / "docs", staging / "site", build_epoch(archive)
            )
        with _phase(report, "pagefind") as phase:
            shards = [shard.records() for shard in search_shards(archive)]
            index = write_search_shards(shards, staging / "site" / "pagefind")
            phase.peak_rss_kb = index.peak_rss_kb
        with _phase(report, "write"):
            write_generated_content(paths.content, pages)
            swap_directory(staging / "site", paths.site, staging / "previous")
    report.speakers = len(archive.speakers)
    report.quotes = sum(len(s.quotes) for s in archive.speakers)
    report.pages = len(pages)
    report.records = index.records
    report.search_indexes = index.shards
    return report


@contextlib.contextmanager
def _phase(report: BuildReport, name: str) -> Iterator[Phase]:
    phase = Phase(name)
    start = time.perf_counter()
    try:
        yield phase
    finally:
        phase.seconds = time.perf_counter() - start
        report.phases.append(phase)


# -- Steps ---------------------------------------------------------------------------------


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml safely, turning tags such as !!python/name or !ENV into None."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def site_paths(config_file: Path, quotes_dir: Path) -> SitePaths:
    """Resolve content/ and site/ from mkdocs.yml (docs_dir, site_dir), as MkDocs does."""
    try:
        config: dict[str, Any] = (
            yaml.load(config_file.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
        )
    except (OSError, yaml.YAMLError) as exc:
        raise BuildError(f"{config_file}: cannot read the MkDocs configuration: {exc}") from exc
    base = config_file.resolve().parent
    return SitePaths(
        config=config_file.resolve(),
        quotes=quotes_dir,
        content=base / str(config.get("docs_dir") or "docs"),
        site=base / str(config.get("site_dir") or "site"),
    )


def check_slugs(archive: Archive) -> None:
    """Refuse slugs whose page would replace an index page (validation allows them)."""
    taken = [s.slug for s in archive.speakers if s.slug in RESERVED_SLUGS]
    if taken:
        raise BuildError(
            f"speaker slug {taken[0]!r} is reserved for the people index; "
            "rename the speaker file and its slug"
        )


@contextlib.contextmanager
def staging_area(site_dir: Path) -> Iterator[Path]:
    """A scratch directory beside site/ (same file system, so the swap is a rename)."""
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=site_dir.parent))
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def is_generated(relative: str) -> bool:
    """Whether a path under content/ belongs to the build (the rest is written by hand)."""
    top = relative.split("/", 1)[0]
    return relative in GENERATED or top in GENERATED


def stage_docs(content_dir: Path, pages: dict[str, str], docs: Path) -> None:
    """Copy the hand-written part of content/ and add the freshly rendered pages."""
    if content_dir.is_dir():
        shutil.copytree(content_dir, docs, ignore=functools.partial(_ignore_generated, content_dir))
    for relative, text in pages.items():
        target = docs / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="\n")


def _ignore_generated(content_dir: Path, directory: str, names: list[str]) -> set[str]:
    if Path(directory).resolve() != content_dir.resolve():
        return set()
    return {name for name in names if is_generated(name)}


def build_epoch(archive: Archive) -> int:
    """The newest date in the archive as a Unix time: the reproducible 'build date'."""
    dates = [
        d
        for s in archive.speakers
        for q in s.quotes
        for d in (q.date, *(src.date for src in q.sources))
        if d
    ]
    if not dates:
        return 0
    newest = max(d + "-01-01"[len(d) - 4 :] for d in dates)
    day = dt.datetime.strptime(newest, "%Y-%m-%d").replace(tzinfo=dt.UTC)
    return int(day.timestamp())


def run_mkdocs(config_file: Path, docs: Path, site: Path, epoch: int) -> int:
    """Run MkDocs in a child process; return its peak memory in KB (its own VmHWM, which
    unlike ru_maxrss does not start from the size of the parent it was forked from)."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch)}
    command = [sys.executable, "-c", MKDOCS_BUILD, str(config_file), str(docs), str(site)]
    returncode, peak, output = run_child(command, env=env, cwd=config_file.parent)
    if returncode != 0:
        tail = "\n".join(output.strip().splitlines()[-15:])
        raise BuildError(f"MkDocs failed (exit {returncode}); the previous site is kept:\n{tail}")
    reported = [line.split()[1] for line in output.splitlines() if line.startswith("peak-rss-kb ")]
    return int(reported[-1]) if reported and reported[-1] != "0" else peak


def run_child(
    command: list[str], env: dict[str, str] | None = None, cwd: Path | None = None
) -> tuple[int, int, str]:
    """Run a command; return its exit code, peak memory (KB) and combined output."""
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=cwd)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        return process.returncode, usage.ru_maxrss, log.read().decode("utf-8", "replace")


def write_generated_content(content_dir: Path, pages: dict[str, str]) -> None:
    """Bring content/'s generated part in line with `pages`: write changes, drop stale files."""
    existing = {
        path.relative_to(content_dir).as_posix(): path for path in _generated_files(content_dir)
    }
    changed = {
        content_dir / relative: text
        for relative, text in pages.items()
        if relative not in existing or existing[relative].read_text(encoding="utf-8") != text
    }
    stale = [path for relative, path in sorted(existing.items()) if relative not in pages]
    write_files_atomically(changed, stale)
    for folder in GENERATED:
        _remove_empty_dirs(content_dir / folder)


def _generated_files(content_dir: Path) -> list[Path]:
    files = []
    for name in GENERATED:
        path = content_dir / name
        if path.is_file():
            files.append(path)
        elif path.is_dir():
            files.extend(p for p in path.rglob("*") if p.is_file())
    return sorted(files)


def _remove_empty_dirs(folder: Path) -> None:
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        if path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def swap_directory(new: Path, target: Path, previous: Path) -> None:
    """Put `new` in place of `target` by renaming; `target`'s old tree moves to `previous`."""
    if target.exists():
        os.rename(target, previous)
    try:
        os.rename(new, target)
    except OSError:
        if previous.exists():
            os.rename(previous, target)
        raise


# -- Preview -------------------------------------------------------------------------------


def serve_site(site_dir: Path, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve the built site over HTTP until interrupted."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    with (
        http.server.ThreadingHTTPServer((host, port), handler) as server,
        contextlib.suppress(KeyboardInterrupt),
    ):
        server.serve_forever()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass
