"""Rendering: the archive as Markdown pages for MkDocs, computed from values alone.

`render_site` takes an Archive and returns {path relative to content/: Markdown text}; it
touches no disk, so a test can render an archive and read the pages. Every piece of
contributor text (names, quotes, contexts, titles, outlets, URLs) is placed in HTML blocks
through one autoescaping Jinja2 Environment: Markdown leaves raw HTML blocks alone, so
neither HTML, Markdown link syntax nor template syntax in the archive becomes live markup,
and only http(s) URLs become links. Page titles go through front matter, escaped for
MkDocs' theme templates, which do not autoescape.

Links are relative (`../../topics/x/`) and assume directory URLs (`people/x.md` is served
at `people/x/`), so the site works from any sub-path, such as a GitHub Pages project site.
"""

from __future__ import annotations

import html
import json
import posixpath
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urlencode, urlsplit

import jinja2
from markupsafe import Markup

from generator.ids import quote_anchor
from generator.models import Archive, Quote, Source, Speaker, Topic
from generator.store import sort_quotes

HOME_PAGE = "index.md"
PEOPLE_PAGE = "people/index.md"
TOPICS_PAGE = "topics/index.md"
SEARCH_PAGE = "search.md"
GENERATED = (HOME_PAGE, SEARCH_PAGE, "people", "topics")
"""What `build` owns under content/: these files, and everything below these folders."""
RESERVED_SLUGS = frozenset({"index"})
"""Slugs whose page would overwrite an index page."""
NEWEST_ON_HOME = 10
TOPIC_PAGE_LIMIT = 200
"""Quotes listed on a topic page; the rest are a filtered search away, so pages stay small."""
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


# -- URLs ----------------------------------------------------------------------------------


def person_page(slug: str) -> str:
    return f"people/{slug}.md"


def topic_page(slug: str) -> str:
    return f"topics/{slug}.md"


def page_url(path: str) -> str:
    """The directory URL a Markdown page is served at, relative to the site root."""
    stem = path.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/"


def relative_url(from_page: str, to_page: str, fragment: str = "") -> str:
    """A link from one page to another (or to a fragment of it) that works under any prefix."""
    here = page_url(from_page).rstrip("/") or "."
    there = page_url(to_page).rstrip("/") or "."
    path = posixpath.relpath(there, here)
    path = "" if path == "." else path + "/"
    if fragment:
        return f"{path}#{fragment}"
    return path or "./"


def search_url(from_page: str, **params: str) -> str:
    """A link to the search page with filters set, such as `?speaker=Dmitry+Peskov`."""
    return relative_url(from_page, SEARCH_PAGE) + "?" + urlencode(params)


def safe_href(url: str | None) -> str | None:
    """The URL when it is an absolute http(s) address, else None: nothing else becomes a link."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    if any(ord(c) < 33 for c in url.strip()):
        return None
    return url.strip()


# -- Values the templates format -----------------------------------------------------------


@dataclass(frozen=True)
class Link:
    text: str
    href: str


@dataclass(frozen=True)
class SourceView:
    """A source as shown: a link only when its URL is http(s)."""

    label: str
    href: str | None
    title: str | None
    outlet: str | None
    date: str | None


@dataclass(frozen=True)
class QuoteView:
    """A quote as shown on one page; hrefs are relative to that page."""

    anchor: str
    text: str
    permalink: str
    date: str | None = None
    datetime: str | None = None
    status: str = "attributed"
    context: str | None = None
    sources: tuple[SourceView, ...] = ()
    topics: tuple[Link, ...] = ()
    variants: tuple[str, ...] = ()
    extra_anchors: tuple[str, ...] = ()
    """Anchors of merged quotes, so their old permalinks land here."""
    fragments: tuple[QuoteView, ...] = ()
    """Shorter quotes that are part of this one, shown inside it rather than twice."""
    speaker: Link | None = None
    """Shown where quotes of several speakers are listed (home, topic pages)."""
    part_of: Link | None = None
    """The longer quote when it is on another speaker's page."""


@dataclass(frozen=True)
class YearGroup:
    title: str
    quotes: tuple[QuoteView, ...]


def display_date(date: str | None) -> str | None:
    """`2025-10-26` -> `26 October 2025`; partial dates keep their precision."""
    if not date:
        return None
    parts = date.split("-")
    if len(parts) == 3:
        return f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return parts[0]


def count_label(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def one_line(text: str | None) -> str | None:
    """Collapse line breaks and runs of spaces, so text cannot end a raw HTML block."""
    return " ".join(text.split()) if text else None


@dataclass
class SiteIndex:
    """Lookups over the archive that several pages need, computed once per render."""

    archive: Archive
    topics: dict[str, Topic] = field(init=False)
    speaker_of: dict[str, Speaker] = field(init=False)
    """Speaker of every live quote id."""

    def __post_init__(self) -> None:
        self.topics = {t.slug: t for t in self.archive.topics}
        self.speaker_of = {q.id: s for s in self.archive.speakers for q in s.quotes}

    @cached_property
    def quotes_by_id(self) -> dict[str, Quote]:
        return {q.id: q for s in self.archive.speakers for q in s.quotes}

    @cached_property
    def fragments_of(self) -> dict[str, list[Quote]]:
        """Quotes with `part_of`, by the id of the longer quote they belong to."""
        found: dict[str, list[Quote]] = defaultdict(list)
        for quote in self.quotes_by_id.values():
            if quote.part_of and quote.part_of in self.quotes_by_id:
                found[quote.part_of].append(quote)
        return {key: sort_quotes(value) for key, value in found.items()}

    def is_shown_inside_parent(self, quote: Quote) -> bool:
        """A fragment is shown inside its longer quote when both belong to the same speaker."""
        parent = quote.part_of
        return bool(
            parent
            and parent in self.speaker_of
            and self.speaker_of[parent] is self.speaker_of[quote.id]
        )

    def listed(self, quotes: Iterable[Quote]) -> list[Quote]:
        """The quotes that get a block of their own: all but fragments shown in their parent."""
        return [q for q in quotes if not self.is_shown_inside_parent(q)]


# -- Turning model objects into views ------------------------------------------------------


def source_view(source: Source) -> SourceView:
    href = safe_href(source.url)
    host = urlsplit(source.url or "").netloc if href else ""
    label = source.outlet or host or source.url or "source"
    return SourceView(
        label=label,
        href=href,
        title=one_line(source.title),
        outlet=source.outlet,
        date=display_date(source.date),
    )


def quote_view(quote: Quote, page: str, index: SiteIndex, with_speaker: bool = False) -> QuoteView:
    """A quote as shown on `page`: links relative to it, fragments folded in."""
    speaker = index.speaker_of[quote.id]
    home = person_page(speaker.slug)
    fragments = [] if index.is_shown_inside_parent(quote) else index.fragments_of.get(quote.id, [])
    part_of = None
    if quote.part_of and quote.part_of in index.speaker_of and not fragments:
        parent_speaker = index.speaker_of[quote.part_of]
        if parent_speaker is not speaker:
            part_of = Link(
                f"a longer quote by {parent_speaker.name}",
                relative_url(page, person_page(parent_speaker.slug), quote_anchor(quote.part_of)),
            )
    return QuoteView(
        anchor=quote_anchor(quote.id),
        text=one_line(quote.text) or "",
        permalink=relative_url(page, home, quote_anchor(quote.id)),
        date=display_date(quote.date),
        datetime=quote.date,
        status=quote.status,
        context=one_line(quote.context),
        sources=tuple(source_view(s) for s in quote.sources),
        topics=tuple(
            Link(index.topics[t].title, relative_url(page, topic_page(t)))
            for t in quote.topics
            if t in index.topics
        ),
        variants=tuple(v for v in (one_line(v) for v in quote.variants) if v),
        extra_anchors=tuple(quote_anchor(m) for m in sorted(quote.merged_ids)),
        fragments=tuple(quote_view(f, page, index) for f in fragments),
        speaker=Link(speaker.name, relative_url(page, home)) if with_speaker else None,
        part_of=part_of,
    )


def year_groups(speaker: Speaker, page: str, index: SiteIndex) -> list[YearGroup]:
    """Quotes newest first, grouped by the year they were said; undated ones last."""
    groups: dict[str, list[QuoteView]] = {}
    for quote in index.listed(sort_quotes(speaker.quotes)):
        groups.setdefault(quote.year or "Undated", []).append(quote_view(quote, page, index))
    return [YearGroup(title, tuple(quotes)) for title, quotes in groups.items()]


def initial(name: str) -> str:
    """The A–Z letter a name is filed under; `#` for names not starting with a letter."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    first = ascii_name.strip()[:1].upper()
    return first if first.isalpha() else "#"


# -- Pages ---------------------------------------------------------------------------------


def render_site(archive: Archive) -> dict[str, str]:
    """Every generated page of the site: {path relative to content/: Markdown text}."""
    index = SiteIndex(archive)
    pages = {
        HOME_PAGE: render_home(archive, index),
        PEOPLE_PAGE: render_people_index(archive),
        TOPICS_PAGE: render_topics_index(archive, index),
        SEARCH_PAGE: render_search_page(archive),
    }
    for speaker in archive.speakers:
        pages[person_page(speaker.slug)] = render_person(speaker, index)
    for topic in archive.topics:
        pages[topic_page(topic.slug)] = render_topic(topic, index)
    pages.update(render_redirects(archive))
    return dict(sorted(pages.items()))


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
    return _render(
        "home.md.j2",
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


def render_person(speaker: Speaker, index: SiteIndex) -> str:
    page = person_page(speaker.slug)
    return _render(
        "person.md.j2",
        title=speaker.name,
        name=speaker.name,
        description=one_line(speaker.description),
        aliases=list(speaker.aliases),
        count=count_label(len(speaker.quotes), "quote"),
        search_href=search_url(page, speaker=speaker.name),
        years=year_groups(speaker, page, index),
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
    quotes = index.listed(
        sort_quotes(q for q in index.quotes_by_id.values() if topic.slug in q.topics)
    )
    shown = quotes[:TOPIC_PAGE_LIMIT]
    return _render(
        "topic.md.j2",
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


# -- Jinja2 --------------------------------------------------------------------------------


def front_matter(text: str) -> Markup:
    """A YAML string for a front-matter title, HTML-escaped because MkDocs themes print
    titles without autoescaping."""
    return Markup(json.dumps(html.escape(one_line(text) or "")))


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["front_matter"] = front_matter
    return env


ENVIRONMENT = _environment()
"""The one Environment; templates only format values prepared here."""


def _render(template: str, **values: object) -> str:
    text = ENVIRONMENT.get_template(template).render(**values)
    return text.rstrip("\n") + "\n"
