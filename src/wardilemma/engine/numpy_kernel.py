"""The NumPy kernel: a model compiled, for one set of input arrays, into a step function.

Arrays
------
* inside the kernel a national variable has shape ``(1, members)`` and a regional one
  ``(regions, members)``: operations run along the long, contiguous members axis;
* the state vector packs every stock, declared and hidden, into ``(rows, members)``;
* the inputs (:func:`~wardilemma.engine.inputs.scenario_inputs`) use ``(members, regions)``.

A variable can be *held* on an exogenous path (:class:`Held`): its equation is computed, then
replaced, for the members the path covers, by the path's value interpolated at the step's
time, before anything downstream reads it (the initial values too). This is how
``wardilemma explain`` switches a channel off: it holds it at its value on another run.

Nothing here knows the war-economy model or scenario files: :meth:`Kernel.build` takes a
:class:`~wardilemma.model.Model` and arrays, so another backend (a numba or JavaScript
kernel) can be generated from the same definition and fed the same arrays.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np

from wardilemma.builtins import BUILTINS
from wardilemma.engine.plan import Plan, plan_of
from wardilemma.language import (
    BinOp,
    Call,
    Compare,
    EquationError,
    Neg,
    Node,
    Num,
    Ref,
    builtin_args,
    render,
)
from wardilemma.model.compiler import Model, ModelError
from wardilemma.scenario.schedules import Schedule

__all__ = ["Compiled", "Held", "Kernel", "compile_numpy"]

#: A compiled expression: ``f(values, time)`` with ``values`` mapping names to arrays.
Compiled = Callable[[Mapping[str, np.ndarray], float], np.ndarray | float]

_NP_BINOPS: dict[str, Callable] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
    "**": np.power,
}
_NP_CMP: dict[str, Callable] = {
    "<": np.less,
    "<=": np.less_equal,
    ">": np.greater,
    ">=": np.greater_equal,
    "==": np.equal,
    "!=": np.not_equal,
}


class Held:
    """An exogenous path for one variable: its values at ``times`` (months, increasing),
    shape ``(len(times), members, width)``, for the members where ``mask`` is true (all when
    ``mask`` is None); the others keep their own equation.

    Between two times the value is interpolated linearly; before the first and after the last
    it is the first or last value. Recorded at every step of a run with the same ``dt``
    (Euler), the path is reproduced exactly.
    """

    def __init__(
        self, times: np.ndarray, values: np.ndarray, mask: np.ndarray | None = None
    ) -> None:
        times = np.asarray(times, dtype=float)
        values = np.asarray(values, dtype=float)
        if times.ndim != 1 or values.ndim != 3 or values.shape[0] != times.size:
            raise ValueError("a held path needs times (T,) and values (T, members, width)")
        if times.size > 1 and not np.all(np.diff(times) > 0):
            raise ValueError("the times of a held path must increase")
        self.times = times
        self.values = np.ascontiguousarray(values.transpose(0, 2, 1))  # (T, width, members)
        self.mask = None if mask is None else np.asarray(mask, dtype=bool)[None, :]

    @property
    def members(self) -> int:
        return int(self.values.shape[2])

    def value_at(self, t: float) -> np.ndarray:
        """The path at time ``t``, shape ``(width, members)``."""
        times = self.times
        k = int(np.searchsorted(times, t))
        if k < times.size and abs(times[k] - t) <= 1e-9:
            return self.values[k]
        if k == 0:
            return self.values[0]
        if k >= times.size:
            return self.values[-1]
        w = (t - times[k - 1]) / (times[k] - times[k - 1])
        return (1.0 - w) * self.values[k - 1] + w * self.values[k]

    def apply(self, own: np.ndarray, t: float) -> np.ndarray:
        """``own`` (the equation's value) with the held members replaced."""
        value = self.value_at(t)
        if self.mask is None:
            return value
        return np.where(self.mask, value, own)


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
    plan: Plan
    held: dict[str, Held] = field(default_factory=dict)

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
        held: Mapping[str, Held] | None = None,
    ) -> Kernel:
        """Compile the model for given parameter arrays, shape (members, 1 or regions);
        ``held`` variables follow their exogenous paths (:class:`Held`)."""
        held = dict(held or {})
        members = max((v.shape[0] for v in values.values()), default=1)
        members = max([members, *(h.members for h in held.values())])
        for name, path in held.items():
            if name not in model.elements or name in model.parameters or name in model.lookups:
                raise ModelError(f"cannot hold {name!r}: only a stock, flow or auxiliary")
            if name in model.stocks:
                raise ModelError(f"cannot hold the stock {name!r}: hold one of its flows")
            if path.members != members:
                raise ModelError(
                    f"the held path of {name!r} has {path.members} members, the run {members}"
                )
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

        plan = plan_of(model)
        eqs = model.engine_equations
        # auxiliaries that depend on neither time, stocks nor schedules are computed once
        once, each = plan.split([*schedules, *held])
        env = dict(base)
        for name in once:
            env[name] = _full(comp(eqs[name])(env, initial_time), members, width[name])
        ordered = [(name, comp(eqs[name])) for name in each]
        stock_slices = {n: plan.state.slice(n, len(regions)) for n in plan.state.names}
        derivatives = [(stock_slices[n], comp(node)) for n, node in plan.derivatives]
        col = plan.state.size(len(regions))
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
            held=held,
            plan=plan,
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
        """Stocks at the initial time, shape (rows, members), computed in the plan's initial
        order (:attr:`Plan.initial`). Both branches of an ``if_then_else`` are computed, so
        a guarded division may divide by zero in the branch not taken: NumPy's warning is
        silenced here, as in the time loop (the compiled kernel never warns), and a value
        that is really not finite is the state check's to report."""
        t0 = self.initial_time
        values = self._inputs(t0)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            for name, node in self.plan.initial:
                if name in values:  # a value computed once (or a held one's: the same)
                    continue
                value = self.compile_node(node)(values, t0)
                value = _full(value, self.members, self.width(name))
                values[name] = self.held[name].apply(value, t0) if name in self.held else value
        state = np.empty((self.n_columns, self.members))
        for name, sl in self.stock_slices.items():
            state[sl] = values[name]
        return state

    def evaluate(self, state: np.ndarray, t: float) -> dict[str, np.ndarray]:
        """Every variable at time ``t`` for the given state."""
        v = self._inputs(t)
        for name, sl in self.stock_slices.items():
            v[name] = state[sl]
        held = self.held
        for name, f in self.ordered:
            v[name] = f(v, t)
            if name in held:
                v[name] = held[name].apply(_full(v[name], self.members, self.width(name)), t)
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


def _full(value: np.ndarray | float, members: int, width: int) -> np.ndarray:
    return np.broadcast_to(np.asarray(value, dtype=float), (width, members))


# --------------------------------------------------------------------------- compiling


def compile_numpy(
    node: Node,
    *,
    dt: float,
    constants: Mapping[str, float],
    lookups: Mapping[str, tuple[np.ndarray, np.ndarray]],
) -> Compiled:
    """Compile a tree (with stateful calls already expanded) into a vectorised closure.

    Parameters
    ----------
    node
        The expression. Stateful builtins must have been replaced by references to
        hidden stocks (see :mod:`wardilemma.model.compiler`).
    dt
        Time step in months; used by ``step`` and ``pulse`` as in Vensim/PySD.
    constants
        Values of ``initial_time`` and ``final_time`` (``time`` is the closure's argument).
    lookups
        ``name -> (x points, y points)``; evaluated with linear interpolation, clamped
        at the ends (``numpy.interp``).
    """

    def c(n: Node) -> Compiled:
        return compile_numpy(n, dt=dt, constants=constants, lookups=lookups)

    match node:
        case Num(value):
            number = np.float64(value)  # NumPy semantics: 1/0 gives inf, never raises
            return lambda v, t: number
        case Ref("time"):
            return lambda v, t: t
        case Ref("dt"):
            return lambda v, t: dt
        case Ref(name) if name in constants:
            const = constants[name]
            return lambda v, t: const
        case Ref(name):
            return lambda v, t: v[name]
        case Neg(operand):
            f = c(operand)
            return lambda v, t: -f(v, t)
        case BinOp(op, left, right):
            fn = _NP_BINOPS[op]
            # fast paths for the common leaves (a variable or a number): one call less each
            ln, rn = _leaf_name(left, constants), _leaf_name(right, constants)
            if ln and rn:
                return lambda v, t: fn(v[ln], v[rn])
            if ln and isinstance(right, Num):
                rv = np.float64(right.value)
                return lambda v, t: fn(v[ln], rv)
            if rn and isinstance(left, Num):
                lv = np.float64(left.value)
                return lambda v, t: fn(lv, v[rn])
            fl, fr = c(left), c(right)
            if ln:
                return lambda v, t: fn(v[ln], fr(v, t))
            if rn:
                return lambda v, t: fn(fl(v, t), v[rn])
            return lambda v, t: fn(fl(v, t), fr(v, t))
        case Compare(op, left, right):
            fl, fr, fc = c(left), c(right), _NP_CMP[op]
            return lambda v, t: np.where(fc(fl(v, t), fr(v, t)), 1.0, 0.0)
        case Call(func, args) if func in lookups:
            xs, ys = lookups[func]
            fa = c(args[0])

            def lookup(v: Mapping[str, np.ndarray], t: float) -> np.ndarray:
                x = np.asarray(fa(v, t), dtype=float)
                return np.interp(x.ravel(), xs, ys).reshape(x.shape)

            return lookup
        case Call(func, args):
            row = BUILTINS.get(func)
            if row is None or row.numpy is None:
                raise EquationError("?", f"function {func} must be expanded before compiling", func)
            return _call(row.kind, row.numpy, [c(a) for a in builtin_args(node)], dt)
    raise EquationError("?", "cannot compile", render(node))


def _leaf_name(node: Node, constants: Mapping[str, float]) -> str | None:
    """Name of a plain variable reference (not time, dt or a constant), else None."""
    if isinstance(node, Ref) and node.name not in ("time", "dt") and node.name not in constants:
        return node.name
    return None


def _call(kind: str, f: Callable[..., np.ndarray], fs: list[Compiled], dt: float) -> Compiled:
    """A builtin's NumPy function over its compiled arguments: ``f(t, dt, *args)`` for a
    time builtin, ``f(*args)`` for the others (one closure per arity: no list per call)."""
    if kind == "time":
        match fs:
            case [a]:
                return lambda v, t: f(t, dt, a(v, t))
            case [a, b]:
                return lambda v, t: f(t, dt, a(v, t), b(v, t))
            case [a, b, c]:
                return lambda v, t: f(t, dt, a(v, t), b(v, t), c(v, t))
            case [a, b, c, d]:
                return lambda v, t: f(t, dt, a(v, t), b(v, t), c(v, t), d(v, t))
        return lambda v, t: f(t, dt, *(g(v, t) for g in fs))
    match fs:
        case [a]:
            return lambda v, t: f(a(v, t))
        case [a, b]:
            return lambda v, t: f(a(v, t), b(v, t))
        case [a, b, c]:
            return lambda v, t: f(a(v, t), b(v, t), c(v, t))
    return lambda v, t: f(*(g(v, t) for g in fs))
