"""MkDocs over batches of pages, in parallel processes, with the output of one MkDocs run.

One MkDocs process over 20k person pages takes minutes and holds every page's Markdown and
HTML in memory until it writes the first file (1.5 GB at 200k quotes, 6 GB at 1M). But a
person or topic page is not in the nav, and nothing in its HTML depends on any page but
itself and the pages of the nav (their titles and front matter). So the build splits them
into batches, each converted by plain `mkdocs build` in a docs tree of its own: hard links
to the batch's staged pages plus a *stub* of every other page the nav may show (its front
matter and first heading: all the theme takes from a page that is not the current one).
Memory is bounded by the batch size; `workers` batches run at once.

The *main* run converts everything else over the whole staged docs tree, straight into the
new site: the home page, the indexes, the hand-written pages, the theme's files, 404.html
and sitemap.xml (which lists every page). It runs `--dirty`: the batched pages are staged
dated UNCHANGED_MTIME, and an empty placeholder newer than that stands where each one's
HTML goes, so MkDocs lists them in the sitemap but neither reads nor writes them. The
batches' HTML then replaces the placeholders. Unchanged pages of an incremental build are
handled the same way by the main run, with the previous site's HTML linked instead of a
placeholder; they are in no batch at all.

Nothing here is a plugin or a hook: mkdocs.yml still builds the site with one `mkdocs build`.
"""

from __future__ import annotations

import contextlib
import math
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import BuildError

KEPT_FOLDERS = ("people", "topics")
"""Where pages may be batched or keep the previous build's HTML: a page per person/topic."""
UNCHANGED_MTIME = 946_684_800
"""2000-01-01: the time given to a staged page that the main run must skip, so MkDocs' dirty
mode finds its HTML (a placeholder, or linked from the previous site) newer."""
BATCH_CHARS = 16_000_000
"""Markdown per batch (characters, or bytes of the staged file). A MkDocs process holds about
4.5 bytes of memory per character of its pages on top of ~40 MB, converts about 2 M
characters per CPU second and spends ~0.45 s starting (imports, theme files, 404 page,
sitemap): batches of 16 M characters peak near 110 MB each and spend ~6% of their time
starting (benchmarks/bench_mkdocs_batches.py; at 200k quotes, 334 M characters make 21
batches). While Pagefind, the build's largest process (~0.9 GB), runs, one worker fewer does."""

MKDOCS_BUILD = """
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
dirty = sys.argv[4] == "dirty"
config = load_config(config_file=sys.argv[1], docs_dir=sys.argv[2], site_dir=sys.argv[3],
                     site_url=sys.argv[5] if len(sys.argv) > 5 else None)
config.plugins.on_startup(command="build", dirty=dirty)
try:
    build(config, dirty=dirty)
finally:
    config.plugins.on_shutdown()
status = open("/proc/self/status").read() if sys.platform == "linux" else ""
print("peak-rss-kb", ([l.split()[1] for l in status.splitlines() if l.startswith("VmHWM:")]
                      or ["0"])[0])
"""
"""`mkdocs build [--dirty]` with docs_dir and site_dir pointed at the staging area (its CLI
cannot). Dirty, MkDocs skips every page whose HTML is newer than its Markdown."""

_ATX_H1 = re.compile(r"^# ", re.MULTILINE)


def html_path(page: str) -> str:
    """Where MkDocs writes a page's HTML (directory URLs): people/x.md -> people/x/index.html."""
    stem = page.removesuffix(".md")
    return f"{stem}.html" if stem == "index" or stem.endswith("/index") else f"{stem}/index.html"


def is_batchable(page: str, nav: AbstractSet[str] | None) -> bool:
    """Whether a page's HTML depends on nothing but itself and the nav: a person or topic
    page that the nav does not list. Without a nav MkDocs lists every page in each page,
    so nothing is."""
    return (
        nav is not None
        and page.split("/", 1)[0] in KEPT_FOLDERS
        and not page.endswith("/index.md")
        and page not in nav
    )


def plan_batches(
    sizes: Mapping[str, int], batch_chars: int | None = None, workers: int = 1
) -> list[tuple[str, ...]]:
    """Split pages ({path: size of its Markdown}) into batches of consecutive paths, balanced by
    size: none when they fit in one batch (the main run converts them: no process to start),
    else at least `workers` and enough that each stays near `batch_chars`."""
    batch_chars = batch_chars or BATCH_CHARS
    paths = sorted(sizes)
    total = sum(sizes.values())
    if not paths or total <= batch_chars:
        return []
    count = min(len(paths), max(workers, math.ceil(total / batch_chars)))
    batches: list[list[str]] = [[] for _ in range(count)]
    done = 0
    for path in paths:
        middle = 2 * done + sizes[path]  # twice the page's middle, in characters
        batches[min(count - 1, middle * count // (2 * total))].append(path)
        done += sizes[path]
    return [tuple(batch) for batch in batches if batch]


def nav_stub(text: str) -> str:
    """What a page that is not the current one gives the theme: its front matter (nav icons,
    status, title) and its first `# ` heading (the title MkDocs falls back to)."""
    from mkdocs.utils.meta import get_data

    body, _ = get_data(text)
    if not text.endswith(body):
        return text
    heading = _ATX_H1.search(body)
    title = body[heading.start() :].split("\n", 1)[0] + "\n" if heading else ""
    return text[: len(text) - len(body)] + title


def stage_batches(
    docs: Path,
    site: Path,
    folder: Path,
    batches: Sequence[tuple[str, ...]],
    nav: AbstractSet[str] | None,
) -> list[Path]:
    """Give each batch a docs tree under `folder` and put placeholders for its pages' HTML
    in `site` (the main run skips them); the batches' folders.

    A batch's docs tree holds hard links to its staged pages and a stub of every staged
    page that is in no batch (the nav's pages among them)."""
    if not batches:
        return []
    batched = {page for batch in batches for page in batch}
    stubs = {
        relative: nav_stub(path.read_text(encoding="utf-8-sig"))
        for path in sorted(docs.rglob("*.md"))
        if (relative := path.relative_to(docs).as_posix()) not in batched
        and not is_batchable(relative, nav)
    }
    placeholder = folder / "placeholder.html"
    folder.mkdir(parents=True, exist_ok=True)
    placeholder.touch()
    for page in sorted(batched):
        _link(placeholder, site / html_path(page))
        os.utime(docs / page, (UNCHANGED_MTIME, UNCHANGED_MTIME))
    roots = []
    for number, batch in enumerate(batches, start=1):
        root = folder / f"batch-{number}"
        for page in batch:
            _link(docs / page, root / "docs" / page)
        for relative, text in stubs.items():
            target = root / "docs" / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8", newline="")
        roots.append(root)
    return roots


def _link(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except FileNotFoundError:
        target.parent.mkdir(parents=True, exist_ok=True)
        os.link(source, target)


def collect_batch(root: Path, batch: Iterable[str], site: Path) -> None:
    """Move a batch's HTML over the placeholders in `site` (where MkDocs wrote nothing for
    a page, as for empty output, the placeholder goes too), then drop the batch's folder
    (its copies of the theme, 404.html and sitemap are the main run's)."""
    for page in batch:
        relative = html_path(page)
        try:
            os.replace(root / "site" / relative, site / relative)
        except FileNotFoundError:
            os.unlink(site / relative)
    shutil.rmtree(root, ignore_errors=True)


@dataclass(frozen=True)
class RunStats:
    """One MkDocs process: wall and CPU seconds, peak memory (its own VmHWM, which unlike
    ru_maxrss does not start from the size of the parent it was forked from)."""

    name: str
    pages: int | None
    """Pages of the batch; None for the main run."""
    start: float
    seconds: float
    cpu_seconds: float
    peak_rss_kb: int


@dataclass
class MkDocsRuns:
    """The main run and the batches, `workers` processes at a time, started by a scheduler
    thread as soon as created; `set_workers` changes how many from then on, `result` waits,
    `kill` stops them all."""

    config_file: Path
    main_docs: Path
    site: Path
    batches: Sequence[tuple[str, ...]]
    roots: Sequence[Path]
    env: dict[str, str]
    site_url: str | None = None
    workers: int = 1
    started: float = field(default_factory=time.perf_counter)
    ended: float = 0.0
    stats: list[RunStats] = field(default_factory=list)
    error: str | None = None
    _children: dict[str, Child] = field(default_factory=dict)
    _stop: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _running: int = 0
    _slots: threading.Condition = field(default_factory=threading.Condition)

    def __post_init__(self) -> None:
        self._thread = threading.Thread(target=self._schedule, daemon=True)
        self._thread.start()

    def _jobs(self) -> list[tuple[str, list[str], int | None]]:
        main = self._command(self.main_docs, self.site, dirty=True)
        jobs: list[tuple[str, list[str], int | None]] = [("main", main, None)]
        for root, batch in zip(self.roots, self.batches, strict=True):
            command = self._command(root / "docs", root / "site", dirty=False)
            jobs.append((root.name, command, len(batch)))
        return jobs

    def _command(self, docs: Path, site: Path, dirty: bool) -> list[str]:
        mode = "dirty" if dirty else "clean"
        command = [sys.executable, "-c", MKDOCS_BUILD, str(self.config_file), str(docs)]
        return command + [str(site), mode] + ([self.site_url] if self.site_url else [])

    def set_workers(self, workers: int) -> None:
        """Run at most `workers` processes at once from now on; runs already started finish
        (the build lends a worker's memory and core to Pagefind this way)."""
        with self._slots:
            self.workers = workers
            self._slots.notify_all()

    def _take_slot(self) -> bool:
        """Wait until fewer than `workers` runs are running; False once stopped."""
        with self._slots:
            self._slots.wait_for(
                lambda: self._stop.is_set() or self._running < max(1, self.workers)
            )
            if self._stop.is_set():
                return False
            self._running += 1
            return True

    def _free_slot(self) -> None:
        with self._slots:
            self._running -= 1
            self._slots.notify_all()

    def _schedule(self) -> None:
        waiters = []
        for name, command, pages in self._jobs():
            if not self._take_slot():
                break
            with self._lock:
                if self._stop.is_set():
                    self._free_slot()
                    break
                try:
                    child = Child(command, env=self.env, cwd=self.config_file.parent)
                except OSError as exc:
                    self.error = self.error or f"MkDocs ({name}) did not start: {exc}"
                    self._stop.set()
                    self._free_slot()
                    break
                self._children[name] = child
            waiter = threading.Thread(target=self._finish, args=(name, child, pages), daemon=True)
            waiter.start()
            waiters.append(waiter)
        for waiter in waiters:
            waiter.join()
        self.ended = time.perf_counter()

    def _finish(self, name: str, child: Child, pages: int | None) -> None:
        try:
            returncode, peak, output = child.result()
            if returncode != 0:
                tail = "\n".join(output.strip().splitlines()[-15:])
                with self._lock:
                    self.error = (
                        self.error or f"MkDocs ({name}) failed (exit {returncode}):\n{tail}"
                    )
                self.kill(wait=False)
                return
            reported = [
                line.split()[1] for line in output.splitlines() if line.startswith("peak-rss-kb ")
            ]
            peak = int(reported[-1]) if reported and reported[-1] != "0" else peak
            seconds = child.ended - child.started
            start = child.started - self.started
            with self._lock:
                self.stats.append(RunStats(name, pages, start, seconds, child.cpu_seconds, peak))
        finally:
            self._free_slot()

    @property
    def children(self) -> list[Child]:
        """The processes started so far."""
        with self._lock:
            return list(self._children.values())

    def kill(self, wait: bool = True) -> None:
        """Stop every run, started or not (the build failed elsewhere, or a run did)."""
        self._stop.set()
        with self._slots:
            self._slots.notify_all()
        with self._lock:
            children = list(self._children.values())
        for child in children:
            child.kill(wait=False)
        if wait:
            self._thread.join()

    def result(self) -> list[RunStats]:
        """Wait for every run; their stats, main run first. BuildError if one failed."""
        self._thread.join()
        if self.error:
            raise BuildError(f"{self.error}\nThe previous site is kept.")
        return sorted(self.stats, key=lambda s: (s.pages is not None, s.start))

    def collect(self) -> None:
        """Move the batches' HTML into the site (after `result`)."""
        for root, batch in zip(self.roots, self.batches, strict=True):
            collect_batch(root, batch, self.site)


class Child:
    """A child process waited for by a thread from the start, so its end time, CPU time and
    peak memory are known exactly while the build does other work."""

    def __init__(
        self, command: list[str], env: dict[str, str] | None = None, cwd: Path | None = None
    ) -> None:
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in result()
        self.started = time.perf_counter()
        self.ended = self.started
        self.returncode = -1
        self.peak_rss_kb = 0
        self.cpu_seconds = 0.0
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
        self.cpu_seconds = usage.ru_utime + usage.ru_stime

    def result(self) -> tuple[int, int, str]:
        """Wait for the child; its exit code, peak memory (KB) and combined output."""
        self._waiter.join()
        with self._log:
            self._log.seek(0)
            output = self._log.read().decode("utf-8", "replace")
        return self.returncode, self.peak_rss_kb, output

    def kill(self, wait: bool = True) -> None:
        """Stop the child (the build failed elsewhere) and, unless told not to, wait."""
        if self._waiter.is_alive():
            with contextlib.suppress(OSError):
                os.kill(self.process.pid, signal.SIGKILL)
        if wait:
            self.result()
