"""Shared fixtures: small archives written into temporary directories."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
PROJECT = Path(__file__).parent.parent


@pytest.fixture
def lean_pages_made(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The slugs of the people whose search lean page is made while the test runs (not
    taken from a cache or a reused shard), in order."""
    from generator.search import shards

    made: list[str] = []
    real = shards.person_record

    def person_record(speaker: object, index: object) -> object:
        made.append(speaker.slug)  # type: ignore[attr-defined]
        return real(speaker, index)  # type: ignore[arg-type]

    monkeypatch.setattr(shards, "person_record", person_record)
    return made


@pytest.fixture
def archive_dir(tmp_path: Path) -> Path:
    """A copy of the small valid test archive, safe to modify."""
    target = tmp_path / "quotes"
    shutil.copytree(DATA / "archive", target)
    return target


# -- Browser tests (tests/site_harness.py) ------------------------------------------------------


@pytest.fixture(scope="session")
def www(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of the test sites, each built once for the session under a sub-path:
    archive/ (the site archive), sharded/ (the same, one quote a search shard), evil/ (hostile
    contributor text), names/ (one person a name file), readers/ (long pages split) and
    phrases/ (a phrase and its words apart, in two shards)."""
    import site_harness as harness

    root = tmp_path_factory.mktemp("www")
    harness.build_project(root / "archive", DATA / "site_archive")
    # One quote a shard: people spread by a hash of their slug over several indexes.
    harness.build_project(root / "sharded", DATA / "site_archive", quote_budget=1)
    harness.build_project(root / "evil", DATA / "malicious_archive")
    # One person a name file: every key shared by two people splits by one more letter.
    harness.build_project(root / "names", DATA / "names_archive", name_leaf_limit=1)
    # Four quotes a person page and five people before People A-Z splits by letter.
    harness.build_project(
        root / "readers",
        DATA / "readers_archive",
        site_url="https://quote-archive.example/readers/site/",
        page_quotes=4,
        people_page_limit=5,
    )
    # Cora Lindqvist (the words apart) is in the first shard, Dev Okafor (the phrase) in the last.
    harness.build_project(root / "phrases", DATA / "phrase_archive", quote_budget=1)
    return root


@pytest.fixture(scope="session")
def served(www: Path) -> Iterator[str]:
    """The base URL the test sites are served from (`www`), like GitHub Pages project sites."""
    import site_harness as harness

    handler = functools.partial(harness.PagesHandler, directory=str(www))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    import site_harness as harness

    if not harness.CHROMIUM.exists():
        pytest.skip("Debian's Chromium is not installed (make test installs it)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(harness.CHROMIUM), args=harness.CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


def _new_page(browser: object, **options: object) -> Iterator[object]:
    import site_harness as harness

    context = browser.new_context(**options)  # type: ignore[attr-defined]
    context.set_default_timeout(harness.TIMEOUT)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("dialog", lambda dialog: (page.errors.append(f"dialog {dialog.message}"),
                                      dialog.dismiss()))  # fmt: skip
    yield page
    context.close()


@pytest.fixture
def page(browser: object, served: str) -> Iterator[object]:
    """A fresh browser tab; `page.errors` collects script errors and dialogs."""
    yield from _new_page(browser)


@pytest.fixture
def clipboard_page(browser: object, served: str) -> Iterator[object]:
    """A tab that may read and write the clipboard."""
    yield from _new_page(browser, permissions=["clipboard-read", "clipboard-write"])


@pytest.fixture(params=["archive", "sharded"])
def site(request: pytest.FixtureRequest, served: str) -> str:
    """The test site, indexed whole or in shards: a reader must not tell the difference."""
    return f"{served}{request.param}/site/"
