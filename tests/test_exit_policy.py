"""The exit-policy search: NSGA-II on a toy problem with a known front, the same seed the
same front, did-you-mean errors that write nothing, and a chosen policy that runs."""

from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

from wardilemma import load_scenario, simulate
from wardilemma.analysis.exit_policy import (
    ExitPolicyError,
    exit_policy,
    nondominated,
    pareto_search,
    select_levers,
)
from wardilemma.cli import main

pytest.importorskip("pymoo")

#: A small search: enough to exercise every step, quick enough for a unit test.
SMALL = {"ensemble": 6, "population": 6, "generations": 2}


def _toy(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Two objectives whose front is ``f2 = (1 - f1)**2`` for ``x[1:] == 0``; the
    constraint ``x0 >= 0.3`` cuts the front at ``f1 = 0.3``."""
    f1 = x[:, 0]
    f2 = (1 - x[:, 0]) ** 2 + np.sum(x[:, 1:] ** 2, axis=1)
    return np.column_stack([f1, f2]), (0.3 - x[:, :1])


def test_nondominated_keeps_the_front_and_one_of_each_duplicate() -> None:
    f = np.array([[1.0, 3.0], [2.0, 2.0], [2.0, 2.0], [3.0, 3.0], [3.0, 1.0]])
    assert nondominated(f).tolist() == [0, 1, 4]


def test_the_search_finds_the_known_front_of_a_toy_problem() -> None:
    found = pareto_search(_toy, np.zeros(3), np.ones(3), n_objectives=2, n_constraints=1,
                          population=24, generations=40, seed=3)  # fmt: skip
    front = found.f[found.front]
    assert np.all(found.g[found.front] <= 0)
    # every front point lies on the true front (x[1:] driven to zero) ...
    assert np.max(front[:, 1] - (1 - front[:, 0]) ** 2) < 0.01
    # ... and the front spans it, from the constraint's edge to the other end
    assert front[:, 0].min() == pytest.approx(0.3, abs=0.02)
    assert front[:, 1].min() < 0.01
    assert len(found.front) >= 10


def test_first_generation_holds_the_initial_points_and_snapping_is_what_runs() -> None:
    seen: list[np.ndarray] = []

    def record(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        seen.append(x.copy())
        return _toy(x)

    start = np.array([[0.5, 0.0, 0.0], [2.0, -1.0, 0.25]])  # the second is clipped
    pareto_search(record, np.zeros(3), np.ones(3), n_objectives=2, n_constraints=1,
                  population=8, generations=3, seed=1, initial=start,
                  snap=lambda x: np.round(x, 1))  # fmt: skip
    assert seen[0][:2].tolist() == [[0.5, 0.0, 0.0], [1.0, 0.0, 0.2]]
    every = np.concatenate(seen)
    assert np.array_equal(every, np.round(every, 1))


def test_levers_default_to_the_exit_levers_and_bad_names_get_the_closest(scenarios_dir):
    peace = load_scenario(scenarios_dir / "sudden_peace.toml")
    levers = {lv.name: lv for lv in select_levers(None, peace)}
    assert "ceasefire_month" in levers and "replacement_stimulus" in levers
    ceasefire = levers["ceasefire_month"]
    assert (ceasefire.low, ceasefire.high) == (48.0, 84.0)  # 2026-01 and 36 months on
    assert ceasefire.text(50.0, peace.start) == "2026-03"
    window = select_levers(["ceasefire_month=2027-01:2028-06"], peace)[0]
    assert (window.low, window.high) == (60.0, 77.0)
    with pytest.raises(ExitPolicyError, match="did you mean `demobilisation_time`"):
        select_levers(["demobilisaton_time"], peace)
    with pytest.raises(ExitPolicyError, match="a parameter, not a policy lever"):
        select_levers(["casualty_rate"], peace)
    with pytest.raises(ExitPolicyError, match="LOW:HIGH"):
        select_levers(["ceasefire_month=2027-13:2028-01"], peace)


def test_same_seed_same_front(scenarios_dir) -> None:
    peace = load_scenario(scenarios_dir / "sudden_peace.toml")
    runs = [exit_policy(peace, seed=7, **SMALL) for _ in range(2)]
    a, b = runs
    assert np.array_equal(a.policies, b.policies)
    assert np.array_equal(a.front, b.front)
    assert np.array_equal(a.risk, b.risk) and np.array_equal(a.cost, b.cost)
    assert a.chosen == b.chosen
    # one ensemble call per generation, plus one for the war path and the references
    assert a.metadata["ensemble_calls"] == SMALL["generations"] + 1
    # the references seed the first generation, so the front is never worse than them
    for ref in a.references.values():
        assert np.any((a.risk[a.front] <= ref.risk) & (a.cost[a.front] <= ref.cost + 1e-9)) or (
            ref.inflation > a.inflation_ceiling
        )


@pytest.mark.parametrize(
    ("option", "hint"),
    [
        (["--lever", "demobilisaton_time"], "did you mean `demobilisation_time`"),
        (["--metric", "peak_discontnt"], "did you mean `peak_discontent`"),
    ],
)
def test_bad_names_exit_2_and_write_nothing(tmp_path, scenarios_dir, option, hint) -> None:
    out = tmp_path / "out" / "exit"
    done = CliRunner().invoke(
        main, ["exit-policy", str(scenarios_dir / "sudden_peace.toml"), "-o", str(out), *option]
    )
    assert done.exit_code == 2, done.output
    assert hint in done.output
    assert not (tmp_path / "out").exists()


def test_the_command_writes_the_front_and_a_scenario_that_runs(tmp_path, scenarios_dir):
    out = tmp_path / "exit"
    args = ["exit-policy", str(scenarios_dir / "sudden_peace.toml"), "-o", str(out), "--seed",
            "2", *(w for k, v in SMALL.items() for w in (f"--{k}", str(v)))]  # fmt: skip
    done = CliRunner().invoke(main, args)
    assert done.exit_code == 0, done.output
    names = {p.name for p in out.iterdir()}
    assert names == {"front.png", "front.csv", "front.json", "exit_policy.toml", "summary.txt"}
    doc = json.loads((out / "front.json").read_text())
    # the shipped file named from the repository, no machine's folders (docs/ commits it)
    assert doc["scenario_file"] == "scenarios/sudden_peace.toml"
    roles = [row["role"] for row in doc["front"]]
    assert "chosen" in roles and "sudden peace" in roles and "managed peace" in roles
    assert doc["front"][0]["ceasefire_month"].startswith("20")  # a date, not a month count
    chosen = next(row for row in doc["front"] if row["role"] == "chosen")
    policy = load_scenario(out / "exit_policy.toml")
    assert policy.name != "sudden peace"
    for name in ("demobilisation_time", "replacement_stimulus", "veteran_programme_level"):
        value = policy.parameters[name]
        assert float(value) == pytest.approx(float(chosen[name]))
    res = simulate(policy, record=["discontent"])
    assert np.isfinite(res["discontent"]).all()
    ran = CliRunner().invoke(main, ["run", str(out / "exit_policy.toml"), "-o",
                                    str(tmp_path / "run")])  # fmt: skip
    assert ran.exit_code == 0, ran.output


def test_worlds_come_from_a_posterior_file_as_montecarlo_draws_them(tmp_path, scenarios_dir):
    peace = load_scenario(scenarios_dir / "sudden_peace.toml")
    posterior = tmp_path / "posterior.csv"
    posterior.write_text("step,walker,log_posterior,casualty_rate\n0,0,-1,0.011\n0,1,-1,0.012\n")
    found = exit_policy(peace, posterior=posterior, seed=1, **SMALL)
    assert found.metadata["from_posterior"] == ["casualty_rate"]
    bad = tmp_path / "bad.csv"
    bad.write_text("step,walker,casualty_rte\n0,0,0.01\n")
    with pytest.raises(ExitPolicyError, match="unknown parameters casualty_rte"):
        exit_policy(peace, posterior=bad, **SMALL)


def test_a_regional_lever_moves_the_provinces_and_keeps_the_other_regions(
    tmp_path, scenarios_dir
) -> None:
    parent = scenarios_dir / "peace_then_remilitarise.toml"
    remilitarise = load_scenario(parent)
    bonus = select_levers(["postwar_bonus_rub"], remilitarise)[0]
    assert bonus.region == "provinces"
    assert bonus.override(np.array([1.0])) == {"provinces": np.array([1.0])}
    child = tmp_path / "child.toml"
    child.write_text(f'[scenario]\nname = "child"\nextends = "{parent.as_posix()}"\n[policy]\n'
                     f"postwar_bonus_rub = {bonus.toml(5e5, remilitarise.start)}\n")  # fmt: skip
    written = load_scenario(child).parameters["postwar_bonus_rub"]
    assert written == {
        "provinces": 5e5,
        "capitals": remilitarise.parameters["postwar_bonus_rub"]["capitals"],
    }


def test_hypervolume_of_a_known_front() -> None:
    from wardilemma.analysis.exit_policy import hypervolume

    # points (0, 2) and (1, 1) in the box up to (2, 3): 1 x 1 + 1 x 2 = 3
    assert hypervolume(np.array([[0.0, 2.0], [1.0, 1.0], [1.5, 2.5]]), (2.0, 3.0)) == 3.0
    assert hypervolume(np.array([[2.5, 0.0]]), (2.0, 3.0)) == 0.0


def test_the_sentence_says_when_no_policy_meets_the_ceiling_or_the_risk(scenarios_dir) -> None:
    """ "Best" only for a policy within the inflation ceiling and the risk it was asked for;
    otherwise the sentence says what was missed and by how much."""
    import dataclasses

    peace = load_scenario(scenarios_dir / "sudden_peace.toml")
    r = exit_policy(peace, seed=7, **SMALL)
    c = r.chosen
    within = dataclasses.replace(
        r,
        inflation=np.where(np.arange(r.inflation.size) == c, 5.0, r.inflation),
        risk=np.where(np.arange(r.risk.size) == c, 0.02, r.risk),
    )
    assert within.sentence().startswith("Best exit policy found for sudden peace: 2 % of worlds")
    risky = dataclasses.replace(within, risk=np.where(np.arange(r.risk.size) == c, 0.3, r.risk))
    assert risky.sentence().startswith(
        "No exit policy found for sudden peace with the peace worse than the war in at most "
        "5 % of worlds; the least risky: 30 % of worlds"
    )
    hot = dataclasses.replace(
        within, inflation=np.where(np.arange(r.inflation.size) == c, 13.24, r.inflation)
    )
    assert hot.sentence().startswith(
        "No exit policy found for sudden peace keeps inflation after the ceasefire within "
        "10 %/year in 9 worlds of 10 (the nearest: 13.2 %); the least violating: 2 % of worlds"
    )
    # the figure's title says the same
    from wardilemma.figures.exit_policy import headline

    assert headline(within).startswith("Best exit found: peace worse than war in 2 %")
    assert headline(risky).startswith("No exit worse in at most 5 %; least risky: ")
    assert headline(hot).startswith(
        "No exit within 10 %/year inflation; least violating (13.2 %): peace worse"
    )
