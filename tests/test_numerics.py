"""Numerical trouble: NaN, infinity and stocks outside their bounds stop a run (or flag a
member of an ensemble) with a message naming the variable, region, month, cause and fix;
a time step too large for the fastest time constant warns before the run."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from wardilemma import (
    WAR_ECONOMY,
    SimulationError,
    SimulationWarning,
    load_scenario,
    simulate,
)
from wardilemma.engine.checks import time_constants
from wardilemma.engine.inputs import scenario_inputs
from wardilemma.engine.numpy_kernel import Kernel
from wardilemma.model import Auxiliary, Flow, Model, Parameter, Sector, Stock

#: dx/dt = -k x: Euler overshoots below zero when dt > 1/k, is unstable when dt >= 2/k.
DECAY = Model(
    sectors=(
        Sector(
            key="decay",
            title="Decay",
            doc="dx/dt = -k x",
            elements=(
                Parameter("k", 0.3, "1/month", "decay rate", allowed=(0.0, 100.0)),
                Parameter("bias", 1.0, "1", "level under a square root", allowed=(-9.0, 9.0)),
                Stock("x", "1", "1", "level", outflows=("decay",), regional=True),
                Stock("y", "1", "1", "unbounded level", inflows=("odd",), bounds=None),
                Flow("decay", "k * x", "1/month", "outflow"),
                Flow("odd", "sqrt(bias - time / 6) - 1", "1/month", "NaN after 6 bias months"),
                Auxiliary("smoothed", "smooth(x, 2)", "1", "a smooth of x"),
            ),
        ),
    ),
    regions=("provinces", "capitals"),
)


def run(backend: str = "numpy", **kw: object):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SimulationWarning)
        return simulate(model=DECAY, months=5, backend=backend, **kw)


@pytest.mark.parametrize("backend", ["numpy", "numba"])
def test_a_negative_stock_stops_a_single_run_with_variable_region_month_and_fix(backend):
    # k = 10, dt = 0.25: x(1 - 2.5) flips sign at the first step (the NumPy backend checks
    # every step, the compiled one saved times)
    # month 0.25: save_every = dt here, so both see it.
    if backend == "numba":
        pytest.importorskip("numba")
    with pytest.raises(SimulationError) as err:
        run(backend, parameters={"k": 10.0}, dt=0.25, save_every=0.25)
    text = str(err.value)
    assert "x[provinces] went below its lower bound 0" in text
    assert "at month 0.25 (2025-01)" in text
    assert "dt = 0.25 months is too large" in text
    assert 'dt = 0.0625) or method = "rk4"' in text


def test_the_fastest_time_constant_is_named_in_a_single_runs_error():
    with pytest.raises(SimulationError, match=r"about 0\.1 months at the start, x\[provinces\]"):
        run(parameters={"k": 10.0}, dt=0.25)


@pytest.mark.parametrize(
    ("backend", "when"), [("numpy", "3.5 (2025-04)"), ("numba", "4 (2025-05)")]
)
def test_nan_names_the_variable_and_month(backend, when):
    # sqrt(0.5 - t/6) is NaN after month 3: y's inflow, then y, become NaN (the compiled
    # backend checks saved times only, every month here)
    if backend == "numba":
        pytest.importorskip("numba")
    with pytest.raises(SimulationError) as err:
        run(backend, parameters={"bias": 0.5}, dt=0.25)
    assert str(err.value).startswith(f"y became NaN at month {when}")


def test_an_ensemble_flags_the_failing_members_and_keeps_the_others():
    k = np.array([0.3, 10.0, 0.5])
    res = run(parameters={"k": k}, dt=0.25)
    assert res.metadata["failed_members"] == [1]
    (msg,) = res.metadata["problems"]
    assert msg.startswith("x[provinces] went below its lower bound 0 (value -1.5) at month 0.25")
    assert "in member 1" in msg
    assert np.isnan(res["x"][1:, 1]).all()  # stopped: blank from the problem on
    ok = simulate(model=DECAY, months=5, dt=0.25, parameters={"k": k[[0, 2]]})
    np.testing.assert_array_equal(res["x"][:, [0, 2]], ok["x"])  # the others untouched
    with pytest.raises(SimulationError, match="in member 1"):
        run(parameters={"k": k}, dt=0.25, on_problem="raise")


def test_hidden_stocks_of_a_smooth_are_checked_and_named_by_their_owner():
    kernel = _kernel(DECAY, {"k": 0.3})
    y = kernel.initial_state()
    from wardilemma.engine.checks import StateCheck

    check = StateCheck(kernel, y)
    row = kernel.stock_slices[DECAY.hidden_stocks[0].name].start
    y[row, 0] = np.inf
    (p,) = check(y, 5.0)
    assert (p.variable, p.kind, p.month) == ("a smooth/delay stage of smoothed", "infinite", 5.0)
    assert check(y, 6.0) == []  # a member fails once


def _kernel(model: Model, parameters: dict, dt: float = 0.25) -> Kernel:
    from wardilemma.scenario import Scenario

    regions, values, schedules = scenario_inputs(Scenario(name="t"), model, parameters)
    return Kernel.build(model, regions=regions, values=values, schedules=schedules, dt=dt,
                        initial_time=0.0, final_time=12.0)  # fmt: skip


def test_time_constant_is_the_fastest_decay_rate_of_the_jacobian():
    tau = time_constants(_kernel(DECAY, {"k": 4.0}))
    assert tau.tau == pytest.approx(0.25, rel=1e-4)
    assert tau.label.startswith("x[")


@pytest.mark.parametrize(
    ("k", "expected"),
    [(0.3, None), (3.0, "inaccurate when dt > tau/2"), (9.0, "unstable when dt >= 2 tau")],
)
def test_dt_warning(k, expected):
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        try:  # the warning comes before the run, which may then fail
            simulate(model=DECAY, months=2, dt=0.25, parameters={"k": k}, backend="numpy")
        except SimulationError:
            assert k > 4
    found = [str(w.message) for w in seen if w.category is SimulationWarning]
    if expected is None:
        assert found == []
    else:
        assert len(found) == 1 and expected in found[0]
        assert 'method = "rk4"' in found[0]


def test_shipped_scenarios_run_without_numerical_warnings(scenario_paths=None):
    from wardilemma.paths import scenarios_dir

    with warnings.catch_warnings():
        warnings.simplefilter("error", SimulationWarning)
        for path in sorted(scenarios_dir().glob("*.toml")):
            res = simulate(load_scenario(path, warn=False), record=["discontent"])
            assert "failed_members" not in res.metadata
    kernel = _kernel(WAR_ECONOMY, {})
    assert time_constants(kernel).tau > 2 * 0.25  # the baseline's dt is accurate


@pytest.mark.parametrize("backend", ["numpy", "numba"])
def test_the_history_runs_without_floating_point_warnings(backend):
    """A guarded division (``if_then_else``) divides by zero in the branch not taken at the
    start of the history: the NumPy engine, which the CLI uses for one run, must not print
    NumPy's warning to the user (the compiled kernel never warns)."""
    pytest.importorskip("numba") if backend == "numba" else None
    from wardilemma.paths import scenarios_dir

    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        res = simulate(load_scenario(scenarios_dir() / "history.toml"), backend=backend)
    assert np.isfinite(res.series("national_discontent")).all()


def test_montecarlo_flags_failing_members_in_its_outputs(tmp_path):
    """A real war-model ensemble where Euler at dt = 1 is unstable for short habit times."""
    from wardilemma.paths import scenarios_dir
    from wardilemma.studies.montecarlo import montecarlo

    path = tmp_path / "stiff.toml"
    path.write_text(
        f'[scenario]\nname = "stiff"\nextends = "{scenarios_dir() / "war_continues.toml"}"\n'
        "[simulation]\nmonths = 24\ndt = 1.0\n[uncertainty]\n"
        'habit_time = { dist = "uniform", low = 0.25, high = 0.6 }\n'
    )
    report = montecarlo([path], 16, seed=2, out=tmp_path / "mc")
    (ens,) = report.ensembles
    failed = np.flatnonzero(ens.failed)
    habit = ens.parameters["habit_time"]
    assert 0 < len(failed) < 16
    # Failures come at short habit times, but no longer exactly the shortest: since the
    # recalibration the war path's key rate, its response and monetisation_inflation are
    # drawn too and shift the stability edge (measured at seed 2: 6 of 16 fail, habit
    # 0.29-0.46 against 0.40-0.55 for the members that run, with monetisation_inflation
    # held at 2 as well), so the test checks where failures concentrate.
    assert np.median(habit[failed]) < np.median(habit[ens.failed == 0])
    assert np.isnan(ens.metrics["peak_discontent"][failed]).all()
    assert np.isfinite(ens.metrics["peak_discontent"][ens.failed == 0]).all()
    assert report.bands[0].n == 16 - len(failed)
    assert f"stiff: {len(failed)} of 16 members stopped by numerical trouble" in report.summary
    problems = (tmp_path / "mc" / "problems.csv").read_text()
    assert f"in member {failed[0]}. Likely cause" in problems
    assert report.manifest["failed_members"] == {"stiff": len(failed)}
    members = next((tmp_path / "mc").glob("members.*"))
    if members.suffix == ".csv":
        header = next(line for line in members.read_text().splitlines() if line[0] != "#")
        assert header.split(",")[:3] == ["scenario", "member", "failed"]
    else:
        pd = pytest.importorskip("pandas")
        assert pd.read_parquet(members)["failed"].sum() == len(failed)
