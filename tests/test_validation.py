"""Broken scenario files: every kind of mistake gets a precise message and exit code 2.

Each case writes a small file (and its parents) to a temporary directory, runs
``wardilemma validate`` through click's CliRunner and checks the exit code and the words of
the message a user would read: file, line, key path, value, what is allowed, did-you-mean.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from wardilemma import WAR_ECONOMY, ScenarioError, load_scenario, paths
from wardilemma.cli import main
from wardilemma.scenario import scenario_schema
from wardilemma.scenario.locate import locate

SCENARIOS = paths.scenarios_dir()
HEAD = '[scenario]\nname = "t"\n'

# id -> (file content, fragments expected in the output, {other file: content})
CASES: dict[str, tuple[str | bytes, list[str], dict[str, str]]] = {
    "syntax-missing-value": (
        HEAD + "[parameters]\ncasualty_rate =\n",
        ["t.toml:4:16: TOML syntax error", "Invalid value"],
        {},
    ),
    "syntax-duplicate-key": (
        HEAD + "[parameters]\ncasualty_rate = 0.01\ncasualty_rate = 0.02\n",
        ["t.toml:5:", "TOML syntax error", "written twice"],
        {},
    ),
    "syntax-unclosed-table": (
        HEAD + "[policy\nceasefire_month = 12\n",
        ["t.toml:3:", "TOML syntax error"],
        {},
    ),
    "syntax-bare-text": (
        HEAD + "[policy]\nceasefire_month = January\n",
        ["t.toml:4:", "TOML syntax error", '"strings in quotes"'],
        {},
    ),
    "empty-file": ("", ["t.toml: the file is empty", "[scenario] name"], {}),
    "only-comments": ("# nothing here\n\n", ["the file is empty"], {}),
    "binary-file": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ["not a text file"], {}),
    "not-utf8": ('[scenario]\nname = "caf\xe9"\n'.encode("latin-1"), ["not UTF-8 text"], {}),
    "missing-scenario-table": (
        "[parameters]\ncasualty_rate = 0.02\n",
        ["missing [scenario] table"],
        {},
    ),
    "missing-name": ('[scenario]\ndescription = "x"\n', ["scenario", "`name` is missing"], {}),
    "unknown-table": (
        HEAD + "[paramters]\ncasualty_rate = 0.02\n",
        ["t.toml:3: paramters", "did you mean `parameters`?"],
        {},
    ),
    "typo-parameter": (
        HEAD + "[parameters]\nbonus_rb = 3.6e6\n",
        ["t.toml:4: parameters.bonus_rb = 3.6e+06", "did you mean `bonus_rub`"],
        {},
    ),
    "stock-not-parameter": (
        HEAD + "[parameters]\nconsumption = 3\n",
        ["`consumption` is a stock computed by the model, not a parameter"],
        {},
    ),
    "string-for-number": (
        HEAD + '[parameters]\nworking_life = "400"\n',
        ["parameters.working_life", "write numbers without quotes", "from 60 to 1200 (month)"],
        {},
    ),
    "boolean-for-number": (
        HEAD + "[policy]\nveteran_programme_level = true\n",
        ["policy.veteran_programme_level = true", "expected a number, got a boolean"],
        {},
    ),
    "array-for-number": (
        HEAD + "[parameters]\ncasualty_rate = [0.01, 0.02]\n",
        ["expected a number, got an array"],
        {},
    ),
    "out-of-range": (
        HEAD + "[parameters]\ncasualty_rate = 0.5\n",
        ["t.toml:4: parameters.casualty_rate = 0.5", "allowed range 0 to 0.2 (1/month)"],
        {},
    ),
    "negative-regional": (
        HEAD + "[parameters]\nbonus_rub = { provinces = -1, capitals = 1.9e6 }\n",
        ["parameters.bonus_rub.provinces = -1", "allowed range 0 to 5e+07 (RUB/person)"],
        {},
    ),
    "fixed-parameter": (
        HEAD + "[parameters]\nmonths_per_year = 10\n",
        ["`months_per_year` is fixed at 12", "cannot be changed"],
        {},
    ),
    "nan": (HEAD + "[parameters]\ncasualty_rate = nan\n", ["= nan", "not allowed"], {}),
    "inf": (HEAD + "[parameters]\ninitial_reserves = inf\n", ["= inf", "finite number"], {}),
    "huge-float": (HEAD + "[parameters]\ntax_rate = 1e400\n", ["= inf", "finite number"], {}),
    "huge-integer": (
        HEAD + "[parameters]\npopulation = 99999999999999999999999999999999999999\n",
        ["parameters.population", "allowed range 1 to 1e+09 (person)"],
        {},
    ),
    "region-table-for-national": (
        HEAD + "[policy]\npostwar_military_spending = { provinces = 3 }\n",
        ["`postwar_military_spending` is national", "not a table of regions"],
        {},
    ),
    "unknown-region": (
        HEAD + "[parameters]\nmonthly_wage_rub = { provinces = 6e4, capitalz = 1.4e5 }\n",
        ["parameters.monthly_wage_rub.capitalz", "unknown region `capitalz`", "`capitals`"],
        {},
    ),
    "non-lever-in-policy": (
        HEAD + "[policy]\ncasualty_rate = 0.02\n",
        ["`casualty_rate` is not a policy lever: set it under [parameters]"],
        {},
    ),
    "typo-lever": (
        HEAD + '[policy]\nceasfire_month = "2026-01"\n',
        ["policy.ceasfire_month", "did you mean `ceasefire_month`?"],
        {},
    ),
    "bad-date": (
        HEAD + '[policy]\nceasefire_month = "2026-13"\n',
        ['"2026-13"', 'expected a year-month date like "2026-01"'],
        {},
    ),
    "date-before-start": (
        HEAD + '[policy]\nceasefire_month = "2024-06"\n',
        ["month -7 of a run starting 2025-01", "between month 0 and 1200"],
        {},
    ),
    "schedule-not-increasing": (
        HEAD + '[policy]\nbonus_rub = { at = ["2026-06", "2026-01"], value = [1e6, 2e6] }\n',
        ['policy.bonus_rub.at[1] = "2026-01"', "strictly increasing"],
        {},
    ),
    "schedule-length-mismatch": (
        HEAD + '[policy]\noil_revenue_shock = { at = ["2026-01", 24], value = [0.1, 0.2, 0.3] }\n',
        ["`at` has 2 points but `value` has 3"],
        {},
    ),
    "schedule-value-out-of-range": (
        HEAD + '[policy]\noil_revenue_shock = { at = ["2026-01"], value = [1.5] }\n',
        ["policy.oil_revenue_shock.value[0] = 1.5", "allowed range 0 to 1"],
        {},
    ),
    "schedule-unknown-key": (
        HEAD + "[policy]\nregime_management = { times = [3], value = [1.2] }\n",
        ["unknown key `times`", "`at` is missing"],
        {},
    ),
    "schedule-bad-interpolation": (
        HEAD
        + '[policy]\nregime_management = { at = [3], value = [1.2], interpolation = "cubic" }\n',
        ["must be one of step, linear"],
        {},
    ),
    "schedule-in-parameters": (
        HEAD + "[parameters]\nregime_management = { at = [3], value = [1.2] }\n",
        ["schedules belong under [policy]"],
        {},
    ),
    "schedule-unknown-region": (
        HEAD + '[policy]\nbonus_rub = { at = ["2026-01"], value = [{ provinses = 1e6 }] }\n',
        ["policy.bonus_rub.value[0].provinses", "did you mean `provinces`?"],
        {},
    ),
    "new-region-incomplete": (
        HEAD + "[regions.samara]\npopulation = 3.1e6\n",
        ["t.toml:3: regions.samara", "has no value for bonus_rub", 'like = "provinces"'],
        {},
    ),
    "like-unknown-region": (
        HEAD + '[regions.samara]\nlike = "provincs"\n',
        ['regions.samara.like = "provincs"', "did you mean `provinces`?"],
        {},
    ),
    "bad-region-name": (
        HEAD + '[regions."Samara Oblast"]\nlike = "provinces"\n',
        ['region name "Samara Oblast" is not allowed'],
        {},
    ),
    "national-in-region": (
        HEAD + '[regions.samara]\nlike = "provinces"\ncasualty_rate = 0.02\n',
        ["regions.samara.casualty_rate", "is national (one value for the country)"],
        {},
    ),
    "inheritance-cycle": (
        HEAD + 'extends = "b.toml"\n',
        ["inheritance cycle", "t.toml -> ", "b.toml -> "],
        {"b.toml": '[scenario]\nname = "b"\nextends = "t.toml"\n'},
    ),
    "missing-parent": (
        HEAD + 'extends = "nope.toml"\n',
        [
            't.toml:3: scenario.extends = "nope.toml"',
            "parent file not found: looked for",
            "nope.toml (beside the file)",
        ],
        {},
    ),
    "invalid-parent": (
        HEAD + 'extends = "parent.toml"\n',
        ["parent.toml:4: parameters.casualty_rate = 9", "allowed range"],
        {"parent.toml": '[scenario]\nname = "p"\n[parameters]\ncasualty_rate = 9\n'},
    ),
    "extends-not-a-string": (HEAD + "extends = 3\n", ["scenario.extends = 3", "string"], {}),
    "bad-method": (
        HEAD + '[simulation]\nmethod = "rk5"\n',
        ['simulation.method = "rk5"', "one of euler, rk4", "did you mean `rk4`?"],
        {},
    ),
    "dt-not-dividing-a-month": (
        HEAD + "[simulation]\ndt = 0.3\n",
        ["simulation.dt = 0.3", "whole number of time steps"],
        {},
    ),
    "negative-months": (HEAD + "[simulation]\nmonths = -12\n", ["months = -12", "> 0"], {}),
    "bad-start": (HEAD + '[simulation]\nstart = "2025-1"\n', ['start = "2025-1"', "date"], {}),
    "float-seed": (HEAD + "[simulation]\nseed = 1.5\n", ["seed = 1.5", "whole number"], {}),
    "unknown-distribution": (
        HEAD + '[uncertainty]\ncasualty_rate = { dist = "gaussian", mean = 0.02, sd = 0.01 }\n',
        ['unknown distribution "gaussian"', "uniform, triangular, normal, lognormal"],
        {},
    ),
    "distribution-without-dist": (
        HEAD + "[uncertainty]\ncasualty_rate = { low = 0.01, high = 0.02 }\n",
        ["missing `dist`"],
        {},
    ),
    "distribution-low-above-high": (
        HEAD + '[uncertainty]\ncasualty_rate = { dist = "uniform", low = 0.03, high = 0.01 }\n',
        ["`low` must be below `high`"],
        {},
    ),
    "distribution-outside-allowed": (
        HEAD + '[uncertainty]\ncasualty_rate = { dist = "uniform", low = 0.01, high = 0.5 }\n',
        ["uncertainty.casualty_rate.high = 0.5", "allowed range 0 to 0.2 (1/month)"],
        {},
    ),
    "set-twice-in-one-file": (
        HEAD + "[parameters]\nregime_management = 1.2\n[policy]\nregime_management = 1.1\n",
        ["set under both [parameters] and [policy]"],
        {},
    ),
}


def _write(tmp_path: Path, content: str | bytes, others: dict[str, str]) -> Path:
    for name, text in others.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    path = tmp_path / "t.toml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


@pytest.mark.parametrize("case", list(CASES))
def test_broken_file_gets_a_precise_message_and_exit_code_2(tmp_path, monkeypatch, case):
    content, fragments, others = CASES[case]
    _write(tmp_path, content, others)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate", "t.toml"])
    assert result.exit_code == 2, result.output
    assert result.output.startswith("error: t.toml")
    for fragment in fragments:
        assert fragment in result.output, f"{fragment!r} not in:\n{result.output}"


def test_there_are_at_least_25_kinds_of_broken_file():
    assert len(CASES) >= 25


def test_every_problem_of_a_file_is_reported_together(tmp_path):
    path = _write(
        tmp_path,
        HEAD
        + '[simulation]\nmethod = "rk5"\n'
        + "[parameters]\nbonus_rb = 1\ncasualty_rate = 0.5\npopulation = { samra = 2 }\n"
        + '[policy]\nceasefire_month = "2024-06"\n'
        + "oil_revenue_shock = { at = [12, 6], value = [0.1, 0.2] }\n",
        {},
    )
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    err = info.value
    assert len(err.problems) == 6
    text = str(err)
    assert text.splitlines()[0].endswith("6 problems, the scenario was not loaded")
    # sorted by line, each naming the file and line
    lines = [int(p.split(":")[1]) for p in err.problems]
    assert lines == sorted(lines)
    assert all(p.startswith(f"{path}:") for p in err.problems)


def test_syntax_error_passes_on_line_and_column(tmp_path):
    path = _write(tmp_path, HEAD + "\n[policy]\nceasefire_month = = 3\n", {})
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert info.value.problems == [f"{path}:5:19: TOML syntax error: Invalid value ("
                                   '''values are numbers, "strings in quotes", [arrays] or '''
                                   "{tables})"]  # fmt: skip


def test_missing_file_and_directory(tmp_path):
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "none.toml"), str(tmp_path)])
    assert result.exit_code == 2
    assert "none.toml: file not found" in result.output
    assert "is a directory" in result.output
    assert "2 of 2 file(s) invalid" in result.output


def test_plausible_range_gives_a_warning_not_an_error(tmp_path):
    path = _write(tmp_path, HEAD + "[parameters]\ncasualty_rate = 0.1\n", {})
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert "OK" in result.output
    assert "warning:" in result.output
    assert "plausible range 0.005 to 0.04 (1/month) for `casualty_rate`" in result.output
    with pytest.warns(UserWarning, match="plausible range"):
        scenario = load_scenario(path)
    assert scenario.parameters["casualty_rate"] == 0.1
    assert len(scenario.warnings) == 1


def test_uncertainty_without_bounds_reaching_outside_the_range_warns(tmp_path):
    dist = '{ dist = "normal", mean = 0.02, sd = 0.05 }'
    path = _write(tmp_path, HEAD + f"[uncertainty]\ncasualty_rate = {dist}\n", {})
    scenario = load_scenario(path, warn=False)
    assert any("add `low` and `high` bounds" in w for w in scenario.warnings)
    assert scenario.uncertainty["casualty_rate"] == {"dist": "normal", "mean": 0.02, "sd": 0.05}


def test_nothing_is_written_when_the_parent_of_a_new_scenario_is_invalid(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, HEAD + "[parameters]\ncasualty_rate = 7\n", {})
    result = CliRunner().invoke(main, ["new", "mine", "--from", "t.toml"])
    assert result.exit_code == 2
    assert "allowed range" in result.output
    assert not (tmp_path / "mine.toml").exists()


def test_locate_finds_keys_in_tables_inline_tables_and_dotted_keys():
    text = "[scenario]\nname = 'x'\n\n[regions.samara]\nlike = 'provinces'\npopulation = 3\n"
    assert locate(text, ("scenario", "name")) == 2
    assert locate(text, ("regions", "samara")) == 4
    assert locate(text, ("regions", "samara", "population")) == 6
    assert locate("[policy]\nbonus_rub.provinces = 3\n", ("policy", "bonus_rub", "provinces")) == 2
    assert locate("a = 1\n", ("nowhere", "x")) is None


# ---------------------------------------------------------------------- JSON Schema


@pytest.fixture(scope="module")
def validator():
    schema = scenario_schema(WAR_ECONOMY)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("path", sorted(SCENARIOS.glob("*.toml")), ids=lambda p: p.stem)
def test_shipped_scenarios_match_the_json_schema(validator, path):
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert [e.message for e in validator.iter_errors(data)] == []


def test_json_schema_enumerates_every_parameter_with_units_and_ranges(validator):
    schema = validator.schema
    props = schema["$defs"]["Parameters"]["properties"]
    assert set(props) == set(WAR_ECONOMY.parameters)
    levers = {n for n, p in WAR_ECONOMY.parameters.items() if p.lever}
    assert set(schema["$defs"]["Policy"]["properties"]) == levers
    casualty = props["casualty_rate"]
    assert casualty["x-units"] == "1/month"
    assert casualty["maximum"] == WAR_ECONOMY.parameters["casualty_rate"].allowed[1]
    assert WAR_ECONOMY.parameters["casualty_rate"].doc in casualty["description"]
    assert "null" not in json.dumps(schema)


def test_json_schema_rejects_typos_and_out_of_range_values(validator):
    bad = {"scenario": {"name": "x"}, "parameters": {"bonus_rb": 1, "casualty_rate": 5}}
    messages = " ".join(e.message for e in validator.iter_errors(bad))
    assert "bonus_rb" in messages and "maximum" in messages
