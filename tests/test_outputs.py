"""What a site holds besides its pages: the whole-archive files published elsewhere, and the
links that lead to them."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.filechores import link_files
from generator.outputs import (
    Downloads,
    downloads_url,
    file_sizes,
    link_moved_files,
    unchanged_speaker_files,
)

RELEASE = "https://github.com/o/r/releases/download/archive-data/"
MOVED = Downloads(Path("downloads"), RELEASE).moved()


def test_downloads_name_each_whole_archive_file_and_its_address() -> None:
    downloads = Downloads(Path("out"), RELEASE)
    assert downloads.paths() == {
        "data/quotes.jsonl.gz": Path("out/quotes.jsonl.gz"),
        "data/quotes.csv.gz": Path("out/quotes.csv.gz"),
    }
    assert MOVED == {
        "data/quotes.jsonl.gz": RELEASE + "quotes.jsonl.gz",
        "data/quotes.csv.gz": RELEASE + "quotes.csv.gz",
    }


@pytest.mark.parametrize(
    ("page_url", "href"),
    [
        ("data/", "quotes.jsonl.gz"),
        ("data/", "./quotes.jsonl.gz"),
        ("", "data/quotes.jsonl.gz"),
        ("about/", "../data/quotes.jsonl.gz"),
        ("people/ada/", "../../data/quotes.jsonl.gz"),
    ],
)
def test_a_link_to_a_moved_file_leads_to_its_new_address_from_any_page(
    page_url: str, href: str
) -> None:
    page = f'<p><a href="{href}">all quotes</a> <a href="{href}.md">other</a></p>'
    assert link_moved_files(page, page_url, MOVED) == (
        f'<p><a href="{RELEASE}quotes.jsonl.gz">all quotes</a> <a href="{href}.md">other</a></p>'
    )


def test_links_to_other_files_and_other_sites_stay_as_they_are() -> None:
    page = (
        '<a href="people/x.json">x</a><a href="https://example.org/data/quotes.jsonl.gz">e</a>'
        '<a href="quotes.jsonl.gz#part">anchor</a><a href="topics.json">t</a>'
    )
    assert link_moved_files(page, "data/", MOVED) == page.replace(
        'href="people/x.json"', 'href="people/x.json"'
    )
    assert link_moved_files(page, "data/", {}) == page


@pytest.mark.parametrize(
    ("given", "expected"),
    [("", ""), (None, ""), (RELEASE.rstrip("/"), RELEASE), (RELEASE, RELEASE)],
)
def test_a_downloads_url_is_https_and_ends_with_a_slash(given: str | None, expected: str) -> None:
    assert downloads_url(given) == expected


@pytest.mark.parametrize("given", ["http://example.org/", "https://", "releases/", "javascript:x"])
def test_a_downloads_url_that_is_not_https_is_refused(given: str) -> None:
    with pytest.raises(ValueError, match="expected to start with https://"):
        downloads_url(given)


@pytest.mark.parametrize(
    "href",
    ["sub/../quotes.jsonl.gz", "./x/./../quotes.jsonl.gz"],
)
def test_a_link_spelled_another_way_still_leads_to_the_moved_file(href: str) -> None:
    """Links are checked by their last segment before being resolved (most links on a page
    are to other things); dotted spellings must still be found."""
    page = f'<a href="{href}">all</a>'
    assert link_moved_files(page, "data/", MOVED) == f'<a href="{RELEASE}quotes.jsonl.gz">all</a>'


def test_a_link_whose_last_segment_is_a_folder_named_like_the_file_stays() -> None:
    page = '<a href="quotes.jsonl.gz/">folder</a><a href="quotes.jsonl.gz/x/..">up</a>'
    assert link_moved_files(page, "data/", MOVED) == page


def _site(root: Path, files: list[str]) -> Path:
    for relative in files:
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(relative, encoding="utf-8")
    return root


def test_a_speaker_is_reused_only_when_the_last_site_has_each_of_their_files(
    tmp_path: Path,
) -> None:
    old = _site(tmp_path, ["feeds/people/ann.xml", "data/people/ann.json", "feeds/people/bob.xml"])
    (old / "data" / "people" / "cy.json").mkdir()  # a folder where a file should be
    (old / "feeds" / "people" / "cy.xml").write_text("", encoding="utf-8")
    files_of = {
        slug: (f"feeds/people/{slug}.xml", f"data/people/{slug}.json")
        for slug in ("ann", "bob", "cy", "dee")
    }
    files_of["eve"] = ("feeds/none/eve.xml",)  # a folder the last site does not have
    reused = unchanged_speaker_files(set(files_of), old, files_of)
    assert reused == {"ann": files_of["ann"]}


def test_link_files_links_the_files_still_there_into_new_folders(tmp_path: Path) -> None:
    old = _site(tmp_path / "old", ["people/ann/index.html", "data/people/ann.json", "top.txt"])
    new = tmp_path / "new"
    wanted = ["people/ann/index.html", "data/people/ann.json", "data/people/gone.json", "top.txt"]
    assert link_files(old, new, wanted) == 3
    for relative in ("people/ann/index.html", "data/people/ann.json", "top.txt"):
        assert (new / relative).stat().st_ino == (old / relative).stat().st_ino
    assert not (new / "data" / "people" / "gone.json").exists()


def test_file_sizes_are_those_of_the_files_under_a_folder_by_path(tmp_path: Path) -> None:
    (tmp_path / "data" / "people").mkdir(parents=True)
    (tmp_path / "data" / "quotes.json").write_bytes(b"12345")
    (tmp_path / "data" / "people" / "ada.json").write_bytes(b"123")
    (tmp_path / "data" / "people" / "link.json").symlink_to(tmp_path / "data" / "quotes.json")
    (tmp_path / "other.txt").write_bytes(b"1")
    assert file_sizes(tmp_path, "data") == {"data/quotes.json": 5, "data/people/ada.json": 3}
    assert file_sizes(tmp_path, "missing") == {}
