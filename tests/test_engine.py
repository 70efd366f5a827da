"""The engine (:mod:`wardilemma.engine.run`): scenario -> arrays, the run's checks, provenance."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from wardilemma import METHODS, WAR_ECONOMY, Scenario, ScenarioError, __version__, simulate
from wardilemma.engine.inputs import scenario_inputs
from wardilemma.engine.run import SimulationError

REGIONS = WAR_ECONOMY.regions


def test_inputs_have_one_row_per_member_and_one_column_per_region() -> None:
    regions, values, schedules = scenario_inputs(Scenario(name="defaults"))
    assert regions == REGIONS and schedules == {}
    assert set(values) == set(WAR_ECONOMY.parameters)
    for name, p in WAR_ECONOMY.parameters.items():
        assert values[name].shape == ((1, len(REGIONS)) if p.regional else (1, 1)), name
    bonus = WAR_ECONOMY.parameters["bonus_rub"].default
    assert values["bonus_rub"][0].tolist() == [bonus[r] for r in REGIONS]


def test_ensemble_overrides_take_every_documented_shape() -> None:
    rates = np.array([0.01, 0.02, 0.03])
    _, values, _ = scenario_inputs(Scenario(name="e"), overrides={"casualty_rate": rates})
    assert values["casualty_rate"].shape == (3, 1)
    _, values, _ = scenario_inputs(
        Scenario(name="e"), overrides={"bonus_rub": {"provinces": rates}}
    )
    assert values["bonus_rub"].shape == (3, len(REGIONS))
    assert values["bonus_rub"][:, 0].tolist() == rates.tolist()
    capitals = WAR_ECONOMY.parameters["bonus_rub"].default["capitals"]
    assert np.all(values["bonus_rub"][:, 1] == capitals)  # regions not given keep their value
    _, values, _ = scenario_inputs(Scenario(name="e"), overrides={"casualty_rate": 0.02})
    assert values["casualty_rate"].shape == (1, 1)


def test_bad_overrides_name_the_parameter() -> None:
    with pytest.raises(ScenarioError, match="did you mean 'casualty_rate'"):
        scenario_inputs(Scenario(name="e"), overrides={"casualty_rat": 0.1})
    with pytest.raises(ScenarioError, match="national"):
        scenario_inputs(Scenario(name="e"), overrides={"casualty_rate": {"provinces": 0.1}})
    with pytest.raises(ScenarioError, match="shape"):
        scenario_inputs(Scenario(name="e"), overrides={"casualty_rate": np.ones((2, 5))})


def test_run_checks_method_step_and_recorded_names() -> None:
    assert set(METHODS) == {"euler", "rk4"}
    with pytest.raises(SimulationError, match="euler, rk4"):
        simulate(months=2, method="heun")
    with pytest.raises(SimulationError, match="save_every"):
        simulate(months=2, save_every=0.3)
    with pytest.raises(SimulationError, match="unknown variables: no_such"):
        simulate(months=2, record=["discontent", "no_such"])


def test_results_carry_shapes_and_provenance() -> None:
    res = simulate(months=3, parameters={"casualty_rate": [0.01, 0.02]}, record=["discontent"])
    assert res.names == ["discontent"] and res.time.tolist() == [0.0, 1.0, 2.0, 3.0]
    assert res["discontent"].shape == (4, 2, len(REGIONS))  # (time, members, regions)
    meta = res.metadata
    assert meta["wardilemma_version"] == __version__ and meta["members"] == 2
    assert meta["method"] == "euler" and meta["note"] == "Illustrative model, not a forecast"


def test_a_run_that_cannot_fit_in_memory_is_refused_before_it_starts(monkeypatch) -> None:
    from wardilemma.engine import run as engine_run

    monkeypatch.setattr(engine_run, "available_memory", lambda: 50 * 2**20)  # 50 MiB
    members = np.linspace(0.01, 0.03, 20_000)
    with pytest.raises(SimulationError, match=r"20,000 members with \d+ recorded values"):
        simulate(parameters={"casualty_rate": members})
    small = simulate(parameters={"casualty_rate": members[:3]}, record=["discontent"], months=2)
    assert small.n_members == 3


@pytest.mark.parametrize("backend", ["numpy", "numba"])
def test_recorded_values_read_as_a_mapping_and_pickle(backend) -> None:
    if backend == "numba":
        pytest.importorskip("numba")
    res = simulate(months=3, backend=backend, record=["discontent", "reserve_fund"])
    assert list(res.data) == ["discontent", "reserve_fund"] and len(res.data) == 2
    assert "discontent" in res.data and "inflation" not in res.data
    assert res["reserve_fund"].shape == (4, 1) and res["discontent"].shape == (4, 1, len(REGIONS))
    with pytest.raises(KeyError):
        res.data["inflation"]
    again = pickle.loads(pickle.dumps(res))
    for name in res.names:
        np.testing.assert_array_equal(again[name], res[name])
    assert again.units == res.units and again.regional == res.regional
