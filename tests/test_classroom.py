"""The classroom pieces of the explorer without a browser: the game's decisions run (under
Node) to the numbers the Python engine gives for the same schedules; the story files are
checked with messages that name the file, step and key; the drivers of discontent add up
to its inflow; every lever and assumption on the page has a plain name; the branch month
is read from the scenarios; ``class-summary`` and ``explore --story`` fail cleanly.
Illustrative model, not a forecast."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import subprocess
import warnings
from importlib import resources
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from wardilemma import load_scenario, simulate
from wardilemma.cli import main
from wardilemma.explorer import explorer_html
from wardilemma.explorer.labels import NAMES, UNITS, label_for
from wardilemma.explorer.levers import DEFAULT_LEVERS, GAME_LEVERS, branch_month, resolve_levers
from wardilemma.explorer.panels import PANELS, discontent_drivers
from wardilemma.explorer.story import StoryError, default_story_path, load_story
from wardilemma.export.javascript import generate_model_js, js_inputs
from wardilemma.model import WAR_ECONOMY

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"
NODE = shutil.which("node")
KEYS = [p.key for p in PANELS]


def _load(*names: str):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return [load_scenario(SCENARIOS / f"{n}.toml", warn=False) for n in names]


def _asset(name: str) -> str:
    return resources.files("wardilemma.explorer").joinpath(name).read_text(encoding="utf-8")


def _run_game_js(tmp_path: Path, runner: str, case: dict) -> object:
    """Run ``runner`` after the generated model and the page's game scripts under Node.js
    with ``case`` as its input; its JSON output."""
    script = tmp_path / "game.js"
    parts = [generate_model_js(), _asset("metrics.js"), _asset("game.js"), runner]
    script.write_text("\n".join(parts), encoding="utf-8")
    (tmp_path / "case.json").write_text(json.dumps(case), encoding="utf-8")
    proc = subprocess.run([NODE, str(script), str(tmp_path / "case.json"),
                           str(tmp_path / "out.json")], capture_output=True, text=True,
                          timeout=300)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    return json.loads((tmp_path / "out.json").read_text())


RUNNER = r"""
const fs = require("fs");
const c = JSON.parse(fs.readFileSync(process.argv[2], "utf-8"));
const inputs = WardilemmaGame.inputs(c.base, c.levers, c.decisions, c.turn, c.branch, c.months);
const record = ["discontent", "instability_risk", "bonus_payments", "veterans",
                "national_discontent", "nationalist_mobilisation", "reserve_fund"];
const run = WardilemmaModel.simulate(inputs, { record: record });
const data = {};
for (const k in run.data) data[k] = Array.from(run.data[k]);
const log = WardilemmaGame.log(run, c.decisions, c.turn, c.branch, c.scenario, c.levers);
const csv = WardilemmaGame.csv(log, c.levers, "provinces", "Illustrative model, not a forecast",
                               "test", c.scenario);
const out = { time: Array.from(run.time), data: data, csv: csv };
fs.writeFileSync(process.argv[3], JSON.stringify(out));
"""


@pytest.mark.skipif(NODE is None, reason="node (Node.js) not found")
def test_game_decisions_run_as_the_engine_runs_the_same_schedules(tmp_path):
    war, peace = _load("war_continues", "sudden_peace")
    levers = resolve_levers(GAME_LEVERS, [war, peace])
    branch, turn = branch_month([war, peace]), 6
    decisions = [
        {"war": 1, "bonus_rub": 3.0e6, "demobilisation_time": 6.0, "replacement_stimulus": 0.0,
         "veteran_programme_level": 0.0, "regime_management": 1.0},
        {"war": 1, "bonus_rub": 4.0e6, "demobilisation_time": 6.0, "replacement_stimulus": 1.0,
         "veteran_programme_level": 0.0, "regime_management": 1.2},
        {"war": 0, "bonus_rub": 4.0e5, "demobilisation_time": 24.0, "replacement_stimulus": 2.0,
         "veteran_programme_level": 1.0, "regime_management": 1.2},
    ]  # fmt: skip
    case = {
        "base": js_inputs(war),
        "levers": [{**lv.__dict__, "key": lv.key} for lv in levers],
        "decisions": decisions,
        "turn": turn,
        "branch": branch,
        "months": war.months,
        "scenario": {"name": war.name, "start": war.start, "inputs": js_inputs(war)},
    }
    js = _run_game_js(tmp_path, RUNNER, case)

    # the same decisions written as a scenario file: step schedules from each turn's start
    # (the history's own schedule points come first: the game keeps them before the branch)
    at = [branch + k * turn for k in range(len(decisions))]
    history = war.schedules["bonus_rub"]
    before = [(m, v) for m, v in zip(history.months, history.values, strict=True) if m < branch]
    ratio = before[-1][1]["capitals"] / before[-1][1]["provinces"]  # at the branch, as the game
    points = [*before, *((t, {"provinces": d["bonus_rub"], "capitals": d["bonus_rub"] * ratio})
                         for t, d in zip(at, decisions, strict=True))]  # fmt: skip
    bonus = ", ".join(f"{{ provinces = {v['provinces']}, capitals = {v['capitals']} }}"
                      for _, v in points)  # fmt: skip
    lines = [
        "[scenario]", 'name = "game"', f'extends = "{SCENARIOS / "war_continues.toml"}"',
        "[policy]", f"ceasefire_month = {at[2]}",
        f"bonus_rub = {{ at = {[t for t, _ in points]}, value = [{bonus}] }}",
    ]  # fmt: skip
    for name in GAME_LEVERS[2:]:
        lines.append(f"{name} = {{ at = {at}, value = {[d[name] for d in decisions]} }}")
    path = tmp_path / "game.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    res = simulate(_load_file(path))
    assert np.array_equal(np.asarray(js["time"]), res.time)
    for name in ("discontent", "instability_risk", "bonus_payments", "veterans", "reserve_fund"):
        py = np.asarray(res[name][:, 0]).reshape(len(res.time), -1)
        got = np.asarray(js["data"][name]).reshape(py.shape)
        assert np.allclose(got, py, rtol=1e-9, atol=1e-12), name
    rows = [r for r in js["csv"].splitlines() if not r.startswith("#")]
    assert rows[0].startswith("turn,start_month,end_month,date,war,bonus_rub")
    assert len(rows) == 1 + len(decisions)
    assert js["csv"].startswith("# wardilemma game log")


WORLDS_RUNNER = r"""
const fs = require("fs");
const c = JSON.parse(fs.readFileSync(process.argv[2], "utf-8"));
const out = WardilemmaGame.worlds(c.base, c.worlds, c.skip).map((w) =>
  Array.from(WardilemmaModel.simulate(w, { record: ["discontent"] }).data.discontent));
fs.writeFileSync(process.argv[3], JSON.stringify(out));
"""


@pytest.mark.skipif(NODE is None, reason="node (Node.js) not found")
def test_the_debriefs_worlds_are_the_monte_carlos_members(tmp_path):
    """The page's worlds, run in JavaScript, give each member's discontent as the engine
    gives it for ``wardilemma montecarlo``'s draws of the same scenarios (seed, sampler and
    pooled names as its defaults), whatever distribution a table declares."""
    from wardilemma.analysis.uncertainty.worlds import draw_worlds
    from wardilemma.explorer.worlds import game_worlds

    war, peace = _load("war_continues", "sudden_peace")
    # one parameter drawn from another distribution, in one region only
    table = dict(war.uncertainty)
    table["casualty_rate"] = {"dist": "triangular", "low": 0.01, "mode": 0.02, "high": 0.025}
    regional = next(n for n in table if WAR_ECONOMY.parameters[n].regional)
    table[regional] = {**table[regional], "regions": ["provinces"]}
    war = dataclasses.replace(war, uncertainty=table)
    worlds = game_worlds([war, peace], 0, WAR_ECONOMY, n=6)
    assert worlds is not None and worlds["seed"] == (war.seed or 0)
    dists = {p["name"]: p for p in worlds["parameters"]}
    assert dists["casualty_rate"]["dist"] == "triangular 0.01-0.025, most likely 0.02"
    assert dists[regional]["regions"] == ["provinces"]
    # the first members of a larger study are the same worlds
    big = draw_worlds([war, peace], 1000, seed=worlds["seed"]).parameters(war)
    assert np.array_equal(big["casualty_rate"][:6], dists["casualty_rate"]["values"])

    draws = draw_worlds([war, peace], 6, seed=worlds["seed"])
    res = simulate(war, parameters=draws.parameters(war))
    case = {"base": js_inputs(war), "worlds": worlds, "skip": []}
    js = _run_game_js(tmp_path, WORLDS_RUNNER, case)
    assert len(js) == 6
    for k, got in enumerate(js):
        py = np.asarray(res["discontent"][:, k]).reshape(len(res.time), -1)
        assert np.allclose(np.asarray(got).reshape(py.shape), py, rtol=1e-9, atol=1e-12), k
    # the worlds differ from one another (the draws reach the model)
    assert not np.allclose(js[0], js[1])


def test_explore_with_a_posterior_draws_the_debriefs_worlds_from_it(tmp_path):
    """``explore --posterior``: the fitted parameters' worlds are the posterior's rows, as
    ``montecarlo --posterior`` draws them; the study named on the page is the files given."""
    posterior = tmp_path / "posterior.csv"
    posterior.write_text(
        "# Illustrative model, not a forecast\n"
        "step,walker,log_posterior,casualty_rate\n10,0,-1.5,0.011\n10,1,-1.2,0.013\n"
    )
    out = tmp_path / "explorer.html"
    war, peace = (str(SCENARIOS / f"{n}.toml") for n in ("war_continues", "sudden_peace"))
    args = ["explore", war, peace, "--posterior", str(posterior), "-o", str(out)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    text = out.read_text()
    data = json.loads(re.search(r'id="wardilemma-data">(.*?)</script>', text, re.S).group(1))
    worlds = data["game"]["worlds"]
    assert data["game"]["study"] == "war_continues.toml sudden_peace.toml"
    assert worlds["posterior"] == str(posterior)
    casualty = next(p for p in worlds["parameters"] if p["name"] == "casualty_rate")
    assert casualty["dist"] == "the fit's posterior"
    assert set(casualty["values"]) <= {0.011, 0.013}
    others = [p for p in worlds["parameters"] if p["name"] != "casualty_rate"]
    assert others and all(p["dist"].startswith("uniform") for p in others)


def _load_file(path: Path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_scenario(path, warn=False)


def test_drivers_add_up_to_discontents_inflow():
    (peace,) = _load("sudden_peace")
    res = simulate(peace)
    drivers = discontent_drivers()
    assert {d["variable"] for d in drivers} == {
        "relative_deprivation", "veteran_grievance", "war_weariness", "inflation_pain",
        "missed_boat_share",
    }  # fmt: skip
    d = res.series("discontent", region="provinces")
    saturation = res.series("discontent_saturation", region="provinces")
    assert {x["saturation"] for x in drivers} == {"discontent_saturation"}
    total = sum(
        (1 - d)
        * saturation
        * peace.parameters[x["sensitivity"]]
        * (res.series(x["variable"], region="provinces")
           if x["variable"] in res.regional else res.series(x["variable"]))
        for x in drivers
    )  # fmt: skip
    assert np.allclose(total, res.series("discontent_rise", region="provinces"), rtol=1e-12)


def test_every_lever_and_assumption_has_a_plain_name_and_units_in_words():
    (base,) = _load("baseline")
    for name in {*DEFAULT_LEVERS, *GAME_LEVERS, *base.uncertainty}:
        label = label_for(name, WAR_ECONOMY)
        assert name in NAMES and label.text == NAMES[name]
        assert label.units == "" or "_" not in label.units, name
        assert WAR_ECONOMY.parameters[name].units in UNITS or label.scale != 1 or label.units
    assert label_for("bonus_rub", WAR_ECONOMY).full == "Sign-on bonus, million roubles"


def test_branch_month_is_where_the_scenarios_part():
    war, peace, managed = _load("war_continues", "sudden_peace", "managed_peace")
    assert branch_month([war, peace]) == war.branch_month == 48.0  # declared: 2026-01
    # without a declared branch, the month at which the scenarios first differ
    war, peace, managed = (dataclasses.replace(s, branch=None) for s in (war, peace, managed))
    assert branch_month([war, peace]) == peace.parameters["ceasefire_month"]
    assert branch_month([war, war]) == 0.0
    # the history's schedule points are the same in both: they part at the ceasefire
    assert branch_month([war, managed]) == managed.parameters["ceasefire_month"]


def test_default_story_loads_and_fits_the_shipped_scenarios():
    scenarios = _load("war_continues", "sudden_peace")
    story = load_story(default_story_path(), scenarios, KEYS, WAR_ECONOMY)
    assert 6 <= len(story.steps) <= 8
    for step in story.steps:
        assert step["predict"]["question"].endswith("?")
        assert set(step["panels"]) <= set(KEYS)
    # a page without the story's scenarios has no story rather than a broken one
    html = explorer_html(_load("war_continues", "managed_peace"))
    data = json.loads(html.split('id="wardilemma-data">')[1].split("</script>")[0])
    assert data["story"] is None


GOOD_STEP = """
[[step]]
title = "t"
text = "x"
explain = "y"
start = "sudden peace"
levers = { demobilisation_time = 12 }
predict.question = "q?"
predict.variable = "discontent"
predict.region = "provinces"
"""


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("levers = { demobilisation_time = 12 }|levers = { demobilisation_tme = 12 }",
         "step 1: levers.demobilisation_tme: not a policy lever of the model; did you mean "
         "demobilisation_time"),
        ("levers = { demobilisation_time = 12 }|levers = { ceasefire_month = \"1990-01\" }",
         "before the run starts"),
        ("levers = { demobilisation_time = 12 }|levers = { demobilisation_time = 500 }",
         "allowed 0.5 to 120"),
        ('start = "sudden peace"|start = "peace"', "start = 'peace': no such scenario"),
        ('predict.variable = "discontent"|predict.variable = "discontnet"',
         "not a variable of the model; did you mean discontent"),
        ('predict.region = "provinces"|predict.region = "mars"', "give one of provinces"),
        ('title = "t"|title = "t"\ncolour = 1', "unknown key 'colour'"),
    ],
)  # fmt: skip
def test_story_mistakes_name_the_file_step_and_key(tmp_path, change, message):
    old, new = change.split("|")
    path = tmp_path / "story.toml"
    path.write_text(GOOD_STEP.replace(old, new) + GOOD_STEP, encoding="utf-8")
    with pytest.raises(StoryError) as err:
        load_story(path, _load("war_continues", "sudden_peace"), KEYS, WAR_ECONOMY)
    assert str(err.value).startswith(f"{path}: step 1") and message in str(err.value)


def test_story_needs_steps_and_valid_toml(tmp_path):
    scenarios = _load("war_continues", "sudden_peace")
    one = tmp_path / "one.toml"
    one.write_text(GOOD_STEP, encoding="utf-8")
    with pytest.raises(StoryError, match="needs 2 to 12"):
        load_story(one, scenarios, KEYS, WAR_ECONOMY)
    bad = tmp_path / "bad.toml"
    bad.write_text("[[step]\n", encoding="utf-8")
    with pytest.raises(StoryError, match="not valid TOML"):
        load_story(bad, scenarios, KEYS, WAR_ECONOMY)


def test_explore_with_a_bad_story_writes_nothing(tmp_path):
    story = tmp_path / "story.toml"
    story.write_text(GOOD_STEP.replace("discontent", "discontnet") * 2, encoding="utf-8")
    out = tmp_path / "page.html"
    args = [str(SCENARIOS / "war_continues.toml"), str(SCENARIOS / "sudden_peace.toml")]
    result = CliRunner().invoke(main, ["explore", *args, "-o", str(out), "--story", str(story)])
    assert result.exit_code == 2 and "discontnet" in result.output
    assert not out.exists()
    good = tmp_path / "good.toml"
    good.write_text(GOOD_STEP * 2, encoding="utf-8")
    result = CliRunner().invoke(main, ["explore", *args, "-o", str(out), "--story", str(good)])
    assert result.exit_code == 0, result.output
    assert out.exists()


def test_class_summary_rejects_what_is_not_a_game_log(tmp_path):
    bad = tmp_path / "notes.csv"
    bad.write_text("turn,war\n1,1\n", encoding="utf-8")
    out = tmp_path / "summary.png"
    result = CliRunner().invoke(main, ["class-summary", str(bad), "-o", str(out)])
    assert result.exit_code == 2 and "missing column" in result.output
    assert not out.exists()
    missing = CliRunner().invoke(main, ["class-summary", str(tmp_path / "x.csv"), "-o", str(out)])
    assert missing.exit_code == 2 and "file not found" in missing.output


def test_handout_is_two_printable_pages(tmp_path):
    out = tmp_path / "handout.pdf"
    args = [str(SCENARIOS / "war_continues.toml"), str(SCENARIOS / "sudden_peace.toml")]
    result = CliRunner().invoke(main, ["handout", *args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    pdf = out.read_bytes()
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 2
    assert "Sudden peace leaves provincial discontent" in result.output
    assert not list(tmp_path.glob(".handout*"))  # written atomically
    bad = CliRunner().invoke(main, ["handout", *args, "-o", str(tmp_path / "h.png")])
    assert bad.exit_code == 2 and "PDF" in bad.output
