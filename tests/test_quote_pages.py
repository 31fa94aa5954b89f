"""The quote pages' folder kept between builds: a rebuild writes only what changed, and the
live site is never touched before the swap."""

from __future__ import annotations

import contextlib
import marshal
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator import quote_pages as quote_pages_module
from generator.errors import BuildError
from generator.filechores import Linking
from generator.quote_pages import (
    LIVE_MANIFEST,
    REPLACED_MANIFEST,
    SPARE_MANIFEST,
    QuotePages,
)
from generator.site import swap_directory


def plans(pages: dict[str, str]) -> Iterator[tuple[str, str, object]]:
    """Pages whose content is their digest, so a stale page shows."""
    for quote_id, digest in sorted(pages.items()):
        yield quote_id, digest, lambda digest=digest: digest.encode()


Grouped = dict[str, tuple[str | None, dict[str, str]]]
"""{group name: (its key, its pages as `plans` takes them)}."""


def build(
    root: Path,
    pages: dict[str, str] | Grouped,
    fingerprint: str = "f1",
    trust: bool = True,
    made: list[str] | None = None,
) -> int:
    """One build's part in miniature: make, place in a new site, swap, keep. `pages` grouped
    ({name: (key, pages)}) are made by `make_groups`, the names of the groups whose plans
    were made going to `made`."""
    staging = root / "staging"
    staging.mkdir()
    new_site = staging / "site"
    new_site.mkdir()
    quote_pages = QuotePages(root / "cache", fingerprint, staging)
    with contextlib.ExitStack() as children:
        quote_pages.prepare(children, trust=trust, live_site=root / "site")
        if all(isinstance(value, str) for value in pages.values()):
            quote_pages.make(plans(pages))  # type: ignore[arg-type]
        else:
            quote_pages.make_groups(groups(pages, made))  # type: ignore[arg-type]
    quote_pages.place(new_site)
    swap_directory(new_site, root / "site", staging / "previous")
    quote_pages.keep(staging / "previous")
    for path in sorted(staging.rglob("*"), key=lambda p: -len(p.parts)):
        path.unlink() if path.is_file() else path.rmdir()
    staging.rmdir()
    return quote_pages.written


def groups(grouped: Grouped, made: list[str] | None) -> Iterator[tuple[str, str | None, Any]]:
    for name, (key, pages) in grouped.items():

        def plans_of(name: str = name, pages: dict[str, str] = pages) -> Iterator[Any]:
            if made is not None:
                made.append(name)
            return plans(pages)

        yield name, key, plans_of


def read_manifest(path: Path) -> Any:
    """A manifest's data, under its first line (format and fingerprint)."""
    return marshal.loads(path.read_bytes().partition(b"\n")[2])


def write_manifest(path: Path, data: Any) -> None:
    """`data` in place of what the manifest held, under the same first line."""
    first = path.read_bytes().partition(b"\n")[0]
    path.write_bytes(first + b"\n" + marshal.dumps(data))


def site_pages(root: Path) -> dict[str, str]:
    folder = root / "site" / "q"
    return {p.name: (p / "index.html").read_text() for p in sorted(folder.iterdir())}


def test_each_build_has_every_page_and_a_rebuild_writes_only_what_changed(tmp_path: Path) -> None:
    first = {"aaaa0001": "one", "aaaa0002": "two", "aaaa0003": "three"}
    assert build(tmp_path, first) == 3
    assert site_pages(tmp_path) == first
    assert build(tmp_path, first) == 0  # nothing cached yet: linked from the live site's q/
    assert build(tmp_path, first) == 0
    second = {"aaaa0001": "one", "aaaa0002": "TWO", "aaaa0004": "four"}
    assert build(tmp_path, second) == 2
    assert site_pages(tmp_path) == second
    assert build(tmp_path, second) == 2  # the cached folder is two builds old
    assert build(tmp_path, second) == 0
    assert site_pages(tmp_path) == second


def test_the_live_sites_files_are_never_written(tmp_path: Path) -> None:
    pages = {"aaaa0001": "one"}
    for _ in range(3):
        build(tmp_path, pages)
    live = tmp_path / "site" / "q" / "aaaa0001" / "index.html"
    before = os.stat(live)
    build(tmp_path, {"aaaa0001": "changed"})
    assert os.stat(tmp_path / "site" / "q" / "aaaa0001" / "index.html").st_ino != before.st_ino
    assert (tmp_path / "cache" / "quote-pages" / "aaaa0001" / "index.html").read_text() == "one"


def test_pages_shared_with_the_live_site_are_replaced_never_written_through(
    tmp_path: Path,
) -> None:
    """The rebuild after a full build links the live site's pages; from then on the folder
    kept in the cache shares unchanged pages with the live site. A page that changes is a
    new file each time, so the site a build replaces is as that site's build left it."""
    assert build(tmp_path, {"aaaa0001": "one", "aaaa0002": "two"}) == 2
    unchanged = tmp_path / "site" / "q" / "aaaa0002" / "index.html"
    inode = os.stat(unchanged).st_ino
    live = "one"
    for text in ("ONE", "uno", "eins"):
        assert build(tmp_path, {"aaaa0001": text, "aaaa0002": "two"}) == 1
        assert site_pages(tmp_path) == {"aaaa0001": text, "aaaa0002": "two"}
        replaced = tmp_path / "cache" / "quote-pages"
        assert (replaced / "aaaa0001" / "index.html").read_text() == live
        assert (replaced / "aaaa0002" / "index.html").read_text() == "two"
        assert os.stat(unchanged).st_ino == inode  # linked, never written again
        live = text


def test_without_a_manifest_of_the_live_site_nothing_is_linked(tmp_path: Path) -> None:
    build(tmp_path, {"aaaa0001": "one"})
    (tmp_path / "cache" / LIVE_MANIFEST).unlink()
    assert build(tmp_path, {"aaaa0001": "one"}) == 1


def test_another_fingerprint_or_a_full_build_writes_every_page(tmp_path: Path) -> None:
    pages = {"aaaa0001": "one", "aaaa0002": "two"}
    for _ in range(3):
        build(tmp_path, pages)
    assert build(tmp_path, pages, fingerprint="f2") == 2
    for _ in range(2):
        build(tmp_path, pages, fingerprint="f2")
    assert build(tmp_path, pages, fingerprint="f2", trust=False) == 2


def test_a_build_that_fails_after_taking_the_cache_leaves_no_manifest(tmp_path: Path) -> None:
    pages = {"aaaa0001": "one"}
    for _ in range(3):
        build(tmp_path, pages)
    staging = tmp_path / "failed"
    staging.mkdir()
    with contextlib.ExitStack() as children:
        QuotePages(tmp_path / "cache", "f1", staging).prepare(children)
    # ... and the build stops here: its staging area is removed
    assert not (tmp_path / "cache" / SPARE_MANIFEST).exists()
    assert build(tmp_path, pages) == 0  # no cached folder: the live site's pages, linked
    assert site_pages(tmp_path) == pages


def test_a_hand_written_q_folder_in_the_new_site_fails_the_build(tmp_path: Path) -> None:
    staging = tmp_path / "staging"
    (staging / "site" / "q").mkdir(parents=True)
    quote_pages = QuotePages(tmp_path / "cache", "f1", staging)
    quote_pages.make(plans({"aaaa0001": "one"}))  # type: ignore[arg-type]
    with pytest.raises(BuildError, match="hand-written pages have a q/ folder"):
        quote_pages.place(staging / "site")


def test_the_replaced_sites_manifest_becomes_the_spare_one_as_it_was(tmp_path: Path) -> None:
    """The manifest of the site a build replaces is renamed into the spare one, not written
    again; a stale one a failed build left behind is never taken for it."""
    cache = tmp_path / "cache"
    build(tmp_path, {"aaaa0001": "one", "aaaa0002": "two"})
    live = (cache / LIVE_MANIFEST).read_bytes()
    (cache / REPLACED_MANIFEST).write_text("left by a build that failed")
    build(tmp_path, {"aaaa0001": "ONE", "aaaa0002": "two"})
    assert (cache / SPARE_MANIFEST).read_bytes() == live
    assert not (cache / REPLACED_MANIFEST).exists()
    assert build(tmp_path, {"aaaa0001": "ONE", "aaaa0003": "three"}) == 2
    assert site_pages(tmp_path) == {"aaaa0001": "ONE", "aaaa0003": "three"}


def test_a_manifest_is_checked_by_its_first_line_before_it_is_read(tmp_path: Path) -> None:
    """The live manifest is renamed into the spare one when its first line is this code's
    under the build's fingerprint, without being read; another fingerprint's is dropped."""
    pages = {"aaaa0001": "one", "aaaa0002": "two"}
    build(tmp_path, pages)
    live = tmp_path / "cache" / LIVE_MANIFEST
    assert live.read_bytes().startswith(b"quote pages 4\0f1\n")
    build(tmp_path, pages)
    assert (tmp_path / "cache" / SPARE_MANIFEST).is_file()
    build(tmp_path, pages, fingerprint="f2")
    assert not (tmp_path / "cache" / SPARE_MANIFEST).exists()
    assert live.read_bytes().startswith(b"quote pages 4\0f2\n")


def test_a_replaced_manifest_gone_before_keep_leaves_a_folder_no_build_trusts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Should the replaced site's manifest go between `place` and `keep`, its q/ is cached
    without one; the next build removes it and starts from the live site's pages."""
    pages = {"aaaa0001": "one", "aaaa0002": "two"}
    for _ in range(2):
        build(tmp_path, pages)
    place = QuotePages.place

    def place_then_lose(self: QuotePages, site: Path) -> None:
        place(self, site)
        (self.cache_dir / REPLACED_MANIFEST).unlink()

    monkeypatch.setattr(QuotePages, "place", place_then_lose)
    build(tmp_path, pages)
    monkeypatch.undo()
    assert (tmp_path / "cache" / "quote-pages").is_dir()
    assert not (tmp_path / "cache" / SPARE_MANIFEST).exists()
    edited = {"aaaa0001": "ONE", "aaaa0002": "two"}
    assert build(tmp_path, edited) == 1
    assert site_pages(tmp_path) == edited
    assert (tmp_path / "cache" / SPARE_MANIFEST).is_file()  # whole again for the next


@pytest.mark.parametrize(
    "written",
    [b'{"fingerprint": "f1", "pages": {}, "sizes": {}}', b"\xff\x00 not marshal", b""],
    ids=["json of before", "garbage", "empty"],
)
def test_a_manifest_this_code_did_not_write_is_no_manifest(tmp_path: Path, written: bytes) -> None:
    pages = {"aaaa0001": "one", "aaaa0002": "two"}
    for _ in range(3):
        build(tmp_path, pages)
    for name in (SPARE_MANIFEST, LIVE_MANIFEST):
        (tmp_path / "cache" / name).write_bytes(written)
    assert build(tmp_path, pages) == 2  # every page written again
    assert site_pages(tmp_path) == pages
    assert build(tmp_path, pages) == 0  # and the manifests are this code's again


def test_the_live_sites_pages_are_linked_by_a_child_started_before_the_pages_are_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In the rebuild after a full build, linking the live pages begins at `prepare` (the
    build's start), and `make` waits for it; a build that stops before `make` stops it."""
    pages = {"aaaa0001": "one", "aaaa0002": "two"}
    build(tmp_path, pages)  # a full build: nothing cached, the live site described
    started: list[Path] = []
    real = quote_pages_module.start_linking

    def recorded(old: Path, new: Path) -> contextlib.AbstractContextManager[Linking]:
        started.append(old)
        return real(old, new)

    monkeypatch.setattr(quote_pages_module, "start_linking", recorded)
    staging = tmp_path / "staging"
    staging.mkdir()
    quote_pages = QuotePages(tmp_path / "cache", "f1", staging)
    with contextlib.ExitStack() as children:
        quote_pages.prepare(children, live_site=tmp_path / "site")
        assert started == [tmp_path / "site" / "q"]
        assert quote_pages.make(plans(pages)) == 2  # type: ignore[arg-type]
    assert quote_pages.written == 0
    linked = staging / "q" / "aaaa0001" / "index.html"
    assert os.path.samefile(linked, tmp_path / "site" / "q" / "aaaa0001" / "index.html")


def test_a_group_whose_key_is_unchanged_keeps_its_pages_without_making_its_plans(
    tmp_path: Path,
) -> None:
    """make_groups: a group (a speaker) under the key its pages were made with keeps them
    without its plans being made, in either generation the folder comes from (linked from
    the live site, or the cached one, two builds old); a changed key makes its plans and
    writes only the pages whose digest changed."""
    ada = {"aaaa0001": "one", "aaaa0002": "two"}
    bram = {"bbbb0001": "three"}
    made: list[str] = []
    assert build(tmp_path, {"ada": ("k1", ada), "bram": ("k1", bram)}, made=made) == 3
    assert made == ["ada", "bram"]
    for _ in range(3):  # linked from the live site, then the cached folder each time
        made.clear()
        assert build(tmp_path, {"ada": ("k1", ada), "bram": ("k1", bram)}, made=made) == 0
        assert made == []
    edited = {"aaaa0001": "one", "aaaa0002": "TWO", "aaaa0003": "new"}
    made.clear()
    assert build(tmp_path, {"ada": ("k2", edited), "bram": ("k1", bram)}, made=made) == 2
    assert made == ["ada"]
    assert site_pages(tmp_path) == {**edited, **bram}
    made.clear()  # the cached folder is two builds old: ada's key there is k1
    assert build(tmp_path, {"ada": ("k2", edited), "bram": ("k1", bram)}, made=made) == 2
    assert made == ["ada"]
    assert site_pages(tmp_path) == {**edited, **bram}
    made.clear()
    assert build(tmp_path, {"ada": ("k2", edited), "bram": ("k1", bram)}, made=made) == 0
    assert made == []
    # A group that is gone takes its pages with it; one without a key is always made.
    made.clear()
    assert build(tmp_path, {"ada": (None, edited)}, made=made) == 0
    assert made == ["ada"]
    assert site_pages(tmp_path) == edited


def test_a_group_whose_pages_are_not_all_in_the_folder_is_made(tmp_path: Path) -> None:
    ada = {"aaaa0001": "one", "aaaa0002": "two"}
    made: list[str] = []
    for _ in range(3):
        build(tmp_path, {"ada": ("k1", ada)})
    for name in (SPARE_MANIFEST, LIVE_MANIFEST):
        manifest = tmp_path / "cache" / name
        data = read_manifest(manifest)
        del data["pages"]["aaaa0002"], data["sizes"]["aaaa0002"]
        write_manifest(manifest, data)
    assert build(tmp_path, {"ada": ("k1", ada)}, made=made) == 1
    assert made == ["ada"]
    assert site_pages(tmp_path) == ada


@pytest.mark.parametrize(
    "damaged", [["k1", ("aaaa0001",)], ("k1", "aaaa0001"), ("k1",), (1, ("aaaa0001",)), []]
)
def test_a_manifest_with_groups_of_another_shape_is_no_manifest(
    tmp_path: Path, damaged: object
) -> None:
    pages = {"aaaa0001": "one"}
    for _ in range(3):
        build(tmp_path, {"ada": ("k1", pages)})
    for name in (SPARE_MANIFEST, LIVE_MANIFEST):
        manifest = tmp_path / "cache" / name
        data = read_manifest(manifest)
        data["groups"] = {"ada": damaged} if damaged != [] else ["ada"]
        write_manifest(manifest, data)
    made: list[str] = []
    assert build(tmp_path, {"ada": ("k1", pages)}, made=made) == 1  # written again
    assert made == ["ada"]
