"""The repository's automation: workflows pass actionlint, run everything and report it,
hold least privilege, pin actions to commits; hooks run the project's own virtualenv."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path
from typing import Any

import pytest
import yaml

PROJECT = Path(__file__).parent.parent
WORKFLOWS = sorted((PROJECT / ".github" / "workflows").glob("*.yml"))


def _actionlint() -> str | None:
    beside_python = Path(sys.executable).parent / "actionlint"
    return str(beside_python) if beside_python.exists() else shutil.which("actionlint")


def _workflow(name: str) -> dict[str, Any]:
    # PyYAML reads the key `on` as True; the workflow syntax means the string.
    data = yaml.safe_load((PROJECT / ".github" / "workflows" / name).read_text())
    data["on"] = data.pop(True)
    return data


def _jobs() -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path.name, name, job)
        for path in WORKFLOWS
        for name, job in _workflow(path.name)["jobs"].items()
    ]


def _steps() -> list[tuple[str, dict[str, Any]]]:
    return [(f"{w}:{j}", step) for w, j, job in _jobs() for step in job.get("steps", [])]


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


# -- what a pull request gets -------------------------------------------------------------


def _pr_step(step_id: str) -> dict[str, Any]:
    steps = _workflow("pr.yml")["jobs"]["archive"]["steps"]
    return next(step for step in steps if step.get("id") == step_id)


def test_pull_requests_run_check_fmt_and_a_site_build_whichever_fails() -> None:
    assert "pull_request" in _workflow("pr.yml")["on"]
    assert "generator check --as-formatted --base" in _pr_step("check")["run"]
    assert "generator fmt --check --exit-zero" in _pr_step("fmt")["run"]
    assert "generator build --full" in _pr_step("build")["run"]
    for later in ("fmt", "build"):  # they run and report even when check failed
        assert _pr_step(later)["if"].startswith("${{ !cancelled() &&")


def test_a_pull_request_keeps_its_built_site_as_a_preview() -> None:
    steps = _workflow("pr.yml")["jobs"]["archive"]["steps"]
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"] == "site"
    assert "steps.build.outcome == 'success'" in upload["if"]


def test_the_tests_run_unless_a_pull_request_changes_only_quotes() -> None:
    jobs = _workflow("pr.yml")["jobs"]
    assert jobs["tests"]["needs"] == "changes"
    assert jobs["tests"]["if"] == "${{ needs.changes.outputs.beyond-quotes == 'true' }}"
    assert any("make test" in step.get("run", "") for step in jobs["tests"]["steps"])
    assert "needs" not in jobs["archive"]  # check, fmt and the build never wait for it


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


@pytest.mark.parametrize(
    ("changed", "only_quotes"),
    [(["quotes/a.yaml"], True), (["quotes/a.yaml", "generator/x.py"], False), ([], False)],
)
def test_only_quotes_changed_tells_a_quotes_only_branch(
    tmp_path: Path, changed: list[str], only_quotes: bool
) -> None:
    _git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "README").write_text("x\n")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-qm", "base")
    _git(tmp_path, "checkout", "-qb", "change")
    for name in changed:
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("y\n")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "change", "--allow-empty")
    script = PROJECT / ".ci" / "only-quotes-changed"
    result = subprocess.run([str(script), "main"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == (0 if only_quotes else 1), result.stderr


# -- least privilege, pinned actions, bounded jobs ------------------------------------------


def test_workflows_grant_nothing_by_default_and_each_job_only_what_it_needs() -> None:
    wanted = {
        ("pages.yml", "canonical"): {"contents": "write"},
        ("pages.yml", "build"): {"contents": "read"},
        ("pages.yml", "downloads"): {"contents": "write"},
        ("pages.yml", "deploy"): {"pages": "write", "id-token": "write"},
        ("pr.yml", "archive"): {"contents": "read"},
        ("pr.yml", "changes"): {"contents": "read"},
        ("pr.yml", "tests"): {"contents": "read"},
    }
    for path in WORKFLOWS:
        assert _workflow(path.name)["permissions"] == {}, path.name
    assert {(w, j): job.get("permissions") for w, j, job in _jobs()} == wanted


def test_every_action_is_pinned_to_a_commit_with_its_version_beside_it() -> None:
    for path in WORKFLOWS:
        for line in path.read_text().splitlines():
            if "uses:" not in line:
                continue
            assert re.search(r"uses: [\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$", line), line


def test_dependabot_keeps_the_pinned_actions_current() -> None:
    config = yaml.safe_load((PROJECT / ".github" / "dependabot.yml").read_text())
    ecosystems = {(u["package-ecosystem"], u["directory"]) for u in config["updates"]}
    assert ("github-actions", "/") in ecosystems


def test_every_job_has_a_time_limit_and_every_checkout_keeps_no_credentials() -> None:
    for workflow, name, job in _jobs():
        assert 0 < job["timeout-minutes"] <= 30, (workflow, name)
    checkouts = [s for _, s in _steps() if s.get("uses", "").startswith("actions/checkout@")]
    assert checkouts and all(s["with"]["persist-credentials"] is False for s in checkouts)


def test_run_steps_take_event_values_from_the_environment_not_inline() -> None:
    """`${{ }}` inside a script is pasted in before the shell reads it: a branch name could
    run commands. Values reach scripts through `env:` instead."""
    for where, step in _steps():
        assert "${{" not in step.get("run", ""), where


def test_pages_deploys_from_main_with_the_official_actions() -> None:
    workflow = _workflow("pages.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in workflow["on"]
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    uses = [s.get("uses", "").split("@")[0] for w, s in _steps() if w.startswith("pages.yml")]
    for action in ("actions/configure-pages", "actions/upload-artifact", "actions/deploy-pages"):
        assert action in uses
    build = workflow["jobs"]["build"]
    # The artifact deploy-pages takes: a tar of site/ (.ci/pack-pages) named github-pages.
    pack = next(s for s in build["steps"] if s.get("name") == "Pack the site for Pages")
    assert pack["run"] == '.ci/pack-pages site "$ARTIFACT"'
    assert pack["env"]["ARTIFACT"] == "${{ runner.temp }}/artifact.tar"
    upload = next(s for s in build["steps"] if s.get("with", {}).get("name") == "github-pages")
    assert upload["uses"].startswith("actions/upload-artifact@")
    assert upload["with"]["path"] == pack["env"]["ARTIFACT"]
    assert upload["with"]["compression-level"] == 9
    assert build["steps"].index(pack) < build["steps"].index(upload)
    assert build["needs"] == "canonical"
    checkout = build["steps"][0]
    assert checkout["with"]["ref"] == "${{ needs.canonical.outputs.sha }}"


def test_the_pages_artifact_holds_what_upload_pages_artifact_would_in_name_order(
    tmp_path: Path,
) -> None:
    """.ci/pack-pages against the tar command of actions/upload-pages-artifact (v4): the same
    members and bytes (links followed, .git, .github and hidden files out), sorted by name."""
    site = tmp_path / "site"
    for name in ("b/index.html", "a/z.html", "a/b.html", ".hidden", ".git/HEAD", "c/.nojs"):
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(name)
    (site / "link.html").symlink_to(site / "a" / "z.html")
    os.link(site / "b" / "index.html", site / "hard.html")
    ours, theirs = tmp_path / "ours.tar", tmp_path / "theirs.tar"
    subprocess.run([str(PROJECT / ".ci" / "pack-pages"), str(site), str(ours)], check=True)
    subprocess.run(
        ["tar", "--dereference", "--hard-dereference", "--directory", str(site), "-cf",
         str(theirs), "--exclude=.git", "--exclude=.github", "--exclude=.[^/]*", "."],
        check=True,
    )  # fmt: skip
    with tarfile.open(ours) as a, tarfile.open(theirs) as b:
        members = [m.name for m in a.getmembers()]
        assert sorted(members) == sorted(m.name for m in b.getmembers())
        assert members == sorted(members, key=lambda name: name.split("/"))
        assert "./.hidden" not in members and "./c/.nojs" not in members
        for member in a.getmembers():
            assert member.isdir() or member.isfile()  # no links: Pages refuses them
            if member.isfile():
                theirs_file = b.extractfile(member.name)
                assert theirs_file is not None
                assert a.extractfile(member).read() == theirs_file.read()  # type: ignore[union-attr]


def test_the_whole_archive_files_go_to_the_release_the_data_page_links_before_deploying() -> None:
    """The build links the files at DATA_RELEASE's download address; the downloads job,
    holding contents: write and nothing else, uploads exactly those files to that release;
    the site is deployed only once they are there."""
    from generator.publish import BULK_FILES

    workflow = _workflow("pages.yml")
    release = workflow["env"]["DATA_RELEASE"]
    assert re.fullmatch(r"[a-z][a-z0-9-]*", release)
    build, downloads, deploy = (workflow["jobs"][j] for j in ("build", "downloads", "deploy"))
    step = next(s for s in build["steps"] if "generator build" in s.get("run", ""))
    assert step["env"]["DOWNLOADS_URL"] == (
        "${{ github.server_url }}/${{ github.repository }}/releases/download/"
        "${{ env.DATA_RELEASE }}/"
    )
    assert '--downloads-url "$DOWNLOADS_URL"' in step["run"]
    kept = next(s for s in build["steps"] if s.get("with", {}).get("name") == "downloads")
    assert kept["with"]["path"] == "downloads" and kept["with"]["if-no-files-found"] == "error"
    fetched = downloads["steps"][0]
    assert fetched["uses"].startswith("actions/download-artifact@")
    assert fetched["with"] == {"name": kept["with"]["name"], "path": "downloads"}
    upload = downloads["steps"][1]["run"]
    files = " ".join(f"downloads/{path.split('/')[-1]}" for path in BULK_FILES)
    assert f'gh release upload "$DATA_RELEASE" {files} --clobber' in upload
    assert downloads["permissions"] == {"contents": "write"}
    assert not any(s.get("uses", "").startswith("actions/checkout@") for s in downloads["steps"])
    assert set(deploy["needs"]) == {"build", "downloads"}


# -- hash-locked installs --------------------------------------------------------------------

LOCK = PROJECT / "requirements-lock.txt"


def _pins(text: str) -> dict[str, str]:
    pins = re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)", text, flags=re.MULTILINE)
    return {re.sub(r"[-_.]+", "-", name).lower(): version for name, version in pins}


def test_workflows_install_from_the_hash_locked_requirements_then_the_package_itself() -> None:
    """The package is installed too (offline, with the locked setuptools): mkdocs.yml's
    quote-archive plugin is found by its entry point."""
    installs = [s["run"] for _, s in _steps() if "pip install" in s.get("run", "")]
    assert installs
    for run in installs:
        assert run.splitlines() == [
            "python -m pip install --require-hashes --no-deps -r requirements-lock.txt",
            "python -m pip install --no-deps --no-build-isolation --no-index --editable .",
        ]
    assert "setuptools==" in LOCK.read_text()
    assert 'requires = ["setuptools>=' in (PROJECT / "pyproject.toml").read_text()


def test_the_lock_pins_every_runtime_package_at_the_tested_version_with_hashes() -> None:
    text = LOCK.read_text()
    locked = _pins(text)
    tested = _pins((PROJECT / "constraints.txt").read_text())
    assert {name: tested.get(name) for name in locked} == locked
    entries = re.split(r"\n(?=[A-Za-z])", text.split("\n\n", 1)[-1].strip())
    assert all("--hash=sha256:" in entry for entry in entries if "==" in entry)
    assert _runtime_closure() <= set(locked)


def _runtime_closure() -> set[str]:
    """Every installed distribution requirements.txt needs, as this venv resolved it."""
    from importlib import metadata

    from packaging.requirements import Requirement

    def norm(name: str) -> str:
        return re.sub(r"[-_.]+", "-", name).lower()

    wanted = [
        Requirement(line)
        for line in (PROJECT / "requirements.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    found: set[str] = set()
    while wanted:
        requirement = wanted.pop()
        name = norm(requirement.name)
        if name in found:
            continue
        found.add(name)
        for extra in requirement.extras or {""}:
            for line in metadata.requires(requirement.name) or []:
                needed = Requirement(line)
                if needed.marker is None or needed.marker.evaluate({"extra": extra}):
                    wanted.append(needed)
    return found


# -- pre-commit ---------------------------------------------------------------------------


def test_pre_commit_is_pinned_for_developers() -> None:
    dev = (PROJECT / "requirements-dev.txt").read_text()
    assert re.search(r"^pre-commit==\S+$", dev, flags=re.MULTILINE)


def test_pre_commit_hooks_call_real_commands_of_the_virtualenv() -> None:
    config = yaml.safe_load((PROJECT / ".pre-commit-config.yaml").read_text())
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert hooks["quote-archive-fmt"]["files"] == r"^quotes/.*\.yaml$"
    for hook in hooks.values():
        program, module, package, command = hook["entry"].split()
        assert (program, module, package) == (".venv/bin/python", "-m", "generator")
        assert command in ("fmt", "check")


@pytest.mark.skipif(
    not (Path(sys.executable).parent / "pre-commit").exists(), reason="pre-commit is not installed"
)
def test_pre_commit_hooks_run_the_projects_virtualenv_not_the_python_on_path(
    tmp_path: Path,
) -> None:
    """A GUI git client starts hooks with a PATH that has no virtualenv on it."""
    repo = tmp_path / "repo"
    shutil.copytree(PROJECT / "tests" / "data" / "archive", repo / "quotes")
    shutil.copy(PROJECT / ".pre-commit-config.yaml", repo)
    (repo / ".venv").symlink_to(Path(sys.prefix))
    _git(repo, "init", "-q", "-b", "main")
    messy = repo / "quotes" / "tomas-reed.yaml"
    messy.write_text(messy.read_text().replace("  - Reed\n", "    - Reed\n"))
    _git(repo, "add", ".")
    pre_commit = Path(sys.executable).parent / "pre-commit"
    env = {
        "PATH": "/usr/bin:/bin",  # no `python` with our packages on it
        "HOME": str(tmp_path),
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    command = [str(pre_commit), "run", "--all-files"]
    first = subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True)
    assert "formatted 1 file(s)" in first.stdout, first.stdout + first.stderr
    assert first.returncode == 1  # fmt changed a file: the commit is stopped to show it
    second = subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True)
    assert second.returncode == 0, second.stdout + second.stderr
    assert os.environ.get("PATH")  # the test's own PATH is untouched
