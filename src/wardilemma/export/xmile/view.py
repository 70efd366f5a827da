"""The stock-and-flow diagram view of an XMILE export, placed by the layout of the
stock-and-flow diagram (:func:`wardilemma.figures.diagram_layout.stock_flow_layout`)."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

from wardilemma.export.xmile.equations import Context, flat_name, number
from wardilemma.export.xmile.variables import Var
from wardilemma.figures.diagram_layout import stock_flow_layout
from wardilemma.model import Model

#: Size of the diagram canvas (pixels) onto which the 0..1 layout is scaled.
_CANVAS = (2600.0, 1600.0)

#: Size of a stock's box (pixels; XMILE's default, which Simlin always draws): pipes end on
#: its edge, as in the files Stella and Simlin write.
_STOCK = (45.0, 35.0)


def sub(parent: ET.Element, tag: str, text: str | None = None, **attrib: str) -> ET.Element:
    """Append a child element with attributes and optional text (shared with the document)."""
    el = ET.SubElement(parent, tag, attrib)
    if text is not None:
        el.text = text
    return el


def _edge(centre: tuple[float, float], toward: tuple[float, float]) -> tuple[float, float]:
    """Where the line from a stock's centre toward a point leaves the stock's box."""
    dx, dy = toward[0] - centre[0], toward[1] - centre[1]
    scales = [half / abs(d) for half, d in ((_STOCK[0] / 2, dx), (_STOCK[1] / 2, dy)) if d]
    t = min([*scales, 1.0])
    return round(centre[0] + dx * t, 1), round(centre[1] + dy * t, 1)


def write_view(parent: ET.Element, variables: list[Var], ctx: Context, model: Model) -> None:
    """A stock-and-flow view placed by the diagram's own layout (one copy per region when
    flattened, side by side)."""
    layout = stock_flow_layout(model)
    placed = {v.name: v for v in variables if v.placed and v.name in layout}
    width, height = _CANVAS
    copies = ctx.regions if ctx.flatten else (None,)
    view = sub(parent, "view", type="stock_flow", page_width=number(width * len(copies)),
                page_height=number(height))  # fmt: skip
    ends: dict[str, list[str | None]] = {n: [None, None] for n, v in placed.items()
                                         if v.tag == "flow"}  # fmt: skip
    for v in placed.values():
        for f in v.outflows:
            ends.setdefault(f, [None, None])[0] = v.name
        for f in v.inflows:
            ends.setdefault(f, [None, None])[1] = v.name
    uid = 0
    for k, region in enumerate(copies):
        shift = k * width

        def name_of(n: str, region: str | None = region) -> str:
            return flat_name(n, region) if region and n in ctx.regional else n

        def xy(n: str, shift: float = shift) -> tuple[float, float]:
            x, y = layout[n]
            return round(shift + 40 + x * (width - 80), 1), round(40 + (1 - y) * (height - 80), 1)

        names = [n for n in placed if k == 0 or n in ctx.regional]
        for n in names:
            v = placed[n]
            x, y = xy(n)
            if v.tag == "stock":
                sub(view, "stock", name=name_of(n), x=number(x), y=number(y), label_side="bottom")
            elif v.tag == "aux":
                sub(view, "aux", name=name_of(n), x=number(x), y=number(y), label_side="bottom")
        for n in names:
            if placed[n].tag != "flow":
                continue
            source, target = ends.get(n, [None, None])
            x, y = xy(n)
            start = _edge(xy(source), (x, y)) if source in layout else (x - 60.0, y)
            end = _edge(xy(target), (x, y)) if target in layout else (x + 60.0, y)
            flow = sub(view, "flow", name=name_of(n), x=number(x), y=number(y),
                        label_side="bottom")  # fmt: skip
            pts = sub(flow, "pts")
            for px, py in (start, (x, y), end):
                sub(pts, "pt", x=number(px), y=number(py))
        deps = model.dependencies
        for effect in names:
            if placed[effect].tag == "stock":
                continue
            for cause in sorted(deps.get(effect, ())):
                if cause not in placed or cause == effect:
                    continue
                (x0, y0), (x1, y1) = xy(cause), xy(effect)
                uid += 1
                angle = math.degrees(math.atan2(y0 - y1, x1 - x0)) % 360
                conn = sub(view, "connector", uid=str(uid), angle=number(round(angle, 2)))
                sub(conn, "from", name_of(cause))
                sub(conn, "to", name_of(effect))
