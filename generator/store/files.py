"""Which files of an untrusted tree are read, and how: regular files only, never a link.

Everything under `quotes/` and `content/` comes from contributors. A symbolic link there
would read (and publish) a file from elsewhere on the machine, `/etc/passwd` or a runner's
secrets; a FIFO or `/dev/zero` would hang a build or fill its memory. So a link, a device, a
FIFO or a socket is a problem at its own name (F006) and nothing is read through it; a name
holding a control character, which would forge lines in a terminal or a CI log, is one too
(F007). Files are opened without following links (O_NOFOLLOW), so a link swapped in after
the listing is refused as well.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

from generator.codes import hint_for
from generator.errors import CONTROL_CHARACTERS, Problem, display_path


class NotRegularFile(OSError):
    """A path that is a link, a directory, a device, a FIFO or a socket, not a file."""


def read_regular(path: Path) -> bytes:
    """The bytes of a regular file, never through a symbolic link; raises NotRegularFile
    for anything else (OSError for a file that cannot be read)."""
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        handle = os.open(path, flags)
    except OSError as exc:
        if os.path.islink(path):
            raise NotRegularFile(f"{path} is a symbolic link") from exc
        raise
    with os.fdopen(handle, "rb") as stream:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            raise NotRegularFile(f"{path} is not a regular file")
        return stream.read()


def kind_of_entry(path: Path) -> str:
    """What a path is, when it is not a regular file or a directory ('' when it is one)."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return ""
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return ""
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device"


def entry_problem(path: Path, root: Path | None = None, kind: str | None = None) -> Problem | None:
    """F006 for a link or special file, F007 for a name with a control character, else None.
    `kind` is `kind_of_entry(path)` when the caller knows it already (a directory listing
    tells regular files and folders without a stat). (The path shown is worked out only for
    a problem: it resolves folders, and the archive's 20k files at 200k quotes took 3 s to
    show when none had one.)"""
    if CONTROL_CHARACTERS.search(path.name):
        return Problem(
            display_path(path, root),
            0,
            0,
            "F007",
            "file name expected in printable characters, found a control character",
            hint_for("F007"),
        )
    kind = kind_of_entry(path) if kind is None else kind
    if kind:
        return not_regular_problem(display_path(path, root), kind)
    return None


def not_regular_problem(shown: str, kind: str) -> Problem:
    """F006 at a path: it is `kind` ('a symbolic link', 'a FIFO'...), and was not read."""
    return Problem(
        shown,
        0,
        0,
        "F006",
        f"expected a regular file, found {kind}; nothing was read through it",
        hint_for("F006"),
    )


def tree_problems(directory: Path, root: Path | None = None) -> list[Problem]:
    """A problem for every entry under `directory` (itself included) that is a link, a
    special file or has a control character in its name; links are not descended."""
    problems = [p for p in [_directory_problem(directory, root)] if p is not None]
    if problems or not directory.is_dir():
        return problems
    for path in _walk(directory):
        problem = entry_problem(path, root)
        if problem is not None:
            problems.append(problem)
    return sorted(problems)


def _directory_problem(directory: Path, root: Path | None) -> Problem | None:
    if os.path.islink(directory):
        return not_regular_problem(display_path(directory, root), "a symbolic link")
    return None


def _walk(directory: Path) -> Iterator[Path]:
    """Every entry below `directory`, without following links."""
    for top, folders, files in os.walk(directory, followlinks=False):
        for name in sorted(folders + files):
            yield Path(top) / name
