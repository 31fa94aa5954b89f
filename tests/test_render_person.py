"""Person pages: the status summary, year navigation, filter, and the split by year."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from generator.models import Archive, Quote, Source, Speaker
from generator.render import pages as render_pages
from generator.render import render_site
from generator.render.person import split_person, year_page
from generator.render.site_index import SiteIndex
from generator.store import load_archive

DATA = Path(__file__).parent / "data"
SLUG = "gramzas-chexbret"


@pytest.fixture(scope="module")
def site() -> dict[str, str]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(render_pages, "PAGE_QUOTES", 4)
        return render_site(load_archive(DATA / "readers_archive").archive)


def anchors(text: str) -> list[str]:
    return re.findall(r'<article class="qa-quote[^"]*" id="q-([0-9a-z]+)"', text)


def _quotes(*dates: str | None) -> list[Quote]:
    return [
        Quote(id=f"q{i:05d}x", text="words", date=date, sources=(Source(outlet="O"),))
        for i, date in enumerate(dates)
    ]


def test_a_speaker_within_the_limit_has_one_page() -> None:
    parts = split_person("s", _quotes("2025", "2024", None), limit=3)
    assert [p.path for p in parts] == ["people/s.md"]
    assert [title for title, _ in parts[0].years] == ["2025", "2024", "Undated"]


def test_above_the_limit_the_first_page_keeps_the_newest_whole_years_that_fit() -> None:
    parts = split_person("s", _quotes("2025", "2025", "2024", "2023", "2023", None), limit=3)
    assert [p.path for p in parts] == [
        "people/s.md",
        "people/s/2023.md",
        "people/s/undated.md",
    ]
    assert [title for title, _ in parts[0].years] == ["2025", "2024"]
    assert sum(len(q) for _, q in parts[0].years) == 3


def test_a_year_longer_than_the_limit_is_cut_into_parts() -> None:
    parts = split_person("s", _quotes(*["2025"] * 5, *["2024"] * 7), limit=3)
    assert [p.path for p in parts] == [
        "people/s.md",
        "people/s/2025/2.md",
        "people/s/2024.md",
        "people/s/2024/2.md",
        "people/s/2024/3.md",
    ]
    assert [(p.year, p.number, p.of) for p in parts[1:]] == [
        ("2025", 2, 2),
        ("2024", 1, 3),
        ("2024", 2, 3),
        ("2024", 3, 3),
    ]
    every = [q.id for p in parts for _, quotes in p.years for q in quotes]
    assert every == [q.id for q in _quotes(*["2025"] * 5, *["2024"] * 7)]


def test_year_pages_have_stable_paths() -> None:
    assert year_page("s", "2019") == "people/s/2019.md"
    assert year_page("s", "2019", 2) == "people/s/2019/2.md"
    assert year_page("s", "Undated") == "people/s/undated.md"


def test_every_quote_is_on_exactly_one_page_of_its_speaker(site: dict[str, str]) -> None:
    pages = {path: text for path, text in site.items() if path.startswith(f"people/{SLUG}")}
    assert sorted(pages) == [
        f"people/{SLUG}.md",
        f"people/{SLUG}/2022.md",
        f"people/{SLUG}/2023.md",
        f"people/{SLUG}/2024.md",
        f"people/{SLUG}/2024/2.md",
        f"people/{SLUG}/undated.md",
    ]
    shown = [quote for text in pages.values() for quote in anchors(text)]
    archive = load_archive(DATA / "readers_archive").archive
    speaker = next(s for s in archive.speakers if s.slug == SLUG)
    assert sorted(shown) == sorted(q.id for q in speaker.quotes)


def test_the_first_page_maps_quotes_moved_to_other_pages(site: dict[str, str]) -> None:
    page = site[f"people/{SLUG}.md"]
    found = re.search(r'<script type="application/json" class="qa-moved">(.*?)</script>', page)
    assert found is not None
    moved = json.loads(found.group(1))
    assert moved["2024/"] == ["gc2024b1", "gc2024b2", "gc2024b3", "gc2024b4"]
    assert moved["2024/2/"] == ["gc2024b5"]
    assert moved["undated/"] == ["gcnodate"]
    assert "qa-moved" not in site["people/ann-aldous.md"]


def test_status_summary_at_the_top_links_the_contested_section(site: dict[str, str]) -> None:
    first = site[f"people/{SLUG}.md"]
    head = first.split("</div>")[0]
    assert (
        '13 quotes: 10 attributed, 1 verified, <a href="#disputed-and-misattributed">1 disputed'
        "</a>, "
    ) in head
    year = site[f"people/{SLUG}/2023.md"].split("</div>")[0]
    assert '<a href="../#disputed-and-misattributed">1 disputed</a>' in year
    assert "Disputed and misattributed</h2>" not in site[f"people/{SLUG}/2023.md"]


def test_every_page_navigates_between_years_and_pages(site: dict[str, str]) -> None:
    first = site[f"people/{SLUG}.md"]
    nav = re.search(r'<nav class="qa-years".*?</nav>', first)
    assert nav is not None
    assert re.findall(r'<a href="([^"]+)"', nav.group(0)) == [
        "#2025",
        "2024/#2024",
        "2023/#2023",
        "2022/#2022",
        "undated/#undated",
    ]
    part = site[f"people/{SLUG}/2024/2.md"]
    assert '<p class="qa-part-title">2024, part 2 of 2</p>' in part
    assert 'rel="prev" href="../">Newer: 2024, part 1 of 2</a>' in part
    assert 'rel="next" href="../../2023/">Older: 2023</a>' in part
    assert 'title: "Gramzas Chéxbret: 2024, part 2 of 2"' in part


def test_permalinks_name_the_first_page_wherever_the_quote_is(site: dict[str, str]) -> None:
    part = site[f"people/{SLUG}/2023.md"]
    assert '<a class="qa-permalink" href="../#q-gc2023c1">Permalink</a>' in part


def test_a_split_speakers_pages_say_so_for_the_filter_the_script_makes(
    site: dict[str, str],
) -> None:
    """The filter form is made by the page's script from the page: no bytes in the HTML."""
    assert '<div class="qa-person" data-split="yes">' in site[f"people/{SLUG}.md"]
    assert '<div class="qa-person">' in site["people/ann-aldous.md"]
    assert "<form" not in site[f"people/{SLUG}.md"]


def test_person_pages_link_their_feed_and_data(site: dict[str, str]) -> None:
    page = site["people/ann-aldous.md"]
    assert 'href="../../feeds/people/ann-aldous.xml" type="application/atom+xml"' in page
    assert 'href="../../data/people/ann-aldous.json" type="application/json"' in page


def test_a_quote_in_another_language_carries_it_and_reads_in_its_direction(
    site: dict[str, str],
) -> None:
    page = site["people/sami-haddad.md"]
    assert (
        '<blockquote class="qa-quote__text" lang="ar" dir="auto"><p>الميناء مفتوح للجميع</p>'
        in (page)
    )
    assert '<h1 dir="auto">سامي الحداد</h1>' in page


def test_a_speakers_pages_are_made_once_per_index_and_only_for_that_speaker() -> None:
    """Planning, the quote pages and the search records all ask for a speaker's pages: the
    index keeps them, for that very speaker (another with the same slug gets its own)."""
    speaker = Speaker(slug="s", name="S", quotes=tuple(_quotes("2025", "2024")))
    index = SiteIndex(Archive(speakers=(speaker,)))
    parts = render_pages.person_parts(speaker, index)
    assert render_pages.person_parts(speaker, index) is parts
    edited = replace(speaker, quotes=tuple(_quotes("2023")))
    assert [p.years for p in render_pages.person_parts(edited, index)] == [
        (("2023", edited.quotes),)
    ]


def test_page_paths_remembered_by_file_plan_the_same_pages_and_only_a_changed_file_is_split(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A rebuild plans from the paths the last build worked out for each speaker's file
    (`PartPaths`): the same pages, keys and HTML, without splitting any speaker's quotes
    but those of a file whose bytes changed."""
    monkeypatch.setattr(render_pages, "PAGE_QUOTES", 4)
    archive = load_archive(DATA / "readers_archive").archive
    digests = {s.slug: f"digest-of-{s.slug}" for s in archive.speakers}
    first = render_pages.PartPaths()
    planned = render_pages.plan_site(archive, digests, part_paths=first)
    assert any(path.startswith(f"people/{SLUG}/") for path in planned)  # split into parts
    split: list[str] = []
    person_parts = render_pages.person_parts

    def counted(speaker: Speaker, index: SiteIndex) -> list[object]:
        split.append(speaker.slug)
        return person_parts(speaker, index)  # type: ignore[return-value]

    monkeypatch.setattr(render_pages, "person_parts", counted)
    again = render_pages.plan_site(archive, digests, part_paths=render_pages.PartPaths(first.used))
    assert split == []
    assert {p: plan.key for p, plan in again.items()} == {
        p: plan.key for p, plan in planned.items()
    }
    for path, plan in again.items():
        if plan.html:
            assert plan.render() == planned[path].render(), path
    edited = {**digests, SLUG: "digest-after-an-edit"}
    split.clear()
    render_pages.plan_site(archive, edited, part_paths=render_pages.PartPaths(first.used))
    assert split == [SLUG]
