"""The simulation engine: scenario -> input arrays -> kernel -> integration -> Results.

An ensemble of parameter sets is advanced together, one NumPy pass per time step for all
members. The stages, each a function here or a module of its own:

1. :func:`scenario_inputs`: a validated :class:`~wardilemma.scenario.Scenario` (and any
   ensemble overrides) as arrays: parameter values of shape ``(members, 1 or regions)``
   and :class:`~wardilemma.schedules.Schedule` objects for time-varying levers;
2. :class:`~wardilemma.kernel.Kernel`: the model compiled for those arrays; inside it a
   national variable has shape ``(1, members)``, a regional one ``(regions, members)``,
   and the state packs every stock into ``(rows, members)``;
3. :func:`run_kernel`: a fixed-step integrator from :data:`METHODS`
   (:mod:`~wardilemma.integrators`) advances the state and records every variable into
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

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from ._version import __version__
from .integrators import METHODS
from .kernel import Kernel
from .kernel_numba import resolve_backend, run_numba, supports
from .model import WAR_ECONOMY, Model
from .results import Results
from .scenario import Scenario, ScenarioError, ScheduleSpec
from .schedules import Schedule
from .text import ILLUSTRATIVE

__all__ = ["METHODS", "Kernel", "SimulationError", "run_kernel", "scenario_inputs", "simulate"]


class SimulationError(RuntimeError):
    """The simulation could not run (bad time specification, non-finite values...)."""


# ---------------------------------------------------------------------- scenario -> arrays


def scenario_inputs(
    scenario: Scenario,
    model: Model = WAR_ECONOMY,
    overrides: Mapping[str, Any] | None = None,
) -> tuple[tuple[str, ...], dict[str, np.ndarray], dict[str, Schedule]]:
    """Arrays for the engine: regions, parameter values and schedules.

    Parameters
    ----------
    overrides
        ``name -> value`` for an ensemble: a scalar, an array of shape ``(members,)``, an
        array ``(members, regions)`` or a mapping ``region -> scalar or (members,)``.

    Returns
    -------
    regions, values, schedules
        ``values[name]`` has shape ``(members, 1)`` or ``(members, regions)``.
    """
    regions = (*model.regions, *(r for r in scenario.regions if r not in model.regions))
    values: dict[str, np.ndarray] = {}
    for name, p in model.parameters.items():
        given = scenario.parameters.get(name)
        if p.regional:
            row = []
            for r in regions:
                if isinstance(given, Mapping) and r in given:
                    row.append(float(given[r]))
                elif given is not None and not isinstance(given, Mapping):
                    row.append(float(given))
                elif name in scenario.regions.get(r, {}):
                    row.append(float(scenario.regions[r][name]))
                elif isinstance(p.default, Mapping) and r in p.default:
                    row.append(float(p.default[r]))
                else:
                    raise ScenarioError(
                        f"region {r!r} has no value for {name!r}: set it in [regions.{r}]",
                        path=scenario.path,
                    )
            values[name] = np.asarray(row, dtype=float)[None, :]
        else:
            v = p.default if given is None else given
            values[name] = np.asarray([[float(v)]])  # type: ignore[arg-type]
    for name, value in (overrides or {}).items():
        if name not in model.parameters:
            hint = model.suggest(name, model.parameters)
            raise ScenarioError(
                f"unknown parameter {name!r}" + (f"; did you mean {hint[0]!r}?" if hint else "")
            )
        values[name] = _member_array(
            name, value, regions, model.parameters[name].regional, values[name]
        )
    schedules = {
        name: _schedule(name, spec, regions, model, values[name])
        for name, spec in scenario.schedules.items()
    }
    return regions, values, schedules


def _member_array(
    name: str, value: Any, regions: tuple[str, ...], regional: bool, base: np.ndarray
) -> np.ndarray:
    if isinstance(value, Mapping):
        if not regional:
            raise ScenarioError(f"{name!r} is national: give one value, not one per region")
        cols = []
        for i, r in enumerate(regions):
            col = np.asarray(value.get(r, base[0, i]), dtype=float)
            cols.append(np.atleast_1d(col))
        members = max(len(c) for c in cols)
        return np.stack([np.broadcast_to(c, (members,)) for c in cols], axis=1)
    arr = np.asarray(value, dtype=float)
    if arr.ndim == 0:
        return np.broadcast_to(arr, base.shape).copy()
    if arr.ndim == 1:
        return arr[:, None] * (np.ones_like(base) if regional else 1.0)
    if arr.ndim == 2 and arr.shape[1] == (len(regions) if regional else 1):
        return arr
    raise ScenarioError(f"values for {name!r} must have shape (members,) or (members, regions)")


def _schedule(
    name: str, spec: ScheduleSpec, regions: tuple[str, ...], model: Model, base: np.ndarray
) -> Schedule:
    """Engine schedule of shape (points, 1 or regions); a region missing from a point's
    table keeps its base value (member 0 of ``base``, shape (members, width))."""
    p = model.parameters[name]
    rows = []
    for v in spec.values:
        if isinstance(v, Mapping):
            rows.append([float(v.get(r, base[0, i])) for i, r in enumerate(regions)])
        else:
            rows.append([float(v)] * (len(regions) if p.regional else 1))
    return Schedule(np.asarray(spec.months, float), np.asarray(rows, float), spec.interpolation)


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
    dt, t0, t1 = kernel.dt, kernel.initial_time, kernel.final_time
    n_steps, stride = _time_grid(method, dt, t0, t1, save_every)
    model = kernel.model
    names = _record_names(model, record)
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
            y = step(kernel.dydt, t, y, dt, k1)
    data = {n: out[n] if n in model.regional else out[n][:, :, 0] for n in names}
    return _results(model, kernel.regions, saved_times, data, start, scenario, metadata)


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
    names = list(record) if record is not None else list(model.elements)
    names = [n for n in names if n not in model.lookups]
    unknown = [n for n in names if n not in model.elements]
    if unknown:
        raise SimulationError(f"cannot record unknown variables: {', '.join(unknown)}")
    return names


def _results(
    model: Model,
    regions: tuple[str, ...],
    saved_times: np.ndarray,
    data: dict[str, np.ndarray],
    start: str,
    scenario: str,
    metadata: Mapping[str, object] | None,
    *,
    check: bool = True,
) -> Results:
    """The :class:`Results`, after checking that every recorded value is finite."""
    for n, arr in data.items() if check else ():
        finite = np.isfinite(arr).reshape(len(saved_times), -1).all(axis=1)
        if not finite.all():
            bad = saved_times[int(np.argmin(finite))]
            raise SimulationError(f"{n} became non-finite at month {bad:g}")
    return Results(
        time=saved_times,
        regions=regions,
        data=data,
        regional=frozenset(n for n in data if n in model.regional),
        units={n: model.elements[n].units for n in data},
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
    backend: str | None = None,
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
        compiled numba kernel (:mod:`~wardilemma.kernel_numba`) when numba is installed,
        else NumPy; ``"numpy"`` or ``"numba"`` to choose. Both give the same numbers to
        rounding.

    Examples
    --------
    >>> from wardilemma import load_scenario, simulate
    >>> res = simulate(load_scenario("scenarios/sudden_peace.toml"))  # doctest: +SKIP
    >>> res.series("discontent", region="provinces").max()  # doctest: +SKIP
    """
    model = model or WAR_ECONOMY
    scenario = scenario or Scenario(name="defaults")
    regions, values, schedules = scenario_inputs(scenario, model, parameters)
    method = method or scenario.method
    members = max((v.shape[0] for v in values.values()), default=1)
    chosen = resolve_backend(backend, method, model, members)
    if chosen == "numba" and supports(model, schedules):
        return _simulate_numba(
            model, scenario, regions, values, schedules, months, dt, method, save_every, record
        )
    kernel = Kernel.build(
        model,
        regions=regions,
        values=values,
        schedules=schedules,
        dt=float(dt or scenario.dt),
        initial_time=0.0,
        final_time=float(months if months is not None else scenario.months),
    )
    metadata = _provenance(scenario, method, kernel.dt, kernel.members, "numpy")
    return run_kernel(
        kernel,
        method=method,
        save_every=save_every,
        record=record,
        start=scenario.start,
        scenario=scenario.name,
        metadata=metadata,
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
        "extends": " <- ".join(str(p) for p in reversed(scenario.files[:-1])),
        "method": method,
        "dt": dt,
        "members": members,
        "backend": backend,
    }


def _simulate_numba(
    model: Model,
    scenario: Scenario,
    regions: tuple[str, ...],
    values: Mapping[str, np.ndarray],
    schedules: Mapping[str, Schedule],
    months: float | None,
    dt: float | None,
    method: str,
    save_every: float,
    record: Iterable[str] | None,
) -> Results:
    """:func:`simulate` on the compiled kernel (:mod:`wardilemma.kernel_numba`)."""
    step = float(dt or scenario.dt)
    t1 = float(months if months is not None else scenario.months)
    n_steps, stride = _time_grid(method, step, 0.0, t1, save_every)
    names = _record_names(model, record)
    saved, data, finite = run_numba(
        model,
        regions=regions,
        values=values,
        schedules=schedules,
        dt=step,
        initial_time=0.0,
        final_time=t1,
        method=method,
        n_steps=n_steps,
        stride=stride,
        names=names,
    )
    members = max((v.shape[0] for v in values.values()), default=1)
    metadata = _provenance(scenario, method, step, members, "numba")
    return _results(
        model, regions, saved, data, scenario.start, scenario.name, metadata, check=not finite
    )
