"""Command-line interface: parses options, calls one library function, prints a summary.

Each command is a thin wrapper; the work happens in the library modules so other Python code
can do everything the CLI does.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from generator.add import NewQuote, add_quote
from generator.calibration import DEFAULT_MIN_CONFIDENCE
from generator.checks import check_archive
from generator.errors import GeneratorError, display_path, printable
from generator.fmt import format_archive
from generator.gitdiff import changed_files, deleted_files, resolve_base
from generator.jobsummary import add_to_job_summary, code_block, text_line
from generator.models import QUOTE_STATUSES, SPEAKER_KINDS
from generator.site import build_site, serve_site

QUOTES_DIR = Path("quotes")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name=None, version=__import__("generator").__version__)
def main() -> None:
    """Keep a sourced archive of who said what, and publish it as a static site."""


def _quotes_option(function: Callable[..., None]) -> Callable[..., None]:
    return click.option(
        "--quotes",
        "quotes_dir",
        type=click.Path(path_type=Path),
        default=QUOTES_DIR,
        show_default=True,
        help="Archive directory.",
    )(function)


@main.command()
@_quotes_option
@click.option(
    "--changed",
    is_flag=True,
    help="Per-file rules only for files changed against --base; cross-file rules still "
    "see the whole archive.",
)
@click.option(
    "--base",
    metavar="REF",
    default=None,
    help="Branch or commit to compare with: the scope of --changed [default: origin/main, "
    "else main], and which copy of a duplicated id is new.",
)
@click.option(
    "--as-formatted",
    is_flag=True,
    help="Check the archive as `fmt` will write it: quotes without an id, quote marks around "
    "a text and Windows line ends are no error (what a pull request from the browser needs).",
)
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), hidden=True)
def check(
    quotes_dir: Path,
    changed: bool,
    base: str | None,
    as_formatted: bool,
    today: dt.datetime | None,
) -> None:
    """Validate the archive; report every problem as path:line:col: CODE message.

    In GitHub Actions (GITHUB_ACTIONS=true) each problem is also printed as an annotation,
    and every problem is listed in the job summary (GITHUB_STEP_SUMMARY).
    """
    files = changed_files(base) if changed else None
    report = check_archive(
        quotes_dir,
        today.date() if today else None,
        changed=files,
        base=resolve_base(base) if base or changed else None,
        as_formatted=as_formatted,
        deleted=deleted_files(base) if changed else (),
    )
    for line in report.lines():
        click.echo(line, err=not report.ok)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for line in report.annotations():
            click.echo(line)
    add_to_job_summary(report.job_summary())
    if not report.ok:
        raise SystemExit(1)
    click.echo(report.summary())


@main.command()
@_quotes_option
@click.option("--speaker", help="Name or alias of who said it.")
@click.option("--text", help="The words, without quote marks.")
@click.option("--url", help="Address of the article that reports it.")
@click.option("--outlet", help="Outlet that published it (Reuters, BBC News).")
@click.option("--title", help="Headline of the article.")
@click.option("--date", "published", metavar="DATE", help="Publication date of the article.")
@click.option("--said-on", metavar="DATE", help="When the words were said, if known.")
@click.option("--topic", "topics", multiple=True, metavar="SLUG", help="Topic (repeatable).")
@click.option("--context", help="The sentence around the quote, as reported.")
@click.option(
    "--status",
    type=click.Choice(QUOTE_STATUSES),
    default=None,
    help="How sure the archive is that the speaker said it [default: attributed; with --to, "
    "unchanged].",
)
@click.option(
    "--status-source",
    "status_url",
    metavar="URL",
    help="Evidence for a disputed or misattributed status: the fact-check or report.",
)
@click.option("--status-outlet", metavar="NAME", help="Outlet of the --status-source evidence.")
@click.option(
    "--description", "--role", "description", help="Role of a new speaker ('Mayor of X')."
)
@click.option(
    "--kind",
    type=click.Choice(SPEAKER_KINDS),
    default=None,
    help="Kind of a new speaker [default: person]; a known name is found whatever the kind.",
)
@click.option("--to", metavar="ID", help="Add the source to this quote (its id), not a new quote.")
def add(quotes_dir: Path, **fields: Any) -> None:
    """Add a quote, or a source to a quote the speaker already has; ids are assigned for you.

    Words the speaker already has (in any wording) gain the source instead of becoming a
    second quote. Missing values are asked for when run in a terminal, each checked as it is
    given.
    """
    fields = _complete(fields, quotes_dir)
    fields["kind"] = fields["kind"] or "person"
    added = add_quote(quotes_dir, NewQuote(**fields))
    click.echo(added.summary())


def _stdin_is_interactive() -> bool:
    return sys.stdin.isatty()


def _complete(fields: dict[str, Any], quotes_dir: Path) -> dict[str, Any]:
    """Ask for what is missing when a person is at the terminal; fail clearly otherwise."""
    missing = [] if fields["to"] else [f"--{n}" for n in ("speaker", "text") if not fields[n]]
    if not fields["url"] and not fields["outlet"]:
        missing.append("--url or --outlet")
    if not missing:
        return fields
    if not _stdin_is_interactive():
        raise click.UsageError(f"missing {', '.join(missing)} (prompts need a terminal)")
    from generator.add_prompts import ask_for_missing

    return ask_for_missing(fields, quotes_dir)


@main.command(name="fmt")
@_quotes_option
@click.option(
    "--check",
    "check_only",
    is_flag=True,
    help="Show a diff, change nothing; exit 1 when a file is not canonical.",
)
@click.option(
    "--exit-zero",
    is_flag=True,
    help="With --check: exit 0 when files are only not canonical (errors still exit 1).",
)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def fmt_command(
    quotes_dir: Path, check_only: bool, exit_zero: bool, paths: tuple[Path, ...]
) -> None:
    """Rewrite archive files (default: all of them) in canonical form.

    Quotes without an id get one, quote marks around a quote's text are removed and Windows
    line ends become Unix ones; each such fix is listed. Comments are kept.
    """
    report = format_archive(quotes_dir, paths, write=not check_only)
    for problem in report.problems:
        for line in problem.lines():
            click.echo(line, err=True)
    for fix in report.fixes:
        click.echo(fix if not check_only else f"{fix} (not written: --check)", err=check_only)
    if check_only:
        for change in report.changes:
            click.echo(change.diff(), nl=False)
    ok = report.ok or (exit_zero and not report.problems)
    click.echo(report.summary(), err=not ok)
    if os.environ.get("GITHUB_ACTIONS") == "true" and check_only:
        for line in report.annotations("notice" if exit_zero else "error"):
            click.echo(line)
    add_to_job_summary(report.job_summary())
    if not ok:
        raise SystemExit(1)


def _review_options(function: Callable[..., None]) -> Callable[..., None]:
    """`--review DIR` and `--min-confidence X`, shared by `extract` and `ingest`."""
    function = click.option(
        "--min-confidence",
        type=click.FloatRange(0.0, 1.0),
        default=None,
        metavar="P",
        help="Hold attributions less likely than P to be right for review "
        f"[default: {DEFAULT_MIN_CONFIDENCE}].",
    )(function)
    return _review_dir_option(function)


def _review_dir_option(function: Callable[..., None]) -> Callable[..., None]:
    """`--review DIR`: where the review queue is kept."""
    return click.option(
        "--review",
        "review_dir",
        type=click.Path(path_type=Path, file_okay=False),
        default=None,
        help="Review queue directory [default: review/ beside the archive directory].",
    )(function)


def _today() -> str:
    """The date new quotes are stamped with: today, as `YYYY-MM-DD`."""
    return dt.date.today().isoformat()


def _review_dir(review_dir: Path | None, quotes_dir: Path) -> Path:
    return review_dir if review_dir is not None else quotes_dir.parent / "review"


ARTICLE_LIMIT_OPTION = click.option(
    "--max-article-mb",
    "max_article_mb",
    type=click.FloatRange(min=0.001),
    default=10.0,
    show_default=True,
    metavar="MB",
    help="Largest article (a file, a JSON line, a row) read; larger ones are reported (A010).",
)


def _read_limits(
    max_article_mb: float, max_decompressed_mb: float | None = None, max_ratio: float | None = None
) -> Any:
    """The readers' limits from the options (megabytes as --partition-size takes them)."""
    from generator.extract import ReadLimits

    default = ReadLimits()
    mb = 1024 * 1024
    return ReadLimits(
        article_bytes=int(max_article_mb * mb),
        decompressed_bytes=int(max_decompressed_mb * mb)
        if max_decompressed_mb
        else default.decompressed_bytes,
        ratio=max_ratio or default.ratio,
    )


@main.command()
@click.option("--dry-run", is_flag=True, help="Show what would be added; write nothing.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "yaml"]),
    default="jsonl",
    show_default=True,
    help="jsonl: one object a quote; yaml: the speaker files.",
)
@click.option(
    "--all",
    "include_all",
    is_flag=True,
    help="Also show scare quotes and titles (marked is_statement: false).",
)
@_quotes_option
@_review_options
@click.option("--outlet", help="Outlet of articles whose files do not name one.")
@click.option("--url", help="Source URL of articles whose files do not give one.")
@ARTICLE_LIMIT_OPTION
@click.argument("paths", nargs=-1, required=True)
def extract(
    dry_run: bool,
    fmt: str,
    include_all: bool,
    quotes_dir: Path,
    review_dir: Path | None,
    min_confidence: float | None,
    outlet: str | None,
    url: str | None,
    max_article_mb: float,
    paths: tuple[str, ...],
) -> None:
    """Find every quotation in ARTICLE files (or directories, or - for stdin) and its speaker.

    Quotes go into the archive; those with no speaker, no proper name, a name that fits two
    speakers or an uncertain attribution wait in the review queue (see `review`).
    """
    from generator.extract import extract_paths  # lazy: keeps `check` and `--help` fast
    from generator.extract.output import render_jsonl

    limits = _read_limits(max_article_mb)
    if not dry_run or fmt == "yaml":
        _ingest_extracted_quotes(
            paths,
            quotes_dir,
            _review_dir(review_dir, quotes_dir),
            min_confidence,
            SourceOptions(outlet, url),
            write=not dry_run,
            limits=limits,
        )
        return
    run = extract_paths(paths, statements_only=not include_all, limits=limits)
    for problem in run.problems:
        click.echo(problem.format(), err=True)
    click.echo(render_jsonl(run.quotes), nl=False)
    click.echo(run.summary(), err=True)
    if run.problems:
        raise SystemExit(1)


@dataclass(frozen=True)
class SourceOptions:
    """`--outlet` and `--url`: the source of articles whose files do not say."""

    outlet: str | None
    url: str | None


def _ingest_extracted_quotes(
    paths: tuple[str, ...],
    quotes_dir: Path,
    review_dir: Path,
    min_confidence: float | None,
    source: SourceOptions,
    write: bool,
    limits: Any,
) -> None:
    """Add extracted quotes to the archive, or show the files that would change (dry run).

    Says what was added, merged, held for review and skipped, and why.
    """
    from generator.ingest import SourceDefaults, ingest_articles
    from generator.store import dump_speaker, speaker_path

    defaults = SourceDefaults(outlet=source.outlet, url=source.url)
    threshold = DEFAULT_MIN_CONFIDENCE if min_confidence is None else min_confidence
    report = ingest_articles(
        paths,
        quotes_dir,
        defaults,
        write=write,
        review_dir=review_dir,
        min_confidence=threshold,
        added=_today(),
        limits=limits,
    )
    for problem in report.problems:
        click.echo(problem.format(), err=True)
    if not write:
        for speaker in report.result.changed_speakers():
            shown = display_path(speaker_path(quotes_dir, speaker.slug))
            click.echo(f"# {shown}\n{dump_speaker(speaker)}---")
    for line in report.lines():  # quote texts and names from articles: shown escaped
        click.echo(printable(line), err=not write)
    click.echo(report.summary(), err=not write)
    if report.problems:
        raise SystemExit(1)


CONFIG_OPTION = click.option(
    "--config", "config_file", type=click.Path(path_type=Path, dir_okay=False),
    default=Path("mkdocs.yml"), show_default=True, help="MkDocs configuration.",
)  # fmt: skip


@main.command()
@_quotes_option
@CONFIG_OPTION
@click.option(
    "--site-url",
    default=None,
    help="Absolute URL the site is served at (overrides site_url in mkdocs.yml).",
)
@click.option(
    "--repo-url",
    default=None,
    help="The GitHub repository (https://github.com/OWNER/NAME) person pages link to for "
    "edits and reports (overrides repo_url in mkdocs.yml).",
)
@click.option(
    "--downloads-url",
    default=None,
    help="Publish the whole-archive files (quotes.jsonl.gz, quotes.csv.gz) at this address "
    "instead of in the site: they are written to downloads/ and the Data page links there "
    "(overrides the plugin's downloads_url in mkdocs.yml).",
)
@click.option(
    "--full",
    is_flag=True,
    help="Render every page, ignoring what the last build left in .build-cache/.",
)
def build(
    quotes_dir: Path,
    config_file: Path,
    site_url: str | None,
    repo_url: str | None,
    downloads_url: str | None,
    full: bool,
) -> None:
    """Validate quotes/, build site/ with MkDocs and the quote-archive plugin, index it with
    Pagefind, add feeds and the data export. Pages unchanged since the last build are kept,
    not made again."""
    try:
        report = build_site(
            config_file,
            quotes_dir,
            site_url,
            incremental=not full,
            repo_url=repo_url,
            downloads_url=downloads_url,
        )
    except GeneratorError as exc:
        add_to_job_summary(f"### build failed\n\n{code_block(exc.format_message())}")
        raise
    add_to_job_summary(f"### build\n\n{text_line(report.summary())}")
    click.echo(report.summary())
    for warning in report.warnings():
        click.echo(f"warning: {printable(warning)}", err=True)


@main.command()
@_quotes_option
@CONFIG_OPTION
@click.option("--port", type=int, default=8000, show_default=True, help="Port on 127.0.0.1.")
def serve(quotes_dir: Path, config_file: Path, port: int) -> None:
    """Build the site, then preview it on http://127.0.0.1:PORT/ until Ctrl+C."""
    report = build_site(config_file, quotes_dir)
    click.echo(report.summary())
    click.echo(f"serving {report.site} on http://127.0.0.1:{port}/ (Ctrl+C to stop)")
    serve_site(report.site, port=port)


@main.command()
@_quotes_option
@click.option(
    "--apply",
    "apply_changes",
    is_flag=True,
    help="Write the merges and links instead of only showing them (with KEYs: only those).",
)
@click.option(
    "--not-duplicate",
    nargs=2,
    metavar="A B",
    default=None,
    help="Record that two quotes (ids) or two speaker files (slugs) are not duplicates.",
)
@click.argument("keys", nargs=-1)
def dedupe(
    quotes_dir: Path,
    apply_changes: bool,
    not_duplicate: tuple[str, str] | None,
    keys: tuple[str, ...],
) -> None:
    """Show near-duplicate quotes and speakers that would merge, with scores; --apply merges.

    Each proposal shows its KEY: `dedupe --apply KEY...` applies only those (a SLUG+SLUG key
    merges two files that may be one person, which --apply alone never does).
    """
    from generator.dedupe.command import dedupe_archive, format_plan, keep_pair_apart

    if not_duplicate:
        written = keep_pair_apart(quotes_dir, *not_duplicate)
        first, second = not_duplicate
        click.echo(f"recorded in {display_path(written)}: {first} and {second} are not duplicates")
        return
    if keys and not apply_changes:
        raise click.UsageError("KEYs choose what --apply writes: add --apply")
    outcome = dedupe_archive(quotes_dir, apply=apply_changes, keys=keys)
    if not apply_changes:
        click.echo(format_plan(outcome.plan))
    click.echo(outcome.summary())


@main.command(name="move-quote")
@_quotes_option
@click.option(
    "--kind",
    type=click.Choice(SPEAKER_KINDS),
    default="person",
    show_default=True,
    help="Kind of the speaker when the name is a new one.",
)
@click.argument("quote_id", metavar="ID")
@click.argument("speaker")
def move_quote_command(quotes_dir: Path, kind: str, quote_id: str, speaker: str) -> None:
    """Move quote ID to SPEAKER (a name, alias or new name): it keeps its id and links."""
    from generator.move import move_quote

    click.echo(move_quote(quotes_dir, quote_id, speaker, kind).summary())


@main.command(name="merge-speakers")
@_quotes_option
@click.argument("survivor")
@click.argument("others", nargs=-1, required=True)
def merge_speakers(quotes_dir: Path, survivor: str, others: tuple[str, ...]) -> None:
    """Merge the speaker files OTHERS into SURVIVOR (slugs): one person in two files.

    Names become aliases, every description is kept, old slugs keep their links, and quotes
    the files share become one with the oldest id. Works while the two files share a name
    (an X003 error).
    """
    from generator.dedupe.command import merge_speakers_into

    outcome = merge_speakers_into(quotes_dir, survivor, others)
    click.echo(outcome.summary())


@main.command()
@_quotes_option
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="Dask scheduler to run on (tcp://host:8786); default: a local cluster.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=0),
    default=None,
    help="Local worker processes [default: one per core, none for a corpus of one "
    "partition]; 0 runs in this process.",
)
@click.option(
    "--partition-size",
    type=click.FloatRange(min=0.001),
    default=16.0,
    show_default=True,
    metavar="MB",
    help="Input megabytes per partition (the unit of work and of checkpoints).",
)
@click.option(
    "--checkpoints",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path(".ingest"),
    show_default=True,
    help="Where finished partitions are kept until the archive is written.",
)
@click.option("--fresh", is_flag=True, help="Discard this corpus's checkpoints and start over.")
@click.option("--keep-checkpoints", is_flag=True, help="Keep checkpoints after writing.")
@click.option("--dry-run", is_flag=True, help="Extract and report; write nothing to the archive.")
@_review_options
@click.option("--outlet", help="Outlet of articles whose files do not name one.")
@click.option("--url", help="Source URL of articles whose files do not give one.")
@click.option(
    "--progress/--no-progress", default=None, help="Progress bar [default: on a terminal]."
)
@ARTICLE_LIMIT_OPTION
@click.option(
    "--max-decompressed-mb",
    type=click.FloatRange(min=0.001),
    default=4096.0,
    show_default=True,
    metavar="MB",
    help="Most a compressed file may expand to; beyond it the file is reported (A011).",
)
@click.option(
    "--max-ratio",
    type=click.FloatRange(min=1.0),
    default=200.0,
    show_default=True,
    help="Most times its compressed size a file may expand to (past 16 MB) before it is "
    "reported as a decompression bomb (A011).",
)
@click.argument("sources", nargs=-1, required=True)
def ingest(
    quotes_dir: Path,
    scheduler: str | None,
    workers: int | None,
    partition_size: float,
    checkpoints: Path,
    fresh: bool,
    keep_checkpoints: bool,
    dry_run: bool,
    review_dir: Path | None,
    min_confidence: float | None,
    outlet: str | None,
    url: str | None,
    progress: bool | None,
    max_article_mb: float,
    max_decompressed_mb: float,
    max_ratio: float,
    sources: tuple[str, ...],
) -> None:
    """Extract quotes from a large corpus in parallel (all cores or a Dask cluster).

    SOURCES are directories, article files (optionally .gz/.bz2/.xz/.zst) and Parquet files
    with a `text` column. A run that stops is resumed by running it again. Quotes that need
    an editor wait in the review queue, each listed with its reason (see `review`).
    """
    from generator.corpus import CorpusOptions, ingest_corpus
    from generator.corpus.progress import progress_bar
    from generator.ingest import SourceDefaults, outcome_lines

    options = CorpusOptions(
        workers=workers,
        scheduler=scheduler,
        partition_size=int(partition_size * 1024 * 1024),
        checkpoints=checkpoints,
        fresh=fresh,
        keep_checkpoints=keep_checkpoints,
        write=not dry_run,
        defaults=SourceDefaults(outlet=outlet, url=url),
        review_dir=_review_dir(review_dir, quotes_dir),
        min_confidence=DEFAULT_MIN_CONFIDENCE if min_confidence is None else min_confidence,
        limits=_read_limits(max_article_mb, max_decompressed_mb, max_ratio),
        added=_today(),
    )
    show = sys.stderr.isatty() if progress is None else progress
    with progress_bar(show) as update:
        report = ingest_corpus(sources, quotes_dir, options, update)
    for problem in report.problems:
        click.echo(problem.format(), err=True)
    if report.result is not None:
        held = [o for o in report.result.outcomes if o.action == "held"]
        for line in outcome_lines(held):
            click.echo(line)
    click.echo(report.summary(), err=not report.ok)
    if report.interrupted:
        click.echo("interrupted while writing: the archive was written whole first", err=True)
    if not report.ok:
        raise SystemExit(1)


@main.group()
def review() -> None:
    """Quotes held back from the archive until an editor decides: list, accept, reject."""


@review.command("list")
@_quotes_option
@_review_dir_option
@click.option("--reason", help="Only quotes held for this reason (no-speaker, ambiguous, ...).")
def review_list(quotes_dir: Path, review_dir: Path | None, reason: str | None) -> None:
    """Show every held quote: its id, why it waits, the words, the guess and the source."""
    from generator.review import load_review

    state = load_review(_review_dir(review_dir, quotes_dir))
    items = sorted(state.items.values(), key=lambda i: (i.reason, i.article, i.id))
    shown = [i for i in items if reason is None or i.reason == reason]
    for item in shown:
        guess = f" [guess: {item.speaker}]" if item.speaker else ""
        click.echo(f"{item.id}  {item.reason}: {item.detail}{guess}")
        click.echo(f"    \u201c{item.text}\u201d")
        click.echo(f"    {item.source.outlet or ''} {item.source.url or ''} ({item.article})")
    counts = Counter(i.reason for i in items)
    breakdown = ", ".join(f"{n} {r}" for r, n in sorted(counts.items()))
    click.echo(f"{len(items)} quote(s) wait for review" + (f": {breakdown}" if items else ""))


@review.command("accept")
@_quotes_option
@_review_dir_option
@click.option("--speaker", "speaker_name", help="Who said it (name, alias or slug).")
@click.option("--kind", type=click.Choice(SPEAKER_KINDS), help="For a new speaker file.")
@click.argument("item_id")
def review_accept(
    quotes_dir: Path,
    review_dir: Path | None,
    speaker_name: str | None,
    kind: str | None,
    item_id: str,
) -> None:
    """Put held quote ITEM_ID into the archive, under --speaker or the extractor's guess."""
    from generator.ingest.decide import accept_item, describe

    accepted = accept_item(
        quotes_dir, _review_dir(review_dir, quotes_dir), item_id, speaker_name, kind, _today()
    )
    click.echo(describe(accepted))


@review.command("reject")
@_quotes_option
@_review_dir_option
@click.option("--note", help="Why, for the record.")
@click.argument("item_id")
def review_reject(
    quotes_dir: Path, review_dir: Path | None, note: str | None, item_id: str
) -> None:
    """Take held quote ITEM_ID off the queue for good; reruns will not bring it back."""
    from generator.ingest.decide import reject_item

    item = reject_item(quotes_dir, _review_dir(review_dir, quotes_dir), item_id, note)
    click.echo(f"rejected {item.id}: \u201c{item.text}\u201d")
