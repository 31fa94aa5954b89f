"""Benchmark `build`: wall time and peak memory of each phase on a generated archive.

Generates an archive of N quotes (default 20,000 across 2,000 speakers; `--quotes 200000`
for the large case), builds it with `generator.site.build_site`, and prints every phase:
validate, render, stage, mkdocs, pagefind, write, with when each ran: MkDocs and Pagefind
run side by side, so the build's wall time is less than the sum of its phases. Child phases
(MkDocs, Pagefind) report their own peak RSS; in-process phases share the parent's peak.

Baselines measured in the same run:
- Pagefind over MkDocs' full HTML (`pagefind --site site/`) against our lean records.
- MkDocs with automatic navigation (no `nav`) against our explicit nav, on a smaller sample
  (`--nav-sample`, default 2,000 quotes) because automatic nav grows quadratically.

Generating 200k quotes takes a quarter of an hour: `--archive DIR` keeps the generated
archive in DIR and reuses it when DIR already holds one. `--no-rebuild` skips the final
rebuild-without-changes timing (a second full build).

Usage: .venv/bin/python benchmarks/bench_build.py [--quotes N] [--nav-sample N] [--keep DIR]
       [--archive DIR] [--no-rebuild]
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.ids import new_quote_id  # noqa: E402 - after the path set-up above
from generator.models import Quote, Source, Speaker, Topic  # noqa: E402
from generator.search import PAGEFIND_PROCESSES, pagefind_executable  # noqa: E402
from generator.site import BuildReport, build_site, run_child  # noqa: E402
from generator.store import dump_speaker, dump_topics  # noqa: E402

# Invented vocabulary and names.
VOCABULARY = """bridge budget winter tram harbour council tax plan school hospital road river
election treaty border trade tariff summit minister agreement policy reform energy price market
climate forecast district safety housing rent wage pension court law vote campaign peace talks
ceasefire sanctions export import debt deficit growth inflation interest bank"""
WORDS = tuple(VOCABULARY.split())
FIRST_NAMES = "Ada Bram Cora Dario Edda Femi Gus Hana Ivo Jun Kira Lev Mara Nils Olga"
LAST_NAMES = "Quill Sample Tester Mock Stub Fixture Dummy Proto Draft Sketch Model"
FIRST, LAST = tuple(FIRST_NAMES.split()), tuple(LAST_NAMES.split())


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def generate_archive(target: Path, quotes: int, speakers: int, seed: int = 7) -> None:
    """Write a valid archive of invented speakers and quotes in canonical YAML."""
    rng = random.Random(seed)
    target.mkdir(parents=True)
    topics = [Topic(f"topic-{i}", f"Topic {i}", sentence(rng, 6)) for i in range(20)]
    (target / "topics.yaml").write_text(dump_topics(topics), encoding="utf-8")
    taken: set[str] = set()
    per_speaker = [
        quotes // speakers + (1 if i < quotes % speakers else 0) for i in range(speakers)
    ]
    for index, count in enumerate(per_speaker):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {index}"
        items = []
        for _ in range(count):
            quote_id = new_quote_id(taken, rng)
            taken.add(quote_id)
            date = f"{rng.randint(2015, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            items.append(Quote(
                id=quote_id, text=sentence(rng, rng.randint(8, 30)), date=date,
                topics=tuple(sorted({rng.choice(topics).slug for _ in range(2)})),
                context=sentence(rng, 35),
                sources=(Source(outlet="Example Gazette", date=date,
                                url=f"https://example.org/{quote_id}", title=sentence(rng, 6)),),
            ))  # fmt: skip
        speaker = Speaker(slug=f"speaker-{index}", name=name, description=sentence(rng, 4),
                          quotes=tuple(items))  # fmt: skip
        (target / f"{speaker.slug}.yaml").write_text(dump_speaker(speaker), encoding="utf-8")


def make_project(target: Path, quotes_dir: Path, explicit_nav: bool = True) -> Path:
    target.mkdir(parents=True)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    if not explicit_nav:
        config = config.split("\nnav:")[0] + "\n"
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    shutil.copytree(ROOT / "content" / "assets", target / "content" / "assets")
    shutil.copy(ROOT / "content" / "about.md", target / "content" / "about.md")
    shutil.copytree(quotes_dir, target / "quotes")
    return target


def build(project: Path) -> BuildReport:
    return build_site(project / "mkdocs.yml", project / "quotes")


def print_phases(title: str, report: BuildReport) -> None:
    print(f"\n{title}: {report.summary()}")
    print(f"  {'phase':<9} {'time':>10} {'peak':>11}   from - to (s into the build)")
    for phase in report.phases:
        memory = f"{phase.peak_rss_kb / 1024:8.0f} MB" if phase.peak_rss_kb else "  (in-process)"
        span = f"{phase.start:7.1f} - {phase.start + phase.seconds:7.1f}"
        print(f"  {phase.name:<9} {phase.seconds:8.2f} s {memory}   {span}")
    mkdocs, pagefind = (next(p for p in report.phases if p.name == name)
                        for name in ("mkdocs", "pagefind"))  # fmt: skip
    overlapped = max(p.start + p.seconds for p in (mkdocs, pagefind)) - min(
        p.start for p in (mkdocs, pagefind)
    )
    print(f"  mkdocs and pagefind side by side: {overlapped:.2f} s wall "
          f"({mkdocs.seconds + pagefind.seconds:.2f} s one after the other)")  # fmt: skip
    total = sum(p.seconds for p in report.phases)
    print(f"  whole build: {report.seconds:.2f} s wall (phases add up to {total:.2f} s)")


def pagefind_over_html(site: Path, output: Path) -> tuple[float, int]:
    """Baseline: let Pagefind index MkDocs' whole HTML output, as its CLI normally does."""
    start = time.perf_counter()
    code, peak, log = run_child(
        [str(pagefind_executable()), "--site", str(site), "--output-path", str(output)]
    )
    if code != 0:
        raise SystemExit(f"pagefind baseline failed:\n{log[-2000:]}")
    return time.perf_counter() - start, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quotes", type=int, default=20_000)
    parser.add_argument("--speakers", type=int, help="default: quotes / 10")
    parser.add_argument("--nav-sample", type=int, default=2_000, help="0 to skip")
    parser.add_argument("--keep", type=Path, help="build here and keep it")
    parser.add_argument("--archive", type=Path, help="generated archive, kept and reused")
    parser.add_argument("--no-rebuild", action="store_true", help="skip the rebuild timing")
    args = parser.parse_args()
    speakers = args.speakers or max(1, args.quotes // 10)
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-build-"))
    try:
        run(work, args.quotes, speakers, args.nav_sample, args.archive, not args.no_rebuild)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def run(
    work: Path, quotes: int, speakers: int, nav_sample: int, archive: Path | None, rebuild: bool
) -> None:
    archive = archive or work / "archive"
    if (archive / "topics.yaml").is_file():
        print(f"reusing the archive in {archive} (generated with --quotes {quotes}?)")
    else:
        start = time.perf_counter()
        generate_archive(archive, quotes, speakers)
        elapsed = time.perf_counter() - start
        print(f"generated {quotes} quotes, {speakers} speakers in {elapsed:.1f}s")

    project = make_project(work / "project", archive)
    report = build(project)
    print_phases("build", report)
    parent_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  parent process peak (validate, render, stage, write): {parent_peak:.0f} MB")

    lean = next(p for p in report.phases if p.name == "pagefind")
    seconds, peak = pagefind_over_html(project / "site", work / "pagefind-baseline")
    print(f"\nPagefind, lean records vs MkDocs' HTML ({quotes} quotes):")
    print(f"  lean records  {lean.seconds:8.2f} s {(lean.peak_rss_kb or 0) / 1024:8.0f} MB"
          f"  ({report.search_indexes} index(es); memory of the largest, "
          f"up to {PAGEFIND_PROCESSES} at once)")  # fmt: skip
    print(f"  full HTML     {seconds:8.2f} s {peak / 1024:8.0f} MB")
    print(f"  ratio         {lean.seconds / seconds:8.2f} x time, "
          f"{(lean.peak_rss_kb or 0) / peak:.2f} x memory")  # fmt: skip

    if nav_sample:
        sample = work / "sample"
        generate_archive(sample, nav_sample, max(1, nav_sample // 10), seed=11)
        explicit = build(make_project(work / "nav-explicit", sample))
        automatic = build(make_project(work / "nav-automatic", sample, explicit_nav=False))
        ours, theirs = (next(p for p in r.phases if p.name == "mkdocs")
                        for r in (explicit, automatic))  # fmt: skip
        print(f"\nMkDocs, explicit nav vs automatic nav ({nav_sample} quotes):")
        print(f"  explicit nav  {ours.seconds:8.2f} s {(ours.peak_rss_kb or 0) / 1024:8.0f} MB")
        print(f"  automatic nav {theirs.seconds:8.2f} s {(theirs.peak_rss_kb or 0) / 1024:8.0f} MB")
        print(f"  ratio         {ours.seconds / theirs.seconds:8.2f} x time")

    if rebuild:
        start = time.perf_counter()
        build(project)
        print(f"\nrebuild without changes: {time.perf_counter() - start:.1f}s")


if __name__ == "__main__":
    main()
