"""The review queue on disk: `review/queue.yaml` (held quotes) and `review/decisions.yaml`.

Both are written by the tool, canonically and atomically with the archive they go with, and
read back safely: a hand edit that breaks them is reported at its line, never guessed at.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.codes import hint_for
from generator.errors import ArchiveError, Problem, display_path
from generator.models import Source
from generator.review.items import ACCEPTED, REASONS, REJECTED, Decision, ReviewItem
from generator.store import dump_yaml, read_yaml

REVIEW_DIR = Path("review")
QUEUE_FILE = "queue.yaml"
DECISIONS_FILE = "decisions.yaml"

_QUEUE_HEADER = """\
# Quotes held back from the archive until an editor decides; never published.
# Accept one:  python -m generator review accept ID [--speaker "Full Name"]
# Reject one:  python -m generator review reject ID
"""
_DECISIONS_HEADER = """\
# Editors' decisions on held quotes: a rerun over the same articles respects them.
"""


@dataclass
class ReviewState:
    """What waits for review, and what editors decided, by item id."""

    items: dict[str, ReviewItem] = field(default_factory=dict)
    decisions: dict[str, Decision] = field(default_factory=dict)


def load_review(directory: Path) -> ReviewState:
    """Read the queue and the decisions (either may be missing); ArchiveError on bad files."""
    problems: list[Problem] = []
    items = _read_list(directory / QUEUE_FILE, _item, problems)
    decisions = _read_list(directory / DECISIONS_FILE, _decision, problems)
    if problems:
        raise ArchiveError(problems)
    return ReviewState({i.id: i for i in items}, {d.id: d for d in decisions})


def merge_queue(
    state: ReviewState, held: Iterable[ReviewItem], seen: Iterable[str]
) -> dict[str, ReviewItem]:
    """The queue after a run: what it held before, less what this run saw again (`seen`,
    placed or held anew) or an editor decided, plus what this run held."""
    seen = set(seen)
    queue = {
        key: item
        for key, item in state.items.items()
        if key not in seen and key not in state.decisions
    }
    queue.update((item.id, item) for item in held if item.id not in state.decisions)
    return queue


def review_files(
    directory: Path, items: Mapping[str, ReviewItem], decisions: Mapping[str, Decision]
) -> dict[Path, str]:
    """The two files' text, canonical: items by article and offset order, decisions by id."""
    ordered = sorted(items.values(), key=lambda i: (i.article, i.source.url or "", i.id))
    queue = _QUEUE_HEADER + (dump_yaml([_item_data(i) for i in ordered]) if ordered else "[]\n")
    kept = [_decision_data(decisions[key]) for key in sorted(decisions)]
    return {
        directory / QUEUE_FILE: queue,
        directory / DECISIONS_FILE: _DECISIONS_HEADER + (dump_yaml(kept) if kept else "[]\n"),
    }


def _read_list(path: Path, convert: Any, problems: list[Problem]) -> list[Any]:
    if not path.exists():
        return []
    document, found = read_yaml(path)
    problems.extend(found)
    if document is None or document.data is None:
        return []
    if not isinstance(document.data, list):
        problems.append(_problem(path, (1, 1), "expected a list of entries"))
        return []
    out = []
    for index, data in enumerate(document.data):
        try:
            out.append(convert(data))
        except (TypeError, ValueError, KeyError) as exc:
            problems.append(_problem(path, document.position((index,)), str(exc)))
    return out


def _problem(path: Path, position: tuple[int, int], message: str) -> Problem:
    return Problem(display_path(path), *position, "R001", message, hint_for("R001"))


def _text(data: Mapping[str, Any], key: str, required: bool = False) -> str | None:
    value = data.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"expected '{key}' to be text, found {value!r}")
    return value


def _item(data: Any) -> ReviewItem:
    if not isinstance(data, Mapping):
        raise TypeError(f"expected an entry with an id, found {data!r}")
    reason = _text(data, "reason", True)
    if reason not in REASONS:
        raise ValueError(f"expected 'reason' to be one of {', '.join(REASONS)}, found {reason!r}")
    source = data.get("source") or {}
    if not isinstance(source, Mapping):
        raise TypeError("expected 'source' to be a mapping of outlet, url, title, date")
    confidence = data.get("confidence", 0.0)
    if not isinstance(confidence, (int, float)):
        raise ValueError(f"expected 'confidence' to be a number, found {confidence!r}")
    return ReviewItem(
        id=str(_text(data, "id", True)),
        reason=str(reason),
        detail=_text(data, "detail") or "",
        text=str(_text(data, "text", True)),
        source=Source(**{k: _text(source, k) for k in ("outlet", "url", "title", "date")}),
        article=_text(data, "article") or "",
        context=_text(data, "context") or "",
        speaker=_text(data, "speaker"),
        speaker_kind=_text(data, "speaker_kind"),
        speaker_role=_text(data, "speaker_role"),
        candidates=tuple(str(c) for c in data.get("candidates") or ()),
        confidence=float(confidence),
        date=_text(data, "date"),
    )


def _decision(data: Any) -> Decision:
    if not isinstance(data, Mapping):
        raise TypeError(f"expected an entry with an id, found {data!r}")
    decision = _text(data, "decision", True)
    if decision not in (ACCEPTED, REJECTED):
        raise ValueError(f"expected 'decision' to be {ACCEPTED} or {REJECTED}, found {decision!r}")
    return Decision(
        id=str(_text(data, "id", True)),
        decision=str(decision),
        text=_text(data, "text") or "",
        speaker=_text(data, "speaker"),
        quote_id=_text(data, "quote_id"),
        note=_text(data, "note"),
    )


def _item_data(item: ReviewItem) -> dict[str, Any]:
    data: dict[str, Any] = {"id": item.id, "reason": item.reason, "detail": item.detail}
    data["text"] = item.text
    optional = {
        "speaker": item.speaker,
        "speaker_kind": item.speaker_kind,
        "speaker_role": item.speaker_role,
        "candidates": list(item.candidates) or None,
        "confidence": item.confidence if item.speaker else None,
        "date": item.date,
        "context": item.context or None,
        "article": item.article or None,
    }
    data.update((k, v) for k, v in optional.items() if v is not None)
    source = {k: getattr(item.source, k) for k in ("outlet", "url", "title", "date")}
    data["source"] = {k: v for k, v in source.items() if v}
    return data


def _decision_data(decision: Decision) -> dict[str, Any]:
    data = {
        "id": decision.id,
        "decision": decision.decision,
        "text": decision.text,
        "speaker": decision.speaker,
        "quote_id": decision.quote_id,
        "note": decision.note,
    }
    return {k: v for k, v in data.items() if v is not None}
