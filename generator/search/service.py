"""Our client of the `pagefind --service` process, and what we read about it from /proc.

Records go to the `pagefind --service` process through our own small client: the `pagefind`
Python package answers one call per 100 ms (its response loop sleeps), which would take
hours at 200k records. The protocol is base64-encoded JSON messages ended by a comma, on
stdin and stdout; we send records in batches from a writer thread while reading the answers,
so neither pipe fills up.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import IO, Any

from generator.errors import BuildError
from generator.search.records import SearchRecord

WRITE_TIMEOUT = 300.0
"""Seconds to wait for Pagefind's last writes after it answered WriteFiles."""


def pagefind_executable() -> Path:
    """The binary shipped by `pagefind[bin]`, or the one PAGEFIND_BINARY_PATH names."""
    if override := os.environ.get("PAGEFIND_BINARY_PATH"):
        return Path(override)
    try:
        from pagefind_bin import get_executable
    except ImportError as exc:
        raise BuildError("Pagefind is not installed: pip install 'pagefind[bin]'") from exc
    return Path(get_executable())


class PagefindService:
    """A synchronous client of `pagefind --service` that keeps many requests in flight."""

    def __init__(self, executable: Path) -> None:
        self.executable = executable
        self.peak_rss_kb = 0
        self._next_id = 0
        self._pending: list[bytes] = []
        self._rest = b""
        self._log: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 - closed in __exit__
        self._process: subprocess.Popen[bytes] | None = None
        self._written = False
        """Whether a bundle is on disk, every file of it closed (`write_files`)."""

    def __enter__(self) -> PagefindService:
        try:
            self._process = subprocess.Popen(
                [str(self.executable), "--service"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._log,
            )
        except OSError as exc:
            raise BuildError(f"cannot start Pagefind ({self.executable}): {exc}") from exc
        return self

    def __exit__(self, *exc_info: object) -> None:
        """Let Pagefind go: stopped at once once its bundle is written (it spends 2-3 s
        freeing a 22k-quote shard's index before exiting, on the edit rebuild's longest
        path; nothing of it is left to lose), else by closing its input."""
        process = self._process
        if process is None:
            return
        self.peak_rss_kb = peak_rss_kb(process.pid)
        if self._written and process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
        if process.stdin:
            with contextlib.suppress(BrokenPipeError):
                process.stdin.close()
        if process.returncode is None:
            _, status, usage = os.wait4(process.pid, 0)
            process.returncode = os.waitstatus_to_exitcode(status)
            self.peak_rss_kb = self.peak_rss_kb or usage.ru_maxrss
        self._log.close()

    def new_index(self, config: dict[str, Any]) -> int:
        answer = self.request({"type": "NewIndex", "config": config})
        return int(answer["index_id"])

    def add_files(self, index_id: int, records: list[SearchRecord]) -> None:
        """Send a batch of records at once, from a writer thread while reading the answers."""
        payloads = [
            {
                "type": "AddFile",
                "index_id": index_id,
                "url": r.url,
                "file_contents": r.html,
                "file_path": None,
            }
            for r in records
        ]
        self.request_many(payloads)

    def write_files(self, index_id: int, output_dir: Path) -> None:
        """Write the bundle and return once every byte of it is on disk.

        Pagefind 1.5.2 answers WriteFiles while its last writes may still wait in tokio's
        blocking pool (it drops files without flushing them: Pagefind issue #1271), and it
        exits at once when its stdin closes, so a bundle read or closed right after the
        answer can have files cut short. A file stays open until its last write has landed,
        so we wait until Pagefind holds no file under `output_dir` open.
        """
        self.request({"type": "WriteFiles", "index_id": index_id, "output_path": str(output_dir)})
        self._wait_until_closed(output_dir)
        self._written = True

    def _wait_until_closed(self, folder: Path) -> None:
        assert self._process is not None
        deadline = time.monotonic() + WRITE_TIMEOUT
        while open_files := files_open_under(self._process.pid, folder):
            if time.monotonic() > deadline:
                raise BuildError(f"Pagefind did not finish writing {open_files[0]}")
            time.sleep(0.005)

    def request(self, payload: dict[str, Any]) -> dict[str, Any]:
        return self.request_many([payload])[0]

    def request_many(self, payloads: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Send every payload, then collect the answers in the order they were asked."""
        first = self._next_id + 1
        self._next_id += len(payloads)
        messages = [_encode(first + i, payload) for i, payload in enumerate(payloads)]
        failure: list[BaseException] = []
        writer = threading.Thread(target=self._write, args=(messages, failure), daemon=True)
        writer.start()
        answers: dict[int, dict[str, Any]] = {}
        try:
            while len(answers) < len(payloads):
                message = self._read()
                answers[int(message.get("message_id") or 0)] = message["payload"]
        finally:
            writer.join()
        if failure:
            raise BuildError(f"Pagefind stopped reading: {failure[0]}")
        results = [answers.get(first + i, {}) for i in range(len(payloads))]
        for answer in results:
            if answer.get("type") == "Error":
                raise BuildError(f"Pagefind failed: {answer.get('message')}")
        return results

    def _write(self, messages: list[bytes], failure: list[BaseException]) -> None:
        assert self._process is not None and self._process.stdin is not None
        try:
            for message in messages:
                self._process.stdin.write(message)
            self._process.stdin.flush()
        except OSError as exc:
            failure.append(exc)

    def _read(self) -> dict[str, Any]:
        assert self._process is not None and self._process.stdout is not None
        while not self._pending:
            chunk = os.read(self._process.stdout.fileno(), 1 << 16)
            if not chunk:
                raise BuildError(f"Pagefind exited unexpectedly: {self._stderr_tail()}")
            *complete, self._rest = (self._rest + chunk).split(b",")
            self._pending.extend(complete)
        return json.loads(base64.b64decode(self._pending.pop(0)))

    def _stderr_tail(self) -> str:
        self._log.seek(0)
        return self._log.read().decode("utf-8", "replace")[-2000:].strip() or "no output"


def peak_rss_kb(pid: int | str = "self") -> int:
    """Peak memory of a running process since its last exec (Linux VmHWM), 0 if unknown.

    Unlike a child's ru_maxrss, which starts at the parent's size when it forks, this counts
    only the program itself. Read as bytes: decoding by a codec's name may import its module,
    and a child forked while a thread of ours imported it would wait for that import's lock
    forever (the page workers ask this of themselves while Pagefind's thread may).
    """
    try:
        status = Path(f"/proc/{pid}/status").read_bytes()
    except OSError:
        return 0
    for line in status.splitlines():
        if line.startswith(b"VmHWM:"):
            return int(line.split()[1])
    return 0


def files_open_under(pid: int, folder: Path) -> list[str]:
    """Files under `folder` that a process holds open (Linux /proc), sorted."""
    fd_dir = Path(f"/proc/{pid}/fd")
    prefix = str(folder.resolve()) + os.sep
    try:
        descriptors = os.listdir(fd_dir)
    except OSError as exc:
        raise BuildError(f"cannot tell whether Pagefind finished writing: {exc}") from exc
    targets = []
    for descriptor in descriptors:
        with contextlib.suppress(OSError):  # closed since listdir
            targets.append(os.readlink(fd_dir / descriptor))
    return sorted(t for t in targets if t.startswith(prefix))


def _encode(message_id: int, payload: dict[str, Any]) -> bytes:
    """A service message: base64 of the JSON, ended by the comma the service waits for."""
    body = json.dumps({"message_id": message_id, "payload": payload}).encode("utf-8")
    return base64.b64encode(body) + b","
