"""Who "he", "she", "they" or "it" is.

A pronoun after a quotation mostly means someone of its gender named since the quotation
before (the first one named in the last sentence that names one: most often its subject),
else that quotation's speaker, else the first person named in the last sentence that named
anyone. Only people are antecedents: a name in a possessive ("Trump's campaign manager")
or a place ("Salt Lake City") is not (see `entities.Registry.people`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.extract.entities import Entity, Registry


@dataclass(frozen=True)
class Previous:
    """The quotation before, when it is close enough to be who a pronoun means."""

    speaker: Entity | None
    sentence_end: int
    """Where its sentence ends: people named after it are named since."""


def resolve_pronoun(
    registry: Registry, text: str, pronoun: str, at: int, previous: Previous | None
) -> Entity | None:
    """Who `pronoun` (lower case) at `at` is; see the module docstring."""
    gender = {"he": "male", "she": "female"}.get(pronoun)
    if pronoun in ("they", "it", "we"):
        return previous.speaker if previous is not None else None
    if previous is not None:
        named = subject_since(registry, text, previous.sentence_end, at, gender)
        if named is not None:
            return named  # "Zeynep Akar told CNN ... “...,” she said": named after the last
        if _may_be(previous.speaker, gender):
            return previous.speaker
    return subject_since(registry, text, 0, at, gender)


def _may_be(speaker: Entity | None, gender: str | None) -> bool:
    """Whether the previous speaker can be who he or she is: a person of that gender."""
    if speaker is None or speaker.kind == "organisation":
        return False
    return speaker.gender in (None, gender)


def subject_since(
    registry: Registry, text: str, since: int, at: int, gender: str | None
) -> Entity | None:
    """The first person of that gender named in the last sentence before `at` (after
    `since`) that names one: most often its subject ("Mel Sembler expressed dismay at the
    thought of Trump as the nominee. “...,” he said" means Sembler)."""
    fits = [
        (where, entity)
        for where, entity in registry.people_between(since, at)
        if gender is None or entity.gender in (None, gender)
    ]
    if not fits:
        return None
    last_sentence = [fits[-1]]
    for where, entity in reversed(fits[:-1]):
        if SENTENCE_BREAK.search(text, where, last_sentence[0][0]):
            break
        last_sentence.insert(0, (where, entity))
    return last_sentence[0][1]


SENTENCE_BREAK = re.compile(
    r"(?<!\bMr)(?<!\bMs)(?<!\bMrs)(?<!\bDr)(?<!\bSen)(?<!\bRep)(?<!\bGov)(?<!\bGen)(?<!\bSt)"
    r"(?<!\b[A-Z])[.!?][\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])|\n"
)
"""Where a sentence ends: not after a title or an initial ("Sen. Ann Holm", "U.S. Rep.")."""
