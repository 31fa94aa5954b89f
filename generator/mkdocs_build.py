"""MkDocs run in this process, with the quote-archive plugin handed the archive.

`python -m generator build` validates the archive itself (with its cache), so it gives the
plugin the archive and its planned pages (`Prepared`) rather than letting the plugin read
quotes/ again, and renders the person and topic pages itself after MkDocs' build, with the
plugin's theme renderer (generator.theme). MkDocs writes the rest: the Markdown pages (home,
indexes, search, the hand-written pages), the theme's files, 404.html and sitemap.xml.

MkDocs' log is kept, not printed: it is shown when the build fails.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from generator.errors import BuildError
from generator.plugin import NAME, Prepared, QuoteArchivePlugin
from generator.theme import ThemeRenderer

LOG_LINES = 15
"""Lines of MkDocs' log a failure shows."""


@dataclass
class MkDocsSession:
    """A configuration loaded and built: its plugin holds the state the pages need."""

    config: Any
    plugin: QuoteArchivePlugin
    log: list[str] = field(default_factory=list)

    @property
    def renderer(self) -> ThemeRenderer:
        return self.plugin.renderer(self.config)

    def shutdown(self) -> None:
        """End the session (plugins' on_shutdown: the build date MkDocs was given goes)."""
        self.config.plugins.on_shutdown()


def load(config_file: Path, site_dir: Path, site_url: str) -> MkDocsSession:
    """Load mkdocs.yml with the site written to `site_dir`; BuildError when it cannot be
    loaded or does not list the quote-archive plugin."""
    _require_plugin_installed(config_file)
    try:
        config = load_config(
            config_file=str(config_file), site_dir=str(site_dir), site_url=site_url
        )
    except (MkDocsException, OSError) as exc:
        raise BuildError(f"{config_file}: {exc}") from exc
    plugins = [p for p in config.plugins.values() if isinstance(p, QuoteArchivePlugin)]
    if not plugins:
        listed = ", ".join(config.plugins) or "nothing"
        raise BuildError(
            f"{config_file}: plugins expected to list {NAME} (it makes the archive's pages), "
            f"found {listed}"
        )
    return MkDocsSession(config, plugins[0])


def run(session: MkDocsSession, prepared: Prepared) -> None:
    """Build with MkDocs, the plugin leaving the person and topic pages to the caller."""
    session.plugin.use(prepared, render_later=True)
    config = session.config
    with _kept_log(session.log):
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        except Exception as exc:
            session.shutdown()
            tail = "\n".join(session.log[-LOG_LINES:])
            raise BuildError(f"MkDocs failed: {exc}\n{tail}".rstrip()) from exc


@contextmanager
def _kept_log(lines: list[str]) -> Iterator[None]:
    """Keep the 'mkdocs' logger's records in `lines` instead of printing them."""
    logger = logging.getLogger("mkdocs")
    handler = _ListHandler(lines)
    handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
    saved = logger.propagate, logger.level
    logger.addHandler(handler)
    logger.propagate = False
    if logger.level == logging.NOTSET or logger.level > logging.INFO:
        logger.setLevel(logging.INFO)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate, level = saved
        logger.setLevel(level)


class _ListHandler(logging.Handler):
    def __init__(self, lines: list[str]) -> None:
        super().__init__()
        self.lines = lines

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


def _require_plugin_installed(config_file: Path) -> None:
    """MkDocs finds plugins by their entry points, which only an installed package has."""
    found = metadata.entry_points(group="mkdocs.plugins", name=NAME)
    if not found:
        raise BuildError(
            f"{config_file}: the {NAME} MkDocs plugin is not installed; install this "
            "package (`pip install -e .`, which `make site` runs)"
        )
