"""Deciding whether two quote texts are the same words: merge, fragment, or different.

The comparison is token-based (rapidfuzz on word lists) so that every difference can be
judged on its own: a typo, a dropped "the", an ellipsis or a trimmed end is harmless; a
changed number, an added "not" or a different word is not. A pair merges only when every
difference is harmless and the shared words carry enough distinctive content, which keeps
stock phrases ("I think that", "we will see") from pulling different quotes together.
"""

from __future__ import annotations

import difflib
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import chain

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA, Indel, Levenshtein

from generator.dedupe.normalize import (
    GAP,
    MINOR_WORDS,
    NEGATIONS,
    NUMBER_NAMES,
    STOPWORDS,
    Normalised,
    normalise,
    shingles,
)
from generator.models import Quote

MIN_CONTENT = 3
"""Distinctive words the shared part must have before two different texts merge or link."""
MERGE_COVERAGE = 0.6
"""Share of the longer text the shorter must cover to be a trimmed version, not a fragment."""
OVERLAP_COVERAGE = 0.6
"""Share of each text two staggered excerpts must share to merge."""
SHARED_SHINGLES = 0.3
"""Share of the shorter text's shingles a candidate pair must share before it is scored."""
MAX_POSTING = 200
"""Shingles found in more texts than this (per speaker) are too common to block on."""
MAX_COMPARED_WORDS = 2000
"""Texts longer than this (some 12 KB; quotes run to a few hundred words) are matched only
when identical after normalisation: aligning two texts costs the product of their lengths,
and two 180 kB quotes repeating one phrase kept `check` busy for 25 s. At this length a pair
takes at most about 0.1 s."""

MERGE = "merge"
FRAGMENT = "fragment"


@dataclass(frozen=True)
class Verdict:
    """How two texts relate, with the figures that decided it."""

    kind: str
    """MERGE (same quote) or FRAGMENT (the shorter is an excerpt of the longer)."""
    similarity: float
    """rapidfuzz `fuzz.ratio` of the normalised texts, 0-100."""
    coverage: float
    """Share of the longer text's words matched by the shorter one, 0-1."""
    reason: str
    """Why, in words an editor can check."""
    shorter_first: bool = True
    """Whether the first text given is the inner one (the fragment, for FRAGMENT)."""


@dataclass
class _Alignment:
    """Tally of a token alignment between two texts, `x` and `y`."""

    matched: int = 0
    content: int = 0
    typos: int = 0
    minor: int = 0
    trim_x: int = 0
    trim_y: int = 0
    lead_trim_x: bool = False
    lead_trim_y: bool = False
    elided: int = 0
    different: bool = False

    @property
    def shared(self) -> int:
        """Words both texts have, counting harmless differences and typos as shared."""
        return self.matched + self.minor + self.typos


def compare(a: Normalised, b: Normalised) -> Verdict | None:
    """Decide whether two normalised texts are one quote, an excerpt of one, or different."""
    if not a.words or not b.words:
        return None
    if a.key == b.key:
        return Verdict(MERGE, 100.0, 1.0, "identical after normalisation", True)
    if max(len(a.words), len(b.words)) > MAX_COMPARED_WORDS or not _worth_scoring(a, b):
        return None
    tally = _align(a.tokens, b.tokens, _rapidfuzz_blocks)
    if tally.different or (tally.trim_x and tally.trim_y):
        # rapidfuzz's alignment may scatter repeated words; difflib's prefers long runs.
        tally = _align(a.tokens, b.tokens, _difflib_blocks)
    verdict = _judge(tally, a, b)
    if verdict is None:
        return None
    kind, coverage, reason, a_inside = verdict
    similarity = round(fuzz.ratio(a.key, b.key), 1)
    return Verdict(kind, similarity, round(coverage, 2), reason, a_inside)


def _worth_scoring(a: Normalised, b: Normalised) -> bool:
    """Cheap filter: most of the shorter text's words must occur in the longer one."""
    s, w = (a, b) if len(a.words) <= len(b.words) else (b, a)
    if s.content < MIN_CONTENT:
        return False
    longer = set(w.words)
    shared = sum(1 for word in s.words if word in longer)
    return shared >= 0.7 * len(s.words)


def _judge(t: _Alignment, a: Normalised, b: Normalised) -> tuple[str, float, str, bool] | None:
    """Turn a tally into (kind, coverage, reason, whether `a` is the inner text), or None."""
    if t.different or t.content < MIN_CONTENT:
        return None
    wording = _wording(t)
    if not t.trim_x and not t.trim_y:
        how = "elided" if t.elided else "near-identical"
        inner_is_a = len(a.words) <= len(b.words)
        outer = b if inner_is_a else a
        coverage = min(1.0, t.shared / max(len(outer.words), 1))
        return MERGE, coverage, f"{how}{wording}", inner_is_a
    if not t.trim_x or not t.trim_y:
        inner_is_a = not t.trim_x
        outer = b if inner_is_a else a
        coverage = t.shared / max(len(outer.words), 1)
        if coverage >= MERGE_COVERAGE:
            return MERGE, coverage, f"trimmed version{wording}, covers {coverage:.0%}", inner_is_a
        return FRAGMENT, coverage, f"fragment{wording}, covers {coverage:.0%}", inner_is_a
    share = min(t.shared / max(len(a.words), 1), t.shared / max(len(b.words), 1))
    if t.lead_trim_x != t.lead_trim_y and share >= OVERLAP_COVERAGE:
        return MERGE, share, f"overlapping excerpts{wording}, share {share:.0%}", True
    return None


def _wording(t: _Alignment) -> str:
    notes = []
    if t.typos:
        notes.append(f"{t.typos} typo(s)")
    if t.minor:
        notes.append("minor wording")
    if t.elided:
        notes.append(f"{t.elided} word(s) elided")
    return f" ({', '.join(notes)})" if notes else ""


_Block = tuple[str, int, int, int, int]


def _rapidfuzz_blocks(x: Sequence[str], y: Sequence[str]) -> list[_Block]:
    return [
        (op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end)
        for op in Indel.opcodes(list(x), list(y))
    ]


def _difflib_blocks(x: Sequence[str], y: Sequence[str]) -> list[_Block]:
    matcher = difflib.SequenceMatcher(None, list(x), list(y), autojunk=False)
    return [(tag, i1, i2, j1, j2) for tag, i1, i2, j1, j2 in matcher.get_opcodes()]


def _align(
    x: Sequence[str],
    y: Sequence[str],
    opcodes: Callable[[Sequence[str], Sequence[str]], list[_Block]],
) -> _Alignment:
    """Align two token lists and classify every difference between them."""
    tally = _Alignment()
    blocks: list[tuple[int, int, int, int]] = []
    for tag, i1, i2, j1, j2 in opcodes(x, y):
        if tag == "equal":
            for token in x[i1:i2]:
                if token != GAP:
                    tally.matched += 1
                    tally.content += token not in STOPWORDS
        elif blocks and blocks[-1][1] == i1 and blocks[-1][3] == j1:
            blocks[-1] = (blocks[-1][0], i2, blocks[-1][2], j2)
        else:
            blocks.append((i1, i2, j1, j2))
    for i1, i2, j1, j2 in blocks:
        at_start, at_end = i1 == 0 and j1 == 0, i2 == len(x) and j2 == len(y)
        _classify(tally, x[i1:i2], y[j1:j2], at_start, at_end)
    if tally.typos > max(2, min(len(x), len(y)) // 8):
        tally.different = True
    return tally


def _classify(
    t: _Alignment, xs: Sequence[str], ys: Sequence[str], at_start: bool, at_end: bool
) -> None:
    """Record one differing block: harmless wording, a typo, a trim, an elision, or not."""
    if GAP in xs or GAP in ys:
        words_x, words_y = [w for w in xs if w != GAP], [w for w in ys if w != GAP]
        if at_start or at_end:
            # An ellipsis at either end says the quote runs on: a trim, not a gap.
            _trim(t, words_x, words_y, at_start)
        else:
            t.elided += len(words_x) + len(words_y)
        return
    if _harmless(t, xs, ys):
        return
    if (at_start or at_end) and not (xs and ys):
        _trim(t, xs, ys, at_start)
        return
    if at_end and not at_start:
        size = min(len(xs), len(ys))
        if _harmless(t, xs[:size], ys[:size]):
            _trim(t, xs[size:], ys[size:], False)
            return
    if at_start and not at_end:
        size = min(len(xs), len(ys))
        if _harmless(t, xs[len(xs) - size :], ys[len(ys) - size :]):
            _trim(t, xs[: len(xs) - size], ys[: len(ys) - size], True)
            return
    t.different = True


def _harmless(t: _Alignment, xs: Sequence[str], ys: Sequence[str]) -> bool:
    """Count the block as shared if it differs only in minor words, spacing or typos."""
    rest_x = [w for w in xs if w not in MINOR_WORDS]
    rest_y = [w for w in ys if w not in MINOR_WORDS]
    if not rest_x and not rest_y:
        t.minor += min(len(xs), len(ys))
        return True
    joined_x, joined_y = "".join(rest_x), "".join(rest_y)
    if rest_x and rest_y and joined_x == joined_y:
        t.minor += len(rest_y)
        return True
    if (
        len(rest_x) != len(rest_y)
        and min(len(joined_x), len(joined_y)) >= 6
        and _typo(joined_x, joined_y)
    ):
        t.typos += 1
        return True
    if len(rest_x) == len(rest_y) and all(_typo(p, q) for p, q in zip(rest_x, rest_y, strict=True)):
        t.typos += len(rest_x)
        return True
    return False


def _trim(t: _Alignment, xs: Sequence[str], ys: Sequence[str], at_start: bool) -> None:
    """Words at either end that one text has and the other does not: it runs on further."""
    if xs:
        t.trim_x += len(xs)
        t.lead_trim_x = t.lead_trim_x or at_start
    if ys:
        t.trim_y += len(ys)
        t.lead_trim_y = t.lead_trim_y or at_start


def _typo(x: str, y: str) -> bool:
    """Whether two different words are one word misspelt: a slip, not another word."""
    if (x in NEGATIONS or y in NEGATIONS) and min(len(x), len(y)) < 6:
        return False
    x, y = NUMBER_NAMES.get(x, x), NUMBER_NAMES.get(y, y)
    if x.isdigit() or y.isdigit() or min(len(x), len(y)) < 4:
        return False
    if x in STOPWORDS and y in STOPWORDS:
        return False
    if OSA.distance(x, y, score_cutoff=1) <= 1:
        return True
    return min(len(x), len(y)) >= 8 and x[0] == y[0] and Levenshtein.distance(x, y) <= 2


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
    """Short texts ("most likely") merge only when identical and said on the same date.

    Without distinctive content, the same few words on two occasions are two quotes.
    """
    if a.content >= MIN_CONTENT and b.content >= MIN_CONTENT:
        return True
    return a.key == b.key and date_a == date_b


class QuoteIndex:
    """A speaker's existing quotes, indexed for matching new texts one at a time (ingest)."""

    def __init__(self, quotes: Iterable[Quote]) -> None:
        self.forms: list[tuple[Quote, Normalised]] = []
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
            for gram in block_keys(form):
                self.postings.setdefault(gram, []).append(len(self.forms))
            self.forms.append((quote, form))

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
            if count < SHARED_SHINGLES * min(len(keys), len(block_keys(form))):
                continue
            if short_identical_ok(new, form, date, quote.date):
                candidates.append((quote.id, form))
        return best_match(new, candidates)


def block_keys(text: Normalised, grams: set[int] | None = None) -> set[int]:
    """What a text is indexed by: its content shingles and its whole normalised text."""
    whole = zlib.crc32(text.key.encode()) | 1 << 40  # apart from 3-gram hashes in practice
    return (shingles(text.words) if grams is None else grams) | {whole}


def find_duplicate(
    text: str, quotes: Iterable[Quote], date: str | None = None
) -> DuplicateMatch | None:
    """Match one new text against a speaker's quotes with the same rules as `dedupe`.

    For many texts against the same quotes, build a `QuoteIndex` once and call `find`.
    """
    return QuoteIndex(quotes).find(text, date)
