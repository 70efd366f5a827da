"""Command ``docs``: regenerate every file derived from the model (what ``make docs`` runs)."""

from __future__ import annotations

from pathlib import Path

import click

from wardilemma.cli.options import RUN_FAILED, warn
from wardilemma.docs.generate import FIT_MAX_RUNS, generate_docs
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
@click.option("--fit", "fit", is_flag=True,
              help="Regenerate only the files of the fit instead (docs/fit_*, "
              "docs/claims_grounded.*): the history fitted to the record until its chain "
              "converges, and again up to 2024-12 to predict 2025 (tens of minutes; the "
              "chains are kept in out/docs_fit/, so an interrupted run continues).")  # fmt: skip
@click.option("--max-runs", type=click.IntRange(min=1000), default=FIT_MAX_RUNS,
              show_default=True,
              help="With --fit: the most sampler runs of each fit; spent before the chain "
              "converges, the files say NOT converged.")  # fmt: skip
def docs(out: Path | None, check: bool, fit: bool, max_runs: int) -> None:
    """Regenerate the model reference, the parameter reference, the baseline scenario, the
    JSON Schema, the XMILE export, the diagrams and the README figures; with --fit, the
    files of the converged fit (make docs runs both)."""
    report = generate_docs(out, check=check, fit=fit, max_runs=max_runs)
    for path in report.stale:
        warn(f"out of date: {path} (run: wardilemma docs)")
    for path in report.written:
        click.echo(f"wrote {path}")
    if report.stale:
        raise SystemExit(RUN_FAILED)
    if out is None and not check and not fit:
        click.echo("The files of the fit (docs/fit_*, docs/claims_grounded.*) are left as "
                   "they are: wardilemma docs --fit regenerates them (a converged "
                   "fit).")  # fmt: skip
    if not check:
        click.echo(f"{ILLUSTRATIVE}.")
