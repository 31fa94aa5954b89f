"""Deciding whether two quote texts are the same words: merge, fragment, or different.

The comparison is token-based (rapidfuzz on word lists) so that every difference can be
judged on its own: a typo, a dropped "the", an ellipsis or a trimmed end is harmless; a
changed number, an added "not" or a different word is not. A pair merges only when every
difference is harmless and the shared words carry enough distinctive content, which keeps
stock phrases ("I think that", "we will see") from pulling different quotes together.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA, Indel, Levenshtein

from generator.dedupe.normalize import (
    GAP,
    MINOR_WORDS,
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
    """Whether the first text given is the shorter one (the fragment, for FRAGMENT)."""


@dataclass
class _Alignment:
    """Tally of a token alignment between a shorter text `s` and a longer text `l`."""

    matched: int = 0
    content: int = 0
    typos: int = 0
    minor: int = 0
    trim_s: int = 0
    trim_l: int = 0
    lead_trim_s: bool = False
    lead_trim_l: bool = False
    elided: bool = False
    different: bool = False


def compare(a: Normalised, b: Normalised) -> Verdict | None:
    """Decide whether two normalised texts are one quote, an excerpt of one, or different."""
    if not a.words or not b.words:
        return None
    shorter_first = len(a.words) <= len(b.words)
    s, w = (a, b) if shorter_first else (b, a)
    if a.key == b.key:
        return Verdict(MERGE, 100.0, 1.0, "identical after normalisation", shorter_first)
    if not _worth_scoring(s, w):
        return None
    tally = _align(s.tokens, w.tokens)
    if tally.different or tally.trim_s:
        window = _align_in_window(s, w)
        if window is not None and not window.different and not window.trim_s:
            tally = window
    verdict = _judge(tally, s, w)
    if verdict is None:
        return None
    kind, coverage, reason = verdict
    similarity = round(fuzz.ratio(s.key, w.key), 1)
    return Verdict(kind, similarity, round(coverage, 2), reason, shorter_first)


def _worth_scoring(s: Normalised, w: Normalised) -> bool:
    """Cheap filter: most of the shorter text's words must occur in the longer one."""
    if s.content < MIN_CONTENT:
        return False
    longer = set(w.words)
    shared = sum(1 for w in s.words if w in longer)
    return shared >= 0.7 * len(s.words)


def _judge(t: _Alignment, s: Normalised, w: Normalised) -> tuple[str, float, str] | None:
    """Turn an alignment tally into (kind, coverage, reason), or None when different."""
    if t.different or t.content < MIN_CONTENT:
        return None
    coverage = (t.matched + t.minor + t.typos) / max(len(w.words), 1)
    wording = _wording(t)
    if not t.trim_s and not t.trim_l:
        return MERGE, 1.0, f"near-identical{wording}"
    if not t.trim_s:
        how = "elided" if t.elided and not t.trim_l else "trimmed"
        if coverage >= MERGE_COVERAGE:
            return MERGE, coverage, f"{how} version{wording}, covers {coverage:.0%} of the longer"
        return FRAGMENT, coverage, f"fragment{wording}, covers {coverage:.0%} of the longer"
    staggered = t.lead_trim_s != t.lead_trim_l
    cover_s = (t.matched + t.minor + t.typos) / max(len(s.words), 1)
    if staggered and min(coverage, cover_s) >= OVERLAP_COVERAGE:
        return MERGE, coverage, f"overlapping excerpts{wording}, share {min(coverage, cover_s):.0%}"
    return None


def _wording(t: _Alignment) -> str:
    notes = []
    if t.typos:
        notes.append(f"{t.typos} typo(s)")
    if t.minor:
        notes.append("minor wording")
    return f" ({', '.join(notes)})" if notes else ""


def _align(s_tokens: Sequence[str], l_tokens: Sequence[str]) -> _Alignment:
    """Align two token lists and classify every difference between them."""
    tally = _Alignment()
    blocks: list[tuple[int, int, int, int]] = []
    for op in Indel.opcodes(list(s_tokens), list(l_tokens)):
        if op.tag == "equal":
            for token in s_tokens[op.src_start : op.src_end]:
                if token != GAP:
                    tally.matched += 1
                    tally.content += token not in STOPWORDS
            continue
        if blocks and blocks[-1][1] == op.src_start and blocks[-1][3] == op.dest_start:
            blocks[-1] = (blocks[-1][0], op.src_end, blocks[-1][2], op.dest_end)
        else:
            blocks.append((op.src_start, op.src_end, op.dest_start, op.dest_end))
    for i1, i2, j1, j2 in blocks:
        at_start, at_end = i1 == 0 and j1 == 0, i2 == len(s_tokens) and j2 == len(l_tokens)
        _classify(tally, s_tokens[i1:i2], l_tokens[j1:j2], at_start, at_end)
    typo_budget = max(1, len(s_tokens) // 10)
    if tally.typos > typo_budget:
        tally.different = True
    return tally


def _classify(
    t: _Alignment, xs: Sequence[str], ys: Sequence[str], at_start: bool, at_end: bool
) -> None:
    """Record one differing block: harmless wording, a typo, a trim, an elision, or not."""
    if GAP in xs or GAP in ys:
        t.elided = True
        t.trim_s += sum(1 for x in xs if x != GAP) if GAP in ys else 0
        t.trim_l += sum(1 for y in ys if y != GAP) if GAP in xs else 0
        return
    rest_x = [x for x in xs if x not in MINOR_WORDS]
    rest_y = [y for y in ys if y not in MINOR_WORDS]
    if not rest_x and not rest_y:
        t.minor += min(len(xs), len(ys))
        if (at_start or at_end) and (xs or ys):
            _count_trim(t, xs, ys, at_start, harmless=True)
        return
    if rest_x and rest_y and "".join(rest_x) == "".join(rest_y):
        t.minor += len(rest_y)
        return
    if len(rest_x) == len(rest_y) and all(_typo(x, y) for x, y in zip(rest_x, rest_y, strict=True)):
        t.typos += len(rest_x)
        return
    if (at_start or at_end) and not (xs and ys):
        _count_trim(t, xs, ys, at_start, harmless=False)
        return
    t.different = True


def _count_trim(
    t: _Alignment, xs: Sequence[str], ys: Sequence[str], at_start: bool, harmless: bool
) -> None:
    """A block at either end present on one side only: that side runs on further."""
    if harmless:
        return
    if xs:
        t.trim_s += len(xs)
        t.lead_trim_s = t.lead_trim_s or at_start
    else:
        t.trim_l += len(ys)
        t.lead_trim_l = t.lead_trim_l or at_start


def _typo(x: str, y: str) -> bool:
    """Whether two different words are one word misspelt: a slip, not another word."""
    if x.isdigit() or y.isdigit() or min(len(x), len(y)) < 4:
        return False
    if x in STOPWORDS and y in STOPWORDS:
        return False
    if OSA.distance(x, y, score_cutoff=1) <= 1:
        return True
    return min(len(x), len(y)) >= 8 and x[0] == y[0] and Levenshtein.distance(x, y) <= 2


def _align_in_window(s: Normalised, w: Normalised) -> _Alignment | None:
    """Align the shorter text against the part of the longer one that it matches best.

    A plain alignment of a short text against a long one may scatter its words over the
    long text when they repeat there; each piece between ellipses is located first instead.
    """
    offsets = _word_offsets(w.words)
    tally = _Alignment()
    cursor = 0
    pieces = _pieces(s.tokens)
    for index, piece in enumerate(pieces):
        found = fuzz.partial_ratio_alignment(
            " ".join(piece),
            w.key[offsets[cursor] :] if cursor < len(offsets) else "",
            score_cutoff=75,
        )
        if found is None:
            return None
        start_char = offsets[cursor] + found.dest_start
        end_char = offsets[cursor] + found.dest_end
        first = max(_word_at(offsets, start_char) - 1, cursor)
        last = min(_word_at(offsets, max(end_char - 1, start_char)) + 2, len(w.words))
        part = _align(piece, w.words[first:last])
        if part.trim_s or part.different:
            return None
        tally.matched += part.matched
        tally.content += part.content
        tally.typos += part.typos
        tally.minor += part.minor
        tally.trim_l += part.trim_l + (first - cursor)
        tally.elided = tally.elided or index > 0
        cursor = last
    tally.trim_l += len(w.words) - cursor
    return tally


def _pieces(tokens: Sequence[str]) -> list[list[str]]:
    """The runs of words between ellipses."""
    pieces: list[list[str]] = [[]]
    for token in tokens:
        if token == GAP:
            pieces.append([])
        else:
            pieces[-1].append(token)
    return [p for p in pieces if p]


def _word_offsets(words: Sequence[str]) -> list[int]:
    offsets, position = [], 0
    for word in words:
        offsets.append(position)
        position += len(word) + 1
    return offsets


def _word_at(offsets: list[int], char: int) -> int:
    """Index of the word that contains character `char` of the joined text."""
    low, high = 0, len(offsets) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if offsets[middle] <= char:
            low = middle
        else:
            high = middle - 1
    return low


# -- Finding candidates ----------------------------------------------------------------------


def candidate_pairs(texts: Sequence[Normalised]) -> list[tuple[int, int]]:
    """Pairs (i < j) of texts worth scoring: they share enough uncommon word 3-grams.

    Each text's shingles go into an inverted index; shingles found in more than MAX_POSTING
    texts are stock phrases and are skipped. The work grows with the number of shingles, not
    with the square of the number of texts.
    """
    postings: dict[tuple[str, ...], list[int]] = {}
    sizes: list[int] = []
    for index, text in enumerate(texts):
        grams = block_keys(text)
        sizes.append(len(grams))
        for gram in grams:
            postings.setdefault(gram, []).append(index)
    shared: dict[tuple[int, int], int] = {}
    for members in postings.values():
        if len(members) < 2 or len(members) > MAX_POSTING:
            continue
        for position, i in enumerate(members):
            for j in members[position + 1 :]:
                shared[(i, j)] = shared.get((i, j), 0) + 1
    return sorted(
        pair
        for pair, count in shared.items()
        if count >= SHARED_SHINGLES * min(sizes[pair[0]], sizes[pair[1]])
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
        self.forms: list[tuple[Quote, Normalised]] = [
            (quote, normalise(text)) for quote in quotes for text in quote_forms(quote)
        ]
        self.postings: dict[tuple[str, ...], list[int]] = {}
        for index, (_, form) in enumerate(self.forms):
            for gram in block_keys(form):
                self.postings.setdefault(gram, []).append(index)

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


def block_keys(text: Normalised) -> set[tuple[str, ...]]:
    """What a text is indexed by: its content shingles and its whole normalised text."""
    return shingles(text.words) | {(text.key,)}


def find_duplicate(
    text: str, quotes: Iterable[Quote], date: str | None = None
) -> DuplicateMatch | None:
    """Match one new text against a speaker's quotes with the same rules as `dedupe`.

    For many texts against the same quotes, build a `QuoteIndex` once and call `find`.
    """
    return QuoteIndex(quotes).find(text, date)
