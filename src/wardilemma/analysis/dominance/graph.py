"""The flattened dependency graph of a run, the loops through a target and their names.

A node is a variable in one region (``discontent[provinces]``); a link between regional
variables joins the same region unless the effect sums over regions. Loops through the
target are enumerated depth-first up to a length and named after the loops of the brief
(:data:`wardilemma.analysis.loops.NAMED_LOOPS`) or the stocks they pass through.
Illustrative model, not a forecast.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from wardilemma.analysis.loops import NAMED_LOOPS, TARGET_LOOPS, dependency_graph
from wardilemma.language import Call, Node, Ref
from wardilemma.model import Model

#: Reductions over regions: a cause inside one reaches every region of the effect.
_REDUCTIONS = frozenset({"sum_regions", "mean_regions"})


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
    base = {n: n.split("[")[0].split(" (")[0] for n in {n for lab in labels for n in lab}}
    variables = [{base[n] for n in lab} for lab in labels]
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
