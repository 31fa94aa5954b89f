"""What a reader does, in Debian's Chromium: search a speaker, follow results, use filters.

The sites are built and served by the session fixtures in conftest.py (tests/site_harness.py),
each from a sub-path, like a GitHub Pages project site.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from site_harness import REPO, results, wait_for_results, wait_until_searched

from generator.search import shard_folder, shards, speaker_shards
from generator.search.phrases import pair_hashes
from generator.store import load_archive

DATA = Path(__file__).parent / "data"

pytestmark = pytest.mark.browser


def test_searching_a_speaker_finds_the_person_first_with_quotes_then_their_pages(
    page: object, site: str
) -> None:
    page.goto(site)
    page.fill(".qa-header-search__input", "Quill")
    page.press(".qa-header-search__input", "Enter")
    page.wait_for_url(site + "search/?q=Quill")
    wait_for_results(page, 3)
    assert page.locator(".qa-person__name").first.inner_text() == "Ada Quill"
    assert "Mayor of Exampleton · 3 quotes" in page.locator(".qa-person").first.inner_text()
    assert results(page) == [
        "Every bridge begins with a plan on paper.",
        "Taxes will not rise this year, whatever the budget office says.",
        "We will build the bridge before winter, and it will carry trams.",
    ]
    meta = page.locator(".qa-result__meta").all_text_contents()
    assert meta == [
        "Ada Quill · 14 March 2025 · verified · Bridges · Permalink",
        "Ada Quill · June 2024 · disputed · Budget & taxes · Permalink",
        "Ada Quill · date unknown · Bridges · Permalink",
    ]
    found = page.locator(".qa-result", has_text="We will build the bridge before winter")
    found.get_by_role("link", name="Permalink").click()
    page.wait_for_url(site + "people/ada-quill/#q-aq2025aa")
    quote = page.locator("#q-aq2025aa")
    assert quote.is_visible()
    assert "14 March 2025" in quote.inner_text()
    quote.get_by_role("link", name="Bridges").click()
    page.wait_for_url(site + "topics/bridges/")
    assert page.locator("h1").inner_text() == "Bridges"
    assert page.errors == []


def test_the_search_page_searches_as_you_type_and_keeps_one_history_entry(
    page: object, site: str
) -> None:
    page.goto(site + "search/")
    entries = page.evaluate("history.length")
    page.locator("#qa-search .qa-search__query").press_sequentially("Quill", delay=30)
    page.wait_for_url(site + "search/?q=Quill")  # the whole word (see below)
    wait_for_results(page, 3)
    assert page.locator(".qa-person__name").first.inner_text() == "Ada Quill"
    assert page.url == site + "search/?q=Quill"
    assert page.evaluate("history.length") == entries
    assert page.errors == []


def test_enter_after_the_search_as_you_type_does_not_search_again(page: object, site: str) -> None:
    """Enter pressed once the typing pause has searched the same words keeps that search: a
    second one cleared its results and raced it for the same index files (at 200k quotes, a
    search that then never showed a result, or showed another shard's first)."""
    page.goto(site + "search/")
    page.locator("#qa-search .qa-search__query").press_sequentially("Quill", delay=30)
    # The pause's search of the whole word: on a loaded machine a pause between keys may
    # search "Qui" first, and Enter then rightly searches "Quill".
    page.wait_for_url(site + "search/?q=Quill")
    wait_for_results(page, 3)
    first = page.locator(".qa-person").first.element_handle()
    page.keyboard.press("Enter")
    assert page.evaluate("node => node.isConnected", first)  # not cleared by a new search
    page.locator("#qa-search .qa-search__query").press_sequentially(" bridge", delay=30)
    page.keyboard.press("Enter")  # other words: searched
    wait_until_searched(page)
    assert not page.evaluate("node => node.isConnected", first)
    assert page.errors == []
    page.goto(site + "search/?q=Quill")  # searched from the address
    wait_for_results(page, 3)
    first = page.locator(".qa-person").first.element_handle()
    page.locator("#qa-search .qa-search__query").press("Enter")
    assert page.evaluate("node => node.isConnected", first)


def test_the_pause_before_searching_follows_the_readers_own_typing(page: object, site: str) -> None:
    """Twice the median gap between the last keys, from 80 to 250 ms; 250 before a second
    key: a fast typist gets results soon after the last key, a slow one is not searched
    for at every letter."""
    page.goto(site + "search/")
    pause = "gaps => window.quoteArchive.typingPause(gaps)"
    assert page.evaluate(pause, []) == 250
    assert page.evaluate(pause, [8, 9, 7]) == 80
    assert page.evaluate(pause, [60, 55, 400, 65]) == 130
    assert page.evaluate(pause, [200, 180, 220]) == 250


def test_only_words_typed_whole_are_loaded_ahead_of_the_search(page: object, site: str) -> None:
    """While the reader types, the index chunks of the words they have finished are loaded;
    never those of the word being typed (a word's first letters match many chunks)."""
    page.goto(site + "search/")
    typed = "text => window.quoteArchive.wordsTyped(text)"
    assert page.evaluate(typed, "bal") == ""
    assert page.evaluate(typed, "balanced on") == "balanced"
    assert page.evaluate(typed, "balanced only ") == "balanced only"
    assert page.evaluate(typed, "  ") == ""


def test_a_pasted_query_searches_at_once_and_once(page: object, site: str) -> None:
    page.goto(site + "search/")
    entries = page.evaluate("history.length")
    page.locator("#qa-search .qa-search__query").focus()
    page.keyboard.insert_text("Quill")
    wait_for_results(page, 3)
    assert page.locator(".qa-person__name").first.inner_text() == "Ada Quill"
    assert page.url == site + "search/?q=Quill"
    assert page.evaluate("history.length") == entries
    assert page.errors == []


def test_words_found_in_quotes_are_highlighted_in_those_quotes_only(
    page: object, site: str
) -> None:
    page.goto(site + "search/?q=bridge")
    wait_for_results(page, 2)
    assert results(page) == [
        "Every bridge begins with a plan on paper.",
        "We will build the bridge before winter, and it will carry trams.",
    ]
    assert page.locator(".qa-result__text mark").all_inner_texts() == ["bridge", "bridge"]
    assert page.errors == []


def test_topics_are_results_of_their_own(page: object, site: str) -> None:
    page.goto(site + "search/?q=weather")
    page.wait_for_function("() => document.querySelector('#qa-search').dataset.state === 'done'")
    assert page.locator(".qa-person__name").first.inner_text() == "Ministry of Examples"
    assert page.locator(".qa-search__page-link").all_inner_texts() == ["Weather"]
    page.locator(".qa-search__page-link").click()
    page.wait_for_url(site + "topics/weather/")


def test_person_link_in_a_result_leads_to_the_person_page(page: object, site: str) -> None:
    page.goto(site + "search/?q=Quill")
    page.locator(".qa-person__name").first.click()
    page.wait_for_url(site + "people/ada-quill/")
    assert page.locator("h1").inner_text() == "Ada Quill"


def test_filters_narrow_quotes_by_speaker_topic_and_year(page: object, site: str) -> None:
    page.goto(site + "search/?q=budget")
    wait_for_results(page, 2)
    page.fill(".qa-search__speaker", "Bram Sample")
    page.press(".qa-search__speaker", "Enter")
    wait_for_results(page, 1)
    assert results(page) == ["The budget is balanced only on paper."]
    assert "speaker=Bram+Sample" in page.url

    page.goto(site + "search/")
    page.select_option(".qa-search__topic", "Budget & taxes")
    wait_for_results(page, 2)
    page.select_option(".qa-search__year", "2024")
    wait_for_results(page, 1)
    assert results(page) == ["Taxes will not rise this year, whatever the budget office says."]

    page.goto(site + "search/?year=2023")
    wait_for_results(page, 1)
    assert results(page) == ["The weather service will publish daily forecasts for every district."]
    page.fill(".qa-search__speaker", "Ada Quill")
    page.select_option(".qa-search__year", "")
    wait_for_results(page, 3)
    assert page.errors == []


def test_filters_apply_to_each_quote_not_only_to_its_speaker(page: object, site: str) -> None:
    page.goto(site + "search/?speaker=Ada+Quill&year=2025")
    wait_for_results(page, 1)
    assert results(page) == ["We will build the bridge before winter, and it will carry trams."]
    page.goto(site + "search/?q=bridge&topic=Budget+%26+taxes")
    page.wait_for_function("() => document.querySelector('#qa-search').dataset.state === 'done'")
    assert results(page) == []
    page.goto(site + "search/?q=Quill&topic=Bridges")
    wait_for_results(page, 2)
    assert page.errors == []


def test_a_topic_in_a_result_searches_that_topic(page: object, site: str) -> None:
    page.goto(site + "search/?q=paper")
    wait_for_results(page, 2)
    page.get_by_role("link", name="Budget & taxes").click()
    wait_for_results(page, 2)
    assert page.input_value(".qa-search__topic") == "Budget & taxes"


def test_search_link_on_a_person_page_lists_that_persons_quotes(page: object, site: str) -> None:
    page.goto(site + "people/bram-sample/")
    page.get_by_role("link", name="Search these quotes").click()
    wait_for_results(page, 1)
    assert page.input_value(".qa-search__speaker") == "Bram Sample"


def test_a_person_page_links_to_edit_the_speakers_file_and_to_report_a_wrong_quote(
    page: object, site: str
) -> None:
    page.goto(site + "people/bram-sample/")
    edit = page.get_by_role("link", name="Edit / suggest a correction")
    assert edit.get_attribute("href") == f"{REPO}/edit/main/quotes/bram-sample.yaml"
    report = page.get_by_role("link", name="Report a wrong quote")
    assert report.get_attribute("href") == (
        f"{REPO}/issues/new?template=wrong-quote.yml&speaker=Bram+Sample"
    )


def test_former_slug_redirects_to_the_new_page_keeping_the_anchor(page: object, site: str) -> None:
    page.goto(site + "people/ada-q/#q-aq2024bb")
    page.wait_for_url(site + "people/ada-quill/#q-aq2024bb")
    assert page.locator("#q-aq2024bb").is_visible()


def test_merged_quote_permalink_lands_on_the_surviving_quote(page: object, site: str) -> None:
    page.goto(site + "people/ada-quill/#q-aqold001")
    box = page.locator("#q-aq2025aa").bounding_box()
    assert box is not None and box["y"] < 600


def test_browsing_a_speaker_lists_quotes_newest_first_across_indexes(
    page: object, site: str
) -> None:
    page.goto(site + "search/?speaker=Ada+Quill")
    wait_for_results(page, 3)
    assert page.locator(".qa-result__text").all_inner_texts() == [  # type: ignore[attr-defined]
        "We will build the bridge before winter, and it will carry trams.",
        "Taxes will not rise this year, whatever the budget office says.",
        "Every bridge begins with a plan on paper.",
    ]
    page.fill(".qa-search__speaker", "sam")
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => [...document.querySelectorAll('#qa-speakers option')].map(o => o.value)"
        ".join() === 'Bram Sample'"
    )
    assert page.errors == []


def test_browsing_a_topic_lists_people_by_their_newest_quote(page: object, site: str) -> None:
    page.goto(site + "search/?topic=Budget+%26+taxes")
    wait_for_results(page, 2)
    people = page.locator(".qa-person__name").all_inner_texts()
    # Shards are searched one after the other, each sorted: the order holds in one.
    if "/archive/" in site:
        assert people == ["Ada Quill", "Bram Sample"]
    assert sorted(people) == ["Ada Quill", "Bram Sample"]


def test_contributor_text_runs_no_script_on_pages_or_in_results(page: object, served: str) -> None:
    evil = served + "evil/site/"
    for url in ("", "people/", "people/mallory/", "topics/evil/", "search/?q=alert+Mallory"):
        page.goto(evil + url)
    wait_for_results(page, 1)
    assert "<script>alert('text')</script>" in page.locator(".qa-result__text").inner_text()
    assert page.locator(".qa-person__name").inner_text().endswith("Mallory")
    assert page.locator(".qa-result__topic").inner_text() == "<svg onload=alert('topic')>Evil"
    found = page.locator(".qa-search__results")
    assert found.locator("script, img, svg, iframe, b").count() == 0
    assert found.locator("mark").count() >= 1
    assert found.locator("mark").evaluate_all("marks => marks.every(m => !m.children.length)")
    page.wait_for_timeout(300)
    assert page.errors == []


def _copied(page: object, button: object) -> str:
    button.click()  # type: ignore[attr-defined]
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => [...document.querySelectorAll('.qa-quote__copied')].some(s => s.textContent)"
    )
    return page.evaluate("navigator.clipboard.readText()")  # type: ignore[attr-defined,no-any-return]


def test_cite_and_copy_link_put_the_citation_and_permalink_on_the_clipboard(
    clipboard_page: object, served: str
) -> None:
    page = clipboard_page
    site = served + "archive/site/"
    page.goto(site + "people/ada-quill/")  # type: ignore[attr-defined]
    quote = page.locator("#q-aq2025aa")  # type: ignore[attr-defined]
    link = _copied(page, quote.get_by_role("button", name="Copy link to this quote"))
    assert link == site + "q/aq2025aa/"  # the quote's own page: it lasts when the quote moves
    cite = _copied(page, quote.get_by_role("button", name="Cite this quote"))
    assert cite.startswith(
        "Ada Quill, “We will build the bridge before winter, and it will carry trams.”, "
        "14 March 2025. Reported in Harbour Gazette, “Bridge promised before winter”, "
        "15 March 2025, https://example.org/gazette/bridge. "
    )
    assert site + "q/aq2025aa/ (accessed " in cite
    bib = _copied(page, quote.get_by_role("button", name="BibTeX entry for this quote"))
    assert bib.startswith("@misc{qa-aq2025aa,\n  author = {{Ada Quill}},\n")
    assert "  date = {2025-03-14},\n" in bib
    assert f"  url = {{{site}q/aq2025aa/}}" in bib
    assert page.errors == []  # type: ignore[attr-defined]


def test_cite_on_a_topic_page_names_the_speaker_of_each_quote(
    clipboard_page: object, served: str
) -> None:
    page = clipboard_page
    site = served + "archive/site/"
    page.goto(site + "topics/bridges/")  # type: ignore[attr-defined]
    quote = page.locator("#q-aq2025aa")  # type: ignore[attr-defined]
    cite = _copied(page, quote.get_by_role("button", name="Cite this quote"))
    assert cite.startswith("Ada Quill, “We will build the bridge before winter")
    assert site + "q/aq2025aa/ (accessed " in cite
    link = _copied(page, quote.get_by_role("button", name="Copy link to this quote"))
    assert link == site + "q/aq2025aa/"


def test_cite_buttons_are_reachable_by_keyboard_and_escape_bibtex(
    clipboard_page: object, served: str
) -> None:
    page = clipboard_page
    page.goto(served + "evil/site/people/mallory/")  # type: ignore[attr-defined]
    page.locator(".qa-cite").first.focus()  # type: ignore[attr-defined]
    page.keyboard.press("Tab")  # type: ignore[attr-defined]
    focused = page.evaluate("document.activeElement.classList.contains('qa-cite-bibtex')")  # type: ignore[attr-defined]
    assert focused
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => [...document.querySelectorAll('.qa-quote__copied')].some(s => s.textContent)"
    )
    bib = page.evaluate("navigator.clipboard.readText()")  # type: ignore[attr-defined]
    title = next(line for line in bib.splitlines() if line.startswith("  title"))
    assert "\\{\\{ 7*7 \\}\\} \\{\\% raw \\%\\}" in title
    assert page.errors == []  # type: ignore[attr-defined]


def test_disputed_quotes_stand_apart_with_their_evidence(page: object, site: str) -> None:
    page.goto(site + "people/ada-quill/")
    section = page.locator("h2", has_text="Disputed and misattributed")
    assert section.is_visible()
    note = page.locator("#q-aq2024bb .qa-status-note")
    assert note.inner_text().startswith("Disputed:")
    assert note.get_by_role("link").get_attribute("href") == "https://example.org/factcheck/taxes"
    feed = page.locator("link[rel~=alternate][type='application/atom+xml']")
    assert feed.get_attribute("href") == "https://quote-archive.example/feeds/people/ada-quill.xml"


# -- People by name (the name index) ----------------------------------------------------------


def people_found(page: object) -> list[str]:
    return page.locator(".qa-search__person").all_inner_texts()  # type: ignore[attr-defined]


def type_name(page: object, site: str, text: str) -> None:
    """Type `text` into the search box, and wait until the people shown by name are those of
    the whole text (each key shows those of the text so far: "lee" before "leew")."""
    page.goto(site + "search/")  # type: ignore[attr-defined]
    query = page.locator("#qa-search .qa-search__query")  # type: ignore[attr-defined]
    query.press_sequentially(text, delay=20)
    page.wait_for_function(  # type: ignore[attr-defined]
        "text => document.querySelector('.qa-search__people').dataset.words === text", arg=text
    )


def test_typing_a_name_without_its_accents_shows_the_person_first_before_quotes(
    page: object, served: str
) -> None:
    site = served + "names/site/"
    type_name(page, site, "jose")
    page.wait_for_selector(".qa-search__person-link")
    links = page.locator("#qa-search a")
    assert links.first.inner_text() == "José Álvarez"
    assert people_found(page) == ["José Álvarez Harbour master · 1 quote"]
    # The full-text results still come, below.
    wait_for_results(page, 1)
    assert page.locator(".qa-person__name").first.inner_text() == "José Álvarez"
    assert page.locator("#qa-search a").first.inner_text() == "José Álvarez"
    # Like a result: a link reached from the keyboard that leads to the person's page.
    page.locator(".qa-search__person-link").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(site + "people/jose-alvarez/")
    assert page.errors == []


def test_a_latin_alias_finds_a_name_in_another_script(page: object, served: str) -> None:
    type_name(page, served + "names/site/", "Peskov")
    page.wait_for_selector(".qa-search__person-link")
    assert people_found(page) == ["Дмитро Пєсков (Dmytro Peskov) Port spokesman · 1 quote"]
    list_label = page.locator(".qa-search__people-list").get_attribute("aria-label")
    assert list_label == "1 person by name"


def test_people_rank_whole_name_then_start_of_name_then_most_quoted(
    page: object, served: str
) -> None:
    site = served + "names/site/"
    type_name(page, site, "ann lee")
    page.wait_for_function("document.querySelectorAll('.qa-search__person').length === 2")
    names_shown = page.locator(".qa-search__person-link").all_inner_texts()
    assert names_shown == ["Ann Lee", "Annabel Lee"]
    page.locator("#qa-search .qa-search__query").fill("")
    page.locator("#qa-search .qa-search__query").press_sequentially("lee", delay=20)
    page.wait_for_function("document.querySelectorAll('.qa-search__person').length === 3")
    names_shown = page.locator(".qa-search__person-link").all_inner_texts()
    assert names_shown == ["Annabel Lee", "<img src=x onerror=alert(1)>Lee", "Ann Lee"]


def test_a_hostile_name_is_shown_as_text_and_runs_nothing(page: object, served: str) -> None:
    type_name(page, served + "names/site/", "leew")
    page.wait_for_selector(".qa-search__person-link")
    people = page.locator(".qa-search__people")
    assert people.locator(".qa-search__person-link").inner_text() == (
        "<img src=x onerror=alert(1)>Lee"
    )
    assert "(<b onmouseover=alert(2)>Leeward</b>)" in people.inner_text()
    assert "<script>alert('role')</script>" in people.inner_text()
    assert people.locator("img, b, script").count() == 0
    page.wait_for_timeout(300)
    assert page.errors == []


def test_a_name_nobody_has_shows_no_people_and_clearing_the_box_removes_them(
    page: object, served: str
) -> None:
    site = served + "names/site/"
    type_name(page, site, "jose")
    page.wait_for_selector(".qa-search__person-link")
    page.locator("#qa-search .qa-search__query").press_sequentially("x", delay=20)
    page.wait_for_function("!document.querySelector('.qa-search__person')")
    page.locator("#qa-search .qa-search__query").fill("")
    page.wait_for_timeout(100)
    assert people_found(page) == []


def test_a_name_with_a_character_outside_the_basic_plane_is_found(
    page: object, served: str
) -> None:
    type_name(page, served + "names/site/", "𠮷田")
    page.wait_for_selector(".qa-search__person-link")
    assert page.locator(".qa-search__person-link").all_inner_texts() == ["𠮷田 健"]


def test_a_few_words_of_a_quote_typed_in_the_header_find_its_speaker(
    page: object, site: str
) -> None:
    page.goto(site + "people/")
    page.fill(".qa-header-search__input", "bridge before winter")
    page.press(".qa-header-search__input", "Enter")
    page.wait_for_url(site + "search/?q=bridge+before+winter")
    wait_for_results(page, 1)
    assert page.locator(".qa-person__name").all_inner_texts() == ["Ada Quill"]
    assert results(page) == ["We will build the bridge before winter, and it will carry trams."]
    # What the result shows beside the words comes from meta stored beside the index.
    assert page.locator(".qa-person__head .qa-description").inner_text().strip() == (
        "Mayor of Exampleton · 3 quotes"
    )
    source = page.locator(".qa-result .qa-sources a")
    assert source.inner_text() == "Bridge promised before winter"
    assert source.get_attribute("href") == "https://example.org/gazette/bridge"
    assert page.errors == []


def test_words_of_a_sources_title_or_address_find_nothing(page: object, site: str) -> None:
    # Pagefind indexes meta values' words; the sources were meta, so they matched.
    for words in ["promised", "pledge", "https"]:
        page.goto(site + "search/?q=" + words)
        page.wait_for_function(
            "() => document.querySelector('#qa-search').dataset.state === 'done'"
        )
        assert page.locator(".qa-result").count() == 0, words
    assert page.errors == []


@pytest.mark.parametrize("quote_id", ["aq2025aa", "AQOLD001"])  # its id, a merged id
def test_a_quote_id_finds_the_quote_by_its_own_page(page: object, site: str, quote_id: str) -> None:
    # Ids are no words of the index (8 % of it): the search asks q/<id>/ for the quote.
    page.goto(site + "search/?q=" + quote_id)
    wait_for_results(page, 1)
    assert results(page) == ["We will build the bridge before winter, and it will carry trams."]
    meta = page.locator(".qa-result__meta").inner_text()
    assert meta == (
        "— Ada Quill, 14 March 2025. Read it in context on Ada Quill’s page · Permalink"
    )
    assert page.locator("#qa-search .qa-search__status").inner_text() == "1 quote by 1 person."
    link = page.locator(".qa-result .qa-permalink").get_attribute("href")
    assert link == site + "q/" + quote_id.lower() + "/"
    page.locator(".qa-result .qa-speaker").click()
    page.wait_for_url(site + "people/ada-quill/#q-aq2025aa")
    # A word shaped like an id that is none asks once, without the page's body, then searches.
    asked = []
    page.on("request", lambda r: asked.append((r.method, r.url)) if "/q/" in r.url else None)
    page.goto(site + "search/?q=nosuchid9")
    wait_until_searched(page)
    assert page.locator(".qa-person--by-id").count() == 0
    assert asked == [("HEAD", site + "q/nosuchid9/")]
    assert page.errors == []


def test_words_of_the_reporters_sentence_find_the_quote_and_are_never_shown(
    page: object, site: str
) -> None:
    # "harbour" is only in the sentence around the quote: its fragment keeps a placeholder.
    page.goto(site + "search/?q=harbour+trams")
    wait_for_results(page, 1)
    assert results(page) == ["We will build the bridge before winter, and it will carry trams."]
    assert page.locator(".qa-result__text mark").all_inner_texts() == ["trams."]
    # Words that no one page holds find nothing, whichever shards hold each of them.
    page.goto(site + "search/?q=harbour+balanced")
    wait_until_searched(page)
    assert page.locator(".qa-result").count() == 0
    assert page.errors == []


def test_a_few_words_of_a_quote_typed_on_the_search_page_find_its_speaker(
    page: object, site: str
) -> None:
    page.goto(site + "search/")
    page.locator("#qa-search .qa-search__query").press_sequentially("balanced only on", delay=30)
    page.wait_for_function(  # a pause while typing may have searched part of the words first
        "() => location.search === '?q=balanced+only+on' &&"
        " document.querySelector('#qa-search').dataset.state === 'done'"
    )
    assert page.locator(".qa-person__name").all_inner_texts() == ["Bram Sample"]
    assert results(page) == ["The budget is balanced only on paper."]
    assert page.errors == []


def test_the_exact_phrase_comes_first_whichever_shard_holds_it(page: object, served: str) -> None:
    phrases = served + "phrases/site/"
    page.goto(phrases + "search/?q=balanced+budget")
    wait_for_results(page, 2)
    assert page.locator(".qa-person__name").all_inner_texts() == ["Dev Okafor", "Cora Lindqvist"]
    assert page.locator(".qa-result__text mark").first.inner_text() == "balanced"
    page.goto(phrases + "search/?q=harbour+budget")
    wait_for_results(page, 2)
    assert page.locator(".qa-person__name").all_inner_texts() == ["Cora Lindqvist", "Dev Okafor"]
    assert page.errors == []


def test_the_page_hashes_word_pairs_as_the_build_does(page: object, site: str) -> None:
    page.goto(site + "search/")
    for pair in ["we build", "élan vital", "ωμεγα λογος", "2025 s", "𝔘𝔫𝔦 code", "we build it"]:
        assert page.evaluate("p => window.quoteArchive.pairHashes(p)", pair) == list(
            pair_hashes(pair)
        )


FIRST_RESULT_METAS = """() => new MutationObserver((_, observer) => {
  if (!document.querySelector('.qa-result')) return;
  observer.disconnect();
  window.metasAtFirstResult = performance.getEntriesByType('resource')
    .map(entry => new URL(entry.name).pathname).filter(path => path.endsWith('.pf_meta'));
}).observe(document.body, {childList: true, subtree: true})"""
"""Notes the Pagefind meta files (one a shard) fetched when the first quote is shown (Pagefind
runs in the page, not in a worker, so its fetches are the page's resources)."""


def shards_at_first_result(page: object, typed: str, paste: bool = False) -> list[str]:
    """Type `typed` in the search page's box (or paste it) and press Enter: the shards (bundle
    folders) whose Pagefind meta file was fetched when the first quote was shown."""
    page.evaluate(FIRST_RESULT_METAS)
    box = page.locator("#qa-search .qa-search__query")
    if paste:
        box.focus()
        page.keyboard.insert_text(typed)
    else:
        box.press_sequentially(typed, delay=20)
    page.press("#qa-search .qa-search__query", "Enter")
    wait_for_results(page, 1)
    return [path.split("/")[-2] for path in page.evaluate("window.metasAtFirstResult")]


def test_a_name_searches_the_shard_that_holds_the_person_before_any_other(
    page: object, served: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shards, "QUOTE_BUDGET", 1)  # as the sharded site was built
    archive = load_archive(DATA / "site_archive").archive
    folder = shard_folder(Path("pagefind"), speaker_shards(archive)["bram-sample"]).name
    page.goto(served + "sharded/site/search/")
    assert shards_at_first_result(page, "Bram Sample") == [folder]
    later = page.evaluate(
        "performance.getEntriesByType('resource').filter(e => e.name.endsWith('.pf_meta')).length"
    )
    assert later > 1  # the other shards are searched after
    assert page.errors == []


def test_shards_whose_searches_start_together_all_answer(
    page: object, served: str, www: Path
) -> None:
    """Pagefind's module runs one WebAssembly for every shard's search, made by the first to
    load it: two starting together each made one, and a shard's index was then read from
    memory the module had left ("memory access out of bounds": at 200k quotes, a search that
    never showed a result). Every shard started at once still answers, as it does alone."""
    bundles = sorted(p.name for p in (www / "sharded" / "site").glob("pagefind*") if p.is_dir())
    assert len(bundles) > 2
    page.goto(served + "sharded/site/search/")
    answers = page.evaluate(
        """names => Promise.all(names.map(name => window.quoteArchive.shardSearch(name)))
          .then(shards => Promise.all(shards.map(pf => pf.search("the").then(
            found => found.results.length, error => String(error)))))""",
        bundles,
    )
    alone = page.evaluate(
        """names => names.reduce((done, name) => done.then(counts =>
          window.quoteArchive.shardSearch(name).then(pf => pf.search("the"))
            .then(found => counts.concat([found.results.length]))), Promise.resolve([]))""",
        bundles,
    )
    assert answers == alone and sum(alone) > 0
    assert page.errors == []


def test_every_shard_is_searched_with_the_wasm_of_the_first_bundle(
    page: object, served: str, www: Path
) -> None:
    """The bundles' WebAssembly is the same file (shards.json says so): it is fetched from
    the first bundle only, and every shard still answers."""
    bundles = {p.name for p in (www / "sharded" / "site").glob("pagefind*") if p.is_dir()}
    assert len(bundles) > 2
    page.goto(served + "sharded/site/search/?q=the")
    wait_until_searched(page)
    assert results(page)
    fetched = page.evaluate(
        "performance.getEntriesByType('resource').map(e => new URL(e.name).pathname)"
    )
    assert {path.split("/")[-2] for path in fetched if path.endswith(".pf_meta")} == bundles
    wasm = {path.split("/")[-2] for path in fetched if "/wasm." in path}
    assert wasm == {"pagefind"}
    assert page.errors == []


def test_words_of_a_quote_search_the_shard_that_holds_them_before_any_other(
    page: object, served: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The phrase hints (generator.search.phrases) name the shard whose quotes hold the words
    side by side: it is searched first. (Pasted: typed, a pause between two keys on a busy
    machine searches the first word alone, which has no pair to go by.)"""
    monkeypatch.setattr(shards, "QUOTE_BUDGET", 1)  # as the sharded site was built
    archive = load_archive(DATA / "site_archive").archive
    folder = shard_folder(Path("pagefind"), speaker_shards(archive)["bram-sample"]).name
    assert folder != "pagefind"  # else the order would show nothing
    page.goto(served + "sharded/site/search/")
    held = page.evaluate("t => window.quoteArchive.phraseShards(t)", ["balanced", "only", "on"])
    assert held == [folder]
    assert shards_at_first_result(page, "balanced only on", paste=True) == [folder]
    assert page.locator(".qa-person__name").first.inner_text() == "Bram Sample"
    assert page.errors == []
