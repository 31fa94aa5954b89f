"""Atom feeds: valid for feedparser and RFC 4287, newest first, capped, escaped, deterministic."""

from __future__ import annotations

import dataclasses
import hashlib
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest

from generator.models import Archive, Quote, Source, Speaker, Topic
from generator.publish import FEED_LIMIT, PERSON_FEED_LIMIT, SiteLinks, feed_files
from generator.publish.feeds import entry_date
from generator.publish.segments import SegmentStore
from generator.render.views import safe_href
from generator.store import load_archive

DATA = Path(__file__).parent / "data"
ATOM = "{http://www.w3.org/2005/Atom}"
LINKS = SiteLinks("https://example.org/archive")


def feeds(archive: Archive) -> dict[str, bytes]:
    return {path: b"".join(chunks) for path, chunks in feed_files(archive, LINKS)}


@pytest.fixture(scope="module")
def site_feeds() -> dict[str, bytes]:
    return feeds(load_archive(DATA / "site_archive").archive)


def test_there_is_a_feed_for_the_site_each_person_and_each_topic(
    site_feeds: dict[str, bytes],
) -> None:
    assert sorted(site_feeds) == [
        "feeds/all.xml",
        "feeds/people/ada-quill.xml",
        "feeds/people/bram-sample.xml",
        "feeds/people/ministry-of-examples.xml",
        "feeds/topics/bridges.xml",
        "feeds/topics/budget.xml",
        "feeds/topics/weather.xml",
    ]


def test_every_feed_parses_cleanly_and_has_what_the_atom_rfc_requires(
    site_feeds: dict[str, bytes],
) -> None:
    for path, data in site_feeds.items():
        parsed = feedparser.parse(data)
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.version == "atom10"
        root = ET.fromstring(data)
        for name in ("id", "title", "updated"):
            assert root.find(ATOM + name) is not None, (path, name)
        self_link = root.find(ATOM + "link[@rel='self']")
        assert self_link is not None and self_link.get("href") == LINKS.url(path)
        for entry in root.iter(ATOM + "entry"):
            for name in ("id", "title", "updated", "author"):
                assert entry.find(ATOM + name) is not None, (path, name)
            for link in entry.iter(ATOM + "link"):
                assert link.get("href", "").startswith("https://")


def test_entries_are_newest_first_with_permalinks_and_stable_ids(
    site_feeds: dict[str, bytes],
) -> None:
    parsed = feedparser.parse(site_feeds["feeds/all.xml"])
    assert [e.link for e in parsed.entries] == [
        "https://example.org/archive/people/ada-quill/#q-aq2025aa",
        "https://example.org/archive/people/ada-quill/#q-aqfrag01",
        "https://example.org/archive/people/bram-sample/#q-bs2025cc",
        "https://example.org/archive/people/ada-quill/#q-aq2024bb",
        "https://example.org/archive/people/ministry-of-examples/#q-me2023dd",
    ]
    assert parsed.entries[0].id == "tag:example.org,2025:quote/aq2025aa"
    assert parsed.feed.updated == "2025-03-14T00:00:00Z"
    assert parsed.entries[3].title.startswith("[Disputed] Ada Quill:")


def test_feeds_are_capped_and_building_twice_gives_the_same_bytes() -> None:
    quotes = tuple(
        Quote(f"q{n:07d}", f"words {n}", (Source(outlet="O"),), date=f"20{n % 25:02d}-01")
        for n in range(FEED_LIMIT + 20)
    )
    archive = Archive((Speaker("ann", "Ann", quotes=quotes),), ())
    first, second = feeds(archive), feeds(archive)
    assert first == second
    entries = feedparser.parse(first["feeds/all.xml"]).entries
    assert len(entries) == FEED_LIMIT
    assert entries[0].updated >= entries[-1].updated
    entries = feedparser.parse(first["feeds/people/ann.xml"]).entries
    assert len(entries) == PERSON_FEED_LIMIT
    assert entries[0].updated >= entries[-1].updated


def test_each_feed_holds_its_newest_entries_in_the_order_of_a_sort_of_all_of_them() -> None:
    """Feeds pick their newest entries without sorting every quote: many quotes share a
    date (ties are ordered by id), dates are whole or partial, some quotes have none."""
    dates = ["2024", "2024-06", "2024-06-01", "2025-01-02", "2023-12-31", None]
    topics = (Topic("budget", "Budget"), Topic("farms", "Farms"))
    speakers = []
    for person in range(7):
        quotes = []
        for n in range(40):
            number = (n * 37 + person * 11) % 997  # ids out of order across speakers
            quotes.append(
                Quote(
                    f"q{number:03d}{person}",
                    f"words {person} {n}",
                    (Source(outlet="O", date="2022-05-05" if n % 9 == 0 else None),),
                    date=dates[(n + person) % len(dates)],
                    added="2025-01-02" if n % 13 == 0 else None,
                    topics=("budget",) if n % 2 else ("farms", "budget"),
                )
            )
        speakers.append(Speaker(f"person-{person}", f"Person {person}", quotes=tuple(quotes)))
    archive = Archive(tuple(speakers), topics)

    def by_sort(quotes: list[tuple[Speaker, Quote]], limit: int) -> list[str]:
        dated = [(entry_date(q), q.id) for _, q in quotes if entry_date(q)]
        dated.sort(key=lambda item: item[1])
        dated.sort(key=lambda item: str(item[0]), reverse=True)
        return [quote_id for _, quote_id in dated[:limit]]

    def ids(feed: bytes) -> list[str]:
        return [e.id.rsplit("/", 1)[1] for e in feedparser.parse(feed).entries]

    made = feeds(archive)
    every = [(s, q) for s in speakers for q in s.quotes]
    assert ids(made["feeds/all.xml"]) == by_sort(every, FEED_LIMIT)
    for topic in topics:
        held = [(s, q) for s, q in every if topic.slug in q.topics]
        assert ids(made[f"feeds/topics/{topic.slug}.xml"]) == by_sort(held, FEED_LIMIT)
    for speaker in speakers:
        own = [(speaker, q) for q in speaker.quotes]
        assert ids(made[f"feeds/people/{speaker.slug}.xml"]) == by_sort(own, PERSON_FEED_LIMIT)
    assert len(ids(made["feeds/all.xml"])) == FEED_LIMIT


def test_contributor_text_is_escaped_and_characters_xml_cannot_carry_are_dropped() -> None:
    nasty = "<script>alert(1)</script> & ]]> \x07\x1b\ud800 end"
    quote = Quote(
        "abcdef12",
        nasty,
        (Source(outlet=nasty, url='https://example.org/?a=1&b="x"', title=nasty),),
        date="2025-01-01",
        context=nasty,
        topics=("t",),
    )
    archive = Archive((Speaker("ann", nasty, quotes=(quote,)),), (Topic("t", nasty),))
    for path, data in feeds(archive).items():
        parsed = feedparser.parse(data)
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        text = data.decode("utf-8")
        assert "<script" not in text and "]]>" not in text and "\x07" not in text
    entry = feedparser.parse(feeds(archive)["feeds/all.xml"]).entries[0]
    assert entry.summary == "<script>alert(1)</script> & ]]>  end"
    assert entry.author == "<script>alert(1)</script> & ]]>  end"


@pytest.mark.parametrize(
    "url",
    [None, "", "https://example.org/a?b=c#d", " http://Example.org/x ", "HTTPS://x.org",
     "javascript:alert(1)", "https:///nohost", "ftp://x.org/", "https://x.org/a b",
     "https://x.org/\x00", "https://x.org/\x7f", "//x.org/a", "https://x.org/é中", "mailto:a@b",
     "https://[::1"],
)  # fmt: skip
def test_only_absolute_http_urls_without_blanks_become_links(url: str | None) -> None:
    linked = {
        "https://example.org/a?b=c#d", " http://Example.org/x ", "HTTPS://x.org",
        "https://x.org/\x7f", "https://x.org/é中",
    }  # fmt: skip
    assert safe_href(url) == (url.strip() if url in linked else None)


def test_site_and_topic_feeds_come_from_the_cache_until_an_entry_changes(tmp_path: Path) -> None:
    archive = load_archive(DATA / "site_archive").archive
    digests = {s.slug: hashlib.sha256(repr(s).encode()).hexdigest() for s in archive.speakers}

    def build(made: Archive, found: dict[str, str]) -> tuple[dict[str, bytes], SegmentStore]:
        store = SegmentStore(tmp_path, "fingerprint")
        files = feed_files(made, LINKS, store=store, file_digests=found)
        return {path: b"".join(chunks) for path, chunks in files}, store

    first, cold = build(archive, digests)
    second, warm = build(archive, digests)
    assert first == second == feeds(archive)
    assert cold.reused == 0 and warm.reused == 1 + len(archive.topics)
    ada = next(s for s in archive.speakers if s.slug == "ada-quill")
    renamed = dataclasses.replace(ada, name="Ada Quill-Renamed")
    edited = dataclasses.replace(
        archive, speakers=tuple(renamed if s is ada else s for s in archive.speakers)
    )
    third, _ = build(edited, {**digests, "ada-quill": "edited"})
    assert third == feeds(edited)
    assert b"Ada Quill-Renamed" in third["feeds/all.xml"]


def test_an_old_remark_added_today_is_what_the_feed_calls_new() -> None:
    source = Source(outlet="Wire", url="https://wire.example/1", date="2024-05-01")
    recent = Quote("recent01", "Said last spring", (source,), date="2024-05-01", added="2024-05-02")
    archival = Quote("archiv01", "Said long ago", (source,), date="2015-01-20", added="2026-12-06")
    old_style = Quote("legacy01", "Added before the date was kept", (source,), date="2023-02-02")
    speaker = Speaker("ann-example", "Ann Example", quotes=(recent, archival, old_style))
    parsed = feedparser.parse(feeds(Archive((speaker,)))["feeds/all.xml"])
    assert [e.id.rsplit("/", 1)[1] for e in parsed.entries] == ["archiv01", "recent01", "legacy01"]
    first = parsed.entries[0]
    assert first.published == first.updated == "2026-12-06T00:00:00Z"
    assert "2015" in first.content[0].value  # when it was said stays in the entry
