"""Normalisation folds away what outlets change when they print the same words."""

from __future__ import annotations

import pytest

from generator.dedupe.normalize import GAP, normalise, shingles, word_codes


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("“We’re gonna win — believe me.”", "We are going to win, believe me"),
        ("We don't want it and we won't take it", "We do NOT want it, and we will not take it!"),
        ("The U.S. grew 3% in twenty twenty", "The US grew 3 percent in 20 20"),
        ("Twenty thousand teachers", "20,000 teachers"),
        ("It's three per cent", "it is 3 percent"),
        ("long-range strikes", "long range strikes"),
    ],
)
def test_normalise_folds_reported_variants_to_the_same_key(a: str, b: str) -> None:
    assert normalise(a).key == normalise(b).key


def test_normalise_keeps_numbers_and_negations_that_change_meaning() -> None:
    assert normalise("3 percent").key != normalise("4 percent").key
    assert normalise("we can support it").key != normalise("we can't support it").key


def test_normalise_marks_an_ellipsis_as_a_gap_but_not_in_the_key() -> None:
    text = normalise("We will not allow it [...] and we will not forget … ever")
    assert text.tokens.count(GAP) == 2
    assert GAP not in text.key


def test_normalise_counts_only_distinctive_words_as_content() -> None:
    assert normalise("I think that we will see").content == 0
    assert normalise("the sanctions are crushing the ruble").content == 3


def test_shingles_skip_stock_phrases_made_only_of_stopwords() -> None:
    assert shingles(normalise("I think that we will see").words) == set()
    assert shingles(normalise("I think that we will see the sanctions work").words)


def test_shingles_are_stable_integers_shared_by_equal_word_runs() -> None:
    words = normalise("the sanctions work well and the ruble falls").words
    grams = shingles(words)
    every = {hash(tuple(word_codes(words[i : i + 3]))) for i in range(len(words) - 2)}
    assert grams and grams <= every
    assert shingles(normalise("The sanctions work, well! And the ruble falls").words) == grams


def test_normalise_folds_small_words_outlets_swap() -> None:
    assert normalise("back into the pockets").key == normalise("back in the pockets").key
    assert normalise("onto the streets").key == normalise("on the streets").key


def test_normalise_writes_compound_numbers_as_digits() -> None:
    assert normalise("Sixty-two per cent").key == normalise("62%").key
    assert normalise("twelve hundred people").key == normalise("1,200 people").key
    assert normalise("sixty two thousand").key == "62000"
    assert normalise("twenty two").key != normalise("twenty").key
