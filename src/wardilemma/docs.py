"""Generated documentation: the model reference ``docs/model.md`` (and ``docs/parameters.md``).

Everything is derived from the model's declarations, so the reference cannot drift from the
code: a test compares the committed file with freshly generated text.

Usage::

    python -m wardilemma.docs            # write docs/model.md and docs/parameters.md
    python -m wardilemma.docs --check    # exit 1 if a committed file is out of date
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from .model import WAR_ECONOMY, Model
from .model.spec import Auxiliary, Element, Flow, Lookup, Parameter, Sector, Stock
from .reference import format_parameters
from .text import ILLUSTRATIVE

__all__ = ["DOCUMENTS", "format_number", "main", "model_markdown", "write_docs"]

_GENERATED = (
    "> Generated from the model definition by `python -m wardilemma.docs` (`make docs`): "
    "do not edit by hand.\n> **{note}.** Every value is a teaching assumption or a public "
    "figure cited next to it."
)


# --------------------------------------------------------------------------- formatting


def format_number(x: float) -> str:
    """Short, exact-enough display: ``24,000,000``, ``0.016``, ``1e+12``, ``∞``."""
    if math.isinf(x):
        return "∞" if x > 0 else "-∞"
    if float(x).is_integer() and abs(x) < 1e10:
        return f"{int(x):,}"
    return f"{x:.4g}"


def _value(default: float | Mapping[str, float]) -> str:
    if isinstance(default, Mapping):
        return ", ".join(f"{r} {format_number(v)}" for r, v in default.items())
    return format_number(default)


def _range(bounds: tuple[float, float] | None) -> str:
    if bounds is None:
        return "none"
    lo, hi = bounds
    right = ")" if math.isinf(hi) else "]"
    return f"[{format_number(lo)}, {format_number(hi)}{right}"


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
    points = ", ".join(f"({format_number(x)}, {format_number(y)})" for x, y in lk.points)
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
    lines += _hidden(model)
    return "\n".join(lines).rstrip("\n") + "\n"


def _parameters_markdown(model: Model = WAR_ECONOMY) -> str:
    """``docs/parameters.md``: the parameter reference of :mod:`wardilemma.reference`."""
    return format_parameters(model, "markdown")


#: The generated documents: file name -> generator.
DOCUMENTS: dict[str, Callable[[Model], str]] = {
    "model.md": model_markdown,
    "parameters.md": _parameters_markdown,
}


# --------------------------------------------------------------------------- entry point


def write_docs(out: Path, *, check: bool = False, model: Model = WAR_ECONOMY) -> list[str]:
    """Write (or, with ``check``, compare) every generated document under ``out``.

    Returns
    -------
    list of str
        With ``check``: the files that are missing or out of date; otherwise the files
        written.
    """
    touched = []
    for filename, generate in DOCUMENTS.items():
        text = generate(model)
        path = out / filename
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                touched.append(str(path))
        else:
            out.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            touched.append(str(path))
    return touched


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m wardilemma.docs [--check] [--out DIR]``."""
    parser = argparse.ArgumentParser(prog="python -m wardilemma.docs", description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("docs"), help="output directory")
    parser.add_argument(
        "--check", action="store_true", help="compare with the files on disk; do not write"
    )
    args = parser.parse_args(argv)
    touched = write_docs(args.out, check=args.check)
    if args.check:
        for path in touched:
            print(f"out of date: {path} (run: python -m wardilemma.docs)", file=sys.stderr)
        return 1 if touched else 0
    for path in touched:
        print(f"wrote {path}")
    root = Path(__file__).resolve().parents[2]
    if args.out.resolve() == (root / "docs").resolve():  # the repository's own docs
        for path in write_generated_files():
            print(f"wrote {path}")
    return 0


def write_generated_files() -> list[Path]:
    """Regenerate every other file derived from the model: the commented baseline scenario,
    the JSON Schema, the XMILE export, the diagrams and the README figure (``make docs``
    runs this after the reference documents, one command after a model change)."""
    from .diagram import write_diagram
    from .reference import generated_files
    from .scenario import load_scenario
    from .xmile import export_model

    root = Path(__file__).resolve().parents[2]
    docs = root / "docs"
    written = []
    for relative, text in generated_files(WAR_ECONOMY).items():
        (root / relative).write_text(text, encoding="utf-8")
        written.append(root / relative)
    baseline = load_scenario(root / "scenarios" / "baseline.toml")
    written.append(export_model(baseline, docs / "baseline.xmile"))
    for kind, stem in (("stock-flow", "stock_flow"), ("causal", "causal_loops")):
        for ext in ("png", "svg"):
            written.append(write_diagram(docs / f"{stem}.{ext}", kind=kind))
    written.append(write_readme_figure(root))
    from .uncertainty.studies import write_docs_figures

    written += write_docs_figures(docs)
    written.extend(write_dominance_figure(root))
    return written


def write_dominance_figure(root: Path) -> list[Path]:
    """The README's loop-dominance figure and phase table (war continues, sudden peace)."""
    import matplotlib

    matplotlib.use("Agg")
    from .dominance import write_dominance
    from .scenario import load_scenario

    runs = [
        load_scenario(root / "scenarios" / f"{n}.toml") for n in ("war_continues", "sudden_peace")
    ]
    _, paths = write_dominance(runs, root / "docs")
    return list(paths.values())


def write_readme_figure(root: Path) -> Path:
    """The README's figure: war continues against sudden peace (what ``make demo`` draws)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from .engine import simulate
    from .outputs import save_figure
    from .plots import comparison_figure
    from .scenario import load_scenario

    runs = [
        simulate(load_scenario(root / "scenarios" / f"{name}.toml"))
        for name in ("war_continues", "sudden_peace")
    ]
    fig = comparison_figure(runs)
    path = save_figure(fig, root / "docs" / "comparison.png", runs=runs)
    plt.close(fig)
    return path


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
