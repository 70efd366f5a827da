"""Command ``fit``: the uncertain parameters fitted to the public record
(:mod:`wardilemma.analysis.fit`).

Exit codes: 0 the posterior was written (whether it converged is in the summary and in
``fit.json``, never hidden); 1 a run or a write failed; 2 an invalid record, scenario or
option, or emcee missing (nothing is written); 130 interrupted (nothing is written; the
line says how to run it again).
"""

from __future__ import annotations

from pathlib import Path

import click

from wardilemma.analysis.fit.likelihood import LIKELIHOODS
from wardilemma.cli.options import ScenarioFile, out_option, record_option
from wardilemma.cli.uncertainty_cmds import _run
from wardilemma.text import ILLUSTRATIVE


@click.command()
@click.argument("scenario", required=False, type=ScenarioFile())
@record_option
@click.option("--runs", "-n", type=click.IntRange(min=100), default=300_000, show_default=True,
              help="Model runs of the sampler (walkers x steps; half is burn-in).")  # fmt: skip
@click.option("--walkers", type=click.IntRange(min=4), default=None,
              help="Walkers of the ensemble sampler (default: 2 x parameters + 2).")  # fmt: skip
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True,
              help="Seed of the MAP starts and of the sampler.")  # fmt: skip
@click.option("--likelihood", type=click.Choice(LIKELIHOODS), default="gaussian",
              show_default=True,
              help="Of a figure given the model: student-t so one bad figure cannot "
              "dominate.")  # fmt: skip
@click.option("--until", metavar="YYYY-MM", default=None,
              help="Fit only the figures whose period ends by this month, then predict the "
              "later inflation, key rate, unemployment, GDP growth and recruits figures "
              "(fit_holdout.txt).")  # fmt: skip
@out_option("Folder for posterior.parquet, fit.json, fit_widths.txt and the figures.",
            default="out/fit")  # fmt: skip
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def fit(
    scenario: str | None,
    record: Path | None,
    runs: int,
    walkers: int | None,
    seed: int,
    likelihood: str,
    until: str | None,
    out: Path,
    quiet: bool,
) -> None:
    """Fit the scenario's [uncertainty] parameters to the public record (data/record.csv).

    The priors are the declared [uncertainty] distributions of SCENARIO (default: the
    shipped history.toml, else war_continues.toml); each figure of the record the run
    covers counts with its standard deviation (docs/fit.md). First the maximum a
    posteriori point from several seeded starts, then the posterior by emcee's ensemble
    sampler (pip install 'wardilemma[fit]'), with its diagnostics: a chain too short is
    reported as not converged, with the runs still needed. Illustrative model, not a
    forecast.
    """
    from wardilemma.analysis.fit.study import fit_summary, run_fit, write_fit

    result = _run("fit", quiet, lambda bar: run_fit(
        scenario, record, runs=runs, walkers=walkers, seed=seed, likelihood=likelihood,
        progress=bar, until=until,
    ))  # fmt: skip
    click.echo(fit_summary(result))
    paths = write_fit(result, out)
    click.echo(f"wrote {', '.join(str(p) for p in paths.values())} ({ILLUSTRATIVE})")
