"""Batches of pages for MkDocs: how pages are split, staged and collected (the runs
themselves, and that their site equals one run's, are tested end to end in test_site)."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from generator.batches import (
    UNCHANGED_MTIME,
    MkDocsRuns,
    collect_batch,
    is_batchable,
    nav_stub,
    plan_batches,
    stage_batches,
)

NAV = frozenset({"index.md", "people/index.md", "about.md"})


def test_pages_that_fit_in_one_batch_are_left_to_the_main_run() -> None:
    assert plan_batches({"people/a.md": 10, "people/b.md": 20}, batch_chars=30, workers=2) == []
    assert plan_batches({}, batch_chars=1, workers=2) == []


def test_batches_are_consecutive_pages_balanced_by_size() -> None:
    sizes = {f"people/p{n:02}.md": 10 for n in range(12)} | {"topics/big.md": 60}
    plan = plan_batches(sizes, batch_chars=60, workers=1)
    assert [page for batch in plan for page in batch] == sorted(sizes)
    assert len(plan) == 3
    assert [sum(sizes[p] for p in batch) for batch in plan] == [60, 60, 60]


def test_there_are_at_least_as_many_batches_as_workers_but_never_empty_ones() -> None:
    sizes = {"people/a.md": 5, "people/b.md": 5, "people/c.md": 5}
    assert len(plan_batches(sizes, batch_chars=14, workers=3)) == 3
    assert len(plan_batches(sizes, batch_chars=14, workers=8)) == 3
    assert plan_batches(sizes, batch_chars=14, workers=3) == plan_batches(
        dict(reversed(sizes.items())), batch_chars=14, workers=3
    )


def test_only_person_and_topic_pages_outside_the_nav_are_batched() -> None:
    assert is_batchable("people/ada.md", NAV)
    assert is_batchable("topics/budget.md", NAV)
    assert not is_batchable("people/index.md", NAV)
    assert not is_batchable("about.md", NAV)
    assert not is_batchable("people/ada.md", NAV | {"people/ada.md"})
    assert not is_batchable("people/ada.md", None)


def test_nav_stub_keeps_the_front_matter_and_the_first_heading() -> None:
    page = "---\ntitle: People\nicon: material/account\n---\n\nIntro.\n\n# People\n\nList.\n# B\n"
    assert nav_stub(page) == "---\ntitle: People\nicon: material/account\n---\n\n# People\n"
    assert nav_stub("# About\n\nText [link](search.md).\n") == "# About\n"
    assert nav_stub("No heading.\n") == ""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_staging_links_batch_pages_stubs_the_rest_and_leaves_placeholders(tmp_path: Path) -> None:
    docs, site = tmp_path / "docs", tmp_path / "site"
    write(docs / "index.md", "---\ntitle: Home\n---\n\n# Home\n\nNewest quotes.\n")
    write(docs / "people" / "index.md", "# People\n\nEveryone.\n")
    for name in ("ada", "bram", "cy"):
        write(docs / "people" / f"{name}.md", f"# {name}\n")
    roots = stage_batches(
        docs, site, tmp_path / "batches", [("people/ada.md",), ("people/bram.md",)], NAV
    )
    assert [root.name for root in roots] == ["batch-1", "batch-2"]
    first = roots[0] / "docs"
    assert sorted(p.relative_to(first).as_posix() for p in first.rglob("*.md")) == [
        "index.md",
        "people/ada.md",
        "people/index.md",
    ]
    assert (first / "people" / "ada.md").samefile(docs / "people" / "ada.md")
    assert (first / "index.md").read_text(encoding="utf-8") == "---\ntitle: Home\n---\n\n# Home\n"
    assert (site / "people" / "ada" / "index.html").read_bytes() == b""
    assert not (site / "people" / "cy").exists()
    assert os.stat(docs / "people" / "ada.md").st_mtime == UNCHANGED_MTIME
    assert os.stat(docs / "people" / "cy.md").st_mtime != UNCHANGED_MTIME


def test_no_batches_stage_nothing(tmp_path: Path) -> None:
    write(tmp_path / "docs" / "people" / "ada.md", "# Ada\n")
    assert stage_batches(tmp_path / "docs", tmp_path / "site", tmp_path / "b", [], NAV) == []
    assert not (tmp_path / "site").exists()


def test_collecting_replaces_placeholders_with_the_batch_html(tmp_path: Path) -> None:
    site, root = tmp_path / "site", tmp_path / "batch-1"
    placeholder = write(tmp_path / "placeholder.html", "")
    for name in ("ada", "bram"):
        target = site / "people" / name / "index.html"
        target.parent.mkdir(parents=True)
        os.link(placeholder, target)
    write(root / "site" / "people" / "ada" / "index.html", "<p>Ada</p>")
    write(root / "site" / "sitemap.xml", "<urlset/>")
    collect_batch(root, ["people/ada.md", "people/bram.md"], site)
    assert (site / "people" / "ada" / "index.html").read_text(encoding="utf-8") == "<p>Ada</p>"
    assert not (site / "people" / "bram" / "index.html").exists()
    assert not (site / "sitemap.xml").exists() and not root.exists()
    assert placeholder.read_text(encoding="utf-8") == ""


WAIT_FOR_RELEASE = """
import pathlib, sys, time
folder = pathlib.Path(sys.argv[1])
while not (folder / "release").exists():
    time.sleep(0.02)
"""


class WaitingRuns(MkDocsRuns):
    """MkDocsRuns whose jobs are processes that end when the test creates `<job>/release`."""

    def _jobs(self) -> list[tuple[str, list[str], int | None]]:
        return [
            (root.name, [sys.executable, "-c", WAIT_FOR_RELEASE, str(root)], 1)
            for root in self.roots
        ]


def _until(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def _started(runs: MkDocsRuns) -> list[str]:
    return sorted(Path(child.process.args[-1]).name for child in runs.children)


def test_fewer_workers_start_no_run_until_one_ends_and_more_start_at_once(tmp_path: Path) -> None:
    roots = [tmp_path / name for name in "abcd"]
    for root in roots:
        root.mkdir()
    runs = WaitingRuns(
        tmp_path / "mkdocs.yml",
        tmp_path,
        tmp_path,
        [("p",)] * 4,
        roots,
        dict(os.environ),
        workers=2,
    )
    try:
        _until(lambda: len(runs.children) == 2)
        runs.set_workers(1)
        (tmp_path / "a" / "release").touch()
        _until(lambda: any(s.name == "a" for s in list(runs.stats)))
        time.sleep(0.5)  # room for a wrong third start (a fixed pool would start c at once)
        assert _started(runs) == ["a", "b"]
        (tmp_path / "b" / "release").touch()
        _until(lambda: len(runs.children) == 3)
        runs.set_workers(2)
        _until(lambda: len(runs.children) == 4)
        for name in "cd":
            (tmp_path / name / "release").touch()
        assert [s.name for s in runs.result()] == ["a", "b", "c", "d"]
    finally:
        runs.kill()
