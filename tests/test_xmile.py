"""XMILE writer: the structure the XMILE 1.0 schema requires, builtins in the form every
engine reads, units, the diagram view, targets, and the committed docs/baseline.xmile.

The OASIS schema (``xmile-v1.0.xsd``) ships in no pip-installable package and cannot be
fetched on these machines (only package registries are reachable), and it is a standard's
artifact that the repository does not copy. :data:`RULES` transcribes, for every element
the export writes, what the schema enforces: allowed children (in order where the schema
has a sequence), children that may appear once, required children and attributes, and
numeric values. The one deliberate difference is ``maximum_dimensions`` (see
:mod:`wardilemma.export.xmile`). Illustrative model, not a forecast.
"""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from lxml import etree

from wardilemma import ILLUSTRATIVE, WAR_ECONOMY, load_scenario, paths
from wardilemma.builtins import BUILTINS, STATEFUL
from wardilemma.cli import main
from wardilemma.export.xmile import XMILE_NAMESPACE, flat_name, to_xmile
from wardilemma.model import Auxiliary, Flow, Model, Parameter, Sector, Stock
from wardilemma.units import parse_units

ROOT = paths.repo_root()
SCENARIOS = sorted((ROOT / "scenarios").glob("*.toml"))
BASELINE = ROOT / "scenarios" / "baseline.toml"
NS = {"x": XMILE_NAMESPACE}
X = f"{{{XMILE_NAMESPACE}}}"

# --------------------------------------------------------------------------- schema rules

_VAR_COMMON = {
    "eqn",
    "mathml",
    "units",
    "doc",
    "gf",
    "dimensions",
    "event_poster",
    "scale",
    "range",
    "format",
}
_ELEMENT = {"eqn", "mathml", "gf", "event_poster"}
_HEADER = {
    "vendor",
    "name",
    "version",
    "caption",
    "author",
    "affiliation",
    "client",
    "copyright",
    "created",
    "modified",
    "uuid",
    "image",
    "options",
    "product",
    "contact",
    "includes",
}
_VIEW_OBJECTS = {
    "style",
    "stock",
    "flow",
    "aux",
    "module",
    "group",
    "connector",
    "alias",
    "text_box",
    "graphics_frame",
    "graph",
    "table",
    "button",
    "slider",
    "knob",
    "list_input",
    "numeric_display",
    "switch",
    "graphical_input",
    "stacked_container",
    "options",
}


def _rule(allowed, *, once=(), required=(), attrs=(), order=None, numeric=(), text_numeric=False):
    return {
        "allowed": set(allowed),
        "once": set(once),
        "required": set(required),
        "attrs": set(attrs),
        "order": order,
        "numeric": set(numeric),
        "text_numeric": text_numeric,
    }


#: Structural rules of the XMILE 1.0 schema, keyed by (parent tag, tag); parent "*" = any.
RULES = {
    ("", "xmile"): _rule(
        {
            "header",
            "sim_specs",
            "model_units",
            "behavior",
            "data",
            "style",
            "macro",
            "model",
            "dimensions",
        },
        required={"header", "model"},
        once={"header", "sim_specs", "model_units", "behavior", "data", "style"},
        attrs={"version"},
    ),
    ("xmile", "header"): _rule(_HEADER, once=_HEADER),
    ("header", "product"): _rule((), attrs={"version"}),
    ("header", "options"): _rule(
        {
            "uses_conveyor",
            "uses_queue",
            "uses_submodels",
            "uses_macros",
            "uses_event_posters",
            "has_model_view",
            "uses_outputs",
            "uses_inputs",
            "uses_annotation",
            "uses_arrays",
        },
        once={"uses_arrays", "has_model_view"},
    ),
    # the schema says max_dimensions, the specification's prose maximum_dimensions (kept)
    ("options", "uses_arrays"): _rule(
        (), attrs={"maximum_dimensions"}, numeric={"maximum_dimensions"}
    ),
    ("*", "sim_specs"): _rule(
        {"stop", "start", "dt", "run"},
        once={"stop", "start", "dt", "run"},
        required={"stop", "start"},
    ),
    ("sim_specs", "start"): _rule((), text_numeric=True),
    ("sim_specs", "stop"): _rule((), text_numeric=True),
    ("sim_specs", "dt"): _rule((), text_numeric=True),
    ("xmile", "model_units"): _rule({"unit"}),
    ("model_units", "unit"): _rule({"eqn", "alias"}, once={"eqn"}, attrs={"name"}),
    ("xmile", "dimensions"): _rule({"dim"}),
    ("dimensions", "dim"): _rule({"elem"}, attrs={"name"}),
    ("dim", "elem"): _rule((), attrs={"name"}),
    ("xmile", "model"): _rule(
        {"sim_specs", "behavior", "variables", "views"},
        order=("sim_specs", "behavior", "variables", "views"),
        once={"sim_specs", "behavior", "variables", "views"},
        required={"variables"},
    ),
    ("model", "variables"): _rule({"stock", "flow", "aux", "gf", "group", "module"}),
    ("variables", "stock"): _rule(
        _VAR_COMMON | {"inflow", "outflow", "queue", "non_negative", "conveyor", "element"},
        once=_VAR_COMMON | {"queue", "non_negative", "conveyor"},
    ),
    ("variables", "flow"): _rule(
        _VAR_COMMON
        | {"multiplier", "non_negative", "overflow", "leak", "leak_integers", "element"},
        once=_VAR_COMMON | {"multiplier", "non_negative"},
    ),
    ("variables", "aux"): _rule(_VAR_COMMON | {"element"}, once=_VAR_COMMON),
    ("stock", "element"): _rule(
        _ELEMENT | {"inflow", "outflow", "queue", "non_negative", "conveyor"},
        once=_ELEMENT,
        attrs={"subscript"},
    ),
    ("flow", "element"): _rule(
        _ELEMENT | {"multiplier", "non_negative", "overflow", "leak", "leak_integers"},
        once=_ELEMENT,
        attrs={"subscript"},
    ),
    ("aux", "element"): _rule(_ELEMENT, once=_ELEMENT, attrs={"subscript"}),
    ("*", "gf"): _rule(
        {"xscale", "yscale", "xpts", "ypts"},
        once={"xscale", "yscale", "xpts", "ypts"},
        required={"ypts"},
    ),
    ("gf", "yscale"): _rule((), numeric={"min", "max"}),
    ("gf", "xscale"): _rule((), numeric={"min", "max"}),
    ("*", "dimensions"): _rule({"dim"}),
    ("model", "views"): _rule({"style", "view"}, once={"style"}),
    ("views", "view"): _rule(_VIEW_OBJECTS, numeric={"page_width", "page_height", "zoom"}),
    ("view", "stock"): _rule({"shape"}, once={"shape"}, numeric={"x", "y", "width", "height"}),
    ("view", "aux"): _rule({"shape"}, once={"shape"}, numeric={"x", "y", "width", "height"}),
    ("view", "flow"): _rule(
        {"shape", "pts"},
        once={"shape", "pts"},
        required={"pts"},
        numeric={"x", "y", "width", "height"},
    ),
    ("flow", "pts"): _rule({"pt"}, required={"pt"}),
    ("pts", "pt"): _rule((), numeric={"x", "y"}),
    ("view", "connector"): _rule(
        {"from", "to"},
        once={"from", "to"},
        required={"from", "to"},
        numeric={"uid", "x", "y", "angle"},
    ),
}
_LEAVES = {
    "vendor",
    "name",
    "version",
    "caption",
    "eqn",
    "units",
    "doc",
    "inflow",
    "outflow",
    "xpts",
    "ypts",
    "alias",
    "from",
    "to",
}


def schema_problems(text: str) -> list[str]:
    """Every violation of :data:`RULES` in an XMILE document (empty when it conforms)."""
    root = etree.fromstring(text.encode("utf-8"))
    problems: list[str] = []

    def check(el, parent: str, path: str) -> None:
        tag = etree.QName(el).localname
        if etree.QName(el).namespace != XMILE_NAMESPACE:
            problems.append(f"{path}/{tag}: not in the XMILE namespace")
        rule = RULES.get((parent, tag)) or RULES.get(("*", tag))
        here = f"{path}/{tag}"
        if rule is None:
            if tag not in _LEAVES or len(el):
                problems.append(f"{here}: no rule for <{tag}> inside <{parent}>")
            return
        kids = [etree.QName(c).localname for c in el if isinstance(c.tag, str)]
        for k in kids:
            if k not in rule["allowed"]:
                problems.append(f"{here}: <{k}> is not allowed here")
        for k in rule["once"]:
            if kids.count(k) > 1:
                problems.append(f"{here}: <{k}> appears {kids.count(k)} times")
        for k in rule["required"] - set(kids):
            problems.append(f"{here}: required <{k}> is missing")
        known = [k for k in kids if k in (rule["order"] or ())]
        if known != sorted(known, key=lambda k: rule["order"].index(k)):
            problems.append(f"{here}: children out of order {kids}")
        for a in rule["attrs"] - set(el.attrib):
            problems.append(f"{here}: required attribute {a!r} is missing")
        for a in rule["numeric"] & set(el.attrib):
            try:
                float(el.attrib[a])
            except ValueError:
                problems.append(f"{here}: {a}={el.attrib[a]!r} is not a number")
        if rule["text_numeric"]:
            try:
                float(el.text)
            except (TypeError, ValueError):
                problems.append(f"{here}: {el.text!r} is not a number")
        for child in el:
            if isinstance(child.tag, str):
                check(child, tag, here)

    check(root, "", "")
    if root.get("version") != "1.0":
        problems.append("xmile version must be 1.0")
    return problems


def _root(text: str):
    return etree.fromstring(text.encode("utf-8"))


@pytest.fixture(scope="module")
def exports() -> dict[tuple[str, bool], str]:
    """Both exports (arrays, flattened) of every shipped scenario."""
    out = {}
    for path in SCENARIOS:
        scenario = load_scenario(path)
        for flatten in (False, True):
            out[path.stem, flatten] = to_xmile(scenario, flatten=flatten)
    return out


def test_both_exports_of_every_scenario_follow_the_schema_structure(exports):
    assert len(exports) == 2 * len(SCENARIOS) >= 2
    for (stem, flatten), text in exports.items():
        assert schema_problems(text) == [], (stem, flatten)


def test_schema_rules_catch_what_the_old_export_got_wrong():
    text = to_xmile(load_scenario(BASELINE))
    broken = text.replace("<variables>", "<doc>text</doc>\n    <variables>", 1)
    assert any("<doc> is not allowed" in p for p in schema_problems(broken))
    swapped = text.replace("<views>", "<views_>").replace("</views>", "</views_>")
    assert any("views_" in p for p in schema_problems(swapped))
    no_stop = text.replace("<stop>120</stop>", "")
    assert any("required <stop>" in p for p in schema_problems(no_stop))


# --------------------------------------------------------------------------- content


def test_flattened_export_has_every_variable_with_units_and_doc(exports):
    scenario = load_scenario(BASELINE)
    root = _root(exports["baseline", True])
    names = {v.get("name") for v in root.find("x:model/x:variables", NS)}
    for name in [
        *WAR_ECONOMY.parameters,
        *WAR_ECONOMY.stocks,
        *WAR_ECONOMY.flows,
        *WAR_ECONOMY.auxiliaries,
    ]:
        if name in WAR_ECONOMY.regional:
            assert {flat_name(name, r) for r in scenario.region_names} <= names, name
        else:
            assert name in names, name
    for var in root.find("x:model/x:variables", NS):
        assert var.find("x:units", NS).text, var.get("name")
        assert var.find("x:doc", NS).text, var.get("name")
        assert var.find("x:eqn", NS) is not None, var.get("name")


def test_time_specs_units_and_label(exports):
    scenario = load_scenario(BASELINE)
    text = exports["baseline", False]
    root = _root(text)
    specs = root.find("x:sim_specs", NS)
    assert specs.get("method") == "Euler" and specs.get("time_units") == "month"
    assert float(specs.find("x:start", NS).text) == 0
    assert float(specs.find("x:stop", NS).text) == scenario.months
    assert float(specs.find("x:dt", NS).text) == scenario.dt
    assert ILLUSTRATIVE in root.find("x:header/x:caption", NS).text
    assert root.find("x:model/x:doc", NS) is None  # not allowed there by the schema


def test_model_units_declare_every_unit_used(exports):
    for text in exports.values():
        root = _root(text)
        declared = {u.get("name") for u in root.iterfind("x:model_units/x:unit", NS)}
        aliases = {a.text for a in root.iterfind("x:model_units/x:unit/x:alias", NS)}
        assert {"month", "dmnl"} <= declared and {"months", "people"} <= aliases
        for units in root.iterfind("x:model/x:variables/*/x:units", NS):
            used = {k for k, _ in parse_units(units.text).exponents}
            assert used <= declared, units.text


def test_arrays_export_uses_a_region_dimension(exports):
    scenario = load_scenario(BASELINE)
    root = _root(exports["baseline", False])
    dim = root.find("x:dimensions/x:dim", NS)
    assert [e.get("name") for e in dim] == list(scenario.region_names)
    stock = next(v for v in root.iter(f"{X}stock") if v.get("name") == "soldiers")
    assert stock.find("x:dimensions/x:dim", NS).get("name") == "region"
    assert "[*]" in exports["baseline", False]  # reductions over the dimension


def test_builtins_and_graphical_functions_are_translated(exports):
    text = exports["baseline", True]
    for token in ("SMTH1(", "STEP(", "MAX(", "IF ", " THEN ", " MOD "):
        assert token in text, token
    equations = [e.text for e in _root(text).iter(f"{X}eqn")]
    for name in ("sum_regions", "pulse_train", "if_then_else", "smooth(", " mod "):
        assert not any(name in e for e in equations), name
    gfs = [v for v in _root(text).find("x:model/x:variables", NS) if v.find("x:gf", NS) is not None]
    assert gfs, "graphical functions are written inline"
    for v in gfs:
        assert v.find("x:gf/x:xpts", NS) is not None  # no xscale: uneven points stay put


def _stateful_calls(text: str) -> list[tuple[str, str]]:
    names = tuple(BUILTINS[f].xmile + "(" for f in STATEFUL)
    out = []
    for var in _root(text).find("x:model/x:variables", NS):
        for eqn in var.iter(f"{X}eqn"):
            if any(n in eqn.text for n in names):
                out.append((var.get("name"), eqn.text))
    return out


def _top_level_arguments(call: str) -> list[str]:
    inner, depth, parts, current = call[call.index("(") + 1 : -1], 0, [], ""
    for ch in inner:
        depth += (ch == "(") - (ch == ")")
        if ch == "," and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += ch
    return [*parts, current.strip()]


def test_stateful_builtins_have_their_initial_value_and_a_variable_each(exports):
    for text in exports.values():
        calls = _stateful_calls(text)
        assert calls
        for name, eqn in calls:
            assert eqn.startswith(tuple(BUILTINS[f].xmile for f in STATEFUL)), name
            assert (
                eqn.endswith(")") and sum(eqn.count(BUILTINS[f].xmile + "(") for f in STATEFUL) == 1
            ), name
            assert len(_top_level_arguments(eqn)) == 3, (name, eqn)
            assert not re.search(rf"\b{name}\b", eqn), f"{name} refers to itself: {eqn}"


def _tiny(*elements) -> Model:
    return Model(
        sectors=(Sector(key="t", title="t", doc="", elements=elements),),
        regions=("provinces", "capitals"),
    )


def test_nested_and_self_referring_builtins_get_helpers_and_stocks():
    model = _tiny(
        Parameter("x", 2.0, "1", "", (0, 10)),
        Parameter("delay", 3.0, "month", "", (1, 10)),
        Auxiliary("gap", "max(smooth(x, delay) - x, 0) + delay3(x, delay) * 0", "1", ""),
        Auxiliary("level", "smooth3(min(level + x, 10), delay, 1)", "1", ""),
        Flow("spike", "pulse(x, 2)", "1/month", ""),
        Stock("total", "0", "1", "", inflows=("spike",)),
    )
    text = to_xmile(model=model)
    assert schema_problems(text) == []
    root = _root(text)
    variables = {v.get("name"): v for v in root.find("x:model/x:variables", NS)}
    eqn = {n: v.find("x:eqn", NS).text for n, v in variables.items()}
    assert eqn["gap_smooth"] == "SMTH1(x, delay, x)"
    assert eqn["gap_delay3"] == "DELAY3(x, delay, x)"
    assert eqn["gap"] == "MAX(gap_smooth - x, 0) + gap_delay3 * 0"
    assert eqn["spike"] == "PULSE(x, 2, 0)"
    # smooth3 of itself: three stages in the engine's form, no builtin, no circular name
    stocks = [n for n, v in variables.items() if v.tag == f"{X}stock" and n.startswith("level")]
    assert len(stocks) == 3 and "SMTH3" not in text
    assert all(variables[s].find("x:inflow", NS) is not None for s in stocks)


@pytest.mark.parametrize("target, named", [("stella", True), ("vensim", True), ("pysd", False)])
def test_run_constants_by_target(target, named):
    text = to_xmile(load_scenario(BASELINE), flatten=True, target=target)
    equations = " ".join(e.text for e in _root(text).iter(f"{X}eqn"))
    assert ("STOPTIME" in equations) is named
    if not named:
        assert "TIME < 120 AND" in equations


def test_diagram_view_places_stocks_flows_and_connectors(exports):
    for (stem, flatten), text in exports.items():
        root = _root(text)
        view = root.find("x:model/x:views/x:view", NS)
        assert view is not None, stem
        on_view = {el.get("name"): el for el in view if el.get("name")}
        copies = load_scenario(ROOT / "scenarios" / f"{stem}.toml").region_names
        for name in [*WAR_ECONOMY.stocks, *WAR_ECONOMY.flows]:
            names = (
                [flat_name(name, r) for r in copies]
                if (flatten and name in WAR_ECONOMY.regional)
                else [name]
            )
            for n in names:
                assert n in on_view, (stem, flatten, n)
        variables = {v.get("name") for v in root.find("x:model/x:variables", NS)}
        assert set(on_view) <= variables
        connectors = view.findall("x:connector", NS)
        assert len(connectors) > len(WAR_ECONOMY.flows)
        for c in connectors:
            assert {c.find("x:from", NS).text, c.find("x:to", NS).text} <= variables
        flows = view.findall("x:flow", NS)
        assert all(len(f.findall("x:pts/x:pt", NS)) >= 2 for f in flows)
        positions = {(el.get("x"), el.get("y")) for el in view if el.get("x")}
        assert len(positions) == len([el for el in view if el.get("x")]), "overlapping objects"


def test_committed_xmile_is_in_sync_with_the_model():
    """docs/baseline.xmile is regenerated by ``make docs``."""
    committed = (ROOT / "docs" / "baseline.xmile").read_text(encoding="utf-8")
    assert committed == to_xmile(load_scenario(BASELINE)), (
        "docs/baseline.xmile is stale: run make docs"
    )


def test_cli_export(tmp_path):
    out = tmp_path / "model.xmile"
    args = ["export", str(BASELINE), "-o", str(out), "--flatten", "--for", "pysd"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "soldiers_provinces" in text and "STOPTIME" not in text
    bad = CliRunner().invoke(main, ["export", str(BASELINE), "-o", str(out), "--for", "excel"])
    assert bad.exit_code != 0 and "stella" in bad.output
