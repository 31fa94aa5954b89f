"""The `fmt` recipe: rewrite archive files in their canonical form.

Canonical form is whatever `store.dump_speaker` and `store.dump_topics` write: fixed key
order, quotes newest first, lists sorted, text wrapped before column 100, quoting only where
YAML needs it. Formatting is a round trip through the model, so it is idempotent; it is
also lossless, which `_same_values` verifies for every file before anything is written.

Beyond layout, `fmt` fixes what a contributor editing by hand (or in the GitHub web editor)
leaves for it, and says so: a quote written without an `id` gets a fresh one (contributors
never type ids), quote marks around a quote's text are removed, Windows line ends become
Unix ones, and surrounding whitespace of text is trimmed. Comments are kept, each above the
entry it was written next to (`store.carry_comments`). A file with other errors is never
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
from generator.jobsummary import code_block, text_line
from generator.store import (
    TOPICS_FILE,
    LoadedArchive,
    YamlDocument,
    YamlPath,
    archive_files,
    archive_from_documents,
    carry_comments,
    document_key,
    dump_speaker,
    dump_topics,
    load_archive,
    parse_yaml,
    speaker_from_data,
    speaker_to_data,
    topics_from_data,
    without_carriage_returns,
    write_files_atomically,
)
from generator.validate import unquoted, validate_archive


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

    def hunks(self) -> list[tuple[int, int, str]]:
        """Each changed stretch of the file as (first line, last line, the canonical lines
        that replace them), for annotations on the lines a pull request shows."""
        before = self.before.splitlines()
        after = self.after.splitlines()
        matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
        return [
            (first + 1, max(last, first + 1), "\n".join(after[start:end]))
            for tag, first, last, start, end in matcher.get_opcodes()
            if tag != "equal"
        ]


@dataclass(frozen=True)
class FormatReport:
    """What `fmt` found: files looked at, those not canonical, and errors that blocked some."""

    files: int
    changes: tuple[FileChange, ...]
    problems: tuple[Problem, ...]
    written: bool
    fixes: tuple[str, ...] = ()
    """What `fmt` fixed (or, with --check, would fix) besides layout, one line each:
    `path:line:col: gave the new quote the id ...`."""

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

    def annotations(self, severity: str = "error") -> list[str]:
        """Each changed stretch of each file as a GitHub Actions annotation on its lines,
        with the lines `fmt` writes there."""
        return [
            Problem(
                change.shown,
                first,
                1,
                "fmt",
                f"fmt writes lines {first}-{last} as:\n{replacement}"
                if replacement
                else f"fmt removes lines {first}-{last}",
                severity=severity,
            ).annotation()
            for change in self.changes
            for first, last, replacement in change.hunks()
        ]

    def job_summary(self) -> str:
        """Markdown for the job summary of a `fmt --check` run: what is not canonical, the
        fixes `fmt` would make, and the diff."""
        if self.written:
            return ""
        parts = [f"### fmt --check: {text_line(self.summary())}", ""]
        parts += [f"- {text_line(fix)}" for fix in self.fixes]
        if self.changes:
            parts += ["", code_block("".join(change.diff() for change in self.changes), "diff")]
        return "\n".join(parts) + "\n"


FIXED_BY_FMT = frozenset({"Y005", "S112"})
"""Codes of problems `fmt` fixes itself, so they do not stop it (a missing id is given one
before validation)."""


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
    added = (today or dt.date.today()).isoformat()
    fixed = fix_hand_edits(loaded, targets, root, rng, added)
    loaded, fixes = fixed.loaded, fixed.notes
    shown_targets = {display_path(path, root) for path in targets}
    problems = [
        p
        for p in validate_archive(loaded, root, today)
        if p.severity == "error" and p.path in shown_targets and p.code not in FIXED_BY_FMT
    ]
    blocked = {p.path for p in problems}
    changes = []
    for path in targets:
        shown = display_path(path, root)
        document = loaded.documents.get(document_key(path))
        if shown in blocked or document is None:
            continue
        with path.open(encoding="utf-8", newline="") as stream:
            before = stream.read()
        after = carry_comments(
            without_carriage_returns(before), canonical_text(document), _quote_ids(document)
        )
        if after != before:
            changes.append(FileChange(path, shown, before, after))
    if write:
        write_files_atomically({change.path: change.after for change in changes})
    changed = {change.shown for change in changes}
    notes = tuple(note for note in fixes if note.split(":", 1)[0] in changed)
    return FormatReport(len(targets), tuple(changes), tuple(sorted(problems)), write, notes)


@dataclass(frozen=True)
class HandEdits:
    """The archive as `fmt` will write it, and what `fmt` does to get there."""

    loaded: LoadedArchive
    """Quotes without an id have one, texts have no quote marks around them; the positions
    are those of the files as they are."""
    notes: list[str]
    """One line per fix: `path:line:col: gave the new quote the id ...`."""
    new_ids: dict[str, dict[int, str]]
    """The ids given, by document key and then by the quote's index in its file."""


def fix_hand_edits(
    loaded: LoadedArchive,
    targets: Iterable[Path],
    root: Path | None = None,
    rng: random.Random | None = None,
    added: str | None = None,
) -> HandEdits:
    """The archive as `fmt` writes it, in the target files: quotes without an `id` given a
    fresh one (and, with `added`, the date they were added), quote marks around texts
    removed; and a line saying what was done for each fix (Windows line ends included)."""
    loaded, new_ids = assign_ids(loaded, targets, rng, added)
    documents = dict(loaded.documents)
    notes = [
        f"{p.path}:{p.line}:{p.col}: wrote Unix line ends (LF) for Windows ones (CRLF)"
        for p in loaded.problems
        if p.code == "Y005"
    ]
    for path in targets:
        key = document_key(path)
        document = documents.get(key)
        if document is None:
            continue
        shown = display_path(path, root)
        for index, quote_id in sorted(new_ids.get(key, {}).items()):
            line, col = document.position(("quotes", index))
            notes.append(f"{shown}:{line}:{col}: gave the new quote the id {quote_id}")
        unwrapped = _without_quote_marks(document.data)
        if unwrapped is None:
            continue
        data, places = unwrapped
        for place in places:
            line, col = document.position(place)
            notes.append(f"{shown}:{line}:{col}: removed the quote marks around '{place[2]}'")
        documents[key] = YamlDocument(
            document.path, data, document.positions, document.key_positions
        )
    fixed = LoadedArchive(archive_from_documents(documents), documents, loaded.problems)
    return HandEdits(fixed, sorted(notes), new_ids)


def _without_quote_marks(data: Any) -> tuple[Any, list[YamlPath]] | None:
    """A copy of a speaker's data with quote marks around texts and variants removed, and the
    places changed; None when nothing needs it."""
    quotes = data.get("quotes") if isinstance(data, dict) else None
    if not isinstance(quotes, list):
        return None
    places: list[YamlPath] = []
    for index, item in enumerate(quotes):
        if not isinstance(item, dict):
            continue
        if isinstance(item.get("text"), str) and unquoted(item["text"]) != item["text"].strip():
            places.append(("quotes", index, "text"))
        variants = item.get("variants")
        for number, variant in enumerate(variants if isinstance(variants, list) else []):
            if isinstance(variant, str) and unquoted(variant) != variant.strip():
                places.append(("quotes", index, "variants", number))
    if not places:
        return None
    data = copy.deepcopy(data)
    for place in places:
        parent = data["quotes"][place[1]]
        if len(place) == 3:
            parent["text"] = unquoted(parent["text"])
        else:
            parent["variants"][place[3]] = unquoted(parent["variants"][place[3]])
    return data, places


def _quote_ids(document: YamlDocument) -> list[str | None]:
    """The id of each quote of a document by its place, for `carry_comments`."""
    quotes = document.data.get("quotes") if isinstance(document.data, dict) else None
    return [
        item.get("id") if isinstance(item, dict) and isinstance(item.get("id"), str) else None
        for item in (quotes if isinstance(quotes, list) else [])
    ]


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
    return assign_ids(loaded, targets, rng)[0]


def assign_ids(
    loaded: LoadedArchive,
    targets: Iterable[Path],
    rng: random.Random | None = None,
    added: str | None = None,
) -> tuple[LoadedArchive, dict[str, dict[int, str]]]:
    """`assign_missing_ids`, plus the ids given: by document key, then by quote index."""
    taken = set(_all_ids(loaded))
    documents = dict(loaded.documents)
    given: dict[str, dict[int, str]] = {}
    for path in targets:
        key = document_key(path)
        document = documents.get(key)
        if document is None or not _quotes_without_id(document.data):
            continue
        data = copy.deepcopy(document.data)
        for index, item in enumerate(data["quotes"]):
            if isinstance(item, dict) and "id" not in item:
                item["id"] = new_quote_id(taken, rng)
                if added and "added" not in item:
                    item["added"] = added  # a quote without an id is new: added today
                taken.add(item["id"])
                given.setdefault(key, {})[index] = item["id"]
        documents[key] = YamlDocument(
            document.path, data, document.positions, document.key_positions
        )
    fixed = LoadedArchive(archive_from_documents(documents), documents, loaded.problems)
    return fixed, given


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
        return archive_files(quotes_dir, root)[0]
    directory = quotes_dir.resolve()
    chosen: set[Path] = set()
    for path in paths:
        if path.is_dir() and path.resolve() == directory:
            chosen.update(archive_files(quotes_dir, root)[0])
        elif path.resolve().parent == directory and path.suffix == ".yaml" and path.is_file():
            chosen.add(quotes_dir / path.name)
        else:
            raise GeneratorError(
                f"{display_path(path, root)} is not a .yaml file of the archive in {quotes_dir}"
            )
    return sorted(chosen)
