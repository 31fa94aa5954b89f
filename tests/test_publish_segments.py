"""Export segments kept between builds: reused when unchanged, never when damaged or foreign."""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
from pathlib import Path

from generator.models import Archive, Quote, Source, Speaker
from generator.publish import SiteLinks, export_files
from generator.publish.segments import SegmentStore, group_speakers

LINKS = SiteLinks("https://example.org/archive/")
BIG = ("data/quotes.jsonl.gz", "data/quotes.csv.gz")


def archive(speakers: int = 200, edited: int | None = None) -> Archive:
    return Archive(
        tuple(
            Speaker(
                f"speaker-{n:03d}",
                f"Speaker {n}" + (" (edited)" if n == edited else ""),
                quotes=tuple(
                    Quote(f"s{n:03d}q{k}", f"Words {n} {k}", (Source("O", f"https://o.org/{n}"),))
                    for k in range(3)
                ),
            )
            for n in range(speakers)
        ),
        (),
    )


def digests(made: Archive) -> dict[str, str]:
    """Stand-ins for the digests of the speakers' files: of their values."""
    return {s.slug: hashlib.sha256(repr(s).encode()).hexdigest() for s in made.speakers}


def build(made: Archive, store: SegmentStore | None) -> dict[str, bytes]:
    files = export_files(made, LINKS, store=store, file_digests=digests(made))
    return {path: b"".join(chunks) for path, chunks in files}


def store(tmp_path: Path, fingerprint: str = "one", trust: bool = True) -> SegmentStore:
    return SegmentStore(tmp_path / "publish", fingerprint, trust)


def test_a_rebuild_from_the_cache_gives_the_same_bytes_and_compresses_nothing(
    tmp_path: Path,
) -> None:
    cold = store(tmp_path)
    first = build(archive(), cold)
    warm = store(tmp_path)
    second = build(archive(), warm)
    assert first == second == build(archive(), None)
    assert cold.compressed > 4 and cold.reused == 0
    assert warm.compressed == 0 and warm.reused == cold.compressed


def test_a_changed_speaker_compresses_its_group_and_the_next_one_only(tmp_path: Path) -> None:
    build(archive(), store(tmp_path))
    rebuild = store(tmp_path)
    changed = build(archive(edited=3), rebuild)
    assert changed == build(archive(edited=3), None)
    assert rebuild.compressed <= 2 * 2  # jsonl and csv; its group and the one after
    assert rebuild.reused >= 4
    before = build(archive(), None)
    assert {p for p in before if before[p] != changed[p]} == {*BIG, "data/people/speaker-003.json"}
    assert b"Speaker 3 (edited)" in gzip.decompress(changed["data/quotes.jsonl.gz"])


def test_a_different_fingerprint_never_reads_the_cache(tmp_path: Path) -> None:
    build(archive(), store(tmp_path, "one"))
    other = store(tmp_path, "two")
    assert build(archive(), other) == build(archive(), None)
    assert other.reused == 0


def test_a_damaged_or_missing_entry_is_compressed_again_not_served(tmp_path: Path) -> None:
    build(archive(), store(tmp_path))
    entries = sorted((tmp_path / "publish").glob("*.seg"))
    damaged = bytearray(entries[0].read_bytes())
    damaged[-3] ^= 0xFF
    entries[0].write_bytes(bytes(damaged))
    entries[1].write_bytes(entries[1].read_bytes()[:-1])
    entries[2].unlink()
    again = store(tmp_path)
    assert build(archive(), again) == build(archive(), None)
    assert again.compressed == 3


def test_a_full_build_fills_the_cache_without_reading_it(tmp_path: Path) -> None:
    build(archive(edited=5), store(tmp_path))
    full = store(tmp_path, trust=False)
    build(archive(), full)
    assert full.reused == 0
    assert store(tmp_path).get(None) is None
    warm = store(tmp_path)
    build(archive(), warm)
    assert warm.compressed == 0


def test_entries_this_build_did_not_use_are_removed(tmp_path: Path) -> None:
    build(archive(), store(tmp_path))
    count = len(list((tmp_path / "publish").glob("*.seg")))
    build(archive(edited=3), store(tmp_path))
    assert len(list((tmp_path / "publish").glob("*.seg"))) == count


def test_speakers_without_a_file_digest_are_compressed_every_time(tmp_path: Path) -> None:
    made = archive()
    for _ in range(2):
        second = store(tmp_path)
        files = export_files(made, LINKS, store=second, file_digests={})
        assert {p: b"".join(c) for p, c in files} == build(made, None)
    assert second.reused == 1  # the CSV header alone
    assert [p.name for p in (tmp_path / "publish").glob("*.seg")] == [
        f"{second.key('csv-header', '', '')}.seg"
    ]


def test_adding_a_speaker_changes_only_its_own_group() -> None:
    slugs = [f"speaker-{n:04d}" for n in range(0, 4000, 2)]
    before = group_speakers(slugs, slugs)
    added = sorted([*slugs, "speaker-1001"])
    after = group_speakers(added, added)
    assert 30 < len(before) < 150
    changed = [g for g in after if g not in before]
    assert len(changed) == 1 and "speaker-1001" in changed[0]


def test_groups_are_cut_the_same_whatever_the_items() -> None:
    slugs = [f"s{n}" for n in range(300)]
    speakers = [dataclasses.replace(Speaker("x", "X"), slug=s) for s in slugs]
    assert [[s.slug for s in g] for g in group_speakers(speakers, slugs)] == group_speakers(
        slugs, slugs
    )
