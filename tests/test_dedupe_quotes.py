"""Pair decisions: one quote, a fragment of one, or two different statements."""

from __future__ import annotations

from dataclasses import replace

import pytest

from generator.dedupe import verdicts as quotes_module
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


def found(a: str, b: str, date_a: str | None = None, date_b: str | None = None) -> str | None:
    """What placing `b` beside a quote `a` finds: merge, fragment, or None."""
    match = find_duplicate(b, [Quote("aaaaaaaa", a, (Source(outlet="Wire"),), date=date_a)], date_b)
    return match.kind if match else None


def test_a_few_words_cut_without_a_mark_are_one_quote() -> None:
    whole = (
        "Our soldiers pushed the enemy back across the river near the old mill and took "
        "forty prisoners."
    )
    cut = "Our soldiers pushed the enemy back across the river and took forty prisoners."
    assert verdict(whole, cut) == verdict(cut, whole) == MERGE


def test_an_attribution_left_inside_a_joined_quote_is_one_quote() -> None:
    rest = "Nobody in this valley will have to drive two hours to see a doctor."
    joined = f"The clinic will stay open. {rest}"
    split = f"The clinic will stay open, she said. {rest}"
    assert verdict(joined, split) == MERGE


def test_a_cut_that_drops_a_negation_is_another_statement() -> None:
    assert (
        verdict(
            "We will not, under any circumstances, raise taxes on working families this year.",
            "We will raise taxes on working families this year.",
        )
        is None
    )


def test_a_long_unmarked_cut_is_another_statement() -> None:
    assert (
        verdict(
            "We will cut taxes for the rich and raise them for everyone else in the country "
            "next year.",
            "We will cut taxes for everyone else in the country next year.",
        )
        is None
    )


def test_a_leading_negation_trimmed_away_turns_the_statement_around() -> None:
    assert (
        verdict(
            "Not every family who lost a home will get the full payment.",
            "Every family who lost a home will get the full payment.",
        )
        is None
    )


def test_small_words_outlets_swap_are_harmless_both_ways() -> None:
    a = "Passengers are paying more and more for a service that gets worse every year."
    b = "Passengers are paying more and more for a service which gets worse every year."
    assert verdict(a, b) == verdict(b, a) == MERGE
    c = "Every household will get a cheque for two hundred pounds in the autumn."
    assert verdict(c, c.replace("for two", "of two")) == MERGE


def test_small_words_that_change_the_meaning_stay_apart() -> None:
    assert (
        verdict(
            "Our troops are moving into the city from the north.",
            "Our troops are moving out of the city to the north.",
        )
        is None
    )
    assert (
        verdict(
            "Pensions will rise with inflation from next April.",
            "Pensions will rise above inflation from next April.",
        )
        is None
    )


def test_a_misspelt_british_word_is_still_a_typo() -> None:
    assert (
        verdict(
            "We are sending air defence systems, ammunition and generators to the front.",
            "We are sending air defennce systems, ammunition and generators to the front.",
        )
        == MERGE
    )


def test_the_same_remark_reported_a_week_later_is_one_quote() -> None:
    assert (
        found("That makes me smart.", "That makes me smart.", "2024-09-10", "2024-09-17") == MERGE
    )
    assert found("Taxes are theft.", "Taxes are theft!", "2020-10-20", "2020-10-27") == MERGE


def test_a_stock_phrase_on_two_days_is_said_twice() -> None:
    for text in ("We will see.", "Thank you.", "I love this country.", "It's a disgrace."):
        assert found(text, text, "2024-03-01", "2024-03-09") is None, text
        assert found(text, text, "2024-03-01", "2024-03-01") == MERGE, text


def test_a_fragment_with_a_rare_word_is_linked_though_short() -> None:
    whole = (
        "The minister knew about the contracts in February, said nothing for six months, "
        "and now expects us to believe he was misled by his own officials."
    )
    assert found(whole, "misled by his own officials") == FRAGMENT
    assert found(whole, "said nothing for six months") is None  # common words only
