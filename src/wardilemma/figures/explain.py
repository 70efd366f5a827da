"""Figures of an attribution (:mod:`wardilemma.analysis.explain`).

* :func:`waterfall_figure`: a slide (1280 x 720 pixels): the metric on path A, each channel's
  contribution as a step (with the 5-95 % range of its contribution over an ensemble when
  there is one), the residual, and the metric on path B; the title states the largest
  channel's share;
* :func:`over_time_figure`: which channel carries the gap month by month, stacked (pushing
  up above zero, down below), with the gap itself as a line;
* :func:`write_explanation`: those two figures, ``explain.json`` and ``explain.txt`` (the
  sentence for a class) in one folder.

Illustrative model, not a forecast.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from wardilemma.analysis.explain import Explanation
from wardilemma.atomic import ensure_writable_dir, write_text
from wardilemma.figures.save import save_and_close
from wardilemma.results import month_label
from wardilemma.text import ILLUSTRATIVE

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = [
    "headline",
    "over_time_figure",
    "save_explanation_figures",
    "waterfall_figure",
    "write_explanation",
]

#: Figure size in inches at :data:`DPI`: 1280 x 720 pixels, a 16:9 slide.
INCHES, DPI = (12.8, 7.2), 100

#: Font sizes in points, read from the back of a room at 1280 x 720.
FONTS = {"headline": 21, "label": 14, "tick": 13, "note": 13}

#: One colour per channel, in declaration order (colour-blind safe: Okabe-Ito).
_COLOURS = ("#E69F00", "#0072B2", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#F0E442")


def _colour(e: Explanation, name: str) -> str:
    return _COLOURS[[c.name for c in e.channels].index(name) % len(_COLOURS)]


def headline(e: Explanation) -> str:
    """The message: the largest channel and its share of the gap."""
    what = e.label[0].lower() + e.label[1:]
    if e.gap == 0 or not np.isfinite(e.gap):
        return f"{e.b} and {e.a} give the same {what}"
    top = max(e.contributions, key=lambda n: e.contributions[n] * np.sign(e.gap))
    share = e.shares[top]
    direction = "extra" if e.gap > 0 else "lower"
    return (
        f"{100 * share:.0f} % of the {direction} {what} with {e.b} rather than {e.a} comes "
        f"from {e.label_of(top)}"
    )


def _step_text(e: Explanation, name: str, c: float) -> str:
    """A step's label: its contribution, its share of the gap, its ensemble range."""
    lines = [f"{c:+.2g}" if abs(c) > 1e-12 * max(abs(e.gap), 1.0) else "0 (exact)"]
    if e.gap and name != "residual":
        lines.append(f"{100 * c / e.gap:+.0f} %")
    if name in e.spread and e.spread[name].size:
        p5, p95 = np.percentile(100 * e.spread[name], [5, 95])
        lines.append(f"[{p5:.0f}, {p95:.0f}] %")
    return "\n".join(lines)


def waterfall_figure(e: Explanation) -> Figure:
    """From A's value to B's, one step per channel (a slide, 16:9)."""
    import matplotlib.pyplot as plt

    fs = FONTS
    fig, ax = plt.subplots(figsize=INCHES, dpi=DPI)
    fig.subplots_adjust(left=0.09, right=0.98, top=0.80, bottom=0.2)
    names = sorted(e.contributions, key=lambda n: -abs(e.contributions[n]))
    labels = [e.a, *(textwrap.fill(e.label_of(n), 16) for n in names), "other\n(residual)", e.b]
    level = e.value_a
    ax.bar(0, e.value_a, color="#999999", width=0.6)
    ax.text(0, e.value_a, f"{e.value_a:.3g}", ha="center", va="bottom", fontsize=fs["tick"])
    steps = [*((n, e.contributions[n]) for n in names), ("residual", e.residual)]
    for i, (n, c) in enumerate(steps, start=1):
        colour = "#BBBBBB" if n == "residual" else _colour(e, n)
        ax.bar(i, c, bottom=level, color=colour, width=0.6, edgecolor="black", linewidth=0.5)
        text = _step_text(e, n, c)
        y = level + max(c, 0.0)
        ax.text(i, y, text, ha="center", va="bottom", fontsize=fs["note"] - 1)
        ax.plot([i - 0.3, i + 1.3], [level + c] * 2, color="black", lw=0.6, ls=":")
        level += c
    last = len(steps) + 1
    ax.bar(last, e.value_b, color="#555555", width=0.6)
    ax.text(last, e.value_b, f"{e.value_b:.3g}", ha="center", va="bottom", fontsize=fs["tick"])
    ax.set_xticks(range(len(labels)), labels, fontsize=fs["tick"] - 2)
    ax.tick_params(axis="y", labelsize=fs["tick"])
    ax.set_ylabel(f"{e.label} ({e.units})", fontsize=fs["label"])
    levels = e.value_a + np.cumsum([c for _, c in steps])
    low, high = min(0.0, e.value_b, *levels), max(e.value_a, e.value_b, *levels)
    ax.set_ylim(low - 0.05 * (high - low) * (low < 0), high + 0.2 * (high - low))
    ax.grid(axis="y", alpha=0.3)
    fig.text(0.01, 0.975, textwrap.fill(headline(e), 80), fontsize=fs["headline"] - 3,
             fontweight="bold", va="top")  # fmt: skip
    spread = (
        f" Under each share: its 5-95 % range over the {next(iter(e.spread.values())).size} "
        "worlds of the ensemble where the gap has the same direction."
        if e.spread
        else ""
    )
    fig.text(0.01, 0.87, textwrap.fill(
        f"Each channel held at its value on '{e.a}' in every combination: exact Shapley "
        f"values; they sum to the gap, {e.gap:+.3g} {e.units} (residual {e.residual:.1e})."
        f"{spread}", 150), fontsize=fs["note"] - 2, va="top")  # fmt: skip
    fig.text(0.99, 0.015, ILLUSTRATIVE, ha="right", va="bottom", fontsize=fs["note"],
             style="italic")  # fmt: skip
    return fig


def _over_time_headline(e: Explanation, variable: str) -> str:
    """When the gap is widest, the channel that carries most of it, and any reversal."""
    sign = 1.0 if e.gap >= 0 else -1.0
    widest = int(np.argmax(sign * e.gap_over_time))
    top = int(np.argmax(sign * e.over_time[:, widest]))
    direction = "more" if sign > 0 else "less"
    text = (
        f"{e.b[0].upper()}{e.b[1:]} is {direction} discontented than {e.a} most in "
        f"{month_label(e.start, e.time[widest])} ({e.gap_over_time[widest]:+.2g}), mostly "
        f"through {e.channels[top].label}"
    )
    after = np.flatnonzero(sign * e.gap_over_time[widest:] < 0)
    if after.size:
        text += f"; from {month_label(e.start, e.time[widest + after[0]])} the gap reverses"
    return text


def over_time_figure(e: Explanation) -> Figure:
    """Month by month: each channel's share of the gap in the discontent series, stacked."""
    import matplotlib.pyplot as plt

    fs = FONTS
    year, month = (int(x) for x in e.start.split("-"))
    years = year + (month - 1) / 12 + e.time / 12
    fig, ax = plt.subplots(figsize=INCHES, dpi=DPI)
    fig.subplots_adjust(left=0.09, right=0.74, top=0.84, bottom=0.16)
    up = np.clip(e.over_time, 0, None)
    down = np.clip(e.over_time, None, 0)
    colours = [_colour(e, c.name) for c in e.channels]
    labels = [textwrap.fill(c.label, 24) for c in e.channels]
    ax.stackplot(years, up, colors=colours, labels=labels, alpha=0.85)
    ax.stackplot(years, down, colors=colours, alpha=0.85)
    ax.plot(
        years,
        e.gap_over_time,
        color="black",
        lw=2,
        label=textwrap.fill(f"gap: {e.b} minus {e.a}", 24),
    )
    ax.axhline(0, color="black", lw=0.6)
    ax.set_xlabel("year", fontsize=fs["label"])
    variable = e.series.replace("[", " (").replace("]", ")").replace("_", " ")
    ax.set_ylabel(f"difference in {variable} (index 0-1)", fontsize=fs["label"])
    ax.tick_params(labelsize=fs["tick"])
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=fs["note"] - 1,
              frameon=False)  # fmt: skip
    ax.grid(alpha=0.3)
    fig.text(0.01, 0.975, textwrap.fill(_over_time_headline(e, variable), 80),
             fontsize=fs["headline"] - 3, fontweight="bold", va="top")  # fmt: skip
    fig.text(0.01, 0.05, "Above zero: channels pushing discontent up on "
             f"'{e.b}'; below: pulling it down; they sum to the line each month.",
             fontsize=fs["note"] - 2)  # fmt: skip
    fig.text(0.99, 0.015, ILLUSTRATIVE, ha="right", va="bottom", fontsize=fs["note"],
             style="italic")  # fmt: skip
    return fig


def save_explanation_figures(e: Explanation, folder: Path) -> list[Path]:
    """``explain.png`` (the waterfall) and ``explain_over_time.png`` in ``folder``."""
    return [
        save_and_close(make(e), folder / name, title=headline(e))
        for name, make in (("explain.png", waterfall_figure),
                           ("explain_over_time.png", over_time_figure))
    ]  # fmt: skip


def write_explanation(e: Explanation, folder: str | Path) -> list[Path]:
    """``explain.json``, ``explain.txt``, ``explain.png`` and ``explain_over_time.png``."""
    folder = ensure_writable_dir(folder)
    text = json.dumps(e.document(), indent=2, default=float, allow_nan=False) + "\n"
    figures = save_explanation_figures(e, folder)
    sentence = f"{e.sentence()}\n{ILLUSTRATIVE}.\n"
    return [write_text(folder / "explain.json", text), write_text(folder / "explain.txt",
                                                                  sentence), *figures]  # fmt: skip
