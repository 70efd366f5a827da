"""Cross-check: PySD 3.14 runs the exported XMILE and reproduces our engine's trajectories.

Each shipped scenario (and a synthetic one with step and linear schedules, switching off the
dt grid, on a national and a regional lever) is exported flattened (PySD reads XMILE arrays
only partly), read with ``pysd.read_xmile`` and run with the same ``dt``; PySD integrates with
Euler, like the scenarios. Every declared stock, per region, and a few auxiliaries that carry
smooths and time functions, are compared at every time step.

Tolerance: max |ours - PySD| / max(max |ours|, floor) < 1e-6 per series. Both tools evaluate
the same arithmetic in float64 with Euler, so agreement should be at rounding level (1e-12 or
better); 1e-6 leaves room for the summation-order differences of the two evaluators over
480 steps and the 1e-6 switching tolerance of time functions, while a wrong builtin (a pulse
off by a step, a smooth with a different initial value) moves series by 1e-3 or more. The
floor (1e-9 in the series' units) keeps series that stay at zero from dividing by zero.
Illustrative model, not a forecast.
"""

from __future__ import annotations

import warnings
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from wardilemma import WAR_ECONOMY, load_scenario, simulate
from wardilemma.scenario import ScheduleSpec
from wardilemma.xmile import flat_name, to_xmile

pysd = pytest.importorskip("pysd")

SCENARIOS = sorted((Path(__file__).resolve().parents[1] / "scenarios").glob("*.toml"))
TOLERANCE = 1e-6
FLOOR = 1e-9
EXTRA = ("inflation", "austerity", "defence_orders", "missed_opportunity", "at_war",
         "national_callup_rate", "discontent_pressure", "instability_risk")  # fmt: skip


def _schedules_scenario():
    base = load_scenario(SCENARIOS[[p.stem for p in SCENARIOS].index("baseline")])
    levers = {n for n, p in WAR_ECONOMY.parameters.items() if p.lever}
    schedules = {}
    if "oil_revenue_shock" in levers:
        schedules["oil_revenue_shock"] = ScheduleSpec((6.1, 30.0, 48.0), (0.2, 0.5, 0.1),
                                                      "linear")  # fmt: skip
    if "bonus_rub" in levers:
        schedules["bonus_rub"] = ScheduleSpec(
            (12.0, 24.3), ({"provinces": 4.0e6, "capitals": 2.5e6}, 1.0e6), "step"
        )
    if "replacement_stimulus" in levers:
        schedules["replacement_stimulus"] = ScheduleSpec((36.0,), (2.0,), "step")
    return replace(base, name="schedules", schedules=schedules)


CASES = [pytest.param(p, id=p.stem) for p in SCENARIOS] + [pytest.param(None, id="schedules")]


def max_relative_differences(scenario, tmp_path: Path) -> dict[str, float]:
    """Run a scenario with both tools; max relative difference of each compared series."""
    path = tmp_path / "model.xmile"
    path.write_text(to_xmile(scenario, flatten=True), encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = pysd.read_xmile(str(path)).run()
    ours = simulate(scenario, save_every=scenario.dt)
    assert np.allclose(theirs.index.to_numpy(), ours.time)
    names = [*WAR_ECONOMY.stocks, *(n for n in EXTRA if n in WAR_ECONOMY.elements)]
    out: dict[str, float] = {}
    for name in names:
        for region in ours.regions if name in ours.regional else [None]:
            a = ours.series(name, region=region)
            b = theirs[flat_name(name, region) if region else name].to_numpy(dtype=float)
            scale = max(float(np.max(np.abs(a))), FLOOR)
            out[flat_name(name, region) if region else name] = float(np.max(np.abs(a - b)) / scale)
    return out


@pytest.mark.parametrize("path", CASES)
def test_pysd_reproduces_scenario(path, tmp_path):
    scenario = load_scenario(path) if path is not None else _schedules_scenario()
    if path is None and not scenario.schedules:
        pytest.skip("the model has none of the levers this case schedules")
    diffs = max_relative_differences(scenario, tmp_path)
    worst = max(diffs, key=diffs.get)
    print(f"{scenario.name}: max relative difference {diffs[worst]:.3g} ({worst})")
    bad = {n: d for n, d in diffs.items() if d >= TOLERANCE}
    assert not bad, f"PySD differs from our engine beyond {TOLERANCE}: {bad}"
