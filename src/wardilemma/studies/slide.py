"""The work of the ``slide`` command: run two scenario files, measure the slide's finding
(:func:`~wardilemma.analysis.finding.slide_finding`) and write the one-message slide
(:func:`~wardilemma.figures.slide.slide_figure`).

Illustrative model, not a forecast.
"""

from __future__ import annotations

from pathlib import Path

from wardilemma.analysis.finding import SlideFinding, slide_finding
from wardilemma.engine.run import simulate
from wardilemma.figures.save import save_and_close
from wardilemma.figures.slide import SLIDE_PIXELS, slide_figure
from wardilemma.scenario import load_scenario

__all__ = ["make_slide"]


def make_slide(
    reference: str | Path,
    alternative: str | Path,
    out: str | Path,
    *,
    region: str = "provinces",
    months: int | None = None,
    size: tuple[int, int] = SLIDE_PIXELS,
) -> tuple[Path, SlideFinding]:
    """Run two scenario files and save their slide (format from the suffix: png, svg, pdf).

    Parameters
    ----------
    reference, alternative
        Scenario files (for example ``war_continues.toml`` and ``sudden_peace.toml``).
    out
        The figure file to write (atomically; provenance in its metadata).
    region
        Region shown.
    months
        Run length (default: each scenario's).
    size
        Width and height in pixels (1920 x 1080 by default).

    Returns
    -------
    (Path, SlideFinding)
        The file written and the finding its headline states.

    Raises
    ------
    ScenarioError
        A scenario file is invalid.
    ValueError
        The runs cannot be compared (different start or length, unknown region).
    OSError
        The figure cannot be written.
    """
    runs = [simulate(load_scenario(p), months=months) for p in (reference, alternative)]
    finding = slide_finding(runs[0], runs[1], region=region)
    fig = slide_figure(runs[0], runs[1], region=region, size=size)
    return save_and_close(fig, Path(out), title=finding.headline, runs=runs), finding
