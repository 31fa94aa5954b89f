"""The quote pages' folder (`q/`, one page per quote id) kept between builds.

At 200k quotes `q/` is 200k folders and files, and making them is two file-system calls
each: a rebuild that changed one speaker should not make them all again. Yet the site a
build replaces must stay whole until the new one is swapped in, so the live site's `q/` is
never touched. Instead two generations take turns: the build keeps the `q/` of the site
before the last one in its cache (`.build-cache/quote-pages/`), with a manifest saying which
page is there with which digest; the next build moves that folder into its new site, writes
over it only the pages whose digest changed (across two builds) and removes the ids that
went, and after the swap moves the replaced site's `q/` into the cache for the build after.
When there is no such folder (the rebuild after a full build), the build starts from hard
links to the live site's pages instead of writing them all (200k pages: 30 s of a 53 s
rebuild), made by a child process from the build's start (`prepare`), beside its other work;
a page it writes is then a new file, never written through a link.

Knowing which pages changed takes a digest of each page's inputs, 200k of them; so pages come
in groups (a speaker's), and the manifest keeps each group's key and ids: a group whose key
is the one its pages in the folder were made under keeps them without its pages' digests
being computed (`make_groups`).

Everything is trusted only under the build's fingerprint (code, templates, configuration,
site address), as `buildcache` trusts its manifest; a manifest is removed before its folder
is taken and written only once the folder is back, so a build that fails half way leaves no
manifest that describes a folder that is not there (the next build then writes every page).
"""

from __future__ import annotations

import contextlib
import marshal
import os
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import BuildError
from generator.filechores import Linking, discard, start_linking
from generator.store import write_files_atomically

FOLDER = "q"
CACHE_FOLDER = "quote-pages"
SPARE_MANIFEST = "quote-pages.marshal"
"""Describes the folder kept in the cache."""
LIVE_MANIFEST = "quote-pages-live.marshal"
"""Describes the `q/` of the site the last build swapped in."""
REPLACED_MANIFEST = "quote-pages-replaced.marshal"
"""The live manifest once the build is about to replace that site: it becomes the spare one
when that `q/` moves into the cache (renamed, not written again: 0.2 s at 200k quotes)."""

FORMAT = "quote pages 4"
"""In every manifest's first line, with the fingerprint: 4 puts them there, before the data
(a manifest is then known to hold without being read: 0.26 s at 200k quotes); 3 added the
groups; 2 is marshal (1 was JSON, under names ending .json, not read)."""

PagePlan = tuple[str, str, Callable[[], bytes]]
"""(quote id, digest of what its page is made from, render the page)."""
PageGroup = tuple[str, str | None, Callable[[], Iterable[PagePlan]]]
"""(name, key, the plans of its pages): pages made from one thing (a speaker's file) whose
`key` stands for all of them; None when nothing does."""
Groups = dict[str, tuple[str, tuple[str, ...]]]
"""{group name: (its key, the ids of its pages)}."""
Generation = tuple[dict[str, str], dict[str, int], Groups]
"""What a q/ folder holds: {quote id: digest}, {quote id: bytes of its page}, and the groups
the pages were made in."""


@dataclass
class QuotePages:
    """One build's quote pages: made in `staging`, placed in the new site, then kept."""

    cache_dir: Path
    fingerprint: str
    staging: Path
    written: int = 0
    """Pages written by this build (the others were the cached folder's)."""
    pages: dict[str, str] = field(default_factory=dict)
    """Every page of this build: quote id -> digest."""
    sizes: dict[str, int] = field(default_factory=dict)
    """Every page of this build: quote id -> bytes (the site's size, without walking q/)."""
    groups: Groups = field(default_factory=dict)
    """The groups of this build's pages that had a key (`make_groups`)."""
    replaced: bool = False
    """Whether a manifest under this fingerprint says what the q/ of the site this build
    replaces holds (checked when the pages are placed)."""
    _base: Generation = field(default_factory=lambda: ({}, {}, {}))
    """What the folder `make` starts from holds (`prepare`)."""
    _linking: Linking | None = None

    def prepare(
        self, children: contextlib.ExitStack, trust: bool = True, live_site: Path | None = None
    ) -> None:
        """Begin the folder `make` starts from: the cached one (if `trust` and it is under
        the same fingerprint), else links to `live_site`'s pages, made by a child process
        while the build goes on (stopped when `children` closes before `make` waited for it:
        the build failed); else nothing, and `make` writes every page."""
        folder = self.staging / FOLDER
        self._base = self._take_cached(folder, trust)
        if folder.is_dir() or not trust or live_site is None:
            return
        described = _read(self.cache_dir / LIVE_MANIFEST, self.fingerprint)
        if described is not None and (live_site / FOLDER).is_dir():
            self._linking = children.enter_context(start_linking(live_site / FOLDER, folder))
            self._base = described

    def make(self, plans: Iterable[PagePlan]) -> int:
        """Make the q/ folder in `staging` from what `prepare` began (if it was called),
        writing the pages whose digest changed; how many pages."""
        return self.make_groups([("", None, lambda: plans)])

    def make_groups(self, groups: Iterable[PageGroup]) -> int:
        """`make`, group by group: a group whose key is the one the folder's pages were made
        under, with every one of its pages there, keeps them without its plans being made
        (computing 200k pages' digests took 3 s of a rebuild on a slow machine); the others'
        pages are written where their digest changed. Names of groups are unique."""
        folder = self.staging / FOLDER
        if self._linking is not None:
            self._linking.wait()
        cached, cached_sizes, cached_groups = self._base
        # A folder kept or linked may share pages with the live site: replace, never write
        # through them.
        reused = folder.is_dir()
        if not reused:
            cached, cached_groups = {}, {}
            folder.mkdir(parents=True)
        for name, key, plans_of in groups:
            kept = cached_groups.get(name)
            if key is not None and kept is not None and kept[0] == key:
                ids = kept[1]
                if all(quote_id in cached for quote_id in ids):
                    for quote_id in ids:
                        self.pages[quote_id] = cached.pop(quote_id)
                        self.sizes[quote_id] = cached_sizes[quote_id]
                    self.groups[name] = kept
                    continue
            ids = tuple(self._make_page(folder, plan, cached, cached_sizes, reused)
                        for plan in plans_of())  # fmt: skip
            if key is not None:
                self.groups[name] = (key, ids)
        for stale in cached:
            shutil.rmtree(folder / stale, ignore_errors=True)
        return len(self.pages)

    def _make_page(
        self,
        folder: Path,
        plan: PagePlan,
        cached: dict[str, str],
        cached_sizes: dict[str, int],
        reused: bool,
    ) -> str:
        """One page: written when its digest is not the cached one; its id."""
        quote_id, digest, render = plan
        self.pages[quote_id] = digest
        if cached.pop(quote_id, None) != digest:
            page = render()
            _write_page(folder, quote_id, page, replace=reused)
            self.sizes[quote_id] = len(page)
            self.written += 1
        else:
            self.sizes[quote_id] = cached_sizes[quote_id]
        return quote_id

    @property
    def bytes(self) -> int:
        """The size of the q/ folder's files."""
        return sum(self.sizes.values())

    def place(self, site: Path) -> None:
        """Move the folder into the new site; a hand-written q/ there is a BuildError. From
        here on the live site's manifest no longer holds (the swap is coming): when it is this
        code's, under this fingerprint (its first line says), it is renamed REPLACED_MANIFEST,
        which `keep` makes the spare one (a stale one, left by a build that failed after this,
        is removed first); what it holds is read by the build that takes the spare one."""
        self.replaced = _is_ours(self.cache_dir / LIVE_MANIFEST, self.fingerprint)
        _forget(self.cache_dir / REPLACED_MANIFEST)
        if not self.replaced:
            _forget(self.cache_dir / LIVE_MANIFEST)
        else:
            os.replace(self.cache_dir / LIVE_MANIFEST, self.cache_dir / REPLACED_MANIFEST)
        if (site / FOLDER).exists():
            raise BuildError(
                f"the hand-written pages have a {FOLDER}/ folder, where the build puts the "
                "quotes' own pages; rename it"
            )
        os.rename(self.staging / FOLDER, site / FOLDER)

    def keep(self, replaced_site: Path) -> None:
        """After the swap: record the new site's pages, and move the replaced site's q/
        (when its manifest says what it holds) into the cache for the next build. Should that
        manifest be gone meanwhile, the folder is cached without one, and the next build
        removes it rather than trust it."""
        old = replaced_site / FOLDER
        if self.replaced and old.is_dir():
            target = self.cache_dir / CACHE_FOLDER
            shutil.rmtree(target, ignore_errors=True)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.rename(old, target)
            with contextlib.suppress(FileNotFoundError):
                os.replace(self.cache_dir / REPLACED_MANIFEST, self.cache_dir / SPARE_MANIFEST)
        _save(
            self.cache_dir / LIVE_MANIFEST, self.fingerprint, (self.pages, self.sizes, self.groups)
        )

    def _take_cached(self, folder: Path, trust: bool) -> Generation:
        """Move the cached folder to `folder`; what it holds, digests and sizes (empty when
        nothing usable, or not to be trusted: a full build drops it)."""
        spare = _read(self.cache_dir / SPARE_MANIFEST, self.fingerprint) if trust else None
        _forget(self.cache_dir / SPARE_MANIFEST)
        source = self.cache_dir / CACHE_FOLDER
        if spare is None or not source.is_dir():
            discard(source)  # 200k pages after a code change: not on the build's path
            return {}, {}, {}
        folder.parent.mkdir(parents=True, exist_ok=True)
        os.rename(source, folder)
        return spare


def _write_page(folder: Path, quote_id: str, page: bytes, replace: bool = False) -> None:
    """One folder and one file, a call each (pathlib's checks doubled the time at 200k).
    With `replace`, a page already there is unlinked first: it may be the live site's file
    too (a hard link), which must not change before the swap."""
    with contextlib.suppress(FileExistsError):
        os.mkdir(folder / quote_id)
    path = folder / quote_id / "index.html"
    if replace:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
    with open(path, "wb") as out:
        out.write(page)


def _read(path: Path, fingerprint: str) -> Generation | None:
    """The generation a manifest describes; None when there is none, it is not one this
    code wrote or not under `fingerprint`. Manifests are their first line (`_first_line`),
    then the data `marshal`ed: plain data only (loading it cannot run code), and at 200k
    quotes 0.1 s to read and 0.03 s to write against 0.6 and 0.5 s as JSON."""
    first = _first_line(fingerprint)
    try:
        raw = path.read_bytes()
        if not raw.startswith(first):
            return None
        data = marshal.loads(memoryview(raw)[len(first) :])
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if not isinstance(data, dict):
        return None
    pages, sizes, groups = data.get("pages"), data.get("sizes"), data.get("groups")
    if not isinstance(pages, dict) or not isinstance(sizes, dict) or pages.keys() != sizes.keys():
        return None
    if not isinstance(groups, dict) or not all(_is_group(group) for group in groups.values()):
        return None
    return pages, sizes, groups


def _is_group(group: object) -> bool:
    """(key, ids): a str and a tuple of str."""
    return (
        isinstance(group, tuple)
        and len(group) == 2
        and isinstance(group[0], str)
        and isinstance(group[1], tuple)
        and all(isinstance(quote_id, str) for quote_id in group[1])
    )


def _save(path: Path, fingerprint: str, generation: Generation) -> None:
    pages, sizes, groups = generation
    data = {"pages": pages, "sizes": sizes, "groups": groups}
    write_files_atomically({path: _first_line(fingerprint) + marshal.dumps(data)})


def _first_line(fingerprint: str) -> bytes:
    """What a manifest this code wrote under `fingerprint` starts with."""
    return f"{FORMAT}\0{fingerprint}\n".encode()


def _is_ours(path: Path, fingerprint: str) -> bool:
    """Whether `path` is a manifest this code wrote under `fingerprint` (its first line; the
    rest is checked by `_read`, when a build takes it)."""
    first = _first_line(fingerprint)
    try:
        with path.open("rb") as manifest:
            return manifest.read(len(first)) == first
    except OSError:
        return False


def _forget(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
