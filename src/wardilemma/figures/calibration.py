"""The model against the record: one small panel per series, the run's line and the public
figures as points with their tolerance as error bars.

:func:`plot_series` draws one panel on an ``Axes`` and returns it (as the panels of
:mod:`wardilemma.figures.panels`); :func:`calibration_figure` lays out every series the
model can be set beside, with the title, the hit rate, a key and the "illustrative, not a
forecast" label; :func:`write_calibration` writes the tables and the figure into a folder.
Illustrative model, not a forecast.
"""

from __future__ import annotations

import math
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from wardilemma.analysis.calibration import (
    HIT,
    MISS,
    Calibration,
    Comparison,
    write_calibration_tables,
)
from wardilemma.analysis.evaluation import NOT_MODELLED, OUTSIDE
from wardilemma.analysis.quantities import MODEL, Quantity, region_name
from wardilemma.analysis.record import SERIES, month_index
from wardilemma.analysis.rowstats import interp, statistic_line, window
from wardilemma.figures.save import save_and_close
from wardilemma.figures.style import FONTS, LINESTYLES
from wardilemma.text import ILLUSTRATIVE

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["calibration_figure", "plot_series", "save_calibration_figure", "write_calibration"]

#: Colour of a row by its result.
STATUS_COLOURS = {HIT: "#009E73", MISS: "#D55E00", OUTSIDE: "#999999"}
#: Marker of a row by what it says: an estimate, a lower bound, an upper bound.
BOUND_MARKERS = {"estimate": "o", "lower": "^", "upper": "v"}
#: How a statistic reads in a panel's title.
STATISTIC_WORDS = {
    "change_12m": "12-month change",
    "yoy": "year-on-year change",
    "average": "",
    "end": "",
    "total": "",
    "difference": "change since the start of the run",
}


def _year(start: str, months: float | np.ndarray) -> float | np.ndarray:
    """Months since ``start`` as decimal years (2022.0 is the start of January 2022)."""
    return month_index(start) / 12 + np.asarray(months) / 12


def _unit(series: str) -> str:
    """The panel's unit: the series' unit, or a rate for a series given as totals."""
    unit = SERIES[series].unit
    if SERIES[series].statistics == ("total",):
        return f"{unit} per {'year' if MODEL[series].per == 12 else 'month'}"
    return unit


def _difference_base(cal: Calibration, quantity: Quantity, c: Comparison, a: float) -> float:
    """Where a difference row starts on its panel: the model's change from the start of the
    run to the start of the row's period (0 for any other statistic, or without a run)."""
    res = cal.results
    if c.row.statistic != "difference" or res is None:
        return 0.0
    name = None if c.row.national else region_name(res, c.row.region)
    y = np.asarray(quantity.compute(res, name), dtype=float)
    return float(interp(np.asarray(res.time, dtype=float), y, a)[0] - y[0, 0])


def _drawn(c: Comparison) -> bool:
    return c.status != NOT_MODELLED


def plot_series(ax: Axes, cal: Calibration, series: str) -> Axes:
    """One series: the run's line (per region drawn) and the record's rows of that series.

    A figure given as a total over a period is drawn as its rate (per month, or per year
    for money) over that period; error bars are the row's tolerance; the model's value for
    a compared row is a black cross.
    """
    res = cal.results
    quantity = MODEL[series]
    rows = [c for c in cal.comparisons if c.row.series == series and _drawn(c)]
    statistic = rows[0].row.statistic
    total = statistic == "total"
    regions = list(dict.fromkeys(None if c.row.national else c.row.region for c in rows))
    if res is not None:
        time = np.asarray(res.time, dtype=float)
        for i, region in enumerate(regions):
            name = None if region is None else region_name(res, region)
            y = np.asarray(quantity.compute(res, name), dtype=float)
            x, line = statistic_line(statistic, time, y)
            label = "model" if region is None else f"model, {region}"
            ax.plot(_year(res.start, x), line[:, 0] * (quantity.per if total else 1),
                    color="#0072B2", linestyle=LINESTYLES[i % len(LINESTYLES)], lw=1.6,
                    label=label)  # fmt: skip
    start = cal.start
    for c in rows:
        r = c.row
        a, b, _, _ = window(r, start)
        if r.statistic in ("yoy", "change_12m", "change", "end", "difference"):
            x, xerr = _year(start, b), 0.0
        else:
            x, xerr = _year(start, (a + b) / 2), (b - a) / 24
        scale = quantity.per / (b - a) if total else 1.0
        base = _difference_base(cal, quantity, c, a)
        colour = STATUS_COLOURS.get(c.status, "#999999")
        hollow = c.status == OUTSIDE
        ax.errorbar(
            x, base + r.value * scale, yerr=r.tolerance * scale, xerr=xerr or None,
            fmt=BOUND_MARKERS[r.bound], color=colour, ms=6, capsize=3, lw=1.1,
            mfc="white" if hollow else colour, zorder=3,
        )  # fmt: skip
        if c.model is not None:
            ax.plot(x, base + c.model * scale, "x", color="black", ms=6, mew=1.5, zorder=4)
    words = STATISTIC_WORDS.get(statistic, "")
    meaning = SERIES[series].meaning
    title = meaning[0].upper() + meaning[1:] + (f", {words}" if words else "")
    ax.set_title(textwrap.fill(title, 40), fontsize=FONTS["label"] - 1)
    ax.set_ylabel(_unit(series), fontsize=FONTS["tick"])
    ax.tick_params(labelsize=FONTS["tick"] - 2)
    ax.grid(alpha=0.3)
    if len(regions) > 1 and res is not None:
        ax.legend(fontsize=FONTS["legend"] - 3, loc="best")
    return ax


def calibration_figure(cal: Calibration) -> Figure:
    """Every series the model gives beside the record, one panel each, 2022 onwards."""
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    series = [
        s for s in dict.fromkeys(c.row.series for c in cal.comparisons)
        if any(c.row.series == s and _drawn(c) for c in cal.comparisons)
    ]  # fmt: skip
    n = max(len(series), 1)
    cols = min(5, n)
    rows = math.ceil(n / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(4.4 * cols, 3.3 * rows + 1.8), squeeze=False)
    drawn = [c for c in cal.comparisons if _drawn(c)]
    first = min([month_index(c.row.period_start) / 12 for c in drawn] + [2021.0])
    last = max([(month_index(c.row.period_end) + 1) / 12 for c in drawn] + [2026.0])
    for ax, name in zip(axes.flat, series, strict=False):
        plot_series(ax, cal, name)
        ax.set_xlim(math.floor(first), math.ceil(last) + 0.2)  # a year-end point stays inside
        ax.set_xticks(range(math.floor(first), math.ceil(last) + 1))
    for ax in list(axes.flat)[len(series) :]:
        ax.set_visible(False)
    rate = cal.hit_rate
    share = "no figure could be compared" if rate is None else (
        f"{cal.count(HIT)} of {cal.compared} figures within tolerance ({rate:.0%})"
    )  # fmt: skip
    fig.suptitle(f"The run '{cal.scenario}' beside the public record: {share}",
                 fontsize=FONTS["suptitle"])  # fmt: skip
    key = [
        Line2D([], [], color="#0072B2", lw=1.6, label="model (member 0)"),
        Line2D([], [], marker="x", color="black", ls="", label="model at the figure's period"),
        Line2D([], [], marker="o", color=STATUS_COLOURS[HIT], ls="", label="figure: hit"),
        Line2D([], [], marker="o", color=STATUS_COLOURS[MISS], ls="", label="figure: miss"),
        Line2D(
            [],
            [],
            marker="o",
            color=STATUS_COLOURS[OUTSIDE],
            mfc="white",
            ls="",
            label="figure outside the run",
        ),
        Line2D([], [], marker="^", color="#555555", ls="", label="lower bound"),
        Line2D([], [], marker="v", color="#555555", ls="", label="upper bound"),
    ]
    fig.legend(handles=key, loc="lower center", ncol=7, fontsize=FONTS["legend"], frameon=False,
               bbox_to_anchor=(0.5, 0.035))  # fmt: skip
    absent = [c for c in cal.comparisons if c.status == NOT_MODELLED]
    places = sorted({c.row.region for c in absent if c.reason.startswith("the run has no region")})
    lacking = sorted({c.row.series for c in absent if c.row.region not in places})
    parts = [
        f"series the model or the run lacks: {', '.join(lacking)}" if lacking else "",
        f"regions the run lacks: {', '.join(places)}" if places else "",
    ]
    note = (
        f"{ILLUSTRATIVE}. Error bars: two standard deviations of the figure; a total over a "
        "period is drawn as its rate over that period. "
        f"Not modelled ({len(absent)} rows): {'; '.join(p for p in parts if p) or 'none'}. "
        "Sources: data/record.csv."
    )
    fig.text(0.5, 0.008, note, ha="center", fontsize=FONTS["note"] - 1, wrap=True)
    fig.tight_layout(rect=(0, 0.08, 1, 0.95))
    return fig


def save_calibration_figure(cal: Calibration, path: str | Path) -> Path:
    """Draw the model against the record and save it to ``path`` (atomically)."""
    return save_and_close(
        calibration_figure(cal),
        Path(path),
        title="The model against the record",
        runs=[] if cal.results is None else [cal.results],
    )


def write_calibration(cal: Calibration, out_dir: str | Path) -> dict[str, Path]:
    """Write ``calibration.csv``, ``calibration.json`` and ``calibration.png`` into
    ``out_dir`` (atomically); returns ``kind -> path``."""
    paths = write_calibration_tables(cal, out_dir)
    paths["figure"] = save_calibration_figure(cal, Path(out_dir) / "calibration.png")
    return paths
