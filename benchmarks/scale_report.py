"""The scale benchmark's results as rows: ours, the baseline, their ratio; text and Markdown.

A result is the plain dict `bench_scale` writes as benchmarks/results/scale-<size>.json;
everything here reads it with `.get`, so a result without a baseline or a browser run (or
from an older run) still formats.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

Row = tuple[str, str, str, str]
"""(metric, ours, baseline, ratio ours/baseline)."""

MB = 1024 * 1024


def size_label(quotes: int) -> str:
    """20000 -> '20k', 1000000 -> '1m'."""
    if quotes >= 1_000_000 and quotes % 1_000_000 == 0:
        return f"{quotes // 1_000_000}m"
    if quotes >= 1000 and quotes % 1000 == 0:
        return f"{quotes // 1000}k"
    return str(quotes)


def parse_size(text: str) -> int:
    """'20k' -> 20000, '1m' -> 1000000, '350' -> 350."""
    text = text.strip().lower().replace("_", "")
    factor = {"k": 1000, "m": 1_000_000}.get(text[-1:], 1)
    number = text[:-1] if factor > 1 else text
    try:
        value = int(float(number) * factor)
    except ValueError:
        raise ValueError(f"size expected like 20k, 200k or 1m, found {text!r}") from None
    if value <= 0:
        raise ValueError(f"size expected to be positive, found {text!r}")
    return value


def _num(value: Any, digits: int = 1, unit: str = "") -> str:
    if value is None:
        return "–"
    return f"{value:,.{digits}f}{unit}"


def _mb(value: Any) -> str:
    return "–" if value is None else f"{value / MB:,.1f} MB"


def _kb(value: Any) -> str:
    return "–" if value is None else f"{value / 1024:,.0f} KB"


def _ratio(ours: Any, theirs: Any, capped: bool = False) -> str:
    if ours is None or not theirs:
        return "–"
    ratio = ours / theirs
    return f"< {ratio:.3g}x" if capped else f"{ratio:.3g}x"


def rows(result: dict[str, Any]) -> list[Row]:
    """The table rows of one size."""
    ours = result.get("ours", {})
    base = result.get("baseline", {})
    build = ours.get("build", {})
    capped = base.get("status") == "over"
    base_seconds = f"over {base.get('cap_seconds', 0):.0f} s" if capped else _seconds(base)
    ours_seconds = "failed" if build.get("failed") else _num(build.get("wall_seconds"), 1, " s")
    site, base_site = ours.get("site", {}), base.get("site", {})
    out: list[Row] = [
        ("build, wall", ours_seconds, base_seconds,
         _ratio(build.get("wall_seconds"), base.get("seconds"), capped)),
        ("build, CPU time (all processes)", _num(build.get("cpu_seconds"), 1, " s"),
         _num(base.get("cpu_seconds"), 1, " s"),
         _ratio(build.get("cpu_seconds"), base.get("cpu_seconds"), capped)),
        ("peak memory, process tree (PSS)", _mb(_kb_to_bytes(build.get("tree_pss_peak_kb"))),
         _mb(_kb_to_bytes(base.get("tree_pss_peak_kb"))),
         _ratio(build.get("tree_pss_peak_kb"), base.get("tree_pss_peak_kb"), capped)),
        ("peak memory, process tree (RSS summed)", _mb(_kb_to_bytes(build.get("tree_peak_kb"))),
         _mb(_kb_to_bytes(base.get("tree_peak_kb"))),
         _ratio(build.get("tree_peak_kb"), base.get("tree_peak_kb"), capped)),
        ("peak RSS, largest process", _mb(_kb_to_bytes(build.get("process_peak_kb"))),
         _mb(_kb_to_bytes(base.get("process_peak_kb"))),
         _ratio(build.get("process_peak_kb"), base.get("process_peak_kb"), capped)),
        ("site size on disk (du)", _mb(site.get("disk_bytes")), _mb(base_site.get("disk_bytes")),
         _ratio(site.get("disk_bytes"), base_site.get("disk_bytes"))),
        (f"site as a Pages artifact ({site.get('artifact_method', 'tar, gzip -6')})",
         _mb(site.get("artifact_bytes")), "–", "–"),
        ("release assets (quotes.jsonl.gz, quotes.csv.gz)",
         _mb(ours.get("release_assets", {}).get("bytes")), "–", "–"),
        ("site files", _num(site.get("files"), 0), _num(base_site.get("files"), 0),
         _ratio(site.get("files"), base_site.get("files"))),
        ("search index", _mb(ours.get("search_index", {}).get("bytes")),
         _mb(base.get("search_index", {}).get("bytes")),
         _ratio(ours.get("search_index", {}).get("bytes"),
                base.get("search_index", {}).get("bytes"))),
    ]  # fmt: skip
    out += _search_rows("name", ours.get("search") or {}, base.get("search") or {})
    out += _search_rows("quote's words", ours.get("search_words") or {},
                        base.get("search_words") or {}, names=False)  # fmt: skip
    for key, query in (("search_paced", "name"), ("search_words_paced", "quote's words")):
        paced, paced_base = ours.get(key) or {}, base.get(key) or {}
        if paced or paced_base:
            delay = paced.get("key_delay_ms", paced_base.get("key_delay_ms"))
            label = f"search ({query}, typed at {delay} ms a key): "
            out.append(
                (
                    label + "first full-text result after the last key",
                    _num(paced.get("ms_after_typing"), 0, " ms"),
                    _num(paced_base.get("ms_after_typing"), 0, " ms"),
                    _ratio(paced.get("ms_after_typing"), paced_base.get("ms_after_typing")),
                )
            )
    for name, label in (("validate", "validate"), ("pages", "person and topic pages"),
                        ("mkdocs", "MkDocs"), ("publish", "feeds, data, quote pages"),
                        ("search", "search index")):  # fmt: skip
        phase = build.get("phases_by_role", {}).get(name)
        if phase:
            peak = phase.get("peak_rss_kb")
            extra = f", {peak / 1024:,.0f} MB" if peak else ""
            out.append((f"ours: {label} phase", f"{phase['seconds']:,.1f} s{extra}", "", ""))
    unchanged = ours.get("rebuild_unchanged")
    if unchanged:
        same = "byte-identical" if unchanged.get("identical") else (
            f"{unchanged.get('changed_files')} files differ")  # fmt: skip
        out.append(("ours: rebuild, no change", f"{unchanged['seconds']:,.1f} s, {same}", "", ""))
    edit = ours.get("rebuild_edit")
    if edit:
        rendered = edit.get("pages_rendered")
        told = f"{rendered} pages rendered, " if rendered is not None else ""
        kept = edit.get("pages_kept")
        told += f"{kept} kept, " if kept is not None else ""
        out.append(("ours: rebuild, one speaker edited",
                     f"{edit['seconds']:,.1f} s, {told}{edit.get('site_files_changed')} site "
                     "files changed", "", ""))  # fmt: skip
    return out


def _search_rows(
    query: str, ours: dict[str, Any], base: dict[str, Any], names: bool = True
) -> list[Row]:
    """A search's rows: times to the first result (and the first full-text one), bytes."""
    out: list[Row] = []
    if not ours and not base:
        return out

    def row(label: str, key: str, fmt: Any) -> Row:
        return (f"search ({query}): {label}", fmt(ours.get(key)), fmt(base.get(key)),
                _ratio(ours.get(key), base.get(key)))  # fmt: skip

    ms = lambda v: _num(v, 0, " ms")  # noqa: E731 - a formatter
    if names:
        out.append(row("first result after typing", "ms", ms))
    out += [
        row("first full-text result", "ms_full_text", ms),
        *([row("first full-text result after the last key", "ms_after_typing", ms)]
          if ours.get("ms_after_typing") is not None or base.get("ms_after_typing") is not None
          else []),
        row("search bytes up to the first full-text result", "full_text_search_bytes", _kb),
        row("bytes incl. the page up to the first full-text result", "full_text_bytes", _kb),
        row("search bytes once idle", "search_bytes", _kb),
        (f"search ({query}): first result leads to the speaker", _correct(ours), _correct(base),
         ""),
    ]  # fmt: skip
    return out


def _kb_to_bytes(value: Any) -> int | None:
    return None if value is None else int(value) * 1024


def _seconds(base: dict[str, Any]) -> str:
    status = base.get("status")
    if status in (None, "skipped"):
        return "–"
    if status == "failed":
        return "failed"
    return _num(base.get("seconds"), 1, " s")


def _correct(search: dict[str, Any]) -> str:
    if not search:
        return "–"
    if search.get("error"):
        return "error"
    return "yes" if search.get("correct") else "no"


def heading(result: dict[str, Any]) -> str:
    """One line naming the archive of a result."""
    return (
        f"{result.get('size')}: {result.get('quotes', 0):,} quotes, "
        f"{result.get('speakers', 0):,} speakers, {result.get('topics', 0)} topics "
        f"(seed {result.get('seed')})"
    )


def text_table(result: dict[str, Any]) -> str:
    """Rows as aligned text for stdout."""
    table = [("metric", "ours", "baseline", "ratio"), *rows(result)]
    widths = [max(len(row[i]) for row in table) for i in range(4)]
    lines = [heading(result)]
    for row in table:
        lines.append(
            f"  {row[0]:<{widths[0]}}  {row[1]:>{widths[1]}}  {row[2]:>{widths[2]}}  "
            f"{row[3]:>{widths[3]}}".rstrip()
        )
    return "\n".join(lines)


HOW = """\
Made by `benchmarks/bench_scale.py` on a generated archive (benchmarks/scale_archive.py).
Baseline: the same Markdown pages built by mkdocs-material with automatic navigation and its
built-in search (`plugins: [search]`, `font: false`). Ratio: ours / baseline.
Peak RSS: "process tree" is the largest sum of the RSS of the build and every process it
started, sampled every 0.1 s (a process just started, still sharing its parent's memory
until it execs, is not counted twice); "largest process" is the highest single high-water mark.
Site: its files' size on disk, and as a GitHub Pages artifact (the tar .ci/pack-pages makes,
files in name order, gzip -9, as the Pages workflow uploads it; results from before that
workflow: a tar in directory order, gzip -6), the size actions/deploy-pages compares with
Pages' 1 GB.
Search: ms from the first keystroke of a speaker's name to the first result laid out (median
of several runs, fresh browser each time, page just loaded); bytes as sent by the local HTTP
server, which gzips text as GitHub Pages does; "search machinery" being Pagefind's files and
the name index (names/) for ours and search_index.json plus its worker for the baseline; bytes
until the server was idle after the first result, and (rows "up to the first result") only
the responses finished when the first result appeared. The query is typed as fast as
playwright types, then Enter; rows "after the last key" time from Enter instead (results
since 7e72d94), and rows "typed at 120 ms a key" type at a person's pace: keys that come in
a burst keep Chromium, which handles input first, from starting the page's downloads and
scripts until typing ends, which a person's pace does not."""


def markdown(results: Iterable[dict[str, Any]], machine: dict[str, Any]) -> str:
    """The README's performance section: one table per size, then the machine."""
    out = ["# Scale benchmark", "", HOW, ""]
    for result in results:
        out += [f"## {heading(result)}", "", "| metric | ours | baseline | ratio |",
                "| --- | ---: | ---: | ---: |"]  # fmt: skip
        out += [f"| {' | '.join(cell.replace('|', '/') for cell in row)} |" for row in rows(result)]
        load = result.get("load_average")
        if load:
            out += ["", f"Machine load (1-minute average): {load['start']:.1f} at the start, "
                    f"{load['end']:.1f} at the end (other work slows every figure)."]  # fmt: skip
        checks = result.get("targets") or []
        if checks:
            out += ["", "Targets:", ""]
            out += [
                f"- {'met' if c['met'] else 'MISSED'}: {c['target']} ({c['found']})" for c in checks
            ]
        out.append("")
    out += ["## Machine", ""]
    out += [f"- {key}: {value}" for key, value in machine.items()]
    return "\n".join(out) + "\n"


def load_results(folder: Path) -> list[dict[str, Any]]:
    """Every scale-<size>.json in `folder`, smallest archive first."""
    found = [json.loads(p.read_text(encoding="utf-8")) for p in folder.glob("scale-*.json")]
    return sorted(found, key=lambda r: r.get("quotes", 0))


def target_checks(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Issue 18's targets that apply to this size, each met or not. Memory is the process
    tree's PSS (the RSS sum is in the table beside it); sizes in GiB, as deploy-pages counts
    the 1 GB limit (1,073,741,824 bytes)."""
    quotes = result.get("quotes", 0)
    ours = result.get("ours", {})
    build = ours.get("build", {})
    checks: list[dict[str, Any]] = []

    def check(target: str, met: bool, found: str) -> None:
        checks.append({"target": target, "met": bool(met), "found": found})

    if build.get("failed"):
        check("the build succeeds", False, "failed")
        return checks
    wall, peak = build.get("wall_seconds"), build.get("tree_pss_peak_kb")
    big = quotes >= 1_000_000
    limits = TARGETS_1M if big else TARGETS_200K
    if quotes >= 200_000 and wall is not None and peak is not None:
        check(f"full build <= {limits['build_s']:.0f} s wall", wall <= limits["build_s"],
              f"{wall:.1f} s")  # fmt: skip
        check(f"peak memory (PSS) <= {limits['memory_gb']:.0f} GB",
              peak * 1024 <= limits["memory_gb"] * 1024**3, _mb(peak * 1024))  # fmt: skip
    edit = ours.get("rebuild_edit")
    if quotes >= 200_000 and not big and edit:
        check("rebuild after one speaker edit <= 10 s", edit["seconds"] <= 10,
              f"{edit['seconds']:.1f} s")  # fmt: skip
    artifact = ours.get("site", {}).get("artifact_bytes")
    if big and artifact is not None:
        check("site as a Pages artifact (what deploy-pages compares) <= 1 GB",
              artifact <= 1024**3, _mb(artifact))  # fmt: skip
    for key, query in (("search", "a name"), ("search_words", "a quote's words")):
        search = ours.get(key) or {}
        if quotes < 200_000 or not search:
            continue
        ms, sent = search.get("ms_full_text"), search.get("full_text_search_bytes")
        check(f"search for {query}: first full-text result <= {limits['search_ms']} ms",
              ms is not None and ms <= limits["search_ms"], _num(ms, 0, " ms"))  # fmt: skip
        check(f"search for {query}: <= {limits['search_kb']} KB up to it",
              sent is not None and sent <= limits["search_kb"] * 1024, _kb(sent))  # fmt: skip
    unchanged = ours.get("rebuild_unchanged")
    if unchanged:
        check("rebuild with no change is byte-identical", unchanged.get("identical"),
              f"{unchanged.get('changed_files')} files differ")  # fmt: skip
    return checks


TARGETS_200K = {"build_s": 60.0, "memory_gb": 2.0, "search_ms": 300, "search_kb": 300}
TARGETS_1M = {"build_s": 360.0, "memory_gb": 8.0, "search_ms": 500, "search_kb": 600}
