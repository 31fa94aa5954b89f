"""The data cache: unchanged files are not parsed again, and problems still point at lines."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from generator.checks import DATA_CACHE_FILE, load_valid_archive
from generator.errors import ArchiveError
from generator.store import DataCache, data_cache, load, load_archive
from generator.store.load import load_plain_archive

DATA = Path(__file__).parent / "data"


@pytest.fixture
def quotes(tmp_path: Path) -> Path:
    return Path(shutil.copytree(DATA / "site_archive", tmp_path / "quotes"))


def test_a_second_load_parses_nothing_and_gives_the_same_archive(
    quotes: Path, tmp_path: Path
) -> None:
    first = load_valid_archive(quotes, cache_dir=tmp_path / "cache")
    cache = DataCache.open(tmp_path / "cache" / DATA_CACHE_FILE)
    loaded = load_archive(quotes, cache=cache)
    assert loaded.cached == set(loaded.documents) == {
        "ada-quill", "bram-sample", "ministry-of-examples", "topics.yaml"}  # fmt: skip
    assert loaded.archive == first == load_archive(quotes).archive


def test_only_the_edited_file_is_parsed_again(quotes: Path, tmp_path: Path) -> None:
    load_valid_archive(quotes, cache_dir=tmp_path / "cache")
    path = quotes / "bram-sample.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Leader of", "Former leader of"), encoding="utf-8")
    archive = load_valid_archive(quotes, cache_dir=tmp_path / "cache")
    bram = next(s for s in archive.speakers if s.slug == "bram-sample")
    assert bram.description == "Former leader of the opposition"
    loaded = load_archive(quotes, cache=DataCache.open(tmp_path / "cache" / DATA_CACHE_FILE))
    assert loaded.cached == set(loaded.documents)


def test_a_problem_across_a_cached_file_is_reported_at_its_lines(
    quotes: Path, tmp_path: Path
) -> None:
    load_valid_archive(quotes, cache_dir=tmp_path / "cache")
    path = quotes / "bram-sample.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("id: bs2025cc", "id: aq2025aa"),
                    encoding="utf-8")  # fmt: skip
    with pytest.raises(ArchiveError) as raised:
        load_valid_archive(quotes, cache_dir=tmp_path / "cache")
    lines = {(p.path.rsplit("/", 1)[-1], p.line, p.code) for p in raised.value.problems}
    assert ("bram-sample.yaml", 6, "X001") in lines
    assert ("ada-quill.yaml", 11, "X001") in lines


def test_a_damaged_or_foreign_cache_is_ignored(quotes: Path, tmp_path: Path) -> None:
    cache_file = tmp_path / "cache" / DATA_CACHE_FILE
    load_valid_archive(quotes, cache_dir=tmp_path / "cache")
    cache_file.write_bytes(cache_file.read_bytes()[:40])
    assert load_archive(quotes, cache=DataCache.open(cache_file)).cached == set()
    cache_file.write_bytes(b"quote-archive data cache 1\n" + b"\0" * 16 + b"garbage")
    assert load_archive(quotes, cache=DataCache.open(cache_file)).cached == set()
    assert load_valid_archive(quotes, cache_dir=tmp_path / "cache") == load_archive(quotes).archive


def test_the_cache_forgets_files_that_left_the_archive(quotes: Path, tmp_path: Path) -> None:
    load_valid_archive(quotes, cache_dir=tmp_path / "cache")
    removed = (quotes / "ministry-of-examples.yaml").read_bytes()
    (quotes / "ministry-of-examples.yaml").unlink()
    load_valid_archive(quotes, cache_dir=tmp_path / "cache")
    (quotes / "ministry-of-examples.yaml").write_bytes(removed)
    loaded = load_archive(quotes, cache=DataCache.open(tmp_path / "cache" / DATA_CACHE_FILE))
    assert "ministry-of-examples" not in loaded.cached


def test_a_cache_written_in_many_pieces_reads_back_whole_and_a_cut_one_not_at_all(
    quotes: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.store import data_cache

    monkeypatch.setattr(data_cache, "PIECE", 1)
    load_valid_archive(quotes, cache_dir=tmp_path / "cache")
    cache_file = tmp_path / "cache" / DATA_CACHE_FILE
    assert len(load_archive(quotes, cache=DataCache.open(cache_file)).cached) == 4
    cache_file.write_bytes(cache_file.read_bytes()[:-10])
    assert load_archive(quotes, cache=DataCache.open(cache_file)).cached == set()


def _stored(cache_file: Path) -> dict[bytes, object]:
    return data_cache._read_entries(cache_file, data_cache.FORMAT + data_cache.code_digest())


def _edit_bram(quotes: Path, description: str) -> None:
    path = quotes / "bram-sample.yaml"
    text = re.sub(r"(?m)^description: .*$", f"description: {description}",
                  path.read_text(encoding="utf-8"), count=1)  # fmt: skip
    path.write_text(text, encoding="utf-8")


def test_an_edit_appends_to_the_cache_until_what_left_the_archive_is_too_much(
    quotes: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One file edited: its data is appended (the file's bytes before stay as they were),
    and read back with the rest; once the entries of bytes gone from the archive are more
    than STALE_SHARE of it, the file is written anew with the archive's only."""
    monkeypatch.setattr(data_cache, "STALE_SHARE", 0.5)  # 2 of 4 files may be stale
    cache_file = tmp_path / "cache" / DATA_CACHE_FILE
    load_valid_archive(quotes, cache_dir=tmp_path / "cache")
    before = cache_file.read_bytes()
    _edit_bram(quotes, "Former leader")
    load_valid_archive(quotes, cache_dir=tmp_path / "cache")
    after = cache_file.read_bytes()
    assert after.startswith(before) and len(after) > len(before)
    assert len(_stored(cache_file)) == 5  # one stale
    loaded = load_archive(quotes, cache=DataCache.open(cache_file))
    assert loaded.cached == set(loaded.documents)
    assert loaded.archive == load_archive(quotes).archive
    load_valid_archive(quotes, cache_dir=tmp_path / "cache")  # nothing new: nothing written
    assert cache_file.read_bytes() == after
    _edit_bram(quotes, "Acting leader")
    load_valid_archive(quotes, cache_dir=tmp_path / "cache")
    assert len(_stored(cache_file)) == 6  # two stale: half of the archive's four
    _edit_bram(quotes, "Interim leader")
    load_valid_archive(quotes, cache_dir=tmp_path / "cache")
    assert len(_stored(cache_file)) == 4  # three would be too many: written anew
    assert load_archive(quotes, cache=DataCache.open(cache_file)).cached == set(loaded.documents)


def test_a_piece_whose_length_claims_more_than_the_file_holds_is_not_trusted(
    quotes: Path, tmp_path: Path
) -> None:
    """Each piece is preceded by its length: a damaged length (here the largest there is)
    makes the cache untrusted, without trying to read or allocate that much."""
    load_valid_archive(quotes, cache_dir=tmp_path / "cache")
    cache_file = tmp_path / "cache" / DATA_CACHE_FILE
    header = len(data_cache.FORMAT) + len(data_cache.code_digest())
    raw = cache_file.read_bytes()
    (length,) = data_cache.LENGTH.unpack_from(raw, header)
    assert header + data_cache.LENGTH.size + length <= len(raw)  # the first piece, whole
    cache_file.write_bytes(raw[:header] + b"\xff" * data_cache.LENGTH.size + raw[header + 8 :])
    assert load_archive(quotes, cache=DataCache.open(cache_file)).cached == set()
    assert load_valid_archive(quotes, cache_dir=tmp_path / "cache") == load_archive(quotes).archive


def _digested_here(paths: list[Path]) -> None:
    raise AssertionError("the files were to be digested in a child")


def test_a_child_digests_the_files_while_the_cache_is_read_and_finds_the_same_documents(
    quotes: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_valid_archive(quotes, cache_dir=tmp_path / "cache")
    path = quotes / "bram-sample.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Leader of", "Head of"),
                    encoding="utf-8")  # fmt: skip
    alone = load_archive(quotes, cache=DataCache.open(tmp_path / "cache" / DATA_CACHE_FILE))
    monkeypatch.setattr(load, "PARALLEL_FROM", 2)
    # The test process may have threads of its own (a browser driver's, from tests before),
    # which `can_fork` refuses for safety; the child here only reads files.
    monkeypatch.setattr(load, "can_fork", lambda: True)
    children: list[int] = []
    real = load._digests_in_child

    def counted(paths: list[Path]) -> Any:
        children.append(len(paths))
        return real(paths)

    monkeypatch.setattr(load, "_digests_in_child", counted)
    cache = DataCache.open(tmp_path / "cache" / DATA_CACHE_FILE)
    # The parent digests nothing itself: the child's digests are used.
    monkeypatch.setattr(data_cache, "file_digest", _digested_here)
    beside = load_plain_archive(quotes, cache)
    assert children == [4]
    assert beside.archive == alone.archive
    assert beside.cached == alone.cached == {"ada-quill", "ministry-of-examples", "topics.yaml"}
    assert {p: cache.digest_of(p) for p in quotes.iterdir()} == {
        p: hashlib.blake2b(p.read_bytes(), digest_size=20).hexdigest() for p in quotes.iterdir()
    }


def test_a_child_that_fails_to_digest_leaves_it_to_the_parent(
    quotes: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load_valid_archive(quotes, cache_dir=tmp_path / "cache")
    monkeypatch.setattr(load, "PARALLEL_FROM", 2)
    monkeypatch.setattr(load, "can_fork", lambda: True)
    monkeypatch.setattr(load, "_send_digests", lambda paths, reply: os._exit(3))
    loaded = load_plain_archive(quotes, DataCache.open(tmp_path / "cache" / DATA_CACHE_FILE))
    assert loaded.cached == set(loaded.documents)
    assert loaded.archive == first
