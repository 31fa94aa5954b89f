"""Judging two quote texts: the same words (merge), an excerpt (fragment), or different.

The comparison is token-based (rapidfuzz on word lists) so that every difference can be
judged on its own: a typo, a dropped "the", an ellipsis, a trimmed end, a few words cut from
inside without a mark, or the attribution left inside a joined quote ("..., she said, ...")
is harmless; a changed number, an added "not" or a different word is not. A pair merges only
when every difference is harmless and the shared words carry enough distinctive content,
which keeps stock phrases ("I think that", "we will see") from pulling different quotes
together.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA, Indel, Levenshtein

from generator.dedupe.normalize import (
    GAP,
    MINOR_WORDS,
    NEGATIONS,
    NUMBER_NAMES,
    STOPWORDS,
    Normalised,
    word_set,
)
from generator.dedupe.spelling import british
from generator.knowledge import word_zipf

MIN_CONTENT = 3
"""Distinctive words the shared part must have before two different texts merge or link."""
FEW_CONTENT = 2
"""Enough distinctive words when one of them is rare (DISTINCTIVE_ZIPF), or when the texts
differ only in minor words and are at least NEAR_IDENTICAL_WORDS long."""
DISTINCTIVE_ZIPF = 5.0
"""A word rarer than this (Zipf scale: fewer than 100 in a million words) is no stock word:
"smart" in "That makes me smart", not "love" or "country" in "I love this country"."""
NEAR_IDENTICAL_WORDS = 6
CUT_WORDS = 3
"""Words an outlet may cut from inside a quote, unmarked, in one place."""
ATTRIBUTION_WORDS = 6
"""How long an attribution left inside a joined quote may be ("the envoy told reporters")."""
CUT_SHARE = 0.25
"""Share of the longer text that unmarked cuts may remove in all."""
MIN_CUT_LENGTH = 10
"""Words the longer text needs before an unmarked cut is harmless: in a short text the cut
words are most of what was said."""
SPEECH_VERBS = word_set(
    """said says say adding added told tells insisted insists asked explained noted
    continued argued warned stressed replied declared"""
)
KEPT_SMALL_WORDS = NEGATIONS | word_set(
    """against before after above below up down out off over under more most less few only
    same again too further once own other"""
)
"""Function words that change what is said when added or dropped ("more", "before")."""
SWAPPABLE = {"of": "for"}
"""Small words outlets swap for one another ("a cheque of", "a cheque for")."""
MERGE_COVERAGE = 0.6
"""Share of the longer text the shorter must cover to be a trimmed version, not a fragment."""
OVERLAP_COVERAGE = 0.6
"""Share of each text two staggered excerpts must share to merge."""

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
    cut: int = 0
    """Words cut from inside one text without a mark (or an attribution left in)."""
    different: bool = False
    matched_content: list[str] = field(default_factory=list)
    """The shared words that are not STOPWORDS."""

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
    if s.content < FEW_CONTENT:
        return False
    longer = set(w.words)
    shared = sum(1 for word in s.words if word in longer)
    return shared >= 0.7 * len(s.words)


def _judge(t: _Alignment, a: Normalised, b: Normalised) -> tuple[str, float, str, bool] | None:
    """Turn a tally into (kind, coverage, reason, whether `a` is the inner text), or None."""
    if t.different or t.content < _content_needed(t, a, b):
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


def _content_needed(t: _Alignment, a: Normalised, b: Normalised) -> int:
    """Distinctive shared words a verdict needs: MIN_CONTENT, or FEW_CONTENT when the texts
    differ in minor words only (and are not tiny) or a shared word is rare."""
    if t.content >= MIN_CONTENT:
        return MIN_CONTENT
    only_minor = not (t.trim_x or t.trim_y or t.typos or t.elided or t.cut)
    if only_minor and min(len(a.words), len(b.words)) >= NEAR_IDENTICAL_WORDS:
        return FEW_CONTENT
    return FEW_CONTENT if any(map(is_distinctive, t.matched_content)) else MIN_CONTENT


@functools.lru_cache(maxsize=65536)
def is_distinctive(word: str) -> bool:
    """Whether a word is rare enough in English to tell a remark from a stock phrase."""
    return not word.isdigit() and word_zipf(word) < DISTINCTIVE_ZIPF


def is_stock_phrase(text: Normalised) -> bool:
    """Words any speaker says again and again ("we will see", "thank you", "I love this
    country"): fewer than three words, fewer than two distinctive ones, or none rare."""
    if len(text.words) < 3 or text.content < FEW_CONTENT:
        return True
    return not any(is_distinctive(w) for w in text.words if w not in STOPWORDS)


def _wording(t: _Alignment) -> str:
    notes = []
    if t.typos:
        notes.append(f"{t.typos} typo(s)")
    if t.minor:
        notes.append("minor wording")
    if t.elided:
        notes.append(f"{t.elided} word(s) elided")
    if t.cut:
        notes.append(f"{t.cut} word(s) cut")
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
                    if token not in STOPWORDS:
                        tally.content += 1
                        tally.matched_content.append(token)
        elif blocks and blocks[-1][1] == i1 and blocks[-1][3] == j1:
            blocks[-1] = (blocks[-1][0], i2, blocks[-1][2], j2)
        else:
            blocks.append((i1, i2, j1, j2))
    for i1, i2, j1, j2 in blocks:
        at_start, at_end = i1 == 0 and j1 == 0, i2 == len(x) and j2 == len(y)
        _classify(tally, x[i1:i2], y[j1:j2], at_start, at_end)
    if tally.typos > max(2, min(len(x), len(y)) // 8):
        tally.different = True
    longer = max(len(x), len(y))
    if tally.cut and (
        longer < MIN_CUT_LENGTH or tally.cut > CUT_SHARE * longer or tally.typos
    ):  # with a misspelt word as well, a cut is more likely another remark
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
    if not at_start and not at_end and _cut(t, xs, ys):
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
    rest_x = [SWAPPABLE.get(w, w) for w in xs if w not in MINOR_WORDS]
    rest_y = [SWAPPABLE.get(w, w) for w in ys if w not in MINOR_WORDS]
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


def _cut(t: _Alignment, xs: Sequence[str], ys: Sequence[str]) -> bool:
    """Count an inner block as harmless when one side is the other with a few words left out:
    function words ("in buses, [in] trams"), a phrase cut without a mark, or the attribution
    a joined quote kept ("[she said]"). Never a negation."""
    for long_, short in ((xs, ys), (ys, xs)):
        extra = _left_out(long_, [w for w in short if w not in MINOR_WORDS])
        if extra is not None:
            break
    else:
        return False
    extra = [w for w in extra if w not in MINOR_WORDS]
    if any(w in NEGATIONS for w in extra):
        return False
    if len(extra) <= 2 and all(w in STOPWORDS and w not in KEPT_SMALL_WORDS for w in extra):
        # (an empty `extra` lands here too: only minor words were left out)
        t.minor += len(extra)
        return True
    limit = ATTRIBUTION_WORDS if SPEECH_VERBS.intersection(extra) else CUT_WORDS
    if len(extra) > limit:
        return False
    t.cut += len(extra)
    return True


def _left_out(long_: Sequence[str], short: Sequence[str]) -> list[str] | None:
    """The words of `long_` left over when `short` is found in it in order; None if it is not."""
    extra: list[str] = []
    position = 0
    for word in long_:
        if position < len(short) and word == short[position]:
            position += 1
        else:
            extra.append(word)
    return extra if position == len(short) else None


def _trim(t: _Alignment, xs: Sequence[str], ys: Sequence[str], at_start: bool) -> None:
    """Words at either end that one text has and the other does not: it runs on further.

    A trim that is only a negation ("[Not] every family will get it") turns the statement
    around: that is a different text, not a shorter one."""
    extra = xs or ys
    if len(extra) == 1 and extra[0] in NEGATIONS:
        t.different = True
        return
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
    if OSA.distance(british(x), british(y), score_cutoff=1) <= 1:
        return True  # "defennce" is "defence" misspelt, which normalising made "defense"
    return min(len(x), len(y)) >= 8 and x[0] == y[0] and Levenshtein.distance(x, y) <= 2
