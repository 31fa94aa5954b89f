"""Rendering the archive into pages (Markdown, HTML for person and topic pages): content,
order, permalinks and escaping."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from generator.models import Archive, Quote, Source, Speaker, Topic
from generator.render import (
    TOPIC_PAGE_LIMIT,
    display_date,
    page_text,
    plan_site,
    relative_url,
    render_site,
    safe_href,
)
from generator.store import load_archive

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    return render_site(load_archive(DATA / "site_archive").archive)


def anchors(text: str) -> list[str]:
    return re.findall(r'id="(q-[0-9a-z]+)"', text)


def test_render_produces_every_generated_page(pages: dict[str, str]) -> None:
    assert sorted(pages) == [
        "index.md",
        "people/ada-quill.md",
        "people/bram-sample.md",
        "people/index.md",
        "people/ministry-of-examples.md",
        "search.md",
        "topics/bridges.md",
        "topics/budget.md",
        "topics/index.md",
        "topics/weather.md",
    ]


def test_person_page_lists_quotes_newest_first_grouped_by_year(pages: dict[str, str]) -> None:
    page = pages["people/ada-quill.md"]
    headings = re.findall(r'^<h2 id="([^"]+)">(.+)</h2>$', page, flags=re.MULTILINE)
    assert headings == [
        ("2025", "2025"),
        ("undated", "Undated"),
        ("disputed-and-misattributed", "Disputed and misattributed"),
    ]
    assert anchors(page) == ["q-aq2025aa", "q-aqold001", "q-aqfrag01", "q-aqnodate", "q-aq2024bb"]


def test_each_quote_has_a_permalink_to_its_anchor(pages: dict[str, str]) -> None:
    page = pages["people/ada-quill.md"]
    assert '<a class="qa-permalink" href="#q-aq2024bb"' in page
    home = pages["index.md"]
    assert 'href="people/ada-quill/#q-aq2025aa"' in home


def test_quote_shows_date_status_sources_and_topics(pages: dict[str, str]) -> None:
    page = pages["people/ada-quill.md"]
    assert '<time datetime="2025-03-14">14 March 2025</time>' in page
    assert '<time datetime="2024-06">June 2024</time>' in page
    assert "qa-status--disputed" in page
    assert '<a class="qa-source" href="https://example.org/gazette/bridge"' in page
    assert (
        '<cite class="qa-source__title">Bridge promised before winter</cite></a>, '
        '<span class="qa-outlet">Harbour Gazette</span>, '
        '<time datetime="2025-03-15">15 March 2025</time>'
    ) in page
    assert '<cite class="qa-outlet">Exampleton Radio</cite>' in page
    assert '<a class="qa-topic" href="../../topics/bridges/">Bridges</a>' in page


def test_merged_ids_get_anchors_on_the_surviving_quote(pages: dict[str, str]) -> None:
    block = pages["people/ada-quill.md"].split('id="q-aq2025aa"')[1].split("</article>")[0]
    assert '<span class="qa-anchor" id="q-aqold001"></span>' in block


def test_fragment_is_shown_inside_its_longer_quote_not_twice(pages: dict[str, str]) -> None:
    page = pages["people/ada-quill.md"]
    assert page.count("“before winter”") == 1
    block = page.split('id="q-aq2025aa"')[1].split("</article>")[0]
    assert '<li id="q-aqfrag01">“before winter”' in block
    assert '<article class="qa-quote" id="q-aqfrag01"' not in page


def test_variants_are_shown_as_also_reported_as(pages: dict[str, str]) -> None:
    assert (
        'Also reported as:</span><ul><li dir="auto">“We shall build the bridge before the winter.”'
        in (pages["people/ada-quill.md"])
    )


def test_a_former_slug_is_no_markdown_page(pages: dict[str, str]) -> None:
    """Its page is plain HTML written beside MkDocs' (generator.render.permalinks), so it
    stays out of sitemap.xml."""
    assert not any(path.startswith("people/ada-q.") or "/ada-q/" in path for path in pages)


def test_people_index_files_people_by_surname_and_organisations_by_name(
    pages: dict[str, str],
) -> None:
    page = pages["people/index.md"]
    assert re.findall(r'<h2 id="letter-(\w+)">', page) == ["m", "q", "s"]
    assert '<a href="ada-quill/" dir="auto">Ada Quill</a>' in page
    assert "3 quotes" in page  # the fragment is shown inside its longer quote


def test_topic_page_lists_quotes_of_every_speaker_with_speaker_links(
    pages: dict[str, str],
) -> None:
    page = pages["topics/budget.md"]
    assert anchors(page) == ["q-bs2025cc", "q-aq2024bb"]
    assert '<a class="qa-speaker" href="../../people/bram-sample/" dir="auto">Bram Sample</a>' in (
        page
    )
    assert 'href="../../people/bram-sample/#q-bs2025cc"' in page
    assert 'title: "Budget &amp; taxes"' in page


def test_topic_page_is_limited_and_reaches_every_quote_through_search_by_year() -> None:
    quotes = tuple(
        Quote(id=f"q{i:07d}", text=f"words {i}", date="2020", topics=("t",),
              sources=(Source(outlet="O"),))
        for i in range(TOPIC_PAGE_LIMIT + 5)
    )  # fmt: skip
    archive = Archive((Speaker("s", "S", quotes=quotes),), (Topic("t", "T"),))
    page = render_site(archive)["topics/t.md"]
    assert len(anchors(page)) == TOPIC_PAGE_LIMIT
    assert f"the newest {TOPIC_PAGE_LIMIT} are below" in page
    assert 'href="../../search/?topic=t"' in page
    assert '<a href="../../search/?topic=t&amp;year=2020">2020 (205)</a>' in page


def test_home_page_shows_counts_newest_quotes_and_entry_points(pages: dict[str, str]) -> None:
    page = pages["index.md"]
    assert "<li><strong>6</strong> quotes</li>" in page
    assert "<li><strong>3</strong> speakers</li>" in page
    assert anchors(page)[0] == "q-aq2025aa"
    for href in ('href="people/"', 'href="topics/"', 'href="search/"'):
        assert href in page


def test_search_page_offers_topic_and_year_filters(pages: dict[str, str]) -> None:
    page = pages["search.md"]
    assert (
        '<option value="Budget &amp; taxes" data-slug="budget">Budget &amp; taxes</option>' in page
    )
    assert re.findall(r'<option value="(\d{4})">', page) == ["2025", "2024", "2023"]


def test_every_link_is_relative_so_the_site_works_under_a_sub_path(
    pages: dict[str, str],
) -> None:
    for path, text in pages.items():
        for href in re.findall(r'href="([^"]*)"', text):
            assert not href.startswith("/"), (path, href)


def test_rendering_twice_gives_the_same_pages(pages: dict[str, str]) -> None:
    assert render_site(load_archive(DATA / "site_archive").archive) == pages


MALICIOUS = Archive(
    speakers=(
        Speaker(
            slug="mallory",
            name="<script>alert('name')</script>[x](javascript:alert(1))",
            description="{{ 7*7 }} {% if true %}yes{% endif %}",
            quotes=(
                Quote(
                    id="evil0001",
                    text="<img src=x onerror=alert(2)> [link](javascript:alert(3))",
                    context="</article><script>alert(4)</script>",
                    topics=("t",),
                    sources=(
                        Source(outlet="<b>O</b>", url="javascript:alert(5)", title='"><i>'),
                        Source(url='https://example.org/?a=1&b="><script>'),
                    ),
                ),
            ),
        ),
    ),
    topics=(Topic("t", "<svg onload=alert(6)>"),),
)


@pytest.mark.parametrize("path", sorted(render_site(MALICIOUS)))
def test_contributor_text_never_becomes_markup_links_or_template_code(path: str) -> None:
    page = render_site(MALICIOUS)[path]
    # Share and feed values in front matter are plain text that overrides/main.html escapes
    # (test_site checks the built head); every other line must be inert as it is.
    shown = "\n".join(line for line in page.splitlines() if not line.startswith("  "))
    # Markdown link syntax stays in the text here; test_site checks it stays inert in HTML.
    for live in ("<script", "<img", "<svg", "<b>", "<i>", 'href="javascript'):
        assert live not in shown, live
    assert "49" not in page


def test_only_http_urls_become_links() -> None:
    page = render_site(MALICIOUS)["people/mallory.md"]
    assert (
        '<cite class="qa-source__title">&#34;&gt;&lt;i&gt;</cite>, '
        '<span class="qa-outlet">&lt;b&gt;O&lt;/b&gt;</span>'
    ) in page
    assert 'href="https://example.org/?a=1&amp;b=&#34;&gt;&lt;script&gt;"' in page
    assert safe_href("javascript:alert(1)") is None
    assert safe_href("data:text/html,x") is None
    assert safe_href("//example.org/") is None
    assert safe_href("https://example.org/a b") is None
    assert safe_href("HTTPS://example.org/") == "HTTPS://example.org/"


def test_page_titles_are_escaped_for_themes_that_do_not_autoescape() -> None:
    page = render_site(MALICIOUS)["people/mallory.md"]
    title = page.splitlines()[1]
    assert title.startswith('title: "&lt;script&gt;alert(&#x27;name&#x27;)&lt;/script&gt;')


@pytest.mark.parametrize(
    ("from_page", "to_page", "fragment", "expected"),
    [
        ("index.md", "people/index.md", "", "people/"),
        ("people/index.md", "people/a.md", "", "a/"),
        ("people/a.md", "topics/t.md", "", "../../topics/t/"),
        ("people/a.md", "people/a.md", "q-1", "#q-1"),
        ("topics/t.md", "index.md", "", "../../"),
        ("search.md", "search.md", "", "./"),
        ("index.md", "index.md", "", "./"),
        ("people/a.md", "search.md", "", "../../search/"),
        ("topics/index.md", "people/a.md", "q-2", "../people/a/#q-2"),
        ("people/index.md", "index.md", "", "../"),
    ],
)
def test_relative_url_links_directory_urls(
    from_page: str, to_page: str, fragment: str, expected: str
) -> None:
    assert relative_url(from_page, to_page, fragment) == expected


@pytest.mark.parametrize(
    ("date", "shown"),
    [("2025-03-04", "4 March 2025"), ("2025-12", "December 2025"), ("1999", "1999"), (None, None)],
)
def test_display_date_keeps_the_precision_given(date: str | None, shown: str | None) -> None:
    assert display_date(date) == shown


# -- Page plans: what a rebuild may keep ---------------------------------------------------


def plan_keys(archive: Archive) -> dict[str, str | None]:
    return {path: plan.key for path, plan in plan_site(archive).items()}


def test_plans_render_exactly_what_render_site_renders() -> None:
    archive = load_archive(DATA / "site_archive").archive
    plans = plan_site(archive)
    assert {path: page_text(plan.render()) for path, plan in plans.items()} == render_site(archive)
    assert sorted(path for path, plan in plans.items() if plan.html) == [
        "people/ada-quill.md", "people/bram-sample.md", "people/ministry-of-examples.md",
        "topics/bridges.md", "topics/budget.md", "topics/weather.md",
    ]  # fmt: skip


def test_editing_one_speaker_changes_the_keys_of_their_page_and_topics_only() -> None:
    archive = load_archive(DATA / "site_archive").archive
    before = plan_keys(archive)
    bram = next(s for s in archive.speakers if s.slug == "bram-sample")
    edited = replace(bram, description="Former leader of the opposition")
    after = plan_keys(replace(archive, speakers=tuple(
        edited if s is bram else s for s in archive.speakers)))  # fmt: skip
    changed = {path for path in before if before[path] != after[path]}
    assert "people/bram-sample.md" in changed
    assert "people/ada-quill.md" not in changed
    assert all(path.startswith("people/bram") or before[path] is None for path in changed)


def test_renaming_a_topic_changes_the_key_of_every_person_page() -> None:
    """A person page shows topic titles (and the taxonomy is digested once for all keys)."""
    archive = load_archive(DATA / "site_archive").archive
    before = plan_keys(archive)
    first, *rest = archive.topics
    after = plan_keys(replace(archive, topics=(replace(first, title="Renamed"), *rest)))
    people = [path for path in before if path.startswith("people/") and before[path]]
    assert people
    assert all(before[path] != after[path] for path in people)


def test_a_fragment_from_another_speaker_changes_the_key_of_the_longer_quote_page() -> None:
    parent = Quote("aaaaaaaa", "The bridge stays open all winter long.", (Source("Gazette"),))
    ada = Speaker("ada", "Ada", quotes=(parent,))
    alone = Archive((ada, Speaker("bo", "Bo")), ())
    fragment = Quote("bbbbbbbb", "open all winter", (Source("Ledger"),), part_of="aaaaaaaa")
    cited = Archive((ada, Speaker("bo", "Bo", quotes=(fragment,))), ())
    assert plan_keys(alone)["people/ada.md"] != plan_keys(cited)["people/ada.md"]
    renamed = Archive((ada, Speaker("bo", "Bo Brenner", quotes=(fragment,))), ())
    assert plan_keys(cited)["people/ada.md"] != plan_keys(renamed)["people/ada.md"]


def test_a_topic_page_key_follows_the_quotes_it_lists() -> None:
    archive = load_archive(DATA / "site_archive").archive
    ada = next(s for s in archive.speakers if s.slug == "ada-quill")
    quote = ada.quotes[0]
    moved = replace(ada, quotes=(replace(quote, topics=()), *ada.quotes[1:]))
    after = plan_keys(replace(archive, speakers=tuple(
        moved if s is ada else s for s in archive.speakers)))  # fmt: skip
    before = plan_keys(archive)
    for slug in quote.topics:
        assert before[f"topics/{slug}.md"] != after[f"topics/{slug}.md"]


def test_file_digests_stand_for_speakers_in_page_keys() -> None:
    archive = load_archive(DATA / "site_archive").archive
    digests = {s.slug: f"digest-of-{s.slug}" for s in archive.speakers}
    before = {p: plan.key for p, plan in plan_site(archive, digests).items()}
    after = {
        p: plan.key for p, plan in plan_site(archive, {**digests, "bram-sample": "new"}).items()
    }
    changed = {path for path in before if before[path] != after[path]}
    assert "people/bram-sample.md" in changed
    assert "people/ada-quill.md" not in changed
    assert "topics/budget.md" in changed  # it lists a quote of Bram Sample's


def test_relative_url_agrees_with_posixpath_relpath_between_every_kind_of_page() -> None:
    import posixpath

    from generator.render.urls import page_url

    pages = ["index.md", "search.md", "people/index.md", "people/a.md", "topics/t.md", "a/b/c.md"]
    for here in pages:
        for there in pages:
            rel = posixpath.relpath(
                page_url(there).rstrip("/") or ".", page_url(here).rstrip("/") or "."
            )
            expected = "./" if rel == "." else rel + "/"
            assert relative_url(here, there) == expected, (here, there)


def test_person_links_are_the_relative_urls_of_person_pages_from_any_page() -> None:
    from generator.render.urls import person_links, person_page

    pages = ["index.md", "search.md", "people/index.md", "people/a.md", "people/a-2.md"]
    pages += ["topics/t.md", "a/b/c.md", "people/x/index.md"]
    for here in pages:
        link = person_links(here)
        for slug in ("ada-quill", "a", "x", "zoë-2"):
            assert link(slug) == relative_url(here, person_page(slug)), (here, slug)


def test_urls_with_control_characters_or_blanks_inside_are_not_links() -> None:
    assert safe_href("https://example.org/\x01x") is None
    assert safe_href("https://example.org/\tx") is None
    assert safe_href(" https://example.org/x ") == "https://example.org/x"
