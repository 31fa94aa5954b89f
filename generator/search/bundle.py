"""Reproducible Pagefind bundles: filter values and filters sorted, files renamed to match.

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
from pathlib import Path
from typing import Any

from generator.search.cbor import _cbor_decode, _cbor_encode

PF_SIGNATURE = b"pagefind_dcd"
META_FILTERS = 3
"""Position of the [[filter, file hash], ...] list in the meta file."""


def normalize_bundle(bundle: Path) -> None:
    """Sort filter values and filters in a Pagefind bundle, renaming files to match."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    metas = {
        language: _read_pf(bundle / f"pagefind.{info['hash']}.pf_meta")
        for language, info in entry["languages"].items()
    }
    if any(meta is None for meta in metas.values()):
        return  # leave every language as written rather than half of them renamed
    for language, info in entry["languages"].items():
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = metas[language]
        for item in meta[META_FILTERS]:
            item[1] = _normalize_filter(bundle / "filter", language, item[1])
        meta[META_FILTERS].sort()
        info["hash"] = _write_pf(bundle, "pagefind.{}.pf_meta", language, meta, 10, meta_path)
    entry_path.write_text(
        json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )


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
