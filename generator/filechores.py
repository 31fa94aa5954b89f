"""Bulk file chores (removing a tree, hard-linking or copying one) run in a child process.

The build does such chores beside its own work, and a thread is the wrong tool for them:
a thread making thousands of file-system calls must take the GIL back after each one, and
while this process computes it gets it about once per switch interval (5 ms). Removing the
108k entries of a 200k-quote site took 3 s in a process of its own, and over 60 s in a
thread beside a busy main thread. A child Python (isolated mode, standard library only)
starts in ~20 ms and runs beside this process on another core.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from generator.errors import BuildError

_REMOVE = """
import fcntl, os, shutil, sys
if os.fork():
    os._exit(0)  # the caller waits for this process only, not for the removal
for folder in sys.argv[1:]:
    try:
        handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        continue  # gone already
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(handle)
        continue  # another remover has it
    shutil.rmtree(folder, ignore_errors=True)
    os.close(handle)
"""
_LINK = """
import os, shutil, sys
count = 0
def link(source, target):
    global count
    os.link(source, target)
    count += 1
shutil.copytree(sys.argv[1], sys.argv[2], copy_function=link)
print(count)
"""
_COPY = "import shutil, sys; shutil.copytree(sys.argv[1], sys.argv[2])"
_LINK_FILES = """
import os, sys
old, new = sys.argv[1:3]
made, count = set(), 0
for relative in filter(None, os.fsdecode(sys.stdin.buffer.read()).split("\\0")):
    folder = os.path.dirname(relative)
    if folder not in made:
        os.makedirs(os.path.join(new, folder), exist_ok=True)
        made.add(folder)
    try:
        os.link(os.path.join(old, relative), os.path.join(new, relative))
    except FileNotFoundError:
        continue
    count += 1
print(count)
"""


def remove_in_background(folders: Iterable[Path]) -> None:
    """Remove each of `folders` and everything under it, in a process that outlives this one.

    Nothing waits for it: what it removes is garbage, and removing the 286k files of a 200k-
    quote site that shares none of them with the next (after a code or configuration change)
    takes longer than a rebuild, which waited 30-80 s for it. The process runs in a session of
    its own (a Ctrl+C meant for the build does not stop it half way) and locks each folder it
    removes, so a folder another build's remover is still removing is left to it.
    """
    paths = list(folders)
    if paths:
        subprocess.run(  # returns once the remover has forked away (~20 ms)
            _command(_REMOVE, *paths),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            check=False,
        )


def discard(folder: Path) -> None:
    """Rename `folder` out of the way (`<name>.removing-<unique>`, so a new one may take its
    name at once) and remove it in the background (`remove_in_background`), with any such
    folder of the same name an earlier remover left (stopped by a reboot, say)."""
    with contextlib.suppress(FileNotFoundError):
        os.rename(
            folder, folder.with_name(f"{folder.name}.removing-{os.getpid()}-{time.time_ns()}")
        )
    remove_in_background(sorted(folder.parent.glob(f"{folder.name}.removing*")))


class Linking:
    """Files being hard-linked from one tree into another by a child process
    (`start_linking`): `wait` for how many were linked."""

    def __init__(
        self, process: subprocess.Popen[bytes], errors: IO[bytes], old: Path, new: Path
    ) -> None:
        self._process, self._errors, self._old, self._new = process, errors, old, new
        self._count: int | None = None

    def wait(self) -> int:
        """How many files were linked (those gone from the old tree are not); BuildError
        when the child failed."""
        if self._count is None:
            assert self._process.stdout is not None
            out = self._process.stdout.read()
            if self._process.wait() != 0:
                self._errors.seek(0)
                raise BuildError(
                    f"cannot link files of {self._old} into {self._new}: "
                    f"{_last_line(self._errors.read()) or self._process.returncode}"
                )
            self._count = int(out)
        return self._count

    def kill(self) -> None:
        """Stop the child if it still runs, and wait for it: the tree it writes into may be
        about to be removed."""
        if self._process.returncode is None:
            self._process.kill()
            self._process.wait()


@contextlib.contextmanager
def start_linking(old: Path, new: Path, paths: Iterable[str] | None = None) -> Iterator[Linking]:
    """Hard-link each of `paths` (relative, into folders made as needed; without `paths`,
    every file: `new` must not exist) from the tree `old` into `new` in a child process,
    while the block runs; a child not waited for when the block ends (it raised) is stopped.
    A rebuild at 200k quotes links 20k person pages, each in a folder of its own: 3-4 s of
    file-system calls (making a folder here takes 130 us or more) taken off the build's own
    path."""
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(
            _command(_LINK if paths is None else _LINK_FILES, old, new),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=errors,
            start_new_session=True,
        )
        linking = Linking(process, errors, old, new)
        try:
            assert process.stdin is not None
            # A child that died at once says why on its standard error, which `wait` reports.
            with contextlib.suppress(BrokenPipeError), process.stdin:
                process.stdin.write(b"\0".join(os.fsencode(path) for path in paths or ()))
            yield linking
        finally:
            linking.kill()
            assert process.stdout is not None
            process.stdout.close()


def link_files(old: Path, new: Path, paths: Iterable[str]) -> int:
    """`start_linking`, waited for: how many files were linked."""
    with start_linking(old, new, paths) as linking:
        return linking.wait()


def link_tree(source: Path, target: Path) -> None:
    """Make `target` a tree of hard links to the files of `source` (folders are new)."""
    _run(_LINK, source, target)


def copy_tree(source: Path, target: Path) -> None:
    """Make `target` a copy of the tree `source`."""
    _run(_COPY, source, target)


def _run(code: str, source: Path, target: Path) -> None:
    done = subprocess.run(
        _command(code, source, target), stdin=subprocess.DEVNULL, capture_output=True
    )
    if done.returncode != 0:
        raise BuildError(
            f"cannot copy {source} to {target}: {_last_line(done.stderr) or done.returncode}"
        )


def _last_line(stderr: bytes) -> str:
    """The last line a child wrote to its standard error (a traceback's names the error)."""
    lines = stderr.decode("utf-8", "replace").strip().splitlines()
    return lines[-1] if lines else ""


def _command(code: str, *paths: Path) -> list[str]:
    return [sys.executable, "-I", "-c", code, *(os.fspath(path) for path in paths)]
