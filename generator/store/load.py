"""Loading the archive: every speaker file and the topic taxonomy under `quotes/`.

Files that cannot be read are reported and left out, so validation can still collect every
problem in one run; `with_texts` loads replacement files from memory before they are written.
"""

from __future__ import annotations

import contextlib
import gc
import marshal
import multiprocessing as mp
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from generator.errors import Problem, display_path
from generator.models import Archive
from generator.store.convert import speaker_from_data, topics_from_data
from generator.store.data_cache import DataCache, file_digest
from generator.store.files import entry_problem, not_regular_problem, read_regular, tree_problems
from generator.store.yaml_read import YamlDocument, parse_plain, parse_yaml, read_yaml

TOPICS_FILE = "topics.yaml"


@dataclass
class LoadedArchive:
    """The archive plus what is needed to report problems against its files."""

    archive: Archive
    documents: dict[str, YamlDocument]
    """Speaker documents by slug (the file stem), plus the topics document under TOPICS_FILE."""
    problems: list[Problem]
    """Problems found while reading (syntax errors, wrong types); validation adds more."""
    cached: frozenset[str] = frozenset()
    """Documents taken from a DataCache: they passed the per-file rules as they are, and
    carry no positions."""
    plain: frozenset[str] = frozenset()
    """Documents read without positions (`load_plain_archive`), cached ones included: a
    problem in them points at 1:1 until `with_positions` reads them again."""
    checked: frozenset[str] = frozenset()
    """Documents found to pass the per-file rules as they are while they were read."""


def load_archive(
    quotes_dir: Path, root: Path | None = None, cache: DataCache | None = None
) -> LoadedArchive:
    """Read every speaker file and the topic taxonomy under `quotes_dir`.

    Files that cannot be read or parsed are reported and left out; the caller decides
    whether to go on (validation does, to collect every problem in one run). Files whose
    bytes the `cache` knows are not parsed again.
    """
    documents: dict[str, YamlDocument] = {}
    paths, problems = archive_files(quotes_dir, root)
    cached: set[str] = set()
    with collector_paused():
        for path in paths:
            if cache is not None and (known := cache.document(path)) is not None:
                documents[document_key(path)] = known
                cached.add(document_key(path))
                continue
            document, found = read_yaml(path, root)
            problems.extend(found)
            if document is not None:
                documents[document_key(path)] = document
    archive = archive_from_documents(documents)
    return LoadedArchive(archive, documents, problems, frozenset(cached))


FileCheck = Callable[[str, YamlDocument], bool]
"""Whether a document (by its key) passes every rule that looks at its file alone."""


def load_plain_archive(
    quotes_dir: Path,
    cache: DataCache | None = None,
    workers: int | None = None,
    check: FileCheck | None = None,
    root: Path | None = None,
) -> LoadedArchive:
    """`load_archive` without the positions of values: the quick way to a valid archive.

    Positions are most of what reading costs (time and, above all, memory: 2.2 GB at 200,000
    quotes with them), and only a problem needs them: `with_positions` reads the files a
    problem is about again. A file `parse_plain` refuses (it has a problem of its own) is
    read with positions at once. Files the `cache` does not know are parsed by `workers`
    processes (default: one per CPU, at most 2) when there are PARALLEL_FROM of them, and
    given to `check` there: those it passes are listed in `LoadedArchive.checked`.
    """
    documents: dict[str, YamlDocument] = {}
    plain: set[str] = set()
    checked: set[str] = set()
    paths, problems = archive_files(quotes_dir, root)
    with collector_paused():
        known = _known_documents(paths, cache) if cache is not None else {}
        unknown = [path for path in paths if path not in known]
        parsed = dict(zip(unknown, _parse_files(unknown, workers, check), strict=True))
        for path in paths:
            key = document_key(path)
            ok, data, passed = parsed.get(path, (False, None, False))
            if path in known or ok:
                documents[key] = known.get(path) or YamlDocument(path, data)
                plain.add(key)
                if passed:
                    checked.add(key)
                continue
            document, found = read_yaml(path, root)
            problems.extend(found)
            if document is not None:
                documents[key] = document
    archive = archive_from_documents(documents)
    cached = frozenset(document_key(path) for path in known)
    return LoadedArchive(archive, documents, problems, cached, frozenset(plain), frozenset(checked))


def _known_documents(paths: list[Path], cache: DataCache) -> dict[Path, YamlDocument]:
    """The documents of `paths` whose bytes `cache` knows. From PARALLEL_FROM files, a forked
    child reads and digests them while this process reads the cache (each ~0.7-1 s at 200k
    quotes, on a core each)."""
    collect = _digests_in_child(paths) if len(paths) >= PARALLEL_FROM and can_fork() else None
    cache.load()
    digests = collect() if collect is not None else None
    found = {}
    for number, path in enumerate(paths):
        # A file the child could not read is read here, which finds why (or that it is back).
        document = cache.document(path, digests[number] if digests else None)
        if document is not None:
            found[path] = document
    return found


def _digests_in_child(paths: list[Path]) -> Callable[[], list[bytes | None] | None]:
    """Start a forked child digesting `paths` (`file_digest`); what it returns gives their
    digests in order, or None when the child failed (the caller digests them itself)."""
    answer, reply = mp.Pipe(duplex=False)
    child = mp.get_context("fork").Process(target=_send_digests, args=(paths, reply), daemon=True)
    child.start()
    reply.close()

    def collect() -> list[bytes | None] | None:
        try:
            digests = answer.recv()
        except (EOFError, OSError):
            digests = None
        finally:
            answer.close()
            child.join()
        ok = isinstance(digests, list) and len(digests) == len(paths)
        return digests if ok else None

    return collect


def _send_digests(paths: list[Path], reply: Connection) -> None:
    gc.disable()  # a short-lived child: collecting would only walk the parent's objects
    reply.send([file_digest(path) for path in paths])


PARALLEL_FROM = 1000
"""Files to parse from which worker processes pay for themselves (about 0.1 s to start)."""
CHUNK = 250
"""Files a worker parses per task: enough that sending the data back costs little."""
_Parsed = tuple[bool, Any, bool]
"""Whether a file parsed, its data, and whether it passed the file check."""


def _parse_files(
    paths: list[Path], workers: int | None, check: FileCheck | None
) -> Iterator[_Parsed]:
    """Each file parsed (`_parse_file`), in order.

    Composing YAML nodes and checking a file are most of the time and keep no state between
    files, so two processes halve them; each sends its files' data back marshalled (plain
    data only).
    """
    workers = min(2, os.cpu_count() or 1) if workers is None else workers
    if workers < 2 or len(paths) < PARALLEL_FROM or not can_fork():
        yield from (_parse_file(path, check) for path in paths)
        return
    chunks = [[str(path) for path in paths[i : i + CHUNK]] for i in range(0, len(paths), CHUNK)]
    with ProcessPoolExecutor(workers, mp_context=mp.get_context("fork")) as pool:
        for blob in pool.map(partial(_parse_chunk, check=check), chunks):
            yield from marshal.loads(blob)


def can_fork() -> bool:
    """Forking is quick (nothing to import again) but unsafe while other threads may hold
    locks the child would inherit, so it is used only from a single-threaded process."""
    return "fork" in mp.get_all_start_methods() and threading.active_count() == 1


def _parse_chunk(paths: list[str], check: FileCheck | None) -> bytes:
    return marshal.dumps([_parse_file(Path(path), check) for path in paths])


def _parse_file(path: Path, check: FileCheck | None) -> _Parsed:
    """`parse_plain` of a file and `check` of its document; (False, None, False) for a file
    that cannot be read."""
    try:
        raw = read_regular(path)
    except OSError:
        return False, None, False
    ok, data = parse_plain(raw)
    passed = ok and check is not None and check(document_key(path), YamlDocument(path, data))
    return ok, data, passed


def with_positions(
    loaded: LoadedArchive,
    keys: Iterable[str],
    texts: Mapping[Path, str] | None = None,
    root: Path | None = None,
) -> LoadedArchive:
    """The archive with the plain documents of `keys` read again with positions, so the
    problems found in them point at their lines (the data, hence the archive, is the same).
    A document that came from `texts` (`with_texts`: not on disk yet) is read from there."""
    documents = dict(loaded.documents)
    problems = list(loaded.problems)
    again = {key for key in keys if key in loaded.plain}
    texts = texts or {}
    for key in sorted(again):
        path = documents[key].path
        if path in texts:
            document, found = parse_yaml(texts[path], path, display_path(path, root))
        else:
            document, found = read_yaml(path, root)
        problems.extend(found)
        if document is None:
            del documents[key]
        else:
            documents[key] = document
    return LoadedArchive(
        loaded.archive,
        documents,
        problems,
        loaded.cached - again,
        loaded.plain - again,
        loaded.checked - again,
    )


def archive_files(quotes_dir: Path, root: Path | None = None) -> tuple[list[Path], list[Problem]]:
    """The archive's files (`*.yaml` directly under `quotes_dir`), sorted, and a problem for
    every other entry that looks like one: a `.yml` file (F003); a link, a directory or a
    special file (F006), which is never read; a name with a control character (F007)."""
    if os.path.islink(quotes_dir):
        return [], tree_problems(quotes_dir, root)
    if not quotes_dir.is_dir():
        return [], []  # F002 is the caller's to report
    problems: list[Problem] = []
    paths = []
    # Names and the kinds scandir reads with them, not a Path and two stats a file: 20k
    # files took 0.6 s to list, sorting Paths and stat'ing each twice.
    with os.scandir(quotes_dir) as scanned:
        entries = sorted((e for e in scanned if _suffix(e.name) in (".yaml", ".yml")),
                         key=lambda e: e.name)  # fmt: skip
    for entry in entries:
        path = quotes_dir / entry.name
        is_dir = entry.is_dir(follow_symlinks=False)
        known = "" if is_dir or entry.is_file(follow_symlinks=False) else None
        problem = entry_problem(path, root, known)
        if problem is None and is_dir:
            problem = not_regular_problem(display_path(path, root), "a directory")
        if problem is not None:
            problems.append(problem)
        elif entry.name.endswith(".yml"):
            problems.append(_yml_problem(path, root))
        else:
            paths.append(path)
    return paths, problems


def _suffix(name: str) -> str:
    """`PurePath(name).suffix`, without making a path."""
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


def _yml_problem(path: Path, root: Path | None) -> Problem:
    return Problem(
        display_path(path, root),
        0,
        0,
        "F003",
        "expected the extension .yaml, found .yml",
        f"rename it to {path.stem}.yaml",
    )


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while reading: the documents read so far are millions of
    objects without cycles that each full collection walks again (a third of the reading time
    at 20,000 quotes). Whatever cycles appear meanwhile are collected once it resumes. Nests:
    only the outermost pause resumes it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def document_key(path: Path) -> str:
    """The key of a file in `LoadedArchive.documents`: the speaker slug, or TOPICS_FILE."""
    return TOPICS_FILE if path.name == TOPICS_FILE else path.stem


def archive_from_documents(documents: Mapping[str, YamlDocument]) -> Archive:
    """Build the archive from parsed documents, tolerating gaps that validation reports."""
    speakers = [
        speaker
        for key, document in documents.items()
        if key != TOPICS_FILE and (speaker := speaker_from_data(document.data, key)) is not None
    ]
    topics_document = documents.get(TOPICS_FILE)
    topics = topics_from_data(topics_document.data) if topics_document else []
    return Archive(speakers=tuple(sorted(speakers, key=lambda s: s.slug)), topics=tuple(topics))


def with_texts(
    loaded: LoadedArchive,
    texts: Mapping[Path, str],
    root: Path | None = None,
    removed: Iterable[str] = (),
    plain: bool = False,
) -> LoadedArchive:
    """The archive as it would be with some files replaced by `texts` (and the speaker files
    of the `removed` slugs deleted), read from memory.

    Lets a command validate exactly what it is about to write before touching the disk.
    With `plain`, texts are read without positions where `parse_plain` can (a large ingest
    writes hundreds of thousands of quotes, and positions are most of reading's cost): a
    problem in them is placed by `with_positions(..., texts)`.
    """
    gone = set(removed)
    documents = {k: d for k, d in loaded.documents.items() if k not in gone}
    shown_paths = {display_path(path, root) for path in texts}
    problems = [p for p in loaded.problems if p.path not in shown_paths]
    replaced = {document_key(path) for path in texts}
    read_plain: set[str] = set()
    with collector_paused():
        for path, text in texts.items():
            key = document_key(path)
            if plain:
                ok, data = parse_plain(text.encode("utf-8", "surrogatepass"))
                if ok:
                    documents[key] = YamlDocument(path, data)
                    read_plain.add(key)
                    continue
            document, found = parse_yaml(text, path, display_path(path, root))
            problems.extend(found)
            if document is not None:
                documents[key] = document
    return LoadedArchive(
        archive_from_documents(documents),
        documents,
        problems,
        loaded.cached - replaced - gone,
        (loaded.plain - replaced - gone) | read_plain,
        loaded.checked - replaced - gone,
    )
