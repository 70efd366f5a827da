"""CLI command ``explore``: the model in one self-contained HTML page with live sliders."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from wardilemma.cli.options import check_files, output_option, posterior_option
from wardilemma.text import ILLUSTRATIVE


@click.command()
@click.argument("scenarios", nargs=-1, required=True, type=click.Path(path_type=Path))
@output_option("The HTML file to write.", default="explorer.html")
@click.option(
    "--lever",
    "levers",
    multiple=True,
    metavar="NAME[REGION]",
    help="A policy lever to put on a slider (repeat; default: ceasefire, demobilisation, "
    "replacement stimulus, bonus, repression, oil shock, veteran programmes, post-war "
    "spending). A regional lever takes a region: bonus_rub[capitals].",
)
@click.option(
    "--story",
    type=click.Path(path_type=Path),
    default=None,
    help="A story file (TOML) for the page's guided tour; default the shipped story "
    "(wardilemma/explorer/stories/default.toml, the one to copy).",
)
@posterior_option(
    "Add each scenario with the parameters a fit's posterior (posterior.parquet or .csv of "
    "`wardilemma fit`) covers at their posterior median; the page starts from the last "
    "one's, the scenarios as given (the prior's values) stay in the list; the game's "
    "debrief draws its uncertain worlds from the posterior too."
)
def explore(
    scenarios: tuple[Path, ...],
    output: Path,
    levers: tuple[str, ...],
    story: Path | None,
    posterior: Any,
) -> None:
    """Write an explorer page for SCENARIOS: sliders, charts and metrics in one HTML file.

    The page runs the model in the browser, offline (open it from disk or send it to
    students). The first scenario is drawn faintly as the reference; the sliders start
    from the last one. The page also plays the dilemma turn by turn (the class as the
    regime's planner, from the first scenario) and tells a guided story (--story).
    """
    from wardilemma.explorer import build_explorer

    check_files(scenarios)
    worlds: list[Any] = list(scenarios)
    if posterior is not None:
        from wardilemma.analysis.fit.posterior import posterior_scenario
        from wardilemma.scenario import load_scenario

        worlds += [posterior_scenario(load_scenario(p, warn=False), posterior) for p in scenarios]
    page = build_explorer(worlds, output, levers=levers or None, story=story, posterior=posterior)
    click.echo(f"wrote {page.path} ({page.size / 1024:.0f} KiB; {ILLUSTRATIVE})")
