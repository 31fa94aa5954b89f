"""Extraction does work in proportion to the article: no step rereads what came before.

Time is the benchmark's business (benchmarks/bench_extract_sizes.py); these tests count the
lines of Python executed instead, which is exact and the same on every machine: an article
four times longer must cost about four times the lines, not sixteen.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable
from types import FrameType
from typing import Any

import pytest
from hostile_corpus import debate_transcript

from generator.extract import Article, extract_quotes
from generator.extract.entities import Entity, Registry

SHAPES: dict[str, Callable[[int], str]] = {
    "debate in paragraphs": debate_transcript,
    "debate on one line": lambda size: debate_transcript(size).replace("\n", " "),
    "run-on with no full stops": lambda size: (
        debate_transcript(size).replace("\n", " ").replace(".", "").replace("?", "")
    ),
    "quote marks only": lambda size: '"a" ' * (size // 4),
    "single marks only": lambda size: "it's 'x' " * (size // 9),
}


def _lines_executed(text: str) -> int:
    """Lines of Python run while extracting `text` (each loop iteration counts)."""
    count = 0

    def tracer(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        if event == "line":
            count += 1
        return tracer

    sys.settrace(tracer)
    try:
        extract_quotes(Article("scaling", text))
    finally:
        sys.settrace(None)
    return count


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_extraction_work_grows_linearly_with_article_size(shape: str) -> None:
    make = SHAPES[shape]
    small, large = _lines_executed(make(5_000)), _lines_executed(make(20_000))
    assert large < 5 * small, f"4x the text cost {large / small:.1f}x the work"


def _scanned_latest(candidates: list[tuple[int, Entity]], at: int) -> Entity | None:
    """What `Registry` answered before it bisected: the longest name mentioned before `at`
    (the latest of equals), else the longest anywhere (the first of equals)."""
    if not candidates:
        return None
    before = [c for c in candidates if c[0] <= at]
    if before:
        longest = max(len(c[1].name) for c in before)
        return [c for c in before if len(c[1].name) == longest][-1][1]
    return max(candidates, key=lambda c: len(c[1].name))[1]


def test_registry_answers_as_a_scan_of_every_mention_would() -> None:
    rng = random.Random(15)
    names = ["Ann Holm", "Bo Holm", "Ann Marie Holm", "Holm", "Dr Ann Holm", "Cy Holm"]
    registry = Registry()
    for at in sorted(rng.sample(range(10_000), 300)):
        gender = rng.choice([None, "male", "female"])
        entity = Entity(rng.choice(names), None, "person", gender)
        registry.by_last.setdefault("holm", []).append((at, entity))
        registry.by_role.setdefault("mayor", []).append((at, entity))
    mentions = registry.by_last["holm"]
    for at in [-1, 0, *rng.sample(range(10_100), 200)]:
        for asked in ("Holm", "Ann Holm", "Bo Holm", "Zed Holm"):
            for gender in (None, "male", "female"):
                candidates = mentions
                if " " in asked:
                    first = asked.split()[0]
                    candidates = [c for c in mentions if c[1].name.split()[0] == first] or mentions
                if gender is not None:
                    candidates = [c for c in candidates if c[1].gender in (None, gender)]
                expected = _scanned_latest(candidates, at)
                assert registry.fullest(asked, at, gender) == expected, (asked, at, gender)
        assert registry.with_role("Mayor", at) == _scanned_latest(mentions, at)
    assert registry.fullest("Nobody", 5) is None
    assert registry.namesakes("Holm") == len(set(names))
