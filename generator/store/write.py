"""Writing archive files atomically: every file or none, and only the files that changed."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from generator.models import Speaker
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
    staged: list[tuple[Path, Path]] = []
    try:
        for path, content in sorted(contents.items()):
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
            staged.append((Path(temp_name), path))
            if isinstance(content, str):
                with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                    stream.write(content)
            else:
                with os.fdopen(handle, "wb") as stream:
                    stream.writelines([content] if isinstance(content, bytes) else content)
    except BaseException:
        for temp, _ in staged:
            temp.unlink(missing_ok=True)
        raise
    for temp, path in staged:
        os.replace(temp, path)
    for path in removals:
        path.unlink(missing_ok=True)


def write_speakers(
    quotes_dir: Path, speakers: Iterable[Speaker], removed_slugs: Iterable[str] = ()
) -> list[Path]:
    """Write speaker files canonically and atomically; return the paths that changed."""
    contents: dict[Path, str] = {}
    for speaker in speakers:
        path = speaker_path(quotes_dir, speaker.slug)
        text = dump_speaker(speaker)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            contents[path] = text
    removals = [speaker_path(quotes_dir, slug) for slug in removed_slugs]
    write_files_atomically(contents, removals)
    return sorted([*contents, *removals])
