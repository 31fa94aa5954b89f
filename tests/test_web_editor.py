"""The GitHub web editor route, end to end, by the commands the workflows run.

A contributor who only has a browser appends a quote at the end of a speaker's file, with no
id and with quote marks around it, and a topic at the end of topics.yaml. The pull request
goes green (check --as-formatted, fmt --check --exit-zero, the build); after merge, the
publish workflow's fmt step gives the quote its id and commits the canonical files to main.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.store import load_archive

PROJECT = Path(__file__).parent.parent
DATA = Path(__file__).parent / "data"

NEW_QUOTE = """\
  - text: “The ferry will run all winter”
    status: attributed
    topics:
      - ferries
    sources:
      - outlet: Radio Velmora
        url: https://radio-velmora.example.com/news/ferry
"""
NEW_TOPIC = """\
  - slug: ferries
    title: Ferries
"""


def _git(cwd: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-c", "user.name=Web Editor", "-c", "user.email=web@example.org", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


def _steps(workflow: str, job: str) -> dict[str, dict[str, Any]]:
    data = yaml.safe_load((PROJECT / ".github" / "workflows" / workflow).read_text())
    return {step["id"]: step for step in data["jobs"][job]["steps"] if "id" in step}


def _run_step(
    step: dict[str, Any], cwd: Path, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    """A step's script as the runner runs it: bash -e, with the step's env (given here)."""
    return subprocess.run(
        ["bash", "-e", "-o", "pipefail", "-c", step["run"]],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
    )


@pytest.fixture
def checkout(tmp_path: Path) -> tuple[Path, Path]:
    """A clone of a repository whose main holds the test archive, as the runner checks it
    out (origin/main fetched), and the bare repository it came from."""
    origin = tmp_path / "origin.git"
    work = tmp_path / "work"
    work.mkdir()
    shutil.copytree(DATA / "archive", work / "quotes")
    shutil.copytree(PROJECT / ".ci", work / ".ci")
    shutil.copy(PROJECT / "mkdocs.yml", work)
    shutil.copytree(PROJECT / "overrides", work / "overrides")
    (work / "content").mkdir()
    for page in ("about.md", "assets", "data"):
        source = PROJECT / "content" / page
        copy = shutil.copytree if source.is_dir() else shutil.copy
        copy(source, work / "content" / page)  # type: ignore[operator]
    (work / ".gitignore").write_text("/site/\n/.build-cache/\n/content/people/\n")
    _git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    _git(work, "init", "-q", "-b", "main")
    _git(work, "add", ".")
    _git(work, "commit", "-qm", "the archive")
    _git(work, "remote", "add", "origin", str(origin))
    _git(work, "push", "-q", "origin", "main")
    _git(work, "fetch", "-q", "origin")
    return work, origin


def _environment(tmp_path: Path) -> dict[str, str]:
    venv_bin = str(Path(sys.executable).parent)
    return {
        **os.environ,
        "PATH": f"{venv_bin}{os.pathsep}{os.environ['PATH']}",  # `python` is the venv's
        "GITHUB_ACTIONS": "true",
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
        "GITHUB_OUTPUT": str(tmp_path / "output.txt"),
    }


def test_a_quote_added_in_the_browser_goes_green_and_gets_its_id_after_merge(
    checkout: tuple[Path, Path], tmp_path: Path
) -> None:
    work, origin = checkout
    _git(work, "checkout", "-qb", "patch-1")
    speaker = work / "quotes" / "tomas-reed.yaml"
    speaker.write_text(speaker.read_text(encoding="utf-8") + NEW_QUOTE, encoding="utf-8")
    topics = work / "quotes" / "topics.yaml"
    topics.write_text(topics.read_text(encoding="utf-8") + NEW_TOPIC, encoding="utf-8")
    _git(work, "commit", "-qam", "Update tomas-reed.yaml")
    env = _environment(tmp_path)

    pull_request = _steps("pr.yml", "archive")
    for step_id in ("check", "fmt", "build"):
        result = _run_step(pull_request[step_id], work, {**env, "BASE_REF": "main"})
        assert result.returncode == 0, (step_id, result.stdout, result.stderr)
    summary = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert "### check: ok: 5 speakers, 11 quotes, 5 topics" in summary
    assert "### fmt --check: 2 of 6 file(s) not canonical" in summary
    assert "gave the new quote the id" in summary
    assert "### build" in summary

    # Merged as it is; the publish workflow starts from a fresh checkout of main.
    _git(work, "reset", "-q", "--hard")
    _git(work, "checkout", "-q", "main")
    _git(work, "merge", "-q", "--ff-only", "patch-1")
    _git(work, "push", "-q", "origin", "main")
    publish = _steps("pages.yml", "canonical")["fmt"]
    result = _run_step(publish, work, {**env, "BRANCH": "main", "PUSH_TO": str(origin)})
    assert result.returncode == 0, result.stdout + result.stderr

    head = _git(origin, "rev-parse", "main").strip()
    assert f"sha={head}\n" in (tmp_path / "output.txt").read_text()
    assert _git(origin, "log", "-1", "--format=%an", "main").strip() == "github-actions[bot]"
    _git(work, "reset", "-q", "--hard", head)
    new = [q for s in load_archive(work / "quotes").archive.speakers for q in s.quotes]
    ferry = next(q for q in new if "ferry will run" in q.text)
    assert ferry.text == "The ferry will run all winter" and len(ferry.id) == 8
    for command in (["check", "--today", "2025-11-01"], ["fmt", "--check"]):
        strict = subprocess.run(
            [sys.executable, "-m", "generator", *command],
            cwd=work,
            capture_output=True,
            text=True,
            env={**env, "GITHUB_ACTIONS": "", "GITHUB_STEP_SUMMARY": ""},
        )
        assert strict.returncode == 0, strict.stdout + strict.stderr


def test_the_publish_step_commits_nothing_when_main_is_canonical(
    checkout: tuple[Path, Path], tmp_path: Path
) -> None:
    work, origin = checkout
    before = _git(origin, "rev-parse", "main").strip()
    publish = _steps("pages.yml", "canonical")["fmt"]
    env = {**_environment(tmp_path), "BRANCH": "main", "PUSH_TO": str(origin)}
    result = _run_step(publish, work, env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert _git(origin, "rev-parse", "main").strip() == before
    assert (tmp_path / "output.txt").read_text() == f"sha={before}\n"
