"""Bulk file chores (removing a tree, hard-linking or copying one) run in a child process.

The build does such chores beside its own work, and a thread is the wrong tool for them:
a thread making thousands of file-system calls must take the GIL back after each one, and
while this process computes it gets it about once per switch interval (5 ms). Removing the
108k entries of a 200k-quote site took 3 s in a process of its own, and over 60 s in a
thread beside a busy main thread. A child Python (isolated mode, standard library only)
starts in ~20 ms and runs beside this process on another core.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from generator.errors import BuildError

_REMOVE = "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)"
_LINK = "import os, shutil, sys; shutil.copytree(sys.argv[1], sys.argv[2], copy_function=os.link)"
_COPY = "import shutil, sys; shutil.copytree(sys.argv[1], sys.argv[2])"


def start_removing(folder: Path) -> subprocess.Popen[bytes]:
    """Start removing `folder` and everything under it; wait on what is returned.

    The child runs in a session of its own: a Ctrl+C meant for the build does not stop it
    half way (what it removes is garbage either way) nor print its traceback.
    """
    return subprocess.Popen(
        _command(_REMOVE, folder),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


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
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise BuildError(
            f"cannot copy {source} to {target}: {lines[-1] if lines else done.returncode}"
        )


def _command(code: str, *paths: Path) -> list[str]:
    return [sys.executable, "-I", "-c", code, *(os.fspath(path) for path in paths)]
