"""Command ``exit-policy``: the exit policies that keep the risk of peace low at the least
fiscal cost, across uncertain worlds.

Calls :func:`wardilemma.analysis.exit_policy.exit_policy` and writes its files with
:func:`wardilemma.figures.exit_policy.write_exit_policy`. Exit codes: 0 success; 1 a run or
a write failed; 2 usage or validation error (invalid scenario file, unknown lever or
metric, pymoo missing: nothing is written); 130 interrupted (nothing is written).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:  # pragma: no cover
    from wardilemma.analysis.fit.posterior import Posterior

from wardilemma.cli.options import (
    POSTERIOR_DRAWS,
    ProgressBar,
    ScenarioFile,
    out_option,
    posterior_option,
)
from wardilemma.text import ILLUSTRATIVE


@click.command("exit-policy")
@click.argument("scenario", type=ScenarioFile())
@click.option("--ensemble", type=click.IntRange(min=1), default=200, show_default=True,
              help="Worlds drawn from the scenario's [uncertainty] table, the same for every "
              "policy.")  # fmt: skip
@posterior_option(POSTERIOR_DRAWS)
@click.option(
    "--seed",
    type=click.IntRange(min=0),
    default=None,
    help="Seed of the worlds and the search (default: the scenario's, else 0).",
)
@click.option("--lever", "levers", multiple=True, metavar="NAME[=LOW:HIGH]",
              help="Search this lever (repeat; default: the exit levers over their plausible "
              "ranges, the ceasefire within 36 months); month levers take dates "
              "YYYY-MM.")  # fmt: skip
@click.option("--metric", default="peak_discontent[provinces]", show_default=True,
              help="The outcome compared with the war path, worse when higher: a metric "
              "name, name[region] for one region.")  # fmt: skip
@click.option("--inflation-ceiling", type=click.FloatRange(min=0), default=10.0,
              show_default=True, help="Peak inflation after the ceasefire, %/year, in 9 "
              "worlds of 10: policies above it are refused.")  # fmt: skip
@click.option("--max-risk", type=click.FloatRange(0, 1), default=0.05, show_default=True,
              help="The chosen policy: the cheapest on the front with at most this share of "
              "worlds worse than the war.")  # fmt: skip
@click.option(
    "--population",
    type=click.IntRange(min=4),
    default=20,
    show_default=True,
    help="Policies per generation (NSGA-II), run together as one ensemble.",
)
@click.option(
    "--generations",
    type=click.IntRange(min=1),
    default=10,
    show_default=True,
    help="Generations of the search, the first included.",
)
@out_option(default="out/exit_policy")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no report on stdout.")
def exit_policy(
    scenario: str,
    ensemble: int,
    posterior: Posterior | None,
    seed: int | None,
    levers: tuple[str, ...],
    metric: str,
    inflation_ceiling: float,
    max_risk: float,
    population: int,
    generations: int,
    out: Path,
    quiet: bool,
) -> None:
    """Search the exit levers of a peace SCENARIO for policies that keep the risk low at the
    least fiscal cost across uncertain worlds (front.png, front.csv, front.json,
    exit_policy.toml, summary.txt).

    Risk: the share of worlds in which the peace is worse than continuing the war (peak
    provincial discontent, paired worlds). Cost: median net public debt at the end of the
    run. NSGA-II (pymoo: pip install 'wardilemma[policy]'); each generation runs as one
    ensemble. The chosen policy is written as a scenario that extends SCENARIO.
    Illustrative model, not a forecast.
    """
    from wardilemma.analysis.exit_policy import exit_policy as search
    from wardilemma.figures.exit_policy import write_exit_policy
    from wardilemma.scenario import load_scenario

    with ProgressBar("exit policy", quiet=quiet) as bar:
        result = search(load_scenario(scenario), levers=levers, ensemble=ensemble,
                        posterior=posterior, seed=seed, population=population,
                        generations=generations, metric=metric,
                        inflation_ceiling=inflation_ceiling, max_risk=max_risk,
                        progress=bar)  # fmt: skip
    files = write_exit_policy(result, out)
    if quiet:
        return
    c = result.chosen
    click.echo(result.sentence())
    front = len(result.front)
    click.echo(f"Chosen ({front} {'policy' if front == 1 else 'policies'} on the front; "
               f"{result.metadata['policies_run']} run in {result.metadata['ensemble_calls']} "
               f"ensemble calls):")  # fmt: skip
    for j, lv in enumerate(result.levers):
        click.echo(f"  {lv.name:<34} {lv.text(result.policies[c, j], result.scenario.start)}")
    fixed = result.metadata["levers_fixed_by_scenario"]
    if fixed:
        click.echo(f"  (at the scenario's values, which it schedules or draws: {', '.join(fixed)})")
    hv = result.metadata["hypervolume_by_generation"]
    click.echo("Progress (hypervolume of the feasible front by generation, a share of risk "
               f"0-100 % x cost up to the war's): {' '.join(f'{v:.3f}' for v in hv)}")  # fmt: skip
    for path in files:
        click.echo(f"wrote {path}")
    click.echo(f"{result.metadata['seconds']:.1f} s. {ILLUSTRATIVE}.")
