"""The `check` command and recipe: exact problem lines, annotations, warnings, --changed."""

from __future__ import annotations

import datetime as dt
import gc
import multiprocessing
import os
import shutil
import subprocess
import time
import weakref
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import checks
from generator.checks import (
    check_archive,
    collect_warnings,
    load_valid_archive,
    load_valid_archive_with_digests,
)
from generator.cli import main
from generator.errors import ArchiveError, BuildError, Problem
from generator.models import Source
from generator.validate import quote_position

DATA = Path(__file__).parent / "data"
BAD_CASES = sorted(p for p in (DATA / "bad").iterdir() if p.is_dir())
TODAY = "2025-11-01"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project directory with the valid test archive in quotes/, as the working directory."""
    shutil.copytree(DATA / "archive", tmp_path / "quotes")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return tmp_path


def _use_case(project: Path, case: Path) -> None:
    shutil.rmtree(project / "quotes")
    shutil.copytree(case, project / "quotes", ignore=shutil.ignore_patterns("expected.txt"))


def _check(*args: str) -> object:
    return CliRunner().invoke(main, ["check", "--today", TODAY, *args])


def test_check_passes_a_valid_archive_with_a_summary(project: Path) -> None:
    result = _check()
    assert result.exit_code == 0, result.output
    assert result.stdout == "ok: 5 speakers, 10 quotes, 4 topics\n"


@pytest.mark.parametrize("case", BAD_CASES, ids=[c.name for c in BAD_CASES])
def test_check_reports_bad_input_as_path_line_col_code_and_exits_1(
    project: Path, case: Path
) -> None:
    _use_case(project, case)
    result = _check()
    assert result.exit_code == 1
    assert result.stderr == (case / "expected.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("case", "line"),
    [
        ("malformed-yaml", "quotes/ada-example.yaml:7:6: Y002 invalid YAML: this line is indented"),
        ("missing-field", "quotes/ada-example.yaml:5:5: S101 missing required field 'text'"),
        ("duplicate-id", "quotes/ben-sample.yaml:10:9: X001 id 'a2b3c4d5' expected once"),
        ("unknown-topic", "quotes/ada-example.yaml:10:9: X002 topic expected to be listed"),
        ("bad-date", "quotes/ada-example.yaml:11:15: S105 'date' expected a day that exists"),
        ("file-name-mismatch", "quotes/ada.yaml:1:7: F001 file name expected to match slug"),
    ],
)
def test_each_foundation_bad_input_points_at_its_line(project: Path, case: str, line: str) -> None:
    _use_case(project, DATA / "bad" / case)
    result = _check()
    assert result.exit_code == 1
    assert any(out.startswith(line) for out in result.stderr.splitlines()), result.stderr


def test_check_reports_every_problem_of_every_file_in_one_run(project: Path) -> None:
    _use_case(project, DATA / "bad" / "many-problems")
    lines = [line for line in _check().stderr.splitlines() if not line.startswith(" ")]
    codes = [line.split(": ")[1].split()[0] for line in lines[:-1]]
    assert codes == ["S104", "X002", "S106", "S104", "S105", "S107"]
    assert lines[-1] == "6 error(s); fix them and run check again"


def test_every_problem_line_is_followed_by_a_one_line_hint(project: Path) -> None:
    _use_case(project, DATA / "bad" / "many-problems")
    lines = _check().stderr.splitlines()[:-1]
    assert all(hint.startswith("    hint: ") for hint in lines[1::2])
    assert len(lines) == 12


def test_check_prints_github_annotations_in_actions(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    _use_case(project, DATA / "bad" / "unknown-topic")
    result = _check()
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "::error file=quotes/ada-example.yaml,line=10,col=9,title=X002::topic expected to be "
        "listed in quotes/topics.yaml, found 'bridges'%0Ahint: use a slug listed in "
        "quotes/topics.yaml, or add the topic there"
    ]


def test_check_prints_no_annotations_outside_actions(project: Path) -> None:
    _use_case(project, DATA / "bad" / "unknown-topic")
    assert "::error" not in _check().output


def test_annotation_escapes_what_would_end_its_fields() -> None:
    problem = Problem("quotes/a,b.yaml", 3, 4, "S102", "50% off\nnext", "fix: it", "warning")
    assert problem.annotation() == (
        "::warning file=quotes/a%2Cb.yaml,line=3,col=4,title=S102::50%25 off%0Anext%0Ahint: fix: it"
    )


def test_missing_archive_directory_is_reported(project: Path) -> None:
    result = _check("--quotes", "nowhere")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "nowhere:1:1: F002 expected an archive directory, found nothing there"
    )


def test_warnings_from_a_provider_are_reported_but_do_not_fail(archive_dir: Path) -> None:
    def near_duplicates(loaded, root):  # type: ignore[no-untyped-def]
        path, line, col = quote_position(loaded, "h1a7r3ow", root)
        yield Problem(path, line, col, "D001", "looks like j9h2w4ke in jonas-harrow.yaml")

    report = check_archive(archive_dir, dt.date(2025, 11, 1), providers=[near_duplicates])
    assert report.ok
    [warning] = report.problems
    assert warning.severity == "warning"
    assert warning.format().endswith(
        "ilse-harrow.yaml:23:9: D001 warning: looks like j9h2w4ke in jonas-harrow.yaml"
    )
    assert warning.hint.startswith("if it is the same quote")
    assert report.summary().endswith("4 topics, 1 warning(s)")


def test_collect_warnings_without_providers_finds_nothing(archive_dir: Path) -> None:
    from generator.store import load_archive

    assert collect_warnings(load_archive(archive_dir), []) == []


def test_load_valid_archive_raises_with_every_problem(tmp_path: Path) -> None:
    shutil.copytree(DATA / "bad" / "many-problems", tmp_path / "quotes")
    with pytest.raises(ArchiveError) as raised:
        load_valid_archive(tmp_path / "quotes", dt.date(2025, 11, 1))
    assert len(raised.value.problems) == 6
    assert "6 problem(s) in the archive" in raised.value.format_message()


@pytest.mark.parametrize("case", BAD_CASES, ids=[c.name for c in BAD_CASES])
def test_load_valid_archive_reports_each_error_exactly_as_check_does(
    project: Path, case: Path
) -> None:
    _use_case(project, case)
    today = dt.date.fromisoformat(TODAY)
    with pytest.raises(ArchiveError) as raised:
        load_valid_archive(Path("quotes"), today)
    assert raised.value.problems == check_archive(Path("quotes"), today, providers=()).errors


SOURCE = Source(url="https://news.example/a", outlet="Example News", date="2025-01-02")


def _positional_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every file read with the positions of its values."""
    from generator.store import yaml_read

    read: list[str] = []
    builder = yaml_read._DataBuilder

    def recording(shown: str) -> yaml_read._DataBuilder:
        read.append(shown)
        return builder(shown)

    monkeypatch.setattr(yaml_read, "_DataBuilder", recording)
    return read


def test_a_valid_archive_is_never_read_with_positions(
    archive_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    read = _positional_reads(monkeypatch)
    archive = load_valid_archive(archive_dir, dt.date(2025, 11, 1), cache_dir=tmp_path / "cache")
    assert sum(len(s.quotes) for s in archive.speakers) == 10
    assert read == []


def test_only_the_file_an_error_is_about_is_read_again_and_points_at_its_line(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _use_case(project, DATA / "bad" / "unknown-topic")
    read = _positional_reads(monkeypatch)
    with pytest.raises(ArchiveError) as raised:
        load_valid_archive(Path("quotes"), dt.date.fromisoformat(TODAY))
    assert raised.value.problems[0].format() == (
        "quotes/ada-example.yaml:10:9: X002 topic expected to be listed in quotes/topics.yaml, "
        "found 'bridges'"
    )
    assert read == ["quotes/ada-example.yaml"]


def test_an_error_across_files_reads_every_file_it_names_again(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _use_case(project, DATA / "bad" / "duplicate-id")
    read = _positional_reads(monkeypatch)
    with pytest.raises(ArchiveError) as raised:
        load_valid_archive(Path("quotes"), dt.date.fromisoformat(TODAY))
    paths = {p.path for p in raised.value.problems}
    assert len(paths) == 2
    assert sorted(read) == sorted(paths)
    assert all(p.line > 1 for p in raised.value.problems)


def test_writing_reads_neither_the_archive_nor_what_it_writes_with_positions(
    archive_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.checks import write_checked
    from generator.models import Quote, Speaker

    read = _positional_reads(monkeypatch)
    new = Speaker("new-person", "New Person", quotes=(Quote("zzzzzzzz", "Words.", (SOURCE,)),))
    write_checked(archive_dir, [new])
    assert (archive_dir / "new-person.yaml").exists()
    assert read == []


def test_an_error_in_what_a_command_would_write_points_at_its_line_in_that_text(
    archive_dir: Path,
) -> None:
    """Read without positions first, the text not written yet is read again with them, not
    the file on disk (which holds other lines, or does not exist)."""
    from generator.checks import write_checked
    from generator.models import Quote, Speaker
    from generator.store import dump_speaker

    taken = load_valid_archive(archive_dir).speakers[0].quotes[0].id
    quotes = (Quote("zzzzzzzz", "First words.", (SOURCE,)), Quote(taken, "Other words.", (SOURCE,)))
    new = Speaker("new-person", "New Person", quotes=quotes)
    with pytest.raises(ArchiveError) as raised:
        write_checked(archive_dir, [new])
    [problem] = [p for p in raised.value.problems if p.path.endswith("new-person.yaml")]
    lines = dump_speaker(new).splitlines()
    assert lines[problem.line - 1].strip() == f"- id: {taken}"
    assert "(in a new file, not written)" in problem.message
    assert not (archive_dir / "new-person.yaml").exists()


# -- check --changed -----------------------------------------------------------------------


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture
def repo(project: Path) -> Path:
    """The project as a git repository with main committed and a feature branch checked out."""
    _git(project, "init", "-q", "-b", "main")
    _git(project, "-c", "user.name=t", "-c", "user.email=t@example.org", "add", ".")
    _git(project, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "base")
    _git(project, "checkout", "-q", "-b", "feature")
    return project


def _break_alias_in(path: Path, alias: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("aliases:\n", f"aliases:\n  - {alias}\n", 1), encoding="utf-8")


def test_changed_limits_per_file_rules_to_changed_files(repo: Path) -> None:
    old = repo / "quotes" / "ilse-harrow.yaml"  # main already has a problem here
    old.write_text(old.read_text().replace("kind: person", "kind: robot"), encoding="utf-8")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qam", "x")
    _git(repo, "branch", "-f", "main")
    changed = repo / "quotes" / "tomas-reed.yaml"
    changed.write_text(changed.read_text().replace("status: attributed", "status: maybe", 1))
    result = _check("--changed")
    assert result.exit_code == 1
    assert [line.split(": ")[0] for line in result.stderr.splitlines()[:-1:2]] == [
        "quotes/tomas-reed.yaml:12:13"
    ]


def test_changed_reports_cross_file_problems_involving_a_changed_file(repo: Path) -> None:
    _break_alias_in(repo / "quotes" / "brindlemoor-city-council.yaml", "Reed")
    result = _check("--changed", "--base", "main")
    lines = result.stderr.splitlines()
    assert result.exit_code == 1
    assert lines[0].startswith(
        "quotes/brindlemoor-city-council.yaml:7:5: X003 name 'Reed' expected once"
    )
    assert lines[2].startswith("quotes/tomas-reed.yaml:7:5: X003 name 'Reed' expected once")


def test_changed_counts_new_untracked_files(repo: Path) -> None:
    new = repo / "quotes" / "ada-example.yaml"
    shutil.copy(DATA / "bad" / "bad-url" / "ada-example.yaml", new)
    result = _check("--changed", "--base", "main")
    assert result.exit_code == 1
    assert result.stderr.startswith("quotes/ada-example.yaml:9:14: S106 ")


def test_changed_with_nothing_changed_is_ok_and_says_so(repo: Path) -> None:
    result = _check("--changed")
    assert result.exit_code == 0, result.output
    assert result.stdout == "ok: 5 speakers, 10 quotes, 4 topics (0 changed file(s) checked)\n"


def test_changed_with_an_unknown_base_fails_clearly(repo: Path) -> None:
    result = _check("--changed", "--base", "nope")
    assert result.exit_code == 1
    assert "cannot compare with nope: no such branch or commit" in result.output


# -- silent changes, and what a pull request from the browser needs ---------------------------


def test_check_reports_windows_line_ends_at_the_first(project: Path) -> None:
    path = project / "quotes" / "tomas-reed.yaml"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    result = _check()
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "quotes/tomas-reed.yaml:1:62: Y005 expected Unix line ends (LF), found Windows line "
        "ends (CRLF)"
    )


def test_a_build_refuses_windows_line_ends_as_check_does(project: Path) -> None:
    path = project / "quotes" / "tomas-reed.yaml"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    with pytest.raises(ArchiveError) as raised:
        load_valid_archive(project / "quotes", dt.date(2025, 11, 1))
    assert [p.code for p in raised.value.problems] == ["Y005"]


def test_a_build_refuses_text_cut_short_by_a_comment(project: Path) -> None:
    path = project / "quotes" / "tomas-reed.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("not about the ferry\n", "not about the #ferry\n", 1))
    with pytest.raises(ArchiveError) as raised:
        load_valid_archive(project / "quotes", dt.date(2025, 11, 1))
    assert [(p.code, p.line) for p in raised.value.problems] == [("Y006", 10)]


WEB_EDITOR_QUOTE = """\
  - text: “The ferry will run all winter”
    status: attributed
    topics:
      - public-transport
    sources:
      - outlet: Radio Velmora
        url: https://radio-velmora.example.com/news/ferry
"""


def test_as_formatted_accepts_a_quote_added_in_the_browser(project: Path) -> None:
    """No id, quote marks around it, appended at the end: all fixed by fmt after merge."""
    path = project / "quotes" / "tomas-reed.yaml"
    path.write_text(path.read_text(encoding="utf-8") + WEB_EDITOR_QUOTE, encoding="utf-8")
    assert [line.split(": ")[1].split()[0] for line in _check().stderr.splitlines()[:-1:2]] == [
        "S101",
        "S112",
    ]
    result = _check("--as-formatted")
    assert result.exit_code == 0, result.output
    assert result.stdout == "ok: 5 speakers, 11 quotes, 4 topics\n"


def test_as_formatted_still_fails_what_fmt_cannot_fix(project: Path) -> None:
    path = project / "quotes" / "tomas-reed.yaml"
    broken = WEB_EDITOR_QUOTE.replace("public-transport", "ferries")
    path.write_text(path.read_text(encoding="utf-8") + broken, encoding="utf-8")
    result = _check("--as-formatted")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "quotes/tomas-reed.yaml:30:9: X002 topic expected to be listed in quotes/topics.yaml, "
        "found 'ferries'"
    )


def test_a_near_duplicate_without_an_id_is_named_by_its_file_and_line(project: Path) -> None:
    path = project / "quotes" / "tomas-reed.yaml"
    text = path.read_text(encoding="utf-8")
    line = text.count("\n") + 1
    copy = WEB_EDITOR_QUOTE.replace(
        "“The ferry will run all winter”",
        "The minister was talking about trams, not about the ferry",
    )
    path.write_text(text + copy, encoding="utf-8")
    for args in (["--as-formatted"], []):
        warnings = [line for line in _check(*args).output.splitlines() if " D00" in line]
        assert warnings == [
            f"quotes/tomas-reed.yaml:{line}:11: D001 warning: the new quote at "
            f"quotes/tomas-reed.yaml:{line} expected to be distinct, found a near-duplicate of "
            "'r4n8s2ud' (similarity 100.0, coverage 1.00: identical after normalisation)"
        ]


def test_base_says_which_copy_of_a_duplicated_id_is_new(repo: Path) -> None:
    path = repo / "quotes" / "ilse-harrow.yaml"
    text = path.read_text(encoding="utf-8")
    reed = (repo / "quotes" / "tomas-reed.yaml").read_text(encoding="utf-8")
    copied = reed[reed.index("  - id: r4n8s2ud") : reed.index("  - id: r4n8m6vt")]
    path.write_text(text + copied, encoding="utf-8")
    result = _check("--base", "main")
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if " X001 " in line]
    assert lines[0].endswith(
        "X001 id 'r4n8s2ud' expected once, also at quotes/tomas-reed.yaml:9; this copy is new "
        "(not on main): it is the one to change"
    )
    assert lines[1].endswith(
        "X001 id 'r4n8s2ud' expected once, also at "
        f"quotes/ilse-harrow.yaml:{lines[0].split(':')[1]} (new, not on main)"
    )


def _remove_quote(path: Path, quote_id: str) -> str:
    """Cut the quote block of `quote_id` out of a speaker file; return the block."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line == f"  - id: {quote_id}\n")
    end = next(
        (i for i in range(start + 1, len(lines)) if lines[i].startswith("  - id: ")), len(lines)
    )
    path.write_text("".join(lines[:start] + lines[end:]), encoding="utf-8")
    return "".join(lines[start:end])


def test_changed_warns_when_a_published_quote_id_disappears(repo: Path) -> None:
    _remove_quote(repo / "quotes" / "marta-kovane.yaml", "h5d9c2wk")
    result = _check("--changed", "--base", "main")
    assert result.exit_code == 0, result.output
    assert (
        "quotes/marta-kovane.yaml:1:1: W002 warning: published quote id 'h5d9c2wk' "
        "(q/h5d9c2wk/) expected to stay in the archive, found it gone (not kept in any "
        "merged_ids)"
    ) in result.output


def test_moving_a_quote_to_another_speaker_keeps_its_id_and_warns_nothing(repo: Path) -> None:
    block = _remove_quote(repo / "quotes" / "marta-kovane.yaml", "h5d9c2wk")
    other = repo / "quotes" / "ilse-harrow.yaml"
    other.write_text(other.read_text(encoding="utf-8") + block, encoding="utf-8")
    result = _check("--changed", "--base", "main")
    assert "W002" not in result.output, result.output


def test_a_quote_merged_into_another_keeps_its_id_in_merged_ids(repo: Path) -> None:
    _remove_quote(repo / "quotes" / "marta-kovane.yaml", "h5d9c2wk")
    other = repo / "quotes" / "ilse-harrow.yaml"
    text = other.read_text(encoding="utf-8")
    first = next(line for line in text.splitlines() if line.startswith("  - id: "))
    other.write_text(text.replace(first, f"{first}\n    merged_ids:\n      - h5d9c2wk", 1))
    result = _check("--changed", "--base", "main")
    assert "W002" not in result.output, result.output


def test_changed_warns_when_a_speaker_file_goes_without_a_former_slug(repo: Path) -> None:
    (repo / "quotes" / "jonas-harrow.yaml").unlink()
    result = _check("--changed", "--base", "main")
    assert (
        "quotes/jonas-harrow.yaml:1:1: W002 warning: published speaker slug 'jonas-harrow' "
        "(people/jonas-harrow/)"
    ) in result.output
    assert "published quote id 'j9h2w4ke'" in result.output


def test_a_renamed_speaker_with_its_former_slug_warns_nothing(repo: Path) -> None:
    old = repo / "quotes" / "jonas-harrow.yaml"
    text = old.read_text(encoding="utf-8").replace("slug: jonas-harrow", "slug: jonas-harrow-jr")
    text = text.replace("kind: person\n", "kind: person\nformer_slugs:\n  - jonas-harrow\n")
    (repo / "quotes" / "jonas-harrow-jr.yaml").write_text(text, encoding="utf-8")
    old.unlink()
    result = _check("--changed", "--base", "main")
    assert "W002" not in result.output, result.output


@pytest.fixture
def forking(monkeypatch: pytest.MonkeyPatch) -> None:
    """The check runs in a child even when the process running the tests has threads of
    its own (a browser driver's, from tests before), which `can_fork` refuses for safety."""
    monkeypatch.setattr(checks, "can_fork", lambda: True)


def _checked_beside(
    quotes: Path, cache: Path | None = None, beside: bool = True
) -> tuple[object, dict[str, str]]:
    archive, digests, check = checks.load_archive_checking_beside(quotes, cache, beside=beside)
    with check:
        check.wait()
    return archive, digests


@pytest.mark.parametrize("case", BAD_CASES, ids=[c.name for c in BAD_CASES])
def test_checking_beside_finds_every_error_check_finds(
    project: Path, case: Path, forking: None
) -> None:
    """The rules that span files run in a forked child; what `wait` raises is what `check`
    reports (today's date: the build's)."""
    _use_case(project, case)
    before = set(multiprocessing.active_children())
    with pytest.raises(ArchiveError) as raised:
        _checked_beside(Path("quotes"))
    assert raised.value.problems == check_archive(Path("quotes"), None, providers=()).errors
    assert set(multiprocessing.active_children()) <= before


def test_checking_beside_gives_the_archive_and_digests_a_valid_load_gives(
    archive_dir: Path, tmp_path: Path, forking: None
) -> None:
    archive, digests = _checked_beside(archive_dir, tmp_path / "cache")
    assert (tmp_path / "cache" / checks.DATA_CACHE_FILE).is_file()  # saved by the child
    assert (archive, digests) == load_valid_archive_with_digests(
        archive_dir, cache_dir=tmp_path / "cache2"
    )
    # The cache the child saved is the one a later build reads: nothing is parsed again.
    reads: list[Path] = []
    parse = checks.load_plain_archive

    def counting(quotes: Path, cache: object = None, **kwargs: object) -> object:
        loaded = parse(quotes, cache, **kwargs)  # type: ignore[arg-type]
        reads.extend(Path(key) for key in loaded.documents if key not in loaded.cached)
        return loaded

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(checks, "load_plain_archive", counting)
        assert _checked_beside(archive_dir, tmp_path / "cache") == (archive, digests)
    assert reads == []


def test_the_rules_that_span_files_run_in_a_child_unless_it_cannot_be_forked(
    archive_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forking: None
) -> None:
    errors = checks._errors
    pids = tmp_path / "pids"

    def noting_pid(*args: object, **kwargs: object) -> list[Problem]:
        with pids.open("a", encoding="utf-8") as out:
            out.write(f"{os.getpid()}\n")
        return errors(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(checks, "_errors", noting_pid)
    _checked_beside(archive_dir)
    _checked_beside(archive_dir, beside=False)  # a full build: its peak memory
    monkeypatch.setattr(checks, "can_fork", lambda: False)
    _checked_beside(archive_dir)
    child, *here = pids.read_text(encoding="utf-8").split()
    assert child != str(os.getpid()) and here == [str(os.getpid())] * 2


def test_a_check_that_fails_or_dies_fails_the_build_with_a_message(
    archive_dir: Path, monkeypatch: pytest.MonkeyPatch, forking: None
) -> None:
    before = set(multiprocessing.active_children())

    def failing(*args: object, **kwargs: object) -> list[Problem]:
        raise RuntimeError("rule broke")

    monkeypatch.setattr(checks, "_errors", failing)
    with pytest.raises(BuildError, match="checking the archive failed: RuntimeError: rule broke"):
        _checked_beside(archive_dir)

    def dying(*args: object, **kwargs: object) -> list[Problem]:
        os._exit(3)

    monkeypatch.setattr(checks, "_errors", dying)
    with pytest.raises(BuildError, match="ended without a word"):
        _checked_beside(archive_dir)
    assert set(multiprocessing.active_children()) <= before


def test_leaving_before_the_verdict_stops_the_child(
    archive_dir: Path, monkeypatch: pytest.MonkeyPatch, forking: None
) -> None:
    def slow(*args: object, **kwargs: object) -> list[Problem]:
        time.sleep(60)
        return []

    monkeypatch.setattr(checks, "_errors", slow)
    before = set(multiprocessing.active_children())
    with (
        pytest.raises(BuildError, match="MkDocs failed"),
        checks.load_archive_checking_beside(archive_dir, None)[2],
    ):
        assert set(multiprocessing.active_children()) - before  # the check's child
        raise BuildError("MkDocs failed")
    assert set(multiprocessing.active_children()) <= before


def test_what_breaks_on_an_invalid_archive_before_the_verdict_reports_its_errors(
    project: Path, forking: None
) -> None:
    """The build plans while the child checks: an archive not yet found valid may break
    the planning; its errors, not that breakage, are the message."""
    _use_case(project, DATA / "bad" / "duplicate-id")
    with (
        pytest.raises(ArchiveError) as raised,
        checks.load_archive_checking_beside(Path("quotes"), None)[2],
    ):
        raise KeyError("planning broke on a duplicate id")
    assert raised.value.problems == check_archive(Path("quotes"), None, providers=()).errors
    assert isinstance(raised.value.__cause__, KeyError)
    # A valid archive: what broke is the message.
    _use_case(project, DATA / "archive")
    with (
        pytest.raises(KeyError, match="planning broke"),
        checks.load_archive_checking_beside(Path("quotes"), None)[2],
    ):
        raise KeyError("planning broke")
    # Stopped before its verdict, a check never says the archive is valid.
    with checks.load_archive_checking_beside(Path("quotes"), None)[2] as check:
        check.close()
        with pytest.raises(BuildError, match="stopped before its verdict"):
            check.wait()


def test_nothing_holds_the_archive_read_but_the_caller(archive_dir: Path, forking: None) -> None:
    """The build lets go of the archive before Pagefind's runs (its largest processes): a
    reference kept by the loading (a context manager's frame held the archive and the
    values of every file, 0.2 GB at 200k quotes) would keep it to the end."""
    for beside in (True, False):
        archive, _, check = checks.load_archive_checking_beside(archive_dir, None, beside=beside)
        gone = weakref.ref(archive)
        with check:
            check.wait()
            del archive
            gc.collect()
            assert gone() is None, beside


def test_checked_here_an_invalid_archive_fails_at_once(project: Path) -> None:
    """Without a child (a full build) nothing is left to wait for: the errors are raised
    before the caller plans anything on the archive."""
    _use_case(project, DATA / "bad" / "duplicate-id")
    with pytest.raises(ArchiveError) as raised:
        checks.load_archive_checking_beside(Path("quotes"), None, beside=False)
    assert raised.value.problems == check_archive(Path("quotes"), None, providers=()).errors
