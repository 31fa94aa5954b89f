"""The page workers' side tasks (generator.theme.render_in_workers); rendering itself is
tested through the build (test_site, test_plugin)."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest

from generator.errors import BuildError
from generator.theme import render_in_workers

NO_RENDERER: Any = None
"""No pages to render: the renderer is never called."""


def _numbered(number: int) -> tuple[int, int]:
    return number, os.getpid()


def test_side_tasks_run_in_the_workers_and_their_values_come_back_in_order() -> None:
    tasks = [lambda n=n: _numbered(n) for n in range(5)]
    job = render_in_workers(NO_RENDERER, [], 3, side_tasks=tasks)
    values = job.side_results()
    assert [number for number, _ in values] == [0, 1, 2, 3, 4]
    workers = {pid for _, pid in values}
    assert len(workers) == 3 and os.getpid() not in workers
    assert job.result() == 0


def test_the_pages_are_reported_done_before_the_side_tasks_end(tmp_path: Path) -> None:
    """What waits for the pages (Pagefind's start) does not wait for the side tasks: the
    task waits for a file made only once `wait_ended` has returned."""
    signal = tmp_path / "pages-reported"

    def waits_for_the_signal() -> str:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if signal.exists():
                return "signalled"
            time.sleep(0.01)
        return "timed out"

    job = render_in_workers(NO_RENDERER, [], 1, side_tasks=[waits_for_the_signal])
    job.wait_ended()
    signal.touch()
    assert job.side_results() == ["signalled"]
    assert job.result() == 0


def test_a_failing_side_task_is_a_build_error_with_its_traceback() -> None:
    def fails() -> None:
        raise ValueError("no filter for this shard")

    job = render_in_workers(NO_RENDERER, [], 2, side_tasks=[lambda: 1, fails])
    with pytest.raises(BuildError, match=r"(?s)side task failed.*no filter for this shard"):
        job.side_results()
    assert job.result() == 0  # the pages themselves were fine
