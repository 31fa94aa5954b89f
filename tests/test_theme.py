"""The page workers' side tasks (generator.theme.render_in_workers); rendering itself is
tested through the build (test_site, test_plugin)."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page

from generator.errors import BuildError
from generator.theme import page_file, page_files, render_in_workers

NO_RENDERER: Any = None
"""No pages to render: the renderer is never called."""


def _numbered(number: int) -> tuple[int, int]:
    return number, os.getpid()


def test_side_tasks_run_in_the_workers_and_their_values_come_back_in_order() -> None:
    tasks = [lambda n=n: _numbered(n) for n in range(5)]
    job = render_in_workers(NO_RENDERER, [], 3, side_tasks=tasks)
    values = job.side_results()
    assert [number for number, _ in values] == [0, 1, 2, 3, 4]
    workers = {pid for _, pid in values}
    assert len(workers) == 3 and os.getpid() not in workers
    assert job.result() == 0


def test_the_pages_are_reported_done_before_the_side_tasks_end(tmp_path: Path) -> None:
    """What waits for the pages (Pagefind's start) does not wait for the side tasks: the
    task waits for a file made only once `wait_ended` has returned."""
    signal = tmp_path / "pages-reported"

    def waits_for_the_signal() -> str:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if signal.exists():
                return "signalled"
            time.sleep(0.01)
        return "timed out"

    job = render_in_workers(NO_RENDERER, [], 1, side_tasks=[waits_for_the_signal])
    job.wait_ended()
    signal.touch()
    assert job.side_results() == ["signalled"]
    assert job.result() == 0


def test_a_failing_side_task_is_a_build_error_with_its_traceback() -> None:
    def fails() -> None:
        raise ValueError("no filter for this shard")

    job = render_in_workers(NO_RENDERER, [], 2, side_tasks=[lambda: 1, fails])
    with pytest.raises(BuildError, match=r"(?s)side task failed.*no filter for this shard"):
        job.side_results()
    assert job.result() == 0  # the pages themselves were fine


@pytest.mark.parametrize(
    "site_url",
    ["https://quotes.example/", "https://quotes.example", "https://h.example/archive/news",
     "https://h.example/a//b/", "https://h.example/a/../b/?q=1#top", "http://h.example:8080/ä/",
     "https://h.example/%7Euser/", None, ""],
)  # fmt: skip
@pytest.mark.parametrize(
    "path",
    ["people/ada-quill.md", "topics/budget.md", "people/x/index.md", "index.md",
     "people/ünï.md", "people/a b.md", "people/.hidden.md", "people/a..b.md", "people/~x.md",
     "people/a%20b.md", "people/a;b.md", "people/a?b.md", "people/a#b.md"],
)  # fmt: skip
@pytest.mark.parametrize("directory_urls", [True, False])
def test_a_page_file_has_the_urls_mkdocs_gives_its_pages(
    site_url: str | None, path: str, directory_urls: bool, tmp_path: Path
) -> None:
    """ArchivePage joins its canonical URL by concatenation where urljoin would give the same
    (theme._set_canonical_url): for any site URL and page path, what MkDocs' Page gives."""
    config = MkDocsConfig()
    config.load_dict({"site_name": "Quotes", "site_url": site_url,
                      "use_directory_urls": directory_urls, "docs_dir": str(tmp_path)})  # fmt: skip
    assert config.validate() == ([], [])
    config.plugins._current_plugin = "quote-archive"  # as while MkDocs runs a plugin's event
    ours = page_file(config, path).page
    theirs = Page(None, File.generated(config, path, content=""), config)
    assert ours is not None
    assert (ours.url, ours.canonical_url, ours.abs_url) == (
        theirs.url, theirs.canonical_url, theirs.abs_url)  # fmt: skip


@pytest.mark.parametrize(
    "site_url", ["https://quotes.example/", "https://h.example/a//b/../c", None, ""]
)
@pytest.mark.parametrize("directory_urls", [True, False])
def test_pages_made_together_are_the_pages_made_one_by_one(
    site_url: str | None, directory_urls: bool, tmp_path: Path
) -> None:
    """`page_files` makes the pages at plain paths after the first without MkDocs'
    constructors: each File and page has exactly the values `page_file` gives it, and
    pages share no table of contents or meta."""
    config = MkDocsConfig()
    config.load_dict({"site_name": "Quotes", "site_url": site_url,
                      "use_directory_urls": directory_urls, "docs_dir": str(tmp_path)})  # fmt: skip
    assert config.validate() == ([], [])
    config.plugins._current_plugin = "quote-archive"
    paths = ["people/ada-quill.md", "people/bo.md", "topics/budget.md", "topics/a..b.md",
             "top.md", "people/index.md", "people/README.md", "index.md", "people/x/index.md",
             "a/b/c/deep_page-2.md", "people/ünï.md", "people/a b.md", "people/.hidden.md",
             "people/~x.md", "people/a%20b.md", "people/a?b.md", "people/-x.md",
             "people/x.mdx"]  # fmt: skip
    together = page_files(config, paths)
    assert list(together) == paths
    for path in paths:
        ours, theirs = together[path], page_file(config, path)
        assert ours.page is not None and theirs.page is not None and ours.page.file is ours
        assert type(ours.page) is type(theirs.page)
        assert _values(ours, "page") == _values(theirs, "page"), path
        assert _values(ours.page, "file") == _values(theirs.page, "file"), path
    pages = [file.page for file in together.values() if file.page is not None]
    assert len({id(page.toc) for page in pages}) == len({id(page.meta) for page in pages})
    assert len({id(page.meta) for page in pages}) == len(paths)


def _values(thing: object, leave_out: str) -> dict[str, Any]:
    """An object's attributes but the one pointing back (file <-> page)."""
    return {key: value for key, value in vars(thing).items() if key != leave_out}


@pytest.mark.parametrize(
    "url",
    ["people/x/", "people/x.html", "a..b/", "~u/", "%C3%BC/", "x", "a/../b/", "../b/", "./b/",
     "a/./b", "a//b/", "/abs/", "//host/x", "?q", "#f", "x?q", "x#f", "http:x", "mailto:a",
     "a;p/", ".well-known/", ""],
)  # fmt: skip
def test_a_url_taken_as_a_plain_path_joins_as_urljoin_joins_it(url: str) -> None:
    """What `_is_plain_path` lets through is joined by concatenation: it must be exactly
    urljoin's result, for bases with and without a path, `//` or `..` in it."""
    from urllib.parse import urljoin

    from generator.theme import _is_plain_path, _joined_base

    for base in ("https://q.example/", "https://q.example/a//b/../c/", "https://q.example/a?x"):
        joined = _joined_base(base)
        assert joined is not None
        if _is_plain_path(url):
            assert joined[0] + url == urljoin(base if base.endswith("/") else base + "/", url)
    plain = {"people/x/", "people/x.html", "a..b/", "~u/", "%C3%BC/", "x"}
    assert _is_plain_path(url) == (url in plain)
