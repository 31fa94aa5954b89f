"""Benchmark the search index: one lean page per person against one record per quote.

Indexes the same archive twice in one run and prints, for each way, the wall time, the peak
memory of the largest Pagefind process, the bundle's size, the number of shards and the pages
indexed, then the ratios (old / new):
- old (the baseline, as built until now): one record per quote, person and topic, in shards
  of 40,000 records, two Pagefind processes at once;
- new (`generator.search`): one page per person (a heading per quote) and per topic, in
  shards of at most QUOTE_BUDGET quotes on average (`--budget` to try another), a speaker's
  shard chosen by a hash of the slug.
Then a rebuild with `previous=` set to the new bundles, after changing one speaker: only the
shard holding that speaker is indexed again.

The archive is an existing one (`--archive DIR`, loaded with load_valid_archive, never
modified) or one generated like benchmarks/bench_scale.py (`--quotes N`, default 20,000, ten
quotes a speaker). `--no-baseline` skips the old way (for trying budgets).

Usage: .venv/bin/python benchmarks/bench_search_index.py [--archive DIR | --quotes N]
       [--budget N [N...]]
       [--keep DIR] [--processes N] [--no-baseline]
"""

from __future__ import annotations

import argparse
import dataclasses
import html
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from scale_archive import generate_archive  # noqa: E402 - after the path set-up above

from generator.checks import load_valid_archive  # noqa: E402
from generator.models import Archive, Quote, Speaker  # noqa: E402
from generator.render import SiteIndex, display_date, one_line, page_url  # noqa: E402
from generator.search import (  # noqa: E402
    QUOTE_BUDGET,
    IndexReport,
    SearchRecord,
    search_shards,
    write_search_index,
    write_search_shards,
)

OLD_SHARD_RECORDS = 40_000
OLD_PROCESSES = 2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--archive", type=Path, help="an existing archive (read only)")
    parser.add_argument("--quotes", type=int, default=20_000)
    parser.add_argument(
        "--budget", type=int, nargs="+", default=[QUOTE_BUDGET], help="quotes a shard, or several"
    )
    parser.add_argument("--processes", type=int, default=None)
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--keep", type=Path, help="copy the new bundles here (for the browser)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-search-") as scratch:
        work = Path(scratch)
        archive = load(args, work)
        quotes = sum(len(s.quotes) for s in archive.speakers)
        print(f"archive: {len(archive.speakers)} speakers, {quotes} quotes")
        for budget in args.budget[1:]:
            index_new_way(archive, budget, args.processes, work / f"try-{budget}")
        new = index_new_way(archive, args.budget[0], args.processes, work / "new")
        rebuild(archive, args, work)
        if args.keep:
            shutil.copytree(work / "new", args.keep, dirs_exist_ok=True)
        if args.no_baseline:
            return
        old = index_old_way(archive, work / "old" / "pagefind")
        show("old: a record per quote", old, work / "old", f"{OLD_SHARD_RECORDS} records a shard")
        print(
            f"ratio old/new: time {old.seconds / new.seconds:.1f}x, "
            f"peak RSS {old.peak_rss_kb / new.peak_rss_kb:.1f}x, "
            f"bundle {size(work / 'old') / size(work / 'new'):.2f}x, "
            f"shards {old.shards} -> {new.shards}"
        )


def load(args: argparse.Namespace, work: Path) -> Archive:
    start = time.perf_counter()
    folder = args.archive
    if folder is None:
        folder = work / "quotes"
        generate_archive(folder, args.quotes, max(1, args.quotes // 10))
    archive = load_valid_archive(folder)
    print(f"loaded {folder} in {time.perf_counter() - start:.1f} s")
    return archive


def index_new_way(archive: Archive, budget: int, processes: int | None, work: Path) -> IndexReport:
    shards = search_shards(archive, budget)
    largest = max(shard.quotes for shard in shards)
    report = write_search_shards(shards, work / "pagefind", processes=processes)
    show("new: a page per person", report, work, f"budget {budget}, largest {largest} quotes")
    return report


def rebuild(archive: Archive, args: argparse.Namespace, work: Path) -> None:
    """Change one speaker's description and index again with the first build as previous."""
    first = archive.speakers[0]
    changed = dataclasses.replace(first, description=(first.description or "") + " (changed)")
    archive = dataclasses.replace(archive, speakers=(changed, *archive.speakers[1:]))
    report = write_search_shards(
        search_shards(archive, args.budget[0]),
        work / "again" / "pagefind",
        processes=args.processes,
        previous=work / "new" / "pagefind",
    )
    print(
        f"rebuild after changing one speaker: {report.seconds:6.1f} s, "
        f"{report.reused} of {report.shards} shards copied from the previous build"
    )


def show(title: str, report: IndexReport, folder: Path, note: str) -> None:
    print(
        f"{title:<26} {report.seconds:7.1f} s  peak RSS {report.peak_rss_kb / 1024:6.0f} MB  "
        f"bundle {size(folder) / 2**20:6.1f} MB  {report.shards} shard(s)  "
        f"{report.records} pages  ({note})"
    )


def size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


# -- The old way: one record per quote ----------------------------------------------------


def index_old_way(archive: Archive, output_dir: Path) -> IndexReport:
    """Per-quote records in shards of OLD_SHARD_RECORDS, as generator.search did before."""
    start = time.perf_counter()
    records = list(old_records(archive))
    groups = [records[i : i + OLD_SHARD_RECORDS] for i in range(0, len(records), OLD_SHARD_RECORDS)]
    folders = [output_dir.with_name(f"pagefind-{n}") if n else output_dir for n in range(99)]
    with ThreadPoolExecutor(OLD_PROCESSES) as pool:
        reports = list(pool.map(write_search_index, groups, folders[: len(groups)]))
    return IndexReport(
        records=len(records),
        seconds=time.perf_counter() - start,
        peak_rss_kb=max(r.peak_rss_kb for r in reports),
        shards=len(reports),
    )


def old_records(archive: Archive) -> Iterator[SearchRecord]:
    index = SiteIndex(archive)
    for speaker in archive.speakers:
        count = f"{len(speaker.quotes)} quotes"
        yield old_page(f"people/{speaker.slug}.md", "Person", speaker.name, [
            (10, speaker.name), *((8, a) for a in speaker.aliases),
            (2, one_line(speaker.description) or "")], {"count": count})  # fmt: skip
    for topic in archive.topics:
        yield old_page(f"topics/{topic.slug}.md", "Topic", topic.title, [
            (8, topic.title), (1, topic.description)], {})  # fmt: skip
    for speaker in archive.speakers:
        for quote in index.listed(speaker.quotes):
            yield old_quote(speaker, quote, index)


def old_quote(speaker: Speaker, quote: Quote, index: SiteIndex) -> SearchRecord:
    topics = [index.topics[t].title for t in quote.topics if t in index.topics]
    text = one_line(quote.text) or ""
    words = [(2, text), (4, speaker.name), *((3, a) for a in speaker.aliases),
             (0.5, one_line(quote.context) or ""),
             *((1, one_line(v) or "") for v in quote.variants)]  # fmt: skip
    meta = {"quote": text[:400], "date": display_date(quote.date) or "", "topics": str(topics)}
    filters = [("speaker", speaker.name), *(("topic", t) for t in topics)]
    filters += [("year", quote.year)] if quote.year else []
    record = old_page(f"people/{speaker.slug}.md", "Quote", speaker.name, words, meta, filters)
    return SearchRecord(f"{record.url}#q-{quote.id}", record.html)


def old_page(
    page: str,
    kind: str,
    title: str,
    words: list[tuple[float, str]],
    meta: dict[str, str],
    filters: list[tuple[str, str]] | None = None,
) -> SearchRecord:
    e = html.escape
    body = "".join(f'<p data-pagefind-weight="{w}">{e(t)}</p>' for w, t in words if t)
    hidden = f'<span data-pagefind-meta="title">{e(title)}</span>'
    hidden += f'<span data-pagefind-filter="type">{kind}</span>'
    hidden += "".join(f'<span data-pagefind-meta="{k}">{e(v)}</span>' for k, v in meta.items())
    hidden += "".join(f'<span data-pagefind-filter="{k}">{e(v)}</span>' for k, v in filters or [])
    return SearchRecord(
        "/" + page_url(page),
        f'<html lang="en"><body><main data-pagefind-body>{body}'
        f"<div data-pagefind-ignore>{hidden}</div></main></body></html>",
    )


if __name__ == "__main__":
    main()
