"""Lookups over the archive that several pages need, computed once per render."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from generator.models import Archive, Quote, Speaker, Topic
from generator.store import sort_quotes

if TYPE_CHECKING:
    from generator.render.person import PersonPart


@dataclass
class SiteIndex:
    """Lookups over the archive that several pages need, computed once per render."""

    archive: Archive
    topics: dict[str, Topic] = field(init=False)
    speaker_of: dict[str, Speaker] = field(init=False)
    """Speaker of every live quote id."""
    parts_of: dict[str, tuple[Speaker, list[PersonPart]]] = field(init=False, default_factory=dict)
    """The pages of each speaker (by slug, with the speaker they were made for) once asked
    for (`pages.person_parts`): rendering, the quote pages, the search records and planning
    (when the last build's `pages.PartPaths` do not have them) need them."""

    def __post_init__(self) -> None:
        self.topics = {t.slug: t for t in self.archive.topics}
        self.speaker_of = {q.id: s for s in self.archive.speakers for q in s.quotes}

    @cached_property
    def quotes_by_id(self) -> dict[str, Quote]:
        return {q.id: q for s in self.archive.speakers for q in s.quotes}

    @cached_property
    def fragments_of(self) -> dict[str, list[Quote]]:
        """Quotes with `part_of`, by the id of the longer quote they belong to."""
        found: dict[str, list[Quote]] = defaultdict(list)
        for quote in self.quotes_by_id.values():
            if quote.part_of and quote.part_of in self.quotes_by_id:
                found[quote.part_of].append(quote)
        return {key: sort_quotes(value) for key, value in found.items()}

    @cached_property
    def newest_listed(self) -> list[Quote]:
        """Every quote with a block of its own, newest first: sorted once for the home page
        and every topic (200k quotes: 0.4 s a sort)."""
        return self.listed(sort_quotes(self.quotes_by_id.values()))

    @cached_property
    def quotes_by_topic(self) -> dict[str, list[Quote]]:
        """The quotes listed under each topic slug, newest first."""
        found: dict[str, list[Quote]] = defaultdict(list)
        for quote in self.newest_listed:
            for slug in quote.topics:
                found[slug].append(quote)
        return dict(found)

    @cached_property
    def listed_counts(self) -> dict[str, int]:
        """How many quotes each speaker (by slug) has with a block of their own."""
        return {s.slug: len(self.listed(s.quotes)) for s in self.archive.speakers}

    def is_shown_inside_parent(self, quote: Quote) -> bool:
        """A fragment is shown inside its longer quote when both belong to the same speaker."""
        parent = quote.part_of
        return bool(
            parent
            and parent in self.speaker_of
            and self.speaker_of[parent] is self.speaker_of[quote.id]
        )

    def listed(self, quotes: Iterable[Quote]) -> list[Quote]:
        """The quotes that get a block of their own: all but fragments shown in their parent."""
        # Most quotes are no fragment: asked without a call each (200k quotes: 0.05 s, 0.2).
        return [q for q in quotes if not q.part_of or not self.is_shown_inside_parent(q)]
