"""A quote's own address, /q/<id>/, as a reader follows it: with and without JavaScript, for a
merged id, a quote on a later page of its speaker, and a speaker's former slug. The sites are
the session's (tests/conftest.py, served from sub-paths like a GitHub Pages project site)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

pytestmark = pytest.mark.browser

HIGHLIGHTED = "el => getComputedStyle(el).outlineStyle !== 'none'"
"""Whether a quote block wears the outline `.qa-quote:target` gives the quote a link names."""


@pytest.fixture(params=[True, False], ids=["with-js", "without-js"])
def reader(request: pytest.FixtureRequest, browser: object, served: str) -> Iterator[object]:
    """A tab with JavaScript on, and one with it off (the refresh must do the work)."""
    context = browser.new_context(java_script_enabled=request.param)  # type: ignore[attr-defined]
    context.set_default_timeout(15_000)
    tab = context.new_page()
    tab.errors = []
    tab.on("pageerror", lambda error: tab.errors.append(str(error)))
    yield tab
    context.close()


def test_a_quote_page_leads_to_the_quote_on_its_speakers_page(reader: object, served: str) -> None:
    site = served + "archive/site/"
    reader.goto(site + "q/aq2025aa/")  # type: ignore[attr-defined]
    reader.wait_for_url(site + "people/ada-quill/#q-aq2025aa")  # type: ignore[attr-defined]
    quote = reader.locator("#q-aq2025aa")  # type: ignore[attr-defined]
    assert quote.is_visible()
    assert quote.evaluate(HIGHLIGHTED)
    assert reader.errors == []  # type: ignore[attr-defined]


def test_a_merged_ids_page_leads_to_the_quote_it_was_merged_into(
    reader: object, served: str
) -> None:
    site = served + "archive/site/"
    reader.goto(site + "q/aqold001/")  # type: ignore[attr-defined]
    reader.wait_for_url(site + "people/ada-quill/#q-aq2025aa")  # type: ignore[attr-defined]
    assert reader.locator("#q-aq2025aa").evaluate(HIGHLIGHTED)  # type: ignore[attr-defined]


def test_a_quote_on_a_year_page_is_reached_directly(reader: object, served: str) -> None:
    """The first page's map of moved quotes needs JavaScript; the quote's own page does not."""
    site = served + "readers/site/"
    reader.goto(site + "q/gc2024b5/")  # type: ignore[attr-defined]
    reader.wait_for_url(site + "people/gramzas-chexbret/2024/2/#q-gc2024b5")  # type: ignore[attr-defined]
    assert reader.locator("#q-gc2024b5").is_visible()  # type: ignore[attr-defined]


def test_an_old_permalink_to_a_merged_id_highlights_the_quote(reader: object, served: str) -> None:
    site = served + "archive/site/"
    reader.goto(site + "people/ada-quill/#q-aqold001")  # type: ignore[attr-defined]
    survivor = reader.locator("#q-aq2025aa")  # type: ignore[attr-defined]
    assert survivor.evaluate(HIGHLIGHTED)
    assert not reader.locator("#q-aq2024bb").evaluate(HIGHLIGHTED)  # type: ignore[attr-defined]


def test_a_former_slug_leads_to_the_speakers_page(reader: object, served: str) -> None:
    site = served + "archive/site/"
    reader.goto(site + "people/ada-q/#q-aq2024bb")  # type: ignore[attr-defined]
    reader.wait_for_url(site + "people/ada-quill/**")  # type: ignore[attr-defined]
    assert reader.locator("h1").first.inner_text() == "Ada Quill"  # type: ignore[attr-defined]


def test_the_quote_page_itself_previews_the_quote(page: object, served: str) -> None:
    """What a link preview reads: the head of /q/<id>/, fetched without running it."""
    response = page.request.get(served + "archive/site/q/aq2025aa/")  # type: ignore[attr-defined]
    html = response.text()
    assert (
        '<meta property="og:title" content="“We will build the bridge before winter, and it '
        'will carry trams.” – Ada Quill">'
    ) in html
    assert (
        '<link rel="canonical" href="https://quote-archive.example/people/ada-quill/#q-aq2025aa">'
        in html
    )


def test_copy_link_gives_the_quote_page_and_it_comes_back_to_the_quote(
    clipboard_page: object, served: str
) -> None:
    page = clipboard_page
    site = served + "archive/site/"
    page.goto(site + "topics/bridges/")  # type: ignore[attr-defined]
    quote = page.locator("#q-aq2025aa")  # type: ignore[attr-defined]
    quote.get_by_role("button", name="Copy link to this quote").click()
    page.wait_for_function("() => document.querySelector('.qa-quote__copied').textContent")  # type: ignore[attr-defined]
    link = page.evaluate("navigator.clipboard.readText()")  # type: ignore[attr-defined]
    assert link == site + "q/aq2025aa/"
    page.goto(link)  # type: ignore[attr-defined]
    page.wait_for_url(site + "people/ada-quill/#q-aq2025aa")  # type: ignore[attr-defined]
    assert page.errors == []  # type: ignore[attr-defined]
