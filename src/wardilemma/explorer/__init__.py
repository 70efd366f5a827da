"""The explorer: one self-contained HTML page that runs the model in the browser.

:func:`build_explorer` writes a single file that works offline from ``file://``: the model
as JavaScript (:mod:`wardilemma.export.javascript`, generated from the same definition as the NumPy
kernel), the scenarios' inputs, sliders for the main policy levers (units and ranges from
their :class:`~wardilemma.model.Parameter` declarations), four panels of the dashboard drawn
with the vendored uPlot (MIT), the key metrics (mirroring :mod:`wardilemma.metrics`)
updated live, a reset button and a button that downloads the settings as a scenario file.
The first scenario is the faint reference, the user starts from the last one; both can be
changed in the page. Illustrative model, not a forecast.

The page is filled from ``page.html`` with :class:`string.Template`; scripts and styles are
inlined, data goes in as JSON with ``<``, ``>`` and ``&`` escaped.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from string import Template
from typing import Any

from wardilemma.errors import InputError
from wardilemma.explorer.labels import label_for
from wardilemma.explorer.story import StoryError, default_story_path, load_story
from wardilemma.export.javascript import generate_model_js, js_inputs
from wardilemma.metrics import INSTABILITY_THRESHOLD, KEY_METRICS, METRICS, RESERVES_EMPTY_FRACTION
from wardilemma.model import WAR_ECONOMY, Model
from wardilemma.outputs import write_text
from wardilemma.scenario import Scenario, load_scenario
from wardilemma.scenario.schema import is_date_lever
from wardilemma.text import ILLUSTRATIVE

__all__ = [
    "DEFAULT_LEVERS",
    "GAME_LEVERS",
    "PANELS",
    "ExplorerError",
    "Lever",
    "Panel",
    "StoryError",
    "branch_month",
    "build_explorer",
    "discontent_drivers",
    "explorer_html",
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

#: Worlds (draws of the uncertain parameters) in which the debrief replays the players'
#: decisions.
GAME_WORLDS = 24

#: Months of a turn of the game (the first is the default).
TURN_MONTHS: tuple[int, ...] = (6, 12)

#: Steps of a slider between the ends of its range (before rounding the step to 1, 2 or 5
#: times a power of ten).
SLIDER_STEPS = 200


class ExplorerError(InputError, ValueError):
    """The explorer cannot be built (unknown lever, no scenario...)."""


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
    :mod:`wardilemma.figures.dashboard`), the bonus paid and the army.

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
    ``(1 - discontent) * discontent_pressure`` and the pressure a sum of
    ``sensitivity * grievance`` terms; each term, times ``1 - discontent``, is one driver's
    share of the inflow.

    Raises
    ------
    ExplorerError
        When the pressure is not a sum of two-factor products (the model changed shape).
    """
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
                "label": DRIVER_NAMES.get(grievance, grievance),
            }
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


def _scenario_data(scenario: Scenario, model: Model) -> dict[str, Any]:
    files = [Path(f).name for f in scenario.files]
    return {
        "name": scenario.name,
        "description": scenario.description,
        "file": files[-1] if files else "",
        "sha256": scenario.sha256,
        "start": scenario.start,
        "branch": scenario.branch,
        "inputs": js_inputs(scenario, model),
        # the uniform ranges of the [uncertainty] table (the debrief's worlds)
        "uncertainty": [
            {"name": n, "low": float(d["low"]), "high": float(d["high"])}
            for n, d in scenario.uncertainty.items()
            if d.get("dist") == "uniform" and n in model.parameters
        ],
    }


def _model_data(model: Model) -> dict[str, Any]:
    parameters = {
        n: {
            "units": p.units,
            "regional": p.regional,
            "lever": p.lever,
            "integer": p.integer,
            "date": is_date_lever(p),
            "default": dict(p.default) if isinstance(p.default, Mapping) else float(p.default),
        }
        for n, p in model.parameters.items()
    }
    return {"name": model.name, "regions": list(model.regions), "parameters": parameters}


def _metrics_data() -> dict[str, Any]:
    return {
        "all": [
            {
                "name": m.name, "label": m.label, "units": m.units, "definition": m.definition,
                "regional": m.regional, "kind": m.kind, "needs": list(m.needs),
            }
            for m in METRICS.values()
        ],
        "key": list(KEY_METRICS),
        "instability_threshold": INSTABILITY_THRESHOLD,
        "reserves_empty_fraction": RESERVES_EMPTY_FRACTION,
    }  # fmt: skip


def _panels_data(model: Model) -> list[dict[str, Any]]:
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


def _asset(name: str) -> str:
    return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")


def _inline_script(code: str) -> str:
    """Script text that cannot close its ``<script>`` element early."""
    return code.replace("</script", "<\\/script").replace("<!--", "<\\!--")


def _json(data: Any) -> str:
    text = json.dumps(data, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def explorer_html(
    scenarios: Sequence[Scenario],
    *,
    levers: Sequence[str] | None = None,
    model: Model | None = None,
    story: str | Path | None = None,
) -> str:
    """The explorer page (one self-contained HTML document) for the given scenarios.

    Parameters
    ----------
    scenarios
        At least one scenario; the first is drawn faintly as the reference, the user
        starts from the last.
    levers
        Slider names (``name`` or ``name[region]``), default :data:`DEFAULT_LEVERS`.
    story
        A story file (:mod:`wardilemma.explorer.story`), default the shipped one when the
        scenarios it names are in the page (else the page has no story).

    Raises
    ------
    ExplorerError
        Without scenarios, or for a lever that is not a policy lever.
    StoryError
        For a story file that does not fit the model or the scenarios.
    """
    from wardilemma._version import __version__

    model = model or WAR_ECONOMY
    if not scenarios:
        raise ExplorerError("give at least one scenario")
    for sc in scenarios:
        if sc.method not in ("euler", "rk4"):
            raise ExplorerError(f"{sc.name}: the explorer runs euler or rk4, not {sc.method}")
    sliders = resolve_levers(levers, scenarios, model)
    game = resolve_levers([n for n in GAME_LEVERS if n in model.parameters], scenarios, model)
    assumptions = resolve_assumptions(scenarios[-1], model)
    panels = _panels_data(model)
    keys = [p["key"] for p in panels]
    if story is not None:
        tour = load_story(story, scenarios, keys, model)
    else:
        # the shipped story names the shipped scenarios: a page without them has no story
        try:
            tour = load_story(default_story_path(), scenarios, keys, model)
        except StoryError:
            tour = None
    data = {
        "version": __version__,
        "illustrative": ILLUSTRATIVE,
        "model": _model_data(model),
        "levers": [{**lever.__dict__, "key": lever.key} for lever in sliders],
        "assumptions": [{**lever.__dict__, "key": lever.key} for lever in assumptions],
        "game": {
            "levers": [{**lever.__dict__, "key": lever.key} for lever in game],
            "branch": branch_month(scenarios, model),
            "turns": list(TURN_MONTHS),
            "worlds": GAME_WORLDS,
        },
        "drivers": discontent_drivers(model),
        "story": tour and {"title": tour.title, "file": tour.file, "steps": list(tour.steps)},
        "scenarios": [_scenario_data(sc, model) for sc in scenarios],
        "reference": 0,
        "start": len(scenarios) - 1,
        "metrics": _metrics_data(),
        "panels": panels,
    }
    names = [sc.name for sc in scenarios]
    page = Template(_asset("page.html"))
    return page.substitute(
        title=" vs ".join(names).replace("&", "&amp;").replace("<", "&lt;"),
        illustrative=ILLUSTRATIVE,
        version=__version__,
        uplot_css=_asset("vendor/uPlot.min.css"),
        style=_asset("style.css"),
        uplot_js=_inline_script(_asset("vendor/uPlot.iife.min.js")),
        model_js=_inline_script(generate_model_js(model)),
        metrics_js=_inline_script(_asset("metrics.js")),
        settings_js=_inline_script(_asset("settings.js")),
        game_js=_inline_script(_asset("game.js")),
        app_js=_inline_script(_asset("app.js")),
        data_json=_json(data),
        uplot_license=_asset("vendor/uPlot.LICENSE").replace("&", "&amp;").replace("<", "&lt;"),
    )


@dataclass(frozen=True)
class ExplorerPage:
    """A written explorer page: its path and size in bytes."""

    path: Path
    size: int


def build_explorer(
    scenarios: Sequence[str | Path | Scenario],
    output: str | Path,
    *,
    levers: Sequence[str] | None = None,
    story: str | Path | None = None,
) -> ExplorerPage:
    """Load scenario files and write the explorer page to ``output`` (atomically).

    Parameters
    ----------
    scenarios
        Scenario files (or loaded scenarios); the first is the faint reference, the user
        starts from the last.
    output
        The HTML file to write.
    levers
        Slider names, default :data:`DEFAULT_LEVERS`.
    story
        A story file, default the shipped one.

    Raises
    ------
    ScenarioError
        When a scenario file is invalid (nothing is written).
    StoryError
        For a story file with a mistake (nothing is written).
    ExplorerError
        For an unknown lever or an output path that cannot be written.
    """
    loaded = [p if isinstance(p, Scenario) else load_scenario(p, warn=False) for p in scenarios]
    html = explorer_html(loaded, levers=levers, story=story)
    output = Path(output)
    if output.parent and not output.parent.exists():
        output.parent.mkdir(parents=True, exist_ok=True)
    path = write_text(output, html)
    return ExplorerPage(path=path, size=path.stat().st_size)
