"""The explorer's sliders: which policy levers (and uncertain assumptions) get one, over
what range and with what step, and the month at which the scenarios' futures part.

Ranges come from the :class:`~wardilemma.model.Parameter` declarations, widened to the
values the scenarios use; labels are plain words (:mod:`wardilemma.explorer.labels`).
Illustrative model, not a forecast.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from wardilemma.errors import InputError
from wardilemma.explorer.labels import label_for
from wardilemma.export.javascript import js_inputs
from wardilemma.model import WAR_ECONOMY, Model
from wardilemma.scenario import Scenario
from wardilemma.scenario.schema import is_date_lever

__all__ = [
    "DEFAULT_LEVERS",
    "GAME_LEVERS",
    "SLIDER_STEPS",
    "ExplorerError",
    "Lever",
    "branch_month",
    "resolve_assumptions",
    "resolve_levers",
]

#: Sliders of the page, in order: ``name`` or ``name[region]`` of policy levers. A regional
#: lever without a region gets a slider for the model's first region (the provinces).
DEFAULT_LEVERS: tuple[str, ...] = (
    "ceasefire_month",
    "demobilisation_time",
    "replacement_stimulus",
    "postwar_bonus_rub",
    "regime_management",
    "oil_revenue_shock",
    "veteran_programme_level",
    "postwar_military_spending",
)
#: The decisions of the game, each turn: what a regime controls (the war's end is the
#: ceasefire, taken at the start of the turn in which the players end the war).
GAME_LEVERS: tuple[str, ...] = (
    "ceasefire_month",
    "bonus_rub",
    "demobilisation_time",
    "replacement_stimulus",
    "veteran_programme_level",
    "regime_management",
)

#: Steps of a slider between the ends of its range (before rounding the step to 1, 2 or 5
#: times a power of ten).
SLIDER_STEPS = 200


class ExplorerError(InputError, ValueError):
    """The explorer cannot be built (unknown lever, no scenario...)."""


@dataclass(frozen=True)
class Lever:
    """A slider: a policy lever (one region of a regional lever), its range and step.

    ``never`` is the value of the slider's last stop for a month lever whose allowed range
    goes beyond the run (a ceasefire "never" in the run), else None. ``label`` and
    ``shown_units`` are plain words (:mod:`wardilemma.explorer.labels`); the page shows
    ``scale`` times the value in the model's ``units``. ``group`` is ``"policy"`` for a
    lever, ``"assumption"`` for an uncertain parameter of the world view.
    """

    name: str
    region: str | None
    label: str
    units: str
    shown_units: str
    scale: float
    doc: str
    low: float
    high: float
    step: float
    allowed: tuple[float, float]
    plausible: tuple[float, float] | None
    date: bool
    never: float | None
    group: str = "policy"

    @property
    def key(self) -> str:
        return self.name if self.region is None else f"{self.name}[{self.region}]"


def _nice_step(span: float) -> float:
    """1, 2 or 5 times a power of ten, near ``span / SLIDER_STEPS``."""
    raw = span / SLIDER_STEPS
    if not raw > 0 or not math.isfinite(raw):
        return 1.0
    power = 10.0 ** math.floor(math.log10(raw))
    for m in (1.0, 2.0, 5.0, 10.0):
        if raw <= m * power:
            return float(f"{m * power:.12g}")
    return 10 * power


def _lever_values(name: str, region: str | None, scenarios: Sequence[Scenario], model: Model):
    """Every value the lever takes in the scenarios (base values and schedule points)."""
    out: list[float] = []
    for sc in scenarios:
        inputs = js_inputs(sc, model)
        if region is not None and region not in inputs["regions"]:
            continue
        col = inputs["regions"].index(region) if region is not None else 0
        out.append(inputs["params"][name][col])
        sched = inputs["schedules"].get(name)
        if sched:
            out += [row[col] for row in sched["values"]]
    return out


def resolve_levers(
    names: Sequence[str] | None,
    scenarios: Sequence[Scenario],
    model: Model = WAR_ECONOMY,
) -> list[Lever]:
    """The sliders for lever names (``name`` or ``name[region]``).

    Ranges come from the declarations: the plausible range when there is one (else the
    allowed range), widened to every value the scenarios use and clipped to the allowed
    range. A month lever (``ceasefire_month``) runs over the run's months, with a last stop
    at its largest allowed value ("never") when that lies beyond the run.

    Raises
    ------
    ExplorerError
        For a name that is not a policy lever of the model, or an unknown region; names
        that the model does not have are skipped when ``names`` is None (the defaults).
    """
    explicit = names is not None
    chosen = list(names) if names is not None else list(DEFAULT_LEVERS)
    regions = list(dict.fromkeys(r for sc in scenarios for r in js_inputs(sc, model)["regions"]))
    months = max(sc.months for sc in scenarios)
    levers: list[Lever] = []
    for spec in chosen:
        name, _, rest = spec.partition("[")
        region = rest.rstrip("]") or None
        p = model.parameters.get(name)
        if p is None or not p.lever:
            if not explicit and p is None:
                continue
            levers_ = [n for n, q in model.parameters.items() if q.lever]
            hint = model.suggest(name, levers_)
            extra = f"; did you mean {', '.join(hint)}?" if hint else ""
            raise ExplorerError(f"--lever {spec}: not a policy lever of the model{extra}")
        if p.regional:
            region = region or model.regions[0]
            if region not in regions:
                raise ExplorerError(
                    f"--lever {spec}: unknown region {region!r} (regions: {', '.join(regions)})"
                )
        elif region is not None:
            raise ExplorerError(f"--lever {spec}: {name} is national; give it without [region]")
        lo_a, hi_a = (float(x) for x in p.allowed)
        date = is_date_lever(p)
        never = None
        if date:  # a month of the future: from the branch (the history is the record)
            low = max(lo_a, min(sc.branch_month for sc in scenarios))
            high = min(hi_a, months)
            never = hi_a if hi_a > months else None
            step = 1.0
        else:
            low, high = (float(x) for x in (p.plausible or p.allowed))
            used = [v for v in _lever_values(name, region, scenarios, model) if math.isfinite(v)]
            low, high = max(min([low, *used]), lo_a), min(max([high, *used]), hi_a)
            step = 1.0 if p.integer else _nice_step(high - low)
            low = math.floor(low / step + 1e-9) * step
            high = math.ceil(high / step - 1e-9) * step
            low, high = max(low, lo_a), min(high, hi_a)
        plain = label_for(name, model)
        region_text = f" ({region})" if region and len(regions) > 1 else ""
        levers.append(
            Lever(
                name=name,
                region=region,
                label=plain.text + region_text,
                units=p.units,
                shown_units=plain.units,
                scale=plain.scale,
                doc=p.doc,
                low=float(low),
                high=float(high),
                step=step,
                allowed=(lo_a, hi_a),
                plausible=tuple(p.plausible) if p.plausible else None,
                date=date,
                never=never,
            )
        )
    if not levers:
        raise ExplorerError("no lever to put on a slider; give --lever NAME")
    return levers


def resolve_assumptions(scenario: Scenario, model: Model = WAR_ECONOMY) -> list[Lever]:
    """Sliders for the world view: the uncertain parameters of ``scenario`` (its
    ``[uncertainty]`` table), apart from the policy levers.

    A slider spans the parameter's uniform range (``low`` to ``high``), or its plausible
    range for another distribution, widened to the scenario's value; it starts at the
    scenario's value. Regional parameters get a slider for the first region.
    """
    out: list[Lever] = []
    for name, dist in scenario.uncertainty.items():
        p = model.parameters.get(name)
        if p is None or p.lever:
            continue
        value = js_inputs(scenario, model)["params"][name][0]
        if "low" in dist and "high" in dist:
            low, high = float(dist["low"]), float(dist["high"])
        else:
            low, high = (float(x) for x in (p.plausible or p.allowed))
        low, high = min(low, value), max(high, value)
        step = 1.0 if p.integer else _nice_step(high - low)
        plain = label_for(name, model)
        region = model.regions[0] if p.regional else None
        out.append(
            Lever(
                name=name,
                region=region,
                label=plain.text,
                units=p.units,
                shown_units=plain.units,
                scale=plain.scale,
                doc=p.doc,
                low=math.floor(low / step + 1e-9) * step,
                high=math.ceil(high / step - 1e-9) * step,
                step=step,
                allowed=tuple(float(x) for x in p.allowed),
                plausible=tuple(p.plausible) if p.plausible else None,
                date=False,
                never=None,
                group="assumption",
            )
        )
    return out


def branch_month(scenarios: Sequence[Scenario], model: Model = WAR_ECONOMY) -> float:
    """The month at which the scenarios' futures part: the earliest branch a scenario
    declares (``[simulation] branch``); without one, the earliest month lever (the
    ceasefire) or schedule point of a policy lever at which any scenario differs from the
    first. Read from the scenarios, never assumed; 0 when they never differ."""
    declared = [sc.branch_month for sc in scenarios if sc.branch is not None]
    if declared:
        return min(declared)
    inputs = [js_inputs(sc, model) for sc in scenarios]
    first = inputs[0]
    candidates: list[float] = []
    for name, p in model.parameters.items():
        if not p.lever:
            continue
        for other in inputs[1:]:
            if is_date_lever(p) and first["params"][name] != other["params"][name]:
                candidates += first["params"][name] + other["params"][name]
            points = [_points(x["schedules"].get(name)) for x in (first, other)]
            candidates += [t for t, _ in points[0] ^ points[1]]
    months = min(sc.months for sc in scenarios)
    inside = [float(c) for c in candidates if 0 <= c < months]
    return min(inside) if inside else 0.0


def _points(schedule: Mapping[str, Any] | None) -> set[tuple[float, str]]:
    """A schedule's points as (time, values) pairs, comparable between scenarios."""
    if not schedule:
        return set()
    return {(t, json.dumps(v)) for t, v in zip(schedule["times"], schedule["values"], strict=True)}
