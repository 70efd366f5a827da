"""Scenario to arrays, once per run: the parameter values and schedules every backend reads.

:func:`scenario_inputs` turns a validated :class:`~wardilemma.scenario.Scenario` (and an
ensemble's overrides) into parameter arrays of shape ``(members, 1 or regions)`` and
:class:`~wardilemma.scenario.schedules.Schedule` objects for time-varying levers. The
scenario's own arrays are built once per scenario and model object (both immutable) and
kept read-only: a single run on the compiled kernel costs less than building them.
Illustrative model, not a forecast.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import numpy as np

from wardilemma.engine.caches import ObjectCache
from wardilemma.model import WAR_ECONOMY, Model
from wardilemma.scenario import Scenario, ScenarioError, ScheduleSpec
from wardilemma.scenario.schedules import Schedule

__all__ = [
    "OwnInputs",
    "own_inputs",
    "scenario_inputs",
    "schedules_of",
    "schedules_read",
    "with_overrides",
]


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
    regions, base = _scenario_values(scenario, model)
    values = with_overrides(base, overrides, regions, model)
    return regions, values, schedules_of(scenario, model, regions, values)


def _scenario_values(
    scenario: Scenario, model: Model
) -> tuple[tuple[str, ...], dict[str, np.ndarray]]:
    """Regions and the scenario's own parameter values, shape ``(1, 1 or regions)``."""
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
    return regions, values


#: Regions, the scenario's own parameter arrays and its schedules, read-only.
OwnInputs = tuple[tuple[str, ...], Mapping[str, np.ndarray], Mapping[str, Schedule]]

#: The scenario's own inputs, per scenario and model object: both are immutable, and a
#: single run on the compiled kernel costs less than building them.
_OWN: ObjectCache[ObjectCache[OwnInputs]] = ObjectCache()


def own_inputs(scenario: Scenario, model: Model) -> OwnInputs:
    """Regions, the scenario's own parameter arrays and schedules, built once per scenario
    and model object and read-only (arrays not writeable, mappings
    :class:`~types.MappingProxyType`), so that a backend may keep what it derives from them
    (the numba kernel's parameter table)."""
    return _OWN.get(scenario, ObjectCache).get(model, lambda: _read_only(scenario, model))


def _read_only(scenario: Scenario, model: Model) -> OwnInputs:
    regions, values = _scenario_values(scenario, model)
    for v in values.values():
        v.flags.writeable = False
    schedules = schedules_of(scenario, model, regions, values)
    return regions, MappingProxyType(values), MappingProxyType(schedules)


def with_overrides(
    base: Mapping[str, np.ndarray],
    overrides: Mapping[str, Any] | None,
    regions: tuple[str, ...],
    model: Model,
) -> Mapping[str, np.ndarray]:
    """The scenario's values with an ensemble's overrides in place (``base`` unchanged)."""
    if not overrides:
        return base
    values = dict(base)
    for name, value in overrides.items():
        if name not in model.parameters:
            hint = model.suggest(name, model.parameters)
            raise ScenarioError(
                f"unknown parameter {name!r}" + (f"; did you mean {hint[0]!r}?" if hint else "")
            )
        values[name] = _member_array(
            name, value, regions, model.parameters[name].regional, values[name]
        )
    return values


def schedules_of(
    scenario: Scenario, model: Model, regions: tuple[str, ...], values: Mapping[str, np.ndarray]
) -> dict[str, Schedule]:
    return {
        name: _schedule(
            name, spec, regions, model, values[name], _offset(name, spec, scenario, values)
        )
        for name, spec in scenario.schedules.items()
    }


def _offset(
    name: str, spec: ScheduleSpec, scenario: Scenario, values: Mapping[str, np.ndarray]
) -> float:
    """Months added to a schedule's points: the ceasefire month for one written relative to
    the ceasefire (the same for every member), else 0."""
    if spec.after is None:
        return 0.0
    if "ceasefire_month" in scenario.schedules:
        raise ScenarioError(
            f"{name!r} is scheduled after the ceasefire, but the ceasefire itself is a "
            "schedule; give ceasefire_month one value",
            path=scenario.path,
        )
    ceasefire = np.unique(values["ceasefire_month"])
    if len(ceasefire) != 1:
        raise ScenarioError(
            f"{name!r} is scheduled after the ceasefire, but the members have "
            f"{len(ceasefire)} different ceasefire months; a schedule after the ceasefire needs "
            "one ceasefire for all members (vary the ceasefire-relative levers such as "
            "postwar_bonus_rub, bonus_phaseout_time or stimulus_duration instead)",
            path=scenario.path,
        )
    return float(ceasefire[0])


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
    name: str,
    spec: ScheduleSpec,
    regions: tuple[str, ...],
    model: Model,
    base: np.ndarray,
    offset: float = 0.0,
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
    times = np.asarray(spec.months, float) + offset
    return Schedule(times, np.asarray(rows, float), spec.interpolation)


def schedules_read(scenario: Scenario, parameters: Mapping[str, Any] | None) -> bool:
    """Whether an ensemble's ``parameters`` change the scenario's schedules: a schedule reads
    its own parameter's values (for regions its points leave out) and, written after the
    ceasefire, the ceasefire month. Otherwise the scenario's own schedules are the same
    objects every run (and the kernel keeps their time table)."""
    if not parameters:
        return False
    if any(name in scenario.schedules for name in parameters):
        return True
    after = any(spec.after is not None for spec in scenario.schedules.values())
    return after and "ceasefire_month" in parameters
