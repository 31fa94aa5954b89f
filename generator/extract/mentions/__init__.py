"""Noun phrases that name a speaker, read off the tokens around a speech verb.

A mention is what the sentence says ("Kremlin spokesman Dmitry Peskov", "he", "the
spokesman"); `speakers` resolves it to a name with the article's registry.

This module re-exports the public API of the package: `phrase` (a phrase read as a
mention, and whether it can be a speaker) and `scan` (finding the phrase in the tokens
before a speech verb, after a cue, or as the owner in "Putin's remarks").
"""

from __future__ import annotations

from generator.extract.mentions.phrase import Mention, bare_pronoun, make_mention, plausible
from generator.extract.mentions.scan import (
    NP_STOP,
    lower_ok,
    mention_after,
    mention_before,
    possessor_before,
)

__all__ = [
    "NP_STOP",
    "Mention",
    "bare_pronoun",
    "lower_ok",
    "make_mention",
    "mention_after",
    "mention_before",
    "plausible",
    "possessor_before",
]
