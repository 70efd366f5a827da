"""Scenarios: shipped files validate and run; inheritance, regions, schedules and dates mean
what the documentation says; generated files stay in sync with the model."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pytest

from wardilemma import WAR_ECONOMY, ScenarioError, load_scenario, paths, simulate
from wardilemma.docs.generate import generated_files
from wardilemma.engine.inputs import scenario_inputs
from wardilemma.scenario import Scenario, month_offset

ROOT = paths.repo_root()
SCENARIOS = ROOT / "scenarios"
SHIPPED = sorted(SCENARIOS.glob("*.toml"))
REQUIRED = {
    "baseline",
    "war_continues",
    "sudden_peace",
    "managed_peace",
    "war_oil_sanctions",
    "peace_then_remilitarise",
    "samara_focus",
}


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------------- shipped files


def test_every_required_scenario_is_shipped():
    assert REQUIRED <= {p.stem for p in SHIPPED}


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_shipped_scenario_validates_and_runs(path):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # shipped files must not even warn
        scenario = load_scenario(path)
    res = simulate(scenario, months=24, dt=0.5)
    assert res.time[-1] == 24
    assert np.isfinite(res.series("national_discontent")).all()
    text = path.read_text(encoding="utf-8")
    header = "\n".join(line for line in text.splitlines()[:15] if line.startswith("#"))
    assert "Illustrative model, not a forecast" in header
    assert "Question" in header


@pytest.mark.parametrize("relative", list(generated_files(WAR_ECONOMY)), ids=lambda r: Path(r).name)
def test_generated_file_is_in_sync_with_the_model(relative):
    expected = generated_files(WAR_ECONOMY)[relative]
    actual = (ROOT / relative).read_text(encoding="utf-8")
    assert actual == expected, f"{relative} is out of date: run `make docs`"


def test_baseline_sets_every_parameter_to_its_default():
    scenario = load_scenario(SCENARIOS / "baseline.toml")
    assert set(scenario.parameters) == set(WAR_ECONOMY.parameters)
    for name, value in WAR_ECONOMY.default_values().items():
        assert scenario.parameters[name] == value, name
    assert scenario.schedules == {}


def test_sudden_peace_converts_the_ceasefire_date_and_schedules_the_bonus():
    scenario = load_scenario(SCENARIOS / "sudden_peace.toml")
    assert scenario.parameters["ceasefire_month"] == 48.0  # 2026-01 from a 2022-01 start
    bonus = scenario.schedules["bonus_rub"]  # the recorded bonus of the history
    assert bonus.months[:3] == (0.0, 2.0, 10.0)  # 2022-01 (none), 2022-03, 2022-11
    assert set(bonus.values[0]) == set(WAR_ECONOMY.regions)
    assert scenario.parameters["postwar_bonus_rub"] == dict.fromkeys(WAR_ECONOMY.regions, 4.0e5)
    assert [p.name for p in scenario.files] == [
        "baseline.toml", "history.toml", "war_continues.toml", "sudden_peace.toml",
    ]  # fmt: skip


def test_samara_focus_adds_a_region_and_keeps_country_totals():
    scenario = load_scenario(SCENARIOS / "samara_focus.toml")
    assert scenario.region_names == (*WAR_ECONOMY.regions, "samara")
    samara = scenario.regions["samara"]
    assert set(samara) == {n for n, p in WAR_ECONOMY.parameters.items() if p.regional}
    bonus = scenario.schedules["bonus_rub"]  # Samara's own bonus in January 2025
    january_2025 = bonus.values[bonus.months.index(36.0)]
    assert 3.6e6 <= january_2025["samara"] <= 4.0e6
    assert samara["monthly_wage_rub"] == 65_500
    assert january_2025["samara"] / (12 * samara["monthly_wage_rub"]) > 4  # "more than 4 times"
    for name in ("population", "initial_pool", "civilian_income_base"):
        default = sum(WAR_ECONOMY.parameters[name].default.values())
        assert sum(scenario.parameters[name].values()) == pytest.approx(default), name
    assert sum(scenario.parameters["initial_conscripts"].values()) == pytest.approx(2.956e5)
    regions, values, _ = scenario_inputs(scenario)
    assert regions[-1] == "samara"
    assert values["population"].shape == (1, 3)


# ---------------------------------------------------------------------- semantics


def test_child_overrides_parent_and_a_constant_replaces_an_inherited_schedule(tmp_path):
    _write(
        tmp_path,
        "parent.toml",
        '[scenario]\nname = "p"\ndescription = "parent"\n[simulation]\nmonths = 60\n'
        "[parameters]\ncasualty_rate = 0.02\nbonus_rub = { provinces = 2e6, capitals = 1e6 }\n"
        '[policy]\nregime_management = { at = ["2026-01"], value = [1.5] }\n'
        "oil_revenue_shock = { at = [6], value = [0.3] }\n",
    )
    child = _write(
        tmp_path,
        "child.toml",
        '[scenario]\nname = "c"\nextends = "parent.toml"\n'
        "[parameters]\nbonus_rub = { capitals = 1.5e6 }\n[policy]\nregime_management = 1.2\n",
    )
    s = load_scenario(child)
    assert (s.name, s.description, s.months) == ("c", "parent", 60.0)
    assert s.parameters["casualty_rate"] == 0.02
    assert s.parameters["bonus_rub"] == {"provinces": 2e6, "capitals": 1.5e6}
    assert s.parameters["regime_management"] == 1.2
    assert set(s.schedules) == {"oil_revenue_shock"}


def test_linear_schedule_with_dates_and_offsets_drives_the_engine(tmp_path):
    path = _write(
        tmp_path,
        "s.toml",
        '[scenario]\nname = "s"\n[simulation]\nstart = "2025-07"\n'
        '[policy]\nreplacement_stimulus = { at = ["2026-01", 12], value = [0.0, 6.0], '
        'interpolation = "linear" }\n'
        "bonus_rub = { at = [3], value = [{ provinces = 1e6 }] }\n",
    )
    s = load_scenario(path)
    spec = s.schedules["replacement_stimulus"]
    assert spec.months == (6.0, 12.0) and spec.interpolation == "linear"
    # a region missing from a schedule point keeps its base value
    capitals = WAR_ECONOMY.parameters["bonus_rub"].default["capitals"]
    assert s.schedules["bonus_rub"].values[0] == {"provinces": 1e6, "capitals": capitals}
    _, values, schedules = scenario_inputs(s)
    stim = schedules["replacement_stimulus"]
    base = values["replacement_stimulus"]
    assert stim.value_at(9.0, base)[0, 0] == pytest.approx(3.0)
    assert stim.value_at(0.0, base)[0, 0] == 0.0
    bonus = schedules["bonus_rub"].value_at(5.0, values["bonus_rub"])
    assert bonus[0].tolist() == [1e6, capitals]


def test_new_region_without_like_can_be_complete(tmp_path):
    regional = {n: p for n, p in WAR_ECONOMY.parameters.items() if p.regional}
    lines = [f"{n} = {p.default['provinces']!r}" for n, p in regional.items()]
    path = _write(
        tmp_path, "r.toml", '[scenario]\nname = "r"\n[regions.north]\n' + "\n".join(lines) + "\n"
    )
    s = load_scenario(path)
    assert s.region_names[-1] == "north"
    assert s.regions["north"] == {n: float(p.default["provinces"]) for n, p in regional.items()}


def test_like_copies_the_parents_values_then_overrides(tmp_path):
    path = _write(
        tmp_path,
        "r.toml",
        '[scenario]\nname = "r"\n[regions.north]\nlike = "capitals"\npopulation = 5e6\n',
    )
    s = load_scenario(path)
    assert s.regions["north"]["population"] == 5e6
    assert (
        s.regions["north"]["monthly_wage_rub"]
        == WAR_ECONOMY.parameters["monthly_wage_rub"].default["capitals"]
    )


def test_scenario_error_lists_problems_and_reads_as_lines(tmp_path):
    path = _write(tmp_path, "e.toml", '[scenario]\nname = "e"\n[parameters]\nx = 1\ny = 2\n')
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    err = info.value
    assert err.path == path
    assert len(err.problems) == 2
    assert str(err).count("\n") == 2
    assert all("unknown key" in p for p in err.problems)


def test_month_offset():
    assert month_offset("2026-01", "2025-01") == 12
    assert month_offset("2024-12", "2025-01") == -1
    assert month_offset(7, "2025-01") == 7.0
    with pytest.raises(ScenarioError):
        month_offset("January", "2025-01")


def test_default_scenario_still_runs_without_a_file():
    res = simulate(Scenario(name="defaults"), months=6)
    assert res.time[-1] == 6


def test_overrides_are_validated_like_file_values_and_change_the_hash() -> None:
    from wardilemma.scenario import OVERRIDES

    path = paths.scenarios_dir() / "sudden_peace.toml"
    base = load_scenario(path)
    changed = load_scenario(
        path, overrides={"ceasefire_month": "2027-01", "bonus_rub": {"provinces": 2e6}}
    )
    assert changed.parameters["ceasefire_month"] == 60.0  # a date, from the run's start (2022-01)
    assert changed.parameters["bonus_rub"]["provinces"] == 2e6
    assert "bonus_rub" in base.schedules and "bonus_rub" not in changed.schedules
    assert changed.sha256 != base.sha256 and OVERRIDES not in changed.files
    with pytest.raises(ScenarioError) as err:
        load_scenario(path, overrides={"casualty_rate": 0.5, "bonus_rb": 1e6})
    text = "\n".join(err.value.problems)
    assert "--set: parameters.casualty_rate = 0.5: out of the allowed range" in text
    assert "did you mean `bonus_rub`" in text
