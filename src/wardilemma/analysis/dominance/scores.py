"""Link and loop scores over a run (Loops That Matter) and :func:`loop_dominance`.

The model's compiled equations are evaluated once per link with the whole run as the
columns of one array (the engine's members axis holds the time steps): a partial change is
the equation re-evaluated with one cause at ``t`` and every other input at ``t - dt``.
Illustrative model, not a forecast.
"""

from __future__ import annotations

import time as _time
from collections.abc import Mapping

import numpy as np

from wardilemma.analysis.dominance.graph import (
    _cycles_through,
    _flatten,
    _Graph,
    _names,
    _node_label,
)
from wardilemma.analysis.dominance.results import (
    DEFAULT_MAX_LENGTH,
    Dominance,
    DominanceError,
    LoopTrace,
)
from wardilemma.engine.inputs import scenario_inputs
from wardilemma.engine.numpy_kernel import Kernel
from wardilemma.engine.run import trajectory
from wardilemma.language import Node
from wardilemma.model import WAR_ECONOMY, Model
from wardilemma.scenario import Scenario

__all__ = ["loop_dominance"]

#: Changes below this fraction of a variable's size count as no change (rounding noise).
_RTOL = 1e-12


def _trajectory(kernel: Kernel, method: str) -> tuple[np.ndarray, dict, dict]:
    """Every variable (``(width, steps + 1)``) and each stock's net flow at every step."""
    snapshots: list[dict[str, np.ndarray]] = []
    rates: list[np.ndarray] = []
    times: list[float] = []
    with np.errstate(all="ignore"):
        for _, t, _, d, v in trajectory(kernel, method):
            times.append(t)
            snapshots.append(v)
            rates.append(d[:, :1])
    traj = {}
    for name in snapshots[0]:
        width = kernel.width(name) if name in kernel.model.regional else 1
        column = [s[name] for s in snapshots]
        if not all(np.shape(c) == (width, 1) for c in column):  # a scalar or broadcast value
            column = [np.broadcast_to(np.asarray(c, float), (width, 1)) for c in column]
        traj[name] = np.concatenate(column, axis=1)
    all_rates = np.concatenate(rates, axis=1)
    net = {n: all_rates[sl] for n, sl in kernel.stock_slices.items()}
    return np.asarray(times), traj, net


def _ratio(num: np.ndarray, den: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """``num / den``, 0 where ``den`` is no change (below rounding noise of ``scale``)."""
    tiny = np.abs(den) <= _RTOL * scale
    with np.errstate(all="ignore"):
        out = np.where(tiny, 0.0, num / np.where(tiny, 1.0, den))
    return np.where(np.isfinite(out), out, 0.0)


def _link_scores(
    kernel: Kernel,
    model: Model,
    equations: Mapping[str, Node],
    g: _Graph,
    times: np.ndarray,
    traj: Mapping[str, np.ndarray],
    net: Mapping[str, np.ndarray],
) -> np.ndarray:
    """Link score of every edge at every step, shape ``(edges, steps)``."""
    steps = len(times) - 1
    scores = np.zeros((len(g.edges), steps))
    prev = {n: a[:, :-1] for n, a in traj.items()}
    cur = {n: a[:, 1:] for n, a in traj.items()}
    t_prev = times[None, :-1]
    hidden = {h.name for h in model.hidden_stocks}
    by_effect: dict[str, list[tuple[tuple[str, int], tuple[str, int], int]]] = {}
    for (a, b), k in g.edges.items():
        by_effect.setdefault(b[0], []).append((a, b, k))
    for y, links in by_effect.items():
        if y in model.stocks:
            dnet = net[y][:, 1:] - net[y][:, :-1]
            flows = model.stocks[y]
            scale = sum(np.abs(prev[f]) + np.abs(cur[f]) for f in (*flows.inflows, *flows.outflows))
            for (x, r), (_, s), k in links:
                sign = 1.0 if x in flows.inflows else -1.0
                dflow = cur[x][r] - prev[x][r]
                scores[k] = sign * np.abs(_ratio(dflow, dnet[s], scale[r]))
            continue
        f = kernel.compile_node(equations[y])
        if y in hidden:  # a builtin's stage: the "variable" is its net flow
            z_prev, z_cur = net[y][:, :-1], net[y][:, 1:]
        else:
            z_prev, z_cur = prev[y], cur[y]
        with np.errstate(all="ignore"):
            base = np.broadcast_to(f(prev, t_prev), z_prev.shape)
        dz = z_cur - z_prev
        zscale = np.abs(z_prev) + np.abs(z_cur)
        causes: dict[tuple[str, int], list[tuple[int, int]]] = {}
        for (x, r), (_, s), k in links:
            causes.setdefault((x, r), []).append((s, k))
        for (x, r), targets in causes.items():
            moved = prev[x].copy()
            moved[r] = cur[x][r]
            with np.errstate(all="ignore"):
                partial = np.broadcast_to(f({**prev, x: moved}, t_prev), z_prev.shape) - base
            dx = cur[x][r] - prev[x][r]
            xscale = np.abs(prev[x][r]) + np.abs(cur[x][r])
            for s, k in targets:
                size = np.abs(_ratio(partial[s], dz[s], zscale[s]))
                sign = np.sign(_ratio(partial[s], dx, xscale))
                scores[k] = size * sign
    return scores


def loop_dominance(
    scenario: Scenario | None = None,
    *,
    variable: str = "discontent",
    region: str | None = "provinces",
    model: Model | None = None,
    max_length: int = DEFAULT_MAX_LENGTH,
    months: float | None = None,
    dt: float | None = None,
) -> Dominance:
    """Loop scores over time for the loops through one variable (Loops That Matter).

    Parameters
    ----------
    scenario
        The run to analyse (default: the model's defaults).
    variable
        The target: a stock, flow or auxiliary of the model.
    region
        For a regional variable, the region whose node is the target (default
        ``"provinces"``; the first region when the scenario has no such region); ignored
        for a national one.
    max_length
        Longest loop enumerated, in nodes of the flattened graph.
    months, dt
        Override the scenario's run length and time step.

    Returns
    -------
    Dominance

    Raises
    ------
    DominanceError
        On an unknown variable or region, or when no loop passes through the target.
    """
    began = _time.perf_counter()
    model = model or WAR_ECONOMY
    scenario = scenario or Scenario(name="defaults")
    regions, values, schedules = scenario_inputs(scenario, model)
    nodes = set(model.stocks) | set(model.flows) | set(model.auxiliaries)
    if variable not in nodes:
        hint = model.suggest(variable, nodes)
        extra = f"; did you mean {', '.join(hint)}?" if hint else ""
        raise DominanceError(
            f"variable {variable!r} is not a stock, flow or auxiliary of the model{extra}"
        )
    if max_length < 1:
        raise DominanceError(f"max_length must be at least 1, got {max_length}")
    kernel = Kernel.build(
        model,
        regions=regions,
        values=values,
        schedules=schedules,
        dt=float(dt or scenario.dt),
        initial_time=0.0,
        final_time=float(months if months is not None else scenario.months),
    )
    width = {n: kernel.width(n) for n in (*model.elements, *(h.name for h in model.hidden_stocks))}
    if width[variable] > 1:
        if region is None or region not in regions:
            if region not in (None, "provinces"):
                raise DominanceError(
                    f"region {region!r} is not in the scenario; choose from {', '.join(regions)}"
                )
            region = "provinces" if "provinces" in regions else regions[0]
        row = regions.index(region)
    else:
        region, row = None, 0
    equations = {n: e for n, e in model.engine_equations.items() if n not in model.stocks}
    equations.update({h.name: h.derivative for h in model.hidden_stocks})
    g = _flatten(model, equations, width)
    target = (variable, row)
    cycles = _cycles_through(g, target, max_length)
    if not cycles:
        raise DominanceError(
            f"no feedback loop of at most {max_length} nodes passes through {variable}"
        )
    times, traj, net = _trajectory(kernel, scenario.method)
    scores = _link_scores(kernel, model, equations, g, times, traj, net)
    loop_scores = np.ones((len(cycles), len(times) - 1))
    for i, cyc in enumerate(cycles):
        for a, b in zip(cyc, [*cyc[1:], cyc[0]], strict=True):
            loop_scores[i] *= scores[g.edges[(a, b)]]
    total = np.abs(loop_scores).sum(axis=0)
    relative = np.where(total > 0, loop_scores / np.where(total > 0, total, 1.0), 0.0)
    unique = {n for cyc in cycles for n in cyc}
    node_labels = {n: _node_label(model, n, regions, width) for n in unique}
    labels = [tuple(node_labels[n] for n in cyc) for cyc in cycles]
    names = _names(model, cycles, labels, region)
    traces = []
    for i in range(len(cycles)):
        name, family, meaning, expected = names[i]
        if not meaning:  # a generated family holds loops of one polarity (over the run)
            family += {1.0: " (R)", -1.0: " (B)"}.get(float(np.sign(loop_scores[i].sum())), "")
        traces.append(
            LoopTrace(
                labels[i],
                name,
                family,
                meaning,
                expected,
                score=loop_scores[i],
                relative=relative[i],
            )
        )
    traces.sort(key=lambda lp: -float(np.abs(lp.relative).mean()))
    ceasefire = None
    if "at_war" in traj:
        hits = np.flatnonzero(traj["at_war"][0] < 0.5)
        ceasefire = float(times[hits[0]]) if hits.size else None
    return Dominance(
        scenario=scenario.name,
        variable=variable,
        region=region,
        time=times[1:],
        loops=tuple(traces),
        start=scenario.start,
        ceasefire=ceasefire,
        max_length=max_length,
        seconds=_time.perf_counter() - began,
    )
