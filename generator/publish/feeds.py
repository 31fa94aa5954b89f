"""Atom feeds (RFC 4287): the newest quotes of the whole archive, of each person, of each topic.

Deterministic: no clock is read. An entry's `published` and `updated` are the date the
quote was added to the archive (`added`), so an old remark added today comes first; for a
quote added before that date was kept, the date it was said (or, undated, the newest date
of its sources; quotes with none of them stay out of feeds, which are about what is new).
When it was said stays in the entry's content. A feed's `updated` is its newest entry's
(the Unix epoch for an empty feed). Ids are tag: URIs made from quote ids and slugs, so they
survive a move of the site to another path. Every piece of contributor text is XML-escaped,
and characters XML 1.0 cannot carry at all (control characters, lone surrogates) are
dropped.

Scale: one pass over the quotes, then the newest FEED_LIMIT entries of the site and of each
topic, and PERSON_FEED_LIMIT of each speaker whose feed is made, each sorted from the entries
as new as the last one kept (found with a heap), not from every dated quote; feeds are made
and handed out one at a time. Entries carry the quote, its speaker, date, status and
sources, not the reporter's sentence around it (that is on the page), which would double
the feeds' size.
"""

from __future__ import annotations

import heapq
import html
import operator
import re
from collections import defaultdict
from collections.abc import Iterator, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from generator.models import CONTESTED_STATUSES, Archive, Quote, Source, Speaker
from generator.publish.links import SiteLinks
from generator.publish.segments import SegmentStore, group_identity
from generator.render.pages import SITE_NAME
from generator.render.urls import HOME_PAGE, SITE_FEED, person_feed, safe_href, topic_feed
from generator.render.views import display_date, one_line

FEED_LIMIT = 50
"""Entries of the site feed and of topic feeds: readers poll the newest; the archive itself
is in the data export."""
PERSON_FEED_LIMIT = 10
"""Entries of a person's feed: there is one per speaker (50k at a million quotes), so they
are kept short for the site to fit in what GitHub Pages publishes (20 entries were 7 % of
the 1M artifact; with 10, four in five of those entries stay). A feed reader polls for
what is new; the person's page and data file hold every quote."""
TITLE_WORDS = 80
"""Characters of the quote shown in an entry title before it is cut."""
EPOCH = "1970-01-01T00:00:00Z"

_NOT_IN_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

Dated = tuple[str, Speaker, Quote]
"""A quote with the date its entry carries."""


def feed_files(
    archive: Archive,
    links: SiteLinks,
    reused: AbstractSet[str] = frozenset(),
    store: SegmentStore | None = None,
    file_digests: Mapping[str, str] | None = None,
) -> Iterator[tuple[str, list[bytes]]]:
    """The site feed, then one feed per speaker and per topic (empty ones too); not the
    feeds of the speakers in `reused` (the build keeps last build's). With a `store` and
    the speakers' `file_digests`, the site and topic feeds whose entries are unchanged are
    read back from the cache, not made again."""
    topics = {t.slug: t for t in archive.topics}
    dated: list[Dated] = []
    by_speaker: dict[str, list[Dated]] = {}
    by_topic: dict[str, list[Dated]] = defaultdict(list)
    for speaker in archive.speakers:
        own: list[Dated] | None = None if speaker.slug in reused else []
        for quote in speaker.quotes:
            when = entry_date(quote)
            if not when:
                continue
            item = (when, speaker, quote)
            dated.append(item)
            if own is not None:
                own.append(item)
            for slug in quote.topics:
                if slug in topics:
                    by_topic[slug].append(item)
        if own is not None:
            by_speaker[speaker.slug] = newest(own, PERSON_FEED_LIMIT)
    shared = _SharedFeeds(links, store or SegmentStore(None, ""), file_digests or {})
    yield (
        SITE_FEED,
        [
            shared.feed(
                feed_id=links.tag("feed"),
                title=f"{SITE_NAME}: newest quotes",
                path=SITE_FEED,
                page=links.page(HOME_PAGE),
                entries=newest(dated, FEED_LIMIT),
            )
        ],
    )
    for speaker in archive.speakers:
        if speaker.slug in reused:
            continue
        yield (
            person_feed(speaker.slug),
            [
                atom_feed(
                    links,
                    feed_id=links.tag(f"people/{speaker.slug}"),
                    title=f"{speaker.name}: newest quotes",
                    path=person_feed(speaker.slug),
                    page=links.person(speaker.slug),
                    entries=by_speaker[speaker.slug],
                )
            ],
        )
    for topic in archive.topics:
        yield (
            topic_feed(topic.slug),
            [
                shared.feed(
                    feed_id=links.tag(f"topics/{topic.slug}"),
                    title=f"{topic.title}: newest quotes",
                    path=topic_feed(topic.slug),
                    page=links.topic(topic.slug),
                    entries=newest(by_topic[topic.slug], FEED_LIMIT),
                )
            ],
        )


@dataclass(frozen=True)
class _SharedFeeds:
    """Feeds of quotes of many speakers (the site's, the topics'), cached by their entries:
    each entry by its date, quote id and a digest of its speaker's file (a speaker's feed is
    kept whole by the build instead, with their page)."""

    links: SiteLinks
    store: SegmentStore
    file_digests: Mapping[str, str]

    def feed(self, feed_id: str, title: str, path: str, page: str, entries: list[Dated]) -> bytes:
        members: list[tuple[str, str | None]] = [(f"{feed_id}\0{title}\0{page}", "")]
        for updated, speaker, quote in entries:
            members.append(
                (f"{updated}\0{speaker.slug}\0{quote.id}", self.file_digests.get(speaker.slug))
            )
        key = self.store.key("feed", path, group_identity(members))
        cached = self.store.get_file(key)
        if cached is not None:
            return cached
        made = atom_feed(self.links, feed_id, title, path, page, entries)
        self.store.put_file(key, made)
        return made


def newest(items: list[Dated], limit: int) -> list[Dated]:
    """The `limit` newest of `items`, newest first (then by id, so ties keep one order).

    Only the items as new as the `limit`-th newest date are sorted: sorting every dated
    quote of the site (or of a topic) took a rebuild at 200k quotes ~1 s."""
    if len(items) > limit:
        cut = heapq.nlargest(limit, map(_date, items))[-1]
        items = [item for item in items if item[0] >= cut]
    ordered = sorted(items, key=_quote_id)
    ordered.sort(key=_date, reverse=True)
    return ordered[:limit]


_date = operator.itemgetter(0)


def _quote_id(item: Dated) -> str:
    return item[2].id


def entry_date(quote: Quote) -> str | None:
    """The quote's date as an RFC 3339 time: when added to the archive, else when said,
    else when last reported."""
    date = quote.added or quote.date
    if not date:
        dates = [s.date for s in quote.sources if s.date]
        date = max(dates, key=_full) if dates else None
    return _full(date) + "T00:00:00Z" if date else None


def _full(date: str) -> str:
    """`2025` -> `2025-01-01`, `2025-03` -> `2025-03-01`: partial dates at their start."""
    return date + "-01-01"[len(date) - 4 :]


def atom_feed(
    links: SiteLinks,
    feed_id: str,
    title: str,
    path: str,
    page: str,
    entries: list[Dated],
) -> bytes:
    """One Atom document."""
    body = [atom_entry(links, *item) for item in entries]
    updated = max((item[0] for item in entries), default=EPOCH)
    head = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">',
        f"<id>{text(feed_id)}</id>",
        f'<title type="text">{text(title)}</title>',
        f"<updated>{updated}</updated>",
        f'<link rel="self" type="application/atom+xml" href={attr(links.url(path))}/>',
        f'<link rel="alternate" type="text/html" href={attr(page)}/>',
        f"<author><name>{text(SITE_NAME)} contributors</name></author>",
        "<generator>quote-archive</generator>",
        f"<rights>Compilation CC BY 4.0, {text(SITE_NAME)}; quoted words belong to their "
        "speakers and sources</rights>",
    ]
    return ("\n".join([*head, *body, "</feed>"]) + "\n").encode("utf-8")


def atom_entry(links: SiteLinks, updated: str, speaker: Speaker, quote: Quote) -> str:
    """One quote: title with speaker and words, its permalink, date, topics and sources."""
    words = clean(quote.text)
    short = words if len(words) <= TITLE_WORDS else words[: TITLE_WORDS - 1].rstrip() + "…"
    flag = f"[{quote.status.capitalize()}] " if quote.status in CONTESTED_STATUSES else ""
    permalink = links.permalink(speaker.slug, quote.id)
    lines = [
        "<entry>",
        f"<id>{text(links.tag('quote/' + quote.id))}</id>",
        f'<title type="text">{text(f"{flag}{clean(speaker.name)}: “{short}”")}</title>',
        f"<published>{updated}</published>",
        f"<updated>{updated}</updated>",
        f"<author><name>{text(speaker.name)}</name>"
        f"<uri>{text(links.person(speaker.slug))}</uri></author>",
        f'<link rel="alternate" type="text/html" href={attr(permalink)}/>',
    ]
    lines += [f"<category term={attr(slug)}/>" for slug in quote.topics]
    lines += [
        f'<link rel="related" href={attr(href)}/>'
        for href in (safe_href(s.url) for s in quote.sources)
        if href
    ]
    lines += [
        f'<summary type="text">{text(words)}</summary>',
        f'<content type="html">{text(entry_html(speaker, quote))}</content>',
        "</entry>",
    ]
    return "\n".join(lines)


def entry_html(speaker: Speaker, quote: Quote) -> str:
    """The entry as HTML (escaped once here, and once more as XML text)."""
    e = html.escape
    parts = [f"<blockquote><p>{e(clean(quote.text))}</p></blockquote>"]
    said = display_date(quote.date) or "date unknown"
    parts.append(f"<p>{e(clean(speaker.name))}, {e(said)}; status: {e(quote.status)}</p>")
    if quote.status_source:
        parts.append(f"<p>Evidence for the status: {_source_html(quote.status_source)}</p>")
    items = "".join(f"<li>{_source_html(s)}</li>" for s in quote.sources)
    parts.append(f"<p>Sources:</p><ul>{items}</ul>")
    return "".join(parts)


def _source_html(source: Source) -> str:
    label = clean(source.title or source.outlet or source.url or "source")
    href = safe_href(source.url)
    shown = (
        f'<a href="{html.escape(href)}">{html.escape(label)}</a>' if href else html.escape(label)
    )
    extra = [clean(x) for x in (source.outlet if source.title else None, source.date) if x]
    return shown + "".join(f", {html.escape(x)}" for x in extra)


def clean(value: str | None) -> str:
    """One line of text without the characters XML cannot carry."""
    return _NOT_IN_XML.sub("", one_line(value) or "")


def text(value: str) -> str:
    """XML character data: escaped, and cleaned of what XML cannot carry."""
    return escape(_NOT_IN_XML.sub("", value))


def attr(value: str) -> str:
    """A quoted XML attribute value."""
    return quoteattr(_NOT_IN_XML.sub("", value))
