"""The hostile corpus: pull requests and articles built to break the tool, run as a user would.

Every case runs the command in a child process with an address-space limit (the memory
bound) and a deadline (the time bound: a hang guard, far above the time the case takes, not
a benchmark), and asserts the clear error and the exit code, that no line of the output is a
workflow command the tool did not mean (CI runs with GITHUB_ACTIONS=true), and that quotes/
and site/ are as they were. Large inputs are built at test time (tests/hostile_corpus.py);
nothing large is committed. The bounds are the ones README.md documents under "Hostile
input".
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hostile_corpus import (
    alias_bomb_yaml,
    debate_transcript,
    html_page,
    nested_json,
    nested_yaml,
    write_bomb,
)

DATA = Path(__file__).parent / "data"
PROJECT = Path(__file__).parent.parent
MB = 1 << 20
CHECK_MEMORY = 640 * MB
"""Address space `check` and `build` run in; their peak RSS stays under CHECK_PEAK."""
CHECK_PEAK = 400 * MB
EXTRACT_MEMORY = 1024 * MB
"""Address space `extract` and `ingest` run in; their peak RSS stays under EXTRACT_PEAK."""
EXTRACT_PEAK = 600 * MB
DEADLINE = 60.0
"""Seconds any case may take (most take one or two)."""
OUR_ANNOTATION = re.compile(
    r"::(error|warning) file=quotes/[^,:\n]*,line=\d+,col=\d+,title=[A-Z]\d{3}::[^\n\x1b]*"
)


@dataclass(frozen=True)
class Outcome:
    code: int
    stdout: str
    stderr: str
    seconds: float
    peak_rss: int
    """Bytes: the largest resident set of the command (or of a process it waited for)."""

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def run_bounded(
    project: Path, *args: str, memory: int = CHECK_MEMORY, deadline: float = DEADLINE
) -> Outcome:
    """Run `python -m generator ARGS` in `project` under an address-space limit and a deadline;
    its peak RSS is read from wait4, so only this command is measured."""

    def limit_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    env = {**os.environ, "GITHUB_ACTIONS": "true", "PYTHONPATH": str(PROJECT)}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.monotonic()
        child = subprocess.Popen(
            [sys.executable, "-m", "generator", *args],
            cwd=project,
            stdout=out,
            stderr=err,
            env=env,
            preexec_fn=limit_memory,
        )
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - started > deadline:
                child.kill()
                os.wait4(child.pid, 0)
                child.returncode = -9
                pytest.fail(f"{' '.join(args)} still running after {deadline:.0f} s")
            time.sleep(0.02)
        child.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.monotonic() - started
        out.seek(0)
        err.seek(0)
        return Outcome(
            child.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
            seconds,
            usage.ru_maxrss * 1024,
        )


def tree_state(folder: Path) -> dict[str, object]:
    """Every entry under a folder: a file's bytes, a link's target, a directory's presence."""
    state: dict[str, object] = {}
    for top, folders, files in os.walk(folder, followlinks=False):
        for name in folders + files:
            path = Path(top) / name
            key = path.relative_to(folder).as_posix()
            if path.is_symlink():
                state[key] = ("link", os.readlink(path))
            elif path.is_file():
                state[key] = path.read_bytes()
            else:
                state[key] = "dir" if path.is_dir() else "special"
    return state


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project: the test archive in quotes/, a few hand-written pages, mkdocs.yml, and the
    site a previous build left in site/."""
    shutil.copytree(DATA / "archive", tmp_path / "quotes")
    shutil.copy(PROJECT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(PROJECT / "overrides", tmp_path / "overrides")
    (tmp_path / "content").mkdir()
    shutil.copy(PROJECT / "content" / "about.md", tmp_path / "content" / "about.md")
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("<p>the site as last built</p>\n")
    (tmp_path / "articles").mkdir()
    return tmp_path


def assert_bounded(
    project: Path,
    args: tuple[str, ...],
    code: int,
    expected: list[str],
    peak: int = CHECK_PEAK,
    memory: int = CHECK_MEMORY,
    deadline: float = DEADLINE,
    quotes_change: Callable[[dict[str, object], dict[str, object]], None] | None = None,
) -> Outcome:
    """Run a hostile case and assert everything each case asserts (see the module docstring)."""
    quotes, site = tree_state(project / "quotes"), tree_state(project / "site")
    outcome = run_bounded(project, *args, memory=memory, deadline=deadline)
    lines = outcome.output.splitlines()
    assert outcome.code == code, outcome.output[-3000:]
    for line in expected:
        assert line in lines, f"{line!r} not in:\n" + "\n".join(lines[:40])
    assert "Traceback" not in outcome.output
    assert "\x1b" not in outcome.output
    forged = [
        line for line in lines if line.startswith("::") and not OUR_ANNOTATION.fullmatch(line)
    ]
    assert forged == []
    assert outcome.peak_rss < peak, f"peak RSS {outcome.peak_rss / MB:.0f} MB"
    if quotes_change is None:
        assert tree_state(project / "quotes") == quotes
    else:
        quotes_change(quotes, tree_state(project / "quotes"))
    assert tree_state(project / "site") == site
    return outcome


# -- Files outside the archive ---------------------------------------------------------------

F006 = "F006 expected a regular file, found {kind}; nothing was read through it"


def _f006(path: str, kind: str = "a symbolic link") -> str:
    return f"{path}:1:1: " + F006.format(kind=kind)


def test_check_never_prints_a_file_a_link_points_to(project: Path) -> None:
    (project / "quotes" / "x.yaml").symlink_to("/etc/passwd")
    outcome = assert_bounded(project, ("check",), 1, [_f006("quotes/x.yaml")])
    assert "root:" not in outcome.output


def test_a_link_to_a_speaker_file_outside_is_neither_checked_nor_built(project: Path) -> None:
    outside = project.parent / "outside.yaml"
    text = (DATA / "archive" / "tomas-reed.yaml").read_text(encoding="utf-8")
    outside.write_text(text.replace("tomas-reed", "outside").replace("Tomas Reed", "SECRET"))
    (project / "quotes" / "outside.yaml").symlink_to(outside)
    problem = _f006("quotes/outside.yaml")
    assert_bounded(project, ("check",), 1, [problem])
    expected = [f"Error: {problem}", "1 problem(s) in the archive; nothing was written"]
    outcome = assert_bounded(project, ("build",), 1, expected)
    assert "SECRET" not in outcome.output


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (lambda path: path.symlink_to("/dev/zero"), "a symbolic link"),
        (lambda path: path.symlink_to("nowhere/gone.yaml"), "a symbolic link"),
        (os.mkfifo, "a FIFO"),
        (os.mkdir, "a directory"),
    ],
    ids=["link to /dev/zero", "dangling link", "FIFO", "directory"],
)
def test_special_files_in_quotes_are_reported_not_read(
    project: Path, make: Callable[[Path], None], kind: str
) -> None:
    make(project / "quotes" / "special.yaml")
    assert_bounded(project, ("check",), 1, [_f006("quotes/special.yaml", kind)])


def test_build_refuses_a_link_in_content(project: Path) -> None:
    (project / "content" / "passwd.md").symlink_to("/etc/passwd")
    expected = [
        f"Error: {_f006('content/passwd.md')}",
        "1 problem(s) in content/; nothing was written",
    ]
    outcome = assert_bounded(project, ("build",), 1, expected)
    assert "root:" not in outcome.output


# -- Output that a terminal or CI runs --------------------------------------------------------


def test_names_keys_and_file_names_cannot_forge_commands_or_escapes(project: Path) -> None:
    forged = "x\n::error file=README.md,line=1::Approved"
    (project / "quotes" / f"{forged}.yaml").write_text("slug: x\n", encoding="utf-8")
    (project / "quotes" / "forger.yaml").write_text(
        'slug: "forger\\r::warning::Forged"\nname: "\\e]0;pwned\\a"\nkind: person\n'
        '"key\\n::error::Approved": 1\nquotes: []\n',
        encoding="utf-8",
    )
    expected = [
        "quotes/x\\n::error file=README.md,line=1::Approved.yaml:1:1: F007 file name expected "
        "in printable characters, found a control character",
        "quotes/forger.yaml:1:7: F007 slug expected in printable characters, found "
        "'forger\\r::warning::Forged'",
        "quotes/forger.yaml:4:1: S102 unknown field 'key\\n::error::Approved'",
    ]
    assert_bounded(project, ("check",), 1, expected)


def test_a_fifty_megabyte_value_is_cut_in_the_message(project: Path) -> None:
    value = "z" * (50 * 1000 * 1000)
    (project / "quotes" / "big.yaml").write_text(
        f"slug: big\nname: Big\nkind: {value}\nquotes: []\n", encoding="utf-8"
    )
    line = (
        "quotes/big.yaml:3:7: S104 'kind' expected one of [person, organisation], found "
        f"'{'z' * 200}\u2026 (50,000,000 characters)'"
    )
    outcome = assert_bounded(project, ("check",), 1, [line])
    assert max(len(line) for line in outcome.output.splitlines()) < 1200


# -- Bounded time and memory ------------------------------------------------------------------


@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_deep_yaml_is_reported_not_crashed_on(project: Path, depth: int) -> None:
    (project / "quotes" / "deep.yaml").write_text(nested_yaml(depth), encoding="utf-8")
    line = (
        "quotes/deep.yaml:2:26: Y007 expected values nested at most 20 levels deep, found "
        "deeper ones"
    )
    assert_bounded(project, ("check",), 1, [line])
    assert_bounded(project, ("build",), 1, [f"Error: {line}"])


def test_an_alias_bomb_in_the_archive_is_refused_unexpanded(project: Path) -> None:
    (project / "quotes" / "bomb.yaml").write_text(alias_bomb_yaml(key="name"), encoding="utf-8")
    line = (
        "quotes/bomb.yaml:1:5: Y004 expected plain values, found an alias (*name) of an "
        "anchored value"
    )
    assert_bounded(project, ("check",), 1, [line])


def test_two_long_quotes_repeating_a_phrase_are_checked_quickly(project: Path) -> None:
    phrase = "we will build the harbour wall again "
    long = (phrase * 5_000)[:180_000].rsplit(" ", 1)[0]
    half = len(long) // 2
    texts = [long, f"Indeed {long[:half]} truly {long[half:]}"]
    quotes = "".join(
        f"  - id: long{n}aaaa\n    text: '{text}'\n    status: attributed\n"
        f"    sources:\n      - outlet: Gazette\n"
        for n, text in enumerate(texts)
    )
    (project / "quotes" / "long-talker.yaml").write_text(
        f"slug: long-talker\nname: Long Talker\nkind: person\nquotes:\n{quotes}", encoding="utf-8"
    )
    outcome = assert_bounded(
        project, ("check",), 0, ["ok: 6 speakers, 12 quotes, 4 topics"], deadline=20
    )
    assert outcome.seconds < 20


def _article(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def _one_added(before: dict[str, object], after: dict[str, object]) -> None:
    """extract wrote the good article's speaker file and changed nothing else."""
    assert set(after) - set(before) == {"greta-holm.yaml"}
    assert {k: v for k, v in after.items() if k in before} == before


GOOD = json.dumps({"text": '"The bridge is open," said Greta Holm.', "outlet": "Wire"})


@pytest.mark.parametrize(
    ("bad", "line"),
    [
        (nested_json(100_000), "articles/wire.jsonl:1:43: A005 JSON expected nested at most 20 "
         "levels deep, found deeper"),
        (json.dumps({"text": '"Hi," said Ada Brook.', "url": "javascript:alert(1)"}),
         "articles/wire.jsonl:1:1: A012 'url' expected an http(s) address, found "
         "'javascript:alert(1)'; the article was skipped"),
        ('{"text": "\\"Hi \\ud800,\\" said Ada Brook."}',
         "articles/wire.jsonl:1:1: A005 malformed JSON line: a \\uD800-\\uDFFF escape that is "
         "no character"),
    ],
    ids=["JSON 100,000 deep", "javascript: url", "lone surrogate"],
)  # fmt: skip
def test_one_bad_json_line_never_blocks_the_others(project: Path, bad: str, line: str) -> None:
    _article(project / "articles" / "wire.jsonl", f"{bad}\n{GOOD}\n")
    assert_bounded(
        project,
        ("extract", "articles/wire.jsonl"),
        1,
        [line],
        peak=EXTRACT_PEAK,
        memory=EXTRACT_MEMORY,
        quotes_change=_one_added,
    )


@pytest.mark.parametrize(
    ("front_matter", "line"),
    [
        ("title: " + "[" * 100_000 + "x" + "]" * 100_000 + "\n",
         "articles/a.md:2:27: A006 front matter expected values nested at most 20 levels deep, "
         "found deeper ones"),
        (alias_bomb_yaml(),
         "articles/a.md:2:5: A006 front matter expected plain values, found an alias (*name) "
         "of an anchored value"),
    ],
    ids=["100,000 deep", "alias bomb as the title"],
)  # fmt: skip
def test_hostile_front_matter_is_reported(project: Path, front_matter: str, line: str) -> None:
    _article(project / "articles" / "a.md", f'---\n{front_matter}---\n"Hi," said Ada Brook.\n')
    _article(project / "articles" / "b.txt", '"The bridge is open," said Greta Holm.\n')
    assert_bounded(
        project,
        ("extract", "--outlet", "Wire", "articles"),
        1,
        [line],
        peak=EXTRACT_PEAK,
        memory=EXTRACT_MEMORY,
        quotes_change=_one_added,
    )


@pytest.mark.parametrize("suffix", [".txt", ".html"])
def test_a_thirty_megabyte_article_is_reported_not_hung_on(project: Path, suffix: str) -> None:
    text = debate_transcript(30_000_000)
    _article(
        project / "articles" / f"debate{suffix}", html_page(text) if suffix == ".html" else text
    )
    line = (
        f"articles/debate{suffix}:1:1: A010 article expected to be at most 10 MB, found a "
        "larger one; it was not read"
    )
    assert_bounded(
        project,
        ("extract", "--outlet", "Wire", "articles"),
        1,
        [line],
        peak=EXTRACT_PEAK,
        memory=EXTRACT_MEMORY,
    )


def test_an_article_just_under_the_limit_is_extracted_within_the_bounds(project: Path) -> None:
    _article(project / "articles" / "debate.txt", debate_transcript(9_500_000))
    outcome = assert_bounded(
        project,
        ("extract", "--dry-run", "articles/debate.txt"),
        0,
        [],
        peak=EXTRACT_PEAK,
        memory=EXTRACT_MEMORY,
        deadline=120,
    )
    assert outcome.stderr.endswith("in 1 article(s)\n") and outcome.stdout.count("\n") > 500


TEN_GB = 10 * 1024**3


@pytest.mark.parametrize("suffix", [".gz", ".bz2", ".xz", ".zst"])
def test_a_ten_gigabyte_bomb_is_stopped_and_reported(project: Path, suffix: str) -> None:
    write_bomb(project / "articles" / f"wire.jsonl{suffix}", TEN_GB, GOOD.encode() + b"\n")
    outcome = assert_bounded(
        project,
        ("ingest", "--workers", "0", "--no-progress", "articles"),
        1,
        [],
        peak=EXTRACT_PEAK,
        memory=EXTRACT_MEMORY,
        quotes_change=_one_added,
        deadline=30,
    )
    assert (
        f"articles/wire.jsonl{suffix}:1:1: A011 compressed file expected to expand at most 200 "
        "times, found 1"
    ) in outcome.stderr


def test_deep_json_on_a_dask_worker_is_a_problem_not_a_lost_partition(project: Path) -> None:
    _article(project / "articles" / "wire.jsonl", f"{nested_json(100_000)}\n{GOOD}\n")
    line = (
        "articles/wire.jsonl:1:43: A005 JSON expected nested at most 20 levels deep, found deeper"
    )
    assert_bounded(
        project,
        ("ingest", "--workers", "1", "--no-progress", "articles"),
        1,
        [line],
        peak=EXTRACT_PEAK,
        memory=4 * EXTRACT_MEMORY,  # a Dask cluster reserves address space for its threads
        quotes_change=_one_added,
        deadline=120,
    )
