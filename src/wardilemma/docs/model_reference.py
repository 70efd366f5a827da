"""The model reference ``docs/model.md`` (and ``docs/parameters.md``), rendered from the
model's declarations, so the reference cannot drift from the code (a test compares the
committed files with freshly rendered text). :mod:`wardilemma.docs.generate` writes them."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping

from wardilemma.docs.parameters import format_parameters
from wardilemma.model import WAR_ECONOMY, Model
from wardilemma.model.spec import Auxiliary, Element, Flow, Lookup, Parameter, Sector, Stock
from wardilemma.text import ILLUSTRATIVE, readable_number

__all__ = ["DOCUMENTS", "model_markdown"]

_GENERATED = (
    "> Generated from the model definition by `wardilemma docs` (`make docs`): "
    "do not edit by hand.\n> **{note}.** Every value is a teaching assumption or a public "
    "figure cited next to it."
)


def _value(default: float | Mapping[str, float]) -> str:
    if isinstance(default, Mapping):
        return ", ".join(f"{r} {readable_number(v)}" for r, v in default.items())
    return readable_number(default)


def _range(bounds: tuple[float, float] | None) -> str:
    if bounds is None:
        return "none"
    lo, hi = bounds
    right = ")" if math.isinf(hi) else "]"
    return f"[{readable_number(lo)}, {readable_number(hi)}{right}"


def _code(text: str) -> str:
    """Inline code, with whitespace collapsed (equations may be wrapped in the source)."""
    return "`" + " ".join(text.split()) + "`"


def _cell(text: str) -> str:
    """Text safe inside a markdown table cell."""
    return " ".join(str(text).split()).replace("|", "\\|")


def _names(names: Iterable[str]) -> str:
    names = list(names)
    return ", ".join(f"`{n}`" for n in names) if names else "none"


def _dimension(model: Model, name: str) -> str:
    return "regional" if name in model.regional else "national"


# --------------------------------------------------------------------------- one entry per kind


def _stock(model: Model, s: Stock) -> list[str]:
    return [
        f"#### `{s.name}`",
        "",
        s.doc,
        "",
        f"- units: `{s.units}`; {_dimension(model, s.name)}; bounds {_range(s.bounds)}",
        f"- initial value: {_code(s.initial)}",
        f"- inflows: {_names(s.inflows)}; outflows: {_names(s.outflows)}",
        f"- source: {s.source}",
        "",
    ]


def _flow(model: Model, f: Flow) -> list[str]:
    into = [n for n, s in model.stocks.items() if f.name in s.inflows]
    out_of = [n for n, s in model.stocks.items() if f.name in s.outflows]
    return [
        f"#### `{f.name}`",
        "",
        f.doc,
        "",
        f"- equation: {_code(f.equation)}",
        f"- units: `{f.units}`; {_dimension(model, f.name)}",
        f"- from {_names(out_of) if out_of else 'outside the model'} into "
        f"{_names(into) if into else 'outside the model'}",
        f"- source: {f.source}",
        "",
    ]


def _auxiliary(model: Model, a: Auxiliary) -> list[str]:
    bounds = f"; bounds {_range(a.bounds)}" if a.bounds is not None else ""
    return [
        f"#### `{a.name}`",
        "",
        a.doc,
        "",
        f"- equation: {_code(a.equation)}",
        f"- units: `{a.units}`; {_dimension(model, a.name)}{bounds}",
        f"- source: {a.source}",
        "",
    ]


def _lookup(model: Model, lk: Lookup) -> list[str]:
    points = ", ".join(f"({readable_number(x)}, {readable_number(y)})" for x, y in lk.points)
    return [
        f"#### `{lk.name}` (graphical function)",
        "",
        lk.doc,
        "",
        f"- input units `{lk.x_units}`, output units `{lk.y_units}`",
        f"- points: {points}; linear in between, clamped at both ends",
        f"- source: {lk.source}",
        "",
    ]


def _parameters(model: Model, params: list[Parameter]) -> list[str]:
    lines = [
        "| name | default | units | allowed | plausible | kind | meaning | source |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for p in params:
        kind = ", ".join(
            k
            for k, on in (("regional" if p.regional else "national", True), ("lever", p.lever))
            if on
        )
        plausible = _range(p.plausible) if p.plausible is not None else ""
        row = [
            f"`{p.name}`",
            _value(p.default),
            f"`{p.units}`",
            _range(p.allowed),
            plausible,
            kind,
            _cell(p.doc),
            _cell(p.source),
        ]
        lines.append("| " + " | ".join(row) + " |")
    return [*lines, ""]


#: Sections of a sector, in order: heading, element type, renderer of one element.
_SECTIONS: tuple[tuple[str, type, Callable[[Model, Element], list[str]]], ...] = (
    ("Stocks", Stock, _stock),
    ("Flows", Flow, _flow),
    ("Auxiliaries", Auxiliary, _auxiliary),
    ("Graphical functions (lookups)", Lookup, _lookup),
)


def _sector(model: Model, number: int, sector: Sector) -> list[str]:
    elements = [model.elements[el.name] for el in sector.elements]
    lines = [f"## {number}. {sector.title}", "", sector.doc, ""]
    for heading, kind, render in _SECTIONS:
        chosen = [el for el in elements if isinstance(el, kind)]
        if chosen:
            lines += [f"### {heading}", ""]
            for el in chosen:
                lines += render(model, el)
    params = [el for el in elements if isinstance(el, Parameter)]
    if params:
        lines += ["### Parameters", "", *_parameters(model, params)]
    return lines


def _summary(model: Model) -> list[str]:
    lines = [
        "| sector | stocks | flows | auxiliaries | lookups | parameters |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for i, sector in enumerate(model.sectors, 1):
        counts = [
            sum(isinstance(el, kind) for el in sector.elements)
            for kind in (Stock, Flow, Auxiliary, Lookup, Parameter)
        ]
        anchor = f"{i}. {sector.title}"
        lines.append(f"| {anchor} | " + " | ".join(str(c) for c in counts) + " |")
    return [*lines, ""]


def _hidden(model: Model) -> list[str]:
    if not model.hidden_stocks:
        return []
    lines = [
        "## Hidden stocks",
        "",
        "Stateful builtins (`smooth`, `smooth3`, `delay1`, `delay3`) are expanded into hidden "
        "stocks when the model is compiled, as Vensim and Stella do internally:",
        "",
    ]
    lines += [f"- `{h.name}` (in the equation of `{h.owner}`)" for h in model.hidden_stocks]
    return [*lines, ""]


def _channels(model: Model) -> list[str]:
    """The channels of discontent (:data:`wardilemma.model.discontent.CHANNELS`) that the
    model holds: what ``wardilemma explain`` attributes a gap to."""
    from wardilemma.model.discontent import CHANNELS

    held = [c for c in CHANNELS if c.variable in model.elements]
    if not held:
        return []
    lines = [
        "## Channels of discontent",
        "",
        "The terms of `discontent_pressure`, one channel each: `wardilemma explain A B` holds "
        "each at its value on path A, in every combination, and gives each its exact Shapley "
        "share of the gap in a metric.",
        "",
        "| channel | variable | label | meaning |",
        "| --- | --- | --- | --- |",
    ]
    lines += [f"| `{c.name}` | `{c.variable}` | {_cell(c.label)} | {_cell(c.doc)} |" for c in held]
    return [*lines, ""]


def model_markdown(model: Model = WAR_ECONOMY) -> str:
    """The model reference as markdown: every element, grouped by sector.

    Parameters
    ----------
    model
        The compiled model (default: the war-economy model).

    Returns
    -------
    str
        The text of ``docs/model.md``, ending with a newline.
    """
    lines = [
        f"# Model reference: {model.name}",
        "",
        _GENERATED.format(note=ILLUSTRATIVE),
        "",
        "Time is in months; money flows in trillion roubles per year and money stocks in "
        "trillion roubles (constant 2024 prices unless a variable says nominal); people in "
        "persons; indices are dimensionless. Default regions: "
        + ", ".join(f"`{r}`" for r in model.regions)
        + ". A *regional* variable has one value per region, a *national* one a single value. "
        "Equations are written in the expression language of `wardilemma.language`.",
        "",
        *_summary(model),
    ]
    for i, sector in enumerate(model.sectors, 1):
        lines += _sector(model, i, sector)
    lines += _channels(model)
    lines += _hidden(model)
    return "\n".join(lines).rstrip("\n") + "\n"


def _parameters_markdown(model: Model = WAR_ECONOMY) -> str:
    """``docs/parameters.md``: the parameter reference of :mod:`wardilemma.docs.parameters`."""
    return format_parameters(model, "markdown")


#: The generated documents: file name -> generator.
DOCUMENTS: dict[str, Callable[[Model], str]] = {
    "model.md": model_markdown,
    "parameters.md": _parameters_markdown,
}
