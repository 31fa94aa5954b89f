"""Files under quotes/ and content/ are read only when they are regular files, never through
a link; anything else is a problem at its own name (F006), and so is a name holding a
control character (F007)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator.checks import check_archive, load_valid_archive
from generator.errors import ArchiveError
from generator.fmt import format_archive
from generator.site import check_content
from generator.store import NotRegularFile, load_archive, load_plain_archive, read_regular
from generator.store.files import tree_problems

DATA = Path(__file__).parent / "data"


@pytest.fixture
def quotes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    target = tmp_path / "quotes"
    shutil.copytree(DATA / "archive", target)
    monkeypatch.chdir(tmp_path)
    return Path("quotes")


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A YAML file outside the archive that a link would publish: valid as a speaker file."""
    path = tmp_path / "outside" / "secret.yaml"
    path.parent.mkdir()
    text = (DATA / "archive" / "tomas-reed.yaml").read_text(encoding="utf-8")
    path.write_text(text.replace("tomas-reed", "secret").replace("Tomas Reed", "RUNNER SECRET"))
    return path


def _lines(quotes: Path) -> list[str]:
    return [p.format() for p in check_archive(quotes, providers=()).errors]


def test_a_link_to_a_file_outside_is_an_error_and_nothing_of_it_is_read(quotes: Path) -> None:
    (quotes / "x.yaml").symlink_to("/etc/passwd")
    lines = _lines(quotes)
    assert lines == [
        "quotes/x.yaml:1:1: F006 expected a regular file, found a symbolic link; nothing was "
        "read through it"
    ]
    assert "root" not in "\n".join(lines)


def test_a_link_to_a_valid_speaker_file_is_not_published(quotes: Path, secret: Path) -> None:
    (quotes / "secret.yaml").symlink_to(secret)
    for load in (load_archive, load_plain_archive):
        loaded = load(quotes)
        assert "secret" not in loaded.documents
        assert all(s.name != "RUNNER SECRET" for s in loaded.archive.speakers)
    with pytest.raises(ArchiveError) as raised:
        load_valid_archive(quotes)
    assert [p.code for p in raised.value.problems] == ["F006"]


def test_a_dangling_link_is_reported_at_its_own_name(quotes: Path) -> None:
    (quotes / "gone.yaml").symlink_to("../nowhere/missing.yaml")
    assert _lines(quotes) == [
        "quotes/gone.yaml:1:1: F006 expected a regular file, found a symbolic link; nothing "
        "was read through it"
    ]


def test_a_link_to_another_archive_file_is_shown_as_the_link(quotes: Path) -> None:
    (quotes / "alias.yaml").symlink_to("tomas-reed.yaml")
    assert [line.split(":")[0] for line in _lines(quotes)] == ["quotes/alias.yaml"]


@pytest.mark.parametrize("kind", ["fifo", "device", "directory"])
def test_special_files_are_errors_and_never_opened(quotes: Path, kind: str) -> None:
    path = quotes / "special.yaml"
    if kind == "fifo":
        os.mkfifo(path)  # opening it for reading would wait for a writer forever
    elif kind == "directory":
        path.mkdir()
    else:
        path.symlink_to("/dev/zero")  # a link to a device: it would grow without end
    (code,) = {p.code for p in check_archive(quotes, providers=()).errors}
    assert code == "F006"


def test_the_archive_directory_itself_may_not_be_a_link(tmp_path: Path, quotes: Path) -> None:
    os.rename(quotes, tmp_path / "real")
    quotes.symlink_to(tmp_path / "real")
    assert _lines(quotes) == [
        "quotes:1:1: F006 expected a regular file, found a symbolic link; nothing was read "
        "through it"
    ]


def test_a_file_name_with_a_control_character_is_an_error_of_its_own(quotes: Path) -> None:
    (quotes / "evil\n::warning::x.yaml").write_text("slug: evil\n", encoding="utf-8")
    (quotes / "bell\x07.yaml").write_text("slug: bell\n", encoding="utf-8")
    assert _lines(quotes) == [
        "quotes/bell\\x07.yaml:1:1: F007 file name expected in printable characters, found a "
        "control character",
        "quotes/evil\\n::warning::x.yaml:1:1: F007 file name expected in printable characters, "
        "found a control character",
    ]


def test_a_slug_with_a_control_character_is_an_error_of_its_own(quotes: Path) -> None:
    path = quotes / "tomas-reed.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("slug: tomas-reed", 'slug: "tomas-reed\\r"'), encoding="utf-8")
    codes = {p.code for p in check_archive(quotes, providers=()).errors}
    assert "F007" in codes


def test_fmt_leaves_a_link_alone(quotes: Path, secret: Path) -> None:
    (quotes / "secret.yaml").symlink_to(secret)
    before = secret.read_bytes()
    report = format_archive(quotes)
    assert all(change.path.name != "secret.yaml" for change in report.changes)
    assert secret.read_bytes() == before and (quotes / "secret.yaml").is_symlink()


def test_read_regular_refuses_a_link_swapped_in_after_the_listing(tmp_path: Path) -> None:
    link = tmp_path / "a.yaml"
    link.symlink_to("/etc/hostname")
    with pytest.raises(NotRegularFile):
        read_regular(link)
    fifo = tmp_path / "f.yaml"
    os.mkfifo(fifo)
    with pytest.raises(NotRegularFile):
        read_regular(fifo)


def test_content_with_a_link_or_a_fifo_is_refused_before_anything_is_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    content = Path("content")
    (content / "notes").mkdir(parents=True)
    (content / "about.md").write_text("# About\n", encoding="utf-8")
    (content / "notes" / "passwd.md").symlink_to("/etc/passwd")
    (content / "secrets").symlink_to("/etc")
    os.mkfifo(content / "notes" / "pipe.md")
    with pytest.raises(ArchiveError) as raised:
        check_content(content)
    assert [p.format() for p in raised.value.problems] == [
        "content/notes/passwd.md:1:1: F006 expected a regular file, found a symbolic link; "
        "nothing was read through it",
        "content/notes/pipe.md:1:1: F006 expected a regular file, found a FIFO; nothing was "
        "read through it",
        "content/secrets:1:1: F006 expected a regular file, found a symbolic link; nothing was "
        "read through it",
    ]
    assert "problem(s) in content/" in raised.value.format_message()


def test_a_clean_tree_has_no_problems(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "page.md").write_text("x", encoding="utf-8")
    assert tree_problems(tmp_path) == []


def test_the_listing_takes_the_names_and_kinds_a_path_by_path_listing_takes(
    tmp_path: Path,
) -> None:
    """`archive_files` lists with scandir: the files and problems, in the order, that
    listing Paths sorted and stat'ing each gives, for names at the edges of a suffix."""
    from generator.store import archive_files
    from generator.store.files import entry_problem

    folder = tmp_path / "quotes"
    folder.mkdir()
    for name in ["b.yaml", "A.yaml", "a.yaml", ".yaml", "x.yaml.", "up.YAML", "old.yml",
                 "t.tar.yaml", "é.yaml", "ctl\x01.yaml", "notes.txt", "yaml"]:  # fmt: skip
        (folder / name).write_text("slug: x\n", encoding="utf-8")
    (folder / "dir.yaml").mkdir()
    (folder / "link.yaml").symlink_to(folder / "a.yaml")
    os.mkfifo(folder / "pipe.yaml")
    paths, problems = archive_files(folder)
    expected = [p for p in sorted(folder.iterdir()) if p.suffix == ".yaml"]
    expected = [p for p in expected if entry_problem(p) is None and not p.is_dir()]
    assert paths == expected
    assert [p.name for p in paths] == ["A.yaml", "a.yaml", "b.yaml", "t.tar.yaml", "é.yaml"]
    codes = sorted((problem.code, Path(problem.path).name) for problem in problems)
    assert codes == [("F003", "old.yml"), ("F006", "dir.yaml"), ("F006", "link.yaml"),
                     ("F006", "pipe.yaml"), ("F007", "ctl\x01.yaml")]  # fmt: skip
