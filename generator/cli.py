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
@click.option(
    "--quotes",
    "quotes_dir",
    type=click.Path(path_type=Path),
    default=QUOTES_DIR,
    show_default=True,
    help="Archive directory.",
)
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
