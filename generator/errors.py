"""Errors and problem reports shared by every command.

Validation never stops at the first problem: it collects `Problem`s, and the command raises
one `ArchiveError` carrying all of them. Every exception here derives from
`click.ClickException`, so the CLI prints `Error: ...` and exits 1 without extra code.
"""

from __future__ import annotations

import re
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
        """Render as `path:line:col: CODE message`, the form editors and CI jump to.

        Always one line: whatever the archive or an article put in the path or the message is
        shown escaped (`printable`), so no file name or value can start a line of its own that
        GitHub Actions would run as a workflow command, or send a terminal escape sequence.
        """
        where = f"{printable(self.path)}:{max(self.line, 1)}:{max(self.col, 1)}"
        message = printable(clip(self.message, MESSAGE_LIMIT))
        if self.severity == "warning":
            return f"{where}: {self.code} warning: {message}"
        return f"{where}: {self.code} {message}"

    def lines(self) -> list[str]:
        """The problem line, its hint and its detail, as `check` prints them: each escaped
        and cut as `format` is, so the line at fault quoted in the detail is one line too."""
        hint = [f"    hint: {printable(clip(self.hint, MESSAGE_LIMIT))}"] if self.hint else []
        detail = [
            f"    {printable(clip(line, MESSAGE_LIMIT))}" for line in self.detail.splitlines()
        ]
        return [self.format(), *hint, *detail]

    def annotation(self) -> str:
        """Render as a GitHub Actions workflow command, so the problem shows on its line.

        Escaped as @actions/core escapes a command: `%`, CR and LF in the message, and `:`
        and `,` too in its properties. Control characters other than line breaks are shown
        escaped first, as in `format`.
        """
        properties = {
            "file": printable(self.path),
            "line": str(max(self.line, 1)),
            "col": str(max(self.col, 1)),
            "title": self.code,
        }
        fields = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
        message = clip(self.message, MESSAGE_LIMIT)
        if self.hint:
            message = f"{message}\nhint: {clip(self.hint, MESSAGE_LIMIT)}"
        return f"::{self.severity} {fields}::{escape_data(printable(message, keep=_LINE_BREAKS))}"


MESSAGE_LIMIT = 1000
"""Characters of a message or hint shown at most; the rest is cut (`clip`)."""
VALUE_LIMIT = 200
"""Characters of one value (a name, a key, a text) a message quotes at most."""
_LINE_BREAKS = "\r\n"
CONTROL_CHARACTERS = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
"""Control characters (C0, DEL, C1), line and paragraph separators, and the bidirectional
marks and overrides that make a terminal or a browser show text other than it is."""
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str, keep: str = "") -> str:
    """`text` with every control character (but those in `keep`) shown as an escape: a
    newline as `\\n`, ESC as `\\x1b`, a right-to-left override as `\\u202e`."""
    return CONTROL_CHARACTERS.sub(lambda m: _escaped(m.group(), keep), text)


def _escaped(char: str, keep: str) -> str:
    if char in keep:
        return char
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clip(text: str, limit: int = VALUE_LIMIT) -> str:
    """`text` cut to `limit` characters, saying how long it was: a message never echoes a
    50 MB value whole."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}\u2026 ({len(text):,} characters)"


def shown(value: object, limit: int = VALUE_LIMIT) -> str:
    """A value as a message quotes it: in single quotes, cut to `limit` characters, control
    characters escaped."""
    return f"'{printable(clip(str(value), limit))}'"


def escape_data(text: str) -> str:
    """Escape the message of a workflow command, as @actions/core does."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value of a workflow command, as @actions/core does."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GeneratorError(click.ClickException):
    """Base of every error the tool reports to a user."""

    def format_message(self) -> str:
        """The message with control characters escaped: it may name contributors' files."""
        return printable(self.message, keep="\n")


class ArchiveError(GeneratorError):
    """The archive has problems; the command changed nothing."""

    def __init__(self, problems: list[Problem], where: str = "the archive") -> None:
        self.problems = sorted(problems)
        errors = [p for p in self.problems if p.severity == "error"]
        super().__init__(f"{len(errors)} problem(s) in {where}; nothing was written")

    def format_message(self) -> str:
        lines = [line for problem in self.problems for line in problem.lines()]
        return "\n".join([*lines, self.message])


class BuildError(GeneratorError):
    """A build step (MkDocs, Pagefind) failed; the previous site is kept."""


def display_path(path: Path, root: Path | None = None) -> str:
    """Show a path relative to `root` (or the working directory) when it lies below it.

    The folders are resolved, the file's own name is not: a symbolic link is shown as itself,
    never as the file it points to.
    """
    base = (root or Path.cwd()).resolve()
    try:
        return str((path.absolute().parent.resolve() / path.name).relative_to(base))
    except ValueError:
        return str(path)
