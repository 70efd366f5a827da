"""Write the model, with a scenario's values, as XMILE 1.0 for Stella, Vensim, PySD and others.

The file is generated from the model's single definition (:mod:`wardilemma.model`): each
stock, flow, auxiliary and parameter becomes an XMILE variable with its units and its
documentation (meaning and source); equations are the parsed trees of
:attr:`Model.equations` rendered by the language's own :func:`~wardilemma.language.render`
(one precedence table), with builtins spelled by their XMILE names
(:data:`wardilemma.language.FUNCTIONS`). Illustrative model, not a forecast.

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
  (:func:`wardilemma.diagram.stock_flow_layout`): stocks, flows with their pipes (clouds
  where material enters or leaves), auxiliaries and a connector for every information
  link between them. Parameters, helper variables and graphical-function inputs are
  variables without a place on the diagram. Flattened, each region's copy of the diagram
  sits to the right of the previous one.
* XMILE 1.0 schema: the document follows the published schema's structure (checked by
  ``tests/test_xmile.py``), with one deliberate exception: ``<uses_arrays>`` carries
  ``maximum_dimensions``, the attribute named by the specification's prose (section
  2.2.1), where the published ``xmile-v1.0.xsd`` says ``max_dimensions`` (a defect of
  the schema; tools follow the prose).

Targets (``target=``)
---------------------
``stella`` and ``vensim`` (the default is ``stella``) refer to the run's length and step by
the XMILE names ``STARTTIME``, ``STOPTIME`` and ``DT``, so changing the run specs in the tool
moves them; ``pysd`` writes them as the run's numbers, because PySD does not know those names,
and writes the ``MOD`` operator in lower case, the only spelling PySD's parser reads.
Nothing else differs (:data:`TARGETS`).

Semantics checked against PySD 3.14, Simlin 0.8 and BPTK-Py 3.2 (``tests/test_pysd_crosscheck.py``,
``tests/test_engines_crosscheck.py``) and how the export resolves each difference
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

import math
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from .engine import scenario_inputs
from .language import (
    FUNCTIONS,
    SMALL,
    STATEFUL_FUNCTIONS,
    BinOp,
    Call,
    Compare,
    Neg,
    Node,
    Num,
    Ref,
    infer_units,
    iter_nodes,
    references,
    render,
)
from .model import WAR_ECONOMY, Model, Parameter, Stock
from .model.compiler import is_regional
from .scenario import Scenario
from .schedules import Schedule
from .text import ILLUSTRATIVE
from .units import DIMENSIONLESS, Units, parse_units

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

#: Name of the region dimension in array exports.
DIMENSION = "region"

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

#: Binary operators whose XMILE spelling differs from the language's.
_XMILE_OPS = {"**": "^", "==": "=", "!=": "<>"}

#: Aliases declared in ``<model_units>`` for the base units the model uses.
_UNIT_ALIASES = {
    "month": ("months", "mo"),
    "year": ("years", "yr"),
    "person": ("people", "persons"),
    "RUB": ("rouble", "roubles"),
    "trnRUB": ("trillion_roubles",),
    "dmnl": ("dimensionless", "fraction"),
}

#: Size of the diagram canvas (pixels) onto which the 0..1 layout is scaled.
_CANVAS = (2600.0, 1600.0)


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
    constants: Mapping[str, str]
    gf_names: Mapping[tuple[str, str], str]
    flatten: bool
    regions: tuple[str, ...]
    mod: str = "MOD"
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
    return render(node, lambda n: _spell(n, ctx), _XMILE_OPS)


def _spell(node: Node, ctx: _Context) -> str | None:
    """XMILE text of the nodes whose spelling differs from the language's; ``None`` leaves
    negation and the binary operators (and their brackets) to :func:`render`."""
    match node:
        case Num(value):
            return _number(value)
        case Ref("time"):
            return "TIME"
        case Ref(name) if name in ctx.constants:
            return ctx.constants[name]
        case Ref(name):
            return _ref(name, ctx)
        case Compare():
            return f"(IF {_condition(node, ctx)} THEN 1 ELSE 0)"
        case Call(func, args) if func in FUNCTIONS:
            return _CALLS.get(func, _plain_call)(func, args, ctx)
        case Call(func, args):  # a graphical function: its inline auxiliary
            key = (func, render(args[0]))
            return _ref(ctx.gf_names[key], ctx, regional=is_regional(args[0], ctx.regional))
    return None


def _ref(name: str, ctx: _Context, regional: bool | None = None) -> str:
    if not (name in ctx.regional if regional is None else regional):
        return name
    if ctx.flatten:
        if ctx.region is None:
            raise ExportError(f"equation of {ctx.owner!r}: regional {name!r} outside a region")
        return flat_name(name, ctx.region)
    return f"{name}[*]" if ctx.star else name


def _condition(node: Node, ctx: _Context) -> str:
    """Translate a tree used as a condition (logical context)."""
    if isinstance(node, Compare):
        left, right = _expr(node.left, ctx), _expr(node.right, ctx)
        return f"{left} {_XMILE_OPS.get(node.op, node.op)} {right}"
    return f"({_expr(node, ctx)}) <> 0"


def _plain_call(func: str, args: tuple[Node, ...], ctx: _Context) -> str:
    return f"{FUNCTIONS[func].xmile}({', '.join(_expr(a, ctx) for a in args)})"


def _if_then_else(func: str, args: tuple[Node, ...], ctx: _Context) -> str:
    cond, yes, no = args
    return f"(IF {_condition(cond, ctx)} THEN {_expr(yes, ctx)} ELSE {_expr(no, ctx)})"


def _pulse(func: str, args: tuple[Node, ...], ctx: _Context) -> str:
    return _plain_call(func, args if len(args) == 3 else (*args, Num(0.0)), ctx)


def _pulse_train(func: str, args: tuple[Node, ...], ctx: _Context) -> str:
    start, width, interval, end = (_expr(a, ctx) for a in args)
    offset = f"TIME - {start} + {_number(SMALL)}"
    phase = (
        f"(IF {interval} > 0 THEN ({offset}) {ctx.mod} {interval} ELSE {offset})"
        if not isinstance(args[2], Num)
        else (f"({offset}) {ctx.mod} {interval}" if args[2].value > 0 else f"({offset})")
    )
    return f"(IF TIME >= {start} AND TIME < {end} AND {phase} < {width} THEN 1 ELSE 0)"


def _reduce(func: str, args: tuple[Node, ...], ctx: _Context) -> str:
    if not ctx.flatten:
        return f"{FUNCTIONS[func].xmile}({_expr(args[0], replace(ctx, star=True))})"
    terms = [_expr(args[0], replace(ctx, region=r)) for r in ctx.regions]
    total = "(" + " + ".join(f"({t})" for t in terms) + ")"
    return total if func == "sum_regions" else f"({total} / {len(terms)})"


_CALLS: dict[str, Callable[[str, tuple[Node, ...], _Context], str]] = {
    "if_then_else": _if_then_else,
    "pulse": _pulse,
    "pulse_train": _pulse_train,
    "sum_regions": _reduce,
    "mean_regions": _reduce,
}


# --------------------------------------------------------------------------- trees


def _rebuild(node: Node, fn: Callable[[Node], Node]) -> Node:
    """Apply ``fn`` bottom-up: children first, then the node rebuilt from them."""
    match node:
        case Neg(operand):
            node = Neg(_rebuild(operand, fn))
        case BinOp(op, left, right):
            node = BinOp(op, _rebuild(left, fn), _rebuild(right, fn))
        case Compare(op, left, right):
            node = Compare(op, _rebuild(left, fn), _rebuild(right, fn))
        case Call(func, args):
            node = Call(func, tuple(_rebuild(a, fn) for a in args))
    return fn(node)


def _post_order(node: Node) -> Iterator[Node]:
    """Every node, children before parents (the order the compiler expands builtins in)."""
    match node:
        case Neg(operand):
            yield from _post_order(operand)
        case BinOp(_, left, right) | Compare(_, left, right):
            yield from _post_order(left)
            yield from _post_order(right)
        case Call(_, args):
            for a in args:
                yield from _post_order(a)
    yield node


def _rename(node: Node, names: Mapping[str, str]) -> Node:
    return _rebuild(node, lambda n: Ref(names[n.name]) if isinstance(n, Ref) and n.name in names
                    else n)  # fmt: skip


# --------------------------------------------------------------------------- variables


@dataclass(frozen=True)
class _Var:
    """One XMILE variable before translation: a tree per variable, or text per region."""

    tag: str
    name: str
    units: str
    doc: str
    node: Node | None = None
    text: Mapping[str | None, str] | None = None
    inflows: tuple[str, ...] = ()
    outflows: tuple[str, ...] = ()
    gf: tuple[tuple[float, float], ...] | None = None
    placed: bool = False  # drawn on the diagram view


def _units_text(units: str | Units) -> str:
    text = str(units).strip()
    return "dmnl" if text in ("", "1") else text


def _doc(el: object) -> str:
    doc = getattr(el, "doc", "")
    source = getattr(el, "source", "")
    return f"{doc} Source: {source}." if source else doc


class _Names:
    """Fresh variable names that collide with no model element or earlier helper."""

    def __init__(self, model: Model) -> None:
        self.taken = set(model.elements)

    def new(self, base: str) -> str:
        name, k = base, 1
        while name in self.taken:
            k += 1
            name = f"{base}_{k}"
        self.taken.add(name)
        return name


def _lookup_units(model: Model) -> dict[str, tuple[Units, Units]]:
    return {
        n: (parse_units(lk.x_units), parse_units(lk.y_units)) for n, lk in model.lookups.items()
    }


def _units_of(node: Node, owner: str, model: Model, fallback: Units) -> Units:
    got = infer_units(node, variable=owner, units_of=model.units, lookup_units=_lookup_units(model))
    return fallback if got is None else got


def _stateful_form(model: Model, names: _Names) -> tuple[dict[str, _Var], dict[str, list[_Var]]]:
    """Variables whose equations use stateful builtins, in the form every engine reads.

    Returns the replacement of each such variable and the helpers written after it.
    """
    replaced: dict[str, _Var] = {}
    helpers: dict[str, list[_Var]] = {}
    for owner, node in model.equations.items():
        calls = [
            n for n in _post_order(node) if isinstance(n, Call) and n.func in STATEFUL_FUNCTIONS
        ]
        if not calls:
            continue
        el = model.elements[owner]
        if isinstance(el, Stock):
            raise ExportError(f"initial value of {owner!r}: stateful builtins cannot be written")
        if any(owner in references(c) for c in calls):
            replaced[owner], helpers[owner] = _engine_form(model, owner, calls, names)
            continue
        extra: list[_Var] = []

        def own_variable(n: Node, extra: list[_Var] = extra, owner: str = owner) -> Node:
            """A nested stateful call moves to a helper auxiliary of its own."""
            if not (isinstance(n, Call) and n.func in STATEFUL_FUNCTIONS):
                return n
            name = names.new(f"{owner}_{n.func}")
            units = _units_of(n, owner, model, model.units(owner))
            doc = (f"Helper of {owner}: {render(n)}, in its own variable (one stateful builtin "
                   "per variable, with its initial value, as every engine reads it).")  # fmt: skip
            extra.append(_Var("aux", name, _units_text(units), doc, node=_with_initial(n)))
            return Ref(name)

        if isinstance(node, Call) and node.func in STATEFUL_FUNCTIONS:
            tree = _with_initial(
                Call(node.func, tuple(_rebuild(a, own_variable) for a in node.args))
            )
        else:
            tree = _rebuild(node, own_variable)
        replaced[owner] = _Var(_tag(el), owner, _units_text(el.units), _doc(el), node=tree,
                               placed=True)  # fmt: skip
        helpers[owner] = extra
    return replaced, helpers


def _with_initial(call: Call) -> Call:
    """A stateful call with its initial value written out (the input, when not given)."""
    return call if len(call.args) == 3 else Call(call.func, (*call.args, call.args[0]))


def _engine_form(model: Model, owner: str, calls: list[Call], names: _Names):
    """A variable whose builtin refers to itself, written as the engine's hidden stocks with
    one flow each; the variable itself is the stock when it is exactly one such stock."""
    hidden = [h for h in model.hidden_stocks if h.owner == owner]
    stages = [3 if c.func.endswith("3") else 1 for c in calls]
    if sum(stages) != len(hidden):
        raise ExportError(f"equation of {owner!r}: cannot match its builtins to hidden stocks")
    month = parse_units("month")
    units: list[Units] = []
    for call, n in zip(calls, stages, strict=True):
        u = _units_of(call, owner, model, model.units(owner))
        units += [u * month if call.func.startswith("delay") else u] * n
    expression = model.engine_equations[owner]
    el = model.elements[owner]
    as_stock = len(hidden) == 1 and expression == Ref(hidden[0].name)
    rename = {h.name: owner if as_stock else names.new(h.name.lstrip("_")) for h in hidden}
    what = ", ".join(render(c) for c in calls)
    out: list[_Var] = []
    for h, u in zip(hidden, units, strict=True):
        stock = rename[h.name]
        flow = names.new(f"{stock}_change")
        out.append(_Var("flow", flow, _units_text(u / month),
                        f"Net change of {stock}: the stage of {what} in {owner}'s equation, "
                        "written as a stock and flow because its input refers to "
                        f"{owner} itself.", node=_rename(h.derivative, rename)))  # fmt: skip
        if stock != owner:
            out.append(_Var("stock", stock, _units_text(u),
                            f"Helper stock of {owner}: a stage of {what}.",
                            node=_rename(h.initial, rename), inflows=(flow,)))  # fmt: skip
    if as_stock:
        h = hidden[0]
        doc = f"{_doc(el)} Written as a stock ({what}, whose input refers to {owner} itself)."
        own = _Var("stock", owner, _units_text(el.units), doc, node=_rename(h.initial, rename),
                   inflows=(out[0].name,), placed=True)  # fmt: skip
    else:
        own = _Var(_tag(el), owner, _units_text(el.units), _doc(el),
                   node=_rename(expression, rename), placed=True)  # fmt: skip
    return own, out


def _tag(el: object) -> str:
    return type(el).__name__.lower().replace("auxiliary", "aux")


def _schedule_form(
    name: str, sched: Schedule, base: float, column: int, helper: str, units: str
) -> tuple[str, _Var | None]:
    """A lever's schedule as an XMILE expression of ``TIME`` (the engine's rule, exactly) and,
    for a linear schedule, its graphical-function helper."""
    times = [float(t) for t in sched.times]
    values = [float(v) for v in sched.values[:, column]]
    small = _number(SMALL)
    if sched.interpolation == "step" or len(times) == 1:
        expr = _number(base)
        for t, v in zip(times, values, strict=True):
            expr = f"(IF TIME + {small} >= {_number(t)} THEN {_number(v)} ELSE {expr})"
        return expr, None
    if sched.interpolation != "linear":
        raise ExportError(f"unknown schedule interpolation {sched.interpolation!r}")
    doc = (f"Linear schedule of {name} from month {_number(times[0])} on: a graphical "
           "function of TIME (constant after the last point).")  # fmt: skip
    gf = _Var("aux", helper, units, doc, text={None: "TIME"},
              gf=tuple(zip(times, values, strict=True)))  # fmt: skip
    return f"(IF TIME + {small} >= {_number(times[0])} THEN {helper} ELSE {_number(base)})", gf


def _gf_arguments(model: Model, trees: list[Node]) -> dict[str, tuple[str, Node]]:
    """One inline graphical-function auxiliary per (lookup, distinct argument), in order of
    appearance: ``name -> (lookup name, argument tree)``; named after the lookup, then
    ``lookup_2``, ``lookup_3``... for further arguments."""
    out: dict[str, tuple[str, Node]] = {}
    seen: set[tuple[str, str]] = set()
    count: dict[str, int] = {}
    for equation in trees:
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


def _variables(model: Model, scenario: Scenario) -> tuple[list[_Var], tuple[str, ...]]:
    """Every XMILE variable, in the model's order with helpers after their owner."""
    regions, values, schedules = scenario_inputs(scenario, model)
    names = _Names(model)
    replaced, helpers = _stateful_form(model, names)
    out: list[_Var] = []
    for name, el in model.elements.items():
        if isinstance(el, Parameter):
            row, sched = values[name][0], schedules.get(name)
            columns = regions if name in model.regional else (None,)
            text: dict[str | None, str] = {}
            for i, region in enumerate(columns):
                if sched is None:
                    text[region] = _number(float(row[i]))
                    continue
                base = name if region is None else flat_name(name, "schedule")
                helper = names.new(f"{name}_schedule" if region is None else f"{base}_{region}")
                text[region], gf = _schedule_form(name, sched, float(row[i]), i, helper,
                                                  _units_text(el.units))  # fmt: skip
                if gf is not None:
                    out.append(gf)
            out.append(_Var("aux", name, _units_text(el.units), _doc(el), text=text))
        elif name in replaced:
            out += [replaced[name], *helpers[name]]
        elif name in model.equations:
            out.append(_Var(_tag(el), name, _units_text(el.units), _doc(el),
                            node=model.equations[name], placed=True,
                            inflows=getattr(el, "inflows", ()),
                            outflows=getattr(el, "outflows", ())))  # fmt: skip
    trees = [v.node for v in out if v.node is not None]
    for gf_name, (lookup, arg) in _gf_arguments(model, trees).items():
        lk = model.lookups[lookup]
        doc = f"Graphical function {lookup} of {render(arg)}: {_doc(lk)}"
        out.append(_Var("aux", gf_name, _units_text(lk.y_units), doc, node=arg, gf=lk.points))
    return out, regions


def _regional(variables: list[_Var], model: Model, regions: tuple[str, ...]) -> frozenset[str]:
    """Names of the exported variables with the region dimension."""
    out = set(model.regional)
    changed = True
    while changed:  # helpers inherit the dimension of their inputs, as in the compiler
        changed = False
        for v in variables:
            if v.name in out:
                continue
            per_region = v.text is not None and set(v.text) == set(regions)
            fed = any(f in out for f in (*v.inflows, *v.outflows))
            if per_region or fed or (v.node is not None and is_regional(v.node, out)):
                out.add(v.name)
                changed = True
    return frozenset(out)


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


def _equations(var: _Var, ctx: _Context, regional: bool) -> dict[str | None, str]:
    """Equation text per region (``None``: one equation for the whole variable)."""
    if var.text is not None:
        if ctx.flatten or len(set(var.text.values())) > 1:
            return dict(var.text)
        return {None: next(iter(var.text.values()))}
    c = replace(ctx, owner=var.name)
    if ctx.flatten and regional:
        return {r: _expr(var.node, replace(c, region=r)) for r in ctx.regions}
    return {None: _expr(var.node, c)}


def _write_variable(parent: ET.Element, var: _Var, ctx: _Context) -> None:
    regional = var.name in ctx.regional
    equations = _equations(var, ctx, regional)
    copies: list[tuple[str, str | None]]
    if ctx.flatten and regional:
        copies = [(flat_name(var.name, r), r) for r in ctx.regions]
    else:
        copies = [(var.name, None)]
    for name, region in copies:
        el = _sub(parent, var.tag, name=name)
        _sub(el, "doc", var.doc)
        if not ctx.flatten and regional:
            dims = _sub(el, "dimensions")
            _sub(dims, "dim", name=DIMENSION)
        if region in equations:
            _sub(el, "eqn", equations[region])
        else:
            for r in ctx.regions:
                element = _sub(el, "element", subscript=r)
                _sub(element, "eqn", equations[r])
        for flow in var.inflows:
            _sub(el, "inflow", flat_name(flow, region) if region else flow)
        for flow in var.outflows:
            _sub(el, "outflow", flat_name(flow, region) if region else flow)
        if var.gf is not None:
            _gf_element(el, var.gf)
        _sub(el, "units", var.units)


def _model_units(parent: ET.Element, variables: list[_Var]) -> None:
    """Declare every base unit the variables use, with the aliases people write."""
    used = {"month"}
    for v in variables:
        used |= {k for k, _ in parse_units(v.units).exponents}
        used |= {"dmnl"} if parse_units(v.units) == DIMENSIONLESS else set()
    units = _sub(parent, "model_units")
    for name in sorted(used, key=str.lower):
        unit = _sub(units, "unit", name=name)
        for alias in _UNIT_ALIASES.get(name, ()):
            _sub(unit, "alias", alias)


# --------------------------------------------------------------------------- diagram view


def _views(parent: ET.Element, variables: list[_Var], ctx: _Context, model: Model) -> None:
    """A stock-and-flow view placed by the diagram's own layout (one copy per region when
    flattened, side by side)."""
    from .diagram import stock_flow_layout

    layout = stock_flow_layout(model)
    placed = {v.name: v for v in variables if v.placed and v.name in layout}
    width, height = _CANVAS
    copies = ctx.regions if ctx.flatten else (None,)
    view = _sub(parent, "view", type="stock_flow", page_width=_number(width * len(copies)),
                page_height=_number(height))  # fmt: skip
    ends: dict[str, list[str | None]] = {n: [None, None] for n, v in placed.items()
                                         if v.tag == "flow"}  # fmt: skip
    for v in placed.values():
        for f in v.outflows:
            ends.setdefault(f, [None, None])[0] = v.name
        for f in v.inflows:
            ends.setdefault(f, [None, None])[1] = v.name
    uid = 0
    for k, region in enumerate(copies):
        shift = k * width

        def name_of(n: str, region: str | None = region) -> str:
            return flat_name(n, region) if region and n in ctx.regional else n

        def xy(n: str, shift: float = shift) -> tuple[float, float]:
            x, y = layout[n]
            return round(shift + 40 + x * (width - 80), 1), round(40 + (1 - y) * (height - 80), 1)

        names = [n for n in placed if k == 0 or n in ctx.regional]
        for n in names:
            v = placed[n]
            x, y = xy(n)
            if v.tag == "stock":
                _sub(view, "stock", name=name_of(n), x=_number(x), y=_number(y),
                     width="90", height="40", label_side="center")  # fmt: skip
            elif v.tag == "aux":
                _sub(view, "aux", name=name_of(n), x=_number(x), y=_number(y), label_side="bottom")
        for n in names:
            if placed[n].tag != "flow":
                continue
            source, target = ends.get(n, [None, None])
            x, y = xy(n)
            start = xy(source) if source in layout else (x - 60.0, y)
            end = xy(target) if target in layout else (x + 60.0, y)
            flow = _sub(view, "flow", name=name_of(n), x=_number(x), y=_number(y),
                        label_side="bottom")  # fmt: skip
            pts = _sub(flow, "pts")
            for px, py in (start, (x, y), end):
                _sub(pts, "pt", x=_number(px), y=_number(py))
        deps = model.dependencies
        for effect in names:
            if placed[effect].tag == "stock":
                continue
            for cause in sorted(deps.get(effect, ())):
                if cause not in placed or cause == effect:
                    continue
                (x0, y0), (x1, y1) = xy(cause), xy(effect)
                uid += 1
                angle = math.degrees(math.atan2(y0 - y1, x1 - x0)) % 360
                conn = _sub(view, "connector", uid=str(uid), angle=_number(round(angle, 2)))
                _sub(conn, "from", name_of(cause))
                _sub(conn, "to", name_of(effect))


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
    from . import __version__

    if target not in TARGETS:
        raise ExportError(f"unknown target {target!r}; choose from {', '.join(TARGETS)}")
    model = model or WAR_ECONOMY
    scenario = scenario or Scenario(name="defaults")
    variables, regions = _variables(model, scenario)
    run = {"dt": scenario.dt, "initial_time": 0.0, "final_time": float(scenario.months)}
    names = TARGETS[target].run_constants or {}
    constants = {k: names.get(k, _number(v)) for k, v in run.items()}
    trees = [v.node for v in variables if v.node is not None]
    gf_names = {(func, render(arg)): name
                for name, (func, arg) in _gf_arguments(model, trees).items()}  # fmt: skip
    regional = _regional(variables, model, regions)
    ctx = _Context(regional, constants, gf_names, flatten, regions, TARGETS[target].mod)

    root = ET.Element("xmile", {"version": "1.0", "xmlns": XMILE_NAMESPACE})
    header = _sub(root, "header")
    _sub(header, "vendor", "wardilemma")
    _sub(header, "product", "wardilemma", version=__version__, lang="en")
    _sub(header, "name", f"{model.name}: {scenario.name}")
    caption = f"{model.name}, scenario {scenario.name!r}. {ILLUSTRATIVE}."
    _sub(header, "caption", f"{caption} {scenario.description}".strip())
    if not flatten:
        options = _sub(header, "options")
        # the specification's prose names this attribute; the published schema says
        # max_dimensions (a defect of the schema, see the module docstring)
        _sub(options, "uses_arrays", maximum_dimensions="1")
    specs = _sub(root, "sim_specs", method=_method(scenario.method), time_units="month")
    _sub(specs, "start", "0")
    _sub(specs, "stop", _number(float(scenario.months)))
    _sub(specs, "dt", _number(scenario.dt))
    _model_units(root, variables)
    if not flatten:
        dims = _sub(root, "dimensions")
        dim = _sub(dims, "dim", name=DIMENSION)
        for r in regions:
            _sub(dim, "elem", name=r)
    xmodel = _sub(root, "model")
    xvars = _sub(xmodel, "variables")
    for var in variables:
        _write_variable(xvars, var, ctx)
    _views(_sub(xmodel, "views"), variables, ctx, model)
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
    from .outputs import write_text  # atomic: never a half-written file

    text = FORMATS[format](scenario, model=model, flatten=flatten, target=target)
    return write_text(path, text)
