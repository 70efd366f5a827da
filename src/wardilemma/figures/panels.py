"""The dashboard's panels: functions that take Results (one run or a list of runs) and an
Axes, draw on it and return it; :data:`PANELS` lists them in reading order.

Every panel follows the house style (:mod:`wardilemma.figures.style`); line styles are
explained in a key under its title (the scenarios' colours are the figure's legend), the
x-axis is calendar years, every y-axis names its units; a ceasefire is a vertical line in
the scenario's colour, labelled "ceasefire"; the history every future shares (start to
branch) is a light grey band, labelled "history (2022-2025)".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import blended_transform_factory

from wardilemma.figures.style import CEASEFIRE_STYLE, FONTS, LINESTYLES, colour
from wardilemma.metrics import INSTABILITY_THRESHOLD
from wardilemma.results import Results

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = [
    "INCOME_SOURCES",
    "PANELS",
    "Runs",
    "as_runs",
    "ceasefire_year",
    "mark_ceasefire",
    "mark_history",
    "plot_consumption",
    "plot_discontent",
    "plot_income_by_source",
    "plot_mobilisation",
    "plot_people",
    "plot_reserves_inflation",
    "run_labels",
    "shown_region",
]

#: One run or several.
Runs = Results | Sequence[Results]


def as_runs(runs: Runs) -> list[Results]:
    """One run or several as a list of Results (a TypeError for anything else)."""
    out = [runs] if isinstance(runs, Results) else list(runs)
    if not out:
        raise ValueError("runs must hold at least one Results")
    bad = [type(r).__name__ for r in out if not isinstance(r, Results)]
    if bad:
        raise TypeError(f"runs must be Results objects, got {', '.join(bad)}")
    return out


def run_labels(runs: list[Results], labels: Sequence[str] | None) -> list[str]:
    """One label per run: the given ones, else each run's scenario name."""
    if labels is None:
        return [r.scenario or f"run {i + 1}" for i, r in enumerate(runs)]
    if len(labels) != len(runs):
        raise ValueError(f"need one label per run: {len(labels)} labels, {len(runs)} runs")
    return list(labels)


def shown_region(res: Results, region: str | None) -> str:
    """The region drawn: ``region`` when the run has it, else the provinces or the first."""
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
    runs = [r for r in as_runs(runs) if r.branch_month > 0]
    if not runs:
        return ax
    res = runs[0]
    lo = float(res.years[0])
    hi = lo + res.branch_month / 12
    ax.axvspan(lo, hi, color="0.85", alpha=0.5, lw=0, zorder=0)
    first, last = int(lo), int(np.ceil(hi)) - 1
    trans = blended_transform_factory(ax.transData, ax.transAxes)
    ax.text((lo + hi) / 2, 0.02, f"history\n({first}-{last})", transform=trans, ha="center",
            va="bottom", fontsize=FONTS["legend"], color="0.35")  # fmt: skip
    return ax


def mark_ceasefire(runs: Runs, ax: Axes, *, label: bool = True) -> Axes:
    """Draw each run's ceasefire as a vertical line in its colour, labelled "ceasefire"
    (one label per date; grey when several scenarios share the date)."""
    runs = as_runs(runs)
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
    runs = as_runs(runs)
    run_labels(runs, labels)
    reg = shown_region(runs[0], region)
    parts = [("consumption", "consumption"), ("aspiration", "aspiration"),
             ("prewar_consumption", "pre-war level")]  # fmt: skip
    shown = []
    for j, (name, text) in enumerate(parts):
        if not all(name in r for r in runs):
            continue
        shown.append(text)
        for i, res in enumerate(runs):
            ax.plot(res.years, res.series(name, region=shown_region(res, reg)), color=colour(i),
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
    runs = as_runs(runs)
    run_labels(runs, labels)
    reg = shown_region(runs[0], region)
    shown = []
    for j, (text, names) in enumerate(INCOME_SOURCES):
        if not all(n in r for r in runs for n in names):
            continue
        shown.append(text)
        for i, res in enumerate(runs):
            r = shown_region(res, reg)
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
    runs = as_runs(runs)
    run_labels(runs, labels)
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
    runs = as_runs(runs)
    run_labels(runs, labels)
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
    runs = as_runs(runs)
    run_labels(runs, labels)
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
    runs = as_runs(runs)
    run_labels(runs, labels)
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
