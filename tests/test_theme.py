"""Page workers: the works they do after their pages come back in order; a failure stays."""

from __future__ import annotations

import functools
import os
from typing import Any

import pytest

from generator.errors import BuildError
from generator.theme import render_in_workers


def work(number: int) -> tuple[int, int]:
    return number, os.getpid()


def fail() -> None:
    raise RuntimeError("a work failed: on purpose")


def test_works_after_the_pages_are_shared_by_the_workers_and_come_back_in_order() -> None:
    renderer: Any = None  # no pages to render
    pages = render_in_workers(renderer, [], 2, after=[functools.partial(work, n) for n in range(5)])
    assert pages.result() == 0
    assert [number for number, _ in pages.after] == [0, 1, 2, 3, 4]
    pids = {pid for _, pid in pages.after}
    assert len(pids) == 2 and os.getpid() not in pids
    assert pages.result() == 0 and len(pages.after) == 5  # a second call answers the same


def test_a_failing_work_fails_every_call_for_the_result() -> None:
    renderer: Any = None
    pages = render_in_workers(renderer, [], 2, after=[functools.partial(work, 0), fail])
    for _ in range(2):
        with pytest.raises(BuildError, match="on purpose"):
            pages.result()
