"""data/summary.json: what the Data page tells readers about the downloads."""

from __future__ import annotations

import json
from pathlib import Path

from generator.outputs import build_epoch, write_data_summary
from generator.publish import data_summary
from generator.store import load_archive

DATA = Path(__file__).parent / "data"


def test_summary_counts_the_archive_and_sizes_each_file_with_people_files_summed() -> None:
    archive = load_archive(DATA / "site_archive").archive
    sizes = {
        "data/quotes.jsonl.gz": 1200,
        "data/topics.json": 300,
        "data/people/ada-quill.json": 500,
        "data/people/bram-sample.json": 250,
    }
    summary = json.loads(data_summary(archive, sizes, "2025-03-15"))
    assert summary == {
        "quotes": 6,
        "speakers": 3,
        "topics": 3,
        "sources": 7,
        "as_of": "2025-03-15",
        "files": {"data/quotes.jsonl.gz": 1200, "data/topics.json": 300},
        "people_files": {"count": 2, "bytes": 750},
    }


def test_the_summary_dates_the_archive_by_the_build_epoch_given_or_its_own(tmp_path: Path) -> None:
    """The build works out the archive's date once and hands it on (`epoch`); without it
    the summary works it out: the same day either way."""
    archive = load_archive(DATA / "site_archive").archive
    own, given = tmp_path / "own", tmp_path / "given"
    write_data_summary(own, archive)
    write_data_summary(given, archive, epoch=build_epoch(archive))
    assert json.loads((own / "data" / "summary.json").read_bytes())["as_of"] == "2025-03-15"
    assert (given / "data" / "summary.json").read_bytes() == (
        own / "data" / "summary.json"
    ).read_bytes()
    elsewhere = tmp_path / "elsewhere"
    write_data_summary(elsewhere, archive, epoch=0)  # what an archive without dates gives
    assert json.loads((elsewhere / "data" / "summary.json").read_bytes())["as_of"] is None
