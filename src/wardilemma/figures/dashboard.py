"""Plots: functions that take Results (one run or a list of runs) and an Axes, return the Axes.

About 450 lines: the six panels of :data:`PANELS` and the two figures that place them
share the conventions below, so they stay together.

Conventions, the same in every panel so a figure reads at a glance:

* **colour is the scenario** (colour-blind-safe Okabe-Ito palette, same order everywhere);
* **line style is the variable or region** inside a panel (each panel has its own small
  legend of line styles; the scenario legend is the figure's);
* the x-axis is calendar years; every y-axis names its units;
* a ceasefire is a vertical line in the scenario's colour, labelled "ceasefire";
* the history every future shares (start to branch) is a light grey band, labelled
  "history (2022-2025)".

:func:`comparison_figure` overlays several runs on one slide-sized dashboard (the figure that
carries the thesis); :func:`dashboard` is the same for one run. Both carry the label
"Illustrative model, not a forecast".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import blended_transform_factory

from wardilemma.metrics import INSTABILITY_THRESHOLD
from wardilemma.results import Results, same_paths
from wardilemma.text import ILLUSTRATIVE, differences_text

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.legend import Legend

__all__ = [
    "PANELS",
    "SLIDE_SIZE",
    "comparison_figure",
    "dashboard",
    "mark_ceasefire",
    "mark_history",
    "plot_consumption",
    "plot_discontent",
    "plot_income_by_source",
    "plot_mobilisation",
    "plot_people",
    "plot_reserves_inflation",
]

#: Figure size in inches for slides (16:9).
SLIDE_SIZE = (16.0, 9.0)

#: Okabe-Ito colours (colour-blind safe), then three of Paul Tol's muted scheme, so ten
#: scenarios get ten colours.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000",
           "#882255", "#999933", "#332288")  # fmt: skip
#: Line styles for the variables (or regions) inside one panel.
LINESTYLES = ("-", "--", ":", "-.")
#: Line style of the ceasefire marker.
CEASEFIRE_STYLE = (0, (6, 2, 1, 2))

#: Font sizes in points (all >= 11 so the figure reads on a slide).
FONTS = {"tick": 12, "label": 12, "legend": 11, "title": 14, "suptitle": 18, "note": 12}

Runs = Results | Sequence[Results]


# ---------------------------------------------------------------------- helpers


def _runs(runs: Runs) -> list[Results]:
    out = [runs] if isinstance(runs, Results) else list(runs)
    if not out:
        raise ValueError("runs must hold at least one Results")
    bad = [type(r).__name__ for r in out if not isinstance(r, Results)]
    if bad:
        raise TypeError(f"runs must be Results objects, got {', '.join(bad)}")
    return out


def _labels(runs: list[Results], labels: Sequence[str] | None) -> list[str]:
    if labels is None:
        return [r.scenario or f"run {i + 1}" for i, r in enumerate(runs)]
    if len(labels) != len(runs):
        raise ValueError(f"need one label per run: {len(labels)} labels, {len(runs)} runs")
    return list(labels)


def colour(i: int) -> str:
    """Colour of the ``i``-th scenario."""
    return PALETTE[i % len(PALETTE)]


def _region(res: Results, region: str | None) -> str:
    if region is None or region not in res.regions:
        return "provinces" if "provinces" in res.regions else res.regions[0]
    return region


def _total(res: Results, name: str) -> np.ndarray:
    return res[name][:, 0, :].sum(axis=1)


#: How each line style is written in a panel's key (under its title).
STYLE_GLYPHS = ("\u2014\u2014", "- - -", "\u00b7\u00b7\u00b7\u00b7", "-\u00b7-\u00b7")


def _style_key(ax: Axes, names: Sequence[str], *, per_line: int = 3) -> None:
    """The panel's key of line styles, written under its title (no legend box over the
    data): "—— consumption   - - - aspiration ...". Colours are the scenarios'."""
    items = [f"{STYLE_GLYPHS[i % len(STYLE_GLYPHS)]} {n}" for i, n in enumerate(names)]
    lines = ["     ".join(items[i : i + per_line]) for i in range(0, len(items), per_line)]
    ax.text(0.0, 1.015, "\n".join(lines), transform=ax.transAxes, ha="left", va="bottom",
            fontsize=FONTS["legend"], color="0.15")  # fmt: skip


def _finish(ax: Axes, title: str, ylabel: str) -> Axes:
    key_lines = sum(t.get_text().count("\n") + 1 for t in ax.texts if t.get_position()[1] > 1)
    pad = 6 + 15 * key_lines  # room for the key of line styles under the title
    ax.set_title(title, fontsize=FONTS["title"], loc="left", pad=pad, fontweight="bold")
    ax.set_ylabel(ylabel, fontsize=FONTS["label"])
    ax.set_xlabel("Year", fontsize=FONTS["label"])
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=6))
    ax.tick_params(labelsize=FONTS["tick"])
    ax.grid(True, alpha=0.3)
    return ax


def _close(
    ax: Axes, runs: list[Results], key: Sequence[str], title: str, ylabel: str, *, per_line: int = 3
) -> Axes:
    """What every panel ends with: the key of line styles, the ceasefire lines, the time
    axis fitted to the runs, the title and the axis labels."""
    _style_key(ax, key, per_line=per_line)
    mark_history(runs, ax)
    mark_ceasefire(runs, ax)
    _xlim(ax, runs)
    return _finish(ax, title, ylabel)


def _xlim(ax: Axes, runs: list[Results]) -> None:
    lo = min(float(r.years[0]) for r in runs)
    hi = max(float(r.years[-1]) for r in runs)
    if hi > lo:
        ax.set_xlim(lo, hi)


def ceasefire_year(res: Results, member: int = 0) -> float | None:
    """Decimal year of the ceasefire (``at_war`` falls below 0.5), or None."""
    if "at_war" not in res:
        return None
    hits = np.flatnonzero(res.series("at_war", member=member) < 0.5)
    return float(res.years[hits[0]]) if hits.size else None


def mark_history(runs: Runs, ax: Axes) -> Axes:
    """Shade the history every future shares (from the start to the branch) as a light band
    labelled "history (2022-2025)"; nothing for runs without a branch."""
    runs = [r for r in _runs(runs) if r.branch_month > 0]
    if not runs:
        return ax
    res = runs[0]
    lo = float(res.years[0])
    hi = lo + res.branch_month / 12
    ax.axvspan(lo, hi, color="0.85", alpha=0.5, lw=0, zorder=0)
    first, last = int(lo), int(np.ceil(hi)) - 1
    trans = blended_transform_factory(ax.transData, ax.transAxes)
    ax.text((lo + hi) / 2, 0.02, f"history ({first}-{last})", transform=trans, ha="center",
            va="bottom", fontsize=FONTS["legend"], color="0.35")  # fmt: skip
    return ax


def mark_ceasefire(runs: Runs, ax: Axes, *, label: bool = True) -> Axes:
    """Draw each run's ceasefire as a vertical line in its colour, labelled "ceasefire"
    (one label per date; grey when several scenarios share the date)."""
    runs = _runs(runs)
    by_year: dict[float, list[int]] = {}
    for i, res in enumerate(runs):
        year = ceasefire_year(res)
        if year is not None:
            by_year.setdefault(round(year, 6), []).append(i)
            ax.axvline(year, color=colour(i), linestyle=CEASEFIRE_STYLE, lw=1.6, alpha=0.9)
    if label:
        trans = blended_transform_factory(ax.transData, ax.transAxes)
        for year, members in by_year.items():
            ax.text(
                year, 0.98, "ceasefire", transform=trans, rotation=90, va="top", ha="right",
                color=colour(members[0]) if len(members) == 1 else "0.25",
                fontsize=FONTS["legend"],
                bbox={"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.8},
            )  # fmt: skip
    return ax


# ---------------------------------------------------------------------- panels


def plot_consumption(
    runs: Runs, ax: Axes, *, region: str | None = "provinces", labels: Sequence[str] | None = None
) -> Axes:
    """Consumption against aspiration (and the pre-war level) in one region.

    Parameters
    ----------
    runs
        One run or a list; member 0 is drawn.
    ax
        The axes to draw on.
    region
        Region to show (default the provinces, where the recruits come from).
    """
    runs = _runs(runs)
    _labels(runs, labels)
    reg = _region(runs[0], region)
    parts = [("consumption", "consumption"), ("aspiration", "aspiration"),
             ("prewar_consumption", "pre-war level")]  # fmt: skip
    shown = []
    for j, (name, text) in enumerate(parts):
        if not all(name in r for r in runs):
            continue
        shown.append(text)
        for i, res in enumerate(runs):
            ax.plot(res.years, res.series(name, region=_region(res, reg)), color=colour(i),
                    linestyle=LINESTYLES[j], lw=2.2 if j == 0 else 1.6)  # fmt: skip
    return _close(
        ax, runs, shown, f"Consumption vs aspiration ({reg})", "trillion RUB/year (2024 prices)"
    )


#: Income sources shown as changes since the start: (label, variables summed).
INCOME_SOURCES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("war payouts", ("war_payouts",)),
    ("defence-industry wages", ("defence_wages",)),
    ("civilian income", ("civilian_income",)),
    ("transfers, stimulus, veteran benefits",
     ("transfers_paid", "stimulus_income", "veteran_benefits")),
)  # fmt: skip


def plot_income_by_source(
    runs: Runs, ax: Axes, *, region: str | None = "provinces", labels: Sequence[str] | None = None
) -> Axes:
    """Household income of one region by source, as the change since the start of the run.

    Changes, not levels: civilian income is twenty times war payouts, so levels would hide
    which source moves. Sources not recorded in every run are skipped.
    """
    runs = _runs(runs)
    _labels(runs, labels)
    reg = _region(runs[0], region)
    shown = []
    for j, (text, names) in enumerate(INCOME_SOURCES):
        if not all(n in r for r in runs for n in names):
            continue
        shown.append(text)
        for i, res in enumerate(runs):
            r = _region(res, reg)
            total = sum(res.series(n, region=r) for n in names)
            ax.plot(res.years, total - total[0], color=colour(i),
                    linestyle=LINESTYLES[j % len(LINESTYLES)], lw=2)  # fmt: skip
    ax.axhline(0.0, color="0.4", lw=0.8)
    return _close(
        ax,
        runs,
        shown,
        f"Household income by source ({reg})",
        "change since start, trn RUB/year",
        per_line=2,
    )


def plot_people(runs: Runs, ax: Axes, *, labels: Sequence[str] | None = None) -> Axes:
    """Soldiers at the front and veterans at home, all regions, in thousands."""
    runs = _runs(runs)
    _labels(runs, labels)
    for j, name in enumerate(("soldiers", "veterans")):
        for i, res in enumerate(runs):
            ax.plot(res.years, _total(res, name) / 1e3, color=colour(i),
                    linestyle=LINESTYLES[j], lw=2)  # fmt: skip
    ax.set_ylim(bottom=0)
    return _close(
        ax,
        runs,
        ["soldiers at the front", "veterans at home"],
        "Soldiers and veterans (all regions)",
        "thousand persons",
    )


def plot_discontent(runs: Runs, ax: Axes, *, labels: Sequence[str] | None = None) -> Axes:
    """Discontent (index 0..1) in each region."""
    runs = _runs(runs)
    _labels(runs, labels)
    regions = list(dict.fromkeys(r for res in runs for r in res.regions))
    for j, reg in enumerate(regions):
        for i, res in enumerate(runs):
            if reg in res.regions:
                ax.plot(res.years, res.series("discontent", region=reg), color=colour(i),
                        linestyle=LINESTYLES[j % len(LINESTYLES)], lw=2)  # fmt: skip
    ax.set_ylim(bottom=0)
    return _close(ax, runs, regions, "Discontent by region", "index (0 calm - 1 extreme)")


def plot_mobilisation(runs: Runs, ax: Axes, *, labels: Sequence[str] | None = None) -> Axes:
    """Nationalist mobilisation and the instability-risk index, with the threshold used by
    the ``months_unstable`` metric."""
    runs = _runs(runs)
    _labels(runs, labels)
    for j, name in enumerate(("nationalist_mobilisation", "instability_risk")):
        for i, res in enumerate(runs):
            ax.plot(res.years, res.series(name), color=colour(i), linestyle=LINESTYLES[j],
                    lw=2)  # fmt: skip
    ax.axhline(INSTABILITY_THRESHOLD, color="0.35", lw=1.2, linestyle=(0, (1, 3)))
    ax.set_ylim(0, 1.0)
    ax.text(1.0, INSTABILITY_THRESHOLD, f"instability threshold {INSTABILITY_THRESHOLD:g} ",
            transform=ax.get_yaxis_transform(), ha="right", va="bottom", color="0.3",
            fontsize=FONTS["legend"],
            bbox={"fc": "white", "ec": "none", "alpha": 0.7, "pad": 1})  # fmt: skip
    return _close(
        ax,
        runs,
        ["nationalist mobilisation", "instability risk"],
        "Nationalist mobilisation and instability",
        "share / index (0-1)",
    )


def plot_reserves_inflation(runs: Runs, ax: Axes, *, labels: Sequence[str] | None = None) -> Axes:
    """Reserve fund (left axis) and annual inflation (right axis, dashed)."""
    runs = _runs(runs)
    _labels(runs, labels)
    right = ax.twinx()
    for i, res in enumerate(runs):
        ax.plot(res.years, res.series("reserve_fund"), color=colour(i), lw=2)
        right.plot(res.years, 100 * res.series("inflation"), color=colour(i),
                   linestyle=LINESTYLES[1], lw=2)  # fmt: skip
    ax.set_ylim(bottom=0)
    right.set_ylim(bottom=0)
    right.set_ylabel("inflation, % per year (dashed)", fontsize=FONTS["label"])
    right.tick_params(labelsize=FONTS["tick"])
    return _close(
        ax,
        runs,
        ["reserve fund (left axis)", "inflation (right axis)"],
        "Reserves and inflation",
        "reserve fund, trn RUB (2024 prices)",
    )


#: The dashboard's panels in reading order: the thesis, from money to instability.
PANELS: dict[str, Callable[..., Axes]] = {
    "consumption": plot_consumption,
    "income": plot_income_by_source,
    "people": plot_people,
    "discontent": plot_discontent,
    "mobilisation": plot_mobilisation,
    "finance": plot_reserves_inflation,
}


# ---------------------------------------------------------------------- figures


def _provenance_line(runs: list[Results], labels: list[str]) -> str:
    """Short scenario-file hashes (in legend order) and the package version."""
    width = 8 if len(runs) <= 6 else 6  # ten hashes still fit beside the caveat
    shas = [str(r.metadata.get("scenario_sha256", ""))[:width] or "no file" for r in runs]
    version = next((str(r.metadata.get("wardilemma_version")) for r in runs), "")
    if len(runs) == 1:
        line = f"Scenario file sha256 {shas[0]}   |   wardilemma {version}"
        diff = runs[0].metadata.get("differs_from_parent")  # what the run's scenario changes
        if not isinstance(diff, Mapping):
            return line
        return f"{line}   |   {differences_text(diff, limit=150 - len(line))}"
    return (
        "Scenario file sha256 (legend order): " + ", ".join(shas) + f"   |   wardilemma {version}"
    )


#: Up to this many scenarios the legend uses the title font size; more use a smaller one.
TOP_LEGEND_MAX = 3

#: Top of the scenario legend, in figure coordinates (just under the title).
LEGEND_TOP = 0.966


def legend_labels(runs: Sequence[Results], labels: Sequence[str]) -> list[str]:
    """Scenario labels for a legend, saying when a scenario's lines lie on another's
    ("war continues (same paths as baseline)")."""
    twins = same_paths(runs)
    return [
        label if twin is None else f"{label} (same paths as {labels[twin]})"
        for label, twin in zip(labels, twins, strict=True)
    ]


def _fit_legend(fig: Figure, handles: list, entries: list[str], size: float) -> Legend:
    """The figure legend under the title with as many columns as fit the figure's width
    (measured with the renderer, not estimated), so no entry is ever clipped."""
    renderer = fig.canvas.get_renderer()
    for ncol in range(len(entries), 0, -1):
        legend = fig.legend(handles, entries, loc="upper center",
                            bbox_to_anchor=(0.5, LEGEND_TOP), ncol=ncol, fontsize=size,
                            frameon=False, columnspacing=1.6)  # fmt: skip
        if legend.get_window_extent(renderer).width <= 0.98 * fig.bbox.width or ncol == 1:
            return legend
        legend.remove()
    raise AssertionError("unreachable")  # pragma: no cover


def default_title(labels: Sequence[str]) -> str:
    """ "War-economy dilemma: A vs B", or a count when the names would not fit."""
    joined = " vs ".join(labels)
    if len(joined) <= 70:
        return f"War-economy dilemma: {joined}"
    return f"War-economy dilemma: {len(labels)} scenarios compared"


#: Up to this many scenarios the comparison's title states its message (measured); more
#: get :func:`default_title`.
MESSAGE_TITLE_MAX = 3


#: Longest message title (characters) that fits one line of the suptitle.
MESSAGE_TITLE_CHARS = 100


def _peak_text(res: Results, region: str) -> str:
    d = res.series("discontent", region=region)
    k = int(np.argmax(d))
    return f"{d[k]:.2f} (last month)" if k == len(d) - 1 else f"{d[k]:.2f}"


def message_title(runs: Sequence[Results], labels: Sequence[str]) -> str | None:
    """The comparison's message, measured in the runs: each run's highest discontent in
    the provinces (else the first region), the first run last as the reference, e.g.
    "Peak provincial discontent: sudden peace 0.40 against war continues 0.33". A highest
    value in the last month is said to be one ("(last month)"). None when it would not fit
    on one line."""
    region = _region(runs[0], "provinces")
    what = "provincial discontent" if region == "provinces" else f"discontent in {region}"
    parts = [f"{lab} {_peak_text(r, region)}" for r, lab in zip(runs, labels, strict=True)]
    if len(parts) == 1:
        text = f"Peak {what}: {parts[0]}"
    else:
        text = f"Peak {what}: {', '.join(parts[1:])} against {parts[0]}"
    return text if len(text) <= MESSAGE_TITLE_CHARS else None


#: A marker per scenario, drawn once a year on its lines in the comparison figure, so
#: that lines of one variable stay apart where colours are hard to tell (eight lines in two
#: colours in the income panel).
SCENARIO_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*", "h", "<")


def _mark_scenarios(fig: Figure, n: int) -> list[str]:
    """Mark every time-series line of scenario ``i`` (its colour) with its marker, every
    12 saved months, staggered between scenarios; returns the markers, for the legend.
    Ceasefire lines (two points) and grey reference lines are left as they are."""
    from matplotlib.colors import to_hex

    markers = [SCENARIO_MARKERS[i % len(SCENARIO_MARKERS)] for i in range(n)]
    index = {to_hex(colour(i)): i for i in range(n)}
    for ax in fig.axes:
        for line in ax.get_lines():
            i = index.get(to_hex(line.get_color()))
            if i is None or len(line.get_xdata()) <= 2:
                continue
            line.set_marker(markers[i])
            line.set_markersize(6)
            line.set_markevery((3 * i % 12, 12))
    return markers


def comparison_figure(
    runs: Runs,
    labels: Sequence[str] | None = None,
    *,
    title: str | None = None,
    figsize: tuple[float, float] = SLIDE_SIZE,
) -> Figure:
    """The scenarios overlaid on one dashboard of :data:`PANELS` (2 x 3, slide-sized).

    Parameters
    ----------
    runs
        Runs to overlay (member 0 of each); colour is the scenario.
    labels
        Scenario names for the legend (default: ``Results.scenario``).
    title
        Figure title (default: its message measured in the runs, :func:`message_title`,
        for up to :data:`MESSAGE_TITLE_MAX` scenarios, else :func:`default_title`).

    Returns
    -------
    matplotlib.figure.Figure
        Close it with ``matplotlib.pyplot.close(fig)`` when saved.
    """
    import matplotlib.pyplot as plt  # pyplot picks a backend: only when drawing

    runs = _runs(runs)
    labels = _labels(runs, labels)
    fig, axes = plt.subplots(2, 3, figsize=figsize, layout="constrained")
    for ax, panel in zip(axes.ravel(), PANELS.values(), strict=True):
        panel(runs, ax, labels=labels)
    markers = _mark_scenarios(fig, len(runs))
    if title is None:
        measured = len(runs) <= MESSAGE_TITLE_MAX and all("discontent" in r for r in runs)
        title = (message_title(runs, labels) if measured else None) or default_title(labels)
    fig.suptitle(title, fontsize=FONTS["suptitle"], fontweight="bold", y=0.997)
    handles = [Line2D([], [], color=colour(i), lw=4, marker=markers[i], ms=9)
               for i in range(len(runs))]  # fmt: skip
    # the ceasefire key is drawn as its lines are: in the scenario's colour when one
    # scenario has a ceasefire, else grey and said to be in each scenario's colour
    at_peace = [i for i, r in enumerate(runs) if ceasefire_year(r) is not None]
    key_colour = colour(at_peace[0]) if len(at_peace) == 1 else "0.3"
    handles += [Line2D([], [], color=key_colour, lw=1.6, linestyle=CEASEFIRE_STYLE)]
    entries = [*legend_labels(runs, labels), "ceasefire"]
    size = FONTS["title"] if len(runs) <= TOP_LEGEND_MAX else FONTS["legend"] + 1
    legend = _fit_legend(fig, handles, entries, size)
    bottom_of_legend = legend.get_window_extent(fig.canvas.get_renderer()).y0 / fig.bbox.height
    fig.text(0.995, 0.005, ILLUSTRATIVE, ha="right", va="bottom", fontsize=FONTS["title"],
             fontweight="bold", color="#B00020",
             bbox={"boxstyle": "round", "fc": "white", "ec": "#B00020"})  # fmt: skip
    fig.text(0.005, 0.005, _provenance_line(runs, labels), ha="left", va="bottom",
             fontsize=FONTS["legend"], color="0.3")  # fmt: skip
    fig.get_layout_engine().set(h_pad=0.08, rect=(0, 0.035, 1, bottom_of_legend - 0.045))
    return fig


def dashboard(results: Runs, *, title: str | None = None) -> Figure:
    """The dashboard of one run (the comparison figure with a single scenario)."""
    return comparison_figure(results, title=title)
