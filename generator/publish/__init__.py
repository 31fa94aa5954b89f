"""Published files beside the pages: Atom feeds and the data export, computed from values.

`site_files(archive, site_url)` yields (path relative to the site root, chunks of bytes) one
file at a time, touching no disk: a test can read any file, and the build (`write_site_files`,
the one part that writes) streams each to disk before the next is made, so a million quotes
never sit in memory twice. Feeds need absolute URLs, hence `site_url` (mkdocs.yml's, or
`build --site-url`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from pathlib import Path

from generator.models import Archive
from generator.publish.export import BULK_FILES, export_files, person_data
from generator.publish.feeds import FEED_LIMIT, PERSON_FEED_LIMIT, feed_files
from generator.publish.links import SiteLinks
from generator.publish.segments import SegmentStore, export_fingerprint
from generator.render.urls import person_feed

SiteFile = tuple[str, Iterable[bytes]]

__all__ = [
    "BULK_FILES",
    "FEED_LIMIT",
    "PERSON_FEED_LIMIT",
    "SegmentStore",
    "SiteFile",
    "SiteLinks",
    "data_summary",
    "export_cache",
    "export_files",
    "feed_files",
    "person_files",
    "site_files",
    "write_site_files",
]


def site_files(
    archive: Archive,
    site_url: str,
    reused: AbstractSet[str] = frozenset(),
    store: SegmentStore | None = None,
    file_digests: Mapping[str, str] | None = None,
) -> Iterator[SiteFile]:
    """Every feed and export file, one at a time, in a fixed order; but not the files of
    the speakers in `reused` (slugs), which the caller takes from the last build. With a
    `store` (`export_cache`) and the digests of the speakers' files, the big exports are
    joined from what the last build compressed where their speakers are unchanged, and the
    site and topic feeds whose entries are unchanged are read back."""
    links = SiteLinks(site_url)
    yield from feed_files(archive, links, reused, store, file_digests)
    yield from export_files(archive, links, reused, store, file_digests)


def data_summary(
    archive: Archive,
    sizes: Mapping[str, int],
    day: str | None,
    downloads: Mapping[str, str] | None = None,
) -> bytes:
    """data/summary.json: how many quotes, speakers, topics and sources, the newest date in
    the archive (`day`, the build's reproducible date), the bytes of each data file (`sizes`,
    by path from the site root; the per-speaker files summed into `data/people/`) and, for
    the files published elsewhere (`downloads`: path -> URL), their address."""
    files: dict[str, int] = {}
    people = [size for path, size in sizes.items() if path.startswith("data/people/")]
    for path, size in sorted(sizes.items()):
        if not path.startswith("data/people/"):
            files[path] = size
    quotes = [q for s in archive.speakers for q in s.quotes]
    summary: dict[str, object] = {
        "quotes": len(quotes),
        "speakers": len(archive.speakers),
        "topics": len(archive.topics),
        "sources": sum(len(q.sources) for q in quotes),
        "as_of": day,
        "files": files,
        "people_files": {"count": len(people), "bytes": sum(people)},
    }
    if downloads:
        summary["downloads"] = dict(sorted(downloads.items()))
    return (json.dumps(summary, sort_keys=True, indent=1) + "\n").encode("utf-8")


def export_cache(cache_dir: Path, site_url: str, trust: bool = True) -> SegmentStore:
    """The store of export segments in `cache_dir/publish`; `trust=False` for a full build
    (it compresses everything, and leaves the cache filled for the next)."""
    return SegmentStore(cache_dir / "publish", export_fingerprint(site_url), trust)


def person_files(slug: str) -> tuple[str, ...]:
    """The files made from one speaker alone: their feed and their data file."""
    return (person_feed(slug), person_data(slug))


def write_site_files(
    site_dir: Path, files: Iterable[SiteFile], elsewhere: Mapping[str, Path] | None = None
) -> int:
    """Write the files into a built site, refusing to replace a page MkDocs wrote there;
    those named in `elsewhere` (path -> file) go there instead."""
    count = 0
    for relative, chunks in files:
        target = (elsewhere or {}).get(relative) or site_dir / relative
        if target.exists():
            from generator.errors import BuildError

            raise BuildError(f"the hand-written pages have {relative}, where the build puts a file")
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as out:
            out.writelines(chunks)
        count += 1
    return count
