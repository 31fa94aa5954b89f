"""What the last build made, so the next one redoes only what changed.

A rebuild after editing one speaker file should not render 20k pages again. The manifest
records, for every person and topic page, a digest of what it is made from (`PagePlan.key`);
a page whose key is unchanged keeps the HTML the previous build made for it.

All of it is only trusted under the same *fingerprint*: the generator's code and
templates, mkdocs.yml, the theme overrides, the hand-written pages and the versions of the
packages that turn Markdown into HTML. Any change there means a full build. The manifest is
removed before a build swaps in a new site and written again after, so a build that fails
half way can never leave a manifest that describes a site that is not there.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import jinja2

import generator
from generator.store import write_files_atomically

CACHE_DIR = ".build-cache"
"""Beside mkdocs.yml; git-ignored."""
MANIFEST_FILE = "manifest.json"
MANIFEST_VERSION = 4
RENDERING_PACKAGES = (
    "mkdocs",
    "mkdocs-material",
    "Markdown",
    "Jinja2",
    "pymdown-extensions",
    "nameparser",
)
"""Packages whose version changes the HTML of the pages (nameparser: People A–Z's order)."""
SORT_KEYS_FILE = "sort-keys.json"
TEMPLATES_FOLDER = "templates"
"""In the build cache: Jinja's compiled templates (`template_cache`)."""
PART_PATHS_FILE = "part-paths.json"


@dataclass(frozen=True)
class Manifest:
    """The person and topic pages of the last build, under the fingerprint it was made with:
    {path under content/: key (`PagePlan.key`, a digest of what the page is made from)}."""

    fingerprint: str
    pages: Mapping[str, str | None] = field(default_factory=dict)
    search: Mapping[str, str] = field(default_factory=dict)
    """{search shard number: a digest of what its lean pages are made from}
    (generator.search.shards.input_key): a shard whose inputs did not change keeps its
    bundle, without its lean pages being made again."""
    names: str = ""
    """A digest of the name index's entries (generator.search.names.name_index_key): an
    unchanged index keeps the last site's files."""

    def to_json(self) -> str:
        pages = dict(sorted(self.pages.items()))
        return json.dumps(
            {
                "version": MANIFEST_VERSION,
                "fingerprint": self.fingerprint,
                "pages": pages,
                "search": dict(sorted(self.search.items())),
                "names": self.names,
            },
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, text: str) -> Manifest | None:
        """The manifest in `text`, or None when it is not one this version wrote."""
        try:
            data = json.loads(text)
            if data.get("version") != MANIFEST_VERSION:
                return None
            pages = {
                str(path): None if key is None else str(key) for path, key in data["pages"].items()
            }
            search = {str(number): str(key) for number, key in data["search"].items()}
            return cls(str(data["fingerprint"]), pages, search, str(data["names"]))
        except (ValueError, TypeError, KeyError, AttributeError):
            return None


def build_fingerprint(
    config_file: Path, hand_written: Iterable[Path], site_url: str | None, downloads_url: str = ""
) -> str:
    """A digest of everything besides the archive that shapes the pages' HTML: the code and
    templates, mkdocs.yml, its overrides, the hand-written pages (the nav may take their
    titles), the versions of the packages that make HTML, the site's address and where the
    whole-archive files are published."""
    digest = hashlib.blake2b(digest_size=16)
    package = Path(generator.__file__).resolve().parent
    code = sorted(p for p in package.rglob("*") if p.is_file() and p.suffix in {".py", ".j2"})
    config = [config_file]
    overrides = config_file.parent / "overrides"
    if overrides.is_dir():
        config += sorted(p for p in overrides.rglob("*") if p.is_file())
    project = config_file.parent
    named = [(p.relative_to(package).as_posix(), p) for p in code]
    named += [(p.relative_to(project).as_posix(), p) for p in (*config, *sorted(hand_written))]
    for name, path in named:
        digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    for name in RENDERING_PACKAGES:
        try:
            digest.update(f"{name}={metadata.version(name)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=none\0".encode())
    digest.update(f"{sys.version_info[:2]}\0{site_url}\0{downloads_url}".encode())
    return digest.hexdigest()


def read_manifest(cache_dir: Path, fingerprint: str) -> Manifest | None:
    """The last build's manifest when it was made under `fingerprint`, else None."""
    try:
        text = (cache_dir / MANIFEST_FILE).read_text(encoding="utf-8")
    except OSError:
        return None
    manifest = Manifest.from_json(text)
    return manifest if manifest and manifest.fingerprint == fingerprint else None


def forget_manifest(cache_dir: Path) -> None:
    """Remove the manifest: the site is about to change under it."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(cache_dir / MANIFEST_FILE)


def write_manifest(cache_dir: Path, manifest: Manifest) -> None:
    cache_dir.mkdir(parents=True, exist_ok=True)
    write_files_atomically({cache_dir / MANIFEST_FILE: manifest.to_json() + "\n"})


def read_memo(cache_dir: Path, fingerprint: str, name: str = SORT_KEYS_FILE) -> dict[str, str]:
    """What the last build worked out and remembered in `name` under `fingerprint` (names'
    sort keys: generator.render.people.SortKeys; the paths of speakers' pages:
    generator.render.pages.PartPaths), or nothing."""
    try:
        data = json.loads((cache_dir / name).read_text(encoding="utf-8"))
        if data["fingerprint"] != fingerprint:
            return {}
        return {str(memo): str(key) for memo, key in data["keys"].items()}
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return {}


def write_memo(
    cache_dir: Path, fingerprint: str, keys: Mapping[str, str], name: str = SORT_KEYS_FILE
) -> None:
    cache_dir.mkdir(parents=True, exist_ok=True)
    text = json.dumps(
        {"fingerprint": fingerprint, "keys": dict(sorted(keys.items()))},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    write_files_atomically({cache_dir / name: text + "\n"})


def template_cache(project: Path, environment: jinja2.Environment) -> jinja2.BytecodeCache:
    """Where Jinja keeps the templates `environment` compiles: in the build cache of the
    project whose mkdocs.yml is in `project`. Compiling Material's templates and ours took an
    edit rebuild ~1 s at 200k quotes, loading them compiled a tenth of it. A template is
    compiled again when its source changes (Jinja keeps a digest of it, and the Python
    version, with the bytecode); what else the code depends on, Jinja's version and the
    environment's syntax options, names the folder. Each file is written atomically."""
    options = [
        jinja2.__version__,
        *(repr(getattr(environment, name)) for name in _COMPILE_OPTIONS),
        getattr(environment.autoescape, "__qualname__", repr(environment.autoescape)),
        sorted(environment.extensions),
    ]
    digest = hashlib.blake2b(repr(options).encode(), digest_size=8).hexdigest()
    return _TemplateCache(project / CACHE_DIR / TEMPLATES_FOLDER / digest)


_COMPILE_OPTIONS = (
    "block_start_string",
    "block_end_string",
    "variable_start_string",
    "variable_end_string",
    "comment_start_string",
    "comment_end_string",
    "line_statement_prefix",
    "line_comment_prefix",
    "trim_blocks",
    "lstrip_blocks",
    "newline_sequence",
    "keep_trailing_newline",
    "optimized",
)
"""The options of a Jinja environment its compiled templates depend on (with autoescape and
the extensions)."""


class _TemplateCache(jinja2.FileSystemBytecodeCache):
    """Jinja's cache of compiled templates in a folder, which never fails a build: a
    template it cannot read is compiled, one it cannot keep compiled again next time."""

    def __init__(self, folder: Path) -> None:
        super().__init__(str(folder), "%s.cache")
        self._folder = folder

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().load_bytecode(bucket)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            self._folder.mkdir(parents=True, exist_ok=True)
            super().dump_bytecode(bucket)
