"""CLI command ``dominance``: which feedback loop drives a variable, phase by phase."""

from __future__ import annotations

from pathlib import Path

import click

from wardilemma.analysis.dominance import DEFAULT_MAX_LENGTH, format_phases
from wardilemma.cli.options import ScenarioFile, fail, out_option
from wardilemma.scenario import load_scenario
from wardilemma.studies.dominance import write_dominance
from wardilemma.text import ILLUSTRATIVE


@click.command()
@click.argument("scenarios", nargs=-1, required=True, type=ScenarioFile())
@click.option(
    "--variable",
    default="discontent",
    show_default=True,
    help="Target variable: the loops through it are scored.",
)
@click.option(
    "--region",
    default="provinces",
    show_default=True,
    help="Region of a regional target variable.",
)
@click.option(
    "--max-length",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_LENGTH,
    show_default=True,
    help="Longest loop enumerated, in nodes of the region-flattened graph.",
)
@out_option("Directory for the figure (PNG) and the phase table (CSV).")
def dominance(
    scenarios: tuple[str, ...], variable: str, region: str, max_length: int, out: Path
) -> None:
    """Loop dominance over time (Loops That Matter) for one or two SCENARIOS side by side.

    Scores every feedback loop through the target variable at each time step, draws the
    relative loop scores over the run and prints the dominant loop in each phase.
    """
    if len(scenarios) > 2:
        fail("give one or two scenarios (drawn side by side)")
    loaded = [load_scenario(p) for p in scenarios]
    analyses, paths = write_dominance(
        loaded, out, variable=variable, region=region, max_length=max_length
    )
    click.echo(format_phases(analyses))
    click.echo("")
    for path in paths.values():
        click.echo(f"wrote {path} ({ILLUSTRATIVE})")
