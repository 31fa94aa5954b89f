"""People's lean pages kept between builds: reused under the same key, made again otherwise,
and the spooled shard the same bytes either way."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from generator.models import Archive
from generator.search import shards
from generator.search.record_cache import RecordCache
from generator.store import load_archive

DATA = Path(__file__).parent / "data"


@pytest.fixture
def archive() -> Archive:
    return load_archive(DATA / "site_archive").archive


@pytest.fixture
def made(lean_pages_made: list[str]) -> list[str]:
    return lean_pages_made


def spooled(archive: Archive, folder: Path, cache: RecordCache | None = None) -> list[bytes]:
    """Each shard's spooled file, in shard order (one shard: the archive is small)."""
    result = shards.spool_shards(shards.search_shards(archive), folder, cache)
    return [shard.path.read_bytes() for shard in result if isinstance(shard, shards.SpooledShard)]


def keys_of(archive: Archive, **changed: str) -> dict[str, str]:
    return {s.slug: changed.get(s.slug.replace("-", "_"), "k-" + s.slug) for s in archive.speakers}


def test_lines_kept_under_their_key_are_reused_and_the_spool_is_the_same(
    archive: Archive, made: list[str], tmp_path: Path
) -> None:
    plain = spooled(archive, tmp_path / "plain")
    made.clear()
    cache = RecordCache(tmp_path / "cache", keys_of(archive))
    assert spooled(archive, tmp_path / "first", cache) == plain
    assert sorted(made) == sorted(s.slug for s in archive.speakers)
    made.clear()
    again = RecordCache(tmp_path / "cache", keys_of(archive))
    assert spooled(archive, tmp_path / "again", again) == plain
    assert made == []


def test_a_person_whose_key_changed_gets_a_new_lean_page_and_only_they_do(
    archive: Archive, made: list[str], tmp_path: Path
) -> None:
    spooled(archive, tmp_path / "first", RecordCache(tmp_path / "cache", keys_of(archive)))
    bram = next(s for s in archive.speakers if s.slug == "bram-sample")
    renamed = dataclasses.replace(bram, name="Bram Renamed")
    edited = dataclasses.replace(
        archive, speakers=tuple(renamed if s is bram else s for s in archive.speakers)
    )
    made.clear()
    cache = RecordCache(tmp_path / "cache", keys_of(edited, bram_sample="k-bram-2"))
    lines = spooled(edited, tmp_path / "edited", cache)
    assert made == ["bram-sample"]
    assert lines == spooled(edited, tmp_path / "plain")
    assert b"Bram Renamed" in lines[0]


def test_an_untrusted_cache_reads_nothing_but_keeps_what_is_made(
    archive: Archive, made: list[str], tmp_path: Path
) -> None:
    spooled(archive, tmp_path / "first", RecordCache(tmp_path / "cache", keys_of(archive)))
    made.clear()
    untrusted = RecordCache(tmp_path / "cache", keys_of(archive), trust=False)
    spooled(archive, tmp_path / "full", untrusted)
    assert sorted(made) == sorted(s.slug for s in archive.speakers)
    made.clear()
    spooled(archive, tmp_path / "next", RecordCache(tmp_path / "cache", keys_of(archive)))
    assert made == []


@pytest.mark.parametrize(
    "damage",
    [b"", b"not marshal", b"\xff" * 40],
)
def test_a_damaged_cache_file_is_an_empty_one(
    archive: Archive, made: list[str], tmp_path: Path, damage: bytes
) -> None:
    plain = spooled(archive, tmp_path / "plain")
    spooled(archive, tmp_path / "first", RecordCache(tmp_path / "cache", keys_of(archive)))
    for path in (tmp_path / "cache").iterdir():
        path.write_bytes(damage)
    made.clear()
    cache = RecordCache(tmp_path / "cache", keys_of(archive))
    assert spooled(archive, tmp_path / "again", cache) == plain
    assert sorted(made) == sorted(s.slug for s in archive.speakers)


def test_entries_of_another_shape_are_made_again(
    archive: Archive, made: list[str], tmp_path: Path
) -> None:
    plain = spooled(archive, tmp_path / "plain")
    cache = RecordCache(tmp_path / "cache", keys_of(archive))
    slugs = [s.slug for s in archive.speakers]
    odd: list[object] = [("k-" + slugs[0], 7), ["k-" + slugs[1], "line\n"], ("k-" + slugs[2],)]
    cache.keep(0, dict(zip(slugs, odd, strict=False)))  # type: ignore[arg-type]
    made.clear()
    assert spooled(archive, tmp_path / "again", cache) == plain
    assert sorted(made) == sorted(slugs)


def test_a_cache_that_cannot_be_written_does_not_stop_the_spooling(
    archive: Archive, tmp_path: Path
) -> None:
    plain = spooled(archive, tmp_path / "plain")
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache's folder would be", encoding="utf-8")
    assert spooled(archive, tmp_path / "again", RecordCache(blocked, keys_of(archive))) == plain
    assert blocked.read_text(encoding="utf-8").startswith("a file")
