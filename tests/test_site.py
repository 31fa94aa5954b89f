"""End to end: `build` turns a small archive into a site, atomically and reproducibly."""

from __future__ import annotations

import datetime as dt
import gc
import gzip
import json
import os
import re
import shutil
import threading
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from mkdocs.structure.files import File
from site_project import add_quote, make_project, tree_digest
from waiting import gone_soon, remover_waiting_for

from generator import filechores, mkdocs_build, site
from generator.cli import main
from generator.errors import ArchiveError, BuildError
from generator.models import Archive, Quote, Source, Speaker
from generator.outputs import write_search
from generator.render import HtmlPage, permalinks
from generator.search import phrases, search_shards, shards
from generator.site import build_epoch, build_site, size_by_part
from generator.store import load_archive
from generator.theme import ThemeRenderer, WorkersJob

DATA = Path(__file__).parent / "data"
PROJECT = Path(__file__).parent.parent


def build(project: Path) -> None:
    build_site(project / "mkdocs.yml", project / "quotes")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One project built from tests/data/site_archive, shared by the read-only tests."""
    project = make_project(tmp_path_factory.mktemp("built") / "project", DATA / "site_archive")
    build(project)
    return project


@pytest.fixture
def project(built: Path, tmp_path: Path) -> Path:
    """A private copy of the built project, for tests that change it."""
    return Path(shutil.copytree(built, tmp_path / "project", symlinks=True))


def read(project: Path, page: str) -> str:
    return (project / "site" / page).read_text(encoding="utf-8")


# -- What the site contains ----------------------------------------------------------------


def test_build_writes_every_page_and_the_search_index(built: Path) -> None:
    site = built / "site"
    for page in (
        "index.html",
        "people/index.html",
        "people/ada-quill/index.html",
        "people/ada-q/index.html",
        "topics/index.html",
        "topics/budget/index.html",
        "search/index.html",
        "about/index.html",
        "assets/quote-archive.js",
        "pagefind/pagefind.js",
        "pagefind/pagefind-entry.json",
        "pagefind/shards.json",
        "names/index.json",
    ):
        assert (site / page).is_file(), page


def test_person_page_has_permalinked_quotes_with_date_sources_and_topics(built: Path) -> None:
    page = read(built, "people/ada-quill/index.html")
    assert "<title>Ada Quill - Quote archive</title>" in page
    assert re.findall(r'id="(q-[0-9a-z]+)"', page) == [
        "q-aq2025aa", "q-aqold001", "q-aqfrag01", "q-aqnodate", "q-aq2024bb",
    ]  # fmt: skip
    assert '<time datetime="2025-03-14">14 March 2025</time>' in page
    assert 'href="https://example.org/gazette/bridge"' in page
    assert '<a class="qa-topic" href="../../topics/bridges/">Bridges</a>' in page
    assert re.search(r'<h2 id="disputed-and-misattributed">Disputed and misattributed', page)


def test_per_person_pages_stay_out_of_the_navigation(built: Path) -> None:
    home = read(built, "index.html")
    nav = home.split('class="md-tabs"')[1].split("</nav>")[0]
    assert "People" in nav
    assert "ada-quill" not in nav


def test_content_keeps_the_hand_written_pages_only(built: Path) -> None:
    content = built / "content"
    assert not (content / "people").exists() and not (content / "search.md").exists()
    assert (content / "about.md").read_text(encoding="utf-8") == (
        PROJECT / "content" / "about.md"
    ).read_text(encoding="utf-8")


def test_pages_older_builds_generated_into_content_are_removed_and_never_published(
    project: Path,
) -> None:
    """Older builds wrote the Markdown of generated pages into content/; the plugin makes
    those pages now, so such a file is not published, even edited by hand, and goes."""
    stale = project / "content" / "people" / "bram-sample.md"
    stale.parent.mkdir(parents=True)
    stale.write_text("# Bram Sample\n\nTampered.\n", encoding="utf-8")
    (project / "content" / "index.md").write_text("# Old home\n", encoding="utf-8")
    build(project)
    assert "Tampered" not in read(project, "people/bram-sample/index.html")
    assert "Old home" not in read(project, "index.html")
    assert not (project / "content" / "people").exists()
    assert not (project / "content" / "index.md").exists()
    assert (project / "content" / "about.md").is_file()


def test_links_in_built_pages_are_relative(built: Path) -> None:
    # 404.html is served at any depth, so MkDocs roots its links at site_url ("/" when unset).
    for path in set((built / "site").rglob("*.html")) - {built / "site" / "404.html"}:
        hrefs = re.findall(r'(?:href|src)="(/[^"]*)"', path.read_text(encoding="utf-8"))
        assert hrefs == [], path


def test_build_date_comes_from_the_archive_not_the_clock() -> None:
    archive = load_archive(DATA / "site_archive").archive
    assert build_epoch(archive) == 1741996800  # 2025-03-15, the newest source date


@pytest.mark.parametrize(
    ("dates", "newest"),
    [(["2025", "2024-12-31"], "2025-01-01"), (["2025-03", "2025-02-28"], "2025-03-01"),
     (["2025-03", "2025-03-02"], "2025-03-02"), (["2025-03-01", "2025-03"], "2025-03-01"),
     (["2024-12", "2024"], "2024-12-01"), ([], None)],
)  # fmt: skip
def test_the_build_date_is_the_newest_date_completed_to_a_day(
    dates: list[str], newest: str | None
) -> None:
    quotes = tuple(
        Quote(id=f"q{i}", text="Words.", sources=(Source(outlet="Gazette", date=date),))
        for i, date in enumerate(dates)
    )
    archive = Archive(speakers=(Speaker(slug="ada", name="Ada", quotes=quotes),))
    expected = dt.datetime.fromisoformat(newest).replace(tzinfo=dt.UTC) if newest else None
    assert build_epoch(archive) == (int(expected.timestamp()) if expected else 0)


# -- Deterministic and atomic ---------------------------------------------------------------


def test_building_twice_changes_nothing(project: Path) -> None:
    before = tree_digest(project / "site"), tree_digest(project / "content")
    searched = [path for path in before[0] if path.startswith("pagefind/")]
    assert {"filter", "fragment", "index"} <= {path.split("/")[1] for path in searched}
    assert "names/index.json" in before[0]
    build(project)
    assert (tree_digest(project / "site"), tree_digest(project / "content")) == before


def test_rebuild_drops_stale_generated_pages_and_keeps_hand_written_ones(project: Path) -> None:
    (project / "content" / "notes.md").write_text("# Notes\n", encoding="utf-8")
    (project / "quotes" / "ministry-of-examples.yaml").unlink()
    build(project)
    assert not (project / "content" / "people" / "ministry-of-examples.md").exists()
    assert not (project / "site" / "people" / "ministry-of-examples").exists()
    assert (project / "site" / "notes" / "index.html").is_file()
    assert (project / "content" / "notes.md").is_file()
    assert (project / "content" / "about.md").is_file()
    assert not list(project.glob(".site-build-*"))


# -- Incremental rebuilds -------------------------------------------------------------------


def full_build_of(project: Path, tmp_path: Path) -> Path:
    """The same project built from scratch, for comparing with an incremental build."""
    fresh = make_project(tmp_path / "fresh", project / "quotes")
    for path in (project / "content").rglob("*"):
        relative = path.relative_to(project / "content").as_posix()
        if path.is_file() and not site.is_generated(relative):
            target = fresh / "content" / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, target)
    build_site(fresh / "mkdocs.yml", fresh / "quotes", incremental=False)
    return fresh


def test_rebuild_without_changes_renders_no_person_or_topic_page(project: Path) -> None:
    report = build_site(project / "mkdocs.yml", project / "quotes")
    assert report.incremental
    assert report.pages_rendered == 0
    assert report.pages_kept == 6  # 3 people, 3 topics


def test_a_page_missing_from_the_last_site_is_rendered_again_though_its_key_is_kept(
    project: Path, tmp_path: Path
) -> None:
    (project / "site" / "people" / "ada-quill" / "index.html").unlink()
    (project / "site" / "topics" / "budget" / "index.html").unlink()
    report = build_site(project / "mkdocs.yml", project / "quotes")
    assert report.incremental
    assert (report.pages_rendered, report.pages_kept) == (2, 4)
    fresh = full_build_of(project, tmp_path)
    assert tree_digest(project / "site") == tree_digest(fresh / "site")


def test_rebuild_after_an_edit_renders_the_changed_pages_and_equals_a_full_build(
    project: Path, tmp_path: Path
) -> None:
    add_quote(project)
    report = build_site(project / "mkdocs.yml", project / "quotes")
    assert report.incremental
    # bram-sample's page and the budget topic page changed; ada-quill's and
    # ministry-of-examples' pages and two topic pages did not. (MkDocs makes the home page
    # and the indexes again every time.)
    assert (report.pages_rendered, report.pages_kept) == (2, 4)
    assert "tram line" in read(project, "people/bram-sample/index.html")
    assert "tram line" in read(project, "topics/budget/index.html")
    fresh = full_build_of(project, tmp_path)
    assert tree_digest(project / "site") == tree_digest(fresh / "site")
    assert tree_digest(project / "content") == tree_digest(fresh / "content")


def test_incremental_build_never_writes_into_the_previous_sites_files(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Unchanged pages are hard links to the old site's HTML: a build that fails after
    MkDocs ran must still leave every old file as it was."""
    add_quote(project)
    (project / "content" / "about.md").write_text("# About\n\nChanged.\n", encoding="utf-8")
    before = tree_digest(project / "site")

    def fail(*args: object, **kwargs: object) -> None:
        raise BuildError("feeds failed: on purpose")

    monkeypatch.setattr(site, "merge_into", fail)
    with pytest.raises(BuildError, match="on purpose"):
        build(project)
    assert tree_digest(project / "site") == before


def test_a_change_of_configuration_makes_a_full_build(project: Path) -> None:
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    report = build_site(config, project / "quotes")
    assert not report.incremental
    assert (report.pages_rendered, report.pages_kept) == (6, 0)


BAD_INPUTS = {
    "malformed YAML": ("bram-sample.yaml", "quotes:\n  - id: [unclosed\n",
                       r"bram-sample\.yaml:\d+:\d+: Y002"),
    "missing field": ("bram-sample.yaml", "slug: bram-sample\nkind: person\nquotes: []\n",
                      r"bram-sample\.yaml:1:\d+: S101 missing required field 'name'"),
    "duplicate id": ("bram-sample.yaml", None, r"bram-sample\.yaml:\d+:\d+: X001"),
    "unknown topic": ("bram-sample.yaml", None, r"bram-sample\.yaml:11:\d+: X002"),
    "bad date": ("bram-sample.yaml", None, r"bram-sample\.yaml:8:\d+: S105"),
    "file name not matching slug": ("bram-sample.yaml", None, r"bram-sample\.yaml:1:\d+: F001"),
}  # fmt: skip
EDITS = {
    "duplicate id": ("id: bs2025cc", "id: aq2025aa"),
    "unknown topic": ("      - budget", "      - gardening"),
    "bad date": ("date: 2025-01-02", "date: 2025-13-02"),
    "file name not matching slug": ("slug: bram-sample", "slug: bram-example"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_reports_path_line_exits_1_and_keeps_site_and_content(
    project: Path, case: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    name, text, expected = BAD_INPUTS[case]
    path = project / "quotes" / name
    if text is None:
        old, new = EDITS[case]
        text = path.read_text(encoding="utf-8").replace(old, new)
    path.write_text(text, encoding="utf-8")
    before = tree_digest(project / "site"), tree_digest(project / "content")
    monkeypatch.chdir(project)

    result = CliRunner().invoke(main, ["build"])

    assert result.exit_code == 1, result.output
    assert re.search(r"quotes/" + expected, result.output), result.output
    assert (tree_digest(project / "site"), tree_digest(project / "content")) == before
    assert not list(project.glob(".site-build-*"))


def test_failing_mkdocs_keeps_the_previous_site_and_content(project: Path) -> None:
    before = tree_digest(project / "site"), tree_digest(project / "content")
    (project / "quotes" / "ministry-of-examples.yaml").unlink()
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nnot_an_option: [\n")
    with pytest.raises(BuildError):
        build(project)
    assert (tree_digest(project / "site"), tree_digest(project / "content")) == before


def test_build_command_prints_a_one_line_summary(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    assert re.fullmatch(r"built .*site: 10 pages \(0 rendered, 6 kept\), "
                        r"3 speakers, 6 quotes, 6 search records in [\d.]+s\n",
                        result.stdout)  # fmt: skip
    result = CliRunner().invoke(main, ["build", "--full"])
    assert result.exit_code == 0, result.output
    assert re.fullmatch(r"built .*site: 10 pages, 3 speakers, 6 quotes, 6 search records in "
                        r"[\d.]+s\n", result.stdout)  # fmt: skip


def test_a_rebuild_after_a_full_build_keeps_every_page(project: Path) -> None:
    """A full build reads no cache, yet keys its pages as an incremental build does: the
    next build finds them unchanged (it used to render every page again)."""
    build_site(project / "mkdocs.yml", project / "quotes", incremental=False)
    again = build_site(project / "mkdocs.yml", project / "quotes")
    assert again.incremental
    assert (again.pages_rendered, again.pages_kept) == (0, 6)


def test_build_command_warns_when_the_site_is_over_the_github_pages_limit(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project)
    monkeypatch.setattr("generator.site.PAGES_LIMIT_BYTES", 50_000)
    result = CliRunner().invoke(main, ["build", "--site-url", "https://newsroom.test/archive/"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("built ")
    assert re.fullmatch(
        r"warning: the site is 0\.\d\d GB, over GitHub Pages' limit of 0 GB for a published "
        r"site \(largest: [a-z]+/ 0\.\d\d GB, [a-z]+/ 0\.\d\d GB, [a-z]+/ 0\.\d\d GB\); "
        r"actions/deploy-pages checks the compressed artifact against it: "
        r"`tar -cf - -C \S+site \. \| gzip \| wc -c` gives its size in bytes\n",
        result.stderr,
    )
    monkeypatch.setattr("generator.site.PAGES_LIMIT_BYTES", 10**9)
    result = CliRunner().invoke(main, ["build", "--site-url", "https://newsroom.test/archive/"])
    assert result.exit_code == 0 and result.stderr == ""


def test_build_command_warns_while_site_url_is_the_placeholder(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "warning: site_url is https://quote-archive.example/, a placeholder: feeds, the data "
        "export and share previews link to it; set site_url in mkdocs.yml or pass --site-url "
        "with the address the site is published at\n"
    )


def test_site_size_counts_every_file_under_each_top_level_part(tmp_path: Path) -> None:
    (tmp_path / "people" / "a").mkdir(parents=True)
    (tmp_path / "people" / "a" / "index.html").write_bytes(b"x" * 10)
    (tmp_path / "people" / "b.html").write_bytes(b"x" * 5)
    os.link(tmp_path / "people" / "b.html", tmp_path / "linked.html")
    (tmp_path / "index.html").write_bytes(b"x" * 3)
    assert size_by_part(tmp_path) == {"index.html": 3, "linked.html": 5, "people/": 15}


def test_the_replaced_site_is_removed_in_the_background_by_the_next_build(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The build returns before the site it found to remove is removed (its remover is made
    to wait for a file this test makes after the build), and the removal then completes."""
    build(project)
    replaced = project / ".build-cache" / site.REPLACED_FOLDER
    assert (replaced / "index.html").is_file()  # the site this build replaced
    (replaced / "marker").write_text("from the build before", encoding="utf-8")
    leftover = replaced.with_name(replaced.name + ".removing")  # as older code left it
    (leftover / "a").mkdir(parents=True)
    go = project / "go"
    monkeypatch.setattr(filechores, "_REMOVE", remover_waiting_for(go))
    before = tree_digest(project / "site")
    try:
        build(project)
        removing = sorted(replaced.parent.glob(replaced.name + ".removing*"))
        assert len(removing) == 2 and removing[0].name == leftover.name
        assert (removing[1] / "marker").is_file()  # not waited for
    finally:
        go.touch()
    assert all(gone_soon(path) for path in removing)
    assert (replaced / "index.html").is_file() and not (replaced / "marker").exists()
    assert tree_digest(project / "site") == before


def test_the_reported_size_of_a_rebuilt_site_is_that_of_its_files(project: Path) -> None:
    """q/'s size comes from the quote pages' manifests, not from walking it: after the
    rebuilds that reuse the cached q/ (and one that changes a page), it is still exact."""
    for edit in (False, True, False):
        if edit:
            add_quote(project)
        report = build_site(project / "mkdocs.yml", project / "quotes")
        assert report.size_by_part["q/"] > 0
        assert report.size_by_part == size_by_part(project / "site")


def test_invalid_archive_raises_archive_error_from_the_library(project: Path) -> None:
    (project / "quotes" / "bram-sample.yaml").write_text("slug: [\n", encoding="utf-8")
    with pytest.raises(ArchiveError):
        build(project)


def test_pages_are_rendered_beside_the_feeds_and_pagefind_starts_when_they_are_done(
    tmp_path: Path,
) -> None:
    project = make_project(tmp_path / "project", DATA / "site_archive")
    report = build_site(project / "mkdocs.yml", project / "quotes")
    phases = {phase.name: phase for phase in report.phases}
    assert [p.name for p in report.phases] == [
        "validate",
        "plan",
        "check",
        "mkdocs",
        "search pages",
        "names",
        "publish",
        "pagefind",
        "pages",
        "write",
    ]
    pages, publish, pagefind = phases["pages"], phases["publish"], phases["pagefind"]
    assert phases["mkdocs"].start + phases["mkdocs"].seconds <= pages.start <= publish.start
    assert pagefind.start >= pages.start + pages.seconds  # not beside the page workers
    assert pagefind.start + pagefind.seconds <= phases["write"].start
    assert report.pages_rendered == 6


def test_pagefind_waits_for_page_workers_slower_than_the_rest_of_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a small site this process lets go of the archive (which opens a second run) before
    slow page workers are done: Pagefind still starts only once they are."""
    real = ThemeRenderer.render

    def slow_render(self: ThemeRenderer, file: File, source: HtmlPage) -> bytes | None:
        time.sleep(0.4)  # in the forked workers
        return real(self, file, source)

    monkeypatch.setattr(ThemeRenderer, "render", slow_render)
    project = make_project(tmp_path / "project", DATA / "site_archive")
    report = build_site(project / "mkdocs.yml", project / "quotes")
    phases = {phase.name: phase for phase in report.phases}
    pages, publish = phases["pages"], phases["publish"]
    assert publish.start + publish.seconds < pages.start + pages.seconds  # the workers last
    assert phases["pagefind"].start >= pages.start + pages.seconds


def _pagefind_running_during_mkdocs(
    monkeypatch: pytest.MonkeyPatch, wait: float, fail: bool = False
) -> list[bool]:
    """Spy: for each MkDocs build, whether a Pagefind run had started before it ended (MkDocs
    waits up to `wait` seconds for one); with `fail`, MkDocs then fails."""
    started = threading.Event()
    seen: list[bool] = []
    real_index, real_build = shards.write_search_index, mkdocs_build.build

    def write_search_index(*args: object, **kwargs: object) -> object:
        started.set()
        return real_index(*args, **kwargs)  # type: ignore[arg-type]

    def build(*args: object, **kwargs: object) -> None:
        seen.append(started.wait(wait))
        if fail:
            raise ValueError("on purpose")
        real_build(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(shards, "write_search_index", write_search_index)
    monkeypatch.setattr(mkdocs_build, "build", build)
    return seen


def test_a_rebuild_of_few_pages_indexes_them_beside_mkdocs_and_equals_a_full_build(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pagefind's run for the shard an edit changed was an edit rebuild's longest path: it
    starts before MkDocs, not after the page workers, and the site is a full build's."""
    add_quote(project)
    seen = _pagefind_running_during_mkdocs(monkeypatch, wait=60)
    report = build_site(project / "mkdocs.yml", project / "quotes")
    names = [phase.name for phase in report.phases]
    assert seen == [True]
    assert names.index("search pages") < names.index("mkdocs")
    assert report.pages_rendered < report.pages
    fresh = full_build_of(project, tmp_path)
    assert tree_digest(project / "site") == tree_digest(fresh / "site")


def test_a_rebuild_changing_no_name_or_count_keeps_the_name_index_and_equals_a_full_build(
    project: Path, tmp_path: Path
) -> None:
    """A quote's words edited: the name index is the last one, its files linked, not made;
    a quote added changes a count, and the index is made again. Both times the site is a
    full build's."""
    path = project / "quotes" / "bram-sample.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("only on paper.", "only on paper, still."),
        encoding="utf-8",
    )
    last = {p.name: p.stat().st_ino for p in (project / "site" / "names").iterdir()}
    build_site(project / "mkdocs.yml", project / "quotes")
    kept = {p.name: p.stat().st_ino for p in (project / "site" / "names").iterdir()}
    assert kept == last
    assert tree_digest(project / "site") == tree_digest(full_build_of(project, tmp_path) / "site")
    add_quote(project)
    build_site(project / "mkdocs.yml", project / "quotes")
    made = {p.name: p.stat().st_ino for p in (project / "site" / "names").iterdir()}
    assert not set(made.values()) & set(kept.values())
    fresh = full_build_of(project, tmp_path / "after-add")
    assert tree_digest(project / "site") == tree_digest(fresh / "site")


def test_a_rebuild_of_many_pages_starts_pagefind_once_the_page_workers_are_done(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Workers rendering many pages hold much memory: Pagefind waits for them, as in a full
    build (SIDE_TASK_PAGES)."""
    monkeypatch.setattr(site, "SIDE_TASK_PAGES", 0)
    add_quote(project)
    seen = _pagefind_running_during_mkdocs(monkeypatch, wait=1)
    report = build_site(project / "mkdocs.yml", project / "quotes")
    phases = {phase.name: phase for phase in report.phases}
    assert seen == [False]
    assert phases["pagefind"].start >= phases["pages"].start + phases["pages"].seconds


def test_failing_mkdocs_in_a_rebuild_cancels_pagefind_and_keeps_the_previous_site(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pagefind may be indexing when MkDocs fails in a rebuild: the build fails with MkDocs'
    error once that run ended, leaving no thread, file or folder behind."""
    add_quote(project)
    before = tree_digest(project / "site"), tree_digest(project / "content")
    threads = set(threading.enumerate())
    seen = _pagefind_running_during_mkdocs(monkeypatch, wait=60, fail=True)
    with pytest.raises(BuildError, match="MkDocs failed: on purpose"):
        build_site(project / "mkdocs.yml", project / "quotes")
    assert seen == [True]
    assert (tree_digest(project / "site"), tree_digest(project / "content")) == before
    assert not list(project.glob(".site-build-*"))
    assert set(threading.enumerate()) <= threads


def test_sharded_index_built_beside_mkdocs_equals_shards_indexed_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shards, "QUOTE_BUDGET", 1)
    project = make_project(tmp_path / "project", DATA / "site_archive")
    report = build_site(project / "mkdocs.yml", project / "quotes")
    alone = tmp_path / "alone"
    archive = load_archive(DATA / "site_archive").archive
    write_search(alone, archive)  # names/, the bundles and the phrase hints
    built = tree_digest(project / "site")
    searched = ("pagefind", "phrases/", "names/")
    indexed = {path: digest for path, digest in built.items() if path.startswith(searched)}
    assert any(path.startswith("phrases/") for path in indexed)
    assert report.search_indexes == len(search_shards(archive)) > 1
    assert indexed == tree_digest(alone)
    assert "index.html" in built


def test_phrase_filters_are_made_by_the_page_workers_and_only_for_changed_shards(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each changed shard's filter is made once, in a page worker (not this process), and
    a rebuild after an edit makes only the edited person's shard's."""
    monkeypatch.setattr(shards, "shard_count", lambda quotes, budget=None: 3)
    made_in = tmp_path / "made-in.txt"  # written by the forked workers: they share no memory
    real_filter = phrases.shard_filter

    def shard_filter(found: set[str]) -> bytes:
        with made_in.open("a", encoding="utf-8") as out:
            out.write(f"{os.getpid()}\n")
        return real_filter(found)

    monkeypatch.setattr(phrases, "shard_filter", shard_filter)
    project = make_project(tmp_path / "project", DATA / "site_archive")
    report = build_site(project / "mkdocs.yml", project / "quotes")
    pids = made_in.read_text(encoding="utf-8").split()
    assert report.search_indexes == 3
    assert len(pids) == 3 and str(os.getpid()) not in pids
    made_in.unlink()
    add_quote(project)
    build_site(project / "mkdocs.yml", project / "quotes")
    assert len(made_in.read_text(encoding="utf-8").split()) == 1
    assert (project / "site" / "phrases").is_dir()


def test_phrase_filters_are_made_here_when_the_workers_have_many_pages_to_render(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Workers rendering many pages hold much memory: they are not kept on for the filters
    (beside Pagefind); the build makes them itself and the site is the same."""
    monkeypatch.setattr(shards, "shard_count", lambda quotes, budget=None: 3)
    monkeypatch.setattr(site, "SIDE_TASK_PAGES", 5)  # a full build here renders 6
    pids: list[int] = []
    real_filter = phrases.shard_filter

    def shard_filter(found: set[str]) -> bytes:
        pids.append(os.getpid())  # only what this process makes is seen
        return real_filter(found)

    monkeypatch.setattr(phrases, "shard_filter", shard_filter)
    here = make_project(tmp_path / "here", DATA / "site_archive")
    build_site(here / "mkdocs.yml", here / "quotes")
    assert pids == [os.getpid()] * 3
    monkeypatch.setattr(site, "SIDE_TASK_PAGES", 500)
    in_workers = make_project(tmp_path / "in-workers", DATA / "site_archive")
    build_site(in_workers / "mkdocs.yml", in_workers / "quotes")
    assert len(pids) == 3  # none more made here
    assert tree_digest(here / "site") == tree_digest(in_workers / "site")


def test_a_rebuild_makes_lean_pages_for_changed_shards_only_and_equals_a_full_build(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lean_pages_made: list[str]
) -> None:
    """A shard whose people's pages kept their keys keeps its bundle without its lean pages
    being made, and in a shard that changed only the edited person's lean page is made (the
    others' are the last build's, search.record_cache); the site is still the one a full
    build makes, byte for byte."""
    monkeypatch.setattr(shards, "shard_count", lambda quotes, budget=None: 3)
    build(project)  # a new shard count: every shard indexed
    lean_pages_made.clear()
    add_quote(project)
    report = build_site(project / "mkdocs.yml", project / "quotes")
    archive = load_archive(project / "quotes").archive
    slugs = [s.slug for s in archive.speakers]
    alongside = [s for s in slugs if shards.shard_of(s, 3) == shards.shard_of("bram-sample", 3)]
    assert "bram-sample" in alongside and len(alongside) > 1 and set(alongside) < set(slugs)
    assert lean_pages_made == ["bram-sample"]
    assert report.search_indexes > 1
    assert report.records == len(slugs) + len(archive.topics)
    fresh = full_build_of(project, tmp_path)
    assert tree_digest(project / "site") == tree_digest(fresh / "site")


def test_failing_pagefind_stops_the_page_workers_and_keeps_the_previous_site_and_content(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = tree_digest(project / "site"), tree_digest(project / "content")
    (project / "quotes" / "ministry-of-examples.yaml").unlink()
    jobs: list[WorkersJob] = []

    def render_in_workers(*args: object, **kwargs: object) -> WorkersJob:
        jobs.append(real_render(*args, **kwargs))  # type: ignore[arg-type]
        return jobs[-1]

    def fail(*args: object, **kwargs: object) -> None:
        raise BuildError("Pagefind failed: on purpose")

    real_render = site.render_in_workers
    monkeypatch.setattr(site, "render_in_workers", render_in_workers)
    monkeypatch.setattr(site, "write_search_shards", fail)
    with pytest.raises(BuildError, match="on purpose"):
        build_site(project / "mkdocs.yml", project / "quotes", incremental=False)
    assert jobs and jobs[0].processes
    assert not any(process.is_alive() for process in jobs[0].processes)
    assert (tree_digest(project / "site"), tree_digest(project / "content")) == before
    assert not list(project.glob(".site-build-*"))


def test_failing_publish_cancels_the_search_indexing_and_keeps_the_previous_site(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pagefind runs in the background beside publishing: when publishing fails, the build
    fails with that error, not a later one, and leaves no thread, file or folder behind."""
    before = tree_digest(project / "site"), tree_digest(project / "content")
    threads = set(threading.enumerate())
    monkeypatch.setattr(shards, "QUOTE_BUDGET", 1)
    indexed: list[Path] = []
    real_index = shards.write_search_index

    def write_search_index(records: object, folder: Path, *args: object) -> object:
        indexed.append(folder)
        return real_index(records, folder, *args)  # type: ignore[arg-type]

    def fail(*args: object, **kwargs: object) -> None:
        raise BuildError("publishing failed: on purpose")

    monkeypatch.setattr(shards, "write_search_index", write_search_index)
    monkeypatch.setattr(site, "publish_files", fail)
    with pytest.raises(BuildError, match="publishing failed: on purpose"):
        build_site(project / "mkdocs.yml", project / "quotes", incremental=False)
    assert len(indexed) < len(shards.search_shards(load_archive(project / "quotes").archive))
    assert (tree_digest(project / "site"), tree_digest(project / "content")) == before
    assert not list(project.glob(".site-build-*"))
    assert set(threading.enumerate()) <= threads


def test_failing_page_worker_fails_the_build_and_keeps_the_previous_site_and_content(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = tree_digest(project / "site"), tree_digest(project / "content")
    real = ThemeRenderer.render

    def render(self: ThemeRenderer, file: File, source: HtmlPage) -> bytes | None:
        if file.src_uri == "people/bram-sample.md":
            raise RuntimeError("theme failed: on purpose")
        return real(self, file, source)

    monkeypatch.setattr(ThemeRenderer, "render", render)
    with pytest.raises(BuildError, match=r"(?s)person and topic pages failed.*on purpose"):
        build_site(project / "mkdocs.yml", project / "quotes", incremental=False)
    assert (tree_digest(project / "site"), tree_digest(project / "content")) == before
    assert not list(project.glob(".site-build-*"))


def test_any_number_of_page_workers_writes_the_same_site(tmp_path: Path) -> None:
    one = make_project(tmp_path / "one", DATA / "site_archive")
    build_site(one / "mkdocs.yml", one / "quotes", incremental=False, workers=1)
    three = make_project(tmp_path / "three", DATA / "site_archive")
    build_site(three / "mkdocs.yml", three / "quotes", incremental=False, workers=3)
    files = tree_digest(three / "site")
    assert "people/ada-quill/index.html" in files and "sitemap.xml.gz" in files
    assert files == tree_digest(one / "site")


def test_hand_written_page_where_the_index_goes_fails_the_build(project: Path) -> None:
    before = tree_digest(project / "site")
    (project / "content" / "pagefind").mkdir()
    (project / "content" / "pagefind" / "notes.md").write_text("# Notes\n", encoding="utf-8")
    with pytest.raises(BuildError, match="pagefind/ folder"):
        build(project)
    assert tree_digest(project / "site") == before


# -- Untrusted text ------------------------------------------------------------------------


class _Elements(HTMLParser):
    """Collect every start tag with its attributes and the text of every script."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)


def test_malicious_archive_never_reaches_a_page_as_markup_or_links(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", DATA / "malicious_archive")
    build_site(project / "mkdocs.yml", project / "quotes", site_url="https://example.org/sub")
    pages = sorted((project / "site").rglob("*.html"))
    assert len(pages) > 5
    for path in pages:
        html = path.read_text(encoding="utf-8")
        parser = _Elements()
        parser.feed(html)
        for tag, attrs in parser.tags:
            assert tag != "iframe", path
            for name, value in attrs.items():
                assert not (name.startswith("on") and "alert" in value), (path, tag, name)
                if name in ("href", "src"):
                    assert not value.strip().lower().startswith("javascript:"), (path, value)
        assert not [s for s in parser.scripts if "alert" in s], path
    person = read(project, "people/mallory/index.html")
    assert "{{ 7*7 }} {% raw %} &lt;script&gt;alert(&#39;text&#39;)&lt;/script&gt;" in person
    assert "[link](javascript:alert(&#39;md&#39;))" in person
    assert "{{ 6*7 }}" in read(project, "topics/evil/index.html")
    assert (
        '<meta property="og:title" content="&lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt;'
        'Mallory: quotes with sources">'
    ) in person
    assert '<meta property="og:url" content="https://example.org/sub/people/mallory/">' in person
    assert 'href="https://example.org/sub/feeds/people/mallory.xml"' in person


def test_build_publishes_feeds_and_the_data_export_in_the_site(built: Path) -> None:
    site = built / "site"
    for path in ("feeds/all.xml", "feeds/people/ada-quill.xml", "feeds/topics/bridges.xml",
                 "data/quotes.jsonl.gz", "data/quotes.csv.gz", "data/people/ada-quill.json",
                 "data/index.html"):  # fmt: skip
        assert (site / path).is_file(), path
    assert "https://quote-archive.example/people/ada-quill/#q-aq2025aa" in gzip.decompress(
        (site / "data/quotes.jsonl.gz").read_bytes()
    ).decode("utf-8")


# -- Addresses that last ---------------------------------------------------------------------


def test_every_quote_has_its_own_page_outside_the_sitemap(built: Path) -> None:
    site = built / "site"
    ids = ("aq2025aa", "aqold001", "aqfrag01", "aq2024bb", "bs2025cc")
    for quote_id in ids:
        page = read(built, f"q/{quote_id}/index.html")
        assert '<link rel="canonical" href="https://quote-archive.example/people/' in page
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "people/ada-quill/" in sitemap
    assert "/q/" not in sitemap
    assert "people/ada-q/" not in sitemap  # a former slug's page is no page to index


def test_a_former_slug_still_answers_for_its_page_feed_and_data(built: Path) -> None:
    site = built / "site"
    page = read(built, "people/ada-q/index.html")
    assert '<link rel="canonical" href="https://quote-archive.example/people/ada-quill/">' in page
    for old, new in (
        ("feeds/people/ada-q.xml", "feeds/people/ada-quill.xml"),
        ("data/people/ada-q.json", "data/people/ada-quill.json"),
    ):
        assert (site / old).read_bytes() == (site / new).read_bytes()


def test_quote_pages_follow_an_edit_in_an_incremental_rebuild(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page made from a speaker's file is made again when the file changes; the quote
    pages of the speakers whose files did not change are not even planned, and the site is
    the one a full build makes."""
    planned: list[str] = []
    real = permalinks._speaker_plans

    def speaker_plans(speaker: Speaker, *args: object) -> object:
        planned.append(speaker.slug)
        return real(speaker, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(permalinks, "_speaker_plans", speaker_plans)
    path = project / "quotes" / "bram-sample.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("name: Bram Sample", "name: Bram Sample-Moved"), encoding="utf-8")
    build(project)
    assert planned == ["bram-sample"]
    page = read(project, "q/bs2025cc/index.html")
    assert "Bram Sample-Moved" in page
    fresh = full_build_of(project, tmp_path)
    assert tree_digest(project / "site") == tree_digest(fresh / "site")


def test_a_hand_written_page_where_a_quote_page_goes_fails_the_build(project: Path) -> None:
    before = tree_digest(project / "site")
    (project / "content" / "q").mkdir()
    (project / "content" / "q" / "aq2025aa.md").write_text("# Mine\n", encoding="utf-8")
    with pytest.raises(BuildError, match="a q/ folder, where the build puts the quotes' own"):
        build(project)
    assert tree_digest(project / "site") == before


# -- Whole-archive files published elsewhere -----------------------------------------------

RELEASE = "https://github.com/example/archive/releases/download/archive-data/"


def _hrefs(page: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', page)


def test_whole_archive_files_go_to_downloads_and_the_data_page_links_them_there(
    project: Path, tmp_path: Path
) -> None:
    plain = make_project(tmp_path / "plain", DATA / "site_archive")
    build(plain)
    build_site(project / "mkdocs.yml", project / "quotes", downloads_url=RELEASE.rstrip("/"))
    site, downloads = project / "site", project / "downloads"
    assert sorted(p.name for p in downloads.iterdir()) == ["quotes.csv.gz", "quotes.jsonl.gz"]
    for name in ("quotes.jsonl.gz", "quotes.csv.gz"):
        assert not (site / "data" / name).exists()
        assert (downloads / name).read_bytes() == (plain / "site" / "data" / name).read_bytes()
    data_page = read(project, "data/index.html")
    links = _hrefs(data_page)
    assert RELEASE + "quotes.jsonl.gz" in links and RELEASE + "quotes.csv.gz" in links
    for href in links:  # every other link of the Data page leads to a file of the site
        if "://" not in href and not href.startswith(("#", "mailto:")):
            target = (site / "data" / href.split("#")[0]).resolve()
            assert target.is_file() or (target / "index.html").is_file(), href
    summary = json.loads(read(project, "data/summary.json"))
    assert summary["downloads"] == {
        "data/quotes.csv.gz": RELEASE + "quotes.csv.gz",
        "data/quotes.jsonl.gz": RELEASE + "quotes.jsonl.gz",
    }
    size = (downloads / "quotes.jsonl.gz").stat().st_size
    assert summary["files"]["data/quotes.jsonl.gz"] == size
    missing = read(project, "404.html")
    assert f'"data/quotes.jsonl.gz": "{RELEASE}quotes.jsonl.gz"' in missing
    assert "location.replace(moved[file])" in missing
    people = sorted(p.name for p in (site / "data" / "people").iterdir())
    assert people == sorted(p.name for p in (plain / "site" / "data" / "people").iterdir())


def test_without_a_downloads_url_the_data_page_links_the_files_beside_it(built: Path) -> None:
    links = _hrefs(read(built, "data/index.html"))
    assert "quotes.jsonl.gz" in links and "quotes.csv.gz" in links
    assert (built / "site" / "data" / "quotes.jsonl.gz").is_file()
    assert "downloads" not in json.loads(read(built, "data/summary.json"))
    assert "location.replace" not in read(built, "404.html")
    assert not (built / "downloads").exists()


def test_a_downloads_url_that_is_not_https_is_refused(project: Path) -> None:
    with pytest.raises(BuildError, match="downloads URL expected to start with https://"):
        build_site(project / "mkdocs.yml", project / "quotes", downloads_url="ftp://x/")


def test_the_loaded_archive_is_kept_out_of_the_collector_until_the_build_ends(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Frozen from the archive's loading to the end, through the page workers' start (which
    must not unfreeze it), and unfrozen after, whether the build succeeds or fails: a
    process that builds again and again (tests, a preview) must not keep garbage forever."""
    add_quote(project)
    seen: list[tuple[str, int]] = []
    real_render, real_publish = site.render_in_workers, site.publish_files

    def render_in_workers(*args: object, **kwargs: object) -> WorkersJob:
        seen.append(("before the workers", gc.get_freeze_count()))
        job = real_render(*args, **kwargs)  # type: ignore[arg-type]
        seen.append(("after the workers", gc.get_freeze_count()))
        return job

    def publish_files(*args: object, **kwargs: object) -> int:
        seen.append(("publishing", gc.get_freeze_count()))
        return real_publish(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(site, "render_in_workers", render_in_workers)
    monkeypatch.setattr(site, "publish_files", publish_files)
    assert gc.get_freeze_count() == 0
    build_site(project / "mkdocs.yml", project / "quotes")
    assert [where for where, _ in seen] == ["before the workers", "after the workers", "publishing"]
    frozen = dict(seen)
    assert frozen["before the workers"] > 1000  # the archive's objects, at least
    assert frozen["after the workers"] >= frozen["before the workers"]
    assert frozen["publishing"] >= frozen["before the workers"]
    assert gc.get_freeze_count() == 0

    def fail(*args: object, **kwargs: object) -> int:
        raise BuildError("publishing failed: on purpose")

    monkeypatch.setattr(site, "publish_files", fail)
    with pytest.raises(BuildError, match="on purpose"):
        build_site(project / "mkdocs.yml", project / "quotes")
    assert gc.get_freeze_count() == 0
