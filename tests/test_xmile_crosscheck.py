"""Cross-checks: three independent engines run the exported XMILE and reproduce our engine.

* **PySD 3.14** reads the flattened export written ``--for pysd`` (it reads XMILE arrays only
  partly and lacks ``STOPTIME``/``DT``); it integrates with Euler, like the scenarios.
* **Simlin 0.8** (``pysimlin``, a compiled engine) reads both the array and the flattened
  export, and checks units: it must report no unit error or warning (nor any other).
* **BPTK-Py 3.2** (``BPTK_Py.sdcompiler.compile_xmile``, XMILE compiled to Python) reads the
  flattened export. It pins exact versions of NumPy, SciPy and pandas, so it runs in its
  own environment (``make .venv-bptk/.installed``, which ``make test`` builds) through
  ``tests/bptk_run.py``; the test skips, saying so, when that environment is missing.

Cases: every shipped scenario, and a synthetic one with step and linear schedules switching
off the dt grid on a national and a regional lever (it fails, naming them, if a lever it
schedules is renamed, rather than going quiet). Compared at every time step: every stock of
the export that is a model variable (per region; ``austerity``, a stock in the export, too)
and auxiliaries that carry smooths and time functions. A tiny model also puts every form
the export gives a builtin (helper variables, engine-form stocks, pulses, steps, ramps)
through Simlin.

Tolerance: max |ours - theirs| / max(max |ours|, floor) < 1e-9 per series. The engines
evaluate the same arithmetic in float64 with Euler, so agreement is at rounding level
(1e-13 or better is typical over 480 steps); a wrong builtin (a pulse off by a step, a
smooth with another initial value) moves series by 1e-3 or more. The floor (1e-9 in the
series' units) keeps series that stay at zero from dividing by zero. Illustrative model,
not a forecast.
"""

from __future__ import annotations

import json
import os
import subprocess
import warnings
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from wardilemma import WAR_ECONOMY, load_scenario, paths, simulate
from wardilemma.export.xmile import XMILE_NAMESPACE, flat_name, to_xmile
from wardilemma.model import Auxiliary, Flow, Model, Parameter, Sector, Stock
from wardilemma.scenario import Scenario, ScheduleSpec

ROOT = paths.repo_root()
SCENARIOS = sorted((ROOT / "scenarios").glob("*.toml"))
BPTK_PYTHON = Path(os.environ.get("WARDILEMMA_BPTK_PYTHON", ROOT / ".venv-bptk" / "bin" / "python"))
TOLERANCE = 1e-9
FLOOR = 1e-9
EXTRA = (
    "inflation",
    "austerity",
    "defence_orders",
    "missed_opportunity",
    "at_war",
    "national_callup_rate",
    "discontent_pressure",
    "instability_risk",
)

#: Levers the synthetic schedules case schedules (step and linear, national and regional).
SCHEDULED = {
    "oil_revenue_shock": ScheduleSpec((6.1, 30.0, 48.0), (0.2, 0.5, 0.1), "linear"),
    "bonus_rub": ScheduleSpec(
        (12.0, 24.3), ({"provinces": 4.0e6, "capitals": 2.5e6}, 1.0e6), "step"
    ),
    "replacement_stimulus": ScheduleSpec((36.0, 50.2), (2.0, 0.5), "linear"),
}


def _schedules_scenario():
    base = load_scenario(ROOT / "scenarios" / "baseline.toml")
    levers = {n for n, p in WAR_ECONOMY.parameters.items() if p.lever}
    missing = sorted(set(SCHEDULED) - levers)
    if missing:
        pytest.fail(
            f"the schedules case schedules {missing}, which are no longer levers of "
            f"the model; update SCHEDULED in {Path(__file__).name}"
        )
    return replace(base, name="schedules", schedules=dict(SCHEDULED))


CASES = [pytest.param(p, id=p.stem) for p in SCENARIOS] + [pytest.param(None, id="schedules")]


def _scenario(path):
    return load_scenario(path) if path is not None else _schedules_scenario()


def compared(text: str) -> list[str]:
    """Model variables compared: the export's stocks (array export) and :data:`EXTRA`."""
    root = ET.fromstring(text.split("\n", 2)[2])
    stocks = [v.get("name") for v in root.iter(f"{{{XMILE_NAMESPACE}}}stock")]
    names = [n for n in stocks if n in WAR_ECONOMY.elements and n not in EXTRA]
    return [*dict.fromkeys(names), *(n for n in EXTRA if n in WAR_ECONOMY.elements)]


def column(name: str, region: str | None, flatten: bool) -> str:
    """A variable's name in an engine's output (``x[r]`` for arrays, ``x_r`` flattened)."""
    if region is None:
        return name
    return flat_name(name, region) if flatten else f"{name}[{region}]"


def differences(scenario, names, theirs, flatten: bool) -> dict[str, float]:
    """Max relative difference of each compared series; ``theirs(column) -> array``."""
    ours = simulate(scenario, save_every=scenario.dt)
    out: dict[str, float] = {}
    for name in names:
        for region in ours.regions if name in ours.regional else [None]:
            a = ours.series(name, region=region)
            b = np.asarray(theirs(column(name, region, flatten)), dtype=float)
            assert b.shape == a.shape, (name, region, b.shape, a.shape)
            scale = max(float(np.max(np.abs(a))), FLOOR)
            out[column(name, region, flatten)] = float(np.max(np.abs(a - b)) / scale)
    return out


def _check(engine: str, scenario, diffs: dict[str, float]) -> None:
    worst = max(diffs, key=diffs.get)
    print(f"{engine} {scenario.name}: max relative difference {diffs[worst]:.3g} ({worst})")
    bad = {n: d for n, d in diffs.items() if d >= TOLERANCE}
    assert not bad, f"{engine} differs from our engine beyond {TOLERANCE}: {bad}"


# --------------------------------------------------------------------------- PySD


@pytest.fixture
def pysd_unformatted(monkeypatch):
    """PySD without the formatting of the Python it writes: ``black`` took 97 % of each
    translation (2.0-2.6 s of the 2.1-2.8 s a scenario, measured), and the code runs the
    same unformatted (black only re-lays it out)."""
    pysd = pytest.importorskip("pysd")
    from pysd.builders.python import python_model_builder as builder

    def unformatted(text: str, **kw: object) -> str:
        return text

    black = SimpleNamespace(FileMode=lambda: None, format_file_contents=unformatted)
    monkeypatch.setattr(builder, "black", black)
    return pysd


@pytest.mark.parametrize("path", CASES)
def test_pysd_reproduces_scenario(path, tmp_path, pysd_unformatted):
    pysd = pysd_unformatted
    scenario = _scenario(path)
    file = tmp_path / "model.xmile"
    file.write_text(to_xmile(scenario, flatten=True, target="pysd"), encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = pysd.read_xmile(str(file)).run()
    assert np.allclose(theirs.index.to_numpy(), np.arange(len(theirs)) * scenario.dt)
    names = compared(to_xmile(scenario))
    _check("PySD", scenario, differences(scenario, names, lambda c: theirs[c], True))


# --------------------------------------------------------------------------- Simlin


@pytest.mark.parametrize("flatten", [False, True], ids=["arrays", "flattened"])
@pytest.mark.parametrize("path", CASES)
def test_simlin_reproduces_scenario_with_consistent_units(path, flatten):
    simlin = pytest.importorskip("simlin")
    scenario = _scenario(path)
    text = to_xmile(scenario, flatten=flatten)
    project = simlin.Project._from_bytes(text.encode("utf-8"), simlin.FileFormat.XMILE)
    problems = [f"{e.severity.name} {e.variable_name}: {e.message}" for e in project.get_errors()]
    assert problems == [], "Simlin reports (units or other):\n" + "\n".join(problems)
    run = project.main_model.run(analyze_loops=False).results
    names = compared(to_xmile(scenario))
    _check("Simlin", scenario, differences(scenario, names, lambda c: run[c], flatten))


# --------------------------------------------------------------------------- BPTK-Py


@pytest.fixture(scope="module")
def bptk_runs(tmp_path_factory) -> dict[str, dict]:
    """Every case's flattened export run by BPTK-Py, in one call of its environment."""
    if not BPTK_PYTHON.exists():
        pytest.skip(f"BPTK-Py environment missing ({BPTK_PYTHON}): make .venv-bptk/.installed")
    folder = tmp_path_factory.mktemp("bptk")
    jobs, keys = [], []
    for param in CASES:
        scenario = _scenario(param.values[0])
        file = folder / f"{param.id}.xmile"
        file.write_text(to_xmile(scenario, flatten=True), encoding="utf-8")
        names = compared(to_xmile(scenario))
        regions = scenario.region_names
        columns = [
            column(n, r, True)
            for n in names
            for r in (regions if n in WAR_ECONOMY.regional else [None])
        ]
        jobs.append({"xmile": str(file), "names": columns})
        keys.append(param.id)
    done = subprocess.run(
        [str(BPTK_PYTHON), str(ROOT / "tests" / "bptk_run.py")],
        input=json.dumps(jobs),
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, f"BPTK-Py failed:\n{done.stderr[-3000:]}"
    return dict(zip(keys, json.loads(done.stdout), strict=True))


@pytest.mark.xdist_group("bptk")  # one worker: BPTK-Py's environment runs once
@pytest.mark.parametrize("path", CASES)
def test_bptk_reproduces_scenario(path, request, bptk_runs):
    scenario = _scenario(path)
    run = bptk_runs[request.node.callspec.id]
    assert np.allclose(run["time"], np.arange(len(run["time"])) * scenario.dt)
    names = compared(to_xmile(scenario))
    _check("BPTK-Py", scenario, differences(scenario, names, run["series"].get, True))


def test_simlin_runs_every_builtin_form_of_the_export_like_our_engine():
    """Nested smooths and delays (helpers), a smooth3 of its own variable (engine form), two-
    and three-argument pulses, step and ramp, on a tiny model: identical at every step."""
    simlin = pytest.importorskip("simlin")
    elements = (
        Parameter("x", 2.0, "1", "", (0, 10)),
        Parameter("delay", 3.0, "month", "", (1, 10)),
        Auxiliary("signal", "x + step(3, 4) + ramp(0.5, 2, 8)", "1", ""),
        Auxiliary("gap", "max(smooth(signal, delay) - signal, 0) + delay3(signal, delay) * 0.5"
                  " + delay1(signal, delay, 1)", "1", ""),
        Auxiliary("level", "smooth3(min(level + signal, 10), delay, 1)", "1", ""),
        Flow("spike", "pulse(x, 2) + pulse(1, 3, 5)", "1/month", ""),
        Stock("total", "0", "1", "", inflows=("spike",)),
    )  # fmt: skip
    model = Model(sectors=(Sector(key="t", title="t", doc="", elements=elements),),
                  regions=("provinces", "capitals"))  # fmt: skip
    scenario = Scenario(name="builtins", months=24.0, dt=0.25)
    text = to_xmile(scenario, model=model)
    project = simlin.Project._from_bytes(text.encode("utf-8"), simlin.FileFormat.XMILE)
    assert project.get_errors() == []
    run = project.main_model.run(analyze_loops=False).results
    ours = simulate(scenario, model=model, save_every=scenario.dt)
    for name in ("signal", "gap", "level", "spike", "total"):
        a = ours.series(name)
        b = run[name].to_numpy(dtype=float)
        assert b.shape == a.shape and np.max(np.abs(a - b)) <= TOLERANCE * np.max(np.abs(a)), name
