"""Tests for slugs: the URL-safe names of speakers and topics."""

from __future__ import annotations

import pytest

from generator.slugs import SLUG_PATTERN, slugify


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Dmitry Peskov", "dmitry-peskov"),
        ("Volodymyr Zelenskyy", "volodymyr-zelenskyy"),
        ("José Martí", "jose-marti"),
        ("Beto O'Rourke", "beto-orourke"),
        ("US Treasury Department", "us-treasury-department"),
        ("  Donald   Trump Jr. ", "donald-trump-jr"),
        ("Владимир Путин", "vladimir-putin"),
        ("Recep Tayyip Erdoğan", "recep-tayyip-erdogan"),
        ("Beto O’Rourke", "beto-orourke"),
        ("<script>", "script"),
        ("!!!", "unnamed"),
        ("Index", "index-2"),
    ],
)
def test_slugify_keeps_letters_and_digits_joined_by_hyphens(name: str, slug: str) -> None:
    assert slugify(name) == slug
    assert SLUG_PATTERN.match(slugify(name))
