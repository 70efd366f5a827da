"""The NumPy kernel: a model compiled, for one set of input arrays, into a step function.

Arrays
------
* inside the kernel a national variable has shape ``(1, members)`` and a regional one
  ``(regions, members)``: operations run along the long, contiguous members axis;
* the state vector packs every stock, declared and hidden, into ``(rows, members)``;
* the inputs (:func:`~wardilemma.engine.run.scenario_inputs`) use ``(members, regions)``.

Nothing here knows the war-economy model or scenario files: :meth:`Kernel.build` takes a
:class:`~wardilemma.model.Model` and arrays, so another backend (a numba or JavaScript
kernel) can be generated from the same definition and fed the same arrays.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from wardilemma.language import FUNCTIONS, Compiled, Node, called, compile_numpy, references
from wardilemma.model.compiler import Model, ModelError
from wardilemma.scenario.schedules import Schedule

__all__ = ["Kernel"]


class _LazyValues(dict):
    """Values at the initial time, computed on first use (initial values may reference any
    variable, as in Vensim); detects circular initial definitions."""

    def __init__(self, compute: Callable[[str], np.ndarray]) -> None:
        super().__init__()
        self._compute = compute
        self._busy: list[str] = []

    def __missing__(self, name: str) -> np.ndarray:
        if name in self._busy:
            loop = " -> ".join([*self._busy[self._busy.index(name) :], name])
            raise ModelError(f"circular initial values: {loop}")
        self._busy.append(name)
        try:
            value = self._compute(name)
        finally:
            self._busy.pop()
        self[name] = value
        return value


@dataclass
class Kernel:
    """The compiled step function of a model for one set of inputs.

    Build it with :meth:`build`; :meth:`dydt` gives the net flows of every stock (the
    ``fun(t, y)`` of the integrators), :meth:`rates` the same and every variable's value.
    """

    model: Model
    regions: tuple[str, ...]
    members: int
    dt: float
    initial_time: float
    final_time: float
    base: dict[str, np.ndarray]
    schedules: dict[str, Schedule]
    ordered: list[tuple[str, Compiled]]
    derivatives: list[tuple[slice, Compiled]]
    stock_slices: dict[str, slice]
    n_columns: int
    compile_node: Callable[[Node], Compiled]

    @classmethod
    def build(
        cls,
        model: Model,
        *,
        regions: tuple[str, ...],
        values: Mapping[str, np.ndarray],
        schedules: Mapping[str, Schedule],
        dt: float,
        initial_time: float,
        final_time: float,
    ) -> Kernel:
        """Compile the model for given parameter arrays, shape (members, 1 or regions)."""
        members = max((v.shape[0] for v in values.values()), default=1)
        width = {n: (len(regions) if n in model.regional else 1) for n in _all_names(model)}
        base = {n: np.broadcast_to(v.T, (width[n], members)) for n, v in values.items()}
        missing = set(model.parameters) - set(base)
        if missing:
            raise ModelError(f"no value for parameters: {', '.join(sorted(missing))}")
        constants = {"initial_time": initial_time, "final_time": final_time}
        lookups = {
            n: (np.asarray(lk.xs, float), np.asarray(lk.ys, float))
            for n, lk in model.lookups.items()
        }

        def comp(node: Node) -> Compiled:
            """The NumPy backend for this run's dt, time bounds and lookups."""
            return compile_numpy(node, dt=dt, constants=constants, lookups=lookups)

        eqs = model.engine_equations
        # auxiliaries that depend on neither time, stocks nor schedules are computed once
        varying = set(model.stocks) | {h.name for h in model.hidden_stocks} | set(schedules)
        varying |= {"time"}
        ordered: list[tuple[str, Compiled]] = []
        env = dict(base)
        for name in model.order:
            refs = references(eqs[name])
            f = comp(eqs[name])
            if refs & varying or _calls_time_function(eqs[name]):
                varying.add(name)
                ordered.append((name, f))
            else:
                env[name] = _full(f(env, initial_time), members, width[name])
        stock_slices: dict[str, slice] = {}
        derivatives: list[tuple[slice, Compiled]] = []
        col = 0
        stock_nodes = [(n, model.stock_derivative(n)) for n in model.stocks]
        stock_nodes += [(h.name, h.derivative) for h in model.hidden_stocks]
        for name, deriv in stock_nodes:
            sl = slice(col, col + width[name])
            col += width[name]
            stock_slices[name] = sl
            derivatives.append((sl, comp(deriv)))
        return cls(
            model=model,
            regions=regions,
            members=members,
            dt=dt,
            initial_time=initial_time,
            final_time=final_time,
            base=env,
            schedules=dict(schedules),
            ordered=ordered,
            derivatives=derivatives,
            stock_slices=stock_slices,
            n_columns=col,
            compile_node=comp,
        )

    # ------------------------------------------------------------------ evaluation

    def width(self, name: str) -> int:
        return len(self.regions) if name in self.model.regional else 1

    def _inputs(self, t: float) -> dict[str, np.ndarray]:
        v = dict(self.base)
        for name, sched in self.schedules.items():
            v[name] = sched.value_at(t, self.base[name].T).T  # schedules work in (members, w)
        return v

    def initial_state(self) -> np.ndarray:
        """Stocks at the initial time, shape (rows, members)."""
        model, t0 = self.model, self.initial_time
        eqs = model.engine_equations
        initial_nodes = {n: eqs[n] for n in model.stocks}
        initial_nodes.update({h.name: h.initial for h in model.hidden_stocks})
        inputs = self._inputs(t0)

        def compute(name: str) -> np.ndarray:
            if name in inputs:
                return inputs[name]
            node = initial_nodes.get(name, eqs.get(name))
            if node is None:
                raise ModelError(f"unknown name {name!r} in an initial value")
            return _full(self.compile_node(node)(values, t0), self.members, self.width(name))

        values = _LazyValues(compute)
        state = np.empty((self.n_columns, self.members))
        for name, sl in self.stock_slices.items():
            state[sl] = values[name]
        return state

    def evaluate(self, state: np.ndarray, t: float) -> dict[str, np.ndarray]:
        """Every variable at time ``t`` for the given state."""
        v = self._inputs(t)
        for name, sl in self.stock_slices.items():
            v[name] = state[sl]
        for name, f in self.ordered:
            v[name] = f(v, t)
        return v

    def dydt(self, t: float, y: np.ndarray) -> np.ndarray:
        """Net flow of every stock at time ``t``: the ``fun(t, y)`` of
        :mod:`~wardilemma.engine.integrators`, shape (rows, members)."""
        return self.rates(y, t)[0]

    def rates(self, state: np.ndarray, t: float) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """Net flow of every stock (per month) and the values used to compute it."""
        v = self.evaluate(state, t)
        d = np.empty_like(state)
        for sl, f in self.derivatives:
            d[sl] = f(v, t)
        return d, v


def _all_names(model: Model) -> list[str]:
    return [*model.elements, *(h.name for h in model.hidden_stocks)]


def _calls_time_function(node: Node) -> bool:
    """Whether the tree calls ``step``, ``pulse``... (references to ``time`` are inputs)."""
    return any(FUNCTIONS[f].kind == "time" for f in called(node) if f in FUNCTIONS)


def _full(value: np.ndarray | float, members: int, width: int) -> np.ndarray:
    return np.broadcast_to(np.asarray(value, dtype=float), (width, members))
