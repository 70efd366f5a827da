"""Reading and validating scenario files (TOML).

Minimal reader; full validation (pydantic models, did-you-mean, ranges) is issue #3.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from .model import WAR_ECONOMY
from .scenario import Scenario, ScenarioError, ScheduleSpec, file_hash, month_offset


def _load(path: Path, seen: tuple[Path, ...]) -> tuple[dict[str, Any], list[Path]]:
    path = path.resolve()
    if path in seen:
        raise ScenarioError(f"{path}: inheritance cycle", path=path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ScenarioError(f"{path}: file not found", path=path) from None
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{path}: {exc}", path=path) from None
    parent = data.get("scenario", {}).get("extends")
    if not parent:
        return data, [path]
    base, files = _load(path.parent / parent, (*seen, path))
    return _merge(base, data), [*files, path]


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for k, v in over.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def read_scenario_file(path: Path) -> Scenario:
    data, files = _load(path, ())
    sc = data.get("scenario", {})
    sim = data.get("simulation", {})
    start = str(sim.get("start", "2025-01"))
    params: dict[str, Any] = dict(data.get("parameters", {}))
    schedules: dict[str, ScheduleSpec] = {}
    for name, value in data.get("policy", {}).items():
        if isinstance(value, dict) and "at" in value:
            schedules[name] = ScheduleSpec(
                tuple(month_offset(a, start) for a in value["at"]),
                tuple(value["value"]),
                value.get("interpolation", "step"),
            )
        elif name == "ceasefire_month" or name.endswith("_month"):
            params[name] = month_offset(value, start)
        else:
            params[name] = value
    for name in list(params) + list(schedules):
        if name not in WAR_ECONOMY.parameters:
            raise ScenarioError(f"{path}: unknown parameter {name!r}", path=path)
    return Scenario(
        name=sc.get("name", path.stem),
        description=sc.get("description", ""),
        path=path,
        start=start,
        months=float(sim.get("months", 120)),
        dt=float(sim.get("dt", 0.25)),
        method=sim.get("method", "euler"),
        seed=sim.get("seed"),
        parameters=params,
        regions=data.get("regions", {}),
        schedules=schedules,
        uncertainty=data.get("uncertainty", {}),
        sha256=file_hash(files),
    )
