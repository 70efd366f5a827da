"""Commands ``montecarlo``, ``sweep`` and ``sensitivity``: uncertainty studies.

Each parses its options, calls one function of
:mod:`~wardilemma.studies.montecarlo` or
:mod:`~wardilemma.studies.uncertainty` and prints the summary and the files written.
Exit codes: 0 success; 1 a run failed (simulation or writing); 2 usage or validation error
(bad option, invalid scenario file, unknown metric or parameter, unwritable ``--out``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from wardilemma.analysis.uncertainty.ensemble import DEFAULT_METRICS, DEFAULT_RECORD, EXECUTORS
from wardilemma.analysis.uncertainty.sampling import SAMPLERS
from wardilemma.analysis.uncertainty.sensitivity import METHODS
from wardilemma.analysis.uncertainty.sweep import DILEMMA_AXES, DILEMMA_METRICS
from wardilemma.cli.options import (
    INTERRUPTED,
    POSTERIOR_DRAWS,
    POSTERIOR_MEDIAN,
    USAGE,
    ProgressBar,
    fail,
    out_option,
    posterior_option,
    resume_command,
    warn,
)
from wardilemma.text import ILLUSTRATIVE

if TYPE_CHECKING:  # pragma: no cover
    from wardilemma.analysis.fit.posterior import Posterior


def _run(label: str, quiet: bool, work: Callable[[ProgressBar], Any]) -> Any:
    """Call ``work(progress)``, closing the bar whatever happens (errors: :mod:`.errors`).

    Interrupted (Ctrl-C), the study stops before writing its files (they are written
    together at the end, each atomically, so none is half-written); the chunks it finished
    stay in ``OUT/.resume/`` and the line gives the command that resumes from them.
    """
    with ProgressBar(label, quiet=quiet) as bar:
        try:
            return work(bar)
        except KeyboardInterrupt:
            bar.close()
            click.echo("", err=True)
            warn(
                f"interrupted: the {label} stopped before writing its files; the chunks it "
                f"finished are kept; resume with: "
                f"{resume_command(click.get_current_context())}"
            )
            raise SystemExit(INTERRUPTED) from None


def _report(report: Any, quiet: bool) -> None:
    if quiet:
        return
    if report.summary:
        click.echo(report.summary)
    for path in report.files:
        click.echo(f"wrote {path}")
    click.echo(f"{report.seconds:.1f} s. {ILLUSTRATIVE}.")


_executor_options = [
    click.option("--jobs", "-j", type=click.IntRange(min=0), default=1, show_default=True,
                 help="Local worker processes (0: one per CPU); with --executor dask and no "
                 "--scheduler, workers of a local Dask cluster."),
    click.option("--executor", type=click.Choice(EXECUTORS), default="local", show_default=True,
                 help="Where the chunks run: local processes or a Dask cluster "
                 "(pip install 'wardilemma[dask]')."),
    click.option("--scheduler", metavar="ADDRESS", default=None,
                 help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (with --executor dask)."),
    click.option("--quiet", "-q", is_flag=True, help="No progress bar and no report on stdout."),
    click.option("--resume", is_flag=True,
                 help="After an interruption: read the chunks the same study finished (same "
                 "scenarios, seed and options; kept in OUT/.resume) and run the others."),
]  # fmt: skip


_memory_option = click.option(
    "--memory-budget", metavar="SIZE", default=None,
    help="Memory for the study: a share of the available memory (50%) or a size (4GB, "
    "512MB). Default: $WARDILEMMA_MEMORY_BUDGET, else 50%. Above it members run in smaller "
    "chunks and recorded series stream to disk; what cannot fit even so is refused (exit 2).",
)  # fmt: skip


def _with_executor(f: Callable) -> Callable:
    for option in reversed(_executor_options):
        f = option(f)
    return f


def _split(values: tuple[str, ...]) -> list[str]:
    return [v.strip() for item in values for v in item.split(",") if v.strip()]


@click.command()
@click.argument("scenarios", nargs=-1, required=True, metavar="SCENARIO [SCENARIO...]")
@click.option(
    "-n",
    "members",
    type=click.IntRange(min=1),
    default=1000,
    show_default=True,
    help="Members (parameter draws), the same for every scenario.",
)
@click.option(
    "--seed",
    type=click.IntRange(min=0),
    default=None,
    help="Seed (default: the first scenario's [simulation] seed, else 0).",
)
@click.option(
    "--sampler",
    type=click.Choice(list(SAMPLERS)),
    default="random",
    show_default=True,
    help="Random, Latin hypercube or scrambled Sobol' draws.",
)
@out_option(default="out/montecarlo")
@click.option(
    "--record",
    multiple=True,
    metavar="VAR[,VAR...]",
    help=f"Variables kept month by month (default: {', '.join(DEFAULT_RECORD)}).",
)
@click.option(
    "--metric",
    "metrics",
    multiple=True,
    metavar="METRIC[,METRIC...]",
    help="Metrics per member, name or name[region] (default: the key metrics).",
)
@posterior_option(POSTERIOR_DRAWS)
@_memory_option
@_with_executor
def montecarlo(
    scenarios: tuple[str, ...], members: int, seed: int | None, sampler: str, out: Path,
    record: tuple[str, ...], metrics: tuple[str, ...], posterior: Posterior | None,
    memory_budget: str | None, jobs: int, executor: str, scheduler: str | None, quiet: bool,
    resume: bool,
) -> None:  # fmt: skip
    """Monte Carlo over the scenarios' [uncertainty] tables, the same draws for every
    scenario, compared member by member with the first.

    Writes percentile bands (bands.csv, fan_chart.png), every member's parameters and
    metrics (members.parquet or .csv), the paired shares (paired.csv, share_over_time.csv,
    worse_share.png) and manifest.json (seed, sampler, versions).
    """
    from wardilemma.studies.montecarlo import montecarlo as study

    report = _run("montecarlo", quiet, lambda bar: study(
        list(scenarios), members, seed=seed, sampler=sampler, out=out,
        executor=executor, jobs=jobs, scheduler=scheduler,
        record=_split(record) or DEFAULT_RECORD, metrics=_split(metrics) or DEFAULT_METRICS,
        progress=bar, memory_budget=memory_budget, resume=resume,
        posterior=None if posterior is None else posterior.path,
    ))  # fmt: skip
    _report(report, quiet)


@click.command()
@click.argument("scenario", metavar="SCENARIO")
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="NAME=LOW:HIGH:STEPS",
    help="A grid axis (once or twice); month levers also take dates YYYY-MM.",
)
@click.option(
    "--metric",
    "metrics",
    multiple=True,
    metavar="METRIC[,METRIC...]",
    help="Metrics to map, name or name[region] (one panel each).",
)
@click.option(
    "--dilemma",
    is_flag=True,
    help=f"The dilemma map: {' x '.join(DILEMMA_AXES)}, metrics "
    f"{', '.join(DILEMMA_METRICS)} (unless given).",
)
@out_option(default="out/sweep")
@posterior_option(POSTERIOR_MEDIAN + " The grid's own parameters still follow the grid.")
@_memory_option
@_with_executor
def sweep(
    scenario: str, params: tuple[str, ...], metrics: tuple[str, ...], dilemma: bool, out: Path,
    posterior: Posterior | None, memory_budget: str | None, jobs: int, executor: str,
    scheduler: str | None, quiet: bool, resume: bool,
) -> None:  # fmt: skip
    """Run a one- or two-dimensional grid of parameter values as one ensemble and draw a
    line plot or heatmap of each metric (sweep.csv, sweep.png, manifest.json)."""
    from wardilemma.studies.uncertainty import sweep_study

    axes = list(params) or (list(DILEMMA_AXES) if dilemma else [])
    chosen = _split(metrics) or (list(DILEMMA_METRICS) if dilemma else [])
    if not axes or not chosen:
        fail("give --param NAME=LOW:HIGH:STEPS and --metric METRIC (or --dilemma)", USAGE)
    world: Any = scenario
    if posterior is not None:
        from wardilemma.analysis.fit.posterior import posterior_scenario
        from wardilemma.scenario import load_scenario

        world = posterior_scenario(load_scenario(scenario), posterior)
    report = _run("sweep", quiet, lambda bar: sweep_study(
        world, axes, chosen, out=out, executor=executor, jobs=jobs, scheduler=scheduler,
        progress=bar, dilemma=dilemma, memory_budget=memory_budget, resume=resume,
    ))  # fmt: skip
    _report(report, quiet)


@click.command()
@click.argument("scenario", metavar="SCENARIO")
@click.option(
    "--metric",
    default="peak_discontent[provinces]",
    show_default=True,
    help="The metric to explain, name or name[region].",
)
@click.option(
    "-n",
    "n",
    type=click.IntRange(min=2),
    default=256,
    show_default=True,
    help="Base sample (sobol: n*(d+2) runs, a power of two) or trajectories "
    "(morris: n*(d+1) runs).",
)
@click.option(
    "--method",
    type=click.Choice(METHODS),
    default="sobol",
    show_default=True,
    help="Sobol' indices (variance shares) or Morris screening (quick).",
)
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True)
@out_option(default="out/sensitivity")
@_with_executor
def sensitivity(
    scenario: str, metric: str, n: int, method: str, seed: int, out: Path, jobs: int,
    executor: str, scheduler: str | None, quiet: bool, resume: bool,
) -> None:  # fmt: skip
    """Which uncertain parameters drive a metric? Sobol' first-order and total indices with
    95 % intervals, or Morris screening, through SALib (pip install
    'wardilemma[uncertainty]'); a bar figure sorted by importance and the table."""
    from wardilemma.studies.uncertainty import sensitivity_study

    report = _run("sensitivity", quiet, lambda bar: sensitivity_study(
        scenario, metric, n=n, method=method, seed=seed, out=out, executor=executor,
        jobs=jobs, scheduler=scheduler, progress=bar, resume=resume,
    ))  # fmt: skip
    _report(report, quiet)
