"""Build the labelled quote-pair evaluation set (pairs.yaml) from base_quotes.yaml.

Run from the project root: `.venv/bin/python tests/data/dedupe/make_pairs.py`. The output is
deterministic (fixed seed) and committed; test_dedupe_eval.py reads it.

Positives reproduce what happens when many outlets report one quote: different punctuation
and quote marks, an elided middle ("..."), a trimmed start or end, one typo, colloquial or
contracted forms, numbers as digits, an added filler word, two outlets trimming different
ends, two differently damaged copies compared with each other, and fragments (an excerpt of
30-45% of the words). Negatives are near misses an editor keeps apart: a changed number, an
added or removed negation, one content word swapped for another (east/west, increase/
decrease, a different country or month), the same opening clause with a different
continuation, a shared stock opening in front of different statements, and unrelated pairs;
the first three also with sloppy punctuation, with a trimmed end, and inside a fragment.
Hand-written pairs (hand_pairs.yaml) are appended as they are.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from pathlib import Path

import yaml

HERE = Path(__file__).parent
SEED = 2026

Transform = Callable[[str, random.Random], str | None]


def punctuation(text: str, rng: random.Random) -> str:
    """Drop commas, change the final stop, lower-case the start: a sloppy transcript."""
    out = text.replace(",", "")
    out = out.rstrip(".") + rng.choice(["", "!", "."])
    return out[0].lower() + out[1:]


def quote_marks(text: str, rng: random.Random) -> str:
    """Typographic apostrophes and quote marks, a dash instead of ", and"."""
    out = text.replace("'", "’").replace(", and ", " — and ", 1)
    return f"“{out}”"


def ellipsis_middle(text: str, rng: random.Random) -> str | None:
    """Leave out two to four words in the middle and mark the gap with an ellipsis."""
    words = text.split()
    if len(words) < 14:
        return None
    size = rng.randint(2, 4)
    start = rng.randint(4, len(words) - size - 4)
    return " ".join([*words[:start], "...", *words[start + size :]])


def trim_start(text: str, rng: random.Random) -> str | None:
    """Drop the first words (up to 20%), as an outlet starting mid-sentence does."""
    words = text.split()
    cut = rng.randint(1, max(1, len(words) // 5))
    while words[cut].lower() in _MULTIPLIERS:
        cut += 1
    rest = " ".join(words[cut:]).lstrip(",")
    return rest[0].upper() + rest[1:]


def trim_end(text: str, rng: random.Random) -> str | None:
    """End the quote early: at the last comma if that keeps two thirds, else drop 20%."""
    words = text.split()
    head = text[: text.rfind(",")] if "," in text else ""
    if len(head.split()) >= 0.66 * len(words):
        return head + "."
    keep = len(words) - max(1, len(words) // 5)
    return " ".join(words[:keep]).rstrip(",") + "."


def typo(text: str, rng: random.Random) -> str | None:
    """One slip of the keyboard in a word of six letters or more."""
    words = text.split()
    choices = [i for i, w in enumerate(words) if i > 0 and len(w.strip(".,")) >= 6]
    if not choices:
        return None
    index = rng.choice(choices)
    word = words[index]
    k = rng.randint(1, len(word.strip(".,")) - 3)
    kind = rng.choice(["swap", "drop", "double"])
    if kind == "swap":
        word = word[:k] + word[k + 1] + word[k] + word[k + 2 :]
    elif kind == "drop":
        word = word[:k] + word[k + 1 :]
    else:
        word = word[:k] + word[k] + word[k:]
    words[index] = word
    return " ".join(words)


_COLLOQUIAL = [
    ("going to", "gonna"),
    ("want to", "wanna"),
    ("We are", "We're"),
    ("we are", "we're"),
    ("do not", "don't"),
    ("will not", "won't"),
    ("cannot", "can't"),
    ("It is", "It's"),
    ("it is", "it's"),
    ("I am", "I'm"),
    ("does not", "doesn't"),
    ("have not", "haven't"),
    ("is not", "isn't"),
    ("that is", "that's"),
    ("I have", "I've"),
    ("we have", "we've"),
    ("They are", "They're"),
    ("they are", "they're"),
    ("I will", "I'll"),
    ("we will", "we'll"),
    ("did not", "didn't"),
]


def colloquial(text: str, rng: random.Random) -> str | None:
    """Spoken forms: gonna, wanna, and contractions."""
    out = text
    for full, short in _COLLOQUIAL:
        out = out.replace(full, short)
    return out if out != text else None


_NUMBERS = [
    ("three", "3"),
    ("four", "4"),
    ("five", "5"),
    ("six", "6"),
    ("twelve", "12"),
    ("twenty", "20"),
    ("forty", "40"),
    ("fifty", "50"),
    ("two", "2"),
    (" percent", "%"),
    ("eighteen", "18"),
]


def numbers(text: str, rng: random.Random) -> str | None:
    """Numbers as digits and percent as a sign, as many outlets write them."""
    out = text
    for word, digits in _NUMBERS:
        out = re.sub(rf"\b{word.strip()}\b" if word[0] != " " else word, digits, out)
    return out if out != text else None


def filler(text: str, rng: random.Random) -> str:
    """A transcript keeps a filler word the edited quote dropped, or says "this" for "the"."""
    if " the " in text and rng.random() < 0.5:
        return text.replace(" the ", " this ", 1)
    return rng.choice(["Look, ", "Well, ", "And "]) + text[0].lower() + text[1:]


def combined(text: str, rng: random.Random) -> str | None:
    """Several outlets' habits at once: a typo, sloppy punctuation and a trimmed end."""
    damaged = typo(text, rng) or text
    return trim_end(punctuation(damaged, rng), rng)


_FUNCTION_WORDS = {
    "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "for", "with", "by",
    "from", "that", "is", "are", "was", "be", "i", "we", "it", "they", "he", "she", "as", "if",
    "so", "not", "this",
}  # fmt: skip


_MULTIPLIERS = {"hundred", "thousand"}
"""A fragment does not start in the middle of a number ("two | hundred thousand")."""


def fragment(text: str, rng: random.Random) -> str | None:
    """A run of 30-45% of the words, as a headline or a summary quotes it.

    Like a quoted phrase in a news story, it neither starts nor ends on a function word and
    says something: at least three words of five letters or more.
    """
    words = text.rstrip(".").split()
    size = max(6, int(len(words) * rng.uniform(0.30, 0.45)))
    if size > 0.5 * len(words):
        return None
    starts = [i for i in range(1, len(words) - size + 1) if _quotable(words[i : i + size])]
    if not starts:
        return None
    start = rng.choice(starts)
    return " ".join(words[start : start + size]).strip(",").lower()


def _quotable(words: list[str]) -> bool:
    bare = [w.strip(".,").lower() for w in words]
    if bare[0] in _FUNCTION_WORDS or bare[-1] in _FUNCTION_WORDS or bare[0] in _MULTIPLIERS:
        return False
    return sum(1 for w in bare if len(w) >= 5) >= 3


def fragment_ellipsis(text: str, rng: random.Random) -> str | None:
    """A fragment printed between ellipses."""
    piece = fragment(text, rng)
    return f"...{piece}..." if piece else None


MERGES: dict[str, Transform] = {
    "punctuation": punctuation,
    "quote marks": quote_marks,
    "elided middle": ellipsis_middle,
    "trimmed start": trim_start,
    "trimmed end": trim_end,
    "typo": typo,
    "colloquial": colloquial,
    "numbers as digits": numbers,
    "filler word": filler,
    "typo, punctuation and trimmed end": combined,
}
FRAGMENTS: dict[str, Transform] = {"fragment": fragment, "fragment in ellipses": fragment_ellipsis}


# -- Negatives -------------------------------------------------------------------------------

_SWAPS = [
    ("increase", "decrease"),
    ("east", "west"),
    ("north", "south"),
    ("first", "last"),
    ("Africa", "Asia"),
    ("Geneva", "Vienna"),
    ("March", "April"),
    ("January", "July"),
    ("June", "October"),
    ("children", "pensioners"),
    ("teachers", "nurses"),
    ("steel", "aluminium"),
    ("coal", "gas"),
    ("port", "airport"),
    ("Moscow", "Beijing"),
    ("ruble", "dollar"),
    ("insulin", "food"),
    ("safe", "missing"),
    ("open", "closed"),
    ("raised", "lowered"),
    ("cut", "raise"),
    ("middle class", "wealthy"),
    ("residential building", "military base"),
    ("hostages", "prisoners"),
    ("Europe", "Asia"),
    ("police", "army"),
    ("criminal", "political"),
    ("read", "swim"),
    ("stay", "leave"),
    ("coast", "border"),
    ("wrong", "right"),
    ("independent", "accountable"),
    ("workers", "managers"),
    ("farmers", "fishermen"),
    ("assets", "accounts"),
    ("vaccine", "treatment"),
    ("reservoir", "river"),
    ("floods", "strikes"),
    ("emissions", "imports"),
    ("tariffs", "quotas"),
    ("schools", "prisons"),
    ("troops", "ships"),
    ("chancellor", "president"),
    ("report", "letter"),
    ("minister", "mayor"),
    ("refinery", "warehouse"),
    ("railway", "motorway"),
    ("embassy", "consulate"),
    ("negotiators", "lawyers"),
    ("company", "bank"),
    ("vote", "referendum"),
    ("war", "treaty"),
    ("court", "panel"),
    ("homes", "schools"),
    ("election", "referendum"),
    ("border", "coast"),
    ("intelligence", "satellite data"),
    ("cyberattack", "power cut"),
    ("bill", "treaty"),
    ("nurses", "pilots"),
    ("alliance", "union"),
    ("grain", "fertiliser"),
    ("pension", "retirement bonus"),
    ("summit", "conference"),
    ("missile", "drone"),
    ("ceasefire", "truce offer"),
    ("mistake", "choice"),
    ("peace plan", "budget"),
    ("deal", "memo"),
    ("interior minister", "health minister"),
    ("permit", "licence"),
    ("minimum wage", "pension"),
    ("strike", "storm"),
    ("virus", "flu"),
]
_NUMBER_SWAPS = [
    ("3 percent", "4 percent"),
    ("2.4", "3.4"),
    ("1.8", "2.8"),
    ("three", "five"),
    ("four", "six"),
    ("twenty", "thirty"),
    ("forty", "sixty"),
    ("fifty", "thirty"),
    ("twelve", "nine"),
    ("two", "three"),
    ("2030", "2035"),
    ("2028", "2030"),
    ("eighteen", "twelve"),
    ("fifteen", "twelve"),
    ("half", "a quarter"),
    ("five", "ten"),
    ("six", "eight"),
    ("a third", "a half"),
    ("1991", "2014"),
    ("decade", "century"),
]
_AUXILIARIES = ["will", "can", "must", "should", "are", "is", "was", "were", "have", "has"]


def number_change(text: str, rng: random.Random) -> str | None:
    """The same sentence with a different number: a different claim."""
    for old, new in _NUMBER_SWAPS:
        if re.search(rf"\b{re.escape(old)}\b", text):
            return re.sub(rf"\b{re.escape(old)}\b", new, text, count=1)
    return None


def negation(text: str, rng: random.Random) -> str | None:
    """Add or remove a negation: the opposite statement."""
    for word in ("not ", "never "):
        if f" {word}" in text:
            return text.replace(f" {word}", " ", 1)
    for aux in _AUXILIARIES:
        if re.search(rf"\b{aux}\b", text):
            return re.sub(rf"\b{aux}\b", f"{aux} not", text, count=1)
    return None


def word_swap(text: str, rng: random.Random) -> str | None:
    """One content word replaced by a different one (east/west, a different month)."""
    for old, new in _SWAPS:
        if re.search(rf"\b{re.escape(old)}\b", text):
            return re.sub(rf"\b{re.escape(old)}\b", new, text, count=1)
    return None


NEGATIVES: dict[str, Transform] = {
    "number changed": number_change,
    "negation": negation,
    "word swapped": word_swap,
}


def other_continuation(text: str, other: str) -> str | None:
    """The same opening clause with another quote's continuation."""
    if ", " not in text or ", " not in other:
        return None
    head = text[: text.index(", ")]
    tail = other[other.rindex(", ") :]
    return head + tail


STOCK_OPENINGS = ["I think that", "Let me be clear:", "We will see, but", "As I said before,"]


def _bare_words(text: str) -> list[str]:
    return re.findall(r"[\w.']+", text.lower().replace(".", " "))


def _inside(part: str, whole: str) -> bool:
    """Whether the words of `part` occur in `whole` as they are: the change was cut away."""
    return f" {' '.join(_bare_words(part))} " in f" {' '.join(_bare_words(whole))} "


def build() -> list[dict[str, str]]:
    rng = random.Random(SEED)
    bases = yaml.safe_load((HERE / "base_quotes.yaml").read_text(encoding="utf-8"))["quotes"]
    pairs: list[dict[str, str]] = []

    def add(a: str | None, b: str | None, expect: str, why: str) -> None:
        if a and b and a != b:
            pairs.append({"why": why, "expect": expect, "a": a, "b": b})

    for index, base in enumerate(bases):
        variants = {}
        for name, transform in MERGES.items():
            variant = transform(base, rng)
            variants[name] = variant
            add(base, variant, "merge", name)
        first, second = rng.sample([v for v in variants.values() if v], 2)
        add(first, second, "merge", "two damaged copies")
        add(trim_start(base, rng), trim_end(base, rng), "merge", "staggered trims")
        for name, transform in FRAGMENTS.items():
            add(base, transform(base, rng), "fragment", name)
        for name, transform in NEGATIVES.items():
            changed = transform(base, rng)
            add(base, changed, "distinct", name)
            add(base, changed and punctuation(changed, rng), "distinct", f"{name}, punctuation")
            trimmed = changed and trim_end(changed, rng)
            if trimmed and not _inside(trimmed, base):
                add(base, trimmed, "distinct", f"{name}, trimmed end")
            piece = fragment(base, rng)
            add(base, piece and transform(piece, rng), "distinct", f"fragment, {name}")
        other = bases[(index + 7) % len(bases)]
        add(base, other_continuation(base, other), "distinct", "other continuation")
        add(base, other, "distinct", "unrelated")
        opening = STOCK_OPENINGS[index % len(STOCK_OPENINGS)]
        head = " ".join(base.split()[:6])
        other_head = " ".join(other.split()[:6])
        add(
            f"{opening} {head[0].lower()}{head[1:]}.",
            f"{opening} {other_head[0].lower()}{other_head[1:]}.",
            "distinct",
            "stock opening",
        )
    hand = yaml.safe_load((HERE / "hand_pairs.yaml").read_text(encoding="utf-8"))["pairs"]
    for pair in hand:
        add(pair["a"], pair["b"], pair["expect"], f"hand: {pair['why']}")
    return pairs


def main() -> None:
    pairs = build()
    header = (
        "# Generated by make_pairs.py from base_quotes.yaml and hand_pairs.yaml; "
        "do not edit by hand.\n"
    )
    text = yaml.safe_dump({"pairs": pairs}, allow_unicode=True, sort_keys=False, width=100)
    (HERE / "pairs.yaml").write_text(header + text, encoding="utf-8")
    counts: dict[str, int] = {}
    for pair in pairs:
        counts[pair["expect"]] = counts.get(pair["expect"], 0) + 1
    print(f"{len(pairs)} pairs: {counts}")


if __name__ == "__main__":
    main()
