"""Feedback loops of the model: cycles of its dependency graph, with their polarity.

About 450 lines: finding the cycles, signing each link from the running kernel, naming
the loops of the brief and formatting them all work on the same graph and kernel.

The graph is the model's engine form: an edge ``x -> y`` when ``y``'s equation refers to
``x`` (or ``x`` is a flow of stock ``y``); the stages of ``smooth``/``delay`` builtins are
nodes of their own (hidden stocks), so a variable that smooths itself, like ``austerity``,
shows a loop through its smoothing stage. Every cycle passes through a stock, declared or
hidden, because the model compiler forbids algebraic loops.

Polarity
--------
The sign of a link ``x -> y`` is the sign of the numerical partial derivative of ``y``'s
equation with respect to ``x`` (central difference, every other input held), evaluated with
the engine's :class:`~wardilemma.engine.run.Kernel` at a given state of a scenario's run; an
inflow adds to its stock (+) and an outflow drains it (-). A loop's polarity is the product
of its links' signs: ``+`` reinforcing, ``-`` balancing. A link can be switched off at a
state (``max(x, 0)`` clamped, ``at_war`` at 0): then the sign is taken from the first state
of the run where the link is active, and the loop is marked inactive at the state asked for.
Illustrative model, not a forecast.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from wardilemma.engine.inputs import scenario_inputs
from wardilemma.engine.numpy_kernel import Compiled
from wardilemma.engine.run import Kernel, trajectory
from wardilemma.errors import InputError
from wardilemma.language import Node, references
from wardilemma.model import WAR_ECONOMY, Model
from wardilemma.scenario import Scenario
from wardilemma.text import ILLUSTRATIVE

__all__ = [
    "DEFAULT_MAX_LENGTH",
    "NAMED_LOOPS",
    "TARGET_LOOPS",
    "FeedbackLoop",
    "NamedLoop",
    "dependency_graph",
    "find_loops",
    "format_loops",
    "link_signs",
]

#: Relative size of the perturbation of a cause.
_EPS = 1e-6
#: A change of the effect below this fraction of its size counts as no change.
_ZERO = 1e-12


@dataclass(frozen=True)
class NamedLoop:
    """A loop the brief describes, recognised by the variables it must contain."""

    name: str
    variables: frozenset[str]
    expected: str
    meaning: str


#: The loops of the brief. A loop is named when it contains all the variables listed; the
#: shortest such loop gets the name.
#: Longest loop (number of variables) :func:`find_loops` enumerates by default. The number
#: of loops grows exponentially with their length: the model of 2026-12-06 has 67,655 loops
#: of at most 32 variables (about 5 s) and 610,284 of at most 40 (30 s); all of them would
#: take hours. Loop dominance cuts at the same length.
DEFAULT_MAX_LENGTH = 32

NAMED_LOOPS: tuple[NamedLoop, ...] = (
    NamedLoop(
        "boom loop",
        frozenset({"consumption", "civilian_income", "household_income", "spending_power"}),
        "reinforcing",
        "Spending raises local civilian incomes, which raise spending again: the war boom's "
        "local multiplier (and the bust's, in reverse).",
    ),
    NamedLoop(
        "aspiration ratchet",
        frozenset({"aspiration", "aspiration_change"}),
        "balancing",
        "Aspiration closes its gap to consumption, fast upward and slowly downward: the boom "
        "raises what people expect.",
    ),
    NamedLoop(
        "veterans' grievance",
        frozenset({"nationalist_mobilisation", "veteran_absorption", "veterans"}),
        "reinforcing",
        "Mobilisation makes veterans harder to reintegrate; unabsorbed, aggrieved veterans "
        "seed more mobilisation.",
    ),
    NamedLoop(
        "nationalist contagion",
        frozenset({"nationalist_mobilisation", "mobilisation_growth"}),
        "reinforcing",
        "The more mobilised, the faster mobilisation spreads among the discontented.",
    ),
    NamedLoop(
        "repression grip",
        frozenset({"nationalist_mobilisation", "mobilisation_decline"}),
        "balancing",
        "Repression removes mobilised people, firmly while the movement is small; its grip "
        "weakens as the movement grows.",
    ),
    NamedLoop(
        "fiscal exhaustion",
        frozenset({"reserve_fund", "financing_available", "austerity", "reserve_drawdown"}),
        "balancing",
        "Draining reserves shrink financing and force austerity, which cuts the deficit and "
        "the drawdown: the pain of paying for the war.",
    ),
)

#: Loops of the discontent stock, named for the loop-dominance analysis
#: (:mod:`wardilemma.analysis.dominance`) with the same rule; not drawn in the causal-loop diagram.
TARGET_LOOPS: tuple[NamedLoop, ...] = (
    NamedLoop(
        "discontent fading",
        frozenset({"discontent", "discontent_fall"}),
        "balancing",
        "Discontent fades by itself and under regime management: the more there is, the "
        "more fades each month.",
    ),
    NamedLoop(
        "discontent saturation",
        frozenset({"discontent", "discontent_rise"}),
        "balancing",
        "Grievances turn fewer people as discontent nears its ceiling: the discontented "
        "cannot become discontented again.",
    ),
    NamedLoop(
        "radicalised veterans",
        frozenset({"discontent", "nationalist_mobilisation", "aggrieved_veterans"}),
        "reinforcing",
        "Discontent feeds nationalist mobilisation, which keeps returning veterans from "
        "being absorbed; aggrieved veterans raise discontent further.",
    ),
)


@dataclass(frozen=True)
class FeedbackLoop:
    """A feedback loop.

    Attributes
    ----------
    nodes
        The cycle in causal order, starting at a stock (engine names: hidden smoothing or
        delay stages appear as ``owner (smooth)``).
    signs
        Sign of each link ``nodes[i] -> nodes[i + 1]`` (the last closes the loop): +1 or -1.
    active
        Whether every link is active (non-zero derivative) at the state analysed.
    """

    nodes: tuple[str, ...]
    signs: tuple[int, ...]
    active: bool = True
    name: str = ""
    meaning: str = ""
    expected: str = ""

    @cached_property
    def polarity(self) -> str:
        """``"reinforcing"``, ``"balancing"``, or ``"undetermined"`` (a link never active)."""
        product = math.prod(self.signs)
        return {1: "reinforcing", -1: "balancing"}.get(product, "undetermined")

    @property
    def letter(self) -> str:
        return {"reinforcing": "R", "balancing": "B"}.get(self.polarity, "?")

    @cached_property
    def variables(self) -> tuple[str, ...]:
        """The model variables on the loop (stages of builtins folded into their owner);
        computed once per loop (a search over hundreds of thousands of loops asks often)."""
        return tuple(dict.fromkeys(n.partition(" (")[0] for n in self.nodes))

    def describe(self) -> str:
        """The loop as ``a -(+)-> b -(-)-> a``."""
        parts = [f"{n} -({'+' if s > 0 else '-' if s < 0 else '0'})-> " for n, s in
                 zip(self.nodes, self.signs, strict=True)]  # fmt: skip
        return "".join(parts) + self.nodes[0]

    def as_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "polarity": self.polarity,
            "active": self.active,
            "length": len(self.nodes),
            "nodes": list(self.nodes),
            "signs": list(self.signs),
            "meaning": self.meaning,
            "expected": self.expected,
        }


# --------------------------------------------------------------------------- graph


def _hidden_label(model: Model, name: str) -> str:
    h = next(h for h in model.hidden_stocks if h.name == name)
    kind = re.sub(r"\d+_\d+$", "", name.removeprefix(f"_{h.owner}_"))
    return f"{h.owner} ({kind})"


def _equations(model: Model) -> dict[str, Node]:
    """The equation each node's value (or, for a hidden stage, derivative) comes from."""
    eqs = {n: e for n, e in model.engine_equations.items() if n not in model.stocks}
    eqs.update({h.name: h.derivative for h in model.hidden_stocks})
    return eqs


def dependency_graph(model: Model | None = None) -> dict[str, set[str]]:
    """Causes of each stock, flow, auxiliary and hidden stage (parameters left out).

    Returns
    -------
    dict
        ``effect -> {causes}``; hidden stages are named as in the engine (``_owner_smooth0_0``).
    """
    model = model or WAR_ECONOMY
    nodes = set(model.stocks) | set(model.flows) | set(model.auxiliaries)
    nodes |= {h.name for h in model.hidden_stocks}
    graph: dict[str, set[str]] = {}
    eqs = _equations(model)
    for y in nodes:
        if y in model.stocks:
            s = model.stocks[y]
            graph[y] = set(s.inflows) | set(s.outflows)
        else:
            graph[y] = references(eqs[y]) & nodes
    return graph


# --------------------------------------------------------------------------- signs


def _states(kernel: Kernel, method: str, times: list[float]) -> list[tuple[float, np.ndarray]]:
    """Integrate the kernel and keep the state at the given times (months, sorted)."""
    out: list[tuple[float, np.ndarray]] = []
    wanted = sorted(times)
    if not wanted:
        return out
    dt = kernel.dt
    with np.errstate(all="ignore"):
        for _, t, y, _, _ in trajectory(kernel, method):
            while len(out) < len(wanted) and wanted[len(out)] <= t + dt / 2:
                out.append((t, y.copy()))
            if len(out) == len(wanted):
                break
    return out


def _delta(
    f: Compiled, values: dict[str, np.ndarray], cause: str, t: float, regional: bool
) -> float:
    """Summed relative change of ``f`` when ``cause`` moves up; for a regional cause and
    effect, the effect of each region's cause on the same region (own-region effects)."""
    x = np.asarray(values[cause], dtype=float)
    h = _EPS * np.maximum(np.abs(x), 1e-9)
    with np.errstate(all="ignore"):
        y = np.abs(np.asarray(f(values, t), dtype=float))
        # engine arrays are (regions, members): the region is the first axis
        rows = range(x.shape[0]) if regional and x.shape[0] > 1 else [None]
        total = 0.0
        for row in rows:
            mask = np.ones_like(x) if row is None else (np.arange(x.shape[0]) == row)[:, None]
            up, down = dict(values), dict(values)
            up[cause], down[cause] = x + h * mask, x - h * mask
            d = np.asarray(f(up, t), dtype=float) - np.asarray(f(down, t), dtype=float)
            d = d if row is None else d[row]
            scale = np.maximum(np.broadcast_to(y if row is None else y[row], d.shape), 1e-300)
            d = np.where(np.abs(d) > _ZERO * scale, d / scale, 0.0)
            if not np.all(np.isfinite(d)):
                return 0.0
            total += float(np.sum(d))
    return total


def link_signs(
    model: Model | None = None,
    scenario: Scenario | None = None,
    *,
    at: float = 0.0,
    probe_every: float = 3.0,
) -> tuple[dict[tuple[str, str], int], set[tuple[str, str]]]:
    """Sign of every link of :func:`dependency_graph` at month ``at`` of a scenario's run.

    Parameters
    ----------
    at
        Month of the run whose state is analysed (0: the start).
    probe_every
        Months between the later states probed for links inactive at ``at``.

    Returns
    -------
    signs, inactive
        ``(cause, effect) -> +1 | -1 | 0`` (0: never active in the run), and the set of links
        whose derivative is zero at ``at`` (their sign comes from the first active state).
    """
    model = model or WAR_ECONOMY
    scenario = scenario or Scenario(name="defaults")
    regions, values, schedules = scenario_inputs(scenario, model)
    months = float(scenario.months)
    if not 0.0 <= at <= months:
        raise InputError(f"at={at} must lie within the run, 0..{months:g} months")
    kernel = Kernel.build(
        model, regions=regions, values=values, schedules=schedules, dt=float(scenario.dt),
        initial_time=0.0, final_time=months,
    )  # fmt: skip
    compiled = {y: kernel.compile_node(node) for y, node in _equations(model).items()}
    graph = dependency_graph(model)
    probes = [at, *(t for t in np.arange(0.0, months + 1e-9, probe_every) if t != at)]
    signs: dict[tuple[str, str], int] = {}
    for y in graph:
        if y in model.stocks:
            for flow in model.stocks[y].inflows:
                signs[(flow, y)] = 1
            for flow in model.stocks[y].outflows:
                signs[(flow, y)] = -1
    pending = [(x, y) for y, causes in graph.items() for x in causes if (x, y) not in signs]
    inactive: set[tuple[str, str]] = set()
    states = dict(_states(kernel, scenario.method, probes))
    for t in sorted(states, key=lambda s: (s != _nearest(states, at), s)):
        values_t = kernel.evaluate(states[t], t)
        still: list[tuple[str, str]] = []
        for x, y in pending:
            both = x in model.regional and y in model.regional
            s = np.sign(_delta(compiled[y], values_t, x, t, both))
            if s != 0:
                signs[(x, y)] = int(s)
            else:
                still.append((x, y))
        if t == _nearest(states, at):
            inactive = set(still)
        pending = still
        if not pending:
            break
    signs.update({link: 0 for link in pending})
    return signs, inactive


def _nearest(states: Mapping[float, object], at: float) -> float:
    return min(states, key=lambda t: abs(t - at))


# --------------------------------------------------------------------------- loops


def _cycles(graph: Mapping[str, set[str]], max_length: int | None) -> Iterable[list[str]]:
    try:
        import networkx as nx
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(
            "loop analysis needs networkx: pip install 'wardilemma[diagram]'"
        ) from exc
    g = nx.DiGraph()
    g.add_nodes_from(graph)
    g.add_edges_from((x, y) for y, causes in graph.items() for x in causes)
    return nx.simple_cycles(g, length_bound=max_length)


def find_loops(
    model: Model | None = None,
    scenario: Scenario | None = None,
    *,
    at: float = 0.0,
    max_length: int | None = DEFAULT_MAX_LENGTH,
) -> list[FeedbackLoop]:
    """Every feedback loop of the model, with polarity at month ``at`` of a scenario's run.

    Parameters
    ----------
    model, scenario
        Default: the war-economy model with its default values.
    at
        Month of the run whose state gives the link signs.
    max_length
        Longest loop (number of variables) to enumerate (default
        :data:`DEFAULT_MAX_LENGTH`); ``None`` for all, which on this model takes hours.

    Returns
    -------
    list of FeedbackLoop
        Named loops first (in the order of :data:`NAMED_LOOPS`), then the others by length.
    """
    model = model or WAR_ECONOMY
    graph = dependency_graph(model)
    signs, inactive = link_signs(model, scenario, at=at)
    order = {n: i for i, n in enumerate([*model.stocks, *(h.name for h in model.hidden_stocks)])}
    labels = {h.name: _hidden_label(model, h.name) for h in model.hidden_stocks}
    loops: list[FeedbackLoop] = []
    last = len(order)
    for cycle in _cycles(graph, max_length):
        ranks = [order.get(n, last) for n in cycle]
        start = ranks.index(min(ranks))  # the first stock in model order opens the loop
        cycle = cycle[start:] + cycle[:start]
        links = list(zip(cycle, cycle[1:] + cycle[:1], strict=True))
        loops.append(
            FeedbackLoop(
                nodes=tuple(labels.get(n, n) for n in cycle),
                signs=tuple(signs[link] for link in links),
                active=not any(link in inactive for link in links),
            )
        )
    loops.sort(key=lambda lp: (len(lp.nodes), lp.nodes))
    named: list[FeedbackLoop] = []
    for spec in NAMED_LOOPS:
        match = next((lp for lp in loops if spec.variables <= set(lp.variables)), None)
        if match is None or match in named:
            continue
        i = loops.index(match)
        loops[i] = FeedbackLoop(match.nodes, match.signs, match.active, spec.name,
                                spec.meaning, spec.expected)  # fmt: skip
        named.append(loops[i])
    return named + [lp for lp in loops if not lp.name]


def format_loops(
    loops: list[FeedbackLoop], *, kind: str = "table", undetermined: bool = False
) -> str:
    """The loops as a text table or JSON (``kind`` ``"table"`` or ``"json"``).

    Loops with a link that is never active in the run (``"undetermined"``) are counted but
    left out unless ``undetermined`` is true.
    """

    def is_hidden(lp: FeedbackLoop) -> bool:
        return lp.polarity == "undetermined" and not lp.name

    hidden = [lp for lp in loops if is_hidden(lp)]
    if not undetermined:
        loops = [lp for lp in loops if not is_hidden(lp)]
    if kind == "json":
        return json.dumps({"note": ILLUSTRATIVE, "loops": [lp.as_dict() for lp in loops]},
                          indent=2)  # fmt: skip
    if kind != "table":
        raise ValueError(f"unknown format {kind!r}; choose table or json")
    lines = [f"Feedback loops ({len(loops)}). {ILLUSTRATIVE}.", ""]
    for i, lp in enumerate(loops, 1):
        flag = "" if lp.active else " (inactive at this state)"
        title = f"{lp.name}: " if lp.name else ""
        lines.append(f"{i:4d} {lp.letter} {title}{' -> '.join(lp.nodes)}{flag}")
        if lp.meaning:
            lines.append(f"       {lp.meaning}")
    if hidden and not undetermined:
        lines += ["", f"{len(hidden)} more loops have a link never active in this run "
                  "(e.g. a lever at 0); show them with undetermined=True (--all)."]  # fmt: skip
    return "\n".join(lines)
