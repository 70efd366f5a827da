"""The parameter reference and scenario templates, generated from the model definition.

About 440 lines in one module: the reference and the templates are written from the same
rows and formats (``month_text``, defaults, sector titles), and the reference's ``toml``
format is the baseline template itself.

Nothing here lists parameters by hand: rows, tables, the baseline scenario and the template
of ``wardilemma new`` all come from ``model.parameters``, so they never drift from the model.

* :func:`parameter_rows` - one plain dict per parameter;
* :func:`format_parameters` - the reference as ``table``, ``markdown``, ``json`` or ``toml``
  (the last is the baseline scenario, every parameter at its default);
* :func:`baseline_toml` and :func:`new_scenario_toml` - scenario files to copy and edit.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable, Mapping
from dataclasses import fields
from typing import Any

from wardilemma.model import Model
from wardilemma.model.spec import Parameter
from wardilemma.results import month_label
from wardilemma.scenario import Scenario, ScheduleSpec
from wardilemma.scenario.schema import describe_parameter, is_date_lever
from wardilemma.text import ILLUSTRATIVE, fmt_number

__all__ = [
    "DATES_NOTE",
    "DEFAULT_START",
    "FORMATS",
    "baseline_toml",
    "format_parameters",
    "month_text",
    "new_scenario_toml",
    "parameter_rows",
    "toml_number",
]

_WIDTH = 100

#: The first month of a run that does not say (``[simulation] start`` of the baseline): the
#: calendar in which ``wardilemma params`` shows the months of the run.
DEFAULT_START: str = next(f.default for f in fields(Scenario) if f.name == "start")

#: How the reference says which calendar its dates are in.
DATES_NOTE = (
    f"Months of the run (parameters named *_month) are shown as the calendar month they fall "
    f"in for a run that starts in {DEFAULT_START} (the baseline's start; a scenario from the "
    "history starts in 2022-01, so the same number is a different month there); *never* is "
    "beyond any run. Scenario files take a number of months since the start or a date "
    '"YYYY-MM".'
)


def month_text(p: Parameter, value: Any, start: str = DEFAULT_START) -> str:
    """A month of the run as people read it: ``"YYYY-MM"`` from ``start``, or ``"never"``
    at the top of its allowed range (the sentinel: beyond any run)."""
    if float(value) >= p.allowed[1]:
        return "never"
    return month_label(start, float(value))


def parameter_rows(model: Model) -> list[dict[str, Any]]:
    """One row per parameter, in declaration order.

    Returns
    -------
    list of dict
        Keys: ``name``, ``sector``, ``default`` (float or ``{region: float}``),
        ``default_date`` (a month of the run, ``accepts_date``: the default as the calendar
        month ``"YYYY-MM"`` it falls in for a run from :data:`DEFAULT_START`, or ``"never"``
        beyond any run; else ``None``), ``units``, ``allowed`` (``[low, high]``),
        ``plausible`` (``[low, high]`` or ``None``), ``uncertain`` (``[low, high]`` or
        ``None``), ``lever``, ``regional``, ``integer``, ``accepts_date``, ``meaning``,
        ``source``.
    """
    rows = []
    for name, p in model.parameters.items():
        default = (
            {r: float(v) for r, v in p.default.items()}
            if isinstance(p.default, Mapping)
            else float(p.default)
        )
        rows.append(
            {
                "name": name,
                "sector": p.sector,
                "default": default,
                "default_date": month_text(p, p.default) if is_date_lever(p) else None,
                "units": p.units,
                "allowed": [float(p.allowed[0]), float(p.allowed[1])],
                "plausible": [float(x) for x in p.plausible] if p.plausible else None,
                "uncertain": [float(x) for x in p.uncertain] if p.uncertain else None,
                "lever": p.lever,
                "regional": p.regional,
                "integer": p.integer,
                "accepts_date": is_date_lever(p),
                "meaning": p.doc,
                "source": p.source,
            }
        )
    return rows


def format_parameters(model: Model, fmt: str = "table") -> str:
    """The parameter reference as text.

    Parameters
    ----------
    model
        The model whose parameters are listed (``WAR_ECONOMY``).
    fmt
        A key of :data:`FORMATS`: ``"table"`` (terminal), ``"markdown"`` (docs/parameters.md),
        ``"json"`` or ``"toml"`` (the baseline scenario file).

    Raises
    ------
    ValueError
        For an unknown ``fmt``.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    return FORMATS[fmt](model)


# ---------------------------------------------------------------------- formats


def _range(pair: Any) -> str:
    return "" if pair is None else f"{fmt_number(pair[0])} .. {fmt_number(pair[1])}"


def _default(value: Any, date: str | None = None) -> str:
    if date is not None:
        return date
    if isinstance(value, Mapping):
        return ", ".join(f"{r}: {fmt_number(v)}" for r, v in value.items())
    return fmt_number(value)


def _sector_titles(model: Model) -> dict[str, str]:
    return {s.key: s.title for s in model.sectors}


def _table(model: Model) -> str:
    rows = parameter_rows(model)
    head = ("name", "default", "units", "allowed", "plausible", "lever", "regional")
    cells = [
        (
            r["name"],
            _default(r["default"], r["default_date"]),
            r["units"],
            _range(r["allowed"]),
            _range(r["plausible"]),
            "yes" if r["lever"] else "",
            "yes" if r["regional"] else "",
        )
        for r in rows
    ]
    widths = [max(len(head[i]), *(len(c[i]) for c in cells)) for i in range(len(head))]
    line = "  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True))
    note = textwrap.wrap(DATES_NOTE, _WIDTH)
    out = [f"Model parameters ({ILLUSTRATIVE})", "", *note, "", line, "-" * len(line)]
    titles = _sector_titles(model)
    sector = None
    for row, cell in zip(rows, cells, strict=True):
        if row["sector"] != sector:
            sector = row["sector"]
            out += ["", f"[{titles.get(sector, sector)}]"]
        out.append("  ".join(c.ljust(w) for c, w in zip(cell, widths, strict=True)).rstrip())
        out.append(f"    {row['meaning']}  (source: {row['source']})")
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _markdown(model: Model) -> str:
    rows = parameter_rows(model)
    out = [
        "# Parameter reference",
        "",
        f"*{ILLUSTRATIVE}.* Every parameter of the model, generated from the model definition "
        "by `wardilemma params --format markdown` (do not edit by hand; a test keeps this file "
        "in sync).",
        "",
        "Set any parameter under `[parameters]` of a scenario file; levers (policy choices) "
        "go under `[policy]` and may follow a schedule. Regional parameters take one number "
        "for every region or a table `{ provinces = ..., capitals = ... }`. Values outside "
        "*allowed* are errors; values outside *plausible* get a warning. *Uncertain* is "
        "the range of a disputed figure or weakly grounded link, which the baseline puts "
        "into `[uncertainty]` for Monte Carlo runs.",
        "",
        DATES_NOTE,
    ]
    titles = _sector_titles(model)
    for sector in dict.fromkeys(r["sector"] for r in rows):
        out += [
            "",
            f"## {titles.get(sector, sector)}",
            "",
            "| Parameter | Default | Units | Allowed | Plausible | Uncertain | Lever | Regional "
            "| Meaning | Source |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        ]
        for r in (r for r in rows if r["sector"] == sector):
            out.append(
                f"| `{r['name']}` | {_md(_default(r['default'], r['default_date']))} | "
                f"`{r['units']}` | "
                f"{_range(r['allowed'])} | {_range(r['plausible'])} | "
                f"{_range(r['uncertain'])} | {'yes' if r['lever'] else ''} | "
                f"{'yes' if r['regional'] else ''} | "
                f"{_md(r['meaning'])} | {_md(r['source'])} |"
            )
    return "\n".join(out) + "\n"


def _json(model: Model) -> str:
    payload = {
        "note": ILLUSTRATIVE,
        "model": model.name,
        "start": DEFAULT_START,
        "dates": DATES_NOTE,
        "parameters": parameter_rows(model),
    }
    return json.dumps(payload, indent=2) + "\n"


#: Output formats of the parameter reference, by name.
FORMATS: dict[str, Callable[[Model], str]] = {
    "table": _table,
    "markdown": _markdown,
    "json": _json,
    "toml": lambda model: baseline_toml(model),
}


# ---------------------------------------------------------------------- TOML writing


def toml_number(x: float) -> str:
    """A float as short, exact TOML: ``3.6e6``, ``0.25``, ``120.0``, ``1.0e12``."""
    x = float(x)
    if x == 0:
        return "0.0"
    if 1e-3 <= abs(x) < 1e4:
        return repr(x)
    for digits in range(17):
        mantissa, exponent = f"{x:.{digits}e}".split("e")
        if float(f"{mantissa}e{exponent}") == x:
            break
    if "." not in mantissa:
        mantissa += ".0"
    return f"{mantissa}e{int(exponent)}"


def toml_date(month: float, start: str | None) -> str:
    """A whole month since ``start`` as a ``"YYYY-MM"`` TOML string (else the number)."""
    if start is None or not float(month).is_integer():
        return toml_number(month)
    year, first = map(int, start.split("-"))
    total = year * 12 + first - 1 + int(month)
    return f'"{total // 12:04d}-{total % 12 + 1:02d}"'


def toml_value(value: Any, start: str | None = None) -> str:
    """A scenario value (number, string, region table, schedule) as inline TOML; with
    ``start``, a schedule's whole months are written as ``"YYYY-MM"`` dates."""
    if isinstance(value, ScheduleSpec):
        at = ", ".join(toml_date(m, start) for m in value.months)
        vals = ", ".join(toml_value(v) for v in value.values)
        interp = "" if value.interpolation == "step" else ', interpolation = "linear"'
        return f"{{ at = [{at}], value = [{vals}]{interp} }}"
    if isinstance(value, Mapping):
        return "{ " + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + " }"
    if isinstance(value, str):
        return json.dumps(value)
    return toml_number(value)


def _comment(text: str, indent: str = "") -> list[str]:
    return textwrap.wrap(
        text, _WIDTH, initial_indent=f"{indent}# ", subsequent_indent=f"{indent}#   "
    )


def _parameter_block(p: Parameter, value: Any) -> list[str]:
    lines = _comment(p.doc)
    detail = describe_parameter(p, schedule=p.lever)
    if p.plausible:
        detail += f"; plausible {fmt_number(p.plausible[0])} to {fmt_number(p.plausible[1])}"
    lines += _comment(detail)
    lines += _comment(f"Source: {p.source}")
    line = f"{p.name} = {toml_value(value)}"
    if is_date_lever(p) and not isinstance(value, ScheduleSpec | Mapping):
        when = month_text(p, value)
        line += "  # never (beyond any run)" if when == "never" else f"  # {when}"
    lines.append(line)
    return lines


def _simulation_defaults() -> dict[str, Any]:
    names = ("start", "months", "dt", "method")
    return {f.name: f.default for f in fields(Scenario) if f.name in names}


def baseline_toml(model: Model) -> str:
    """The baseline scenario: every parameter at its default, commented (scenarios/baseline.toml).

    Levers go under ``[policy]``, the other parameters under ``[parameters]``, grouped by
    sector, each with its meaning, units, ranges and source.
    """
    sim = _simulation_defaults()
    out = [
        "#:schema ../docs/scenario.schema.json",
        "# Baseline: every parameter of the model at its default value.",
        "# Question: what does the model do with its default assumptions? The war goes on at",
        "# its 2025 intensity and no lever is pulled.",
        f"# {ILLUSTRATIVE}.",
        "#",
        "# GENERATED from the model definition by `wardilemma params --format toml`: do not edit",
        "# by hand (a test keeps it in sync). To explore, run `wardilemma new NAME`, which writes",
        "# a file that extends this one, or copy the lines you need into your own scenario.",
        "",
        "[scenario]",
        'name = "baseline"',
        'description = "All defaults: the war goes on at its 2025 intensity."',
        "",
        "[simulation]",
        f'start = "{sim["start"]}"  # first month of the run, "YYYY-MM"',
        f"months = {toml_number(sim['months'])}  # length of the run, months",
        f"dt = {toml_number(sim['dt'])}  # time step, months (a month is a whole number of steps)",
        f'method = "{sim["method"]}"  # integrator: euler or rk4',
    ]
    titles = _sector_titles(model)
    for section, levers in (("parameters", False), ("policy", True)):
        out += ["", f"[{section}]"]
        if levers:
            out += _comment(
                "Policy levers. Each is a constant or a schedule, e.g. "
                'bonus_rub = { at = ["2026-01", "2026-07"], value = [2.0e6, 1.0e6] } '
                '(dates "YYYY-MM" or months since the start; interpolation = "step" or '
                '"linear").'
            )
        sector = None
        for p in model.parameters.values():
            if p.lever != levers:
                continue
            if p.sector != sector:
                sector = p.sector
                out += ["", f"# ---- {titles.get(sector, sector)}"]
            out += ["", *_parameter_block(p, p.default)]
    out += _uncertainty_block(model)
    return "\n".join(out) + "\n"


def _uncertainty_block(model: Model) -> list[str]:
    """``[uncertainty]``: the declared range of every disputed figure or weakly grounded
    link (``Parameter.uncertain``), as uniform distributions for Monte Carlo runs."""
    uncertain = [p for p in model.parameters.values() if p.uncertain is not None]
    if not uncertain:
        return []
    out = ["", "[uncertainty]"]
    out += _comment(
        "Ranges of disputed figures and weakly grounded links, as uniform distributions for "
        "Monte Carlo runs (single runs use the values above). Sources conflict or give only "
        "bounds; see DOMAIN_FIGURES.md."
    )
    for p in uncertain:
        lo, hi = p.uncertain  # type: ignore[misc]
        out += ["", *_comment(f"{p.name}: {p.source}")]
        out.append(
            f'{p.name} = {{ dist = "uniform", low = {toml_number(lo)}, high = {toml_number(hi)} }}'
        )
    return out


def new_scenario_toml(
    name: str, extends: str, parent: Scenario, model: Model, schema: str | None = None
) -> str:
    """A new scenario file that extends ``parent`` with every lever present, commented out.

    Parameters
    ----------
    name
        The scenario's name.
    extends
        Path of the parent file relative to the new file.
    parent
        The parent scenario (its values are shown in the comments).
    schema
        Path of the JSON Schema relative to the new file, for a ``#:schema`` line.
    """
    out = [f"#:schema {schema}"] if schema else []
    out += [
        f"# {name}: what question does this scenario answer? Say it here.",
        f"# {ILLUSTRATIVE}.",
        f"# Extends {extends}: only what you set here differs from it.",
        "# Check it with `wardilemma validate FILE`; see `wardilemma params` for every parameter.",
        "",
        "[scenario]",
        f"name = {json.dumps(name)}",
        'description = ""',
        f"extends = {json.dumps(extends)}",
        "",
        "# [simulation]",
        f'# start = "{parent.start}"',
        f"# months = {toml_number(parent.months)}",
        "",
        "[parameters]",
        "# Any model parameter, e.g. casualty_rate = 0.02 (see `wardilemma params`).",
        "",
        "[policy]",
        "# Uncomment and edit the levers to change. The values shown are those of the parent.",
        '# A schedule: bonus_rub = { at = ["2026-01", "2026-07"], value = [2.0e6, 1.0e6] }',
    ]
    for lever_name, p in model.parameters.items():
        if not p.lever:
            continue
        value: Any = parent.schedules.get(lever_name)
        if value is None:
            value = parent.parameters.get(lever_name, p.default)
        out += ["", *_comment(f"{p.doc} [{p.units}]")]
        if is_date_lever(p) and not isinstance(value, ScheduleSpec | Mapping):
            shown = toml_date(value, parent.start) if value < p.allowed[1] else toml_value(value)
        else:
            shown = toml_value(value, parent.start)
        out.append(f"# {lever_name} = {shown}")
    out += [
        "",
        "# A new region, starting from a copy of an existing one:",
        "# [regions.samara]",
        '# like = "provinces"',
        "# population = 3.1e6",
        "",
        "# Uncertain parameters (for Monte Carlo runs):",
        "# [uncertainty]",
        '# casualty_rate = { dist = "uniform", low = 0.01, high = 0.025 }',
    ]
    return "\n".join(out) + "\n"
