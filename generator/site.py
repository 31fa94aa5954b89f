"""The `build` recipe: archive -> MkDocs with the quote-archive plugin -> site/, indexed.

The build is all or nothing. It validates first, then builds the whole new site in a staging
directory next to `site/` and swaps it in by renaming only when everything succeeded.

MkDocs runs in this process with the plugin (generator.plugin) handed the archive: it writes
the Markdown pages (home, indexes, search, the hand-written ones), the theme's files and
sitemap.xml. The person and topic pages, most of the site, are HTML put straight into the
theme's templates (generator.theme) by worker processes, while this process writes the
feeds, the data export and the quote pages and then runs Pagefind over lean pages made from
the archive (not from the HTML). `mkdocs build` makes the same site, page for page.

It is incremental: a page whose inputs have the key the last build recorded keeps its HTML
(hard-linked from the previous site), and so do the feed and data file of its speaker; the
exports, the quote pages and the search shards reuse what did not change too. And it is
deterministic: pages are sorted, and the build date MkDocs writes is the newest date in the
archive (SOURCE_DATE_EPOCH), so building twice gives identical files.
"""

from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import functools
import gc
import hashlib
import http.server
import os
import shlex
import shutil
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from generator import mkdocs_build
from generator.buildcache import (
    CACHE_DIR,
    PART_PATHS_FILE,
    Manifest,
    build_fingerprint,
    forget_manifest,
    read_manifest,
    read_memo,
    write_manifest,
    write_memo,
)
from generator.checks import load_archive_checking_beside
from generator.errors import ArchiveError, BuildError, display_path
from generator.filechores import discard, start_linking
from generator.outputs import (
    DOWNLOADS_FOLDER,
    SEARCH_FOLDER,
    Downloads,
    build_epoch,
    downloads_url,
    merge_into,
    move_search_index,
    publish_files,
    swap_directory,
    unchanged_speaker_files,
)
from generator.plugin import NAME as PLUGIN
from generator.plugin import Prepared, is_generated
from generator.publish import export_cache, person_files
from generator.quote_pages import FOLDER, QuotePages
from generator.render import GENERATED, PartPaths, person_page, plan_site
from generator.render.people import SortKeys
from generator.render.permalinks import quote_page_groups
from generator.render.site_index import SiteIndex
from generator.search import (
    NAMES_FOLDER,
    IndexReport,
    IndexSlots,
    LastNames,
    ReusedShard,
    Shard,
    filters_to_make,
    input_key,
    made_filter,
    phrase_filters,
    reusable_shards,
    search_shards,
    spool_shards,
    write_name_index,
    write_search_shards,
    write_shard_phrase_hints,
)
from generator.search.phrases import PHRASES_FOLDER, FilterCache
from generator.search.record_cache import RecordCache
from generator.store import copy_files_atomically, tree_problems
from generator.theme import WorkersJob, render_in_workers

__all__ = ["build_epoch", "is_generated", "swap_directory"]

STAGING_PREFIX = ".site-build-"
PLACEHOLDER_HOSTS = ("example", "example.com", "example.net", "example.org", "localhost")
"""Hosts (and the `.example` domain) of a site_url never set to the real address (RFC 2606)."""
RECORDS_FOLDER = "lean-pages"
"""In the build cache: people's lean pages as the search shards last spooled them."""
FRAGMENTS_FOLDER = "finished-fragments"
"""In the build cache: the search fragments each shard's bundle was last finished into."""
REPLACED_FOLDER = "replaced-site"
"""In the build cache: the site the last build replaced, removed in the background by the next
one (`filechores.discard`). Removing it (100k files at 200k quotes, most of them hard links
to the new site's) at the end of the build took 10-20 s of its wall time."""
SIDE_TASK_PAGES = 500
"""Page workers rendering more pages than this are given no side tasks (the phrase filters
of changed shards): a worker's memory grows with the pages it renders (450 MB each in a full
build at 200k quotes), and kept alive beside Pagefind it took the build's peak from 1.5 to
2.0 GB. This process then makes the filters, beside the workers."""
PAGES_LIMIT_BYTES = 1_000_000_000
"""GitHub Pages publishes sites of up to 1 GB: a larger site gets a warning after the build.
actions/deploy-pages compares the compressed artifact with it, which is smaller (a quarter
to three tenths of the site at 200k-1M generated quotes), so the warning says how to measure it."""


@dataclass(frozen=True)
class SitePaths:
    """Where a build reads and writes; content/ and site/ come from mkdocs.yml."""

    config: Path
    quotes: Path
    content: Path
    site: Path
    site_url: str = ""
    """mkdocs.yml's site_url: feeds, exports and share previews need absolute URLs."""
    repo_url: str = ""
    """mkdocs.yml's repo_url (or --repo-url): person pages link to their file there."""
    downloads_url: str = ""
    """Where the whole-archive files are published instead of the site (--downloads-url or
    the plugin's downloads_url in mkdocs.yml); "" keeps them in data/."""


@dataclass
class Phase:
    """Wall time of one build step and, for steps run as a child process, its peak memory."""

    name: str
    seconds: float = 0.0
    peak_rss_kb: int | None = None
    start: float = 0.0
    """Seconds from the start of the build: phases that overlap start before others end."""


@dataclass
class BuildReport:
    """What a build did: counts for the summary line, phases for the benchmark."""

    site: Path
    speakers: int = 0
    quotes: int = 0
    pages: int = 0
    records: int = 0
    search_indexes: int = 0
    """Pagefind indexes (shards) the records were split into."""
    files: int = 0
    """Feeds and data export files written beside the pages (generator.publish)."""
    pages_rendered: int = 0
    """Person and topic pages rendered into the theme (all of them in a full build)."""
    pages_kept: int = 0
    """Person and topic pages whose HTML the last build made (their inputs are unchanged)."""
    incremental: bool = False
    """Whether the last build's manifest let this one keep unchanged pages."""
    size_by_part: dict[str, int] = field(default_factory=dict)
    """Bytes of the site by top-level file or folder (`people/`, `data/`...)."""
    phases: list[Phase] = field(default_factory=list)
    site_url: str = ""
    """The absolute URL the site was built for (feeds, the data export, share previews)."""

    @property
    def seconds(self) -> float:
        """Wall time from the first phase's start to the last one's end (phases overlap)."""
        return max((p.start + p.seconds for p in self.phases), default=0.0)

    def warnings(self) -> list[str]:
        """What the reader of the summary should act on: a site_url still the placeholder
        (feeds and downloads would link to it), a site GitHub Pages would refuse."""
        found = []
        if is_placeholder_url(self.site_url):
            found.append(
                f"site_url is {self.site_url}, a placeholder: feeds, the data export and "
                "share previews link to it; set site_url in mkdocs.yml or pass --site-url "
                "with the address the site is published at"
            )
        return found + self._size_warnings()

    def _size_warnings(self) -> list[str]:
        total = sum(self.size_by_part.values())
        if total <= PAGES_LIMIT_BYTES:
            return []
        largest = sorted(self.size_by_part.items(), key=lambda item: (-item[1], item[0]))[:3]
        parts = ", ".join(f"{name} {size / 1e9:.2f} GB" for name, size in largest)
        return [
            f"the site is {total / 1e9:.2f} GB, over GitHub Pages' limit of "
            f"{PAGES_LIMIT_BYTES / 1e9:.0f} GB for a published site (largest: {parts}); "
            f"actions/deploy-pages checks the compressed artifact against it: "
            f"`tar -cf - -C {shlex.quote(str(self.site))} . | gzip | wc -c` gives its size in bytes"
        ]

    def summary(self) -> str:
        total = self.seconds
        changed = (
            f" ({self.pages_rendered} rendered, {self.pages_kept} kept)" if self.incremental else ""
        )
        return (
            f"built {self.site}: {self.pages} pages{changed}, {self.speakers} speakers, "
            f"{self.quotes} quotes, {self.records} search records in {total:.1f}s"
        )


def build_site(
    config_file: Path = Path("mkdocs.yml"),
    quotes_dir: Path = Path("quotes"),
    site_url: str | None = None,
    incremental: bool = True,
    workers: int | None = None,
    repo_url: str | None = None,
    downloads_url: str | None = None,
) -> BuildReport:
    """Perform an atomic site build; `site_url`, `repo_url` and `downloads_url` override
    mkdocs.yml's.

    Incremental (the default) when the last build left a manifest made under the same
    fingerprint: pages whose inputs are unchanged keep their HTML. `workers` processes
    render the person and topic pages (default: one per CPU).
    """
    paths = site_paths(config_file, quotes_dir, site_url, repo_url, downloads_url)
    check_content(paths.content)
    report = BuildReport(paths.site, site_url=paths.site_url)
    start = time.perf_counter()
    cache_dir = paths.config.parent / CACHE_DIR
    fingerprint = build_fingerprint(
        paths.config, _hand_written_pages(paths.content), paths.site_url, paths.downloads_url
    )
    downloads = paths.config.parent / DOWNLOADS_FOLDER
    previous = read_manifest(cache_dir, fingerprint) if incremental else None
    if previous and not paths.site.is_dir():
        previous = None
    frozen_before = gc.get_freeze_count() > 0
    with contextlib.ExitStack() as children:
        with _phase(report, "validate", start):
            # Checked beside planning in a rebuild; first in a full build, which has minutes
            # to go and need not hold a child's copies of what it checks.
            archive, file_digests, archive_check = load_archive_checking_beside(
                paths.quotes, cache_dir, incremental, freeze=True, beside=bool(previous)
            )
            children.enter_context(archive_check)
        children.enter_context(unfrozen_at_end(frozen_before))
        staging = children.enter_context(staging_area(paths.site))
        discard(cache_dir / REPLACED_FOLDER)  # the site the last build replaced
        # In the rebuild after a full build, the quote pages start from links to the live
        # site's (200k at 200k quotes, ~20 s of file-system calls), made by a child from now.
        quote_pages = QuotePages(cache_dir, fingerprint, staging)
        quote_pages.prepare(children, trust=incremental, live_site=paths.site)
        site = staging / "site"
        with _phase(report, "plan", start):
            sort_keys = SortKeys(read_memo(cache_dir, fingerprint) if incremental else {})
            part_paths = PartPaths(
                read_memo(cache_dir, fingerprint, PART_PATHS_FILE) if incremental else {}
            )
            site_index = SiteIndex(archive)  # lookups every part of the build needs
            plans = plan_site(
                archive, file_digests, paths.repo_url, sort_keys, site_index, part_paths
            )
            epoch = build_epoch(archive)  # the build date: MkDocs' pages and data/summary.json
            report.pages = len(plans)
            keys = {path: plan.key for path, plan in plans.items() if plan.html}
            shards = search_shards(archive, index=site_index)
            shard_keys = {str(shard.number): input_key(shard, keys) for shard in shards}
            manifest = Manifest(fingerprint, keys, shard_keys)
            # What a speaker's lean page and quote pages are made from: their first page's
            # key stands for it (their file, and so their pages' parts), under this code.
            speaker_keys = {
                s.slug: _keyed(fingerprint, key)
                for s in archive.speakers
                if (key := keys.get(person_page(s.slug)))
            }
        with _phase(report, "check", start):
            # The rules that span files, run by a child beside planning (it ends first).
            archive_check.wait()
        last_search = paths.site / SEARCH_FOLDER
        to_index = (
            reusable_shards(shards, shard_keys, previous.search, last_search)
            if previous
            else shards
        )
        kept_pages = RecordCache(cache_dir / RECORDS_FOLDER, speaker_keys, trust=incremental)
        slots = IndexSlots()
        with search_threads(slots) as background:
            # A rebuild that changes few pages indexes the shards they are in from here, beside
            # MkDocs and the page workers: Pagefind's run was the longest path of an edit
            # rebuild. Other builds start it once the page workers are done (their memory).
            kept_keys = same_keys(manifest, previous)
            early = previous is not None and len(manifest.pages) - len(kept_keys) <= SIDE_TASK_PAGES
            start_indexing = functools.partial(
                index_in_background, background, slots, to_index, staging, kept_pages,
                last_search if incremental else None, cache_dir / FRAGMENTS_FOLDER,
            )  # fmt: skip
            if early:
                with _phase(report, "search pages", start):
                    indexing = start_indexing()
                slots.open()
            with _phase(report, "mkdocs", start):
                mkdocs = mkdocs_build.load(paths.config, site, paths.site_url)
                published_at = (
                    Downloads(downloads, paths.downloads_url) if paths.downloads_url else None
                )
                mkdocs_build.run(
                    mkdocs, Prepared(archive, plans, paths.repo_url, published_at, epoch)
                )
            try:
                unchanged = unchanged_pages(kept_keys, mkdocs.plugin.html_files, paths.site)
                todo = {p: f for p, f in mkdocs.plugin.html_files.items() if p not in unchanged}
                # The unchanged pages are linked from the last site by a child process (a
                # folder each: file-system calls, not computing), beside the workers rendering
                # the rest.
                linking = children.enter_context(
                    start_linking(paths.site, site, sorted(html_file(mkdocs, p) for p in unchanged))
                )
                # The phrase filters of the shards that changed are made by the page workers
                # once their pages are done (a shard's filter is 2-3 s of computing at 200k
                # quotes), when they have few pages to render (see SIDE_TASK_PAGES).
                filter_keys = {n: _keyed(fingerprint, key) for n, key in shard_keys.items()}
                filter_cache = FilterCache(cache_dir / PHRASES_FOLDER, trust=incremental)
                to_filter = (
                    filters_to_make(shards, filter_keys, filter_cache)
                    if len(todo) <= SIDE_TASK_PAGES
                    else []
                )
                pages = render_in_workers(
                    mkdocs.renderer,
                    mkdocs.plugin.jobs(todo),
                    workers or os.cpu_count() or 1,
                    side_tasks=[functools.partial(made_filter, shard) for _, shard in to_filter],
                )
                try:
                    if not early:
                        # Pagefind's pages first, so that it may start as soon as a slot opens,
                        # then the rest of this process's work beside it.
                        with _phase(report, "search pages", start):
                            indexing = start_indexing()
                            background.submit(_open_when_ended, pages, slots)
                    with _phase(report, "names", start):
                        names_key = write_name_index(
                            archive,
                            staging / "search" / NAMES_FOLDER,
                            site_index,
                            LastNames(paths.site / NAMES_FOLDER, previous.names)
                            if previous
                            else None,
                            {s.slug: shard.number for shard in shards for s in shard.speakers},
                        )
                        hints = (
                            None if to_filter else phrase_filters(shards, filter_keys, filter_cache)
                        )
                    with _phase(report, "publish", start):
                        published = staging / "published"
                        speakers = {s.slug for s in archive.speakers}
                        reused = unchanged_speaker_files(
                            {slug for slug in speakers if person_page(slug) in unchanged},
                            paths.site,
                            {slug: person_files(slug) for slug in speakers},
                        )
                        report.files = publish_files(
                            published,
                            archive,
                            paths.site_url,
                            reused,
                            paths.site,
                            export_cache(cache_dir, paths.site_url, trust=incremental),
                            file_digests,
                            Downloads(staging / DOWNLOADS_FOLDER, paths.downloads_url)
                            if paths.downloads_url
                            else None,
                            epoch,
                        )
                        report.files += quote_pages.make_groups(
                            quote_page_groups(archive, paths.site_url, site_index, speaker_keys)
                        )
                    if to_filter:  # made by the page workers
                        for (key, _), made in zip(to_filter, pages.side_results(), strict=True):
                            filter_cache.put(key, made)
                        hints = phrase_filters(shards, filter_keys, filter_cache)
                    report.speakers = len(archive.speakers)
                    report.quotes = sum(len(s.quotes) for s in archive.speakers)
                    # Pagefind is the largest process of the build: let go of the archive.
                    mkdocs.plugin.release()
                    del archive, site_index, plans, file_digests, shards, to_index, to_filter
                    del start_indexing  # it holds the shards too
                    release_memory()
                    # The second run, like the first in a full build, once the page workers
                    # are done: on a small site this process may get here first, and they
                    # need the cores.
                    pages.wait_ended()
                    slots.open()
                    index = indexing.result()
                    write_shard_phrase_hints(hints, staging / "search" / SEARCH_FOLDER)
                    indexed_from = slots.first_taken or time.perf_counter()
                    report.phases.append(
                        Phase("pagefind", time.perf_counter() - indexed_from, index.peak_rss_kb,
                              indexed_from - start)
                    )  # fmt: skip
                except BaseException:
                    pages.kill()
                    raise
                written = pages.result()
                report.phases.append(
                    Phase("pages", pages.ended - pages.started, pages.peak_rss_kb or None,
                          pages.started - start)
                )  # fmt: skip
            finally:
                mkdocs.shutdown()
        with _phase(report, "write", start):
            kept = linking.wait()
            move_search_index(staging / "search", site)
            merge_into(published, site)
            quote_pages.place(site)
            forget_manifest(cache_dir)
            remove_generated_content(paths.content)
            report.size_by_part = size_by_part(site, {FOLDER + "/": quote_pages.bytes})
            swap_directory(site, paths.site, staging / "previous")
            if paths.downloads_url:
                swap_directory(staging / DOWNLOADS_FOLDER, downloads, staging / "old-downloads")
            write_manifest(cache_dir, dataclasses.replace(manifest, names=names_key))
            write_memo(cache_dir, fingerprint, sort_keys.used)
            write_memo(cache_dir, fingerprint, part_paths.used, PART_PATHS_FILE)
            quote_pages.keep(staging / "previous")
            keep_for_removal(staging / "previous", cache_dir / REPLACED_FOLDER)
    report.pages_rendered = written
    report.pages_kept = kept
    report.incremental = previous is not None
    report.records = index.records
    report.search_indexes = index.shards
    return report


@contextlib.contextmanager
def search_threads(slots: IndexSlots) -> Iterator[ThreadPoolExecutor]:
    """Threads for Pagefind's runs (a core each) and what opens their slots; leaving the
    block waits for them. When the build fails, runs not started are cancelled (one started
    ends first)."""
    with ThreadPoolExecutor(2, thread_name_prefix="search") as background:
        try:
            yield background
        except BaseException:
            slots.cancel()
            raise


def index_in_background(
    background: ThreadPoolExecutor,
    slots: IndexSlots,
    shards: Sequence[Shard | ReusedShard],
    staging: Path,
    kept_pages: RecordCache,
    last_search: Path | None,
    finished: Path,
) -> Future[IndexReport]:
    """Write the lean pages of `shards` to the staging area (those `kept_pages` holds are
    kept), then index them in `background` as `slots` open; a bundle of `last_search` (the
    last site's) whose content is unchanged is copied instead. The fragments of the last
    bundles (kept in `finished`) are trusted when there is a `last_search`."""
    return background.submit(
        write_search_shards,
        spool_shards(shards, staging / "search-pages", kept_pages),
        staging / "search" / SEARCH_FOLDER,
        previous=last_search,
        slots=slots,
        finished=finished,
        trust_finished=last_search is not None,
    )


def _open_when_ended(pages: WorkersJob, slots: IndexSlots) -> None:
    """Open an indexing slot once the page workers are done (or failed: the build then
    cancels the slots)."""
    pages.wait_ended()
    slots.open()


def _keyed(fingerprint: str, key: str) -> str:
    """A key that holds only under the build's fingerprint (code, templates, configuration)."""
    return hashlib.sha256(f"{fingerprint}\0{key}".encode()).hexdigest()


def html_file(mkdocs: mkdocs_build.MkDocsSession, path: str) -> str:
    """Where a person or topic page's HTML is, from the site root."""
    return mkdocs.plugin.html_files[path].dest_uri


def same_keys(manifest: Manifest, previous: Manifest | None) -> set[str]:
    """Person and topic pages whose key is the one the last build recorded."""
    if previous is None:
        return set()
    return {
        path
        for path, key in manifest.pages.items()
        if key is not None and previous.pages.get(path) == key
    }


def unchanged_pages(kept_keys: set[str], files: Mapping[str, Any], old_site: Path) -> set[str]:
    """The pages of `kept_keys` (`same_keys`) whose HTML the last build left: they keep it.
    (os.path on strings: pathlib's objects took 0.34 s for 20k pages, this 0.13 s.)"""
    root = str(old_site)
    return {path for path in kept_keys if os.path.isfile(os.path.join(root, files[path].dest_uri))}


def remove_generated_content(content_dir: Path) -> None:
    """Remove what older builds generated into content/ (Markdown of person pages...): the
    plugin makes those pages now, and leaves such files out."""
    stale = [path for name in GENERATED for path in _files_at(content_dir / name)]
    if stale:
        copy_files_atomically({}, stale)
        for folder in GENERATED:
            _remove_empty_dirs(content_dir / folder)
            with contextlib.suppress(OSError):
                (content_dir / folder).rmdir()


def _files_at(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.is_file())
    return []


def is_placeholder_url(url: str) -> bool:
    """Whether an absolute URL's host is one reserved for examples (RFC 2606) or localhost."""
    host = (urlsplit(url).hostname or "").lower()
    return bool(host) and (host in PLACEHOLDER_HOSTS or host.endswith(".example"))


@contextlib.contextmanager
def unfrozen_at_end(frozen_before: bool) -> Iterator[None]:
    """Unfreeze the collector's frozen objects when the block ends, unless some were frozen
    before the build. The archive is frozen as soon as it is read (`freeze` of
    load_valid_archive_with_digests): millions of objects without cycles, kept to the end of
    the build, that each full collection walked again (0.7-0.9 s a time at 200k quotes,
    5.4 s of an edit rebuild with the younger generations; 1.7 s frozen). Frozen objects are
    still freed when let go of; unfreezing at the end, whether the build succeeded or not,
    keeps a process that builds again and again (tests, a preview) from keeping garbage."""
    try:
        yield
    finally:
        if not frozen_before:
            gc.unfreeze()


def release_memory() -> None:
    """Collect garbage and hand freed memory back to the system (glibc keeps it otherwise):
    at 200k quotes the build drops from ~590 MB to ~110 MB once the archive is gone."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def size_by_part(site: Path, known: Mapping[str, int] | None = None) -> dict[str, int]:
    """Bytes under each top-level entry of `site` (folders named with a trailing slash),
    counting a hard-linked file at each of its paths, as a Pages artifact (a tar) does.
    The size of a folder in `known` is taken from it: at 200k quotes, walking q/ (200k
    folders) took 4 of the 5 s that walking the site did."""
    sizes = {}
    for entry in sorted(os.scandir(site), key=lambda e: e.name):
        if entry.is_dir(follow_symlinks=False):
            name = entry.name + "/"
            given = (known or {}).get(name)
            sizes[name] = _tree_bytes(entry.path) if given is None else given
        else:
            sizes[entry.name] = entry.stat(follow_symlinks=False).st_size
    return sizes


def _tree_bytes(folder: str) -> int:
    """Bytes of the files under `folder` (os.scandir: pathlib's rglob took twice as long)."""
    total = 0
    folders = [folder]
    while folders:
        with os.scandir(folders.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    folders.append(entry.path)
                elif entry.is_file():
                    total += entry.stat().st_size
    return total


@contextlib.contextmanager
def _phase(report: BuildReport, name: str, build_start: float) -> Iterator[Phase]:
    start = time.perf_counter()
    phase = Phase(name, start=start - build_start)
    try:
        yield phase
    finally:
        phase.seconds = time.perf_counter() - start
        report.phases.append(phase)


# -- Steps ---------------------------------------------------------------------------------


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml safely, turning tags such as !!python/name or !ENV into None."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def site_paths(
    config_file: Path,
    quotes_dir: Path,
    site_url: str | None = None,
    repo_url: str | None = None,
    downloads: str | None = None,
) -> SitePaths:
    """Resolve content/ and site/ from mkdocs.yml (docs_dir, site_dir), as MkDocs does,
    the site's absolute URL (site_url, unless given), repository (repo_url) and where the
    whole-archive files are published (the quote-archive plugin's downloads_url)."""
    try:
        config: dict[str, Any] = (
            yaml.load(config_file.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
        )
    except (OSError, yaml.YAMLError) as exc:
        raise BuildError(f"{config_file}: cannot read the MkDocs configuration: {exc}") from exc
    base = config_file.resolve().parent
    return SitePaths(
        config=config_file.resolve(),
        quotes=quotes_dir,
        content=base / str(config.get("docs_dir") or "docs"),
        site=base / str(config.get("site_dir") or "site"),
        site_url=_site_url(config_file, site_url or config.get("site_url")),
        repo_url=_repo_url(config_file, repo_url or config.get("repo_url")),
        downloads_url=_downloads_url(
            config_file, downloads or _plugin_option(config, "downloads_url")
        ),
    )


def _site_url(config_file: Path, url: object) -> str:
    """The site's absolute http(s) URL, ending in a slash."""
    text = str(url or "").strip()
    if not text.startswith(("https://", "http://")) or text[-3:] == "://":
        raise BuildError(
            f"{config_file}: site_url expected an absolute http(s) URL (feeds and the data "
            f"export link to quotes with it), found {text or 'nothing'}; set it or pass --site-url"
        )
    return text if text.endswith("/") else text + "/"


def _plugin_option(config: dict[str, Any], name: str) -> object:
    """An option of the quote-archive plugin in mkdocs.yml (None when not given)."""
    for entry in config.get("plugins") or []:
        if isinstance(entry, dict) and isinstance(entry.get(PLUGIN), dict):
            return entry[PLUGIN].get(name)
    return None


def _downloads_url(config_file: Path, url: object) -> str:
    try:
        return downloads_url(str(url or ""))
    except ValueError as exc:
        raise BuildError(f"{config_file}: {exc}") from None


def _repo_url(config_file: Path, url: object) -> str:
    """The repository's https URL without a trailing slash; empty when there is none."""
    text = str(url or "").strip().rstrip("/")
    if text and not text.startswith("https://"):
        raise BuildError(f"{config_file}: repo_url expected an https URL, found {text}")
    return text


def keep_for_removal(replaced: Path, folder: Path) -> None:
    """Move the replaced site to `folder` for the next build to remove (`filechores.discard`);
    where it cannot go (another file system, say), it is left for the staging area's
    removal."""
    if not replaced.is_dir() or folder.exists():
        return
    with contextlib.suppress(OSError):
        folder.parent.mkdir(parents=True, exist_ok=True)
        os.rename(replaced, folder)


@contextlib.contextmanager
def staging_area(site_dir: Path) -> Iterator[Path]:
    """A scratch directory beside site/ (same file system, so the swap is a rename)."""
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=site_dir.parent))
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def check_content(content_dir: Path) -> None:
    """Refuse to build from a content/ holding a symbolic link or a special file (F006) or a
    name with a control character (F007): MkDocs would publish what a link points to."""
    problems = tree_problems(content_dir)
    if problems:
        raise ArchiveError(problems, where=f"{display_path(content_dir)}/")


def _hand_written_pages(content_dir: Path) -> list[Path]:
    if not content_dir.is_dir():
        return []
    return [
        path
        for path in content_dir.rglob("*.md")
        if not is_generated(path.relative_to(content_dir).as_posix())
    ]


def _remove_empty_dirs(folder: Path) -> None:
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        if path.is_dir() and not any(path.iterdir()):
            path.rmdir()


# -- Preview -------------------------------------------------------------------------------


def serve_site(site_dir: Path, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve the built site over HTTP until interrupted."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    with (
        http.server.ThreadingHTTPServer((host, port), handler) as server,
        contextlib.suppress(KeyboardInterrupt),
    ):
        server.serve_forever()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass
