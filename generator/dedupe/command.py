"""The `dedupe` and `merge-speakers` recipes, the printed plan, and the near-duplicate
warnings `check` reports.

`dedupe --apply` applies every merge the rules are sure of, or only the proposals an editor
names by key (`decisions`); `dedupe --not-duplicate A B` records a pair an editor keeps
apart; `merge-speakers` merges two files of one person, even while their shared name is an
X003 error (which is how such a pair often shows up).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.checks import check_archive, load_valid_archive, write_checked
from generator.dedupe.decisions import keep_apart, plan_speaker_merge, review_key, select
from generator.dedupe.plan import DedupePlan, PairScore, apply_plan, plan_dedupe
from generator.errors import ArchiveError, GeneratorError, Problem, display_path, printable
from generator.models import Archive
from generator.store import TOPICS_FILE, LoadedArchive

PARALLEL_FROM = 50_000
"""Archives with more quotes than this are planned in worker processes."""
DEDUPE_HINT = "run `python -m generator dedupe` to review it, then `dedupe --apply`"


@dataclass(frozen=True)
class DedupeOutcome:
    """What one `dedupe` run found and, with --apply, wrote."""

    plan: DedupePlan
    applied: bool
    written: tuple[Path, ...] = ()

    def summary(self) -> str:
        """One line: what was (or would be) merged, and what is left to an editor."""
        plan = self.plan
        merged_quotes = sum(len(m.merged) for m in plan.quote_merges)
        verb = "merged" if self.applied else "would merge"
        line = (
            f"{verb} {len(plan.speaker_merges)} speaker file(s) and {merged_quotes} "
            f"quote(s) into {len(plan.quote_merges)}, "
            f"{'linked' if self.applied else 'link'} {len(plan.fragment_links)} fragment(s)"
        )
        if self.applied:
            line += f", wrote {len(self.written)} file(s)"
        return (
            f"{line}; {len(plan.misattributions)} possible misattribution(s) and "
            f"{len(plan.speaker_reviews)} speaker name(s) to review"
        )


def dedupe_archive(
    quotes_dir: Path,
    apply: bool = False,
    workers: int | None = None,
    keys: tuple[str, ...] = (),
) -> DedupeOutcome:
    """Plan deduplication of a valid archive; with `apply`, write the result atomically:
    the whole plan, or only the proposals named by `keys` (see `decisions`)."""
    archive = load_valid_archive(quotes_dir)
    if workers is None:
        quotes = sum(len(s.quotes) for s in archive.speakers)
        workers = min(2, os.cpu_count() or 1) if quotes > PARALLEL_FROM else 1
    plan = plan_dedupe(archive, workers)
    if keys:
        plan = select(plan, keys, archive)
    if not apply or not plan.changes:
        return DedupeOutcome(plan, applied=apply)
    return DedupeOutcome(plan, applied=True, written=_write_plan(quotes_dir, archive, plan))


def merge_speakers_into(quotes_dir: Path, survivor: str, others: tuple[str, ...]) -> DedupeOutcome:
    """Merge the speaker files `others` into `survivor` (names, descriptions, old slugs,
    quotes; quotes the files share become one, keeping the oldest id) and write the result.

    The archive may have X003 errors between these files (one name in two files is what
    merging fixes); any other error stops it, as does a result `check` would reject.
    """
    archive = _archive_for_merging(quotes_dir, {survivor, *others})
    plan = plan_speaker_merge(archive, survivor, others)
    return DedupeOutcome(plan, applied=True, written=_write_plan(quotes_dir, archive, plan))


def keep_pair_apart(quotes_dir: Path, first: str, second: str) -> Path:
    """Record that two quotes or two speaker files are not duplicates; return the file."""
    archive = load_valid_archive(quotes_dir)
    speaker = keep_apart(archive, first, second)
    [written] = write_checked(quotes_dir, [speaker])
    return written


def _write_plan(quotes_dir: Path, archive: Archive, plan: DedupePlan) -> tuple[Path, ...]:
    result = apply_plan(archive, plan)
    return tuple(write_checked(quotes_dir, result.speakers, result.removed_slugs))


def _archive_for_merging(quotes_dir: Path, slugs: set[str]) -> Archive:
    """The archive, valid but for X003 errors between the files being merged."""
    report = check_archive(quotes_dir, providers=())
    known = {s.slug for s in report.archive.speakers}
    if slugs - known:
        missing = ", ".join(sorted(slugs - known))
        raise GeneratorError(f"expected speaker slugs from quotes/, found {missing}")
    shown = {f"{slug}.yaml" for slug in slugs}
    blocking = [
        p
        for p in report.errors
        if p.code != "X003" or not {Path(x).name for x in (p.path, *p.related)} <= shown
    ]
    if blocking:
        raise ArchiveError(blocking)
    return report.archive


# -- Printing the plan -------------------------------------------------------------------------


def format_plan(plan: DedupePlan) -> str:
    """The plan as readable blocks, one merge or report each, with the scores behind it.

    Names and texts come from contributors: each line is shown with its control characters
    escaped (`printable`), so none can start a line of its own or drive the terminal."""
    blocks = [*_speaker_blocks(plan), *_quote_blocks(plan), *_report_blocks(plan)]
    shown = ["\n".join(printable(line) for line in block) for block in blocks]
    return "\n\n".join(shown) if shown else "nothing to merge"


def _speaker_blocks(plan: DedupePlan) -> Iterator[list[str]]:
    for merge in plan.speaker_merges:
        yield [
            f"merge speaker files into {merge.survivor}: {', '.join(merge.merged)}",
            f"  why: {merge.reason}",
            _choices(merge.survivor, merge.survivor, merge.merged[0]),
        ]


def _quote_blocks(plan: DedupePlan) -> Iterator[list[str]]:
    for merge in plan.quote_merges:
        lines = [
            f"merge quotes of {merge.speaker}: keep id {merge.survivor}, "
            f"merge {', '.join(merge.merged)}",
            f"  text (from {merge.text_from}): {_clip(merge.text)}",
        ]
        lines += [f"  {_format_score(score)}" for score in merge.scores]
        lines.append(_choices(merge.survivor, merge.survivor, merge.merged[0]))
        yield lines
    for link in plan.fragment_links:
        yield [
            f"link fragment of {link.speaker}: {link.fragment} is part of {link.whole}",
            f"  {_format_score(link.score)}",
            _choices(link.fragment, link.fragment, link.whole),
        ]


def _choices(key: str, first: str, second: str) -> str:
    """How to apply one proposal alone, and how to record that it is no duplicate."""
    return (
        f"  apply only this: dedupe --apply {key}; "
        f"not a duplicate: dedupe --not-duplicate {first} {second}"
    )


def _report_blocks(plan: DedupePlan) -> Iterator[list[str]]:
    for report in plan.misattributions:
        yield [
            f"possible misattribution (not merged): {report.speaker} {report.quote} and "
            f"{report.other_speaker} {report.other_quote}",
            f"  {_format_score(report.score)}",
            f"  one person in two files: merge-speakers {report.speaker} {report.other_speaker}; "
            f"two remarks: dedupe --not-duplicate {report.quote} {report.other_quote}",
        ]
    for review in plan.speaker_reviews:
        lines = [
            f"review speaker {review.slug} ({review.name!r}): could be "
            f"{', '.join(review.candidates)}",
            f"  why: {review.reason}",
        ]
        if review.maybe_same:
            lines.append(_choices(review_key(review), review.slug, review.candidates[0]))
        yield lines


def _format_score(score: PairScore) -> str:
    return (
        f"{score.a} ~ {score.b}: similarity {score.similarity:.1f}, "
        f"coverage {score.coverage:.2f}, {score.reason}"
    )


def _clip(text: str, width: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


# -- Warnings for `check` ----------------------------------------------------------------------


def near_duplicate_warnings(loaded: LoadedArchive, root: Path | None = None) -> list[Problem]:
    """Warnings (D001-D005) for everything `dedupe` would merge or an editor should review.

    `check` reports them so that a pull request adding a near-duplicate shows it; a
    deduplicated archive gives none.
    """
    speakers = loaded.archive.speakers
    if len({s.slug for s in speakers}) != len(speakers):
        return []  # two files claim one slug: validation reports that, and merging would guess
    plan = plan_dedupe(loaded.archive)
    where = _quote_positions(loaded, root)
    problems: list[Problem] = []
    for merge in plan.quote_merges:
        for quote_id in merge.merged:
            score = _score_for(merge.scores, quote_id)
            problems.append(
                _warn(
                    where,
                    quote_id,
                    "D001",
                    f"quote '{quote_id}' expected to be distinct, found a "
                    f"near-duplicate of '{merge.survivor}' ({_brief(score)})",
                )
            )
    for link in plan.fragment_links:
        problems.append(
            _warn(
                where,
                link.fragment,
                "D002",
                f"quote '{link.fragment}' is a fragment of '{link.whole}' "
                f"expected 'part_of: {link.whole}', found none "
                f"({_brief(link.score)})",
            )
        )
    for report in plan.misattributions:
        problems.append(
            _warn(
                where,
                report.quote,
                "D003",
                f"same words expected under one speaker, found under "
                f"{report.speaker} and {report.other_speaker} "
                f"('{report.other_quote}', {_brief(report.score)})",
                misattribution_hint(report.speaker, report.other_speaker),
            )
        )
    problems += _speaker_warnings(loaded, plan, root)
    return sorted(problems)


def misattribution_hint(speaker: str, other: str) -> str:
    """D003's hint: the two files may be one person, or one of them misattributed."""
    return (
        f"if {speaker} and {other} are the same person in two files, merge them: "
        f"`python -m generator merge-speakers {speaker} {other}`; otherwise check who said it "
        "and mark the wrong one `status: misattributed`"
    )


def _speaker_warnings(loaded: LoadedArchive, plan: DedupePlan, root: Path | None) -> list[Problem]:
    problems = []
    for merge in plan.speaker_merges:
        for slug in merge.merged:
            problems.append(
                _warn_file(
                    loaded,
                    slug,
                    root,
                    "D004",
                    f"one file per speaker expected, found '{slug}' to be "
                    f"the same speaker as '{merge.survivor}'",
                )
            )
    for review in plan.speaker_reviews:
        if review.maybe_same:
            message = f"one file per person expected, found {review.reason}"
            other = review.candidates[0]
            hint = (
                f"if they are one person: `python -m generator dedupe --apply "
                f"{review_key(review)}`; if two: `dedupe --not-duplicate {review.slug} {other}`"
            )
        else:
            message = f"speaker name expected to fit one person, found {review.reason}"
            hint = "use the full name, or merge the file by hand"
        problems.append(_warn_file(loaded, review.slug, root, "D005", message, hint))
    return problems


_Place = tuple[str, int, int]


def _quote_positions(loaded: LoadedArchive, root: Path | None) -> dict[str, _Place]:
    """Where each quote's text is: (shown path, line, column) by quote id."""
    places: dict[str, _Place] = {}
    for key, document in loaded.documents.items():
        quotes: Any = document.data.get("quotes") if isinstance(document.data, dict) else None
        if key == TOPICS_FILE or not isinstance(quotes, list):
            continue
        shown = display_path(document.path, root)
        for index, item in enumerate(quotes):
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                line, col = document.position(("quotes", index, "text"))
                places[item["id"]] = (shown, line, col)
    return places


def _warn(
    where: dict[str, _Place], quote_id: str, code: str, message: str, hint: str = DEDUPE_HINT
) -> Problem:
    path, line, col = where.get(quote_id, ("quotes", 0, 0))
    return Problem(path, line, col, code, message, hint, severity="warning")


def _warn_file(
    loaded: LoadedArchive,
    slug: str,
    root: Path | None,
    code: str,
    message: str,
    hint: str = DEDUPE_HINT,
) -> Problem:
    document = loaded.documents.get(slug)
    if document is None:
        return Problem(slug, 0, 0, code, message, hint, severity="warning")
    line, col = document.position(("name",))
    return Problem(
        display_path(document.path, root), line, col, code, message, hint, severity="warning"
    )


def _score_for(scores: tuple[PairScore, ...], quote_id: str) -> PairScore:
    return next((s for s in scores if quote_id in (s.a, s.b)), scores[0])


def _brief(score: PairScore) -> str:
    return f"similarity {score.similarity:.1f}, coverage {score.coverage:.2f}: {score.reason}"
