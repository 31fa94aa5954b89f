"""What a built site holds besides its pages: feeds and data files, the former slugs' pages,
the quotes' own pages, the name index and the Pagefind index.

Both ways of building write them with these functions: `mkdocs build` (generator.plugin)
into the site MkDocs has just written, from scratch; `python -m generator build`
(generator.site) into its staging area, reusing what the last build made where nothing
changed. Each writes into a folder of its own first (`published/`), so nothing a hand-written
page put in the site is overwritten: `merge_into` refuses a clash.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import re
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from pathlib import Path
from posixpath import basename
from urllib.parse import urljoin, urlsplit

from generator.errors import BuildError
from generator.filechores import link_files
from generator.models import Archive
from generator.publish import (
    BULK_FILES,
    SegmentStore,
    data_summary,
    site_files,
    write_site_files,
)
from generator.render.permalinks import (
    PERMALINK_FOLDER,
    former_slug_files,
    former_slug_pages,
    quote_page_plans,
)
from generator.search import (
    NAMES_FOLDER,
    IndexReport,
    phrase_filters,
    search_shards,
    write_name_index,
    write_search_shards,
    write_shard_phrase_hints,
)

SUMMARY_FILE = "data/summary.json"
SEARCH_FOLDER = "pagefind"
"""The first Pagefind bundle's folder in the site (the others sit beside it: pagefind-1/...)."""
DOWNLOADS_FOLDER = "downloads"
"""Beside mkdocs.yml (git-ignored): the whole-archive files, when published elsewhere."""


@dataclass(frozen=True)
class Downloads:
    """The whole-archive files (BULK_FILES) published elsewhere than the site: written to
    `folder` (then uploaded, by the Pages workflow, as release assets) and linked at `url`
    + their name. Everything else stays in the site, so does every per-speaker file."""

    folder: Path
    url: str
    """Absolute, ending in `/`: `https://github.com/o/r/releases/download/archive-data/`."""

    def paths(self) -> dict[str, Path]:
        """Where each file goes: {path in the site: file in `folder`}."""
        return {path: self.folder / basename(path) for path in BULK_FILES}

    def moved(self) -> dict[str, str]:
        """{path in the site: the address it is published at instead}."""
        return {path: self.url + basename(path) for path in BULK_FILES}


def downloads_url(url: str | None) -> str:
    """An absolute https URL ending in `/`, or "" for none; ValueError otherwise."""
    text = (url or "").strip()
    if not text:
        return ""
    if not text.startswith("https://") or text == "https://":
        raise ValueError(f"downloads URL expected to start with https://, found {text}")
    return text if text.endswith("/") else text + "/"


def build_epoch(archive: Archive) -> int:
    """The newest date in the archive as a Unix time: the reproducible 'build date'."""
    # Dates are YYYY, YYYY-MM or YYYY-MM-DD: the greatest string is the newest date, as
    # completed to a day (a month sorts before its days, and completes to its first).
    # Lists, not a generator of each quote's dates: twice as quick (0.2 s at 200k quotes).
    quotes = [quote for speaker in archive.speakers for quote in speaker.quotes]
    newest = max(
        max([quote.date for quote in quotes if quote.date], default=""),
        max([source.date for quote in quotes for source in quote.sources if source.date],
            default=""),
    )  # fmt: skip
    if not newest:
        return 0
    newest += "-01-01"[len(newest) - 4 :]
    day = dt.datetime.strptime(newest, "%Y-%m-%d").replace(tzinfo=dt.UTC)
    return int(day.timestamp())


def publish_files(
    published: Path,
    archive: Archive,
    site_url: str,
    reused: Mapping[str, tuple[str, ...]] | None = None,
    old_site: Path | None = None,
    exports: SegmentStore | None = None,
    file_digests: Mapping[str, str] | None = None,
    downloads: Downloads | None = None,
    epoch: int | None = None,
) -> int:
    """Write the feeds, the data export and its summary, and the former slugs' pages and
    files into `published` (a new folder); how many files. The feed and data file of the
    speakers in `reused` ({slug: paths}) are linked from `old_site` instead of made again;
    the whole-archive files go to `downloads.folder` (new) when given; `epoch` is the
    archive's `build_epoch` when the caller has it."""
    published.mkdir(parents=True, exist_ok=True)
    kept = reused or {}
    elsewhere = downloads.paths() if downloads else {}
    if downloads:
        downloads.folder.mkdir(parents=True)
    files = site_files(archive, site_url, set(kept), exports, file_digests)
    count = write_site_files(published, files, elsewhere)
    if kept and old_site is not None:
        count += link_files(old_site, published, (p for paths in kept.values() for p in paths))
    count += write_data_summary(published, archive, downloads, epoch)
    return count + write_permalinks(published, archive, site_url)


def write_permalinks(published: Path, archive: Archive, site_url: str) -> int:
    """Each former slug's page, and its feed and data file as links to the current ones
    (generator.render.permalinks); how many files. (The quotes' own pages are made apart.)"""
    count = write_site_files(published, former_slug_pages(archive, site_url))
    for old, current in former_slug_files(archive):
        if (published / current).is_file() and not (published / old).exists():
            os.link(published / current, published / old)
            count += 1
    return count


def write_data_summary(
    published: Path, archive: Archive, downloads: Downloads | None = None, epoch: int | None = None
) -> int:
    """Write data/summary.json (what the Data page tells: counts, the archive's date, the
    size of each download and where those published elsewhere are) once the other files are
    written; 1, the files written."""
    target = published / SUMMARY_FILE
    sizes = file_sizes(published, "data")
    if downloads:
        sizes.update((path, file.stat().st_size) for path, file in downloads.paths().items())
    epoch = build_epoch(archive) if epoch is None else epoch
    day = dt.datetime.fromtimestamp(epoch, dt.UTC).date().isoformat() if epoch else None
    target.parent.mkdir(parents=True, exist_ok=True)
    moved = downloads.moved() if downloads else None
    target.write_bytes(data_summary(archive, dict(sorted(sizes.items())), day, moved))
    return 1


def write_quote_pages(folder: Path, archive: Archive, site_url: str) -> int:
    """Every quote's own page into `folder` (the site's q/, new), from scratch."""
    folder.mkdir(parents=True)
    count = 0
    for quote_id, _, render in quote_page_plans(archive, site_url):
        os.mkdir(folder / quote_id)
        with open(folder / quote_id / "index.html", "wb") as out:
            out.write(render())
        count += 1
    return count


def write_search(search: Path, archive: Archive, previous: Path | None = None) -> IndexReport:
    """The name index and the Pagefind bundles into `search` (a new folder), each bundle a
    folder to move into the site; `previous`: the last site's first bundle, whose unchanged
    shards are copied rather than indexed again."""
    write_name_index(archive, search / NAMES_FOLDER)
    shards = search_shards(archive)
    hints = phrase_filters(shards)
    report = write_search_shards(shards, search / SEARCH_FOLDER, previous=previous)
    write_shard_phrase_hints(hints, search / SEARCH_FOLDER)
    return report


def move_search_index(search: Path, site: Path) -> None:
    """Move the bundles indexed beside the site into it (rename: same file system)."""
    for bundle in sorted(search.iterdir()):
        target = site / bundle.name
        if target.exists():
            raise BuildError(
                f"the hand-written pages have a {bundle.name}/ folder, where the search "
                "index goes; rename it"
            )
        os.rename(bundle, target)


def merge_into(folder: Path, site: Path, top: Path | None = None) -> None:
    """Move every file under `folder` to the same place in `site` (renames, folder by folder
    where `site` has none yet), refusing to replace anything MkDocs wrote."""
    top = top or site
    for entry in sorted(folder.iterdir()):
        target = site / entry.name
        if not target.exists():
            os.rename(entry, target)
        elif entry.is_dir() and target.is_dir():
            merge_into(entry, target, top)
        else:
            raise BuildError(
                f"the hand-written pages have {target.relative_to(top).as_posix()}, where the "
                "build puts a file of its own (a feed, a data file, a quote's page); rename it"
            )


def write_everything_beside(
    site: Path, scratch: Path, archive: Archive, site_url: str, downloads: Downloads | None
) -> int:
    """All of the above, from scratch, into a site MkDocs has built (`mkdocs build`):
    written in `scratch` (beside the site, on its file system), then moved in; files. The
    whole-archive files go to `downloads.folder`, replaced, when given."""
    published = scratch / "published"
    staged = Downloads(scratch / DOWNLOADS_FOLDER, downloads.url) if downloads else None
    count = publish_files(published, archive, site_url, downloads=staged)
    count += write_quote_pages(published / PERMALINK_FOLDER, archive, site_url)
    report = write_search(scratch / "search", archive)
    move_search_index(scratch / "search", site)
    merge_into(published, site)
    if downloads and staged:
        swap_directory(staged.folder, downloads.folder, scratch / "replaced-downloads")
    return count + report.records


def swap_directory(new: Path, target: Path, previous: Path) -> None:
    """Put `new` in place of `target` by renaming; `target`'s old tree moves to `previous`."""
    if target.exists():
        os.rename(target, previous)
    try:
        os.rename(new, target)
    except OSError:
        if previous.exists():
            os.rename(previous, target)
        raise


def unchanged_speaker_files(
    slugs: AbstractSet[str], old_site: Path, files_of: Mapping[str, tuple[str, ...]]
) -> dict[str, tuple[str, ...]]:
    """The speakers among `slugs` whose files (`files_of`) the last site has: {slug: paths}.
    Each folder is listed once rather than each file looked up (40k lookups at 200k)."""
    listed: dict[str, frozenset[str]] = {}

    def there(path: str) -> bool:
        folder, _, name = path.rpartition("/")
        if folder not in listed:
            listed[folder] = _file_names(old_site / folder)
        return name in listed[folder]

    return {slug: files_of[slug] for slug in sorted(slugs) if all(map(there, files_of[slug]))}


def file_sizes(root: Path, folder: str) -> dict[str, int]:
    """{path from `root`: bytes} of the files under `root`/`folder` (os.scandir: for data/'s
    20k files at 200k quotes, 0.09 s against 0.4-0.6 s with pathlib's rglob and stat)."""
    sizes: dict[str, int] = {}
    folders = [folder]
    while folders:
        relative = folders.pop()
        try:
            entries = list(os.scandir(root / relative))
        except (FileNotFoundError, NotADirectoryError):
            continue
        for entry in entries:
            path = f"{relative}/{entry.name}"
            if entry.is_dir(follow_symlinks=False):
                folders.append(path)
            elif entry.is_file(follow_symlinks=False):
                sizes[path] = entry.stat(follow_symlinks=False).st_size
    return sizes


def _file_names(folder: Path) -> frozenset[str]:
    """The names of the files (not folders or links) in `folder`; none when it is not there."""
    try:
        with os.scandir(folder) as entries:
            return frozenset(e.name for e in entries if e.is_file(follow_symlinks=False))
    except (FileNotFoundError, NotADirectoryError):
        return frozenset()


_HREF = re.compile(r'href="([^"#?]+)"')
_BASE = "https://site.invalid/"


def link_moved_files(page: str, page_url: str, moved: Mapping[str, str]) -> str:
    """A page's HTML with every link to a file published elsewhere (`moved`: path from the
    site root -> absolute URL) leading there: the Data page's `quotes.jsonl.gz` link goes to
    the release asset."""
    if not moved:
        return page
    names = {path.rsplit("/", 1)[-1] for path in moved}

    def swap(match: re.Match[str]) -> str:
        href = html.unescape(match.group(1))
        if href.rsplit("/", 1)[-1] not in names:
            return match.group(0)  # resolving keeps the last segment: not a moved file
        target = urlsplit(urljoin(_BASE + page_url, href))
        path = target.path.lstrip("/") if target.netloc == "site.invalid" else None
        url = moved.get(path or "")
        return f'href="{html.escape(url)}"' if url else match.group(0)

    return _HREF.sub(swap, page)
