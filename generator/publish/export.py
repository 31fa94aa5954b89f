"""The data export: the whole archive as JSON lines and CSV, and one JSON file per speaker.

Files (paths from the site root, described for readers on content/data.md):
- `data/quotes.jsonl.gz`: one JSON object per quote (QUOTE_SCHEMA, published as
  `data/quote.schema.json`); the lossless form.
- `data/quotes.csv.gz`: one row per quote, CSV_COLUMNS; lists joined with LIST_SEPARATOR
  (URLs cannot contain it: they hold no spaces). Cells starting with = + - @, tab or
  carriage return get a leading apostrophe, as OWASP advises against formula injection.
- `data/people/<slug>.json`: a speaker with their quotes; `data/topics.json`: the taxonomy.

Streaming: speakers are taken a group at a time (generator.publish.segments); each group's
records are made once and give its speakers' data files and a compressed segment of each big
file, so memory holds the archive and one group. The big files are then joined from the
segments (generator.publish.deflate): one gzip stream, read by gzip, zcat, pandas and
browsers alike. Everything is linear in the number of quotes. Order is fixed (speakers by
slug, quotes in canonical order) and no time is written, so building twice gives the same
bytes, from the cache or not.

Incremental: with a segment store backed by `.build-cache/publish/`, a rebuild compresses
only the groups whose speakers' files changed (and the group after each: it is compressed
with their text as its window) and joins the rest from the cache.

The two whole-archive files are gzip-compressed (about a fifth of the size): uncompressed
they are 1.5 KB a quote, which at 200k quotes would take a third of what GitHub Pages
publishes.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Any

from generator.models import Archive, Quote, Source, Speaker
from generator.publish.deflate import compress_segment, join_segments
from generator.publish.links import SiteLinks
from generator.publish.segments import SegmentStore, group_identity, group_speakers
from generator.render.urls import person_data, person_feed, topic_feed

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
BULK_FILES = ("data/quotes.jsonl.gz", "data/quotes.csv.gz")
"""The whole archive in one file each: what may be published elsewhere than the site (as
release assets of the repository: generator.outputs), being most of its bytes at 1M quotes."""
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


def export_files(
    archive: Archive,
    links: SiteLinks,
    reused: AbstractSet[str] = frozenset(),
    store: SegmentStore | None = None,
    file_digests: Mapping[str, str] | None = None,
) -> Iterator[tuple[str, Iterator[bytes]]]:
    """Every export file, one at a time: the small ones, each speaker's data file (but not
    those of the speakers in `reused`: the build keeps last build's), then the two big ones
    joined from segments. With a `store` backed by a cache and the speakers' `file_digests`,
    segments of groups unchanged since the last build are read back, not made again."""
    speakers = sorted(archive.speakers, key=lambda s: s.slug)
    segments = store or SegmentStore(None, "")
    yield "data/quote.schema.json", iter([_json_file(QUOTE_SCHEMA)])
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
    keys: dict[str, list[str]] = {"jsonl": [], "csv": []}
    yield from _people_and_segments(speakers, links, reused, segments, file_digests or {}, keys)
    jsonl, csv_file = BULK_FILES
    yield jsonl, join_segments(segments.load_all(keys["jsonl"]))
    yield csv_file, _then(join_segments(segments.load_all(keys["csv"])), segments)


def _then(chunks: Iterator[bytes], store: SegmentStore) -> Iterator[bytes]:
    """The chunks, then the store pruned: the last export has been read."""
    yield from chunks
    store.prune()


def _people_and_segments(
    speakers: list[Speaker],
    links: SiteLinks,
    reused: AbstractSet[str],
    store: SegmentStore,
    file_digests: Mapping[str, str],
    keys: dict[str, list[str]],
) -> Iterator[tuple[str, Iterator[bytes]]]:
    """One pass over the groups of speakers: the data file of each speaker not reused, and
    into `keys` the segments of both exports, compressed only where not cached. A group
    encoded for any of the three is encoded once for all (each record is made once)."""
    groups = group_speakers(speakers, [s.slug for s in speakers])
    identities = [group_identity((s.slug, file_digests.get(s.slug)) for s in g) for g in groups]
    header = _csv_text([list(CSV_COLUMNS)])
    header_key = store.key("csv-header", "", "")
    if store.get(header_key) is None:
        header_key = store.put(header_key, compress_segment(header), "csv-header")
    keys["csv"].append(str(header_key))
    before: dict[str, bytes | None] = {"jsonl": b"", "csv": header}
    for index, group in enumerate(groups):
        previous = identities[index - 1] if index else "start"
        wanted = {
            export: store.key(export, identities[index], previous) for export in ("jsonl", "csv")
        }
        cached = {export: store.get(key) is not None for export, key in wanted.items()}
        people = [s for s in group if s.slug not in reused]
        if all(cached.values()) and not people:
            keys["jsonl"].append(str(wanted["jsonl"]))
            keys["csv"].append(str(wanted["csv"]))
            before = {"jsonl": None, "csv": None}
            continue
        encoded = [encode_speaker(s, links, person=s.slug not in reused) for s in group]
        for speaker, made in zip(group, encoded, strict=True):
            if made.person is not None:
                yield person_data(speaker.slug), iter([made.person])
        texts = _group_texts(encoded)
        for export, key in wanted.items():
            if cached[export]:
                keys[export].append(str(key))
                continue
            window = before[export]
            if window is None:
                window = _group_texts(encode_speaker(s, links) for s in groups[index - 1])[export]
            segment = compress_segment(texts[export], window)
            keys[export].append(store.put(key, segment, f"{export}:{index}"))
        before = dict(texts)


@dataclass(frozen=True)
class EncodedSpeaker:
    """A speaker's quotes in all three exports, from one pass over their records."""

    lines: str
    """JSON lines, each ending in a line break."""
    rows: list[list[str]]
    """CSV rows (cells)."""
    person: bytes | None
    """Their data file, when asked for."""


def encode_speaker(speaker: Speaker, links: SiteLinks, person: bool = False) -> EncodedSpeaker:
    """Each record is made and JSON-encoded once: a JSON line is the person file's object
    for the quote with the two speaker fields put in after `id` (the very text `json.dumps`
    makes of the whole record, where they follow `id`)."""
    speaker_fields = f',"speaker":{_dumps(speaker.name)},"speaker_slug":{_dumps(speaker.slug)}'
    objects = []
    lines = []
    rows = []
    for quote in speaker.quotes:
        record = quote_record(speaker, quote, links)
        rows.append(csv_row(record))
        del record["speaker"], record["speaker_slug"]
        text = _dumps(record)
        cut = len('{"id":') + len(_dumps(quote.id))
        objects.append(text)
        lines.append(text[:cut] + speaker_fields + text[cut:] + "\n")
    made = _person_file(speaker, links, objects) if person else None
    return EncodedSpeaker("".join(lines), rows, made)


def _group_texts(encoded: Iterable[EncodedSpeaker]) -> dict[str, bytes]:
    """The uncompressed segment texts of a group, by export."""
    made = list(encoded)
    return {
        "jsonl": "".join(e.lines for e in made).encode("utf-8"),
        "csv": _csv_text([row for e in made for row in e.rows]),
    }


def _csv_text(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


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


def person_json(speaker: Speaker, links: SiteLinks) -> bytes:
    """A speaker and all their quotes (records without the speaker fields)."""
    person = encode_speaker(speaker, links, person=True).person
    assert person is not None
    return person


def _person_file(speaker: Speaker, links: SiteLinks, quotes: list[str]) -> bytes:
    """The data file from the quotes' JSON objects (`quotes` last, so it is appended)."""
    head = _dumps(
        {
            "licence": LICENCE,
            "slug": speaker.slug,
            "name": speaker.name,
            "kind": speaker.kind,
            "description": speaker.description,
            "aliases": list(speaker.aliases),
            "page": links.person(speaker.slug),
            "feed": links.url(person_feed(speaker.slug)),
        }
    )
    return (head[:-1] + ',"quotes":[' + ",".join(quotes) + "]}\n").encode("utf-8")


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _json_file(data: Any) -> bytes:
    """Compact JSON: a third smaller than indented, and json's C encoder makes it (indenting
    falls back to the pure-Python one, five times slower)."""
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
