"""The simulation engine: an ensemble of parameter sets advanced together, one NumPy pass per
time step for all members.

Arrays
------
* inside the kernel a national variable has shape ``(1, members)`` and a regional one
  ``(regions, members)``: operations run along the long, contiguous members axis;
* the state vector packs every stock, declared and hidden, into ``(rows, members)``;
* inputs (:func:`~wardilemma.scenario.scenario_inputs`) and outputs
  (:class:`~wardilemma.results.Results`) use ``(members, regions)``.

Integrators live in :data:`METHODS` (a registry of small functions, as in scipy's
``solve_ivp``). Euler follows Vensim/Stella semantics: at each saved time the stocks and
every auxiliary are recorded, then stocks advance by ``dt * net flow``. RK4 uses the same
fixed step. There is no adaptive method (scipy's ``solve_ivp``) on purpose: ``pulse``
depends on ``dt`` by definition (magnitude/dt for one step), ``step``, ``pulse_train``,
``if_then_else``, ``min``/``max`` and schedules are discontinuous, and the war-economy
model uses them all (the ceasefire is a step, call-ups a pulse train), so an adaptive
solver would either stall at each switch or step over it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .language import FUNCTIONS, Compiled, Node, called, compile_numpy, references
from .model.compiler import Model, ModelError
from .results import Results
from .schedules import Schedule

if TYPE_CHECKING:  # pragma: no cover
    from .scenario import Scenario

__all__ = ["METHODS", "Kernel", "SimulationError", "run_kernel", "simulate"]


class SimulationError(RuntimeError):
    """The simulation could not run (bad time specification, non-finite values...)."""


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

    Build it with :meth:`build`; call :meth:`rates` to get the net flows of every stock.
    Nothing here knows the war-economy model: the kernel is generated from the
    definition, so another backend (a numba kernel) can be generated from the same source.
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
            v[name] = sched.at(t, self.base[name].T).T  # schedules work in (members, w)
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


# ---------------------------------------------------------------------- integrators

Step = Callable[[Kernel, np.ndarray, float, float, np.ndarray], np.ndarray]


def _euler(kernel: Kernel, y: np.ndarray, t: float, dt: float, k1: np.ndarray) -> np.ndarray:
    """Explicit Euler, the system-dynamics default (Vensim, Stella, PySD)."""
    return y + dt * k1


def _rk4(kernel: Kernel, y: np.ndarray, t: float, dt: float, k1: np.ndarray) -> np.ndarray:
    """Classical fourth-order Runge-Kutta with a fixed step."""
    k2, _ = kernel.rates(y + dt / 2 * k1, t + dt / 2)
    k3, _ = kernel.rates(y + dt / 2 * k2, t + dt / 2)
    k4, _ = kernel.rates(y + dt * k3, t + dt)
    return y + dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4)


#: Fixed-step integrators by name. Each takes the first-stage rates ``k1`` (computed while
#: recording the outputs at ``t``) and returns the state at ``t + dt``.
METHODS: dict[str, Step] = {"euler": _euler, "rk4": _rk4}


def run_kernel(
    kernel: Kernel,
    *,
    method: str = "euler",
    save_every: float = 1.0,
    record: Iterable[str] | None = None,
    start: str = "2025-01",
    scenario: str = "",
    metadata: Mapping[str, object] | None = None,
) -> Results:
    """Integrate from the initial to the final time and collect the recorded variables.

    Parameters
    ----------
    method
        A key of :data:`METHODS`.
    save_every
        Months between saved points (Vensim ``SAVEPER``); a multiple of ``dt``.
    record
        Names to keep (default: every declared variable and parameter).
    """
    if method not in METHODS:
        raise SimulationError(f"unknown method {method!r}; choose from {', '.join(METHODS)}")
    dt, t0, t1 = kernel.dt, kernel.initial_time, kernel.final_time
    if not dt > 0 or t1 <= t0:
        raise SimulationError(f"need dt > 0 and final time after start (dt={dt}, {t0}..{t1})")
    n_steps = round((t1 - t0) / dt)
    if abs(n_steps * dt - (t1 - t0)) > 1e-9 * max(1.0, t1):
        raise SimulationError(f"the run length {t1 - t0} is not a multiple of dt={dt}")
    stride = round(save_every / dt)
    if stride < 1 or abs(stride * dt - save_every) > 1e-9:
        raise SimulationError(f"save_every={save_every} must be a positive multiple of dt={dt}")
    model = kernel.model
    names = list(record) if record is not None else list(model.elements)
    names = [n for n in names if n not in model.lookups]
    unknown = [n for n in names if n not in model.elements]
    if unknown:
        raise SimulationError(f"cannot record unknown variables: {', '.join(unknown)}")
    step = METHODS[method]
    y = kernel.initial_state()
    n_saved = n_steps // stride + 1
    out = {n: np.empty((n_saved, kernel.members, kernel.width(n))) for n in names}
    saved_times = np.empty(n_saved)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        for i in range(n_steps + 1):
            t = t0 + i * dt
            k1, v = kernel.rates(y, t)
            if i % stride == 0:
                k = i // stride
                saved_times[k] = t
                for n in names:
                    out[n][k] = np.transpose(v[n])  # (members, width); scalars broadcast
            if i == n_steps:
                break
            y = step(kernel, y, t, dt, k1)
    data = {}
    for n in names:
        arr = out[n]
        data[n] = arr if n in model.regional else arr[:, :, 0]
        finite = np.isfinite(arr).all(axis=(1, 2))
        if not finite.all():
            bad = saved_times[int(np.argmin(finite))]
            raise SimulationError(f"{n} became non-finite at month {bad:g}")
    return Results(
        time=saved_times,
        regions=kernel.regions,
        data=data,
        regional=frozenset(n for n in names if n in model.regional),
        units={n: model.elements[n].units for n in names},
        start=start,
        scenario=scenario,
        metadata=dict(metadata or {}),
    )


def simulate(
    scenario: Scenario | None = None,
    *,
    parameters: Mapping[str, object] | None = None,
    months: float | None = None,
    dt: float | None = None,
    method: str | None = None,
    save_every: float = 1.0,
    record: Iterable[str] | None = None,
    model: Model | None = None,
) -> Results:
    """Run a scenario, or an ensemble of its variants, and return the :class:`Results`.

    Parameters
    ----------
    scenario
        A :class:`~wardilemma.scenario.Scenario` (default: the model's defaults).
    parameters
        Overrides for an ensemble: ``name -> scalar``, an array of shape ``(members,)``
        (one value per member), ``(members, regions)``, or ``{region: value}``. All
        members are advanced together, one NumPy pass per time step.
    months, dt, method
        Override the scenario's run length, time step (months) and integrator
        (a key of :data:`METHODS`).
    save_every
        Months between saved points.
    record
        Variables to keep (default: all). Recording fewer saves memory in big ensembles.

    Examples
    --------
    >>> from wardilemma import load_scenario, simulate
    >>> res = simulate(load_scenario("scenarios/sudden_peace.toml"))  # doctest: +SKIP
    >>> res.series("discontent", region="provinces").max()  # doctest: +SKIP
    """
    from . import __version__
    from .model import WAR_ECONOMY
    from .scenario import Scenario, scenario_inputs

    model = model or WAR_ECONOMY
    scenario = scenario or Scenario(name="defaults")
    regions, values, schedules = scenario_inputs(scenario, model, parameters)
    kernel = Kernel.build(
        model,
        regions=regions,
        values=values,
        schedules=schedules,
        dt=float(dt or scenario.dt),
        initial_time=0.0,
        final_time=float(months if months is not None else scenario.months),
    )
    metadata = {
        "note": "Illustrative model, not a forecast",
        "wardilemma_version": __version__,
        "scenario_file": str(scenario.path) if scenario.path else "",
        "scenario_sha256": scenario.sha256,
        "method": method or scenario.method,
        "dt": kernel.dt,
        "members": kernel.members,
    }
    return run_kernel(
        kernel,
        method=method or scenario.method,
        save_every=save_every,
        record=record,
        start=scenario.start,
        scenario=scenario.name,
        metadata=metadata,
    )
