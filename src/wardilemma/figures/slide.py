"""A one-message slide: two scenarios, two panels, and a headline computed from the runs.

The dashboard (:func:`wardilemma.figures.dashboard.comparison_figure`) shows everything; a
lecture slide shows one point, measured in a pair of runs (a reference, usually "war
continues", and an alternative, usually "sudden peace") by
:func:`wardilemma.analysis.finding.slide_finding`. :func:`slide_figure` draws it (16:9,
1920x1080 pixels by default, any size with ``size``; text scales with the height so it
reads from the back of a hall; :func:`wardilemma.studies.slide.make_slide` runs the two
scenario files and writes it):

* left, discontent in one region on both paths, from zero, with the window in which the
  alternative is worse marked by a grey band and a bracket, and both highest points
  annotated (a highest value in the last month is labelled as the last month, never as a
  peak: the path may still be rising);
* right, the real gap between consumption and aspiration on both paths, as a difference
  in % of aspiration around a zero line (consumption below what people expect, the
  relative deprivation that drives discontent, is hatched);
* a plain-language message with the measured number under it, both generated from
  :class:`~wardilemma.analysis.finding.SlideFinding` (never written by hand: when the
  alternative is not worse in the runs, they say so), a line with the casualties of both
  paths for balance, and the label "Illustrative model, not a forecast".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from wardilemma.analysis.finding import month_name, slide_finding
from wardilemma.figures.panels import ceasefire_year
from wardilemma.figures.style import CEASEFIRE_STYLE, colour
from wardilemma.results import ILLUSTRATIVE, Results

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = ["SLIDE_PIXELS", "slide_figure"]

#: Slide resolution and default size: 19.2 x 10.8 in at 100 dpi is 1920 x 1080 pixels.
SLIDE_DPI = 100
SLIDE_PIXELS = (1920, 1080)

#: Font sizes in points at 1080 pixels high (scaled with the slide's height), for a slide
#: read from the back of a hall: the smallest, 20 pt at 1080 pixels, is about 2 % of the
#: height.
SLIDE_FONTS = {"headline": 38, "number": 27, "sub": 22, "title": 26, "label": 22,
               "tick": 21, "note": 21}  # fmt: skip

#: Characters per line of the message (one or two lines at 38 pt bold on a 16:9 slide).
HEADLINE_CHARS = 56

#: Gap panel: the y-axis spans at least this many percentage points either side of zero.
MIN_GAP_SPAN = 2.0


def _gap_pct(res: Results, region: str) -> np.ndarray:
    """Consumption minus aspiration, in % of aspiration (negative: relative deprivation)."""
    a = res.series("aspiration", region=region)
    return 100.0 * (res.series("consumption", region=region) - a) / a


def _year(res: Results, month: float) -> float:
    return float(res.years[res.index_of(month)])


def slide_figure(
    reference: Results,
    alternative: Results,
    *,
    region: str = "provinces",
    labels: Sequence[str] | None = None,
    size: tuple[int, int] = SLIDE_PIXELS,
) -> Figure:
    """The one-message slide (``size`` pixels at :data:`SLIDE_DPI`, 1920 x 1080 by default).

    Parameters
    ----------
    reference, alternative
        The two runs (see :func:`slide_finding`).
    region
        Region shown.
    labels
        Names of the two runs (default: their scenario names).
    size
        Width and height in pixels; the text scales with the height (with the width on a
        page narrower than 16:9).

    Returns
    -------
    matplotlib.figure.Figure
        Close it with ``matplotlib.pyplot.close(fig)`` when saved.

    Raises
    ------
    ValueError
        For a size under 640 x 360 pixels.
    """
    import textwrap

    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    width, height = size
    if width < 640 or height < 360:
        raise ValueError(f"size {width}x{height}: a slide needs at least 640x360 pixels")
    f = slide_finding(reference, alternative, region=region, labels=labels)
    runs = (reference, alternative)
    names = (f.reference, f.alternative)
    k = min(height / 1080, width / 1920)  # a narrower page gets smaller text
    fs = {name: v * k for name, v in SLIDE_FONTS.items()}
    chars = int(HEADLINE_CHARS * (width / height) / (16 / 9))
    fig = plt.figure(figsize=(width / SLIDE_DPI, height / SLIDE_DPI), dpi=SLIDE_DPI)
    grid = fig.add_gridspec(1, 2, left=0.075, right=0.965, bottom=0.22, top=0.64, wspace=0.3)
    left, right = fig.add_subplot(grid[0]), fig.add_subplot(grid[1])
    fig.text(0.01, 0.985, textwrap.fill(f.message, chars), fontsize=fs["headline"],
             fontweight="bold", ha="left", va="top", linespacing=1.1)  # fmt: skip
    lines = textwrap.fill(f.message, chars).count("\n") + 1
    number = textwrap.fill(f.headline + ".", int(chars * 1.45))
    fig.text(0.01, 0.985 - lines * 0.062, number, fontsize=fs["number"],
             ha="left", va="top", color="0.15")  # fmt: skip
    lines += 0.75 * (number.count("\n") + 1)

    # Left: discontent from zero; the window in which the alternative is worse is a grey
    # band with a bracket (on both panels), never the colour of a line or a fill.
    for i, res in enumerate(runs):
        left.plot(res.years, res.series("discontent", region=region), color=colour(i), lw=4)
    top = max(1.0, 1.1 * max(f.peak, f.reference_peak))
    for a, b in f.worse_windows:
        xa, xb = _year(alternative, a), _year(alternative, b)
        for ax in (left, right):
            ax.axvspan(xa, xb, color="0.88", lw=0, zorder=0)
        left.annotate("", (xa, 0.985), (xb, 0.985), xycoords=left.get_xaxis_transform(),
                      arrowprops={"arrowstyle": "|-|", "color": "0.3", "lw": 2})  # fmt: skip
    if f.worse_windows:
        a, b = max(f.worse_windows, key=lambda w: w[1] - w[0])
        xa, xb = _year(alternative, a), _year(alternative, b)
        # from the band's left edge when it starts in the left half, else to its right edge
        # (the label stays inside the axes whatever the band's width)
        middle = (float(alternative.years[0]) + float(alternative.years[-1])) / 2
        x, ha = (xa + 0.15, "left") if xa < middle else (xb - 0.15, "right")
        left.text(x, 0.95, f"{f.alternative} is worse", transform=left.get_xaxis_transform(),
                  ha=ha, va="top", fontsize=fs["note"], color="0.15",
                  fontweight="bold")  # fmt: skip
    x_end = float(alternative.years[-1])
    x0 = float(alternative.years[0])
    for month, value, i, last in ((f.reference_peak_month, f.reference_peak, 0,
                                   f.reference_peak_is_last),
                                  (f.peak_month, f.peak, 1, f.peak_is_last)):  # fmt: skip
        x = _year(runs[i], month)
        # A label goes above its point (the curve lies below it), unless the two are
        # close: then the lower one's label goes below, on white where a line crosses it.
        # A label is about a third of the axis wide (five to six years of fourteen), so two
        # peaks less than seven years apart would overlap (measured on the 2026-12-07
        # model: 0.41 in Nov 2030 and 0.37 in Apr 2035 did).
        close = (abs(_year(runs[0], f.reference_peak_month) - _year(runs[1], f.peak_month)) < 7
                 and abs(f.reference_peak - f.peak) < 0.1)  # fmt: skip
        lower = f.reference_peak < f.peak if i == 0 else f.peak <= f.reference_peak
        above = not (close and lower)
        ha = "right" if x > x_end - 1.5 else "left" if x < x0 + 1.5 else "center"
        text = (f"{value:.2f} in {month_name(f.start, month)},\nthe last month shown" if last
                else f"peak {value:.2f}, {month_name(f.start, month)}")  # fmt: skip
        left.plot([x], [value], "o", color=colour(i), ms=12 * k, zorder=5, clip_on=False)
        left.annotate(text, (x, value), xytext=(0, 12 if above else -14),
                      textcoords="offset points", ha=ha, va="bottom" if above else "top",
                      fontsize=fs["note"], color=colour(i), fontweight="bold", zorder=6,
                      bbox={"fc": "white", "ec": "none", "alpha": 0.85, "pad": 1})  # fmt: skip
    left.set_ylim(0, top)
    where = "Provincial discontent" if region == "provinces" else f"Discontent, {region}"
    left.set_title(where, loc="left", fontsize=fs["title"], fontweight="bold")
    left.set_ylabel("index (0 calm, 1 extreme)", fontsize=fs["label"])

    # Right: the real gap, consumption minus aspiration in % of aspiration, around zero.
    span = MIN_GAP_SPAN
    for i, res in enumerate(runs):
        gap = _gap_pct(res, region)
        right.plot(res.years, gap, color=colour(i), lw=4)
        right.fill_between(res.years, gap, 0.0, where=gap < 0, facecolor="none",
                           edgecolor=colour(i), hatch="///", lw=0)  # fmt: skip
        span = max(span, float(np.abs(gap).max()) * 1.15)
    right.axhline(0.0, color="0.1", lw=1.5)
    right.set_ylim(-span, span)
    title = "Consumption minus expectations"
    right.set_title(title if region == "provinces" else f"{title}, {region}", loc="left",
                    fontsize=fs["title"], fontweight="bold")  # fmt: skip
    right.set_ylabel("% of aspiration", fontsize=fs["label"])
    right.legend([Line2D([], [], color="0.1", lw=1.5),
                  Patch(facecolor="none", edgecolor="0.3", hatch="///")],
                 ["0: consumption as expected", "below: relative deprivation"],
                 loc="best", fontsize=fs["note"], frameon=True,
                 framealpha=0.9)  # fmt: skip

    ceasefires = []
    for i, res in enumerate(runs):
        year = ceasefire_year(res)
        if year is not None:
            ceasefires.append(i)
            for ax in (left, right):
                ax.axvline(year, color=colour(i), linestyle=CEASEFIRE_STYLE, lw=2)
    for ax in (left, right):
        ax.set_xlim(x0, x_end)
        ax.set_xlabel("Year", fontsize=fs["label"])
        ax.tick_params(labelsize=fs["tick"])
        ax.grid(True, alpha=0.3)
    # legend keys drawn as the lines are: each run's colour and width; each ceasefire in its
    # run's colour and dash
    handles: list = [Line2D([], [], color=colour(i), lw=4) for i in range(2)]
    entries = list(names)
    for i in ceasefires:
        handles.append(Line2D([], [], color=colour(i), lw=2, linestyle=CEASEFIRE_STYLE))
        entries.append(f"ceasefire ({names[i]})" if len(ceasefires) > 1 else "ceasefire")
    legend_y = 0.985 - lines * 0.062 - 0.045
    fig.legend(handles, entries, loc="center left", bbox_to_anchor=(0.005, legend_y),
               ncol=len(entries), fontsize=fs["title"], frameon=False)  # fmt: skip
    fig.text(0.99, legend_y, ILLUSTRATIVE, ha="right", va="center", fontsize=fs["note"],
             fontweight="bold", color="#B00020",
             bbox={"boxstyle": "round", "fc": "white", "ec": "#B00020"})  # fmt: skip
    fig.text(0.01, 0.065, textwrap.fill(f.subline, int(chars * 2)), fontsize=fs["sub"],
             ha="left", va="bottom")  # fmt: skip
    fig.text(0.01, 0.015, f.casualty_line, fontsize=fs["sub"], ha="left", va="bottom",
             color="0.15")  # fmt: skip
    return fig
