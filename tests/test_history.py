"""The history run and the futures that branch from it.

* The economy of 2021 (``scenarios/history.toml`` with the war off) is at rest: every stock
  is flat within 0.5 % over ten years (compared at each January: call-ups are seasonal).
* Every shipped future lives through the history: it starts in January 2022 and branches in
  January 2026, and the war-continues and peace paths are the same until their ceasefire.
* The exit policy follows the ceasefire: a sudden peace with its ceasefire moved to
  2029-01 is the war-continues path month for month until then, in the library, from the
  command line and in the generated JavaScript model.
* Schedules can be written in months after the ceasefire; a calendar schedule that a moved
  ceasefire overtakes gets a warning.

Illustrative model, not a forecast.
"""

from __future__ import annotations

import csv
import json
import warnings
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from wardilemma import WAR_ECONOMY, load_scenario, paths, simulate
from wardilemma.cli import main
from wardilemma.scenario import ScenarioError, ScenarioWarning

ROOT = paths.repo_root()
SCEN = ROOT / "scenarios"
HISTORY = SCEN / "history.toml"
FUTURES = ["war_continues", "sudden_peace", "managed_peace", "war_oil_sanctions",
           "peace_then_remilitarise", "samara_focus", "us_1946_analogue"]  # fmt: skip
#: Month 84 of a run from 2022-01 is 2029-01.
MOVED = 84

#: The war's inputs at their pre-war values: no war, no deployment or mobilisation, no war
#: bonus, the 2021 call-ups (spring 134,650; autumn 127,500: decrees, The Moscow Times), no
#: oil shock, tax rise or off-budget defence orders, the budget of 2021 (the first points of
#: history.toml's schedules), the rouble of January 2022, no sanctions premium on imports,
#: no imports missing, no emigration.
#: Everything else is history.toml's 2021 economy.
PREWAR = {
    "war_start_month": 1200,
    "mobilisation_rate": 0,
    "bonus_rub": 0,
    "spring_callup": 134650,
    "autumn_callup": 127500,
    "oil_revenue_shock": 0,
    "tax_rate_rise": 0,
    "offbudget_order_ratio": 0,
    "oil_revenue_base": 12.87,
    "tax_rate": 0.10818,
    "civil_purchases": 14.54,
    "rouble_rate_index": 1.0,
    "sanctions_import_premium": 0,
    "import_shortfall": 0,
    "emigrant_labour_share": 0,
}

#: Stocks that are not flat at rest, with the measured reason.
NOT_AT_REST = {
    "price_level": "an index of prices, it grows at the steady inflation by definition "
    "(inflation itself is checked flat)",
}


@pytest.fixture(scope="module")
def at_rest():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ScenarioWarning)
        scenario = load_scenario(HISTORY, overrides=PREWAR)
    return simulate(scenario, months=120)


def _flat(series: np.ndarray) -> float:
    """Largest change of a (time, ...) series from its start, compared at each January,
    relative to its start (absolute for a series that starts at zero)."""
    jan = series.reshape(series.shape[0], -1)[::12]
    scale = np.where(np.abs(jan[0]) > 0, np.abs(jan[0]), 1.0)
    return float(np.max(np.abs(jan - jan[0]) / scale))


@pytest.mark.parametrize("stock", [s for s in WAR_ECONOMY.stocks if s not in NOT_AT_REST])
def test_the_2021_economy_without_the_war_is_at_rest(at_rest, stock):
    if stock == "key_rate_shift":  # a change from the start: flat means the rate is flat
        assert _flat(at_rest["key_rate"][:, 0]) < 0.005
    elif stock == "discontent":  # an index 0..1 that starts at its equilibrium, 0
        assert _flat(at_rest[stock][:, 0]) < 0.005
    else:
        assert _flat(at_rest[stock][:, 0]) < 0.005, stock


def test_inflation_and_output_at_rest(at_rest):
    for name in ("gdp", "civilian_wage_rub", "consumption"):
        assert _flat(at_rest[name][:, 0]) < 0.005, name
    for rate in ("inflation", "national_unemployment_rate"):  # rates: within 0.05 points
        jan = at_rest[rate][::12, 0]
        assert np.max(np.abs(jan - jan[0])) < 0.0005, rate
    assert at_rest["soldiers"].max() == 0 and at_rest["veterans"].max() == 0


def test_history_starts_before_the_invasion_and_ends_with_the_record():
    sc = load_scenario(HISTORY)
    assert (sc.start, sc.months, sc.branch) == ("2022-01", 48.0, None)
    res = simulate(sc)
    soldiers = res["soldiers"][:, 0].sum(axis=1)
    assert soldiers[0] == 0 and soldiers[-1] > 0  # no front before the invasion
    assert res["casualties"][0, 0].sum() == 0 and res["casualties"][-1, 0].sum() > 0


@pytest.mark.parametrize("stem", FUTURES)
def test_every_future_lives_through_the_history(stem):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ScenarioWarning)
        sc = load_scenario(SCEN / f"{stem}.toml")
    assert sc.start == "2022-01" and sc.branch == "2026-01" and sc.branch_month == 48
    assert sc.months >= 48 + 120  # about ten years past the branch
    assert HISTORY.resolve() in {p.resolve() for p in sc.files}


def _scenario(stem: str, **overrides):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ScenarioWarning)
        return load_scenario(SCEN / f"{stem}.toml", overrides=overrides or None)


def _variables() -> list[str]:
    """Every recorded variable but the parameters (which differ between the files)."""
    return [n for n in WAR_ECONOMY.elements if n not in WAR_ECONOMY.parameters
            and n not in WAR_ECONOMY.lookups]  # fmt: skip


def _max_gap(a, b, names: list[str], until: int) -> tuple[float, str]:
    worst, where = 0.0, ""
    for n in names:
        x, y = a[n][:until], b[n][:until]
        gap = float(np.max(np.abs(x - y) / np.maximum(np.maximum(np.abs(x), np.abs(y)), 1e-300)))
        if gap > worst:
            worst, where = gap, n
    return worst, where


@pytest.mark.parametrize("stem", ["sudden_peace", "managed_peace", "peace_then_remilitarise"])
def test_a_peace_is_the_war_path_until_its_ceasefire(stem):
    war = simulate(_scenario("war_continues"))
    peace = simulate(_scenario(stem))
    names = _variables()
    assert _max_gap(war, peace, names, 48)[0] == 0.0  # the same history, month for month
    assert _max_gap(war, peace, names, 50)[0] > 0  # and different once the war stops


@pytest.mark.parametrize("stem", ["sudden_peace", "managed_peace"])
def test_moving_the_ceasefire_moves_the_whole_exit_policy(stem):
    war = simulate(_scenario("war_continues"))
    moved = simulate(_scenario(stem, ceasefire_month="2029-01"))
    gap, where = _max_gap(war, moved, _variables(), MOVED)
    assert gap <= 1e-12, (gap, where)
    # the exit comes with the ceasefire: bonus cut, stimulus and programmes paid from it
    assert moved["stimulus_paid"][:MOVED].max() == 0
    assert moved["programme_in_force"][:MOVED].max() == 0
    offered = moved["bonus_offered_rub"][:, 0, 0]
    assert offered[MOVED - 1] == offered[47] and offered[MOVED + 30] == 4.0e5
    if stem == "managed_peace":
        assert moved["stimulus_paid"][MOVED + 1, 0] == 3.0


def _csv_series(path: Path) -> dict[tuple[str, str], dict[int, float]]:
    out: dict[tuple[str, str], dict[int, float]] = {}
    with path.open() as fh:
        rows = csv.DictReader(line for line in fh if not line.startswith("#"))
        for row in rows:
            key = (row["variable"], row["region"])
            out.setdefault(key, {})[int(float(row["month"]))] = float(row["value"])
    return out


def test_from_the_command_line_a_moved_peace_is_the_war_path_until_2029(tmp_path):
    runner = CliRunner()
    for args in (["war_continues.toml"], ["sudden_peace.toml", "--set", "ceasefire_month=2029-01"]):
        result = runner.invoke(
            main,
            ["run", str(SCEN / args[0]), *args[1:], "--out", str(tmp_path), "--plots", "none"],
        )
        assert result.exit_code == 0, result.output
    war = _csv_series(tmp_path / "war_continues" / "timeseries.csv")
    peace = _csv_series(tmp_path / "sudden_peace" / "timeseries.csv")
    variables = set(_variables())
    compared = 0
    for key, series in war.items():
        if key[0] not in variables:
            continue
        for month in range(MOVED):
            a, b = series[month], peace[key][month]
            assert abs(a - b) <= 1e-12 * max(abs(a), abs(b)), (key, month, a, b)
            compared += 1
    assert compared > 1000
    assert any(war[k][MOVED + 6] != peace[k][MOVED + 6] for k in war if k[0] == "soldiers")


def test_the_javascript_model_moves_the_exit_with_the_ceasefire(tmp_path):
    from test_javascript import NODE, run_node
    from wardilemma.export.javascript import js_inputs

    if NODE is None:
        pytest.skip("node (Node.js) not found")
    cases = [_scenario("war_continues"), _scenario("sudden_peace", ceasefire_month="2029-01")]
    war, peace = run_node([{"inputs": js_inputs(sc)} for sc in cases], tmp_path)
    for name in _variables():
        a = np.asarray(war["data"][name], dtype=float).reshape(len(war["time"]), -1)
        b = np.asarray(peace["data"][name], dtype=float).reshape(a.shape)
        scale = np.maximum(np.maximum(np.abs(a[:MOVED]), np.abs(b[:MOVED])), 1e-300)
        assert np.max(np.abs(a[:MOVED] - b[:MOVED]) / scale) <= 1e-12, name
    assert np.asarray(peace["data"]["war_over"])[MOVED + 1] == 1


# ------------------------------------------------------------ schedules after the ceasefire


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "s.toml"
    parent = (SCEN / "sudden_peace.toml").as_posix()
    path.write_text(f'[scenario]\nname = "s"\nextends = "{parent}"\n' + text)
    return path


def test_a_schedule_after_the_ceasefire_moves_with_it(tmp_path):
    path = _write(tmp_path, '[policy]\nregime_management = { after = "ceasefire", at = [0, 12], '
                  'value = [1.5, 1.0] }\n')  # fmt: skip
    for ceasefire, month in (("2026-01", 48), ("2029-01", 84)):
        res = simulate(load_scenario(path, overrides={"ceasefire_month": ceasefire}))
        management = res["regime_management"][:, 0]
        assert management[month - 1] == 1.0 and management[month] == 1.5
        assert management[month + 12] == 1.0


def test_a_schedule_after_the_ceasefire_takes_months_not_dates(tmp_path):
    path = _write(tmp_path, '[policy]\nregime_management = { after = "ceasefire", '
                  'at = ["2026-01"], value = [1.5] }\n')  # fmt: skip
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    message = str(err.value)
    assert "s.toml:5" in message and "policy.regime_management.at[0]" in message
    assert "months after the ceasefire" in message


def test_a_schedule_after_the_ceasefire_needs_one_ceasefire_for_all_members(tmp_path):
    path = _write(tmp_path, '[policy]\nregime_management = { after = "ceasefire", at = [0], '
                  'value = [1.5] }\n')  # fmt: skip
    with pytest.raises(ScenarioError, match="one ceasefire for all members"):
        simulate(load_scenario(path), parameters={"ceasefire_month": np.array([48.0, 60.0])})


def test_a_calendar_schedule_overtaken_by_a_moved_ceasefire_warns(tmp_path):
    path = _write(tmp_path, '[policy]\nregime_management = { at = ["2026-01"], value = [1.5] }\n')
    with pytest.warns(ScenarioWarning, match="overtake|written for a ceasefire at month 48"):
        load_scenario(path, overrides={"ceasefire_month": "2029-01"})
    with warnings.catch_warnings():
        warnings.simplefilter("error", ScenarioWarning)
        load_scenario(path)  # the ceasefire it was written for: no warning
        load_scenario(SCEN / "sudden_peace.toml", overrides={"ceasefire_month": "2029-01"})


def test_the_branch_is_checked(tmp_path):
    path = _write(tmp_path, '[simulation]\nbranch = "2021-01"\n')
    with pytest.raises(ScenarioError, match="the branch cannot come before the start"):
        load_scenario(path)
    path = _write(tmp_path, "[simulation]\nmonths = 12\n")  # ends before its future starts
    with pytest.warns(ScenarioWarning, match="its metrics cover the whole run"):
        short = simulate(load_scenario(path))
    assert short.branch_month == 48 and short.branch_index == 0
    assert json.dumps(load_scenario(SCEN / "war_continues.toml").branch) == '"2026-01"'


def test_the_javascript_moves_a_schedule_after_the_ceasefire_with_the_slider(tmp_path):
    from test_javascript import NODE, run_node
    from wardilemma.export.javascript import js_inputs

    if NODE is None:
        pytest.skip("node (Node.js) not found")
    path = _write(tmp_path, '[policy]\nregime_management = { after = "ceasefire", at = [0, 12], '
                  'value = [1.5, 1.0] }\n')  # fmt: skip
    inputs = js_inputs(load_scenario(path))  # written with the ceasefire in 2026-01
    inputs["params"]["ceasefire_month"] = [float(MOVED)]  # the explorer's slider to 2029-01
    (js,) = run_node([{"inputs": inputs}], tmp_path)
    py = simulate(load_scenario(path, overrides={"ceasefire_month": "2029-01"}))
    management = np.asarray(js["data"]["regime_management"])
    np.testing.assert_array_equal(management, py["regime_management"][:, 0])
    assert management[MOVED - 1] == 1.0 and management[MOVED] == 1.5
