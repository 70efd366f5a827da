"""CLI commands that carry the model to other tools: ``export``, ``diagram``, ``loops``."""

from __future__ import annotations

from pathlib import Path

import click

from wardilemma.cli.options import ScenarioFile, output_option, scenario_option
from wardilemma.export.xmile import TARGETS, export_model
from wardilemma.scenario import load_scenario
from wardilemma.text import ILLUSTRATIVE


def _scenario(path: str | None):
    return None if path is None else load_scenario(path)


@click.command()
@click.argument("scenario", type=ScenarioFile())
@click.option("--format", "fmt", type=click.Choice(["xmile"]), default="xmile", show_default=True)
@output_option("File to write, e.g. model.xmile.", required=True)
@click.option(
    "--flatten",
    is_flag=True,
    help="One variable per region (soldiers_provinces) instead of XMILE arrays.",
)
@click.option(
    "--for",
    "target",
    type=click.Choice(list(TARGETS)),
    default="stella",
    show_default=True,
    help="Tool to write for: STARTTIME, STOPTIME and DT by name, or as numbers for PySD.",
)
def export(scenario: str, fmt: str, output: Path, flatten: bool, target: str) -> None:
    """Export the model with SCENARIO's values (XMILE for Stella, Vensim, PySD)."""
    path = export_model(_scenario(scenario), output, format=fmt, flatten=flatten, target=target)
    click.echo(f"wrote {path} ({ILLUSTRATIVE})")


@click.command()
@click.option(
    "--kind", type=click.Choice(["stock-flow", "causal"]), default="stock-flow", show_default=True
)
@output_option("PNG, SVG or PDF file (default: stock_flow.png or causal_loops.png).")
@scenario_option("Scenario whose start state signs the causal links.")
def diagram(kind: str, output: Path | None, scenario: str | None) -> None:
    """Draw the stock-and-flow or causal-loop diagram of the model."""
    from wardilemma.figures.diagram import write_diagram  # here: only this command draws

    default = "stock_flow.png" if kind == "stock-flow" else "causal_loops.png"
    path = write_diagram(Path(output or default), kind=kind, scenario=_scenario(scenario))
    click.echo(f"wrote {path} ({ILLUSTRATIVE})")


@click.command()
@scenario_option("Scenario whose run gives the state (default: the model's defaults).")
@click.option(
    "--at",
    "at",
    type=float,
    default=0.0,
    show_default=True,
    help="Month of the run at which link polarities are evaluated.",
)
@click.option(
    "--max-length",
    type=click.IntRange(min=1),
    default=32,
    show_default=True,
    help="Longest loop to list (number of variables); the number of loops grows "
    "exponentially with their length (67,655 up to 32, 610,284 up to 40).",
)
@click.option(
    "--all", "show_all", is_flag=True, help="Also list loops with a link never active in this run."
)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
def loops(
    scenario: str | None, at: float, max_length: int | None, show_all: bool, fmt: str
) -> None:
    """List the feedback loops with their polarity (reinforcing or balancing)."""
    from wardilemma.analysis.loops import find_loops, format_loops  # here: only this one

    found = find_loops(scenario=_scenario(scenario), at=at, max_length=max_length)
    click.echo(format_loops(found, kind=fmt, undetermined=show_all))
