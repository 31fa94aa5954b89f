"""Search records: one lean page per person (each quote after its anchor) and per topic.

Indexing MkDocs' output makes Pagefind parse every theme page whole (3.7 GB of memory at 200k
quotes), and one record per quote makes it hold 220k pages (1.9 GB per 40k); instead we hand
it one small page per person and per topic, made from the Archive: 20k pages for 200k quotes.

A person's page weighs the name heavily, so searching a name finds the person first. Each of
their quotes starts at an empty `<h2 id="q-<id>">`, an anchor at its permalink's name
(`/people/<slug>/#q-<id>`) and at the position of its first word, which Pagefind's results
locate words by. Filters belong to pages, so a person's page carries every speaker, topic and
year of their quotes; quote-level precision comes back in the browser, which reads each
quote's date, status and topics from the page's `quotes` meta (below). They are not words of
the page: the filters find them, and a topic's title finds its topic page (indexed, they were
13 % of a bundle at 200k). The quote's words are followed by END_OF_TEXT, a word of their
own: Pagefind ends a block with a full stop unless it ends with punctuation (it would show
"meeting." for "meeting"), and the browser drops that last word, so results show the words
exactly as stored. After them, an element with id `x-<id>` (HIDDEN_ANCHOR) holds what else
finds the quote but is not shown: its other wordings (variants), the reporter's sentence
around it (context) with the quote's own words left out (`context_around`: they are indexed
already; twice, they made a bundle 7 % larger at 200k) and its outlets, at low weights. Their
words stay in the index, but the fragment, which results read, keeps a one-letter placeholder
for each (normalize_bundle's `hidden`; 7 % of a bundle at 200k), and the x- anchors go (the
next quote's anchor ends the placeholders). A quote's id is not indexed (8 % of a bundle):
the search page finds a quote by its id at its own page, `q/<id>/`.

What a result shows beyond the words comes from the page's `quotes` meta, a JSON object read
only for the people shown: per quote id, the page it is on (`2019/` when the speaker's quotes
are split by year, else ""), its language, its first source (outlet, title, URL, date), so a
result can be cited like the quote on its page, then its date, status and topics' titles.

Pagefind 1.5 indexes the words of every meta value. The `quotes` meta made its sources' URLs
and titles words of the person's page (JSON without spaces: one long junk word per source),
a third of the index at 200k quotes, and "quotes" in `count` matched every person. So only the
title is meta in the lean page; the rest is the record's `stored_meta`, which joins the page's
fragment once the bundle is written (generator.search.bundle.normalize_bundle).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from generator.models import Archive, Quote, Speaker, Topic
from generator.render import (
    ENVIRONMENT,
    SiteIndex,
    count_label,
    one_line,
    page_url,
    person_page,
    person_parts,
    relative_url,
    safe_href,
    script_json,
    topic_page,
)

END_OF_TEXT = "."
"""The word after a quote's own words (the browser drops it; see the module's docstring)."""
HIDDEN_ANCHOR = "x-"
"""Starts the id of the element after a quote's words: what else finds it, never shown."""
UNREAD_FIELDS = ("filters", "word_count")
"""Fields of a fragment no result reads (filtering works from the filter index; Pagefind's own
UI shows them): 4 % of a fragment's bytes at 200k."""


@dataclass(frozen=True)
class SearchRecord:
    """One page of the index: where a result leads and the lean page Pagefind reads."""

    url: str
    """Path from the site root, starting with `/`; Pagefind prefixes it with the baseUrl."""
    html: str
    stored_meta: tuple[tuple[str, str], ...] = ()
    """Meta results read but no search may match: added to the fragment, never indexed."""


@dataclass(frozen=True)
class QuoteSection:
    """What the lean page holds of one quote: its words, and what else finds it."""

    id: str
    text: str
    extra: tuple[str, ...]
    """Other wordings of the quote: searched at a lower weight, never shown."""
    context: str = ""
    outlets: str = ""
    """Its sources' outlets, once each, in order."""


def search_records(archive: Archive) -> Iterator[SearchRecord]:
    """Every page of the index, in a stable order: people, then topics."""
    index = SiteIndex(archive)
    for speaker in archive.speakers:
        yield person_record(speaker, index)
    for topic in archive.topics:
        yield topic_record(topic)


def site_path(page: str, fragment: str = "") -> str:
    """The URL of a page from the site root, as Pagefind stores it."""
    return "/" + page_url(page) + (f"#{fragment}" if fragment else "")


def person_record(speaker: Speaker, index: SiteIndex) -> SearchRecord:
    """A person's lean page: name, aliases, description, then each listed quote."""
    quotes = index.listed(speaker.quotes)
    topics = [index.topics[t] for q in quotes for t in q.topics if t in index.topics]
    filters = [("speaker", speaker.name)]
    filters += [("topic", title) for title in sorted({t.title for t in topics})]
    filters += [("year", year) for year in sorted({q.year for q in quotes if q.year})]
    filters += [("status", status) for status in sorted({q.status for q in quotes})]
    newest = max((q.date for q in quotes if q.date), default=None)
    html = ENVIRONMENT.get_template("search_record.html.j2").render(
        kind="Person",
        title=speaker.name,
        aliases=speaker.aliases,
        description=one_line(speaker.description),
        quotes=[quote_section(q) for q in quotes],
        end_of_text=END_OF_TEXT,
        hidden=HIDDEN_ANCHOR,
        filters=filters,
        sort_date=newest or "0000",
    )
    stored = _present(
        description=one_line(speaker.description),
        count=_count(len(quotes)),
        quotes=quote_facts(speaker, index),
    )
    return SearchRecord(site_path(person_page(speaker.slug)), html, stored)


def topic_record(topic: Topic) -> SearchRecord:
    """A topic's lean page: its title, weighted like a name, and its description."""
    html = ENVIRONMENT.get_template("search_record.html.j2").render(
        kind="Topic",
        title=topic.title,
        aliases=(),
        description=one_line(topic.description),
        quotes=[],
        end_of_text=END_OF_TEXT,
        hidden=HIDDEN_ANCHOR,
        filters=[],
        sort_date=None,
    )
    stored = _present(description=one_line(topic.description))
    return SearchRecord(site_path(topic_page(topic.slug)), html, stored)


def quote_section(quote: Quote) -> QuoteSection:
    extra = [one_line(v) for v in quote.variants]
    outlets = dict.fromkeys(o for s in quote.sources if (o := one_line(s.outlet)))
    return QuoteSection(
        id=quote.id,
        text=one_line(quote.text) or "",
        extra=tuple(text for text in extra if text),
        context=context_around(one_line(quote.context) or "", one_line(quote.text) or ""),
        outlets=", ".join(outlets),
    )


def context_around(context: str, text: str) -> str:
    """The reporter's sentence with the quote's words, where it holds them as they are stored
    (less a closing full stop or comma), made an ellipsis: `He said, “…”, and left.`"""
    words = text.rstrip(".,;: ")
    if not words or words not in context:
        return context
    return context.replace(words, "…", 1)


def quote_facts(speaker: Speaker, index: SiteIndex) -> str:
    """The `quotes` meta of a person's lean page: {id: [page, language, outlet, title, URL,
    date, quote's date, status, topic title...]}, the page relative to the speaker's first
    page, outlet to date from the first source (only an http(s) URL); "" for what a quote
    has not."""
    parts = person_parts(speaker, index)
    first = parts[0].path
    facts: dict[str, list[str]] = {}
    for part in parts:
        page = "" if part is parts[0] else relative_url(first, part.path)
        for _, quotes in part.years:
            for quote in quotes:
                facts[quote.id] = [page, *_quote_facts(quote, index)]
    for quote in index.listed(speaker.quotes):
        facts.setdefault(quote.id, ["", *_quote_facts(quote, index)])
    return str(script_json(facts))


def _quote_facts(quote: Quote, index: SiteIndex) -> list[str]:
    topics = [index.topics[t].title for t in quote.topics if t in index.topics]
    return [quote.language or "", *_first_source(quote), quote.date or "", quote.status, *topics]


def _first_source(quote: Quote) -> list[str]:
    if not quote.sources:
        return ["", "", "", ""]
    source = quote.sources[0]
    return [
        one_line(source.outlet) or "",
        one_line(source.title) or "",
        safe_href(source.url) or "",
        source.date or "",
    ]


def _count(count: int) -> str:
    return count_label(count, "quote")


def _present(**values: str | None) -> tuple[tuple[str, str], ...]:
    return tuple((key, value) for key, value in values.items() if value)
