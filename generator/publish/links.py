"""Absolute URLs of pages, quotes and feeds, from the site's base URL."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from generator.ids import quote_anchor
from generator.render.urls import page_url, person_page, topic_page


@dataclass(frozen=True)
class SiteLinks:
    """The site's base URL (`https://example.org/archive/`) and the links made from it."""

    site_url: str

    def __post_init__(self) -> None:
        parts = urlsplit(self.site_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"site_url expected an absolute http(s) URL, found {self.site_url!r}")
        if not self.site_url.endswith("/"):
            object.__setattr__(self, "site_url", self.site_url + "/")

    def url(self, path: str) -> str:
        """The absolute URL of a file, given its path from the site root."""
        return self.site_url + path

    def page(self, markdown_path: str) -> str:
        """The absolute URL a generated page (`people/x.md`) is served at."""
        return self.site_url + page_url(markdown_path).lstrip("/")

    def person(self, slug: str) -> str:
        return self.page(person_page(slug))

    def topic(self, slug: str) -> str:
        return self.page(topic_page(slug))

    def permalink(self, slug: str, quote_id: str) -> str:
        """Where a quote lives: its anchor on its speaker's page."""
        return f"{self.person(slug)}#{quote_anchor(quote_id)}"

    def tag(self, specific: str) -> str:
        """A tag: URI (RFC 4151) for Atom ids: stable when the site moves to another path."""
        host = urlsplit(self.site_url).hostname or "localhost"
        return f"tag:{host},2025:{specific}"
