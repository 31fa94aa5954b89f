"""Command-line interface: parses options, calls one library function, prints a summary.

Each command is a thin wrapper; the work happens in the library modules so other Python code
can do everything the CLI does.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from generator.add import NewQuote, add_quote
from generator.checks import check_archive
from generator.errors import display_path
from generator.fmt import format_archive
from generator.gitdiff import changed_files
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
    help="Branch or commit to compare with for --changed [default: origin/main, else main].",
)
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), hidden=True)
def check(quotes_dir: Path, changed: bool, base: str | None, today: dt.datetime | None) -> None:
    """Validate the archive; report every problem as path:line:col: CODE message.

    In GitHub Actions (GITHUB_ACTIONS=true) each problem is also printed as an annotation.
    """
    files = changed_files(base) if changed else None
    report = check_archive(quotes_dir, today.date() if today else None, changed=files)
    for line in report.lines():
        click.echo(line, err=not report.ok)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for line in report.annotations():
            click.echo(line)
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
    default="attributed",
    show_default=True,
    help="How sure the archive is that the speaker said it.",
)
@click.option(
    "--description", "--role", "description", help="Role of a new speaker ('Mayor of X')."
)
@click.option(
    "--kind",
    type=click.Choice(SPEAKER_KINDS),
    default="person",
    show_default=True,
    help="Kind of a new speaker.",
)
def add(quotes_dir: Path, **fields: Any) -> None:
    """Add a quote, creating the speaker file if needed; the id is assigned for you.

    Missing required values are asked for when run in a terminal.
    """
    added = add_quote(quotes_dir, NewQuote(**_complete(fields)))
    click.echo(f"added {added.quote_id} to {display_path(added.path)}")


def _stdin_is_interactive() -> bool:
    return sys.stdin.isatty()


def _complete(fields: dict[str, Any]) -> dict[str, Any]:
    """Ask for what is missing when a person is at the terminal; fail clearly otherwise."""
    missing = [f"--{name}" for name in ("speaker", "text") if not fields[name]]
    if not fields["url"] and not fields["outlet"]:
        missing.append("--url or --outlet")
    if not missing:
        return fields
    if not _stdin_is_interactive():
        raise click.UsageError(f"missing {', '.join(missing)} (prompts need a terminal)")
    for name, label in ADD_PROMPTS:
        if fields[name]:
            continue
        required = name in ("speaker", "text") or (name == "outlet" and not fields["url"])
        answer = click.prompt(label, default=None if required else "", show_default=False)
        fields[name] = tuple(answer.replace(",", " ").split()) if name == "topics" else answer
    return fields


ADD_PROMPTS = (
    ("speaker", "Speaker (name or alias)"),
    ("text", "Quote text (without quote marks)"),
    ("url", "Source URL (blank if none)"),
    ("outlet", "Outlet"),
    ("published", "Publication date YYYY-MM-DD (blank if unknown)"),
    ("said_on", "Said on YYYY-MM-DD (blank if unknown)"),
    ("topics", "Topics, separated by commas (blank for none)"),
)


@main.command(name="fmt")
@_quotes_option
@click.option(
    "--check",
    "check_only",
    is_flag=True,
    help="Show a diff, change nothing; exit 1 when a file is not canonical.",
)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def fmt_command(quotes_dir: Path, check_only: bool, paths: tuple[Path, ...]) -> None:
    """Rewrite archive files (default: all of them) in canonical form."""
    report = format_archive(quotes_dir, paths, write=not check_only)
    for problem in report.problems:
        for line in problem.lines():
            click.echo(line, err=True)
    if check_only:
        for change in report.changes:
            click.echo(change.diff(), nl=False)
    click.echo(report.summary(), err=not report.ok)
    if not report.ok:
        raise SystemExit(1)


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
@click.option("--outlet", help="Outlet of articles whose files do not name one.")
@click.option("--url", help="Source URL of articles whose files do not give one.")
@click.argument("paths", nargs=-1, required=True)
def extract(
    dry_run: bool,
    fmt: str,
    include_all: bool,
    quotes_dir: Path,
    outlet: str | None,
    url: str | None,
    paths: tuple[str, ...],
) -> None:
    """Find every quotation in ARTICLE files (or directories, or - for stdin) and its speaker."""
    from generator.extract import extract_paths  # lazy: keeps `check` and `--help` fast
    from generator.extract.output import render_jsonl

    if not dry_run or fmt == "yaml":
        _ingest_extracted_quotes(paths, quotes_dir, outlet, url, write=not dry_run)
        return
    run = extract_paths(paths, statements_only=not include_all)
    for problem in run.problems:
        click.echo(problem.format(), err=True)
    click.echo(render_jsonl(run.quotes), nl=False)
    click.echo(run.summary(), err=True)
    if run.problems:
        raise SystemExit(1)


def _ingest_extracted_quotes(
    paths: tuple[str, ...], quotes_dir: Path, outlet: str | None, url: str | None, write: bool
) -> None:
    """Add extracted quotes to the archive, or show the files that would change (dry run).

    Says what was added, merged and skipped, and why.
    """
    from generator.ingest import SourceDefaults, ingest_articles
    from generator.store import dump_speaker, speaker_path

    defaults = SourceDefaults(outlet=outlet, url=url)
    report = ingest_articles(paths, quotes_dir, defaults, write=write)
    for problem in report.problems:
        click.echo(problem.format(), err=True)
    if not write:
        for speaker in report.result.changed_speakers():
            shown = display_path(speaker_path(quotes_dir, speaker.slug))
            click.echo(f"# {shown}\n{dump_speaker(speaker)}---")
    for line in report.lines():
        click.echo(line, err=not write)
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
    "--full",
    is_flag=True,
    help="Render and convert every page, ignoring what the last build left in .build-cache/.",
)
def build(quotes_dir: Path, config_file: Path, site_url: str | None, full: bool) -> None:
    """Validate, render content/, build site/ with MkDocs, index it with Pagefind, add feeds
    and the data export. Pages unchanged since the last build are kept, not made again."""
    report = build_site(config_file, quotes_dir, site_url, incremental=not full)
    click.echo(report.summary())
    for warning in report.warnings():
        click.echo(f"warning: {warning}", err=True)


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
    help="Write the merges and links instead of only showing them.",
)
def dedupe(quotes_dir: Path, apply_changes: bool) -> None:
    """Show near-duplicate quotes and speakers that would merge, with scores; --apply merges."""
    from generator.dedupe.command import dedupe_archive, format_plan

    outcome = dedupe_archive(quotes_dir, apply=apply_changes)
    if not apply_changes:
        click.echo(format_plan(outcome.plan))
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
    help="Local worker processes [default: one per core]; 0 runs in this process.",
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
@click.option("--outlet", help="Outlet of articles whose files do not name one.")
@click.option("--url", help="Source URL of articles whose files do not give one.")
@click.option(
    "--progress/--no-progress", default=None, help="Progress bar [default: on a terminal]."
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
    outlet: str | None,
    url: str | None,
    progress: bool | None,
    sources: tuple[str, ...],
) -> None:
    """Extract quotes from a large corpus in parallel (all cores or a Dask cluster).

    SOURCES are directories, article files (optionally .gz/.bz2/.xz/.zst) and Parquet files
    with a `text` column. A run that stops is resumed by running it again.
    """
    from generator.corpus import CorpusOptions, default_workers, ingest_corpus
    from generator.corpus.progress import progress_bar
    from generator.ingest import SourceDefaults

    options = CorpusOptions(
        workers=default_workers() if workers is None else workers,
        scheduler=scheduler,
        partition_size=int(partition_size * 1024 * 1024),
        checkpoints=checkpoints,
        fresh=fresh,
        keep_checkpoints=keep_checkpoints,
        write=not dry_run,
        defaults=SourceDefaults(outlet=outlet, url=url),
    )
    show = sys.stderr.isatty() if progress is None else progress
    with progress_bar(show) as update:
        report = ingest_corpus(sources, quotes_dir, options, update)
    for problem in report.problems:
        click.echo(problem.format(), err=True)
    click.echo(report.summary(), err=not report.ok)
    if not report.ok:
        raise SystemExit(1)
