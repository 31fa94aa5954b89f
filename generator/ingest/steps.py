"""The steps of a reduce, each pure and small enough to run wherever the quotes are.

`ingest_quotes` runs them one after another over quotes in memory; `generator.corpus` runs
them over partitions and buckets on other processes. Both give the same archive because
both are these steps:

1. `first_look` at each quote: skipped (no source, a scare quote, decided in review), held
   for review (no speaker, no proper name, uncertain), or a name claim to resolve;
2. the claims are planned together (`speakers.plan_speakers`, not here);
3. `sort_out` each quote: settled, or routed to its speaker file's bucket (held when its
   name fits two speakers);
4. `place_bucket`: each bucket's quotes, in canonical order, into its speakers' files.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from generator.extract.records import ExtractedQuote
from generator.ingest.placing import BUCKETS, NewQuote, Placer, bucket_prefix
from generator.ingest.speakers import NameClaim, SpeakerPlan, claim_key
from generator.ingest.triage import hold_for_review
from generator.models import Source, Speaker
from generator.review import Decision, ReviewItem, review_id

CanonicalKey = tuple[str, str, str, str, str, int, int]


@dataclass(frozen=True)
class SourceDefaults:
    """Source details for articles whose files carry no metadata (from command options)."""

    outlet: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Outcome:
    """What happened to one extracted quote."""

    action: str
    """`added`, `merged` (gained a source), `held` for review, or `skipped`."""
    text: str
    article: str
    speaker: str | None = None
    """Slug of the speaker file the quote went to."""
    quote_id: str | None = None
    """Its id in the archive; for a held quote, its id in the review queue."""
    reason: str = ""


@dataclass(frozen=True)
class Look:
    """A quote after its first look: settled (skipped or held), or a name to resolve."""

    key: CanonicalKey
    review_id: str
    outcome: Outcome | None = None
    """Set when the quote is settled here."""
    held: ReviewItem | None = None
    source: Source | None = None
    claim: NameClaim | None = None
    """Set when the quote waits for its speaker's file."""


@dataclass(frozen=True)
class Placement:
    """One quote bound for a speaker file: all a bucket needs to place it."""

    key: CanonicalKey
    """Where it stands in the run's canonical order."""
    slug: str
    quote: NewQuote
    article: str


@dataclass
class BucketResult:
    """A bucket's speakers that changed, and the account of each quote placed in it."""

    speakers: dict[str, Speaker]
    outcomes: list[tuple[CanonicalKey, Outcome]]


def first_look(
    quote: ExtractedQuote,
    defaults: SourceDefaults,
    decisions: Mapping[str, Decision],
    min_confidence: float,
) -> Look:
    """Settle what can be settled before a speaker is looked for."""
    key, item_id, where = canonical_order(quote), quote_review_id(quote), _where(quote)
    source = source_of(quote, defaults)
    if not quote.is_statement:
        return Look(key, item_id, Outcome("skipped", quote.text, where, reason=_SCARE))
    if source is None:
        return Look(key, item_id, Outcome("skipped", quote.text, where, reason=_NO_SOURCE))
    if item_id in decisions:
        decided = decisions[item_id]
        reason = f"{decided.decision} by an editor in review ({item_id})"
        outcome = Outcome("skipped", quote.text, where, decided.speaker, decided.quote_id, reason)
        return Look(key, item_id, outcome)
    hold = hold_for_review(quote, min_confidence)
    if hold is not None:
        outcome, held = _hold(quote, source, hold.reason, hold.detail)
        return Look(key, item_id, outcome, held)
    claim = NameClaim(quote.speaker or "", quote.speaker_kind, quote.speaker_role)
    return Look(key, item_id, source=source, claim=claim)


_SCARE = "a scare quote or title"
_NO_SOURCE = "the article names no outlet or url (give --outlet or --url, or front matter)"


def route(
    quote: ExtractedQuote, look: Look, plan: SpeakerPlan
) -> Placement | tuple[Outcome, ReviewItem]:
    """The speaker file a quote with a name claim goes to, or review for an ambiguous name."""
    assert look.source is not None and quote.speaker is not None
    key = claim_key(quote.speaker)
    if key in plan.held:
        reason, candidates = plan.held[key]
        return _hold(quote, look.source, "ambiguous", reason, candidates)
    seed = f"{quote.article_key}\0{quote.start}\0{quote.text}"
    new = NewQuote(quote.text, look.source, quote.context, _date(quote), seed)
    return Placement(look.key, plan.slug_of[key], new, _where(quote))


@dataclass(frozen=True)
class Sorted:
    """A quote sorted out: settled (an outcome, maybe a held item) or bound for a bucket."""

    outcome: Outcome | None = None
    held: ReviewItem | None = None
    placement: Placement | None = None


def sort_out(quote: ExtractedQuote, look: Look, plan: SpeakerPlan) -> Sorted:
    """What becomes of a quote once the speakers are planned."""
    if look.claim is None:
        return Sorted(look.outcome, look.held)
    routed = route(quote, look, plan)
    if isinstance(routed, Placement):
        return Sorted(placement=routed)
    return Sorted(*routed)


def place_bucket(
    speakers: Mapping[str, Speaker],
    taken: set[str],
    placements: Iterable[Placement],
    added: str | None = None,
) -> BucketResult:
    """Place one bucket's quotes, in canonical order, into its speakers' files.

    Pure, and independent of every other bucket: `taken` needs only the ids that start
    with the bucket's letter. What a run gives is the same however its buckets are spread
    over processes.
    """
    placer = Placer(dict(speakers), set(taken), added)
    outcomes = []
    for run in quotation_runs(sorted(placements, key=lambda p: p.key)):
        pieces = [item.quote for item in run]
        for item, placed in zip(run, placer.place_pieces(run[0].slug, pieces), strict=True):
            outcome = Outcome(
                placed.action,
                item.quote.text,
                item.article,
                item.slug,
                placed.quote_id,
                placed.reason,
            )
            outcomes.append((item.key, outcome))
    return BucketResult(placer.changed_speakers(), outcomes)


SPLIT_GAP = 80
"""Characters between two quoted pieces (closing mark, attribution, opening mark) that can
still be one quotation split around its attribution."""


def quotation_runs(placements: list[Placement]) -> list[list[Placement]]:
    """Placements in canonical order, with the pieces of one quotation split around its
    attribution together: next to each other in one article, for one speaker file, a short
    attribution apart (by offsets: the articles' texts are gone by now)."""
    runs: list[list[Placement]] = []
    for item in placements:
        if runs and _continues(runs[-1][-1], item):
            runs[-1].append(item)
        else:
            runs.append([item])
    return runs


def _continues(before: Placement, item: Placement) -> bool:
    same_article = before.key[:5] == item.key[:5] and before.slug == item.slug
    return same_article and 0 < item.key[5] - before.key[6] <= SPLIT_GAP


def ids_by_bucket(ids: Iterable[str]) -> dict[int, set[str]]:
    """Ids grouped by the bucket whose new ids share their first letter."""
    letter_bucket = {bucket_prefix(b): b for b in range(BUCKETS)}
    grouped: dict[int, set[str]] = defaultdict(set)
    for quote_id in ids:
        bucket = letter_bucket.get(quote_id[:1])
        if bucket is not None:
            grouped[bucket].add(quote_id)
    return grouped


def canonical_order(quote: ExtractedQuote) -> CanonicalKey:
    """Quotes in the order of their articles' contents, then of their place in them: the
    same whatever order the articles were read in, or how a corpus was split into files
    (the path an article was read from is left out; its metadata tells copies apart)."""
    article = quote.article
    if article is None:
        return quote.article_key, "", "", "", "", quote.start, quote.end
    url, outlet = article.url or "", article.outlet or ""
    title, date = article.title or "", article.date or ""
    return quote.article_key, url, outlet, title, date, quote.start, quote.end


def source_of(quote: ExtractedQuote, defaults: SourceDefaults) -> Source | None:
    """The source the quote's article makes, filled in from `defaults`; None without both an
    outlet and a url."""
    article = quote.article
    outlet = (article.outlet if article else None) or defaults.outlet
    url = (article.url if article else None) or defaults.url
    if not outlet and not url:
        return None
    return Source(
        outlet=outlet,
        url=url,
        title=article.title if article else None,
        date=article.date if article else None,
    )


def quote_review_id(quote: ExtractedQuote) -> str:
    """The quote's id in the review queue (see `generator.review.review_id`)."""
    return review_id(quote.article_key, quote.start, quote.text)


def _hold(
    quote: ExtractedQuote,
    source: Source,
    reason: str,
    detail: str,
    candidates: tuple[str, ...] = (),
) -> tuple[Outcome, ReviewItem]:
    item = ReviewItem(
        id=quote_review_id(quote),
        reason=reason,
        detail=detail,
        text=quote.text,
        source=source,
        article=_where(quote),
        context=quote.context,
        speaker=quote.speaker,
        speaker_kind=quote.speaker_kind,
        speaker_role=quote.speaker_role,
        candidates=candidates,
        confidence=quote.confidence,
        date=_date(quote),
    )
    return Outcome("held", quote.text, item.article, None, item.id, detail), item


def _where(quote: ExtractedQuote) -> str:
    article = quote.article
    if article is None:
        return "-"
    return f"{article.path}:{article.line}" if article.line else article.path


def _date(quote: ExtractedQuote) -> str | None:
    return quote.article.date if quote.article else None
