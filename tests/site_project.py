"""Small site projects for the build tests (test_site, test_plugin): our mkdocs.yml, the
hand-written pages and overrides, and an archive; and the edit an incremental rebuild sees."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

DATA = Path(__file__).parent / "data"
PROJECT = Path(__file__).parent.parent

NEW_QUOTE = """  - id: bs2026zz
    text: A second tram line opens before the winter timetable.
    date: 2025-06-03
    status: attributed
    topics:
      - budget
    sources:
      - outlet: Example Gazette
        url: https://example.org/tram-line
        date: 2025-06-03
"""
"""A quote for bram-sample.yaml of tests/data/site_archive."""


def make_project(target: Path, archive: Path = DATA / "site_archive") -> Path:
    """A project directory with our mkdocs.yml, hand-written pages and the given archive."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(PROJECT / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(PROJECT / "overrides", target / "overrides")
    for name in ("assets", "data"):
        shutil.copytree(PROJECT / "content" / name, target / "content" / name)
    shutil.copy(PROJECT / "content" / "about.md", target / "content" / "about.md")
    shutil.copytree(archive, target / "quotes")
    return target


def add_quote(project: Path) -> None:
    """Add NEW_QUOTE to the project's bram-sample.yaml (an editor's one-quote change)."""
    path = project / "quotes" / "bram-sample.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("quotes:\n", "quotes:\n" + NEW_QUOTE, 1), encoding="utf-8")


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file under a folder with a hash of its bytes."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
