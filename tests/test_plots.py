"""Plots: every panel returns its Axes with title and units; the comparison figure is
labelled, slide-sized, readable (fonts >= 11 pt; the legends >= 18 px on a 1280x720
projector) and nothing overlaps."""

from __future__ import annotations

import dataclasses
import itertools

import matplotlib
import numpy as np
import pytest
from matplotlib.text import Text

matplotlib.use("Agg")

import matplotlib.pyplot as plt

from wardilemma import ILLUSTRATIVE, simulate
from wardilemma.figures import dashboard as D
from wardilemma.figures import panels as P
from wardilemma.figures.style import SLIDE_SIZE


@pytest.fixture(scope="module")
def runs():
    war = dataclasses.replace(simulate(months=36), scenario="war continues")
    peace = simulate(months=36, parameters={"ceasefire_month": 12})
    return [war, dataclasses.replace(peace, scenario="sudden peace")]


@pytest.fixture(scope="module", params=[2, 7], ids=["two runs", "seven runs"])
def figure(request, runs):
    if request.param == 2:
        fig = D.comparison_figure(runs)
    else:  # many scenarios with long names: legend on two rows, title shortened
        many = [dataclasses.replace(runs[i % 2], scenario=f"a rather long scenario name {i}")
                for i in range(request.param)]  # fmt: skip
        fig = D.comparison_figure(many)
        assert fig.get_suptitle() == "War-economy dilemma: 7 scenarios compared"
    fig.canvas.draw()
    yield fig
    plt.close(fig)


@pytest.mark.parametrize("name", list(P.PANELS))
def test_panel_returns_axes_with_title_and_units(runs, name):
    fig, ax = plt.subplots()
    try:
        out = P.PANELS[name](runs, ax)
        assert out is ax
        assert ax.get_title(loc="left")
        assert ax.get_xlabel() == "Year"
        assert ax.get_ylabel()
        assert len(ax.get_lines()) >= len(runs)
        lo, hi = ax.get_xlim()
        assert lo == pytest.approx(2025.0) and hi == pytest.approx(2028.0)
    finally:
        plt.close(fig)


def test_panel_accepts_single_results(runs):
    fig, ax = plt.subplots()
    try:
        assert P.plot_discontent(runs[0], ax) is ax
    finally:
        plt.close(fig)


def test_ceasefire_marked_where_it_happens(runs):
    fig, ax = plt.subplots()
    try:
        P.mark_ceasefire(runs, ax)
        xs = [line.get_xdata()[0] for line in ax.get_lines()]
        assert xs == [pytest.approx(2026.0)]  # only the peace run has a ceasefire
        assert [t.get_text() for t in ax.texts] == ["ceasefire"]
    finally:
        plt.close(fig)
    assert P.ceasefire_year(runs[0]) is None
    assert P.ceasefire_year(runs[1]) == pytest.approx(2026.0)


def test_bad_arguments(runs):
    fig, ax = plt.subplots()
    try:
        with pytest.raises(ValueError, match="at least one"):
            P.plot_people([], ax)
        with pytest.raises(TypeError, match="Results"):
            P.plot_people(["not a run"], ax)
        with pytest.raises(ValueError, match="one label per run"):
            P.plot_people(runs, ax, labels=["only one"])
    finally:
        plt.close(fig)


def all_texts(fig):
    """Every visible, non-empty text of the figure (titles, labels, ticks, legends, notes)."""
    return [t for t in fig.findobj(Text) if t.get_text() and t.get_visible()]


def text_artist(artist, text: str) -> Text:
    """The text artist under ``artist`` (a figure or axes) that shows ``text``."""
    return next(t for t in artist.findobj(Text) if t.get_text() == text)


def test_comparison_figure_is_labelled(figure):
    w, h = figure.get_size_inches()
    assert (w, h) == pytest.approx(SLIDE_SIZE)
    strings = [t.get_text() for t in all_texts(figure)]
    assert ILLUSTRATIVE in strings
    legend = [t.get_text() for t in figure.legends[0].get_texts()]
    assert len(legend) in (3, 8) and legend[-1] == "ceasefire"  # scenario names + ceasefire
    assert "ceasefire" in strings
    assert any(s.startswith("Scenario file sha256") for s in strings)
    main_axes = [ax for ax in figure.axes if ax.get_title(loc="left")]
    assert len(main_axes) == 6
    for ax in figure.axes:
        assert ax.get_ylabel(), "every y axis names its units"


def test_comparison_title_states_its_measured_message(runs):
    """Issue 23: the comparison figure's title states its message, measured in the runs
    (each run's highest provincial discontent, the reference last)."""
    fig = D.comparison_figure(runs)
    try:
        war, peace = (r.series("discontent", region="provinces") for r in runs)
        expected = (f"Peak provincial discontent: sudden peace {D._peak_text(runs[1], 'provinces')}"
                    f" against war continues {D._peak_text(runs[0], 'provinces')}")  # fmt: skip
        assert fig.get_suptitle() == expected
        assert f"{peace.max():.2f}" in expected and f"{war.max():.2f}" in expected
    finally:
        plt.close(fig)


def test_comparison_figure_fonts_readable_at_slide_size(figure):
    sizes = [t.get_fontsize() for t in all_texts(figure)]
    assert min(sizes) >= 11


def test_every_panels_legend_reads_on_a_1280_projector(figure):
    """Issue 23: text at least 18 px at 1280x720. The figure fills a 1280-pixel-wide
    projector; each panel's key of line styles, the scenario legend (up to three
    scenarios) and the labels on the data are at least 18 px tall there, and every key
    fits its panel's width. Seven scenarios (an analyst's figure) keep the smaller keys:
    their legend takes the room."""
    if len(figure.legends[0].get_texts()) > 4:
        return
    px_per_point = 1280 / (figure.get_size_inches()[0] * 72)
    renderer = figure.canvas.get_renderer()
    panels = [ax for ax in figure.axes if ax.get_title(loc="left")]
    for ax in panels:
        labels = [t for t in ax.texts if not t.get_text().startswith("history\n(")]
        assert labels
        for t in labels:
            assert t.get_fontsize() * px_per_point >= 18 - 1e-9, t.get_text()
        for key in (t for t in ax.texts if t.get_position()[1] > 1):
            assert key.get_window_extent(renderer).width <= ax.bbox.width + 1, key.get_text()
    for t in figure.legends[0].get_texts():
        assert t.get_fontsize() * px_per_point >= 18 - 1e-9


def _boxes_overlap(a, b) -> bool:
    return a.x0 < b.x1 - 1 and b.x0 < a.x1 - 1 and a.y0 < b.y1 - 1 and b.y0 < a.y1 - 1


def test_nothing_overlaps(figure):
    renderer = figure.canvas.get_renderer()
    fig_box = figure.bbox
    # whole panels (axes with their labels, ticks and titles) do not overlap each other
    panels = [ax for ax in figure.axes if ax.get_title(loc="left")]
    twins = {ax: [o for o in figure.axes if o is not ax and o.bbox.bounds == ax.bbox.bounds]
              for ax in panels}  # fmt: skip
    boxes = []
    for ax in panels:
        bb = ax.get_tightbbox(renderer)
        for tw in twins[ax]:
            bb = matplotlib.transforms.Bbox.union([bb, tw.get_tightbbox(renderer)])
        boxes.append(bb)
    for a, b in itertools.combinations(boxes, 2):
        assert not _boxes_overlap(a, b)
    # figure-level texts and legend do not overlap the panels or each other
    suptitle = text_artist(figure, figure.get_suptitle())
    artists = list(dict.fromkeys([*figure.texts, suptitle, *figure.legends]))
    free = [a.get_window_extent(renderer) for a in artists]
    for a, b in itertools.combinations(free, 2):
        assert not _boxes_overlap(a, b)
    for a in free:
        assert all(not _boxes_overlap(a, b) for b in boxes)
        assert fig_box.x0 <= a.x0 and a.x1 <= fig_box.x1 + 1 and a.y1 <= fig_box.y1 + 1
    # inside each panel, the key of line styles does not overlap the title
    for ax in panels:
        title = text_artist(ax, ax.get_title(loc="left")).get_window_extent(renderer)
        keys = [t for t in ax.texts if t.get_position()[1] > 1]
        for key in keys:
            assert not _boxes_overlap(title, key.get_window_extent(renderer))


def test_dashboard_single_run(runs):
    fig = D.dashboard(runs[1])
    try:
        assert "sudden peace" in fig.get_suptitle()
        lines = [ln for ax in fig.axes for ln in ax.get_lines()]
        assert lines and all(np.all(np.isfinite(ln.get_ydata())) for ln in lines)
    finally:
        plt.close(fig)
