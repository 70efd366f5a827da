"""Classroom commands: ``slide`` (one message on one slide) and ``report`` (a hand-out).

Exit codes as everywhere: 0 success, 1 writing failed, 2 usage or validation error.
"""

from __future__ import annotations

from pathlib import Path

import click

from ..scenario import ScenarioError
from ..text import ILLUSTRATIVE
from .options import months_option, output_option

OK, FAILED, USAGE = 0, 1, 2


def _fail(message: str, code: int) -> None:
    click.echo(f"error: {message}", err=True)
    raise SystemExit(code)


@click.command()
@click.argument("reference", type=click.Path(exists=True, dir_okay=False))
@click.argument("alternative", type=click.Path(exists=True, dir_okay=False))
@output_option(
    "Figure file: .png, .svg or .pdf (1280 x 720 pixels as PNG).", default="out/slide.png"
)
@click.option("--region", default="provinces", show_default=True, help="Region shown.")
@months_option("Run length in months.")
def slide(reference: str, alternative: str, output: Path, region: str, months: int | None) -> None:
    """One slide, one message: REFERENCE (e.g. war_continues.toml) against ALTERNATIVE
    (e.g. sudden_peace.toml).

    Two panels (discontent; consumption against aspiration), a headline computed from the
    runs, the window in which ALTERNATIVE is worse shaded, the casualties of both paths.
    Illustrative model, not a forecast.
    """
    from ..outputs import FIGURE_FORMATS
    from ..slide import make_slide

    if output.suffix.lstrip(".").lower() not in FIGURE_FORMATS:
        _fail(f"--output {output}: the suffix must be one of {', '.join(FIGURE_FORMATS)}", USAGE)
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        path, finding = make_slide(reference, alternative, output, region=region, months=months)
    except ScenarioError as exc:
        _fail(str(exc), USAGE)
    except ValueError as exc:
        _fail(str(exc), USAGE)
    except OSError as exc:
        _fail(f"cannot write {output}: {exc}", FAILED)
    click.echo(str(path))
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
def report(scenarios: tuple[str, ...], output: Path, months: int | None, members: int) -> None:
    """A hand-out for students: one self-contained HTML file comparing the SCENARIOS.

    The first scenario is the reference; the slide compares it with the second. The page
    holds the question, what each scenario changes against the baseline, the slide, the
    dashboard, the metrics, the robustness of the finding and the model's assumptions with
    their sources. No network is needed to view it. Illustrative model, not a forecast.
    """
    from ..report import ReportError, write_report

    missing = [s for s in scenarios if not Path(s).is_file()]
    if missing:
        _fail(f"scenario file not found: {', '.join(missing)}", USAGE)
    if output.suffix.lower() not in (".html", ".htm"):
        _fail(f"--output {output}: the report is HTML; name the file *.html", USAGE)
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        path, context = write_report(scenarios, output, months=months, members=members)
    except (ScenarioError, ReportError, ValueError) as exc:
        _fail(str(exc), USAGE)
    except OSError as exc:
        _fail(f"cannot write {output}: {exc}", FAILED)
    click.echo(str(path))
    click.echo(context.slide_headline + ".")
    click.echo(f"{ILLUSTRATIVE}.")
