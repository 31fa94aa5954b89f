"""Pair decisions: one quote, a fragment of one, or two different statements."""

from __future__ import annotations

from dataclasses import replace

import pytest

from generator.dedupe import quotes as quotes_module
from generator.dedupe.normalize import normalise
from generator.dedupe.quotes import (
    FRAGMENT,
    MAX_COMPARED_WORDS,
    MERGE,
    WHOLE,
    QuoteIndex,
    block_keys,
    candidate_pairs,
    compare,
    find_duplicate,
)
from generator.models import Quote, Source

LONG = (
    "We are going to win this war, and we will rebuild every city in the east, "
    "whatever it costs and however long it takes."
)


def verdict(a: str, b: str) -> str | None:
    result = compare(normalise(a), normalise(b))
    return result.kind if result else None


def test_compare_merges_a_typo_and_different_punctuation() -> None:
    assert verdict(LONG, LONG.replace("rebuild", "rebiuld").replace(",", "")) == MERGE


def test_compare_merges_a_version_with_a_trimmed_end() -> None:
    assert (
        verdict(LONG, "We are going to win this war and we will rebuild every city in the east.")
        == MERGE
    )


def test_compare_links_a_short_excerpt_as_a_fragment_of_the_longer_quote() -> None:
    result = compare(normalise("rebuild every city in the east"), normalise(LONG))
    assert result is not None
    assert result.kind == FRAGMENT
    assert result.shorter_first


def test_compare_keeps_a_changed_number_apart() -> None:
    assert (
        verdict(
            "Inflation fell to 3 percent last year and wages caught up with prices",
            "Inflation fell to 4 percent last year and wages caught up with prices",
        )
        is None
    )


def test_compare_keeps_an_added_negation_apart() -> None:
    assert verdict(LONG, LONG.replace("we will rebuild", "we will not rebuild")) is None


def test_compare_keeps_quotes_sharing_only_a_stock_phrase_apart() -> None:
    assert (
        verdict(
            "I think that we will see what happens with the tariffs",
            "I think that we will see what happens with China",
        )
        is None
    )
    assert verdict("we will see", "We will see whether the talks bring anything at all") is None


def test_compare_keeps_the_same_opening_with_a_different_ending_apart() -> None:
    assert (
        verdict(
            "We are going to cut taxes for the middle class, and we will do it this year",
            "We are going to cut taxes for the middle class, and the rich will pay",
        )
        is None
    )


def test_compare_is_symmetric_in_kind() -> None:
    short = "rebuild every city in the east"
    one, other = (
        compare(normalise(short), normalise(LONG)),
        compare(normalise(LONG), normalise(short)),
    )
    assert one is not None and other is not None
    assert (one.kind, one.coverage) == (other.kind, other.coverage)
    assert one.shorter_first and not other.shorter_first


def test_candidate_pairs_find_near_duplicates_without_pairing_unrelated_texts() -> None:
    texts = [
        normalise(t)
        for t in (
            LONG,
            "The harvest was the worst in forty years because of the drought in the south.",
            LONG.replace("rebuild", "rebiuld"),
            "Our embassy staff are safe and accounted for, the minister said on Sunday.",
        )
    ]
    assert candidate_pairs([block_keys(t) for t in texts]) == [(0, 2)]


def test_candidate_pairs_pair_identical_texts_made_only_of_stopwords() -> None:
    texts = [normalise("We will see."), normalise("we will see")]
    assert candidate_pairs([block_keys(t) for t in texts]) == [(0, 1)]


def quote(quote_id: str, text: str, date: str | None = None) -> Quote:
    return Quote(quote_id, text, (Source(outlet="Wire"),), date=date)


def test_find_duplicate_reports_merge_fragment_and_whole() -> None:
    existing = [quote("aaaaaaaa", LONG), quote("bbbbbbbb", "rebuild every city in the east")]
    merge = find_duplicate(LONG.upper(), existing[:1])
    fragment = find_duplicate("will rebuild every city in the east", existing[:1])
    whole = find_duplicate(LONG, existing[1:])
    assert merge is not None and (merge.quote_id, merge.kind) == ("aaaaaaaa", MERGE)
    assert fragment is not None and fragment.kind == FRAGMENT
    assert whole is not None and (whole.quote_id, whole.kind) == ("bbbbbbbb", WHOLE)


def test_find_duplicate_matches_a_variant_of_an_existing_quote() -> None:
    existing = Quote(
        "aaaaaaaa",
        LONG,
        (Source(outlet="Wire"),),
        variants=("Sanctions are crushing the ruble and the economy of the country",),
    )
    match = find_duplicate(
        "sanctions are crushing the ruble and the economy of the country!", [existing]
    )
    assert match is not None and match.kind == MERGE


def test_find_duplicate_merges_short_identical_texts_only_on_the_same_date() -> None:
    existing = [quote("aaaaaaaa", "Most likely.", date="2025-10-23")]
    assert find_duplicate("most likely", existing, date="2025-10-23") is not None
    assert find_duplicate("most likely", existing, date="2024-01-02") is None


def test_quote_index_answers_repeated_lookups() -> None:
    index = QuoteIndex([quote("aaaaaaaa", LONG)])
    assert index.find("nothing like the existing quote at all, about farming") is None
    assert index.find(LONG + "!") is not None


def test_quote_index_finds_quotes_and_variants_added_after_it_was_built() -> None:
    index = QuoteIndex([])
    assert index.find(LONG) is None
    index.add(quote("aaaaaaaa", LONG))
    found = index.find(LONG.replace(",", ""))
    assert found is not None and (found.quote_id, found.kind) == ("aaaaaaaa", MERGE)
    variant = "Our engineers are going to restore the power station in Kharkiv by the winter"
    index.add(replace(quote("aaaaaaaa", LONG), variants=(variant,)))
    assert len(index.forms) == 2  # the text again is not indexed twice, the variant once


def _repeating(words: int, phrase: str = "we will build the harbour wall again") -> str:
    return " ".join((phrase.split() * words)[:words])


def test_texts_longer_than_the_bound_are_never_aligned(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two 180 kB quotes repeating one phrase kept `check` busy for 25 s in difflib."""
    aligned: list[int] = []
    real = quotes_module._align
    monkeypatch.setattr(
        quotes_module, "_align", lambda x, y, how: aligned.append(len(x)) or real(x, y, how)
    )
    long = _repeating(30_000)
    words = long.split()
    edited = " ".join(["Indeed", *words[:15_000], "truly", *words[15_000:]])
    assert compare(normalise(long), normalise(edited)) is None
    assert aligned == []
    assert verdict(long, long + " ") == MERGE  # identical after normalisation still merges


def test_texts_within_the_bound_are_still_compared() -> None:
    text = _repeating(MAX_COMPARED_WORDS - 10, "the river dam must be rebuilt before the floods")
    assert verdict(text, "Well, " + text) == MERGE
