"""wardilemma: a system-dynamics teaching model of the war-economy dilemma.

Illustrative model, not a forecast. The public API::

    from wardilemma import load_scenario, simulate
    results = simulate(load_scenario("scenarios/sudden_peace.toml"))
"""

from ._version import __version__
from .engine import METHODS, SimulationError, simulate
from .model import WAR_ECONOMY, Model
from .numerics import SimulationWarning
from .results import Results
from .scenario import Scenario, ScenarioError, load_scenario
from .text import ILLUSTRATIVE

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
