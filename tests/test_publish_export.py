"""The data export: JSON lines valid against its schema, safe CSV, per-person JSON, streamed."""

from __future__ import annotations

import base64
import csv
import functools
import gzip
import io
import json
import shutil
import subprocess
import zlib
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


def reference_exports(archive: Archive) -> dict[str, bytes]:
    """The uncompressed exports as the one-stream export made them until now: a record at a
    time through json.dumps and csv.writer, the person file as one json.dumps."""
    speakers = sorted(archive.speakers, key=lambda s: s.slug)
    records = [export_module.quote_record(s, q, LINKS) for s in speakers for q in s.quotes]
    dumps = functools.partial(json.dumps, ensure_ascii=False, separators=(",", ":"))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(export_module.csv_row(r) for r in records)
    files = {
        "jsonl": "".join(dumps(r) + "\n" for r in records).encode(),
        "csv": buffer.getvalue().encode(),
    }
    for speaker in speakers:
        quotes = [export_module.quote_record(speaker, q, LINKS) for q in speaker.quotes]
        for quote in quotes:
            del quote["speaker"], quote["speaker_slug"]
        person = {
            "licence": "CC-BY-4.0",
            "slug": speaker.slug,
            "name": speaker.name,
            "kind": speaker.kind,
            "description": speaker.description,
            "aliases": list(speaker.aliases),
            "page": LINKS.person(speaker.slug),
            "feed": LINKS.url(f"feeds/people/{speaker.slug}.xml"),
            "quotes": quotes,
        }
        files[speaker.slug] = (dumps(person) + "\n").encode()
    return files


def tricky_archive(speakers: int = 60) -> Archive:
    """Many speakers (several groups), with text JSON and CSV must escape."""
    tricky = 'a "quoted" word, a\\backslash, a line\nbreak, \u00e9\u4e2d\U0001f600 and \x7f'
    return Archive(
        tuple(
            Speaker(
                f"speaker-{n:03d}",
                f"Speaker {n} \u201cq\u201d",
                description=tricky if n % 7 == 0 else None,
                aliases=('Alias, the "first"',) if n % 5 == 0 else (),
                quotes=tuple(
                    Quote(
                        f"s{n:03d}q{k:03d}",
                        f"{tricky} {n} {k} " * (k + 1),
                        (Source("Outlet", f"https://example.org/{n}/{k}", "T", "2024-01-02"),),
                        date="2024-05" if k % 2 else None,
                        topics=("bridges",),
                        context="=SUM(A1)" if k == 1 else None,
                        variants=("v",) if k == 2 else (),
                    )
                    for k in range(n % 4)
                ),
            )
            for n in range(speakers)
        ),
        (),
    )


def test_exports_read_back_to_exactly_what_the_one_stream_export_held() -> None:
    archive = tricky_archive()
    files = exported(archive)
    reference = reference_exports(archive)
    assert gzip.decompress(files["data/quotes.jsonl.gz"]) == reference["jsonl"]
    assert gzip.decompress(files["data/quotes.csv.gz"]) == reference["csv"]
    for speaker in archive.speakers:
        assert files[f"data/people/{speaker.slug}.json"] == reference[speaker.slug]
    assert zlib.decompressobj(wbits=31).decompress(files["data/quotes.csv.gz"]) == reference["csv"]


def test_exports_are_one_gzip_member_that_zcat_reads(tmp_path: Path) -> None:
    archive = tricky_archive()
    data = exported(archive)["data/quotes.jsonl.gz"]
    inflater = zlib.decompressobj(wbits=31)
    assert inflater.decompress(data) == reference_exports(archive)["jsonl"]
    assert inflater.eof and inflater.unused_data == b""  # one member, nothing after it
    if shutil.which("zcat"):
        (tmp_path / "q.jsonl.gz").write_bytes(data)
        text = subprocess.run(
            ["zcat", str(tmp_path / "q.jsonl.gz")], capture_output=True, check=True
        )
        assert text.stdout == reference_exports(archive)["jsonl"]


def test_exports_of_an_empty_archive_are_empty_gzip_and_a_header() -> None:
    files = exported(Archive((), ()))
    assert gzip.decompress(files["data/quotes.jsonl.gz"]) == b""
    assert gzip.decompress(files["data/quotes.csv.gz"]).decode() == ",".join(CSV_COLUMNS) + "\r\n"


def test_exports_are_deterministic() -> None:
    archive = load_archive(DATA / "site_archive").archive
    assert exported(archive) == exported(archive)


def test_written_files_never_replace_a_page_of_the_site(tmp_path: Path) -> None:
    archive = load_archive(DATA / "site_archive").archive
    assert write_site_files(tmp_path, site_files(archive, LINKS.site_url)) == 14
    with pytest.raises(Exception, match=r"feeds/all\.xml"):
        write_site_files(tmp_path, site_files(archive, LINKS.site_url))


@pytest.mark.browser
def test_browsers_decompress_the_exports_whole(browser: object) -> None:
    """DecompressionStream refuses a gzip file of several members: ours must be one.

    `browser` is the session's Chromium (conftest.py): playwright's sync API runs one at a
    time."""
    archive = tricky_archive(300)
    files = exported(archive)
    script = """async (b64) => {
        const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
        const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
        return await new Response(stream).text();
    }"""
    context = browser.new_context()  # type: ignore[attr-defined]
    try:
        page = context.new_page()
        for path, kind in (("data/quotes.jsonl.gz", "jsonl"), ("data/quotes.csv.gz", "csv")):
            encoded = base64.b64encode(files[path]).decode()
            text = reference_exports(archive)[kind].decode()
            assert page.evaluate(script, encoded) == text
    finally:
        context.close()
