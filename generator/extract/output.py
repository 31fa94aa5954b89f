"""Show extracted quotes: JSON lines for machines, the would-be archive YAML for people.

This is the edge where records become plain data; nothing here decides anything.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from generator.extract.records import ExtractedQuote
from generator.models import Quote, Source, Speaker
from generator.slugs import slugify
from generator.store import dump_speaker

NEW_ID = "(new)"
"""Shown instead of an id in a preview: ids are assigned when the archive is written."""


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
        "url": article.url if article else None,
        "title": article.title if article else None,
        "outlet": article.outlet if article else None,
        "date": article.date if article else None,
    }
    if article is not None and article.line is not None:
        data["line"] = article.line
    if not quote.is_statement:
        data["is_statement"] = False
    return data


def render_jsonl(quotes: Iterable[ExtractedQuote]) -> str:
    """One JSON object a line, UTF-8 kept readable."""
    return "".join(json.dumps(quote_to_json(q), ensure_ascii=False) + "\n" for q in quotes)


def preview_speakers(quotes: Iterable[ExtractedQuote]) -> list[Speaker]:
    """Group attributed statements by speaker into the Speaker objects that would be written."""
    grouped: dict[str, list[ExtractedQuote]] = {}
    for quote in quotes:
        if quote.speaker and quote.is_statement:
            grouped.setdefault(slugify(quote.speaker), []).append(quote)
    speakers = []
    for slug, found in sorted(grouped.items()):
        first = found[0]
        speakers.append(
            Speaker(
                slug=slug,
                name=first.speaker or slug,
                kind=first.speaker_kind or "person",
                description=next((q.speaker_role for q in found if q.speaker_role), None),
                quotes=tuple(_quote(q) for q in found),
            )
        )
    return speakers


def _quote(found: ExtractedQuote) -> Quote:
    article = found.article
    source = Source(
        outlet=article.outlet if article else None,
        url=article.url if article else None,
        title=article.title if article else None,
        date=article.date if article else None,
    )
    return Quote(
        id=NEW_ID,
        text=found.text,
        sources=(source,),
        date=article.date if article else None,
        context=found.context,
    )


def render_yaml_preview(quotes: Iterable[ExtractedQuote]) -> str:
    """The speaker files that would be written, one YAML document per speaker."""
    parts = [f"# quotes/{s.slug}.yaml\n{dump_speaker(s)}" for s in preview_speakers(quotes)]
    return "---\n".join(parts)
