"""Reaching a converged posterior (issue 24): a fit continues a saved chain exactly as one
uninterrupted run would, and ``--converge`` stops when emcee's documented test passes (the
kept chain at least 50 autocorrelation times long, the time settled to 1 %) or when its
budget is spent, and says which."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest
from click.testing import CliRunner

pytest.importorskip("emcee")

from wardilemma import load_scenario
from wardilemma.analysis.calibration import default_scenario
from wardilemma.analysis.fit.diagnostics import CHECK_STEPS, TAU_CHANGE, TAU_FACTOR, diagnose
from wardilemma.analysis.fit.likelihood import FitError
from wardilemma.analysis.fit.mcmc import (
    advance,
    load_state,
    run_chain,
    save_state,
    start_state,
    to_chain,
)
from wardilemma.analysis.fit.study import run_fit
from wardilemma.cli import main

#: A correlated Gaussian in three dimensions: the toy posterior.
COV = np.array([[1.0, 0.6, 0.0], [0.6, 1.0, 0.3], [0.0, 0.3, 0.5]])
PRECISION = np.linalg.inv(COV)


def toy(x: np.ndarray) -> np.ndarray:
    return -0.5 * np.einsum("ij,jk,ik->i", x, PRECISION, x)


def _same(a, b) -> None:
    assert a.steps == b.steps and a.first == b.first
    for name in ("chain", "log_prob", "position", "position_log_prob", "accepted"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name
    assert a.random_state[2] == b.random_state[2]
    assert np.array_equal(a.random_state[1], b.random_state[1])


def test_a_chain_continued_from_its_file_equals_the_uninterrupted_chain(tmp_path) -> None:
    begin = start_state(np.zeros(3), walkers=8, seed=3, spread=0.1)
    whole = advance(toy, begin, 400)
    path = save_state(advance(toy, begin, 137), tmp_path / "chain.npz")
    again = advance(toy, load_state(path), 263)
    _same(whole, again)
    _same(whole, advance(toy, advance(toy, advance(toy, begin, 1), 99), 300))
    # the kept half only: a longer chain discards a longer burn-in, never a kept step
    assert whole.first == 200 and whole.chain.shape == (200, 8, 3)
    a, b = to_chain(whole), to_chain(again)
    assert (
        np.array_equal(a.unit, b.unit) and a.diagnostics.tau.tolist() == b.diagnostics.tau.tolist()
    )


@pytest.fixture(scope="module")
def small() -> object:
    """The default scenario with two uncertain parameters."""
    sc = load_scenario(default_scenario(), warn=False)
    names = ("natural_unemployment", "recruitment_propensity")
    return dataclasses.replace(sc, uncertainty={n: sc.uncertainty[n] for n in names})


def test_a_resumed_fit_equals_the_uninterrupted_fit_bit_for_bit(small, tmp_path) -> None:
    first = run_fit(small, runs=8 * 30, walkers=8, seed=2, starts=1)
    resumed = run_fit(small, runs=8 * 50, seed=99, resume=first.state, starts=1)
    whole = run_fit(small, runs=8 * 80, walkers=8, seed=2, starts=1)
    assert np.array_equal(resumed.chain.unit, whole.chain.unit)
    assert np.array_equal(resumed.chain.log_posterior, whole.chain.log_posterior)
    assert np.array_equal(resumed.map.unit, whole.map.unit)
    assert resumed.seed == 2 and resumed.resumed_steps == 30  # the chain's own seed
    assert resumed.chain.diagnostics.verdict == whole.chain.diagnostics.verdict
    name = next(iter(whole.predictive.data))
    assert np.array_equal(resumed.predictive[name], whole.predictive[name])


def test_a_chain_of_another_fit_is_refused(small) -> None:
    first = run_fit(small, runs=8 * 6, walkers=8, seed=2, starts=1)
    other = dataclasses.replace(small, uncertainty=dict(list(small.uncertainty.items())[:1]))
    with pytest.raises(FitError, match="belongs to another fit: its names differ"):
        run_fit(other, runs=100, resume=first.state)
    with pytest.raises(FitError, match="belongs to another fit: its likelihood differs"):
        run_fit(small, runs=100, resume=first.state, likelihood="student-t")
    # a chain of another model (the same scenario and record) is not continued either
    moved = dataclasses.replace(first.state, meta={**first.state.meta, "model_sha256": "0" * 64})
    with pytest.raises(FitError, match="belongs to another fit: its model differs"):
        run_fit(small, runs=100, resume=moved)


def test_the_models_digest_follows_its_mathematics_not_its_words() -> None:
    from wardilemma.analysis.fit.study import model_sha256
    from wardilemma.model import WAR_ECONOMY, Model

    def edited(name: str, **changes) -> Model:
        sectors = tuple(
            dataclasses.replace(s, elements=tuple(
                dataclasses.replace(e, **changes) if e.name == name else e for e in s.elements
            ))
            for s in WAR_ECONOMY.sectors
        )  # fmt: skip
        return Model(sectors=sectors, regions=WAR_ECONOMY.regions)

    base = model_sha256(WAR_ECONOMY)
    assert model_sha256(edited("habit_time", doc="reworded")) == base
    assert model_sha256(edited("habit_time", default=7.5)) != base


def test_a_fit_whose_budget_is_spent_says_not_converged(small) -> None:
    from wardilemma.analysis.fit.study import fit_summary

    fit = run_fit(small, runs=8 * 20, walkers=8, seed=2, starts=1, converge=True,
                  max_runs=8 * 40)  # fmt: skip
    assert fit.stop == "budget" and not fit.chain.diagnostics.converged
    assert fit.chain.burn + len(fit.chain.unit) == 40
    text = fit_summary(fit)
    assert "Stopped: the budget of sampler runs was spent at 40 steps (320 runs)" in text
    assert "NOT converged" in text and "converged after" not in text


def test_converge_stops_at_the_first_check_that_passes_and_says_so() -> None:
    begin = start_state(np.zeros(3), walkers=12, seed=1, spread=0.5)
    state, stop = run_chain(toy, begin, 200, budget=20_000, converge=True)
    assert stop == "converged"
    d = to_chain(state).diagnostics
    assert d.converged and d.more_runs == 0 and d.verdict.startswith("converged")
    kept = state.steps - state.steps // 2
    assert np.all(kept >= TAU_FACTOR * d.tau) and d.tau_change < TAU_CHANGE
    # the check one piece earlier did not pass: it stopped as soon as it could
    earlier = advance(toy, begin, state.steps - CHECK_STEPS)
    assert not to_chain(earlier).diagnostics.converged
    # and the chain is the uninterrupted chain of that length
    _same(state, advance(toy, begin, state.steps))


def test_converge_with_too_small_a_budget_says_not_converged() -> None:
    begin = start_state(np.zeros(3), walkers=12, seed=1, spread=0.5)
    state, stop = run_chain(toy, begin, 50, budget=250, converge=True)
    assert stop == "budget" and state.steps == 250
    d = to_chain(state).diagnostics
    assert not d.converged and d.verdict.startswith("NOT converged") and d.more_runs > 0


def test_an_unsettled_autocorrelation_time_is_not_converged() -> None:
    """Long enough for 50 tau, but tau still moving by more than 1 %: not converged."""
    rng = np.random.default_rng(0)
    quiet = rng.standard_normal((3000, 8, 1))
    # the last 100 steps turn into a slow random walk: tau jumps at the very end
    quiet[-CHECK_STEPS:] = np.cumsum(rng.standard_normal((CHECK_STEPS, 8, 1)), axis=0)
    d = diagnose(quiet, np.full(8, 0.3), burn=3000)
    assert d.tau_change > TAU_CHANGE and not d.converged
    assert "has not settled" in d.verdict


def test_the_command_continues_its_chain(tmp_path) -> None:
    """``fit`` saves its chain; ``fit --resume`` continues it (bit for bit: the tests above)
    and refuses the chain of another fit (exit 2, nothing written)."""
    runner = CliRunner()
    part = tmp_path / "part"
    # four steps of the default walkers (2 d + 2), whatever the number d of fitted parameters
    walkers = 2 * len(load_scenario(default_scenario(), warn=False).uncertainty) + 2
    common = ["fit", "--seed", "1", "-q", "--runs", str(4 * walkers)]
    assert runner.invoke(main, [*common, "-o", str(part)]).exit_code == 0
    before = load_state(part / "chain.npz")
    result = runner.invoke(main, [*common, "--resume", str(part), "-o", str(part)])
    assert result.exit_code == 0, result.output
    assert "Continued a chain of 4 steps to 8 steps" in result.output
    data = json.loads((part / "fit.json").read_text())
    assert data["chain_steps"] == 8 and data["resumed_from_steps"] == 4
    after = load_state(part / "chain.npz")
    assert (before.steps, after.steps, after.first) == (4, 8, 4)
    bad = runner.invoke(main, [*common, "--resume", str(part), "--likelihood", "student-t",
                               "-o", str(tmp_path / "no")])  # fmt: skip
    assert bad.exit_code == 2 and "belongs to another fit" in bad.output
    assert not (tmp_path / "no").exists()


def test_an_interrupted_fit_saves_its_chain_and_says_how_to_continue(tmp_path, monkeypatch):
    import wardilemma.analysis.fit.study as study

    def interrupted(*args, checkpoint, **kwargs):
        checkpoint(advance(toy, start_state(np.zeros(3), walkers=8, seed=0), 5))
        raise KeyboardInterrupt

    monkeypatch.setattr(study, "run_fit", interrupted)
    out = tmp_path / "fit"
    result = CliRunner().invoke(main, ["fit", "--runs", "5000", "--converge", "-o", str(out)])
    assert result.exit_code == 130
    assert load_state(out / "chain.npz").steps == 5
    assert f"continue it with: wardilemma fit --resume {out} --converge" in result.output
