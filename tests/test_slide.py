"""The one-message slide: its message and headline are measured in the runs (never written
by hand), it says so when the alternative is not worse, a highest value in the last month is
labelled as the last month (never as a peak), and the figure is 1920 x 1080 (or the size
asked for) with every text inside the canvas and readable from the back of a hall."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import numpy as np
import pytest
from click.testing import CliRunner
from matplotlib.text import Text

matplotlib.use("Agg")

import matplotlib.pyplot as plt

from wardilemma import ILLUSTRATIVE, load_scenario, paths, simulate
from wardilemma.analysis.finding import slide_finding
from wardilemma.cli import main
from wardilemma.figures.slide import SLIDE_PIXELS, slide_figure

SCENARIOS = paths.scenarios_dir()


@pytest.fixture(scope="module")
def pair():
    return tuple(
        simulate(load_scenario(SCENARIOS / name))
        for name in ("war_continues.toml", "sudden_peace.toml")
    )


def test_finding_matches_the_runs(pair) -> None:
    war, peace = pair
    f = slide_finding(war, peace)
    d_war = war.series("discontent", region="provinces")
    d_peace = peace.series("discontent", region="provinces")
    branch = peace.branch_index  # the peaks of the future, after the shared history
    assert branch == 48
    assert f.peak == pytest.approx(d_peace[branch:].max())
    i = peace.index_of(f.peak_month)
    assert f.reference_at_peak == pytest.approx(d_war[i])
    assert f.reference_peak == pytest.approx(d_war[branch:].max())
    worse = d_peace > d_war + 0.005
    for a, b in f.worse_windows:  # every month inside a window is worse, the edges are not
        inside = slice(peace.index_of(a), peace.index_of(b) + 1)
        assert worse[inside].all()
        assert peace.index_of(a) == 0 or not worse[peace.index_of(a) - 1]
        assert peace.index_of(b) == len(worse) - 1 or not worse[peace.index_of(b) + 1]
    assert f.months_worse == pytest.approx(float(worse.sum()))
    cas = [r["casualties"][-1, 0].sum() - r["casualties"][branch, 0].sum() for r in pair]
    assert f.casualties == pytest.approx(cas)
    # The headline quotes these numbers, rounded as printed.
    if f.alternative_worse:
        assert f"peaks at {f.peak:.2f}" in f.headline
        assert f"{f.peak - f.reference_at_peak:.2f} above war continues" in f.headline
        assert peace.dates[i][:4] in f.headline
    assert "war continues" in f.casualty_line and "sudden peace" in f.casualty_line


def test_headline_says_so_when_the_alternative_is_not_worse(pair) -> None:
    war, _ = pair
    calmer = simulate(load_scenario(SCENARIOS / "war_continues.toml"),
                      parameters={"regime_management": 3.0})  # fmt: skip
    f = slide_finding(war, calmer, labels=("war", "harsher repression"))
    d_war = war.series("discontent", region="provinces")
    d_calm = calmer.series("discontent", region="provinces")
    assert np.all(d_calm <= d_war + 0.005)  # the premise of this test
    assert not f.alternative_worse and f.worse_windows == ()
    assert "never rises above war" in f.headline
    assert "never the more discontented path" in f.subline


@pytest.mark.parametrize(
    ("labels", "size"),
    [(None, SLIDE_PIXELS), (("war continues", "war under oil sanctions"), (1280, 720))],
)
def test_slide_is_full_hd_labelled_and_fits(pair, labels, size) -> None:
    fig = slide_figure(*pair, labels=labels, size=size)
    try:
        fig.canvas.draw()
        assert tuple(fig.canvas.get_width_height()) == size
        texts = [*fig.texts, *(t for leg in fig.legends for t in leg.get_texts())]
        for ax in fig.axes:
            titles = [t for t in ax.findobj(Text) if t.get_text() == ax.get_title(loc="left")]
            texts += [*ax.texts, ax.title, *titles[:1], ax.xaxis.label, ax.yaxis.label]
            (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
            texts += [t for t in ax.get_xticklabels() if x0 <= t.get_position()[0] <= x1]
            texts += [t for t in ax.get_yticklabels() if y0 <= t.get_position()[1] <= y1]
            if ax.get_legend():
                texts += ax.get_legend().get_texts()
        texts = [t for t in texts if t.get_text().strip()]
        assert any(t.get_text() == ILLUSTRATIVE for t in texts)
        renderer = fig.canvas.get_renderer()
        for t in texts:  # nothing cut at the canvas edges, everything readable
            box = t.get_window_extent(renderer)
            assert box.x0 >= -1 and box.x1 <= size[0] + 1, t.get_text()
            assert box.y0 >= -1 and box.y1 <= size[1] + 1, t.get_text()
            # at least 1/54 of the height (20 pt on 1080 pixels): readable from the back
            assert t.get_fontsize() >= size[1] / 54, t.get_text()
        left, right = fig.axes[:2]
        assert left.get_ylim()[0] == 0.0  # discontent from zero
        lo, hi = right.get_ylim()  # the gap: symmetric around zero, wide enough to see it
        assert lo < 0 < hi and lo == pytest.approx(-hi)
        for res in pair:  # every gap drawn fits and fills at least a fifth of the axis
            a = res.series("aspiration", region="provinces")
            gap = 100 * (res.series("consumption", region="provinces") - a) / a
            assert lo <= gap.min() and gap.max() <= hi
        assert np.abs(gap).max() > 0.2 * hi
        # legend keys are drawn as the lines: the ceasefire key has the ceasefire's colour
        legend = fig.legends[0]
        keys = dict(zip((t.get_text() for t in legend.get_texts()), legend.legend_handles,
                        strict=True))  # fmt: skip
        drawn = [
            ln for ln in left.get_lines() if ln.get_linestyle() == keys["ceasefire"].get_linestyle()
        ]
        assert drawn and drawn[0].get_color() == keys["ceasefire"].get_color()
    finally:
        plt.close(fig)


def test_last_month_is_never_called_a_peak(pair) -> None:
    war, peace = pair
    f = slide_finding(war, peace)
    # peaks are taken from the branch on (the history before it is shared)
    d_war = war.series("discontent", region="provinces")[war.branch_index :]
    assert f.reference_peak_is_last == (int(np.argmax(d_war)) == len(d_war) - 1)
    fig = slide_figure(war, peace)
    try:
        texts = [t.get_text() for t in fig.axes[0].texts]
        if f.reference_peak_is_last:
            assert any("the last month shown" in t for t in texts)
            assert not any(t.startswith(f"peak {f.reference_peak:.2f}") for t in texts)
        if f.alternative_worse:
            assert f.message.startswith("Sudden peace leaves provincial discontent above")
    finally:
        plt.close(fig)


def test_cli_slide(tmp_path: Path) -> None:
    out = tmp_path / "slide.png"
    args = [str(SCENARIOS / "war_continues.toml"), str(SCENARIOS / "sudden_peace.toml")]
    result = CliRunner().invoke(main, ["slide", *args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 20_000
    assert str(out) in result.output and ILLUSTRATIVE in result.output
    from PIL import Image

    with Image.open(out) as image:  # 1920x1080 unless --size says otherwise
        assert image.size == (1920, 1080)
    bad = CliRunner().invoke(main, ["slide", *args, "-o", str(tmp_path / "slide.gif")])
    assert bad.exit_code == 2 and not (tmp_path / "slide.gif").exists()
    small = CliRunner().invoke(main, ["slide", *args, "-o", str(out), "--size", "1280x720"])
    assert small.exit_code == 0, small.output
    with Image.open(out) as image:
        assert image.size == (1280, 720)
    bad_size = CliRunner().invoke(main, ["slide", *args, "-o", str(out), "--size", "big"])
    assert bad_size.exit_code == 2 and "WIDTHxHEIGHT" in bad_size.output
    region = CliRunner().invoke(main, ["slide", *args, "-o", str(out), "--region", "mars"])
    assert region.exit_code == 2 and "mars" in region.output
