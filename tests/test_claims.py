"""Claims: loading (and its error messages), measures, the four kinds, robustness, CLI."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from wardilemma import paths
from wardilemma.analysis.claims import (
    ClaimError,
    check_claims,
    evaluate_claims,
    find_box,
    load_claims,
    measure_values,
)
from wardilemma.analysis.claims.spec import Measure
from wardilemma.cli import main
from wardilemma.metrics import wilson_interval
from wardilemma.results import Results
from wardilemma.scenario import load_scenario

ROOT = paths.repo_root()
SCENARIOS = ROOT / "scenarios"
THESIS = ROOT / "claims" / "thesis.toml"


def write(tmp_path: Path, text: str, name: str = "claims.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def load(tmp_path: Path, text: str):
    return load_claims(write(tmp_path, text), scenario_dirs=[SCENARIOS])


HOLDS_AND_FAILS = """
title = "two claims"

[[claim]]
id = "war_kills"
text = "Continuing the war costs more lives than a sudden peace."
source = "Moscow's forces are hemorrhaging men and equipment."
kind = "compare"
a = "sudden_peace"
b = "war_continues"
measure = { metric = "cumulative_casualties" }
op = ">"

[[claim]]
id = "no_casualties"
text = "The war path has fewer than 1,000 casualties."
source = "a claim made up to fail"
kind = "threshold"
scenario = "war_continues"
measure = { metric = "cumulative_casualties" }
op = "<"
value = 1000
"""


# ---------------------------------------------------------------------- the shipped file


def test_shipped_claims_load_with_sources() -> None:
    claims = load_claims(THESIS)
    assert len(claims.claims) >= 8
    kinds = {c.kind for c in claims.claims}
    # the sanctions claim compares peaks since the runs live through the history (the two
    # paths are one until the branch, so nothing "overtakes"): the overtakes kind is tested
    # on its own file (test_overtakes_kind)
    assert kinds == {"threshold", "compare", "monotone"}
    for c in claims.claims:
        assert len(c.spec.source) > 20, c.id  # an article sentence, not a placeholder
        assert all(p.is_file() for p in c.scenarios.values())


# ---------------------------------------------------------------------- verdicts


def test_a_claim_that_holds_and_one_that_fails(tmp_path: Path) -> None:
    verdicts = evaluate_claims(
        load(tmp_path, HOLDS_AND_FAILS), months=84
    )  # the history, then three years
    holds, fails = verdicts
    assert holds.holds.tolist() == [True]
    assert holds.values["b"][0] > 0  # the war path's casualties after the branch
    assert holds.values["a"][0] == 0  # the sudden peace has none from its ceasefire at the branch
    assert holds.values["difference"][0] == pytest.approx(
        holds.values["b"][0] - holds.values["a"][0]
    )
    assert fails.holds.tolist() == [False]
    assert fails.values["scenario"][0] > 1000
    assert "needs < 1000" in fails.summary


def test_a_measure_without_a_window_reads_the_future_not_the_shared_history(tmp_path) -> None:
    """Both paths live through the same history; a peak taken over the whole run would be the
    history's whenever it is the higher, and every comparison a tie."""
    from wardilemma import simulate

    text = """
[[claim]]
id = "peaks"
text = "Sudden peace peaks above the war path."
source = "the sudden return of hundreds of thousands of disaffected veterans"
kind = "compare"
a = "war_continues"
b = "sudden_peace"
measure = { variable = "discontent", region = "provinces", stat = "max" }
op = ">"
"""
    (verdict,) = evaluate_claims(load(tmp_path, text))
    for key, name in (("a", "war_continues"), ("b", "sudden_peace")):
        run = simulate(load_scenario(paths.find_scenarios_dir() / f"{name}.toml"))
        future = run.series("discontent", region="provinces")[run.branch_index :]
        assert verdict.values[key][0] == pytest.approx(future.max())


def test_monotone_kind_along_a_lever(tmp_path: Path) -> None:
    text = """
[[claim]]
id = "more_losses"
text = "A higher casualty rate means more casualties."
source = "hemorrhaging men"
kind = "monotone"
scenario = "war_continues"
lever = "casualty_rate"
values = [0.005, 0.01, 0.02]
measure = { metric = "cumulative_casualties" }
direction = "increasing"

[[claim]]
id = "fewer_losses"
text = "A higher casualty rate means fewer casualties (false)."
source = "made up to fail"
kind = "monotone"
scenario = "war_continues"
lever = "casualty_rate"
values = [0.005, 0.01, 0.02]
measure = { metric = "cumulative_casualties" }
direction = "decreasing"
"""
    text += """
[[claim]]
id = "later_losses"
text = "A higher casualty rate from the second year on means more casualties."
source = "hemorrhaging men"
kind = "monotone"
scenario = "war_continues"
lever = "casualty_rate"
values = [0.005, 0.01, 0.02]
starting = "2026-01"
measure = { variable = "soldiers", region = "provinces", stat = "final" }
direction = "decreasing"
"""
    up, down, later = evaluate_claims(load(tmp_path, text), months=24)
    assert later.holds.tolist() == [True]
    assert "from 2026-01" in later.summary
    assert up.holds.tolist() == [True]
    assert down.holds.tolist() == [False]
    assert down.values["worst_step"][0] > 1000  # casualties rise by thousands per step
    along = [float(x.replace(",", "")) for x in up.summary.split(": ")[-1].split(", ")]
    assert along == sorted(along) and len(along) == 3


def test_overtakes_kind(tmp_path: Path) -> None:
    # Casualties of the war path overtake those of sudden peace?  They start equal and the war
    # path is always at least as high: never "below then above", so no overtaking; the
    # reverse claim overtakes neither. A variable that starts higher on the peace path and is
    # later overtaken: soldiers fall after the ceasefire, so war's soldiers rise above peace's.
    text = """
[[claim]]
id = "war_army_overtakes"
text = "The war path keeps more soldiers than sudden peace after the ceasefire."
source = "test"
kind = "overtakes"
a = "war_continues"
b = "sudden_peace"
variable = "soldiers"
region = "provinces"
by = 36
"""
    (v,) = evaluate_claims(load(tmp_path, text), months=36)
    # Before the ceasefire both paths are identical (never strictly below), so this is
    # "rises above" without having been below: not an overtaking.
    assert v.holds.tolist() == [False]
    assert "does not overtake" in v.summary


def test_measure_statistics_on_a_hand_made_run() -> None:
    time = np.arange(6.0)
    x = np.array([[0.1, 0.5], [0.4, 0.5], [0.7, 0.2], [0.3, 0.2], [0.2, 0.9], [0.1, 0.9]])
    res = Results(time=time, regions=("r",), data={"v": x}, regional=frozenset(), units={"v": "1"})

    class _C:  # the claim is only used in error messages
        id = "c"

    def m(**kw):
        return measure_values(res, Measure(variable="v", **kw), _C())  # type: ignore[arg-type]

    np.testing.assert_allclose(m(stat="max"), [0.7, 0.9])
    np.testing.assert_allclose(m(stat="min", window=(1, 3)), [0.3, 0.2])
    np.testing.assert_allclose(m(stat="mean", window=(0, 1)), [0.25, 0.5])
    np.testing.assert_allclose(m(stat="final", window=(0, 3)), [0.3, 0.2])
    np.testing.assert_allclose(m(stat="initial", window=(2, 5)), [0.7, 0.2])
    np.testing.assert_allclose(m(stat="months_above", threshold=0.35), [2.0, 3.0])
    np.testing.assert_allclose(m(stat="first_above", threshold=0.6), [2.0, 4.0])
    assert m(stat="first_above", threshold=5.0).tolist() == [np.inf, np.inf]
    anchor = np.array([2.0, 4.0])
    out = measure_values(
        res, Measure(variable="v", stat="max", window=(0, 1), after="ceasefire"), _C(), anchor
    )  # type: ignore[arg-type]
    np.testing.assert_allclose(out, [0.7, 0.9])
    assert np.isnan(m(stat="max", window=(10, 20))).all()  # empty window


# ---------------------------------------------------------------------- malformed files


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('[[claim]]\nid = "x"\ntext = "t"\nsource = "s"\nkind = "compair"',
         "unknown claim kind; did you mean `compare`?"),
        ('[[claim]]\nid = "x"\ntext = "t"\nsource = "s"\nkind = "threshold"\n'
         'scenario = "war_continues"\nop = "<"\nvalue = 1\n'
         'measure = { metric = "peak_discontnt" }',
         "unknown metric; did you mean `peak_discontent`"),
        ('[[claim]]\nid = "x"\ntext = "t"\nsource = "s"\nkind = "threshold"\n'
         'scenario = "war_continues"\nop = "<"\nvalue = 1\n'
         'measure = { variable = "discontnt", stat = "max" }',
         "unknown variable; did you mean `discontent`"),
        ('[[claim]]\nid = "x"\ntext = "t"\nsource = "s"\nkind = "threshold"\n'
         'scenario = "sudden_peac"\nop = "<"\nvalue = 1\nmeasure = { metric = "peak_discontent" }',
         "scenario file not found next to the claims file or among the shipped scenarios; "
         "did you mean `sudden_peace`?"),
        ('[[claim]]\nid = "x"\ntext = "t"\nsource = "s"\nkind = "threshold"\n'
         'scenario = "war_continues"\nop = "=="\nvalue = 1\n'
         'measure = { metric = "peak_discontent" }',
         "claim[0].op"),
        ('[[claim]]\nid = "x"\ntext = "t"\nsource = "s"\nkind = "threshold"\n'
         'scenario = "war_continues"\nop = "<"\nmeasure = { metric = "peak_discontent" }',
         "claim[0].value: missing (required)"),
        ('[[claim]]\nid = "x"\ntext = "t"\nsource = "s"\nkind = "threshold"\n'
         'scenario = "war_continues"\nop = "<"\nvalue = 1\nthreshhold = 2\n'
         'measure = { metric = "peak_discontent" }',
         "claim[0].threshhold: unknown key"),
        ('[[claim]]\nid = "x"\ntext = "t"\nsource = "s"\nkind = "threshold"\n'
         'scenario = "war_continues"\nop = "<"\nvalue = 1\n'
         'measure = { variable = "discontent", stat = "max", window = [36, 12] }',
         "the end must come after the start"),
        ('[[claim]]\nid = "x"\ntext = "t"\nsource = "s"\nkind = "threshold"\n'
         'scenario = "war_continues"\nop = "<"\nvalue = 1\n'
         'measure = { variable = "discontent" }',
         "a `variable` needs a `stat`"),
        ('[[claim]]\nid = "x"\ntext = "t"\nsource = "s"\nkind = "monotone"\n'
         'scenario = "war_continues"\nlever = "casualty_rat"\nvalues = [2, 1]\n'
         'direction = "decreasing"\nmeasure = { metric = "peak_discontent" }',
         "unknown parameter; did you mean `casualty_rate`"),
        ('[[claim]]\nid = "x"\ntext = "t"\nsource = "s"\nkind = "monotone"\n'
         'scenario = "war_continues"\nlever = "casualty_rate"\nvalues = [2, 1]\n'
         'direction = "decreasing"\nmeasure = { metric = "peak_discontent" }',
         "give strictly increasing values"),
        ('[[claim]]\nid = "x"\ntext = "t"\nsource = "s"\nkind = "monotone"\n'
         'scenario = "war_continues"\nlever = "casualty_rate"\nvalues = [0.1, 5]\n'
         'direction = "decreasing"\nmeasure = { metric = "peak_discontent" }',
         "casualty_rate must be in"),
        ("[[claim]\nid = 1", "not valid TOML"),
        ("title = 'no claims'", "claim: missing (required)"),
    ],
)  # fmt: skip
def test_malformed_claims_are_clear_errors(tmp_path: Path, body: str, expected: str) -> None:
    path = write(tmp_path, body)
    with pytest.raises(ClaimError) as info:
        load_claims(path, scenario_dirs=[SCENARIOS])
    text = str(info.value)
    assert expected in text
    assert str(path) in text  # every message names the file


def test_duplicate_ids_and_line_numbers(tmp_path: Path) -> None:
    one = HOLDS_AND_FAILS.split("[[claim]]")[1]
    path = write(tmp_path, f"[[claim]]{one}\n[[claim]]{one}")
    with pytest.raises(ClaimError) as info:
        load_claims(path, scenario_dirs=[SCENARIOS])
    (problem,) = info.value.problems
    assert "duplicate id" in problem
    assert f"{path}:" in problem  # with the line of the second claim


def test_missing_file_is_a_claim_error(tmp_path: Path) -> None:
    with pytest.raises(ClaimError, match="file not found"):
        load_claims(tmp_path / "nope.toml")


# ---------------------------------------------------------------------- robustness


CASUALTY_CLAIMS = """
[[claim]]
id = "many_casualties"
text = "The war path has more than 400,000 casualties by two years after the branch."
source = "hemorrhaging men"
kind = "threshold"
scenario = "war_continues"
measure = { metric = "cumulative_casualties" }
op = ">"
value = 400000

[[claim]]
id = "war_kills_more"
text = "Continuing the war costs more lives than a sudden peace."
source = "hemorrhaging men"
kind = "compare"
a = "sudden_peace"
b = "war_continues"
measure = { metric = "cumulative_casualties" }
op = ">"
"""


def test_ensemble_shares_intervals_and_common_draws(tmp_path: Path) -> None:
    claims = load(tmp_path, CASUALTY_CLAIMS)
    report = check_claims(claims, ensemble=80, seed=3, months=72)  # the history, then two years
    threshold, compare = report.results
    assert report.draws is not None and "casualty_rate" in report.draws.names
    # Casualties over two years grow with the casualty rate: the threshold holds for some
    # members and fails for others, and the box names the casualty rate.
    assert 0 < threshold.share < 1
    lo, hi = threshold.interval
    assert lo < threshold.share < hi
    assert threshold.box is not None
    war = load_scenario(SCENARIOS / "war_continues.toml", warn=False)
    rate = report.draws.parameters(war)["casualty_rate"]
    holds = threshold.ensemble.holds
    assert rate[holds].mean() > rate[~holds].mean()
    # Common random numbers: both scenarios draw the same casualty rate, so the war path
    # has more casualties in every member.
    assert compare.share == 1.0
    assert compare.box is None
    # Same seed, same numbers.
    again = check_claims(claims, ensemble=80, seed=3, months=72)
    np.testing.assert_array_equal(
        again.results[0].ensemble.values["scenario"], threshold.ensemble.values["scenario"]
    )
    doc = report.to_dict()
    assert doc["ensemble"] == 80 and doc["seed"] == 3
    sentence = doc["claims"][0]["ensemble"]["where_minority"]["sentence"]
    assert sentence.startswith(("fails mostly when", "holds mostly when"))


def test_the_box_names_the_casualty_rate(tmp_path: Path) -> None:
    # 400 members: at 80 the box is sampling noise (measured on the war-demand branch, whose
    # two new uncertain parameters reshuffle the draws: service_term and deposit_rate_share);
    # at 400 main and that branch both name the casualty rate first.
    claims = load(tmp_path, CASUALTY_CLAIMS)
    report = check_claims(claims, ensemble=400, seed=3, months=72)  # the history, then two years
    threshold = report.results[0]
    assert "casualty_rate" in [name for name, _op, _cut in threshold.box.conditions]
    sentence = report.to_dict()["claims"][0]["ensemble"]["where_minority"]["sentence"]
    assert "casualty_rate" in sentence


def test_wilson_interval_matches_the_formula() -> None:
    assert np.isnan(wilson_interval(0, 0)).all()  # a share of nothing is undefined
    lo, hi = wilson_interval(80, 100)
    p, n, z = 0.8, 100, 1.959963984540054
    centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
    half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / (1 + z**2 / n)
    assert (lo, hi) == pytest.approx((centre - half, centre + half))


def test_find_box_recovers_a_planted_region() -> None:
    rng = np.random.default_rng(0)
    a, b = rng.uniform(0, 1, 2000), rng.uniform(0, 1, 2000)
    holds = ~((a < 0.3) & (b > 0.6))  # fails in a corner: 12 % of draws
    box = find_box({"a": a, "b": b, "flat": np.ones(2000)}, holds)
    assert box is not None and box.outcome == "fails"
    bounds = {(n, op): v for n, op, v in box.conditions}
    assert bounds[("a", "<=")] == pytest.approx(0.3, abs=0.02)
    assert bounds[("b", ">")] == pytest.approx(0.6, abs=0.02)
    assert box.density > 0.95 and box.coverage > 0.95
    assert box.mass == pytest.approx(0.12, abs=0.02)
    assert box.base == pytest.approx(float(np.mean(~holds)))
    assert "fails mostly when a <= 0.3" in box.describe()
    assert "against 12 % overall" in box.describe()
    assert find_box({"a": a}, np.ones(2000, bool)) is None  # all agree: nothing to find


# ---------------------------------------------------------------------- command line


def test_cli_claims_writes_table_json_and_figure(tmp_path: Path) -> None:
    path = write(tmp_path, HOLDS_AND_FAILS)
    out = tmp_path / "out"
    runner = CliRunner()
    result = runner.invoke(main, ["claims", str(path), "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    assert "[HOLDS] war_kills" in result.output
    assert "[FAILS] no_casualties" in result.output
    assert "1 of 2 claims hold on the defaults." in result.output
    doc = json.loads((out / "claims.json").read_text())
    assert [c["holds_on_defaults"] for c in doc["claims"]] == [True, False]
    assert doc["illustrative"].startswith("Illustrative")
    assert (out / "claims.png").stat().st_size > 10_000
    checked = runner.invoke(main, ["claims", str(path), "-o", str(out), "-q", "--check"])
    assert checked.exit_code == 1


def test_cli_bad_claims_file_exits_2_without_output(tmp_path: Path) -> None:
    path = write(tmp_path, "[[claim]]\nid = 'x'\nkind = 'threshold'")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["claims", str(path), "--out", str(out)])
    assert result.exit_code == 2
    assert "text: missing" in result.output
    assert not out.exists()
