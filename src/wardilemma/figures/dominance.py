"""Figures of a loop-dominance analysis: stacked relative loop scores over time, one panel
per run (:func:`wardilemma.studies.dominance.write_dominance` runs the analysis and writes
the figure and the phase table).

Illustrative model, not a forecast.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from wardilemma.analysis.dominance import (
    Dominance,
)
from wardilemma.figures.style import CEASEFIRE_STYLE, FONTS, SLIDE_SIZE
from wardilemma.text import ILLUSTRATIVE

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["dominance_figure", "plot_dominance"]

#: Colours for the top families (Okabe-Ito, then Tol's muted; colour-blind safe).
_LOOP_COLOURS = (
    "#0072B2",
    "#D55E00",
    "#009E73",
    "#CC79A7",
    "#E69F00",
    "#56B4E9",
    "#882255",
    "#117733",
)
#: Colour of the loops grouped as "other".
_OTHER = "#BBBBBB"


def _top_families(analyses: Sequence[Dominance], top: int) -> list[str]:
    weight: dict[str, float] = {}
    for d in analyses:
        names, fam = d.family_relative()
        for n, row in zip(names, fam, strict=True):
            weight[n] = max(weight.get(n, 0.0), float(np.abs(row).mean()))
    return sorted(weight, key=lambda n: -weight[n])[:top]


def _label(d: Dominance | None, family: str) -> str:
    if family.endswith((" (R)", " (B)")):
        return family
    letter = ""
    if d is not None and family in d.families:
        total = sum(d.loops[i].score.sum() for i in d.families[family])
        letter = " (R)" if total > 0 else " (B)"
    return family + letter


def plot_dominance(
    d: Dominance, ax: Axes, *, families: Sequence[str] | None = None, top: int = 6
) -> Axes:
    """Monthly relative loop scores as stacked areas: reinforcing above zero, balancing
    below; the top families by name, the rest as "other"; the ceasefire marked.

    Parameters
    ----------
    families
        Families to show (in this order, with fixed colours); default the ``top`` ones.

    Returns
    -------
    matplotlib.axes.Axes
    """
    months, rel = d.monthly
    families = list(families) if families is not None else _top_families([d], top)
    groups = [d.families.get(f, []) for f in families]
    shown = {i for g in groups for i in g}
    groups.append([i for i in range(len(d.loops)) if i not in shown])
    pos = np.vstack([rel[g].clip(min=0).sum(axis=0) if g else 0 * months for g in groups])
    neg = np.vstack([rel[g].clip(max=0).sum(axis=0) if g else 0 * months for g in groups])
    colours = [_LOOP_COLOURS[i % len(_LOOP_COLOURS)] for i in range(len(families))] + [_OTHER]
    edges = np.concatenate([[0.0], months])  # each month's mean drawn over the whole month
    x = np.repeat(edges, 2)[1:-1]
    ax.stackplot(x, np.repeat(pos, 2, axis=1), colors=colours, lw=0)
    ax.stackplot(x, np.repeat(neg, 2, axis=1), colors=colours, lw=0)
    ax.axhline(0, color="black", lw=0.8)
    if d.ceasefire is not None:
        ax.axvline(d.ceasefire, color="black", linestyle=CEASEFIRE_STYLE, lw=2)
        ax.text(
            d.ceasefire,
            0.985,
            " ceasefire",
            va="top",
            ha="left",
            fontsize=FONTS["legend"],
            transform=ax.get_xaxis_transform(),
            bbox={"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.8},
        )
    ax.set_ylim(-1.0, 1.0)
    ax.set_xlim(0, float(edges[-1]))
    ax.set_xticks(np.arange(0, edges[-1] + 1e-9, 12))
    ax.set_xlabel(f"months since {d.start}", fontsize=FONTS["label"])
    ax.set_ylabel("relative loop score\n(+ reinforcing, \u2212 balancing)", fontsize=FONTS["label"])
    ax.set_title(f"{d.scenario}", fontsize=FONTS["title"])
    ax.tick_params(labelsize=FONTS["tick"])
    ax.grid(alpha=0.3)
    return ax


def dominance_figure(analyses: Sequence[Dominance], *, top: int = 6) -> Figure:
    """One panel per run, side by side, with a shared legend of loop names (slide size)."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    families = _top_families(analyses, top)
    fig, axes = plt.subplots(1, len(analyses), figsize=SLIDE_SIZE, sharey=True, squeeze=False)
    for d, ax in zip(analyses, axes[0], strict=True):
        plot_dominance(d, ax, families=families)
    for ax in axes[0][1:]:
        ax.set_ylabel("")
    owner = {f: next((d for d in analyses if f in d.families), None) for f in families}
    handles = [
        Patch(color=_LOOP_COLOURS[i % len(_LOOP_COLOURS)], label=_label(owner[f], f))
        for i, f in enumerate(families)
    ]
    handles.append(Patch(color=_OTHER, label="other loops"))
    fig.legend(
        handles=handles,
        loc="lower center",
        ncol=min(3, len(handles)),
        fontsize=FONTS["legend"] + 2,
        frameon=False,
    )
    target = analyses[0].target_text if analyses else ""
    fig.suptitle(
        f"Which feedback loop drives {target}? Loops That Matter, monthly means",
        fontsize=FONTS["suptitle"],
    )
    fig.text(
        0.995, 0.005, ILLUSTRATIVE, ha="right", va="bottom", fontsize=FONTS["note"], style="italic"
    )
    fig.tight_layout(rect=(0.01, 0.16, 1, 0.96))
    return fig
