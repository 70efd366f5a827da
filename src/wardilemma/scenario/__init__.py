"""Scenarios: TOML files -> validated, frozen :class:`Scenario` objects.

A scenario holds the changes a user makes to the model's defaults: parameters (scalar or
per region), new regions, time-varying levers (schedules), the simulation's time specs and
the uncertainty ranges used by Monte Carlo runs. The package is the input boundary; the
data flow stops here and goes on in :mod:`wardilemma.engine.run`, which turns a scenario into
arrays. One file per step:

``types``
    :class:`Scenario`, :class:`ScheduleSpec`, :class:`ScenarioError`, :func:`month_offset`.
``reading``
    :func:`load_scenario`: bytes, TOML, the ``extends`` chain, hashing.
``schema``
    the file format as pydantic models, and its JSON Schema (:func:`scenario_schema`).
``messages``
    one file validated; pydantic's errors as sentences naming file, line, key and fix.
``locate``
    where a key is written (line numbers), and how keys and values are shown.
``merge``
    the chain merged in order, and the checks that need all of it (regions, dates,
    schedules, ranges).
"""

from wardilemma.scenario.reading import OVERRIDES, load_scenario
from wardilemma.scenario.schema import scenario_schema
from wardilemma.scenario.types import (
    Scenario,
    ScenarioError,
    ScenarioWarning,
    ScheduleSpec,
    month_offset,
)

__all__ = [
    "OVERRIDES",
    "Scenario",
    "ScenarioError",
    "ScenarioWarning",
    "ScheduleSpec",
    "load_scenario",
    "month_offset",
    "scenario_schema",
]
