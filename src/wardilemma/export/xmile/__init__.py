"""Write the model, with a scenario's values, as XMILE 1.0 for Stella, Vensim, PySD and others.

The file is generated from the model's single definition (:mod:`wardilemma.model`): each
stock, flow, auxiliary and parameter becomes an XMILE variable with its units and its
documentation (meaning and source); equations are the parsed trees of
:attr:`Model.equations` rendered by the language's own :func:`~wardilemma.language.render`
(one precedence table), with builtins spelled by their XMILE names
(:data:`wardilemma.builtins.BUILTINS`). Illustrative model, not a forecast.

The package: :mod:`.equations` writes an equation tree in XMILE, :mod:`.variables` decides
which variables the model and a scenario become, :mod:`.view` draws the diagram view, and
this module assembles the document.

Regions are an XMILE dimension ``region`` (apply-to-all arrays, ``SUM(x[*])``), or, with
``flatten=True``, one scalar variable per region named ``<name>_<region>`` (for tools
without arrays, and for PySD and BPTK-Py, which read XMILE arrays only partly).

What the file holds
-------------------
* ``<header>`` (the scenario's description in ``<caption>``), ``<sim_specs>`` with
  ``time_units="month"``, ``<model_units>`` declaring every unit the variables use (with
  aliases such as ``months``, ``people``, ``roubles``), the ``region`` dimension (arrays),
  and one ``<model>`` with ``<variables>`` and ``<views>``.
* ``<views>``: one stock-and-flow view placed by the layout of the stock-and-flow diagram
  (:func:`wardilemma.figures.diagram_layout.stock_flow_layout`): stocks, flows with their
  pipes (clouds where material enters or leaves), auxiliaries and a connector for every information
  link between them. Parameters, helper variables and graphical-function inputs are
  variables without a place on the diagram. Flattened, each region's copy of the diagram
  sits to the right of the previous one.
* XMILE 1.0 schema: the document follows the published schema's structure (checked by
  ``tests/test_xmile.py``), with one deliberate exception: ``<uses_arrays>`` carries
  ``maximum_dimensions``, the attribute named by the specification's prose, where the
  published ``xmile-v1.0.xsd`` says ``max_dimensions`` (a known defect of the schema).
  Checked once against that schema (not in the repository, nor fetchable here): both
  exports of every shipped scenario validate apart from this attribute.

Targets (``target=``)
---------------------
``stella`` and ``vensim`` (the default is ``stella``) refer to the run's length and step by
the XMILE names ``STARTTIME``, ``STOPTIME`` and ``DT``, so changing the run specs in the tool
moves them; ``pysd`` writes them as the run's numbers, because PySD does not know those names,
and writes the ``MOD`` operator in lower case, the only spelling PySD's parser reads.
Nothing else differs (:data:`TARGETS`).

Semantics checked against PySD 3.14, Simlin 0.8 and BPTK-Py 3.2
(``tests/test_xmile_crosscheck.py``) and how the export resolves each difference
------------------------------------------------------------------------------------------
``step(h, start)``
    Ours, PySD's and Vensim's ``STEP`` switch on when ``time + dt/2 > start``: exported
    as ``STEP`` unchanged (Stella switches at ``time >= start``; identical on the dt grid).
``pulse(m, first, interval)``
    XMILE's ``PULSE``: ``m/dt`` for one step, always written with its three arguments
    (interval ``0``: a single pulse).
``pulse_train(start, width, interval, end)``
    Vensim's ``PULSE TRAIN`` (1 inside each window) has no XMILE name; XMILE ``PULSE`` with
    an interval is a one-step spike. Exported as the equivalent
    ``IF TIME >= start AND TIME < end AND phase < width THEN 1 ELSE 0`` with
    ``phase = (TIME - start + 1e-6) MOD interval`` (the same 1e-6 as PySD; ``mod`` for
    PySD), or
    ``TIME - start + 1e-6`` when the interval is not positive (a single window).
``ramp``
    ``RAMP(slope, start[, end])``; PySD and ours use ``time + 1e-6 > start``.
``smooth``, ``smooth3``, ``delay1``, ``delay3``
    ``SMTH1``, ``SMTH3``, ``DELAY1``, ``DELAY3`` in the form every engine reads: always with
    the initial value as third argument (the input when the model gives none) and one
    builtin per variable, as the whole equation. A builtin nested in a larger equation
    moves to a named helper auxiliary ``<owner>_<function>`` (documented in the file). A
    builtin whose input refers to its own variable (``austerity = smooth(f(austerity), T,
    0)``) is written in the engine's own form instead: the variable becomes a stock with
    one flow ``<name>_change`` (the hidden stock of :mod:`wardilemma.model.compiler`), so
    that no tool sees a circular definition. Both tools expand the builtins into
    Euler-integrated stages like our engine. PySD lowers a delay's order when
    ``order * dt`` exceeds the delay time; our engine does not (only ``delay3`` with a
    delay under ``3 dt`` differs; the model has none).
``sum_regions``, ``mean_regions``
    ``SUM(x[*])``/``MEAN(x[*])`` with arrays; flattened, a parenthesised sum over the
    per-region copies of the argument (divided by the number of regions for the mean).
comparisons
    Ours give 1.0/0.0; XMILE comparisons are logical. As the condition of
    ``if_then_else`` they are written as is (``==`` as ``=``, ``!=`` as ``<>``); elsewhere
    as ``(IF a > b THEN 1 ELSE 0)``. ``IF THEN ELSE`` is written in XMILE's statement form
    ``(IF c THEN a ELSE b)``, the form PySD parses (it rejects the call ``IF THEN ELSE(...)``).
graphical functions
    Written inline, ``<aux>`` whose equation is the argument and which carries the ``<gf>``
    (PySD evaluates these about 8x faster than a standalone ``<gf>`` called by name); one
    such auxiliary per distinct argument, named after the lookup. Points go in ``<xpts>``:
    PySD spreads ``<xscale>`` evenly over the points, which would move uneven points.
    Every tool clamps outside the table.
``time``, ``dt``, ``initial_time``, ``final_time``
    ``TIME``, then ``DT``, ``STARTTIME``, ``STOPTIME`` or the run's numbers (see Targets).
scenario schedules
    A step schedule is an auxiliary of ``TIME``: nested ``IF THEN ELSE`` with the engine's
    switching rule (a value holds from ``time + 1e-6 >= month``), exact where a ``STEP`` sum
    would move switches that fall between grid points by up to ``dt/2``. A linear schedule
    is a graphical function of ``TIME`` in a helper ``<lever>_schedule`` (per region:
    ``<lever>_schedule_<region>``), used from its first month on; written this way it is
    unit-consistent (``a*(1-(TIME-t0)/w) + ...`` would give the lever units of months).
time specs
    Start 0, stop = the scenario's months, ``dt``, method ``Euler`` (or ``RK4``), time units
    ``month``. PySD always integrates with Euler and ignores ``savestep`` (it saves every
    ``dt``); it advances time by repeated addition ``t += dt`` where our engine computes
    ``t0 + i dt`` (identical for binary fractions such as 0.25).
stocks
    No ``<non_negative/>``: our engine does not clip stocks or flows either.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from wardilemma._version import __version__
from wardilemma.atomic import write_text  # never a half-written file
from wardilemma.export.xmile.equations import (
    DIMENSION,
    Context,
    ExportError,
    expr,
    flat_name,
    number,
)
from wardilemma.export.xmile.variables import Var, gf_arguments, regional_names, variables_of
from wardilemma.export.xmile.view import sub, write_view
from wardilemma.language import render
from wardilemma.model import WAR_ECONOMY, Model
from wardilemma.scenario import Scenario
from wardilemma.text import ILLUSTRATIVE
from wardilemma.units import DIMENSIONLESS, parse_units

__all__ = [
    "DIMENSION",
    "FORMATS",
    "TARGETS",
    "XMILE_NAMESPACE",
    "ExportError",
    "Target",
    "export_model",
    "flat_name",
    "to_xmile",
]

XMILE_NAMESPACE = "http://docs.oasis-open.org/xmile/ns/XMILE/v1.0"

_NAMED_RUN = {"initial_time": "STARTTIME", "final_time": "STOPTIME", "dt": "DT"}


@dataclass(frozen=True)
class Target:
    """What one tool reads: its names for the run's start, stop and step (``None``: the
    run's numbers, for a tool that lacks the XMILE names) and its spelling of ``MOD``."""

    run_constants: Mapping[str, str] | None
    mod: str = "MOD"


#: Tools the export can be written for.
TARGETS: dict[str, Target] = {
    "stella": Target(_NAMED_RUN),
    "vensim": Target(_NAMED_RUN),
    "pysd": Target(None, mod="mod"),  # PySD's parser knows neither the names nor "MOD"
}

#: Aliases declared in ``<model_units>`` for the base units the model uses.
_UNIT_ALIASES = {
    "month": ("months", "mo"),
    "year": ("years", "yr"),
    "person": ("people", "persons"),
    "RUB": ("rouble", "roubles"),
    "trnRUB": ("trillion_roubles",),
    "dmnl": ("dimensionless", "fraction"),
}


# --------------------------------------------------------------------------- XML


def _gf_element(parent: ET.Element, points: tuple[tuple[float, float], ...]) -> None:
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    gf = sub(parent, "gf", type="continuous")
    sub(gf, "yscale", min=number(min(ys)), max=number(max(ys)))
    sub(gf, "xpts", ",".join(number(x) for x in xs))
    sub(gf, "ypts", ",".join(number(y) for y in ys))


def _equations(var: Var, ctx: Context, regional: bool) -> dict[str | None, str]:
    """Equation text per region (``None``: one equation for the whole variable)."""
    if var.text is not None:
        if ctx.flatten or len(set(var.text.values())) > 1:
            return dict(var.text)
        return {None: next(iter(var.text.values()))}
    c = replace(ctx, owner=var.name)
    if ctx.flatten and regional:
        return {r: expr(var.node, replace(c, region=r)) for r in ctx.regions}
    return {None: expr(var.node, c)}


def _write_variable(parent: ET.Element, var: Var, ctx: Context) -> None:
    regional = var.name in ctx.regional
    equations = _equations(var, ctx, regional)
    copies: list[tuple[str, str | None]]
    if ctx.flatten and regional:
        copies = [(flat_name(var.name, r), r) for r in ctx.regions]
    else:
        copies = [(var.name, None)]
    for name, region in copies:
        el = sub(parent, var.tag, name=name)
        sub(el, "doc", var.doc)
        if not ctx.flatten and regional:
            dims = sub(el, "dimensions")
            sub(dims, "dim", name=DIMENSION)
        if region in equations:
            sub(el, "eqn", equations[region])
        else:
            for r in ctx.regions:
                element = sub(el, "element", subscript=r)
                sub(element, "eqn", equations[r])
        for flow in var.inflows:
            sub(el, "inflow", flat_name(flow, region) if region else flow)
        for flow in var.outflows:
            sub(el, "outflow", flat_name(flow, region) if region else flow)
        if var.gf is not None:
            _gf_element(el, var.gf)
        sub(el, "units", var.units)


def _model_units(parent: ET.Element, variables: list[Var]) -> None:
    """Declare every base unit the variables use, with the aliases people write."""
    used = {"month"}
    for v in variables:
        used |= {k for k, _ in parse_units(v.units).exponents}
        used |= {"dmnl"} if parse_units(v.units) == DIMENSIONLESS else set()
    units = sub(parent, "model_units")
    for name in sorted(used, key=str.lower):
        unit = sub(units, "unit", name=name)
        for alias in _UNIT_ALIASES.get(name, ()):
            sub(unit, "alias", alias)


# --------------------------------------------------------------------------- document


def to_xmile(
    scenario: Scenario | None = None,
    *,
    model: Model | None = None,
    flatten: bool = False,
    target: str = "stella",
) -> str:
    """The model with a scenario's values as an XMILE 1.0 document.

    Parameters
    ----------
    scenario
        Parameter values, regions, schedules and time specs (default: the model's defaults).
    model
        The model (default :data:`wardilemma.WAR_ECONOMY`).
    flatten
        Write one scalar variable per region (``soldiers_provinces``) instead of arrays
        over the ``region`` dimension.
    target
        A tool of :data:`TARGETS`: how the run's start, stop and step are referred to
        (``STARTTIME``... for Stella and Vensim, numbers for PySD).

    Returns
    -------
    str
        The XML text (UTF-8, with declaration).

    Raises
    ------
    ExportError
        When an equation cannot be translated, or the target is unknown.
    """
    if target not in TARGETS:
        raise ExportError(f"unknown target {target!r}; choose from {', '.join(TARGETS)}")
    model = model or WAR_ECONOMY
    scenario = scenario or Scenario(name="defaults")
    variables, regions = variables_of(model, scenario)
    run = {"dt": scenario.dt, "initial_time": 0.0, "final_time": float(scenario.months)}
    names = TARGETS[target].run_constants or {}
    constants = {k: names.get(k, number(v)) for k, v in run.items()}
    trees = [v.node for v in variables if v.node is not None]
    gf_names = {(func, render(arg)): name
                for name, (func, arg) in gf_arguments(model, trees).items()}  # fmt: skip
    regional = regional_names(variables, model, regions)
    ctx = Context(regional, constants, gf_names, flatten, regions, TARGETS[target].mod)

    root = ET.Element("xmile", {"version": "1.0", "xmlns": XMILE_NAMESPACE})
    header = sub(root, "header")
    sub(header, "vendor", "wardilemma")
    sub(header, "product", "wardilemma", version=__version__, lang="en")
    sub(header, "name", f"{model.name}: {scenario.name}")
    caption = f"{model.name}, scenario {scenario.name!r}. {ILLUSTRATIVE}."
    sub(header, "caption", f"{caption} {scenario.description}".strip())
    if not flatten:
        options = sub(header, "options")
        # the specification's prose names this attribute; the published schema says
        # max_dimensions (a defect of the schema, see the module docstring)
        sub(options, "uses_arrays", maximum_dimensions="1")
    specs = sub(root, "sim_specs", method=_method(scenario.method), time_units="month")
    sub(specs, "start", "0")
    sub(specs, "stop", number(float(scenario.months)))
    sub(specs, "dt", number(scenario.dt))
    _model_units(root, variables)
    if not flatten:
        dims = sub(root, "dimensions")
        dim = sub(dims, "dim", name=DIMENSION)
        for r in regions:
            sub(dim, "elem", name=r)
    xmodel = sub(root, "model")
    xvars = sub(xmodel, "variables")
    for var in variables:
        _write_variable(xvars, var, ctx)
    write_view(sub(xmodel, "views"), variables, ctx, model)
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    comment = f"<!-- {ILLUSTRATIVE}. Generated by wardilemma {__version__} from the model. -->"
    return f'<?xml version="1.0" encoding="utf-8"?>\n{comment}\n{body}\n'


def _method(method: str) -> str:
    return {"euler": "Euler", "rk4": "RK4"}.get(method.lower(), method)


#: Export formats by name: each writes a scenario to text.
FORMATS = {"xmile": to_xmile}


def export_model(
    scenario: Scenario | None,
    path: str | Path,
    *,
    format: str = "xmile",
    flatten: bool = False,
    target: str = "stella",
    model: Model | None = None,
) -> Path:
    """Write the model with a scenario's values to ``path`` in a format of :data:`FORMATS`
    (for a tool of :data:`TARGETS`)."""
    if format not in FORMATS:
        raise ExportError(f"unknown format {format!r}; choose from {', '.join(FORMATS)}")
    text = FORMATS[format](scenario, model=model, flatten=flatten, target=target)
    return write_text(path, text)
