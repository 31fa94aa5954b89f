"""Where generated pages live under content/, and the links between them.

Links are relative (`../../topics/x/`) and assume directory URLs (`people/x.md` is served
at `people/x/`), so the site works from any sub-path, such as a GitHub Pages project site.
Only absolute http(s) URLs from the archive become links (`safe_href`).
"""

from __future__ import annotations

import posixpath
from urllib.parse import urlencode, urlsplit

HOME_PAGE = "index.md"
PEOPLE_PAGE = "people/index.md"
TOPICS_PAGE = "topics/index.md"
SEARCH_PAGE = "search.md"
GENERATED = (HOME_PAGE, SEARCH_PAGE, "people", "topics")
"""What `build` owns under content/: these files, and everything below these folders."""


SITE_FEED = "feeds/all.xml"
"""Feeds live beside the pages, relative to the site root (written by generator.publish)."""


def person_feed(slug: str) -> str:
    return f"feeds/people/{slug}.xml"


def topic_feed(slug: str) -> str:
    return f"feeds/topics/{slug}.xml"


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
