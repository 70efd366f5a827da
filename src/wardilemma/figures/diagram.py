"""Stock-and-flow and causal-loop diagrams drawn from the model's dependency graph.

Both diagrams are generated from :attr:`Model.dependencies` (and, for link polarities,
from :mod:`wardilemma.analysis.loops`), never drawn by hand, so they follow the model as it changes.

* **stock-flow**: sectors as coloured clusters; stocks as boxes, flows as pipes with a valve
  (clouds where material enters or leaves the model), auxiliaries as names, information
  links as thin arrows. Parameters are left out (they are listed in the parameter reference).
* **causal**: the variables of the named feedback loops, links marked ``+`` or ``-`` from
  the signs of the partial derivatives, and each loop's R/B marker.

When the ``graphviz`` Python package and the ``dot`` program are both installed they lay the
diagram out; otherwise the layout of :mod:`wardilemma.figures.diagram_layout` is drawn with
matplotlib (sectors tiled, stocks and flows placed along their chains, auxiliaries placed
by a force layout and snapped to a grid so names never overlap). Every diagram carries the
label "Illustrative model, not a forecast".
"""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Mapping
from pathlib import Path

import numpy as np
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Rectangle

from wardilemma.analysis.loops import find_loops, link_signs
from wardilemma.atomic import atomic_path
from wardilemma.figures.diagram_layout import (
    diagram_variables,
    flow_ends,
    information_links,
    sector_tiles,
    stock_flow_layout,
)
from wardilemma.model import WAR_ECONOMY, Model
from wardilemma.text import ILLUSTRATIVE

__all__ = [
    "KINDS",
    "draw_causal",
    "draw_stock_flow",
    "graphviz_available",
    "sector_colours",
    "write_diagram",
]

#: Diagram kinds accepted by :func:`write_diagram`.
KINDS = ("stock-flow", "causal")

_PALETTE = ("#4C72B0", "#DD8452", "#55A868", "#C44E52", "#8172B3", "#937860", "#DA8BC3")
_POSITIVE, _NEGATIVE = "#1f4e9c", "#b2182b"


def sector_colours(model: Model) -> dict[str, str]:
    """A colour per sector key, in the order of the model's sectors."""
    return {s.key: _PALETTE[i % len(_PALETTE)] for i, s in enumerate(model.sectors)}


def _label(name: str, width: int = 14) -> str:
    return "\n".join(textwrap.wrap(name.replace("_", " "), width=width)) or name


# --------------------------------------------------------------------------- matplotlib


def draw_stock_flow(ax, model: Model | None = None):
    """Draw the stock-and-flow diagram on a matplotlib Axes (fallback layout).

    Returns
    -------
    matplotlib.axes.Axes
    """
    model = model or WAR_ECONOMY
    colours = sector_colours(model)
    pos = stock_flow_layout(model)
    ends = flow_ends(model)
    for s in model.sectors:
        x0, y0, w, h = sector_tiles(model)[s.key]
        ax.add_patch(Rectangle((x0 + 0.004, y0 + 0.004), w - 0.008, h - 0.008,
                               facecolor=colours[s.key], alpha=0.07, edgecolor=colours[s.key],
                               lw=1.2))  # fmt: skip
        ax.text(x0 + 0.01, y0 + h - 0.012, s.title, fontsize=11, fontweight="bold",
                color=colours[s.key], va="top")  # fmt: skip
    for cause, effect in information_links(model):
        if cause in model.flows and effect in model.stocks:
            continue
        colour = colours[model.elements[cause].sector]
        ax.add_patch(FancyArrowPatch(pos[cause], pos[effect], arrowstyle="-|>",
                                     mutation_scale=7, lw=0.5, color=colour, alpha=0.45,
                                     connectionstyle="arc3,rad=0.15", shrinkA=9, shrinkB=9,
                                     zorder=1))  # fmt: skip
    for f, (src, dst) in ends.items():
        fx, fy = pos[f]
        start = pos[src] if src else (fx - 0.03, fy)
        end = pos[dst] if dst else (fx + 0.03, fy)
        for p, q, head in ((start, (fx, fy), "-"), ((fx, fy), end, "-|>")):
            ax.add_patch(FancyArrowPatch(p, q, arrowstyle=head, mutation_scale=12, lw=2.6,
                                         color="#555555", shrinkA=14 if p != (fx, fy) else 0,
                                         shrinkB=14 if q != (fx, fy) else 0, zorder=2))  # fmt: skip
        for cloud, there in ((src is None, start), (dst is None, end)):
            if cloud:
                ax.text(*there, "☁", fontsize=13, ha="center", va="center", color="#888888",
                        zorder=3)  # fmt: skip
        ax.plot([fx], [fy], marker=(2, 0, 90), ms=11, mew=2, color="#333333", zorder=4)
        ax.plot([fx], [fy], marker="o", ms=5, mfc="white", mec="#333333", zorder=5)
        ax.text(fx, fy - 0.013, _label(f), fontsize=6.5, ha="center", va="top",
                color="#222222", zorder=6)  # fmt: skip
    for s in model.stocks:
        x, y = pos[s]
        colour = colours[model.elements[s].sector]
        ax.add_patch(FancyBboxPatch((x - 0.035, y - 0.018), 0.07, 0.036,
                                    boxstyle="square,pad=0", facecolor="white",
                                    edgecolor=colour, lw=1.8, zorder=5))  # fmt: skip
        ax.text(x, y, _label(s, 16), fontsize=7.5, fontweight="bold", ha="center",
                va="center", zorder=6)  # fmt: skip
    for a in model.auxiliaries:
        x, y = pos[a]
        ax.text(x, y, _label(a), fontsize=6.5, ha="center", va="center", zorder=6,
                color="#111111", bbox={"boxstyle": "round,pad=0.15", "fc": "white",
                                       "ec": "none", "alpha": 0.8})  # fmt: skip
    _frame(ax, f"{model.name}: stock-and-flow structure (parameters omitted)")
    return ax


def _collapsed_signs(model: Model, signs: Mapping[tuple[str, str], int]) -> dict:
    """Link signs between declared variables, through hidden smoothing/delay stages."""
    owner = {h.name: h.owner for h in model.hidden_stocks}
    out: dict[tuple[str, str], int] = {}
    for (x, y), s in signs.items():
        if x in owner:
            continue
        if y in owner:
            back = signs.get((y, owner[y]), 1)
            out.setdefault((x, owner[y]), s * back)
        else:
            out[(x, y)] = s
    return out


def draw_causal(ax, model: Model | None = None, scenario=None, loops=None):
    """Draw the causal-loop diagram of the named feedback loops on a matplotlib Axes.

    Parameters
    ----------
    loops
        From :func:`wardilemma.analysis.loops.find_loops` (computed when not given).

    Returns
    -------
    matplotlib.axes.Axes
    """
    model = model or WAR_ECONOMY
    loops = loops if loops is not None else find_loops(model, scenario, max_length=12)
    named = [lp for lp in loops if lp.name]
    signs = _collapsed_signs(model, link_signs(model, scenario)[0])
    nodes: list[str] = []
    edges: list[tuple[str, str]] = []
    for lp in named:
        vs = list(lp.variables)
        nodes += [v for v in vs if v not in nodes]
        edges += [e for e in zip(vs, vs[1:] + vs[:1], strict=True) if e not in edges]
    pos = _loop_layout([list(lp.variables) for lp in named])
    colours = sector_colours(model)
    for a, b in edges:
        s = signs.get((a, b), 0)
        colour = _POSITIVE if s > 0 else _NEGATIVE if s < 0 else "#777777"
        arrow = FancyArrowPatch(pos[a], pos[b], arrowstyle="-|>", mutation_scale=14, lw=1.3,
                                color=colour, connectionstyle="arc3,rad=0.18", shrinkA=24,
                                shrinkB=24, zorder=1)  # fmt: skip
        ax.add_patch(arrow)
        p = np.asarray(pos[a]) * 0.3 + np.asarray(pos[b]) * 0.7
        d = np.asarray(pos[b]) - np.asarray(pos[a])
        normal = np.array([d[1], -d[0]]) / (np.hypot(*d) or 1.0)
        q = p + normal * 0.06 * np.hypot(*d) * 0.9
        ax.text(*q, "+" if s > 0 else "−" if s < 0 else "?", color=colour, fontsize=13,
                fontweight="bold", ha="center", va="center", zorder=3)  # fmt: skip
    for n in nodes:
        sector = model.elements[n].sector
        box = {
            "boxstyle": "square,pad=0.3" if n in model.stocks else "round,pad=0.25",
            "fc": "white",
            "ec": colours[sector],
            "lw": 1.6 if n in model.stocks else 0.8,
        }
        ax.text(*pos[n], _label(n, 16), fontsize=8.5, ha="center", va="center", bbox=box,
                zorder=4, fontweight="bold" if n in model.stocks else "normal")  # fmt: skip
    for i, lp in enumerate(named, 1):
        centre = np.mean([pos[v] for v in lp.variables], axis=0)
        ax.text(*centre, f"{lp.letter}{i}\n↻", fontsize=12, fontweight="bold",
                ha="center", va="center",
                color=_POSITIVE if lp.letter == "R" else _NEGATIVE, zorder=2)  # fmt: skip
    legend = [f"{lp.letter}{i}  {lp.name} ({lp.polarity})" for i, lp in enumerate(named, 1)]
    ax.text(0.01, 0.01, "\n".join(legend), transform=ax.transAxes, fontsize=9, va="bottom",
            bbox={"fc": "white", "ec": "#999999"})  # fmt: skip
    xs, ys = zip(*pos.values(), strict=True)
    ax.set_xlim(min(xs) - 0.6, max(xs) + 0.6)
    ax.set_ylim(min(ys) - 1.2, max(ys) + 0.4)
    _frame(ax, f"{model.name}: causal-loop diagram of the named loops (+/− at the start state)",
           limits=False)  # fmt: skip
    return ax


def _loop_layout(loops: list[list[str]]) -> dict[str, np.ndarray]:
    """Each loop on its own circle, loops sharing variables side by side (greedy order),
    shared variables between their loops."""
    order: list[int] = []
    remaining = list(range(len(loops)))
    while remaining:
        placed = {v for i in order for v in loops[i]}
        best = max(remaining, key=lambda i: (len(placed & set(loops[i])), -i))
        order.append(best)
        remaining.remove(best)
    cols = int(np.ceil(np.sqrt(len(loops)))) or 1
    step = 2 * max((0.45 + 0.13 * len(lp) for lp in loops), default=1.0) + 0.5
    spots: dict[str, list[np.ndarray]] = {}
    for k, i in enumerate(order):
        r, c = divmod(k, cols)
        centre = np.array([c * step + (r % 2) * step / 3, -r * step * 0.8])
        n = len(loops[i])
        radius = 0.45 + 0.13 * n
        for j, v in enumerate(loops[i]):
            angle = np.pi / 2 - 2 * np.pi * j / n
            spots.setdefault(v, []).append(
                centre + radius * np.array([np.cos(angle), np.sin(angle)])
            )
    return {v: np.mean(p, axis=0) for v, p in spots.items()}


def _frame(ax, title: str, limits: bool = True) -> None:
    if limits:
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
    ax.set_axis_off()
    ax.set_title(title, fontsize=13, loc="left")
    ax.text(1.0, 1.0, ILLUSTRATIVE, transform=ax.transAxes, ha="right", va="bottom",
            fontsize=11, color="#b2182b", fontstyle="italic")  # fmt: skip


# --------------------------------------------------------------------------- graphviz


def graphviz_available() -> bool:
    """Whether the ``graphviz`` package and the ``dot`` program are both installed."""
    try:
        import graphviz  # noqa: F401
    except ImportError:
        return False
    return shutil.which("dot") is not None


def _graphviz_source(model: Model, kind: str, scenario=None):
    import graphviz

    colours = sector_colours(model)
    g = graphviz.Digraph(model.name, graph_attr={"rankdir": "LR", "label": ILLUSTRATIVE,
                                                 "labelloc": "t", "fontsize": "18"})  # fmt: skip
    if kind == "causal":
        signs = _collapsed_signs(model, link_signs(model, scenario)[0])
        named = [lp for lp in find_loops(model, scenario, max_length=12) if lp.name]
        seen: set[tuple[str, str]] = set()
        for lp in named:
            vs = list(lp.variables)
            for n in vs:
                shape = "box" if n in model.stocks else "plaintext"
                g.node(n, _label(n, 16), shape=shape, color=colours[model.elements[n].sector])
            for a, b in zip(vs, vs[1:] + vs[:1], strict=True):
                if (a, b) not in seen:
                    seen.add((a, b))
                    s = signs.get((a, b), 0)
                    g.edge(a, b, label="+" if s > 0 else "−" if s < 0 else "?",
                           color=_POSITIVE if s > 0 else _NEGATIVE)  # fmt: skip
        return g
    for sector in model.sectors:
        with g.subgraph(name=f"cluster_{sector.key}") as c:
            c.attr(label=sector.title, color=colours[sector.key], style="rounded")
            for n in diagram_variables(model):
                if model.elements[n].sector != sector.key:
                    continue
                if n in model.stocks:
                    c.node(n, _label(n, 16), shape="box", penwidth="2")
                elif n in model.flows:
                    c.node(n, _label(n), shape="circle", width="0.2", fixedsize="false")
                else:
                    c.node(n, _label(n), shape="plaintext")
    for f, (src, dst) in flow_ends(model).items():
        if src:
            g.edge(src, f, penwidth="3", arrowhead="none", color="#555555")
        if dst:
            g.edge(f, dst, penwidth="3", color="#555555")
    for a, b in information_links(model):
        if not (a in model.flows and b in model.stocks):
            g.edge(a, b, color=colours[model.elements[a].sector] + "80", arrowsize="0.5")
    return g


# --------------------------------------------------------------------------- entry point


def write_diagram(
    path: str | Path,
    *,
    kind: str = "stock-flow",
    model: Model | None = None,
    scenario=None,
    engine: str = "auto",
) -> Path:
    """Write a diagram to ``path``; the suffix (``.png``, ``.svg``, ``.pdf``) sets the format.

    Parameters
    ----------
    kind
        ``"stock-flow"`` or ``"causal"``.
    scenario
        Scenario whose start state gives the causal links' signs (default: model defaults).
    engine
        ``"graphviz"``, ``"matplotlib"``, or ``"auto"`` (graphviz when ``dot`` is present).
    """
    if kind not in KINDS:
        raise ValueError(f"unknown diagram kind {kind!r}; choose from {', '.join(KINDS)}")
    if engine not in ("auto", "graphviz", "matplotlib"):
        raise ValueError(f"unknown engine {engine!r}; choose auto, graphviz or matplotlib")
    model = model or WAR_ECONOMY
    path = Path(path)
    fmt = path.suffix.lstrip(".").lower() or "png"
    use_graphviz = engine == "graphviz" or (engine == "auto" and graphviz_available())
    if use_graphviz:
        source = _graphviz_source(model, kind, scenario)
        source.render(outfile=str(path), format=fmt, cleanup=True)
        return path
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    matplotlib.rcParams["svg.fonttype"] = "none"  # names stay searchable text in SVG

    size = (24, 15) if kind == "stock-flow" else (15, 11)
    fig, ax = plt.subplots(figsize=size)
    try:
        if kind == "stock-flow":
            draw_stock_flow(ax, model)
        else:
            draw_causal(ax, model, scenario)
        fig.tight_layout()
        # reproducible files (no date, fixed SVG ids) so regenerating docs changes nothing
        metadata = {"Description": ILLUSTRATIVE} if fmt == "png" else {"Date": None}
        with plt.rc_context({"svg.hashsalt": "wardilemma"}), atomic_path(path) as tmp:
            fig.savefig(tmp, format=fmt, dpi=110, metadata=metadata)
    finally:
        plt.close(fig)
    return path
