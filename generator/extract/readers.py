"""Read articles: plain text, Markdown with YAML front matter, HTML pages and JSON lines.

This is the only part of extraction that touches the disk. A file that cannot be used
becomes a `Problem` naming the file (and line) instead of stopping the run, so the other
articles are still processed.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, TextIO

import yaml

from generator.errors import Problem
from generator.extract.records import Article

ReadProblem = Problem
"""A file (or line) that could not be turned into an article."""

ARTICLE_SUFFIXES = (".txt", ".text", ".md", ".markdown", ".html", ".htm", ".jsonl")
"""What a directory is searched for; a file named on the command line is read whatever it is."""
_FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?\n?", re.DOTALL | re.MULTILINE)
_DATE_RE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?")
_TEXT_KEYS = ("text", "body", "content")
MIN_HTML_WORDS = 8
"""Fewer words than this is navigation left over, not an article ("Home")."""


def read_articles(paths: Iterable[str], stdin: TextIO | None = None) -> Iterator[Article | Problem]:
    """Yield an Article or a Problem for each article in `paths`; directories sorted."""
    for given in paths:
        if given == "-":
            yield from parse_article_text((stdin or sys.stdin).read(), "-", _sniff_format)
            continue
        path = Path(given)
        if path.is_dir():
            for found in sorted(p for p in path.rglob("*") if _is_article_file(p)):
                yield from read_article_file(found, str(found))
        else:
            yield from read_article_file(path, given)


def _is_article_file(path: Path) -> bool:
    hidden = any(part.startswith(".") for part in path.parts[-1:])
    return path.is_file() and not hidden and path.suffix.lower() in ARTICLE_SUFFIXES


def read_article_file(path: Path, shown: str) -> Iterator[Article | Problem]:
    """Read one file as the format its suffix names (plain text when unknown)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield Problem(shown, 0, 0, "A001", f"cannot read file: {exc.strerror or exc}")
        return
    yield from parse_article_bytes(data, shown, path.suffix.lower())


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
        yield from _json_lines(text, shown)
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
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        return Problem(shown, line, 0, "A006", f"invalid YAML front matter: {exc}")
    if meta is not None and not isinstance(meta, Mapping):
        return Problem(shown, 2, 0, "A006", "expected front matter to be a mapping of fields")
    return _article(shown, text[match.end() :], meta or {})


def _html(html: str, shown: str) -> Article | Problem:
    import trafilatura  # imported here: it is slow to load and only HTML needs it

    document = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, favor_precision=True
    )
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


def _json_lines(text: str, shown: str) -> Iterator[Article | Problem]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Problem(shown, number, exc.colno, "A005", f"malformed JSON line: {exc.msg}")
            continue
        yield parse_record(record, shown, number)


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


def _article(shown: str, text: str, meta: Mapping[str, Any], line: int | None = None) -> Article:
    return Article(
        path=shown,
        text=text,
        url=_field(meta, "url"),
        title=_field(meta, "title"),
        outlet=_field(meta, "outlet") or _field(meta, "source"),
        date=_date(meta.get("date")),
        author=_field(meta, "author"),
        line=line,
    )


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
