"""Quality floor for the archive itself: what `ingest` stores from real news, not what the
extractor prints.

Runs the shared ../shared/eval/archive_quality.py (the PolNeAR dev articles ingested as a
newsroom would, in three orderings and shardings) on a throw-away copy of the project, and
fails when the archive falls below the level reached, when a run fails, or when orderings
disagree. Measured on dev.jsonl when issue 14 landed: full-name precision 0.980, recall
0.797, clean speaker files 0.988, runs failed 0/3, orderings agree. Each floor is that level
minus 0.01; raise them when the method improves.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).parent.parent
EVAL = PROJECT.parent / "shared" / "eval" / "archive_quality.py"
DEV = PROJECT.parent / "shared" / "polnear" / "dev.jsonl"

PRECISION_FLOOR = 0.970
RECALL_FLOOR = 0.787
CLEAN_FILES_FLOOR = 0.978


@pytest.fixture(scope="module")
def archive_line(tmp_path_factory: pytest.TempPathFactory) -> str:
    if not DEV.exists() or not EVAL.exists():
        pytest.skip(f"the PolNeAR dev set ({DEV}) or its scorer is not beside the project")
    clone = tmp_path_factory.mktemp("clone")
    (clone / "quotes").mkdir()
    shutil.copy(PROJECT / "quotes" / "topics.yaml", clone / "quotes")
    (clone / "generator").symlink_to(PROJECT / "generator")  # copied as a link: never written
    (clone / "schema").symlink_to(PROJECT / "schema")
    (clone / ".venv").symlink_to(Path(sys.executable).parent.parent)
    done = subprocess.run(
        [sys.executable, str(EVAL), str(clone), str(DEV), "--orders", "3"],
        capture_output=True,
        text=True,
        timeout=900,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("archive: ")]
    assert lines, done.stdout + done.stderr
    return lines[-1]


def figure(line: str, name: str) -> float:
    match = re.search(rf"{name} (\d\.\d+)", line)
    assert match, line
    return float(match.group(1))


def test_every_ordering_of_the_articles_makes_the_same_archive(archive_line: str) -> None:
    assert "runs failed 0/3" in archive_line and "orderings agree: yes" in archive_line


def test_stored_speakers_are_right_and_files_are_clean(archive_line: str) -> None:
    assert figure(archive_line, "full-name precision") >= PRECISION_FLOOR, archive_line
    assert figure(archive_line, "clean speaker files") >= CLEAN_FILES_FLOOR, archive_line


def test_the_archive_keeps_what_the_articles_attribute(archive_line: str) -> None:
    assert figure(archive_line, "recall") >= RECALL_FLOOR, archive_line
