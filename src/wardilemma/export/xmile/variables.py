"""Which XMILE variables the model and a scenario become: declared elements, helpers that
give every stateful builtin a variable of its own (or the engine's stocks when it refers to
itself), graphical functions written inline and schedules as functions of ``TIME``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from wardilemma.builtins import SMALL, STATEFUL
from wardilemma.engine.inputs import scenario_inputs
from wardilemma.export.xmile.equations import ExportError, flat_name, number, rebuild, rename
from wardilemma.language import (
    Call,
    Node,
    Ref,
    infer_units,
    iter_nodes,
    references,
    render,
)
from wardilemma.model import Model, Parameter, Stock
from wardilemma.model.compiler import is_regional
from wardilemma.scenario import Scenario
from wardilemma.scenario.schedules import Schedule
from wardilemma.units import Units, parse_units


@dataclass(frozen=True)
class Var:
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


def _stateful_form(model: Model, names: _Names) -> tuple[dict[str, Var], dict[str, list[Var]]]:
    """Variables whose equations use stateful builtins, in the form every engine reads.

    Returns the replacement of each such variable and the helpers written after it.
    """
    replaced: dict[str, Var] = {}
    helpers: dict[str, list[Var]] = {}
    for owner, node in model.equations.items():
        calls = [
            n
            for n in iter_nodes(node, children_first=True)
            if isinstance(n, Call) and n.func in STATEFUL
        ]
        if not calls:
            continue
        el = model.elements[owner]
        if isinstance(el, Stock):
            raise ExportError(f"initial value of {owner!r}: stateful builtins cannot be written")
        if any(owner in references(c) for c in calls):
            replaced[owner], helpers[owner] = _engine_form(model, owner, calls, names)
            continue
        extra: list[Var] = []

        def own_variable(n: Node, extra: list[Var] = extra, owner: str = owner) -> Node:
            """A nested stateful call moves to a helper auxiliary of its own."""
            if not (isinstance(n, Call) and n.func in STATEFUL):
                return n
            name = names.new(f"{owner}_{n.func}")
            units = _units_of(n, owner, model, model.units(owner))
            doc = (f"Helper of {owner}: {render(n)}, in its own variable (one stateful builtin "
                   "per variable, with its initial value, as every engine reads it).")  # fmt: skip
            extra.append(Var("aux", name, _units_text(units), doc, node=_with_initial(n)))
            return Ref(name)

        if isinstance(node, Call) and node.func in STATEFUL:
            tree = _with_initial(
                Call(node.func, tuple(rebuild(a, own_variable) for a in node.args))
            )
        else:
            tree = rebuild(node, own_variable)
        replaced[owner] = Var(_tag(el), owner, _units_text(el.units), _doc(el), node=tree,
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
    renamed = {h.name: owner if as_stock else names.new(h.name.lstrip("_")) for h in hidden}
    what = ", ".join(render(c) for c in calls)
    out: list[Var] = []
    for h, u in zip(hidden, units, strict=True):
        stock = renamed[h.name]
        flow = names.new(f"{stock}_change")
        out.append(Var("flow", flow, _units_text(u / month),
                        f"Net change of {stock}: the stage of {what} in {owner}'s equation, "
                        "written as a stock and flow because its input refers to "
                        f"{owner} itself.", node=rename(h.derivative, renamed)))  # fmt: skip
        if stock != owner:
            out.append(Var("stock", stock, _units_text(u),
                            f"Helper stock of {owner}: a stage of {what}.",
                            node=rename(h.initial, renamed), inflows=(flow,)))  # fmt: skip
    if as_stock:
        h = hidden[0]
        doc = f"{_doc(el)} Written as a stock ({what}, whose input refers to {owner} itself)."
        own = Var("stock", owner, _units_text(el.units), doc, node=rename(h.initial, renamed),
                   inflows=(out[0].name,), placed=True)  # fmt: skip
    else:
        own = Var(_tag(el), owner, _units_text(el.units), _doc(el),
                   node=rename(expression, renamed), placed=True)  # fmt: skip
    return own, out


def _tag(el: object) -> str:
    return type(el).__name__.lower().replace("auxiliary", "aux")


def _schedule_form(
    name: str, sched: Schedule, base: float, column: int, helper: str, units: str
) -> tuple[str, Var | None]:
    """A lever's schedule as an XMILE expression of ``TIME`` (the engine's rule, exactly) and,
    for a linear schedule, its graphical-function helper."""
    times = [float(t) for t in sched.times]
    values = [float(v) for v in sched.values[:, column]]
    small = number(SMALL)
    if sched.interpolation == "step" or len(times) == 1:
        expr = number(base)
        for t, v in zip(times, values, strict=True):
            expr = f"(IF TIME + {small} >= {number(t)} THEN {number(v)} ELSE {expr})"
        return expr, None
    if sched.interpolation != "linear":
        raise ExportError(f"unknown schedule interpolation {sched.interpolation!r}")
    doc = (f"Linear schedule of {name} from month {number(times[0])} on: a graphical "
           "function of TIME (constant after the last point).")  # fmt: skip
    gf = Var("aux", helper, units, doc, text={None: "TIME"},
              gf=tuple(zip(times, values, strict=True)))  # fmt: skip
    return f"(IF TIME + {small} >= {number(times[0])} THEN {helper} ELSE {number(base)})", gf


def gf_arguments(model: Model, trees: list[Node]) -> dict[str, tuple[str, Node]]:
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


def variables_of(model: Model, scenario: Scenario) -> tuple[list[Var], tuple[str, ...]]:
    """Every XMILE variable, in the model's order with helpers after their owner."""
    regions, values, schedules = scenario_inputs(scenario, model)
    names = _Names(model)
    replaced, helpers = _stateful_form(model, names)
    out: list[Var] = []
    for name, el in model.elements.items():
        if isinstance(el, Parameter):
            row, sched = values[name][0], schedules.get(name)
            columns = regions if name in model.regional else (None,)
            text: dict[str | None, str] = {}
            for i, region in enumerate(columns):
                if sched is None:
                    text[region] = number(float(row[i]))
                    continue
                base = name if region is None else flat_name(name, "schedule")
                helper = names.new(f"{name}_schedule" if region is None else f"{base}_{region}")
                text[region], gf = _schedule_form(name, sched, float(row[i]), i, helper,
                                                  _units_text(el.units))  # fmt: skip
                if gf is not None:
                    out.append(gf)
            out.append(Var("aux", name, _units_text(el.units), _doc(el), text=text))
        elif name in replaced:
            out += [replaced[name], *helpers[name]]
        elif name in model.equations:
            out.append(Var(_tag(el), name, _units_text(el.units), _doc(el),
                            node=model.equations[name], placed=True,
                            inflows=getattr(el, "inflows", ()),
                            outflows=getattr(el, "outflows", ())))  # fmt: skip
    trees = [v.node for v in out if v.node is not None]
    for gf_name, (lookup, arg) in gf_arguments(model, trees).items():
        lk = model.lookups[lookup]
        doc = f"Graphical function {lookup} of {render(arg)}: {_doc(lk)}"
        out.append(Var("aux", gf_name, _units_text(lk.y_units), doc, node=arg, gf=lk.points))
    return out, regions


def regional_names(variables: list[Var], model: Model, regions: tuple[str, ...]) -> frozenset[str]:
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
