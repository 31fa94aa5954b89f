"""Fuzzy deduplication of quotes and speakers.

- `normalize`: fold quote texts to comparable words (`spelling`: British and American).
- `verdicts`: decide whether two texts are one quote (merge), an excerpt (fragment) or
  different.
- `quotes`: find candidate pairs without comparing every pair, and the quotes one new text
  duplicates.
- `speakers`: decide which names are one speaker.
- `plan`: propose merges and links for a whole archive and apply them without loss.
- `command`: the `dedupe` recipe and the warnings `check` reports.

Other commands use `resolve_speaker` and `find_duplicate` (ingest) and
`near_duplicate_warnings` (check), so every command applies the same rules.
"""

from __future__ import annotations

from generator.dedupe.command import DedupeOutcome, dedupe_archive, near_duplicate_warnings
from generator.dedupe.plan import AppliedPlan, DedupePlan, apply_plan, plan_dedupe
from generator.dedupe.quotes import DuplicateMatch, QuoteIndex, find_duplicate
from generator.dedupe.speakers import SpeakerIndex, SpeakerMatch, resolve_speaker

__all__ = [
    "AppliedPlan",
    "DedupeOutcome",
    "DedupePlan",
    "DuplicateMatch",
    "QuoteIndex",
    "SpeakerIndex",
    "SpeakerMatch",
    "apply_plan",
    "dedupe_archive",
    "find_duplicate",
    "near_duplicate_warnings",
    "plan_dedupe",
    "resolve_speaker",
]
