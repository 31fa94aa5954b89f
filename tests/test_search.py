"""The Pagefind index: lean records from the archive, our service client, reproducible output."""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.errors import BuildError
from generator.search import (
    PagefindService,
    SearchRecord,
    _cbor_decode,
    _cbor_encode,
    files_open_under,
    pagefind_executable,
    search_records,
    search_shards,
    write_search_index,
    write_search_shards,
)
from generator.store import load_archive

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def records() -> dict[str, str]:
    archive = load_archive(DATA / "site_archive").archive
    return {r.url: r.html for r in search_records(archive)}


def test_records_cover_people_topics_and_quotes_at_their_permalinks(
    records: dict[str, str],
) -> None:
    assert list(records) == [
        "/people/ada-quill/",
        "/people/bram-sample/",
        "/people/ministry-of-examples/",
        "/topics/bridges/",
        "/topics/budget/",
        "/topics/weather/",
        "/people/ada-quill/#q-aq2025aa",
        "/people/ada-quill/#q-aq2024bb",
        "/people/ada-quill/#q-aqnodate",
        "/people/bram-sample/#q-bs2025cc",
        "/people/ministry-of-examples/#q-me2023dd",
    ]


def test_fragments_shown_inside_their_longer_quote_are_not_indexed_twice(
    records: dict[str, str],
) -> None:
    assert not [url for url in records if "aqfrag01" in url]


def test_quote_record_carries_filters_and_meta_for_the_result(records: dict[str, str]) -> None:
    html = records["/people/ada-quill/#q-aq2025aa"]
    assert '<span data-pagefind-filter="speaker">Ada Quill</span>' in html
    assert '<span data-pagefind-filter="topic">Bridges</span>' in html
    assert '<span data-pagefind-filter="year">2025</span>' in html
    assert '<span data-pagefind-filter="type">Quote</span>' in html
    assert '<span data-pagefind-meta="date">14 March 2025</span>' in html
    assert '<span data-pagefind-sort="date">2025-03-14</span>' in html
    assert "We shall build the bridge before the winter." in html


def test_person_record_weighs_the_name_above_everything(records: dict[str, str]) -> None:
    html = records["/people/ada-quill/"]
    assert '<h1 data-pagefind-weight="10">Ada Quill</h1>' in html
    assert '<p data-pagefind-weight="8">Quill</p>' in html


def test_records_escape_contributor_text() -> None:
    archive = load_archive(DATA / "malicious_archive").archive
    for record in search_records(archive):
        assert "<script" not in record.html
        assert "<img" not in record.html


def test_index_finds_records_and_writes_a_reproducible_bundle(tmp_path: Path) -> None:
    archive = load_archive(DATA / "site_archive").archive
    first = write_search_index(search_records(archive), tmp_path / "one")
    write_search_index(search_records(archive), tmp_path / "two")
    assert first.records == 11
    assert first.peak_rss_kb > 0
    entry = json.loads((tmp_path / "one" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["en"]["page_count"] == 11
    assert _files(tmp_path / "one") == _files(tmp_path / "two")


def test_written_bundle_is_complete_when_indexing_returns(tmp_path: Path) -> None:
    archive = load_archive(DATA / "site_archive").archive
    write_search_index(search_records(archive), tmp_path)
    assert b"export{" in (tmp_path / "pagefind.js").read_bytes()[-400:]
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert path.stat().st_size > 0, path
        if path.suffix.startswith(".pf_"):
            assert gzip.decompress(path.read_bytes()).startswith(b"pagefind_dcd"), path


def test_files_open_under_lists_only_open_files_in_the_folder(tmp_path: Path) -> None:
    inside, outside = tmp_path / "bundle" / "a.js", tmp_path / "b.js"
    inside.parent.mkdir()
    with inside.open("wb"), outside.open("wb"):
        assert files_open_under(os.getpid(), tmp_path / "bundle") == [str(inside.resolve())]
    assert files_open_under(os.getpid(), tmp_path / "bundle") == []


def test_filter_values_are_sorted_in_the_written_bundle(tmp_path: Path) -> None:
    archive = load_archive(DATA / "site_archive").archive
    write_search_index(search_records(archive), tmp_path)
    for path in (tmp_path / "filter").iterdir():
        raw = gzip.decompress(path.read_bytes())
        name, values = _cbor_decode(raw, len(b"pagefind_dcd"))[0]
        assert [v[0] for v in values] == sorted(v[0] for v in values), name


def test_shards_keep_people_and_topics_first_then_quotes_newest_first() -> None:
    archive = load_archive(DATA / "site_archive").archive
    shards = [[r.url for r in shard.records()] for shard in search_shards(archive, 7)]
    assert shards == [
        ["/people/ada-quill/", "/people/bram-sample/", "/people/ministry-of-examples/",
         "/topics/bridges/", "/topics/budget/", "/topics/weather/",
         "/people/ada-quill/#q-aq2025aa"],
        ["/people/bram-sample/#q-bs2025cc", "/people/ada-quill/#q-aq2024bb",
         "/people/ministry-of-examples/#q-me2023dd", "/people/ada-quill/#q-aqnodate"],
    ]  # fmt: skip
    assert sorted(url for shard in shards for url in shard) == sorted(
        r.url for r in search_records(archive)
    )


def test_people_and_topics_stay_in_the_first_shard_when_it_is_full() -> None:
    archive = load_archive(DATA / "site_archive").archive
    sizes = [len(list(shard.records())) for shard in search_shards(archive, 2)]
    assert sizes == [6, 2, 2, 1]
    assert [len(list(shard.records())) for shard in search_shards(archive)] == [11]


def test_shards_are_written_beside_the_first_bundle_which_lists_them(tmp_path: Path) -> None:
    archive = load_archive(DATA / "site_archive").archive
    one, two = tmp_path / "one" / "pagefind", tmp_path / "two" / "pagefind"
    report = write_search_shards([s.records() for s in search_shards(archive, 4)], one)
    write_search_shards([s.records() for s in search_shards(archive, 4)], two)
    assert (report.records, report.shards) == (11, 3)
    assert json.loads((one / "shards.json").read_text(encoding="utf-8")) == {
        "shards": ["pagefind-1", "pagefind-2"]
    }
    counts = [
        json.loads((one.parent / name / "pagefind-entry.json").read_text(encoding="utf-8"))
        for name in ("pagefind", "pagefind-1", "pagefind-2")
    ]
    assert [c["languages"]["en"]["page_count"] for c in counts] == [6, 4, 1]
    assert _files(one.parent) == _files(two.parent)


def test_shards_indexed_two_at_a_time_equal_shards_indexed_one_by_one(tmp_path: Path) -> None:
    archive = load_archive(DATA / "site_archive").archive
    one, two = tmp_path / "one" / "pagefind", tmp_path / "two" / "pagefind"
    first = write_search_shards([s.records() for s in search_shards(archive, 2)], one, processes=1)
    both = write_search_shards([s.records() for s in search_shards(archive, 2)], two, processes=2)
    assert (first.records, first.shards) == (both.records, both.shards) == (11, 4)
    assert _files(one.parent) == _files(two.parent)


def test_a_failing_shard_fails_the_whole_index(tmp_path: Path) -> None:
    def failing() -> Iterator[SearchRecord]:
        raise BuildError("Pagefind failed: on purpose")
        yield  # pragma: no cover - makes this a generator

    archive = load_archive(DATA / "site_archive").archive
    shards = [s.records() for s in search_shards(archive, 2)]
    with pytest.raises(BuildError, match="on purpose"):
        write_search_shards([*shards[:2], failing(), *shards[2:]], tmp_path / "pf", processes=2)


def test_pagefind_errors_become_build_errors() -> None:
    with PagefindService(pagefind_executable()) as service, pytest.raises(BuildError):
        service.request({"type": "AddFile", "index_id": 99, "url": "/x/", "file_contents": "",
                         "file_path": None})  # fmt: skip


def test_missing_pagefind_binary_is_a_build_error(tmp_path: Path) -> None:
    with pytest.raises(BuildError), PagefindService(tmp_path / "no-such-pagefind"):
        pass


@pytest.mark.parametrize(
    "value",
    [0, 23, 24, 255, 256, 70000, 2**33, "", "é" * 30, b"\x00\x01", [], ["a", [1, [2, 3]]]],
)
def test_cbor_codec_round_trips(value: object) -> None:
    encoded = _cbor_encode(value)
    assert _cbor_decode(encoded, 0) == (value, len(encoded))


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }
