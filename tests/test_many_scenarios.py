"""Comparisons of many scenarios: a complete, unclipped legend for up to ten, identical
paths named in the legend and the table, the reference named, and ``summary.csv`` from a
batch run (one row per scenario, one column per metric with units)."""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt

from wardilemma import paths, simulate
from wardilemma.batch import SUMMARY_FILE, run_many
from wardilemma.figures.dashboard import comparison_figure, legend_labels
from wardilemma.figures.style import PALETTE
from wardilemma.metrics import METRICS, compute_metrics
from wardilemma.results import same_paths
from wardilemma.tables import (
    SAME_PATHS_ROW,
    SUMMARY_COLUMNS,
    SummaryRow,
    comparison_table,
    metrics_summary,
)

SCENARIOS = paths.scenarios_dir()


@pytest.fixture(scope="module")
def ten():
    """Ten runs with long names; the second repeats the first (identical paths)."""
    base = simulate(months=24)
    runs = [dataclasses.replace(base, scenario="baseline"),
            dataclasses.replace(base, scenario="war continues at its 2025 intensity")]  # fmt: skip
    for i, month in enumerate(np.linspace(3, 20, 8)):
        res = simulate(months=24, parameters={"ceasefire_month": float(month)})
        runs.append(dataclasses.replace(res, scenario=f"a peace with a rather long name {i}"))
    return runs


def test_same_paths(ten) -> None:
    twins = same_paths(ten)
    assert twins[:2] == [None, 0] and all(t is None for t in twins[2:])
    labels = legend_labels(ten, [r.scenario for r in ten])
    assert labels[1] == "war continues at its 2025 intensity (same paths as baseline)"


def test_ten_scenarios_legend_complete_and_inside(ten) -> None:
    assert len(set(PALETTE)) >= 10  # ten scenarios, ten colours
    fig = comparison_figure(ten)
    try:
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        (legend,) = fig.legends
        texts = [t.get_text() for t in legend.get_texts()]
        assert len(texts) == 11 and texts[-1] == "ceasefire"
        assert "(same paths as baseline)" in texts[1]
        box = legend.get_window_extent(renderer)
        assert 0 <= box.x0 and box.x1 <= fig.bbox.x1 and box.y1 <= fig.bbox.y1
        for handle in legend.legend_handles[:10]:  # every swatch drawn, all distinct
            assert handle.get_visible()
        assert len({h.get_color() for h in legend.legend_handles[:10]}) == 10
        for ax in fig.axes:  # the legend sits above every panel
            if ax.get_title(loc="left"):
                assert ax.get_tightbbox(renderer).y1 <= box.y0 + 1, ax.get_title(loc="left")
    finally:
        plt.close(fig)


def test_table_names_reference_and_identical_runs(ten) -> None:
    table = comparison_table(ten[:3])
    assert "reference: baseline" in table.title
    assert table.rows[0] == (SAME_PATHS_ROW, "", "", "baseline", "")
    plain = comparison_table([ten[0], ten[2]])
    assert all(row[0] != SAME_PATHS_ROW for row in plain.rows)


def test_metrics_summary_matches_the_metrics(ten) -> None:
    rows = [
        SummaryRow(f, run=r) for f, r in zip(["a.toml", "b.toml", "c.toml"], ten[:3], strict=True)
    ]
    table = metrics_summary([*rows, SummaryRow("d.toml", "invalid", "d.toml: 1 problem")])
    assert [r[0] for r in table.rows] == [*(r.scenario for r in ten[:3]), "d"]
    assert table.columns[:7] == SUMMARY_COLUMNS
    assert [r[1:4] for r in table.rows] == [
        ("a.toml", "ok", ""),
        ("b.toml", "ok", ""),
        ("c.toml", "ok", ""),
        ("d.toml", "invalid", "d.toml: 1 problem"),
    ]
    assert [r[4] for r in table.rows] == ["", "a.toml", "", ""]  # war continues = baseline
    assert set(table.rows[3][5:]) == {""}  # the invalid file has no metrics
    assert "peak_discontent[provinces] (index 0-1)" in table.columns
    col = table.columns.index("peak_discontent[provinces] (index 0-1)")
    for row, res in zip(table.rows[:3], ten[:3], strict=True):
        (mv,) = [m for m in compute_metrics(res, ["peak_discontent"]) if m.region == "provinces"]
        assert float(row[col]) == mv.value and row[6] == "1"
    ens = simulate(months=24, parameters={"casualty_rate": np.array([0.01, 0.015, 0.02])})
    (row,) = metrics_summary([ens]).rows
    peaks = [m.value for k in range(3) for m in compute_metrics(ens, ["peak_discontent"], member=k)
             if m.region == "provinces"]  # fmt: skip
    assert row[6] == "3" and float(row[col]) == pytest.approx(np.median(peaks))
    for column in table.columns[7:]:  # units in every metric header
        name = column.split("[")[0].split(" ")[0]
        assert name in METRICS and column.endswith(")")


def test_run_writes_summary_beside_the_folders(tmp_path: Path) -> None:
    files = [SCENARIOS / "war_continues.toml", SCENARIOS / "sudden_peace.toml"]
    report = run_many(files, tmp_path, figures=(), months=24)
    assert report.summary_file == tmp_path / SUMMARY_FILE
    lines = report.summary_file.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# Illustrative model, not a forecast")
    rows = list(csv.reader(line for line in lines if not line.startswith("#")))
    assert len(rows) == 3 and [r[0] for r in rows[1:]] == ["war continues", "sudden peace"]
    assert {p.name for p in tmp_path.iterdir()} == {"war_continues", "sudden_peace", SUMMARY_FILE}
    single = run_many(files[:1], tmp_path / "one", figures=(), months=12)
    assert single.summary_file is None and not (tmp_path / "one" / SUMMARY_FILE).exists()
