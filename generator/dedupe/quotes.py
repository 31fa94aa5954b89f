"""Finding the quotes a text duplicates: candidate pairs, and one new text against a file.

Whether two texts are one quote is decided in `verdicts`; this module decides which pairs
are worth asking (an inverted index of shingles, so the work grows with the number of
texts, not its square) and answers for a new text against a speaker's quotes (`QuoteIndex`,
`find_duplicate`), with the date rule for short remarks (`short_identical_ok`).
"""

from __future__ import annotations

import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain

from generator.dedupe.normalize import (
    Normalised,
    content_pairs,
    normalise,
    shingles,
    word_codes,
)
from generator.dedupe.verdicts import (
    FEW_CONTENT,
    FRAGMENT,
    MAX_COMPARED_WORDS,
    MERGE,
    MIN_CONTENT,
    Verdict,
    compare,
    is_stock_phrase,
)
from generator.models import Quote

__all__ = [
    "FRAGMENT",
    "MAX_COMPARED_WORDS",
    "MERGE",
    "MIN_CONTENT",
    "WHOLE",
    "DuplicateMatch",
    "QuoteIndex",
    "Verdict",
    "best_match",
    "block_keys",
    "candidate_pairs",
    "compare",
    "find_duplicate",
    "quote_forms",
    "short_identical_ok",
]

SHARED_SHINGLES = 0.3
"""Share of the shorter text's shingles a candidate pair must share before it is scored."""
MAX_POSTING = 200
"""Shingles found in more texts than this (per speaker) are too common to block on."""


# -- Finding candidates ----------------------------------------------------------------------


def candidate_pairs(keys: Sequence[set[int]]) -> list[tuple[int, int]]:
    """Pairs (i < j) of texts worth scoring: they share enough uncommon block keys.

    `keys` holds each text's `block_keys`. They go into an inverted index; keys found in more
    than MAX_POSTING texts are stock phrases and are skipped. The work grows with the number
    of keys, not with the square of the number of texts.
    """
    counts = Counter(chain.from_iterable(keys))
    common = {key for key, count in counts.items() if 1 < count <= MAX_POSTING}
    postings: dict[int, list[int]] = defaultdict(list)
    for index, grams in enumerate(keys):
        for gram in grams & common if common else ():
            postings[gram].append(index)
    shared: dict[tuple[int, int], int] = {}
    for members in postings.values():
        for position, i in enumerate(members):
            for j in members[position + 1 :]:
                shared[(i, j)] = shared.get((i, j), 0) + 1
    return sorted(
        pair
        for pair, count in shared.items()
        if count >= SHARED_SHINGLES * min(len(keys[pair[0]]), len(keys[pair[1]]))
    )


# -- One new text against existing quotes -----------------------------------------------------


@dataclass(frozen=True)
class DuplicateMatch:
    """An existing quote that a new text duplicates, and how."""

    quote_id: str
    kind: str
    """MERGE: the same quote (add the source, keep the text as a variant); FRAGMENT: the new
    text is an excerpt of the existing quote (set `part_of`); WHOLE: the existing quote is an
    excerpt of the new text (link it to the new quote)."""
    verdict: Verdict


WHOLE = "whole"


def best_match(text: Normalised, forms: Iterable[tuple[str, Normalised]]) -> DuplicateMatch | None:
    """Score `text` against every (quote id, normalised form); return the strongest match."""
    best: tuple[tuple[int, float, float], DuplicateMatch] | None = None
    for quote_id, form in forms:
        verdict = compare(text, form)
        if verdict is None:
            continue
        kind = verdict.kind
        if kind == FRAGMENT:
            kind = FRAGMENT if verdict.shorter_first else WHOLE
        rank = (kind == MERGE, verdict.coverage, verdict.similarity)
        if best is None or rank > best[0]:
            best = (rank, DuplicateMatch(quote_id, kind, verdict))
    return best[1] if best else None


def quote_forms(quote: Quote) -> list[str]:
    """The wordings a quote is known by: its text, then its variants."""
    return [quote.text, *quote.variants]


def short_identical_ok(
    a: Normalised, b: Normalised, date_a: str | None, date_b: str | None
) -> bool:
    """Whether two texts may be compared at all, given the dates they carry.

    The same words are one remark whatever the dates ("That makes me smart", quoted again a
    week later: a report's date is when it was published, not when the words were said),
    except a stock phrase ("we will see", "thank you"), which on two dates is said twice.
    Different short texts are compared only when both have some distinctive words.
    """
    if a.content >= MIN_CONTENT and b.content >= MIN_CONTENT:
        return True
    if a.key != b.key:
        return a.content >= FEW_CONTENT and b.content >= FEW_CONTENT
    return date_a == date_b or not is_stock_phrase(a)


class QuoteIndex:
    """A speaker's existing quotes, indexed for matching new texts one at a time (ingest)."""

    def __init__(self, quotes: Iterable[Quote]) -> None:
        self.forms: list[tuple[Quote, Normalised]] = []
        self.key_counts: list[int] = []
        """How many block keys each form has (the share of them a candidate must match)."""
        self.postings: dict[int, list[int]] = {}
        self.by_key: dict[str, str] = {}
        """First quote id indexed under each normalised wording."""
        self._known: set[tuple[str, str]] = set()
        for quote in quotes:
            self.add(quote)

    def add(self, quote: Quote) -> None:
        """Index the wordings of `quote` not indexed yet (a new quote, or a new variant)."""
        for text in quote_forms(quote):
            if (quote.id, text) in self._known:
                continue
            self._known.add((quote.id, text))
            form = normalise(text)
            self.by_key.setdefault(form.key, quote.id)
            keys = block_keys(form)
            for gram in keys:
                self.postings.setdefault(gram, []).append(len(self.forms))
            self.forms.append((quote, form))
            self.key_counts.append(len(keys))

    def same_words(self, text: str) -> str | None:
        """Id of a quote with exactly these words once normalised, however short they are."""
        return self.by_key.get(normalise(text).key)

    def find(self, text: str, date: str | None = None) -> DuplicateMatch | None:
        """The existing quote `text` duplicates (merge, fragment or whole), or None."""
        new = normalise(text)
        keys = block_keys(new)
        counts: dict[int, int] = {}
        for gram in keys:
            members = self.postings.get(gram, ())
            if len(members) <= MAX_POSTING:
                for index in members:
                    counts[index] = counts.get(index, 0) + 1
        candidates = []
        for index, count in counts.items():
            quote, form = self.forms[index]
            if count < SHARED_SHINGLES * min(len(keys), self.key_counts[index]):
                continue
            if short_identical_ok(new, form, date, quote.date):
                candidates.append((quote.id, form))
        return best_match(new, candidates)


def block_keys(
    text: Normalised, grams: set[int] | None = None, codes: list[int] | None = None
) -> set[int]:
    """What a text is indexed by: its content shingles, the pairs of distinctive words that
    follow each other (which a "the" or an "and" put in by another outlet does not break),
    and its whole normalised text. `grams` and `codes` (`word_codes`) when the caller has
    them."""
    whole = zlib.crc32(text.key.encode()) | 1 << 40  # apart from 3-gram hashes in practice
    codes = word_codes(text.words) if codes is None else codes
    grams = shingles(text.words, codes) if grams is None else grams
    return grams | content_pairs(text.words, codes) | {whole}


def find_duplicate(
    text: str, quotes: Iterable[Quote], date: str | None = None
) -> DuplicateMatch | None:
    """Match one new text against a speaker's quotes with the same rules as `dedupe`.

    For many texts against the same quotes, build a `QuoteIndex` once and call `find`.
    """
    return QuoteIndex(quotes).find(text, date)
