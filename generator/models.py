"""Value objects of the archive: speakers, their quotes, and the sources that report them.

These are plain frozen dataclasses; the conversion between YAML and them lives in `store`.
"""

from __future__ import annotations

from dataclasses import dataclass

SPEAKER_KINDS = ("person", "organisation")
QUOTE_STATUSES = ("attributed", "verified", "disputed", "misattributed")
CONTESTED_STATUSES = ("disputed", "misattributed")
"""Statuses that put a quote apart from the others on its speaker's page, with its evidence."""


@dataclass(frozen=True)
class Source:
    """A publication that reported a quote."""

    outlet: str | None = None
    """Name of the outlet or publication ("Reuters", "Congressional Record")."""
    url: str | None = None
    """Where to read it; optional when `outlet` names a publication without a web page."""
    title: str | None = None
    """Headline or title of the piece."""
    date: str | None = None
    """Publication date, `YYYY`, `YYYY-MM` or `YYYY-MM-DD`."""


@dataclass(frozen=True)
class Quote:
    """Words one speaker said, with every source that reported them."""

    id: str
    """Stable identifier, assigned once and never changed or reused; the permalink anchor."""
    text: str
    """The words, without quote marks."""
    sources: tuple[Source, ...]
    """One or more publications that reported it; never empty."""
    date: str | None = None
    """When it was said, `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; None when unknown."""
    added: str | None = None
    """When it was added to the archive (`YYYY-MM-DD`), stamped by the tool; feeds list
    quotes by it, so an old quote added today shows up as new. None for quotes added
    before the field existed."""
    topics: tuple[str, ...] = ()
    """Topic slugs from the taxonomy."""
    context: str | None = None
    """The sentence around the quote, as reported."""
    status: str = "attributed"
    """One of QUOTE_STATUSES: how sure the archive is that the speaker said it."""
    status_source: Source | None = None
    """The evidence for a `disputed` or `misattributed` status (a fact-check, a correction),
    shown beside the quote so readers can judge it; the W001 warning asks for one."""
    variants: tuple[str, ...] = ()
    """Other wordings of the same quote reported by other sources (kept by deduplication)."""
    merged_ids: tuple[str, ...] = ()
    """Ids of quotes merged into this one; their permalinks resolve here."""
    part_of: str | None = None
    """Id of a longer quote this one is a fragment of (shown with it, not twice)."""
    language: str | None = None
    """The language of the words as a BCP 47 tag (`ar`, `uk`, `zh-Hant`), when it is not the
    site's: pages mark the quote with it, so it is read, hyphenated and voiced as that language."""
    distinct_from: tuple[str, ...] = ()
    """Ids of quotes an editor found to be other remarks, though deduplication takes them
    for near-duplicates: `dedupe` neither merges nor links them, and `check` stops warning."""

    @property
    def year(self) -> str | None:
        """The year it was said, for grouping and search filters."""
        return self.date[:4] if self.date else None


@dataclass(frozen=True)
class Speaker:
    """A person or an organisation with its quotes; one YAML file in `quotes/`."""

    slug: str
    """URL-safe identifier; also the file name (`quotes/<slug>.yaml`) and the page URL."""
    name: str
    """Full name as displayed ("Dmitry Peskov", "US Treasury Department")."""
    kind: str = "person"
    """One of SPEAKER_KINDS."""
    description: str | None = None
    """Short role ("Kremlin spokesman")."""
    aliases: tuple[str, ...] = ()
    """Other names the speaker is reported under ("Peskov")."""
    former_slugs: tuple[str, ...] = ()
    """Slugs of speaker files merged into this one; their page URLs still lead here."""
    distinct_from: tuple[str, ...] = ()
    """Slugs of speaker files an editor found to be other people (a parent and child,
    namesakes): `dedupe` never merges or proposes them, and `check` stops warning."""
    quotes: tuple[Quote, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """The name followed by every alias."""
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Topic:
    """An entry of the topic taxonomy (`quotes/topics.yaml`)."""

    slug: str
    title: str
    description: str = ""


@dataclass(frozen=True)
class Archive:
    """Everything under `quotes/`: speakers and the topic taxonomy."""

    speakers: tuple[Speaker, ...] = ()
    topics: tuple[Topic, ...] = ()

    def taken_ids(self) -> set[str]:
        """Every id in use: live ids and ids of quotes merged away (their links still work)."""
        return {i for s in self.speakers for q in s.quotes for i in (q.id, *q.merged_ids)}

    def all_quotes(self) -> list[tuple[Speaker, Quote]]:
        """Every quote with its speaker, in file order."""
        return [(s, q) for s in self.speakers for q in s.quotes]
