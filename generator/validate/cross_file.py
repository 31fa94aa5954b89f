"""Rules that span files: unique ids, names and slugs, known topics, live references, dates."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from generator.codes import hint_for
from generator.errors import Problem, display_path, shown
from generator.models import CONTESTED_STATUSES
from generator.store import TOPICS_FILE, LoadedArchive, YamlDocument, YamlPath
from generator.validate.patterns import DATE_PATTERN
from generator.validate.walk import (
    _as_list,
    _dates,
    _problem_at,
    _quote_items,
    _speaker_documents,
    _strings_at,
)
from generator.validate.wording import did_you_mean


def cross_file_problems(loaded: LoadedArchive, root: Path | None, today: dt.date) -> list[Problem]:
    """Rules no single-file schema can check: unique ids and names, known topics, dates."""
    return [
        *_missing_topics_file(loaded, root),
        *_duplicate_ids(loaded, root),
        *_unknown_topics(loaded, root),
        *_duplicate_names(loaded, root),
        *_duplicate_slugs(loaded, root),
        *_future_dates(loaded, root, today),
        *_dangling_references(loaded, root),
        *_duplicate_topics(loaded, root),
        *_status_without_evidence(loaded, root),
    ]


def quote_position(
    loaded: LoadedArchive, quote_id: str, root: Path | None = None
) -> tuple[str, int, int] | None:
    """Where a quote's id is written, as (path, line, col): lets warning providers point."""
    for document, base, item in _quote_items(loaded):
        if item.get("id") == quote_id:
            return (display_path(document.path, root), *document.position((*base, "id")))
    return None


Place = tuple[YamlDocument, YamlPath]


def _repeated(
    places: dict[str, list[Place]],
    root: Path | None,
    code: str,
    what: str,
    labels: dict[str, str] | None = None,
) -> list[Problem]:
    """One problem at every use of a value used more than once, naming the other uses."""
    problems = []
    for key, uses in sorted(places.items()):
        if len(uses) < 2:
            continue
        value = (labels or {}).get(key, key)
        where = [_where(document, path, root) for document, path in uses]
        for (document, path), here in zip(uses, where, strict=True):
            others = ", ".join(w for w in where if w != here)
            problems.append(
                _problem_at(
                    document,
                    path,
                    root,
                    code,
                    f"{what} {shown(value)} expected once, also at {others}",
                    related=[display_path(d.path, root) for d, _ in uses],
                )
            )
    return problems


def _where(document: YamlDocument, path: YamlPath, root: Path | None) -> str:
    return f"{display_path(document.path, root)}:{document.position(path)[0]}"


def _missing_topics_file(loaded: LoadedArchive, root: Path | None) -> list[Problem]:
    """Without the taxonomy every topic would look unknown; say what is really wrong."""
    if TOPICS_FILE in loaded.documents or not loaded.documents:
        return []
    if any(Path(p.path).name == TOPICS_FILE for p in loaded.problems):
        return []  # it exists but could not be read; that problem is reported already
    some = next(iter(loaded.documents.values()))
    shown = display_path(some.path.parent / TOPICS_FILE, root)
    return [
        Problem(
            shown,
            0,
            0,
            "F004",
            f"expected the topic taxonomy at {shown}, found nothing",
            hint_for("F004"),
        )
    ]


def _duplicate_ids(loaded: LoadedArchive, root: Path | None) -> list[Problem]:
    return duplicate_id_problems(loaded, root)


def duplicate_id_problems(
    loaded: LoadedArchive, root: Path | None, base: BaseIds | None = None
) -> list[Problem]:
    """Every live id and every merged id is used once across the archive.

    Each use is told apart: a merged id names the quote it was merged into; with `base`
    (the ids each file had on the branch a pull request goes into), a copy that is new is
    told from the one that was there, so the contributor knows which to change.
    """
    repeated = _repeated_ids(loaded)
    if not repeated:
        return []
    uses: dict[str, list[Place]] = defaultdict(list)
    owners: dict[tuple[Path, YamlPath], str] = {}
    for document, base_path, item in _quote_items(loaded):
        quote_id = item.get("id")
        if isinstance(quote_id, str) and quote_id in repeated:
            uses[quote_id].append((document, (*base_path, "id")))
        for path, merged in _strings_at(item, base_path, "merged_ids"):
            if merged in repeated:
                uses[merged].append((document, path))
                owners[(document.path, path)] = str(quote_id)
    problems = []
    for quote_id, places in sorted(uses.items()):
        if len(places) < 2:
            continue
        shown = [display_path(document.path, root) for document, _ in places]
        new = [base is not None and quote_id not in base.ids.get(s, ()) for s in shown]
        for index, (document, path) in enumerate(places):
            others = ", ".join(
                _use(places[other], shown[other], owners, new[other] and not all(new), base)
                for other in range(len(places))
                if other != index
            )
            what = f"id '{quote_id}'"
            if (document.path, path) in owners:
                what += f" (merged into quote '{owners[(document.path, path)]}')"
            message = f"{what} expected once, also at {others}"
            if base is not None and new[index] and not all(new):
                message += f"; this copy is new (not on {base.ref}): it is the one to change"
            problems.append(_problem_at(document, path, root, "X001", message, related=shown))
    return problems


@dataclass(frozen=True)
class BaseIds:
    """The quote ids (live and merged) each speaker file has on a base branch."""

    ref: str
    ids: dict[str, frozenset[str]]
    """By file as shown in problems (quotes/x.yaml); a file not there is new."""


def _repeated_ids(loaded: LoadedArchive) -> set[str]:
    """The ids (live or merged) used more than once: only their uses are placed, which at
    200k quotes, nearly all used once, takes the check from 0.8 s to 0.25 s."""
    seen: set[str] = set()
    repeated: set[str] = set()
    for _, _, item in _quote_items(loaded):
        for value in (item.get("id"), *_as_list(item.get("merged_ids"))):
            if isinstance(value, str):
                if value in seen:
                    repeated.add(value)
                seen.add(value)
    return repeated


def _use(
    place: Place,
    shown: str,
    owners: dict[tuple[Path, YamlPath], str],
    is_new: bool,
    base: BaseIds | None,
) -> str:
    document, path = place
    text = f"{shown}:{document.position(path)[0]}"
    if (document.path, path) in owners:
        text += f" (merged into quote '{owners[(document.path, path)]}')"
    if is_new and base is not None:
        text += f" (new, not on {base.ref})"
    return text


def _unknown_topics(loaded: LoadedArchive, root: Path | None) -> list[Problem]:
    if TOPICS_FILE not in loaded.documents:
        return []
    known = {t.slug for t in loaded.archive.topics}
    return [
        _problem_at(
            document,
            path,
            root,
            "X002",
            f"topic expected to be listed in quotes/{TOPICS_FILE}, found {shown(topic)}"
            f"{did_you_mean(topic, known)}",
        )
        for document, base, item in _quote_items(loaded)
        for path, topic in _strings_at(item, base, "topics")
        if topic not in known
    ]


def _duplicate_names(loaded: LoadedArchive, root: Path | None) -> list[Problem]:
    """A name or alias identifies one speaker file only (ignoring case)."""
    uses: dict[str, list[Place]] = defaultdict(list)
    labels: dict[str, str] = {}
    for document, data in _speaker_documents(loaded):
        names = [(("name",), data.get("name")), *_strings_at(data, (), "aliases")]
        for path, name in names:
            if isinstance(name, str) and name.strip():
                key = name.strip().casefold()
                uses[key].append((document, path))
                labels.setdefault(key, name.strip())
    across_files = {
        key: places
        for key, places in uses.items()
        if len({document.path for document, _ in places}) > 1
    }
    return _repeated(across_files, root, "X003", "name", labels)


def _duplicate_slugs(loaded: LoadedArchive, root: Path | None) -> list[Problem]:
    """A slug names one page: no two files, and no file and a former slug, may share it."""
    uses: dict[str, list[Place]] = defaultdict(list)
    for document, data in _speaker_documents(loaded):
        slug = data.get("slug")
        if isinstance(slug, str):
            uses[slug].append((document, ("slug",)))
        for path, former in _strings_at(data, (), "former_slugs"):
            uses[former].append((document, path))
    return _repeated(uses, root, "X007", "slug")


def _future_dates(loaded: LoadedArchive, root: Path | None, today: dt.date) -> list[Problem]:
    """Dates after today. A date is compared first and matched against the pattern only when
    it is later (`is_future`, inlined): 720k dates at 200k quotes, nearly all in the past."""
    latest = today.isoformat()
    return [
        _problem_at(
            document,
            path,
            root,
            "X004",
            f"date expected on or before {latest}, found {value}",
        )
        for document, _ in _speaker_documents(loaded)
        for path, value in _dates(document)
        if isinstance(value, str) and value > latest[: len(value)] and DATE_PATTERN.fullmatch(value)
    ]


def is_future(date: str, today: dt.date) -> bool:
    """Whether a partial date (YYYY, YYYY-MM, YYYY-MM-DD) starts after today."""
    return date > today.isoformat()[: len(date)]


def _dangling_references(loaded: LoadedArchive, root: Path | None) -> list[Problem]:
    live = {q.id for s in loaded.archive.speakers for q in s.quotes}
    return [
        _problem_at(
            document,
            (*base, "part_of"),
            root,
            "X005",
            f"part_of expected an existing quote id, found {shown(target)}",
        )
        for document, base, item in _quote_items(loaded)
        if isinstance(target := item.get("part_of"), str) and target not in live
    ]


def _duplicate_topics(loaded: LoadedArchive, root: Path | None) -> list[Problem]:
    document = loaded.documents.get(TOPICS_FILE)
    if document is None or not isinstance(document.data, dict):
        return []
    uses: dict[str, list[Place]] = defaultdict(list)
    for index, item in enumerate(_as_list(document.data.get("topics"))):
        slug = item.get("slug") if isinstance(item, dict) else None
        if isinstance(slug, str):
            uses[slug].append((document, ("topics", index, "slug")))
    return _repeated(uses, root, "X006", "topic slug")


def _status_without_evidence(loaded: LoadedArchive, root: Path | None) -> list[Problem]:
    """A disputed or misattributed quote should say who disputes it (a warning only)."""
    return [
        _problem_at(
            document,
            (*base, "status"),
            root,
            "W001",
            f"status {shown(status)} expected a status_source with the evidence, found none",
        )
        for document, base, item in _quote_items(loaded)
        if (status := item.get("status")) in CONTESTED_STATUSES and not item.get("status_source")
    ]
