"""Measured precision of each kind of attribution evidence: GENERATED, do not edit.

Written by benchmarks/calibrate_confidence.py from train.jsonl; run it again after
changing how speakers are found. Each entry: evidence -> (precision, attributions
seen). See generator.calibration."""

from __future__ import annotations

PRECISION: dict[str, tuple[float, int]] = {
    "after:full": (0.979, 517),
    "after:pronoun": (0.593, 342),
    "after:pronoun-same": (0.786, 359),
    "after:role": (0.742, 2),
    "after:single": (0.970, 60),
    "after:surname": (0.981, 1027),
    "before:full": (0.930, 438),
    "before:pronoun": (0.502, 145),
    "before:pronoun-same": (0.796, 276),
    "before:role": (0.674, 3),
    "before:single": (0.922, 70),
    "before:surname": (0.953, 712),
    "carry:full": (0.970, 254),
    "carry:pronoun": (0.613, 153),
    "carry:pronoun-same": (0.796, 142),
    "carry:role": (0.815, 1),
    "carry:single": (0.902, 31),
    "carry:surname": (0.980, 499),
    "colon:full": (0.938, 9),
    "colon:pronoun": (0.736, 2),
    "colon:pronoun-same": (0.903, 2),
    "colon:surname": (0.916, 4),
    "continues:full": (0.902, 3),
    "continues:surname": (0.838, 4),
    "end:full": (0.964, 16),
    "end:pronoun": (0.928, 3),
    "end:pronoun-same": (0.853, 10),
    "end:single": (0.774, 3),
    "end:surname": (0.959, 13),
    "label:single": (0.567, 2),
    "label:surname": (0.618, 1),
    "paragraph:full": (0.728, 8),
    "paragraph:pronoun": (0.737, 1),
    "paragraph:pronoun-same": (0.719, 11),
    "paragraph:single": (0.828, 1),
    "paragraph:surname": (0.898, 28),
    "subject:full": (0.842, 33),
    "subject:pronoun": (0.561, 10),
    "subject:pronoun-same": (0.611, 10),
    "subject:surname": (0.925, 67),
}
