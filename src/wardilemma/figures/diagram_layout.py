"""Where the stock-and-flow diagram puts each variable: a layout on a 0..1 canvas that needs
no system program (numpy and networkx only).

Sectors are tiled in two rows, stocks placed along their flow chains (the placement with
the shortest, least crossing flows), valves between their stocks, auxiliaries placed by a
force layout and snapped to a grid so that names never overlap. Shared by the diagram
(:mod:`wardilemma.figures.diagram`) and the XMILE writer's view
(:mod:`wardilemma.export.xmile.view`).
"""

from __future__ import annotations

import itertools
import math

import networkx as nx
import numpy as np

from wardilemma.model import WAR_ECONOMY, Model

__all__ = [
    "diagram_variables",
    "flow_ends",
    "information_links",
    "sector_tiles",
    "stock_flow_layout",
]


def diagram_variables(model: Model) -> list[str]:
    """The variables a diagram shows: stocks, flows and auxiliaries (no parameters)."""
    return [*model.stocks, *model.flows, *model.auxiliaries]


def information_links(model: Model) -> list[tuple[str, str]]:
    """Information links ``cause -> effect`` between stocks, flows and auxiliaries."""
    keep = set(diagram_variables(model))
    out = []
    for effect, causes in model.dependencies.items():
        if effect not in keep or effect in model.stocks:
            continue
        out += [(c, effect) for c in sorted(causes) if c in keep and c != effect]
    return out


def flow_ends(model: Model) -> dict[str, tuple[str | None, str | None]]:
    """Each flow's (source stock, target stock); ``None`` is a cloud."""
    ends: dict[str, list[str | None]] = {f: [None, None] for f in model.flows}
    for name, stock in model.stocks.items():
        for f in stock.outflows:
            ends[f][0] = name
        for f in stock.inflows:
            ends[f][1] = name
    return {f: (a, b) for f, (a, b) in ends.items()}


def sector_tiles(model: Model) -> dict[str, tuple[float, float, float, float]]:
    """Rectangle (x0, y0, width, height) of each sector on a 0..1 canvas, two rows."""
    keys = [s.key for s in model.sectors]
    counts = {k: max(1, sum(1 for n in diagram_variables(model) if model.elements[n].sector == k))
              for k in keys}  # fmt: skip
    total, best = sum(counts.values()), 1
    cum = np.cumsum([counts[k] for k in keys])
    best = int(np.argmin(np.abs(cum - total / 2))) + 1 if len(keys) > 1 else len(keys)
    rows = [keys[:best], keys[best:]] if len(keys) > 1 else [keys]
    rows = [r for r in rows if r]
    heights = [sum(counts[k] for k in r) for r in rows]
    out: dict[str, tuple[float, float, float, float]] = {}
    y_top = 1.0
    for row, h in zip(rows, heights, strict=True):
        row_h = h / sum(heights)
        x = 0.0
        for k in row:
            w = counts[k] / h
            out[k] = (x, y_top - row_h, w, row_h)
            x += w
        y_top -= row_h
    return out


def _stock_order(model: Model, stocks: list[str]) -> list[str]:
    """Stocks ordered along their flow chains (a source first)."""
    ends = flow_ends(model)
    succ = {s: [b for f, (a, b) in ends.items() if a == s and b in stocks] for s in stocks}
    has_pred = {b for s in stocks for b in succ[s]}
    order: list[str] = []
    for start in [s for s in stocks if s not in has_pred] + stocks:
        stack = [start]
        while stack:
            s = stack.pop(0)
            if s not in order:
                order.append(s)
                stack = succ[s] + stack
    return order


def _fallback_positions(model: Model) -> dict[str, tuple[float, float]]:
    tiles = sector_tiles(model)
    ends = flow_ends(model)
    links = information_links(model)
    pos: dict[str, tuple[float, float]] = {}
    for key, (x0, y0, w, h) in tiles.items():
        members = [n for n in diagram_variables(model) if model.elements[n].sector == key]
        stocks = _stock_order(model, [n for n in members if n in model.stocks])
        flows = [n for n in members if n in model.flows]
        # stocks on rows of up to three, in the upper half, leaving room for flows between
        per_row = 3 if len(stocks) > 3 else max(1, len(stocks))
        n_rows = int(np.ceil(len(stocks) / per_row)) or 1
        cells = [(x0 + w * (c + 0.5) / per_row, y0 + h * (0.82 - 0.32 * r))
                 for r in range(n_rows) for c in range(per_row)]  # fmt: skip
        for s, cell in zip(_best_placement(model, stocks, cells), cells, strict=False):
            if s is not None:
                pos[s] = cell
        pairs: dict[frozenset, int] = {}
        for f in flows:
            a, b = ends[f]
            if a in pos and b in pos:
                k = pairs[frozenset((a, b))] = pairs.get(frozenset((a, b)), -1) + 1
                first, second = sorted((a, b))  # one normal for both directions of a pair
                d = np.subtract(pos[second], pos[first])
                normal = np.array([-d[1], d[0]]) / (np.hypot(*d) or 1.0)
                shift = (0.5 - k) * 0.05 * h if k < 2 else (k - 1.5) * 0.05 * h
                mid = (np.add(pos[a], pos[b])) / 2 + normal * shift
                pos[f] = (float(mid[0]), float(mid[1]))
            elif b in pos:
                pos[f] = (pos[b][0] - w * 0.14, pos[b][1] + h * 0.1)
            elif a in pos:
                pos[f] = (pos[a][0] + w * 0.14, pos[a][1] - h * 0.1)
        # auxiliaries: force layout with stocks and flows fixed, then snapped to a grid
        g = nx.Graph()
        g.add_nodes_from(members)
        g.add_edges_from((a, b) for a, b in links if a in members and b in members)
        fixed = [n for n in members if n in pos]
        rng = np.random.default_rng(0)
        init = {n: pos.get(n, (x0 + w * rng.uniform(0.1, 0.9), y0 + h * rng.uniform(0.1, 0.5)))
                for n in members}  # fmt: skip
        spring = nx.spring_layout(g, pos=init, fixed=fixed or None, k=0.12 * w, iterations=60,
                                  seed=0) if len(members) > len(fixed) else init  # fmt: skip
        free = [n for n in members if n not in pos]
        _snap(free, spring, pos, (x0, y0, w, h))
    # flows whose stocks live in other sectors sit beside them
    for f in model.flows:
        pos.setdefault(f, (0.5, 0.5))
    return pos


_LAYOUTS: dict[int, tuple[Model, dict[str, tuple[float, float]]]] = {}


def stock_flow_layout(model: Model | None = None) -> dict[str, tuple[float, float]]:
    """Positions of the stocks, flows (valves) and auxiliaries in the stock-and-flow diagram.

    The layout that :func:`wardilemma.figures.diagram.draw_stock_flow` draws (sectors tiled,
    stocks along their chains, auxiliaries snapped to a grid), on a 0..1 canvas with y
    pointing up; computed once per model (about 2 s) and shared with the XMILE writer's
    diagram view.
    """
    model = model or WAR_ECONOMY
    cached = _LAYOUTS.get(id(model))
    if cached is None or cached[0] is not model:
        cached = _LAYOUTS[id(model)] = (model, _fallback_positions(model))
    return dict(cached[1])


#: The most arrangements of stocks over cells that :func:`_best_placement` tries one by one
#: (7! = 5,040: six or seven stocks in as many cells); beyond it, pairwise swaps.
EXHAUSTIVE_ARRANGEMENTS = 5040


def _best_placement(model: Model, stocks: list[str], cells: list) -> list[str | None]:
    """Stocks assigned to cells (``None`` for an empty cell) so that flows between stocks
    are short and do not cross: every arrangement when there are at most
    :data:`EXHAUSTIVE_ARRANGEMENTS`, else the chain order improved by pairwise swaps until
    no swap helps (seven stocks in nine cells are 181,440 arrangements: minutes, where the
    swaps take milliseconds)."""
    slots = stocks + [None] * (len(cells) - len(stocks))
    if len(stocks) > 7:
        return slots
    points = [(float(c[0]), float(c[1])) for c in cells]
    pairs = [(a, b) for a, b in flow_ends(model).values() if a in stocks and b in stocks]

    def cost(perm) -> float:
        where = {s: p for s, p in zip(perm, points, strict=True) if s is not None}
        segs = [(where[a], where[b]) for a, b in pairs]
        total = sum(math.hypot(q[0] - p[0], q[1] - p[1]) for p, q in segs)
        for (p1, q1), (p2, q2) in itertools.combinations(segs, 2):
            if _cross(p1, q1, p2, q2):
                total += 1.0
        return total

    if math.perm(len(slots), len(stocks)) <= EXHAUSTIVE_ARRANGEMENTS:
        return list(min(itertools.permutations(slots), key=cost))
    best, best_cost = list(slots), cost(slots)
    improved = True
    while improved:
        improved = False
        for i, j in itertools.combinations(range(len(best)), 2):
            if best[i] is None and best[j] is None:
                continue
            trial = best.copy()
            trial[i], trial[j] = trial[j], trial[i]
            trial_cost = cost(trial)
            if trial_cost < best_cost - 1e-12:
                best, best_cost, improved = trial, trial_cost, True
    return best


def _cross(p1, q1, p2, q2) -> bool:
    def orient(a, b, c) -> float:
        return float((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]))

    def same(u, v) -> bool:
        return math.isclose(u[0], v[0], abs_tol=1e-8) and math.isclose(u[1], v[1], abs_tol=1e-8)

    if any(same(u, v) for u in (p1, q1) for v in (p2, q2)):
        return False
    return (orient(p1, q1, p2) * orient(p1, q1, q2) < 0) and (
        orient(p2, q2, p1) * orient(p2, q2, q1) < 0
    )


def _snap(free, spring, pos, box) -> None:
    """Put each free node in the nearest empty cell of a grid over its sector box (the grid
    is refined until every free node has a cell, so none is left outside its sector)."""
    x0, y0, w, h = box
    cols = max(2, round(w / 0.085))
    rows = max(3, round(h / 0.075))
    taken = [p for p in pos.values() if x0 <= p[0] <= x0 + w and y0 <= p[1] <= y0 + h]
    while True:
        cells = [(x0 + w * (c + 0.5) / cols, y0 + h * (0.04 + 0.88 * (r + 0.5) / rows))
                 for r in range(rows) for c in range(cols)]  # fmt: skip
        free_cells = [
            c for c in cells
            if all(abs(c[0] - t[0]) > w / cols * 0.9 or abs(c[1] - t[1]) > h / rows * 0.9
                   for t in taken)
        ]  # fmt: skip
        if len(free_cells) >= len(free):
            break
        cols, rows = cols + 1, rows + 1
    for n in sorted(free, key=lambda n: spring[n][1], reverse=True):
        target = np.asarray(spring[n])
        i = int(np.argmin([np.hypot(*(np.asarray(c) - target)) for c in free_cells]))
        pos[n] = free_cells.pop(i)
