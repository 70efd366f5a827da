"""Tables of runs and scenarios: renderers, key metrics side by side, what differs."""

from __future__ import annotations

import dataclasses

import pytest

from wardilemma import ILLUSTRATIVE, simulate
from wardilemma import tables as O
from wardilemma.scenario import Scenario, ScheduleSpec


@pytest.fixture(scope="module")
def run():
    res = simulate(months=24, parameters={"ceasefire_month": 12})
    return dataclasses.replace(res, scenario="peace")


@pytest.fixture(scope="module")
def war_run():
    res = simulate(months=24)
    return dataclasses.replace(res, scenario="war")


def test_table_renderers():
    t = O.Table("T", ("metric", "units", "a|b"), (("x", "%", "1.0"),))
    text = t.render("text")
    assert text.startswith("T\n") and ILLUSTRATIVE in text
    assert "a\\|b" in t.render("markdown") and ILLUSTRATIVE in t.render("markdown")
    lines = t.render("csv").splitlines()
    assert lines[0] == f"# {ILLUSTRATIVE}" and lines[2] == "metric,units,a|b"
    with pytest.raises(ValueError, match="unknown table format"):
        t.render("html")


def test_comparison_table(run, war_run):
    table = O.comparison_table([war_run, run])
    assert table.columns == ("metric", "units", "war", "peace")
    rows = {r[0]: r[2:] for r in table.rows}
    assert rows["Ceasefire"] == ("none", "2026-01")
    assert "Peak discontent (provinces)" in rows
    assert table.rows[0][0] == "Ceasefire"  # KEY_METRICS order
    with pytest.raises(ValueError, match="one label per run"):
        O.comparison_table([run], labels=["a", "b"])


def test_run_labels_disambiguate():
    assert O.run_labels(["a", "b", "a", ""]) == ["a (1)", "b", "a (2)", "run 4"]


def test_parameter_differences():
    war = Scenario(name="war")
    peace = Scenario(name="peace", parameters={"ceasefire_month": 12.0, "demobilisation_time": 6})
    stim = Scenario(
        name="stimulus",
        parameters={"bonus_rub": {"provinces": 4e6}},
        schedules={"replacement_stimulus": ScheduleSpec((0.0, 12.0), (0.0, 5.0))},
    )
    table = O.parameter_differences([war, peace, stim])
    rows = {r[0]: r for r in table.rows}
    assert table.columns[:3] == ("parameter", "units", "model default")
    assert rows["ceasefire_month"][4] == "2026-01 (month 12)"
    assert rows["ceasefire_month"][3] == "never (after the run)"
    assert "demobilisation_time" not in rows  # 6 is the default: not a difference
    assert rows["bonus_rub"][5].startswith("provinces 4,000,000; capitals")
    assert rows["replacement_stimulus"][5].startswith("schedule (step) 2025-01: 0; 2026-01: 5")


def test_wide_cells_render_as_blocks():
    long = "schedule (linear) 2026-01: provinces 3,000,000; 2028-01: provinces 400,000"
    t = O.Table("Levers", ("parameter", "units", "a", "b"), (("bonus_rub", "RUB", "1", long),))
    lines = t.render("text").splitlines()
    assert lines[2] == "bonus_rub [RUB]"
    assert lines[3].split() == ["a", "1"] and lines[4].endswith(long)
    assert lines[-1] == ILLUSTRATIVE + "."


def test_differences_text_fits_a_footer():
    from wardilemma.text import differences_text

    diff = {"parent": "/x/sudden_peace.toml",
            "values": {f"lever_{i}": {"parent": "1", "this": "2"} for i in range(20)}}  # fmt: skip
    text = differences_text(diff, limit=100)
    assert text.startswith("vs sudden_peace.toml: lever_0 1 -> 2; lever_1 1 -> 2")
    assert len(text) <= 100 and text.endswith("more (metrics.json)")
    assert differences_text({"parent": "p.toml", "values": {}}) == "vs p.toml: no value differs"
