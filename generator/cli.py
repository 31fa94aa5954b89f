"""Command-line interface: parses options, calls one library function, prints a summary.

Each command is a thin wrapper; the work happens in the library modules so other Python code
can do everything the CLI does.
"""

from __future__ import annotations

from pathlib import Path

import click

from generator.checks import check_archive
from generator.site import build_site, serve_site

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


QUOTES_OPTION = click.option(
    "--quotes", "quotes_dir", type=click.Path(path_type=Path), default=QUOTES_DIR,
    show_default=True, help="Archive directory.",
)  # fmt: skip
CONFIG_OPTION = click.option(
    "--config", "config_file", type=click.Path(path_type=Path, dir_okay=False),
    default=Path("mkdocs.yml"), show_default=True, help="MkDocs configuration.",
)  # fmt: skip


@main.command()
@QUOTES_OPTION
@CONFIG_OPTION
def build(quotes_dir: Path, config_file: Path) -> None:
    """Validate, render content/, build site/ with MkDocs, index it with Pagefind."""
    click.echo(build_site(config_file, quotes_dir).summary())


@main.command()
@QUOTES_OPTION
@CONFIG_OPTION
@click.option("--port", type=int, default=8000, show_default=True, help="Port on 127.0.0.1.")
def serve(quotes_dir: Path, config_file: Path, port: int) -> None:
    """Build the site, then preview it on http://127.0.0.1:PORT/ until Ctrl+C."""
    report = build_site(config_file, quotes_dir)
    click.echo(report.summary())
    click.echo(f"serving {report.site} on http://127.0.0.1:{port}/ (Ctrl+C to stop)")
    serve_site(report.site, port=port)
