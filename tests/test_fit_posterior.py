"""Runs over a fit's posterior (issue 24): the posterior-median world, claims over the priors
and the posterior side by side, sweep, report and explorer with --posterior, the out-of-
sample split and prediction, and the record read through one plan per fit."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

pytest.importorskip("emcee")

from wardilemma import load_scenario, simulate
from wardilemma.analysis.calibration import default_scenario
from wardilemma.analysis.evaluation import plan
from wardilemma.analysis.fit import Problem
from wardilemma.analysis.fit.holdout import (
    HOLDOUT_SERIES,
    holdout_rows,
    predict_holdout,
    rows_until,
)
from wardilemma.analysis.fit.likelihood import FitError
from wardilemma.analysis.fit.posterior import load_posterior, posterior_scenario
from wardilemma.analysis.record import Record, load_record, month_index
from wardilemma.cli import main

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"

#: Two posterior samples of two parameters (a posterior.csv of `wardilemma fit`).
POSTERIOR = (
    "# Illustrative model, not a forecast\n"
    "step,walker,log_posterior,casualty_rate,recruitment_propensity\n"
    "10,0,-1.5,0.011,0.004\n10,1,-1.25,0.013,0.006\n10,2,-1.0,0.012,0.0055\n"
)

CLAIMS = """
title = "Two claims on casualties"

[[claim]]
id = "many_casualties"
text = "The war path has more than 600,000 casualties by the end of its run."
source = "test"
kind = "threshold"
scenario = "war_continues"
measure = { metric = "cumulative_casualties" }
op = ">"
value = 600000

[[claim]]
id = "war_kills_more"
text = "Continuing the war costs more lives than a sudden peace."
source = "test"
kind = "compare"
a = "sudden_peace"
b = "war_continues"
measure = { metric = "cumulative_casualties" }
op = ">"
"""


@pytest.fixture
def posterior_file(tmp_path: Path) -> Path:
    path = tmp_path / "posterior.csv"
    path.write_text(POSTERIOR)
    return path


# ---------------------------------------------------------------------- one world


def test_the_posterior_median_world(posterior_file) -> None:
    posterior = load_posterior(posterior_file)
    assert posterior.median == {"casualty_rate": 0.012, "recruitment_propensity": 0.0055}
    sc = load_scenario(default_scenario(), warn=False)
    world = posterior_scenario(sc, posterior)
    assert world.parameters["casualty_rate"] == 0.012
    assert world.name.endswith("(posterior median)") and world.sha256 != sc.sha256
    # a regional parameter whose [uncertainty] entry names regions: only those take it
    spec = {"dist": "uniform", "low": 0.0035, "high": 0.0065, "regions": ["provinces"]}
    one = dataclasses.replace(sc, uncertainty={"recruitment_propensity": spec})
    regional = posterior_scenario(one, posterior).parameters["recruitment_propensity"]
    assert regional == {
        "provinces": 0.0055,
        "capitals": sc.parameters["recruitment_propensity"]["capitals"],
    }
    run = simulate(posterior_scenario(one, posterior), months=1)
    assert run.n_members == 1


def test_a_file_that_is_not_a_posterior_is_refused(tmp_path) -> None:
    bad = tmp_path / "p.csv"
    bad.write_text("step,walker,log_posterior\n")
    with pytest.raises(FitError, match="not a posterior of `wardilemma fit`"):
        load_posterior(bad)


# ---------------------------------------------------------------------- the commands


def test_claims_over_the_priors_and_the_posterior_side_by_side(tmp_path, posterior_file) -> None:
    claims = tmp_path / "claims.toml"
    claims.write_text(CLAIMS)
    out = tmp_path / "out"
    args = ["claims", str(claims), "--ensemble", "6", "--posterior", str(posterior_file)]
    result = CliRunner().invoke(main, [*args, "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    doc = json.loads((out / "claims.json").read_text())
    assert doc["from_posterior"] == ["casualty_rate", "recruitment_propensity"]
    assert doc["posterior"] == str(posterior_file)
    table = (out / "claims_grounded.md").read_text()
    assert "| claim | prior | posterior | change |" in table
    assert "| many_casualties |" in table and "| war_kills_more |" in table
    assert (out / "claims_grounded.png").stat().st_size > 10_000


def test_claims_posterior_needs_an_ensemble(tmp_path, posterior_file) -> None:
    claims = tmp_path / "claims.toml"
    claims.write_text(CLAIMS)
    out = tmp_path / "out"
    args = ["claims", str(claims), "--posterior", str(posterior_file), "-o", str(out)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2 and "give --ensemble too" in result.output
    assert not out.exists()


def test_sweep_runs_in_the_posterior_median_world(tmp_path, posterior_file) -> None:
    out = tmp_path / "sweep"
    args = ["sweep", str(SCENARIOS / "war_continues.toml"), "--param",
            "casualty_rate=0.01:0.02:2", "--metric", "cumulative_casualties",
            "--posterior", str(posterior_file), "-o", str(out), "-q"]  # fmt: skip
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["scenario"]["name"] == "war continues (posterior median)"


def test_report_and_explorer_take_a_posterior(tmp_path, posterior_file) -> None:
    pytest.importorskip("jinja2")
    war, peace = (str(SCENARIOS / f"{n}.toml") for n in ("war_continues", "sudden_peace"))
    page = tmp_path / "report.html"
    args = ["report", war, peace, "--members", "0", "--posterior", str(posterior_file)]
    result = CliRunner().invoke(main, [*args, "-o", str(page)])
    assert result.exit_code == 0, result.output
    assert "war continues (posterior median)" in page.read_text()
    explorer = tmp_path / "explorer.html"
    args = ["explore", war, "--posterior", str(posterior_file), "-o", str(explorer)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    html = explorer.read_text()
    # the prior's scenario and its posterior-median world, the page starting from the last
    assert html.index('"war continues"') < html.index('"war continues (posterior median)"')


# ---------------------------------------------------------------------- out of sample


def test_the_record_splits_at_a_month() -> None:
    record = load_record()
    fitted, held = rows_until(record, "2024-12"), holdout_rows(record, "2024-12")
    assert all(month_index(r.period_end) <= month_index("2024-12") for r in fitted)
    assert {r.series for r in held} == set(HOLDOUT_SERIES)
    assert all(r.period_end >= "2025-01" for r in held)
    with pytest.raises(FitError, match="give a month as YYYY-MM"):
        rows_until(record, "December")


def test_held_out_figures_are_set_beside_their_predictive_interval() -> None:
    sc = load_scenario(default_scenario(), warn=False)
    small = dataclasses.replace(
        sc, uncertainty={"recruitment_propensity": sc.uncertainty["recruitment_propensity"]}
    )
    record = load_record()
    problem = Problem(small, rows_until(record, "2024-12"))
    unit = np.linspace(0.3, 0.7, 40)[:, None]
    # the recruits of 2025 as the model makes them at the middle of the prior, and one 100
    # standard deviations away
    truth = Problem(small, holdout_rows(record, "2024-12"))
    made = truth.model_values(np.array([[0.5]]))[:, 0]
    rows = [
        dataclasses.replace(r, value=float(m)) for r, m in zip(truth.compared, made, strict=True)
    ]
    rows[0] = dataclasses.replace(rows[0], value=rows[0].value + 100 * rows[0].uncertainty)
    held = predict_holdout(problem, unit, Record(tuple(rows), None), "2024-12", seed=1)
    assert held.members == 40 and len(held.rows) == len(rows)
    assert np.all(held.low <= held.median) and np.all(held.median <= held.high)
    assert not held.inside[0] and held.inside[1:].all()
    assert held.sentence.startswith(f"Out of sample: {len(rows) - 1} of {len(rows)} figures")


def test_the_out_of_sample_figure_states_its_count(tmp_path) -> None:
    """fit --until writes fit_holdout.png beside fit_holdout.txt: each held-out figure
    beside its interval; the title counts the figures inside; units on the axes."""
    from wardilemma.analysis.fit.study import run_fit
    from wardilemma.figures.fit import holdout_figure, write_fit

    sc = load_scenario(default_scenario(), warn=False)
    small = dataclasses.replace(
        sc, uncertainty={"recruitment_propensity": sc.uncertainty["recruitment_propensity"]}
    )
    fit = run_fit(small, runs=200, walkers=4, seed=0, starts=1, until="2024-12")
    fig = holdout_figure(fit)
    held = fit.holdout
    assert fig._suptitle.get_text().startswith(
        f"Out of sample: {held.count} of {len(held.rows)} figures published after 2024-12"
    )
    assert any(t.get_text().startswith("Illustrative model, not a forecast") for t in fig.texts)
    shown = [ax for ax in fig.axes if ax.get_visible()]
    assert len(shown) == len({r.series for r in held.rows})
    assert all(ax.get_ylabel() and ax.get_xlabel() for ax in shown)
    paths = write_fit(fit, tmp_path)
    assert paths["holdout"].name == "fit_holdout.png" and paths["holdout"].stat().st_size > 10_000
    assert held.sentence in paths["holdout_table"].read_text()


def test_fit_until_a_bad_month_exits_2_and_writes_nothing(tmp_path) -> None:
    out = tmp_path / "fit"
    result = CliRunner().invoke(main, ["fit", "--until", "2024-13", "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert "--until '2024-13'" in result.output
    assert not out.exists()


# ---------------------------------------------------------------------- the plan


def test_a_plan_reads_only_runs_saved_at_its_times() -> None:
    sc = load_scenario(default_scenario(), warn=False)
    run = simulate(sc, months=24, save_every=sc.dt)
    made = plan(run, load_record())
    assert made.values(run).shape == (len(load_record()), 1)
    with pytest.raises(ValueError, match="plan the record against a run like this one"):
        made.values(simulate(sc, months=24))
