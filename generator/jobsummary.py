"""Markdown for the summary of a GitHub Actions job: every problem of a run in one place.

Annotations show on the lines of a pull request, but GitHub shows only the first few of a
step; the job summary lists them all. Contributor text reaches it inside messages, so every
cell is escaped: it is shown as text, never read as Markdown or HTML.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Iterable
from pathlib import Path

from generator.errors import MESSAGE_LIMIT, Problem, clip, printable


def problems_table(title: str, problems: Iterable[Problem]) -> str:
    """A heading and one table row per problem: where, code, what, how to fix."""
    rows = [
        f"| {_cell(f'{p.path}:{max(p.line, 1)}:{max(p.col, 1)}')} | {_cell(p.code)} "
        f"| {_cell(p.severity)} | {_cell(p.message)} | {_cell(p.hint)} |"
        for p in problems
    ]
    if not rows:
        return f"### {title}\n"
    header = "| where | code | severity | problem | how to fix |\n| --- | --- | --- | --- | --- |"
    return "\n".join([f"### {title}", "", header, *rows, ""])


def code_block(text: str, language: str = "") -> str:
    """`text` in a fenced block that no run of backticks inside it can close."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{language}\n{text.rstrip()}\n{fence}\n"


def text_line(text: str) -> str:
    """One line of contributor-influenced text, shown as it is."""
    return _cell(text)


def add_to_job_summary(markdown: str) -> None:
    """Append to the job summary when running in GitHub Actions (GITHUB_STEP_SUMMARY set)."""
    path = os.environ.get("GITHUB_STEP_SUMMARY")
    if path and markdown:
        with Path(path).open("a", encoding="utf-8") as stream:
            stream.write(markdown.rstrip("\n") + "\n\n")


def _cell(text: str) -> str:
    """Markdown's own characters escaped with a backslash, then HTML's as entities; control
    characters but line breaks shown escaped and a long value cut, as in problem lines."""
    text = printable(clip(text, MESSAGE_LIMIT), keep="\n")
    escaped = html.escape(re.sub(r"([\\`*_\[\]#~|])", r"\\\1", text), quote=False)
    return escaped.replace("\n", "<br>")
