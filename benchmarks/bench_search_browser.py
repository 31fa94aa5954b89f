"""Benchmark search in the browser: time to the first result and bytes transferred.

Serves bundles made by `bench_search_index.py --keep DIR` (DIR/pagefind, DIR/pagefind-1...)
with our search page and content/assets/quote-archive.js from a sub-path (/sub/), as a
project site would be, opens the search page in Debian's Chromium (playwright), types a
speaker's name and submits, and prints, for a cold query (Pagefind not loaded yet) and a
warm one (another name, Pagefind loaded): milliseconds from pressing Enter to the first
quote shown, and the bytes the browser received for it (compressed, as Chromium counts
them; the server sends files as they are: Pagefind's are gzip already). The baseline in the
same run is the same query against another set of bundles (`--baseline DIR2`) if given.

Known gap: Pagefind fetches its index from a Web Worker, whose requests the page's CDP
session does not see, so the bytes counted are the page's own (pagefind.js and what it
fetches before starting the worker); count the worker's too before trusting the KB column.

Usage: .venv/bin/python benchmarks/bench_search_browser.py DIR "Speaker name" "Other name"
       [--baseline DIR2]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from generator.models import Archive  # noqa: E402
from generator.render import render_search_page  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("bundles", type=Path)
    parser.add_argument("names", nargs=2)
    parser.add_argument("--baseline", type=Path)
    args = parser.parse_args()
    runs = [("measured", args.bundles)] + ([("baseline", args.baseline)] if args.baseline else [])
    for title, bundles in runs:
        with tempfile.TemporaryDirectory(prefix="bench-browser-") as scratch:
            site = make_site(bundles, Path(scratch) / "sub")
            shards = len(list(site.glob("pagefind*")))
            print(f"{title}: {bundles} ({shards} shard(s))")
            for label, ms, received, requests in measure(Path(scratch), args.names):
                print(f"  {label:<5} first result {ms:7.0f} ms, {received / 1024:7.1f} KB "
                      f"in {requests} requests")  # fmt: skip


def make_site(bundles: Path, site: Path) -> Path:
    (site / "assets").mkdir(parents=True)
    shutil.copy(ROOT / "content" / "assets" / "quote-archive.js", site / "assets")
    for bundle in sorted(bundles.glob("pagefind*")):
        shutil.copytree(bundle, site / bundle.name)
    markup = render_search_page(Archive()).split("---\n", 2)[2]
    (site / "search").mkdir()
    (site / "search" / "index.html").write_text(
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"></head><body>{markup}'
        '<script src="../assets/quote-archive.js"></script></body></html>',
        encoding="utf-8",
    )
    return site


def measure(www: Path, names: list[str]) -> list[tuple[str, float, int, int]]:
    handler = functools.partial(_Quiet, directory=str(www))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    found = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page()
            cdp = page.context.new_cdp_session(page)
            cdp.send("Network.enable")
            received: list[int] = []
            cdp.on("Network.loadingFinished", lambda e: received.append(e["encodedDataLength"]))
            page.goto(f"http://127.0.0.1:{server.server_port}/sub/search/")
            for label, name in zip(("cold", "warm"), names, strict=True):
                page.wait_for_timeout(200)
                received.clear()
                page.fill(".qa-search__query", name)
                start = time.perf_counter()
                page.press(".qa-search__query", "Enter")
                page.wait_for_selector(".qa-result", timeout=60_000)
                ms = (time.perf_counter() - start) * 1000
                page.wait_for_function(
                    "() => document.querySelector('#qa-search').dataset.state === 'done'"
                )
                page.wait_for_timeout(300)  # let the last responses be counted
                found.append((label, ms, sum(received), len(received)))
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return found


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


if __name__ == "__main__":
    main()
