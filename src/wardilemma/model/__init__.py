"""The war-economy model, declared sector by sector (one file each).

``WAR_ECONOMY`` is the compiled model; everything downstream (engine, docs, parameter
reference, exports, diagrams) is derived from its declarations.
"""

from wardilemma.model import consumption, discontent, finance, front, money
from wardilemma.model.compiler import HiddenStock, Model, ModelError
from wardilemma.model.spec import Auxiliary, Flow, Lookup, Parameter, Sector, Stock

__all__ = [
    "DEFAULT_REGIONS",
    "WAR_ECONOMY",
    "Auxiliary",
    "Flow",
    "HiddenStock",
    "Lookup",
    "Model",
    "ModelError",
    "Parameter",
    "Sector",
    "Stock",
]

DEFAULT_REGIONS = ("provinces", "capitals")

WAR_ECONOMY = Model(
    sectors=(front.SECTOR, money.SECTOR, consumption.SECTOR, finance.SECTOR, discontent.SECTOR),
    regions=DEFAULT_REGIONS,
    name="wardilemma war economy",
)
