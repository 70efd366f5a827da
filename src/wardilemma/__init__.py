"""wardilemma: a system-dynamics teaching model of the war-economy dilemma.

Illustrative model, not a forecast. The public API::

    from wardilemma import load_scenario, simulate
    results = simulate(load_scenario("scenarios/sudden_peace.toml"))
"""

from wardilemma._version import __version__
from wardilemma.engine.checks import SimulationWarning
from wardilemma.engine.run import METHODS, SimulationError, simulate
from wardilemma.model import WAR_ECONOMY, Model
from wardilemma.results import Results
from wardilemma.scenario import Scenario, ScenarioError, load_scenario
from wardilemma.text import ILLUSTRATIVE

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
