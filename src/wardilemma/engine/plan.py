"""The engine plan: what sits below the expression trees, decided once for every backend.

The NumPy kernel (:mod:`~wardilemma.engine.numpy_kernel`), the numba generator
(:mod:`~wardilemma.engine.numba`) and the JavaScript generator
(:mod:`~wardilemma.export.javascript`) all read the same :class:`Plan` of a model:

* :attr:`Plan.initial`: the names computed for the initial values, in order, each with the
  tree that gives its value at the initial time (a stock's initial value, a hidden stock's
  ``initial``, an auxiliary's equation): initial values may refer to any variable, as in
  Vensim, and a circular definition is a :class:`~wardilemma.model.ModelError`;
* :meth:`Plan.split`: which flows and auxiliaries are computed once per member, before the
  time loop (they depend on no stock, no time-dependent builtin and no varying input), and
  which at every evaluation, in :attr:`Model.order`;
* :attr:`Plan.state`: the state vector, declared stocks then hidden ones (``smooth``,
  ``delay``), a national stock one row, a regional one a row per region, and each stock's
  net flow (:attr:`Plan.derivatives`).

Illustrative model, not a forecast.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from wardilemma.builtins import BUILTINS
from wardilemma.engine.caches import ObjectCache
from wardilemma.language import BUILTIN_NAMES, Node, called, references
from wardilemma.model.compiler import Model, ModelError

__all__ = ["Plan", "StateLayout", "plan_of"]


@dataclass(frozen=True)
class StateLayout:
    """Rows of the state vector: stock ``name`` starts at row ``a + b * R`` (``R`` regions,
    known only at run time), ``(a, b) = offsets[name]``: ``a`` national and ``b`` regional
    stocks come before it."""

    names: tuple[str, ...]
    offsets: dict[str, tuple[int, int]]
    regional: frozenset[str]

    @classmethod
    def of(cls, names: Iterable[str], regional: frozenset[str]) -> StateLayout:
        offsets: dict[str, tuple[int, int]] = {}
        a = b = 0
        for name in names:
            offsets[name] = (a, b)
            if name in regional:
                b += 1
            else:
                a += 1
        return cls(tuple(offsets), offsets, regional)

    def start(self, name: str, n_regions: int) -> int:
        a, b = self.offsets[name]
        return a + b * n_regions

    def width(self, name: str, n_regions: int) -> int:
        return n_regions if name in self.regional else 1

    def slice(self, name: str, n_regions: int) -> slice:
        start = self.start(name, n_regions)
        return slice(start, start + self.width(name, n_regions))

    def size(self, n_regions: int) -> int:
        n_regional = sum(1 for n in self.names if n in self.regional)
        return len(self.names) - n_regional + n_regional * n_regions


@dataclass(frozen=True)
class Plan:
    """What every backend reads below the trees of one model (see the module docstring)."""

    model: Model
    initial: tuple[tuple[str, Node], ...]
    state: StateLayout
    derivatives: tuple[tuple[str, Node], ...]

    def split(self, inputs: Iterable[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Flows and auxiliaries computed once, and those computed at every evaluation,
        each in evaluation order, when the names ``inputs`` vary in time (scheduled levers,
        or held variables, which vary whatever they refer to)."""
        model = self.model
        eqs = model.engine_equations
        given = set(inputs)
        varying = set(self.state.names) | {"time"} | given
        once: list[str] = []
        each: list[str] = []
        for name in model.order:
            if name in given or references(eqs[name]) & varying or _calls_time(eqs[name]):
                varying.add(name)
                each.append(name)
            else:
                once.append(name)
        return tuple(once), tuple(each)


def _calls_time(node: Node) -> bool:
    """Whether the tree calls ``step``, ``pulse``... (references to ``time`` are inputs)."""
    return any(BUILTINS[f].kind == "time" for f in called(node) if f in BUILTINS)


_PLANS: ObjectCache[Plan] = ObjectCache()


def plan_of(model: Model) -> Plan:
    """The model's plan, built once per model object.

    Raises
    ------
    ModelError
        On circular initial values, naming the loop.
    """
    return _PLANS.get(model, lambda: _build(model))


def _build(model: Model) -> Plan:
    hidden = model.hidden_stocks
    stocks = (*model.stocks, *(h.name for h in hidden))
    derivatives = [(n, model.stock_derivative(n)) for n in model.stocks]
    derivatives += [(h.name, h.derivative) for h in hidden]
    return Plan(
        model=model,
        initial=_initial_order(model),
        state=StateLayout.of(stocks, model.regional),
        derivatives=tuple(derivatives),
    )


def _initial_order(model: Model) -> tuple[tuple[str, Node], ...]:
    """Stocks (declared, then hidden) and what their initial values need, each after what
    it refers to, with the tree of its initial value."""
    eqs = model.engine_equations
    nodes = {n: eqs[n] for n in model.stocks}
    nodes.update({h.name: h.initial for h in model.hidden_stocks})
    leaves = set(model.parameters) | set(BUILTIN_NAMES)
    done: list[tuple[str, Node]] = []
    state: dict[str, int] = {}

    def visit(name: str, path: list[str]) -> None:
        if name in leaves or state.get(name) == 2:
            return
        if state.get(name) == 1:
            loop = " -> ".join([*path[path.index(name) :], name])
            raise ModelError(f"circular initial values: {loop}")
        node = nodes.get(name, eqs.get(name))
        if node is None:
            raise ModelError(f"unknown name {name!r} in an initial value")
        state[name] = 1
        for ref in sorted(references(node)):
            visit(ref, [*path, name])
        state[name] = 2
        done.append((name, node))

    for name in nodes:
        visit(name, [])
    return tuple(done)
