"""Scenarios: TOML files -> validated, frozen :class:`Scenario` objects.

A scenario holds the changes a user makes to the model's defaults: parameters (scalar or
per region), new regions, time-varying levers (schedules), the simulation's time specs and
the uncertainty ranges used by Monte Carlo runs. :func:`scenario_inputs` turns a scenario
into the arrays the engine needs.
"""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .model import WAR_ECONOMY, Model
from .schedules import Schedule

__all__ = ["Scenario", "ScenarioError", "ScheduleSpec", "load_scenario", "scenario_inputs"]


class ScenarioError(ValueError):
    """A scenario file or value is invalid; the message names the file, key and fix."""

    def __init__(self, message: str, *, path: Path | str | None = None,
                 problems: list[str] | None = None) -> None:
        self.path = path
        self.problems = problems or [message]
        super().__init__(message)


@dataclass(frozen=True)
class ScheduleSpec:
    """A lever's schedule as written: months since start and values (scalar or per region)."""

    months: tuple[float, ...]
    values: tuple[float | Mapping[str, float], ...]
    interpolation: str = "step"


@dataclass(frozen=True)
class Scenario:
    """A validated scenario (immutable)."""

    name: str
    description: str = ""
    path: Path | None = None
    start: str = "2025-01"
    months: float = 120.0
    dt: float = 0.25
    method: str = "euler"
    seed: int | None = None
    parameters: Mapping[str, float | Mapping[str, float]] = field(default_factory=dict)
    regions: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    schedules: Mapping[str, ScheduleSpec] = field(default_factory=dict)
    uncertainty: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    sha256: str = ""

    @property
    def region_names(self) -> tuple[str, ...]:
        """Regions of the run: the model's, then any the scenario adds."""
        extra = tuple(r for r in self.regions if r not in WAR_ECONOMY.regions)
        return (*WAR_ECONOMY.regions, *extra)


def month_offset(value: str | float | int, start: str) -> float:
    """Months from ``start`` (``"YYYY-MM"``) to ``value`` (a ``"YYYY-MM"`` string or a number)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    year, month = (int(x) for x in str(value).split("-"))
    y0, m0 = (int(x) for x in start.split("-"))
    return float((year - y0) * 12 + (month - m0))


def load_scenario(path: str | Path) -> Scenario:
    """Read a scenario file (TOML), following ``extends`` chains.

    Raises
    ------
    ScenarioError
        When the file cannot be read or is invalid; the message names the file and key.
    """
    from .validation import read_scenario_file

    return read_scenario_file(Path(path))


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
    regions = scenario.region_names
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
            raise ScenarioError(f"unknown parameter {name!r}" + (f"; did you mean {hint[0]!r}?"
                                                                if hint else ""))
        values[name] = _member_array(name, value, regions, model.parameters[name].regional,
                                     values[name])
    schedules = {
        name: _schedule(name, spec, regions, model, scenario)
        for name, spec in scenario.schedules.items()
    }
    return regions, values, schedules


def _member_array(name: str, value: Any, regions: tuple[str, ...], regional: bool,
                  base: np.ndarray) -> np.ndarray:
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


def _schedule(name: str, spec: ScheduleSpec, regions: tuple[str, ...], model: Model,
              scenario: Scenario) -> Schedule:
    p = model.parameters[name]
    rows = []
    for v in spec.values:
        if p.regional:
            default = scenario.parameters.get(name, p.default)
            rows.append([
                float(v[r]) if isinstance(v, Mapping) else float(v)
                for r in regions
            ] if isinstance(v, Mapping | int | float) else [float(default)])
        else:
            rows.append([float(v)])  # type: ignore[arg-type]
    return Schedule(np.asarray(spec.months, float), np.asarray(rows, float), spec.interpolation)


def file_hash(paths: list[Path]) -> str:
    """SHA-256 over the bytes of a scenario file and its parents."""
    h = hashlib.sha256()
    for p in paths:
        h.update(p.read_bytes())
    return h.hexdigest()


def _read_toml(path: Path) -> dict[str, Any]:
    with path.open("rb") as fh:
        return tomllib.load(fh)
