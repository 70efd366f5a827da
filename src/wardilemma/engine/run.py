"""The simulation engine: scenario -> input arrays -> kernel -> integration -> Results.

About 490 lines: the run's one entry point (:func:`simulate`), the NumPy time loop
(:func:`run_kernel`, :func:`trajectory`) and the guards that ``simulate`` applies before any
backend runs (memory, step size, provenance), each function short; splitting them would
scatter the one path every run takes.

An ensemble of parameter sets is advanced together, one NumPy pass per time step for all
members. The stages, each a function here or a module of its own:

1. :func:`scenario_inputs`: a validated :class:`~wardilemma.scenario.Scenario` (and any
   ensemble overrides) as arrays: parameter values of shape ``(members, 1 or regions)``
   and :class:`~wardilemma.scenario.schedules.Schedule` objects for time-varying levers;
2. :class:`~wardilemma.engine.numpy_kernel.Kernel`: the model compiled for those arrays; inside it a
   national variable has shape ``(1, members)``, a regional one ``(regions, members)``,
   and the state packs every stock into ``(rows, members)``;
3. :func:`run_kernel`: a fixed-step integrator from :data:`METHODS`
   (:mod:`~wardilemma.engine.integrators`) advances the state and records every variable into
   :class:`~wardilemma.results.Results`, shape ``(time, members[, regions])``.

Euler follows Vensim/Stella semantics: at each saved time the stocks and every auxiliary
are recorded, then stocks advance by ``dt * net flow``. RK4 uses the same fixed step. There
is no adaptive method (scipy's ``solve_ivp``) on purpose: ``pulse`` depends on ``dt`` by
definition (magnitude/dt for one step), ``step``, ``pulse_train``, ``if_then_else``,
``min``/``max`` and schedules are discontinuous, and the war-economy model uses them all
(the ceasefire is a step, call-ups a pulse train), so an adaptive solver would either
stall at each switch or step over it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

import numpy as np

from wardilemma._version import __version__
from wardilemma.engine.backends import resolve_backend, supports
from wardilemma.engine.caches import ObjectCache
from wardilemma.engine.checks import (
    Columns,
    Problem,
    RecordedCheck,
    StateCheck,
    TimeConstant,
    check_step,
    problem_message,
    time_constants,
)
from wardilemma.engine.inputs import own_inputs, schedules_of, schedules_read, with_overrides
from wardilemma.engine.integrators import METHODS
from wardilemma.engine.numpy_kernel import Held, Kernel
from wardilemma.engine.recorded import Recorded, labels
from wardilemma.errors import RunFailure
from wardilemma.model import WAR_ECONOMY, Model
from wardilemma.results import Results
from wardilemma.scenario import Scenario
from wardilemma.scenario.schedules import Schedule
from wardilemma.text import ILLUSTRATIVE

__all__ = [
    "METHODS",
    "Held",
    "Kernel",
    "SimulationError",
    "run_kernel",
    "simulate",
    "trajectory",
]

#: What a run does when a member hits numerical trouble (:mod:`~wardilemma.engine.checks`):
#: ``"raise"`` a :class:`SimulationError`, or ``"flag"`` the member and keep the others.
ON_PROBLEM = ("raise", "flag")


class SimulationError(RunFailure, RuntimeError):
    """The simulation could not run (bad time specification, non-finite values, a stock
    outside its bounds...); the message names the variable, region, month and the fix."""


# ---------------------------------------------------------------------- integration


def run_kernel(
    kernel: Kernel,
    *,
    method: str = "euler",
    save_every: float = 1.0,
    record: Iterable[str] | None = None,
    start: str = "2025-01",
    scenario: str = "",
    metadata: Mapping[str, object] | None = None,
    on_problem: str = "raise",
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
    on_problem
        ``"raise"``: a :class:`SimulationError` at the first step where a stock (declared
        or hidden) is not finite or outside its bounds, or the first saved time where a
        recorded value is not finite; ``"flag"``: mark that member failed
        (``metadata["failed_members"]``, ``metadata["problems"]``), blank its values from
        then on (NaN) and keep the others running.
    """
    dt, t0, t1 = kernel.dt, kernel.initial_time, kernel.final_time
    n_steps, stride = _time_grid(method, dt, t0, t1, save_every)
    model = kernel.model
    names = _record_names(model, record)
    y0 = kernel.initial_state()
    check = StateCheck(kernel, y0)
    columns = Columns.of(model, names, kernel.regions)
    recorded = RecordedCheck(columns, check.failed)
    n_saved = n_steps // stride + 1
    buffer = np.empty((n_saved, kernel.members, len(columns.labels)))
    slots = []
    col = 0
    for n in names:
        width = kernel.width(n)
        slots.append((n, slice(col, col + width)))
        col += width
    saved_times = np.empty(n_saved)
    # a saved time's values gathered by rows (variable, member), then copied into the
    # buffer at once: a slice assignment per variable without a transpose each
    stage = np.empty((len(columns.labels), kernel.members))
    problems: list[Problem] = []
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        for i, t, y, _, v in trajectory(kernel, method, y0):
            # the state first (every step: a sign flip may not show at saved times)
            found = check(y, t)
            problems += found
            if found and on_problem == "raise":
                raise SimulationError(_message(found[0], kernel, method, start))
            if i % stride == 0:
                k = i // stride
                saved_times[k] = t
                for n, sl in slots:
                    stage[sl] = v[n]  # (width, members); scalars broadcast
                row = buffer[k]
                row[...] = stage.T
                found = recorded(row, t)
                problems += found
                if found and on_problem == "raise":
                    raise SimulationError(_message(found[0], kernel, method, start))
    data = Recorded(buffer, {
        n: (sl.start, sl.stop - sl.start if n in model.regional else 0) for n, sl in slots
    })  # fmt: skip
    return _results(model, kernel.regions, saved_times, data, start, scenario, metadata,
                    problems=problems, on_problem=on_problem, tau=_LazyTau(kernel), dt=dt,
                    method=method)  # fmt: skip


def trajectory(
    kernel: Kernel, method: str, initial: np.ndarray | None = None
) -> Iterator[tuple[int, float, np.ndarray, np.ndarray, dict[str, np.ndarray]]]:
    """The NumPy time loop, the one every caller iterates (:func:`run_kernel`, loop
    dominance, link signs): for each step ``i`` at time ``t = t0 + i dt``, the state ``y``,
    its net flows and every variable's values, from the initial state (``initial``, else
    :meth:`Kernel.initial_state`) to the final time; the stocks then advance with
    ``METHODS[method]``. Leave the loop to stop early. NumPy's floating-point warnings are
    the caller's to silence (``np.errstate``)."""
    step, dt, t0 = METHODS[method], kernel.dt, kernel.initial_time
    n_steps = round((kernel.final_time - t0) / dt)
    y = kernel.initial_state() if initial is None else initial
    for i in range(n_steps + 1):
        t = t0 + i * dt
        d, v = kernel.rates(y, t)
        yield i, t, y, d, v
        if i < n_steps:
            y = step(kernel.dydt, t, y, dt, d)


class _LazyTau:
    """The fastest time constant of a kernel, computed only when a message needs it."""

    def __init__(self, kernel: Kernel | None, build: Any = None) -> None:
        self.kernel, self.build, self.done, self.value = kernel, build, False, None

    def __call__(self) -> TimeConstant | None:
        if not self.done:
            self.done = True
            try:
                kernel = self.kernel if self.kernel is not None else self.build()
                self.value = time_constants(kernel)
            except Exception:  # an estimate for a message, never fatal
                self.value = None
        return self.value


def _message(p: Problem, kernel: Kernel, method: str, start: str) -> str:
    return problem_message(p, dt=kernel.dt, method=method, start=start,
                           members=kernel.members, tau=_LazyTau(kernel)())  # fmt: skip


def _time_grid(method: str, dt: float, t0: float, t1: float, save_every: float) -> tuple[int, int]:
    """Number of steps and steps between saved points, checked."""
    if method not in METHODS:
        raise SimulationError(f"unknown method {method!r}; choose from {', '.join(METHODS)}")
    if not dt > 0 or t1 <= t0:
        raise SimulationError(f"need dt > 0 and final time after start (dt={dt}, {t0}..{t1})")
    n_steps = round((t1 - t0) / dt)
    if abs(n_steps * dt - (t1 - t0)) > 1e-9 * max(1.0, t1):
        raise SimulationError(f"the run length {t1 - t0} is not a multiple of dt={dt}")
    stride = round(save_every / dt)
    if stride < 1 or abs(stride * dt - save_every) > 1e-9:
        raise SimulationError(f"save_every={save_every} must be a positive multiple of dt={dt}")
    return n_steps, stride


def _record_names(model: Model, record: Iterable[str] | None) -> list[str]:
    """Variables to record (default: every declared one), lookups left out."""
    if record is None:
        return list(_EVERY.get(model, lambda: tuple(n for n in model.elements
                                                    if n not in model.lookups)))  # fmt: skip
    names = [n for n in record if n not in model.lookups]
    unknown = [n for n in names if n not in model.elements]
    if unknown:
        raise SimulationError(f"cannot record unknown variables: {', '.join(unknown)}")
    return names


#: Every recordable name of a model (all but lookups), per model object.
_EVERY: ObjectCache[tuple[str, ...]] = ObjectCache()


def _results(
    model: Model,
    regions: tuple[str, ...],
    saved_times: np.ndarray,
    data: dict[str, np.ndarray],
    start: str,
    scenario: str,
    metadata: Mapping[str, object] | None,
    *,
    problems: list[Problem],
    on_problem: str = "raise",
    tau: _LazyTau | None = None,
    dt: float = 0.0,
    method: str = "euler",
) -> Results:
    """The :class:`Results`, given the first problem of each failed member (found by the
    kernel as it ran): raise on the earliest, or flag the failing members and blank their
    values from the saved time of the problem on."""
    meta = dict(metadata or {})
    if problems:
        first = sorted(problems, key=lambda p: (p.month, p.member))
        members = next(iter(data.values())).shape[1] if data else 1
        fastest = tau() if tau is not None else None

        def say(p: Problem) -> str:
            return problem_message(p, dt=dt, method=method, start=start, members=members,
                                   tau=fastest)  # fmt: skip

        if on_problem == "raise":
            raise SimulationError(say(first[0]))
        for p in first:
            k = int(np.searchsorted(saved_times, p.month - 1e-12))
            for arr in data.values():
                arr[k:, p.member] = np.nan
        by_member = sorted(first, key=lambda p: p.member)
        meta["failed_members"] = [p.member for p in by_member]
        meta["problems"] = [say(p) for p in by_member]
    regional, units = labels(model, data)
    return Results(
        time=saved_times,
        regions=regions,
        data=data,
        regional=regional,
        units=dict(units),  # a copy: a Results may be changed, pickled
        start=start,
        scenario=scenario,
        metadata=meta,
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
    backend: str | None = None,
    on_problem: str | None = None,
    held: Mapping[str, Held] | None = None,
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
    backend
        ``"auto"`` (default; or the ``WARDILEMMA_BACKEND`` environment variable): the
        compiled numba kernel (:mod:`~wardilemma.engine.numba`) when numba is installed,
        else NumPy; ``"numpy"`` or ``"numba"`` to choose. Both give the same numbers to
        rounding.
    on_problem
        What a member that becomes NaN or infinite, or whose stock leaves its declared
        ``bounds`` (a negative stock), does: ``"raise"`` a :class:`SimulationError`
        naming the variable, region, month, likely cause and fix; ``"flag"`` it
        (``metadata["failed_members"]`` and ``metadata["problems"]``, its values NaN from
        then on) and keep the other members. Default: raise for one member, flag in an
        ensemble.
    held
        ``name -> Held``: variables (flows or auxiliaries) replaced by exogenous paths,
        ``(time, members, 1 or regions)``, interpolated on the run's time grid, for the
        members each path's mask selects (:class:`~wardilemma.engine.numpy_kernel.Held`).
        Such a run uses the NumPy kernel whatever ``backend`` asks (the numba and
        JavaScript kernels have no hook for them).

    Warns
    -----
    SimulationWarning
        Before the run, when ``dt`` is too large for the model's fastest time constant
        at the initial state (:func:`wardilemma.engine.checks.check_step`).

    Examples
    --------
    >>> from wardilemma import load_scenario, simulate
    >>> res = simulate(load_scenario("scenarios/sudden_peace.toml"))  # doctest: +SKIP
    >>> res.series("discontent", region="provinces").max()  # doctest: +SKIP
    """
    model = model or WAR_ECONOMY
    scenario = scenario or Scenario(name="defaults")
    regions, base, own_schedules = own_inputs(scenario, model)
    values = with_overrides(base, parameters, regions, model)
    schedules = (
        schedules_of(scenario, model, regions, values)
        if schedules_read(scenario, parameters)
        else own_schedules
    )
    method = method or scenario.method
    members = max((v.shape[0] for v in values.values()), default=1) if parameters else 1
    members = max([members, *(h.members for h in (held or {}).values())])
    if on_problem is None:
        on_problem = "raise" if members == 1 else "flag"
    if on_problem not in ON_PROBLEM:
        raise SimulationError(f"on_problem must be one of {', '.join(ON_PROBLEM)}")
    step = float(dt or scenario.dt)
    t1 = float(months if months is not None else scenario.months)
    n_steps, stride = _time_grid(method, step, 0.0, t1, save_every)
    names = _record_names(model, record)
    _check_memory(n_steps // stride + 1, members, names, values, model, len(regions))
    chosen = resolve_backend(backend, method)
    if chosen == "numba" and (held or not supports(model, schedules)):
        chosen = "numpy"  # a held variable, or a scheduled parameter that is not a lever

    def build(
        values: dict[str, np.ndarray], schedules: dict[str, Schedule], held: Any = held
    ) -> Kernel:
        return Kernel.build(model, regions=regions, values=values, schedules=schedules,
                            dt=step, initial_time=0.0, final_time=t1, held=held)  # fmt: skip

    # the step-size check looks at the scenario's own values (one run's: its overrides too)
    own = values if members == 1 else base
    kernel = build(values, schedules) if chosen == "numpy" else None
    same = kernel is not None and own is values

    def check_kernel() -> Kernel:
        if same and kernel is not None:
            return kernel
        return build(own, schedules_of(scenario, model, regions, own), None)

    _check_step(model, scenario, own if parameters and members == 1 else None, step, method,
                t1, check_kernel)  # fmt: skip
    metadata = _provenance(scenario, method, step, members, chosen)
    if kernel is not None:
        return run_kernel(kernel, method=method, save_every=save_every, record=names,
                          start=scenario.start, scenario=scenario.name, metadata=metadata,
                          on_problem=on_problem)  # fmt: skip
    from wardilemma.engine.numba.run import run_numba  # the compiled kernel's driver: on use

    saved, data, problems = run_numba(
        model, regions=regions, values=values, schedules=schedules, dt=step,
        initial_time=0.0, final_time=t1, method=method, n_steps=n_steps, stride=stride,
        names=names,
    )  # fmt: skip
    return _results(model, regions, saved, data, scenario.start, scenario.name, metadata,
                    problems=problems, on_problem=on_problem,
                    tau=_LazyTau(None, lambda: build(values, schedules)), dt=step,
                    method=method)  # fmt: skip


def available_memory() -> int:
    """Bytes of memory available now: ``MemAvailable`` of ``/proc/meminfo``, else the free
    physical pages, else 4 GiB."""
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return 4 * 2**30


def _check_memory(
    saved: int,
    members: int,
    names: list[str],
    values: Mapping[str, np.ndarray],
    model: Model,
    regions: int,
) -> None:
    """Refuse, before anything is allocated, a run whose recorded values and parameter
    table would not fit in the memory available now (an ensemble too large to keep whole
    is run in chunks by :mod:`wardilemma.analysis.uncertainty`)."""
    if 8 * members * (saved * len(names) + len(values)) * regions < 2**28:
        return  # at most 256 MiB: not worth asking (a single run takes well under 1 MB)
    columns = sum(regions if n in model.regional else 1 for n in names)
    need = 8 * members * (saved * columns + sum(v.shape[1] for v in values.values()))
    have = available_memory()
    if need > have:
        raise SimulationError(
            f"{members:,} members with {columns} recorded values at {saved} saved times need "
            f"about {need / 2**30:.1f} GiB, more than the {have / 2**30:.1f} GiB of memory "
            "available now: record fewer variables (record=[...]), save less often "
            "(save_every), or run the members in chunks (wardilemma.analysis.uncertainty."
            "ensemble.run_ensemble, or `wardilemma montecarlo`)"
        )


def _provenance(
    scenario: Scenario, method: str, dt: float, members: int, backend: str
) -> dict[str, object]:
    """What every run records about itself (the files written from it carry it)."""
    return {
        "note": ILLUSTRATIVE,
        "wardilemma_version": __version__,
        "scenario_file": str(scenario.path) if scenario.path else "",
        "scenario_sha256": scenario.sha256,
        "branch": scenario.branch or "",
        "at_rest_since": scenario.at_rest_since or "",
        "extends": " <- ".join(str(p) for p in reversed(scenario.files[:-1])),
        "method": method,
        "dt": dt,
        "members": members,
        "backend": backend,
    }


#: The fastest time constant, per model object, by scenario and time grid.
_TAU: ObjectCache[dict[tuple, TimeConstant | None]] = ObjectCache()


def _check_step(
    model: Model,
    scenario: Scenario,
    overrides: Mapping[str, np.ndarray] | None,
    dt: float,
    method: str,
    months: float,
    kernel: Callable[[], Kernel],
) -> None:
    """Warn when ``dt`` is too large for the fastest time constant of one run (the
    scenario's values and ``overrides``), estimated once per model, scenario and grid;
    ``kernel()`` builds the NumPy kernel of those values, called on a cache miss only."""
    if scenario.sha256 and overrides is None:
        key: tuple = (scenario.sha256, scenario.name, dt, months)
    else:  # a scenario built in Python, or one run's overrides: key on the inputs
        values = overrides if overrides is not None else own_inputs(scenario, model)[1]
        arrays = tuple((n, v.shape, v.tobytes()) for n, v in sorted(values.items()))
        key = (arrays, repr(sorted(scenario.schedules.items())), dt, months)
    known = _TAU.get(model, dict)
    if key not in known:
        if len(known) >= 256:
            known.clear()
        try:
            known[key] = time_constants(kernel())
        except Exception:  # an estimate; the run itself reports real errors
            known[key] = None
    check_step(known[key], dt, method, source=str(scenario.path or scenario.name))
