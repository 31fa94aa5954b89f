"""Quality floor on the labelled evaluation sets in tests/data/dedupe/.

Quote pairs (pairs.yaml, built by make_pairs.py from base quotes and hand-written pairs) go
through `find_duplicate`, so candidate blocking is measured too. A pair counts as found when
it is merged or linked as a fragment: either way the reader sees one quote. Speaker cases
(speaker_cases.yaml) go through `resolve_speaker`.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from generator.dedupe.quotes import MERGE, find_duplicate
from generator.dedupe.speakers import MATCHED, SpeakerIndex
from generator.models import Quote, Source, Speaker

DATA = Path(__file__).parent / "data" / "dedupe"


def predict(a: str, b: str) -> str:
    match = find_duplicate(b, [Quote("aaaaaaaa", a, (Source(outlet="Wire"),))])
    if match is None:
        return "distinct"
    return "merge" if match.kind == MERGE else "fragment"


@pytest.fixture(scope="module")
def quote_confusion() -> Counter[tuple[str, str]]:
    pairs = yaml.safe_load((DATA / "pairs.yaml").read_text(encoding="utf-8"))["pairs"]
    return Counter((pair["expect"], predict(pair["a"], pair["b"])) for pair in pairs)


def precision_recall(
    confusion: Counter[tuple[str, str]], positive: set[str]
) -> tuple[float, float]:
    hits = sum(n for (want, got), n in confusion.items() if want in positive and got in positive)
    found = sum(n for (_, got), n in confusion.items() if got in positive)
    wanted = sum(n for (want, _), n in confusion.items() if want in positive)
    return hits / found, hits / wanted


def test_quote_pairs_reach_the_precision_and_recall_floor(
    quote_confusion: Counter[tuple[str, str]],
) -> None:
    precision, recall = precision_recall(quote_confusion, {"merge", "fragment"})
    assert precision >= 0.99, sorted(quote_confusion.items())
    assert recall >= 0.95, sorted(quote_confusion.items())


def test_quote_merges_alone_reach_the_floor(quote_confusion: Counter[tuple[str, str]]) -> None:
    precision, recall = precision_recall(quote_confusion, {"merge"})
    assert precision >= 0.99, sorted(quote_confusion.items())
    assert recall >= 0.95, sorted(quote_confusion.items())


def test_no_pair_that_must_stay_apart_is_merged(
    quote_confusion: Counter[tuple[str, str]],
) -> None:
    assert quote_confusion[("distinct", "merge")] == 0


def test_evaluation_set_is_large_and_balanced(quote_confusion: Counter[tuple[str, str]]) -> None:
    wanted = Counter()
    for (want, _), n in quote_confusion.items():
        wanted[want] += n
    assert wanted["merge"] >= 500 and wanted["fragment"] >= 100 and wanted["distinct"] >= 500


def test_speaker_cases_resolve_with_precision_and_recall_floor() -> None:
    data = yaml.safe_load((DATA / "speaker_cases.yaml").read_text(encoding="utf-8"))
    index = SpeakerIndex(
        Speaker(
            k["slug"], k["name"], kind=k.get("kind", "person"), aliases=tuple(k.get("aliases", ()))
        )
        for k in data["known"]
    )
    outcomes = []
    for case in data["cases"]:
        match = index.resolve(case["name"])
        got = match.speaker.slug if match.status == MATCHED and match.speaker else match.status
        outcomes.append((case["expect"], got))
    matched = [(want, got) for want, got in outcomes if got not in ("new", "ambiguous")]
    wanted = [(want, got) for want, got in outcomes if want not in ("new", "ambiguous")]
    precision = sum(want == got for want, got in matched) / len(matched)
    recall = sum(want == got for want, got in wanted) / len(wanted)
    misses = [(w, g) for w, g in outcomes if w != g]
    assert precision >= 0.99, misses
    assert recall >= 0.95, misses
    ambiguous = [(w, g) for w, g in outcomes if w == "ambiguous"]
    assert all(g == "ambiguous" for _, g in ambiguous), misses
