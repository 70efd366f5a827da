"""Figures of uncertainty studies: fan chart, "is peace worse?" share, sweep maps, Sobol' bars.

Panel functions take the data and a matplotlib ``Axes`` and return the ``Axes`` (as in
:mod:`wardilemma.figures.panels`); the ``*_figure`` functions lay out slide-sized figures
with the title, legend and the "illustrative, not a forecast" label.

Illustrative model, not a forecast.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from wardilemma.analysis.uncertainty.analysis import Bands, ShareOverTime
from wardilemma.analysis.uncertainty.sweep import Sweep
from wardilemma.figures.style import FONTS, SLIDE_SIZE, colour
from wardilemma.metrics import INSTABILITY_THRESHOLD, METRICS
from wardilemma.model import WAR_ECONOMY
from wardilemma.text import ILLUSTRATIVE

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from wardilemma.analysis.uncertainty.sensitivity import SensitivityResult

__all__ = [
    "dilemma_figure",
    "fan_figure",
    "plot_fan",
    "plot_share_over_time",
    "plot_sobol",
    "plot_sweep",
    "sensitivity_figure",
    "share_figure",
    "sweep_figure",
]

#: Panels of the fan chart: recorded series and their axis labels.
FAN_PANELS: dict[str, tuple[str, str]] = {
    "discontent[provinces]": ("Discontent in the provinces", "index (0 calm - 1 extreme)"),
    "nationalist_mobilisation": ("Nationalist mobilisation", "share of adults (vote-share scale)"),
    "instability_risk": ("Instability risk", "index (0-1)"),
}

_VARIABLE_WORDS = {
    "discontent[provinces]": "provincial discontent",
    "nationalist_mobilisation": "nationalist mobilisation",
    "instability_risk": "instability risk",
}


def _years(start: str, time: np.ndarray) -> np.ndarray:
    year, month = (int(x) for x in start.split("-"))
    return year + (month - 1) / 12 + np.asarray(time) / 12


def _style(ax: Axes, title: str, ylabel: str, xlabel: str = "Year") -> Axes:
    ax.set_title(title, fontsize=FONTS["title"], loc="left", fontweight="bold")
    ax.set_ylabel(ylabel, fontsize=FONTS["label"])
    ax.set_xlabel(xlabel, fontsize=FONTS["label"])
    ax.tick_params(labelsize=FONTS["tick"])
    ax.grid(True, alpha=0.3)
    return ax


def _label(fig: Figure, note: str = "") -> None:
    fig.text(0.995, 0.005, ILLUSTRATIVE, ha="right", va="bottom", fontsize=FONTS["title"],
             fontweight="bold", color="#B00020",
             bbox={"boxstyle": "round", "fc": "white", "ec": "#B00020"})  # fmt: skip
    if note:
        fig.text(0.005, 0.005, note, ha="left", va="bottom", fontsize=FONTS["legend"],
                 color="0.3")  # fmt: skip


def _header(
    fig: Figure,
    title: str,
    handles: list | None = None,
    labels: list[str] | None = None,
    ncol: int = 1,
) -> None:
    """Title at the top, an optional legend under it, the panels below both."""
    fig.suptitle(title, fontsize=FONTS["suptitle"], fontweight="bold", y=0.995)
    top = 0.935
    if handles:
        rows = -(-len(handles) // ncol)
        fig.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, 0.955),
                   ncol=ncol, fontsize=FONTS["title"], frameon=False)  # fmt: skip
        top -= 0.045 * rows
    fig.get_layout_engine().set(rect=(0, 0.04, 1, top - 0.04))


def _variable_label(key: str) -> tuple[str, str]:
    if key in FAN_PANELS:
        return FAN_PANELS[key]
    name = key.split("[", 1)[0]
    element = WAR_ECONOMY.elements.get(name)
    return key.replace("_", " "), getattr(element, "units", "")


def _metric_label(key: str) -> str:
    name, _, region = key.partition("[")
    metric = METRICS.get(name)
    if metric is None:
        return key
    where = f", {region[:-1]}" if region else ""
    units = "month of the run" if metric.kind == "month" else metric.units
    return f"{metric.label}{where} ({units})"


# ---------------------------------------------------------------------- fan chart


def plot_fan(bands: Sequence[Bands], key: str, ax: Axes) -> Axes:
    """Bands of one variable for each scenario on the same axes: 5-95 % and 25-75 % shaded,
    the median as a line (colour is the scenario)."""
    p = list(bands[0].percentiles)
    i5, i25, i50, i75, i95 = (p.index(q) for q in (5.0, 25.0, 50.0, 75.0, 95.0))
    for i, b in enumerate(bands):
        x, v, c = _years(b.start, b.time), b.values[key], colour(i)
        ax.fill_between(x, v[i5], v[i95], color=c, alpha=0.12, lw=0)
        ax.plot(x, v[i5], color=c, lw=0.8, alpha=0.8)
        ax.plot(x, v[i95], color=c, lw=0.8, alpha=0.8)
        ax.fill_between(x, v[i25], v[i75], color=c, alpha=0.35, lw=0)
        ax.plot(x, v[i50], color=c, lw=2.5)
    if key == "instability_risk":  # the months_unstable threshold
        ax.axhline(INSTABILITY_THRESHOLD, color="0.35", lw=1.0, linestyle=(0, (1, 3)))
    title, ylabel = _variable_label(key)
    ax.set_xlim(float(_years(bands[0].start, bands[0].time)[0]),
                float(_years(bands[0].start, bands[0].time)[-1]))  # fmt: skip
    ax.set_ylim(bottom=0)
    return _style(ax, title, ylabel)


def fan_figure(bands: Sequence[Bands], keys: Sequence[str] | None = None) -> Figure:
    """Fan chart: one panel per variable, every scenario's bands on the same axes."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    keys = [k for k in (keys or FAN_PANELS) if k in bands[0].values] or list(bands[0].values)
    fig, axes = plt.subplots(1, len(keys), figsize=SLIDE_SIZE, layout="constrained",
                             squeeze=False)  # fmt: skip
    for ax, key in zip(axes[0], keys, strict=True):
        plot_fan(bands, key, ax)
    handles = [Patch(color=colour(i), alpha=0.5) for i in range(len(bands))]
    labels = [b.scenario for b in bands]
    handles += [Patch(color="0.45", alpha=0.5), Patch(color="0.45", alpha=0.15)]
    labels += ["dark band: middle 50 % of members (line: median)",
               "light band: 90 % (5th-95th percentile)"]  # fmt: skip
    # scenarios in the first column, the key to the bands in the second
    k = len(bands)
    rows = max(k, 2)
    col1 = [*range(k)] + [None] * (rows - k)
    col2 = [k, k + 1] + [None] * (rows - 2)
    blank = Patch(alpha=0)
    h = [handles[i] if i is not None else blank for i in (*col1, *col2)]
    lab = [labels[i] if i is not None else "" for i in (*col1, *col2)]
    n = bands[0].n
    title = f"Uncertainty bands: {' vs '.join(labels[:k])} ({n:,} members each)"
    _header(fig, title, h, lab, ncol=2)
    _label(fig, "Same parameter draws in every scenario (common random numbers)")
    return fig


# ---------------------------------------------------------------------- peace is worse


def plot_share_over_time(shares: Sequence[ShareOverTime], ax: Axes) -> Axes:
    """Month by month, the share of members where the other scenario is worse, with its
    95 % interval; one line per variable (or scenario pair)."""
    styles = ("-", "--", ":", "-.")
    for i, s in enumerate(shares):
        x = _years(s.start, s.time)
        label = _VARIABLE_WORDS.get(s.variable, s.variable)
        if len({(t.reference, t.other) for t in shares}) > 1:
            label = f"{s.other} vs {s.reference}: {label}"
        ax.fill_between(x, 100 * s.low, 100 * s.high, color=colour(i), alpha=0.25, lw=0)
        ax.plot(x, 100 * s.share, color=colour(i), lw=2.5, linestyle=styles[i % 4], label=label)
    ax.axhline(50, color="0.35", lw=1.0, linestyle=(0, (1, 3)))
    ax.set_ylim(-2, 102)
    x = _years(shares[0].start, shares[0].time)
    ax.set_xlim(float(x[0]), float(x[-1]))
    ax.legend(fontsize=FONTS["title"], loc="best", frameon=True)
    first = shares[0]
    return _style(ax, f"How likely is {first.other} to be worse than {first.reference}?",
                  f"members where {first.other} is higher (%)")  # fmt: skip


def share_figure(shares: Sequence[ShareOverTime]) -> Figure:
    """The "how likely is peace to be worse, month by month" figure."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=SLIDE_SIZE, layout="constrained")
    plot_share_over_time(shares, ax)
    _header(fig, "Month by month: in what share of parameter draws is it worse?")
    _label(fig, f"{shares[0].n:,} paired members (same draws in both scenarios); "
                "bands: 95 % Wilson interval")  # fmt: skip
    return fig


# ---------------------------------------------------------------------- sweeps


def _axis_label(sweep: Sweep, i: int) -> str:
    axis = sweep.axes[i]
    units = "" if axis.units == "1" else f" ({axis.units})"
    if axis.units == "month":
        units = f" (months after {sweep.ensemble.start})"
    return f"{axis.name.replace('_', ' ')}{units}"


def plot_sweep(sweep: Sweep, metric: str, ax: Axes) -> Axes:
    """A 1-D sweep as a line, a 2-D sweep as a heatmap (NaN cells: never happens)."""
    import matplotlib as mpl

    values = sweep.values[metric]
    label = _metric_label(metric)
    if len(sweep.axes) == 1:
        ax.plot(sweep.axes[0].values, values, color=colour(0), lw=2.5, marker="o")
        return _style(ax, label, label, _axis_label(sweep, 0))
    if len(sweep.axes) != 2:
        raise ValueError("plot_sweep draws one- or two-dimensional sweeps")
    x, y = sweep.axes[0].values, sweep.axes[1].values
    cmap = mpl.colormaps["viridis"].copy()
    cmap.set_bad("0.85")
    mesh = ax.pcolormesh(x, y, np.ma.masked_invalid(values.T), cmap=cmap, shading="nearest")
    bar = ax.figure.colorbar(mesh, ax=ax)
    bar.set_label(label, fontsize=FONTS["label"])
    bar.ax.tick_params(labelsize=FONTS["tick"])
    if np.isnan(values).any():
        ax.text(0.01, 0.99, "grey: does not happen within the run", transform=ax.transAxes,
                ha="left", va="top", fontsize=FONTS["legend"],
                bbox={"fc": "white", "alpha": 0.8})  # fmt: skip
    ax.set_title(label, fontsize=FONTS["title"], loc="left", fontweight="bold")
    ax.set_xlabel(_axis_label(sweep, 0), fontsize=FONTS["label"])
    ax.set_ylabel(_axis_label(sweep, 1), fontsize=FONTS["label"])
    ax.tick_params(labelsize=FONTS["tick"])
    return ax


def sweep_figure(
    sweep: Sweep, metrics: Sequence[str], *, title: str | None = None, note: str = ""
) -> Figure:
    """One panel per metric, side by side."""
    import matplotlib.pyplot as plt

    cols = min(len(metrics), 2)
    rows = -(-len(metrics) // cols)
    fig, axes = plt.subplots(rows, cols, figsize=SLIDE_SIZE, layout="constrained",
                             squeeze=False)  # fmt: skip
    for ax, metric in zip(axes.ravel(), metrics, strict=False):
        plot_sweep(sweep, metric, ax)
    for ax in axes.ravel()[len(metrics) :]:
        ax.set_visible(False)
    names = " x ".join(a.name.replace("_", " ") for a in sweep.axes)
    _header(fig, title or f"{sweep.scenario}: sweep of {names}")
    _label(fig, note or f"{sweep.ensemble.n:,} runs; other parameters at the scenario's values")
    return fig


def dilemma_figure(sweep: Sweep, metrics: Sequence[str]) -> Figure:
    """The dilemma map: provincial discontent and a fiscal outcome over ceasefire month x
    replacement stimulus."""
    fig = sweep_figure(
        sweep, metrics,
        title=f"The dilemma map ({sweep.scenario}): when and how is ending the war safe?",
        note=f"{sweep.ensemble.n:,} runs, each through the history (2022-2025); the stimulus "
        "is paid from each run's ceasefire for stimulus_duration months, then tapers; peaks "
        "from the branch (2026-01) on",
    )  # fmt: skip
    return fig


# ---------------------------------------------------------------------- sensitivity


def plot_sobol(result: SensitivityResult, ax: Axes) -> Axes:
    """Horizontal bars sorted by the total index (Sobol') or mu* (Morris), with intervals."""
    rows = result.rows()[::-1]  # most important at the top
    cols = list(result.indices)
    names = [r[0] for r in rows]
    y = np.arange(len(rows))
    if result.method == "sobol":
        st, st_c = (np.array([r[1 + cols.index(c)] for r in rows]) for c in ("ST", "ST_conf"))
        s1, s1_c = (np.array([r[1 + cols.index(c)] for r in rows]) for c in ("S1", "S1_conf"))
        ax.barh(y + 0.2, st, 0.4, xerr=st_c, color=colour(0), label="total index ST")
        ax.barh(y - 0.2, s1, 0.4, xerr=s1_c, color=colour(1), label="first-order index S1")
        xlabel = "share of the metric's variance (95 % interval)"
    else:
        mu, mu_c = (
            np.array([r[1 + cols.index(c)] for r in rows]) for c in ("mu_star", "mu_star_conf")
        )
        sig = np.array([r[1 + cols.index("sigma")] for r in rows])
        ax.barh(y + 0.2, mu, 0.4, xerr=mu_c, color=colour(0), label="mu* (mean |effect|)")
        ax.barh(y - 0.2, sig, 0.4, color=colour(1), label="sigma (interactions)")
        xlabel = "elementary effect, metric units per unit of quantile"
    ax.set_yticks(y, [n.replace("_", " ") for n in names])
    ax.axvline(0, color="0.3", lw=0.8)
    ax.legend(fontsize=FONTS["title"], loc="lower right")
    return _style(ax, _metric_label(result.metric), "uncertain parameter", xlabel)


def sensitivity_figure(result: SensitivityResult) -> Figure:
    """Bar figure of :func:`plot_sobol`."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=SLIDE_SIZE, layout="constrained")
    plot_sobol(result, ax)
    what = "Sobol' indices" if result.method == "sobol" else "Morris screening"
    _header(fig, f"{what}: what drives it in {result.scenario}?")
    _label(fig, f"{result.runs:,} runs (n = {result.n}, seed {result.seed}); "
                "parameters drawn from the scenario's [uncertainty] table")  # fmt: skip
    return fig
