"""Errors and problem reports shared by every command.

Validation never stops at the first problem: it collects `Problem`s, and the command raises
one `ArchiveError` carrying all of them. Every exception here derives from
`click.ClickException`, so the CLI prints `Error: ...` and exits 1 without extra code.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import click


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong (or worth a look) in one file, pointed at a line."""

    path: str
    """File the problem is in, as given to the command (relative where possible)."""
    line: int
    """1-based line; 0 when the problem concerns the whole file."""
    col: int
    """1-based column; 0 when unknown."""
    code: str
    """Stable identifier such as `S101`, documented in docs/error-codes.md (generator/codes.py)."""
    message: str
    """What was expected and what was found."""
    hint: str = ""
    """One line on how to fix it."""
    severity: str = "error"
    """`error` fails the command; `warning` is reported only."""
    related: tuple[str, ...] = ()
    """Other files the problem involves (the first use of a duplicated id, say); `check
    --changed` reports a problem when its own file or one of these changed."""
    detail: str = ""
    """Lines shown under the problem: the line at fault with a caret under the column, or an
    example of what to write."""

    def format(self) -> str:
        """Render as `path:line:col: CODE message`, the form editors and CI jump to."""
        where = f"{self.path}:{max(self.line, 1)}:{max(self.col, 1)}"
        text = f"{where}: {self.code} {self.message}"
        if self.severity == "warning":
            text = f"{where}: {self.code} warning: {self.message}"
        return text

    def lines(self) -> list[str]:
        """The problem line, its hint and its detail, as `check` prints them."""
        hint = [f"    hint: {self.hint}"] if self.hint else []
        return [self.format(), *hint, *(f"    {line}" for line in self.detail.splitlines())]

    def annotation(self) -> str:
        """Render as a GitHub Actions workflow command, so the problem shows on its line."""
        properties = {
            "file": self.path,
            "line": str(max(self.line, 1)),
            "col": str(max(self.col, 1)),
            "title": self.code,
        }
        fields = ",".join(f"{key}={_escape(value, True)}" for key, value in properties.items())
        message = f"{self.message}\nhint: {self.hint}" if self.hint else self.message
        return f"::{self.severity} {fields}::{_escape(message)}"


def _escape(text: str, is_property: bool = False) -> str:
    """Escape text for a workflow command, as the runner expects it."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if is_property:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


class GeneratorError(click.ClickException):
    """Base of every error the tool reports to a user."""


class ArchiveError(GeneratorError):
    """The archive has problems; the command changed nothing."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        errors = [p for p in self.problems if p.severity == "error"]
        super().__init__(f"{len(errors)} problem(s) in the archive; nothing was written")

    def format_message(self) -> str:
        lines = [line for problem in self.problems for line in problem.lines()]
        return "\n".join([*lines, self.message])


class BuildError(GeneratorError):
    """A build step (MkDocs, Pagefind) failed; the previous site is kept."""


def display_path(path: Path, root: Path | None = None) -> str:
    """Show a path relative to `root` (or the working directory) when it lies below it."""
    base = (root or Path.cwd()).resolve()
    try:
        return str(path.resolve().relative_to(base))
    except ValueError:
        return str(path)
