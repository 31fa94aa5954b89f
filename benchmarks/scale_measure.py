"""Running a build in a child process and measuring it: time, memory, files on disk.

Memory is measured two ways, both for the child's whole process tree (the build process and
the MkDocs and Pagefind processes it starts):
- `tree_peak_kb`: the largest sum of the resident set sizes (VmRSS) of every process in the
  tree, sampled from /proc every SAMPLE_SECONDS. It catches processes that run at the same time
  (MkDocs beside Pagefind) but can miss a spike shorter than the interval, and counts pages
  shared between processes once per process. A child that still shares its parent's memory
  (spawned with vfork, not yet exec'd: how Python starts every subprocess) is left out: it
  would add the parent's whole RSS for an instant (a 2.6 GB build starting a MkDocs batch
  read as 5.2 GB).
- `tree_pss_peak_kb`: the same sum taken over proportional set sizes (Pss in
  /proc/PID/smaps_rollup): a page several processes share counts once in all, split between
  them. The build forks its page workers from a process holding the archive: each worker's
  RSS counts the whole archive again although it is one copy in memory until written, so the
  RSS sum overstates what the tree holds; PSS is what it holds.
- `process_peak_kb`: the largest peak of a single process: the child's own high-water mark
  (VmHWM, from wait4's ru_maxrss of a fresh interpreter) and those of its waited-for children
  (ru_maxrss of RUSAGE_CHILDREN inside the child, which the build child reports).
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PACK_PAGES = ROOT / ".ci" / "pack-pages"
"""How the Pages workflow packs the site (a tar of it, files in name order)."""
ARTIFACT_METHOD = "sorted tar, gzip -9"
"""How `artifact_bytes` measures, saved with each result (older ones: "tar, gzip -6")."""
SAMPLE_SECONDS = 0.1
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024

BUILD_CHILD = """
import dataclasses, json, resource, sys, time
from pathlib import Path
from generator.site import build_site

def plain(value):
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {k: plain(v) for k, v in vars(value).items() if not k.startswith("_")}
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [plain(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)

start = time.perf_counter()
downloads = sys.argv[4] if len(sys.argv) > 4 else None
report = build_site(Path(sys.argv[1]), Path(sys.argv[2]), downloads_url=downloads)
data = plain(report)
data["wall_seconds"] = time.perf_counter() - start
data["report_seconds"] = getattr(report, "seconds", None)
status = open("/proc/self/status").read()
data["self_hwm_kb"] = int([l.split()[1] for l in status.splitlines() if l.startswith("VmHWM:")][0])
data["children_maxrss_kb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
Path(sys.argv[3]).write_text(json.dumps(data, indent=1), encoding="utf-8")
"""
"""Builds with generator.site.build_site and writes the BuildReport as JSON (argv[3])."""


@dataclass
class ChildRun:
    """One child process: exit code, wall time, memory, output, and whether it was capped."""

    returncode: int
    seconds: float
    tree_peak_kb: int
    process_peak_kb: int
    output: str
    timed_out: bool = False
    report: dict[str, Any] = field(default_factory=dict)
    tree_pss_peak_kb: int = 0
    cpu_seconds: float = 0.0
    """User and system time of the child and everything it waited for."""


class TreeSampler:
    """Samples the summed RSS of a process and all its descendants from /proc."""

    def __init__(self, pid: int, interval: float = SAMPLE_SECONDS) -> None:
        self.pid = pid
        self.interval = interval
        self.peak_kb = 0
        self.pss_peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            rss, pss = tree_memory_kb(self.pid)
            self.peak_kb = max(self.peak_kb, rss)
            self.pss_peak_kb = max(self.pss_peak_kb, pss)
            self._stop.wait(self.interval)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak_kb


_KCMP = {"x86_64": 312, "aarch64": 272}.get(os.uname().machine)
"""The kcmp system call's number, which tells whether two processes share their memory."""
_KCMP_VM = 1
_LIBC = ctypes.CDLL(None, use_errno=True) if _KCMP is not None else None


def shares_memory(pid: int, other: int) -> bool:
    """Whether two processes use one address space (a vfork child before it execs). False
    where kcmp is unknown or refused: the process is then counted, as before."""
    if _LIBC is None:
        return False
    return int(_LIBC.syscall(_KCMP, pid, other, _KCMP_VM, 0, 0)) == 0


def tree_rss_kb(root: int) -> int:
    """Resident memory (KB) of `root` and its descendants, now; a child sharing its parent's
    memory counts once (`shares_memory`)."""
    return tree_memory_kb(root)[0]


def tree_memory_kb(root: int) -> tuple[int, int]:
    """(RSS, PSS) in KB of `root` and its descendants, now, each summed over the processes;
    a child sharing its parent's memory counts once (`shares_memory`)."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as stream:
                ppid = int(stream.read().rsplit(b")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(entry.name))
    total = proportional = 0
    todo = [(root, 0)]
    while todo:
        pid, parent = todo.pop()
        todo.extend((child, pid) for child in children.get(pid, ()))
        if parent and shares_memory(pid, parent):
            continue
        with (
            contextlib.suppress(OSError, ValueError, IndexError),
            open(f"/proc/{pid}/statm", "rb") as stream,
        ):
            total += int(stream.read().split()[1]) * PAGE_KB
        proportional += _pss_kb(pid)
    return total, proportional


def _pss_kb(pid: int) -> int:
    """The process's proportional set size (KB): its private pages, and its share of those
    it shares."""
    with (
        contextlib.suppress(OSError, ValueError, IndexError),
        open(f"/proc/{pid}/smaps_rollup", "rb") as stream,
    ):
        for line in stream:
            if line.startswith(b"Pss:"):
                return int(line.split()[1])
    return 0


def run_measured(
    command: list[str],
    cwd: Path = ROOT,
    timeout: float | None = None,
    env: dict[str, str] | None = None,
) -> ChildRun:
    """Run `command` in its own session, measuring it; kill the whole group after `timeout`."""
    log_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"bench-scale-{os.getpid()}.log"
    with open(log_path, "w+b") as log:
        start = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )
        sampler = TreeSampler(process.pid)
        timed_out = False
        usage = None
        try:
            deadline = None if timeout is None else start + timeout
            while True:
                pid, status, usage = os.wait4(process.pid, os.WNOHANG)
                if pid:
                    break
                if deadline is not None and time.perf_counter() > deadline:
                    timed_out = True
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(process.pid, signal.SIGKILL)
                    _, status, usage = os.wait4(process.pid, 0)
                    break
                time.sleep(0.05)
        except BaseException:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            raise
        finally:
            seconds = time.perf_counter() - start
            tree_peak = sampler.stop()
        process.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = log.read().decode("utf-8", "replace")
    log_path.unlink(missing_ok=True)
    return ChildRun(
        process.returncode,
        seconds,
        tree_peak,
        usage.ru_maxrss if usage else 0,
        output,
        timed_out,
        tree_pss_peak_kb=sampler.pss_peak_kb,
        cpu_seconds=(usage.ru_utime + usage.ru_stime) if usage else 0.0,
    )


def build_in_child(
    config: Path, quotes: Path, report_json: Path, downloads_url: str | None = None
) -> ChildRun:
    """Build with our pipeline in a fresh interpreter; the BuildReport comes back as JSON.
    With `downloads_url`, the whole-archive files go to downloads/ as the Pages workflow has
    them (release assets), not into the site."""
    report_json.unlink(missing_ok=True)
    command = [sys.executable, "-c", BUILD_CHILD, str(config), str(quotes), str(report_json)]
    run = run_measured(command + ([downloads_url] if downloads_url else []))
    if run.returncode != 0 or not report_json.is_file():
        raise BuildFailed(run)
    run.report = json.loads(report_json.read_text(encoding="utf-8"))
    run.process_peak_kb = max(
        run.process_peak_kb,
        int(run.report.get("self_hwm_kb") or 0),
        int(run.report.get("children_maxrss_kb") or 0),
    )
    return run


class BuildFailed(RuntimeError):
    """Our build exited with an error (or was killed, say for lack of memory)."""

    def __init__(self, run: ChildRun) -> None:
        super().__init__(f"our build failed (exit {run.returncode}):\n{run.output[-3000:]}")
        self.run = run


@dataclass(frozen=True)
class TreeStats:
    """Files under a folder: how many, their bytes, and the disk blocks they take (du)."""

    files: int
    bytes: int
    disk_bytes: int


def tree_stats(folder: Path, only: tuple[str, ...] = ()) -> TreeStats:
    """Count files and bytes under `folder`; `only`: top-level entries whose names start so."""
    files = size = disk = 0
    if not folder.is_dir():
        return TreeStats(0, 0, 0)
    tops = [p for p in folder.iterdir() if not only or p.name.startswith(only)]
    for top in tops:
        paths = [top] if top.is_file() else (p for p in top.rglob("*"))
        for path in paths:
            stat = path.lstat()
            if path.is_file():
                files += 1
                size += stat.st_size
                disk += stat.st_blocks * 512
    return TreeStats(files, size, disk)


def artifact_bytes(folder: Path) -> int:
    """Bytes of `folder` as a GitHub Pages artifact: the tar the Pages workflow makes
    (.ci/pack-pages: hard and symbolic links as copies, as actions/upload-pages-artifact
    makes it, files in name order), compressed at level 9 (as the workflow has
    actions/upload-artifact upload it). actions/deploy-pages compares this size, not the
    files' apparent size, with Pages' 1 GB ("Uploaded artifact size of N bytes exceeds the
    allowed size of 1 GB"). gzip -9 stands in for the zip deflate of the upload. Results
    before issue 18's last pass used tar in directory order and level 6 (2 % larger)."""
    tar = subprocess.Popen(
        [str(PACK_PAGES), str(folder), "/dev/stdout"],
        stdout=subprocess.PIPE,
    )
    gzip = subprocess.Popen(["gzip", "-9"], stdin=tar.stdout, stdout=subprocess.PIPE)
    assert tar.stdout is not None and gzip.stdout is not None
    tar.stdout.close()  # gzip holds the pipe; tar gets SIGPIPE if gzip dies
    total = 0
    while chunk := gzip.stdout.read(1 << 20):
        total += len(chunk)
    if gzip.wait() != 0 or tar.wait() != 0:
        raise RuntimeError(f"tar | gzip failed over {folder}")
    return total


def hash_tree(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under `folder`, by relative path."""
    hashes = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            hashes[path.relative_to(folder).as_posix()] = hashlib.sha256(
                path.read_bytes()
            ).hexdigest()
    return hashes


def changed_files(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """Paths added, removed or changed between two hash trees."""
    return sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))


def link_tree(source: Path, target: Path) -> None:
    """Copy a folder as hard links (the cached archive stays untouched as long as files are
    replaced, never written in place); falls back to copying across file systems."""
    target.mkdir(parents=True)
    for path in sorted(source.iterdir()):
        if path.is_file():
            try:
                os.link(path, target / path.name)
            except OSError:
                (target / path.name).write_bytes(path.read_bytes())


def machine_info() -> dict[str, Any]:
    """CPU count, memory, Python and platform: the README's performance section names them."""
    info: dict[str, Any] = {
        "cpus": os.cpu_count(),
        "python": sys.version.split()[0],
        "platform": sys.platform,
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }
    with contextlib.suppress(OSError):
        meminfo = Path("/proc/meminfo").read_text(encoding="utf-8")
        total = next(line for line in meminfo.splitlines() if line.startswith("MemTotal:"))
        info["ram_gb"] = round(int(total.split()[1]) / 1024 / 1024, 1)
    with contextlib.suppress(OSError, StopIteration):
        cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8")
        model = next(line for line in cpuinfo.splitlines() if line.startswith("model name"))
        info["cpu_model"] = model.split(":", 1)[1].strip()
    with contextlib.suppress(Exception):
        import material
        import mkdocs

        info["mkdocs"] = mkdocs.__version__
        info["mkdocs_material"] = getattr(material, "__version__", "?")
    return info
