"""Command-line interface: parses options, calls one library function, prints a summary.

Each command is a thin wrapper; the work happens in the library modules so other Python code
can do everything the CLI does.
"""

from __future__ import annotations

from pathlib import Path

import click

from generator.checks import check_archive

QUOTES_DIR = Path("quotes")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name=None, version=__import__("generator").__version__)
def main() -> None:
    """Keep a sourced archive of who said what, and publish it as a static site."""


@main.command()
@click.option("--quotes", "quotes_dir", type=click.Path(path_type=Path), default=QUOTES_DIR,
              show_default=True, help="Archive directory.")
def check(quotes_dir: Path) -> None:
    """Validate the archive; report every problem as path:line:col: CODE message."""
    report = check_archive(quotes_dir)
    for line in report.lines():
        click.echo(line, err=not report.ok)
    if not report.ok:
        raise SystemExit(1)
    click.echo(report.summary())


@main.command()
@click.option("--dry-run", is_flag=True, help="Show what would be added; write nothing.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "yaml"]), default="jsonl",
              show_default=True, help="jsonl: one object a quote; yaml: the speaker files.")
@click.option("--all", "include_all", is_flag=True,
              help="Also show scare quotes and titles (marked is_statement: false).")
@click.option("--quotes", "quotes_dir", type=click.Path(path_type=Path), default=QUOTES_DIR,
              show_default=True, help="Archive directory.")
@click.argument("paths", nargs=-1, required=True)
def extract(dry_run: bool, fmt: str, include_all: bool, quotes_dir: Path,
            paths: tuple[str, ...]) -> None:
    """Find every quotation in ARTICLE files (or directories, or - for stdin) and its speaker."""
    from generator.extract import extract_paths  # lazy: keeps `check` and `--help` fast
    from generator.extract.output import render_jsonl, render_yaml_preview

    if not dry_run:
        _write_extracted_quotes(paths, quotes_dir)
        return
    run = extract_paths(paths, statements_only=not include_all)
    for problem in run.problems:
        click.echo(problem.format(), err=True)
    render = render_jsonl if fmt == "jsonl" else render_yaml_preview
    click.echo(render(run.quotes), nl=False)
    click.echo(run.summary(), err=True)
    if run.problems:
        raise SystemExit(1)


def _write_extracted_quotes(paths: tuple[str, ...], quotes_dir: Path) -> None:
    """Add extracted quotes to the archive; `generator.ingest.ingest_articles` will do it."""
    raise click.UsageError("writing to the archive is not wired yet; use --dry-run")
