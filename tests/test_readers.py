"""Issue 19, as a reader meets it in Chromium: exact words in search, speakers by part of a
name, phrases first, long person pages split by year, filters, People A–Z, right to left.

The readers test site (tests/data/readers_archive) is built with four quotes a person page
and five people before People A–Z splits by letter (conftest.py), from a sub-path.
"""

from __future__ import annotations

import pytest
from site_harness import wait_for_results, wait_until_searched

from generator.store import load_archive

pytestmark = pytest.mark.browser

CHEXBRET = "people/gramzas-chexbret/"


@pytest.fixture
def readers(served: str) -> str:
    return f"{served}readers/site/"


def result_texts(page: object) -> list[str]:
    return page.locator(".qa-result__text").all_inner_texts()  # type: ignore[attr-defined,no-any-return]


def test_search_shows_every_quote_exactly_as_stored(page: object, readers: str) -> None:
    """No full stop added, nothing cut: the text of each result is the archive's."""
    from site_harness import DATA

    archive = load_archive(DATA / "readers_archive").archive
    stored = {q.id: " ".join(q.text.split()) for s in archive.speakers for q in s.quotes}
    page.goto(readers + "search/?speaker=Gramzas+Ch%C3%A9xbret")  # type: ignore[attr-defined]
    wait_for_results(page, 13)
    page.locator(".qa-person__more").click()  # type: ignore[attr-defined]
    shown = page.locator(".qa-result__quote").evaluate_all(  # type: ignore[attr-defined]
        "quotes => quotes.map(q => [q.dataset.quote, q.querySelector('blockquote p').textContent])"
    )
    assert len(shown) == 13
    for quote_id, text in shown:
        assert text == stored[quote_id.removeprefix("q-")], quote_id
    assert "We will not meet for the sake of meeting" in result_texts(page)
    assert "Who pays for the bridge? (Not the harbour)" in result_texts(page)
    marks = page.evaluate(  # type: ignore[attr-defined]
        "getComputedStyle(document.querySelector('.qa-result__text p'), '::before').content"
    )
    assert marks == '"“"'
    assert page.errors == []  # type: ignore[attr-defined]


def test_a_result_has_speaker_date_first_source_permalink_and_cite(
    clipboard_page: object, readers: str
) -> None:
    page = clipboard_page
    page.goto(readers + "search/?q=lighthouse")  # type: ignore[attr-defined]
    wait_for_results(page, 1)
    result = page.locator(".qa-result").first  # type: ignore[attr-defined]
    assert result.locator(".qa-result__text").inner_text() == (
        "We will not meet for the sake of meeting"
    )
    assert result.locator(".qa-quote__meta").text_content() == (
        "Gramzas Chéxbret · 2 May 2025 · verified · Budget & taxes · Permalink"
    )
    assert (
        result.locator(".qa-sources").inner_text()
        == "Talks to resume, Quayside Courier, 3 May 2025"
    )
    link = result.get_by_role("link", name="Permalink").get_attribute("href")
    assert link == readers + CHEXBRET + "#q-gc2025a1"
    result.get_by_role("button", name="Cite this quote").click()
    page.wait_for_function("() => document.querySelector('.qa-quote__copied').textContent")  # type: ignore[attr-defined]
    cite = page.evaluate("navigator.clipboard.readText()")  # type: ignore[attr-defined]
    assert cite.startswith(
        "Gramzas Chéxbret, “We will not meet for the sake of meeting”, 2 May 2025. Reported in "
        "Quayside Courier, “Talks to resume”, 3 May 2025, https://example.org/courier/talks. "
    )
    assert page.errors == []  # type: ignore[attr-defined]


def test_a_result_on_a_year_page_links_there(page: object, readers: str) -> None:
    page.goto(readers + "search/?q=cranes")  # type: ignore[attr-defined]
    wait_for_results(page, 1)
    page.get_by_role("link", name="Permalink").click()  # type: ignore[attr-defined]
    page.wait_for_url(readers + CHEXBRET + "2024/#q-gc2024b2")  # type: ignore[attr-defined]
    assert page.locator("#q-gc2024b2").is_visible()  # type: ignore[attr-defined]


@pytest.mark.parametrize("typed", ["Chexbret", "chexb", "gramzas chex", "GRAMZAS CHÉXBRET"])
def test_the_speaker_filter_takes_part_of_a_name_without_accents(
    page: object, readers: str, typed: str
) -> None:
    page.goto(readers + "search/?q=bridge")  # type: ignore[attr-defined]
    wait_until_searched(page)
    page.fill(".qa-search__speaker", typed)  # type: ignore[attr-defined]
    page.press(".qa-search__speaker", "Enter")  # type: ignore[attr-defined]
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => document.querySelector('#qa-search').dataset.state === 'done' &&"
        " location.search.includes('speaker=')"
    )
    wait_until_searched(page)
    people = page.locator(".qa-person__name").all_inner_texts()  # type: ignore[attr-defined]
    assert people == ["Gramzas Chéxbret"]
    assert "A bridge is a promise you can walk on." in result_texts(page)


def test_a_speaker_nobody_has_says_so_and_what_to_try(page: object, readers: str) -> None:
    page.goto(readers + "search/?q=bridge&speaker=Zzyzx")  # type: ignore[attr-defined]
    wait_until_searched(page)
    assert page.locator(".qa-search__status").inner_text() == "No quotes found."  # type: ignore[attr-defined]
    tips = page.locator(".qa-search__tips").inner_text()  # type: ignore[attr-defined]
    assert "No speaker's name or alias starts with “Zzyzx”" in tips
    page.get_by_role("button", name="Search without Speaker: Zzyzx").click()  # type: ignore[attr-defined]
    page.wait_for_function("() => !location.search.includes('speaker')")  # type: ignore[attr-defined]
    wait_until_searched(page)
    assert page.locator(".qa-result").count() > 0  # type: ignore[attr-defined]


def test_an_unquoted_phrase_ranks_the_quote_that_has_it_first(page: object, readers: str) -> None:
    """Otto Mbeki says 'sake' and 'meeting' more often, never as the phrase."""
    page.goto(readers + "search/?q=sake+of+meeting")  # type: ignore[attr-defined]
    wait_until_searched(page)
    people = page.locator(".qa-person__name").all_inner_texts()  # type: ignore[attr-defined]
    assert people[0] == "Gramzas Chéxbret"
    assert "Otto Mbeki" in people
    assert result_texts(page)[0] == "We will not meet for the sake of meeting"
    status = page.locator(".qa-search__status").inner_text()  # type: ignore[attr-defined]
    assert status.startswith("3 quotes by 2 people") and "exact phrase first" in status


def test_context_outlets_ids_and_a_topic_slug_find_quotes(page: object, readers: str) -> None:
    for query, quote in [
        ("lighthouse", "gc2025a1"),
        ("Quayside", "gc2023c1"),
        ("gc2022d1", "gc2022d1"),
    ]:
        page.goto(readers + "search/?q=" + query)  # type: ignore[attr-defined]
        wait_until_searched(page)
        found = page.locator(".qa-result__quote").evaluate_all(  # type: ignore[attr-defined]
            "quotes => quotes.map(q => q.dataset.quote)"
        )
        assert f"q-{quote}" in found, query
    page.goto(readers + "search/?topic=budget")  # type: ignore[attr-defined]
    wait_until_searched(page)
    assert page.input_value(".qa-search__topic") == "Budget & taxes"  # type: ignore[attr-defined]
    assert page.locator(".qa-search__status").inner_text() == "4 quotes by 2 people."  # type: ignore[attr-defined]


def test_a_long_person_page_is_split_by_year_with_navigation_on_every_page(
    page: object, readers: str
) -> None:
    page.set_viewport_size({"width": 375, "height": 700})  # type: ignore[attr-defined]
    page.goto(readers + CHEXBRET)  # type: ignore[attr-defined]
    summary = page.locator(".qa-count").first.inner_text()  # type: ignore[attr-defined]
    assert summary.startswith("13 quotes: 10 attributed, 1 verified, 1 disputed, 1 misattributed")
    years = page.get_by_role("navigation", name="Years")  # type: ignore[attr-defined]
    assert years.is_visible()
    assert page.locator("article.qa-quote").count() == 5  # type: ignore[attr-defined]
    years.get_by_role("link", name="2024").click()
    page.wait_for_url(readers + CHEXBRET + "2024/#2024")  # type: ignore[attr-defined]
    assert page.locator("article.qa-quote").count() == 4  # type: ignore[attr-defined]
    page.get_by_role("link", name="Older: 2024, part 2 of 2").click()  # type: ignore[attr-defined]
    page.wait_for_url(readers + CHEXBRET + "2024/2/")  # type: ignore[attr-defined]
    assert page.locator("article.qa-quote").count() == 1  # type: ignore[attr-defined]
    page.get_by_role("link", name="1 disputed").click()  # type: ignore[attr-defined]
    page.wait_for_url(readers + CHEXBRET + "#disputed-and-misattributed")  # type: ignore[attr-defined]
    assert page.errors == []  # type: ignore[attr-defined]


def test_a_permalink_to_a_quote_on_a_year_page_still_lands_on_it(
    page: object, readers: str
) -> None:
    page.goto(readers + CHEXBRET + "#q-gc2024b5")  # type: ignore[attr-defined]
    page.wait_for_url(readers + CHEXBRET + "2024/2/#q-gc2024b5")  # type: ignore[attr-defined]
    assert page.locator("#q-gc2024b5").is_visible()  # type: ignore[attr-defined]


def test_the_person_filter_narrows_by_words_topic_status_and_year(
    page: object, readers: str
) -> None:
    page.goto(readers + "people/otto-mbeki/")  # type: ignore[attr-defined]
    page.fill(".qa-filter__words", "harbour")  # type: ignore[attr-defined]
    assert page.locator("article.qa-quote:visible").count() == 1  # type: ignore[attr-defined]
    assert page.locator(".qa-filter__count").inner_text() == "1 quote of 2 on this page match."  # type: ignore[attr-defined]
    page.goto(readers + CHEXBRET)  # type: ignore[attr-defined]
    page.select_option(".qa-filter__topic", "Bridges")  # type: ignore[attr-defined]
    visible = page.locator("article.qa-quote:visible").evaluate_all("a => a.map(q => q.id)")  # type: ignore[attr-defined]
    assert visible == ["q-gc2025a2", "q-gc2025a3"]
    page.select_option(".qa-filter__topic", "")  # type: ignore[attr-defined]
    page.select_option(".qa-filter__status", "misattributed")  # type: ignore[attr-defined]
    visible = page.locator("article.qa-quote:visible").evaluate_all("a => a.map(q => q.id)")  # type: ignore[attr-defined]
    assert visible == ["q-gc2023m1"]
    search = page.get_by_role("link", name="Search all of this speaker's quotes with these filters")  # type: ignore[attr-defined]
    assert "speaker=Gramzas+Ch%C3%A9xbret&status=misattributed" in (search.get_attribute("href"))
    page.select_option(".qa-filter__year", label="2023")  # type: ignore[attr-defined]
    page.wait_for_url(readers + CHEXBRET + "2023/#2023")  # type: ignore[attr-defined]
    assert page.errors == []  # type: ignore[attr-defined]


def test_people_a_z_is_split_by_letter_and_the_filter_finds_anyone(
    page: object, readers: str
) -> None:
    page.goto(readers + "people/")  # type: ignore[attr-defined]
    page.get_by_role("navigation", name="Letters").get_by_role("link", name="H").click()  # type: ignore[attr-defined]
    page.wait_for_url(readers + "people/a-z/h/")  # type: ignore[attr-defined]
    names = page.locator(
        ".md-content ul.qa-people:not(.qa-people-filter__found) a"
    ).all_inner_texts()  # type: ignore[attr-defined]
    assert names == ["Sami Haddad", "The Harbour Authority"]
    page.fill(".qa-people-filter__input", "chexb")  # type: ignore[attr-defined]
    found = page.locator(".qa-people-filter__found a")  # type: ignore[attr-defined]
    found.first.wait_for()
    assert found.all_inner_texts() == ["Gramzas Chéxbret"]
    found.first.click()
    page.wait_for_url(readers + CHEXBRET)  # type: ignore[attr-defined]


def test_a_short_people_index_filters_in_place(page: object, served: str) -> None:
    page.goto(served + "archive/site/people/")  # type: ignore[attr-defined]
    page.fill(".qa-people-filter__input", "sam")  # type: ignore[attr-defined]
    visible = page.locator(".md-content ul.qa-people li:visible a").all_inner_texts()  # type: ignore[attr-defined]
    assert visible == ["Bram Sample"]
    assert page.locator(".qa-people-filter__count").inner_text() == "1 person matches."  # type: ignore[attr-defined]


def test_a_right_to_left_quote_and_name_render_right_to_left(page: object, readers: str) -> None:
    page.goto(readers + "people/sami-haddad/")  # type: ignore[attr-defined]
    quote = page.locator(".qa-quote__text").first  # type: ignore[attr-defined]
    assert quote.get_attribute("lang") == "ar"
    assert quote.evaluate("q => getComputedStyle(q.querySelector('p')).direction") == "rtl"
    assert page.locator("h1").evaluate("h => getComputedStyle(h).direction") == "rtl"  # type: ignore[attr-defined]
    page.goto(readers + "search/?q=Haddad")  # type: ignore[attr-defined]
    wait_for_results(page, 1)
    result = page.locator(".qa-result__text")  # type: ignore[attr-defined]
    assert result.get_attribute("lang") == "ar"
    assert result.evaluate("q => getComputedStyle(q).direction") == "rtl"


def test_topic_pages_and_person_pages_have_a_visible_follow_link(
    page: object, readers: str
) -> None:
    page.goto(readers + "topics/bridges/")  # type: ignore[attr-defined]
    follow = page.get_by_role("link", name="Follow (Atom feed)")  # type: ignore[attr-defined]
    assert follow.is_visible()
    assert follow.get_attribute("href") == "../../feeds/topics/bridges.xml"
    page.goto(readers + "people/ann-aldous/")  # type: ignore[attr-defined]
    assert page.get_by_role("link", name="Data (JSON)").get_attribute("href") == (  # type: ignore[attr-defined]
        "../../data/people/ann-aldous.json"
    )


def test_no_page_asks_for_a_sitemap_beside_its_feed(page: object, readers: str) -> None:
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))  # type: ignore[attr-defined]
    for path in ("", CHEXBRET, "topics/bridges/"):
        page.goto(readers + path)  # type: ignore[attr-defined]
        page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    assert [url for url in asked if "sitemap" in url and "/feeds/" in url] == []
    assert page.locator("link[rel~=alternate][type='application/atom+xml']").count() == 1  # type: ignore[attr-defined]


def test_the_404_page_offers_search_and_ways_in(page: object, readers: str) -> None:
    response = page.goto(readers + "people/nobody-here/")  # type: ignore[attr-defined]
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"  # type: ignore[attr-defined]
    page.fill(".qa-notfound__search .qa-search__query", "ferry")  # type: ignore[attr-defined]
    page.press(".qa-notfound__search .qa-search__query", "Enter")  # type: ignore[attr-defined]
    page.wait_for_url(readers + "search/?q=ferry")  # type: ignore[attr-defined]
    wait_until_searched(page)
    assert page.locator(".qa-result").count() >= 1  # type: ignore[attr-defined]


def test_print_shows_source_and_permalink_addresses_and_no_buttons(
    page: object, readers: str
) -> None:
    page.goto(readers + "people/ann-aldous/")  # type: ignore[attr-defined]
    page.emulate_media(media="print")  # type: ignore[attr-defined]
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")  # type: ignore[attr-defined]
    assert not page.locator(".qa-cite").first.is_visible()  # type: ignore[attr-defined]
    after = page.locator("a.qa-permalink").first.evaluate(  # type: ignore[attr-defined]
        "a => getComputedStyle(a, '::after').content"
    )
    assert after == f'" <{readers}people/ann-aldous/#q-aa2025a1>"'
    top = page.locator(".md-content").evaluate("c => getComputedStyle(c, '::before').content")  # type: ignore[attr-defined]
    assert top.startswith(f'"Quote archive, {readers}people/ann-aldous/, printed 20')


def test_the_data_page_gives_counts_the_archives_date_and_sizes(page: object, readers: str) -> None:
    page.goto(readers + "data/")  # type: ignore[attr-defined]
    facts = page.locator(".qa-data-facts")  # type: ignore[attr-defined]
    facts.wait_for()
    text = facts.inner_text()
    assert text.startswith(
        "19 quotes by 6 speakers on 2 topics, from 20 sources; the newest dated 4 June 2025."
    )
    assert "quotes.jsonl.gz " in text and "people/ 6 files, " in text
