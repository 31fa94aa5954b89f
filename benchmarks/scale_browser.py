"""Search as a reader uses it, in headless Chromium: time to the first result, bytes fetched.

Each site is served by a local threaded HTTP server from a sub-path (as GitHub Pages serves a
project site), and driven by playwright with Debian's /usr/bin/chromium (never a downloaded
browser). The page is loaded (until its `load` event), then the speaker's name is typed right
away, as a reader would: the time runs from the first keydown to the first result element
being laid out (a MutationObserver notices it and waits one animation frame), both measured
with the page's own clock, so playwright's round trips do not count.

Bytes are counted by the HTTP server: every byte it writes for a response, headers and body
as sent. Like GitHub Pages, it gzips text (HTML, CSS, JS, JSON, XML) for browsers that
accept it; Pagefind's own index files are gzipped already and go out as they are. The
browser's DevTools protocol would miss requests made by web workers, and Pagefind fetches its
index from one. `search_bytes` counts the responses of the search machinery, told by their
paths (ours: pagefind*/ and the name index names/; Material: search/ and its search worker),
whenever they were fetched up to idle: Material fetches its whole index when the page loads,
before anyone types, and ours keeps fetching Pagefind's chunks for the full-text results after
the name index has shown the first one. `total_bytes` counts everything from opening the page
until the server has been idle for QUIET_SECONDS after the first result. `first_bytes` and
`first_search_bytes` count the same, but only responses the server had finished sending when
the first result appeared (the server's wall clock against the page's performance.timeOrigin
+ now(): one machine, so within a few ms): what a reader waited for. Each search runs in a
fresh browser context, so nothing comes from the cache.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import io
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
TIMEOUT_MS = 60_000
QUIET_SECONDS = 1.0
QUIET_LIMIT = 30.0

OURS: dict[str, Any] = {
    "path": "search/",
    "open": None,
    "input": "#qa-search .qa-search__query",
    "submit": True,  # the search page searches on Enter (and also as you type, if it does)
    "result": ".qa-search__person-link, .qa-search__page-link, .qa-result",
    "full_text": ".qa-result",
    "first_link": ".qa-search__person-link, .qa-search__page-link, .qa-person__name",
    "search_paths": r"/pagefind[^/]*/|/names/[^/]+\.json$",
}
MATERIAL: dict[str, Any] = {
    "path": "",
    "open": "input.md-search__input",  # wide screens show the box in the header
    "input": "input.md-search__input",
    "submit": False,  # Material searches as you type
    "result": ".md-search-result__item",
    "full_text": ".md-search-result__item",
    "first_link": ".md-search-result__item a.md-search-result__link",
    "search_paths": r"/search/search_index\.json|/workers/search\.",
}

WATCH_RESULTS = """
([selector, firstLink, expected, fullText]) => {
  window.__benchKey = undefined;
  window.__benchFirst = undefined;
  window.__benchSpeaker = undefined;
  window.__benchFullText = undefined;
  window.__benchLastKey = undefined;
  window.__benchAfterTyping = undefined;
  document.addEventListener("keydown", () => {
    if (window.__benchKey === undefined) window.__benchKey = performance.now();
    window.__benchLastKey = performance.now();
    window.__benchAfterTyping = undefined;
  }, true);
  const leadsToSpeaker = () => {
    const link = document.querySelector(firstLink);
    if (!link || !link.href || link.getClientRects().length === 0) return false;
    return new URL(link.href).pathname.replace(/\\/+$/, "").endsWith(expected);
  };
  const seen = () => {
    if (window.__benchKey === undefined) return;
    if (window.__benchFirst === undefined) {
      const found = Array.from(document.querySelectorAll(selector))
        .some(el => el.getClientRects().length > 0);
      if (found) requestAnimationFrame(() => {
        if (window.__benchFirst === undefined) window.__benchFirst = performance.now();
      });
    }
    if (window.__benchSpeaker === undefined && leadsToSpeaker()) requestAnimationFrame(() => {
      if (window.__benchSpeaker === undefined) window.__benchSpeaker = performance.now();
    });
    const fullTextShown = Array.from(document.querySelectorAll(fullText))
      .some(el => el.getClientRects().length > 0);
    if (window.__benchFullText === undefined && fullTextShown) requestAnimationFrame(() => {
      if (window.__benchFullText === undefined) window.__benchFullText = performance.now();
    });
    const lastKey = window.__benchLastKey;
    if (lastKey !== undefined && window.__benchAfterTyping === undefined && fullTextShown)
      requestAnimationFrame(() => {
        if (window.__benchAfterTyping === undefined && window.__benchLastKey === lastKey)
          window.__benchAfterTyping = performance.now();
      });
  };
  new MutationObserver(seen).observe(document.documentElement,
    {childList: true, subtree: true, attributes: true, characterData: true});
}
"""
"""Notes, with the page's clock, the first keydown, the first result laid out, the first
time the first result leads to the speaker's page (while a name is typed, a search as you
type may show other people first, those of its first letters), and the first full-text
result (ours: a quote found by Pagefind, not a name from the name index); and the first
full-text result laid out after the last key (Enter), so the time a reader waits once done
typing, whatever the typing took (playwright types a query in 0.1-0.45 s here)."""


@dataclass(frozen=True)
class SearchTiming:
    """One search: ms from the first keystroke to the first result, bytes, and whether the
    first result leads to the speaker's page."""

    ms: float | None
    search_bytes: int
    total_bytes: int
    requests: int
    search_requests: int
    first_result: str
    correct: bool
    error: str = ""
    first_bytes: int | None = None
    """Bytes of every response finished when the first result appeared."""
    first_search_bytes: int | None = None
    """The same, of the search machinery only."""
    ms_to_speaker: float | None = None
    """ms from the first keystroke until the first result is the speaker (None: never)."""
    ms_full_text: float | None = None
    """ms from the first keystroke to the first full-text result (None: never)."""
    full_text_bytes: int | None = None
    """Bytes of every response finished when the first full-text result appeared."""
    full_text_search_bytes: int | None = None
    """The same, of the search machinery only."""
    ms_after_typing: float | None = None
    """ms from the last keystroke (Enter) to the first full-text result laid out after it
    (None: none was)."""
    ms_typing: float | None = None
    """ms from the first keystroke to the last (Enter)."""


class Traffic:
    """What the server sent: bytes per response, requests in flight, last activity."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.sent: list[tuple[str, int, float]] = []
        """(path, bytes, wall-clock ms when the last byte was written) per response."""
        self.inflight = 0
        self.last = time.monotonic()

    def mark(self) -> int:
        """A position in the log: responses sent after it are counted from there."""
        with self.lock:
            return len(self.sent)

    def since(self, mark: int, paths: str = "", until_ms: float | None = None) -> tuple[int, int]:
        """(bytes, responses) sent after `mark`, for paths matching `paths` if given, and
        finished by `until_ms` (wall clock, ms since the epoch) if given."""
        with self.lock:
            sent = [
                size
                for path, size, done in self.sent[mark:]
                if re.search(paths, path) and (until_ms is None or done <= until_ms)
            ]
        return sum(sent), len(sent)

    def wait_quiet(self, quiet: float = 1.0, limit: float = 10.0) -> None:
        """Return once nothing has been in flight for `quiet` seconds (at most `limit`)."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            with self.lock:
                idle = not self.inflight and time.monotonic() - self.last >= quiet
            if idle:
                return
            time.sleep(0.05)


class _CountingWriter:
    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.count = 0

    def write(self, data: bytes) -> int:
        self.count += len(data)
        return int(self.stream.write(data))

    def flush(self) -> None:
        self.stream.flush()


COMPRESSED_TYPES = (".html", ".css", ".js", ".json", ".xml", ".txt", ".svg", ".map")
"""What GitHub Pages serves gzip-compressed (text types), by extension."""


class _CountingHandler(http.server.SimpleHTTPRequestHandler):
    traffic: Traffic

    def send_head(self) -> Any:
        """Gzip text files when the browser accepts it, as GitHub Pages does."""
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.is_file() and path.suffix in COMPRESSED_TYPES):
            return super().send_head()
        if path.name == "index.html" and not self.path.split("?", 1)[0].endswith(("/", ".html")):
            return super().send_head()  # the redirect to the folder's URL
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def handle_one_request(self) -> None:
        writer = _CountingWriter(self.wfile)
        self.wfile = writer  # type: ignore[assignment]
        with self.traffic.lock:
            self.traffic.inflight += 1
        try:
            super().handle_one_request()
        finally:
            self.wfile = writer.stream
            with self.traffic.lock:
                self.traffic.inflight -= 1
                self.traffic.last = time.monotonic()
                if writer.count:
                    path = getattr(self, "path", "")
                    self.traffic.sent.append((path, writer.count, time.time() * 1000))

    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass(frozen=True)
class Served:
    url: str
    traffic: Traffic


@contextlib.contextmanager
def serve(root: Path) -> Iterator[Served]:
    """Serve `root` on 127.0.0.1 (any free port) in threads, counting bytes sent."""
    traffic = Traffic()
    handler_class = type("Handler", (_CountingHandler,), {"traffic": traffic})
    handler = functools.partial(handler_class, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Served(f"http://127.0.0.1:{server.server_port}/", traffic)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """Debian's Chromium under playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


AFTER_TYPING = """window.__benchAfterTyping === undefined ? null
  : window.__benchAfterTyping - window.__benchLastKey"""
TYPING = "window.__benchLastKey - window.__benchKey"


def measure_search(
    browser: Any,
    served: Served,
    site: str,
    name: str,
    expected_path: str,
    kind: dict[str, Any],
    key_delay_ms: float = 0,
) -> SearchTiming:
    """Open the search of the site at `site` (a path under the server), type `name`, time the
    first result; `expected_path` (`people/ada-quill/`) is where it should lead. Typed as
    fast as playwright can, or `key_delay_ms` between keys (a person's pace: the keys of a
    burst come so fast that Chromium, which runs input first, starts no download or script
    of the page until typing ends)."""
    context = browser.new_context()
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    traffic = served.traffic
    start = traffic.mark()
    try:
        page.goto(served.url + site + kind["path"], wait_until="load")
        expected = "/" + expected_path.strip("/")
        page.evaluate(
            WATCH_RESULTS, [kind["result"], kind["first_link"], expected, kind["full_text"]]
        )
        if kind["open"]:
            page.click(kind["open"])
        page.focus(kind["input"])
        page.keyboard.type(name, delay=key_delay_ms)
        if kind["submit"]:
            page.keyboard.press("Enter")
        page.wait_for_function("window.__benchFirst !== undefined", timeout=TIMEOUT_MS)
        ms = float(page.evaluate("window.__benchFirst - window.__benchKey"))
        first_at = float(page.evaluate("performance.timeOrigin + window.__benchFirst"))
        page.wait_for_function("window.__benchFullText !== undefined", timeout=TIMEOUT_MS)
        full_ms = float(page.evaluate("window.__benchFullText - window.__benchKey"))
        full_at = float(page.evaluate("performance.timeOrigin + window.__benchFullText"))
        traffic.wait_quiet(QUIET_SECONDS, QUIET_LIMIT)
        to_speaker = page.evaluate("window.__benchSpeaker === undefined ? null"
                                   " : window.__benchSpeaker - window.__benchKey")  # fmt: skip
        first = page.locator(kind["first_link"]).first
        href = first.get_attribute("href") or ""
        text = first.inner_text().strip().splitlines()[0] if href else ""
        after_typing = page.evaluate(AFTER_TYPING)
        typing = float(page.evaluate(TYPING))
        search_bytes, search_requests = traffic.since(start, kind["search_paths"])
        total_bytes, requests = traffic.since(start)
        return SearchTiming(
            ms=ms,
            search_bytes=search_bytes,
            total_bytes=total_bytes,
            requests=requests,
            search_requests=search_requests,
            first_result=f"{text} ({href})",
            correct=_leads_to(href, expected_path),
            first_bytes=traffic.since(start, until_ms=first_at)[0],
            first_search_bytes=traffic.since(start, kind["search_paths"], first_at)[0],
            ms_to_speaker=None if to_speaker is None else float(to_speaker),
            ms_full_text=full_ms,
            full_text_bytes=traffic.since(start, until_ms=full_at)[0],
            full_text_search_bytes=traffic.since(start, kind["search_paths"], full_at)[0],
            ms_after_typing=None if after_typing is None else float(after_typing),
            ms_typing=typing,
        )
    except Exception as exc:  # a timeout is a result too: reported, not fatal
        total_bytes, requests = traffic.since(start)
        search_bytes, search_requests = traffic.since(start, kind["search_paths"])
        return SearchTiming(None, search_bytes, total_bytes, requests, search_requests, "", False,
                            error=str(exc)[:300])  # fmt: skip
    finally:
        context.close()


def _leads_to(href: str, expected_path: str) -> bool:
    path = href.split("#", 1)[0].split("?", 1)[0]
    return path.rstrip("/").endswith(expected_path.rstrip("/"))
