"""How sure an attribution is: the measured chance that its speaker is right.

The extractor records the evidence of each attribution: the cue that found the speaker and
how it named them ("after:full" for `“...,” said Ann Holm`). `benchmarks/
calibrate_confidence.py` measured, on gold articles, how often each kind is right; that
precision is the attribution's confidence. `ingest` and `extract` hold attributions below
`DEFAULT_MIN_CONFIDENCE` (or `--min-confidence`) for review instead of publishing them.
"""

from __future__ import annotations

from generator import calibration_table

DEFAULT_MIN_CONFIDENCE = 0.8
"""Attributions less likely than this to be right are held for review. Chosen with
`benchmarks/calibrate_confidence.py`: what it keeps was right 0.965 of the time on PolNeAR
train (where the table was measured) and 0.978 on dev (held out)."""

UNSEEN = 0.5
"""Confidence of evidence the calibration never saw: a coin toss until measured."""


def calibrated_confidence(evidence: str) -> float:
    """The measured precision of attributions with this evidence."""
    entry = calibration_table.PRECISION.get(evidence)
    return entry[0] if entry is not None else UNSEEN
