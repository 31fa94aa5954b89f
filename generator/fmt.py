"""The `fmt` recipe: rewrite archive files in their canonical form.

Canonical form is whatever `store.dump_speaker` and `store.dump_topics` write: fixed key
order, quotes newest first, lists sorted, text wrapped before column 100, quoting only where
YAML needs it. Formatting is a round trip through the model, so it is idempotent; it is
also lossless, which `_same_values` verifies for every file before anything is written.

Two things beyond layout: a quote written without an `id` gets a fresh one (contributors
never type ids), and surrounding whitespace of text is trimmed. A file with errors is never
rewritten: its problems are reported instead.
"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import random
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import GeneratorError, Problem, display_path
from generator.ids import new_quote_id
from generator.store import (
    TOPICS_FILE,
    LoadedArchive,
    YamlDocument,
    archive_from_documents,
    document_key,
    dump_speaker,
    dump_topics,
    load_archive,
    parse_yaml,
    speaker_from_data,
    speaker_to_data,
    topics_from_data,
    write_files_atomically,
)
from generator.validate import validate_archive


@dataclass(frozen=True)
class FileChange:
    """One file whose text differs from its canonical form."""

    path: Path
    shown: str
    before: str
    after: str

    def diff(self) -> str:
        """A unified diff from the file as it is to its canonical form."""
        lines = difflib.unified_diff(
            self.before.splitlines(keepends=True),
            self.after.splitlines(keepends=True),
            fromfile=f"a/{self.shown}",
            tofile=f"b/{self.shown}",
        )
        return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


@dataclass(frozen=True)
class FormatReport:
    """What `fmt` found: files looked at, those not canonical, and errors that blocked some."""

    files: int
    changes: tuple[FileChange, ...]
    problems: tuple[Problem, ...]
    written: bool

    @property
    def ok(self) -> bool:
        """True when nothing blocked formatting (and, for --check, nothing needs it)."""
        return not self.problems and (self.written or not self.changes)

    def summary(self) -> str:
        blocked = len({p.path for p in self.problems})
        unchanged = self.files - len(self.changes) - blocked
        if self.written:
            text = f"formatted {len(self.changes)} file(s), {unchanged} unchanged"
        elif self.changes:
            text = (
                f"{len(self.changes)} of {self.files} file(s) not canonical; "
                "run `python -m generator fmt` to fix them"
            )
        else:
            text = f"ok: {unchanged} file(s) canonical"
        if blocked:
            text += f"; {blocked} file(s) with errors left as they are"
        return text


def format_archive(
    quotes_dir: Path,
    paths: Iterable[Path] = (),
    write: bool = True,
    root: Path | None = None,
    today: dt.date | None = None,
    rng: random.Random | None = None,
) -> FormatReport:
    """Bring the given files (default: every file under `quotes_dir`) into canonical form.

    With `write=False` nothing is written: the report says which files would change.
    """
    if not quotes_dir.is_dir():
        raise GeneratorError(f"expected an archive directory at {quotes_dir}, found nothing")
    loaded = load_archive(quotes_dir, root)
    targets = _targets(quotes_dir, list(paths), root)
    loaded = assign_missing_ids(loaded, targets, rng)
    shown_targets = {display_path(path, root) for path in targets}
    problems = [
        p
        for p in validate_archive(loaded, root, today)
        if p.severity == "error" and p.path in shown_targets
    ]
    blocked = {p.path for p in problems}
    changes = []
    for path in targets:
        shown = display_path(path, root)
        document = loaded.documents.get(document_key(path))
        if shown in blocked or document is None:
            continue
        before = path.read_text(encoding="utf-8")
        after = canonical_text(document)
        if after != before:
            changes.append(FileChange(path, shown, before, after))
    if write:
        write_files_atomically({change.path: change.after for change in changes})
    return FormatReport(len(targets), tuple(changes), tuple(sorted(problems)), write)


def canonical_text(document: YamlDocument) -> str:
    """The canonical text of a valid document; raises if the round trip would change a value."""
    if document.path.name == TOPICS_FILE:
        text = dump_topics(topics_from_data(document.data))
    else:
        speaker = speaker_from_data(document.data, document.path.stem)
        assert speaker is not None, "only valid documents are formatted"
        text = dump_speaker(speaker)
    if not _same_values(document, text):
        raise GeneratorError(
            f"fmt would change the values in {document.path}; nothing was written. "
            "Please report this as a bug, with the file attached."
        )
    return text


def _same_values(document: YamlDocument, text: str) -> bool:
    """Whether `text` reads back as the same archive data as `document`, order aside."""
    reread, problems = parse_yaml(text, document.path, str(document.path))
    if problems or reread is None:
        return False
    if document.path.name == TOPICS_FILE:
        return sorted(topics_from_data(reread.data), key=repr) == sorted(
            topics_from_data(document.data), key=repr
        )
    return _speaker_values(reread) == _speaker_values(document)


def _speaker_values(document: YamlDocument) -> dict[str, Any] | None:
    speaker = speaker_from_data(document.data, document.path.stem)
    return speaker_to_data(speaker) if speaker else None


def assign_missing_ids(
    loaded: LoadedArchive, targets: Iterable[Path], rng: random.Random | None = None
) -> LoadedArchive:
    """Give every quote without an `id` key a fresh id, in the target files only."""
    taken = set(_all_ids(loaded))
    documents = dict(loaded.documents)
    for path in targets:
        document = documents.get(document_key(path))
        if document is None or not _quotes_without_id(document.data):
            continue
        data = copy.deepcopy(document.data)
        for item in _quotes_without_id(data):
            item["id"] = new_quote_id(taken, rng)
            taken.add(item["id"])
        documents[document_key(path)] = YamlDocument(
            document.path, data, document.positions, document.key_positions
        )
    return LoadedArchive(archive_from_documents(documents), documents, loaded.problems)


def _quotes_without_id(data: Any) -> list[dict[str, Any]]:
    quotes = data.get("quotes") if isinstance(data, dict) else None
    items = quotes if isinstance(quotes, list) else []
    return [item for item in items if isinstance(item, dict) and "id" not in item]


def _all_ids(loaded: LoadedArchive) -> Iterable[str]:
    for speaker in loaded.archive.speakers:
        for quote in speaker.quotes:
            yield quote.id
            yield from quote.merged_ids


def _targets(quotes_dir: Path, paths: list[Path], root: Path | None) -> list[Path]:
    """The archive files to format: the given ones, or every `.yaml` file in the archive."""
    if not paths:
        return sorted(quotes_dir.glob("*.yaml"))
    directory = quotes_dir.resolve()
    chosen: set[Path] = set()
    for path in paths:
        if path.is_dir() and path.resolve() == directory:
            chosen.update(quotes_dir.glob("*.yaml"))
        elif path.resolve().parent == directory and path.suffix == ".yaml" and path.is_file():
            chosen.add(quotes_dir / path.name)
        else:
            raise GeneratorError(
                f"{display_path(path, root)} is not a .yaml file of the archive in {quotes_dir}"
            )
    return sorted(chosen)
