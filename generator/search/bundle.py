"""Pagefind bundles made reproducible (filter values and filters sorted, files renamed to
match) and given the meta that must not be indexed (`normalize_bundle`'s `stored`).

Pagefind 1.5 writes each filter's values, and the list of filters in its meta file, in hash
map order, which changes from run to run (its source says "TODO: Change filter indexes to
BTree to give them a stable hash"). We sort them and rename the files after their new
content. Files are gzip of a signature plus CBOR; a file is rewritten only when our small
CBOR codec reproduces it byte for byte, so a future format change leaves the bundle as
Pagefind wrote it (and the determinism test says so) instead of breaking it.
"""

from __future__ import annotations

import gzip
import hashlib
import json
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


def normalize_bundle(
    bundle: Path, stored: Mapping[str, Sequence[tuple[str, str]]] | None = None
) -> None:
    """Sort filter values and filters in a Pagefind bundle, renaming files to match, and add
    to each page's fragment its stored meta (`stored`, by the page's URL): meta results read
    but Pagefind would have indexed as words had the page carried it. A fragment's name is a
    hash of its bytes, so each one changed is renamed and the meta file lists the new name.
    Should our codec not reproduce a meta file, every language is left as written, but for
    the stored meta, added to fragments that keep their names (the bundle still works; only
    a cached copy could be stale)."""
    stored = stored or {}
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    metas = {
        language: _read_pf(bundle / f"pagefind.{info['hash']}.pf_meta")
        for language, info in entry["languages"].items()
    }
    if any(meta is None for meta in metas.values()):
        # leave every language as written rather than half of them renamed
        for path in sorted((bundle / "fragment").glob("*.pf_fragment")) if stored else ():
            if (raw := _with_stored_meta(path.read_bytes(), stored)) is not None:
                path.write_bytes(gzip.compress(raw, mtime=0))
        return
    for language, info in entry["languages"].items():
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = metas[language]
        for item in meta[META_FILTERS]:
            item[1] = _normalize_filter(bundle / "filter", language, item[1])
        meta[META_FILTERS].sort()
        _store_meta(bundle / "fragment", language, meta[META_PAGES], stored)
        info["hash"] = _write_pf(bundle, "pagefind.{}.pf_meta", language, meta, 10, meta_path)
    entry_path.write_text(
        json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )


def _store_meta(
    folder: Path,
    language: str,
    pages: list[list[Any]],
    stored: Mapping[str, Sequence[tuple[str, str]]],
) -> None:
    """Add their stored meta to the fragments of `pages` ([name, word count] each), renaming
    each fragment changed after its new bytes, in `pages` too."""
    if not stored:
        return
    taken = {page[0] for page in pages}
    for page in pages:
        path = folder / f"{page[0]}.pf_fragment"
        raw = _with_stored_meta(path.read_bytes(), stored)
        if raw is None:
            continue
        name = _fragment_name(language, raw, taken)
        path.unlink()
        (folder / f"{name}.pf_fragment").write_bytes(gzip.compress(raw, mtime=0))
        taken.discard(page[0])
        taken.add(name)
        page[0] = name


def _with_stored_meta(
    compressed: bytes, stored: Mapping[str, Sequence[tuple[str, str]]]
) -> bytes | None:
    """A fragment's bytes with its page's stored meta added, or None when it has none."""
    raw = gzip.decompress(compressed)
    if not raw.startswith(PF_SIGNATURE):
        return None
    fragment = json.loads(raw[len(PF_SIGNATURE) :])
    extra = stored.get(fragment.get("url"))
    if not extra:
        return None
    fragment["meta"] = {**fragment.get("meta", {}), **dict(extra)}
    text = json.dumps(fragment, ensure_ascii=False, separators=(",", ":"))
    return PF_SIGNATURE + text.encode("utf-8")


def _fragment_name(language: str, raw: bytes, taken: set[str]) -> str:
    digest = hashlib.sha256(raw).hexdigest()
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
