"""A speaker's pages: their quotes by year, split into pages by year when they are many.

A speaker with at most `limit` quotes has one page, as short as it can be. Above that, the
first page (`people/<slug>/`) keeps the newest years that fit in `limit` quotes (at least the
start of the newest year), and every other year gets a page of its own
(`people/<slug>/2019/`), cut into parts of `limit` quotes (`people/<slug>/2019/2/`) when the
year alone is longer. Each page has the status summary, the year navigation and the filter,
so a reader can move between years on any screen. Disputed and misattributed quotes stay on
the first page, apart from the rest, reached from the summary at the top of every page.

Permalinks stay `people/<slug>/#q-<id>` wherever the quote went: the first page carries a
small map of the quotes on other pages (`moved`), which the page's script follows.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from generator.ids import quote_anchor
from generator.models import CONTESTED_STATUSES, QUOTE_STATUSES, Quote, Speaker
from generator.render.site_index import SiteIndex
from generator.render.urls import file_url, person_data, person_feed, person_page, relative_url
from generator.store import sort_quotes

UNDATED = "Undated"
CONTESTED_TITLE = "Disputed and misattributed"
CONTESTED_ANCHOR = "disputed-and-misattributed"
"""The id of the heading of the disputed and misattributed section."""


@dataclass(frozen=True)
class PersonPart:
    """One page of a speaker's quotes: a run of years, or part of one year."""

    path: str
    """Where the page lives under content/ (`people/<slug>.md`, `people/<slug>/2019.md`)."""
    years: tuple[tuple[str, tuple[Quote, ...]], ...]
    """(year or UNDATED, quotes newest first) in the order shown."""
    year: str | None = None
    """The year a page other than the first is about."""
    number: int = 1
    """Which part of its year the page is (1 for the first or only one)."""
    of: int = 1
    """How many parts its year has."""

    @property
    def is_first(self) -> bool:
        return self.year is None


@dataclass(frozen=True)
class YearLink:
    """An entry of the year navigation: a year, its quotes, where it starts."""

    title: str
    count: int
    href: str
    current: bool


def year_groups_of(quotes: list[Quote]) -> list[tuple[str, tuple[Quote, ...]]]:
    """Quotes (newest first) grouped by the year they were said; undated ones last."""
    groups: dict[str, list[Quote]] = {}
    for quote in quotes:
        groups.setdefault(quote.year or UNDATED, []).append(quote)
    return [(title, tuple(group)) for title, group in groups.items()]


def split_person(slug: str, listed: list[Quote], limit: int) -> list[PersonPart]:
    """The pages of a speaker whose standing quotes (listed, newest first) are `listed`."""
    groups = year_groups_of(listed)
    first = person_page(slug)
    if len(listed) <= limit or not groups:
        return [PersonPart(first, tuple(groups))]
    (newest, newest_quotes), rest = groups[0], groups[1:]
    shown = [(newest, newest_quotes[:limit])]
    overflow = _chunks(newest_quotes[limit:], limit)
    count = len(shown[0][1])
    while not overflow and rest and count + len(rest[0][1]) <= limit:
        shown.append(rest[0])
        count += len(rest[0][1])
        rest = rest[1:]
    parts = [PersonPart(first, tuple(shown))]
    of = len(overflow) + 1
    for number, chunk in enumerate(overflow, start=2):
        parts.append(
            PersonPart(year_page(slug, newest, number), ((newest, chunk),), newest, number, of)
        )
    for title, quotes in rest:
        chunks = _chunks(quotes, limit)
        for number, chunk in enumerate(chunks, start=1):
            path = year_page(slug, title, number)
            parts.append(PersonPart(path, ((title, chunk),), title, number, len(chunks)))
    return parts


def _chunks(quotes: tuple[Quote, ...], size: int) -> list[tuple[Quote, ...]]:
    return [quotes[i : i + size] for i in range(0, len(quotes), size)]


def year_page(slug: str, title: str, number: int = 1) -> str:
    """`people/<slug>/2019.md`, `people/<slug>/2019/2.md`; undated quotes under `undated`."""
    key = "undated" if title == UNDATED else title
    return f"people/{slug}/{key}.md" if number == 1 else f"people/{slug}/{key}/{number}.md"


def year_links(parts: list[PersonPart], page: PersonPart) -> list[YearLink]:
    """Every year of the speaker, linked from `page`: an anchor when the year starts on it."""
    starts: dict[str, PersonPart] = {}
    counts: Counter[str] = Counter()
    for part in parts:
        for title, quotes in part.years:
            starts.setdefault(title, part)
            counts[title] += len(quotes)
    links = []
    for title, part in starts.items():
        anchor = heading_id(title)
        href = f"#{anchor}" if part is page else relative_url(page.path, part.path, anchor)
        current = any(title == shown for shown, _ in page.years)
        links.append(YearLink(title, counts[title], href, current))
    return links


def heading_id(title: str) -> str:
    """The id of a year's heading: `2019`, `undated` (as MkDocs' toc extension made them)."""
    return title.lower()


def pager(parts: list[PersonPart], page: PersonPart) -> dict[str, tuple[str, str] | None]:
    """The newer and older neighbours of `page`: (label, href) or None."""
    at = parts.index(page)

    def link(part: PersonPart) -> tuple[str, str]:
        return part_label(part), relative_url(page.path, part.path)

    return {
        "newer": link(parts[at - 1]) if at > 0 else None,
        "older": link(parts[at + 1]) if at + 1 < len(parts) else None,
    }


def part_label(part: PersonPart) -> str:
    if part.is_first:
        return "newest quotes"
    if part.of > 1:
        return f"{part.year}, part {part.number} of {part.of}"
    return str(part.year)


def status_counts(speaker: Speaker, index: SiteIndex) -> list[tuple[str, int]]:
    """How many of the speaker's quotes have each status, in QUOTE_STATUSES' order."""
    counts = Counter(q.status for q in index.listed(speaker.quotes))
    return [(status, counts[status]) for status in QUOTE_STATUSES if counts[status]]


def contested_quotes(speaker: Speaker, index: SiteIndex) -> list[Quote]:
    return index.listed(sort_quotes(q for q in speaker.quotes if q.status in CONTESTED_STATUSES))


def standing_quotes(speaker: Speaker, index: SiteIndex) -> list[Quote]:
    return index.listed(
        sort_quotes(q for q in speaker.quotes if q.status not in CONTESTED_STATUSES)
    )


def moved_quotes(parts: list[PersonPart], index: SiteIndex) -> dict[str, list[str]]:
    """{page URL relative to the first page: ids of the quotes on it}, for every page but the
    first: with the ids merged into them and of the fragments shown inside them, whose
    permalinks name the first page too."""
    first = parts[0].path
    moved: dict[str, list[str]] = {}
    for part in parts[1:]:
        ids = []
        for _, quotes in part.years:
            for quote in quotes:
                ids += [quote.id, *sorted(quote.merged_ids)]
                ids += [f.id for f in index.fragments_of.get(quote.id, [])]
        moved[relative_url(first, part.path)] = ids
    return moved


def anchors_on(part: PersonPart) -> list[str]:
    return [quote_anchor(q.id) for _, quotes in part.years for q in quotes]


def follow_links(page: str, slug: str) -> dict[str, str]:
    """The speaker's Atom feed and JSON data file, linked from one of their pages."""
    return {
        "feed": file_url(page, person_feed(slug)),
        "data": file_url(page, person_data(slug)),
    }
