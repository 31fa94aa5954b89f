"""Canonical YAML text of speaker files and the topic taxonomy, with their schema headers."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import yaml

from generator.models import Speaker, Topic
from generator.store.convert import _put, speaker_to_data
from generator.store.yaml_dialect import LINE_WIDTH, _Dumper

SPEAKER_SCHEMA = "schema/speaker.schema.json"
TOPICS_SCHEMA = "schema/topics.schema.json"


def dump_speaker(speaker: Speaker) -> str:
    """Canonical YAML text of a speaker file, with the schema header editors read."""
    header = f"# yaml-language-server: $schema=../{SPEAKER_SCHEMA}\n"
    return header + dump_yaml(speaker_to_data(speaker))


def dump_topics(topics: Iterable[Topic]) -> str:
    """Canonical YAML text of the topic taxonomy, sorted by slug."""
    items = []
    for topic in sorted(topics, key=lambda t: t.slug):
        item = {"slug": topic.slug, "title": topic.title}
        _put(item, "description", topic.description)
        items.append(item)
    header = f"# yaml-language-server: $schema=../{TOPICS_SCHEMA}\n"
    return header + dump_yaml({"topics": items})


def dump_yaml(data: Any) -> str:
    """Block-style, UTF-8, 100-column YAML; dates unquoted so they read as written."""
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=LINE_WIDTH,
        default_flow_style=False,
    )
