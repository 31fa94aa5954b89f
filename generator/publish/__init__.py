"""Published files beside the pages: Atom feeds and the data export, computed from values.

`site_files(archive, site_url)` yields (path relative to the site root, chunks of bytes) one
file at a time, touching no disk: a test can read any file, and the build (`write_site_files`,
the one part that writes) streams each to disk before the next is made, so a million quotes
never sit in memory twice. Feeds need absolute URLs, hence `site_url` (mkdocs.yml's, or
`build --site-url`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from generator.models import Archive
from generator.publish.export import export_files
from generator.publish.feeds import FEED_LIMIT, PERSON_FEED_LIMIT, feed_files
from generator.publish.links import SiteLinks

SiteFile = tuple[str, Iterable[bytes]]

__all__ = [
    "FEED_LIMIT",
    "PERSON_FEED_LIMIT",
    "SiteFile",
    "SiteLinks",
    "export_files",
    "feed_files",
    "site_files",
    "write_site_files",
]


def site_files(archive: Archive, site_url: str) -> Iterator[SiteFile]:
    """Every feed and export file, one at a time, in a fixed order."""
    links = SiteLinks(site_url)
    yield from feed_files(archive, links)
    yield from export_files(archive, links)


def write_site_files(site_dir: Path, files: Iterable[SiteFile]) -> int:
    """Write the files into a built site, refusing to replace a page MkDocs wrote there."""
    count = 0
    for relative, chunks in files:
        target = site_dir / relative
        if target.exists():
            from generator.errors import BuildError

            raise BuildError(f"the hand-written pages have {relative}, where the build puts a file")
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as out:
            out.writelines(chunks)
        count += 1
    return count
