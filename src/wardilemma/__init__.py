"""wardilemma: a system-dynamics teaching model of the war-economy dilemma.

Illustrative model, not a forecast. The public API::

    from wardilemma import load_scenario, simulate
    results = simulate(load_scenario("scenarios/sudden_peace.toml"))

The names below are imported on first use (PEP 562), so that importing a submodule, the
command line first, does not load the engine, NumPy and SciPy before it needs them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from wardilemma._version import __version__

if TYPE_CHECKING:  # pragma: no cover
    from wardilemma.engine.checks import SimulationWarning
    from wardilemma.engine.run import METHODS, SimulationError, simulate
    from wardilemma.model import WAR_ECONOMY, Model
    from wardilemma.results import Results
    from wardilemma.scenario import Scenario, ScenarioError, load_scenario
    from wardilemma.text import ILLUSTRATIVE

#: Public name -> the module that defines it.
_PUBLIC = {
    "ILLUSTRATIVE": "wardilemma.text",
    "METHODS": "wardilemma.engine.run",
    "WAR_ECONOMY": "wardilemma.model",
    "Model": "wardilemma.model",
    "Results": "wardilemma.results",
    "Scenario": "wardilemma.scenario",
    "ScenarioError": "wardilemma.scenario",
    "SimulationError": "wardilemma.engine.run",
    "SimulationWarning": "wardilemma.engine.checks",
    "load_scenario": "wardilemma.scenario",
    "simulate": "wardilemma.engine.run",
}

__all__ = [
    "ILLUSTRATIVE",
    "METHODS",
    "WAR_ECONOMY",
    "Model",
    "Results",
    "Scenario",
    "ScenarioError",
    "SimulationError",
    "SimulationWarning",
    "__version__",
    "load_scenario",
    "simulate",
]


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'wardilemma' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_PUBLIC])
