"""Addresses that last: a small page per quote at /q/<id>/, and pages at former slugs.

Every quote has its own page, `q/<id>/index.html`, for every live id and every id merged
into another quote: its head carries the quote as title and description (so a shared link
previews the quote) and a canonical link to the quote's place on its speaker's page; its
body sends the reader there at once (a script, or a refresh where scripts do not run) and
holds the quote and a link for whatever follows neither. A quote moved to another speaker
keeps its id, so its page follows it; a merged id leads to the quote it was merged into.
A person page split by year is handled too: the page names the part the quote is on.

A speaker's former slug (after a rename or a merge) gets a page of the same kind at
`people/<old>/`, which keeps the #anchor of the link that led there; its feed and data file
are published again under the old name (`former_slug_files`).

These pages are written straight into the site as HTML, not through MkDocs: at 200k quotes
that is 200k pages, which MkDocs would take minutes over for pages nobody reads but
crawlers; and so they stay out of sitemap.xml, which lists the pages worth indexing.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import jinja2

from generator.ids import quote_anchor
from generator.models import Archive, Quote, Speaker
from generator.publish.export import person_data
from generator.publish.links import SiteLinks
from generator.render.environment import ENVIRONMENT, script_json
from generator.render.pages import SITE_NAME, person_parts
from generator.render.person import contested_quotes
from generator.render.site_index import SiteIndex
from generator.render.urls import page_url, person_feed, person_page
from generator.render.views import display_date, one_line
from generator.slugs import RESERVED_SLUGS

if TYPE_CHECKING:
    from generator.quote_pages import PageGroup, PagePlan

PERMALINK_FOLDER = "q"
TITLE_CHARACTERS = 90
"""Characters of the quote in a page title; previews cut longer titles anyway."""
DESCRIPTION_CHARACTERS = 200


def permalink_path(quote_id: str) -> str:
    """Where a quote's own page is, from the site root: `q/<id>/index.html`."""
    return f"{PERMALINK_FOLDER}/{quote_id}/index.html"


def permalink_url(quote_id: str) -> str:
    """The address of a quote's own page, from the site root: `q/<id>/`."""
    return f"{PERMALINK_FOLDER}/{quote_id}/"


@dataclass(frozen=True)
class QuotePlace:
    """Where a quote is shown: its speaker, the page (by its path under content/) and the
    anchor on it."""

    speaker: Speaker
    quote: Quote
    """The quote shown there (for a merged id, the quote it was merged into)."""
    page: str
    anchor: str


def quote_places(archive: Archive, index: SiteIndex | None = None) -> dict[str, QuotePlace]:
    """Every live and merged quote id, with the place its quote is shown."""
    index = index or SiteIndex(archive)
    places: dict[str, QuotePlace] = {}
    for speaker in archive.speakers:
        _add_places(places, speaker, index)
    return places


def _add_places(places: dict[str, QuotePlace], speaker: Speaker, index: SiteIndex) -> None:
    """The places of a speaker's live and merged ids (a merged id taken already stays)."""
    pages = _pages_of(speaker, index)
    first = person_page(speaker.slug)
    for quote in speaker.quotes:
        page = pages.get(quote.id) or pages.get(quote.part_of or "", first)
        place = QuotePlace(speaker, quote, page, quote_anchor(quote.id))
        places[quote.id] = place
        for merged in quote.merged_ids:
            places.setdefault(merged, place)


def _pages_of(speaker: Speaker, index: SiteIndex) -> dict[str, str]:
    """The page each quote with a block of its own is on (fragments shown inside their
    longer quote are on that quote's page)."""
    parts = person_parts(speaker, index)
    pages = {q.id: part.path for part in parts for _, quotes in part.years for q in quotes}
    pages.update((q.id, parts[0].path) for q in contested_quotes(speaker, index))
    return pages


def permalink_pages(archive: Archive, site_url: str) -> Iterator[tuple[str, list[bytes]]]:
    """Each quote's page, then each former slug's page: (path from the site root, bytes),
    one at a time, sorted."""
    for quote_id, _, render in quote_page_plans(archive, site_url):
        yield permalink_path(quote_id), [render()]
    yield from former_slug_pages(archive, site_url)


def quote_page_plans(
    archive: Archive, site_url: str, index: SiteIndex | None = None
) -> Iterator[PagePlan]:
    """Each quote's page, by id, not rendered yet: (quote id, a digest of what the page is
    made from besides the code and the site's address, render it). A rebuild writes only
    the pages whose digest changed (generator.quote_pages)."""
    return _plans(quote_places(archive, index), SiteLinks(site_url), _quote_page_template())


def quote_page_groups(
    archive: Archive,
    site_url: str,
    index: SiteIndex | None = None,
    keys: Mapping[str, str] | None = None,
) -> Iterator[PageGroup]:
    """The quote pages by speaker (generator.quote_pages.make_groups): (slug, the key of what
    their pages are made from, their plans as `quote_page_plans` gives them). A speaker's
    key (`keys`, by slug) must stand for everything their quote pages show: their file, and
    so their pages' parts (the key of their first person page does)."""
    index = index or SiteIndex(archive)
    links = SiteLinks(site_url)
    template = _quote_page_template()
    for speaker in archive.speakers:
        key = (keys or {}).get(speaker.slug)
        plans = functools.partial(_speaker_plans, speaker, index, links, template)
        yield speaker.slug, key, plans


def _quote_page_template() -> jinja2.Template:
    return ENVIRONMENT.get_template("permalink.html.j2")


def _speaker_plans(
    speaker: Speaker, index: SiteIndex, links: SiteLinks, template: jinja2.Template
) -> list[PagePlan]:
    places: dict[str, QuotePlace] = {}
    _add_places(places, speaker, index)
    return list(_plans(places, links, template))


def _plans(
    places: Mapping[str, QuotePlace], links: SiteLinks, template: jinja2.Template
) -> Iterator[PagePlan]:
    """The plan of each place's page, by id (the template looked up once, not per speaker:
    it checks its file's date at each lookup)."""
    for quote_id in sorted(places):
        place = places[quote_id]
        quote = place.quote
        made_of = (place.page, place.anchor, place.speaker.name, quote.text)
        # None as "\1", which no valid date or language tag is (the values must be text).
        made_of_too = (quote.date or "\1", quote.language or "\1")
        yield (
            quote_id,
            _digest(*made_of, *made_of_too),
            functools.partial(_render_quote_page, template, quote_id, place, links),
        )


def _digest(*values: str) -> str:
    """A digest of `values`, joined with NUL between them; any value holding a NUL makes it
    a digest of their repr instead, which holds none (repr for every page took 0.6 s more
    at 200k quotes)."""
    text = "\0".join(values)
    if text.count("\0") != len(values) - 1:
        text = repr(values)
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


def _render_quote_page(
    template: jinja2.Template, quote_id: str, place: QuotePlace, links: SiteLinks
) -> bytes:
    return template.render(**_quote_page(quote_id, place, links)).encode("utf-8")


def former_slug_pages(archive: Archive, site_url: str) -> Iterator[tuple[str, list[bytes]]]:
    """Each former slug's page, `people/<old>/index.html`, sorted by slug."""
    links = SiteLinks(site_url)
    template = _quote_page_template()
    for old, speaker in sorted(former_slugs(archive).items()):
        page = _former_slug_page(old, speaker, links)
        yield f"people/{old}/index.html", [template.render(**page).encode("utf-8")]


def _quote_page(quote_id: str, place: QuotePlace, links: SiteLinks) -> dict[str, object]:
    quote, speaker = place.quote, place.speaker
    text = one_line(quote.text) or ""
    said = display_date(quote.date)
    href = "../../" + page_url(place.page) + "#" + place.anchor
    return {
        "title": f"“{_clip(text, TITLE_CHARACTERS)}” – {speaker.name}",
        "description": f"{speaker.name}{', ' + said if said else ''}: “"
        f"{_clip(text, DESCRIPTION_CHARACTERS)}”",
        "canonical": links.page(place.page) + "#" + place.anchor,
        "url": links.url(permalink_url(quote_id)),
        "site_name": SITE_NAME,
        "kind": "article",
        "href": href,
        "href_json": script_json(href),
        "keep_hash": False,
        "text": text,
        "lang": quote.language or "",
        "lead": f"— {speaker.name}{', ' + said if said else ''}. Read it in context on",
        "link_text": f"{speaker.name}’s page",
    }


def _former_slug_page(old: str, speaker: Speaker, links: SiteLinks) -> dict[str, object]:
    href = "../" + speaker.slug + "/"
    return {
        "title": speaker.name,
        "description": f"{speaker.name}: quotes with sources. This page has moved.",
        "canonical": links.person(speaker.slug),
        "url": links.page(person_page(old)),
        "site_name": SITE_NAME,
        "kind": "profile",
        "href": href,
        "href_json": script_json(href),
        "keep_hash": True,
        "text": "",
        "lang": "",
        "lead": "This page has moved to",
        "link_text": speaker.name,
    }


def former_slugs(archive: Archive) -> dict[str, Speaker]:
    """Each former slug no speaker uses now, with the speaker it leads to."""
    taken = {s.slug for s in archive.speakers} | RESERVED_SLUGS
    return {
        old: speaker
        for speaker in archive.speakers
        for old in speaker.former_slugs
        if old not in taken
    }


def former_slug_files(archive: Archive) -> list[tuple[str, str]]:
    """(old path, current path) of the feed and data file of every former slug: published
    again under the old name, so a feed reader or a script that followed them still gets
    them (neither follows an HTML page)."""
    pairs = []
    for old, speaker in sorted(former_slugs(archive).items()):
        pairs.append((person_feed(old), person_feed(speaker.slug)))
        pairs.append((person_data(old), person_data(speaker.slug)))
    return pairs


def _clip(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + "…"
