"""The `add` recipe: put one new quote into the archive, the safe way.

The speaker is looked up by name or alias (a new speaker file is created when none
matches), the id is assigned here, and the archive as it would be after the change is
validated in memory: nothing is written unless `check` would accept the result.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, replace
from pathlib import Path

from generator.checks import check_archive, write_checked
from generator.dedupe import resolve_speaker
from generator.dedupe.speakers import AMBIGUOUS, MATCHED
from generator.errors import ArchiveError, GeneratorError, display_path
from generator.ids import new_quote_id
from generator.models import Archive, Quote, Source, Speaker
from generator.slugs import slugify
from generator.store import speaker_path


@dataclass(frozen=True)
class NewQuote:
    """What a contributor tells `add` about a quote; everything else is derived."""

    speaker: str
    """Name or alias of the speaker, as reported."""
    text: str
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: str | None = None
    """Publication date of the source."""
    said_on: str | None = None
    """When the words were said, when known."""
    topics: tuple[str, ...] = ()
    context: str | None = None
    status: str = "attributed"
    description: str | None = None
    """Role of the speaker; used when the speaker is new."""
    kind: str = "person"
    """Person or organisation; used when the speaker is new."""


@dataclass(frozen=True)
class Added:
    """Where the quote went."""

    quote_id: str
    path: Path
    new_speaker: bool


def add_quote(
    quotes_dir: Path,
    new: NewQuote,
    root: Path | None = None,
    today: dt.date | None = None,
    rng: random.Random | None = None,
) -> Added:
    """Add `new` to its speaker's file (creating it if needed) and return where it went.

    Raises ArchiveError, having written nothing, when the archive has problems before or
    would have problems after the change.
    """
    before = check_archive(quotes_dir, today, root=root)
    if not before.ok:
        raise ArchiveError(list(before.errors))
    archive = before.archive
    existing = find_speaker(archive, new.speaker, new.kind)
    speaker = existing or _new_speaker(archive, new, quotes_dir)
    quote = _quote(new, new_quote_id(archive.taken_ids(), rng))
    updated = replace(speaker, quotes=(*speaker.quotes, quote))
    write_checked(quotes_dir, [updated], root=root, today=today)
    return Added(quote.id, speaker_path(quotes_dir, updated.slug), existing is None)


def find_speaker(archive: Archive, name: str, kind: str | None = None) -> Speaker | None:
    """The known speaker `name` refers to, by the same rules as `extract` and `dedupe`.

    "Putin" or "Russian President Vladimir Putin" find Vladimir Putin; a name that fits
    two known people ("Harrow" with Ilse and Jonas Harrow) is refused rather than guessed.
    """
    match = resolve_speaker(name.strip(), archive.speakers, kind)
    if match.status == AMBIGUOUS:
        raise GeneratorError(f"{match.reason}; give the full name")
    return match.speaker if match.status == MATCHED else None


def _new_speaker(archive: Archive, new: NewQuote, quotes_dir: Path) -> Speaker:
    slug = slugify(new.speaker)
    for speaker in archive.speakers:
        if slug == speaker.slug or slug in speaker.former_slugs:
            shown = display_path(speaker_path(quotes_dir, speaker.slug))
            raise GeneratorError(
                f"'{new.speaker}' would get the slug '{slug}', which {shown} "
                f"('{speaker.name}') already uses; add the quote under the name "
                f"'{speaker.name}', or add '{new.speaker}' to its aliases first"
            )
    return Speaker(
        slug=slug,
        name=new.speaker.strip(),
        kind=new.kind,
        description=_clean(new.description),
    )


def _quote(new: NewQuote, quote_id: str) -> Quote:
    source = Source(
        outlet=_clean(new.outlet),
        url=_clean(new.url),
        title=_clean(new.title),
        date=_clean(new.published),
    )
    return Quote(
        id=quote_id,
        text=strip_quote_marks(new.text),
        sources=(source,),
        date=_clean(new.said_on),
        topics=tuple(dict.fromkeys(t.strip() for t in new.topics if t.strip())),
        context=_clean(new.context),
        status=new.status,
    )


_OPENING_MARKS = "\"“‘«„‚'"
_CLOSING_MARKS = "\"”’»“‘'"


def strip_quote_marks(text: str) -> str:
    """The words without the quote marks a contributor may paste around them."""
    text = text.strip()
    if len(text) > 1 and text[0] in _OPENING_MARKS and text[-1] in _CLOSING_MARKS:
        return text[1:-1].strip()
    return text


def _clean(value: str | None) -> str | None:
    return value.strip() or None if value else None
