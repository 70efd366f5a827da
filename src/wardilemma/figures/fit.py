"""Figures of a fit: prior against posterior per parameter, the posterior-predictive
history with the record's figures on it, and the out-of-sample check (the figures published
after the fitted months beside their predictive intervals), and :func:`write_fit`, the
fit's tables (:func:`~wardilemma.analysis.fit.study.write_fit_tables`) with these figures.
Illustrative model, not a forecast.
"""

from __future__ import annotations

import math
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from wardilemma.analysis.evaluation import evaluate
from wardilemma.analysis.fit.holdout import LEVEL
from wardilemma.analysis.fit.study import INFORMED, Fit, widths, write_fit_tables
from wardilemma.analysis.quantities import MODEL, region_name
from wardilemma.analysis.record import SERIES
from wardilemma.analysis.rowstats import statistic_line, window
from wardilemma.analysis.uncertainty.sampling import quantiles
from wardilemma.figures.calibration import BOUND_MARKERS, STATISTIC_WORDS, _unit, _year
from wardilemma.figures.save import save_and_close
from wardilemma.figures.style import FONTS
from wardilemma.text import ILLUSTRATIVE

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = ["history_figure", "holdout_figure", "parameters_figure", "write_fit"]

PRIOR, POSTERIOR, RECORD = "#999999", "#0072B2", "#D55E00"

#: Marks of a held-out figure inside and outside its interval.
INSIDE, OUTSIDE = "#009E73", "#CC79A7"

#: Panels of the parameter figure at most.
MAX_PANELS = 12


def _grid(n: int, cols: int, width: float, height: float) -> tuple[Figure, np.ndarray]:
    import matplotlib.pyplot as plt

    cols = min(cols, max(n, 1))
    rows = math.ceil(max(n, 1) / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(width * cols, height * rows + 1.6),
                             squeeze=False)  # fmt: skip
    for ax in list(axes.flat)[n:]:
        ax.set_visible(False)
    return fig, axes


def parameters_figure(fit: Fit) -> Figure:
    """Prior (grey) and posterior (blue) densities of the parameters the record informs
    most, with the posterior / prior 90 % width in each title."""
    ranked = widths(fit)
    informed = [w for w in ranked if w[3] <= INFORMED]
    shown = (informed or ranked)[:MAX_PANELS]
    names = fit.problem.names
    samples = fit.samples
    unit = np.linspace(0.0005, 0.9995, 4000)
    fig, axes = _grid(len(shown), 4, 3.8, 2.8)
    for ax, (name, _, _, ratio) in zip(axes.flat, shown, strict=False):
        prior = quantiles(fit.problem.scenario.uncertainty[name], unit)
        post = samples[:, names.index(name)]
        bins = np.linspace(min(prior.min(), post.min()), max(prior.max(), post.max()), 31)
        ax.hist(prior, bins=bins, density=True, color=PRIOR, alpha=0.5, label="prior")
        ax.hist(post, bins=bins, density=True, color=POSTERIOR, alpha=0.7, label="posterior")
        ax.set_title(f"{name}\nposterior/prior width {ratio:.2f}", fontsize=FONTS["label"] - 2)
        ax.set_xlabel("value (the parameter's unit)", fontsize=FONTS["tick"] - 1)
        ax.set_ylabel("density", fontsize=FONTS["tick"] - 1)
        ax.tick_params(labelsize=FONTS["tick"] - 3)
    axes.flat[0].legend(fontsize=FONTS["legend"] - 2)
    head = (
        f"The record narrows {len(informed)} of {len(names)} parameters"
        if informed else f"The record narrows none of the {len(names)} parameters much"
    )  # fmt: skip
    state = "" if fit.chain.diagnostics.converged else " (provisional: NOT converged)"
    fig.suptitle(f"{head}: prior against posterior ({fit.problem.scenario.name}){state}",
                 fontsize=FONTS["suptitle"] - 2)  # fmt: skip
    fig.text(0.5, 0.01, textwrap.fill(
        f"{ILLUSTRATIVE}. {fit.chain.diagnostics.verdict}. Informed: 90 % width at most "
        f"{INFORMED:g} of the prior's. Sources: data/record.csv.", 160),
        ha="center", fontsize=FONTS["note"] - 1)  # fmt: skip
    fig.tight_layout(rect=(0, 0.07, 1, 0.94))
    return fig


def history_figure(fit: Fit) -> Figure:
    """Per series of the compared rows: the posterior median of the model and 90 % band over
    the fitted months, the record's figures with two-standard-deviation error bars."""
    res = fit.predictive
    rows = fit.problem.compared
    series = list(dict.fromkeys(r.series for r in rows))
    fig, axes = _grid(len(series), 4, 4.2, 3.1)
    time = np.asarray(res.time, dtype=float)
    at_rows = evaluate(res, rows).values  # (rows, members): the model at each figure
    span = (_year(res.start, time[0]), _year(res.start, time[-1]))
    for ax, name in zip(axes.flat, series, strict=False):
        mine = [r for r in rows if r.series == name]
        quantity, statistic = MODEL[name], mine[0].statistic
        total = statistic == "total"
        for region in dict.fromkeys(None if r.national else r.region for r in mine):
            found = None if region is None else region_name(res, region)
            y = np.asarray(quantity.compute(res, found), dtype=float)
            x, line = statistic_line(statistic, time, y)
            line = line * (quantity.per if total else 1)
            lo, mid, hi = np.nanpercentile(line, [5, 50, 95], axis=1)
            years = _year(res.start, x)
            ax.fill_between(years, lo, hi, color=POSTERIOR, alpha=0.25, lw=0)
            ax.plot(years, mid, color=POSTERIOR, lw=1.5)
        for r in mine:
            a, b, _, _ = window(r, res.start)
            point = r.statistic in ("yoy", "change_12m", "change", "end")
            x = _year(res.start, b if point else (a + b) / 2)
            scale = quantity.per / (b - a) if total else 1.0
            lo, mid, hi = np.nanpercentile(at_rows[rows.index(r)] * scale, [5, 50, 95])
            ax.errorbar(x + 0.02, mid, yerr=[[mid - lo], [hi - mid]], fmt="s", color=POSTERIOR,
                        ms=4, capsize=3, lw=2, zorder=4)  # fmt: skip
            ax.errorbar(x, r.value * scale, yerr=r.tolerance * scale,
                        xerr=None if point else (b - a) / 24, fmt=BOUND_MARKERS[r.bound],
                        color=RECORD, ms=5, capsize=3, lw=1.1, zorder=3)  # fmt: skip
        words = STATISTIC_WORDS.get(statistic, "")
        meaning = SERIES[name].meaning
        title = meaning[0].upper() + meaning[1:] + (f", {words}" if words else "")
        ax.set_title(textwrap.fill(title, 40), fontsize=FONTS["label"] - 2)
        ax.set_ylabel(_unit(name), fontsize=FONTS["tick"] - 1)
        ax.set_xlabel("year", fontsize=FONTS["tick"] - 1)
        ax.tick_params(labelsize=FONTS["tick"] - 3)
        ax.grid(alpha=0.3)
        ax.set_xlim(span[0] - 0.05, span[1] + 0.08)
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    key = [
        Patch(color=POSTERIOR, alpha=0.25, label="posterior 90 % band of the model"),
        Line2D([], [], color=POSTERIOR, lw=1.5, label="posterior median of the model"),
        Line2D(
            [],
            [],
            marker="s",
            color=POSTERIOR,
            ls="-",
            lw=2,
            label="posterior 90 % of the model at the figure's period",
        ),
        Line2D([], [], marker="o", color=RECORD, ls="", label="record (±2 sd)"),
    ]
    fig.legend(handles=key, loc="lower center", ncol=4, frameon=False,
               fontsize=FONTS["legend"] - 1, bbox_to_anchor=(0.5, 0.035))  # fmt: skip
    fig.suptitle(f"The posterior of '{fit.problem.scenario.name}' beside the record it was "
                 f"fitted to ({res.n_members} posterior members)",
                 fontsize=FONTS["suptitle"] - 2)  # fmt: skip
    fig.text(0.5, 0.008, f"{ILLUSTRATIVE}. {fit.chain.diagnostics.verdict}.",
             ha="center", fontsize=FONTS["note"] - 2, wrap=True)  # fmt: skip
    fig.tight_layout(rect=(0, 0.09, 1, 0.94))
    return fig


def _period(start: str, end: str) -> str:
    return start if start == end else f"{start}..{end}"


def holdout_figure(fit: Fit) -> Figure:
    """Per series of the held-out rows: each figure published after the fitted months (the
    record's value, ±2 sd) beside the fit's 90 % posterior predictive interval for it and its
    median; the title counts the figures inside and compares the count with what honest
    90 % intervals would give (the 5 % quantile of a binomial)."""
    from scipy import stats

    held = fit.holdout
    if held is None:
        raise ValueError("the fit has no out-of-sample prediction (fit --until YYYY-MM)")
    start = fit.problem.scenario.start
    series = list(dict.fromkeys(r.series for r in held.rows))
    fig, axes = _grid(len(series), 3, 5.4, 3.8)
    for ax, name in zip(axes.flat, series, strict=False):
        index = [k for k, r in enumerate(held.rows) if r.series == name]
        for x, k in enumerate(index):
            r = held.rows[k]
            a, b, _, _ = window(r, start)
            scale = MODEL[name].per / (b - a) if r.statistic == "total" else 1.0
            lo, mid, hi = (v * scale for v in (held.low[k], held.median[k], held.high[k]))
            ax.plot([x, x], [lo, hi], color=POSTERIOR, lw=9, alpha=0.35, solid_capstyle="butt")
            ax.plot([x - 0.12, x + 0.12], [mid, mid], color=POSTERIOR, lw=2)
            ax.errorbar(x + 0.2, r.value * scale, yerr=r.tolerance * scale,
                        fmt=BOUND_MARKERS[r.bound], color=RECORD, ms=6, capsize=3, lw=1.2,
                        zorder=3)  # fmt: skip
            ok = bool(held.inside[k])
            ax.annotate("in" if ok else "out", (x, 1.0), xycoords=("data", "axes fraction"),
                        xytext=(0, -12), textcoords="offset points", ha="center",
                        color=INSIDE if ok else OUTSIDE, fontsize=FONTS["tick"] - 1,
                        fontweight="bold")  # fmt: skip
        ax.set_xticks(range(len(index)))
        labels = [_period(held.rows[k].period_start, held.rows[k].period_end) for k in index]
        ax.set_xticklabels([textwrap.fill(t.replace("..", ".. "), 10) for t in labels],
                           fontsize=FONTS["tick"] - 1)  # fmt: skip
        ax.set_xlim(-0.7, max(len(index), 2) - 0.3)
        ax.margins(y=0.18)
        words = STATISTIC_WORDS.get(held.rows[index[0]].statistic, "")
        meaning = SERIES[name].meaning
        title = meaning[0].upper() + meaning[1:] + (f", {words}" if words else "")
        ax.set_title(textwrap.fill(title, 38), fontsize=FONTS["label"] - 2)
        ax.set_ylabel(_unit(name), fontsize=FONTS["tick"] - 1)
        ax.set_xlabel("period of the published figure", fontsize=FONTS["tick"] - 1)
        ax.tick_params(axis="y", labelsize=FONTS["tick"] - 1)
        ax.grid(alpha=0.3, axis="y")
    from matplotlib.lines import Line2D

    pct = f"{100 * LEVEL:.0f} %"
    key = [
        Line2D([], [], color=POSTERIOR, lw=9, alpha=0.35, label=f"{pct} predictive interval"),
        Line2D([], [], color=POSTERIOR, lw=2, label="predictive median"),
        Line2D([], [], marker="o", color=RECORD, ls="", label="published figure (±2 sd)"),
    ]
    words = {"lower": "a lower bound (at least)", "upper": "an upper bound (at most)"}
    for bound in dict.fromkeys(r.bound for r in held.rows if r.bound in words):
        key.append(Line2D([], [], marker=BOUND_MARKERS[bound], color=RECORD, ls="",
                          label=f"published figure, {words[bound]}"))  # fmt: skip
    fig.legend(handles=key, loc="lower center", ncol=len(key), frameon=False,
               fontsize=FONTS["legend"], bbox_to_anchor=(0.5, 0.045))  # fmt: skip
    n = len(held.rows)
    honest = int(stats.binom.ppf(0.05, n, LEVEL))  # fewer than this: too narrow
    verdict = (
        f"the intervals are too narrow (honest {pct} intervals would put at least "
        f"{honest} of {n} inside, 19 times in 20)"
        if held.count < honest
        else f"consistent with honest {pct} intervals"
    )
    fig.suptitle(
        f"Out of sample: {held.count} of {n} figures published after {held.until} fall inside "
        f"the {pct} predictive interval\nof a fit on the record up to {held.until}: {verdict}",
        fontsize=FONTS["suptitle"] - 4,
    )
    fig.text(0.5, 0.008, f"{ILLUSTRATIVE}. {fit.chain.diagnostics.verdict}.",
             ha="center", fontsize=FONTS["note"] - 1, wrap=True)  # fmt: skip
    fig.tight_layout(rect=(0, 0.09, 1, 0.93))
    return fig


def write_fit(fit: Fit, out_dir: str | Path) -> dict[str, Path]:
    """Write the fit's files into ``out_dir`` (each atomically): its tables
    (:func:`~wardilemma.analysis.fit.study.write_fit_tables`), ``fit_parameters.png``,
    ``fit_history.png`` and, out of sample, ``fit_holdout.png``; returns ``kind -> path``."""
    paths = write_fit_tables(fit, out_dir)
    figures = [
        ("parameters", parameters_figure, "Prior against posterior"),
        ("history", history_figure, "Posterior-predictive history"),
    ]
    if fit.holdout is not None:
        figures.append(("holdout", holdout_figure, "Out of sample"))
    for kind, make, title in figures:
        paths[kind] = save_and_close(make(fit), Path(out_dir) / f"fit_{kind}.png", title=title)
    return paths
