"""Command ``docs``: regenerate every file derived from the model (what ``make docs`` runs)."""

from __future__ import annotations

from pathlib import Path

import click

from wardilemma.cli.options import RUN_FAILED, warn
from wardilemma.docs.generate import generate_docs
from wardilemma.text import ILLUSTRATIVE


@click.command()
@click.option(
    "--out",
    "-o",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder for model.md and parameters.md (default: the repository's docs/, which "
    "also rewrites the other generated files).",
)
@click.option(
    "--check", is_flag=True, help="Compare with the files on disk; write nothing (exit 1 if stale)."
)
def docs(out: Path | None, check: bool) -> None:
    """Regenerate the model reference, the parameter reference, the baseline scenario, the
    JSON Schema, the XMILE export, the diagrams and the README figures."""
    report = generate_docs(out, check=check)
    for path in report.stale:
        warn(f"out of date: {path} (run: wardilemma docs)")
    for path in report.written:
        click.echo(f"wrote {path}")
    if report.stale:
        raise SystemExit(RUN_FAILED)
    if not check:
        click.echo(f"{ILLUSTRATIVE}.")
