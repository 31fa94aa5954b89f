"""An editor's decision on a held quote: accept it into the archive, or reject it for good.

An accepted quote goes in by the same rules as any extracted quote (a known speaker's file,
a new one, a new source for a quote already there); the editor may name the speaker when
the extractor's guess was wrong or missing. Either way the decision is recorded, so a rerun
over the same articles leaves the quote alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import click

from generator.checks import load_valid_archive, write_checked
from generator.dedupe.speakers import AMBIGUOUS, MATCHED, SpeakerIndex
from generator.ingest.placing import NewQuote, Placed, Placer
from generator.models import SPEAKER_KINDS, Archive, Speaker
from generator.review import ReviewItem, ReviewState, load_review, review_files
from generator.review.items import ACCEPTED, REJECTED, Decision
from generator.slugs import slugify


class ReviewError(click.ClickException):
    """A decision that cannot be carried out: unknown id, no speaker, an ambiguous name."""


@dataclass(frozen=True)
class Accepted:
    """Where an accepted quote went."""

    item: ReviewItem
    speaker: Speaker
    placed: Placed
    new_speaker: bool


def accept_item(
    quotes_dir: Path,
    review_dir: Path,
    item_id: str,
    speaker_name: str | None = None,
    kind: str | None = None,
    added: str | None = None,
) -> Accepted:
    """Put a held quote into the archive under `speaker_name` (default: the extractor's
    guess), record the decision and take it off the queue, all in one write."""
    review = load_review(review_dir)
    item = _pending(review, item_id)
    archive = load_valid_archive(quotes_dir) if quotes_dir.exists() else Archive()
    speaker, is_new = _speaker_for(archive, item, speaker_name, kind)
    speakers = {s.slug: s for s in archive.speakers}
    speakers[speaker.slug] = speaker
    placer = Placer(speakers, archive.taken_ids(), added)
    new = NewQuote(item.text, item.source, item.context, item.date, seed=item.id)
    placed = placer.place(speaker.slug, new)
    decision = Decision(item.id, ACCEPTED, item.text, speaker.slug, placed.quote_id)
    _write(quotes_dir, review_dir, review, decision, list(placer.changed_speakers().values()))
    return Accepted(item, placer.speaker(speaker.slug), placed, is_new)


def reject_item(
    quotes_dir: Path, review_dir: Path, item_id: str, note: str | None = None
) -> ReviewItem:
    """Take a held quote off the queue for good: a rerun will not hold it again."""
    review = load_review(review_dir)
    item = _pending(review, item_id)
    _write(quotes_dir, review_dir, review, Decision(item.id, REJECTED, item.text, note=note), [])
    return item


def _pending(review: ReviewState, item_id: str) -> ReviewItem:
    if item_id in review.items:
        return review.items[item_id]
    if item_id in review.decisions:
        decided = review.decisions[item_id]
        raise ReviewError(f"{item_id} was already {decided.decision}")
    raise ReviewError(f"no quote {item_id!r} waits for review (see `review list`)")


def _speaker_for(
    archive: Archive, item: ReviewItem, name: str | None, kind: str | None
) -> tuple[Speaker, bool]:
    """The speaker file the editor means: a known one by slug, name or alias, or a new one."""
    if kind is not None and kind not in SPEAKER_KINDS:
        raise ReviewError(f"expected --kind to be one of {', '.join(SPEAKER_KINDS)}, got {kind!r}")
    if name is None and item.reason in ("no-speaker", "not-a-name"):
        raise ReviewError(f"{item.id}: {item.detail}; give the speaker with --speaker NAME")
    name = name or item.speaker or ""
    by_slug = {s.slug: s for s in archive.speakers}
    if name in by_slug:
        return by_slug[name], False
    match = SpeakerIndex(archive.speakers).resolve(name, kind)
    if match.status == MATCHED and match.speaker is not None:
        return match.speaker, False
    if match.status == AMBIGUOUS:
        choices = ", ".join(match.candidates)
        raise ReviewError(f"{match.reason}; give one of these slugs with --speaker: {choices}")
    slug = slugify(name)
    taken = {*by_slug, *(f for s in archive.speakers for f in s.former_slugs)}
    n = 1
    while slug in taken:
        n += 1
        slug = f"{slugify(name)}-{n}"
    kind = kind or item.speaker_kind or "person"
    role = item.speaker_role if name == item.speaker else None
    return Speaker(slug=slug, name=name, kind=kind, description=role), True


def _write(
    quotes_dir: Path,
    review_dir: Path,
    review: ReviewState,
    decision: Decision,
    speakers: list[Speaker],
) -> None:
    queue = {key: item for key, item in review.items.items() if key != decision.id}
    decisions = {**review.decisions, decision.id: decision}
    files = review_files(review_dir, queue, decisions)
    write_checked(quotes_dir, speakers, extra_files=files)


def describe(accepted: Accepted) -> str:
    """One line for the editor: which quote went where."""
    where = f"{accepted.speaker.slug}/{accepted.placed.quote_id}"
    new = " (a new speaker file)" if accepted.new_speaker else ""
    return f"accepted {accepted.item.id}: {accepted.placed.action} as {where}{new}"
