"""The `build` recipe: archive -> Markdown in content/ -> MkDocs -> site/ with a Pagefind index.

The build is all or nothing. It validates first, renders, and builds the whole new site in a
staging directory next to `site/` (MkDocs reads a staged copy of content/, so a failure
leaves content/ alone too). Only when MkDocs and Pagefind both succeeded does it write the
generated part of content/ and swap the new site into `site/` by renaming.

MkDocs and Pagefind run at the same time: the search index is made from the archive, not
from MkDocs' HTML, so it is written to a folder of its own while MkDocs runs as a child
process (MkDocs empties its site_dir first, so the index cannot go there yet), and moved
into the new site once MkDocs has finished. Either failing fails the build.

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
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.checks import load_valid_archive
from generator.errors import BuildError
from generator.models import Archive
from generator.publish import site_files, write_site_files
from generator.render import GENERATED, render_site
from generator.search import search_shards, write_search_shards
from generator.store import write_files_atomically

STAGING_PREFIX = ".site-build-"

MKDOCS_BUILD = """
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
config = load_config(config_file=sys.argv[1], docs_dir=sys.argv[2], site_dir=sys.argv[3],
                     site_url=sys.argv[4] if len(sys.argv) > 4 else None)
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
    site_url: str = ""
    """mkdocs.yml's site_url: feeds, exports and share previews need absolute URLs."""


@dataclass
class Phase:
    """Wall time of one build step and, for steps run as a child process, its peak memory."""

    name: str
    seconds: float = 0.0
    peak_rss_kb: int | None = None
    start: float = 0.0
    """Seconds from the start of the build: phases that overlap start before others end."""


@dataclass
class BuildReport:
    """What a build did: counts for the summary line, phases for the benchmark."""

    site: Path
    speakers: int = 0
    quotes: int = 0
    pages: int = 0
    records: int = 0
    search_indexes: int = 0
    files: int = 0
    """Feeds and data export files written beside the pages (generator.publish)."""
    """Pagefind indexes (shards) the records were split into."""
    phases: list[Phase] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        """Wall time from the first phase's start to the last one's end (phases overlap)."""
        return max((p.start + p.seconds for p in self.phases), default=0.0)

    def summary(self) -> str:
        total = self.seconds
        return (
            f"built {self.site}: {self.pages} pages, {self.speakers} speakers, "
            f"{self.quotes} quotes, {self.records} search records in {total:.1f}s"
        )


def build_site(
    config_file: Path = Path("mkdocs.yml"),
    quotes_dir: Path = Path("quotes"),
    site_url: str | None = None,
) -> BuildReport:
    """Perform a full, atomic site build; `site_url` overrides mkdocs.yml's."""
    paths = site_paths(config_file, quotes_dir, site_url)
    report = BuildReport(paths.site)
    start = time.perf_counter()
    with _phase(report, "validate", start):
        archive = load_valid_archive(paths.quotes)
    with _phase(report, "render", start):
        pages = render_site(archive)
    with staging_area(paths.site) as staging:
        with _phase(report, "stage", start):
            stage_docs(paths.content, pages, staging / "docs")
        mkdocs = start_mkdocs(
            paths.config, staging / "docs", staging / "site", build_epoch(archive), paths.site_url
        )
        try:
            with _phase(report, "pagefind", start) as phase:
                index = write_search_shards(
                    search_shards(archive),
                    staging / "search" / "pagefind",
                    previous=paths.site / "pagefind",
                )
                phase.peak_rss_kb = index.peak_rss_kb
        except BaseException:
            mkdocs.kill()
            raise
        report.phases.insert(-1, finish_mkdocs(mkdocs, start))
        with _phase(report, "write", start):
            move_search_index(staging / "search", staging / "site")
            report.files = write_site_files(staging / "site", site_files(archive, paths.site_url))
            write_generated_content(paths.content, pages)
            swap_directory(staging / "site", paths.site, staging / "previous")
    report.speakers = len(archive.speakers)
    report.quotes = sum(len(s.quotes) for s in archive.speakers)
    report.pages = len(pages)
    report.records = index.records
    report.search_indexes = index.shards
    return report


@contextlib.contextmanager
def _phase(report: BuildReport, name: str, build_start: float) -> Iterator[Phase]:
    start = time.perf_counter()
    phase = Phase(name, start=start - build_start)
    try:
        yield phase
    finally:
        phase.seconds = time.perf_counter() - start
        report.phases.append(phase)


# -- Steps ---------------------------------------------------------------------------------


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml safely, turning tags such as !!python/name or !ENV into None."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def site_paths(config_file: Path, quotes_dir: Path, site_url: str | None = None) -> SitePaths:
    """Resolve content/ and site/ from mkdocs.yml (docs_dir, site_dir), as MkDocs does,
    and the site's absolute URL (site_url, unless given)."""
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
        site_url=_site_url(config_file, site_url or config.get("site_url")),
    )


def _site_url(config_file: Path, url: object) -> str:
    """The site's absolute http(s) URL, ending in a slash."""
    text = str(url or "").strip()
    if not text.startswith(("https://", "http://")) or text[-3:] == "://":
        raise BuildError(
            f"{config_file}: site_url expected an absolute http(s) URL (feeds and the data "
            f"export link to quotes with it), found {text or 'nothing'}; set it or pass --site-url"
        )
    return text if text.endswith("/") else text + "/"


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


def start_mkdocs(
    config_file: Path, docs: Path, site: Path, epoch: int, site_url: str | None = None
) -> Child:
    """Start MkDocs in a child process, to be waited for by `finish_mkdocs`."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch)}
    command = [sys.executable, "-c", MKDOCS_BUILD, str(config_file), str(docs), str(site)]
    command += [site_url] if site_url else []
    return Child(command, env=env, cwd=config_file.parent)


def finish_mkdocs(mkdocs: Child, build_start: float) -> Phase:
    """Wait for MkDocs; its phase, with its peak memory (its own VmHWM, which unlike
    ru_maxrss does not start from the size of the parent it was forked from)."""
    returncode, peak, output = mkdocs.result()
    if returncode != 0:
        tail = "\n".join(output.strip().splitlines()[-15:])
        raise BuildError(f"MkDocs failed (exit {returncode}); the previous site is kept:\n{tail}")
    reported = [line.split()[1] for line in output.splitlines() if line.startswith("peak-rss-kb ")]
    return Phase(
        "mkdocs",
        seconds=mkdocs.ended - mkdocs.started,
        peak_rss_kb=int(reported[-1]) if reported and reported[-1] != "0" else peak,
        start=mkdocs.started - build_start,
    )


def move_search_index(search: Path, site: Path) -> None:
    """Move the bundles indexed beside the site into it (rename: same file system)."""
    for bundle in sorted(search.iterdir()):
        target = site / bundle.name
        if target.exists():
            raise BuildError(
                f"the hand-written pages have a {bundle.name}/ folder, where the search "
                "index goes; rename it"
            )
        os.rename(bundle, target)


class Child:
    """A child process waited for by a thread from the start, so its end time and peak
    memory are known exactly while the build does other work."""

    def __init__(
        self, command: list[str], env: dict[str, str] | None = None, cwd: Path | None = None
    ) -> None:
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in result()
        self.started = time.perf_counter()
        self.ended = self.started
        self.returncode = -1
        self.peak_rss_kb = 0
        try:
            self.process = subprocess.Popen(
                command, stdout=self._log, stderr=subprocess.STDOUT, env=env, cwd=cwd
            )
        except BaseException:
            self._log.close()
            raise
        self._waiter = threading.Thread(target=self._wait, daemon=True)
        self._waiter.start()

    def _wait(self) -> None:
        _, status, usage = os.wait4(self.process.pid, 0)
        self.ended = time.perf_counter()
        self.returncode = self.process.returncode = os.waitstatus_to_exitcode(status)
        self.peak_rss_kb = usage.ru_maxrss

    def result(self) -> tuple[int, int, str]:
        """Wait for the child; its exit code, peak memory (KB) and combined output."""
        self._waiter.join()
        with self._log:
            self._log.seek(0)
            output = self._log.read().decode("utf-8", "replace")
        return self.returncode, self.peak_rss_kb, output

    def kill(self) -> None:
        """Stop the child (the build failed elsewhere) and wait for it."""
        if self._waiter.is_alive():
            with contextlib.suppress(OSError):
                os.kill(self.process.pid, signal.SIGKILL)
        self.result()


def run_child(
    command: list[str], env: dict[str, str] | None = None, cwd: Path | None = None
) -> tuple[int, int, str]:
    """Run a command; return its exit code, peak memory (KB) and combined output."""
    return Child(command, env=env, cwd=cwd).result()


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
