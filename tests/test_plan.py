"""The engine plan: one initial order, one split of what is computed once and one state
layout, which the NumPy kernel and the numba and JavaScript generators all read."""

from __future__ import annotations

import pytest

from wardilemma import WAR_ECONOMY
from wardilemma.engine.inputs import scenario_inputs
from wardilemma.engine.numpy_kernel import Kernel
from wardilemma.engine.plan import plan_of
from wardilemma.export.javascript import generate_model_js
from wardilemma.language import references
from wardilemma.model import Auxiliary, Flow, Model, ModelError, Parameter, Sector, Stock
from wardilemma.scenario import Scenario


def _model(*elements) -> Model:
    return Model(sectors=(Sector(key="t", title="t", doc="", elements=elements),),
                 regions=WAR_ECONOMY.regions)  # fmt: skip


def test_initial_order_puts_every_name_after_what_it_refers_to() -> None:
    plan = plan_of(WAR_ECONOMY)
    names = [n for n, _ in plan.initial]
    assert len(names) == len(set(names))
    assert set(plan.state.names) <= set(names)  # every stock gets an initial value
    seen: set[str] = set(WAR_ECONOMY.parameters) | {"time", "dt", "initial_time", "final_time"}
    for name, node in plan.initial:
        assert references(node) <= seen, name
        seen.add(name)


def test_split_computes_once_what_depends_on_no_stock_time_or_lever() -> None:
    model = _model(
        Parameter("k", 2.0, "1", "", allowed=(0, 10)),
        Parameter("lever", 1.0, "1", "", allowed=(0, 10), lever=True),
        Auxiliary("fixed", "k * 3", "1", ""),
        Auxiliary("moved", "lever + fixed", "1", ""),
        Auxiliary("timed", "step(1, 5)", "1", ""),
        Flow("f", "fixed * 0", "1/month", ""),
        Stock("x", "1", "1", "", inflows=("f",)),
        Auxiliary("stocked", "x * fixed", "1", ""),
    )
    plan = plan_of(model)
    once, each = plan.split(["lever"])
    assert set(once) == {"fixed", "f"} and set(each) == {"moved", "timed", "stocked"}
    once, each = plan.split([])  # nothing scheduled: the lever is a constant too
    assert "moved" in once and "timed" in each


def test_circular_initial_values_are_refused_when_the_plan_is_made() -> None:
    model = _model(
        Stock("x", "y + 1", "1", "", inflows=("f",)),
        Stock("y", "2 * x", "1", "", inflows=("f",)),
        Flow("f", "0", "1/month", ""),
    )
    with pytest.raises(ModelError, match="circular initial values: x -> y -> x"):
        plan_of(model)


def test_every_backend_lays_the_state_out_as_the_plan_says() -> None:
    plan = plan_of(WAR_ECONOMY)
    regions, values, schedules = scenario_inputs(Scenario(name="defaults"))
    kernel = Kernel.build(WAR_ECONOMY, regions=regions, values=values, schedules=schedules,
                          dt=0.25, initial_time=0.0, final_time=1.0)  # fmt: skip
    r = len(regions)
    assert kernel.stock_slices == {n: plan.state.slice(n, r) for n in plan.state.names}
    assert kernel.n_columns == plan.state.size(r)
    program = generate_model_js()
    for name in plan.state.names:
        a, b = plan.state.offsets[name]
        assert f"const S_{name} = {a} + {b} * R;" in program
