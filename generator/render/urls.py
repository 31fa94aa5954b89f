"""Where generated pages live under content/, and the links between them.

Links are relative (`../../topics/x/`) and assume directory URLs (`people/x.md` is served
at `people/x/`), so the site works from any sub-path, such as a GitHub Pages project site.
Only absolute http(s) URLs from the archive become links (`safe_href`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from urllib.parse import urlencode, urlsplit

_BLANK_OR_CONTROL = re.compile(r"[\x00-\x20]")

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


def person_data(slug: str) -> str:
    """A speaker's data file (generator.publish.export writes it)."""
    return f"data/people/{slug}.json"


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
    path = _relative_dir(page_url(from_page), page_url(to_page))
    if fragment:
        return f"{path}#{fragment}"
    return path or "./"


@functools.lru_cache(maxsize=4096)
def _relative_dir(here: str, there: str) -> str:
    """`there` seen from `here`, both directory URLs relative to the site root ('' is the
    root): "../../topics/t/". Pure string work, unlike posixpath.relpath, which asks the
    operating system for the working directory on every call (a page links dozens of times)."""
    here_parts = here.split("/")[:-1]
    there_parts = there.split("/")[:-1]
    common = 0
    for a, b in zip(here_parts, there_parts, strict=False):
        if a != b:
            break
        common += 1
    ups = len(here_parts) - common
    return "../" * ups + "".join(part + "/" for part in there_parts[common:])


def person_links(from_page: str) -> Callable[[str], str]:
    """`relative_url(from_page, person_page(slug))` for many slugs, the way up worked out
    once (People A–Z links 20k people: 0.3 s one by one)."""
    here = page_url(from_page)
    up = _relative_dir(here, page_url(PEOPLE_PAGE))
    return lambda slug: "./" if page_url(person_page(slug)) == here else f"{up}{slug}/"


def file_url(from_page: str, path: str) -> str:
    """A link from a page to a file of the site (a feed, a data file), by its path from the
    site root."""
    return _relative_dir(page_url(from_page), "") + path


def search_url(from_page: str, **params: str) -> str:
    """A link to the search page with filters set, such as `?speaker=Dmitry+Peskov`."""
    return relative_url(from_page, SEARCH_PAGE) + "?" + urlencode(params)


def safe_href(url: str | None) -> str | None:
    """The URL when it is an absolute http(s) address, else None: nothing else becomes a link."""
    if not url:
        return None
    stripped = url.strip()
    if _BLANK_OR_CONTROL.search(stripped):
        return None
    try:
        parts = urlsplit(stripped)
    except ValueError:  # `https://[::1`: a broken IPv6 host
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return stripped
