"""Person and topic pages straight into the MkDocs theme's templates, without Markdown.

A person page's body is HTML already (generator.render.documents); what MkDocs would add is
the theme around it: Material's `main.html` (with any override in `overrides/`), given the
page, the nav and the configuration. `ThemeRenderer.render` does exactly what MkDocs'
`_build_page` does for a page (the same template context, the same plugin events, the same
encoding), minus Python-Markdown: 20k pages at 200k quotes take about a millisecond each
instead of MkDocs' ~9 ms of Markdown and HTML parsing.

Both ways of building use it (generator.plugin): `mkdocs build` renders the pages one after
the other once MkDocs has written its own, and `python -m generator build` renders them in
worker processes (`render_in_workers`) while it writes the feeds, exports and search index.
So a page is the same bytes whichever way built it.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import multiprocessing as mp
import multiprocessing.connection as mp_connection
import os
import re
import time
import traceback
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from mkdocs.commands.build import get_context
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from generator.errors import BuildError
from generator.instances import made_without_init
from generator.render.documents import HtmlPage
from generator.search.service import peak_rss_kb

if TYPE_CHECKING:
    import jinja2
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.nav import Navigation

DEFAULT_TEMPLATE = "main.html"


class ArchivePage(Page):
    """An MkDocs page whose front matter, HTML and table of contents are given (an
    HtmlPage), not read from a Markdown file: `read_source` and `render` have nothing to
    do, so MkDocs' title, URL and canonical URL logic still apply."""

    def __init__(self, file: File, config: MkDocsConfig) -> None:
        super().__init__(None, file, config)
        self.markdown = ""  # MkDocs gives a page without Markdown no title

    def _set_canonical_url(self, base: str | None) -> None:
        """MkDocs' canonical and absolute URLs, joined by concatenating when the page's URL
        is a plain relative path (what urljoin would give then): urljoin and urlsplit for
        each of 20k pages took a second of a rebuild at 200k quotes."""
        url = self.url
        joined = _joined_base(base) if base else None
        if joined is None or not _is_plain_path(url):
            super()._set_canonical_url(base)
            return
        canonical, path = joined
        self.canonical_url = canonical + url
        self.abs_url = path + url

    def fill(self, source: HtmlPage) -> None:
        """Take the page's values; `release` lets go of them once the page is written."""
        self.meta = dict(source.meta)
        self.content = source.content
        self.toc = get_toc(
            [{"level": h.level, "id": h.id, "name": h.title, "children": []} for h in source.toc]
        )

    def release(self) -> None:
        self.meta, self.content, self.toc = {}, None, get_toc([])

    def read_source(self, config: MkDocsConfig) -> None:
        """Nothing to read: `fill` gave the page its values."""

    def render(self, config: MkDocsConfig, files: Files) -> None:
        """Nothing to convert: the content is HTML."""


@functools.lru_cache(maxsize=8)
def _joined_base(base: str) -> tuple[str, str] | None:
    """What MkDocs' urljoin(base, url) and its path start with for a plain relative `url`
    (found by joining a probe); None when the join does not end in the probe."""
    base = base if base.endswith("/") else base + "/"
    canonical = urljoin(base, _PROBE)
    path = urlsplit(canonical).path
    if not canonical.endswith(_PROBE) or not path.endswith(_PROBE):
        return None
    return canonical[: -len(_PROBE)], path[: -len(_PROBE)]


_PROBE = "probe"
_PLAIN_PATH = re.compile(
    r"(?:[A-Za-z0-9_~%-][A-Za-z0-9_~%.-]*/)*(?:[A-Za-z0-9_~%-][A-Za-z0-9_~%.-]*)?"
)
"""A relative path whose segments urljoin keeps as they are: no scheme, query or fragment,
no empty segment but the last, none starting with a dot (so no `.` or `..`)."""


def _is_plain_path(url: str) -> bool:
    return bool(url) and _PLAIN_PATH.fullmatch(url) is not None


def page_file(config: MkDocsConfig, path: str) -> File:
    """The File an HTML page stands for: `people/x.md` written to `people/x/index.html`."""
    file = File.generated(config, path, content="")
    ArchivePage(file, config)
    return file


def page_files(config: MkDocsConfig, paths: Iterable[str]) -> dict[str, File]:
    """`page_file` for each of `paths`, by path. Pages at plain paths (`people/ada-quill.md`)
    after the first are made like it, with only what depends on the path worked out: MkDocs'
    constructors took ~100 microseconds a page, two seconds of a rebuild at 200k quotes."""
    files: dict[str, File] = {}
    model: File | None = None
    for path in paths:
        plain = _PLAIN_PAGE.fullmatch(path) is not None
        if model is not None and plain:
            files[path] = _made_like(model, path, config.get("site_url"))
            continue
        files[path] = page_file(config, path)
        page = files[path].page
        if model is None and plain and page and page.edit_url is None:
            model = files[path]
    return files


_PLAIN_PAGE = re.compile(
    r"(?:[A-Za-z0-9_-][A-Za-z0-9_.-]*/)*"  # folders
    r"(?!(?:index|README)\.md$)[A-Za-z0-9_-][A-Za-z0-9_.-]*\.md"
)
"""A Markdown page's path that MkDocs turns into a URL as it is (nothing to quote or
normalize, no segment starting with a dot) and that is not a folder's index page."""


def _made_like(model: File, path: str, site_url: str | None) -> File:
    """The page `page_file(config, path)` gives, made from `model` (a page of the same
    build at a plain path): its values but the path's own name, destination and URLs, and
    its own table of contents and meta."""
    parent, _, filename = path.rpartition("/")
    name = filename[: -len(".md")]
    folder = parent + "/" if parent else ""
    if model.use_directory_urls:
        dest_uri, url = f"{folder}{name}/index.html", f"{folder}{name}/"
    else:
        dest_uri = url = f"{folder}{name}.html"
    own = {"src_uri": path, "name": name, "dest_uri": dest_uri, "url": url}
    file = made_without_init(File, {**model.__dict__, **own})
    page = model.page
    assert isinstance(page, ArchivePage)
    made = made_without_init(ArchivePage, {**page.__dict__, "file": file, "toc": [], "meta": {}})
    file.page = made
    made._set_canonical_url(site_url)
    return file


@dataclass
class ThemeRenderer:
    """Renders pages into the theme as MkDocs' build does, with MkDocs' state after it has
    built the rest of the site: its configuration (plugins included), files, nav and theme
    environment; `pages` is the `pages` value of the template context (every page of the
    site, these included, as sitemap.xml lists them)."""

    config: MkDocsConfig
    files: Files
    nav: Navigation
    env: jinja2.Environment
    pages: Sequence[File]
    _templates: dict[str, Any] = field(default_factory=dict)

    def render(self, file: File, source: HtmlPage) -> bytes | None:
        """The page's HTML, as MkDocs writes it; None when the theme gives nothing (MkDocs
        then writes no file)."""
        page = file.page
        assert isinstance(page, ArchivePage)
        config = self.config
        config._current_page = page
        try:
            page = config.plugins.on_pre_page(page, config=config, files=self.files)
            assert isinstance(page, ArchivePage)
            page.fill(source)
            page.content = config.plugins.on_page_content(
                source.content, page=page, config=config, files=self.files
            )
            page.active = True
            context = get_context(self.nav, self.pages, config, page)
            template = self._template(page.meta.get("template", DEFAULT_TEMPLATE))
            context = config.plugins.on_page_context(
                context, page=page, config=config, nav=self.nav
            )
            output = template.render(context)
            output = config.plugins.on_post_page(output, page=page, config=config)
        finally:
            page.active = False
            if isinstance(page, ArchivePage):
                page.release()
            config._current_page = None
        return output.encode("utf-8", errors="xmlcharrefreplace") if output.strip() else None

    def _template(self, name: str) -> Any:
        if name not in self._templates:
            self._templates[name] = self.env.get_template(name)
        return self._templates[name]

    def write(self, file: File, source: HtmlPage) -> bool:
        """Render the page into its place under the site; whether a file was written."""
        output = self.render(file, source)
        if output is None:
            return False
        target = file.abs_dest_path
        with contextlib.suppress(FileExistsError):
            os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as out:
            out.write(output)
        return True


Job = tuple[File, Callable[[], HtmlPage]]
"""A page to render: its File, and how to make its HtmlPage."""


@dataclass
class WorkersJob:
    """Pages rendered by worker processes; `result` waits for them, `kill` stops them."""

    processes: list[Any]
    pipes: list[Any]
    pages: int
    started: float
    written: int = 0
    ended: float = 0.0
    peak_rss_kb: int = 0
    """The largest worker's peak (its VmHWM, less what it shared with the parent at first
    is not told apart: a forked worker starts with the parent's pages mapped)."""
    side_tasks: int = 0
    _reports: dict[int, dict[str, Any]] = field(default_factory=dict)
    """Each worker's messages (by its number): its pages' report, then its side tasks'."""
    _side: dict[int, dict[str, Any]] = field(default_factory=dict)

    def result(self) -> int:
        """Wait for every worker; how many pages were written. BuildError if one failed."""
        errors = []
        self.ended = self.started
        for number, process in enumerate(self.processes):
            report = self._report(number)
            self._side_report(number)  # read before joining: a worker always sends it last
            process.join()
            if "error" in report:
                errors.append(str(report["error"]))
                continue
            self.written += report["written"]
            self.ended = max(self.ended, report["ended"])
            self.peak_rss_kb = max(self.peak_rss_kb, report["peak_rss_kb"])
        if errors:
            raise BuildError("rendering the person and topic pages failed:\n" + errors[0])
        return self.written

    def side_results(self) -> list[Any]:
        """The values of the side tasks, in their order, once the workers have done them;
        BuildError if one failed."""
        workers = len(self.processes)
        values: list[Any] = [None] * self.side_tasks
        for number in range(workers):
            if "error" in (pages := self._report(number)):
                raise BuildError("rendering the person and topic pages failed:\n" + pages["error"])
            side = self._side_report(number)
            if "error" in side:
                raise BuildError("a page worker's side task failed:\n" + str(side["error"]))
            values[number::workers] = side["side"]
        return values

    def _report(self, number: int) -> dict[str, Any]:
        if number not in self._reports:
            self._reports[number] = _received(self.pipes[number])
        return self._reports[number]

    def _side_report(self, number: int) -> dict[str, Any]:
        if number not in self._side:
            first = self._report(number)
            self._side[number] = first if "error" in first else _received(self.pipes[number])
        return self._side[number]

    def wait_ended(self) -> None:
        """Wait until every worker has reported or ended, without taking its report (that
        is `result`'s): a build starts its search indexing then, on the cores they free."""
        waiting = list(self.pipes)
        while waiting:
            ready = mp_connection.wait(waiting)
            waiting = [pipe for pipe in waiting if pipe not in ready]

    def kill(self) -> None:
        for process in self.processes:
            if process.is_alive():
                process.kill()
            process.join()


def render_in_workers(
    renderer: ThemeRenderer,
    jobs: Sequence[Job],
    workers: int,
    side_tasks: Sequence[Callable[[], Any]] = (),
) -> WorkersJob:
    """Start `workers` processes rendering `jobs` (every `workers`-th one each, so big and
    small pages mix). They are forked, so they share the archive the parent holds without
    copying or pickling it; the parent's objects are frozen out of their garbage collector
    first, which would otherwise touch (and so copy) every one of them.

    `side_tasks` are functions of what the parent holds whose values (small, picklable)
    it needs later: each worker runs its share once its pages are done and reported, so
    the work leaves the parent's own path without holding up what waits for the pages
    (`wait_ended`); `WorkersJob.side_results` gives the values."""
    context = mp.get_context("fork")
    started = time.perf_counter()
    already = gc.get_freeze_count() > 0  # the build's own freeze (site.unfrozen_at_end)
    # Frozen without a collection first: one freed 0 objects of a full build at 200k quotes
    # and 972 of an edit rebuild, in 0.3 s each (what it walked: MkDocs' state, the plans).
    gc.freeze()
    processes, pipes = [], []
    try:
        for number in range(max(1, workers)):
            receive, send = context.Pipe(duplex=False)
            share = jobs[number :: max(1, workers)]
            side = side_tasks[number :: max(1, workers)]
            process = context.Process(target=_render_share, args=(renderer, share, send, side))
            process.start()
            send.close()
            processes.append(process)
            pipes.append(receive)
    finally:
        if not already:
            gc.unfreeze()
    return WorkersJob(processes, pipes, len(jobs), started, side_tasks=len(side_tasks))


def _render_share(
    renderer: ThemeRenderer,
    jobs: Iterable[Job],
    pipe: Any,
    side_tasks: Sequence[Callable[[], Any]] = (),
) -> None:
    """A worker's life: render its pages, then report (pages written, when it ended, its
    peak memory) or the error; then run its side tasks and send their values (none
    without)."""
    try:
        try:
            written = sum(renderer.write(file, make()) for file, make in jobs)
            ended = time.perf_counter()
            pipe.send({"written": written, "ended": ended, "peak_rss_kb": peak_rss_kb()})
        except BaseException:
            pipe.send({"error": traceback.format_exc(limit=8)})
            return
        try:
            pipe.send({"side": [task() for task in side_tasks]})
        except BaseException:
            pipe.send({"error": traceback.format_exc(limit=8)})
    finally:
        pipe.close()


def _received(pipe: Any) -> dict[str, Any]:
    try:
        message: dict[str, Any] = pipe.recv()
    except EOFError:
        message = {"error": "a page worker ended without a word"}
    return message


def render_here(renderer: ThemeRenderer, jobs: Iterable[Job]) -> int:
    """Render the pages in this process, one after the other; how many were written."""
    return sum(renderer.write(file, make()) for file, make in jobs)
