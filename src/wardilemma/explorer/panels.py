"""The explorer's charts: the panels of the page (as in :mod:`wardilemma.figures.panels`)
and the drivers of discontent, read from the model's equation. Illustrative model, not a
forecast.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from wardilemma.explorer.levers import ExplorerError
from wardilemma.metrics import INSTABILITY_THRESHOLD
from wardilemma.model import WAR_ECONOMY, Model

__all__ = ["DRIVER_NAMES", "PANELS", "Panel", "Series", "discontent_drivers", "panels_data"]


@dataclass(frozen=True)
class Series:
    """A line of a panel: a variable (one region, every region ``"*"``, or national).

    ``region`` is a region, ``"*"`` (a line per region) or ``"+"`` (the sum over regions);
    ``scale`` multiplies the values (1/year -> %/year); ``axis`` is ``"y"`` (left) or
    ``"y2"`` (right).
    """

    variable: str
    label: str
    region: str | None = None
    scale: float = 1.0
    axis: str = "y"


@dataclass(frozen=True)
class Panel:
    """A chart of the page: a short name (its button), a title stating what it shows,
    y-axis labels with units, its series, and ``note`` when the y-axis does not start at
    zero (it says so).

    ``game`` marks the panels of the planner's dashboard in the game.
    """

    key: str
    short: str
    title: str
    ylabel: str
    series: tuple[Series, ...]
    y2label: str = ""
    threshold: float | None = None
    ymin: float | None = 0.0
    ymax: float | None = None
    note: str = ""
    game: bool = False


def _panels(model: Model) -> tuple[Panel, ...]:
    """The panels of the page: the four that carry the thesis (as in
    :mod:`wardilemma.figures.panels`), the bonus paid and the army.

    Regional series show the model's first region (the provinces, where recruits come
    from), every region (``"*"``) or their sum (``"+"``). Every y-axis starts at zero but
    consumption's, whose changes are small against its level: its panel says so.
    """
    first = model.regions[0]
    return (
        Panel("discontent", "Discontent", "Discontent by region", "index (0 calm, 1 extreme)",
              (Series("discontent", "discontent", region="*"),), game=True),
        Panel("consumption", "Consumption", f"Consumption against expectations, {first}",
              "trillion roubles a year",
              (Series("consumption", "consumption", region=first),
               Series("aspiration", "expected (aspiration)", region=first),
               Series("prewar_consumption", "pre-war level", region=first)),
              ymin=None, note="axis not from zero", game=True),
        Panel("mobilisation", "Nationalists", "Nationalist support and instability risk",
              "share / index (0-1)",
              (Series("nationalist_mobilisation", "nationalist support"),
               Series("instability_risk", "instability risk")),
              threshold=INSTABILITY_THRESHOLD, ymax=1.0, game=True),
        Panel("finance", "Reserves", "Reserve fund and inflation", "trillion roubles (2024 prices)",
              (Series("reserve_fund", "reserve fund (left axis)"),
               Series("inflation", "inflation (right axis)", scale=100.0, axis="y2")),
              y2label="inflation, % a year", game=True),
        Panel("bonus", "Bonus paid", "Sign-on bonuses paid, by region",
              "trillion roubles a year (2024 prices)",
              (Series("bonus_payments", "bonuses paid", region="*"),)),
        Panel("army", "Army", "The army and the veterans at home", "thousand people",
              (Series("soldiers", "soldiers at the front", region="+", scale=1e-3),
               Series("veterans", "veterans at home, not yet in work", region="+",
                      scale=1e-3)), game=True),
    )  # fmt: skip


#: The page's panels for the war-economy model.
PANELS: tuple[Panel, ...] = _panels(WAR_ECONOMY)

#: Plain names of discontent's drivers, by the grievance variable of each term.
DRIVER_NAMES: dict[str, str] = {
    "relative_deprivation": "deprivation (consumption below expectations)",
    "veteran_grievance": "veterans without work",
    "war_weariness": "war weariness (losses)",
    "inflation_pain": "inflation",
    "missed_boat_share": "missed the boat (bonus withdrawn)",
}


def discontent_drivers(model: Model = WAR_ECONOMY) -> list[dict[str, str]]:
    """The terms of discontent's inflow, read from the model: ``discontent_rise`` is
    ``(1 - discontent) * discontent_saturation * discontent_pressure`` and the pressure a
    sum of ``sensitivity * grievance`` terms; each term, times ``1 - discontent`` and the
    saturation (the same factor for every term), is one driver's share of the inflow.

    Raises
    ------
    ExplorerError
        When the inflow or the pressure does not have that shape (the model changed).
    """
    rise = model.elements["discontent_rise"].equation
    factors = [f.strip() for f in rise.split(" * ")]
    if factors[0] != "(1 - discontent)" or factors[-1] != "discontent_pressure":
        raise ExplorerError(f"discontent_rise: cannot read its drivers from {rise!r}")
    saturation = factors[1:-1]
    if len(saturation) > 1 or not all(f in model.elements for f in saturation):
        raise ExplorerError(f"discontent_rise: {rise!r} has more than one saturating factor")
    equation = model.elements["discontent_pressure"].equation
    out = []
    for term in equation.split(" + "):
        factors = [f.strip() for f in term.split(" * ")]
        if len(factors) != 2 or not all(f.isidentifier() for f in factors):
            raise ExplorerError(f"discontent_pressure: cannot split the term {term!r}")
        sensitivity, grievance = sorted(factors, key=lambda f: f not in model.parameters)
        if sensitivity not in model.parameters or grievance not in model.elements:
            raise ExplorerError(f"discontent_pressure: {term!r} is not parameter * variable")
        out.append(
            {
                "sensitivity": sensitivity,
                "variable": grievance,
                "saturation": saturation[0] if saturation else "",
                "label": DRIVER_NAMES.get(grievance, grievance),
            }
        )
    return out


def panels_data(model: Model) -> list[dict[str, Any]]:
    """The panels whose series the model has (a renamed variable drops its line)."""
    out = []
    for panel in _panels(model):
        series = [
            {"variable": s.variable, "label": s.label, "region": s.region, "scale": s.scale,
             "axis": s.axis, "units": model.elements[s.variable].units}
            for s in panel.series
            if s.variable in model.elements and s.variable not in model.lookups
        ]  # fmt: skip
        if series:
            out.append(
                {"key": panel.key, "title": panel.title, "ylabel": panel.ylabel,
                 "y2label": panel.y2label, "threshold": panel.threshold, "ymin": panel.ymin,
                 "ymax": panel.ymax, "note": panel.note, "game": panel.game,
                 "short": panel.short,
                 "series": series}
            )  # fmt: skip
    return out
