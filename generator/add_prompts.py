"""Asking at a terminal for what `add` still needs, checking each answer as it is given.

A wrong date, an address that is not http(s) or an unknown topic is said at once and asked
again, rather than after every question has been answered. The speaker is looked up as
soon as it is named: the answer says whether it is a known speaker (and which file) or a
new one, and a new one is asked for a role. The topics are listed before they are asked
for. The checks themselves are `generator.add`'s, the same ones the flags go through.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from generator.add import (
    SpeakerLookup,
    check_date,
    check_topics,
    check_url,
    look_up_speaker,
    strip_quote_marks,
)
from generator.errors import display_path
from generator.models import Archive
from generator.slugs import slugify
from generator.store import load_archive, speaker_path


def ask_for_missing(fields: dict[str, Any], quotes_dir: Path) -> dict[str, Any]:
    """Fill in the missing `add` flags from answers at the terminal; return the fields."""
    archive = _archive(quotes_dir)
    if not fields.get("to"):
        _ask_speaker(fields, archive, quotes_dir)
        if not fields["text"]:
            fields["text"] = _ask("Quote text (without quote marks)", _words, required=True)
    if not fields["url"]:
        fields["url"] = _ask("Source URL (blank if none)", check_url)
    if not fields["outlet"]:
        fields["outlet"] = _ask("Outlet", _optional, required=not fields["url"])
    for name, label in (
        ("published", "Publication date YYYY-MM-DD (blank if unknown)"),
        ("said_on", "Said on YYYY-MM-DD (blank if unknown)"),
    ):
        if not fields[name]:
            fields[name] = _ask(label, check_date)
    if not fields["topics"]:
        _show_topics(archive)
        fields["topics"] = (
            _ask("Topics, separated by commas (blank for none)", lambda t: check_topics(archive, t))
            or ()
        )
    return fields


def _ask_speaker(fields: dict[str, Any], archive: Archive, quotes_dir: Path) -> None:
    """Ask (or take) the speaker's name until it is usable; say what it refers to."""
    name = fields["speaker"]
    while True:
        if not name:
            name = _ask("Speaker (name or alias)", _words, required=True)
        found = look_up_speaker(archive, name)
        if found.problem is None:
            break
        click.echo(f"Error: {found.problem}", err=True)
        name = None
    fields["speaker"] = name
    click.echo(_speaker_line(found, name, quotes_dir), err=True)
    if found.is_new:
        if not fields["description"]:
            fields["description"] = _ask(f"Role of {name} (blank if none)", _optional)
        if fields.get("kind") is None:
            fields["kind"] = click.prompt(
                "Person or organisation",
                type=click.Choice(["person", "organisation"]),
                default="person",
                err=True,
            )


def _speaker_line(found: SpeakerLookup, name: str, quotes_dir: Path) -> str:
    if found.speaker is not None:
        shown = display_path(speaker_path(quotes_dir, found.speaker.slug))
        return f"Known speaker: {found.speaker.name} ({shown})"
    shown = display_path(speaker_path(quotes_dir, slugify(name)))
    return f"New speaker: {name.strip()} gets a new file, {shown}"


def _show_topics(archive: Archive) -> None:
    if not archive.topics:
        click.echo("No topics are listed in quotes/topics.yaml yet.", err=True)
        return
    click.echo("Topics:", err=True)
    for topic in sorted(archive.topics, key=lambda t: t.slug):
        click.echo(f"  {topic.slug}: {topic.title}", err=True)


def _ask(label: str, check: Callable[[str], Any], required: bool = False) -> Any:
    """One question, asked again until `check` accepts the answer."""

    def convert(text: str) -> Any:
        try:
            return check(text)
        except ValueError as exc:
            raise click.UsageError(str(exc)) from None

    return click.prompt(
        label,
        default=None if required else "",
        show_default=False,
        value_proc=convert,
        err=True,
    )


def _words(text: str) -> str:
    value = strip_quote_marks(text)
    if not value:
        raise ValueError("expected some words, found none")
    return value


def _optional(text: str) -> str | None:
    return text.strip() or None


def _archive(quotes_dir: Path) -> Archive:
    return load_archive(quotes_dir).archive if quotes_dir.is_dir() else Archive()
