"""The data export: JSON lines valid against its schema, safe CSV, per-person JSON, streamed."""

from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path

import jsonschema
import pytest

from generator.models import Archive, Quote, Source, Speaker
from generator.publish import SiteLinks, export_files, site_files, write_site_files
from generator.publish import export as export_module
from generator.publish.export import CSV_COLUMNS, QUOTE_SCHEMA
from generator.store import load_archive

DATA = Path(__file__).parent / "data"
LINKS = SiteLinks("https://example.org/archive/")


def exported(archive: Archive) -> dict[str, bytes]:
    return {path: b"".join(chunks) for path, chunks in export_files(archive, LINKS)}


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    return exported(load_archive(DATA / "site_archive").archive)


def test_jsonl_has_one_schema_valid_record_per_quote(files: dict[str, bytes]) -> None:
    lines = gzip.decompress(files["data/quotes.jsonl.gz"]).decode().splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) == 6
    for record in records:
        jsonschema.validate(record, QUOTE_SCHEMA)
    disputed = next(r for r in records if r["id"] == "aq2024bb")
    assert disputed["status_source"]["url"] == "https://example.org/factcheck/taxes"
    assert disputed["permalink"] == "https://example.org/archive/people/ada-quill/#q-aq2024bb"
    assert json.loads(files["data/quote.schema.json"]) == QUOTE_SCHEMA


def test_csv_has_a_header_and_one_row_per_quote_with_joined_sources(
    files: dict[str, bytes],
) -> None:
    rows = list(csv.DictReader(io.StringIO(gzip.decompress(files["data/quotes.csv.gz"]).decode())))
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert len(rows) == 6
    first = rows[0]
    assert first["speaker"] == "Ada Quill" and first["topics"] == "bridges"
    assert first["source_urls"] == "https://example.org/gazette/bridge | "
    assert first["source_outlets"] == "Harbour Gazette | Exampleton Radio"


def test_csv_cells_that_look_like_formulas_are_defused() -> None:
    quote = Quote("abcdef12", '=HYPERLINK("x")', (Source(outlet="@evil"),), context="-1")
    archive = Archive((Speaker("ann", "+Ann", quotes=(quote,)),), ())
    text = gzip.decompress(exported(archive)["data/quotes.csv.gz"]).decode()
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["text"] == '\'=HYPERLINK("x")'
    assert row["speaker"] == "'+Ann"
    assert row["source_outlets"] == "'@evil"


def test_person_json_lists_the_speaker_and_their_quotes(files: dict[str, bytes]) -> None:
    person = json.loads(files["data/people/ada-quill.json"])
    assert person["name"] == "Ada Quill" and person["licence"] == "CC-BY-4.0"
    assert person["feed"] == "https://example.org/archive/feeds/people/ada-quill.xml"
    assert [q["id"] for q in person["quotes"]] == ["aq2025aa", "aqfrag01", "aq2024bb", "aqnodate"]
    assert "speaker" not in person["quotes"][0]


def test_big_files_come_in_chunks_and_exports_are_deterministic(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(export_module, "CHUNK_ROWS", 2)
    archive = load_archive(DATA / "site_archive").archive
    chunks = {path: list(parts) for path, parts in export_files(archive, LINKS)}
    # A compressed piece per chunk of rows, then the end of the gzip stream.
    assert len(chunks["data/quotes.jsonl.gz"]) == 3 + 1
    assert len(chunks["data/quotes.csv.gz"]) == 4 + 1  # header with the first two rows, ...
    assert {p: b"".join(c) for p, c in chunks.items()} == exported(archive)


def test_written_files_never_replace_a_page_of_the_site(tmp_path: Path) -> None:
    archive = load_archive(DATA / "site_archive").archive
    assert write_site_files(tmp_path, site_files(archive, LINKS.site_url)) == 14
    with pytest.raises(Exception, match=r"feeds/all\.xml"):
        write_site_files(tmp_path, site_files(archive, LINKS.site_url))
