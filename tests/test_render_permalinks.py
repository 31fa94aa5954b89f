"""A page per quote at /q/<id>/ and pages at former slugs: where they lead, what they say."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from generator.models import Archive, Quote, Source, Speaker
from generator.render import pages as render_pages
from generator.render.permalinks import (
    former_slug_files,
    permalink_pages,
    permalink_path,
    quote_page_plans,
    quote_places,
)
from generator.store import load_archive

DATA = Path(__file__).parent / "data"
SITE = "https://example.org/archive/"


@pytest.fixture(scope="module")
def archive() -> Archive:
    return load_archive(DATA / "site_archive").archive


def html_of(archive: Archive) -> dict[str, str]:
    return {path: b"".join(chunks).decode() for path, chunks in permalink_pages(archive, SITE)}


def head(page: str, name: str) -> str:
    found = re.search(rf'<meta (?:property|name)="{name}" content="([^"]*)">', page)
    assert found, name
    return found.group(1)


def test_every_live_and_merged_id_has_a_page(archive: Archive) -> None:
    pages = html_of(archive)
    ids = {i for s in archive.speakers for q in s.quotes for i in (q.id, *q.merged_ids)}
    assert {p for p in pages if p.startswith("q/")} == {permalink_path(i) for i in ids}


def test_a_quote_page_shows_the_quote_and_points_at_its_place(archive: Archive) -> None:
    page = html_of(archive)["q/aq2025aa/index.html"]
    title = "“We will build the bridge before winter, and it will carry trams.” – Ada Quill"
    assert f"<title>{title}</title>" in page
    assert head(page, "og:title") == title
    assert head(page, "og:description") == (
        "Ada Quill, 14 March 2025: “We will build the bridge before winter, and it will carry "
        "trams.”"
    )
    assert head(page, "og:url") == SITE + "q/aq2025aa/"
    assert f'<link rel="canonical" href="{SITE}people/ada-quill/#q-aq2025aa">' in page
    assert '<meta http-equiv="refresh" content="0; url=../../people/ada-quill/#q-aq2025aa">' in page
    assert '<script>location.replace("../../people/ada-quill/#q-aq2025aa");</script>' in page
    assert '<a href="../../people/ada-quill/#q-aq2025aa">Ada Quill’s page</a>' in page


def test_a_merged_id_leads_to_the_quote_it_was_merged_into(archive: Archive) -> None:
    page = html_of(archive)["q/aqold001/index.html"]
    assert head(page, "og:url") == SITE + "q/aqold001/"
    assert f'<link rel="canonical" href="{SITE}people/ada-quill/#q-aq2025aa">' in page


def test_a_quote_moved_to_another_speaker_keeps_its_page(archive: Archive) -> None:
    ada, bram = (
        next(s for s in archive.speakers if s.slug == slug) for slug in ("ada-quill", "bram-sample")
    )
    moved = next(q for q in ada.quotes if q.id == "aqnodate")
    speakers = [
        replace(ada, quotes=tuple(q for q in ada.quotes if q is not moved)),
        replace(bram, quotes=(*bram.quotes, moved)),
        *(s for s in archive.speakers if s.slug not in ("ada-quill", "bram-sample")),
    ]
    page = html_of(replace(archive, speakers=tuple(speakers)))["q/aqnodate/index.html"]
    assert "url=../../people/bram-sample/#q-aqnodate" in page
    assert "Bram Sample" in head(page, "og:title")


def test_a_fragment_shown_inside_its_quote_leads_there(archive: Archive) -> None:
    place = quote_places(archive)["aqfrag01"]
    assert (place.page, place.anchor) == ("people/ada-quill.md", "q-aqfrag01")


def test_a_quote_on_a_later_page_of_a_split_speaker_leads_to_that_page(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    quotes = tuple(
        Quote(
            f"yr{year}q{n:03d}",
            f"Words number {n} of {year}",
            (Source(outlet="W"),),
            date=f"{year}-01-0{n % 9 + 1}",
        )
        for year in (2023, 2024, 2025)
        for n in range(3)
    )
    speaker = Speaker("many-words", "Many Words", quotes=quotes)
    monkeypatch.setattr(render_pages, "PAGE_QUOTES", 3)
    places = quote_places(Archive(speakers=(speaker,)))
    assert places["yr2025q000"].page == "people/many-words.md"
    assert places["yr2023q001"].page == "people/many-words/2023.md"
    page = html_of(Archive(speakers=(speaker,)))["q/yr2023q001/index.html"]
    assert "url=../../people/many-words/2023/#q-yr2023q001" in page


def test_contributor_text_is_escaped_everywhere(archive: Archive) -> None:
    hostile = '</title><script>alert(1)</script>"<img src=x onerror=alert(2)>'
    speaker = Speaker(
        "mallory",
        f"Mallory {hostile}",
        quotes=(Quote("mal00001", f"I said {hostile}", (Source(outlet="X"),), language="en"),),
    )
    page = html_of(Archive(speakers=(speaker,)))["q/mal00001/index.html"]
    assert "<script>alert" not in page and "<img" not in page
    assert page.count("<script>") == 1
    assert "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;&#34;&lt;img" in page


def test_a_long_quote_is_cut_in_the_head_but_whole_in_the_body() -> None:
    text = " ".join(["word"] * 120)
    speaker = Speaker(
        "long", "Long Speaker", quotes=(Quote("long0001", text, (Source(outlet="X"),)),)
    )
    page = html_of(Archive(speakers=(speaker,)))["q/long0001/index.html"]
    assert head(page, "og:title").endswith("…” – Long Speaker")
    assert len(head(page, "og:description")) < 240
    assert f"<p>“{text}”</p>" in page


def test_a_former_slug_page_keeps_the_anchor_and_names_the_new_page(archive: Archive) -> None:
    page = html_of(archive)["people/ada-q/index.html"]
    assert f'<link rel="canonical" href="{SITE}people/ada-quill/">' in page
    assert '<script>location.replace("../ada-quill/" + location.hash);</script>' in page
    assert '<meta http-equiv="refresh" content="0; url=../ada-quill/">' in page
    assert 'This page has moved to <a href="../ada-quill/">Ada Quill</a>.' in page


def test_a_former_slug_a_speaker_uses_again_gets_no_page(archive: Archive) -> None:
    taken = (*archive.speakers, Speaker("ada-q", "Ada Q. Other"))
    pages = html_of(replace(archive, speakers=taken))
    assert "people/ada-q/index.html" not in pages
    assert former_slug_files(replace(archive, speakers=taken)) == []


def test_a_former_slug_keeps_its_feed_and_data_file(archive: Archive) -> None:
    assert former_slug_files(archive) == [
        ("feeds/people/ada-q.xml", "feeds/people/ada-quill.xml"),
        ("data/people/ada-q.json", "data/people/ada-quill.json"),
    ]


def test_a_quote_pages_digest_changes_with_what_the_page_shows_and_only_with_it(
    archive: Archive,
) -> None:
    """A rebuild writes only the quote pages whose digest changed: any word of the text, the
    date or the language changes it, and so does a NUL in a value (the values are joined
    with it); the other quotes' digests stay."""
    speaker = archive.speakers[0]
    quote = speaker.quotes[0]
    own = {quote.id, *quote.merged_ids}

    def digests(changed: Quote, name: str = speaker.name) -> dict[str, str]:
        edited = replace(speaker, name=name, quotes=(changed, *speaker.quotes[1:]))
        other = replace(archive, speakers=(edited, *archive.speakers[1:]))
        return {quote_id: digest for quote_id, digest, _ in quote_page_plans(other, SITE)}

    before = digests(quote)
    for edited in [
        replace(quote, text=quote.text + "!"),
        replace(quote, date="1999-01-01"),
        replace(quote, language="fr"),
        replace(quote, text=quote.text + "\0"),
    ]:
        after = digests(edited)
        assert after.keys() == before.keys()
        assert {i for i in after if after[i] != before[i]} == own
    renamed = digests(quote, speaker.name + " Jr")
    assert {i for i in renamed if renamed[i] != before[i]} == {
        i for q in speaker.quotes for i in (q.id, *q.merged_ids)
    }
    # Joined with NUL, these two would be the same text.
    assert (
        digests(replace(quote, text="a\0b"), "c")[quote.id]
        != (digests(replace(quote, text="b"), "c\0a")[quote.id])
    )
