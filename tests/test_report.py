"""The hand-out report: one self-contained HTML page (no external resources), the caveat
first, figures inline, tables measured in the runs, assumptions read from the model."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

pytest.importorskip("jinja2")

from wardilemma import ILLUSTRATIVE, WAR_ECONOMY, paths
from wardilemma.cli import main
from wardilemma.report import ReportError, build_report, render_report

SCENARIOS = paths.scenarios_dir()
PAIR = [SCENARIOS / "war_continues.toml", SCENARIOS / "sudden_peace.toml"]

#: One worker runs this file under pytest-xdist (``make test``), and the report is built
#: once: spread over both workers, or interleaved with other files' tests, the module
#: fixtures were built twice (8 s each under load).
pytestmark = pytest.mark.xdist_group("report")


@pytest.fixture(scope="session")
def context():
    return build_report(PAIR, members=0)


@pytest.fixture(scope="session")
def html(context) -> str:
    return render_report(context)


def test_page_is_self_contained(html: str) -> None:
    assert html.startswith("<!DOCTYPE html>")
    assert not re.search(r"<(script|link|img|iframe|object|embed)\b", html, re.I)
    assert not re.search(r"""(src|href)\s*=\s*["'](?!#)""", html, re.I)  # only in-page refs
    assert "@import" not in html and "url(http" not in html
    assert html.count("<svg") == 2  # the slide and the dashboard, inline
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))  # two inline figures do not clash


def test_caveat_first_and_sections_in_order(html: str, context) -> None:
    body = html[html.index("<body>") :]
    assert body.index(ILLUSTRATIVE) < body.index("<h1>")
    order = ["question", "scenarios", "finding", "dashboard", "metrics", "robustness",
             "assumptions"]  # fmt: skip
    positions = [body.index(f'<section id="{s}">') for s in order]
    assert positions == sorted(positions)
    assert context.slide_headline in html  # the generated headline, escaped as text


def test_tables_come_from_the_runs_and_the_model(html: str, context) -> None:
    # What sudden peace changes against the baseline: the ceasefire and the demobilisation.
    changed = {row[0] for row in context.differences.rows}
    assert {"ceasefire_month", "bonus_rub"} <= changed
    row = next(r for r in context.differences.rows if r[0] == "ceasefire_month")
    assert "never" in row[3] and row[4].startswith("2026-01")  # war continues, sudden peace
    assert context.differences.columns[2] == "baseline"
    assert context.reference == "war continues" and "(reference)" in html
    # Every parameter and graphical function of the model is listed with its source.
    listed = {a.name for _, rows in context.assumptions for a in rows}
    assert listed == set(WAR_ECONOMY.parameters) | set(WAR_ECONOMY.lookups)
    for _, rows in context.assumptions:
        for a in rows:
            assert a.source == WAR_ECONOMY.elements[a.name].source.strip()
    assert not context.robustness.available or context.robustness.rows
    assert context.robustness.note in html


def test_report_needs_two_scenarios() -> None:
    with pytest.raises(ReportError, match="at least two"):
        build_report(PAIR[:1])


def test_cli_report(tmp_path: Path) -> None:
    out = tmp_path / "handout.html"
    args = ["report", *map(str, PAIR), "-o", str(out), "--members", "0"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").count("<svg") == 2
    bad = CliRunner().invoke(main, ["report", str(PAIR[0]), str(tmp_path / "nope.toml"),
                                    "-o", str(tmp_path / "x.html")])  # fmt: skip
    assert bad.exit_code == 2 and "nope.toml" in bad.output
    assert not (tmp_path / "x.html").exists()


def test_robustness_is_a_paired_monte_carlo() -> None:
    pytest.importorskip("wardilemma.analysis.uncertainty")
    from wardilemma import load_scenario
    from wardilemma.analysis.uncertainty.analysis import PAIRED_METRICS
    from wardilemma.report import default_robustness

    names = ("war_continues", "sudden_peace", "war_oil_sanctions")
    scenarios = [load_scenario(SCENARIOS / f"{n}.toml") for n in names]
    rob = default_robustness(scenarios, 16)
    if not rob.available:  # every scenario but the reference could not be drawn
        assert "could not" in rob.note or "no scenario" in rob.note
        return
    assert rob.members == 16 and rob.figure_svg.startswith("<svg")
    assert len(rob.rows) % (len(PAIRED_METRICS) + 1) == 0  # each metric and the joint claim
    for claim, share, interval in rob.rows:
        assert re.search(r"higher under (sudden peace|war under oil sanctions)\b", claim)
        assert re.fullmatch(r"\d+ % to \d+ %", interval)
        k, n = re.search(r"\((\d+) of (\d+)\)", share).groups()
        assert int(n) == 16 and 0 <= int(k) <= 16
        assert share.startswith(f"{100 * int(k) / 16:.0f} %")
    assert "war continues" in rob.note  # the reference is named
    assert default_robustness(scenarios, 0).available is False


def test_questions_glossary_and_a_whole_printout(html: str, context) -> None:
    body = html[html.index("<body>") :]
    order = ["robustness", "questions", "glossary", "assumptions"]
    positions = [body.index(f'<section id="{s}">') for s in order]
    assert positions == sorted(positions)
    assert len(context.questions) >= 4 and all(q in html for q in context.questions[:1])
    assert "war continues" in context.questions[0] and "sudden peace" in context.questions[0]
    assert {w for w, _ in context.glossary} >= {"Stock", "Aspiration", "Discontent index"}
    # printed: headings keep with their text, the assumptions' tables go all together
    css = html[html.index("@media print") :]
    assert "break-after: avoid" in css and "#assumptions details { display: none; }" in css
    assert html.count(context.slide_headline) == 1  # the headline in words once (and in the figure)
