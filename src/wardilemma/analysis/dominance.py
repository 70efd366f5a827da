"""Loop dominance over time: which feedback loop drives a variable, step by step.

The Loops That Matter method (Schoenberg, Davidsen and Eberlein, *System Dynamics Review*
36(2), 2020; flow-to-stock scores as corrected by Schoenberg, Hayward and Eberlein, 2023):

* the **link score** of ``x -> z`` over a time step ``[t - dt, t]`` is
  ``|Δ_x z / Δz| * sign(Δ_x z / Δx)``, where ``Δ_x z`` is the change ``z`` would have made
  had only ``x`` moved (its equation re-evaluated with ``x`` at ``t`` and every other input,
  time included, at ``t - dt``); 0 when ``z`` or ``x`` did not change;
* a **flow-to-stock** score is the flow's change over the change of the stock's net flow,
  ``±|Δflow / Δnet|`` (+ inflow, - outflow); the stages of ``smooth``/``delay`` builtins are
  stocks whose net flow is their derivative;
* a **loop score** is the product of its link scores; the **relative loop score** divides
  it by the sum of the absolute scores of all loops through the target variable at that
  step, so it lies in ``[-1, 1]``: its sign is the loop's polarity *at that step*
  (+ reinforcing, - balancing) and its size the loop's share of the target's behaviour.

Partial changes are exact for each step: the model's compiled equations are evaluated once
per link with the whole run as the columns of one array (the engine's members axis holds
the time steps), so a 120-month analysis takes well under a second after the run.

Regions are flattened: a node is a variable in one region (``discontent[provinces]``), and
a link between regional variables joins the same region unless the effect sums over
regions (``sum_regions``), so loops that pass through national variables and other regions
are followed exactly. Loops through the target are enumerated up to ``max_length`` nodes
(the number of loops grows exponentially with their length); longer loops are left out of
the normalisation, and :attr:`Dominance.max_length` says where the cut was.

Illustrative model, not a forecast.
"""

from __future__ import annotations

import csv
import io
import time as _time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from wardilemma.analysis.loops import NAMED_LOOPS, TARGET_LOOPS, dependency_graph
from wardilemma.engine.integrators import METHODS
from wardilemma.engine.numpy_kernel import Kernel
from wardilemma.engine.run import scenario_inputs
from wardilemma.errors import InputError
from wardilemma.language import Call, Node, Ref
from wardilemma.model import WAR_ECONOMY, Model
from wardilemma.results import month_label
from wardilemma.scenario import Scenario
from wardilemma.text import ILLUSTRATIVE

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "DEFAULT_MAX_LENGTH",
    "Dominance",
    "DominanceError",
    "LoopTrace",
    "Phase",
    "dominance_figure",
    "format_phases",
    "loop_dominance",
    "phases_csv",
    "plot_dominance",
    "write_dominance",
]

#: Longest loop (nodes of the flattened graph, stages of builtins included) enumerated.
DEFAULT_MAX_LENGTH = 32
#: Changes below this fraction of a variable's size count as no change (rounding noise).
_RTOL = 1e-12
#: Reductions over regions: a cause inside one reaches every region of the effect.
_REDUCTIONS = frozenset({"sum_regions", "mean_regions"})


class DominanceError(InputError, ValueError):
    """The analysis cannot run (unknown variable or region, no loop through the target)."""


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class LoopTrace:
    """One feedback loop through the target and its scores over the run.

    Attributes
    ----------
    nodes
        The loop in causal order, starting at the target; a regional node carries its
        region in brackets (``discontent[provinces]``); a builtin's stage is shown as
        ``owner (smooth)``.
    name
        The loop's meaning when it is a named loop (:data:`wardilemma.analysis.loops.NAMED_LOOPS`,
        :data:`wardilemma.analysis.loops.TARGET_LOOPS`),
        else a name generated from the stocks it passes through.
    family
        The group the loop is shown in: its name for a named loop, else the first and last
        stocks after the target (the channel out of the target and the one back) and the
        sign of its score summed over the run (R or B).
    score
        Loop score at each step, shape ``(steps,)``.
    relative
        Relative loop score at each step, in ``[-1, 1]``, shape ``(steps,)``.
    """

    nodes: tuple[str, ...]
    name: str
    family: str
    meaning: str
    expected: str
    score: np.ndarray = field(repr=False, compare=False)
    relative: np.ndarray = field(repr=False, compare=False)

    @property
    def variables(self) -> tuple[str, ...]:
        """Model variables on the loop, regions and builtin stages folded."""
        out: list[str] = []
        for n in self.nodes:
            base = n.split("[")[0].split(" (")[0]
            if base not in out:
                out.append(base)
        return tuple(out)

    @property
    def polarity(self) -> np.ndarray:
        """Polarity at each step: +1 reinforcing, -1 balancing, 0 inactive."""
        return np.sign(self.score).astype(int)

    def polarity_changes(self, time: np.ndarray) -> list[tuple[float, int]]:
        """Months at which the loop's polarity flips (ignoring inactive steps), with the
        new polarity."""
        active = np.flatnonzero(self.polarity != 0)
        signs = self.polarity[active]
        flips = np.flatnonzero(np.diff(signs) != 0) + 1
        return [(float(time[active[i]]), int(signs[i])) for i in flips]


@dataclass(frozen=True)
class Phase:
    """A span of the run in which one loop family has the largest relative score.

    Attributes
    ----------
    start, end
        Months since the start of the run.
    family
        The leading family (a loop of the brief is a family of its own).
    mean_relative
        The family's relative loop score (summed over its loops), averaged over the phase.
    strongest
        The family's loop with the largest mean absolute relative score in the phase.
    """

    start: float
    end: float
    family: str
    mean_relative: float
    strongest: LoopTrace
    size: int = 1

    @property
    def months(self) -> float:
        return self.end - self.start

    @property
    def polarity(self) -> str:
        return "reinforcing" if self.mean_relative > 0 else "balancing"


@dataclass(frozen=True)
class Dominance:
    """Loop dominance for one target variable through one run.

    Attributes
    ----------
    time
        End of each scored step, months since the start, shape ``(steps,)``; the score at
        ``time[k]`` describes the step ``[time[k] - dt, time[k]]``.
    loops
        The loops through the target, by decreasing mean absolute relative score.
    ceasefire
        Month at which ``at_war`` falls below 0.5, or None.
    seconds
        Wall time of the analysis (run, link scores, loops), in seconds.
    """

    scenario: str
    variable: str
    region: str | None
    time: np.ndarray
    loops: tuple[LoopTrace, ...]
    start: str = "2025-01"
    ceasefire: float | None = None
    max_length: int = DEFAULT_MAX_LENGTH
    seconds: float = 0.0

    @property
    def target(self) -> str:
        return f"{self.variable}[{self.region}]" if self.region else self.variable

    @property
    def target_text(self) -> str:
        """The target in words: ``discontent (provinces)``."""
        text = self.variable.replace("_", " ")
        return f"{text} ({self.region})" if self.region else text

    @cached_property
    def monthly(self) -> tuple[np.ndarray, np.ndarray]:
        """Mean relative score of each loop over each month of the run.

        Returns
        -------
        months, relative
            Month ends, shape ``(M,)``, and relative scores, shape ``(loops, M)``.
        """
        month = np.ceil(self.time - 1e-9).astype(int)
        ends = np.unique(month)
        rel = np.vstack([lp.relative for lp in self.loops]) if self.loops else np.empty((0, 0))
        out = np.zeros((len(self.loops), len(ends)))
        for j, m in enumerate(ends):
            out[:, j] = rel[:, month == m].mean(axis=1)
        return ends.astype(float), out

    @cached_property
    def families(self) -> dict[str, list[int]]:
        """Indices into :attr:`loops` of each family, strongest family first."""
        out: dict[str, list[int]] = {}
        for i, lp in enumerate(self.loops):
            out.setdefault(lp.family, []).append(i)
        _, rel = self.monthly
        weight = {f: float(np.abs(rel[idx].sum(axis=0)).mean()) for f, idx in out.items()}
        return dict(sorted(out.items(), key=lambda kv: -weight[kv[0]]))

    def family_relative(self) -> tuple[list[str], np.ndarray]:
        """Monthly relative score of each family (sum over its loops), shape ``(F, M)``."""
        _, rel = self.monthly
        names = list(self.families)
        return names, np.vstack([rel[idx].sum(axis=0) for idx in self.families.values()])

    def phases(self, *, min_months: int = 3) -> list[Phase]:
        """Contiguous spans in which one family has the largest monthly |relative score|.

        Parameters
        ----------
        min_months
            A lead shorter than this many months (a blip at a call-up pulse) is merged
            into the phase before it (or after it, at the start of the run).
        """
        months, rel = self.monthly
        if rel.size == 0:
            return []
        names, fam = self.family_relative()
        active = np.abs(fam).sum(axis=0) > 0
        leader = np.where(active, np.argmax(np.abs(fam), axis=0), -1)
        runs: list[list[int]] = []  # [leader, first month index, last month index]
        for j, k in enumerate(leader):
            if runs and runs[-1][0] == k:
                runs[-1][2] = j
            else:
                runs.append([int(k), j, j])
        while len(runs) > 1:
            short = next((i for i, r in enumerate(runs) if r[2] - r[1] + 1 < min_months), None)
            if short is None:
                break
            into = short - 1 if short > 0 else 1
            runs[into][1] = min(runs[into][1], runs[short][1])
            runs[into][2] = max(runs[into][2], runs[short][2])
            del runs[short]
            merged: list[list[int]] = []
            for r in runs:
                if merged and merged[-1][0] == r[0]:
                    merged[-1][2] = r[2]
                else:
                    merged.append(r)
            runs = merged
        out = []
        for k, a, b in runs:
            if k < 0:
                continue
            idx = self.families[names[k]]
            best = max(idx, key=lambda i: float(np.abs(rel[i, a : b + 1]).mean()))
            first = float(months[a - 1]) if a > 0 else 0.0
            out.append(
                Phase(
                    first,
                    float(months[b]),
                    names[k],
                    float(fam[k, a : b + 1].mean()),
                    self.loops[best],
                    len(idx),
                )
            )
        return out


def _step(time: np.ndarray) -> float:
    return float(time[1] - time[0]) if len(time) > 1 else 0.0


# --------------------------------------------------------------------------- graph


@dataclass(frozen=True)
class _Graph:
    """The flattened dependency graph: nodes are ``(name, row)``."""

    edges: dict[tuple[tuple[str, int], tuple[str, int]], int]  # edge -> index
    succ: dict[tuple[str, int], list[tuple[str, int]]]


def _ref_modes(node: Node) -> dict[str, set[bool]]:
    out: dict[str, set[bool]] = {}

    def walk(n: Node, inside: bool) -> None:
        if isinstance(n, Ref):
            out.setdefault(n.name, set()).add(inside)
            return
        if isinstance(n, Call):
            inner = inside or n.func in _REDUCTIONS
            for a in n.args:
                walk(a, inner)
            return
        for attr in ("operand", "left", "right"):
            child = getattr(n, attr, None)
            if child is not None:
                walk(child, inside)

    walk(node, False)
    return out


def _flatten(model: Model, equations: Mapping[str, Node], width: Mapping[str, int]) -> _Graph:
    graph = dependency_graph(model)
    edges: dict[tuple[tuple[str, int], tuple[str, int]], int] = {}
    succ: dict[tuple[str, int], list[tuple[str, int]]] = {}
    for y in sorted(graph):
        modes = {x: {False} for x in graph[y]} if y in model.stocks else _ref_modes(equations[y])
        for x in sorted(graph[y]):
            wx, wy = width[x], width[y]
            for r in range(wx):
                for s in range(wy):
                    m = modes.get(x, set())
                    if True in m or (False in m and (wx == 1 or wy == 1 or r == s)):
                        edges[((x, r), (y, s))] = len(edges)
                        succ.setdefault((x, r), []).append((y, s))
    return _Graph(edges, succ)


def _cycles_through(g: _Graph, target: tuple[str, int], max_length: int) -> list[list]:
    """Simple cycles through ``target`` of at most ``max_length`` nodes (depth-first, pruned
    by the distance back to the target)."""
    pred: dict[tuple[str, int], list[tuple[str, int]]] = {}
    for a, bs in g.succ.items():
        for b in bs:
            pred.setdefault(b, []).append(a)
    dist = {target: 0}
    frontier = [target]
    while frontier:  # breadth-first distances to the target, against the links
        nxt = []
        for b in frontier:
            for a in pred.get(b, []):
                if a not in dist:
                    dist[a] = dist[b] + 1
                    nxt.append(a)
        frontier = nxt
    out: list[list] = []
    path = [target]
    on_path = {target}

    def extend(node: tuple[str, int]) -> None:
        for nxt in g.succ.get(node, []):
            if nxt == target:
                out.append(list(path))
            elif nxt not in on_path and len(path) + dist.get(nxt, max_length + 1) <= max_length:
                path.append(nxt)
                on_path.add(nxt)
                extend(nxt)
                on_path.discard(nxt)
                path.pop()

    extend(target)
    return out


# --------------------------------------------------------------------------- run


def _trajectory(kernel: Kernel, method: str) -> tuple[np.ndarray, dict, dict]:
    """Every variable (``(width, steps + 1)``) and each stock's net flow at every step."""
    step, dt = METHODS[method], kernel.dt
    n_steps = round((kernel.final_time - kernel.initial_time) / dt)
    y = kernel.initial_state()
    snapshots: list[dict[str, np.ndarray]] = []
    rates: list[np.ndarray] = []
    times = kernel.initial_time + dt * np.arange(n_steps + 1)
    with np.errstate(all="ignore"):
        for i, t in enumerate(times):
            d, v = kernel.rates(y, float(t))
            snapshots.append(v)
            rates.append(d[:, :1])
            if i < n_steps:
                y = step(kernel.dydt, float(t), y, dt, d)
    traj = {}
    for name in snapshots[0]:
        width = kernel.width(name) if name in kernel.model.regional else 1
        column = [s[name] for s in snapshots]
        if not all(np.shape(c) == (width, 1) for c in column):  # a scalar or broadcast value
            column = [np.broadcast_to(np.asarray(c, float), (width, 1)) for c in column]
        traj[name] = np.concatenate(column, axis=1)
    all_rates = np.concatenate(rates, axis=1)
    net = {n: all_rates[sl] for n, sl in kernel.stock_slices.items()}
    return times, traj, net


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


# --------------------------------------------------------------------------- names


def _node_label(model: Model, node: tuple[str, int], regions: Sequence[str], width) -> str:
    name, row = node
    owner = next((h.owner for h in model.hidden_stocks if h.name == name), None)
    text = name
    if owner is not None:
        kind = "delay" if "_delay" in name else "smooth"
        text = f"{owner} ({kind})"
    return f"{text}[{regions[row]}]" if width[name] > 1 else text


def _stock_of(model: Model, label: str, target_region: str | None) -> str | None:
    """The stock a node label names (a builtin's stage by its owner), readable, or None."""
    base, _, region = label.partition("[")
    plain, _, stage = base.partition(" (")
    if plain not in model.stocks and not stage:
        return None
    text = plain.replace("_", " ") + (f" ({stage.rstrip(')')})" if stage else "")
    region = region.rstrip("]")
    return f"{text} [{region}]" if region and region != target_region else text


def _names(
    model: Model, cycles: list[list], labels: list[tuple[str, ...]], target_region: str | None
) -> list[tuple[str, str, str, str]]:
    """(name, family, meaning, expected polarity) of each loop.

    A loop of the brief (:data:`wardilemma.analysis.loops.NAMED_LOOPS`) names the shortest loop
    through the target that contains its variables and no stock outside them (as
    :func:`wardilemma.analysis.loops.find_loops` names loops). Other loops are named by the stocks
    they pass through and grouped into a family by the first and last of them: the channel
    out of the target and the one back into it.
    """
    variables = [{n.split("[")[0].split(" (")[0] for n in lab} for lab in labels]
    target = labels[0][0].split("[")[0] if labels else ""
    stocks = [{v for v in vs if v in model.stocks} for vs in variables]
    out: list[tuple[str, str, str, str] | None] = [None] * len(cycles)
    for spec in sorted((*NAMED_LOOPS, *TARGET_LOOPS), key=lambda sp: -len(sp.variables)):
        allowed = spec.variables | {target}
        matches = [
            i
            for i, vs in enumerate(variables)
            if out[i] is None and spec.variables <= vs and stocks[i] <= allowed
        ]
        if matches:
            best = min(matches, key=lambda i: (len(cycles[i]), labels[i]))
            out[best] = (spec.name, spec.name, spec.meaning, spec.expected)
    used: dict[str, int] = {}
    stock_of: dict[str, str | None] = {}
    result = []
    for i, lab in enumerate(labels):
        if out[i] is not None:
            result.append(out[i])
            continue
        path: list[str] = []
        for n in lab[1:]:
            if n not in stock_of:
                stock_of[n] = _stock_of(model, n, target_region)
            st = stock_of[n]
            if st and st not in path:
                path.append(st)
        if not path:
            path = [n for n in lab[1:]]
        name = "via " + ", ".join(path)
        used[name] = used.get(name, 0) + 1
        if used[name] > 1:
            name = f"{name} #{used[name]}"
        family = "via " + (path[0] if len(path) == 1 else f"{path[0]} ... {path[-1]}")
        result.append((name, family, "", ""))
    return result


# --------------------------------------------------------------------------- analysis


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


# --------------------------------------------------------------------------- tables


_COLUMNS = (
    "scenario",
    "target",
    "from_month",
    "to_month",
    "from",
    "to",
    "months",
    "loop",
    "polarity",
    "mean_relative_score",
    "loops_in_family",
    "strongest_loop",
)


def _dates(d: Dominance, p: Phase) -> tuple[str, str]:
    return month_label(d.start, p.start), month_label(d.start, p.end - 1e-6)


def _phase_rows(analyses: Sequence[Dominance], min_months: int) -> list[list[str]]:
    rows = []
    for d in analyses:
        for p in d.phases(min_months=min_months):
            rows.append(
                [
                    d.scenario,
                    d.target,
                    f"{p.start:g}",
                    f"{p.end:g}",
                    *_dates(d, p),
                    f"{p.months:g}",
                    p.family,
                    p.polarity,
                    f"{p.mean_relative:+.3f}",
                    str(p.size),
                    " -> ".join(p.strongest.nodes),
                ]
            )
    return rows


def phases_csv(analyses: Sequence[Dominance], *, min_months: int = 3) -> str:
    """The dominant loop in each phase of each run, as CSV text (first line: the note)."""
    buf = io.StringIO()
    buf.write(f"# {ILLUSTRATIVE}. Loops That Matter relative loop scores (monthly means); ")
    buf.write(f"leads shorter than {min_months} months merged into the phase before.\n")
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(_COLUMNS)
    writer.writerows(_phase_rows(analyses, min_months))
    return buf.getvalue()


def format_phases(analyses: Sequence[Dominance], *, min_months: int = 3) -> str:
    """The dominant loop in each phase of each run, as a text table for the terminal."""
    lines = [f"Dominant feedback loops by phase. {ILLUSTRATIVE}."]
    for d in analyses:
        lines += [
            "",
            f"{d.scenario}: {len(d.loops)} loops through {d.target} (at most "
            f"{d.max_length} nodes) in {len(d.families)} families; relative loop score "
            f"of the leading loop or family, mean over the phase; {d.seconds:.1f} s",
        ]
        lines.append(f"  {'months':>9}  {'dates':<17} {'score':>6}  loop")
        for p in d.phases(min_months=min_months):
            letter = "R" if p.mean_relative > 0 else "B"
            size = f" ({p.size} loops)" if p.size > 1 else ""
            dates = "..".join(_dates(d, p))
            lines.append(
                f"  {p.start:4g}-{p.end:<4g}  {dates:<17} {p.mean_relative:+.2f}  "
                f"{letter} {p.family}{size}"
            )
        for lp in d.loops[:8]:
            changes = lp.polarity_changes(d.time)
            if changes:
                text = ", ".join(f"month {m:g} -> {'R' if s > 0 else 'B'}" for m, s in changes[:4])
                more = f" (+{len(changes) - 4} more)" if len(changes) > 4 else ""
                lines.append(f"  polarity of {lp.name!r} changes: {text}{more}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- plots

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
    from wardilemma.figures.dashboard import CEASEFIRE_STYLE, FONTS

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

    from wardilemma.figures.dashboard import FONTS, SLIDE_SIZE

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


# --------------------------------------------------------------------------- files


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in text).strip("_") or "run"


def write_dominance(
    scenarios: Sequence[Scenario],
    out_dir: str | Path,
    *,
    variable: str = "discontent",
    region: str | None = "provinces",
    max_length: int = DEFAULT_MAX_LENGTH,
    min_months: int = 3,
    model: Model | None = None,
) -> tuple[list[Dominance], dict[str, Path]]:
    """Analyse one or more runs and write the figure (PNG) and the phase table (CSV).

    Returns
    -------
    analyses, paths
        The analyses, and the written files by kind (``"figure"``, ``"table"``).
    """
    import matplotlib.pyplot as plt

    from wardilemma.outputs import ensure_writable_dir, save_figure, write_text

    analyses = [
        loop_dominance(sc, variable=variable, region=region, max_length=max_length, model=model)
        for sc in scenarios
    ]
    out = ensure_writable_dir(out_dir)
    stem = "dominance_" + "_vs_".join(_slug(d.scenario) for d in analyses)
    fig = dominance_figure(analyses)
    try:
        figure = save_figure(fig, out / f"{stem}.png", title=f"Loop dominance: {stem}")
    finally:
        plt.close(fig)
    table = write_text(out / f"{stem}.csv", phases_csv(analyses, min_months=min_months))
    return analyses, {"figure": figure, "table": table}
