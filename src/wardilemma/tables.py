"""Tables of runs and scenarios: key metrics side by side, and what differs between
scenarios. A :class:`Table` renders as text, CSV or markdown (:data:`TABLE_FORMATS`)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from wardilemma.engine.inputs import own_inputs
from wardilemma.metrics import KEY_METRICS, METRICS, compute_metrics
from wardilemma.model import WAR_ECONOMY
from wardilemma.results import Results, month_label, same_paths
from wardilemma.scenario import Scenario, load_scenario
from wardilemma.scenario.schema import is_date_lever
from wardilemma.text import ILLUSTRATIVE, readable_number

__all__ = [
    "TABLE_FORMATS",
    "SummaryRow",
    "Table",
    "comparison_table",
    "metrics_summary",
    "parameter_differences",
    "parameter_text",
    "parent_differences",
    "run_labels",
]


@dataclass(frozen=True)
class Table:
    """A small table of strings with a title (rendered by :data:`TABLE_FORMATS`)."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def render(self, fmt: str = "text") -> str:
        """The table as ``"text"``, ``"csv"`` or ``"markdown"``."""
        if fmt not in TABLE_FORMATS:
            raise ValueError(f"unknown table format {fmt!r}; choose from {list(TABLE_FORMATS)}")
        return TABLE_FORMATS[fmt](self)


#: Value cells longer than this make :func:`_table_text` print one block per row, not columns.
WIDE_CELL = 40


def _table_blocks(table: Table) -> str:
    """One block per row: ``label [units]`` then ``  column: value`` lines (for wide cells)."""
    lines = [table.title, ""]
    for row in table.rows:
        lines.append(f"{row[0]} [{row[1]}]" if row[1] else row[0])
        width = max(len(c) for c in table.columns[2:])
        lines += [
            f"  {c.ljust(width)}  {v}" for c, v in zip(table.columns[2:], row[2:], strict=True)
        ]
    return "\n".join([*lines, ILLUSTRATIVE + "."]) + "\n"


def _table_text(table: Table) -> str:
    if any(len(cell) > WIDE_CELL for row in table.rows for cell in row[2:]):
        return _table_blocks(table)
    widths = [len(c) for c in table.columns]
    for row in table.rows:
        widths = [max(w, len(cell)) for w, cell in zip(widths, row, strict=True)]

    def line(cells: Sequence[str]) -> str:  # two label columns left, values right
        left = [c.ljust(w) for c, w in zip(cells[:2], widths[:2], strict=False)]
        right = [c.rjust(w) for c, w in zip(cells[2:], widths[2:], strict=True)]
        return "  ".join([*left, *right]).rstrip()

    rule = "  ".join("-" * w for w in widths)
    body = [line(table.columns), rule, *(line(r) for r in table.rows)]
    return "\n".join([table.title, *body, ILLUSTRATIVE + "."]) + "\n"


def _table_csv(table: Table) -> str:
    buf = io.StringIO()
    buf.write(f"# {ILLUSTRATIVE}\n# {table.title}\n")
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(table.columns)
    writer.writerows(table.rows)
    return buf.getvalue()


def _md_cell(cell: str) -> str:
    return cell.replace("|", "\\|")


def _table_markdown(table: Table) -> str:
    head = "| " + " | ".join(_md_cell(c) for c in table.columns) + " |"
    align = "| " + " | ".join(["---", "---"] + ["---:"] * (len(table.columns) - 2)) + " |"
    rows = ["| " + " | ".join(_md_cell(c) for c in r) + " |" for r in table.rows]
    return (
        "\n".join([f"### {table.title}", "", head, align, *rows, "", f"*{ILLUSTRATIVE}.*"]) + "\n"
    )


#: Table renderers by name.
TABLE_FORMATS: dict[str, Callable[[Table], str]] = {
    "text": _table_text,
    "csv": _table_csv,
    "markdown": _table_markdown,
}


def run_labels(names: Sequence[str]) -> list[str]:
    """Column labels for runs: the scenario names, numbered when two are the same."""
    labels = []
    for i, name in enumerate(names):
        label = name or f"run {i + 1}"
        if list(names).count(name) > 1:
            label = f"{label} ({names[: i + 1].count(name)})"
        labels.append(label)
    return labels


#: First row of a comparison table when some runs have identical paths.
SAME_PATHS_ROW = "Same paths as (identical run)"


def comparison_table(
    runs: Sequence[Results],
    names: Sequence[str] = KEY_METRICS,
    labels: Sequence[str] | None = None,
) -> Table:
    """Key metrics of several runs side by side (one column per run, one row per metric
    and region). The first run is the reference (the title says so); when a run has the
    same paths as an earlier one, a first row :data:`SAME_PATHS_ROW` names it.

    Parameters
    ----------
    runs
        The runs to compare (member 0 of each).
    names
        Metric names (keys of :data:`~wardilemma.metrics.METRICS`).
    labels
        Column headings (default: the scenario names).
    """
    labels = list(labels) if labels is not None else run_labels([r.scenario for r in runs])
    if len(labels) != len(runs):
        raise ValueError(f"need one label per run: {len(labels)} labels, {len(runs)} runs")
    cells: dict[tuple[str, str], dict[int, str]] = {}
    for i, res in enumerate(runs):
        for mv in compute_metrics(res, names):
            cells.setdefault((mv.metric.name, mv.region), {})[i] = mv.text
    order = {n: i for i, n in enumerate(names)}
    rows = []
    for name, region in sorted(cells, key=lambda key: order[key[0]]):  # stable: region order
        m = METRICS[name]
        label = m.label if not region else f"{m.label} ({region})"
        units = "date" if m.kind == "month" else m.units
        by_run = cells[(name, region)]
        rows.append((label, units, *(by_run.get(i, "n/a") for i in range(len(runs)))))
    twins = same_paths(runs)
    if any(t is not None for t in twins):  # lines that hide each other in the figures
        same = tuple(labels[t] if t is not None else "" for t in twins)
        rows.insert(0, (SAME_PATHS_ROW, "", *same))
    title = f"Key metrics by scenario (reference: {labels[0]}, the first column)"
    return Table(title, ("metric", "units", *labels), tuple(rows))


def _metric_column(mv: Any) -> str:
    """``"peak_discontent[provinces] (index 0-1)"``: the metric, its region and its units."""
    m = mv.metric
    where = f"[{mv.region}]" if mv.region else ""
    units = "months since start" if m.kind == "month" else m.units
    return f"{m.name}{where} ({units})"


@dataclass(frozen=True)
class SummaryRow:
    """One input of a batch for :func:`metrics_summary`: its file, what became of it
    (``ok``, ``kept``, ``invalid``, ``failed``), the message of a bad one and its run (the
    metrics' variables are enough), None when it did not run."""

    file: str
    status: str = "ok"
    message: str = ""
    run: Results | None = None


def _summary_cells(res: Results, names: Sequence[str] | None, columns: dict[str, None]) -> dict:
    """A run's metric cells: the value, or an ensemble's median over its members (of those
    in which the metric happens); empty for a metric that never happens."""
    per_member: dict[str, list[float]] = {}
    for member in range(res.n_members):
        for mv in compute_metrics(res, names, member=member):
            key = _metric_column(mv)
            columns.setdefault(key)
            per_member.setdefault(key, []).append(np.nan if mv.value is None else mv.value)
    row = {}
    for key, vals in per_member.items():
        arr = np.asarray(vals, dtype=float)
        value = np.nanmedian(arr) if np.isfinite(arr).any() else np.nan
        row[key] = repr(float(value)) if np.isfinite(value) else ""
    return row


#: Columns of :func:`metrics_summary` before the metrics.
SUMMARY_COLUMNS = ("scenario", "file", "status", "message", "same_paths_as", "scenario_sha256",
                   "members")  # fmt: skip


def metrics_summary(
    rows: Sequence[SummaryRow | Results], names: Sequence[str] | None = None
) -> Table:
    """One row per input and one column per metric (and region), with units in the header:
    the ``summary.csv`` of a batch. Numbers are written in full (``repr``); a metric that
    never happens (reserves that never run out) is an empty cell. For an ensemble the row
    holds the median over its members (of those in which the metric happens).

    Every input has its row: ``status`` says what became of it and ``message`` why a bad
    one did not run, on one line (its metric cells are empty). ``same_paths_as`` names the
    file of an earlier run with the same paths (for example war continues and the baseline:
    the same run under two names), as the legends and tables of a comparison do.

    Parameters
    ----------
    rows
        :class:`SummaryRow` per input, or plain runs (status ``ok``, the file from the run's
        metadata).
    names
        Metric names (default: every metric of :data:`~wardilemma.metrics.METRICS`).
    """
    items = [
        r if isinstance(r, SummaryRow)
        else SummaryRow(str(r.metadata.get("scenario_file", "")), run=r)
        for r in rows
    ]  # fmt: skip
    ran = [i for i, item in enumerate(items) if item.run is not None]
    runs = [items[i].run for i in ran]
    labels = dict(zip(ran, run_labels([r.scenario for r in runs]), strict=True))  # type: ignore[union-attr]
    twins = dict(zip(ran, same_paths(runs), strict=True))  # type: ignore[arg-type]
    columns: dict[str, None] = {}
    cells = {i: _summary_cells(items[i].run, names, columns) for i in ran}  # type: ignore[arg-type]
    table_rows = []
    for i, item in enumerate(items):
        res = item.run
        twin = twins.get(i)
        table_rows.append((
            labels[i] if res is not None else Path(item.file).stem,
            item.file,
            item.status,
            " / ".join(line.strip() for line in item.message.splitlines() if line.strip()),
            "" if twin is None else items[ran[twin]].file,
            "" if res is None else str(res.metadata.get("scenario_sha256", "")),
            "" if res is None else str(res.n_members),
            *(cells[i].get(c, "") if res is not None else "" for c in columns),
        ))  # fmt: skip
    title = (
        "Metrics of every input (one row per scenario file; status ok, kept, invalid or "
        "failed; an ensemble's row is the median of its members; month columns count from "
        "the start)"
    )
    return Table(title, (*SUMMARY_COLUMNS, *columns), tuple(table_rows))


def parameter_text(name: str, value: float, start: str) -> str:
    """A parameter's value as people read it: a month lever (``ceasefire_month``) as the
    calendar month ``YYYY-MM`` it falls in, anything else as a number."""
    p = WAR_ECONOMY.parameters.get(name)
    if p is not None and is_date_lever(p):
        return month_label(start, value)
    return readable_number(value)


def _value_text(name: str, row: np.ndarray, regions: Sequence[str], sc: Scenario) -> str:
    def one(v: float) -> str:
        if is_date_lever(WAR_ECONOMY.parameters[name]):
            if v >= sc.months:
                return "never (after the run)"
            return f"{month_label(sc.start, v)} (month {v:g})"
        return readable_number(v)

    if np.all(row == row[0]):
        return one(float(row[0]))
    return "; ".join(f"{r} {one(float(v))}" for r, v in zip(regions, row, strict=True))


def _schedule_text(spec: Any, sc: Scenario) -> str:
    points = []
    for month, value in zip(spec.months, spec.values, strict=True):
        v = (
            ", ".join(f"{r} {readable_number(float(x))}" for r, x in value.items())
            if isinstance(value, Mapping)
            else readable_number(float(value))
        )
        points.append(f"{month_label(sc.start, month)}: {v}")
    return f"schedule ({spec.interpolation}) " + "; ".join(points)


def parameter_differences(
    scenarios: Sequence[Scenario], labels: Sequence[str] | None = None
) -> Table:
    """Parameters and levers whose values differ between the scenarios (as in Stella's run
    comparison), with the model default, so a viewer sees what was changed.

    A row appears when the effective values (file value, or the model default) are not
    the same in every scenario, or when a scenario sets a time schedule. Run settings
    (start, length) appear when they differ.
    """
    labels = list(labels) if labels is not None else run_labels([s.name for s in scenarios])
    defaults = Scenario(name="defaults")
    # each scenario's own arrays, read-only and built once per scenario object: a run of the
    # same scenario has built them already
    d_regions, d_values, _ = own_inputs(defaults, WAR_ECONOMY)
    effective = [own_inputs(sc, WAR_ECONOMY) for sc in scenarios]
    rows: list[tuple[str, ...]] = []
    for attr, title in (("start", "run start"), ("months", "run length"), ("dt", "time step")):
        vals = [getattr(sc, attr) for sc in scenarios]
        if len(set(vals)) > 1:
            unit = "" if attr == "start" else "month"
            dflt = getattr(defaults, attr)
            rows.append((title, unit, str(dflt), *(str(v) for v in vals)))
    for name, p in WAR_ECONOMY.parameters.items():
        texts = []
        for sc, (regions, values, _sched) in zip(scenarios, effective, strict=True):
            if name in sc.schedules:
                texts.append(_schedule_text(sc.schedules[name], sc))
            else:
                texts.append(_value_text(name, values[name][0], regions, sc))
        default_text = _value_text(name, d_values[name][0], d_regions, defaults)
        scheduled = any(name in sc.schedules for sc in scenarios)
        if len(set(texts)) > 1 or scheduled:
            rows.append((name, p.units, default_text, *texts))
    title = "Parameters and levers that differ between the scenarios"
    return Table(title, ("parameter", "units", "model default", *labels), tuple(rows))


def parent_differences(scenario: Scenario) -> dict[str, Any] | None:
    """What ``scenario`` changes from its parent, for its outputs to record: the scenario it
    was copied from when it kept that one's name (``copied_from``), else the file it
    ``extends``. ``{"parent": FILE, "values": {name: {"parent": text, "this": text}}}``, or
    None for a scenario without a parent."""
    source = scenario.copied_from or (scenario.files[-2] if len(scenario.files) >= 2 else None)
    if source is None:
        return None
    parent = load_scenario(source, warn=False)
    table = parameter_differences([parent, scenario], labels=["parent", "this"])
    values = {row[0]: {"parent": row[3], "this": row[4]} for row in table.rows if row[3] != row[4]}
    return {"parent": str(source), "values": values}
