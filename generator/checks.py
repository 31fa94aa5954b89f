"""The `check` recipe: load the archive, validate it, and summarise the result."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from generator.errors import ArchiveError, Problem
from generator.models import Archive
from generator.store import load_archive
from generator.validate import validate_archive


@dataclass(frozen=True)
class CheckReport:
    """What `check` found: the archive as read and every problem in it."""

    archive: Archive
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def lines(self) -> list[str]:
        """Each problem in `path:line:col: CODE message` form, with its hint."""
        out = []
        for problem in self.problems:
            out.append(problem.format())
            if problem.hint:
                out.append(f"    hint: {problem.hint}")
        if self.errors:
            out.append(f"{len(self.errors)} error(s); fix them and run check again")
        return out

    def summary(self) -> str:
        quotes = sum(len(s.quotes) for s in self.archive.speakers)
        return (f"ok: {len(self.archive.speakers)} speakers, {quotes} quotes, "
                f"{len(self.archive.topics)} topics")


def check_archive(quotes_dir: Path, today: dt.date | None = None) -> CheckReport:
    """Load and validate the archive under `quotes_dir`; never raises on bad data."""
    if not quotes_dir.is_dir():
        problem = Problem(str(quotes_dir), 0, 0, "F002", "expected an archive directory, found "
                          "nothing there", "run the command from the project root")
        return CheckReport(Archive(), (problem,))
    loaded = load_archive(quotes_dir)
    problems = validate_archive(loaded, today=today)
    return CheckReport(loaded.archive, tuple(problems))


def load_valid_archive(quotes_dir: Path, today: dt.date | None = None) -> Archive:
    """Load the archive, raising ArchiveError (every problem listed) when it is not valid."""
    report = check_archive(quotes_dir, today)
    if not report.ok:
        raise ArchiveError(list(report.problems))
    return report.archive
