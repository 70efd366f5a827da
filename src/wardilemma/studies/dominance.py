"""The work of the ``dominance`` command: analyse the runs' loop dominance
(:func:`~wardilemma.analysis.dominance.loop_dominance`) and write the figure
(:func:`~wardilemma.figures.dominance.dominance_figure`) and the phase table (CSV).

Illustrative model, not a forecast.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from wardilemma.analysis.dominance import (
    DEFAULT_MAX_LENGTH,
    Dominance,
    loop_dominance,
    phases_csv,
)
from wardilemma.atomic import ensure_writable_dir, write_text
from wardilemma.figures.dominance import dominance_figure
from wardilemma.figures.save import save_and_close
from wardilemma.model import Model
from wardilemma.scenario import Scenario

__all__ = ["write_dominance"]


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in text).strip("_") or "run"


def write_dominance(
    scenarios: Sequence[Scenario],
    out_dir: str | Path,
    *,
    variable: str = "discontent",
    region: str | None = "provinces",
    max_length: int = DEFAULT_MAX_LENGTH,
    min_months: int = 3,
    model: Model | None = None,
) -> tuple[list[Dominance], dict[str, Path]]:
    """Analyse one or more runs and write the figure (PNG) and the phase table (CSV).

    Returns
    -------
    analyses, paths
        The analyses, and the written files by kind (``"figure"``, ``"table"``).
    """
    analyses = [
        loop_dominance(sc, variable=variable, region=region, max_length=max_length, model=model)
        for sc in scenarios
    ]
    out = ensure_writable_dir(out_dir)
    stem = "dominance_" + "_vs_".join(_slug(d.scenario) for d in analyses)
    figure = save_and_close(
        dominance_figure(analyses), out / f"{stem}.png", title=f"Loop dominance: {stem}"
    )
    table = write_text(out / f"{stem}.csv", phases_csv(analyses, min_months=min_months))
    return analyses, {"figure": figure, "table": table}
