"""The `check` recipe: load the archive, validate it, and summarise the result.

Warnings that need more than the rules in `validate` (near-duplicate quotes) come from
optional providers: functions that look at the loaded archive and return warnings.
"""

from __future__ import annotations

import datetime as dt
import gc
import multiprocessing as mp
import random
import re
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

from generator.codes import hint_for
from generator.errors import ArchiveError, BuildError, Problem, display_path
from generator.fmt import FIXED_BY_FMT, HandEdits, fix_hand_edits
from generator.gitdiff import file_at
from generator.jobsummary import problems_table, text_line
from generator.models import Archive, Speaker
from generator.store import (
    TOPICS_FILE,
    LoadedArchive,
    archive_files,
    dump_speaker,
    load_archive,
    load_plain_archive,
    parse_plain,
    speaker_from_data,
    speaker_path,
    with_positions,
    with_texts,
    write_speakers,
)
from generator.store.data_cache import DataCache
from generator.store.load import can_fork, collector_paused
from generator.validate import passes_file_rules, validate_archive
from generator.validate.addresses import lost_addresses
from generator.validate.cross_file import BaseIds, duplicate_id_problems

WarningProvider = Callable[[LoadedArchive, "Path | None"], Iterable[Problem]]
"""Looks at the whole archive, returns warnings pointed at lines (`quote_position` helps)."""

DATA_CACHE_FILE = "archive-data.marshal"
"""In the cache directory a build is given (.build-cache/ beside mkdocs.yml)."""


def near_duplicates(loaded: LoadedArchive, root: Path | None) -> list[Problem]:
    """Near-duplicate quotes and speakers (D001-D005), by the same rules as `dedupe`."""
    from generator.dedupe import near_duplicate_warnings  # dedupe itself loads through here

    return near_duplicate_warnings(loaded, root)


WARNING_PROVIDERS: tuple[WarningProvider, ...] = (near_duplicates,)
"""Providers `check` runs by default."""


@dataclass(frozen=True)
class CheckReport:
    """What `check` found: the archive as read and every problem in it."""

    archive: Archive
    problems: tuple[Problem, ...]
    scope: int | None = None
    """How many changed files per-file rules looked at; None when they saw every file."""

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity != "error"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def lines(self) -> list[str]:
        """Each problem in `path:line:col: CODE message` form, with its hint."""
        out = [line for problem in self.problems for line in problem.lines()]
        if self.errors:
            out.append(f"{len(self.errors)} error(s); fix them and run check again")
        return out

    def annotations(self) -> list[str]:
        """Each problem as a GitHub Actions `::error`/`::warning` command, once."""
        return [problem.annotation() for problem in self.problems]

    def job_summary(self) -> str:
        """Markdown for a job summary: every problem, errors and warnings."""
        if not self.problems:
            return f"### check: {text_line(self.summary())}\n"
        title = f"check: {len(self.errors)} error(s), {len(self.warnings)} warning(s)"
        return problems_table(title, self.problems)

    def summary(self) -> str:
        quotes = sum(len(s.quotes) for s in self.archive.speakers)
        text = (
            f"ok: {len(self.archive.speakers)} speakers, {quotes} quotes, "
            f"{len(self.archive.topics)} topics"
        )
        if self.warnings:
            text += f", {len(self.warnings)} warning(s)"
        if self.scope is not None:
            text += f" ({self.scope} changed file(s) checked)"
        return text


def check_archive(
    quotes_dir: Path,
    today: dt.date | None = None,
    changed: Collection[Path] | None = None,
    root: Path | None = None,
    providers: Iterable[WarningProvider] | None = None,
    base: str | None = None,
    as_formatted: bool = False,
    deleted: Collection[Path] = (),
) -> CheckReport:
    """Load and validate the archive under `quotes_dir`; never raises on bad data.

    `changed` limits per-file rules to those files (see `validate_archive`); `providers`
    defaults to WARNING_PROVIDERS. With `base` (a git branch), a duplicated id says which
    copy is new, and with `changed` (and the files `deleted` since `base`), a published
    quote id or speaker slug the change loses is a warning (W002). With `as_formatted`, the
    archive is checked as `fmt` will write it: what
    `fmt` fixes (a quote without an id, quote marks around a text, Windows line ends) is no
    error, so a quote added in the GitHub web editor passes.
    """
    if not quotes_dir.is_dir():
        problem = Problem(
            str(quotes_dir),
            0,
            0,
            "F002",
            "expected an archive directory, found nothing there",
            hint_for("F002"),
        )
        return CheckReport(Archive(), (problem,))
    loaded = load_archive(quotes_dir, root)
    fixed = fix_hand_edits(loaded, archive_files(quotes_dir, root)[0], root, random.Random(0))
    checked = fixed.loaded if as_formatted else loaded
    problems = validate_archive(checked, root, today, only=changed)
    if as_formatted:
        problems = [p for p in problems if p.code not in FIXED_BY_FMT]
    if base is not None and any(p.code == "X001" for p in problems):
        problems = _duplicates_told_apart(checked, problems, base, root, changed)
    warnings = collect_warnings(
        fixed.loaded, WARNING_PROVIDERS if providers is None else providers, root
    )
    if changed is not None:
        warnings = _involving(warnings, changed, root)
        if base is not None:
            files = _archive_files([*changed, *deleted], quotes_dir)
            warnings += lost_addresses(checked.archive, _speakers_at(base, files, root))
    scope = None if changed is None else len(_archive_files(changed, quotes_dir))
    found = _name_new_quotes(problems + warnings, fixed, root)
    found += review_problems(quotes_dir.parent / "review")
    return CheckReport(loaded.archive, tuple(sorted(set(found))), scope)


def review_problems(review_dir: Path) -> list[Problem]:
    """Entries of the review queue or decisions (beside the archive) that cannot be read: a
    hand edit there must fail a pull request too."""
    from generator.review import load_review  # it imports the store, as this module does

    try:
        load_review(review_dir)
    except ArchiveError as error:
        return list(error.problems)
    return []


def _duplicates_told_apart(
    loaded: LoadedArchive,
    problems: list[Problem],
    base: str,
    root: Path | None,
    changed: Collection[Path] | None,
) -> list[Problem]:
    """X001 problems again, each saying which copy is new compared with `base`."""
    files = {path for p in problems if p.code == "X001" for path in (p.path, *p.related)}
    where = root or Path.cwd()
    ids = {shown: _ids_in(file_at(base, where / shown)) for shown in files}
    told = duplicate_id_problems(loaded, root, BaseIds(base, ids))
    if changed is not None:
        told = _involving(told, changed, root)
    return [p for p in problems if p.code != "X001"] + told


def _speakers_at(base: str, paths: Iterable[Path], root: Path | None) -> dict[str, Speaker]:
    """The speaker files among `paths` as they are on `base`, by the path messages show."""
    speakers = {}
    for path in paths:
        raw = file_at(base, path)
        parsed, data = parse_plain(raw) if raw is not None else (False, None)
        speaker = speaker_from_data(data, path.stem) if parsed else None
        if speaker is not None and path.name != TOPICS_FILE:
            speakers[display_path(path, root)] = speaker
    return speakers


def _ids_in(raw: bytes | None) -> frozenset[str]:
    """Every quote id, live or merged, in a speaker file's bytes."""
    parsed, data = parse_plain(raw) if raw is not None else (False, None)
    if not parsed:
        return frozenset()
    speaker = speaker_from_data(data, "")
    if speaker is None:
        return frozenset()
    return frozenset(i for q in speaker.quotes for i in (q.id, *q.merged_ids))


def _name_new_quotes(problems: list[Problem], fixed: HandEdits, root: Path | None) -> list[Problem]:
    """A quote without an id is called by its place in messages, not by the id it was given
    for the check: 'the new quote at quotes/x.yaml:12'."""
    names = {}
    for key, given in fixed.new_ids.items():
        document = fixed.loaded.documents[key]
        shown = display_path(document.path, root)
        for index, quote_id in given.items():
            line = document.position(("quotes", index))[0]
            names[f"quote '{quote_id}'"] = names[f"'{quote_id}'"] = (
                f"the new quote at {shown}:{line}"
            )
    if not names:
        return problems
    pattern = re.compile("|".join(re.escape(name) for name in sorted(names, key=len, reverse=True)))
    return [
        replace(p, message=pattern.sub(lambda m: names[m[0]], p.message))
        if pattern.search(p.message)
        else p
        for p in problems
    ]


def collect_warnings(
    loaded: LoadedArchive, providers: Iterable[WarningProvider], root: Path | None = None
) -> list[Problem]:
    """Run each provider; whatever it reports is a warning with its code's documented hint."""
    found = []
    for provider in providers:
        for problem in provider(loaded, root):
            found.append(
                replace(problem, severity="warning", hint=problem.hint or hint_for(problem.code))
            )
    return found


def _involving(
    problems: list[Problem], changed: Collection[Path], root: Path | None
) -> list[Problem]:
    shown = {display_path(path, root) for path in changed}
    return [p for p in problems if p.path in shown or shown.intersection(p.related)]


def _archive_files(paths: Collection[Path], quotes_dir: Path) -> list[Path]:
    directory = quotes_dir.resolve()
    return [p for p in paths if p.resolve().parent == directory and p.suffix in (".yaml", ".yml")]


def load_valid_archive(
    quotes_dir: Path, today: dt.date | None = None, cache_dir: Path | None = None
) -> Archive:
    """Load the archive, raising ArchiveError (every error listed) when it is not valid.

    Warnings are for `check`; commands that only need a valid archive skip them. Files are
    read without the positions of their values (see `load_plain_archive`); only the files
    a problem is about are read again with them, so every problem points at its line. With
    a `cache_dir`, files unchanged since the archive was last found valid are not parsed
    again (see generator.store.data_cache).
    """
    return load_valid_archive_with_digests(quotes_dir, today, cache_dir)[0]


def load_valid_archive_with_digests(
    quotes_dir: Path,
    today: dt.date | None = None,
    cache_dir: Path | None = None,
    trust_cache: bool = True,
    freeze: bool = False,
) -> tuple[Archive, dict[str, str]]:
    """`load_valid_archive`, plus a digest of the bytes of each speaker's file by slug (with
    a `cache_dir` only; else empty): what a page made from one speaker is made from. Without
    `trust_cache`, what the cache holds is not read (every file is parsed), yet the digests
    are given and the cache written, so the next build's keys are the same. With `freeze`,
    every object is frozen out of the cycle collector (gc.freeze) before it resumes, for a
    caller that keeps the archive to its end and unfreezes then (generator.site)."""
    archive, digests, check = load_archive_checking_beside(
        quotes_dir, cache_dir, trust_cache, freeze, beside=False, today=today
    )
    check.wait()
    return archive, digests


def _read(
    quotes_dir: Path, cache_dir: Path | None, trust_cache: bool
) -> tuple[LoadedArchive, DataCache | None]:
    opened = DataCache.open if trust_cache else DataCache.fresh
    cache = opened(cache_dir / DATA_CACHE_FILE) if cache_dir is not None else None
    return load_plain_archive(quotes_dir, cache, check=passes_file_rules), cache


def _verdict(
    loaded: LoadedArchive, today: dt.date | None, quotes_dir: Path, cache: DataCache | None
) -> list[Problem]:
    """The archive's errors, each at its line; none, and the `cache` saved, when it is valid."""
    errors = _errors(loaded, today)
    if errors:
        return _located(loaded, errors, quotes_dir, today)
    if cache is not None:
        cache.save(loaded.documents)
    return []


def _digests(loaded: LoadedArchive, cache: DataCache | None) -> dict[str, str]:
    if cache is None:
        return {}
    return {
        key: digest
        for key, document in loaded.documents.items()
        if key != TOPICS_FILE and (digest := cache.digest_of(document.path))
    }


class ArchiveCheck:
    """The rules that span files (and the data cache's save), running in a forked child
    beside the build (see `load_archive_checking_beside`); leaving its `with` block stops
    the child."""

    def __init__(self, child: BaseProcess | None, answer: Connection | list[Problem]) -> None:
        self._child = child
        self._answer = answer
        self._failure = ""

    def wait(self) -> None:
        """Return once the archive is found valid; raise ArchiveError (every error, at its
        line) when it is not."""
        if errors := self.errors():
            raise ArchiveError(errors)

    def errors(self) -> list[Problem]:
        """The archive's errors, once the child has told them; BuildError when the check
        itself failed."""
        if isinstance(answer := self._answer, Connection):
            try:
                self._failure, self._answer = answer.recv()
            except EOFError:
                self._failure = "the process checking the archive ended without a word"
                self._answer = []
            answer.close()
            self.close()
        if self._failure:
            raise BuildError(f"checking the archive failed: {self._failure}")
        assert isinstance(self._answer, list)
        return self._answer

    def __enter__(self) -> ArchiveCheck:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, failure: BaseException | None, _: object
    ) -> None:
        """Stop the child. What the block did before `wait` saw an archive not yet found
        valid: when it broke on one that is not, the archive's errors are the message."""
        try:
            if isinstance(failure, Exception):
                try:
                    errors = self.errors()
                except BuildError:
                    errors = []
                if errors:
                    raise ArchiveError(errors) from failure
        finally:
            self.close()

    def close(self) -> None:
        """Stop the child if it is still checking (the build failed first)."""
        child, self._child = self._child, None
        if child is not None:
            if child.is_alive():
                child.terminate()
            child.join()
            child.close()
        if isinstance(self._answer, Connection):
            self._answer.close()
            self._answer, self._failure = [], "it was stopped before its verdict"


def load_archive_checking_beside(
    quotes_dir: Path,
    cache_dir: Path | None,
    trust_cache: bool = True,
    freeze: bool = False,
    beside: bool = True,
    today: dt.date | None = None,
) -> tuple[Archive, dict[str, str], ArchiveCheck]:
    """`load_valid_archive_with_digests`, with the rules that span files run by a forked
    child: the archive is valid only once `ArchiveCheck.wait()` returns, which the caller
    must call before anything it made is kept, in a `with` block of the ArchiveCheck.

    Those rules walk every quote (2 s at 200k quotes) on one core while a build has only
    planning to do, on the other; the child shares the archive read (forked, nothing is
    sent but its verdict). The per-file rules ran while reading, as before. Without
    `beside`, or where a child cannot be forked (another platform, threads running), they
    run here first, and an invalid archive raises ArchiveError at once. The child walks
    every value read, and the pages of the objects it touches are copied into its memory
    (reference counts), up to the size of what was read, for the 2 s it runs: a rebuild
    saves 2 s of ~30 with it; a full build (300 s at 200k) keeps its memory. Nothing here
    holds what was read once this returns: the values of the files go, and the archive with
    the caller's last reference.
    """
    if not quotes_dir.is_dir():
        raise ArchiveError(check_archive(quotes_dir, today, providers=()).errors)
    # The collector paused for reading and checking, not only reading: the checks walk the
    # quotes just made while it would walk them again and again (200k quotes: 21 s -> 7 s).
    with collector_paused():
        loaded, cache = _read(quotes_dir, cache_dir, trust_cache)
        digests = _digests(loaded, cache)
        errors = None if beside and can_fork() else _verdict(loaded, today, quotes_dir, cache)
        if errors:
            raise ArchiveError(errors)  # checked here: nothing to wait for
        if freeze:
            # Before the collector resumes: its first collection would walk all of it.
            gc.freeze()
    if errors is not None:
        return loaded.archive, digests, ArchiveCheck(None, [])
    answer, reply = mp.Pipe(duplex=False)
    child = mp.get_context("fork").Process(
        target=_check_in_child, args=(loaded, today, quotes_dir, cache, reply), daemon=True
    )
    child.start()  # in this process, `start` lets go of the arguments
    reply.close()
    return loaded.archive, digests, ArchiveCheck(child, answer)


def _check_in_child(
    loaded: LoadedArchive,
    today: dt.date | None,
    quotes_dir: Path,
    cache: DataCache | None,
    reply: Connection,
) -> None:
    gc.disable()  # a short-lived child: collecting would only walk the parent's objects
    try:
        reply.send(("", _verdict(loaded, today, quotes_dir, cache)))
    except Exception as exc:  # told to the parent, which fails the build with it
        reply.send((f"{type(exc).__name__}: {exc}", []))


def _errors(
    loaded: LoadedArchive, today: dt.date | None, root: Path | None = None
) -> list[Problem]:
    return [p for p in validate_archive(loaded, root, today) if p.severity == "error"]


def _located(
    loaded: LoadedArchive, errors: list[Problem], quotes_dir: Path, today: dt.date | None
) -> list[Problem]:
    """The errors found in plain documents, found again in the files they are about read
    with positions: each at its line, exactly as `check` reports it."""
    located, errors = _relocated(loaded, errors, today)
    shown = {display_path(located.documents[key].path) for key in located.plain}
    if any(error.path in shown for error in errors):
        return check_archive(quotes_dir, today, providers=()).errors  # never expected
    return errors


def _relocated(
    loaded: LoadedArchive,
    errors: list[Problem],
    today: dt.date | None,
    root: Path | None = None,
    texts: Mapping[Path, str] | None = None,
) -> tuple[LoadedArchive, list[Problem]]:
    """The archive with the plain documents `errors` are about read again with positions
    (from `texts` for those not written yet), and its errors found again, at their lines."""
    shown = {display_path(loaded.documents[key].path, root): key for key in loaded.plain}
    paths = {path for error in errors for path in (error.path, *error.related)}
    located = with_positions(loaded, [shown[path] for path in paths if path in shown], texts, root)
    return located, _errors(located, today, root)


def write_checked(
    quotes_dir: Path,
    speakers: Iterable[Speaker],
    removed_slugs: Iterable[str] = (),
    root: Path | None = None,
    today: dt.date | None = None,
    extra_files: Mapping[Path, str] | None = None,
    dumped: Mapping[str, str] | None = None,
) -> list[Path]:
    """Write speaker files only if the archive they make passes validation; return the paths.

    The archive as it would be is read from memory and validated first, so a command never
    leaves behind a file that `check` rejects: it raises ArchiveError and writes nothing.
    `extra_files` (the review queue, say) are written in the same all-or-nothing step;
    `dumped` has speakers' canonical text already made, by slug (see `write_speakers`).
    """
    speakers = list(speakers)
    removed = list(removed_slugs)
    dumped = {s.slug: (dumped or {}).get(s.slug) or dump_speaker(s) for s in speakers}
    texts = {speaker_path(quotes_dir, slug): text for slug, text in dumped.items()}
    before = load_plain_archive(quotes_dir, root=root)
    after = with_texts(before, texts, root, removed, plain=True)
    errors = _errors(after, today, root)
    if errors:
        errors = _relocated(after, errors, today, root, texts)[1]
        unwritten = {display_path(path, root) for path in texts if not path.exists()}
        raise ArchiveError([_as_unwritten(p, unwritten) for p in errors])
    return write_speakers(quotes_dir, speakers, removed, extra_files, dumped)


def _as_unwritten(problem: Problem, unwritten: set[str]) -> Problem:
    """Say so when a problem is in a file the command would have created: nothing was
    written, and an editor looking for it would find no such file."""
    if problem.path not in unwritten:
        return problem
    return replace(problem, message=f"{problem.message} (in a new file, not written)")
