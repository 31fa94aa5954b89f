"""Confidence is the measured precision of an attribution's evidence; low ones wait for review."""

from __future__ import annotations

from generator.calibration import DEFAULT_MIN_CONFIDENCE, UNSEEN, calibrated_confidence
from generator.calibration_table import PRECISION
from generator.extract import Article, extract_quotes
from generator.ingest import SourceDefaults, ingest_quotes
from generator.models import Archive

TEXT = (
    'Mayor Ana Ruiz said the pier would "open in spring".\n\n'
    "Harbour pilot Tom Brandt disagreed with the mayor on Monday.\n\n"
    '"The tide has other plans," he said.\n'
)


def test_confidence_is_the_measured_precision_of_the_evidence() -> None:
    quotes = {q.text: q for q in extract_quotes(Article(path="a.txt", text=TEXT))}
    for quote in quotes.values():
        assert quote.confidence == PRECISION[quote.evidence][0]
    assert quotes["open in spring"].evidence == "before:full"
    assert quotes["The tide has other plans"].evidence == "after:pronoun"


def test_evidence_never_measured_counts_as_a_coin_toss() -> None:
    assert calibrated_confidence("nowhere:nothing") == UNSEEN


def test_strong_evidence_clears_the_default_threshold_and_a_new_referent_does_not() -> None:
    assert PRECISION["after:full"][0] >= DEFAULT_MIN_CONFIDENCE
    assert PRECISION["after:pronoun"][0] < DEFAULT_MIN_CONFIDENCE


def test_ingest_holds_attributions_below_the_threshold_for_review() -> None:
    quotes = extract_quotes(Article(path="a.txt", text=TEXT, outlet="Coast Courier"))
    result = ingest_quotes(Archive(), quotes, SourceDefaults())
    [held] = result.held
    assert held.reason == "uncertain" and held.text == "The tide has other plans"
    assert held.speaker == "Tom Brandt" and "below 0.80" in held.detail
    everything = ingest_quotes(Archive(), quotes, SourceDefaults(), min_confidence=0.0)
    assert not everything.held and everything.count("added") == 2
