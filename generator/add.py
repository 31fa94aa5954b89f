"""The `add` recipe: put one quote, or one more source for a quote, into the archive safely.

The speaker is looked up by name or alias, of any kind (a new speaker file is created when
none matches, but never for a description such as "the Kremlin spokesman"). The quote is
matched against the speaker's quotes by the rules `dedupe` and `extract` use: words the
speaker already has (in any wording) gain the source instead of becoming a second quote,
and `--to ID` adds the source to a quote named by its id. The id of a new quote is assigned
here, and the archive as it would be after the change is validated in memory: nothing is
written unless `check` would accept the result.

The checks an interactive `add` makes on each answer (`check_date`, `check_url`,
`check_topics`, `look_up_speaker`) live here too, so the prompts and the flags agree.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, replace
from pathlib import Path

from generator.checks import check_archive, write_checked
from generator.dedupe import resolve_speaker
from generator.dedupe.speakers import AMBIGUOUS, MATCHED, parse_person
from generator.errors import ArchiveError, GeneratorError, display_path
from generator.models import QUOTE_STATUSES, Archive, Quote, Source, Speaker
from generator.render.urls import safe_href
from generator.slugs import slugify
from generator.store import speaker_path
from generator.validate import DATE_PATTERN


@dataclass(frozen=True)
class NewQuote:
    """What a contributor tells `add` about a quote; everything else is derived."""

    speaker: str | None
    """Name or alias of the speaker, as reported; may be left out with `to`."""
    text: str | None
    """The words; may be left out with `to` (the quote's text is kept)."""
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: str | None = None
    """Publication date of the source."""
    said_on: str | None = None
    """When the words were said, when known."""
    topics: tuple[str, ...] = ()
    context: str | None = None
    status: str | None = None
    """None: `attributed` for a new quote, unchanged for an existing one."""
    status_url: str | None = None
    """The evidence for a `disputed` or `misattributed` status (a fact-check's address)."""
    status_outlet: str | None = None
    description: str | None = None
    """Role of the speaker; used when the speaker is new."""
    kind: str = "person"
    """Person or organisation; used when the speaker is new."""
    to: str | None = None
    """Id of the quote to add the source to (`--to`)."""


@dataclass(frozen=True)
class Added:
    """Where the quote or the source went."""

    quote_id: str
    path: Path
    new_speaker: bool
    action: str = "added"
    """`added` (a new quote), `merged` (an existing quote gained the source) or `unchanged`
    (the quote already had this source)."""
    reason: str = ""
    part_of: str | None = None
    """For a new quote that is an excerpt of a longer one: the longer quote's id."""

    def summary(self) -> str:
        """The one line `add` prints."""
        shown = display_path(self.path)
        if self.action == "merged":
            return f"added the source to {self.quote_id} in {shown}: {self.reason}"
        if self.action == "unchanged":
            return f"{self.quote_id} in {shown} already has this source; nothing written"
        part = f" (part of {self.part_of})" if self.part_of else ""
        return f"added {self.quote_id} to {shown}{part}"


def add_quote(
    quotes_dir: Path,
    new: NewQuote,
    root: Path | None = None,
    today: dt.date | None = None,
    rng: random.Random | None = None,
) -> Added:
    """Add `new` to its speaker's file (creating it if needed) and say where it went.

    Raises ArchiveError, having written nothing, when the archive has problems before or
    would have problems after the change; GeneratorError for a speaker or id that cannot be
    used.
    """
    before = check_archive(quotes_dir, today, root=root)
    if not before.ok:
        raise ArchiveError(list(before.errors))
    archive = before.archive
    if new.to:
        speaker, quote, action, reason = _to_quote(archive, new)
        is_new = False
    else:
        speaker, is_new = speaker_for(archive, new, quotes_dir)
        added = (today or dt.date.today()).isoformat()
        speaker, quote, action, reason = _place(archive, speaker, new, rng, added)
    if action != "unchanged":
        write_checked(quotes_dir, [speaker], root=root, today=today)
    path = speaker_path(quotes_dir, speaker.slug)
    return Added(
        quote.id, path, is_new, action, reason, quote.part_of if action == "added" else None
    )


def find_speaker(archive: Archive, name: str, kind: str | None = None) -> Speaker | None:
    """The known speaker `name` refers to, by the same rules as `extract` and `dedupe`.

    "Putin" or "Russian President Vladimir Putin" find Vladimir Putin; a name or alias finds
    its speaker whatever `kind` says ("Kremlin" with the default kind person finds the
    organisation); a name that fits two known people ("Harrow" with Ilse and Jonas Harrow)
    is refused rather than guessed.
    """
    del kind  # a known name is that speaker, person or organisation
    match = resolve_speaker(name.strip(), archive.speakers)
    if match.status == AMBIGUOUS:
        raise GeneratorError(f"{match.reason}; give the full name")
    return match.speaker if match.status == MATCHED else None


@dataclass(frozen=True)
class SpeakerLookup:
    """What a name typed for `add` refers to: a known speaker, a new one, or nothing usable."""

    speaker: Speaker | None
    problem: str | None = None
    """Why the name cannot be used (fits two people, is a description); None when it can."""

    @property
    def is_new(self) -> bool:
        return self.speaker is None and self.problem is None


def look_up_speaker(archive: Archive, name: str) -> SpeakerLookup:
    """Whether `name` is a known speaker, a new one, or no usable name (and why)."""
    try:
        speaker = find_speaker(archive, name)
    except GeneratorError as exc:
        return SpeakerLookup(None, str(exc))
    if speaker is not None:
        return SpeakerLookup(speaker)
    return SpeakerLookup(None, description_not_name(name))


def description_not_name(name: str) -> str | None:
    """Why `name` names nobody ("the Kremlin spokesman", "Russian President", "Hours"), or
    None for a proper name: a speaker file is made for a name, not for a description."""
    from generator.extract.casing import article_casing  # lazy: the extractor is heavy
    from generator.extract.lexicon import ROLE_NOUNS
    from generator.extract.propernames import name_problem
    from generator.knowledge import is_given_name

    name = " ".join(name.split())
    if not name:
        return "a speaker's name is needed"
    words = [w.casefold() for w in name.split() if w.casefold() not in ("the", "a", "an")]
    if len(words) > 2 and words[0] in ROLE_NOUNS and words[1] == "of":
        return f"'{name}' is a description, not a name: give the speaker's own name"  # Mayor of X
    parsed = parse_person(name)
    # "Kremlin Spokesman", "the ministry spokesman": a role, unless a given name stands
    # before it ("Jeremy Chancellor")
    if (
        parsed is not None
        and parsed.family in ROLE_NOUNS
        and not any(is_given_name(word) for word in parsed.given)
    ):
        return f"'{name}' is a description, not a name: give the speaker's own name"
    problem = name_problem(name, None, article_casing(name))
    if problem:
        return f"{problem}: give the speaker's own name (the role goes in --role)"
    return None


def speaker_for(archive: Archive, new: NewQuote, quotes_dir: Path) -> tuple[Speaker, bool]:
    """The known speaker `new.speaker` names, or a new one (and whether it is new); never a
    description. Raises GeneratorError for a name that will not do."""
    name = (new.speaker or "").strip()
    if not name:
        raise GeneratorError("a speaker is needed: --speaker NAME, or --to ID")
    existing = find_speaker(archive, name, new.kind)
    if existing is not None:
        return existing, False
    problem = description_not_name(name)
    if problem:
        raise GeneratorError(problem)
    return _new_speaker(archive, new, quotes_dir), True


def _new_speaker(archive: Archive, new: NewQuote, quotes_dir: Path) -> Speaker:
    name = (new.speaker or "").strip()
    slug = slugify(name)
    for speaker in archive.speakers:
        if slug == speaker.slug or slug in speaker.former_slugs:
            shown = display_path(speaker_path(quotes_dir, speaker.slug))
            raise GeneratorError(
                f"'{name}' would get the slug '{slug}', which {shown} "
                f"('{speaker.name}') already uses; add the quote under the name "
                f"'{speaker.name}', or add '{name}' to its aliases first"
            )
    return Speaker(slug=slug, name=name, kind=new.kind, description=_clean(new.description))


def _place(
    archive: Archive,
    speaker: Speaker,
    new: NewQuote,
    rng: random.Random | None,
    added: str | None = None,
) -> tuple[Speaker, Quote, str, str]:
    """Put the quote in the speaker's file: a source for a quote it has, or a new quote
    (stamped with the date it was `added`)."""
    from generator.ingest import placing  # lazy: ingest brings in the extractor

    text = strip_quote_marks(new.text or "")
    if not text:
        raise GeneratorError("the quote's words are needed: --text")
    source = _source(new)
    # Match by when the words were said, or else when they were reported.
    matching_date = _clean(new.said_on) or _clean(new.published)
    placer = placing.Placer({speaker.slug: speaker}, archive.taken_ids(), added)
    # A new id is minted from a seed: a random one, as `add` has always drawn its ids.
    seed = f"add\0{(rng or random.SystemRandom()).random()!r}"
    found = placing.NewQuote(text, source, None, matching_date, seed)
    placed = placer.place(speaker.slug, found)
    speaker = placer.speaker(speaker.slug)
    quote = next(q for q in speaker.quotes if q.id == placed.quote_id)
    if placed.action == "added":
        quote = _fill_new(quote, new)
    elif placed.action == "merged":
        quote = _with_editor_fields(quote, new)
    else:
        return speaker, quote, "unchanged", placed.reason
    speaker = _replace_quote(speaker, quote)
    return speaker, quote, placed.action, placed.reason


def _to_quote(archive: Archive, new: NewQuote) -> tuple[Speaker, Quote, str, str]:
    """Add the source to the quote `new.to` names (a merged id leads to its survivor)."""
    from generator.ingest import placing  # lazy: ingest brings in the extractor

    wanted = (new.to or "").strip()
    found = next(
        (
            (s, q)
            for s in archive.speakers
            for q in s.quotes
            if q.id == wanted or wanted in q.merged_ids
        ),
        None,
    )
    if found is None:
        raise GeneratorError(f"--to expected the id of a quote in the archive, found '{wanted}'")
    speaker, quote = found
    if new.speaker and find_speaker(archive, new.speaker) is not speaker:
        raise GeneratorError(
            f"quote {quote.id} is by {speaker.name}, not '{new.speaker.strip()}'; "
            "leave out --speaker with --to, or move the quote first"
        )
    source = _source(new)
    if placing.has_source(quote, source):
        return speaker, quote, "unchanged", "already there"
    text = strip_quote_marks(new.text or "") or quote.text
    quote = _with_editor_fields(placing.with_source(quote, source, text), new)
    how = f"--to {quote.id}" + (
        f" (reached through merged id {wanted})" if wanted != quote.id else ""
    )
    return _replace_quote(speaker, quote), quote, "merged", how


def _fill_new(quote: Quote, new: NewQuote) -> Quote:
    """A new quote with everything the contributor said about it."""
    return replace(
        quote,
        date=_clean(new.said_on),
        topics=_topics(new.topics),
        context=_clean(new.context),
        status=new.status or "attributed",
        status_source=_status_source(new),
    )


def _with_editor_fields(quote: Quote, new: NewQuote) -> Quote:
    """An existing quote with the new topics added and, when given, the new status: what an
    editor says in so many words; the text, date and context stay as they are."""
    topics = tuple(dict.fromkeys([*quote.topics, *_topics(new.topics)]))
    status_source = _status_source(new) or quote.status_source
    return replace(
        quote, topics=topics, status=new.status or quote.status, status_source=status_source
    )


def _replace_quote(speaker: Speaker, quote: Quote) -> Speaker:
    return replace(speaker, quotes=tuple(quote if q.id == quote.id else q for q in speaker.quotes))


def _source(new: NewQuote) -> Source:
    source = Source(
        outlet=_clean(new.outlet),
        url=_clean(new.url),
        title=_clean(new.title),
        date=_clean(new.published),
    )
    if not source.url and not source.outlet:
        raise GeneratorError("a source is needed: --url, --outlet or both")
    return source


def _status_source(new: NewQuote) -> Source | None:
    if not _clean(new.status_url) and not _clean(new.status_outlet):
        return None
    return Source(outlet=_clean(new.status_outlet), url=_clean(new.status_url))


def _topics(topics: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(t.strip() for t in topics if t.strip()))


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


# -- Checks for each answer of an interactive `add` ------------------------------------------


def check_date(text: str, today: dt.date | None = None) -> str | None:
    """`YYYY`, `YYYY-MM` or `YYYY-MM-DD` of a day that exists and is not in the future;
    None for a blank answer. Raises ValueError saying what was expected."""
    value = text.strip()
    if not value:
        return None
    if not DATE_PATTERN.fullmatch(value):
        raise ValueError(f"expected YYYY, YYYY-MM or YYYY-MM-DD, found '{value}'")
    if len(value) == 10:
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"expected a day that exists, found '{value}'") from None
    today = today or dt.date.today()
    if value > today.isoformat()[: len(value)]:
        raise ValueError(f"expected a date not in the future, found '{value}'")
    return value


def check_url(text: str) -> str | None:
    """An absolute http(s) address; None for a blank answer. Raises ValueError otherwise."""
    value = text.strip()
    if not value:
        return None
    if safe_href(value) is None:
        raise ValueError(f"expected an address starting with https:// or http://, found '{value}'")
    return value


def check_topics(archive: Archive, text: str) -> tuple[str, ...]:
    """Topic slugs separated by commas or spaces, each one listed in topics.yaml."""
    slugs = tuple(dict.fromkeys(text.replace(",", " ").split()))
    known = {t.slug for t in archive.topics}
    unknown = [s for s in slugs if s not in known]
    if unknown:
        raise ValueError(
            f"expected topics from quotes/topics.yaml, found {', '.join(unknown)} "
            f"(known: {', '.join(sorted(known)) or 'none'})"
        )
    return slugs


def check_status(text: str) -> str | None:
    value = text.strip()
    if value and value not in QUOTE_STATUSES:
        raise ValueError(f"expected one of {', '.join(QUOTE_STATUSES)}, found '{value}'")
    return value or None
