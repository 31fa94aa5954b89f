"""The values templates format: quotes, sources and links as shown on one page.

Turning model objects into views is where text is tidied (`one_line`), dates are written
out (`display_date`) and links are made relative to the page that shows them.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

from generator.ids import quote_anchor
from generator.models import Quote, Source, Speaker
from generator.render.site_index import SiteIndex
from generator.render.urls import person_page, relative_url, safe_href, topic_page
from generator.store import sort_quotes

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


STATUS_NOTES = {
    "disputed": "Disputed: the words or their attribution are contested.",
    "misattributed": "Misattributed: the evidence says this speaker did not say it.",
}
"""Banners of the contested statuses (models.CONTESTED_STATUSES)."""
STATUS_LABELS = {
    "attributed": "attributed",
    "verified": "verified",
    "disputed": "disputed",
    "misattributed": "misattributed",
}
"""How each of models.QUOTE_STATUSES is named to readers (summaries, filters)."""


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
    datetime: str | None = None
    """The date as written in the archive (`YYYY[-MM[-DD]]`), for `<time datetime>`."""


@dataclass(frozen=True)
class QuoteView:
    """A quote as shown on one page; hrefs are relative to that page."""

    anchor: str
    text: str
    permalink: str
    """Relative to the page."""
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
    status_source: SourceView | None = None
    """The evidence for a disputed or misattributed status."""
    lang: str | None = None
    """The language of the words (BCP 47), when the archive records one."""

    @property
    def status_note(self) -> str | None:
        """The banner a disputed or misattributed quote carries wherever it is shown."""
        return STATUS_NOTES.get(self.status)


@dataclass(frozen=True)
class PageMeta:
    """What a page's head says about it: share previews (Open Graph) and its feed."""

    title: str
    description: str
    kind: str
    """Open Graph type: `profile` for people, `website` otherwise."""
    feed: str
    """Path of the page's Atom feed from the site root."""
    feed_title: str


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
        datetime=source.date,
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
        status_source=source_view(quote.status_source) if quote.status_source else None,
        lang=quote.language,
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
