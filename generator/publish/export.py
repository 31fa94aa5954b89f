"""The data export: the whole archive as JSON lines and CSV, and one JSON file per speaker.

Files (paths from the site root, described for readers on content/data.md):
- `data/quotes.jsonl.gz`: one JSON object per quote (QUOTE_SCHEMA, published as
  `data/quote.schema.json`); the lossless form.
- `data/quotes.csv.gz`: one row per quote, CSV_COLUMNS; lists joined with LIST_SEPARATOR
  (URLs cannot contain it: they hold no spaces). Cells starting with = + - @, tab or
  carriage return get a leading apostrophe, as OWASP advises against formula injection.
- `data/people/<slug>.json`: a speaker with their quotes; `data/topics.json`: the taxonomy.

Streaming: the two big files are handed out in chunks of CHUNK_ROWS records, made while
they are written, so memory holds the archive and one chunk; everything is linear in the
number of quotes. Order is fixed (speakers by slug, quotes in canonical order), so building
twice gives the same bytes.

The two whole-archive files are gzip-compressed (about a fifth of the size; no timestamp in
the header, so the bytes stay reproducible): uncompressed they are 1.5 KB a quote, which at
200k quotes would take a third of what GitHub Pages publishes.
"""

from __future__ import annotations

import csv
import io
import json
import zlib
from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from typing import Any

from generator.models import Archive, Quote, Source, Speaker
from generator.publish.links import SiteLinks
from generator.render.urls import person_feed, topic_feed

CHUNK_ROWS = 2000
LIST_SEPARATOR = " | "
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_COLUMNS = (
    "id",
    "speaker",
    "speaker_slug",
    "date",
    "text",
    "status",
    "topics",
    "source_urls",
    "source_outlets",
    "status_source_url",
    "part_of",
    "permalink",
)
LICENCE = "CC-BY-4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"

RECORD_FIELDS = [
    *("id", "speaker", "speaker_slug", "date", "text", "status", "status_source", "topics"),
    *("context", "sources", "variants", "merged_ids", "part_of", "permalink"),
]
_SOURCE: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["outlet", "url", "title", "date"],
    "properties": {key: {"type": ["string", "null"]} for key in ("outlet", "url", "title", "date")},
}
QUOTE_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Quote record of data/quotes.jsonl",
    "type": "object",
    "additionalProperties": False,
    "required": [
        "id",
        "speaker",
        "speaker_slug",
        "date",
        "text",
        "status",
        "status_source",
        "topics",
        "context",
        "sources",
        "variants",
        "merged_ids",
        "part_of",
        "permalink",
    ],
    "properties": {
        "id": {"type": "string", "description": "Stable id; the permalink anchor is q-<id>."},
        "speaker": {"type": "string", "description": "Speaker's name as displayed."},
        "speaker_slug": {"type": "string", "description": "data/people/<slug>.json."},
        "date": {"type": ["string", "null"], "description": "When said: YYYY[-MM[-DD]]."},
        "text": {"type": "string", "description": "The words, without quote marks."},
        "status": {"enum": ["attributed", "verified", "disputed", "misattributed"]},
        "status_source": {"anyOf": [_SOURCE, {"type": "null"}]},
        "topics": {"type": "array", "items": {"type": "string"}},
        "context": {"type": ["string", "null"]},
        "sources": {"type": "array", "minItems": 1, "items": _SOURCE},
        "variants": {"type": "array", "items": {"type": "string"}},
        "merged_ids": {"type": "array", "items": {"type": "string"}},
        "part_of": {"type": ["string", "null"]},
        "permalink": {"type": "string", "format": "uri"},
    },
}


def person_data(slug: str) -> str:
    return f"data/people/{slug}.json"


def export_files(
    archive: Archive, links: SiteLinks, reused: AbstractSet[str] = frozenset()
) -> Iterator[tuple[str, Iterator[bytes]]]:
    """Every export file, one at a time; the big ones as chunks made while written. The
    files of speakers in `reused` are left out (the build keeps last build's)."""
    speakers = sorted(archive.speakers, key=lambda s: s.slug)
    yield "data/quote.schema.json", iter([_json_file(QUOTE_SCHEMA)])
    yield "data/quotes.jsonl.gz", gzipped(_jsonl(speakers, links))
    yield "data/quotes.csv.gz", gzipped(_csv(speakers, links))
    topics = [
        {
            "slug": t.slug,
            "title": t.title,
            "description": t.description,
            "page": links.topic(t.slug),
            "feed": links.url(topic_feed(t.slug)),
        }
        for t in sorted(archive.topics, key=lambda t: t.slug)
    ]
    yield "data/topics.json", iter([_json_file({"licence": LICENCE, "topics": topics})])
    for speaker in speakers:
        if speaker.slug not in reused:
            yield person_data(speaker.slug), iter([person_json(speaker, links)])


def gzipped(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """The chunks as one gzip stream (zlib writes a zero timestamp: reproducible bytes)."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, 31)
    for chunk in chunks:
        yield compressor.compress(chunk)
    yield compressor.flush()


def quote_record(speaker: Speaker, quote: Quote, links: SiteLinks) -> dict[str, Any]:
    """One quote as an export record (QUOTE_SCHEMA): every field present, null when empty."""
    return {
        "id": quote.id,
        "speaker": speaker.name,
        "speaker_slug": speaker.slug,
        "date": quote.date,
        "text": quote.text,
        "status": quote.status,
        "status_source": _source(quote.status_source) if quote.status_source else None,
        "topics": list(quote.topics),
        "context": quote.context,
        "sources": [_source(s) for s in quote.sources],
        "variants": list(quote.variants),
        "merged_ids": list(quote.merged_ids),
        "part_of": quote.part_of,
        "permalink": links.permalink(speaker.slug, quote.id),
    }


def _source(source: Source) -> dict[str, str | None]:
    return {"outlet": source.outlet, "url": source.url, "title": source.title, "date": source.date}


def _records(speakers: list[Speaker], links: SiteLinks) -> Iterator[dict[str, Any]]:
    for speaker in speakers:
        for quote in speaker.quotes:
            yield quote_record(speaker, quote, links)


def _jsonl(speakers: list[Speaker], links: SiteLinks) -> Iterator[bytes]:
    lines: list[str] = []
    for record in _records(speakers, links):
        lines.append(json.dumps(record, ensure_ascii=False, separators=(",", ":")))
        if len(lines) == CHUNK_ROWS:
            yield ("\n".join(lines) + "\n").encode("utf-8")
            lines = []
    if lines:
        yield ("\n".join(lines) + "\n").encode("utf-8")


def csv_row(record: dict[str, Any]) -> list[str]:
    """The CSV cells of an export record, in CSV_COLUMNS order, made safe for spreadsheets."""
    status_source = record["status_source"] or {}
    cells = {
        **record,
        "date": record["date"] or "",
        "topics": LIST_SEPARATOR.join(record["topics"]),
        "source_urls": LIST_SEPARATOR.join(s["url"] or "" for s in record["sources"]),
        "source_outlets": LIST_SEPARATOR.join(s["outlet"] or "" for s in record["sources"]),
        "status_source_url": status_source.get("url") or "",
        "part_of": record["part_of"] or "",
    }
    return [defuse(str(cells[column])) for column in CSV_COLUMNS]


def defuse(cell: str) -> str:
    """A cell a spreadsheet shows as text: formula-like starts get a leading apostrophe."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def _csv(speakers: list[Speaker], links: SiteLinks) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for rows, record in enumerate(_records(speakers, links), start=1):
        writer.writerow(csv_row(record))
        if rows % CHUNK_ROWS == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def person_json(speaker: Speaker, links: SiteLinks) -> bytes:
    """A speaker and all their quotes (records without the speaker fields)."""
    quotes = []
    for quote in speaker.quotes:
        record = quote_record(speaker, quote, links)
        del record["speaker"], record["speaker_slug"]
        quotes.append(record)
    return _json_file(
        {
            "licence": LICENCE,
            "slug": speaker.slug,
            "name": speaker.name,
            "kind": speaker.kind,
            "description": speaker.description,
            "aliases": list(speaker.aliases),
            "page": links.person(speaker.slug),
            "feed": links.url(person_feed(speaker.slug)),
            "quotes": quotes,
        }
    )


def _json_file(data: Any) -> bytes:
    """Compact JSON: a third smaller than indented, and json's C encoder makes it (indenting
    falls back to the pure-Python one, five times slower)."""
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
