"""Putting one quote into its speaker's file: a new quote, a new source, or a fragment link.

The same rules as `dedupe`, so a quote ten outlets carry becomes one quote with ten sources.
Fields an editor may have changed (text, topics, status, context, date) are never
overwritten: a merge only appends a source and, when the wording differs, a variant.

Speakers fall into `BUCKETS` groups by slug, and a new quote's id starts with its group's
letter (`minted_quote_id`): a group can be filled in by itself, on another process or
machine, and no two groups can ever give the same new id.

One outlet prints a quotation whole, another splits it around the attribution ("If the deal
is good," Varga said, "let us read it."). `place_pieces` first tries the pieces joined, so
the split report joins the whole quote as one source; and a whole quote arriving after the
pieces takes the other pieces of that report as its fragments, not only the longest.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass, replace

from generator.dedupe import QuoteIndex
from generator.dedupe.normalize import normalise
from generator.dedupe.quotes import FRAGMENT, MERGE, WHOLE, DuplicateMatch, quote_forms
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
            if has_source(existing, quote.source):
                return Placed("skipped", existing.id, "already in the archive with this source")
            merged = with_source(existing, quote.source, quote.text)
            pieces = self._other_pieces(slug, existing.id, quote.text, [existing])
            self._update(slug, [merged, *pieces])
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
            updates += [
                replace(piece, part_of=new.id)
                for piece in self._other_pieces(slug, match.quote_id, new.text, updates)
            ]
        self._update(slug, updates)
        how = f"; excerpt of {new.part_of}" if new.part_of else ""
        return Placed("added", new.id, f"new quote{how}")

    def place_pieces(self, slug: str, pieces: Sequence[NewQuote]) -> list[Placed]:
        """Place the pieces of one quotation split around its attribution: as one report
        when joined they repeat a quote of the speaker, else each on its own."""
        if len(pieces) > 1:
            joined = join_pieces([piece.text for piece in pieces])
            first = pieces[0]
            existing, how, _ = self._duplicate_of(slug, joined, first.date)
            if existing is not None and all(_carries(existing, p.text) for p in pieces):
                if not has_source(existing, first.source):
                    self._update(slug, [with_source(existing, first.source, joined)])
                reason = f"same quote as {existing.id}, split around the attribution ({how})"
                return [Placed("merged", existing.id, reason) for _ in pieces]
        return [self.place(slug, piece) for piece in pieces]

    def _other_pieces(
        self, slug: str, piece_id: str, whole: str, updates: list[Quote]
    ) -> list[Quote]:
        """Quotes reported with the piece `piece_id` (same source) whose words are a run of
        the text `whole`: the rest of a quotation split around its attribution, linked to
        the piece (as `part_of`)."""
        piece = self._quote(slug, piece_id)
        urls = {s.url for s in piece.sources if s.url}
        if not urls:
            return []
        words = f" {normalise(whole).key} "
        linked = {q.id for q in updates}
        return [
            replace(other, part_of=piece_id)
            for other in self._list(slug)
            if other.id not in linked
            and other.part_of is None
            and urls.intersection(s.url for s in other.sources)
            and f" {normalise(other.text).key} " in words
        ]

    def _duplicate_of(
        self, slug: str, text: str, date: str | None
    ) -> tuple[Quote | None, str, DuplicateMatch | None]:
        """The speaker's quote these words repeat and why, plus the closest match found.

        Identical words count even when short, unless both sides carry different dates and
        the words are a stock phrase: "most likely" reported without a date by a second
        outlet is the same remark, "That makes me smart" reported a week later too, while
        "we will see" on two known dates was said twice. When nothing repeats,
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


PIECE_COVERAGE = 0.6
"""Share of each piece's words a quote must have to be that split quotation whole: a quote
that is one of the pieces alone is that piece, not the joined quotation."""


def _carries(quote: Quote, piece: str) -> bool:
    """Whether `quote` (any of its wordings) has most of the words of `piece`."""
    words = normalise(piece).words
    known = {w for text in quote_forms(quote) for w in normalise(text).words}
    return sum(w in known for w in words) >= PIECE_COVERAGE * len(words)


def join_pieces(texts: Sequence[str]) -> str:
    """The words of a quotation split around its attribution, as one text: the pieces as
    printed, an ellipsis where the attribution stood (no punctuation the source never had)."""
    return " … ".join(text.strip() for text in texts)


def has_source(quote: Quote, source: Source) -> bool:
    """Whether the quote already cites this source (the same url, or outlet and title)."""
    if source.url:
        return any(s.url == source.url for s in quote.sources)
    return any(s.outlet == source.outlet and s.title == source.title for s in quote.sources)


def with_source(quote: Quote, source: Source, wording: str) -> Quote:
    """The quote with one more source, and the wording as a variant if it is a new one."""
    known = {" ".join(t.split()).casefold() for t in (quote.text, *quote.variants)}
    variants = quote.variants
    if " ".join(wording.split()).casefold() not in known:
        variants = (*variants, wording)
    return replace(quote, sources=(*quote.sources, source), variants=variants)
