"""Tests for quote ids: fresh, readable, never one already taken."""

from __future__ import annotations

import random

from generator.ids import ID_ALPHABET, ID_LENGTH, ID_PATTERN, new_quote_id, quote_anchor


def test_new_ids_have_the_documented_form_and_no_look_alike_characters() -> None:
    rng = random.Random(3)
    ids = [new_quote_id(set(), rng) for _ in range(200)]
    assert all(len(i) == ID_LENGTH and ID_PATTERN.match(i) for i in ids)
    assert not set("".join(ids)) & set("01ilo")
    assert set("".join(ids)) <= set(ID_ALPHABET)


def test_a_new_id_is_never_one_already_taken() -> None:
    first = new_quote_id(set(), random.Random(7))
    again = new_quote_id({first}, random.Random(7))  # same seed would draw `first` again
    assert again != first


def test_the_permalink_anchor_is_prefixed_so_it_is_a_valid_css_id() -> None:
    assert quote_anchor("4mdayuzc") == "q-4mdayuzc"


def test_a_minted_id_comes_from_its_seed_keeps_its_prefix_and_avoids_taken_ones() -> None:
    from generator.ids import ID_LENGTH, minted_quote_id

    first = minted_quote_id("article\0120\0words", "k", set())
    assert first == minted_quote_id("article\0120\0words", "k", set())
    assert first.startswith("k") and len(first) == ID_LENGTH
    second = minted_quote_id("article\0120\0words", "k", {first})
    assert second != first and second.startswith("k")
    assert minted_quote_id("article\0121\0words", "k", set()) != first
