"""Putting one quote into its speaker's file: a new quote, a new source, or a fragment link.

The same rules as `dedupe`, so a quote ten outlets carry becomes one quote with ten sources.
Fields an editor may have changed (text, topics, status, context, date) are never
overwritten: a merge only appends a source and, when the wording differs, a variant.

Speakers fall into `BUCKETS` groups by slug, and a new quote's id starts with its group's
letter (`minted_quote_id`): a group can be filled in by itself, on another process or
machine, and no two groups can ever give the same new id.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass, replace

from generator.dedupe import QuoteIndex
from generator.dedupe.quotes import FRAGMENT, MERGE, WHOLE, DuplicateMatch
from generator.ids import ID_ALPHABET, minted_quote_id
from generator.models import Quote, Source, Speaker

BUCKETS = len(ID_ALPHABET)
"""Groups of speakers a reduce fills in apart: one per letter a new id may start with."""


def speaker_bucket(slug: str) -> int:
    """The group a speaker's quotes are placed in: fixed by the slug alone."""
    return zlib.crc32(slug.encode("utf-8")) % BUCKETS


def bucket_prefix(bucket: int) -> str:
    """The letter every id minted in a group starts with."""
    return ID_ALPHABET[bucket]


@dataclass(frozen=True)
class Placed:
    """Where one quote went."""

    action: str
    """`added`, `merged` (an existing quote gained the source), or `skipped` (it had it)."""
    quote_id: str
    reason: str


@dataclass(frozen=True)
class NewQuote:
    """A quote to place: its words, where they were reported, and what was around them."""

    text: str
    source: Source
    context: str | None = None
    date: str | None = None
    seed: str = ""
    """What identifies the quote (its article's content and its place there): its id is
    minted from it, so the same quote gets the same id in any run."""


class Placer:
    """The speakers as updated so far, with a quote index per speaker built on first use.

    A speaker's quotes are kept as a list (with each id's place in it) while quotes are
    placed, and made a Speaker again only when asked for: rebuilding the tuple on every
    placement made filling one speaker quadratic in its quotes (a speaker with 28,000
    quotes took most of a run).
    """

    def __init__(
        self, speakers: dict[str, Speaker], taken: set[str], added: str | None = None
    ) -> None:
        self._speakers = speakers
        self.taken = taken
        """Ids in use or merged away, at least all those of the groups placed in here."""
        self.added = added
        """The date new quotes are stamped with (`Quote.added`)."""
        self.changed: set[str] = set()
        self._indexes: dict[str, QuoteIndex] = {}
        self._quotes: dict[str, list[Quote]] = {}
        self._places: dict[str, dict[str, int]] = {}

    def speaker(self, slug: str) -> Speaker:
        """The speaker with every quote placed so far."""
        speaker = self._speakers[slug]
        if slug in self._quotes:
            speaker = replace(speaker, quotes=tuple(self._quotes[slug]))
        return speaker

    def changed_speakers(self) -> dict[str, Speaker]:
        """Every speaker a placement changed, by slug."""
        return {slug: self.speaker(slug) for slug in sorted(self.changed)}

    def place(self, slug: str, quote: NewQuote) -> Placed:
        """Merge into a duplicate, link a fragment, or add a new quote."""
        existing, how, match = self._duplicate_of(slug, quote.text, quote.date)
        if existing is not None:
            if _has_source(existing, quote.source):
                return Placed("skipped", existing.id, "already in the archive with this source")
            self._update(slug, [_with_source(existing, quote.source, quote.text)])
            return Placed("merged", existing.id, f"same quote as {existing.id} ({how})")
        seed = quote.seed or f"{slug}\0{quote.text}\0{quote.source}"
        new = Quote(
            id=minted_quote_id(seed, bucket_prefix(speaker_bucket(slug)), self.taken),
            text=quote.text,
            sources=(quote.source,),
            date=quote.date,
            added=self.added,
            context=quote.context or None,
            part_of=match.quote_id if match is not None and match.kind == FRAGMENT else None,
        )
        self.taken.add(new.id)
        updates = [new]
        if match is not None and match.kind == WHOLE:
            shorter = self._quote(slug, match.quote_id)
            if shorter.part_of is None:
                updates.append(replace(shorter, part_of=new.id))
        self._update(slug, updates)
        how = f"; excerpt of {new.part_of}" if new.part_of else ""
        return Placed("added", new.id, f"new quote{how}")

    def _duplicate_of(
        self, slug: str, text: str, date: str | None
    ) -> tuple[Quote | None, str, DuplicateMatch | None]:
        """The speaker's quote these words repeat and why, plus the closest match found.

        Identical words count even when short, unless both sides carry different dates:
        "most likely" reported without a date by a second outlet is the same remark, while
        `dedupe` keeps short phrases said on two known dates apart. When nothing repeats,
        the match may still say the words are an excerpt of a quote (or the reverse).
        """
        index = self._index(slug)
        same_id = index.same_words(text)
        same = self._quote(slug, same_id) if same_id else None
        if same is not None and (date is None or same.date is None or same.date == date):
            return same, "the same words", None
        match = index.find(text, date)
        if match is not None and match.kind == MERGE:
            return self._quote(slug, match.quote_id), match.verdict.reason, match
        return None, "", match

    def _index(self, slug: str) -> QuoteIndex:
        if slug not in self._indexes:
            self._indexes[slug] = QuoteIndex(self._speakers[slug].quotes)
        return self._indexes[slug]

    def _list(self, slug: str) -> list[Quote]:
        if slug not in self._quotes:
            quotes = list(self._speakers[slug].quotes)
            self._quotes[slug] = quotes
            self._places[slug] = {q.id: i for i, q in enumerate(quotes)}
        return self._quotes[slug]

    def _quote(self, slug: str, quote_id: str) -> Quote:
        """The speaker's quote as it is now (the index may hold an older copy of it)."""
        quotes = self._list(slug)
        return quotes[self._places[slug][quote_id]]

    def _update(self, slug: str, quotes: Sequence[Quote]) -> None:
        index = self._index(slug)
        kept, places = self._list(slug), self._places[slug]
        for quote in quotes:
            if quote.id in places:
                kept[places[quote.id]] = quote
            else:
                places[quote.id] = len(kept)
                kept.append(quote)
            index.add(quote)
        self.changed.add(slug)


def _has_source(quote: Quote, source: Source) -> bool:
    if source.url:
        return any(s.url == source.url for s in quote.sources)
    return any(s.outlet == source.outlet and s.title == source.title for s in quote.sources)


def _with_source(quote: Quote, source: Source, wording: str) -> Quote:
    known = {" ".join(t.split()).casefold() for t in (quote.text, *quote.variants)}
    variants = quote.variants
    if " ".join(wording.split()).casefold() not in known:
        variants = (*variants, wording)
    return replace(quote, sources=(*quote.sources, source), variants=variants)
