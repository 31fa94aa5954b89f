"""The Pagefind index: a lean page per person and topic, shards, the service client, bundles."""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import json
import math
import os
import random
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.errors import BuildError
from generator.models import Speaker
from generator.search import (
    KEY_FILE,
    IndexSlots,
    PagefindService,
    ReusedShard,
    SearchRecord,
    Shard,
    _cbor_decode,
    _cbor_encode,
    content_key,
    context_around,
    drop_shared_files,
    files_open_under,
    name_entries,
    normalize_bundle,
    pagefind_executable,
    same_wasm,
    search_records,
    search_shards,
    shard_count,
    shard_folder,
    shard_of,
    shards,
    spool_shards,
    write_search_index,
    write_search_shards,
)
from generator.search.bundle import HIDDEN_WORD, JS_SPACE, FinishedFragments, _hide_words
from generator.store import load_archive

DATA = Path(__file__).parent / "data"
MALICIOUS_DIR = DATA / "malicious_archive"


@pytest.fixture(scope="module")
def records() -> dict[str, str]:
    archive = load_archive(DATA / "site_archive").archive
    return {r.url: r.html for r in search_records(archive)}


def test_records_are_one_page_per_person_and_per_topic(records: dict[str, str]) -> None:
    assert list(records) == [
        "/people/ada-quill/",
        "/people/bram-sample/",
        "/people/ministry-of-examples/",
        "/topics/bridges/",
        "/topics/budget/",
        "/topics/weather/",
    ]


def test_each_quote_starts_at_its_permalink_anchor_newest_first_with_no_heading_words(
    records: dict[str, str],
) -> None:
    html = records["/people/ada-quill/"]
    anchors = re.findall(r'<h2 id="([^"]+)"></h2>\n<p>([^<]*)</p>', html)
    assert anchors == [
        # The words end with a word of their own, so Pagefind adds no full stop to them.
        ("q-aq2025aa", "We will build the bridge before winter, and it will carry trams. ."),
        ("q-aq2024bb", "Taxes will not rise this year, whatever the budget office says. ."),
        ("q-aqnodate", "Every bridge begins with a plan on paper. ."),
    ]
    # Dates, statuses and topics are filters, not words: the stored meta carries them.
    assert "verified" not in html.split("data-pagefind-ignore")[0]
    assert "2025-03-14" not in html.split("data-pagefind-ignore")[0]


def test_variants_context_and_outlets_follow_the_quote_after_a_marker_and_ids_are_not_words(
    records: dict[str, str],
) -> None:
    html = records["/people/ada-quill/"]
    quote = html.index("carry trams. .</p>")
    marker = html.index('<div id="x-aq2025aa">')
    assert quote < marker < html.index("We shall build the bridge before the winter.")
    block = html[marker : html.index('<h2 id="q-aq2024bb"')]
    assert '<p data-pagefind-weight="0.3">Speaking at the harbour, the mayor said' in block
    outlets = '<p data-pagefind-weight="0.3">Harbour Gazette, Exampleton Radio</p>'
    assert block.endswith(outlets + "</div>\n")
    # An id is found at its own page (q/<id>/), not by the index: 8 % of a bundle at 200k.
    assert '<div id="x-aqnodate"></div>' in html
    assert ">aq2025aa<" not in html and ">aqnodate<" not in html


@pytest.fixture(scope="module")
def stored() -> dict[str, dict[str, str]]:
    archive = load_archive(DATA / "site_archive").archive
    return {r.url: dict(r.stored_meta) for r in search_records(archive)}


def test_quotes_meta_gives_each_quote_its_page_language_first_source_date_status_topics(
    stored: dict[str, dict[str, str]],
) -> None:
    facts = json.loads(stored["/people/ada-quill/"]["quotes"])
    assert facts["aq2025aa"] == [
        "", "", "Harbour Gazette", "Bridge promised before winter",
        "https://example.org/gazette/bridge", "2025-03-15", "2025-03-14", "verified", "Bridges",
    ]  # fmt: skip
    assert facts["aq2024bb"][6:] == ["2024-06", "disputed", "Budget & taxes"]
    assert facts["aqnodate"] == [
        "", "", "", "", "https://example.org/plans", "", "", "attributed", "Bridges",
    ]  # fmt: skip
    assert "aqfrag01" not in facts  # shown inside its longer quote


def test_fragments_shown_inside_their_longer_quote_are_not_indexed_twice(
    records: dict[str, str],
) -> None:
    assert "aqfrag01" not in records["/people/ada-quill/"]


def test_person_page_carries_every_filter_of_its_quotes_and_meta(records: dict[str, str]) -> None:
    html = records["/people/ada-quill/"]
    filters = re.findall(r'<span data-pagefind-filter="(\w+)">([^<]*)</span>', html)
    assert filters == [
        ("type", "Person"),
        ("speaker", "Ada Quill"),
        ("topic", "Bridges"),
        ("topic", "Budget &amp; taxes"),
        ("year", "2024"),
        ("year", "2025"),
        ("status", "attributed"),
        ("status", "disputed"),
        ("status", "verified"),
    ]
    assert '<span data-pagefind-sort="date">2025-03-14</span>' in html


def test_only_the_title_is_meta_in_the_page_the_rest_is_stored_beside_it(
    records: dict[str, str], stored: dict[str, dict[str, str]]
) -> None:
    # Pagefind indexes every meta value's words: "quotes" in the count would match everyone.
    html = records["/people/ada-quill/"]
    assert re.findall(r'data-pagefind-meta="(\w+)"', html) == ["title"]
    assert stored["/people/ada-quill/"]["count"] == "3 quotes"
    assert stored["/people/ada-quill/"]["description"] == "Mayor of Exampleton"
    assert list(stored["/people/ada-quill/"]) == ["description", "count", "quotes"]


def test_stored_meta_is_in_the_fragments_and_none_of_its_words_in_the_index(
    tmp_path: Path,
) -> None:
    archive = load_archive(DATA / "site_archive").archive
    records = list(search_records(archive))
    write_search_index(records, tmp_path)
    entry = json.loads((tmp_path / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta = _pf(tmp_path / f"pagefind.{entry['languages']['en']['hash']}.pf_meta")
    fragments = {}
    for name, _ in meta[1]:
        raw = gzip.decompress((tmp_path / "fragment" / f"{name}.pf_fragment").read_bytes())
        fragment = json.loads(raw[len(b"pagefind_dcd") :])
        fragments[fragment["url"]] = fragment
        if len(fragment["meta"]) > 1:  # renamed after its new bytes
            assert name == "en_" + hashlib.sha256(raw).hexdigest()[: len(name) - 3]
    assert len(fragments) == len(records) == len(list((tmp_path / "fragment").iterdir()))
    for record in records:
        assert fragments[record.url]["meta"] == {
            "title": fragments[record.url]["meta"]["title"],
            **dict(record.stored_meta),
        }
    words = {word[0] for path in (tmp_path / "index").iterdir() for word in _pf(path)[0]}
    assert "bram" in words and "winter" in words  # a name and a quote's word
    assert not [w for w in words if "https" in w or ("gazette" in w and w != "gazette")]
    assert "quotes" not in words and "mayor" in words  # the description is in the page


def test_fragments_keep_a_placeholder_for_each_word_no_result_shows(tmp_path: Path) -> None:
    """The words after a quote (its other wordings, context, outlets) find it but are never
    shown: the index keeps them, the fragment one letter for each, so every other word is
    still at the position the index gives for it. Their anchors go: the next quote's ends
    them."""
    archive = load_archive(DATA / "site_archive").archive
    records = list(search_records(archive))
    write_search_index(records, tmp_path)
    fragments = {}
    for path in (tmp_path / "fragment").iterdir():
        fragment = json.loads(gzip.decompress(path.read_bytes())[len(b"pagefind_dcd") :])
        fragments[fragment["url"]] = fragment
    ada = fragments["/people/ada-quill/"]
    words = re.split(r"\s+", ada["content"])
    anchors = sorted(ada["anchors"], key=lambda a: a["location"])
    assert [a["id"] for a in anchors] == ["q-aq2025aa", "q-aq2024bb", "q-aqnodate"]
    first, second = anchors[0], anchors[1]
    text = words[first["location"] : second["location"]]
    stored = "We will build the bridge before winter, and it will carry trams."
    shown = [*re.split(r"\s+", stored), "."]
    assert text[: len(shown)] == shown  # the words as stored, then END_OF_TEXT
    assert len(text) > len(shown) and set(text[len(shown) :]) == {"_"}  # variant, context...
    before = words[: first["location"]]  # the name, aliases and description stay
    assert before == ["Ada", "Quill.", "Quill.", "Mayor", "of", "Exampleton."]
    assert "harbour" not in ada["content"].lower() and "Gazette" not in ada["content"]
    # ... while the index still finds the quote by them.
    index_words = {w[0] for path in (tmp_path / "index").iterdir() for w in _pf(path)[0]}
    assert "harbour" in index_words and [w for w in index_words if w.startswith("gazett")]
    assert not [w for w in index_words if w.startswith("verifi")]  # a status: a filter
    assert "aq2025aa" not in index_words
    # Pagefind's own interfaces and worker: the search page loads neither.
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix in {".js", ".css"}) == [
        "pagefind.js"
    ]
    # Filtering works from the filter index: no result reads a fragment's filters.
    assert not [f for f in fragments.values() if "filters" in f or "word_count" in f]


def _hidden_one_by_one(content: str, spans: list[tuple[int, int]]) -> str:
    """What `_hide_words` does, the plain way: split into words, replace each, join."""
    words, spaces = JS_SPACE.split(content), JS_SPACE.findall(content)
    for start, end in spans:
        for at in range(start, min(end, len(words))):
            if words[at]:
                words[at] = HIDDEN_WORD
    return "".join(w + s for w, s in zip(words, [*spaces, ""], strict=True))


def test_hidden_words_are_the_ones_replaced_one_by_one() -> None:
    """Spans of any length, empty or past the end, on text starting or ending with spaces of
    every kind the browser splits on (and none it does not: U+200B is part of a word)."""
    pieces = ["a", "bé", "Пєс", "x.y", "\u200b", "", ""]
    spaces = [" ", "  ", "\n", "\t", "\u00a0", "\u2028", "\u3000", " \n "]
    for seed in range(500):
        rng = random.Random(seed)
        words = rng.randint(0, 30)
        content = "".join(rng.choice(pieces) + rng.choice(spaces) for _ in range(words))
        content = rng.choice(["", " "]) + content + rng.choice(["", "end"])
        starts = sorted(rng.randint(0, 35) for _ in range(rng.randint(1, 4)))
        spans = [(start, start + rng.randint(0, 10)) for start in starts]
        expected = _hidden_one_by_one(content, spans)
        assert _hide_words(content, spans) == expected, f"seed {seed}: {content!r} {spans}"


def test_stored_meta_keeps_fragment_names_when_the_meta_file_is_unreadable(
    tmp_path: Path,
) -> None:
    archive = load_archive(DATA / "site_archive").archive
    write_search_index(search_records(archive), tmp_path)
    entry = json.loads((tmp_path / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta_path = tmp_path / f"pagefind.{entry['languages']['en']['hash']}.pf_meta"
    # A form our codec does not write (a float): as a future Pagefind's meta file might be.
    meta_path.write_bytes(gzip.compress(gzip.decompress(meta_path.read_bytes()) + b"\xf9\x00\x00"))
    names = sorted(p.name for p in (tmp_path / "fragment").iterdir())
    normalize_bundle(tmp_path, {"/people/bram-sample/": (("note", "kept"),)})
    assert sorted(p.name for p in (tmp_path / "fragment").iterdir()) == names
    kept = [
        json.loads(gzip.decompress(p.read_bytes())[len(b"pagefind_dcd") :])
        for p in (tmp_path / "fragment").iterdir()
    ]
    assert [f["meta"]["note"] for f in kept if "note" in f["meta"]] == ["kept"]


def _pf(path: Path) -> Any:
    return _cbor_decode(gzip.decompress(path.read_bytes()), len(b"pagefind_dcd"))[0]


def test_person_record_weighs_the_name_above_everything(records: dict[str, str]) -> None:
    html = records["/people/ada-quill/"]
    assert '<h1 data-pagefind-weight="10">Ada Quill</h1>' in html
    assert '<p data-pagefind-weight="8">Quill</p>' in html


def test_topic_record_is_a_topic_without_quotes(records: dict[str, str]) -> None:
    html = records["/topics/budget/"]
    assert '<h1 data-pagefind-weight="8">Budget &amp; taxes</h1>' in html
    assert '<span data-pagefind-filter="type">Topic</span>' in html
    assert "<h2" not in html


@pytest.mark.parametrize(
    ("context", "text", "around"),
    [
        ("She said “We will win.” and left.", "We will win.", "She said “….” and left."),
        ("He said “Bridges, not walls”, twice.", "Bridges, not walls.", "He said “…”, twice."),
        ("“Is it?” she asked.", "Is it?", "“…” she asked."),
        # Not the words as stored (a shorter or other wording): the sentence stays whole.
        ("She said “We will win”.", "We will win, and soon.", "She said “We will win”."),
        ("", "Anything.", ""),
    ],
)
def test_context_leaves_out_the_quotes_own_words(context: str, text: str, around: str) -> None:
    assert context_around(context, text) == around


def test_records_escape_contributor_text() -> None:
    archive = load_archive(DATA / "malicious_archive").archive
    for record in search_records(archive):
        assert "<script" not in record.html
        assert "<img" not in record.html
        assert "<svg" not in record.html


def test_index_finds_records_and_writes_a_reproducible_bundle(tmp_path: Path) -> None:
    archive = load_archive(DATA / "site_archive").archive
    first = write_search_index(search_records(archive), tmp_path / "one")
    write_search_index(search_records(archive), tmp_path / "two")
    assert first.records == 6
    assert first.peak_rss_kb > 0
    entry = json.loads((tmp_path / "one" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["en"]["page_count"] == 6
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


def test_shard_count_grows_with_quotes_and_keeps_headroom() -> None:
    assert [shard_count(n, 100) for n in (0, 1, 75, 76, 150, 151, 1000)] == [1, 1, 1, 2, 2, 3, 14]


def test_an_archive_of_tens_of_thousands_of_quotes_gets_small_shards_for_quick_edits() -> None:
    """Shards of EDIT_SHARD_QUOTES while there are at most EDIT_SHARDS of them (a rebuild after
    an edit waits for its shard's Pagefind run), then memory's rule, never more shards than it
    gives at 200k quotes."""
    small = int(shards.EDIT_SHARD_QUOTES)
    assert [shard_count(n) for n in (0, small, small + 1, 20_000, 20_001)] == [1, 1, 2, 4, 4]
    assert shard_count(small * shards.EDIT_SHARDS) == shards.EDIT_SHARDS  # 90k: 16 of 5.6k
    assert shard_count(150_000) == shards.EDIT_SHARDS  # memory alone: 14
    budget = shards.QUOTE_BUDGET * shards.HEADROOM
    for quotes in (200_000, 1_000_000):  # memory's rule, as before
        assert shard_count(quotes) == math.ceil(quotes / budget) > shards.EDIT_SHARDS


def test_a_speaker_shard_depends_only_on_the_slug_and_the_count() -> None:
    assert shard_of("ada-quill", 7) == shard_of("ada-quill", 7)
    buckets = [shard_of(f"speaker-{n}", 4) for n in range(400)]
    assert sorted(set(buckets)) == [0, 1, 2, 3]
    assert min(buckets.count(b) for b in range(4)) > 70  # spread evenly enough


def test_shards_hold_every_person_once_and_topics_in_the_first() -> None:
    archive = load_archive(DATA / "site_archive").archive
    shards = search_shards(archive, 1)  # 5 quotes, 1 a shard: 7 buckets
    urls = [[r.url for r in shard.records()] for shard in shards]
    assert shards[0].number == 0
    assert [u for u in urls[0] if u.startswith("/topics/")] == [
        "/topics/bridges/", "/topics/budget/", "/topics/weather/",
    ]  # fmt: skip
    people = sorted(u for shard in urls for u in shard if u.startswith("/people/"))
    assert people == ["/people/ada-quill/", "/people/bram-sample/", "/people/ministry-of-examples/"]
    for shard in shards[1:]:
        assert shard.speakers and not shard.topics
        assert all(shard_of(s.slug, 7) == shard.number for s in shard.speakers)
    assert len(search_shards(archive)) == 1


def test_spooled_shards_give_back_the_same_lean_pages_without_the_archive(
    tmp_path: Path,
) -> None:
    archive = load_archive(MALICIOUS_DIR).archive
    shards = search_shards(archive, 1)
    spooled = spool_shards(shards, tmp_path / "pages")
    assert [s.number for s in spooled] == [s.number for s in shards]
    for shard, copy in zip(shards, spooled, strict=True):
        assert list(copy.records()) == list(shard.records())
    assert any("<" in r.html for copy in spooled for r in copy.records())


def test_adding_a_speaker_leaves_other_shards_as_they_were() -> None:
    archive = load_archive(DATA / "site_archive").archive
    newcomer = Speaker(slug="zed-new", name="Zed New", quotes=())
    grown = dataclasses.replace(archive, speakers=(*archive.speakers, newcomer))
    before = {s.number: content_key(list(s.records())) for s in search_shards(archive, 1)}
    after = {s.number: content_key(list(s.records())) for s in search_shards(grown, 1)}
    changed = {n for n in after if before.get(n) != after[n]}
    assert changed == {shard_of("zed-new", 7)}


def test_shards_are_written_beside_the_first_bundle_which_lists_them(tmp_path: Path) -> None:
    archive = load_archive(DATA / "site_archive").archive
    one, two = tmp_path / "one" / "pagefind", tmp_path / "two" / "pagefind"
    shards = search_shards(archive, 1)
    report = write_search_shards(shards, one)
    write_search_shards(search_shards(archive, 1), two)
    names = [shard_folder(one, s.number).name for s in shards]
    assert (report.records, report.shards, report.reused) == (6, len(shards), 0)
    assert len(shards) > 1
    assert json.loads((one / "shards.json").read_text(encoding="utf-8")) == {
        "shards": names[1:],
        "shared_wasm": True,  # one Pagefind made every bundle
    }
    counts = [
        json.loads((one.parent / name / "pagefind-entry.json").read_text(encoding="utf-8"))
        for name in names
    ]
    assert [c["languages"]["en"]["page_count"] for c in counts] == [
        len(list(s.records())) for s in shards
    ]
    assert _files(one.parent) == _files(two.parent)
    # What the search page takes from the first bundle only is there alone.
    shared = {"pagefind.js", "wasm.en.pagefind", "wasm.unknown.pagefind"}
    assert shared <= {p.name for p in one.iterdir()}
    for name in names[1:]:
        assert not shared & {p.name for p in (one.parent / name).iterdir()}, name
    # A rebuild that keeps those bundles still finds them sharing the first's.
    again = tmp_path / "again" / "pagefind"
    kept = write_search_shards(search_shards(archive, 1), again, previous=one)
    assert kept.reused == len(shards)
    assert json.loads((again / "shards.json").read_text(encoding="utf-8"))["shared_wasm"]
    assert _files(again.parent) == _files(one.parent)


def test_finished_fragments_of_shards_the_archive_no_longer_has_are_removed(
    tmp_path: Path,
) -> None:
    """Each shard's run prunes its own folder of finished fragments; the folders of shard
    numbers gone (an archive indexed in fewer shards) went on taking space."""
    archive = load_archive(DATA / "site_archive").archive
    finished = tmp_path / "finished"
    many = search_shards(archive, 1)
    write_search_shards(many, tmp_path / "many" / "pagefind", finished=finished)
    assert sorted(p.name for p in finished.iterdir()) == sorted(str(s.number) for s in many)
    (finished / "stray-file").write_text("not a shard", encoding="utf-8")
    one = search_shards(archive, 1000)
    assert len(one) == 1 < len(many)
    write_search_shards(one, tmp_path / "one" / "pagefind", finished=finished)
    assert [p.name for p in finished.iterdir()] == [str(one[0].number)]
    assert any((finished / str(one[0].number)).iterdir())


def test_bundles_share_their_wasm_only_when_every_one_has_the_same_bytes(tmp_path: Path) -> None:
    first, other = tmp_path / "pagefind", tmp_path / "pagefind-1"
    for bundle in (first, other):
        bundle.mkdir()
        (bundle / "wasm.en.pagefind").write_bytes(b"wasm for english")
    assert same_wasm(first, [other])
    (other / "wasm.unknown.pagefind").write_bytes(b"wasm for the rest")
    assert not same_wasm(first, [other])  # a language the first lacks
    (first / "wasm.unknown.pagefind").write_bytes(b"wasm for the rest")
    assert same_wasm(first, [other])
    (other / "wasm.en.pagefind").write_bytes(b"another version")
    assert not same_wasm(first, [other])
    assert not same_wasm(tmp_path / "empty", [])  # no wasm at all: nothing to share
    (other / "wasm.en.pagefind").write_bytes(b"wasm for english")
    drop_shared_files(other)  # as a build does once they are found the same
    assert not any(other.iterdir())
    assert same_wasm(first, [other])


def test_shards_indexed_two_at_a_time_equal_shards_indexed_one_by_one(tmp_path: Path) -> None:
    archive = load_archive(DATA / "site_archive").archive
    one, two = tmp_path / "one" / "pagefind", tmp_path / "two" / "pagefind"
    first = write_search_shards(search_shards(archive, 1), one, processes=1)
    both = write_search_shards(search_shards(archive, 1), two, processes=2)
    assert (first.records, first.shards) == (both.records, both.shards)
    assert _files(one.parent) == _files(two.parent)


def test_unchanged_shards_are_copied_from_the_previous_build(tmp_path: Path) -> None:
    archive = load_archive(DATA / "site_archive").archive
    first = tmp_path / "first" / "pagefind"
    write_search_shards(search_shards(archive, 1), first)
    ada = archive.speakers[0]
    changed = dataclasses.replace(ada, description="Former mayor")
    archive = dataclasses.replace(archive, speakers=(changed, *archive.speakers[1:]))
    again, fresh = tmp_path / "again" / "pagefind", tmp_path / "fresh" / "pagefind"
    report = write_search_shards(search_shards(archive, 1), again, previous=first)
    write_search_shards(search_shards(archive, 1), fresh)
    assert (report.shards - report.reused) == 1
    assert _files(again.parent) == _files(fresh.parent)
    ada_shard = shard_folder(again, shard_of(ada.slug, 7)).name
    assert _files(again.parent / ada_shard) != _files(first.parent / ada_shard)


def test_a_changed_shard_is_indexed_before_unchanged_ones_are_linked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rebuild's one changed shard starts Pagefind at once, not after the bundles kept from
    the last build (linked, a child process each) that come before it."""
    archive = load_archive(DATA / "site_archive").archive
    first = tmp_path / "first" / "pagefind"
    write_search_shards(search_shards(archive, 1), first)
    last = search_shards(archive, 1)[-1].speakers[0]  # in the last shard: many come before
    changed = dataclasses.replace(last, description="Former mayor")
    others = tuple(changed if s.slug == last.slug else s for s in archive.speakers)
    archive = dataclasses.replace(archive, speakers=others)
    steps: list[str] = []
    real_link, real_index = shards.link_tree, shards.write_search_index
    monkeypatch.setattr(
        shards, "link_tree", lambda *args: (steps.append("link"), real_link(*args))[1]
    )
    monkeypatch.setattr(
        shards,
        "write_search_index",
        lambda *args: (steps.append("index"), real_index(*args))[1],
    )
    again = tmp_path / "again" / "pagefind"
    found = [
        shard
        if any(p.slug == last.slug for p in shard.speakers)
        else ReusedShard(shard.number, shard_folder(first, shard.number), len(shard.speakers))
        for shard in search_shards(archive, 1)
    ]
    report = write_search_shards(found, again, previous=first, processes=1)
    assert report.shards - report.reused == 1 and report.reused > 1
    assert steps[0] == "index" and steps.count("link") == report.reused


def test_a_previous_build_without_keys_is_indexed_again(tmp_path: Path) -> None:
    archive = load_archive(DATA / "site_archive").archive
    (tmp_path / "old" / "pagefind").mkdir(parents=True)
    report = write_search_shards(
        search_shards(archive),
        tmp_path / "new" / "pagefind",
        previous=tmp_path / "old" / "pagefind",
    )
    assert report.reused == 0
    assert (tmp_path / "new" / "pagefind" / KEY_FILE).read_text(encoding="utf-8").strip()


def test_runs_wait_for_their_slots_and_one_writes_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No shard is indexed before a slot opens; with two open, two runs go at once, but
    their bundles are written one after the other (a run peaks while writing)."""
    running, writing, most = [0], [0], {"running": 0, "writing": 0}
    guard = threading.Lock()
    real_write = PagefindService.write_files
    real_new = PagefindService.new_index

    def count(key: str, held: list[int], step: int) -> None:
        with guard:
            held[0] += step
            most[key] = max(most[key], held[0])

    def new_index(self: PagefindService, config: dict[str, object]) -> int:
        count("running", running, 1)
        time.sleep(0.05)
        return real_new(self, config)

    def write_files(self: PagefindService, index_id: int, output_dir: Path) -> None:
        count("writing", writing, 1)
        time.sleep(0.05)
        real_write(self, index_id, output_dir)
        count("writing", writing, -1)
        count("running", running, -1)

    monkeypatch.setattr(PagefindService, "new_index", new_index)
    monkeypatch.setattr(PagefindService, "write_files", write_files)
    archive = load_archive(DATA / "site_archive").archive
    slots = IndexSlots()
    result: list[object] = []
    worker = threading.Thread(
        target=lambda: result.append(
            write_search_shards(search_shards(archive, 1), tmp_path / "pf", slots=slots)
        )
    )
    worker.start()
    time.sleep(0.3)
    assert most["running"] == 0 and not (tmp_path / "pf").exists()
    slots.open(2)
    worker.join()
    assert result and most == {"running": 2, "writing": 1}
    assert slots.first_taken is not None
    assert (tmp_path / "pf" / "pagefind-entry.json").is_file()


def test_cancelled_slots_stop_runs_not_started(tmp_path: Path) -> None:
    archive = load_archive(DATA / "site_archive").archive
    slots = IndexSlots()
    slots.cancel()
    with pytest.raises(BuildError, match="cancelled"):
        write_search_shards(search_shards(archive, 1), tmp_path / "pf", slots=slots)
    assert not (tmp_path / "pf").exists()


def test_a_failing_shard_fails_the_whole_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing(self: Shard) -> Iterator[SearchRecord]:
        if self.number == 2:
            raise BuildError("Pagefind failed: on purpose")
        yield from real(self)

    real = Shard.records
    monkeypatch.setattr(Shard, "records", failing)
    archive = load_archive(DATA / "site_archive").archive
    with pytest.raises(BuildError, match="on purpose"):
        write_search_shards(search_shards(archive, 1), tmp_path / "pf", processes=2)


def test_pagefind_errors_become_build_errors() -> None:
    with PagefindService(pagefind_executable()) as service, pytest.raises(BuildError):
        service.request({"type": "AddFile", "index_id": 99, "url": "/x/", "file_contents": "",
                         "file_path": None})  # fmt: skip


def test_pagefind_is_stopped_once_its_bundle_is_written_and_left_to_exit_otherwise(
    tmp_path: Path,
) -> None:
    """Pagefind frees its index for seconds before exiting; once the bundle is on disk with
    every file closed, it is stopped instead (SIGKILL), and the bundle is whole. Before
    that, closing its input lets it exit by itself (status 0)."""
    html = "<html><body><main data-pagefind-body><p>Parking meters</p></main></body></html>"
    with PagefindService(pagefind_executable()) as service:
        index = service.new_index({"force_language": "en"})
        service.request({"type": "AddFile", "index_id": index, "url": "/a/",
                         "file_contents": html, "file_path": None})  # fmt: skip
        service.write_files(index, tmp_path / "bundle")
    assert service._process is not None and service._process.returncode == -9
    assert (tmp_path / "bundle" / "pagefind-entry.json").is_file()
    assert json.loads((tmp_path / "bundle" / "pagefind-entry.json").read_text(encoding="utf-8"))
    with PagefindService(pagefind_executable()) as unwritten:
        unwritten.new_index({"force_language": "en"})
    assert unwritten._process is not None and unwritten._process.returncode == 0


def test_missing_pagefind_binary_is_a_build_error(tmp_path: Path) -> None:
    with pytest.raises(BuildError), PagefindService(tmp_path / "no-such-pagefind"):
        pass


@pytest.mark.parametrize(
    "value",
    [
        0,
        23,
        24,
        255,
        256,
        70000,
        2**33,
        -1,
        -25,
        -70000,
        "",
        "é" * 30,
        b"\x00\x01",
        [],
        ["a", [1, [-8, 3]]],
    ],
)
def test_cbor_codec_round_trips(value: object) -> None:
    encoded = _cbor_encode(value)
    assert _cbor_decode(encoded, 0) == (value, len(encoded))


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_the_name_index_tells_the_shard_that_holds_each_person(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The search page searches the shard of the people the words name first."""
    monkeypatch.setattr(shards, "QUOTE_BUDGET", 1)
    archive = load_archive(DATA / "site_archive").archive
    holder = {
        record.url: shard.number for shard in search_shards(archive) for record in shard.records()
    }
    entries = name_entries(archive)
    assert len({entry.shard for entry in entries}) > 1
    for entry in entries:
        assert holder["/" + entry.url] == entry.shard, entry.name


FORKED_WHILE_IMPORTING = """
import importlib._bootstrap as bootstrap, os, sys, threading, time
from generator.search.service import peak_rss_kb
held, done = threading.Event(), threading.Event()

def importing():  # a thread of the build in the middle of importing a codec's module
    lock = bootstrap._get_module_lock("encodings.ascii")
    lock.acquire(); held.set(); done.wait(); lock.release()

threading.Thread(target=importing).start()
held.wait()
child = os.fork()
if child == 0:  # a page worker asking its peak memory, as it does when its pages are done
    os._exit(0 if peak_rss_kb() > 0 and peak_rss_kb(os.getppid()) > 0 else 2)
for _ in range(600):
    ended, status = os.waitpid(child, os.WNOHANG)
    if ended:
        done.set()
        sys.exit(os.waitstatus_to_exitcode(status))
    time.sleep(0.05)
os.kill(child, 9)
done.set()
sys.exit(3)
"""


def test_peak_memory_is_read_in_a_child_forked_while_a_thread_imports() -> None:
    """The page workers are forked while Pagefind's thread runs; reading /proc by a codec's
    name imported the codec's module in the child, which waited forever for the lock the
    thread held at the fork (a build hung so). A fresh interpreter: no codec looked up yet."""
    result = subprocess.run(
        [sys.executable, "-c", FORKED_WHILE_IMPORTING],
        cwd=Path(__file__).parent.parent,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, (result.returncode, result.stderr)


def test_fragments_finished_by_the_last_build_are_linked_not_finished_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.search import bundle

    finishing = bundle._finished
    finished: list[str] = []

    def counted(fragment: Any, *args: Any) -> bytes | None:
        finished.append(fragment["url"])
        return finishing(fragment, *args)

    monkeypatch.setattr(bundle, "_finished", counted)
    archive = load_archive(DATA / "site_archive").archive
    records = list(search_records(archive))
    write_search_index(records, tmp_path / "plain")
    pages = len(finished)
    cache = tmp_path / "finished"
    for run in ("first", "second"):
        finished.clear()
        write_search_index(records, tmp_path / run, finished=FinishedFragments(cache))
        assert _files(tmp_path / run) == _files(tmp_path / "plain"), run
    assert pages > 0 and finished == []  # the second run finished none
    kept = {entry.stat().st_ino for entry in cache.iterdir()}
    linked = {p.stat().st_ino for p in (tmp_path / "second" / "fragment").iterdir()}
    assert len(kept) == pages and kept <= linked

    # One page changed: only its fragment is finished; the one it replaces is forgotten.
    at = next(i for i, r in enumerate(records) if r.url == "/people/bram-sample/")
    changed = dataclasses.replace(records[at], html=records[at].html.replace("</h1>", "x</h1>", 1))
    records[at] = changed
    write_search_index(records, tmp_path / "plain-changed")
    finished.clear()
    write_search_index(records, tmp_path / "third", finished=FinishedFragments(cache))
    assert finished == ["/people/bram-sample/"]
    assert _files(tmp_path / "third") == _files(tmp_path / "plain-changed")
    assert len(list(cache.iterdir())) == pages
    # Not trusted (a full build): every fragment finished again, the same bundle.
    finished.clear()
    untrusted = FinishedFragments(cache, trust=False)
    write_search_index(records, tmp_path / "fourth", finished=untrusted)
    assert len(finished) == pages
    assert _files(tmp_path / "fourth") == _files(tmp_path / "plain-changed")
