"""Pagefind bundles made reproducible (filter values and filters sorted, files renamed to
match), given the meta that must not be indexed (`normalize_bundle`'s `stored`), rid of the
words of their pages that no result shows (`hidden`) and of the files the search page never
loads (`prune_bundle`).

Pagefind 1.5 writes each filter's values, and the list of filters in its meta file, in hash
map order, which changes from run to run (its source says "TODO: Change filter indexes to
BTree to give them a stable hash"). We sort them and rename the files after their new
content. Files are gzip of a signature plus CBOR; a file is rewritten only when our small
CBOR codec reproduces it byte for byte, so a future format change leaves the bundle as
Pagefind wrote it (and the determinism test says so) instead of breaking it.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from generator.search.cbor import _cbor_decode, _cbor_encode

PF_SIGNATURE = b"pagefind_dcd"
META_PAGES = 1
"""Position of the [[fragment hash, word count], ...] list in the meta file."""
META_FILTERS = 3
"""Position of the [[filter, file hash], ...] list in the meta file."""
FRAGMENT_HASH_DIGITS = 7
"""Hex digits of a fragment's name, as Pagefind names them (more when two would collide)."""
HIDDEN_WORD = "_"
"""What a word no result shows becomes in a fragment: one character, so the words after it
keep their place (the index locates a match by its word's position in the fragment)."""
JS_SPACE = re.compile("[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+")
"""JavaScript's `\\s+`: the browser splits a fragment's content into words with it."""
_WORDS_AND_SPACES = re.compile(f"({JS_SPACE.pattern})")


UNUSED_FILES = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-highlight.js",
    "pagefind-worker.js",
)
"""What Pagefind writes into every bundle that the search page never loads: Pagefind's own
search interfaces and highlighter (the page is ours), and its web worker (the page searches
without one). ~110 KB compressed a bundle: 5 MB at a million quotes (45 bundles)."""


def prune_bundle(bundle: Path) -> None:
    """Remove UNUSED_FILES from a bundle."""
    for name in UNUSED_FILES:
        (bundle / name).unlink(missing_ok=True)


def normalize_bundle(
    bundle: Path,
    stored: Mapping[str, Sequence[tuple[str, str]]] | None = None,
    hidden: str | None = None,
    unread: Sequence[str] = (),
    finished: FinishedFragments | None = None,
) -> None:
    """Sort filter values and filters in a Pagefind bundle, renaming files to match, and
    finish each page's fragment: add its stored meta (`stored`, by the page's URL), meta
    results read but Pagefind would have indexed as words had the page carried it; make
    HIDDEN_WORD each word of an element whose id starts with `hidden` (words that find a
    result but are never shown; the index keeps them) and drop that element's anchor (the
    next anchor ends the placeholders); drop the fields no result reads (`unread`). A
    fragment's name is a hash of its bytes, so each one changed is renamed and the meta file
    lists the new name. Should our codec not reproduce a meta file, every language is left
    as written, but for the fragments, finished under their old names (the bundle still
    works; only a cached copy could be stale). `finished` holds the fragments earlier builds
    finished from the same bytes: taken from it, not finished again."""
    stored = stored or {}
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    metas = {
        language: _read_pf(bundle / f"pagefind.{info['hash']}.pf_meta")
        for language, info in entry["languages"].items()
    }
    if any(meta is None for meta in metas.values()):
        # leave every language as written rather than half of them renamed
        for path in sorted((bundle / "fragment").glob("*.pf_fragment")):
            fragment = _fragment(gzip.decompress(path.read_bytes()))
            if fragment and (raw := _finished(fragment, stored, hidden, unread)) is not None:
                path.write_bytes(gzip.compress(raw, mtime=0))
        return
    for language, info in entry["languages"].items():
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = metas[language]
        for item in meta[META_FILTERS]:
            item[1] = _normalize_filter(bundle / "filter", language, item[1])
        meta[META_FILTERS].sort()
        pages = meta[META_PAGES]
        _finish_fragments(bundle / "fragment", language, pages, stored, hidden, unread, finished)
        info["hash"] = _write_pf(bundle, "pagefind.{}.pf_meta", language, meta, 10, meta_path)
    entry_path.write_text(
        json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )


def _finish_fragments(
    folder: Path,
    language: str,
    pages: list[list[Any]],
    stored: Mapping[str, Sequence[tuple[str, str]]],
    hidden: str | None,
    unread: Sequence[str],
    finished: FinishedFragments | None = None,
) -> None:
    """Finish the fragments of `pages` ([name, word count] each; see `_finished`), renaming
    each fragment changed after its new bytes, in `pages` too."""
    if not stored and not hidden and not unread:
        return
    taken = {page[0] for page in pages}
    for page in pages:
        path = folder / f"{page[0]}.pf_fragment"
        raw = gzip.decompress(path.read_bytes())
        fragment = _fragment(raw)
        if fragment is None:
            continue
        key = finished.key(raw, stored.get(fragment.get("url")), hidden, unread) if finished else ""
        name = None
        if finished and (digest := finished.get(key)):
            name = _fragment_name(language, digest, taken)
            if finished.place(key, digest, folder / f"{name}.pf_fragment"):
                path.unlink()
            else:
                name = None  # finished again, below
        if name is None:
            done = _finished(fragment, stored, hidden, unread)
            if done is None:
                continue
            digest = hashlib.sha256(done).hexdigest()
            name = _fragment_name(language, digest, taken)
            path.unlink()
            target = folder / f"{name}.pf_fragment"
            target.write_bytes(gzip.compress(done, mtime=0))
            if finished:
                finished.put(key, digest, target)
        taken.discard(page[0])
        taken.add(name)
        page[0] = name


class FinishedFragments:
    """Fragments finished by earlier builds, kept in `folder` (one per search shard): each
    file is named by a key of what it was finished from (the fragment as Pagefind wrote it,
    its page's stored meta, what is hidden and dropped, and this module's code) and the
    sha256 of what finishing made, which names the fragment; the bundle gets a hard link.

    Finishing a shard's 2k fragments (decompressing, hiding words, compressing at level 9)
    took 3 s of Python a shard at 200k quotes: in a rebuild after an edit, all but a few of
    them are what the last build finished. `forget_unused` keeps only this build's."""

    def __init__(self, folder: Path, trust: bool = True) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        known = [entry.name for entry in os.scandir(folder)] if trust else []
        self._digests = dict(name.partition("_")[::2] for name in known if "_" in name)
        self._used: set[str] = set()

    def key(self, raw: bytes, extra: object, hidden: str | None, unread: Sequence[str]) -> str:
        digest = hashlib.blake2b(raw, digest_size=20, key=_CODE_KEY)
        digest.update(json.dumps([extra, hidden, list(unread)]).encode("utf-8"))
        return digest.hexdigest()

    def get(self, key: str) -> str | None:
        """The sha256 (hex) of what the fragment of `key` finished into, if kept."""
        return self._digests.get(key)

    def place(self, key: str, digest: str, target: Path) -> bool:
        """Link the fragment kept under `key` at `target`; False when that fails."""
        try:
            os.link(self.folder / f"{key}_{digest}", target)
        except OSError:
            return False
        self._used.add(f"{key}_{digest}")
        return True

    def put(self, key: str, digest: str, made: Path) -> None:
        """Keep the fragment just written at `made` (a link; nothing when that fails)."""
        name = f"{key}_{digest}"
        with contextlib.suppress(OSError):
            (self.folder / name).unlink(missing_ok=True)
            os.link(made, self.folder / name)
            self._digests[key] = digest
            self._used.add(name)

    def forget_unused(self) -> None:
        """Remove what this build did not use: the fragments of pages changed or gone."""
        for entry in os.scandir(self.folder):
            if entry.name not in self._used:
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


_CODE_KEY = hashlib.blake2b(Path(__file__).read_bytes(), digest_size=32).digest()
"""This module's code, in every key: a change to finishing finishes every fragment again."""


def _fragment(raw: bytes) -> Any:
    """A fragment's JSON, None when it is not one Pagefind writes as we know it."""
    if not raw.startswith(PF_SIGNATURE):
        return None
    fragment = json.loads(raw[len(PF_SIGNATURE) :])
    return fragment if isinstance(fragment, dict) else None


def _finished(
    fragment: Any,
    stored: Mapping[str, Sequence[tuple[str, str]]],
    hidden: str | None,
    unread: Sequence[str],
) -> bytes | None:
    """A fragment's bytes with its page's stored meta added, its hidden words made
    HIDDEN_WORD and its unread fields dropped, or None when none of that changes it."""
    dropped = [field for field in unread if field in fragment]
    for field in dropped:
        del fragment[field]
    changed = bool(dropped)
    if extra := stored.get(fragment.get("url")):
        fragment["meta"] = {**fragment.get("meta", {}), **dict(extra)}
        changed = True
    if hidden and isinstance(fragment.get("content"), str):
        anchors = sorted(
            (a for a in fragment.get("anchors", []) if isinstance(a.get("location"), int)),
            key=lambda a: a["location"],
        )
        content = _hide_words(fragment["content"], _hidden_spans(anchors, hidden))
        kept = [a for a in anchors if not str(a.get("id", "")).startswith(hidden)]
        changed = changed or content != fragment["content"] or len(kept) != len(anchors)
        fragment["content"] = content
        fragment["anchors"] = kept
    if not changed:
        return None
    text = json.dumps(fragment, ensure_ascii=False, separators=(",", ":"))
    return PF_SIGNATURE + text.encode("utf-8")


def _hidden_spans(anchors: list[dict[str, Any]], hidden: str) -> list[tuple[int, int]]:
    """The hidden words, [start, end) by position, of `anchors` (in order): from an anchor
    whose id starts with `hidden` to the next anchor, or to the end."""
    spans = []
    for at, anchor in enumerate(anchors):
        if str(anchor.get("id", "")).startswith(hidden):
            end = anchors[at + 1]["location"] if at + 1 < len(anchors) else 1 << 62
            spans.append((anchor["location"], end))
    return spans


def _hide_words(content: str, spans: Sequence[tuple[int, int]]) -> str:
    """`content` with each word in `spans` made HIDDEN_WORD, split and joined as the browser
    splits it, so every other word keeps its position."""
    if not spans:
        return content
    parts = _WORDS_AND_SPACES.split(content)  # word, space, word, ...: word n at 2n
    first, last = parts[0], parts[-1]  # the only words that may be empty
    for start, end in spans:
        start, stop = max(start, 0), min(end, (len(parts) + 1) // 2)
        if start < stop:  # slices of whole runs: no Python step per word
            parts[2 * start : 2 * stop : 2] = [HIDDEN_WORD] * (stop - start)
    if not first:
        parts[0] = first
    if not last:
        parts[-1] = last
    return "".join(parts)


def _fragment_name(language: str, digest: str, taken: set[str]) -> str:
    """`language`_ the first FRAGMENT_HASH_DIGITS of `digest` (a sha256 of the fragment's
    bytes, hex), or more when that name is `taken`."""
    digits = FRAGMENT_HASH_DIGITS
    while f"{language}_{digest[:digits]}" in taken:
        digits += 1
    return f"{language}_{digest[:digits]}"


def _normalize_filter(folder: Path, language: str, name: str) -> str:
    path = folder / f"{name}.pf_filter"
    data = _read_pf(path)
    if data is None:
        return name
    data[1].sort(key=lambda value: value[0])
    return _write_pf(folder, "{}.pf_filter", language, data, 7, path)


def _read_pf(path: Path) -> Any:
    """Decode a Pagefind data file, or None when our codec cannot reproduce it exactly."""
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(PF_SIGNATURE):
        return None
    try:
        value, end = _cbor_decode(raw, len(PF_SIGNATURE))
    except (ValueError, IndexError, KeyError):
        return None
    if end != len(raw) or PF_SIGNATURE + _cbor_encode(value) != raw:
        return None
    return value


def _write_pf(folder: Path, pattern: str, language: str, value: Any, digits: int, old: Path) -> str:
    """Write a data file named after a hash of its content; return the name's hash part."""
    raw = PF_SIGNATURE + _cbor_encode(value)
    name = f"{language}_{hashlib.sha256(raw).hexdigest()[:digits]}"
    old.unlink()
    (folder / pattern.format(name)).write_bytes(gzip.compress(raw, mtime=0))
    return name
