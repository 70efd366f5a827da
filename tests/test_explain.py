"""``wardilemma explain``: exact Shapley values, held paths and the command."""

from __future__ import annotations

import json
from itertools import permutations

import numpy as np
import pytest
from click.testing import CliRunner

from wardilemma import load_scenario
from wardilemma.analysis.explain import ExplainError, coalition_members, explain, shapley
from wardilemma.cli import main
from wardilemma.engine.run import Held, simulate
from wardilemma.language import references
from wardilemma.model import WAR_ECONOMY
from wardilemma.model.discontent import CHANNELS
from wardilemma.model.spec import Channel


def _brute_force(worth, k: int) -> np.ndarray:
    """Shapley values by averaging marginal contributions over every order of players."""
    out = np.zeros(k)
    orders = list(permutations(range(k)))
    for order in orders:
        coalition = 0
        for j in order:
            out[j] += worth(coalition | 1 << j) - worth(coalition)
            coalition |= 1 << j
    return out / len(orders)


def _game(worth, k: int) -> np.ndarray:
    return np.array([worth(c) for c in range(2**k)])


def test_shapley_of_an_additive_game_is_each_players_weight() -> None:
    weights = np.array([0.3, -0.1, 0.0, 0.5])
    members = coalition_members(4)
    values = shapley(members.astype(float) @ weights)
    np.testing.assert_allclose(values, weights, atol=1e-15)
    assert values[2] == 0.0  # a player that changes nothing gets zero


def test_shapley_of_an_interacting_game_is_efficient_symmetric_and_exact() -> None:
    def worth(c: int) -> float:  # players 0 and 1 interchangeable, 3 a dummy
        x = [(c >> j) & 1 for j in range(4)]
        return 2.0 * x[0] * x[1] + x[0] + x[1] + 3.0 * x[2] * (x[0] + x[1]) ** 2

    values = shapley(_game(worth, 4))
    np.testing.assert_allclose(values, _brute_force(worth, 4), atol=1e-12)
    assert values.sum() == pytest.approx(worth(15) - worth(0), abs=1e-12)
    assert values[0] == pytest.approx(values[1], abs=1e-12)
    assert values[3] == 0.0


def test_shapley_over_members_and_times_keeps_the_trailing_shape() -> None:
    rng = np.random.default_rng(1)
    values = rng.normal(size=(8, 5, 3))
    out = shapley(values)
    assert out.shape == (3, 5, 3)
    np.testing.assert_allclose(out.sum(axis=0), values[-1] - values[0], atol=1e-12)
    with pytest.raises(ValueError, match="2\\*\\*k"):
        shapley(np.zeros(6))


def test_a_held_path_interpolates_and_keeps_unmasked_members() -> None:
    values = np.array([[[0.0], [10.0]], [[1.0], [20.0]]])  # (time 2, members 2, width 1)
    path = Held(np.array([0.0, 1.0]), values, mask=np.array([True, False]))
    np.testing.assert_allclose(path.value_at(0.25), [[0.25, 12.5]])
    np.testing.assert_allclose(path.value_at(5.0), [[1.0, 20.0]])  # the last value after
    np.testing.assert_allclose(path.apply(np.array([[7.0, 7.0]]), 0.5), [[0.5, 7.0]])
    with pytest.raises(ValueError, match="increase"):
        Held(np.array([1.0, 0.0]), values)


def test_stocks_parameters_and_unknown_names_cannot_be_held(war_and_peace) -> None:
    from wardilemma.model import ModelError

    path = Held(np.array([0.0]), np.zeros((1, 1, 2)))
    for name in ("discontent", "regime_management", "nosuch"):
        with pytest.raises(ModelError, match="cannot hold"):
            simulate(war_and_peace[0], held={name: path}, months=2)


def test_every_term_of_discontent_pressure_is_a_declared_channel() -> None:
    refs = references(WAR_ECONOMY.equations["discontent_pressure"])
    terms = refs - set(WAR_ECONOMY.parameters)
    assert terms == {c.variable for c in CHANNELS}
    assert len({c.name for c in CHANNELS}) == len(CHANNELS)


@pytest.fixture(scope="module")
def war_and_peace(scenarios_dir):
    return (
        load_scenario(scenarios_dir / "war_continues.toml"),
        load_scenario(scenarios_dir / "sudden_peace.toml"),
    )


def test_holding_every_channel_at_path_a_reproduces_path_a(war_and_peace) -> None:
    war, peace = war_and_peace
    record = ["discontent", "consumption", *(c.variable for c in CHANNELS)]
    run_a = simulate(war, save_every=war.dt, record=record, backend="numpy")
    held = {}
    for c in CHANNELS:
        v = run_a[c.variable]
        held[c.variable] = Held(run_a.time, v if v.ndim == 3 else v[:, :, None])
    run_b = simulate(peace, held=held, save_every=peace.dt, record=record)
    assert run_b.metadata["backend"] == "numpy"  # held runs are NumPy's, whatever is asked
    np.testing.assert_allclose(run_b["discontent"], run_a["discontent"], rtol=0, atol=1e-12)
    assert not np.allclose(run_b["consumption"], run_a["consumption"])  # only the channels


def test_the_real_scenarios_contributions_sum_to_the_gap(war_and_peace) -> None:
    war, peace = war_and_peace
    e = explain(war, peace, ensemble=8, seed=3)
    assert abs(e.residual) < 1e-12
    assert sum(e.contributions.values()) == pytest.approx(e.gap, abs=1e-12)
    assert sum(e.shares.values()) == pytest.approx(1.0, abs=1e-9)
    np.testing.assert_allclose(e.over_time.sum(axis=0), e.gap_over_time, atol=1e-12)
    assert e.metadata["worlds_run"] == 8 and set(e.spread) == {c.name for c in CHANNELS}
    # mobilisation is also seeded by veterans and missed-boat men directly, not through
    # discontent: that part is the residual, reported, never spread over the channels
    national = explain(war, peace, metric="peak_mobilisation")
    assert national.series == "national_discontent" and abs(national.residual) > 1e-4
    total = sum(national.contributions.values()) + national.residual
    assert total == pytest.approx(national.gap, abs=1e-12)


def test_a_channel_that_does_not_feed_discontent_gets_zero(war_and_peace) -> None:
    war, peace = war_and_peace
    dummy = Channel("dummy", "consumption_index", "consumption index", "no discontent term")
    e = explain(war, peace, declared=(*CHANNELS[:2], dummy), channels=None)
    assert e.contributions["dummy"] == 0.0
    assert abs(e.residual) > 1e-4  # three channels held out still carry part of the gap


def test_command_writes_files_and_the_sentence(tmp_path, scenarios_dir) -> None:
    out = tmp_path / "explain"
    a, b = (str(scenarios_dir / f) for f in ("war_continues.toml", "sudden_peace.toml"))
    done = CliRunner().invoke(main, ["explain", a, b, "-o", str(out)])
    assert done.exit_code == 0, done.output
    doc = json.loads((out / "explain.json").read_text())
    assert doc["metric"] == "peak_discontent[provinces]"
    assert sum(c["contribution"] for c in doc["channels"]) == pytest.approx(doc["gap"], abs=1e-12)
    sentence = (out / "explain.txt").read_text().splitlines()[0]
    assert sentence == doc["sentence"] and sentence in done.output
    assert "sum to the gap exactly" in done.output
    assert {p.name for p in out.iterdir()} == {
        "explain.json", "explain.txt", "explain.png", "explain_over_time.png"
    }  # fmt: skip


@pytest.mark.parametrize(
    ("option", "hint"),
    [(["--metric", "peak_discontnt"], "peak_discontent"), (["--channel", "vetrans"], "veterans")],
)
def test_bad_names_get_did_you_mean_and_write_nothing(tmp_path, scenarios_dir, option, hint):
    out = tmp_path / "explain"
    a, b = (str(scenarios_dir / f) for f in ("war_continues.toml", "sudden_peace.toml"))
    done = CliRunner().invoke(main, ["explain", a, b, "-o", str(out), *option])
    assert done.exit_code == 2
    assert f"did you mean `{hint}`" in done.output
    assert not out.exists()


def test_a_metric_that_never_happens_is_refused(war_and_peace) -> None:
    war, peace = war_and_peace
    with pytest.raises(ExplainError, match="undefined"):
        explain(war, peace, metric="ceasefire_month")


def test_worlds_from_a_posterior_as_montecarlo_draws_them(tmp_path, war_and_peace) -> None:
    posterior = tmp_path / "posterior.csv"
    posterior.write_text("step,walker,log_posterior,casualty_rate\n0,0,-1,0.011\n0,1,-1,0.02\n")
    result = explain(*war_and_peace, ensemble=3, seed=1, posterior=posterior)
    assert result.metadata["from_posterior"] == ["casualty_rate"]
    with pytest.raises(ExplainError, match="give --ensemble N"):
        explain(*war_and_peace, posterior=posterior)
    done = CliRunner().invoke(main, ["explain", *(str(s.path) for s in war_and_peace), "-o",
                                     str(tmp_path / "o"), "--posterior", str(tmp_path / "no.csv"),
                                     "--ensemble", "2"])  # fmt: skip
    assert done.exit_code == 2 and "no.csv: file not found" in done.output
    assert not (tmp_path / "o").exists()
