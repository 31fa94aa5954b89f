"""The MkDocs plugin that makes the archive's site: `plugins: [quote-archive]` in mkdocs.yml.

With it, `mkdocs build` and `mkdocs serve` build the whole site from quotes/ and the
hand-written pages in content/, with nothing generated beforehand:
- `on_files`: the archive is read and validated (an invalid one stops the build with each
  problem at its line) and its pages planned. The home page, People A–Z, the topics index
  and the search page are Markdown, added as generated files for MkDocs to convert (the long
  people lists of People A–Z set aside and put back as they are: generator.raw_blocks). Person
  and topic pages are HTML (generator.render.documents) and never go through Markdown: they
  are kept out of MkDocs' files, and listed in sitemap.xml (`on_template_context`).
- `on_post_build`: once MkDocs has written its pages, the person and topic pages are
  rendered into the theme (generator.theme), and the feeds, data files, quote pages and
  search index are written beside them (generator.outputs).
- `on_serve`: `mkdocs serve` rebuilds when a file under quotes/ changes.

`python -m generator build` (generator.site) runs MkDocs with this plugin too, handing it the
archive it has validated (`use`) and rendering the person and topic pages itself, in worker
processes and only those that changed, with the same `ThemeRenderer`: a page is the same
bytes whichever way built it.

Pages that quotes/ makes are the plugin's: a file in content/ at one of their places (a
Markdown page an older version of the build left in content/people/, say) is left out.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from generator.buildcache import template_cache
from generator.errors import ArchiveError
from generator.html_space import trimmed_html
from generator.models import Archive
from generator.outputs import (
    DOWNLOADS_FOLDER,
    Downloads,
    build_epoch,
    downloads_url,
    link_moved_files,
    write_everything_beside,
)
from generator.raw_blocks import put_back, set_aside
from generator.render import GENERATED, PagePlan, plan_site
from generator.render.documents import HtmlPage
from generator.render.environment import ENVIRONMENT
from generator.theme import Job, ThemeRenderer, page_files, render_here

if TYPE_CHECKING:
    import jinja2
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.nav import Navigation

NAME = "quote-archive"
"""The plugin's name in mkdocs.yml (its entry point in pyproject.toml)."""


class QuoteArchiveConfig(Config):
    quotes_dir = config_options.Type(str, default="quotes")
    """The archive, relative to mkdocs.yml."""
    downloads_url = config_options.Type(str, default="")
    """Where the whole-archive files are published instead of the site (release assets of
    the repository, uploaded by the Pages workflow), or "" to keep them in data/."""


@dataclass
class Prepared:
    """What `python -m generator build` hands the plugin: the archive it validated, its
    pages planned, the repository the person pages link to, and where the whole-archive
    files are published (generator.outputs.Downloads), when not in the site."""

    archive: Archive
    plans: Mapping[str, PagePlan]
    repo_url: str = ""
    downloads: Downloads | None = None
    epoch: int | None = None
    """The archive's `build_epoch`, when the caller has it (a pass over every quote)."""


class QuoteArchivePlugin(BasePlugin[QuoteArchiveConfig]):
    """Builds the archive's pages (see the module's docstring)."""

    def __init__(self) -> None:
        self.prepared: Prepared | None = None
        self.render_later = False
        """Whether the person and topic pages are left to the caller (generator.site)."""
        self._archive: Archive | None = None
        self._plans: Mapping[str, PagePlan] = {}
        self._html_files: dict[str, File] = {}
        self._files: Files | None = None
        self._nav: Navigation | None = None
        self._env: jinja2.Environment | None = None
        self._site_pages: list[File] | None = None
        self._downloads: Downloads | None = None
        self._epoch_before: str | None = None
        self._set_aside: dict[str, dict[str, str]] = {}
        self._project = Path(".")
        """Raw HTML blocks kept away from Markdown, by page (generator.raw_blocks)."""

    def use(self, prepared: Prepared, render_later: bool = True) -> None:
        """Take an archive already validated and planned instead of reading quotes/; with
        `render_later`, leave the person and topic pages and everything beside the pages
        to the caller (`renderer`, `jobs`)."""
        self.prepared = prepared
        self.render_later = render_later

    # -- MkDocs events --------------------------------------------------------------------

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self._epoch_before = os.environ.get("SOURCE_DATE_EPOCH")

    def on_shutdown(self) -> None:
        if self._epoch_before is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = self._epoch_before

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # The theme's templates and the archive's pages' (generator.render.environment),
        # compiled once and kept between builds.
        self._project = Path(config.config_file_path or ".").resolve().parent
        ENVIRONMENT.bytecode_cache = template_cache(self._project, ENVIRONMENT)
        if self.prepared is not None:
            self._downloads = self.prepared.downloads
            return config
        try:
            url = downloads_url(self.config.downloads_url)
        except ValueError as error:
            raise PluginError(f"{NAME}: {error}") from None
        folder = Path(config.config_file_path or ".").resolve().parent / DOWNLOADS_FOLDER
        self._downloads = Downloads(folder, url) if url else None
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        archive, plans = self._archive_and_plans(config)
        self._archive, self._plans = archive, plans
        # Reproducible: the 'build date' MkDocs gives every page and sitemap.xml(.gz).
        epoch = self.prepared.epoch if self.prepared else None
        os.environ["SOURCE_DATE_EPOCH"] = str(build_epoch(archive) if epoch is None else epoch)
        for file in [f for f in files if is_generated(f.src_uri)]:
            files.remove(file)
        for path, plan in plans.items():
            if not plan.html:
                text = plan.render()
                assert isinstance(text, str)
                files.append(File.generated(config, path, content=text))
        self._html_files = page_files(config, [path for path, plan in plans.items() if plan.html])
        self._files = files
        self._site_pages = None
        return files

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        self._nav = nav
        return nav

    def on_env(
        self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files
    ) -> jinja2.Environment:
        # Templates do not change during a build; not checking their files' dates on every
        # include makes a page a quarter quicker to render (the output is the same).
        env.auto_reload = False
        env.bytecode_cache = template_cache(self._project, env)
        self._env = env
        return env

    def on_template_context(
        self, context: Any, /, *, template_name: str, config: MkDocsConfig
    ) -> Any:
        if template_name == "sitemap.xml":
            context["pages"] = self.site_pages(context["pages"])
        if template_name == "404.html" and self._downloads:
            # An old link to a whole-archive file lands on 404.html: it goes on to the file.
            context["qa_moved_files"] = self._downloads.moved()
        return context

    def on_page_markdown(
        self, markdown: str, /, *, page: Any, config: MkDocsConfig, files: Files
    ) -> str:
        if not is_generated(page.file.src_uri):
            return markdown
        markdown, self._set_aside[page.file.src_uri] = set_aside(markdown)
        return markdown

    def on_page_content(
        self, html: str, /, *, page: Any, config: MkDocsConfig, files: Files
    ) -> str:
        blocks = self._set_aside.pop(page.file.src_uri, None)
        if blocks:
            try:
                html = put_back(html, blocks)
            except ValueError as error:
                raise PluginError(f"{NAME}: {page.file.src_uri}: {error}") from None
        if not self._downloads:
            return html
        return link_moved_files(html, page.url, self._downloads.moved())

    def on_page_context(
        self, context: Any, /, *, page: Any, config: MkDocsConfig, nav: Navigation
    ) -> Any:
        context["pages"] = self.site_pages(context["pages"])
        return context

    def on_post_page(self, output: str, /, *, page: Any, config: MkDocsConfig) -> str:
        # Every page, from MkDocs or ThemeRenderer: the same bytes whichever path built it.
        return trimmed_html(output)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.render_later:
            return
        assert self._archive is not None
        render_here(self.renderer(config), self.jobs(self._html_files))
        site = Path(config.site_dir)
        scratch = Path(tempfile.mkdtemp(prefix=".quote-archive-", dir=site.parent))
        try:
            write_everything_beside(
                site, scratch, self._archive, _site_url(config), self._downloads
            )
        finally:
            shutil.rmtree(scratch, ignore_errors=True)

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(self.quotes_dir(config)))
        return server

    # -- For generator.site ---------------------------------------------------------------

    def release(self) -> None:
        """Let go of the archive and the plans (the build needs the memory for Pagefind)."""
        self.prepared = None
        self._archive = None
        self._plans = {}

    def renderer(self, config: MkDocsConfig) -> ThemeRenderer:
        """The theme renderer with MkDocs' state after a build with this plugin."""
        if self._files is None or self._nav is None or self._env is None:
            raise PluginError(f"{NAME}: the pages can be rendered only after MkDocs' build")
        pages = self.site_pages(self._files.documentation_pages())
        return ThemeRenderer(config, self._files, self._nav, self._env, pages)

    @property
    def html_files(self) -> Mapping[str, File]:
        """The person and topic pages: {path under content/: File}."""
        return self._html_files

    def jobs(self, files: Mapping[str, File]) -> list[Job]:
        """The pages of `files` ({path: File}) to render, with how to make each."""
        return [(file, _html_of(self._plans[path])) for path, file in files.items()]

    def site_pages(self, documentation_pages: Any) -> list[File]:
        """Every page of the site: MkDocs' own, then the person and topic pages (made once
        a build: the list is the same for every page)."""
        if self._site_pages is None:
            self._site_pages = [*documentation_pages, *self._html_files.values()]
        return self._site_pages

    # -- Reading the archive --------------------------------------------------------------

    def quotes_dir(self, config: MkDocsConfig) -> Path:
        base = Path(config.config_file_path or ".").resolve().parent
        return base / self.config.quotes_dir

    def _archive_and_plans(self, config: MkDocsConfig) -> tuple[Archive, Mapping[str, PagePlan]]:
        if self.prepared is not None:
            return self.prepared.archive, self.prepared.plans
        from generator.checks import load_valid_archive_with_digests

        quotes = self.quotes_dir(config)
        try:
            archive, _ = load_valid_archive_with_digests(quotes)
        except ArchiveError as error:
            lines = [line for problem in error.problems for line in problem.lines()]
            message = f"{NAME}: the archive in {quotes} is not valid:\n" + "\n".join(lines)
            raise PluginError(message) from None
        return archive, plan_site(archive, None, _repo_url(config))


def is_generated(relative: str) -> bool:
    """Whether a page under content/ is one the archive makes (the rest is written by hand)."""
    top = relative.split("/", 1)[0]
    return relative in GENERATED or top in GENERATED


def _html_of(plan: PagePlan) -> Any:
    def make() -> HtmlPage:
        page = plan.render()
        assert isinstance(page, HtmlPage)
        return page

    return make


def _site_url(config: MkDocsConfig) -> str:
    url = str(config.site_url or "")
    return url if url.endswith("/") else url + "/"


def _repo_url(config: MkDocsConfig) -> str:
    url = str(config.repo_url or "").strip().rstrip("/")
    return url if url.startswith("https://") else ""
