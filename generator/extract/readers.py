"""Read articles: plain text, Markdown with YAML front matter, HTML pages and JSON lines.

This is the only part of extraction that touches the disk. A file that cannot be used
becomes a `Problem` naming the file (and line) instead of stopping the run, so the other
articles are still processed.

Articles are untrusted, so reading is bounded (`ReadLimits`): an article larger than the
limit is reported (A010) without being read whole, JSON lines are read one at a time, JSON
and front matter nested more than NESTING_LIMIT levels deep are refused, front matter may
not use YAML aliases (an alias bomb expands a few lines into gigabytes), and metadata the
archive could not hold (a `javascript:` url, a day that does not exist) skips its article
with a problem (A012) rather than failing the run that writes the others.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, TextIO

from generator.errors import Problem, shown
from generator.extract.records import Article
from generator.store.yaml_read import NESTING_LIMIT, parse_plain, parse_yaml
from generator.validate.cross_file import is_future
from generator.validate.patterns import DATE_PATTERN, URL_PATTERN

ReadProblem = Problem
"""A file (or line) that could not be turned into an article."""

MB = 1024 * 1024


@dataclass(frozen=True)
class ReadLimits:
    """How much of an untrusted input the readers take in: beyond it, a problem, not a hang."""

    article_bytes: int = 10 * MB
    """The largest article: a file, a JSON line or a Parquet row (A010). Extraction runs at
    about 1.5 MB/s, so the default takes some 7 s; raise it for a genuine long transcript."""
    decompressed_bytes: int = 4096 * MB
    """The most a compressed corpus file may expand to (A011)."""
    ratio: float = 200.0
    """How many times its compressed size a file may expand to, once past RATIO_FLOOR: text
    compresses 3-10 times; a bomb of zeros 1,000 times (A011)."""


RATIO_FLOOR = 16 * MB
"""Expanded bytes below which the ratio is not checked: a small, repetitive file is fine."""
METADATA_CHARS = 2000
"""The longest title, outlet, author or url an article may carry into the archive."""

ARTICLE_SUFFIXES = (".txt", ".text", ".md", ".markdown", ".html", ".htm", ".jsonl")
"""What a directory is searched for; a file named on the command line is read whatever it is."""
_FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?\n?", re.DOTALL | re.MULTILINE)
_DATE_RE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?")
_URL_RE = re.compile(URL_PATTERN)
_TEXT_KEYS = ("text", "body", "content")
MIN_HTML_WORDS = 8
"""Fewer words than this is navigation left over, not an article ("Home")."""
_SNIFF_BYTES = 4096


def read_articles(
    paths: Iterable[str], stdin: TextIO | None = None, limits: ReadLimits | None = None
) -> Iterator[Article | Problem]:
    """Yield an Article or a Problem for each article in `paths`; directories sorted."""
    limits = limits or ReadLimits()
    for given in paths:
        if given == "-":
            yield from read_article_stream(_bytes_of(stdin or sys.stdin), "-", None, limits)
            continue
        path = Path(given)
        if path.is_dir():
            for found in sorted(p for p in path.rglob("*") if _is_article_file(p)):
                yield from read_article_file(found, str(found), limits)
        else:
            yield from read_article_file(path, given, limits)


def _is_article_file(path: Path) -> bool:
    hidden = any(part.startswith(".") for part in path.parts[-1:])
    return path.is_file() and not hidden and path.suffix.lower() in ARTICLE_SUFFIXES


def _bytes_of(stream: TextIO) -> IO[bytes]:
    """The bytes behind a text stream (standard input), or its text encoded (a StringIO)."""
    buffer = getattr(stream, "buffer", None)
    return buffer if buffer is not None else io.BytesIO(stream.read().encode("utf-8"))


def read_article_file(
    path: Path, shown: str, limits: ReadLimits | None = None
) -> Iterator[Article | Problem]:
    """Read one file as the format its suffix names (plain text when unknown)."""
    try:
        stream = path.open("rb")
    except OSError as exc:
        yield Problem(shown, 0, 0, "A001", f"cannot read file: {exc.strerror or exc}")
        return
    with stream:
        yield from read_article_stream(stream, shown, path.suffix.lower(), limits)


def read_article_stream(
    stream: IO[bytes],
    shown: str,
    suffix: str | None,
    limits: ReadLimits | None = None,
    first_line: int = 1,
) -> Iterator[Article | Problem]:
    """Read articles from a byte stream in the format `suffix` names (None: as it looks).

    JSON lines are read a line at a time; any other format is read whole, and only up to
    the article size limit. Shared with `generator.corpus`, which hands over the streams
    of compressed files.
    """
    limits = limits or ReadLimits()
    if suffix is None:
        buffered = io.BufferedReader(RawReader(stream.read), _SNIFF_BYTES)
        suffix = _sniff_format(buffered.peek(_SNIFF_BYTES).decode("utf-8-sig", "replace"))
        stream = buffered
    if suffix == ".jsonl":
        yield from _json_lines(stream, shown, limits, first_line)
        return
    data = stream.read(limits.article_bytes + 1)
    if len(data) > limits.article_bytes:
        yield too_large(shown, 0, limits)
        return
    yield from parse_article_bytes(data, shown, suffix)


def too_large(shown: str, line: int, limits: ReadLimits) -> Problem:
    """A010: an article past the size limit, which was not read further."""
    message = (
        f"article expected to be at most {limits.article_bytes / MB:g} MB, found a larger "
        "one; it was not read"
    )
    return Problem(shown, line, 0, "A010", message)


class RawReader(io.RawIOBase):
    """A raw byte stream over a `read(size)` function: lets io.BufferedReader add `peek` and
    a quick `readline` to streams that lack them (pyarrow's, standard input)."""

    def __init__(self, read: Callable[[int], bytes]) -> None:
        self._read = read

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def parse_article_bytes(data: bytes, shown: str, suffix: str) -> Iterator[Article | Problem]:
    """Decode a file's bytes as UTF-8 and parse them in the format `suffix` names.

    Shared with `generator.corpus`, which reads compressed files and hands over their bytes.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        yield Problem(
            shown,
            line,
            0,
            "A002",
            f"expected UTF-8 text, found byte 0x{data[exc.start]:02x} at offset {exc.start}",
            "save the file as UTF-8",
        )
        return
    yield from parse_article_text(text, shown, lambda _: suffix)


def parse_article_text(text: str, shown: str, suffix_of: Any) -> Iterator[Article | Problem]:
    """Parse decoded text in the format `suffix_of(text)` names."""
    suffix = suffix_of(text)
    if suffix == ".jsonl":
        yield from _json_lines(io.BytesIO(text.encode("utf-8")), shown, ReadLimits())
    elif suffix in (".md", ".markdown"):
        yield _checked(_markdown(text, shown), shown)
    elif suffix in (".html", ".htm"):
        yield _checked(_html(text, shown), shown)
    else:
        yield _checked(Article(shown, text), shown)


def _sniff_format(text: str) -> str:
    """Guess the format of standard input from how it starts."""
    head = text.lstrip()[:200].lower()
    if text.startswith("---"):
        return ".md"
    if head.startswith(("<!doctype", "<html", "<")):
        return ".html"
    if head.startswith("{"):
        return ".jsonl"
    return ".txt"


def _checked(found: Article | Problem, shown: str) -> Article | Problem:
    if isinstance(found, Article) and not found.text.strip():
        where = found.line or 0
        return Problem(shown, where, 0, "A003", "empty article: no text to extract quotes from")
    return found


def _markdown(text: str, shown: str) -> Article | Problem:
    match = _FRONT_MATTER_RE.match(text)
    if match is None:
        return Article(shown, text)
    meta = _front_matter(match.group(1), shown)
    if isinstance(meta, Problem):
        return meta
    return _article(shown, text[match.end() :], meta)


def _front_matter(text: str, shown: str) -> Mapping[str, Any] | Problem:
    """Front matter read as safely as an archive file: plain values only, no alias (an alias
    bomb as the title took 500 MB), no tag, nothing nested more than NESTING_LIMIT deep."""
    ok, meta = parse_plain(text.encode("utf-8"))
    if not ok:
        document, problems = parse_yaml(text, Path(shown), shown)
        refused = [p for p in problems if p.code in _REFUSED_IN_FRONT_MATTER]
        if document is None or refused:
            first = refused[0]
            return Problem(
                shown, first.line + 1, first.col, "A006", f"front matter {first.message}"
            )
        meta = document.data
    if meta is None:
        return {}
    if not isinstance(meta, Mapping):
        return Problem(shown, 2, 0, "A006", "expected front matter to be a mapping of fields")
    return meta


_REFUSED_IN_FRONT_MATTER = frozenset({"Y002", "Y004", "Y007"})
"""Invalid YAML, an alias or tag, nesting too deep. What else `parse_yaml` reports is about
archive files (a repeated key, where the last counts; Windows line ends; a comment after
text) and leaves front matter usable."""


def _html(html: str, shown: str) -> Article | Problem:
    import trafilatura  # imported here: it is slow to load and only HTML needs it

    try:
        document = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, favor_precision=True
        )
    except Exception as exc:  # a third-party parser on a hostile page: one page, not the run
        return Problem(shown, 0, 0, "A004", f"the HTML page could not be parsed: {exc}")
    found: Mapping[str, Any] = {}
    if isinstance(document, Mapping):
        found = document
    elif document is not None:
        found = document.as_dict()
    body = found.get("text") or ""
    if len(body.split()) < MIN_HTML_WORDS:
        return Problem(shown, 0, 0, "A004", "no main text found in the HTML page")
    meta = {
        "title": found.get("title"),
        "url": found.get("url"),
        "outlet": found.get("sitename"),
        "date": found.get("date"),
        "author": found.get("author"),
    }
    return _article(shown, body, meta)


def _json_lines(
    stream: IO[bytes], shown: str, limits: ReadLimits, first_line: int = 1
) -> Iterator[Article | Problem]:
    """One article (or problem) a line, reading one line at a time; the first line read is
    line `first_line` of the file (a corpus reads a large file in ranges)."""
    for number, raw in enumerate(_lines(stream, limits.article_bytes), start=first_line):
        if raw is None:
            yield too_large(shown, number, limits)
            continue
        try:
            line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            message = f"expected UTF-8 text, found byte 0x{raw[exc.start]:02x}"
            yield Problem(shown, number, exc.start + 1, "A002", message, "save the file as UTF-8")
            continue
        if line.strip():
            yield _json_line(line.rstrip("\r\n"), shown, number)


def _lines(stream: IO[bytes], limit: int) -> Iterator[bytes | None]:
    """The lines of a stream; None for a line longer than `limit` bytes, which is skipped
    without ever being held whole."""
    while line := stream.readline(limit + 1):
        if len(line) <= limit or line.endswith(b"\n"):
            yield line
            continue
        while (rest := stream.readline(limit + 1)) and not rest.endswith(b"\n"):
            pass
        yield None


def _json_line(line: str, shown: str, number: int) -> Article | Problem:
    column = json_nesting_beyond_limit(line)
    if column is not None:
        message = f"JSON expected nested at most {NESTING_LIMIT} levels deep, found deeper"
        return Problem(shown, number, column, "A005", message)
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return Problem(shown, number, exc.colno, "A005", f"malformed JSON line: {exc.msg}")
    except ValueError as exc:  # an integer of more than 4,300 digits
        return Problem(shown, number, 0, "A005", f"malformed JSON line: {exc}")
    if _SURROGATE_ESCAPE.search(line) and _holds_surrogate(record):
        message = "malformed JSON line: a \\uD800-\\uDFFF escape that is no character"
        return Problem(shown, number, 0, "A005", message)  # no file could hold it
    return parse_record(record, shown, number)


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _holds_surrogate(record: object) -> bool:
    """Whether a JSON record's text or metadata holds half a surrogate pair (json.loads
    joins whole pairs into their character and leaves a lone half as it is)."""
    if isinstance(record, str):
        return _SURROGATE.search(record) is not None
    if isinstance(record, Mapping):
        return any(_holds_surrogate(value) for value in record.values())
    if isinstance(record, list):
        return any(_holds_surrogate(value) for value in record)
    return False


_JSON_SYNTAX = re.compile(r'\\.|["\[\]{}]', re.DOTALL)


def json_nesting_beyond_limit(line: str, limit: int = NESTING_LIMIT) -> int | None:
    """The column where `line` first nests arrays and objects deeper than `limit`, or None.

    The parser recurses once per level (a traceback at 100,000), so the line is checked
    first: by counting brackets, then, when there are many, by following them outside
    strings.
    """
    if line.count("[") + line.count("{") <= limit:
        return None
    depth, in_string = 0, False
    for match in _JSON_SYNTAX.finditer(line):
        token = match.group()
        if token == '"':
            in_string = not in_string
        elif in_string or token[0] == "\\":
            continue
        elif token in "[{":
            depth += 1
            if depth > limit:
                return match.start() + 1
        else:
            depth -= 1
    return None


def parse_record(record: object, shown: str, number: int) -> Article | Problem:
    """One article from a record (a JSON line, a Parquet row): `text` plus optional metadata.

    The text may also be under `body` or `content`, the outlet under `source`.
    """
    if not isinstance(record, Mapping):
        return Problem(shown, number, 0, "A005", "expected a JSON object with a 'text' field")
    body = next((record[k] for k in _TEXT_KEYS if isinstance(record.get(k), str)), None)
    if body is None:
        return Problem(shown, number, 0, "A005", "expected a JSON object with a 'text' field")
    return _checked(_article(shown, body, record, number), shown)


def _article(
    shown: str, text: str, meta: Mapping[str, Any], line: int | None = None
) -> Article | Problem:
    """The article with its metadata, or A012 when the metadata could not go into the
    archive as it is: skipping the one article keeps it from failing the whole run."""
    fields = {
        "url": _field(meta, "url"),
        "title": _field(meta, "title"),
        "outlet": _field(meta, "outlet") or _field(meta, "source"),
        "author": _field(meta, "author"),
        "date": _date(meta.get("date")),
    }
    problem = _metadata_problem(fields)
    if problem:
        return Problem(shown, line or 0, 0, "A012", f"{problem}; the article was skipped")
    return Article(path=shown, text=text, line=line, **fields)


def _metadata_problem(fields: Mapping[str, str | None]) -> str:
    """Why metadata cannot go into a source of the archive ('' when it can)."""
    for key, value in fields.items():
        if value is not None and len(value) > METADATA_CHARS:
            return f"'{key}' expected at most {METADATA_CHARS:,} characters, found {len(value):,}"
    url, date = fields["url"], fields["date"]
    if url is not None and not _URL_RE.match(url):
        return f"'url' expected an http(s) address, found {shown(url)}"
    if date is not None and not _usable_date(date):
        return f"'date' expected a day that exists and is not in the future, found {shown(date)}"
    return ""


def _usable_date(date: str) -> bool:
    """A date the archive accepts: YYYY, YYYY-MM or a day that exists, not in the future."""
    if not DATE_PATTERN.fullmatch(date) or is_future(date, dt.date.today()):
        return False
    try:
        return len(date) < 10 or bool(dt.date.fromisoformat(date))
    except ValueError:
        return False


def _field(meta: Mapping[str, Any], key: str) -> str | None:
    value = meta.get(key)
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    return str(value).strip() or None if value is not None else None


def _date(value: Any) -> str | None:
    """A metadata date as `YYYY[-MM[-DD]]`; anything else (a dateline, "Sunday") is no date."""
    if value is None:
        return None
    match = _DATE_RE.match(str(value).strip())
    return match.group() if match else None
