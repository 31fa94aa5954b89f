"""The browser tests' harness: small sites built with our mkdocs.yml, served from sub-paths.

Sites are served like a GitHub Pages project site: each under its own sub-path of a local
HTTP server on 127.0.0.1, with the site's 404.html for a path that does not exist. Playwright
drives Debian's Chromium (/usr/bin/chromium) and never downloads a browser.
"""

from __future__ import annotations

import http.server
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from generator.render import pages
from generator.search import names, shards
from generator.site import build_site

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
DATA = Path(__file__).parent / "data"
PROJECT = Path(__file__).parent.parent
TIMEOUT = 15_000
REPO = "https://github.com/example-newsroom/quote-archive"
"""The repository the test site's person pages link to (as the Pages workflow passes it)."""


def build_project(
    target: Path,
    archive: Path,
    quote_budget: int | None = None,
    name_leaf_limit: int | None = None,
    repo_url: str | None = REPO,
    site_url: str | None = None,
    page_quotes: int | None = None,
    people_page_limit: int | None = None,
) -> Path:
    """Build the archive with our mkdocs.yml and hand-written pages into target/site.

    The limits shrink what a large archive has, so a few quotes show it: `quote_budget`
    (quotes per search shard), `name_leaf_limit` (people per name file), `page_quotes`
    (quotes per person page) and `people_page_limit` (people before People A-Z splits by
    letter). `site_url` gives the path the site is served from (its 404 page needs it)."""
    target.mkdir(parents=True)
    shutil.copy(PROJECT / "mkdocs.yml", target / "mkdocs.yml")
    for name in ("assets", "data"):
        shutil.copytree(PROJECT / "content" / name, target / "content" / name)
    shutil.copy(PROJECT / "content" / "about.md", target / "content" / "about.md")
    shutil.copytree(PROJECT / "overrides", target / "overrides")
    shutil.copytree(archive, target / "quotes")
    with pytest.MonkeyPatch.context() as patch:
        if quote_budget:
            patch.setattr(shards, "QUOTE_BUDGET", quote_budget)
        if name_leaf_limit:
            patch.setattr(names, "LEAF_LIMIT", name_leaf_limit)
        if page_quotes:
            patch.setattr(pages, "PAGE_QUOTES", page_quotes)
        if people_page_limit:
            patch.setattr(pages, "PEOPLE_PAGE_LIMIT", people_page_limit)
        build_site(target / "mkdocs.yml", target / "quotes", site_url=site_url, repo_url=repo_url)
    return target / "site"


class PagesHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files like GitHub Pages: a missing path gets its site's 404.html, status 404."""

    def log_message(self, *args: object) -> None:
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = self._not_found_page() if code == 404 else None
        if page is None:
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _not_found_page(self) -> Path | None:
        """The 404.html of the site the path is under: <root>/<name>/site/404.html."""
        parts = [p for p in unquote(urlsplit(self.path).path).split("/") if p]
        if len(parts) >= 2 and parts[1] == "site" and ".." not in parts[:2]:
            page = Path(self.directory) / parts[0] / "site" / "404.html"
            return page if page.is_file() else None
        return None


def results(page: object) -> list[str]:
    texts = page.locator(".qa-result__text").all_inner_texts()  # type: ignore[attr-defined]
    return sorted(texts)


def wait_for_results(page: object, count: int) -> None:
    """Wait until the search page shows `count` quotes; it may still be loading at first."""
    page.wait_for_function(  # type: ignore[attr-defined]
        "n => { const box = document.querySelector('#qa-search');"
        " return box !== null && box.dataset.state === 'done' &&"
        " document.querySelectorAll('.qa-result').length === n; }",
        arg=count,
    )


def wait_until_searched(page: object) -> None:
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => document.querySelector('#qa-search').dataset.state === 'done'"
    )
