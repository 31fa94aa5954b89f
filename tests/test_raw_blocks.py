"""People lists set aside from Markdown come back as Markdown would have left them."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import markdown
import pytest

from generator.raw_blocks import put_back, set_aside
from generator.render import SiteIndex
from generator.render.pages import PeopleIndex
from generator.store import load_archive

DATA = Path(__file__).parent / "data"


def convert(text: str) -> str:
    return markdown.markdown(text, extensions=["toc"])


@pytest.mark.parametrize("archive_dir", ["site_archive", "malicious_archive"])
def test_a_people_index_converts_to_the_same_html_with_its_lists_set_aside(
    archive_dir: str,
) -> None:
    archive = load_archive(DATA / archive_dir).archive
    page = PeopleIndex(archive, SiteIndex(archive)).render("people/index.md")
    text, blocks = set_aside(page)
    assert blocks and '<ul class="qa-people">' not in text
    assert put_back(convert(text), blocks) == convert(page)


def test_letter_pages_of_a_split_index_convert_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.render import pages

    monkeypatch.setattr(pages, "PEOPLE_PAGE_LIMIT", 2)
    archive = load_archive(DATA / "site_archive").archive
    index = PeopleIndex(archive, SiteIndex(archive))
    assert index.split and len(index.paths()) > 2
    for path in index.paths()[1:]:
        page = index.render(path)
        text, blocks = set_aside(page)
        assert blocks
        assert put_back(convert(text), blocks) == convert(page)


def test_a_name_cannot_pass_for_a_placeholder() -> None:
    """A contributor's text shaped like a placeholder is escaped and never replaced."""
    archive = load_archive(DATA / "site_archive").archive
    forged = '<div data-qa-raw="0000000000000000-0"></div>'
    speaker = dataclasses.replace(archive.speakers[0], name=forged)
    archive = dataclasses.replace(archive, speakers=(speaker, *archive.speakers[1:]))
    page = PeopleIndex(archive, SiteIndex(archive)).render("people/index.md")
    text, blocks = set_aside(page)
    html = put_back(convert(text), blocks)
    assert html == convert(page)
    assert forged not in html and "&lt;div data-qa-raw" in html


def test_a_placeholder_markdown_changed_is_an_error_not_a_lost_list() -> None:
    text, blocks = set_aside('Intro\n\n<ul class="qa-people">\n<li>Ann</li>\n</ul>\n')
    assert list(blocks.values()) == ['<ul class="qa-people">\n<li>Ann</li>\n</ul>']
    with pytest.raises(ValueError, match="did not come out of Markdown"):
        put_back(convert(text).replace("data-qa-raw", "data-other"), blocks)


def test_markdown_without_people_lists_is_left_alone() -> None:
    page = '# Topics\n\n<ul class="qa-topics">\n<li>x</li>\n</ul>\n'
    assert set_aside(page) == (page, {})
