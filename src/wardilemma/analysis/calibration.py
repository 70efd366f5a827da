"""Calibration against the record: a run set beside every published figure at its date.

:data:`MODEL` maps a series of the record (:data:`wardilemma.analysis.record.SERIES`) to
the model's comparable quantity: a function of :class:`~wardilemma.results.Results` giving
one trajectory per member, nationally or for a region, in the series' unit. A row's
statistic (:data:`~wardilemma.analysis.record.STATISTICS`) is then taken over the row's
period exactly as the figure was: a December-on-December change from the price level, a
year-on-year change of annual means, a flow summed over the months it covers.

:func:`evaluate` gives the model's value for every row and member (the array a fit
needs); :func:`calibrate` sets member 0 beside the record. Each row ends up

- ``hit``: the model is within the row's tolerance, two standard deviations of the figure
  (for a bound: not beyond the bound by more than two standard deviations);
- ``miss``: outside it;
- ``not modelled``: the model has no comparable quantity (a series absent from
  :data:`MODEL`, a region the run does not have, a variable the run did not record);
- ``outside the run``: the row's period (with the year before it for a year-on-year or
  12-month change) is not inside the run.

The hit rate counts hits among hits and misses only. Illustrative model, not a forecast.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from wardilemma.analysis.record import SERIES, Record, RecordRow, load_record, month_index
from wardilemma.results import Results
from wardilemma.text import ILLUSTRATIVE, fmt_number

__all__ = [
    "HIT",
    "MISS",
    "MODEL",
    "NOT_MODELLED",
    "OUTSIDE",
    "PRICE_BASE",
    "TOLERANCE_SD",
    "Calibration",
    "Comparison",
    "ModelValues",
    "Quantity",
    "calibrate",
    "calibration_table",
    "default_scenario",
    "evaluate",
    "region_name",
    "run_calibration",
    "statistic_line",
    "window",
    "write_calibration",
]

#: Standard deviations of the figure within which the model counts as a hit.
TOLERANCE_SD = 2.0

HIT, MISS, NOT_MODELLED, OUTSIDE = "hit", "miss", "not modelled", "outside the run"


# ---------------------------------------------------------------------- the model's quantities


@dataclass(frozen=True)
class Quantity:
    """How the model gives a series of the record.

    Attributes
    ----------
    variables
        The model variables used, as a reader would write the formula.
    compute
        ``compute(results, region) -> array (T, members)`` in the series' unit (a flow per
        month for a series given as a total); ``region`` None for the whole country.
    regional
        Whether the quantity exists per region (else only national rows are compared).
    per
        For a series given as a total, the months a plotted rate is per (1: a month,
        12: a year).
    """

    variables: str
    compute: Callable[[Results, str | None], np.ndarray]
    regional: bool = False
    per: int = 1


def _var(res: Results, name: str, region: str | None) -> np.ndarray:
    """A variable, shape (T, members): a region's, or summed over regions."""
    arr = np.asarray(res[name], dtype=float)
    if name not in res.regional:
        return arr
    if region is None:
        return arr.sum(axis=2)
    return arr[:, :, res.region_index(region)]


def _weighted(res: Results, name: str, weight: np.ndarray, region: str | None) -> np.ndarray:
    """A regional variable averaged over regions with ``weight`` (T, members, regions)."""
    arr = np.asarray(res[name], dtype=float)
    if region is not None:
        return arr[:, :, res.region_index(region)]
    total = weight.sum(axis=2)
    plain = arr.mean(axis=2)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = (arr * weight).sum(axis=2) / total
    return np.where(total > 0, mean, plain)


def _labour_force(res: Results) -> np.ndarray:
    return np.asarray(res["labour_supply_index"]) * np.asarray(res["prewar_men"])


def _national_wage(res: Results) -> np.ndarray:
    return _weighted(res, "civilian_wage_rub", _labour_force(res), None)


def _unemployment(res: Results, region: str | None) -> np.ndarray:
    if region is None:
        return _var(res, "national_unemployment_rate", None)
    return _var(res, "unemployment_rate", region)


#: The month whose prices the model's money is in: the middle of 2024 (its start of July).
PRICE_BASE = "2024-07"


def _price(res: Results) -> np.ndarray:
    """From the model's real money (2024 prices) to nominal roubles, shape (T, members):
    the run's price level over its level in the middle of 2024 when the run covers it,
    else the price level itself (a run that starts later counts prices from 2024's)."""
    level = np.asarray(res["price_level"], dtype=float)
    base = month_index(PRICE_BASE) - month_index(res.start)
    time = np.asarray(res.time, dtype=float)
    if time[0] <= base <= time[-1]:
        return level / _interp(time, level, float(base))
    return level


#: Series of the record -> the model's comparable quantity. A series of
#: :data:`~wardilemma.analysis.record.SERIES` missing here is not modelled.
MODEL: dict[str, Quantity] = {
    "gdp_growth": Quantity("gdp", lambda r, g: _var(r, "gdp", g)),
    "cpi_inflation": Quantity("price_level", lambda r, g: _var(r, "price_level", None)),
    "key_rate": Quantity("100 * key_rate", lambda r, g: 100 * _var(r, "key_rate", g)),
    "unemployment": Quantity(
        "100 * national_unemployment_rate (a region: 100 * unemployment_rate)",
        lambda r, g: 100 * _unemployment(r, g),
        regional=True,
    ),
    "real_wage_growth": Quantity(
        "civilian_wage_rub weighted by labour_supply_index * prewar_men",
        lambda r, g: _weighted(r, "civilian_wage_rub", _labour_force(r), g),
        regional=True,
    ),
    "real_disposable_income_growth": Quantity(
        "household_income summed over regions",
        lambda r, g: _var(r, "household_income", g),
        regional=True,
    ),
    "household_deposits_growth": Quantity(
        "household_savings * price_level (nominal)",
        lambda r, g: _var(r, "household_savings", g) * _price(r),
        regional=True,
    ),
    "defence_share_of_budget": Quantity(
        "100 * military_share_of_budget", lambda r, g: 100 * _var(r, "military_share_of_budget", g)
    ),
    "defence_spending": Quantity(
        "military_outlays * price_level (nominal)",
        lambda r, g: _var(r, "military_outlays", g) * _price(r) / 12,
        per=12,
    ),
    "payouts_share_of_gdp": Quantity(
        "100 * payouts_share_of_gdp", lambda r, g: 100 * _var(r, "payouts_share_of_gdp", g)
    ),
    "war_payouts": Quantity(
        "military_payroll * price_level (nominal)",
        lambda r, g: _var(r, "military_payroll", g) * _price(r) / 12,
        per=12,
    ),
    "deficit_share_of_gdp": Quantity(
        "100 * deficit / gdp", lambda r, g: 100 * _var(r, "deficit", g) / _var(r, "gdp", g)
    ),
    "army": Quantity(
        "soldiers summed over regions", lambda r, g: _var(r, "soldiers", g), regional=True
    ),
    "contract_recruits": Quantity(
        "contract_recruitment + conscript_contracts",
        lambda r, g: _var(r, "contract_recruitment", g) + _var(r, "conscript_contracts", g),
        regional=True,
    ),
    "mobilised": Quantity(
        "mobilisation (men sent by decree)", lambda r, g: _var(r, "mobilisation", g), regional=True
    ),
    "conscripts_called_up": Quantity(
        "conscription", lambda r, g: _var(r, "conscription", g), regional=True
    ),
    "war_losses": Quantity(
        "battle_losses (killed or permanently disabled)",
        lambda r, g: _var(r, "battle_losses", g),
        regional=True,
    ),
    "sign_on_bonus": Quantity(
        "real_bonus * price_level, weighted by contract_recruitment",
        lambda r, g: (
            _weighted(r, "real_bonus", np.asarray(r["contract_recruitment"]), g) * _price(r)
        ),
        regional=True,
    ),
    "average_wage": Quantity(
        "civilian_wage_rub * price_level, weighted by labour force",
        lambda r, g: _weighted(r, "civilian_wage_rub", _labour_force(r), g) * _price(r),
        regional=True,
    ),
    "pay_to_wage_ratio": Quantity(
        "soldier_pay_rub weighted by soldiers / national civilian wage",
        lambda r, g: (
            _weighted(r, "soldier_pay_rub", np.asarray(r["soldiers"]), None) / _national_wage(r)
        ),
    ),
}


# ---------------------------------------------------------------------- statistics over a period


def window(row: RecordRow, start: str) -> tuple[float, float, float, float]:
    """Months since the run's ``start`` for a row: ``(a, b, lo, hi)``.

    ``a`` is the start of the first month, ``b`` the end of the last; ``[lo, hi]`` is what
    the statistic reads (a year earlier too for ``yoy``, the 12 months to ``b`` for
    ``change_12m``).
    """
    zero = month_index(start)
    a = float(month_index(row.period_start) - zero)
    b = float(month_index(row.period_end) - zero + 1)
    lo = {"yoy": a - 12, "change_12m": b - 12}.get(row.statistic, a)
    return a, b, lo, b


def _cumulative(time: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Integral of ``y`` (T, members) from ``time[0]``, shape (T, members): each saved value
    holds until the next saved time, as an Euler step holds its flows (so a call-up that
    starts and ends on month boundaries is summed exactly)."""
    steps = np.diff(time)[:, None] * y[:-1]
    return np.vstack([np.zeros((1, y.shape[1])), np.cumsum(steps, axis=0)])


def _interp(time: np.ndarray, y: np.ndarray, x: float | np.ndarray) -> np.ndarray:
    """``y`` (T, members) linearly interpolated at ``x`` (scalar -> (members,))."""
    x_arr = np.atleast_1d(np.asarray(x, dtype=float))
    i = np.clip(np.searchsorted(time, x_arr, side="right") - 1, 0, len(time) - 2)
    w = ((x_arr - time[i]) / (time[i + 1] - time[i]))[:, None]
    out = y[i] * (1 - w) + y[i + 1] * w
    return out[0] if np.ndim(x) == 0 else out


def _statistic(statistic: str, time: np.ndarray, y: np.ndarray, a: float, b: float) -> np.ndarray:
    """A row's statistic of ``y`` (T, members) over months ``[a, b]``, shape (members,)."""
    if statistic in ("end", "change", "change_12m"):
        end = _interp(time, y, b)
        if statistic == "end":
            return end
        first = _interp(time, y, a if statistic == "change" else b - 12)
        with np.errstate(divide="ignore", invalid="ignore"):  # a zero level: not finite
            return 100 * (end / first - 1)
    integral = _cumulative(time, y)

    def mean(lo: float, hi: float) -> np.ndarray:
        return (_interp(time, integral, hi) - _interp(time, integral, lo)) / (hi - lo)

    if statistic == "average":
        return mean(a, b)
    if statistic == "total":
        return mean(a, b) * (b - a)
    if statistic == "yoy":
        with np.errstate(divide="ignore", invalid="ignore"):
            return 100 * (mean(a, b) / mean(a - 12, b - 12) - 1)
    raise ValueError(f"unknown statistic {statistic!r}")


def statistic_line(
    statistic: str, time: np.ndarray, y: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The model's line for a panel, ``(x, values)`` with values (len(x), members).

    A 12-month change or year-on-year change ending at each ``x`` (where the run holds the
    window), else the quantity itself (a flow per month for totals).
    """
    if statistic == "change_12m":
        x = time[time >= time[0] + 12]
        return x, 100 * (_interp(time, y, x) / _interp(time, y, x - 12) - 1)
    if statistic == "yoy":
        integral = _cumulative(time, y)
        x = time[time >= time[0] + 24]
        this = _interp(time, integral, x) - _interp(time, integral, x - 12)
        last = _interp(time, integral, x - 12) - _interp(time, integral, x - 24)
        return x, 100 * (this / last - 1)
    return time, y


# ---------------------------------------------------------------------- evaluating a run


@dataclass(frozen=True)
class ModelValues:
    """The model beside every row of a record, for every member.

    Attributes
    ----------
    values
        Shape (rows, members): the model's statistic for each row; NaN where the row is not
        modelled or outside the run.
    status
        Per row: ``"compared"``, :data:`NOT_MODELLED` or :data:`OUTSIDE`.
    reasons
        Per row: why a row is not compared (empty when it is).
    """

    values: np.ndarray
    status: tuple[str, ...]
    reasons: tuple[str, ...]


def region_name(res: Results, region: str) -> str | None:
    """The run's spelling of ``region`` (case-insensitive), or None."""
    return next((r for r in res.regions if r.lower() == region.lower()), None)


def _comparable(results: Results, row: RecordRow) -> tuple[Quantity | None, str | None, str]:
    """The model's quantity and the run's region for a row, or None and the reason."""
    quantity = MODEL.get(row.series)
    if quantity is None:
        return None, None, f"the model has no {SERIES[row.series].meaning}"
    if row.national:
        return quantity, None, ""
    if not quantity.regional:
        return None, None, f"{row.series} is national in the model"
    region = region_name(results, row.region)
    if region is None:
        return (
            None,
            None,
            (f"the run has no region {row.region!r} (regions: {', '.join(results.regions)})"),
        )
    return quantity, region, ""


def evaluate(results: Results, record: Record | Sequence[RecordRow]) -> ModelValues:
    """The model's value of every row for every member of ``results``.

    Parameters
    ----------
    results
        A run or an ensemble (``members`` >= 1). Flows are summed as the Euler integrator
        sums them when every step is saved (``simulate(..., save_every=dt)``); at monthly
        saves a call-up that ends mid-month is summed to the month's end.
    record
        The rows (:func:`~wardilemma.analysis.record.load_record`).

    Returns
    -------
    ModelValues
        ``values`` of shape (rows, members) in the rows' units.
    """
    rows = list(record)
    time = np.asarray(results.time, dtype=float)
    values = np.full((len(rows), results.n_members), np.nan)
    status: list[str] = []
    reasons: list[str] = []
    cache: dict[tuple[str, str | None], np.ndarray | str] = {}  # an array, or why not
    for k, row in enumerate(rows):
        quantity, region, reason = _comparable(results, row)
        key = (row.series, region)
        if quantity is not None and key not in cache:
            try:
                cache[key] = np.asarray(quantity.compute(results, region), dtype=float)
            except KeyError as exc:  # a variable this run did not record
                cache[key] = str(exc.args[0]) if exc.args else str(exc)
        found = cache.get(key, reason)
        if quantity is None or isinstance(found, str):
            status.append(NOT_MODELLED)
            reasons.append(reason or str(found))
            continue
        a, b, lo, hi = window(row, results.start)
        if lo < time[0] - 1e-9 or hi > time[-1] + 1e-9:
            status.append(OUTSIDE)
            reasons.append(
                f"needs {_date(results.start, lo)} to {_date(results.start, hi)}; the run "
                f"covers {_date(results.start, time[0])} to {_date(results.start, time[-1])}"
            )
            continue
        values[k] = _statistic(row.statistic, time, found, a, b)
        status.append("compared")
        reasons.append("")
    return ModelValues(values, tuple(status), tuple(reasons))


def _date(start: str, months: float) -> str:
    """``start`` plus ``months`` as ``YYYY-MM`` (the month that begins there)."""
    total = month_index(start) + int(np.floor(months + 1e-9))
    return f"{total // 12:04d}-{total % 12 + 1:02d}"


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
        if status != "compared":
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
    from wardilemma.paths import find_scenarios_dir

    folder = find_scenarios_dir()
    if folder is None:
        from wardilemma.scenario import ScenarioError

        raise ScenarioError("the shipped scenarios were not found; give a SCENARIO file")
    history = folder / "history.toml"
    return history if history.is_file() else folder / "war_continues.toml"


def run_calibration(
    scenario: str | Path | None = None, record: str | Path | Record | None = None
) -> Calibration:
    """Load the record (first, so a bad record fails before any run), run the scenario
    (default :func:`default_scenario`) and set it beside the record."""
    from wardilemma.engine.run import simulate
    from wardilemma.scenario import load_scenario

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


def write_calibration(cal: Calibration, out_dir: str | Path) -> dict[str, Path]:
    """Write ``calibration.csv``, ``calibration.json`` and ``calibration.png`` into
    ``out_dir`` (atomically); returns ``kind -> path``."""
    import matplotlib.pyplot as plt

    from wardilemma.atomic import ensure_writable_dir, write_text
    from wardilemma.figures.calibration import calibration_figure
    from wardilemma.figures.save import save_figure

    out = ensure_writable_dir(out_dir)
    paths = {
        "csv": write_text(out / "calibration.csv", _csv_text(cal)),
        "json": write_text(out / "calibration.json", json.dumps(cal.to_dict(), indent=2) + "\n"),
    }
    fig = calibration_figure(cal)
    try:
        runs = [cal.results] if cal.results is not None else []
        paths["figure"] = save_figure(
            fig, out / "calibration.png", title="The model against the record", runs=runs
        )
    finally:
        plt.close(fig)
    return paths
