"""Turn sector declarations into a checked :class:`Model`: parsed equations, the dependency
graph, region dimension, evaluation order, units, and stateful builtins expanded into
hidden stocks (as Vensim and Stella do internally).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cached_property

from wardilemma.builtins import STATEFUL
from wardilemma.errors import InputError
from wardilemma.language import (
    BUILTIN_NAMES,
    BinOp,
    Call,
    Compare,
    EquationError,
    Neg,
    Node,
    Num,
    Ref,
    called,
    infer_units,
    parse,
    references,
)
from wardilemma.model.spec import Auxiliary, Element, Flow, Lookup, Parameter, Sector, Stock
from wardilemma.units import Units, parse_units

__all__ = ["HiddenStock", "Model", "ModelError", "is_regional"]

_TIME_UNITS = {"time": "month", "dt": "month", "initial_time": "month", "final_time": "month"}


class ModelError(InputError, ValueError):
    """The model definition is inconsistent (unknown name, algebraic loop, bad units...)."""


@dataclass(frozen=True)
class HiddenStock:
    """A stock created by expanding a stateful builtin (``smooth``, ``delay3``...)."""

    name: str
    owner: str
    initial: Node
    derivative: Node


@dataclass(frozen=True)
class Model:
    """A compiled system-dynamics model.

    Attributes
    ----------
    sectors
        The declarations, grouped by sector (the single source of truth).
    regions
        Default region names (the region dimension); scenarios may add regions.
    """

    sectors: tuple[Sector, ...]
    regions: tuple[str, ...]
    name: str = "model"

    # ------------------------------------------------------------------ catalogue

    @cached_property
    def elements(self) -> dict[str, Element]:
        """Every declared element by name, each stamped with its sector key."""
        out: dict[str, Element] = {}
        for sector in self.sectors:
            for el in sector.elements:
                if el.name in out:
                    raise ModelError(f"{el.name!r} is declared twice")
                if el.name in BUILTIN_NAMES:
                    raise ModelError(f"{el.name!r} is a reserved name")
                out[el.name] = replace(el, sector=sector.key)
        return out

    def _of(self, kind: type) -> dict:
        return {n: e for n, e in self.elements.items() if isinstance(e, kind)}

    @cached_property
    def parameters(self) -> dict[str, Parameter]:
        return self._of(Parameter)

    @cached_property
    def stocks(self) -> dict[str, Stock]:
        return self._of(Stock)

    @cached_property
    def flows(self) -> dict[str, Flow]:
        return self._of(Flow)

    @cached_property
    def auxiliaries(self) -> dict[str, Auxiliary]:
        return self._of(Auxiliary)

    @cached_property
    def lookups(self) -> dict[str, Lookup]:
        return self._of(Lookup)

    def suggest(self, name: str, among: Iterable[str] | None = None) -> list[str]:
        """Closest valid names to a misspelt one."""
        pool = list(among if among is not None else self.elements)
        return difflib.get_close_matches(name, pool, n=3, cutoff=0.6)

    # ------------------------------------------------------------------ equations

    @cached_property
    def equations(self) -> dict[str, Node]:
        """Parsed equation of every flow and auxiliary, and initial value of every stock."""
        lookups = frozenset(self.lookups)
        known = set(self.elements) | set(BUILTIN_NAMES)
        out: dict[str, Node] = {}
        for name, el in self.elements.items():
            if isinstance(el, Flow | Auxiliary):
                text = el.equation
            elif isinstance(el, Stock):
                text = el.initial
            else:
                continue
            node = parse(text, variable=name, lookups=lookups)
            for ref in references(node):
                if ref not in known or ref in lookups:
                    hint = self.suggest(ref, known)
                    extra = f"; did you mean {', '.join(hint)}?" if hint else ""
                    raise EquationError(name, f"unknown name{extra}", ref)
            out[name] = node
        for name, stock in self.stocks.items():
            for flow in (*stock.inflows, *stock.outflows):
                if flow not in self.flows:
                    raise ModelError(f"stock {name!r}: {flow!r} is not a declared flow")
        return out

    @cached_property
    def dependencies(self) -> dict[str, set[str]]:
        """Direct causes of each variable: equation references, and a stock's flows.

        For a stock the inputs are its flows (the initial value is listed separately in
        :attr:`initial_dependencies`). This is the graph the docs, diagrams and loop
        analysis read.
        """
        deps: dict[str, set[str]] = {}
        for name in self.elements:
            if name in self.stocks:
                s = self.stocks[name]
                deps[name] = set(s.inflows) | set(s.outflows)
            elif name in self.equations:
                deps[name] = references(self.equations[name]) - set(BUILTIN_NAMES)
                deps[name] |= {f for f in called(self.equations[name]) if f in self.lookups}
            else:
                deps[name] = set()
        return deps

    @cached_property
    def regional(self) -> frozenset[str]:
        """Names of variables that have the region dimension."""
        out = {n for n, p in self.parameters.items() if p.regional}
        out |= {n for n, s in self.stocks.items() if s.regional}
        eqs = self.engine_equations
        changed = True
        while changed:  # hidden stocks and auxiliaries inherit the dimension of their inputs
            changed = False
            for name in self.order:
                if name not in out and is_regional(eqs[name], out):
                    out.add(name)
                    changed = True
            for h in self.hidden_stocks:
                if h.name not in out and (
                    is_regional(h.derivative, out) or is_regional(h.initial, out)
                ):
                    out.add(h.name)
                    changed = True
        for name, stock in self.stocks.items():
            for flow in (*stock.inflows, *stock.outflows):
                if (flow in out) and not stock.regional:
                    raise ModelError(f"national stock {name!r} has regional flow {flow!r}")
        for name, el in self.elements.items():
            declared = getattr(el, "regional", None)
            if isinstance(el, Flow | Auxiliary) and declared is not None:
                if declared != (name in out):
                    said, got = ("regional", "national") if declared else ("national", "regional")
                    raise ModelError(
                        f"{name!r} is declared {said} (regional={declared}) but its equation "
                        f"makes it {got}: {el.equation}"
                    )
        return frozenset(out)

    # ------------------------------------------------------------------ engine form

    @cached_property
    def _expanded(self) -> tuple[dict[str, Node], tuple[HiddenStock, ...]]:
        hidden: list[HiddenStock] = []
        expanded = {name: _expand(node, name, hidden) for name, node in self.equations.items()}
        return expanded, tuple(hidden)

    @property
    def engine_equations(self) -> dict[str, Node]:
        """Equations with stateful builtins replaced by references to hidden stocks."""
        return self._expanded[0]

    @property
    def hidden_stocks(self) -> tuple[HiddenStock, ...]:
        return self._expanded[1]

    def stock_derivative(self, name: str) -> Node:
        """Net flow of a declared stock: sum of inflows minus sum of outflows."""
        stock = self.stocks[name]
        node: Node = Num(0.0)
        for f in stock.inflows:
            node = Ref(f) if node == Num(0.0) else BinOp("+", node, Ref(f))
        for f in stock.outflows:
            node = Neg(Ref(f)) if node == Num(0.0) else BinOp("-", node, Ref(f))
        return node

    @cached_property
    def order(self) -> tuple[str, ...]:
        """Evaluation order of flows and auxiliaries (stocks and parameters are known).

        Raises
        ------
        ModelError
            On an algebraic loop (a cycle that does not pass through a stock), naming it.
        """
        eqs = self.engine_equations
        hidden = {h.name for h in self.hidden_stocks}
        pending = [n for n in self.elements if isinstance(self.elements[n], Flow | Auxiliary)]
        sources = set(self.parameters) | set(self.stocks) | hidden | set(BUILTIN_NAMES)
        done: list[str] = []
        state: dict[str, int] = {}

        def visit(name: str, path: list[str]) -> None:
            if state.get(name) == 2 or name in sources:
                return
            if state.get(name) == 1:
                loop = [*path[path.index(name) :], name]
                raise ModelError("algebraic loop (no stock on it): " + " -> ".join(loop))
            state[name] = 1
            for ref in sorted(references(eqs[name])):
                visit(ref, [*path, name])
            state[name] = 2
            done.append(name)

        for name in pending:
            visit(name, [])
        return tuple(done)

    # ------------------------------------------------------------------ units

    def units(self, name: str) -> Units:
        """Declared units of a variable or builtin name."""
        if name in _TIME_UNITS:
            return parse_units(_TIME_UNITS[name])
        el = self.elements[name]
        if isinstance(el, Lookup):
            raise ModelError(f"lookup {name!r} has input and output units, not one")
        return parse_units(el.units)

    def check_units(self) -> list[str]:
        """Dimensional check of every equation and stock; returns a list of problems."""
        problems: list[str] = []
        lookup_units = {
            n: (parse_units(lk.x_units), parse_units(lk.y_units)) for n, lk in self.lookups.items()
        }
        month = parse_units("month")
        for name, node in self.equations.items():
            try:
                got = infer_units(
                    node, variable=name, units_of=self.units, lookup_units=lookup_units
                )
            except EquationError as exc:
                problems.append(str(exc))
                continue
            want = self.units(name)
            if got is not None and got != want:
                problems.append(f"{name}: equation gives {got}, declared {want}")
        for name, stock in self.stocks.items():
            want = self.units(name) / month
            for flow in (*stock.inflows, *stock.outflows):
                if self.units(flow) != want:
                    problems.append(
                        f"stock {name}: flow {flow} is in {self.units(flow)}, expected {want}"
                    )
        return problems

    def default_values(self) -> dict[str, float | dict[str, float]]:
        """Default parameter values: scalars, or ``{region: value}`` for regional ones."""
        return {
            n: (dict(p.default) if isinstance(p.default, Mapping) else float(p.default))
            for n, p in self.parameters.items()
        }


def is_regional(node: Node, regional: set[str] | frozenset[str]) -> bool:
    """Whether an expression has the region dimension, given the regional names."""
    match node:
        case Ref(name):
            return name in regional
        case Call("sum_regions" | "mean_regions", _):
            return False
        case Call(_, args):
            return any(is_regional(a, regional) for a in args)
        case Neg(operand):
            return is_regional(operand, regional)
        case BinOp(_, left, right) | Compare(_, left, right):
            return is_regional(left, regional) or is_regional(right, regional)
    return False


def _expand(node: Node, owner: str, hidden: list[HiddenStock]) -> Node:
    """Replace stateful calls (innermost first) by references to new hidden stocks."""
    match node:
        case Neg(operand):
            return Neg(_expand(operand, owner, hidden))
        case BinOp(op, left, right):
            return BinOp(op, _expand(left, owner, hidden), _expand(right, owner, hidden))
        case Compare(op, left, right):
            return Compare(op, _expand(left, owner, hidden), _expand(right, owner, hidden))
        case Call(func, args):
            args = tuple(_expand(a, owner, hidden) for a in args)
            if func not in STATEFUL:
                return Call(func, args)
            return _expand_stateful(func, args, owner, hidden)
    return node


def _expand_stateful(func: str, args: tuple[Node, ...], owner: str, hidden: list) -> Node:
    x, delay = args[0], args[1]
    init = args[2] if len(args) == 3 else x
    k = sum(1 for h in hidden if h.owner == owner)
    base = f"_{owner}_{func}{k}"
    order = 3 if func.endswith("3") else 1
    stage_time = delay if order == 1 else BinOp("/", delay, Num(3.0))
    names = [f"{base}_{i}" for i in range(order)]
    if func.startswith("smooth"):
        previous = x
        for name in names:
            deriv = BinOp("/", BinOp("-", previous, Ref(name)), stage_time)
            hidden.append(HiddenStock(name, owner=owner, initial=init, derivative=deriv))
            previous = Ref(name)
        return Ref(names[-1])
    # material delay: each stage holds inflow * stage_time at equilibrium
    previous = x
    for name in names:
        outflow = BinOp("/", Ref(name), stage_time)
        deriv = BinOp("-", previous, outflow)
        initial = BinOp("*", init, stage_time)
        hidden.append(HiddenStock(name, owner=owner, initial=initial, derivative=deriv))
        previous = outflow
    return previous
