"""CONTRIBUTING.md as a newcomer follows it: the worked example runs as written and writes
the file it shows; the quote shown for the browser passes the pull request's check."""

from __future__ import annotations

import datetime as dt
import re
import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main

PROJECT = Path(__file__).parent.parent
CONTRIBUTING = (PROJECT / "CONTRIBUTING.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    start = CONTRIBUTING.index(f"\n## {title}\n")
    end = CONTRIBUTING.find("\n## ", start + 1)
    return CONTRIBUTING[start:end]


def _blocks(text: str, language: str) -> list[str]:
    """The fenced blocks of a language, with the indentation of a list item removed."""
    found = re.findall(rf"^( *)```{language}\n(.*?)^\1```$", text, re.MULTILINE | re.DOTALL)
    return [
        "\n".join(line[len(indent) :] for line in body.splitlines()) + "\n"
        for indent, body in found
    ]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the project's own archive, as a contributor has it after cloning."""
    shutil.copytree(PROJECT / "quotes", tmp_path / "quotes")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_worked_example_runs_as_written_and_writes_what_it_shows(project: Path) -> None:
    section = _section("Add a quote")
    [command] = [b for b in _blocks(section, "sh") if "generator add" in b]
    words = shlex.split(command.replace("\\\n", " "))
    assert words[:3] == ["python", "-m", "generator"]
    result = CliRunner().invoke(main, words[3:])
    assert result.exit_code == 0, result.output
    shown = re.search(r"It prints one line, `added (\w+) to (quotes/[\w-]+\.yaml)`", section)
    assert shown is not None
    new_id = result.stdout.split()[1]
    assert result.stdout == f"added {new_id} to {shown[2]}\n"
    written = (project / shown[2]).read_text(encoding="utf-8")
    example = _blocks(section, "yaml")[0].replace(shown[1], new_id)
    today = dt.date.today().isoformat()  # `add` stamps the day it added the quote
    assert written == re.sub(r"(?m)^(    added: )\d{4}-\d\d-\d\d$", rf"\g<1>{today}", example)


def test_the_quote_shown_for_the_browser_passes_the_pull_request_check(project: Path) -> None:
    [quote] = _blocks(_section("Edit in the browser"), "yaml")
    speaker = project / "quotes" / "dmitry-peskov.yaml"
    speaker.write_text(speaker.read_text(encoding="utf-8") + quote, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--as-formatted"])
    assert result.exit_code == 0, result.output
    assert CliRunner().invoke(main, ["fmt"]).exit_code == 0
    assert CliRunner().invoke(main, ["check"]).exit_code == 0


def test_the_topic_shown_can_be_added_and_used(project: Path) -> None:
    section = _section("Add a topic")
    entry, usage = _blocks(section, "yaml")
    topics = project / "quotes" / "topics.yaml"
    topics.write_text(topics.read_text(encoding="utf-8") + entry, encoding="utf-8")
    speaker = project / "quotes" / "dmitry-peskov.yaml"
    text = speaker.read_text(encoding="utf-8")
    first_topics = text.index("    topics:\n")
    speaker.write_text(text[:first_topics] + usage + text[first_topics + len("    topics:\n") :])
    result = CliRunner().invoke(main, ["check", "--as-formatted"])
    assert result.exit_code == 0, result.output
