"""Classroom commands: ``slide`` (one message on one slide) and ``report`` (a hand-out).

Exit codes as everywhere: 0 success, 1 writing failed, 2 usage or validation error.
"""

from __future__ import annotations

from pathlib import Path

import click

from ..results import ILLUSTRATIVE
from ..scenario import ScenarioError
from . import main

OK, FAILED, USAGE = 0, 1, 2


def _fail(message: str, code: int) -> None:
    click.echo(f"error: {message}", err=True)
    raise SystemExit(code)


@main.command()
@click.argument("reference", type=click.Path(exists=True, dir_okay=False))
@click.argument("alternative", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("out/slide.png"),
    show_default=True,
    help="Figure file: .png, .svg or .pdf (1280 x 720 pixels as PNG).",
)
@click.option("--region", default="provinces", show_default=True, help="Region shown.")
@click.option("--months", type=click.IntRange(min=1), default=None, help="Run length in months.")
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
