"""Search records: one small page per quote, person and topic, made from the Archive.

Indexing MkDocs' output makes Pagefind parse every theme page whole (3.7 GB of memory at 200k
quotes); instead we hand it one small page per quote, person and topic, made from the
Archive. A quote's record points at its permalink (`/people/<slug>/#q-<id>`), carries meta
for the result (speaker, quote, date, topics) and filters (type, speaker, topic, year). A
person's record weighs the name heavily, so searching a name finds the person first.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from generator.models import Archive, Quote, Speaker, Topic
from generator.render import (
    ENVIRONMENT,
    SiteIndex,
    display_date,
    one_line,
    page_url,
    person_page,
    topic_page,
)

QUOTE_META_LENGTH = 400
"""Characters of a quote's text kept as result meta; the full text is on the page."""


@dataclass(frozen=True)
class SearchRecord:
    """One entry of the index: where a result leads and the lean page Pagefind reads."""

    url: str
    """Path from the site root, starting with `/`; Pagefind prefixes it with the baseUrl."""
    html: str


def search_records(archive: Archive) -> Iterator[SearchRecord]:
    """Every record of the index, in a stable order: people, topics, then quotes."""
    index = SiteIndex(archive)
    for speaker in archive.speakers:
        yield person_record(speaker)
    for topic in archive.topics:
        yield topic_record(topic)
    for speaker in archive.speakers:
        for quote in index.listed(speaker.quotes):
            yield quote_record(speaker, quote, index)


def site_path(page: str, fragment: str = "") -> str:
    """The URL of a page from the site root, as Pagefind stores it."""
    return "/" + page_url(page) + (f"#{fragment}" if fragment else "")


def person_record(speaker: Speaker) -> SearchRecord:
    count = len(speaker.quotes)
    return _record(
        site_path(person_page(speaker.slug)),
        "Person",
        speaker.name,
        aliases=speaker.aliases,
        description=one_line(speaker.description),
        meta={
            "description": one_line(speaker.description),
            "count": f"{count} quote" + ("" if count == 1 else "s"),
        },
        filters=[("speaker", speaker.name)],
    )


def topic_record(topic: Topic) -> SearchRecord:
    return _record(
        site_path(topic_page(topic.slug)),
        "Topic",
        topic.title,
        description=one_line(topic.description),
        meta={"description": one_line(topic.description)},
        filters=[("topic", topic.title)],
    )


def quote_record(speaker: Speaker, quote: Quote, index: SiteIndex) -> SearchRecord:
    topics = [index.topics[t] for t in quote.topics if t in index.topics]
    text = one_line(quote.text) or ""
    meta = {
        "quote": text if len(text) <= QUOTE_META_LENGTH else text[:QUOTE_META_LENGTH] + "…",
        "date": display_date(quote.date),
        "status": quote.status,
        "topics": json.dumps([[t.slug, t.title] for t in topics], ensure_ascii=False),
    }
    filters = [("speaker", speaker.name), *(("topic", t.title) for t in topics)]
    if quote.year:
        filters.append(("year", quote.year))
    return _record(
        site_path(person_page(speaker.slug), f"q-{quote.id}"),
        "Quote",
        speaker.name,
        text=text,
        aliases=speaker.aliases,
        context=one_line(quote.context),
        variants=[v for v in (one_line(v) for v in quote.variants) if v],
        meta=meta,
        filters=filters,
        sort_date=quote.date or "0000",
    )


def _record(
    url: str,
    kind: str,
    title: str,
    *,
    meta: dict[str, str | None],
    filters: list[tuple[str, str]],
    **values: Any,
) -> SearchRecord:
    values = {
        "text": "",
        "aliases": (),
        "description": None,
        "context": None,
        "variants": (),
        "sort_date": None,
        **values,
    }
    html = ENVIRONMENT.get_template("search_record.html.j2").render(
        kind=kind,
        title=title,
        filters=filters,
        meta=[(key, value) for key, value in meta.items() if value],
        **values,
    )
    return SearchRecord(url, html)
