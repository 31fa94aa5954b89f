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
    ours_search = ours.get("search") or {}
    base_search = base.get("search") or {}
    out: list[Row] = [
        ("build, wall", ours_seconds, base_seconds,
         _ratio(build.get("wall_seconds"), base.get("seconds"), capped)),
        ("peak RSS, process tree", _mb(_kb_to_bytes(build.get("tree_peak_kb"))),
         _mb(_kb_to_bytes(base.get("tree_peak_kb"))),
         _ratio(build.get("tree_peak_kb"), base.get("tree_peak_kb"), capped)),
        ("peak RSS, largest process", _mb(_kb_to_bytes(build.get("process_peak_kb"))),
         _mb(_kb_to_bytes(base.get("process_peak_kb"))),
         _ratio(build.get("process_peak_kb"), base.get("process_peak_kb"), capped)),
        ("site size on disk (du)", _mb(ours.get("site", {}).get("disk_bytes")),
         _mb(base.get("site", {}).get("disk_bytes")),
         _ratio(ours.get("site", {}).get("disk_bytes"), base.get("site", {}).get("disk_bytes"))),
        ("site as a Pages artifact (tar, gzip -6)", _mb(ours.get("site", {}).get("artifact_bytes")),
         "–", "–"),
        ("site files", _num(ours.get("site", {}).get("files"), 0),
         _num(base.get("site", {}).get("files"), 0),
         _ratio(ours.get("site", {}).get("files"), base.get("site", {}).get("files"))),
        ("search index", _mb(ours.get("search_index", {}).get("bytes")),
         _mb(base.get("search_index", {}).get("bytes")),
         _ratio(ours.get("search_index", {}).get("bytes"),
                base.get("search_index", {}).get("bytes"))),
        ("search: first result after typing", _num(ours_search.get("ms"), 0, " ms"),
         _num(base_search.get("ms"), 0, " ms"),
         _ratio(ours_search.get("ms"), base_search.get("ms"))),
        ("search: the speaker is the first result after", _num(ours_search.get("ms_to_speaker"),
         0, " ms"), _num(base_search.get("ms_to_speaker"), 0, " ms"),
         _ratio(ours_search.get("ms_to_speaker"), base_search.get("ms_to_speaker"))),
        ("search: bytes of the search machinery", _kb(ours_search.get("search_bytes")),
         _kb(base_search.get("search_bytes")),
         _ratio(ours_search.get("search_bytes"), base_search.get("search_bytes"))),
        ("search: bytes of the search machinery up to the first result",
         _kb(ours_search.get("first_search_bytes")), _kb(base_search.get("first_search_bytes")),
         _ratio(ours_search.get("first_search_bytes"), base_search.get("first_search_bytes"))),
        ("search: bytes incl. the page up to the first result",
         _kb(ours_search.get("first_bytes")), _kb(base_search.get("first_bytes")),
         _ratio(ours_search.get("first_bytes"), base_search.get("first_bytes"))),
        ("search: bytes incl. the page", _kb(ours_search.get("total_bytes")),
         _kb(base_search.get("total_bytes")),
         _ratio(ours_search.get("total_bytes"), base_search.get("total_bytes"))),
        ("search: first result is the speaker", _correct(ours_search), _correct(base_search), ""),
    ]  # fmt: skip
    for name, label in (("render", "render"), ("mkdocs", "MkDocs"), ("search", "search index")):
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
        told = f"{rendered} pages re-rendered, " if rendered is not None else ""
        converted = edit.get("pages_converted")
        told += f"{converted} converted by MkDocs, " if converted is not None else ""
        out.append(("ours: rebuild, one speaker edited",
                     f"{edit['seconds']:,.1f} s, {told}{edit.get('site_files_changed')} site "
                     "files changed", "", ""))  # fmt: skip
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
Site: its files' size on disk, and as a GitHub Pages artifact (a tar of the site, gzip -6),
the size actions/deploy-pages compares with Pages' 1 GB.
Search: ms from the first keystroke of a speaker's name to the first result laid out (median
of several runs, fresh browser each time, page just loaded); bytes as sent by the local HTTP
server, which gzips text as GitHub Pages does; "search machinery" being Pagefind's files and
the name index (names/) for ours and search_index.json plus its worker for the baseline; bytes
until the server was idle after the first result, and (rows "up to the first result") only
the responses finished when the first result appeared."""


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
    """The issue's targets that apply to this size, each met or not."""
    quotes = result.get("quotes", 0)
    ours = result.get("ours", {})
    build = ours.get("build", {})
    search = ours.get("search") or {}
    checks: list[dict[str, Any]] = []

    def check(target: str, met: bool, found: str) -> None:
        checks.append({"target": target, "met": bool(met), "found": found})

    wall, peak = build.get("wall_seconds"), build.get("tree_peak_kb")
    if build.get("failed"):
        check("the build succeeds", False, "failed")
        return checks
    if quotes >= 200_000 and wall is not None and peak is not None:
        if quotes < 1_000_000:
            check("full build <= 30 s wall", wall <= 30, f"{wall:.1f} s")
            check("peak RSS <= 1.5 GB", peak * 1024 <= 1.5 * 1024**3, _mb(peak * 1024))
        else:
            check("peak RSS <= 8 GB", peak * 1024 <= 8 * 1024**3, _mb(peak * 1024))
            site = ours.get("site", {}).get("disk_bytes") or 0
            check("site <= 1 GB", site <= 1024**3, _mb(site))
            artifact = ours.get("site", {}).get("artifact_bytes")
            if artifact is not None:
                check("site as a Pages artifact (what deploy-pages compares) <= 1 GB",
                      artifact <= 1024**3, _mb(artifact))  # fmt: skip
    if quotes >= 200_000 and search:
        ms = search.get("ms")
        check("search first result <= 300 ms", ms is not None and ms <= 300, _num(ms, 0, " ms"))
        sent = search.get("search_bytes")
        check("search <= 300 KB transferred", sent is not None and sent <= 300 * 1024, _kb(sent))
        first = search.get("first_search_bytes")
        if first is not None:
            check("search <= 300 KB transferred up to the first result", first <= 300 * 1024,
                  _kb(first))  # fmt: skip
    unchanged = ours.get("rebuild_unchanged")
    if unchanged:
        check("rebuild with no change is byte-identical", unchanged.get("identical"),
              f"{unchanged.get('changed_files')} files differ")  # fmt: skip
    return checks
