"""British and American spellings fold to one form, and only listed words do."""

from __future__ import annotations

import pytest

from generator.dedupe.normalize import normalise
from generator.dedupe.spelling import AMERICAN, american, british


@pytest.mark.parametrize(
    ("british", "american"),
    [
        (
            "We will prioritise the modernisation of the network",
            "We will prioritize the modernization of the network",
        ),
        ("The colour of the centre", "The color of the center"),
        ("Our defence and our neighbours", "Our defense and our neighbors"),
        ("I have travelled and cancelled", "I have traveled and canceled"),
        ("This programme is a catalogue", "This program is a catalog"),
        ("Whilst we analyse the judgement", "While we analyze the judgment"),
    ],
)
def test_normalise_folds_british_and_american_spelling(british: str, american: str) -> None:
    assert normalise(british).key == normalise(american).key


def test_spelling_folds_only_listed_words() -> None:
    """A suffix rule would make "four" and "for", or "filled" and "filed", one word."""
    for a, b in [("four", "for"), ("filled", "filed"), ("hour", "hor"), ("tour", "tor")]:
        assert normalise(a).key != normalise(b).key


def test_every_listed_spelling_goes_back_to_a_british_form() -> None:
    assert american("colour") == "color" and british("color") == "colour"
    assert american("colour") == american("color") == "color"
    assert all(american(british(us)) == us for us in set(AMERICAN.values()))
