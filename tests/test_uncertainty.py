"""Uncertainty studies: sampling, chunked ensembles, paired analysis, sweeps, sensitivity and
the three commands. Short runs (24 months) keep the file fast."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import matplotlib
import numpy as np
import pytest
from click.testing import CliRunner
from scipy.stats import binomtest

from wardilemma import load_scenario, paths
from wardilemma.analysis.uncertainty import UncertaintyError, draw, open_executor, run_ensemble
from wardilemma.analysis.uncertainty.analysis import paired_shares, share_over_time
from wardilemma.analysis.uncertainty.ensemble import split_metric
from wardilemma.analysis.uncertainty.sampling import SAMPLERS, quantiles
from wardilemma.analysis.uncertainty.sweep import parse_axis, run_sweep
from wardilemma.cli import main
from wardilemma.metrics import wilson_interval

matplotlib.use("Agg")

SCENARIOS = paths.scenarios_dir()


def _short(tmp_path: Path, parent: str, name: str, **policy: float) -> Path:
    """A 24-month scenario extending a shipped one."""
    lines = [f'[scenario]\nname = "{name}"\nextends = "{SCENARIOS / parent}"',
             "[simulation]\nmonths = 24", "[policy]"]  # fmt: skip
    lines += [f"{k} = {v}" for k, v in policy.items()]
    path = tmp_path / f"{name.replace(' ', '_')}.toml"
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("uc")
    war = load_scenario(_short(tmp, "war_continues.toml", "short war"), warn=False)
    peace = load_scenario(
        _short(tmp, "sudden_peace.toml", "short peace", ceasefire_month=6), warn=False
    )
    return war, peace


# ---------------------------------------------------------------------- sampling


@pytest.mark.parametrize("sampler", list(SAMPLERS))
def test_draws_are_reproducible_and_within_bounds(pair, sampler):
    war, _ = pair
    a = draw(war, 64, seed=7, sampler=sampler)
    b = draw(war, 64, seed=7, sampler=sampler)
    c = draw(war, 64, seed=8, sampler=sampler)
    assert np.array_equal(a.unit, b.unit)
    assert not np.array_equal(a.unit, c.unit)
    assert a.unit.shape == (64, len(war.uncertainty))
    for name, values in a.parameters(war).items():
        spec = war.uncertainty[name]
        assert spec["low"] <= values.min() and values.max() <= spec["high"], name
    if sampler == "lhs":  # one draw in each of the 64 strata of every column
        strata = np.floor(a.unit * 64).astype(int)
        assert all(len(set(col)) == 64 for col in strata.T)


def test_quantile_functions_respect_their_distributions():
    u = np.linspace(0.001, 0.999, 999)
    tri = quantiles({"dist": "triangular", "low": 1.0, "mode": 2.0, "high": 5.0}, u)
    assert tri.min() >= 1.0 and tri.max() <= 5.0 and np.all(np.diff(tri) > 0)
    assert quantiles({"dist": "triangular", "low": 1.0, "mode": 2.0, "high": 5.0}, 0.25) == (
        pytest.approx(2.0)  # F(mode) = (mode - low) / (high - low) = 0.25
    )
    norm = quantiles({"dist": "normal", "mean": 0.0, "sd": 1.0, "low": -0.5, "high": 2.0}, u)
    assert norm.min() >= -0.5 and norm.max() <= 2.0
    logn = quantiles({"dist": "lognormal", "median": 3.0, "sigma": 0.4}, np.array([0.5]))
    assert logn[0] == pytest.approx(3.0)


def test_common_random_numbers_across_scenarios(pair):
    war, peace = pair
    draws = draw([war, peace], 50, seed=3, sampler="lhs")
    for name, values in draws.parameters(war).items():
        assert np.array_equal(values, draws.parameters(peace)[name])
    # a scenario with a narrower range gets the same quantiles of its own distribution
    narrow = dict(war.uncertainty)
    narrow["casualty_rate"] = {"dist": "uniform", "low": 0.02, "high": 0.022}
    # a parameter uncertain only in another scenario keeps this scenario's fixed value
    del narrow["contagion_rate"]
    other = dataclasses.replace(war, uncertainty=narrow)
    draws = draw([war, other], 50, seed=3)
    u = draws.column("casualty_rate")
    assert np.allclose(draws.parameters(other)["casualty_rate"], 0.02 + 0.002 * u)
    assert np.allclose(draws.parameters(war)["casualty_rate"], 0.01 + 0.015 * u)
    assert "contagion_rate" not in draws.parameters(other)
    assert "contagion_rate" in draws.names


def test_draw_rejects_bad_input(pair):
    war, _ = pair
    with pytest.raises(UncertaintyError, match="did you mean `sobol`"):
        draw(war, 10, sampler="sobl")
    with pytest.raises(UncertaintyError, match="n must be"):
        draw(war, 0)
    with pytest.raises(UncertaintyError, match="no \\[uncertainty\\] table"):
        draw(dataclasses.replace(war, uncertainty={}), 10)


# ---------------------------------------------------------------------- running


@pytest.mark.parametrize("backend", ["numpy", "auto"])
def test_chunked_equals_unchunked_bit_for_bit(pair, backend):
    _, peace = pair
    draws = draw(peace, 23, seed=11)
    whole = run_ensemble(peace, draws, chunk_size=23, backend=backend)
    parts = run_ensemble(peace, draws, chunk_size=5, backend=backend)
    assert whole.metadata["backend"] == parts.metadata["backend"]
    assert whole.n == parts.n == 23
    for key, arr in whole.series.items():
        assert np.array_equal(arr, parts.series[key]), key
    for key, arr in whole.metrics.items():
        assert np.array_equal(arr, parts.metrics[key], equal_nan=True), key
    assert set(whole.series) == {"discontent[provinces]", "discontent[capitals]",
                                 "nationalist_mobilisation", "instability_risk"}  # fmt: skip
    assert whole.series["instability_risk"].shape == (25, 23)


def test_metric_names_suggest_the_closest(pair):
    assert split_metric("peak_discontent[provinces]") == ("peak_discontent", "provinces")
    with pytest.raises(UncertaintyError, match="did you mean `peak_mobilisation`"):
        split_metric("peak_mobilization")
    with pytest.raises(UncertaintyError, match="unknown metric 'peak_inflation_pct\\[capitals\\]'"):
        split_metric("peak_inflation_pct[capitals]")  # national metrics have no region
    _, peace = pair
    with pytest.raises(UncertaintyError, match="did you mean `discontent`"):
        run_ensemble(peace, draw(peace, 2), record=("discontnt",))


def test_paired_shares_and_wilson_interval(pair):
    war, peace = pair
    draws = draw([war, peace], 40, seed=5)
    a, b = run_ensemble(war, draws), run_ensemble(peace, draws)
    shares = {s.metric: s for s in paired_shares(a, b)}
    s = shares["peak_discontent[provinces]"]
    expected = int(np.sum(b.metrics[s.metric] > a.metrics[s.metric]))
    assert s.count == expected and s.n == 40 and s.share == expected / 40
    ci = binomtest(expected, 40).proportion_ci(0.95, method="wilson")
    assert (s.low, s.high) == pytest.approx((ci.low, ci.high), rel=1e-12)
    joint = shares["peak_discontent[provinces] & peak_mobilisation"]
    assert joint.count <= min(s.count, shares["peak_mobilisation"].count)
    over = share_over_time(a, b, "discontent[provinces]")
    assert over.share[0] == 0.0  # same start: identical paths are not "worse"
    low, high = wilson_interval(np.array([0, 40]), 40)
    assert low[0] == 0.0 and high[1] == 1.0


# ---------------------------------------------------------------------- sweeps


def test_sweep_on_dask_equals_local(pair):
    pytest.importorskip("distributed")
    _, peace = pair
    axes = ["ceasefire_month=3:12:4", "replacement_stimulus=0:2:2"]
    local = run_sweep(peace, axes, ["peak_discontent[provinces]"], chunk_size=3)
    with open_executor("dask", jobs=2) as ex:
        remote = run_sweep(peace, axes, ["peak_discontent[provinces]"], executor=ex,
                           chunk_size=3)  # fmt: skip
    grid = local.values["peak_discontent[provinces]"]
    assert grid.shape == (4, 2)
    assert np.array_equal(grid, remote.values["peak_discontent[provinces]"])
    assert np.ptp(grid[:, 0]) > 0  # the ceasefire month matters


def test_parse_axis_messages(pair):
    _, peace = pair
    assert np.array_equal(
        parse_axis("ceasefire_month=2025-07:2026-01:3", peace).values, [42.0, 45.0, 48.0]
    )  # fmt: skip (months from 2022-01)
    with pytest.raises(UncertaintyError, match="did you mean `ceasefire_month`"):
        parse_axis("ceasfire_month=1:2:2")
    with pytest.raises(UncertaintyError, match="NAME=LOW:HIGH:STEPS"):
        parse_axis("ceasefire_month=1:2")
    with pytest.raises(UncertaintyError, match="must stay between"):
        parse_axis("ceasefire_month=-5:2:2")
    with pytest.raises(UncertaintyError, match="schedule"):
        parse_axis("bonus_rub=1e5:1e6:3", peace)  # sudden peace schedules the bonus


# ---------------------------------------------------------------------- sensitivity


def test_sobol_and_morris_find_the_only_input_that_matters(pair):
    pytest.importorskip("SALib")
    from wardilemma.analysis.uncertainty.sensitivity import analyse_sensitivity

    war, _ = pair
    # in a war that never ends the demobilisation time cannot matter, while war weariness
    # (losses relative to population) pushes discontent on every war path
    table = {"weariness_sensitivity": {"dist": "uniform", "low": 1.0, "high": 6.0},
             "demobilisation_time": {"dist": "uniform", "low": 3.0, "high": 24.0}}  # fmt: skip
    sc = dataclasses.replace(war, uncertainty=table)
    sobol = analyse_sensitivity(sc, "peak_discontent[provinces]", n=32, seed=1)
    idx = dict(zip(sobol.names, sobol.indices["ST"], strict=True))
    assert idx["demobilisation_time"] == 0.0
    assert idx["weariness_sensitivity"] == pytest.approx(1.0, abs=0.1)
    assert sobol.runs == 32 * 4
    assert sobol.rows()[0][0] == "weariness_sensitivity"
    morris = analyse_sensitivity(sc, "peak_discontent[provinces]", n=6, method="morris")
    mu = dict(zip(morris.names, morris.indices["mu_star"], strict=True))
    assert mu["demobilisation_time"] == 0.0 < mu["weariness_sensitivity"]


# ---------------------------------------------------------------------- commands


def test_montecarlo_command_writes_everything(pair, tmp_path):
    paths = [_short(tmp_path, "war_continues.toml", "cli war"),
             _short(tmp_path, "sudden_peace.toml", "cli peace", ceasefire_month=6)]  # fmt: skip
    out = tmp_path / "mc"
    args = ["montecarlo", *map(str, paths), "-n", "12", "--seed", "4", "--sampler", "lhs",
            "--out", str(out), "--quiet"]  # fmt: skip
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    names = {p.name for p in out.iterdir()}
    assert {"bands.csv", "fan_chart.png", "paired.csv", "share_over_time.csv",
            "worse_share.png", "manifest.json"} <= names  # fmt: skip
    assert names & {"members.parquet", "members.csv"}
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["seed"] == 4 and manifest["sampler"] == "lhs"
    assert "numpy" in manifest["versions"] and manifest["note"].startswith("Illustrative")
    bands = (out / "bands.csv").read_text()
    assert bands.startswith("# Illustrative") and "p95" in bands
    first = (out / "paired.csv").read_text()
    again = CliRunner().invoke(main, args)  # same seed: same numbers
    assert again.exit_code == 0 and (out / "paired.csv").read_text() == first
    assert not list(out.glob(".*.part"))  # atomic writes leave no temporary files


def test_montecarlo_members_table(pair, tmp_path):
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    path = _short(tmp_path, "war_continues.toml", "t war")
    out = tmp_path / "m"
    result = CliRunner().invoke(main, ["montecarlo", str(path), "-n", "5", "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    frame = pd.read_parquet(out / "members.parquet")
    assert len(frame) == 5 and list(frame["member"]) == [0, 1, 2, 3, 4]
    assert {"casualty_rate", "peak_discontent[provinces]"} <= set(frame.columns)


def test_sweep_and_sensitivity_commands(pair, tmp_path):
    path = _short(tmp_path, "sudden_peace.toml", "s peace", ceasefire_month=6)
    result = CliRunner().invoke(main, [
        "sweep", str(path), "--param", "ceasefire_month=3:12:4", "--metric",
        "peak_discontent[provinces]", "-o", str(tmp_path / "sw"),
    ])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "peak_discontent[provinces]: lowest" in result.output
    assert (tmp_path / "sw" / "sweep.png").exists()
    bad_out = ["-o", str(tmp_path / "bad")]  # not the default out/ of the working folder
    bad = CliRunner().invoke(main, ["sweep", str(path), "--param", "ceasefire_month=3:12:4",
                                    "--metric", "peak_discontnt", "-q", *bad_out])  # fmt: skip
    assert bad.exit_code == 2 and "did you mean `peak_discontent`" in bad.output
    assert not (tmp_path / "bad").exists()  # refused before the output folder is made
    bad = CliRunner().invoke(main, ["sweep", str(path), "--metric", "peak_discontent", *bad_out])
    assert bad.exit_code == 2
    bad = CliRunner().invoke(
        main, ["montecarlo", str(path), "--metric", "peak_mob", "-q", *bad_out]
    )
    assert bad.exit_code == 2 and "did you mean" in bad.output
    assert not (tmp_path / "bad").exists()
    pytest.importorskip("SALib")  # last: a missing SALib skips only the sensitivity run
    result = CliRunner().invoke(main, [
        "sensitivity", str(path), "--method", "morris", "-n", "3",
        "-o", str(tmp_path / "se"), "-q",
    ])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (tmp_path / "se" / "sensitivity.csv").read_text().count("\n") > 12


def test_run_with_members_shows_the_ensemble_bands(tmp_path):
    path = _short(tmp_path, "sudden_peace.toml", "r peace", ceasefire_month=6)
    out = tmp_path / "run"
    result = CliRunner().invoke(main, ["run", str(path), "--members", "4", "--seed", "2",
                                       "-o", str(out), "--plots", "none"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "4 members" in result.output and "median" in result.output
    doc = json.loads((out / path.stem / "metrics.json").read_text())
    assert doc["members"] == 4
    band = doc["metrics"]["peak_discontent"]["bands"]["provinces"]
    assert band["defined"] == 4 and band["p5"] <= band["p50"] <= band["p95"]
    plain = tmp_path / "plain.toml"
    plain.write_text('[scenario]\nname = "plain"\n[simulation]\nmonths = 12\n')
    bad = CliRunner().invoke(main, ["run", str(plain), "--members", "3", "-o", str(out)])
    assert bad.exit_code == 2 and "[uncertainty]" in bad.output


def test_members_table_falls_back_to_csv(pair, tmp_path, monkeypatch):
    from wardilemma.analysis.uncertainty import study_files

    war, peace = pair
    draws = draw([war, peace], 3, seed=1)
    runs = [run_ensemble(sc, draws, record=(), metrics=("peak_mobilisation",)) for sc in pair]
    monkeypatch.setattr(study_files.importlib.util, "find_spec", lambda name: None)
    path = study_files.write_members(tmp_path / "members", runs, {"seed": 1})
    lines = path.read_text().splitlines()
    assert path.suffix == ".csv" and lines[0].startswith("# Illustrative")
    header = lines[2].split(",")
    assert header[:2] == ["scenario", "member"] and "peak_mobilisation" in header
    rows = lines[3:]
    assert len(rows) == 6 and rows[3].startswith('"short peace",0,')
    col = header.index("casualty_rate")
    assert float(rows[0].split(",")[col]) == draws.parameters(war)["casualty_rate"][0]
