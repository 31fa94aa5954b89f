"""How sure an attribution is: the measured chance that its speaker is right.

Placeholder until the calibration table lands: the threshold below which attributions are
held for review.
"""

from __future__ import annotations

DEFAULT_MIN_CONFIDENCE = 0.5
"""Attributions less likely than this to be right are held for review."""
