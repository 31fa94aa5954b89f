"""Which names belong to one speaker: aliases, titles, transliterations, and who is not.

"Vladimir Putin", "Putin" and "Russian President Vladimir Putin" are one person: leading
titles and descriptors are dropped, and a bare surname that fits exactly one known person is
that person. "Donald Trump Jr." is not "Donald Trump" (generational suffixes must agree) and
"Bill Clinton" is not "Hillary Clinton" (given names must agree, allowing initials and common
nicknames). When a name fits two people, nothing is guessed: it goes to a review list.

This module re-exports the public API of the package: `names` (person names parsed and
compared), `index` (resolving a reported name against known speakers) and `merges` (speaker
files that are one speaker, folded together).
"""

from __future__ import annotations

from generator.dedupe.speakers.index import (
    AMBIGUOUS,
    MATCHED,
    NEW,
    SpeakerIndex,
    SpeakerMatch,
    resolve_speaker,
)
from generator.dedupe.speakers.merges import (
    SpeakerMerge,
    SpeakerReview,
    merge_speaker_files,
    plan_speakers,
)
from generator.dedupe.speakers.names import (
    PersonName,
    compatible,
    fold,
    organisation_key,
    parse_person,
    same_given,
    skeleton,
)

__all__ = [
    "AMBIGUOUS",
    "MATCHED",
    "NEW",
    "PersonName",
    "SpeakerIndex",
    "SpeakerMatch",
    "SpeakerMerge",
    "SpeakerReview",
    "compatible",
    "fold",
    "merge_speaker_files",
    "organisation_key",
    "parse_person",
    "plan_speakers",
    "resolve_speaker",
    "same_given",
    "skeleton",
]
