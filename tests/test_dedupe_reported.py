"""Quality floor on quotes as outlets report them (tests/data/dedupe/reported_pairs.yaml and
the held-out articles in tests/data/dedupe/heldout/), scored by
benchmarks/bench_dedupe_reported.py: every pair both ways the archive meets a duplicate
(placed by extract/add, planned by dedupe)."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import bench_dedupe_reported as bench


@pytest.fixture(scope="module")
def pairs() -> list[bench.Pair]:
    return bench.load_pairs()


@pytest.fixture(scope="module")
def tallies(pairs: list[bench.Pair]) -> dict[str, bench.Tally]:
    return bench.score_pairs(pairs)


def test_the_set_is_large_and_half_hard_negatives(pairs: list[bench.Pair]) -> None:
    expected = Counter(p.expect for p in pairs)
    assert len(pairs) >= 300
    assert expected["distinct"] >= len(pairs) / 2 - 1
    assert len({(p.a, p.b) for p in pairs}) == len(pairs)


@pytest.mark.parametrize("path", ["place", "plan"])
def test_reported_pairs_reach_the_floor(tallies: dict[str, bench.Tally], path: str) -> None:
    precision, recall = tallies[path].precision_recall()
    misses = [(p.pattern, p.a, p.b, got) for p, got in tallies[path].wrong]
    assert precision >= 0.99, misses
    assert recall >= 0.95, misses


@pytest.mark.parametrize("path", ["place", "plan"])
def test_no_hard_negative_is_merged(tallies: dict[str, bench.Tally], path: str) -> None:
    assert tallies[path].confusion[("distinct", "merge")] == 0
    assert tallies[path].confusion[("distinct", "fragment")] == 0


@pytest.mark.parametrize(
    "pattern",
    ["contraction", "function-word", "leading-word", "punctuation", "spelling", "ellipsis"],
)
def test_every_pair_of_the_plain_patterns_is_found(
    tallies: dict[str, bench.Tally], pattern: str
) -> None:
    for tally in tallies.values():
        counts = tally.by_pattern[pattern]
        assert sum(n for (_, got), n in counts.items() if got == "distinct") == 0, counts


def test_held_out_articles_reach_the_floor() -> None:
    score = bench.score_heldout()
    assert not score.missing
    assert score.true_pairs >= 20
    assert score.precision >= 0.99, score.wrong
    assert score.recall >= 0.95, score.wrong


def test_the_pair_scorer_tells_a_merge_from_a_miss() -> None:
    same = bench.Pair(
        "t", "merge", "We will build the dam on time.", "We'll build the dam on time."
    )
    other = bench.Pair("t", "distinct", "We will build the dam.", "We will sell the dam.")
    assert bench.place_pair(same) == bench.plan_pair(same) == "merge"
    assert bench.place_pair(other) == bench.plan_pair(other) == "distinct"
