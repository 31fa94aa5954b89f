"""Shared fixtures: small archives written into temporary directories."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
PROJECT = Path(__file__).parent.parent


@pytest.fixture
def archive_dir(tmp_path: Path) -> Path:
    """A copy of the small valid test archive, safe to modify."""
    target = tmp_path / "quotes"
    shutil.copytree(DATA / "archive", target)
    return target
