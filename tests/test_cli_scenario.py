"""The scenario commands: ``validate``, ``params``, ``schema`` and ``new``."""

from __future__ import annotations

import json
import tomllib

import pytest
from click.testing import CliRunner

from wardilemma import ILLUSTRATIVE, WAR_ECONOMY, load_scenario, paths
from wardilemma.cli import main
from wardilemma.docs.parameters import format_parameters, parameter_rows
from wardilemma.text import fmt_number

SCENARIOS = paths.scenarios_dir()


def _run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_validate_prints_ok_for_every_shipped_scenario():
    files = sorted(str(p) for p in SCENARIOS.glob("*.toml"))
    result = _run("validate", *files)
    assert result.exit_code == 0, result.output
    assert result.output.count("OK ") == len(files)
    assert "extends" in result.output and "warning" not in result.output


def test_validate_reports_bad_files_and_still_checks_the_others(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[scenario]\nname = "b"\n[policy]\ndemobilisation_time = 0\n')
    result = _run("validate", str(SCENARIOS / "baseline.toml"), str(bad))
    assert result.exit_code == 2
    assert "OK   " in result.output
    assert f"{bad}:4: policy.demobilisation_time = 0: out of the allowed range" in result.output
    assert "1 of 2 file(s) invalid" in result.output


def test_validate_needs_files():
    result = _run("validate")
    assert result.exit_code == 2
    assert "Missing argument" in result.output


@pytest.mark.parametrize("fmt", ["table", "markdown", "json", "toml"])
def test_params_lists_every_parameter(fmt):
    result = _run("params", "--format", fmt)
    assert result.exit_code == 0, result.output
    assert ILLUSTRATIVE in result.output
    for name in WAR_ECONOMY.parameters:
        assert name in result.output


def test_params_json_has_the_reference_fields():
    rows = json.loads(_run("params", "--format", "json").output)["parameters"]
    assert rows == parameter_rows(WAR_ECONOMY)
    bonus = next(r for r in rows if r["name"] == "bonus_rub")
    assert bonus["lever"] and bonus["regional"] and bonus["units"] == "RUB/person"
    assert bonus["allowed"] == list(WAR_ECONOMY.parameters["bonus_rub"].allowed)
    assert {"meaning", "source", "sector", "plausible", "default"} <= set(bonus)


def test_params_markdown_is_what_the_docs_generator_gets():
    text = format_parameters(WAR_ECONOMY, "markdown")
    assert text == _run("params", "--format", "markdown").output
    assert text.startswith("# Parameter reference")
    with_parameters = {p.sector for p in WAR_ECONOMY.parameters.values()}
    for sector in WAR_ECONOMY.sectors:
        if sector.key in with_parameters:
            assert f"## {sector.title}" in text


def test_params_rejects_an_unknown_format():
    result = _run("params", "--format", "yaml")
    assert result.exit_code == 2
    assert "table" in result.output and "markdown" in result.output


def test_format_parameters_rejects_an_unknown_format():
    with pytest.raises(ValueError, match="unknown format 'yaml'; choose from table"):
        format_parameters(WAR_ECONOMY, "yaml")


def test_schema_prints_and_writes(tmp_path):
    printed = json.loads(_run("schema").output)
    assert printed["title"] == "wardilemma scenario"
    out = tmp_path / "s.json"
    result = _run("schema", "-o", str(out))
    assert result.exit_code == 0 and f"wrote {out}" in result.output
    assert json.loads(out.read_text()) == printed


def test_new_writes_a_valid_scenario_extending_baseline(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = _run("new", "My Peace", "--from", str(SCENARIOS / "baseline.toml"))
    assert result.exit_code == 0, result.output
    path = tmp_path / "my_peace.toml"
    text = path.read_text()
    assert ILLUSTRATIVE in text
    data = tomllib.loads(text)
    assert data["scenario"]["name"] == "My Peace"
    assert data["scenario"]["extends"] == "baseline.toml"  # found among the shipped ones
    assert load_scenario(path).files[0].resolve() == (SCENARIOS / "baseline.toml").resolve()
    # every lever is present, commented out, ready to edit
    for name, p in WAR_ECONOMY.parameters.items():
        if p.lever:
            assert f"# {name} = " in text
    scenario = load_scenario(path)
    assert scenario.name == "My Peace"
    assert len(scenario.files) == 2


def test_new_uncommented_lever_takes_effect(tmp_path):
    out = tmp_path / "sub" / "x.toml"
    assert _run("new", "x", "--from", "sudden_peace", "-o", str(out)).exit_code == 0
    text = out.read_text()
    assert '# ceasefire_month = "2026-01"' in text  # the parent's value, as a date
    out.write_text(text.replace("# demobilisation_time = 6.0", "demobilisation_time = 18.0"))
    scenario = load_scenario(out)
    assert scenario.parameters["demobilisation_time"] == 18.0
    assert scenario.parameters["ceasefire_month"] == 48.0  # inherited from sudden_peace


def test_new_refuses_to_overwrite_without_force(tmp_path):
    out = tmp_path / "x.toml"
    out.write_text("keep me")
    result = _run("new", "x", "-o", str(out))
    assert result.exit_code == 2
    assert "exists; use --force" in result.output
    assert out.read_text() == "keep me"
    result = _run("new", "x", "-o", str(out), "--force")
    assert result.exit_code == 0, result.output
    assert load_scenario(out).name == "x"


def test_new_with_an_unknown_parent():
    result = _run("new", "x", "--from", "no_such_scenario")
    assert result.exit_code == 2
    assert "no scenario 'no_such_scenario'" in result.output
    assert "sudden_peace" in result.output


@pytest.mark.parametrize("fmt", ["table", "markdown", "json", "toml"])
def test_params_shows_months_of_the_run_as_dates_and_the_sentinel_as_never(fmt):
    text = _run("params", "--format", fmt).output
    if fmt == "json":
        rows = {r["name"]: r for r in json.loads(text)["parameters"]}
        assert rows["ceasefire_month"]["default_date"] == "never"
        assert rows["war_start_month"]["default_date"] == "2025-01"
        assert rows["ceasefire_month"]["default"] == 1200.0  # the number a file takes
        assert rows["casualty_rate"]["default_date"] is None
        return
    head = {"table": "{} ", "markdown": "| `{}` |", "toml": "{} = "}[fmt]

    def default(name: str) -> str:
        row = next(x for x in text.splitlines() if x.startswith(head.format(name)))
        if fmt == "table":
            return row.split()[1]
        return row.split("|")[2].strip() if fmt == "markdown" else row.split(" = ", 1)[1]

    if fmt == "toml":  # the baseline scenario keeps numbers: dates would follow a child's start
        assert default("war_start_month") == "0.0  # 2025-01"
        assert default("ceasefire_month") == "1200.0  # never (beyond any run)"
        return
    assert default("ceasefire_month") == "never"
    assert default("war_start_month") == "2025-01"
    assert default("casualty_rate") == fmt_number(WAR_ECONOMY.parameters["casualty_rate"].default)
    assert "starts in 2025-01 (the baseline's start" in " ".join(text.split())
