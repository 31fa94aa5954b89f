"""Benchmark: quotes as outlets report them, one speaker at a time (issue 16).

Run from the project root: `.venv/bin/python benchmarks/bench_dedupe_reported.py`.

Two labelled sets written for this project (tests/data/dedupe/):

- `reported_pairs.yaml`: pairs of reports under one speaker, labelled merge, fragment or
  distinct (half are hard negatives: same speaker and topic, another remark). Each pair goes
  through both ways the archive meets a duplicate: `place` (a new report placed into the
  speaker's file, as `extract`, `ingest` and `add` do) and `plan` (two quotes already in the
  file, as `dedupe` plans them). A pair counts as found when it is merged or linked as a
  fragment: either way the reader sees one quote.
- `heldout/`: ten articles from six outlets over three stories, with `labels.yaml` naming
  the remark behind each quotation. The articles are extracted into an empty archive and
  every pair of mentions from two different articles is scored: together in one quote (or a
  fragment linked to it) when they carry the same remark, apart when they do not.

Target: precision >= 0.99 and recall >= 0.95 on the pairs, both ways.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.dedupe.normalize import normalise
from generator.dedupe.plan import plan_speaker_quotes
from generator.ingest.placing import NewQuote, Placer
from generator.models import Archive, Quote, Source, Speaker

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "dedupe"
PAIRS = DATA / "reported_pairs.yaml"
HELDOUT = DATA / "heldout"
FOUND = ("merge", "fragment")


@dataclass(frozen=True)
class Pair:
    """One labelled pair of reports by one speaker."""

    pattern: str
    expect: str
    a: str
    b: str
    date_a: str | None = None
    date_b: str | None = None


@dataclass
class Tally:
    """Found and missed pairs, overall and per pattern."""

    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    by_pattern: dict[str, Counter[tuple[str, str]]] = field(
        default_factory=lambda: defaultdict(Counter)
    )
    wrong: list[tuple[Pair, str]] = field(default_factory=list)

    def add(self, pair: Pair, got: str) -> None:
        self.confusion[(pair.expect, got)] += 1
        self.by_pattern[pair.pattern][(pair.expect, got)] += 1
        if (pair.expect in FOUND) != (got in FOUND):
            self.wrong.append((pair, got))

    def precision_recall(self, positive: Iterable[str] = FOUND) -> tuple[float, float]:
        return precision_recall(self.confusion, set(positive))


def precision_recall(
    confusion: Counter[tuple[str, str]], positive: set[str]
) -> tuple[float, float]:
    """(precision, recall) of `positive` labels; 1.0 where nothing was predicted or wanted."""
    hits = sum(n for (want, got), n in confusion.items() if want in positive and got in positive)
    found = sum(n for (_, got), n in confusion.items() if got in positive)
    wanted = sum(n for (want, _), n in confusion.items() if want in positive)
    return (hits / found if found else 1.0), (hits / wanted if wanted else 1.0)


def load_pairs(path: Path = PAIRS) -> list[Pair]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        Pair(
            p["pattern"],
            p["expect"],
            p["a"],
            p["b"],
            _date(p.get("date_a")),
            _date(p.get("date_b")),
        )
        for p in data["pairs"]
    ]


def _date(value: object) -> str | None:
    return str(value) if value is not None else None


def _source(outlet: str, date: str | None) -> Source:
    return Source(
        outlet=outlet, url=f"https://{outlet.lower()}.example/{date or 'undated'}", date=date
    )


def place_pair(pair: Pair) -> str:
    """What placing report b into a file holding report a does: merge, fragment or distinct."""
    first = Quote("qa000001", pair.a, (_source("Wire", pair.date_a),), date=pair.date_a)
    speaker = Speaker("speaker", "A Speaker", quotes=(first,))
    placer = Placer({speaker.slug: speaker}, {first.id})  # ids minted from each quote's seed
    placed = placer.place(
        speaker.slug, NewQuote(pair.b, _source("Herald", pair.date_b), date=pair.date_b)
    )
    if placed.action in ("merged", "skipped"):
        return "merge"
    quotes = placer.speaker(speaker.slug).quotes
    return "fragment" if any(q.part_of for q in quotes) else "distinct"


def plan_pair(pair: Pair) -> str:
    """What `dedupe` plans for a file holding both reports as quotes."""
    quotes = (
        Quote("qa000001", pair.a, (_source("Wire", pair.date_a),), date=pair.date_a),
        Quote("qb000002", pair.b, (_source("Herald", pair.date_b),), date=pair.date_b),
    )
    result = plan_speaker_quotes(Speaker("speaker", "A Speaker", quotes=quotes))
    if result.merges:
        return "merge"
    return "fragment" if result.links else "distinct"


def score_pairs(pairs: list[Pair]) -> dict[str, Tally]:
    """Each pair through both paths: {"place": tally, "plan": tally}."""
    tallies = {"place": Tally(), "plan": Tally()}
    for pair in pairs:
        tallies["place"].add(pair, place_pair(pair))
        tallies["plan"].add(pair, plan_pair(pair))
    return tallies


# -- The held-out articles -------------------------------------------------------------------


@dataclass(frozen=True)
class HeldOutScore:
    """Pairs of mentions from different articles: together or apart, as labelled or not."""

    true_pairs: int
    found_pairs: int
    hits: int
    mentions: int
    missing: tuple[str, ...]
    """Mentions no quote in the archive carries (not extracted, or held for review)."""
    wrong: tuple[str, ...]

    @property
    def precision(self) -> float:
        return self.hits / self.found_pairs if self.found_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.hits / self.true_pairs if self.true_pairs else 1.0


def extract_heldout(folder: Path, work: Path) -> Archive:
    """Extract the held-out articles into an empty archive under `work`; return it."""
    from generator.checks import load_valid_archive
    from generator.ingest import SourceDefaults, ingest_articles

    quotes = work / "quotes"
    quotes.mkdir(parents=True)
    (quotes / "topics.yaml").write_text("topics: []\n", encoding="utf-8")
    report = ingest_articles(
        [str(folder / "articles")],
        quotes,
        SourceDefaults(),
        write=True,
        review_dir=work / "review",
        min_confidence=0.0,  # every guess accepted: this scores deduplication, not attribution
    )
    if report.problems:
        raise SystemExit("\n".join(p.format() for p in report.problems))
    return load_valid_archive(quotes)


def score_heldout(folder: Path = HELDOUT, archive: Archive | None = None) -> HeldOutScore:
    """Extract (unless given the archive) and score the held-out articles."""
    if archive is None:
        with tempfile.TemporaryDirectory() as work:
            archive = extract_heldout(folder, Path(work))
    labels = yaml.safe_load((folder / "labels.yaml").read_text(encoding="utf-8"))["mentions"]
    urls = _article_urls(folder / "articles")
    where: dict[tuple[str, str], str] = {}
    missing = []
    for mention in labels:
        article = f"{int(mention['article']):02d}"
        found = _quote_carrying(archive, urls[article], mention["key"])
        if found is None:
            missing.append(f"{article}: {mention['key']}")
        else:
            where[(article, mention["remark"])] = found
    items = sorted(where.items())
    true_pairs = found_pairs = hits = 0
    wrong = []
    for i, ((article_a, remark_a), quote_a) in enumerate(items):
        for (article_b, remark_b), quote_b in items[i + 1 :]:
            if article_a == article_b:
                continue
            same, together = remark_a == remark_b, quote_a == quote_b
            true_pairs += same
            found_pairs += together
            hits += same and together
            if same != together:
                verdict = "apart" if same else "together"
                wrong.append(f"{article_a} {remark_a} / {article_b} {remark_b}: {verdict}")
    return HeldOutScore(
        true_pairs, found_pairs, hits, len(labels), tuple(missing), tuple(sorted(set(wrong)))
    )


def _article_urls(folder: Path) -> dict[str, str]:
    urls = {}
    for path in sorted(folder.glob("*.md")):
        front = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
        urls[path.name[:2]] = front["url"]
    return urls


def _quote_carrying(archive: Archive, url: str, key: str) -> str | None:
    """The quote (its longer quote, for a fragment) that has `url` as a source and whose
    words hold `key`."""
    wanted = normalise(key).key
    by_id = {q.id: q for s in archive.speakers for q in s.quotes}
    for quote in by_id.values():
        if not any(s.url == url for s in quote.sources):
            continue
        if any(wanted in normalise(text).key for text in (quote.text, *quote.variants)):
            while quote.part_of and quote.part_of in by_id:
                quote = by_id[quote.part_of]
            return quote.id
    return None


# -- Report ------------------------------------------------------------------------------------


def report(tallies: dict[str, Tally], heldout: HeldOutScore | None) -> str:
    lines = ["| set | path | precision | recall | pairs |", "| --- | --- | --- | --- | --- |"]
    for path, tally in tallies.items():
        total = sum(tally.confusion.values())
        for name, positive in (("merged or linked", FOUND), ("merged", ("merge",))):
            p, r = tally.precision_recall(positive)
            lines.append(f"| reported pairs, {name} | {path} | {p:.3f} | {r:.3f} | {total} |")
    if heldout is not None:
        lines.append(
            f"| held-out articles, pairs of mentions | extract | {heldout.precision:.3f} "
            f"| {heldout.recall:.3f} | {heldout.true_pairs} same remark, "
            f"{heldout.mentions - len(heldout.missing)}/{heldout.mentions} mentions found |"
        )
    lines += [
        "",
        "| pattern | expected | place: found | plan: found |",
        "| --- | --- | --- | --- |",
    ]
    for pattern in tallies["place"].by_pattern:
        counts = {path: tally.by_pattern[pattern] for path, tally in tallies.items()}
        expect = next(iter({w for (w, _) in counts["place"]}))
        total = sum(counts["place"].values())
        found = {
            path: sum(n for (_, g), n in c.items() if g in FOUND) for path, c in counts.items()
        }
        lines.append(
            f"| {pattern} | {expect} | {found['place']}/{total} | {found['plan']}/{total} |"
        )
    for path, tally in tallies.items():
        for pair, got in tally.wrong:
            lines.append(
                f"{path}: {pair.pattern} expected {pair.expect}, got {got}: {pair.a!r} / {pair.b!r}"
            )
    if heldout is not None:
        lines += [f"held-out missing: {m}" for m in heldout.missing]
        lines += [f"held-out wrong: {w}" for w in heldout.wrong]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-heldout", action="store_true", help="score the pairs only")
    args = parser.parse_args()
    tallies = score_pairs(load_pairs())
    heldout = None if args.no_heldout else score_heldout()
    print(report(tallies, heldout))


if __name__ == "__main__":
    main()
