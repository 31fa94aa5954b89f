from __future__ import annotations

import fcntl
import os
from pathlib import Path

import pytest
from waiting import gone_soon, remover_waiting_for

from generator import filechores
from generator.errors import BuildError
from generator.filechores import copy_tree, link_tree, remove_in_background, start_linking


def make_tree(root: Path) -> None:
    (root / "a" / "b").mkdir(parents=True)
    (root / "top.txt").write_text("top", encoding="utf-8")
    (root / "a" / "b" / "deep.txt").write_text("deep", encoding="utf-8")


def test_removing_a_tree_in_the_background_removes_every_file_and_folder_under_it(
    tmp_path: Path,
) -> None:
    make_tree(tmp_path / "old")
    remove_in_background([tmp_path / "old"])
    assert gone_soon(tmp_path / "old")


def test_a_background_removal_outlives_the_call(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The call returns while the removal has not begun: a remover made to wait for a file
    the test makes only afterwards removes the tree then (waited for, the remover gives up
    waiting after 20 s and the tree is gone when the call returns)."""
    go = tmp_path / "go"
    monkeypatch.setattr(filechores, "_REMOVE", remover_waiting_for(go))
    make_tree(tmp_path / "old")
    remove_in_background([tmp_path / "old"])
    assert (tmp_path / "old" / "a" / "b" / "deep.txt").is_file()
    go.touch()
    assert gone_soon(tmp_path / "old")


def test_a_folder_gone_or_being_removed_by_another_remover_is_skipped(tmp_path: Path) -> None:
    make_tree(tmp_path / "locked")
    make_tree(tmp_path / "free")
    handle = os.open(tmp_path / "locked", os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)  # as another build's remover holds it
        remove_in_background([tmp_path / "missing", tmp_path / "locked", tmp_path / "free"])
        assert gone_soon(tmp_path / "free")  # removed after the locked one was passed over
        assert (tmp_path / "locked" / "a" / "b" / "deep.txt").is_file()
    finally:
        os.close(handle)
    remove_in_background([tmp_path / "locked"])
    assert gone_soon(tmp_path / "locked")


def test_a_linked_tree_shares_its_files_with_the_source(tmp_path: Path) -> None:
    make_tree(tmp_path / "source")
    link_tree(tmp_path / "source", tmp_path / "target")
    deep = Path("a", "b", "deep.txt")
    assert (tmp_path / "target" / deep).read_text(encoding="utf-8") == "deep"
    assert os.path.samefile(tmp_path / "source" / deep, tmp_path / "target" / deep)
    assert os.path.samefile(tmp_path / "source" / "top.txt", tmp_path / "target" / "top.txt")


def test_a_copied_tree_has_files_of_its_own(tmp_path: Path) -> None:
    make_tree(tmp_path / "source")
    copy_tree(tmp_path / "source", tmp_path / "target")
    (tmp_path / "source" / "top.txt").write_text("changed", encoding="utf-8")
    assert (tmp_path / "target" / "top.txt").read_text(encoding="utf-8") == "top"
    assert (tmp_path / "target" / "a" / "b" / "deep.txt").read_text(encoding="utf-8") == "deep"


def test_a_tree_that_cannot_be_linked_is_a_build_error_naming_both_folders(
    tmp_path: Path,
) -> None:
    make_tree(tmp_path / "source")
    (tmp_path / "target").mkdir()  # copytree makes the target: one already there fails
    with pytest.raises(BuildError, match=r"cannot copy .*source to .*target: FileExistsError"):
        link_tree(tmp_path / "source", tmp_path / "target")


def test_linking_files_links_those_still_there_into_new_folders_and_counts_them(
    tmp_path: Path,
) -> None:
    make_tree(tmp_path / "old")
    wanted = ["a/b/deep.txt", "top.txt", "a/gone.txt", "c/d/gone.txt"]
    with start_linking(tmp_path / "old", tmp_path / "new", wanted) as linking:
        assert linking.wait() == 2
    for relative in ("a/b/deep.txt", "top.txt"):
        assert os.path.samefile(tmp_path / "old" / relative, tmp_path / "new" / relative)
    assert not list((tmp_path / "new").rglob("gone.txt"))


def test_linking_into_a_file_already_there_is_a_build_error_naming_both_trees(
    tmp_path: Path,
) -> None:
    make_tree(tmp_path / "old")
    (tmp_path / "new").mkdir()
    (tmp_path / "new" / "top.txt").write_text("mine", encoding="utf-8")
    with (
        pytest.raises(BuildError, match=r"cannot link files of .*old into .*new: FileExistsError"),
        start_linking(tmp_path / "old", tmp_path / "new", ["top.txt"]) as linking,
    ):
        linking.wait()
    assert (tmp_path / "new" / "top.txt").read_text(encoding="utf-8") == "mine"


def test_linking_stops_when_its_block_raises(tmp_path: Path) -> None:
    make_tree(tmp_path / "old")
    many = [f"x/{n}/top.txt" for n in range(50_000)]
    with pytest.raises(KeyError), start_linking(tmp_path / "old", tmp_path / "new", many) as job:
        raise KeyError("the build failed")
    assert job._process.returncode is not None  # stopped and waited for: no child is left


def test_a_linking_child_that_dies_at_once_is_a_build_error_with_its_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """More paths than a pipe holds: writing them to a child already gone fails, and the
    error the build gives is the child's, not a broken pipe."""
    monkeypatch.setattr(filechores, "_LINK_FILES", "import sys; sys.exit('no links today')")
    many = [f"people/{n:06d}/index.html" for n in range(20_000)]
    with (
        pytest.raises(BuildError, match=r"cannot link files of .*: no links today"),
        start_linking(tmp_path / "old", tmp_path / "new", many) as linking,
    ):
        linking.wait()


def test_a_discarded_folder_frees_its_name_at_once_and_goes_with_older_leftovers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    go = tmp_path / "go"
    monkeypatch.setattr(filechores, "_REMOVE", remover_waiting_for(go))
    make_tree(tmp_path / "cache" / "pages")
    make_tree(tmp_path / "cache" / "pages.removing-1-2")  # a remover before was stopped
    make_tree(tmp_path / "cache" / "other")
    filechores.discard(tmp_path / "cache" / "pages")
    assert not (tmp_path / "cache" / "pages").exists()  # free for a new folder
    assert len(list((tmp_path / "cache").glob("pages.removing-*"))) == 2  # not waited for
    go.touch()
    assert all(map(gone_soon, (tmp_path / "cache").glob("pages*")))
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == ["other"]
