"""Published addresses a change would break: quote ids and speaker slugs that disappear.

Every quote id is a published page (`q/<id>/`, and the anchor on its speaker's page), and
every speaker slug is a published page (`people/<slug>/`). An id may move to another file
(moving a quote keeps it) or live on in another quote's `merged_ids`; a slug may live on in
another file's `former_slugs`. One that is simply gone breaks every link to it, so `check
--changed` warns (W002), comparing the changed and deleted files as they were on the base
branch with the whole archive as it is now.
"""

from __future__ import annotations

from collections.abc import Mapping

from generator.codes import hint_for
from generator.errors import Problem
from generator.models import Archive, Speaker


def lost_addresses(archive: Archive, before: Mapping[str, Speaker]) -> list[Problem]:
    """Warnings for each id and slug of `before` (speaker files as they were, by the path
    shown in messages) that the archive keeps nowhere, live, merged or former."""
    ids = archive.taken_ids()
    slugs = {slug for s in archive.speakers for slug in (s.slug, *s.former_slugs)}
    problems = []
    for shown, speaker in sorted(before.items()):
        for old in (speaker.slug, *speaker.former_slugs):
            if old not in slugs:
                problems.append(
                    _lost(shown, f"speaker slug '{old}' (people/{old}/)", "former_slugs")
                )
        for quote in speaker.quotes:
            for quote_id in (quote.id, *quote.merged_ids):
                if quote_id and quote_id not in ids:
                    what = f"quote id '{quote_id}' (q/{quote_id}/)"
                    problems.append(_lost(shown, what, "merged_ids"))
    return problems


def _lost(shown: str, what: str, where: str) -> Problem:
    return Problem(
        shown,
        0,
        0,
        "W002",
        f"published {what} expected to stay in the archive, found it gone (not kept in any "
        f"{where})",
        hint_for("W002"),
        severity="warning",
    )
