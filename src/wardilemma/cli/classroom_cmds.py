"""Classroom commands: ``slide`` (one message on one slide) and ``report`` (a hand-out).

Exit codes as everywhere: 0 success, 1 writing failed, 2 usage or validation error.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from wardilemma.cli.options import (
    ScenarioFile,
    check_files,
    fail,
    months_option,
    output_option,
    posterior_option,
)
from wardilemma.text import ILLUSTRATIVE


@click.command()
@click.argument("reference", type=ScenarioFile())
@click.argument("alternative", type=ScenarioFile())
@output_option("Figure file: .png, .svg or .pdf.", default="out/slide.png")
@click.option("--region", default="provinces", show_default=True, help="Region shown.")
@click.option(
    "--size",
    default="1920x1080",
    show_default=True,
    metavar="WIDTHxHEIGHT",
    help="Slide size in pixels (text scales with the height).",
)
@months_option("Run length in months.")
def slide(
    reference: str, alternative: str, output: Path, region: str, size: str, months: int | None
) -> None:
    """One slide, one message: REFERENCE (e.g. war_continues.toml) against ALTERNATIVE
    (e.g. sudden_peace.toml).

    Two panels (discontent; the gap between consumption and aspiration), a plain message
    with the number under it, both computed from the runs, the window in which ALTERNATIVE
    is worse marked, the casualties of both paths. Illustrative model, not a forecast.
    """
    from wardilemma.figures.save import FIGURE_FORMATS
    from wardilemma.studies.slide import make_slide

    if output.suffix.lstrip(".").lower() not in FIGURE_FORMATS:
        fail(f"--output {output}: the suffix must be one of {', '.join(FIGURE_FORMATS)}")
    width, _, height = size.lower().partition("x")
    if not (width.isdigit() and height.isdigit()) or int(width) < 640 or int(height) < 360:
        fail(f"--size {size}: give WIDTHxHEIGHT in pixels, at least 640x360 (e.g. 1920x1080)")
    output.parent.mkdir(parents=True, exist_ok=True)
    path, finding = make_slide(
        reference, alternative, output, region=region, months=months,
        size=(int(width), int(height)),
    )  # fmt: skip
    click.echo(str(path))
    click.echo(finding.message + ".")
    click.echo(finding.headline + ".")
    click.echo(finding.subline)
    click.echo(finding.casualty_line)
    click.echo(f"{ILLUSTRATIVE}.")


@click.command()
@click.argument("scenarios", nargs=-1, required=True, metavar="A B [C...]")
@output_option("The HTML file to write.", default="out/report.html")
@months_option("Run length in months.")
@click.option(
    "--members",
    type=click.IntRange(min=0),
    default=200,
    show_default=True,
    help="Monte Carlo members of the robustness section (0 leaves it out).",
)
@posterior_option(
    "Run every parameter a fit's posterior (posterior.parquet or .csv of `wardilemma fit`) "
    "covers at its posterior median, and draw them from it in the robustness section."
)
def report(
    scenarios: tuple[str, ...], output: Path, months: int | None, members: int, posterior: Any
) -> None:
    """A hand-out for students: one self-contained HTML file comparing the SCENARIOS.

    The first scenario is the reference; the slide compares it with the second. The page
    holds the question, what each scenario changes against the baseline, the slide, the
    dashboard, the metrics, the robustness of the finding and the model's assumptions with
    their sources. No network is needed to view it. Illustrative model, not a forecast.
    """
    from wardilemma.report import write_report

    check_files(scenarios)
    if output.suffix.lower() not in (".html", ".htm"):
        fail(f"--output {output}: the report is HTML; name the file *.html")
    output.parent.mkdir(parents=True, exist_ok=True)
    path, context = write_report(
        scenarios, output, months=months, members=members, posterior=posterior
    )
    click.echo(str(path))
    click.echo(context.slide_headline + ".")
    click.echo(f"{ILLUSTRATIVE}.")


@click.command("class-summary")
@click.argument("logs", nargs=-1, required=True, type=click.Path(path_type=Path))
@output_option("Figure file: .png, .svg or .pdf.", default="out/class_summary.png")
def class_summary(logs: tuple[Path, ...], output: Path) -> None:
    """Gather a class's games: the decision logs (CSV) that the explorer's game downloads.

    One figure: each game's provincial discontent and instability risk turn by turn (crises
    and the turn the war ended marked) and its choices (bonus, veteran programmes). No
    server: students send their CSV files. Illustrative model, not a forecast.
    """
    from wardilemma.figures.class_summary import class_summary_figure, read_game_log
    from wardilemma.figures.save import FIGURE_FORMATS, save_figure
    from wardilemma.metrics import INSTABILITY_THRESHOLD

    if output.suffix.lstrip(".").lower() not in FIGURE_FORMATS:
        fail(f"--output {output}: the suffix must be one of {', '.join(FIGURE_FORMATS)}")
    games = [read_game_log(p, INSTABILITY_THRESHOLD) for p in logs]
    output.parent.mkdir(parents=True, exist_ok=True)
    fig = class_summary_figure(games)
    path = save_figure(fig, output, title="class summary")
    click.echo(str(path))
    crises = sum(g.crisis for g in games)
    click.echo(f"{len(games)} games, {crises} with a crisis. {ILLUSTRATIVE}.")


@click.command()
@click.argument("reference", type=ScenarioFile())
@click.argument("alternative", type=ScenarioFile())
@output_option("The PDF file to write (two A4 landscape pages).", default="out/handout.pdf")
@months_option("Run length in months.")
def handout(reference: str, alternative: str, output: Path, months: int | None) -> None:
    """A two-page printable hand-out: REFERENCE against ALTERNATIVE.

    Page 1 is the slide's finding at A4 size (measured in the runs); page 2 has questions
    with room to write and a glossary (stock, aspiration, what an index of 0.40 means).
    Illustrative model, not a forecast.
    """
    from wardilemma.engine.run import simulate
    from wardilemma.figures.handout import make_handout
    from wardilemma.scenario import load_scenario

    if output.suffix.lower() != ".pdf":
        fail(f"--output {output}: the hand-out is a PDF; name the file *.pdf")
    runs = tuple(simulate(load_scenario(p), months=months) for p in (reference, alternative))
    output.parent.mkdir(parents=True, exist_ok=True)
    path, finding = make_handout((runs[0], runs[1]), output)
    click.echo(str(path))
    click.echo(finding.message + ".")
    click.echo(f"{ILLUSTRATIVE}.")
