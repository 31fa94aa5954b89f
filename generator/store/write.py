"""Writing archive files atomically: every file or none, and only the files that changed."""

from __future__ import annotations

import functools
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from generator.models import Speaker
from generator.store.comments import carry_comments
from generator.store.dump import dump_speaker


def speaker_path(quotes_dir: Path, slug: str) -> Path:
    """Where a speaker's file lives."""
    return quotes_dir / f"{slug}.yaml"


def write_files_atomically(
    contents: Mapping[Path, str | bytes | Iterable[bytes]], removals: Iterable[Path] = ()
) -> None:
    """Write every file, or none: all go to temporary files first, then are renamed in place.
    Text is written as UTF-8 with `\n` line ends, bytes as they are, and an iterable of bytes
    one after the other, each taken when it is written (a large payload need not be held
    whole, nor copied to join it to a header)."""
    _put_in_place(
        {path: functools.partial(_write, content) for path, content in contents.items()}, removals
    )


def copy_files_atomically(sources: Mapping[Path, Path], removals: Iterable[Path] = ()) -> None:
    """`write_files_atomically` with each file's bytes read from a source file, one file at a
    time: thousands of pages are never in memory together."""
    _put_in_place(
        {path: functools.partial(_copy, source) for path, source in sources.items()}, removals
    )


def _write(content: str | bytes | Iterable[bytes], handle: int) -> None:
    if isinstance(content, str):
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(content)
    else:
        with os.fdopen(handle, "wb") as stream:
            stream.writelines([content] if isinstance(content, bytes) else content)


def _copy(source: Path, handle: int) -> None:
    with os.fdopen(handle, "wb") as stream, source.open("rb") as original:
        shutil.copyfileobj(original, stream)


def _put_in_place(writers: Mapping[Path, Callable[[int], None]], removals: Iterable[Path]) -> None:
    """Give each path's writer a temporary file beside it; rename them all once every one
    is written, then remove `removals`. A failure removes the temporary files."""
    staged: list[tuple[Path, Path]] = []
    try:
        for path, write in sorted(writers.items()):
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
            staged.append((Path(temp_name), path))
            write(handle)
    except BaseException:
        for temp, _ in staged:
            temp.unlink(missing_ok=True)
        raise
    for temp, path in staged:
        os.replace(temp, path)
    for path in removals:
        path.unlink(missing_ok=True)


def write_speakers(
    quotes_dir: Path,
    speakers: Iterable[Speaker],
    removed_slugs: Iterable[str] = (),
    extra_files: Mapping[Path, str] | None = None,
    dumped: Mapping[str, str] | None = None,
) -> list[Path]:
    """Write speaker files canonically and atomically, keeping the comments of the files they
    replace; return the paths that changed.

    `extra_files` go in the same all-or-nothing step (files that belong with the archive).
    `dumped` holds speakers' canonical text already made (by slug): dumping is most of the
    cost of writing a large archive, and a caller that has the text need not pay twice."""
    contents: dict[Path, str] = dict(extra_files or {})
    dumped = dumped or {}
    for speaker in speakers:
        path = speaker_path(quotes_dir, speaker.slug)
        text = dumped.get(speaker.slug) or dump_speaker(speaker)
        old = path.read_text(encoding="utf-8") if path.exists() else None
        if old is not None:
            text = carry_comments(old, text)
        if old != text:
            contents[path] = text
    removals = [speaker_path(quotes_dir, slug) for slug in removed_slugs]
    write_files_atomically(contents, removals)
    return sorted([*contents, *removals])
