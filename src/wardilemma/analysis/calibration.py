"""Calibration against the record: one run set beside every published figure at its date.

:func:`~wardilemma.analysis.evaluation.evaluate` gives the model's value for every row
(the quantities of :mod:`~wardilemma.analysis.quantities`, each row's statistic by
:mod:`~wardilemma.analysis.rowstats`, taken exactly as the figure was: a
December-on-December change from the price level, a year-on-year change of annual means, a
flow summed over the months it covers); :func:`calibrate` sets one member beside the
record. Each row ends up

- ``hit``: the model is within the row's tolerance, two standard deviations of the figure
  (for a bound: not beyond the bound by more than two standard deviations);
- ``miss``: outside it;
- ``not modelled``: the model has no comparable quantity (a series absent from
  :data:`~wardilemma.analysis.quantities.MODEL`, a region the run does not have, a
  variable the run did not record);
- ``outside the run``: the row's period (with the year before it for a year-on-year or
  12-month change) is not inside the run.

The hit rate counts hits among hits and misses only. The table, the CSV and the JSON are
written here; the figure, and the folder with it, by :mod:`wardilemma.figures.calibration`.
Illustrative model, not a forecast.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from wardilemma import paths
from wardilemma.analysis.evaluation import COMPARED, NOT_MODELLED, OUTSIDE, evaluate
from wardilemma.analysis.quantities import MODEL
from wardilemma.analysis.record import Record, RecordRow, load_record
from wardilemma.atomic import ensure_writable_dir, write_text
from wardilemma.engine.run import simulate
from wardilemma.results import Results
from wardilemma.scenario import ScenarioError, load_scenario
from wardilemma.text import ILLUSTRATIVE, fmt_number

__all__ = [
    "HIT",
    "MISS",
    "TOLERANCE_SD",
    "Calibration",
    "Comparison",
    "calibrate",
    "calibration_table",
    "default_scenario",
    "run_calibration",
    "write_calibration_tables",
]

#: Standard deviations of the figure within which the model counts as a hit.
TOLERANCE_SD = 2.0

HIT, MISS = "hit", "miss"


def _hit(row: RecordRow, model: float) -> bool:
    """Within two standard deviations of the figure (a bound: not beyond it by more)."""
    tol = TOLERANCE_SD * row.uncertainty
    if row.bound == "lower":
        return model >= row.value - tol
    if row.bound == "upper":
        return model <= row.value + tol
    return abs(model - row.value) <= tol


# ---------------------------------------------------------------------- the calibration


@dataclass(frozen=True)
class Comparison:
    """One row of the record beside the model.

    Attributes
    ----------
    row
        The published figure.
    status
        :data:`HIT`, :data:`MISS`, :data:`NOT_MODELLED` or :data:`OUTSIDE`.
    model
        The model's value in the row's unit (None unless compared).
    reason
        Why the row was not compared (empty when it was).
    """

    row: RecordRow
    status: str
    model: float | None
    reason: str = ""

    @property
    def variables(self) -> str:
        """The model variables the row is set beside (empty if not modelled)."""
        quantity = MODEL.get(self.row.series)
        return quantity.variables if quantity else ""

    def to_dict(self) -> dict[str, Any]:
        r = self.row
        return {
            "id": r.id, "series": r.series, "region": r.region, "period_start": r.period_start,
            "period_end": r.period_end, "statistic": r.statistic, "unit": r.unit,
            "value": r.value, "uncertainty": r.uncertainty, "tolerance": r.tolerance,
            "bound": r.bound, "grade": r.grade, "model": self.model, "status": self.status,
            "model_variables": self.variables, "reason": self.reason, "source": r.source,
        }  # fmt: skip


@dataclass(frozen=True)
class Calibration:
    """A run set beside a record.

    Attributes
    ----------
    comparisons
        One per row, in the record's order.
    scenario, start, months
        The run: its scenario's name, first month and length.
    record_path
        The record file (None for rows given in memory).
    results
        The run (kept for the figure; not serialised).
    """

    comparisons: tuple[Comparison, ...]
    scenario: str
    start: str
    months: float
    record_path: Path | None = None
    results: Results | None = field(default=None, repr=False, compare=False)

    def count(self, status: str) -> int:
        return sum(c.status == status for c in self.comparisons)

    @property
    def compared(self) -> int:
        return self.count(HIT) + self.count(MISS)

    @property
    def hit_rate(self) -> float | None:
        """Hits among compared rows (None when no row could be compared)."""
        return self.count(HIT) / self.compared if self.compared else None

    @property
    def misses(self) -> list[Comparison]:
        return [c for c in self.comparisons if c.status == MISS]

    def to_dict(self) -> dict[str, Any]:
        return {
            "note": ILLUSTRATIVE,
            "scenario": self.scenario,
            "start": self.start,
            "months": self.months,
            "record": str(self.record_path) if self.record_path else None,
            "rule": f"hit: within {TOLERANCE_SD:g} standard deviations of the figure (a "
            "bound: not beyond it by more)",
            "rows": len(self.comparisons),
            "hits": self.count(HIT),
            "misses": self.count(MISS),
            "not_modelled": self.count(NOT_MODELLED),
            "outside_the_run": self.count(OUTSIDE),
            "hit_rate": self.hit_rate,
            "comparisons": [c.to_dict() for c in self.comparisons],
        }


def calibrate(results: Results, record: Record, *, member: int = 0) -> Calibration:
    """Set one member of a run beside every row of the record.

    Parameters
    ----------
    results
        The run.
    record
        The record (:func:`~wardilemma.analysis.record.load_record`).
    member
        Which member of an ensemble.
    """
    found = evaluate(results, record)
    comparisons = []
    for row, value, status, reason in zip(
        record, found.values[:, member], found.status, found.reasons, strict=True
    ):
        if status != COMPARED:
            comparisons.append(Comparison(row, status, None, reason))
            continue
        model = float(value)
        if not np.isfinite(model):  # a ratio over a zero: say so, never a NaN in the files
            comparisons.append(Comparison(row, MISS, None, "the model's value is not finite"))
            continue
        comparisons.append(Comparison(row, HIT if _hit(row, model) else MISS, model))
    return Calibration(
        tuple(comparisons), results.scenario, results.start, float(results.time[-1]),
        record.path, results,
    )  # fmt: skip


def default_scenario() -> Path:
    """The shipped ``history.toml`` when there is one, else ``war_continues.toml``."""
    folder = paths.find_scenarios_dir()
    if folder is None:
        raise ScenarioError("the shipped scenarios were not found; give a SCENARIO file")
    history = folder / "history.toml"
    return history if history.is_file() else folder / "war_continues.toml"


def run_calibration(
    scenario: str | Path | None = None, record: str | Path | Record | None = None
) -> Calibration:
    """Load the record (first, so a bad record fails before any run), run the scenario
    (default :func:`default_scenario`) and set it beside the record."""
    loaded = record if isinstance(record, Record) else load_record(record)
    loaded_scenario = load_scenario(scenario or default_scenario(), warn=False)
    # every step saved: a flow summed over a period is then the integrator's own sum
    results = simulate(loaded_scenario, save_every=loaded_scenario.dt)
    return calibrate(results, loaded)


# ---------------------------------------------------------------------- table and files


def _value(x: float | None) -> str:
    return "" if x is None else fmt_number(x)


def calibration_table(cal: Calibration) -> str:
    """The comparisons as a plain-text table, the hit rate and the misses below."""
    head = f"{'row':<44} {'model':>10} {'record':>10} {'± tol':>9} {'result':<15} source"
    lines = [
        ILLUSTRATIVE.upper(),
        "",
        f"The run {cal.scenario!r} ({cal.start}, {cal.months:g} months) beside the record "
        f"{cal.record_path or ''}",
        "",
        head,
        "-" * len(head),
    ]
    for c in cal.comparisons:
        r = c.row
        sign = {"lower": ">", "upper": "<"}.get(r.bound, "")
        lines.append(
            f"{r.id[:44]:<44} {_value(c.model):>10} {sign + fmt_number(r.value):>10} "
            f"{fmt_number(r.tolerance):>9} {c.status:<15} {r.source[:60]}"
        )
    rate = cal.hit_rate
    lines += [
        "",
        f"{len(cal.comparisons)} rows: {cal.count(HIT)} hits, {cal.count(MISS)} misses, "
        f"{cal.count(NOT_MODELLED)} not modelled, {cal.count(OUTSIDE)} outside the run.",
        "Hit rate: "
        + ("no row could be compared" if rate is None else f"{rate:.0%} of {cal.compared} rows "
           f"compared"),
        f"A hit is within {TOLERANCE_SD:g} standard deviations of the figure (tol); a lower "
        "(>) or upper (<) bound is hit unless the model is beyond it by more.",
    ]  # fmt: skip
    if cal.misses:
        lines += ["", "Misses (model against the record, and the model variable it reads):"]
        for c in cal.misses:
            r = c.row
            model = c.reason if c.model is None else f"model {_value(c.model)} {r.unit}"
            lines.append(
                f"- {r.id}: {model} against "
                f"{fmt_number(r.value)} ± {fmt_number(r.tolerance)} ({r.statistic}; "
                f"{c.variables})"
            )
    return "\n".join(lines)


_CSV_COLUMNS = ("id", "series", "region", "period_start", "period_end", "statistic", "unit",
                "value", "uncertainty", "tolerance", "bound", "grade", "model", "status",
                "model_variables", "reason", "source")  # fmt: skip


def _csv_text(cal: Calibration) -> str:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(_CSV_COLUMNS)
    for c in cal.comparisons:
        d = c.to_dict()
        writer.writerow(["" if d[k] is None else d[k] for k in _CSV_COLUMNS])
    return buffer.getvalue()


def write_calibration_tables(cal: Calibration, out_dir: str | Path) -> dict[str, Path]:
    """Write ``calibration.csv`` and ``calibration.json`` into ``out_dir`` (atomically);
    returns ``kind -> path``. :func:`wardilemma.figures.calibration.write_calibration` adds
    the figure."""
    out = ensure_writable_dir(out_dir)
    return {
        "csv": write_text(out / "calibration.csv", _csv_text(cal)),
        "json": write_text(out / "calibration.json", json.dumps(cal.to_dict(), indent=2) + "\n"),
    }
