"""Show extracted quotes as JSON lines (`extract --dry-run`).

This is the edge where records become plain data; nothing here decides anything.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from generator.extract.records import ExtractedQuote


def quote_to_json(quote: ExtractedQuote) -> dict[str, Any]:
    """One quote as the flat object `extract --format jsonl` prints."""
    article = quote.article
    data: dict[str, Any] = {
        "article": article.path if article else None,
        "text": quote.text,
        "speaker": quote.speaker,
        "speaker_role": quote.speaker_role,
        "speaker_kind": quote.speaker_kind,
        "context": quote.context,
        "start": quote.start,
        "end": quote.end,
        "confidence": quote.confidence,
        "group": quote.group,
        "cue": quote.cue,
        "evidence": quote.evidence,
        "url": article.url if article else None,
        "title": article.title if article else None,
        "outlet": article.outlet if article else None,
        "date": article.date if article else None,
    }
    if article is not None and article.line is not None:
        data["line"] = article.line
    if not quote.is_statement:
        data["is_statement"] = False
    if quote.name_problem:
        data["name_problem"] = quote.name_problem
    return data


def render_jsonl(quotes: Iterable[ExtractedQuote]) -> str:
    """One JSON object a line, UTF-8 kept readable, but every control character escaped.

    `json.dumps` escapes C0 controls only; DEL, the C1 controls (a terminal reads \\x9b as
    ESC [) and the bidirectional overrides of a hostile article are written as \\uXXXX too,
    which is the same JSON."""
    return "".join(
        _escaped(json.dumps(quote_to_json(q), ensure_ascii=False)) + "\n" for q in quotes
    )


_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escaped(line: str) -> str:
    return _UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", line)
