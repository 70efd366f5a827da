"""Export the model, with a scenario's values, to XMILE for Stella, Vensim and PySD.

The file is generated from the model's single definition (:mod:`wardilemma.model`): each
stock, flow, auxiliary and parameter becomes an XMILE variable with its units and its
documentation (meaning and source); equations are translated from the parsed trees of
:attr:`Model.equations`, builtins by their XMILE names in :data:`wardilemma.language.FUNCTIONS`.
Illustrative model, not a forecast.

Regions are an XMILE dimension ``region`` (apply-to-all arrays, ``SUM(x[*])``), or, with
``flatten=True``, one scalar variable per region named ``<name>_<region>`` (for tools
without arrays, and for PySD, which reads XMILE arrays only partly).

Semantics checked against PySD 3.14 (``tests/test_pysd_crosscheck.py``) and how the
export resolves each difference
-------------------------------------------------------------------------------------
``step(h, start)``
    Ours, PySD's and Vensim's ``STEP`` switch on when ``time + dt/2 > start``: exported
    as ``STEP`` unchanged (Stella switches at ``time >= start``; identical on the dt grid).
``pulse(m, first, interval)``
    XMILE's ``PULSE``: ``m/dt`` for one step (PySD's ``Xpulse``); exported unchanged.
``pulse_train(start, width, interval, end)``
    Vensim's ``PULSE TRAIN`` (1 inside each window) has no XMILE name; XMILE ``PULSE`` with
    an interval is a one-step spike. Exported as the equivalent
    ``IF TIME >= start AND TIME < end AND phase < width THEN 1 ELSE 0`` with
    ``phase = (TIME - start + 1e-6) MOD interval`` (the same 1e-6 as PySD), or
    ``TIME - start + 1e-6`` when the interval is not positive (a single window).
``ramp``
    ``RAMP(slope, start[, end])``; PySD and ours use ``time + 1e-6 > start``.
``smooth``, ``smooth3``, ``delay1``, ``delay3``
    ``SMTH1``, ``SMTH3``, ``DELAY1``, ``DELAY3``; without a third argument both tools start
    from the input's initial value, and both expand them into Euler-integrated stages.
    PySD lowers a delay's order when ``order * dt`` exceeds the delay time; our engine does
    not (only ``delay3`` with a delay under ``3 dt`` differs; the model has none).
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
    Both tools clamp outside the table.
``time``, ``dt``, ``initial_time``, ``final_time``
    ``TIME``; the others are written as the run's numbers, because PySD does not know the
    XMILE names ``DT``, ``STARTTIME`` and ``STOPTIME``.
scenario schedules
    A lever with a schedule becomes an auxiliary of ``TIME``: nested ``IF THEN ELSE`` with
    the engine's switching rule (a step value holds from ``time + 1e-6 >= month``; linear
    schedules interpolate between points), which is exact where a ``STEP`` sum would move
    switches that fall between grid points by up to ``dt/2``.
time specs
    Start 0, stop = the scenario's months, ``dt``, method ``Euler`` (or ``RK4``), time units
    ``Months``. PySD always integrates with Euler and ignores ``savestep`` (it saves every
    ``dt``); it advances time by repeated addition ``t += dt`` where our engine computes
    ``t0 + i dt`` (identical for binary fractions such as 0.25).
stocks
    No ``<non_negative/>``: our engine does not clip stocks or flows either.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from .engine import scenario_inputs
from .language import (
    FUNCTIONS,
    SMALL,
    BinOp,
    Call,
    Compare,
    Neg,
    Node,
    Num,
    Ref,
    iter_nodes,
    render,
)
from .model import WAR_ECONOMY, Auxiliary, Flow, Model, Parameter, Stock
from .model.compiler import is_regional
from .scenario import Scenario
from .schedules import Schedule
from .text import ILLUSTRATIVE

__all__ = [
    "FORMATS",
    "XMILE_NAMESPACE",
    "ExportError",
    "export_model",
    "flat_name",
    "to_xmile",
]

XMILE_NAMESPACE = "http://docs.oasis-open.org/xmile/ns/XMILE/v1.0"

#: Name of the region dimension in array exports.
DIMENSION = "region"

_XMILE_CMP = {"<": "<", "<=": "<=", ">": ">", ">=": ">=", "==": "=", "!=": "<>"}
_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2, "**": 3}


class ExportError(ValueError):
    """The model or scenario cannot be written in the requested format."""


def flat_name(name: str, region: str) -> str:
    """Name of a regional variable's copy for one region in a flattened export.

    >>> flat_name("soldiers", "provinces")
    'soldiers_provinces'
    """
    return f"{name}_{region}"


# --------------------------------------------------------------------------- expressions


@dataclass(frozen=True)
class _Context:
    """What an equation's translation depends on.

    ``region`` is the region whose copy is being written (flattened export), ``star`` is true
    inside an array reduction (``SUM(x[*])``).
    """

    regional: frozenset[str]
    constants: Mapping[str, float]
    gf_names: Mapping[tuple[str, str], str]
    flatten: bool
    regions: tuple[str, ...]
    region: str | None = None
    star: bool = False
    owner: str = "?"


def _number(value: float) -> str:
    if not np.isfinite(value):
        raise ExportError(f"cannot write the non-finite number {value} in XMILE")
    text = repr(float(value))
    text = text[:-2] if text.endswith(".0") else text
    return text if value >= 0 else f"({text})"


def _expr(node: Node, ctx: _Context) -> str:
    """Translate a tree to XMILE equation text (numeric context)."""
    match node:
        case Num(value):
            return _number(value)
        case Ref("time"):
            return "TIME"
        case Ref(name) if name in ctx.constants:
            return _number(ctx.constants[name])
        case Ref(name):
            return _ref(name, ctx)
        case Neg(operand):
            return f"-({_expr(operand, ctx)})"
        case BinOp(op, left, right):
            return f"{_wrap(left, op, False, ctx)} {'^' if op == '**' else op} " + _wrap(
                right, op, True, ctx
            )
        case Compare():
            return f"(IF {_condition(node, ctx)} THEN 1 ELSE 0)"
        case Call(func, args) if func in FUNCTIONS:
            return _CALLS.get(func, _plain_call)(func, args, ctx)
        case Call(func, args):  # a graphical function: its inline auxiliary
            key = (func, render(args[0]))
            return _ref(ctx.gf_names[key], ctx, regional=is_regional(args[0], ctx.regional))
    raise ExportError(f"equation of {ctx.owner!r}: cannot translate {render(node)!r}")


def _ref(name: str, ctx: _Context, regional: bool | None = None) -> str:
    if not (name in ctx.regional if regional is None else regional):
        return name
    if ctx.flatten:
        if ctx.region is None:
            raise ExportError(f"equation of {ctx.owner!r}: regional {name!r} outside a region")
        return flat_name(name, ctx.region)
    return f"{name}[*]" if ctx.star else name


def _wrap(child: Node, op: str, right: bool, ctx: _Context) -> str:
    text = _expr(child, ctx)
    if isinstance(child, BinOp):
        mine, theirs = _PRECEDENCE[op], _PRECEDENCE[child.op]
        if theirs < mine or (right and theirs == mine and op in "-/") or op == "**":
            return f"({text})"
    if isinstance(child, Neg) or (op == "**" and text.startswith("-")):
        return f"({text})"
    return text


def _condition(node: Node, ctx: _Context) -> str:
    """Translate a tree used as a condition (logical context)."""
    if isinstance(node, Compare):
        left, right = _expr(node.left, ctx), _expr(node.right, ctx)
        return f"{left} {_XMILE_CMP[node.op]} {right}"
    return f"({_expr(node, ctx)}) <> 0"


def _plain_call(func: str, args: tuple[Node, ...], ctx: _Context) -> str:
    return f"{FUNCTIONS[func].xmile}({', '.join(_expr(a, ctx) for a in args)})"


def _if_then_else(func: str, args: tuple[Node, ...], ctx: _Context) -> str:
    cond, yes, no = args
    return f"(IF {_condition(cond, ctx)} THEN {_expr(yes, ctx)} ELSE {_expr(no, ctx)})"


def _pulse_train(func: str, args: tuple[Node, ...], ctx: _Context) -> str:
    start, width, interval, end = (_expr(a, ctx) for a in args)
    offset = f"TIME - {start} + {_number(SMALL)}"
    phase = (
        f"(IF {interval} > 0 THEN ({offset}) mod {interval} ELSE {offset})"
        if not isinstance(args[2], Num)
        else (f"({offset}) mod {interval}" if args[2].value > 0 else f"({offset})")
    )
    return f"(IF TIME >= {start} AND TIME < {end} AND {phase} < {width} THEN 1 ELSE 0)"


def _reduce(func: str, args: tuple[Node, ...], ctx: _Context) -> str:
    if not ctx.flatten:
        return f"{FUNCTIONS[func].xmile}({_expr(args[0], replace(ctx, star=True))})"
    terms = [_expr(args[0], replace(ctx, region=r)) for r in ctx.regions]
    total = "(" + " + ".join(f"({t})" for t in terms) + ")"
    return total if func == "sum_regions" else f"({total} / {len(terms)})"


_CALLS = {
    "if_then_else": _if_then_else,
    "pulse_train": _pulse_train,
    "sum_regions": _reduce,
    "mean_regions": _reduce,
}


# --------------------------------------------------------------------------- schedules


def _schedule_equation(sched: Schedule, base: float, column: int) -> str:
    """A lever's schedule as an XMILE expression of ``TIME`` (the engine's rule, exactly)."""
    times = [float(t) for t in sched.times]
    values = [float(v) for v in sched.values[:, column]]
    small = _number(SMALL)
    if sched.interpolation == "step" or len(times) == 1:
        expr = _number(base)
        for t, v in zip(times, values, strict=True):
            expr = f"(IF TIME + {small} >= {_number(t)} THEN {_number(v)} ELSE {expr})"
        return expr
    if sched.interpolation != "linear":
        raise ExportError(f"unknown schedule interpolation {sched.interpolation!r}")
    expr = _number(base)
    for i in range(len(times) - 1):
        t0, t1, v0, v1 = times[i], times[i + 1], values[i], values[i + 1]
        w = f"(TIME - {_number(t0)}) / {_number(t1 - t0)}"
        segment = f"{_number(v0)} * (1 - {w}) + {_number(v1)} * {w}"
        test = f"TIME + {small} >= {_number(t0)}" if i == 0 else f"TIME >= {_number(t0)}"
        expr = f"(IF {test} THEN {segment} ELSE {expr})"
    return f"(IF TIME >= {_number(times[-1])} THEN {_number(values[-1])} ELSE {expr})"


# --------------------------------------------------------------------------- variables


@dataclass(frozen=True)
class _Variable:
    """One XMILE variable before serialisation; ``equations`` maps region (or None) to text."""

    tag: str
    name: str
    units: str
    doc: str
    equations: Mapping[str | None, str]
    inflows: tuple[str, ...] = ()
    outflows: tuple[str, ...] = ()
    gf: tuple[tuple[float, float], ...] | None = None
    regional: bool = False
    extra: Mapping[str, str] = field(default_factory=dict)


def _units(text: str) -> str:
    return "dmnl" if text.strip() in ("", "1") else text


def _doc(el: object) -> str:
    doc = getattr(el, "doc", "")
    source = getattr(el, "source", "")
    return f"{doc} Source: {source}." if source else doc


def _gf_arguments(model: Model) -> dict[str, tuple[str, Node]]:
    """One inline graphical-function auxiliary per (lookup, distinct argument), in order of
    appearance: ``name -> (lookup name, argument tree)``; named after the lookup, then
    ``lookup_2``, ``lookup_3``... for further arguments."""
    out: dict[str, tuple[str, Node]] = {}
    seen: set[tuple[str, str]] = set()
    count: dict[str, int] = {}
    for equation in model.equations.values():
        for node in iter_nodes(equation):
            if not (isinstance(node, Call) and node.func in model.lookups):
                continue
            key = (node.func, render(node.args[0]))
            if key in seen:
                continue
            seen.add(key)
            count[node.func] = count.get(node.func, 0) + 1
            name = node.func if count[node.func] == 1 else f"{node.func}_{count[node.func]}"
            if name in model.elements and name != node.func:
                raise ExportError(f"inline graphical function name {name!r} is taken")
            out[name] = (node.func, node.args[0])
    return out


def _gf_names(model: Model) -> dict[tuple[str, str], str]:
    """``(lookup name, rendered argument) -> inline auxiliary name``."""
    return {(func, render(arg)): name for name, (func, arg) in _gf_arguments(model).items()}


def _variables(
    model: Model, scenario: Scenario, flatten: bool
) -> tuple[list[_Variable], tuple[str, ...]]:
    regions, values, schedules = scenario_inputs(scenario, model)
    regional = frozenset(model.regional)
    constants = {"dt": scenario.dt, "initial_time": 0.0, "final_time": float(scenario.months)}
    ctx = _Context(regional, constants, _gf_names(model), flatten, regions)
    gf_regional = {}
    out: list[_Variable] = []

    def equations(node: Node, name: str, has_regions: bool) -> dict[str | None, str]:
        c = replace(ctx, owner=name)
        if flatten and has_regions:
            return {r: _expr(node, replace(c, region=r)) for r in regions}
        return {None: _expr(node, c)}

    for name, el in model.elements.items():
        has_regions = name in regional
        if isinstance(el, Parameter):
            row = values[name][0]
            eqs: dict[str | None, str] = {}
            for i, region in enumerate(regions if has_regions else (None,)):
                base = float(row[i])
                sched = schedules.get(name)
                eqs[region] = _number(base) if sched is None else _schedule_equation(sched, base, i)
            if has_regions and not flatten and len(set(eqs.values())) == 1:
                eqs = {None: next(iter(eqs.values()))}
            out.append(
                _Variable("aux", name, _units(el.units), _doc(el), eqs, regional=has_regions)
            )
        elif isinstance(el, Stock):
            out.append(
                _Variable(
                    "stock",
                    name,
                    _units(el.units),
                    _doc(el),
                    equations(model.equations[name], name, has_regions),
                    inflows=el.inflows,
                    outflows=el.outflows,
                    regional=has_regions,
                )
            )
        elif isinstance(el, Flow | Auxiliary):
            tag = "flow" if isinstance(el, Flow) else "aux"
            eqs = equations(model.equations[name], name, has_regions)
            out.append(_Variable(tag, name, _units(el.units), _doc(el), eqs, regional=has_regions))
    for gf_name, (lookup, arg) in _gf_arguments(model).items():
        lk = model.lookups[lookup]
        has_regions = is_regional(arg, regional)
        gf_regional[gf_name] = has_regions
        doc = f"Graphical function {lookup} of {render(arg)}: {_doc(lk)}"
        eqs = equations(arg, gf_name, has_regions)
        out.append(
            _Variable("aux", gf_name, _units(lk.y_units), doc, eqs, gf=lk.points,
                      regional=has_regions)
        )  # fmt: skip
    return out, regions


# --------------------------------------------------------------------------- XML


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrib: str) -> ET.Element:
    el = ET.SubElement(parent, tag, attrib)
    if text is not None:
        el.text = text
    return el


def _gf_element(parent: ET.Element, points: tuple[tuple[float, float], ...]) -> None:
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    gf = _sub(parent, "gf", type="continuous")
    _sub(gf, "yscale", min=_number(min(ys)), max=_number(max(ys)))
    _sub(gf, "xpts", ",".join(_number(x) for x in xs))
    _sub(gf, "ypts", ",".join(_number(y) for y in ys))


def _write_variable(parent: ET.Element, var: _Variable, regions: tuple[str, ...],
                    flatten: bool) -> None:  # fmt: skip
    copies: list[tuple[str, str | None]]
    if flatten and var.regional:
        copies = [(flat_name(var.name, r), r) for r in regions]
    else:
        copies = [(var.name, None)]
    for name, region in copies:
        el = _sub(parent, var.tag, name=name)
        _sub(el, "doc", var.doc)
        if not flatten and var.regional:
            dims = _sub(el, "dimensions")
            _sub(dims, "dim", name=DIMENSION)
        if region in var.equations:
            _sub(el, "eqn", var.equations[region])
        else:
            for r in regions:
                element = _sub(el, "element", subscript=r)
                _sub(element, "eqn", var.equations[r])
        for flow in var.inflows:
            _sub(el, "inflow", flat_name(flow, region) if region else flow)
        for flow in var.outflows:
            _sub(el, "outflow", flat_name(flow, region) if region else flow)
        if var.gf is not None:
            _gf_element(el, var.gf)
        _sub(el, "units", var.units)


def to_xmile(
    scenario: Scenario | None = None, *, model: Model | None = None, flatten: bool = False
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

    Returns
    -------
    str
        The XML text (UTF-8, with declaration).

    Raises
    ------
    ExportError
        When an equation cannot be translated.
    """
    from . import __version__

    model = model or WAR_ECONOMY
    scenario = scenario or Scenario(name="defaults")
    variables, regions = _variables(model, scenario, flatten)
    root = ET.Element("xmile", {"version": "1.0", "xmlns": XMILE_NAMESPACE})
    header = _sub(root, "header")
    _sub(header, "vendor", "wardilemma")
    _sub(header, "product", "wardilemma", version=__version__, lang="en")
    _sub(header, "name", f"{model.name}: {scenario.name}")
    title = f"{model.name}, scenario {scenario.name!r}. {ILLUSTRATIVE}."
    _sub(header, "caption", title)
    options = _sub(header, "options")
    if not flatten:
        _sub(options, "uses_arrays", maximum_dimensions="1")
    specs = _sub(root, "sim_specs", method=_method(scenario.method), time_units="Months")
    _sub(specs, "start", "0")
    _sub(specs, "stop", _number(float(scenario.months)))
    _sub(specs, "dt", _number(scenario.dt))
    if not flatten:
        dims = _sub(root, "dimensions")
        dim = _sub(dims, "dim", name=DIMENSION)
        for r in regions:
            _sub(dim, "elem", name=r)
    xmodel = _sub(root, "model")
    _sub(xmodel, "doc", f"{ILLUSTRATIVE}. {scenario.description}".strip())
    xvars = _sub(xmodel, "variables")
    for var in variables:
        _write_variable(xvars, var, regions, flatten)
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
    model: Model | None = None,
) -> Path:
    """Write the model with a scenario's values to ``path`` in a format of :data:`FORMATS`."""
    if format not in FORMATS:
        raise ExportError(f"unknown format {format!r}; choose from {', '.join(FORMATS)}")
    from .outputs import write_text  # atomic: never a half-written file

    return write_text(path, FORMATS[format](scenario, model=model, flatten=flatten))
