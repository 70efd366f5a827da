"""Command ``fit``: the uncertain parameters fitted to the public record
(:mod:`wardilemma.analysis.fit`).

Exit codes: 0 the posterior was written (whether it converged is in the summary and in
``fit.json``, never hidden); 1 a run or a write failed; 2 an invalid record, scenario or
option, a chain to resume that belongs to another fit, or emcee missing (nothing is
written); 130 interrupted (the chain so far is saved in ``OUT/chain.npz`` once the sampler
has started; the line gives the command that continues it).
"""

from __future__ import annotations

import shlex
from pathlib import Path

import click

from wardilemma.analysis.fit.likelihood import LIKELIHOODS
from wardilemma.cli.options import (
    INTERRUPTED,
    ProgressBar,
    ScenarioFile,
    out_option,
    record_option,
    resume_command,
    warn,
)
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
@click.option("--resume", type=click.Path(exists=True, path_type=Path), default=None,
              metavar="DIR",
              help="Continue the chain an earlier fit saved in DIR (its chain.npz) for --runs "
              "more runs, exactly as one uninterrupted run would (same scenario, record, "
              "likelihood and --until; its seed and walkers).")  # fmt: skip
@click.option("--converge", is_flag=True,
              help="After --runs, go on 100 steps at a time until the chain has converged "
              "(kept chain at least 50 autocorrelation times of every parameter, which "
              "changed by less than 1 % over the last 100 steps; effective size at least "
              "400; healthy acceptance) or --max-runs are spent: the summary says "
              "which.")  # fmt: skip
@click.option("--max-runs", type=click.IntRange(min=100), default=2_000_000, show_default=True,
              help="With --converge: the most sampler runs of this call.")  # fmt: skip
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
    resume: Path | None,
    converge: bool,
    max_runs: int,
    out: Path,
    quiet: bool,
) -> None:
    """Fit the scenario's [uncertainty] parameters to the public record (data/record.csv).

    The priors are the declared [uncertainty] distributions of SCENARIO (default: the
    shipped history.toml, else war_continues.toml); each figure of the record the run
    covers counts with its standard deviation (docs/fit.md). First the maximum a
    posteriori point from several seeded starts, then the posterior by emcee's ensemble
    sampler (pip install 'wardilemma[fit]'), with its diagnostics: a chain too short is
    reported as not converged, with the runs still needed; --resume continues it and
    --converge runs until it converges. Illustrative model, not a forecast.
    """
    from wardilemma.analysis.fit.mcmc import Checkpoint
    from wardilemma.analysis.fit.study import CHAIN_FILE, fit_summary, run_fit
    from wardilemma.figures.fit import write_fit

    saver = Checkpoint(out / CHAIN_FILE)
    with ProgressBar("fit", quiet=quiet) as bar:
        try:
            result = run_fit(scenario, record, runs=runs, walkers=walkers, seed=seed,
                             likelihood=likelihood, progress=bar, until=until, resume=resume,
                             converge=converge, max_runs=max_runs,
                             checkpoint=saver)  # fmt: skip
        except KeyboardInterrupt:
            bar.close()
            click.echo("", err=True)
            ctx = click.get_current_context()
            if saver.latest is None:
                warn(f"interrupted before the sampler started: nothing is written; run it "
                     f"again with: {resume_command(ctx, '')}")  # fmt: skip
            else:
                path = saver.save()
                again = _with_resume(shlex.split(resume_command(ctx, "")), out)
                warn(f"interrupted: the chain of {saver.latest.steps} steps is saved in "
                     f"{path}; continue it with: {shlex.join(again)}")  # fmt: skip
            raise SystemExit(INTERRUPTED) from None
    click.echo(fit_summary(result))
    paths = write_fit(result, out)
    click.echo(f"wrote {', '.join(str(p) for p in paths.values())} ({ILLUSTRATIVE})")


def _with_resume(words: list[str], out: Path) -> list[str]:
    """The command line ``words`` with ``--resume OUT`` instead of its ``--resume`` and
    ``--runs`` (the runs are what remain to do, which the user picks)."""
    kept, skip = [], False
    for w in words:
        if skip:
            skip = False
            continue
        if w in ("--resume", "--runs"):
            skip = True
            continue
        kept.append(w)
    return [*kept[:2], "--resume", str(out), *kept[2:]]
