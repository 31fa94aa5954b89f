"""The build manifest: what the last build made, trusted only under the same fingerprint."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import jinja2
import pytest

from generator.buildcache import (
    CACHE_DIR,
    Manifest,
    build_fingerprint,
    forget_manifest,
    read_manifest,
    read_memo,
    template_cache,
    write_manifest,
    write_memo,
)

PROJECT = Path(__file__).parent.parent


def test_manifest_round_trips_through_its_file(tmp_path: Path) -> None:
    manifest = Manifest("f1", {"people/a.md": "k1", "topics/t.md": None}, {"0": "s0", "1": "s1"})
    write_manifest(tmp_path / "cache", manifest)
    assert read_manifest(tmp_path / "cache", "f1") == manifest


def test_a_manifest_made_under_another_fingerprint_or_version_is_not_used(
    tmp_path: Path,
) -> None:
    write_manifest(tmp_path, Manifest("f1", {}))
    assert read_manifest(tmp_path, "f2") is None
    old = '{"version": 1, "fingerprint": "f1", "pages": {"people/a.md": ["k", "d"]}}'
    (tmp_path / "manifest.json").write_text(old, encoding="utf-8")
    assert read_manifest(tmp_path, "f1") is None


def test_sort_keys_are_read_back_under_their_fingerprint_only(tmp_path: Path) -> None:
    keys = {"person\0Ada Quill": "quill ada", "person\0Émile Zed": "zed emile"}
    write_memo(tmp_path, "f1", keys)
    assert read_memo(tmp_path, "f1") == keys
    assert read_memo(tmp_path, "f2") == {}
    (tmp_path / "sort-keys.json").write_text('{"fingerprint": "f1", "keys": [', encoding="utf-8")
    assert read_memo(tmp_path, "f1") == {}


def test_a_missing_damaged_or_forgotten_manifest_is_no_manifest(tmp_path: Path) -> None:
    assert read_manifest(tmp_path, "f1") is None
    (tmp_path / "manifest.json").write_text('{"version": 1, "pages": [', encoding="utf-8")
    assert read_manifest(tmp_path, "f1") is None
    write_manifest(tmp_path, Manifest("f1", {}))
    forget_manifest(tmp_path)
    forget_manifest(tmp_path)
    assert read_manifest(tmp_path, "f1") is None


def project_copy(tmp_path: Path) -> Path:
    target = tmp_path / "project"
    target.mkdir(parents=True)
    shutil.copy(PROJECT / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(PROJECT / "overrides", target / "overrides")
    (target / "about.md").write_text("# About\n", encoding="utf-8")
    return target


def test_fingerprint_follows_configuration_pages_and_url_but_not_the_folder(
    tmp_path: Path,
) -> None:
    one = project_copy(tmp_path / "1")
    two = project_copy(tmp_path / "2")

    def fingerprint(project: Path, url: str = "https://example.org/") -> str:
        return build_fingerprint(project / "mkdocs.yml", [project / "about.md"], url)

    assert fingerprint(one) == fingerprint(two)
    assert fingerprint(one) != fingerprint(one, "https://example.net/")
    (two / "about.md").write_text("# About us\n", encoding="utf-8")
    assert fingerprint(one) != fingerprint(two)
    (two / "about.md").write_text("# About\n", encoding="utf-8")
    (two / "overrides" / "main.html").write_text("{% extends 'base.html' %}\n", encoding="utf-8")
    assert fingerprint(one) != fingerprint(two)


def _environment(folder: Path, **options: Any) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), **options)


def test_templates_compiled_once_are_loaded_compiled_until_their_source_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.html").write_text("<p>{{ words }}</p>\n", encoding="utf-8")
    first = _environment(templates)
    first.bytecode_cache = template_cache(tmp_path, first)
    assert first.get_template("page.html").render(words="a") == "<p>a</p>"
    compiled: list[str] = []
    real_compile = jinja2.Environment.compile

    def counted(self: jinja2.Environment, source: Any, name: Any = None, *args: Any) -> Any:
        compiled.append(str(name))
        return real_compile(self, source, name, *args)

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    second = _environment(templates)
    second.bytecode_cache = template_cache(tmp_path, second)
    assert second.get_template("page.html").render(words="b") == "<p>b</p>"
    assert compiled == []  # loaded compiled, from the first environment's cache
    (templates / "page.html").write_text("<div>{{ words }}</div>\n", encoding="utf-8")
    third = _environment(templates)
    third.bytecode_cache = template_cache(tmp_path, third)
    assert third.get_template("page.html").render(words="c") == "<div>c</div>"
    assert compiled == ["page.html"]  # its source changed
    # Options that change the compiled code keep templates apart.
    trimmed = _environment(templates, trim_blocks=True)
    trimmed.bytecode_cache = template_cache(tmp_path, trimmed)
    trimmed.get_template("page.html")
    assert compiled == ["page.html", "page.html"]


def test_a_template_cache_that_cannot_be_written_fails_nothing(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.html").write_text("{{ 1 + 1 }}", encoding="utf-8")
    (tmp_path / CACHE_DIR).write_text("a file where the cache's folder would be")
    env = _environment(templates)
    env.bytecode_cache = template_cache(tmp_path, env)
    assert env.get_template("page.html").render() == "2"
