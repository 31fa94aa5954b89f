"""The `build` recipe: archive -> Markdown in content/ -> MkDocs -> site/ with a Pagefind index.

The build is all or nothing. It validates first, renders, and builds the whole new site in a
staging directory next to `site/` (MkDocs reads a staged copy of content/, so a failure
leaves content/ alone too). Only when MkDocs and Pagefind both succeeded does it write the
generated part of content/ and swap the new site into `site/` by renaming.

MkDocs and Pagefind run at the same time: the search index is made from the archive, not
from MkDocs' HTML, so it is written to a folder of its own while MkDocs runs in child
processes, and moved into the new site once MkDocs has finished. Either failing fails the
build. MkDocs converts the person and topic pages in batches, several processes at once,
with the output of a single run (generator.batches).

It is also deterministic: pages are sorted, unchanged files are not rewritten, and the build
date MkDocs puts in sitemap.xml(.gz) is the newest date in the archive (SOURCE_DATE_EPOCH),
so building twice gives identical files.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import functools
import gc
import http.server
import os
import shlex
import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from generator.batches import (
    KEPT_FOLDERS,
    UNCHANGED_MTIME,
    Child,
    MkDocsRuns,
    html_path,
    is_batchable,
    plan_batches,
    stage_batches,
)
from generator.buildcache import (
    CACHE_DIR,
    Manifest,
    PageRecord,
    build_fingerprint,
    forget_manifest,
    read_manifest,
    text_digest,
    write_manifest,
)
from generator.checks import load_valid_archive_with_digests
from generator.errors import ArchiveError, BuildError, display_path
from generator.models import Archive
from generator.publish import (
    data_summary,
    export_cache,
    person_files,
    site_files,
    write_site_files,
)
from generator.quote_pages import QuotePages
from generator.render import GENERATED, PagePlan, person_page, plan_site
from generator.render.permalinks import former_slug_files, former_slug_pages, quote_page_plans
from generator.search import (
    NAMES_FOLDER,
    search_shards,
    spool_shards,
    write_name_index,
    write_search_shards,
)
from generator.store import copy_files_atomically, tree_problems

STAGING_PREFIX = ".site-build-"
SUMMARY_FILE = "data/summary.json"
PLACEHOLDER_HOSTS = ("example", "example.com", "example.net", "example.org", "localhost")
"""Hosts (and the `.example` domain) of a site_url never set to the real address (RFC 2606)."""
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
    nav: frozenset[str] | None = None
    """The pages mkdocs.yml's nav lists; None when it has no nav (MkDocs makes one of every
    page, so each page depends on all the others and none can be batched)."""


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
    """Pages the generator rendered; the others were unchanged since the last build."""
    pages_converted: int = 0
    """Pages MkDocs made HTML of (all of them in a full build)."""
    mkdocs_batches: int = 0
    """MkDocs runs beside the main one, each over a batch of person and topic pages."""
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
            f" ({self.pages_rendered} rendered, {self.pages_converted} converted by MkDocs)"
            if self.incremental
            else ""
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
    mkdocs_workers: int | None = None,
    repo_url: str | None = None,
) -> BuildReport:
    """Perform an atomic site build; `site_url` and `repo_url` override mkdocs.yml's.

    Incremental (the default) when the last build left a manifest made under the same
    fingerprint: pages whose inputs are unchanged are not rendered again, and pages whose
    Markdown is unchanged keep the previous site's HTML (MkDocs' dirty mode skips them).
    `mkdocs_workers` MkDocs processes run at once (default: one per CPU).
    """
    paths = site_paths(config_file, quotes_dir, site_url, repo_url)
    check_content(paths.content)
    report = BuildReport(paths.site, site_url=paths.site_url)
    start = time.perf_counter()
    cache_dir = paths.config.parent / CACHE_DIR
    fingerprint = build_fingerprint(
        paths.config, _hand_written_pages(paths.content), paths.site_url
    )
    previous = read_manifest(cache_dir, fingerprint) if incremental else None
    if previous and not paths.site.is_dir():
        previous = None
    with _phase(report, "validate", start):
        archive, file_digests = load_valid_archive_with_digests(
            paths.quotes, cache_dir=cache_dir if incremental else None
        )
    with staging_area(paths.site) as staging:
        docs = staging / "docs"
        workers = mkdocs_workers or os.cpu_count() or 1
        with _phase(report, "render", start):
            stage_hand_written(paths.content, docs)
            plans = plan_site(archive, file_digests, paths.repo_url)
            records, read_back = render_pages(plans, previous, paths.content, docs)
            manifest = Manifest(fingerprint, records)
            unchanged = unchanged_pages(manifest, previous)
        with _phase(report, "stage", start):
            date_unchanged(docs, unchanged)
            kept = link_unchanged_html(paths.site, staging / "site", unchanged)
            batches = plan_batches(
                {
                    path: (docs / path).stat().st_size
                    for path in records
                    if path not in unchanged and is_batchable(path, paths.nav)
                },
                workers=workers,
            )
            roots = stage_batches(
                staging / "docs", staging / "site", staging / "batches", batches, paths.nav
            )
        mkdocs = start_mkdocs(
            paths.config,
            staging / "docs",
            staging / "site",
            build_epoch(archive),
            paths.site_url,
            batches=batches,
            roots=roots,
            workers=workers,
        )
        try:
            with _phase(report, "publish", start):
                published = staging / "published"
                published.mkdir()
                kept_files = unchanged_person_files(archive, read_back, paths.site)
                exports = export_cache(cache_dir, paths.site_url, trust=incremental)
                files = site_files(archive, paths.site_url, set(kept_files), exports, file_digests)
                report.files = write_site_files(published, files)
                kept_paths = (path for paths in kept_files.values() for path in paths)
                report.files += link_previous(paths.site, published, kept_paths)
                report.files += write_data_summary(published, archive)
                report.files += write_permalinks(published, archive, paths.site_url)
                quote_pages = QuotePages(cache_dir, fingerprint, staging)
                pages = quote_page_plans(archive, paths.site_url)
                report.files += quote_pages.make(pages, trust=incremental)
            with _phase(report, "pagefind", start) as phase:
                write_name_index(archive, staging / "search" / NAMES_FOLDER)
                shards = spool_shards(search_shards(archive), staging / "search-pages")
                report.speakers = len(archive.speakers)
                report.quotes = sum(len(s.quotes) for s in archive.speakers)
                # Pagefind is the largest process of the build: let go of the archive first,
                # and let it take one MkDocs worker's place (memory and core) while it runs.
                del archive, plans, file_digests, files
                release_memory()
                mkdocs.set_workers(max(1, workers - 1))
                index = write_search_shards(
                    shards,
                    staging / "search" / "pagefind",
                    previous=paths.site / "pagefind" if incremental else None,
                )
                mkdocs.set_workers(workers)
                phase.peak_rss_kb = index.peak_rss_kb
        except BaseException:
            mkdocs.kill()
            raise
        report.phases.insert(-2, finish_mkdocs(mkdocs, start))
        with _phase(report, "write", start):
            move_search_index(staging / "search", staging / "site")
            merge_into(published, staging / "site")
            quote_pages.place(staging / "site")
            forget_manifest(cache_dir)
            write_generated_content(paths.content, docs, records.keys(), read_back)
            report.size_by_part = size_by_part(staging / "site")
            swap_directory(staging / "site", paths.site, staging / "previous")
            write_manifest(cache_dir, manifest)
            quote_pages.keep(staging / "previous")
    report.pages = len(records)
    report.pages_rendered = len(records) - len(read_back)
    report.pages_converted = len(records) - kept
    report.incremental = previous is not None
    report.mkdocs_batches = len(batches)
    report.records = index.records
    report.search_indexes = index.shards
    return report


def write_permalinks(published: Path, archive: Archive, site_url: str) -> int:
    """Each former slug's page, and its feed and data file as links to the current ones
    (generator.render.permalinks); how many files. (The quotes' own pages are made apart,
    by generator.quote_pages.)"""
    count = write_site_files(published, former_slug_pages(archive, site_url))
    for old, current in former_slug_files(archive):
        if (published / current).is_file() and not (published / old).exists():
            os.link(published / current, published / old)
            count += 1
    return count


def write_data_summary(published: Path, archive: Archive) -> int:
    """Write data/summary.json (what the Data page tells: counts, the archive's date and the
    size of each download) once the other files are in `published`; 1, the files written."""
    target = published / SUMMARY_FILE
    sizes = {
        path.relative_to(published).as_posix(): path.stat().st_size
        for path in sorted((published / "data").rglob("*"))
        if path.is_file()
    }
    epoch = build_epoch(archive)
    day = dt.datetime.fromtimestamp(epoch, dt.UTC).date().isoformat() if epoch else None
    target.write_bytes(data_summary(archive, sizes, day))
    return 1


def is_placeholder_url(url: str) -> bool:
    """Whether an absolute URL's host is one reserved for examples (RFC 2606) or localhost."""
    host = (urlsplit(url).hostname or "").lower()
    return bool(host) and (host in PLACEHOLDER_HOSTS or host.endswith(".example"))


def release_memory() -> None:
    """Collect garbage and hand freed memory back to the system (glibc keeps it otherwise):
    at 200k quotes the build drops from ~590 MB to ~110 MB once the archive is gone."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def size_by_part(site: Path) -> dict[str, int]:
    """Bytes under each top-level entry of `site` (folders named with a trailing slash),
    counting a hard-linked file at each of its paths, as a Pages artifact (a tar) does."""
    sizes = {}
    for entry in sorted(os.scandir(site), key=lambda e: e.name):
        if entry.is_dir(follow_symlinks=False):
            folder = Path(entry.path)
            sizes[entry.name + "/"] = sum(
                path.stat().st_size for path in folder.rglob("*") if path.is_file()
            )
        else:
            sizes[entry.name] = entry.stat(follow_symlinks=False).st_size
    return sizes


def render_pages(
    plans: dict[str, PagePlan], previous: Manifest | None, content_dir: Path, docs: Path
) -> tuple[dict[str, PageRecord], set[str]]:
    """Write every page's Markdown into the staged `docs`, one at a time (the texts of a
    large archive would not fit in memory together); return each page's record and the
    pages read back from content/ rather than rendered: a page whose inputs have the key
    the last build recorded, if its text is still the one that build wrote (a page edited
    by hand is rendered again)."""
    records = {}
    read_back = set()
    made: set[Path] = set()
    for path, plan in plans.items():
        text = None
        record = previous.pages.get(path) if previous else None
        if record and plan.key is not None and record.key == plan.key:
            text = _read_text(content_dir / path)
            if text is not None and text_digest(text) == record.text:
                read_back.add(path)
                records[path] = record
            else:
                text = None
        if text is None:
            text = plan.render()
            records[path] = PageRecord(plan.key, text_digest(text))
        target = docs / path
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        target.write_text(text, encoding="utf-8", newline="\n")
    return records, read_back


def _read_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def unchanged_pages(manifest: Manifest, previous: Manifest | None) -> set[str]:
    """Person and topic pages whose Markdown is what the last build made HTML of. (The home
    page and the indexes are few, and MkDocs always converts them again.)"""
    if previous is None:
        return set()
    return {
        path
        for path, record in manifest.pages.items()
        if path.split("/", 1)[0] in KEPT_FOLDERS
        and not path.endswith("/index.md")
        and (before := previous.pages.get(path)) is not None
        and before.text == record.text
    }


def unchanged_person_files(
    archive: Archive, read_back: AbstractSet[str], old_site: Path
) -> dict[str, tuple[str, ...]]:
    """The feed and data file of each speaker whose page is unchanged (same key: same
    speaker file, topics and links) and whose files the last build left: {slug: paths}."""
    kept = {}
    for speaker in archive.speakers:
        if person_page(speaker.slug) in read_back:
            paths = person_files(speaker.slug)
            if all((old_site / path).is_file() for path in paths):
                kept[speaker.slug] = paths
    return kept


def link_unchanged_html(old_site: Path, new_site: Path, pages: AbstractSet[str]) -> int:
    """Hard-link the previous HTML of unchanged pages into the new site; how many were.

    MkDocs, dirty, skips them: it never opens a page it skips, so the old site's files are
    not written through the links (everything it does write is absent here, hence new).
    """
    return link_previous(old_site, new_site, (html_path(page) for page in sorted(pages)))


def link_previous(old_site: Path, new_site: Path, paths: Iterable[str]) -> int:
    """Hard-link files of the last build's site into the new one (those still there);
    how many were linked."""
    count = 0
    for relative in paths:
        target = new_site / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(old_site / relative, target)
        except FileNotFoundError:
            continue
        count += 1
    return count


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
    config_file: Path, quotes_dir: Path, site_url: str | None = None, repo_url: str | None = None
) -> SitePaths:
    """Resolve content/ and site/ from mkdocs.yml (docs_dir, site_dir), as MkDocs does,
    and the site's absolute URL (site_url, unless given) and repository (repo_url)."""
    try:
        config: dict[str, Any] = (
            yaml.load(config_file.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
        )
    except (OSError, yaml.YAMLError) as exc:
        raise BuildError(f"{config_file}: cannot read the MkDocs configuration: {exc}") from exc
    base = config_file.resolve().parent
    nav = config.get("nav")
    return SitePaths(
        config=config_file.resolve(),
        quotes=quotes_dir,
        content=base / str(config.get("docs_dir") or "docs"),
        site=base / str(config.get("site_dir") or "site"),
        site_url=_site_url(config_file, site_url or config.get("site_url")),
        repo_url=_repo_url(config_file, repo_url or config.get("repo_url")),
        nav=frozenset(_nav_entries(nav)) if nav else None,
    )


def _nav_entries(nav: object) -> Iterator[str]:
    """Every page path (or URL) in a nav, as MkDocs accepts it: lists, `title: page` maps."""
    if isinstance(nav, str):
        yield nav.lstrip("/")
    elif isinstance(nav, dict):
        for value in nav.values():
            yield from _nav_entries(value)
    elif isinstance(nav, list):
        for item in nav:
            yield from _nav_entries(item)


def _site_url(config_file: Path, url: object) -> str:
    """The site's absolute http(s) URL, ending in a slash."""
    text = str(url or "").strip()
    if not text.startswith(("https://", "http://")) or text[-3:] == "://":
        raise BuildError(
            f"{config_file}: site_url expected an absolute http(s) URL (feeds and the data "
            f"export link to quotes with it), found {text or 'nothing'}; set it or pass --site-url"
        )
    return text if text.endswith("/") else text + "/"


def _repo_url(config_file: Path, url: object) -> str:
    """The repository's https URL without a trailing slash; empty when there is none."""
    text = str(url or "").strip().rstrip("/")
    if text and not text.startswith("https://"):
        raise BuildError(f"{config_file}: repo_url expected an https URL, found {text}")
    return text


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


def is_generated(relative: str) -> bool:
    """Whether a path under content/ belongs to the build (the rest is written by hand)."""
    top = relative.split("/", 1)[0]
    return relative in GENERATED or top in GENERATED


def stage_hand_written(content_dir: Path, docs: Path) -> None:
    """Copy the hand-written part of content/ into the staged docs."""
    if content_dir.is_dir():
        shutil.copytree(content_dir, docs, ignore=functools.partial(_ignore_generated, content_dir))
    docs.mkdir(parents=True, exist_ok=True)


def date_unchanged(docs: Path, unchanged: AbstractSet[str]) -> None:
    """Date the `unchanged` staged pages UNCHANGED_MTIME, older than the HTML the last build
    made of them, so MkDocs' dirty mode skips them."""
    for relative in sorted(unchanged):
        os.utime(docs / relative, (UNCHANGED_MTIME, UNCHANGED_MTIME))


def _hand_written_pages(content_dir: Path) -> list[Path]:
    if not content_dir.is_dir():
        return []
    return [
        path
        for path in content_dir.rglob("*.md")
        if not is_generated(path.relative_to(content_dir).as_posix())
    ]


def _ignore_generated(content_dir: Path, directory: str, names: list[str]) -> set[str]:
    if Path(directory).resolve() != content_dir.resolve():
        return set()
    return {name for name in names if is_generated(name)}


def build_epoch(archive: Archive) -> int:
    """The newest date in the archive as a Unix time: the reproducible 'build date'."""
    dates = [
        d
        for s in archive.speakers
        for q in s.quotes
        for d in (q.date, *(src.date for src in q.sources))
        if d
    ]
    if not dates:
        return 0
    newest = max(d + "-01-01"[len(d) - 4 :] for d in dates)
    day = dt.datetime.strptime(newest, "%Y-%m-%d").replace(tzinfo=dt.UTC)
    return int(day.timestamp())


def start_mkdocs(
    config_file: Path,
    docs: Path,
    site: Path,
    epoch: int,
    site_url: str | None = None,
    batches: Sequence[tuple[str, ...]] = (),
    roots: Sequence[Path] = (),
    workers: int = 1,
) -> MkDocsRuns:
    """Start MkDocs in child processes, to be waited for by `finish_mkdocs`: the main run,
    dirty, over `docs` into `site` (it builds the pages whose HTML is missing there or older
    than their Markdown), and one run per batch staged by `stage_batches`."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch)}
    return MkDocsRuns(config_file, docs, site, batches, roots, env, site_url, workers)


def finish_mkdocs(mkdocs: MkDocsRuns, build_start: float) -> Phase:
    """Wait for MkDocs and put the batches' HTML in the site; the phase, with the peak
    memory of the largest process."""
    stats = mkdocs.result()
    mkdocs.collect()
    return Phase(
        "mkdocs",
        seconds=mkdocs.ended - mkdocs.started,
        peak_rss_kb=max((run.peak_rss_kb for run in stats), default=0) or None,
        start=mkdocs.started - build_start,
    )


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


def run_child(
    command: list[str], env: dict[str, str] | None = None, cwd: Path | None = None
) -> tuple[int, int, str]:
    """Run a command; return its exit code, peak memory (KB) and combined output."""
    return Child(command, env=env, cwd=cwd).result()


def write_generated_content(
    content_dir: Path,
    docs: Path,
    pages: Iterable[str],
    unchanged: AbstractSet[str] = frozenset(),
) -> None:
    """Bring content/'s generated part in line with the staged `docs`: copy the `pages` that
    changed, drop stale files. Pages in `unchanged` are known to be there already as they are."""
    existing = {
        path.relative_to(content_dir).as_posix(): path for path in _generated_files(content_dir)
    }
    wanted = set(pages)
    changed = {
        content_dir / relative: docs / relative
        for relative in sorted(wanted - unchanged)
        if relative not in existing or not _same_bytes(existing[relative], docs / relative)
    }
    stale = [path for relative, path in sorted(existing.items()) if relative not in wanted]
    copy_files_atomically(changed, stale)
    for folder in GENERATED:
        _remove_empty_dirs(content_dir / folder)


def _same_bytes(a: Path, b: Path) -> bool:
    return a.stat().st_size == b.stat().st_size and a.read_bytes() == b.read_bytes()


def _generated_files(content_dir: Path) -> list[Path]:
    files = []
    for name in GENERATED:
        path = content_dir / name
        if path.is_file():
            files.append(path)
        elif path.is_dir():
            files.extend(p for p in path.rglob("*") if p.is_file())
    return sorted(files)


def _remove_empty_dirs(folder: Path) -> None:
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        if path.is_dir() and not any(path.iterdir()):
            path.rmdir()


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
