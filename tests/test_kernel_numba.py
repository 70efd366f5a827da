"""The compiled (numba) kernel against the NumPy engine: same numbers on every shipped
scenario, on a random ensemble and on a model that uses every builtin; the generated code
comes from the model's trees and is cached by its hash.

Agreement is checked to 1e-12 relative to each trajectory's magnitude (its largest absolute
value over time): the two backends run the same operations in the same order, and differ
only where NumPy's vectorised ``power``/``exp`` round differently from the C library's (one
unit in the last place), which a flow that is a difference of two close values (e.g.
``consumption_change``) turns into a larger relative error at its zero crossings.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from wardilemma import WAR_ECONOMY, SimulationError, load_scenario, paths, simulate
from wardilemma.model import Auxiliary, Flow, Lookup, Model, Parameter, Sector, Stock

pytest.importorskip("numba")

from wardilemma.engine.backends import resolve_backend
from wardilemma.engine.numba.cache import load_kernel
from wardilemma.engine.numba.emit import generate_source

SCENARIOS = sorted(paths.scenarios_dir().glob("*.toml"))
RTOL = 1e-12


def assert_same(fast, slow) -> None:
    """Every recorded variable of every member agrees to RTOL of its trajectory's scale."""
    assert fast.names == slow.names
    np.testing.assert_array_equal(fast.time, slow.time)
    for name in slow.names:
        a, b = fast[name], slow[name]
        assert a.shape == b.shape, name
        scale = np.maximum(np.abs(b).max(axis=0, keepdims=True), 1e-300)
        worst = float(np.max(np.abs(a - b) / scale))
        assert worst <= RTOL, f"{name}: relative difference {worst:.2e}"


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_every_shipped_scenario_gives_the_numpy_numbers(path: Path) -> None:
    scenario = load_scenario(path)
    fast = simulate(scenario, backend="numba")
    assert fast.metadata["backend"] == "numba"
    assert_same(fast, simulate(scenario, backend="numpy"))


def test_rk4_gives_the_numpy_numbers_with_schedules() -> None:
    scenario = load_scenario(SCENARIOS[0].parent / "managed_peace.toml")
    assert scenario.schedules  # the time tables are exercised
    fast = simulate(scenario, backend="numba", method="rk4", months=36)
    assert_same(fast, simulate(scenario, backend="numpy", method="rk4", months=36))


def test_random_ensemble_every_stock_and_variable() -> None:
    rng = np.random.default_rng(7)
    members = 80
    params: dict[str, object] = {}
    for name, p in WAR_ECONOMY.parameters.items():
        lo, hi = p.plausible or p.uncertain or (None, None)
        if lo is None or p.integer:
            continue
        if p.regional:
            params[name] = {r: rng.uniform(lo, hi, members) for r in WAR_ECONOMY.regions}
        else:
            params[name] = rng.uniform(lo, hi, members)
    scenario = load_scenario(SCENARIOS[0].parent / "sudden_peace.toml")
    fast = simulate(scenario, parameters=params, backend="numba", months=60)
    slow = simulate(scenario, parameters=params, backend="numpy", months=60)
    assert fast.n_members == members
    assert set(WAR_ECONOMY.stocks) <= set(fast.names)
    assert_same(fast, slow)
    # recording a subset gives the same values, in a smaller buffer
    few = simulate(scenario, parameters=params, backend="numba", months=60, record=["discontent"])
    assert few.names == ["discontent"]
    np.testing.assert_array_equal(few["discontent"], fast["discontent"])


def _all_builtins_model(regions: tuple[str, ...] = ("a", "b")) -> Model:
    shares = dict(zip(regions, np.linspace(0.25, 0.75, len(regions)).tolist(), strict=True))
    elements = (
        Parameter("k", 0.3, "1/month", "", allowed=(0, 10)),
        Parameter("share", shares, "1", "", allowed=(0, 1), regional=True),
        Parameter("switch_month", 6.0, "month", "", allowed=(0, 100), lever=True),
        Lookup("curve", ((0, 0), (1, 2), (2, 2.5), (4, 1)), "1", "1", ""),
        Auxiliary("signal", "step(2, switch_month) + pulse(3, 2) + pulse(1, 1, 4)", "1/month", ""),
        Auxiliary("train", "pulse_train(1, 1.5, 5, 20)", "1", ""),
        Auxiliary("slope", "ramp(0.1, 2) + ramp(0.2, 3, 7)", "1", ""),
        Auxiliary("shaped", "curve(level / 10) + exp(-k) * ln(1 + abs(slope)) + sqrt(k)", "1", ""),
        Auxiliary("pick", "if_then_else(level > 5, min(level, 8), max(train, 0.5))", "1", ""),
        Auxiliary(
            "tests", "(level >= 1) + (level < 2) + (k == 0.3) + (k != 1) + (k <= 1)", "1", ""
        ),
        Auxiliary("regional", "share * level + smooth3(share * signal, 2)", "1", ""),
        Auxiliary("total", "sum_regions(regional) + mean_regions(regional * regional)", "1", ""),
        Auxiliary("smoothed", "smooth(signal, 3) + smooth(signal, 2, 1)", "1/month", ""),
        Auxiliary("delayed", "delay1(signal, 2) + delay3(train, 4)", "1/month", ""),
        Auxiliary("clock", "time / final_time + dt + initial_time", "1", ""),
        Flow(
            "inflow", "signal + smoothed + delayed + 0.01 * (shaped + pick + tests)", "1/month", ""
        ),
        Flow("outflow", "k * level * (1 + 0.01 * total + 0.001 * clock)", "1/month", ""),
        Stock("level", "1", "1", "", inflows=("inflow",), outflows=("outflow",), bounds=None),
    )
    sector = Sector(key="t", title="t", doc="", elements=elements)
    return Model(sectors=(sector,), regions=regions, name="all_builtins")


@pytest.mark.parametrize("method", ["euler", "rk4"])
def test_every_builtin_matches_the_numpy_engine(method: str) -> None:
    model = _all_builtins_model()
    kw = {"model": model, "months": 24, "dt": 0.25, "save_every": 0.25, "method": method}
    fast = simulate(backend="numba", **kw)
    slow = simulate(backend="numpy", **kw)
    assert_same(fast, slow)
    assert np.ptp(fast["level"]) > 0.5  # the run does something


def test_generated_source_comes_from_the_model_and_names_its_cache_file(tmp_path, monkeypatch):
    monkeypatch.setenv("WARDILEMMA_CACHE_DIR", str(tmp_path))
    model = _all_builtins_model()
    source = generate_source(model)
    assert source == generate_source(model)  # deterministic
    assert "eval(" not in source and "exec(" not in source
    compile(source, "kernel", "exec")  # valid Python
    kernel = load_kernel(model)
    assert kernel.path.parent == tmp_path and kernel.path.read_text() == source
    changed = tuple(
        Flow("outflow", "k * level", "1/month", "") if getattr(e, "name", "") == "outflow" else e
        for e in model.sectors[0].elements
    )
    sector = Sector(key="t", title="t", doc="", elements=changed)
    other = Model(sectors=(sector,), regions=model.regions, name=model.name)
    assert generate_source(other) != source  # a changed equation, a new file


def test_a_kernel_per_number_of_regions(tmp_path, monkeypatch) -> None:
    """The number of regions is a constant of the generated code (its rows of ``v`` are
    then constants): another number of regions gets its own kernel, which agrees with the
    NumPy engine as the two-region one does."""
    monkeypatch.setenv("WARDILEMMA_CACHE_DIR", str(tmp_path))
    model = _all_builtins_model(("a", "b", "c"))
    assert "\nR = 3 " in generate_source(model) and "\nR = 2 " in generate_source(model, 2)
    assert load_kernel(model) is load_kernel(model, 3)
    assert load_kernel(model, 2).path != load_kernel(model, 3).path
    kw = {"model": model, "months": 24, "dt": 0.25, "save_every": 0.25}
    fast = simulate(backend="numba", **kw)
    assert_same(fast, simulate(backend="numpy", **kw))
    assert fast["regional"].shape[-1] == 3


def test_backend_choice() -> None:
    assert resolve_backend("numpy", "euler") == "numpy"
    assert resolve_backend("numba", "rk4") == "numba"
    # auto: the compiled kernel whenever numba is installed, from the first run on
    assert resolve_backend("auto", "euler") == "numba"
    assert resolve_backend(None, "rk4") == "numba"
    with pytest.raises(ValueError, match="unknown backend 'fortran'"):
        resolve_backend("fortran", "euler")
    res = simulate(backend="numpy", months=2, record=["discontent"])
    assert res.metadata["backend"] == "numpy"


def test_identical_calls_return_identical_numbers() -> None:
    # the backend follows from the request, never from what ran before in the process
    for model in (WAR_ECONOMY, _all_builtins_model()):
        runs = [simulate(model=model, months=24) for _ in range(5)]
        assert {r.metadata["backend"] for r in runs} == {"numba"}
        for other in runs[1:]:
            for name in runs[0].names:
                np.testing.assert_array_equal(other[name], runs[0][name])


def test_a_stock_that_is_not_recorded_is_still_checked() -> None:
    elements = (
        Flow("drain", "1.5", "1/month", ""),
        Stock("x", "1", "1", "", outflows=("drain",)),
        Auxiliary("y", "2 * x", "1", ""),
    )
    model = Model(sectors=(Sector(key="t", title="t", doc="", elements=elements),),
                  regions=WAR_ECONOMY.regions)  # fmt: skip
    with pytest.raises(SimulationError, match=r"^x went below its lower bound 0 \(value -0\.5\)"):
        simulate(model=model, months=3, dt=1.0, backend="numba", record=["y"])


def test_single_runs_and_ensembles_share_one_compiled_kernel() -> None:
    # a second specialisation (e.g. an F-ordered parameter table) would compile it again
    simulate(months=2, backend="numba")
    simulate(months=2, backend="numba", parameters={"casualty_rate": np.linspace(0.01, 0.03, 99)})
    assert len(load_kernel(WAR_ECONOMY).module.run.signatures) == 1
