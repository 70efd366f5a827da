"""Builtins on tiny models, against hand-computed answers and PySD's own functions, on
every backend: NumPy, the compiled kernel (numba) and the generated JavaScript (Node).

Conventions (Vensim/Stella/PySD): Euler records every variable at time t from the stocks
at t, then moves each stock by ``dt * net flow(t)``. So a stock integrating a signal
``f`` holds, at ``t_n = n * dt``, the sum ``dt * (f(t_0) + ... + f(t_{n-1}))``.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess

import numpy as np
import pytest

from wardilemma import SimulationError, simulate
from wardilemma.export.javascript import generate_model_js, js_inputs
from wardilemma.model import Auxiliary, Flow, Lookup, Model, Parameter, Sector, Stock
from wardilemma.results import Results

try:  # only the two PySD cases need PySD; every hand-computed test runs without it
    from pysd.py_backend import functions as pysd_functions
    from pysd.py_backend import statefuls as pysd_statefuls
except ImportError:  # pragma: no cover - depends on the environment
    pysd_functions = pysd_statefuls = None

needs_pysd = pytest.mark.skipif(
    pysd_functions is None, reason="PySD is not installed (pip install 'wardilemma[test]')"
)

REGIONS = ("provinces", "capitals")  # the default regions of a run
NODE = shutil.which("node")

#: Every backend runs every case; each is skipped only when its tool is missing.
BACKENDS = [
    "numpy",
    pytest.param("numba", marks=pytest.mark.skipif(
        importlib.util.find_spec("numba") is None, reason="numba is not installed")),
    pytest.param("js", marks=pytest.mark.skipif(
        NODE is None, reason="node (Node.js) not found: install it to check the JavaScript")),
]  # fmt: skip

_JS_RUNNER = """
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const run = WardilemmaModel.simulate(input);
const data = {};
for (const k in run.data) data[k] = Array.from(run.data[k]);
process.stdout.write(JSON.stringify({ time: Array.from(run.time), data: data }));
"""


def _simulate_js(model: Model, months: float, dt: float) -> Results:
    """The generated JavaScript of ``model`` run by Node, as :class:`Results` (one member)."""
    assert NODE is not None
    inputs = js_inputs(None, model, months=months, dt=dt, method="euler", save_every=dt)
    proc = subprocess.run([NODE, "-e", generate_model_js(model) + _JS_RUNNER],
                          input=json.dumps(inputs), capture_output=True, text=True,
                          timeout=120)  # fmt: skip
    if proc.returncode != 0:  # the runtime's checks throw an Error naming the problem
        thrown = [x for x in proc.stderr.splitlines() if x.startswith("Error: ")]
        assert thrown, proc.stderr
        raise SimulationError(thrown[0].removeprefix("Error: "))
    out = json.loads(proc.stdout)
    time = np.asarray(out["time"])
    data = {}
    for name, values in out["data"].items():
        arr = np.asarray(values, dtype=float).reshape(len(time), 1, -1)
        data[name] = arr if name in model.regional else arr[:, :, 0]
    return Results(time, tuple(inputs["regions"]), data,
                   frozenset(n for n in data if n in model.regional),
                   {n: model.elements[n].units for n in data})  # fmt: skip


@pytest.fixture(params=BACKENDS)
def run(request):
    """``run(*elements, months=, dt=)``: simulate a one-sector model with Euler, saving
    every step, on the backend of this case."""
    backend = request.param

    def go(*elements, months: float, dt: float, regions: tuple[str, ...] = REGIONS) -> Results:
        sector = Sector(key="t", title="t", doc="", elements=elements)
        model = Model(sectors=(sector,), regions=regions)
        if backend == "js":
            return _simulate_js(model, months, dt)
        res = simulate(model=model, months=months, dt=dt, save_every=dt, method="euler",
                       backend=backend)  # fmt: skip
        assert res.metadata["backend"] == backend
        return res

    return go


def integrator(signal: str) -> tuple:
    """A stock ``total`` integrating the variable ``signal`` through a flow."""
    return (
        Flow("inflow", signal, "1/month", ""),
        Stock("total", "0", "1", "", inflows=("inflow",), bounds=None),
    )


def national(res, name: str) -> np.ndarray:
    return res[name][:, 0]


# --------------------------------------------------------------------------- step


def test_step_switches_on_at_its_start_time(run) -> None:
    # step(5, 2), dt = 0.25: on once t + dt/2 > 2, i.e. from t = 2 on (t = 1.75: 1.875 < 2).
    # The integral is 5 * (t - 2) after t = 2 under Euler: 5 * 0.25 per step from t = 2.
    res = run(Auxiliary("s", "step(5, 2)", "1/month", ""), *integrator("s"), months=4, dt=0.25)
    t = res.time
    np.testing.assert_array_equal(national(res, "s"), np.where(t >= 2, 5.0, 0.0))
    np.testing.assert_allclose(national(res, "total"), 5 * np.maximum(t - 2, 0), atol=1e-12)


def test_step_start_between_two_steps_switches_at_the_nearer_step(run) -> None:
    # step(1, 2.1), dt = 0.25: t = 2.0 gives 2.125 > 2.1 -> on already at t = 2.0 (PySD rule).
    res = run(Auxiliary("s", "step(1, 2.1)", "1", ""), months=3, dt=0.25)
    assert national(res, "s")[res.time == 1.75] == 0.0
    assert national(res, "s")[res.time == 2.0] == 1.0


# --------------------------------------------------------------------------- pulse


def test_single_pulse_delivers_its_magnitude_in_one_step(run) -> None:
    # pulse(10, 3), dt = 0.5: value 10 / 0.5 = 20 at t = 3 only; the integral jumps by
    # 0.5 * 20 = 10 between t = 3 and t = 3.5 and stays there.
    res = run(Auxiliary("p", "pulse(10, 3)", "1/month", ""), *integrator("p"), months=6, dt=0.5)
    t = res.time
    np.testing.assert_array_equal(national(res, "p"), np.where(t == 3, 20.0, 0.0))
    np.testing.assert_array_equal(national(res, "total"), np.where(t > 3, 10.0, 0.0))


def test_repeated_pulse_fires_every_interval(run) -> None:
    # pulse(10, 1, 4), dt = 0.5: fires at t = 1, 5, 9 (value 20); integral 10, 20, 30.
    res = run(Auxiliary("p", "pulse(10, 1, 4)", "1/month", ""), *integrator("p"), months=11, dt=0.5)
    t = res.time
    fired = np.isin(t, [1.0, 5.0, 9.0])
    np.testing.assert_array_equal(national(res, "p"), np.where(fired, 20.0, 0.0))
    np.testing.assert_array_equal(national(res, "total"), 10.0 * np.searchsorted([1, 5, 9], t))


# --------------------------------------------------------------------------- pulse train


def test_pulse_train_is_one_inside_each_window_until_the_end(run) -> None:
    # pulse_train(2, 1, 5, 13), dt = 0.25: 1 on [2, 3), [7, 8), [12, 13); else 0.
    # Each window is 4 steps of 0.25 -> the integral grows by 1 per window: 3 at the end.
    res = run(
        Auxiliary("p", "pulse_train(2, 1, 5, 13)", "1/month", ""),
        *integrator("p"),
        months=16,
        dt=0.25,
    )
    t = res.time
    inside = ((t >= 2) & (t < 3)) | ((t >= 7) & (t < 8)) | ((t >= 12) & (t < 13))
    np.testing.assert_array_equal(national(res, "p"), inside.astype(float))
    assert national(res, "total")[-1] == 3.0


# --------------------------------------------------------------------------- ramp


def test_ramp_rises_between_start_and_end_and_then_holds(run) -> None:
    # ramp(2, 3, 6): 0 before t = 3, 2 * (t - 3) until t = 6, then 2 * 3 = 6.
    res = run(Auxiliary("r", "ramp(2, 3, 6)", "1", ""), months=10, dt=0.5)
    t = res.time
    np.testing.assert_allclose(national(res, "r"), 2 * np.clip(t - 3, 0, 3), atol=1e-12)
    # without an end it keeps rising: ramp(2, 3) at t = 10 is 14
    res = run(Auxiliary("r", "ramp(2, 3)", "1", ""), months=10, dt=0.5)
    assert national(res, "r")[-1] == pytest.approx(14.0)


# --------------------------------------------------------------------------- smooth


def test_smooth_of_a_step_follows_the_euler_recurrence(run) -> None:
    # x = step(10, 2); s = smooth(x, 4); dt = 1. Initial s = x(0) = 0. Euler:
    # s(n+1) = s(n) + (x(n) - s(n)) / 4, x = 10 from t = 2 on, so s(2 + k) = 10 (1 - 0.75^k):
    # s(3) = 2.5, s(4) = 4.375, s(5) = 5.78125.
    res = run(
        Auxiliary("x", "step(10, 2)", "1", ""),
        Auxiliary("s", "smooth(x, 4)", "1", ""),
        months=12,
        dt=1.0,
    )
    k = np.maximum(res.time - 2, 0)
    np.testing.assert_allclose(national(res, "s"), 10 * (1 - 0.75**k), rtol=1e-14)
    assert national(res, "s")[3] == 2.5


def test_smooth_with_an_initial_value_starts_there(run) -> None:
    # smooth(0, 2, 8), dt = 0.5: starts at 8 and decays by a factor (1 - 0.5/2) per step.
    res = run(Auxiliary("s", "smooth(0, 2, 8)", "1", ""), months=5, dt=0.5)
    np.testing.assert_allclose(national(res, "s"), 8 * 0.75 ** np.arange(11), rtol=1e-14)


def test_smooth3_is_three_first_order_stages(run) -> None:
    # smooth3(step(10, 2), 3), dt = 1: each stage has time 3 / 3 = 1, and Euler with dt
    # equal to the stage time copies the previous stage: stage(n+1) = input(n). The output
    # (third stage) is the step delayed by three steps: 10 from t = 5 on, exactly.
    res = run(
        Auxiliary("x", "step(10, 2)", "1", ""),
        Auxiliary("s", "smooth3(x, 3)", "1", ""),
        months=8,
        dt=1.0,
    )
    np.testing.assert_array_equal(national(res, "s"), np.where(res.time >= 5, 10.0, 0.0))


# --------------------------------------------------------------------------- delays


def test_delay1_drains_a_pulse_exponentially_and_conserves_it(run) -> None:
    # inflow = pulse(8, 1) (8 per month at t = 1, dt = 1); out = delay1(inflow, 2).
    # Hidden stock D: D(2) = 8, out = D / 2 -> out(2) = 4, then halves: out(2 + k) = 4 / 2^k.
    res = run(
        Auxiliary("inflow", "pulse(8, 1)", "1/month", ""),
        Auxiliary("out", "delay1(inflow, 2)", "1/month", ""),
        months=40,
        dt=1.0,
    )
    k = res.time - 2
    want = np.where(k >= 0, 4 * 0.5 ** np.maximum(k, 0), 0.0)
    np.testing.assert_allclose(national(res, "out"), want, rtol=1e-14)
    # everything that went in comes out: sum of dt * out -> 8
    assert national(res, "out").sum() == pytest.approx(8.0, rel=1e-9)


def test_delay3_with_stage_time_equal_to_dt_is_a_pure_shift(run) -> None:
    # delay3(pulse(8, 1), 3), dt = 1: stage time 1, each stage passes its input on in one
    # step: S1(2) = 8, S2(3) = 8, S3(4) = 8 -> out = S3 / 1 = 8 at t = 4 only.
    res = run(
        Auxiliary("inflow", "pulse(8, 1)", "1/month", ""),
        Auxiliary("out", "delay3(inflow, 3)", "1/month", ""),
        months=8,
        dt=1.0,
    )
    np.testing.assert_array_equal(national(res, "out"), np.where(res.time == 4, 8.0, 0.0))


@pytest.mark.parametrize("func", ["delay1", "delay3", "smooth", "smooth3"])
def test_delays_and_smooths_start_in_equilibrium(run, func: str) -> None:
    # With a constant input and the default initial value (the input) nothing moves.
    res = run(Auxiliary("out", f"{func}(5, 6)", "1", ""), months=10, dt=0.25)
    np.testing.assert_allclose(national(res, "out"), 5.0, rtol=1e-14)


def test_delay3_with_an_initial_outflow(run) -> None:
    # delay3(0, 6, 2): stages hold 2 * 6 / 3 = 4 each and drain; the first output is 2.
    res = run(Auxiliary("out", "delay3(0, 6, 2)", "1", ""), months=60, dt=0.25)
    out = national(res, "out")
    assert out[0] == pytest.approx(2.0)
    assert np.all(np.diff(out) <= 1e-15)
    # total released = initial content 3 * 4 = 12; trapezoid-free Euler sum of dt * out
    assert 0.25 * out.sum() == pytest.approx(12.0, rel=1e-3)


# --------------------------------------------------------------------------- lookups


def test_lookups_interpolate_linearly_and_clamp_at_both_ends(run) -> None:
    # points (0, 0), (1, 10), (2, 15) called at x = time - 1:
    # t = 0 -> x = -1 -> clamped to 0; t = 1.5 -> x = 0.5 -> 5; t = 2.5 -> x = 1.5 -> 12.5;
    # t = 4 -> x = 3 -> clamped to 15.
    res = run(
        Parameter("one", 1.0, "month", "", allowed=(0, 2)),
        Lookup("curve", ((0, 0), (1, 10), (2, 15)), "month", "1", ""),
        Auxiliary("y", "curve(time - one)", "1", ""),
        months=4,
        dt=0.5,
    )
    x = res.time - 1
    want = np.where(x < 0, 0.0, np.where(x < 1, 10 * x, np.minimum(10 + 5 * (x - 1), 15)))
    np.testing.assert_allclose(national(res, "y"), want, atol=1e-12)
    assert national(res, "y")[res.index_of(0)] == 0.0
    assert national(res, "y")[res.index_of(4)] == 15.0


# --------------------------------------------------------------------------- pure functions


def test_if_then_else_min_max_and_elementwise_functions(run) -> None:
    # t = 0, 1, 2, 3 (dt = 1): sign = -1, -1, 1, 1; min(t, 1.5) = 0, 1, 1.5, 1.5;
    # max(t, 1.5) = 1.5, 1.5, 2, 3.
    res = run(
        Auxiliary("sign", "if_then_else(time >= 2, 1, -1)", "1", ""),
        Auxiliary("lo", "min(time, 1.5)", "month", ""),
        Auxiliary("hi", "max(time, 1.5)", "month", ""),
        Auxiliary("f", "abs(sign) * exp(0) + sqrt(4) + ln(1)", "1", ""),
        months=3,
        dt=1.0,
    )
    np.testing.assert_array_equal(national(res, "sign"), [-1, -1, 1, 1])
    np.testing.assert_array_equal(national(res, "lo"), [0, 1, 1.5, 1.5])
    np.testing.assert_array_equal(national(res, "hi"), [1.5, 1.5, 2, 3])
    np.testing.assert_array_equal(national(res, "f"), [3, 3, 3, 3])


def test_sum_and_mean_over_regions(run) -> None:
    # a = 2 (provinces), 6 (capitals): sum 8, mean 4; the reductions are national.
    res = run(
        Parameter(
            "a", {"provinces": 2.0, "capitals": 6.0}, "1", "", allowed=(0, 10), regional=True
        ),
        Auxiliary("total", "sum_regions(a)", "1", ""),
        Auxiliary("average", "mean_regions(a)", "1", ""),
        Auxiliary("share", "a / total", "1", ""),
        months=1,
        dt=1.0,
    )
    assert "total" not in res.regional and "share" in res.regional
    np.testing.assert_array_equal(national(res, "total"), 8.0)
    np.testing.assert_array_equal(national(res, "average"), 4.0)
    np.testing.assert_array_equal(res["share"][0, 0], [0.25, 0.75])


# --------------------------------------------------------------------------- against PySD


class _Time:
    """The two methods of PySD's ``Time`` object that its functions call."""

    def __init__(self, dt: float) -> None:
        self.t = 0.0
        self.dt = dt

    def __call__(self) -> float:
        return self.t

    def time_step(self) -> float:
        return self.dt


def _pysd_series(dt: float, months: float, f) -> np.ndarray:
    clock = _Time(dt)
    out = []
    for n in range(round(months / dt) + 1):
        clock.t = n * dt
        out.append(float(f(clock)))
    return np.asarray(out)


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        ("step(3, 4.3)", lambda c: pysd_functions.step(c, 3, 4.3)),
        ("step(3, 4.125)", lambda c: pysd_functions.step(c, 3, 4.125)),
        ("pulse(6, 2)", lambda c: pysd_functions.pulse(c, 2, magnitude=6)),
        ("pulse(6, 2.5, 3)", lambda c: pysd_functions.pulse(c, 2.5, repeat_time=3, magnitude=6)),
        (
            "pulse_train(1, 0.75, 2.5, 9)",
            lambda c: pysd_functions.pulse(c, 1, repeat_time=2.5, width=0.75, end=9),
        ),
        ("ramp(1.5, 2, 7.3)", lambda c: pysd_functions.ramp(c, 1.5, 2, 7.3)),
        ("ramp(-1, 0.25)", lambda c: pysd_functions.ramp(c, -1, 0.25)),
    ],
)
@pytest.mark.parametrize("dt", [1.0, 0.25, 0.125])
@needs_pysd
@pytest.mark.parametrize("run", ["numpy"], indirect=True)  # against PySD: one backend
def test_time_functions_match_pysd(run, ours: str, theirs, dt: float) -> None:
    res = run(Auxiliary("y", ours, "1", ""), months=12, dt=dt)
    np.testing.assert_allclose(national(res, "y"), _pysd_series(dt, 12, theirs), atol=1e-12)


def _pysd_stateful_run(kind: str, order: int, dt: float, months: float, signal) -> np.ndarray:
    """Drive a PySD Smooth or DelayN with an explicit Euler loop, as PySD's model does."""
    clock = _Time(dt)
    if kind == "smooth":
        obj = pysd_statefuls.Smooth(
            lambda: signal(clock.t), lambda: 4.0, lambda: signal(0.0), lambda: order, "s"
        )
    else:
        obj = pysd_statefuls.DelayN(
            lambda: signal(clock.t), lambda: 4.0, lambda: signal(0.0), lambda: order,
            lambda: dt, "d",
        )  # fmt: skip
    obj.initialize()
    out = []
    for n in range(round(months / dt) + 1):
        clock.t = n * dt
        out.append(float(obj()))
        obj.update(obj.state + dt * obj.ddt())
    return np.asarray(out)


@pytest.mark.parametrize(
    ("func", "kind", "order"),
    [
        ("smooth", "smooth", 1),
        ("smooth3", "smooth", 3),
        ("delay1", "delay", 1),
        ("delay3", "delay", 3),
    ],
)
@needs_pysd
@pytest.mark.parametrize("run", ["numpy"], indirect=True)  # against PySD: one backend
def test_smooths_and_delays_match_pysd(run, func: str, kind: str, order: int) -> None:
    # input: 2 + a step of 3 at t = 1 + a pulse of 5 at t = 6, through a delay time of 4
    dt, months = 0.25, 20.0

    def signal(t: float) -> float:
        step = 3.0 if t + dt / 2 > 1 else 0.0
        pulse = 5.0 / dt if 6 - 1e-6 <= t < 6 + dt / 2 else 0.0
        return 2.0 + step + pulse

    res = run(
        Auxiliary("x", "2 + step(3, 1) + pulse(5, 6)", "1", ""),
        Auxiliary("y", f"{func}(x, 4)", "1", ""),
        months=months,
        dt=dt,
    )
    want = _pysd_stateful_run(kind, order, dt, months, signal)
    np.testing.assert_allclose(national(res, "y"), want, rtol=1e-12)


def test_a_model_runs_on_its_own_regions(run) -> None:
    res = run(
        Parameter("a", {"north": 1.0, "south": 3.0}, "1", "", allowed=(0, 9), regional=True),
        Auxiliary("total", "sum_regions(a)", "1", ""),
        months=1,
        dt=1.0,
        regions=("north", "south"),
    )
    assert res.regions == ("north", "south")
    assert national(res, "total")[0] == 4.0


# --------------------------------------------------------------------------- checks


def test_a_stock_below_its_bound_names_the_variable_and_month(run) -> None:
    # x(0) = 1 drained by 1.5/month, dt = 1: x = -0.5 at month 1, below its bound 0
    with pytest.raises(SimulationError) as err:
        run(
            Flow("drain", "1.5", "1/month", ""),
            Stock("x", "1", "1", "", outflows=("drain",)),
            months=3,
            dt=1.0,
        )
    assert str(err.value).startswith("x went below its lower bound 0 (value -0.5) at month 1")


def test_a_value_that_becomes_nan_names_the_variable_and_month(run) -> None:
    # sqrt(1 - time) is NaN from month 2 on (month 1: sqrt(0) = 0)
    with pytest.raises(SimulationError) as err:
        run(Auxiliary("r", "sqrt(1 - time)", "1", ""), months=4, dt=1.0)
    assert str(err.value).startswith("r became NaN at month 2")


def test_a_new_time_builtin_is_one_row_on_numpy_whatever_its_arity(monkeypatch) -> None:
    # a row of the table is all the NumPy kernel reads: a time builtin of one argument and
    # one of five are called f(t, dt, *args) like step's two (the kernel once knew 2 to 4)
    from wardilemma.builtins import BUILTINS, Builtin

    def after(t, dt, start):
        return np.where(t + dt / 2 > np.asarray(start), 1.0, 0.0)

    def window(t, dt, a, b, c, d, e):
        return np.where((t >= a) & (t < b), c + d + e, 0.0)

    for name, n, f in (("after", 1, after), ("window", 5, window)):
        row = Builtin(name, n, n, "time", lambda func, args, check: None, name.upper(), name, f)
        monkeypatch.setitem(BUILTINS, name, row)
    elements = (
        Auxiliary("a", "after(2)", "1", ""),
        Auxiliary("w", "window(1, 3, 1, 2, 3)", "1", ""),
    )
    sector = Sector(key="t", title="t", doc="", elements=elements)
    res = simulate(model=Model(sectors=(sector,), regions=REGIONS), months=4, dt=0.5,
                   save_every=0.5, backend="numpy")  # fmt: skip
    t = res.time
    np.testing.assert_array_equal(national(res, "a"), np.where(t + 0.25 > 2, 1.0, 0.0))
    np.testing.assert_array_equal(national(res, "w"), np.where((t >= 1) & (t < 3), 6.0, 0.0))
