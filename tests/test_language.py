"""The expression language: whitelist parsing, rendering, references, units inference."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wardilemma.engine.numpy_kernel import compile_numpy
from wardilemma.language import (
    BinOp,
    Call,
    Compare,
    EquationError,
    Neg,
    Num,
    Ref,
    infer_units,
    parse,
    references,
    render,
)
from wardilemma.model import Auxiliary, Flow, Lookup, Model, ModelError, Parameter, Sector, Stock
from wardilemma.units import DIMENSIONLESS, parse_units

# --------------------------------------------------------------------------- whitelist

# (equation, offending token that the error must name)
REJECTED = [
    ("a.b", "a.b"),  # attribute access
    ("os.system(1)", "os.system(1)"),  # call of an attribute
    ("a[0]", "a[0]"),  # subscript
    ("lambda: 1", "lambda: 1"),  # lambda
    ("[x for x in y]", "[x for x in y]"),  # list comprehension
    ("max(x for x in y)", "(x for x in y)"),  # generator expression
    ("{x: 1 for x in y}", "{x: 1 for x in y}"),  # dict comprehension
    ("__import__(x)", "__import__"),  # unknown (dangerous) function
    ("eval(x)", "eval"),
    ("foo(1)", "foo"),  # unknown function
    ("'abc'", "'abc'"),  # strings
    ("a + 'b'", "'b'"),
    ("True", "True"),  # booleans are not numbers
    ("None", "None"),
    ("1j", "1j"),  # complex numbers
    ("max(a, b=1)", "max(a, b=1)"),  # keyword arguments
    ("max(*a)", "*a"),  # star arguments
    ("a if b else c", "a if b else c"),  # Python conditional: use if_then_else
    ("a and b", "a and b"),  # boolean operators
    ("not a", "not a"),
    ("a % b", "a % b"),  # operators outside the language
    ("a // b", "a // b"),
    ("a @ b", "a @ b"),
    ("~a", "~a"),
    ("a < b < c", "a < b < c"),  # chained comparison
    ("a in b", "a in b"),
    ("a is b", "a is b"),
    ("(a, b)", "(a, b)"),  # tuples, lists, dicts, sets
    ("[a]", "[a]"),
    ("{1: 2}", "{1: 2}"),
    ("(y := 1)", "y := 1"),  # walrus
    ("f'{a}'", "f'{a}'"),  # f-string
    ("exp(1, 2)", "exp"),  # wrong number of arguments
    ("step(1)", "step"),
]


@pytest.mark.parametrize(("text", "token"), REJECTED)
def test_parse_rejects_constructs_outside_the_language(text: str, token: str) -> None:
    with pytest.raises(EquationError) as info:
        parse(text, variable="my_var")
    err = info.value
    assert err.variable == "my_var"
    assert err.token == token
    assert "'my_var'" in str(err)
    assert repr(token) in str(err)


def test_import_with_a_string_argument_is_rejected() -> None:
    # The argument is converted before the function name is checked, so the error names
    # the string; either way nothing is evaluated.
    with pytest.raises(EquationError, match="my_var"):
        parse("__import__('os')", variable="my_var")


@pytest.mark.parametrize("text", ["", "   ", "a +", "(a", "a b"])
def test_parse_rejects_empty_and_malformed_text(text: str) -> None:
    with pytest.raises(EquationError, match="'v'"):
        parse(text, variable="v")


def test_lookup_calls_are_allowed_only_for_declared_lookups_with_one_argument() -> None:
    assert parse("curve(x)", variable="v", lookups={"curve"}) == Call("curve", (Ref("x"),))
    with pytest.raises(EquationError) as info:
        parse("curve(x)", variable="v")
    assert info.value.token == "curve"
    with pytest.raises(EquationError, match="one argument"):
        parse("curve(x, y)", variable="v", lookups={"curve"})


def test_parse_builds_the_expected_tree() -> None:
    tree = parse("-a * (b + 2) ** 2 >= if_then_else(c, 1.5, d)", variable="v")
    assert tree == Compare(
        ">=",
        BinOp("*", Neg(Ref("a")), BinOp("**", BinOp("+", Ref("b"), Num(2.0)), Num(2.0))),
        Call("if_then_else", (Ref("c"), Num(1.5), Ref("d"))),
    )
    assert parse("+a", variable="v") == Ref("a")


# --------------------------------------------------------------------------- references


def test_references_lists_variables_not_functions_or_lookups() -> None:
    tree = parse(
        "smooth(curve(x / y), t_adj) + max(time, z) - step(h, 3)",
        variable="v",
        lookups={"curve"},
    )
    assert references(tree) == {"x", "y", "t_adj", "time", "z", "h"}
    assert references(parse("3.5", variable="v")) == set()


# --------------------------------------------------------------------------- render

ROUND_TRIP = [
    "a + b * c",
    "(a + b) * c",
    "a - (b - c)",
    "a - b - c",
    "a / (b / c)",
    "a / b / c",
    "a ** b ** c",
    "(a ** b) ** c",
    "-(a + b)",
    "-a * b",
    "a - -b",
    "2 ** -a",
    "(a < b) * c",
    "if_then_else(time >= 12, x, 0.5 * y)",
    "smooth3(curve(x / 2), 6, 1e-05)",
    "min(a, max(b, c)) + sum_regions(d) / mean_regions(d)",
    "1e+20 * a",
]


@pytest.mark.parametrize("text", ROUND_TRIP)
def test_render_round_trips(text: str) -> None:
    tree = parse(text, variable="v", lookups={"curve"})
    assert parse(render(tree), variable="v", lookups={"curve"}) == tree


def test_render_keeps_parentheses_of_a_negated_base() -> None:
    tree = parse("(-a) ** 2", variable="v")
    assert parse(render(tree), variable="v") == tree


def test_render_keeps_parentheses_of_a_negated_comparison() -> None:
    tree = parse("-(a < b)", variable="v")
    assert parse(render(tree), variable="v") == tree


def test_render_keeps_parentheses_of_nested_comparisons() -> None:
    tree = parse("(a < b) < c", variable="v")
    assert parse(render(tree), variable="v") == tree


_NAMES = st.sampled_from(["a", "b", "c"])
_LEAVES = st.one_of(
    _NAMES.map(Ref),
    st.floats(min_value=0, max_value=100, allow_nan=False).map(Num),
    st.integers(min_value=0, max_value=1000).map(lambda i: Num(float(i))),
)


def _extend(children: st.SearchStrategy) -> st.SearchStrategy:
    # Neg of anything, including comparisons and powers (the cases render must parenthesise)
    plain = st.one_of(
        st.builds(BinOp, st.sampled_from(["+", "-", "*", "/", "**"]), children, children),
        st.builds(lambda a, b: Call("max", (a, b)), children, children),
        st.builds(lambda a, b, c: Call("if_then_else", (a, b, c)), children, children, children),
    )
    negated = st.one_of(
        _LEAVES,
        children,
        st.builds(lambda a, b: Compare("<", a, b), children, children),
    ).map(Neg)
    return st.one_of(plain, negated)


_TREES = st.recursive(_LEAVES, _extend, max_leaves=12)


@settings(max_examples=150, deadline=None, derandomize=True)
@given(
    tree=_TREES,
    op=st.sampled_from(["<", "<=", ">", ">=", "==", "!=", None]),
    other=_TREES,
)
def test_render_round_trips_random_trees(tree, op, other) -> None:
    if op is not None:
        tree = BinOp("*", Compare(op, tree, other), Ref("c"))
    # Rendering is canonical: a + (b + c) and (a + b) + c both render as "a + b + c", so
    # the text (not always the tree) is a fixed point; the numbers are checked below.
    text = render(tree)
    assert render(parse(text, variable="v")) == text


@settings(max_examples=60, deadline=None, derandomize=True)
@given(tree=_TREES)
def test_rendered_text_computes_the_same_numbers(tree) -> None:
    # Semantic round trip: the compiled original and the compiled re-parse agree (to
    # rounding, since canonical rendering may re-associate a + (b + c)).
    values = {"a": np.array([[0.5, 2.0]]), "b": np.array([[1.5, 0.25]]), "c": np.array([[3.0]])}
    kwargs = {"dt": 0.25, "constants": {}, "lookups": {}}
    outcomes = []
    for node in (tree, parse(render(tree), variable="v")):
        try:
            with np.errstate(all="ignore"):
                outcomes.append(compile_numpy(node, **kwargs)(values, 0.0))
        except ArithmeticError as exc:  # Python floats: 0.0 / 0.0 between two constants
            outcomes.append(type(exc))
    want, got = outcomes
    if isinstance(want, type):
        assert got is want
    else:
        np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-9)


# --------------------------------------------------------------------------- units

_UNITS = {
    "pool": "person",
    "rate": "1/month",
    "delay": "month",
    "wage": "RUB/(person*month)",
    "bonus": "RUB/person",
    "share": "1",
    "months_per_year": "month/year",
    "spending": "trnRUB/year",
}
_LOOKUP_UNITS = {"attractiveness": (DIMENSIONLESS, DIMENSIONLESS)}


def _infer(text: str):
    tree = parse(text, variable="v", lookups=set(_LOOKUP_UNITS))
    return infer_units(
        tree,
        variable="v",
        units_of=lambda n: parse_units(_UNITS.get(n, "month")),
        lookup_units=_LOOKUP_UNITS,
    )


@pytest.mark.parametrize(
    ("text", "units"),
    [
        ("pool * rate", "person/month"),
        ("pool / delay", "person/month"),
        ("pool * rate * attractiveness(bonus / (wage * delay))", "person/month"),
        ("spending / months_per_year", "trnRUB/month"),
        ("max(0, pool)", "person"),
        ("min(pool, pool * share)", "person"),
        ("if_then_else(time > delay, pool, 0)", "person"),
        ("exp(-rate * delay) * pool", "person"),
        ("ln(share)", "1"),
        ("sqrt(pool * pool)", "person"),
        ("abs(-pool) + sum_regions(pool) - mean_regions(pool)", "person"),
        ("step(pool, delay)", "person"),
        ("pulse(pool, delay)", "person/month"),
        ("pulse(pool, delay, delay)", "person/month"),
        ("pulse_train(delay, delay, delay, delay)", "1"),
        ("ramp(rate, delay)", "1"),
        ("ramp(pool / delay, delay, delay)", "person"),
        ("smooth(pool, delay)", "person"),
        ("smooth3(pool, delay, 0)", "person"),
        ("delay1(pool * rate, delay)", "person/month"),
        ("delay3(pool * rate, delay, pool / delay)", "person/month"),
        ("pool ** 2 / pool", "person"),
        ("share ** share", "1"),
        ("(share > 0.5) * pool", "person"),
    ],
)
def test_units_inference_good(text: str, units: str) -> None:
    assert _infer(text) == parse_units(units)


def test_units_of_literal_zero_are_any() -> None:
    assert _infer("0") is None
    assert _infer("0 * pool") is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("pool + delay", "units differ"),
        ("pool - rate", "units differ"),
        ("pool > delay", "comparison"),
        ("max(pool, spending)", "max"),
        ("if_then_else(share, pool, delay)", "branches"),
        ("exp(pool)", "exp"),
        ("ln(delay)", "ln"),
        ("attractiveness(bonus)", "lookup attractiveness"),
        ("step(pool, share)", "start of step"),
        ("pulse(pool, pool)", "pulse"),
        ("ramp(rate, pool)", "ramp"),
        ("smooth(pool, share)", "delay time of smooth"),
        ("delay3(pool, delay, spending)", "initial value"),
        ("pool ** share", "exponent"),
        ("spending + spending / months_per_year", "units differ"),  # year vs month
    ],
)
def test_units_inference_bad(text: str, message: str) -> None:
    with pytest.raises(EquationError, match=message) as info:
        _infer(text)
    assert info.value.variable == "v"


# --------------------------------------------------------------------------- models


def _model(*elements) -> Model:
    return Model(sectors=(Sector(key="t", title="t", doc="", elements=elements),), regions=("r",))


def test_unknown_name_suggests_the_closest_declared_name() -> None:
    model = _model(
        Parameter("decay_rate", 0.1, "1/month", "", allowed=(0, 1)),
        Stock("level", "1", "1", "", outflows=("decay",)),
        Flow("decay", "level * decay_rat", "1/month", ""),
    )
    with pytest.raises(EquationError) as info:
        _ = model.equations
    err = info.value
    assert err.variable == "decay"
    assert err.token == "decay_rat"
    assert "did you mean decay_rate" in str(err)


def test_unknown_name_without_close_match_has_no_suggestion() -> None:
    model = _model(Auxiliary("y", "zzzz_qqq * 2", "1", ""))
    with pytest.raises(EquationError, match="unknown name") as info:
        _ = model.equations
    assert "did you mean" not in str(info.value)
    assert info.value.token == "zzzz_qqq"


def test_a_lookup_used_as_a_variable_is_an_unknown_name() -> None:
    model = _model(
        Lookup("curve", ((0, 0), (1, 1)), "1", "1", ""),
        Auxiliary("y", "curve * 2", "1", ""),
    )
    with pytest.raises(EquationError, match="unknown name"):
        _ = model.equations


def test_undeclared_flow_of_a_stock_is_an_error() -> None:
    model = _model(Stock("level", "1", "1", "", inflows=("inflw",)))
    with pytest.raises(ModelError, match="inflw"):
        _ = model.equations


def test_check_units_reports_a_flow_in_the_wrong_units() -> None:
    model = _model(
        Parameter("k", 0.1, "1/month", "", allowed=(0, 1)),
        Stock("level", "1", "person", "", outflows=("decay",)),
        Flow("decay", "level * k", "person/year", ""),
    )
    problems = model.check_units()
    assert any("decay" in p and "declared" in p for p in problems)
    assert any("stock level" in p for p in problems)


def test_check_units_is_clean_on_a_consistent_model() -> None:
    model = _model(
        Parameter("k", 0.1, "1/month", "", allowed=(0, 1)),
        Stock("level", "1", "1", "", outflows=("decay",)),
        Flow("decay", "level * k", "1/month", ""),
    )
    assert model.check_units() == []
