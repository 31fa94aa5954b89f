"""The quote-archive MkDocs plugin: `mkdocs build` alone builds the whole site, the same bytes
as `python -m generator build`, with the theme's overrides on every page."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from site_project import add_quote, make_project, tree_digest

from generator.plugin import NAME, QuoteArchivePlugin
from generator.site import build_site

DATA = Path(__file__).parent / "data"
PROJECT = Path(__file__).parent.parent


def mkdocs_build(project: Path, site: Path) -> subprocess.CompletedProcess[str]:
    """Plain `mkdocs build`, as a user runs it (the build date comes from the archive)."""
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "-d", str(site)],
        cwd=project, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The test archive built by `python -m generator build` and by `mkdocs build`."""
    project = make_project(tmp_path_factory.mktemp("both") / "project")
    build_site(project / "mkdocs.yml", project / "quotes", incremental=False)
    result = mkdocs_build(project, project / "plain")
    assert result.returncode == 0, result.stderr
    return project / "site", project / "plain"


def test_mkdocs_build_alone_makes_the_same_site_byte_for_byte(both: tuple[Path, Path]) -> None:
    ours, plain = both
    files = tree_digest(ours)
    for path in ("people/ada-quill/index.html", "topics/budget/index.html", "index.html",
                 "about/index.html", "sitemap.xml", "sitemap.xml.gz", "feeds/all.xml",
                 "data/quotes.jsonl.gz", "q/aq2025aa/index.html", "names/index.json",
                 "pagefind/pagefind-entry.json", "people/ada-q/index.html"):  # fmt: skip
        assert path in files, path
    assert tree_digest(plain) == files


def test_person_pages_are_in_the_theme_with_their_table_of_contents(
    both: tuple[Path, Path],
) -> None:
    page = (both[1] / "people" / "ada-quill" / "index.html").read_text(encoding="utf-8")
    assert "<title>Ada Quill - Quote archive</title>" in page
    assert 'class="md-content__inner md-typeset"' in page
    toc = page.split('aria-label="Table of contents"')[1].split("</nav>")[0]
    anchors = re.findall(r'href="(#[^"]+)"', toc)
    assert anchors == ["#2025", "#undated", "#disputed-and-misattributed"]
    assert '<link rel="canonical" href="https://quote-archive.example/people/ada-quill/">' in page


def test_sitemap_lists_person_and_topic_pages_but_not_quote_pages(both: tuple[Path, Path]) -> None:
    sitemap = (both[1] / "sitemap.xml").read_text(encoding="utf-8")
    assert "https://quote-archive.example/people/ada-quill/</loc>" in sitemap
    assert "https://quote-archive.example/topics/budget/</loc>" in sitemap
    assert "https://quote-archive.example/about/</loc>" in sitemap
    assert "/q/" not in sitemap
    assert "<lastmod>2025-03-15</lastmod>" in sitemap  # the archive's newest date


def test_after_an_edit_an_incremental_build_equals_mkdocs_build(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    build_site(project / "mkdocs.yml", project / "quotes")
    add_quote(project)
    report = build_site(project / "mkdocs.yml", project / "quotes")
    assert report.incremental and report.pages_kept > 0
    result = mkdocs_build(project, project / "plain")
    assert result.returncode == 0, result.stderr
    assert tree_digest(project / "plain") == tree_digest(project / "site")


def test_an_override_applies_to_every_page_both_ways(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    override = project / "overrides" / "main.html"
    marker = '<meta name="qa-test" content="{{ page.url | e }}">\n'
    text = override.read_text(encoding="utf-8")
    override.write_text(text.replace("{% block extrahead %}", "{% block extrahead %}\n" + marker))
    build_site(project / "mkdocs.yml", project / "quotes", incremental=False)
    result = mkdocs_build(project, project / "plain")
    assert result.returncode == 0, result.stderr
    for site in (project / "site", project / "plain"):
        pages = [p for p in site.rglob("index.html") if "/q/" not in p.as_posix()]
        pages = [p for p in pages if p.parent.name != "ada-q"]  # a former slug: plain HTML
        assert len(pages) >= 10
        for page in pages:
            url = page.parent.relative_to(site).as_posix() + "/"
            expected = "" if url == "./" else url
            assert f'<meta name="qa-test" content="{expected}">' in page.read_text(), page
    assert tree_digest(project / "plain") == tree_digest(project / "site")


def test_mkdocs_build_of_an_invalid_archive_fails_with_each_problem_at_its_line(
    tmp_path: Path,
) -> None:
    project = make_project(tmp_path / "project")
    path = project / "quotes" / "bram-sample.yaml"
    path.write_text(path.read_text().replace("date: 2025-01-02", "date: 2025-13-02"))
    result = mkdocs_build(project, project / "plain")
    assert result.returncode == 1
    assert re.search(r"quotes/bram-sample\.yaml:8:\d+: S105", result.stderr), result.stderr
    assert not (project / "plain" / "index.html").exists()


def test_a_page_left_in_content_where_the_archive_makes_one_is_not_published(
    tmp_path: Path,
) -> None:
    project = make_project(tmp_path / "project")
    stale = project / "content" / "people" / "ada-quill.md"
    stale.parent.mkdir(parents=True)
    stale.write_text("# Ada Quill\n\nTampered.\n", encoding="utf-8")
    result = mkdocs_build(project, project / "plain")
    assert result.returncode == 0, result.stderr
    page = (project / "plain" / "people" / "ada-quill" / "index.html").read_text()
    assert "Tampered" not in page and "We will build the bridge" in page


def test_serve_rebuilds_when_the_archive_changes(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    plugin = QuoteArchivePlugin()
    plugin.load_config({"quotes_dir": "quotes"})
    watched: list[str] = []

    class Server:
        def watch(self, path: str) -> None:
            watched.append(path)

    class Config(dict[str, Any]):
        config_file_path = str(project / "mkdocs.yml")

    plugin.on_serve(Server(), config=Config(), builder=None)  # type: ignore[arg-type]
    assert watched == [str((project / "quotes").resolve())]


def test_the_plugin_is_installed_under_its_name_in_mkdocs_yml() -> None:
    from importlib import metadata

    (entry,) = metadata.entry_points(group="mkdocs.plugins", name=NAME)
    assert entry.load() is QuoteArchivePlugin
    assert f"  - {NAME}:" in (PROJECT / "mkdocs.yml").read_text(encoding="utf-8")


def test_downloads_url_in_mkdocs_yml_moves_the_whole_archive_files_both_ways(
    tmp_path: Path,
) -> None:
    project = make_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    url = "https://github.com/example/archive/releases/download/archive-data/"
    text = config.read_text(encoding="utf-8")
    option = f"      quotes_dir: quotes\n      downloads_url: {url}\n"
    config.write_text(text.replace("      quotes_dir: quotes\n", option), encoding="utf-8")
    build_site(config, project / "quotes", incremental=False)
    ours = tree_digest(project / "downloads")
    shutil.rmtree(project / "downloads")
    result = mkdocs_build(project, project / "plain")
    assert result.returncode == 0, result.stderr
    assert tree_digest(project / "downloads") == ours
    assert sorted(ours) == ["quotes.csv.gz", "quotes.jsonl.gz"]
    assert tree_digest(project / "plain") == tree_digest(project / "site")
    page = (project / "plain" / "data" / "index.html").read_text(encoding="utf-8")
    assert f'href="{url}quotes.jsonl.gz"' in page and f'href="{url}quotes.csv.gz"' in page
    assert not (project / "plain" / "data" / "quotes.jsonl.gz").exists()
