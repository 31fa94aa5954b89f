"""The generated pages: one function per page, `plan_site` and `render_site` for all of them.

`plan_site` pairs each page with a digest of everything it is made from, so a rebuild can
keep the pages whose digest did not change instead of rendering all of them again (20k
person pages take about 20 s to render at 200k quotes; an edit touches a handful).
"""

from __future__ import annotations

import functools
import hashlib
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from urllib.parse import urlencode

from generator.models import CONTESTED_STATUSES, Archive, Quote, Speaker, Topic
from generator.render.environment import _render
from generator.render.site_index import SiteIndex
from generator.render.urls import (
    HOME_PAGE,
    PEOPLE_PAGE,
    SEARCH_PAGE,
    SITE_FEED,
    TOPICS_PAGE,
    person_feed,
    person_page,
    relative_url,
    search_url,
    topic_feed,
    topic_page,
)
from generator.render.views import (
    Link,
    PageMeta,
    count_label,
    initial,
    one_line,
    quote_view,
    year_groups,
)
from generator.slugs import RESERVED_SLUGS
from generator.store import sort_quotes

SITE_NAME = "Quote archive"
"""The name feeds and share previews use (mkdocs.yml's site_name says the same)."""
NEWEST_ON_HOME = 10
TOPIC_PAGE_LIMIT = 200
"""Quotes listed on a topic page; the rest are a filtered search away, so pages stay small."""


@dataclass(frozen=True)
class PagePlan:
    """A page not rendered yet: a digest of what it is made from, and how to render it."""

    key: str | None
    """Equal keys mean equal pages; None for pages made from the whole archive (the home
    page, the indexes), which are cheap and always rendered."""
    render: Callable[[], str]


def plan_site(
    archive: Archive, file_digests: Mapping[str, str] | None = None, repo_url: str = ""
) -> dict[str, PagePlan]:
    """Every generated page of the site, not rendered yet, sorted by path.

    `file_digests` (speaker slug -> digest of the bytes of their file) stand for the
    speakers in page keys; without them, keys digest the speakers' values (slower).
    `repo_url` (the GitHub repository) gives every person page its edit and report links."""
    index = SiteIndex(archive)
    topics = repr(archive.topics)
    known = file_digests or {}
    plans = {
        HOME_PAGE: PagePlan(None, functools.partial(render_home, archive, index)),
        PEOPLE_PAGE: PagePlan(None, functools.partial(render_people_index, archive)),
        TOPICS_PAGE: PagePlan(None, functools.partial(render_topics_index, archive, index)),
        SEARCH_PAGE: PagePlan(None, functools.partial(render_search_page, archive)),
    }
    for speaker in archive.speakers:
        made_of = known.get(speaker.slug) or speaker
        links = [_links(q, index) for q in speaker.quotes if _is_linked(q, index)]
        plans[person_page(speaker.slug)] = PagePlan(
            _digest("person", made_of, topics, links, repo_url),
            functools.partial(render_person, speaker, index, repo_url),
        )
    for topic in archive.topics:
        quotes = index.quotes_by_topic.get(topic.slug, [])
        shown = [_shown(q, index, known) for q in quotes[:TOPIC_PAGE_LIMIT]]
        plans[topic_page(topic.slug)] = PagePlan(
            _digest("topic", topic, topics, len(quotes), shown),
            functools.partial(render_topic, topic, index),
        )
    for path, text in render_redirects(archive).items():
        plans[path] = PagePlan(_digest("redirect", text), functools.partial(str, text))
    return dict(sorted(plans.items()))


def render_site(archive: Archive) -> dict[str, str]:
    """Every generated page of the site: {path relative to content/: Markdown text}."""
    return {path: plan.render() for path, plan in plan_site(archive).items()}


def _is_linked(quote: Quote, index: SiteIndex) -> bool:
    """Whether a quote's block shows something from another quote (or speaker)."""
    return bool(quote.part_of) or quote.id in index.fragments_of


def _shown(quote: Quote, index: SiteIndex, known: Mapping[str, str]) -> tuple[object, ...]:
    """What a quote's block on a topic or home page is made from."""
    speaker = index.speaker_of[quote.id]
    made_of = (known[speaker.slug], quote.id) if speaker.slug in known else (speaker.slug, quote)
    return (made_of, speaker.name, _links(quote, index) if _is_linked(quote, index) else None)


def _links(quote: Quote, index: SiteIndex) -> tuple[object, ...]:
    """What a quote's block shows from beyond the quote itself: the speaker of the longer
    quote it is part of, and its fragments (from any speaker) with theirs."""
    speaker = index.speaker_of[quote.id]
    parent = index.speaker_of.get(quote.part_of) if quote.part_of else None
    fragments = index.fragments_of.get(quote.id, [])
    return (
        quote.id,
        parent and (parent.slug, parent.name, parent is speaker),
        tuple((f, index.speaker_of[f.id].slug, index.speaker_of[f.id].name) for f in fragments),
    )


def _digest(*parts: object) -> str:
    """A short fingerprint of values (their repr is deterministic: dataclasses, str, tuples)."""
    text = repr(parts).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(text, digest_size=16).hexdigest()


def render_home(archive: Archive, index: SiteIndex) -> str:
    quotes = [q for q in sort_quotes(index.quotes_by_id.values()) if q.date]
    newest = index.listed(quotes)[:NEWEST_ON_HOME]
    counts = {
        "quotes": len(index.quotes_by_id),
        "speakers": len(archive.speakers),
        "topics": len(archive.topics),
        "sources": sum(len(q.sources) for q in index.quotes_by_id.values()),
    }
    entry_points = [
        Link("People A–Z", relative_url(HOME_PAGE, PEOPLE_PAGE)),
        Link("Topics", relative_url(HOME_PAGE, TOPICS_PAGE)),
        Link("Search", relative_url(HOME_PAGE, SEARCH_PAGE)),
    ]
    meta = PageMeta(
        title=SITE_NAME,
        description="Who said what, with every source that reported it: "
        f"{count_label(counts['quotes'], 'quote')} by "
        f"{count_label(counts['speakers'], 'speaker')}.",
        kind="website",
        feed=SITE_FEED,
        feed_title=f"{SITE_NAME}: newest quotes",
    )
    return _render(
        "home.md.j2",
        meta=meta,
        counts=counts,
        entry_points=entry_points,
        newest=[quote_view(q, HOME_PAGE, index, with_speaker=True) for q in newest],
    )


def render_people_index(archive: Archive) -> str:
    people = sorted(archive.speakers, key=lambda s: (s.name.casefold(), s.slug))
    groups: dict[str, list[dict[str, str]]] = {}
    for speaker in people:
        groups.setdefault(initial(speaker.name), []).append(
            {
                "name": speaker.name,
                "href": relative_url(PEOPLE_PAGE, person_page(speaker.slug)),
                "description": one_line(speaker.description) or "",
                "count": count_label(len(speaker.quotes), "quote"),
            }
        )
    letters = sorted(groups, key=lambda letter: (letter == "#", letter))
    return _render(
        "people_index.md.j2",
        groups=[
            {
                "letter": letter,
                "anchor": "letter-" + ("other" if letter == "#" else letter.lower()),
                "people": groups[letter],
            }
            for letter in letters
        ],
    )


def render_person(speaker: Speaker, index: SiteIndex, repo_url: str = "") -> str:
    """A speaker's page: their quotes by year, then the disputed and misattributed ones in a
    section of their own, each with its evidence, never mixed in with the rest; with a
    repository, links to edit the speaker's file and to report a wrong quote."""
    page = person_page(speaker.slug)
    standing = tuple(q for q in speaker.quotes if q.status not in CONTESTED_STATUSES)
    contested = tuple(q for q in speaker.quotes if q.status in CONTESTED_STATUSES)
    contested_views = [quote_view(q, page, index) for q in index.listed(sort_quotes(contested))]
    return _render(
        "person.md.j2",
        meta=person_meta(speaker),
        title=speaker.name,
        name=speaker.name,
        description=one_line(speaker.description),
        aliases=list(speaker.aliases),
        count=count_label(len(speaker.quotes), "quote"),
        search_href=search_url(page, speaker=speaker.name),
        years=year_groups(replace(speaker, quotes=standing), page, index),
        contested=contested_views,
        edit_href=edit_url(repo_url, speaker.slug),
        report_href=report_url(repo_url, speaker.name),
    )


def edit_url(repo_url: str, slug: str) -> str:
    """GitHub's web editor on a speaker's file (it offers a fork to those who may not push)."""
    return f"{repo_url.rstrip('/')}/edit/main/quotes/{slug}.yaml" if repo_url else ""


def report_url(repo_url: str, name: str) -> str:
    """A new issue from the 'report a wrong quote' form, with the speaker filled in."""
    if not repo_url:
        return ""
    query = urlencode({"template": "wrong-quote.yml", "speaker": name})
    return f"{repo_url.rstrip('/')}/issues/new?{query}"


def person_meta(speaker: Speaker) -> PageMeta:
    """What a shared link to a person page shows: who, what they are, how many quotes."""
    role = one_line(speaker.description)
    count = count_label(len(speaker.quotes), "quote")
    intro = f"{speaker.name}, {role}: " if role else f"{speaker.name}: "
    return PageMeta(
        title=f"{speaker.name}: quotes with sources",
        description=intro + f"{count} with every source that reported them.",
        kind="profile",
        feed=person_feed(speaker.slug),
        feed_title=f"{speaker.name}: newest quotes",
    )


def render_topics_index(archive: Archive, index: SiteIndex) -> str:
    counts: dict[str, int] = defaultdict(int)
    for quote in index.quotes_by_id.values():
        for slug in set(quote.topics):
            counts[slug] += 1
    topics = [
        {
            "title": t.title,
            "href": relative_url(TOPICS_PAGE, topic_page(t.slug)),
            "description": one_line(t.description) or "",
            "count": count_label(counts[t.slug], "quote"),
        }
        for t in sorted(archive.topics, key=lambda t: (t.title.casefold(), t.slug))
    ]
    return _render("topics_index.md.j2", topics=topics)


def render_topic(topic: Topic, index: SiteIndex) -> str:
    page = topic_page(topic.slug)
    quotes = index.quotes_by_topic.get(topic.slug, [])
    shown = quotes[:TOPIC_PAGE_LIMIT]
    about = one_line(topic.description)
    meta = PageMeta(
        title=f"{topic.title}: quotes with sources",
        description=(f"{about} " if about else "")
        + f"{count_label(len(quotes), 'quote')} on {topic.title}, with their sources.",
        kind="website",
        feed=topic_feed(topic.slug),
        feed_title=f"{topic.title}: newest quotes",
    )
    return _render(
        "topic.md.j2",
        meta=meta,
        title=topic.title,
        description=one_line(topic.description),
        count=count_label(len(quotes), "quote"),
        shown=len(shown),
        total=len(quotes),
        search_href=search_url(page, topic=topic.title),
        quotes=[quote_view(q, page, index, with_speaker=True) for q in shown],
    )


def render_search_page(archive: Archive) -> str:
    """The search page; results come from Pagefind in the browser (see content/assets)."""
    years = sorted({q.year for s in archive.speakers for q in s.quotes if q.year}, reverse=True)
    topics = sorted({t.title for t in archive.topics}, key=str.casefold)
    return _render("search.md.j2", topics=topics, years=years)


def render_redirects(archive: Archive) -> dict[str, str]:
    """Small pages at former speaker slugs that send readers (and anchors) to the new page."""
    taken = {s.slug for s in archive.speakers} | RESERVED_SLUGS
    pages = {}
    for speaker in archive.speakers:
        for old in sorted(set(speaker.former_slugs) - taken):
            page = person_page(old)
            pages[page] = _render(
                "redirect.md.j2",
                title=speaker.name,
                name=speaker.name,
                href=relative_url(page, person_page(speaker.slug)),
            )
    return pages
