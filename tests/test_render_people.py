"""People A–Z: filing by surname, aliases of names in other scripts, the split by letter."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.render import pages as render_pages
from generator.render import render_site
from generator.render.people import SortKeys, is_latin, letter_of, sort_key
from generator.store import load_archive

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize(
    ("name", "kind", "key"),
    [
        ("Gramzas Chéxbret", "person", "chexbret gramzas"),
        ("Martin Luther King Jr.", "person", "king martin luther jr."),
        ("Ludwig van Beethoven", "person", "beethoven ludwig"),
        ("Madonna", "person", "madonna"),
        ("The Harbour Authority", "organisation", "harbour authority"),
        ("سامي الحداد", "person", "سامي الحداد"),
    ],
)
def test_people_are_filed_by_surname_organisations_without_the_article(
    name: str, kind: str, key: str
) -> None:
    assert sort_key(name, kind) == key


def test_letters_are_latin_initials_and_the_rest_is_other() -> None:
    assert letter_of("chexbret") == "C"
    assert letter_of("سامي") == "#"
    assert letter_of("1st regiment") == "#"
    assert is_latin("José Álvarez") and not is_latin("Дмитро Пєсков")


@pytest.fixture(scope="module")
def whole() -> dict[str, str]:
    return render_site(load_archive(DATA / "readers_archive").archive)


@pytest.fixture(scope="module")
def split() -> dict[str, str]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(render_pages, "PEOPLE_PAGE_LIMIT", 2)
        return render_site(load_archive(DATA / "readers_archive").archive)


def names(page: str) -> list[str]:
    return re.findall(r'<li><a href="[^"]+" dir="auto">([^<]+)</a>', page)


def test_the_index_lists_people_by_surname_and_a_latin_alias_as_well(
    whole: dict[str, str],
) -> None:
    page = whole["people/index.md"]
    assert names(page) == [
        "Ann Aldous",
        "Gramzas Chéxbret",
        "Sami Haddad",
        "The Harbour Authority",
        "Otto Mbeki",
        "Bea Zyl",
        "سامي الحداد",
    ]
    assert '<a href="sami-haddad/" dir="auto">Sami Haddad</a> <span class="qa-alias-of">' in page
    assert re.findall(r'<h2 id="letter-([a-z]+)">', page) == ["a", "c", "h", "m", "z", "other"]
    assert '<form class="qa-people-filter" role="search"' in page


def test_a_long_index_splits_into_a_page_per_letter_in_parts(split: dict[str, str]) -> None:
    letters = sorted(path for path in split if path.startswith("people/a-z/"))
    assert letters == [
        "people/a-z/a.md",
        "people/a-z/c.md",
        "people/a-z/h.md",
        "people/a-z/m.md",
        "people/a-z/other.md",
        "people/a-z/z.md",
    ]
    overview = split["people/index.md"]
    assert names(overview) == []
    assert '<li><a href="a-z/h/">H</a> <span class="qa-count">(2)</span></li>' in overview
    assert names(split["people/a-z/h.md"]) == ["Sami Haddad", "The Harbour Authority"]
    assert '<a href="../../the-harbour-authority/"' in split["people/a-z/h.md"]


def test_a_letter_longer_than_the_limit_is_cut_into_parts() -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(render_pages, "PEOPLE_PAGE_LIMIT", 1)
        site = render_site(load_archive(DATA / "readers_archive").archive)
    assert names(site["people/a-z/h.md"]) == ["Sami Haddad"]
    assert names(site["people/a-z/h/2.md"]) == ["The Harbour Authority"]
    assert "# People A–Z: H, part 2 of 2" in site["people/a-z/h/2.md"]


def test_sort_keys_remembered_are_used_and_only_this_builds_names_are_kept() -> None:
    keys = SortKeys({"person\0Ada Quill": "remembered", "person\0Gone Name": "gone"})
    assert keys("Ada Quill") == "remembered"
    assert keys("The Harbour Authority", "organization") == sort_key(
        "The Harbour Authority", "organization"
    )
    assert keys.used == {
        "person\0Ada Quill": "remembered",
        "organization\0The Harbour Authority": "harbour authority",
    }
