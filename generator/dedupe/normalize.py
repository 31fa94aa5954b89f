"""Text normalisation for deduplication: what two reports of the same words have in common.

Outlets print one quote with different quote marks, dashes, ellipses, casing, spelled-out
numbers ("sixty-two", "62"), colloquial forms ("gonna"), British or American spelling
(`spelling`) and small words that say the same ("into" and "in", "which" and "that").
Comparing texts only after all of that is folded away lets the scorer look at the words
themselves. Ellipses are kept as a GAP token because they mark an elision: the words between
two pieces are missing on purpose, not different.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
import zlib
from dataclasses import dataclass

from generator.dedupe.spelling import AMERICAN


def word_set(text: str) -> frozenset[str]:
    """A set of words written as one string, which reads better than a long list literal."""
    return frozenset(text.split())


GAP = "…"
"""Token standing for an ellipsis: something was left out here."""

_CHAR_MAP = str.maketrans(
    {
        **dict.fromkeys("‘’‚‛′`´", "'"),
        **dict.fromkeys("“”„‟″«»‹›", '"'),
        **dict.fromkeys("‐‑‒–—―−", " "),
        "-": " ",
        "/": " ",
        "&": " and ",
        "%": " percent ",
    }
)
_ELLIPSIS = re.compile(r"[\[(]\s*\.\s*\.\s*\.\s*[\])]|\.\s*\.\s*\.[.\s]*")
_ACRONYM = re.compile(r"\b(?:[^\W\d_]\.){2,}")
_NUMBER_SEPARATOR = re.compile(r"(?<=\d),(?=\d{3}\b)")
_TOKEN = re.compile(r"…|\w+(?:['.]\w+)*")

_WORD_FORMS = {
    "gonna": "going to",
    "gotta": "got to",
    "wanna": "want to",
    "gimme": "give me",
    "lemme": "let me",
    "kinda": "kind of",
    "sorta": "sort of",
    "outta": "out of",
    "lotta": "lot of",
    "dunno": "do not know",
    "ya": "you",
    "y'all": "you all",
    "cuz": "because",
    "cos": "because",
    "'cause": "because",
    "ok": "okay",
    "til": "until",
    "till": "until",
    "can't": "can not",
    "cannot": "can not",
    "won't": "will not",
    "shan't": "shall not",
    "ain't": "is not",
    "let's": "let us",
    "i'm": "i am",
    # Small words outlets swap without changing what was said: one form each.
    "into": "in",
    "onto": "on",
    "upon": "on",
}
_PRONOUN_IS = {"it", "that", "there", "here", "he", "she", "what", "who", "where", "how", "this"}
_SUFFIXES = (
    ("n't", " not"),
    ("'re", " are"),
    ("'ll", " will"),
    ("'ve", " have"),
    ("'m", " am"),
    ("'d", " would"),
)
_SMALL_NUMBERS = """zero one two three four five six seven eight nine ten eleven twelve thirteen
    fourteen fifteen sixteen seventeen eighteen nineteen twenty"""
_NUMBER_WORDS = {word: str(value) for value, word in enumerate(_SMALL_NUMBERS.split())} | {
    "thirty": "30",
    "forty": "40",
    "fifty": "50",
    "sixty": "60",
    "seventy": "70",
    "eighty": "80",
    "ninety": "90",
    "hundred": "100",
    "thousand": "1000",
}
_MULTIPLIERS = {"hundred": 100, "thousand": 1000}
_TENS = frozenset({"20", "30", "40", "50", "60", "70", "80", "90"})
_UNIT_WORDS = frozenset(["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"])
_SPECIAL = frozenset({*_WORD_FORMS, *_NUMBER_WORDS, *_MULTIPLIERS, *AMERICAN, "cent", GAP})
"""Tokens that need more than being kept as they are."""
NUMBER_NAMES = {digits: word for word, digits in _NUMBER_WORDS.items()}
"""Digits back to the word they were spelled as, to recognise a misspelt number word."""

NEGATIONS = word_set("not no never nothing nobody none neither nor nowhere without")
"""Words that flip a statement: never treated as a harmless difference."""

MINOR_WORDS = word_set(
    """a an the this that these those so well oh ah uh um okay look listen now just really
    actually and but also yes you know i mean"""
)
"""Words an outlet may add, drop or swap without changing what was said."""

STOPWORDS = (
    word_set(
        """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each few
    for from further had has have having he her here hers herself him himself his how i if in
    into is it its itself just let me more most my myself of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself yourselves
    going go get got gets getting make made making say said says saying think thought know knew
    see seen want wanted like look well really actually thing things lot lots people way okay
    oh yes yeah now right mean tell told come came take took give gave us very much many
    happen happens happened good great big one time going sure maybe kind sort"""
    )
    | NEGATIONS
)
"""Function words and stock verbs: they make up phrases every speaker uses ("I think that",
"we will see"), so they do not count as distinctive content."""


@dataclass(frozen=True, slots=True)
class Normalised:
    """A text reduced to what deduplication compares."""

    tokens: tuple[str, ...]
    """Words in order, with GAP where the text had an ellipsis."""
    words: tuple[str, ...]
    """The tokens without GAP."""
    key: str
    """The words joined by single spaces: equal keys mean the same words."""
    content: int
    """How many words are not STOPWORDS: a measure of how distinctive the text is."""


def normalise(text: str) -> Normalised:
    """Fold a quote to comparable words: see the module docstring for what is folded."""
    tokens = tokenize(text)
    words = tuple(t for t in tokens if t != GAP) if GAP in tokens else tokens
    content = len(words) - sum(map(STOPWORDS.__contains__, words))
    return Normalised(tokens, words, " ".join(words), content)


def tokenize(text: str) -> tuple[str, ...]:
    """Split a quote into normalised word tokens, keeping ellipses as GAP."""
    folded = text if text.isascii() else unicodedata.normalize("NFKC", text)
    folded = folded.casefold().translate(_CHAR_MAP)
    if folded.count(".") > 1:  # ellipses and acronyms ("u.s.") need two dots or more
        folded = _ELLIPSIS.sub(f" {GAP} ", folded)
        folded = _ACRONYM.sub(lambda m: m.group(0).replace(".", ""), folded)
    if "," in folded:
        folded = _NUMBER_SEPARATOR.sub("", folded)
    raw = _TOKEN.findall(folded)
    if "'" not in folded and _SPECIAL.isdisjoint(raw):
        return tuple(raw)
    out: list[str] = []
    tens_word = False
    for token in raw:
        if tens_word and token in _UNIT_WORDS:
            out[-1] = str(int(out[-1]) + int(_NUMBER_WORDS[token]))  # "sixty-two" is 62
        elif token in _SPECIAL or "'" in token:
            for piece in _expand(token):
                _push(out, piece)
        else:
            out.append(token)
        tens_word = token in _NUMBER_WORDS and bool(out) and out[-1] in _TENS
    return tuple(out)


def _expand(token: str) -> list[str]:
    """Expand contractions and colloquial forms; spell numbers as digits."""
    if token in _WORD_FORMS:
        return _WORD_FORMS[token].split()
    if token in AMERICAN:
        return [AMERICAN[token]]
    if "'" in token:
        for suffix, full in _SUFFIXES:
            if token.endswith(suffix):
                return [*_expand(token[: -len(suffix)]), full.strip()]
        if token.endswith("'s") and token[:-2] in _PRONOUN_IS:
            return [token[:-2], "is"]
        return [token.replace("'", "")]
    return [token]


def _push(out: list[str], token: str) -> None:
    """Append a token, joining what one word or number was split into ("per cent")."""
    if token == "cent" and out and out[-1] == "per":
        out[-1] = "percent"
    elif token in _MULTIPLIERS and out and out[-1].isdigit():
        out[-1] = str(int(out[-1]) * _MULTIPLIERS[token])
    elif not (token == GAP and out and out[-1] == GAP):
        out.append(_NUMBER_WORDS.get(token, token))


_WORD_CODES: dict[str, int] = {}
"""CRC-32 of words seen so far: a cache, since the same words recur across quotes."""


def word_codes(words: tuple[str, ...]) -> list[int]:
    """A stable integer per word (CRC-32, not Python's per-process salted string hash)."""
    if len(_WORD_CODES) > 2_000_000:
        _WORD_CODES.clear()
    codes = list(map(_WORD_CODES.get, words))
    if None in codes:
        for index, word in enumerate(words):
            if codes[index] is None:
                codes[index] = _WORD_CODES[word] = zlib.crc32(word.encode())
    return codes  # type: ignore[return-value]  # every None was replaced above


def shingles(words: tuple[str, ...], codes: list[int] | None = None) -> set[int]:
    """Hashes of the word 3-grams that carry content (not made only of STOPWORDS).

    Texts shorter than three words give one hash for all their words. Hashes are stable
    across runs, so anything chosen by hash value (sketches) is chosen the same way each time.
    `codes` are the words' `word_codes`, when the caller has them already.
    """
    codes = word_codes(words) if codes is None else codes
    if len(words) < 3:
        return {hash(tuple(codes))} if words else set()
    stop = [w in STOPWORDS for w in words]
    starts = [i for i in range(len(words) - 2) if not (stop[i] and stop[i + 1] and stop[i + 2])]
    # Keep the 3-grams whose first word has an even code: half the work, and two texts
    # sharing a run of words still share the grams sampled from it.
    sampled = [i for i in starts if not codes[i] & 1] or starts
    return {hash((codes[i], codes[i + 1], codes[i + 2])) for i in sampled}


def content_pairs(words: tuple[str, ...], codes: list[int] | None = None) -> set[int]:
    """Hashes of each two distinctive words (not STOPWORDS) that follow each other once the
    stopwords between them are skipped: "talking about trams" and "talking about the trams"
    share ("talking", "trams"). Tagged apart from `shingles`."""
    codes = word_codes(words) if codes is None else codes
    content = [code for word, code in zip(words, codes, strict=True) if word not in STOPWORDS]
    # Sampled like the 3-grams: the pairs whose first word has an even code.
    pairs = [(a, b) for a, b in itertools.pairwise(content) if not a & 1]
    return {hash((2, a, b)) for a, b in pairs}
