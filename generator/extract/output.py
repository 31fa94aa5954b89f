"""Show extracted quotes as JSON lines (`extract --dry-run`).

This is the edge where records become plain data; nothing here decides anything.
"""

from __future__ import annotations

import json
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
    """One JSON object a line, UTF-8 kept readable."""
    return "".join(json.dumps(quote_to_json(q), ensure_ascii=False) + "\n" for q in quotes)
