"""The generated pages: one function per page, `plan_site` and `render_site` for all of them.

`plan_site` pairs each page with a digest of everything it is made from, so a rebuild can
keep the pages whose digest did not change instead of rendering all of them again (20k
person pages at 200k quotes; an edit touches a handful).

Person and topic pages are made as HTML (`HtmlPage`, generator.render.documents), which the
theme takes as it is; the few others (home, indexes, search) are Markdown for MkDocs.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import operator
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import NamedTuple
from urllib.parse import urlencode

from generator.models import CONTESTED_STATUSES, QUOTE_STATUSES, Archive, Quote, Speaker, Topic
from generator.render import people as people_index
from generator.render import person as person_pages
from generator.render.documents import Heading, HtmlPage, heading, page_values
from generator.render.environment import _render, script_json
from generator.render.site_index import SiteIndex
from generator.render.urls import (
    HOME_PAGE,
    PEOPLE_PAGE,
    SEARCH_PAGE,
    SITE_FEED,
    TOPICS_PAGE,
    file_url,
    person_feed,
    person_links,
    relative_url,
    search_url,
    topic_feed,
    topic_page,
)
from generator.render.views import (
    STATUS_LABELS,
    Link,
    PageMeta,
    count_label,
    one_line,
    quote_view,
)

SITE_NAME = "Quote archive"
"""The name feeds and share previews use (mkdocs.yml's site_name says the same)."""
NEWEST_ON_HOME = 10
TOPIC_PAGE_LIMIT = 200
"""Quotes listed on a topic page; the rest are a filtered search away, year by year, so pages
stay small (every quote is also on its speaker's page)."""
PAGE_QUOTES = 100
"""Quotes on one person page before the speaker's quotes are split by year (generator.render
.person). 100 quote blocks make about 170-180 KB of HTML, 35 KB gzipped; the largest speaker
of the 20k-quote benchmark archive (592 quotes) was one page of 797 KB (bench_readers.py)."""
PEOPLE_PAGE_LIMIT = 500
"""People listed on People A–Z before it splits into a page per letter (about 75 KB each)."""


@dataclass(frozen=True)
class PagePlan:
    """A page not rendered yet: a digest of what it is made from, and how to render it:
    Markdown text, or an HtmlPage (person and topic pages)."""

    key: str | None
    """Equal keys mean equal pages; None for pages made from the whole archive (the home
    page, the indexes), which are cheap and always rendered."""
    render: Callable[[], str | HtmlPage]
    html: bool = False
    """Whether `render` gives an HtmlPage (else Markdown)."""


def plan_site(
    archive: Archive,
    file_digests: Mapping[str, str] | None = None,
    repo_url: str = "",
    sort_keys: people_index.SortKeys | None = None,
    index: SiteIndex | None = None,
    part_paths: PartPaths | None = None,
) -> dict[str, PagePlan]:
    """Every generated page of the site, not rendered yet, sorted by path.

    `file_digests` (speaker slug -> digest of the bytes of their file) stand for the
    speakers in page keys; without them, keys digest the speakers' values (slower).
    `repo_url` (the GitHub repository) gives every person page its edit and report links;
    `sort_keys`, names' sort keys the last build made, files People A–Z quicker; `index`,
    the archive's, when the caller has it; `part_paths`, the paths of speakers' pages the
    last build worked out (with `file_digests`)."""
    index = index or SiteIndex(archive)
    # Every page's key holds the taxonomy: digested once here, not repr'd in each key
    # (22 KB for 200 topics, 21k pages: 2.5-5 s of a 200k rebuild).
    topics = _digest(archive.topics)
    known = file_digests or {}
    plans = {
        HOME_PAGE: PagePlan(None, functools.partial(render_home, archive, index)),
        TOPICS_PAGE: PagePlan(None, functools.partial(render_topics_index, archive, index)),
        SEARCH_PAGE: PagePlan(None, functools.partial(render_search_page, archive)),
    }
    people = PeopleIndex(archive, index, sort_keys)
    for path in people.paths():
        plans[path] = PagePlan(None, functools.partial(people.render, path))
    paths_of = part_paths or PartPaths()
    fragments = index.fragments_of  # `_is_linked`, without a call for each of 200k quotes
    for speaker in archive.speakers:
        made_of = known.get(speaker.slug) or speaker
        links = [_links(q, index) for q in speaker.quotes if q.part_of or q.id in fragments]
        for path in paths_of(speaker, known.get(speaker.slug), index):
            plans[path] = PagePlan(
                _digest("person", made_of, topics, links, repo_url, PAGE_QUOTES, path),
                functools.partial(render_person_at, speaker, index, path, repo_url),
                html=True,
            )
    for topic in archive.topics:
        quotes = index.quotes_by_topic.get(topic.slug, [])
        shown = [_shown(q, index, known) for q in quotes[:TOPIC_PAGE_LIMIT]]
        years = _year_counts(quotes)
        plans[topic_page(topic.slug)] = PagePlan(
            _digest("topic", topic, topics, len(quotes), shown, years),
            functools.partial(render_topic, topic, index),
            html=True,
        )
    return dict(sorted(plans.items()))


def render_site(archive: Archive) -> dict[str, str]:
    """Every generated page of the site: {path relative to content/: text}, the text of an
    HtmlPage being its `source()` (front matter, then the HTML body)."""
    return {path: page_text(plan.render()) for path, plan in plan_site(archive).items()}


def page_text(page: str | HtmlPage) -> str:
    """Markdown as it is; an HtmlPage as a Markdown file would hold it."""
    return page.source() if isinstance(page, HtmlPage) else page


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
    newest = list(itertools.islice((q for q in index.newest_listed if q.date), NEWEST_ON_HOME))
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
    """People A–Z (its first page, when it is split by letter)."""
    return PeopleIndex(archive, SiteIndex(archive)).render(PEOPLE_PAGE)


class PeopleIndex:
    """People A–Z: one page, or (above PEOPLE_PAGE_LIMIT lines) a page of letters and a page
    per letter (generator.render.people)."""

    def __init__(
        self, archive: Archive, index: SiteIndex, sort_keys: people_index.SortKeys | None = None
    ) -> None:
        counts = index.listed_counts
        self.entries = people_index.index_entries(list(archive.speakers), counts, sort_keys)
        self.people = len(archive.speakers)
        self.split = len(self.entries) > PEOPLE_PAGE_LIMIT
        pages = people_index.letter_pages(self.entries, PEOPLE_PAGE_LIMIT) if self.split else []
        self.pages = {page.path: page for page in pages}

    def paths(self) -> list[str]:
        return [PEOPLE_PAGE, *self.pages]

    def render(self, path: str) -> str:
        page = self.pages.get(path)
        letters = self._letters(path)
        if page is None:
            return _render(
                "people_index.md.j2",
                title="People A–Z",
                heading="People A–Z",
                count=count_label(self.people, "person")
                if self.people == 1
                else f"{self.people} people",
                letters=letters,
                groups=[] if self.split else self._groups(path, self.entries),
                split=self.split,
                parts=[],
            )
        parts = [
            Link(str(other.number), relative_url(path, other.path))
            for other in self.pages.values()
            if other.letter == page.letter and other.of > 1
        ]
        label = "Other scripts and symbols" if page.letter == people_index.OTHER else page.letter
        suffix = f", part {page.number} of {page.of}" if page.of > 1 else ""
        return _render(
            "people_index.md.j2",
            title=f"People: {label}{suffix}",
            heading=f"People A–Z: {label}{suffix}",
            count="",
            letters=letters,
            groups=self._groups(path, list(page.entries)),
            split=True,
            parts=parts,
        )

    @functools.cached_property
    def _letter_counts(self) -> dict[str, int]:
        """People (and aliases) under each letter, in the entries' order: every page of the
        index lists them (counted once, not once a page: 20k entries times 60 pages)."""
        counts: dict[str, int] = defaultdict(int)
        for entry in self.entries:
            counts[entry.letter] += 1
        return counts

    def _letters(self, path: str) -> list[dict[str, object]]:
        letters = []
        for letter, count in self._letter_counts.items():
            anchor = people_index.letter_anchor(letter)
            target = people_index.letter_path(letter) if self.split else path
            href = relative_url(path, target, "" if self.split else anchor)
            letters.append({"letter": letter, "count": count, "href": href})
        return letters

    def _groups(self, path: str, entries: list[people_index.PersonEntry]) -> list[_LetterGroup]:
        link = person_links(path)
        groups: dict[str, list[_PersonLine]] = {}
        for entry in entries:
            groups.setdefault(entry.letter, []).append(
                _PersonLine(
                    entry.name,
                    entry.alias_of,
                    link(entry.slug),
                    entry.description,
                    count_label(entry.quotes, "quote"),
                )
            )
        return [
            _LetterGroup(
                "#" if letter == people_index.OTHER else letter,
                "Other scripts and symbols" if letter == people_index.OTHER else letter,
                people_index.letter_anchor(letter),
                people,
            )
            for letter, people in groups.items()
        ]


class _PersonLine(NamedTuple):
    """A line of People A–Z as its template shows it. Named tuples, not dictionaries: Jinja
    looks a name up as an attribute first, and a dictionary's failed lookup (an exception)
    was a third of rendering 20k lines."""

    name: str
    alias_of: str
    href: str
    description: str
    quote_count: str


class _LetterGroup(NamedTuple):
    letter: str
    title: str
    anchor: str
    people: list[_PersonLine]


def person_parts(speaker: Speaker, index: SiteIndex) -> list[person_pages.PersonPart]:
    """The pages of a speaker: one, or (above PAGE_QUOTES quotes) one per year or part
    (made once per index; not to be changed)."""
    made = index.parts_of.get(speaker.slug)
    if made is not None and made[0] is speaker:
        return made[1]
    parts = person_pages.split_person(
        speaker.slug, person_pages.standing_quotes(speaker, index), PAGE_QUOTES
    )
    index.parts_of[speaker.slug] = (speaker, parts)
    return parts


@dataclass
class PartPaths:
    """The paths of each speaker's pages, remembered between builds by the speaker's slug and
    the digest of their file's bytes (`known`, saved from the last build's `used`, made by the
    same code: the build fingerprint). Working them out sorts and splits every speaker's
    quotes (1.2 s of planning at 200k quotes), and they follow from the speaker's file alone:
    which quotes stand, their dates and the fragments shown inside them are all in it."""

    known: Mapping[str, str] = field(default_factory=dict)
    """{slug NUL file digest: the paths, one a line} from the last build."""
    used: dict[str, str] = field(default_factory=dict)
    """What this build planned, to remember for the next one."""

    def __call__(self, speaker: Speaker, digest: str | None, index: SiteIndex) -> list[str]:
        if digest is None:  # nothing to know the file by: worked out, not remembered
            return [part.path for part in person_parts(speaker, index)]
        memo = f"{speaker.slug}\0{digest}"
        paths = self.known.get(memo)
        if paths is None:
            paths = "\n".join(part.path for part in person_parts(speaker, index))
        self.used[memo] = paths
        return paths.split("\n") if paths else []


def render_person_at(speaker: Speaker, index: SiteIndex, path: str, repo_url: str = "") -> HtmlPage:
    """The speaker's page at `path` (one of `person_parts`' paths)."""
    parts = person_parts(speaker, index)
    part = next((p for p in parts if p.path == path), None)
    if part is None:
        raise ValueError(f"{speaker.slug} has no page at {path}")
    return render_person_part(speaker, index, parts, part, repo_url)


def render_person(speaker: Speaker, index: SiteIndex, repo_url: str = "") -> HtmlPage:
    """A speaker's (first) page; see render_person_part."""
    parts = person_parts(speaker, index)
    return render_person_part(speaker, index, parts, parts[0], repo_url)


def render_person_part(
    speaker: Speaker,
    index: SiteIndex,
    parts: list[person_pages.PersonPart],
    part: person_pages.PersonPart,
    repo_url: str = "",
) -> HtmlPage:
    """One page of a speaker: the status summary, year navigation and filter at the top,
    their quotes by year, and on the first page the disputed and misattributed ones in a
    section of their own, each with its evidence, never mixed in with the rest; with a
    repository, links to edit the speaker's file and to report a wrong quote."""
    page = part.path
    first = parts[0].path
    contested = person_pages.contested_quotes(speaker, index) if part.is_first else []
    meta = person_meta(speaker)
    title = speaker.name
    if not part.is_first:
        title = f"{speaker.name}: {person_pages.part_label(part)}"
        meta = replace(meta, title=f"{title}, quotes with sources")
    moved = person_pages.moved_quotes(parts, index) if part.is_first and len(parts) > 1 else {}
    groups = [
        (_year_heading(title_), [quote_view(q, page, index) for q in quotes])
        for title_, quotes in part.years
    ]
    contested_heading = heading(person_pages.CONTESTED_TITLE, person_pages.CONTESTED_ANCHOR)
    toc = [h for h, _ in groups] + ([contested_heading] if contested else [])
    body = _render(
        "person.html.j2",
        name=speaker.name,
        part_title=None if part.is_first else person_pages.part_label(part).capitalize(),
        description=one_line(speaker.description),
        aliases=list(speaker.aliases),
        count=count_label(len(index.listed(speaker.quotes)), "quote"),
        summary=_status_summary(speaker, index, page, first),
        search_href=search_url(page, speaker=speaker.name),
        follow=person_pages.follow_links(page, speaker.slug),
        years_nav=person_pages.year_links(parts, part),
        split=len(parts) > 1,
        groups=groups,
        contested=[quote_view(q, page, index) for q in contested],
        contested_heading=contested_heading,
        pager=person_pages.pager(parts, part),
        moved=script_json(moved) if moved else "",
        edit_href=edit_url(repo_url, speaker.slug),
        report_href=report_url(repo_url, speaker.name),
    )
    return HtmlPage(page_values(title, meta), body, tuple(toc))


def _year_heading(title: str) -> Heading:
    """`<h2 id="2019">2019</h2>`, `<h2 id="undated">Undated</h2>`."""
    return heading(title, person_pages.heading_id(title))


def _status_summary(speaker: Speaker, index: SiteIndex, page: str, first: str) -> list[Link]:
    """`3 verified`, `1 disputed`...: the contested ones link to their section."""
    section = relative_url(page, first, person_pages.CONTESTED_ANCHOR)
    if page == first:
        section = "#" + person_pages.CONTESTED_ANCHOR
    return [
        Link(f"{count} {STATUS_LABELS[status]}", section if status in CONTESTED_STATUSES else "")
        for status, count in person_pages.status_counts(speaker, index)
    ]


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


def render_topic(topic: Topic, index: SiteIndex) -> HtmlPage:
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
    body = _render(
        "topic.html.j2",
        title=topic.title,
        description=one_line(topic.description),
        count=count_label(len(quotes), "quote"),
        shown=len(shown),
        total=len(quotes),
        search_href=search_url(page, topic=topic.slug),
        years=[
            Link(f"{year} ({count})", search_url(page, topic=topic.slug, year=year))
            for year, count in _year_counts(quotes)
        ],
        follow=file_url(page, topic_feed(topic.slug)),
        quotes=[quote_view(q, page, index, with_speaker=True) for q in shown],
    )
    return HtmlPage(page_values(topic.title, meta), body)


def _year_counts(quotes: list[Quote]) -> list[tuple[str, int]]:
    """Dated quotes per year, newest year first (undated ones are found without a year)."""
    # Quotes counted by date (in C), then dates by year: 0.05 s at 200k quotes, against
    # 0.2 s for a year sliced in Python from each quote's date.
    years: Counter[str] = Counter()
    for date, count in Counter(map(_DATE, quotes)).items():
        if date:
            years[date[:4]] += count
    return sorted(years.items(), reverse=True)


_DATE = operator.attrgetter("date")


def render_search_page(archive: Archive) -> str:
    """The search page; results come from Pagefind in the browser (see content/assets)."""
    # The distinct dates first, then their years (Quote.year's slice): 0.04 s at 200k quotes
    # against 0.23 s for a property call per quote.
    dates = {q.date for s in archive.speakers for q in s.quotes}
    years = sorted({date[:4] for date in dates if date}, reverse=True)
    topics = sorted(archive.topics, key=lambda t: (t.title.casefold(), t.slug))
    return _render(
        "search.md.j2",
        topics=[Link(t.title, t.slug) for t in topics],
        years=years,
        statuses=[(status, STATUS_LABELS[status]) for status in QUOTE_STATUSES],
    )
