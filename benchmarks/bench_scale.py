"""Benchmark `build` at scale (20k, 200k, 1M quotes) against the default MkDocs set-up.

For each size, on one deterministic synthetic archive (benchmarks/scale_archive.py), whose
texts follow real English word frequencies:
1. Our pipeline: `generator.site.build_site` in a child process (its own peak memory and
   CPU time), as the Pages workflow runs it (the whole-archive files to downloads/, to be
   release assets), with the BuildReport's phases (pages, MkDocs, search index); site size,
   file count, search index size (the pagefind* folders), the site as a Pages artifact and
   the release assets. Then a rebuild without changes (every file of site/, content/ and
   downloads/ hashed before and after: byte-identical?) and a rebuild after adding one quote
   to a mid-sized speaker (time; pages rendered and kept; site files that changed).
2. The baseline a user gets by default: the same pages as Markdown files (each person and
   topic page's front matter and HTML body, as `render_site` gives them, beside the
   hand-written ones) built by mkdocs-material with automatic navigation (no `nav`) and
   `plugins: [search]` (and `font: false`, since this machine has no network), in a child
   process killed after --baseline-cap seconds (reported as "over N s"); only for
   --baseline-sizes.
3. Search in headless Chromium (benchmarks/scale_browser.py): ms from the first keystroke of
   a mid-sized speaker's name to the first result and to the first full-text (Pagefind)
   result, then the same for words of one of their quotes (median of --searches runs, each in
   a fresh browser context), bytes transferred (the search machinery's, and everything
   including the page, up to each result and until idle), and whether the first result
   leads to that speaker's page; ours and the baseline.

Memory: see benchmarks/scale_measure.py (sampled sum over the process tree, and the largest
single process's high-water mark).

Prints a table per size (ours / baseline / ratio) and writes benchmarks/results/scale-<size>.json
and benchmarks/results/scale.md (every scale-*.json there, with the machine).

Usage: .venv/bin/python benchmarks/bench_scale.py [--sizes 20k,200k,1m] [--cache DIR]
       [--baseline-sizes 20k,200k] [--baseline-cap SECONDS] [--no-browser] [--keep DIR]
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

import scale_browser  # noqa: E402 - after the path set-up above
from scale_archive import (  # noqa: E402
    ArchiveInfo,
    SpeakerPlan,
    cached_archive,
    extra_quote_text,
    make_world,
    speakers_for,
)
from scale_measure import (  # noqa: E402
    ARTIFACT_METHOD,
    BuildFailed,
    ChildRun,
    artifact_bytes,
    build_in_child,
    changed_files,
    hash_tree,
    link_tree,
    machine_info,
    run_measured,
    tree_stats,
)
from scale_report import (  # noqa: E402
    load_results,
    markdown,
    parse_size,
    size_label,
    target_checks,
    text_table,
)

from generator.render import render_site  # noqa: E402
from generator.site import is_generated  # noqa: E402
from generator.store import (  # noqa: E402
    dump_speaker,
    load_archive,
    quote_from_data,
    read_yaml,
    speaker_from_data,
)

RESULTS = ROOT / "benchmarks" / "results"
PACED_KEY_MS = 120
"""ms between keys of the paced searches: 100 words a minute, a fast typist."""
DOWNLOADS_URL = "https://github.com/example/archive/releases/download/archive-data/"
"""Where the Pages workflow publishes the whole-archive files (generator.outputs.Downloads)."""
SEARCH_FOLDERS = ("pagefind",)
"""Top-level site folders holding our search index (pagefind/, pagefind-1/, ...)."""
PAGES_ATTRIBUTES = ("pages_rendered", "pages_written", "pages_changed")
BASELINE_CONFIG = {
    "site_name": "Quote archive (baseline)",
    "docs_dir": "docs",
    "site_dir": "site",
    "use_directory_urls": True,
    "theme": {"name": "material", "font": False},
    "plugins": ["search"],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="20k", help="comma-separated, e.g. 20k,200k,1m")
    parser.add_argument("--cache", type=Path, help="keep generated archives here and reuse them")
    parser.add_argument("--baseline-sizes", default="20k", help="'' for none")
    parser.add_argument("--baseline-cap", type=float, default=900, help="seconds")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--searches", type=int, default=3, help="searches per site (median)")
    parser.add_argument("--keep", type=Path, help="build here and keep everything")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--topics", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=0, help="archive writers (0: CPUs)")
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args()
    sizes = [parse_size(s) for s in args.sizes.split(",") if s.strip()]
    baseline_sizes = {parse_size(s) for s in args.baseline_sizes.split(",") if s.strip()}
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-scale-"))
    cache = args.cache or work / "cache"
    machine = machine_info()
    try:
        for quotes in sizes:
            load = os.getloadavg()[0]
            result = run_size(
                work / size_label(quotes), cache, quotes, args, quotes in baseline_sizes
            )
            result["load_average"] = {"start": load, "end": os.getloadavg()[0]}
            result["machine"] = machine
            result["targets"] = target_checks(result)
            print("\n" + text_table(result), flush=True)
            for check in result["targets"]:
                print(f"  target {'met' if check['met'] else 'MISSED'}: {check['target']} "
                      f"({check['found']})")  # fmt: skip
            save(result, args.results, machine)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def run_size(
    work: Path, cache: Path, quotes: int, args: argparse.Namespace, with_baseline: bool
) -> dict[str, Any]:
    """Everything measured for one archive size."""
    speakers = speakers_for(quotes)
    start = time.perf_counter()
    archive, info, reused = cached_archive(
        cache, quotes, speakers, args.topics, args.seed, args.jobs
    )
    generated = None if reused else time.perf_counter() - start
    print(f"{size_label(quotes)}: archive {'reused' if reused else 'generated'} in {archive}"
          + (f" ({generated:.1f} s)" if generated is not None else ""), flush=True)  # fmt: skip
    result: dict[str, Any] = {
        "size": size_label(quotes), "quotes": quotes, "speakers": speakers,
        "topics": args.topics, "seed": args.seed,
        "archive": {"generated_seconds": generated, "reused": reused,
                    **dataclasses.asdict(tree_stats(archive))},
    }  # fmt: skip
    shutil.rmtree(work, ignore_errors=True)
    project = make_project(work / "project", archive)
    speaker = pick_speaker(info)
    words = quote_words(project / "quotes" / f"{speaker.slug}.yaml")
    result["speaker"] = {"name": speaker.name, "slug": speaker.slug, "quotes": speaker.quotes,
                         "words": words}  # fmt: skip
    if with_baseline:
        result["baseline"] = measure_baseline(work / "baseline", project, args.baseline_cap)
    else:
        result["baseline"] = {"status": "skipped"}
    result["ours"] = measure_ours(project, info, speaker)
    if not args.no_browser:
        measure_browser(work, result, speaker, args.searches)
    return result


def quote_words(path: Path, count: int = 4) -> str:
    """Words to search for: the first `count` words of the speaker's newest quote (the
    phrase ranks it first), without punctuation."""
    document, _ = read_yaml(path)
    assert document is not None
    text = str(document.data["quotes"][0]["text"])
    return " ".join(word.strip(".,?!“”") for word in text.split()[:count])


def make_project(target: Path, archive: Path) -> Path:
    """Our mkdocs.yml and hand-written pages, and the archive as hard links."""
    target.mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    if (ROOT / "overrides").is_dir():
        shutil.copytree(ROOT / "overrides", target / "overrides")
    content = ROOT / "content"
    for path in sorted(content.rglob("*")):
        relative = path.relative_to(content).as_posix()
        if path.is_file() and not is_generated(relative):
            (target / "content" / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, target / "content" / relative)
    link_tree(archive, target / "quotes")
    return target


def pick_speaker(info: ArchiveInfo) -> SpeakerPlan:
    """A mid-sized person with a Latin-script name: the top 5 % by quotes, just below."""
    ranked = sorted(info.plans, key=lambda p: (-p.quotes, p.slug))
    for plan in ranked[len(ranked) // 20 :] + ranked:
        if plan.kind == "person" and all(ord(c) < 0x250 for c in plan.name):
            return plan
    return ranked[0]


# -- Ours ----------------------------------------------------------------------------------


def measure_ours(project: Path, info: ArchiveInfo, speaker: SpeakerPlan) -> dict[str, Any]:
    config, quotes = project / "mkdocs.yml", project / "quotes"
    report_json = project.parent / "report.json"
    print("  building (ours)...", flush=True)
    try:
        first = build_in_child(config, quotes, report_json, DOWNLOADS_URL)
    except BuildFailed as failure:  # "builds at all" is a target: record it and go on
        print(f"  {failure}", flush=True)
        return {"build": {**build_figures(failure.run), "failed": True,
                          "output": failure.run.output[-3000:]}}  # fmt: skip
    site = project / "site"
    ours: dict[str, Any] = {
        "build": build_figures(first),
        "site": {
            **dataclasses.asdict(tree_stats(site)),
            "artifact_bytes": artifact_bytes(site),
            "artifact_method": ARTIFACT_METHOD,
        },
        "search_index": dataclasses.asdict(tree_stats(site, SEARCH_FOLDERS)),
        "release_assets": dataclasses.asdict(tree_stats(project / "downloads")),
    }
    before = outputs(project)
    print("  rebuilding without changes...", flush=True)
    again = build_in_child(config, quotes, report_json, DOWNLOADS_URL)
    after = outputs(project)
    differ = changed_files(before, after)
    ours["rebuild_unchanged"] = {
        "seconds": again.seconds, "identical": not differ, "changed_files": len(differ),
        "examples": differ[:20], "build": build_figures(again),
    }  # fmt: skip
    print("  rebuilding after editing one speaker...", flush=True)
    add_quote(quotes, info, speaker)
    edited = build_in_child(config, quotes, report_json, DOWNLOADS_URL)
    changed = changed_files(after, outputs(project))
    pages = next((edited.report[a] for a in PAGES_ATTRIBUTES if a in edited.report), None)
    ours["rebuild_edit"] = {
        "seconds": edited.seconds, "speaker": speaker.slug, "pages_rendered": pages,
        "pages_kept": edited.report.get("pages_kept"),
        "site_files_changed": sum(p.startswith("site/") for p in changed),
        "content_files_changed": sum(p.startswith("content/") for p in changed),
        "examples": changed[:20], "build": build_figures(edited),
    }  # fmt: skip
    return ours


def build_figures(run: ChildRun) -> dict[str, Any]:
    """Wall time, memory and phases of one of our builds."""
    report = run.report
    phases = report.get("phases") or []
    return {
        "wall_seconds": run.seconds,
        "cpu_seconds": run.cpu_seconds,
        "report_seconds": report.get("report_seconds"),
        "tree_peak_kb": run.tree_peak_kb,
        "tree_pss_peak_kb": run.tree_pss_peak_kb,
        "process_peak_kb": run.process_peak_kb,
        "phases": phases,
        "phases_by_role": {
            role: phase
            for role in ("validate", "pages", "mkdocs", "publish", "search")
            if (phase := phase_for(phases, role)) is not None
        },
        "counts": {k: v for k, v in report.items() if isinstance(v, int) and not k.endswith("_kb")},
    }


def phase_for(phases: list[dict[str, Any]], role: str) -> dict[str, Any] | None:
    """The phase playing a role, whatever the build calls it (search: pagefind, index...):
    a phase of that very name first, so "search pages" is neither the pages nor the index."""
    names = {"search": ("pagefind", "index", "search")}.get(role, (role,))
    for name in names:
        if exact := next((p for p in phases if p.get("name") == name), None):
            return exact
    return next((p for p in phases if any(n in str(p.get("name", "")) for n in names)), None)


def outputs(project: Path) -> dict[str, str]:
    """Hashes of everything a build writes: site/, content/ and downloads/."""
    return {
        f"{folder}/{path}": digest
        for folder in ("site", "content", "downloads")
        for path, digest in hash_tree(project / folder).items()
    }


def add_quote(quotes: Path, info: ArchiveInfo, speaker: SpeakerPlan) -> None:
    """Add one new quote to the speaker's file, written canonically (replacing the hard
    link, so the cached archive is untouched)."""
    path = quotes / f"{speaker.slug}.yaml"
    document, problems = read_yaml(path)
    if document is None or problems:
        raise SystemExit(f"cannot read {path}: {problems}")
    current = speaker_from_data(document.data, speaker.slug)
    assert current is not None
    world = make_world(info.seed, info.topics)
    _, item = extra_quote_text(speaker, world, info.seed, info.quotes)
    new = quote_from_data(yaml.safe_load(item)[0])
    assert new is not None
    text = dump_speaker(dataclasses.replace(current, quotes=(*current.quotes, new)))
    path.unlink()
    path.write_text(text, encoding="utf-8", newline="\n")


# -- Baseline ------------------------------------------------------------------------------


def measure_baseline(target: Path, project: Path, cap: float) -> dict[str, Any]:
    """Material with automatic nav and its search over the same pages, capped in time."""
    target.mkdir(parents=True)
    (target / "mkdocs.yml").write_text(yaml.safe_dump(BASELINE_CONFIG), encoding="utf-8")
    shutil.copytree(project / "content", target / "docs", copy_function=os.link)
    write_pages(target / "docs", project / "quotes")
    print(f"  building the baseline (cap {cap:.0f} s)...", flush=True)
    command = [sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(target / "mkdocs.yml")]
    run = run_measured(command, cwd=target, timeout=cap)
    base: dict[str, Any] = {
        "seconds": run.seconds, "cap_seconds": cap, "tree_peak_kb": run.tree_peak_kb,
        "process_peak_kb": run.process_peak_kb,
    }  # fmt: skip
    if run.timed_out:
        return {**base, "status": "over"}
    if run.returncode != 0:
        return {**base, "status": "failed", "output": run.output[-2000:]}
    index = target / "site" / "search" / "search_index.json"
    index_bytes = index.read_bytes() if index.is_file() else b""
    return {
        **base,
        "status": "ok",
        "site": dataclasses.asdict(tree_stats(target / "site")),
        "search_index": {
            "bytes": len(index_bytes),
            "gzip_bytes": len(gzip.compress(index_bytes, 6)),
        },
    }


def write_pages(docs: Path, quotes: Path) -> None:
    """Every page our build makes from the archive, as a Markdown file (person and topic
    pages: front matter, then their HTML body)."""
    for path, text in render_site(load_archive(quotes).archive).items():
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_text(text, encoding="utf-8")


# -- Browser -------------------------------------------------------------------------------


def measure_browser(work: Path, result: dict[str, Any], speaker: SpeakerPlan, times: int) -> None:
    """Search each built site `times` times for the speaker's name (`search`) and for words
    of one of their quotes (`search_words`), typed in a burst; then as many times each typed
    at a person's pace (`search_paced`, `search_words_paced`), for the time after the last
    key."""
    if not scale_browser.CHROMIUM.exists():
        print("  no /usr/bin/chromium: browser measurements skipped")
        return
    expected = f"people/{speaker.slug}/"
    queries = {"search": speaker.name, "search_words": result["speaker"]["words"]}
    print(f"  searching for {speaker.name!r} and {queries['search_words']!r} in Chromium...",
          flush=True)  # fmt: skip
    sites = []
    if not result["ours"]["build"].get("failed"):
        sites.append(("ours", "project/site/", scale_browser.OURS))
    if result["baseline"].get("status") == "ok":
        sites.append(("baseline", "baseline/site/", scale_browser.MATERIAL))
    with scale_browser.serve(work) as served, scale_browser.chromium() as browser:
        for side, path, kind in sites:
            for key, query in queries.items():
                for suffix, delay in (("", 0), ("_paced", PACED_KEY_MS)):
                    runs = [
                        dataclasses.asdict(
                            scale_browser.measure_search(
                                browser, served, path, query, expected, kind, delay
                            )
                        )
                        for _ in range(times)
                    ]
                    result[side][key + suffix] = {
                        **summarise_searches(runs),
                        "key_delay_ms": delay,
                    }


def summarise_searches(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The median times of the runs, the first run's bytes and answer, and every run."""
    summary = dict(runs[0])
    for figure in ("ms", "ms_to_speaker", "ms_full_text", "ms_after_typing"):
        times = sorted(r[figure] for r in runs if r.get(figure) is not None)
        summary[figure] = statistics.median(times) if times else None
    summary["correct"] = all(r["correct"] for r in runs)
    summary["error"] = next((r["error"] for r in runs if r["error"]), "")
    summary["runs"] = runs
    return summary


# -- Output --------------------------------------------------------------------------------


def save(result: dict[str, Any], folder: Path, machine: dict[str, Any]) -> None:
    """Write scale-<size>.json and rewrite scale.md from every result in the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"scale-{result['size']}.json"
    path.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    (folder / "scale.md").write_text(markdown(load_results(folder), machine), encoding="utf-8")
    print(f"  wrote {path} and {folder / 'scale.md'}")


if __name__ == "__main__":
    main()
