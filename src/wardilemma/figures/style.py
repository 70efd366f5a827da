"""The house style of every figure, so that a figure reads at a glance:

* **colour is the scenario** (colour-blind-safe Okabe-Ito palette, same order everywhere:
  :func:`colour`);
* **line style is the variable or region** inside a panel (:data:`LINESTYLES`);
* a ceasefire is a vertical line in the scenario's colour (:data:`CEASEFIRE_STYLE`);
* every text is at least 11 points, so a figure reads on a slide (:data:`FONTS`).
"""

from __future__ import annotations

__all__ = ["CEASEFIRE_STYLE", "FONTS", "LINESTYLES", "PALETTE", "SLIDE_SIZE", "colour"]

#: Figure size in inches for slides (16:9).
SLIDE_SIZE = (16.0, 9.0)

#: Okabe-Ito colours (colour-blind safe), then three of Paul Tol's muted scheme, so ten
#: scenarios get ten colours.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000",
           "#882255", "#999933", "#332288")  # fmt: skip
#: Line styles for the variables (or regions) inside one panel.
LINESTYLES = ("-", "--", ":", "-.")
#: Line style of the ceasefire marker.
CEASEFIRE_STYLE = (0, (6, 2, 1, 2))

#: Font sizes in points (all >= 11 so the figure reads on a slide).
FONTS = {"tick": 12, "label": 12, "legend": 11, "title": 14, "suptitle": 18, "note": 12}


def colour(i: int) -> str:
    """Colour of the ``i``-th scenario."""
    return PALETTE[i % len(PALETTE)]
