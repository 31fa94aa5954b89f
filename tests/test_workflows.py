"""The repository's automation: GitHub workflows pass actionlint, hooks call real commands."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main

PROJECT = Path(__file__).parent.parent
WORKFLOWS = sorted((PROJECT / ".github" / "workflows").glob("*.yml"))


def _actionlint() -> str | None:
    beside_python = Path(sys.executable).parent / "actionlint"
    return str(beside_python) if beside_python.exists() else shutil.which("actionlint")


def _workflow(name: str) -> dict:  # type: ignore[type-arg]
    # PyYAML reads the key `on` as True; the workflow syntax means the string.
    data = yaml.safe_load((PROJECT / ".github" / "workflows" / name).read_text())
    data["on"] = data.pop(True)
    return data


def test_there_are_workflows_for_pull_requests_and_pages() -> None:
    assert [w.name for w in WORKFLOWS] == ["pages.yml", "pr.yml"]


@pytest.mark.skipif(
    _actionlint() is None,
    reason="actionlint is not installed (pip install -r requirements-dev.txt)",
)
def test_workflows_pass_actionlint() -> None:
    result = subprocess.run(
        [_actionlint(), "-color=false", *map(str, WORKFLOWS)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_pull_requests_run_check_fmt_tests_and_a_site_build() -> None:
    steps = [
        step.get("run", "") for job in _workflow("pr.yml")["jobs"].values() for step in job["steps"]
    ]
    assert "pull_request" in _workflow("pr.yml")["on"]
    for command in (
        "generator check --changed",
        "generator fmt --check",
        "make test",
        "generator build",
    ):
        assert any(command in run for run in steps), command


def test_pages_deploys_from_main_with_the_official_actions() -> None:
    workflow = _workflow("pages.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in workflow["on"]
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    uses = [
        step.get("uses", "").split("@")[0]
        for job in workflow["jobs"].values()
        for step in job["steps"]
    ]
    for action in (
        "actions/configure-pages",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    ):
        assert action in uses
    upload = next(
        step
        for step in workflow["jobs"]["build"]["steps"]
        if step.get("uses", "").startswith("actions/upload-pages-artifact")
    )
    assert upload["with"]["path"] == "site"


def test_pre_commit_hooks_run_fmt_and_check_on_quotes() -> None:
    config = yaml.safe_load((PROJECT / ".pre-commit-config.yaml").read_text())
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert hooks["quote-archive-fmt"]["files"] == r"^quotes/.*\.yaml$"
    for hook in hooks.values():
        assert hook["language"] == "system"
        program, module, *args = shlex.split(hook["entry"])
        assert (program, module) == ("python", "-m")
        assert CliRunner().invoke(main, [*args[1:], "--help"]).exit_code == 0, hook["entry"]
