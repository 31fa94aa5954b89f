"""Phrase hints: the shards holding two or three words side by side (generator.search.phrases)."""

from __future__ import annotations

import json
import random
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.outputs import write_search
from generator.search import shards
from generator.search.phrases import (
    BUCKETS,
    FALSE_POSITIVES,
    HASHES,
    FilterCache,
    holds,
    pair_hashes,
    phrase_files,
    phrase_index,
    segment_bytes,
    shard_filter,
    shard_filters,
    word_runs,
    words,
)
from generator.store import load_archive

DATA = Path(__file__).parent / "data"


def test_words_are_folded_as_the_search_page_folds_a_query() -> None:
    assert words("Élan, don't STOP: 2025's “Ünïcode” ñ") == [
        "elan", "don", "t", "stop", "2025", "s", "unicode", "n",
    ]  # fmt: skip
    assert words("Ωμέγα λόγος") == ["ωμεγα", "λογος"]
    assert words("  ") == []


def test_runs_are_two_and_three_neighbouring_words_of_each_text_never_across_texts() -> None:
    assert word_runs(["We build bridges.", "Bridges fall"]) == {
        "we build", "build bridges", "we build bridges", "bridges fall",
    }  # fmt: skip
    assert word_runs(["one", "two"]) == set()


def test_pair_hashes_are_crc32_then_mixed_and_the_step_is_odd() -> None:
    first, second, step = pair_hashes("we build")
    assert first == zlib.crc32(b"we build")
    assert all(0 <= value < 2**32 for value in (first, second, step))
    assert step % 2 == 1
    assert pair_hashes("we build") == (first, second, step)
    assert pair_hashes("we built") != (first, second, step)


def test_a_filter_holds_every_pair_it_was_made_from_and_few_others() -> None:
    rng = random.Random(7)
    vocabulary = [f"w{n}" for n in range(3000)]
    members = {f"{rng.choice(vocabulary)} {rng.choice(vocabulary)}" for _ in range(20_000)}
    data = shard_filter(members)
    assert len(data) == segment_bytes(len(members)) * BUCKETS
    assert all(holds(data, pair) for pair in members)
    others = [f"x{n} y{n}" for n in range(20_000)]
    rate = sum(holds(data, pair) for pair in others) / len(others)
    assert rate < 2 * FALSE_POSITIVES


def _filter_one_by_one(found: set[str]) -> bytes:
    """The filter as the search page reads it, a run at a time: each of its HASHES bits,
    from `pair_hashes`, set in the run's segment (what `holds` checks)."""
    size = segment_bytes(len(found))
    data = bytearray(size * BUCKETS)
    for run in found:
        first, position, step = pair_hashes(run)
        for hashed in range(HASHES):
            bit = (position + hashed * step) % (size * 8)
            data[(first % BUCKETS) * size + (bit >> 3)] |= 1 << (bit & 7)
    return bytes(data)


@pytest.mark.parametrize("runs", [0, 1, 7, 3_000, 40_000])
def test_the_filter_made_at_once_is_the_one_made_run_by_run(runs: int) -> None:
    """Hashes near 2**32 (their sums must not wrap), words in any script, segments of one
    byte and of many."""
    rng = random.Random(runs)
    vocabulary = [f"w{n}" for n in range(500)] + ["José", "Пєсков", "北京", "ﬁne", "a"]
    found = {" ".join(rng.choices(vocabulary, k=rng.choice((2, 3)))) for _ in range(runs)}
    assert shard_filter(found) == _filter_one_by_one(found)


def test_an_empty_shard_has_a_filter_that_holds_nothing() -> None:
    data = shard_filter(set())
    assert len(data) == BUCKETS
    assert not holds(data, "any pair")


def test_each_bucket_file_holds_that_bucket_of_every_shard_in_order() -> None:
    small, large = shard_filter({"a b"}), shard_filter({f"w{n} v{n}" for n in range(5000)})
    files = dict(phrase_files([small, large]))
    assert len(files) == BUCKETS
    sizes = [len(small) // BUCKETS, len(large) // BUCKETS]
    assert phrase_index(["pagefind", "pagefind-3"], [small, large]) == {
        "format": 2, "folder": "phrases/", "buckets": BUCKETS, "hashes": 3,
        "shards": ["pagefind", "pagefind-3"], "segments": sizes,
    }  # fmt: skip
    bucket = pair_hashes("w7 v7")[0] % BUCKETS
    data = files[f"{bucket:03x}.bin"]
    assert data == (
        small[bucket * sizes[0] : (bucket + 1) * sizes[0]]
        + large[bucket * sizes[1] : (bucket + 1) * sizes[1]]
    )


def _unread() -> Iterator[str]:
    raise AssertionError("the texts of a cached shard were read")
    yield ""  # pragma: no cover


def test_a_shard_whose_filter_is_cached_under_its_key_is_not_read_again(tmp_path: Path) -> None:
    cache = FilterCache(tmp_path / "phrases")
    made = shard_filters([iter(["we build bridges"]), iter(["taxes rise"])], ["k0", "k1"], cache)
    again = shard_filters(
        [_unread(), iter(["taxes fall"])], ["k0", "k2"], FilterCache(tmp_path / "phrases")
    )
    assert again[0] == made[0]
    assert holds(again[1], "taxes fall") and not holds(again[1], "taxes rise")


def test_the_cache_keeps_only_the_filters_of_the_last_build(tmp_path: Path) -> None:
    folder = tmp_path / "phrases"
    shard_filters([iter(["a b"]), iter(["c d"])], ["old", "kept"], FilterCache(folder))
    cache = FilterCache(folder)
    shard_filters([iter(["c d"]), iter(["e f"])], ["kept", "new"], cache)
    cache.prune()
    assert sorted(p.name for p in folder.iterdir()) == ["kept.bin", "new.bin"]


def test_a_damaged_cached_filter_is_made_again(tmp_path: Path) -> None:
    folder = tmp_path / "phrases"
    folder.mkdir()
    (folder / "k.bin").write_bytes(b"\x00" * (BUCKETS + 1))
    made = shard_filters([iter(["we build"])], ["k"], FilterCache(folder))
    assert holds(made[0], "we build")


def test_a_sharded_search_index_has_hints_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shards, "QUOTE_BUDGET", 1)  # several shards from a small archive
    archive = load_archive(DATA / "site_archive").archive
    write_search(tmp_path / "search", archive)
    listing = json.loads((tmp_path / "search/pagefind/shards.json").read_text(encoding="utf-8"))
    index = listing["phrases"]
    assert index["folder"] == "phrases/"
    assert index["shards"] == ["pagefind", *listing["shards"]]
    assert len(list((tmp_path / "search/phrases").iterdir())) == BUCKETS
    holder = shards.speaker_shards(archive)["bram-sample"]
    folder = shards.shard_folder(Path("pagefind"), holder).name
    quote = next(q for s in archive.speakers if s.slug == "bram-sample" for q in s.quotes)
    first, second, third = words(quote.text)[:3]
    for run in (f"{first} {second}", f"{first} {second} {third}"):
        bucket = pair_hashes(run)[0] % BUCKETS
        data = (tmp_path / f"search/phrases/{bucket:03x}.bin").read_bytes()
        offset = sum(index["segments"][: index["shards"].index(folder)])
        size = index["segments"][index["shards"].index(folder)]
        segment = bytearray(BUCKETS * size)
        segment[bucket * size : (bucket + 1) * size] = data[offset : offset + size]
        assert holds(bytes(segment), run)


def test_a_single_shard_has_no_hints(tmp_path: Path) -> None:
    archive = load_archive(DATA / "site_archive").archive
    write_search(tmp_path / "search", archive)
    assert not (tmp_path / "search/phrases").exists()
    listing = json.loads((tmp_path / "search/pagefind/shards.json").read_text(encoding="utf-8"))
    assert "phrases" not in listing


def test_an_untrusted_cache_is_not_read_but_keeps_what_is_made(tmp_path: Path) -> None:
    """A full build (`--full`) makes every filter again, and keeps them for the next build."""
    folder = tmp_path / "phrases"
    shard_filters([iter(["a b"])], ["k"], FilterCache(folder))
    made = shard_filters([iter(["c d"])], ["k"], FilterCache(folder, trust=False))
    assert holds(made[0], "c d") and not holds(made[0], "a b")
    again = shard_filters([_unread()], ["k"], FilterCache(folder))
    assert again == made


def test_a_shard_holding_the_pairs_apart_does_not_hold_their_triple() -> None:
    """Common pairs are in most shards of a large archive; their triple tells them apart."""
    together, apart = shard_filters(
        [["We build bridges."], ["We build roads.", "Roads and bridges: they build bridges."]]
    )
    for pair in ("we build", "build bridges"):
        assert holds(together, pair) and holds(apart, pair)
    assert holds(together, "we build bridges")
    assert not holds(apart, "we build bridges")
