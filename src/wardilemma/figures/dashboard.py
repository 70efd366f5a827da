"""The dashboard: the six panels of :data:`~wardilemma.figures.panels.PANELS` on one
slide-sized figure.

:func:`comparison_figure` overlays several runs (the figure that carries the thesis): one
legend of scenarios under a title that states the measured message, a marker per
scenario on its lines, the scenario files' hashes and the label "Illustrative model, not a
forecast"; :func:`dashboard` is the same for one run. Up to three scenarios, every legend
(the scenarios' and each panel's key of line styles) is 18 px tall when the figure fills a
1280x720 projector (:func:`projector_points`). The panels are
:mod:`wardilemma.figures.panels`, the colours and fonts :mod:`wardilemma.figures.style`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.lines import Line2D

from wardilemma.figures.panels import (
    PANELS,
    STYLE_GLYPHS,
    Runs,
    as_runs,
    ceasefire_year,
    run_labels,
    shown_region,
)
from wardilemma.figures.style import CEASEFIRE_STYLE, FONTS, SLIDE_SIZE, colour
from wardilemma.results import Results, same_paths
from wardilemma.text import ILLUSTRATIVE, differences_text

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure
    from matplotlib.legend import Legend

__all__ = [
    "comparison_figure",
    "dashboard",
    "default_title",
    "legend_labels",
    "message_title",
    "projector_points",
]


def _provenance_line(runs: list[Results], labels: list[str]) -> str:
    """Short scenario-file hashes (in legend order) and the package version."""
    width = 8 if len(runs) <= 6 else 6  # ten hashes still fit beside the caveat
    shas = [str(r.metadata.get("scenario_sha256", ""))[:width] or "no file" for r in runs]
    version = next((str(r.metadata.get("wardilemma_version")) for r in runs), "")
    if len(runs) == 1:
        line = f"Scenario file sha256 {shas[0]}   |   wardilemma {version}"
        diff = runs[0].metadata.get("differs_from_parent")  # what the run's scenario changes
        if not isinstance(diff, Mapping):
            return line
        return f"{line}   |   {differences_text(diff, limit=150 - len(line))}"
    return (
        "Scenario file sha256 (legend order): " + ", ".join(shas) + f"   |   wardilemma {version}"
    )


#: Up to this many scenarios the legends (the scenarios' and each panel's) read on a
#: 1280x720 projector (:func:`projector_points`); more use a smaller size.
TOP_LEGEND_MAX = 3

#: Top of the scenario legend, in figure coordinates (just under the title).
LEGEND_TOP = 0.966


def legend_labels(runs: Sequence[Results], labels: Sequence[str]) -> list[str]:
    """Scenario labels for a legend, saying when a scenario's lines lie on another's
    ("war continues (same paths as baseline)")."""
    twins = same_paths(runs)
    return [
        label if twin is None else f"{label} (same paths as {labels[twin]})"
        for label, twin in zip(labels, twins, strict=True)
    ]


def _fit_legend(fig: Figure, handles: list, entries: list[str], size: float) -> Legend:
    """The figure legend under the title with as many columns as fit the figure's width
    (measured with the renderer, not estimated), so no entry is ever clipped."""
    renderer = fig.canvas.get_renderer()
    for ncol in range(len(entries), 0, -1):
        legend = fig.legend(handles, entries, loc="upper center",
                            bbox_to_anchor=(0.5, LEGEND_TOP), ncol=ncol, fontsize=size,
                            frameon=False, columnspacing=1.6)  # fmt: skip
        if legend.get_window_extent(renderer).width <= 0.98 * fig.bbox.width or ncol == 1:
            return legend
        legend.remove()
    raise AssertionError("unreachable")  # pragma: no cover


def default_title(labels: Sequence[str]) -> str:
    """ "War-economy dilemma: A vs B", or a count when the names would not fit."""
    joined = " vs ".join(labels)
    if len(joined) <= 70:
        return f"War-economy dilemma: {joined}"
    return f"War-economy dilemma: {len(labels)} scenarios compared"


#: Up to this many scenarios the comparison's title states its message (measured); more
#: get :func:`default_title`.
MESSAGE_TITLE_MAX = 3


#: Longest message title (characters) that fits one line of the suptitle.
MESSAGE_TITLE_CHARS = 100


def _peak_text(res: Results, region: str) -> str:
    d = res.series("discontent", region=region)[res.branch_index :]
    k = int(np.argmax(d))
    return f"{d[k]:.2f} (last month)" if k == len(d) - 1 else f"{d[k]:.2f}"


def message_title(runs: Sequence[Results], labels: Sequence[str]) -> str | None:
    """The comparison's message, measured in the runs: each run's highest discontent in
    the provinces (else the first region) from its branch on, as the summary metrics (the
    history before it is shared), the first run last as the reference, e.g.
    "Peak provincial discontent: sudden peace 0.40 against war continues 0.33". A highest
    value in the last month is said to be one ("(last month)"). None when it would not fit
    on one line."""
    region = shown_region(runs[0], "provinces")
    what = "provincial discontent" if region == "provinces" else f"discontent in {region}"
    parts = [f"{lab} {_peak_text(r, region)}" for r, lab in zip(runs, labels, strict=True)]
    if len(parts) == 1:
        text = f"Peak {what}: {parts[0]}"
    else:
        text = f"Peak {what}: {', '.join(parts[1:])} against {parts[0]}"
    return text if len(text) <= MESSAGE_TITLE_CHARS else None


#: A marker per scenario, drawn once a year on its lines in the comparison figure, so
#: that lines of one variable stay apart where colours are hard to tell (eight lines in two
#: colours in the income panel).
SCENARIO_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*", "h", "<")


def _mark_scenarios(fig: Figure, n: int) -> list[str]:
    """Mark every time-series line of scenario ``i`` (its colour) with its marker, every
    12 saved months, staggered between scenarios; returns the markers, for the legend.
    Ceasefire lines (two points) and grey reference lines are left as they are."""
    from matplotlib.colors import to_hex

    markers = [SCENARIO_MARKERS[i % len(SCENARIO_MARKERS)] for i in range(n)]
    index = {to_hex(colour(i)): i for i in range(n)}
    for ax in fig.axes:
        for line in ax.get_lines():
            i = index.get(to_hex(line.get_color()))
            if i is None or len(line.get_xdata()) <= 2:
                continue
            line.set_marker(markers[i])
            line.set_markersize(6)
            line.set_markevery((3 * i % 12, 12))
    return markers


#: A slide-sized figure is read on a projector this many pixels wide (1280x720) ...
PROJECTOR_WIDTH_PX = 1280
#: ... where no legend may be smaller than this many pixels (issue 23: read from the back
#: of a lecture hall).
PROJECTOR_TEXT_PX = 18

#: Gap between the items of a panel's key of line styles (as :mod:`.panels` writes it).
_KEY_GAP = "     "


def projector_points(width_in: float) -> float:
    """Font size in points that is :data:`PROJECTOR_TEXT_PX` pixels tall when a figure
    ``width_in`` inches wide fills :data:`PROJECTOR_WIDTH_PX` pixels (16.2 pt at 16 in)."""
    return PROJECTOR_TEXT_PX * 72.0 * width_in / PROJECTOR_WIDTH_PX


def _wrap_key(text: str, prop: object, width_px: float, renderer: object) -> str:
    """A key's items refilled into lines no wider than ``width_px`` (at its font); an item
    wider than that alone goes on at the next line, indented."""

    def fits(line: str) -> bool:
        return renderer.get_text_width_height_descent(line, prop, ismath=False)[0] <= width_px

    items = [item for line in text.split("\n") for item in line.split(_KEY_GAP) if item]
    lines: list[str] = []
    for item in items:
        if lines and fits(f"{lines[-1]}{_KEY_GAP}{item}"):
            lines[-1] = f"{lines[-1]}{_KEY_GAP}{item}"
            continue
        glyph = next((g for g in STYLE_GLYPHS if item.startswith(f"{g} ")), "")
        words = item[len(glyph) :].split()
        lines.append(f"{glyph} {words[0]}".strip())
        for word in words[1:]:
            if fits(f"{lines[-1]} {word}"):
                lines[-1] = f"{lines[-1]} {word}"
            else:
                lines.append(f"{_KEY_GAP}{word}")
    return "\n".join(lines)


def _projector_keys(fig: Figure, size: float) -> None:
    """Every panel's legend (the key of line styles under its title) and its labels on the
    data (ceasefire, threshold) at ``size`` points, the keys refilled to the panel's width
    and the titles moved up to make room."""
    # the layout first (the panels' widths): the layout engine alone, not a whole draw
    # (measured: 0.2 s less for a run's dashboard, the same pixels)
    fig.get_layout_engine().execute(fig)
    renderer = fig.canvas.get_renderer()
    for ax in fig.axes:
        title = ax.get_title(loc="left")
        if not title:
            continue
        keys = [t for t in ax.texts if t.get_position()[1] > 1]
        for t in ax.texts:  # the history band's label stays small: it is the background
            if not t.get_text().startswith("history\n("):
                t.set_fontsize(max(t.get_fontsize(), size))
        lines = 0
        for key in keys:
            key.set_text(_wrap_key(key.get_text(), key.get_fontproperties(),
                                   ax.bbox.width, renderer))  # fmt: skip
            lines += key.get_text().count("\n") + 1
        if keys:  # as panels._finish sets it, with room for the larger key
            ax.set_title(title, loc="left", pad=6 + 1.45 * size * lines,
                         fontsize=FONTS["title"], fontweight="bold")  # fmt: skip


def comparison_figure(
    runs: Runs,
    labels: Sequence[str] | None = None,
    *,
    title: str | None = None,
    figsize: tuple[float, float] = SLIDE_SIZE,
) -> Figure:
    """The scenarios overlaid on one dashboard of :data:`PANELS` (2 x 3, slide-sized).

    Parameters
    ----------
    runs
        Runs to overlay (member 0 of each); colour is the scenario.
    labels
        Scenario names for the legend (default: ``Results.scenario``).
    title
        Figure title (default: its message measured in the runs, :func:`message_title`,
        for up to :data:`MESSAGE_TITLE_MAX` scenarios, else :func:`default_title`).

    Returns
    -------
    matplotlib.figure.Figure
        Close it with ``matplotlib.pyplot.close(fig)`` when saved.
    """
    import matplotlib.pyplot as plt  # pyplot picks a backend: only when drawing

    runs = as_runs(runs)
    labels = run_labels(runs, labels)
    fig, axes = plt.subplots(2, 3, figsize=figsize, layout="constrained")
    for ax, panel in zip(axes.ravel(), PANELS.values(), strict=True):
        panel(runs, ax, labels=labels)
    markers = _mark_scenarios(fig, len(runs))
    # a class's figure (up to three scenarios) reads on a projector; more scenarios take
    # the room for their legend
    key_size = projector_points(figsize[0])
    if len(runs) <= TOP_LEGEND_MAX:
        _projector_keys(fig, key_size)
    if title is None:
        measured = len(runs) <= MESSAGE_TITLE_MAX and all("discontent" in r for r in runs)
        title = (message_title(runs, labels) if measured else None) or default_title(labels)
    fig.suptitle(title, fontsize=FONTS["suptitle"], fontweight="bold", y=0.997)
    handles = [Line2D([], [], color=colour(i), lw=4, marker=markers[i], ms=9)
               for i in range(len(runs))]  # fmt: skip
    # the ceasefire key is drawn as its lines are: in the scenario's colour when one
    # scenario has a ceasefire, else grey and said to be in each scenario's colour
    at_peace = [i for i, r in enumerate(runs) if ceasefire_year(r) is not None]
    key_colour = colour(at_peace[0]) if len(at_peace) == 1 else "0.3"
    handles += [Line2D([], [], color=key_colour, lw=1.6, linestyle=CEASEFIRE_STYLE)]
    entries = [*legend_labels(runs, labels), "ceasefire"]
    size = key_size if len(runs) <= TOP_LEGEND_MAX else FONTS["legend"] + 1
    legend = _fit_legend(fig, handles, entries, size)
    bottom_of_legend = legend.get_window_extent(fig.canvas.get_renderer()).y0 / fig.bbox.height
    fig.text(0.995, 0.005, ILLUSTRATIVE, ha="right", va="bottom", fontsize=FONTS["title"],
             fontweight="bold", color="#B00020",
             bbox={"boxstyle": "round", "fc": "white", "ec": "#B00020"})  # fmt: skip
    fig.text(0.005, 0.005, _provenance_line(runs, labels), ha="left", va="bottom",
             fontsize=FONTS["legend"], color="0.3")  # fmt: skip
    fig.get_layout_engine().set(h_pad=0.08, rect=(0, 0.035, 1, bottom_of_legend - 0.045))
    return fig


def dashboard(results: Runs, *, title: str | None = None) -> Figure:
    """The dashboard of one run (the comparison figure with a single scenario)."""
    return comparison_figure(results, title=title)
