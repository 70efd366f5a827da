"""The model beside every row of a record, for every member of a run, in a few matrix products.

:func:`plan` reads a record against a run once: which rows the model has a quantity for
(:data:`~wardilemma.analysis.quantities.MODEL`), which the run covers, and each compared
row's statistic as weights over the run's saved times
(:class:`~wardilemma.analysis.rowstats.RowWeights`), grouped by quantity.
:meth:`Plan.values` then gives the rows' values for any run on the same saved times: one
trajectory per quantity and one matrix product per group, over all members at once (a fit
evaluates thousands of members per call this way). :func:`evaluate` is both in one call.

A row is

- compared: its value is the model's statistic (NaN if not finite, e.g. a ratio over a
  zero);
- :data:`NOT_MODELLED`: the model has no comparable quantity (a series absent from
  :data:`~wardilemma.analysis.quantities.MODEL`, a region the run does not have, a
  variable the run did not record);
- :data:`OUTSIDE`: the row's period (with the year before it for a year-on-year or 12-month
  change) is not inside the run. A run whose scenario says its starting economy was at rest
  since an earlier month (``at_rest_since``) covers those months too: there every variable
  holds its first value, save those that grow at rest (:data:`GROWING_AT_REST`), carried back
  at their starting rates.

Illustrative model, not a forecast.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

import numpy as np

from wardilemma.analysis.quantities import MODEL, Quantity, region_name
from wardilemma.analysis.record import SERIES, Record, RecordRow, month_index
from wardilemma.analysis.rowstats import RowWeights, row_weights, window
from wardilemma.results import Results

__all__ = ["COMPARED", "NOT_MODELLED", "OUTSIDE", "ModelValues", "Plan", "evaluate", "plan"]

COMPARED, NOT_MODELLED, OUTSIDE = "compared", "not modelled", "outside the run"

#: Variables that grow in an economy at rest, carried back before a run's start at the rate
#: of its first step: the price level (at the steady inflation) and the pre-war growth path.
GROWING_AT_REST = ("price_level", "prewar_growth_path")

#: A quantity of the run: the series and the run's region (None: the whole country).
Key = tuple[str, str | None]


@dataclass(frozen=True)
class ModelValues:
    """The model beside every row of a record, for every member.

    Attributes
    ----------
    values
        Shape (rows, members): the model's statistic for each row; NaN where the row is not
        modelled or outside the run.
    status
        Per row: :data:`COMPARED`, :data:`NOT_MODELLED` or :data:`OUTSIDE`.
    reasons
        Per row: why a row is not compared (empty when it is).
    """

    values: np.ndarray
    status: tuple[str, ...]
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Plan:
    """How the rows of a record are read from runs saved at :attr:`time`.

    Attributes
    ----------
    time
        The saved times (months since the run's start) the weights are for.
    status, reasons
        Per row, as :class:`ModelValues`.
    groups
        Per quantity read: its key, the indices of its compared rows and their weights.
    """

    time: np.ndarray
    status: tuple[str, ...]
    reasons: tuple[str, ...]
    groups: tuple[tuple[Key, np.ndarray, RowWeights], ...]
    rest_before: int = 0

    def values(self, results: Results) -> np.ndarray:
        """The rows' values for every member of ``results``, shape (rows, members).

        Raises
        ------
        ValueError
            When ``results`` is not saved at the plan's times.
        """
        time = np.asarray(results.time, dtype=float)
        if self.rest_before:  # the plan's times begin with the months at rest
            time = np.concatenate([self.time[: len(self.time) - len(time)], time])
        if time.shape != self.time.shape or not np.array_equal(time, self.time):
            raise ValueError(
                f"the run is saved at {len(time)} times, the plan was made for another "
                f"{len(self.time)}: plan the record against a run like this one"
            )
        out = np.full((len(self.status), results.n_members), np.nan)
        if self.rest_before:
            results = at_rest_before(results, self.rest_before)
        for (series, region), rows, weights in self.groups:
            y = np.asarray(MODEL[series].compute(results, region), dtype=float)
            out[rows] = weights.apply(y)
        return out


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
        return None, None, (
            f"the run has no region {row.region!r} (regions: {', '.join(results.regions)})"
        )  # fmt: skip
    return quantity, region, ""


def months_at_rest(results: Results) -> int:
    """Months before the run's start that its starting economy was at rest
    (``metadata["at_rest_since"]``; 0 when not given)."""
    since = results.metadata.get("at_rest_since") or ""
    return max(month_index(results.start) - month_index(since), 0) if since else 0


class _AtRestBefore:
    """A run with months at rest in front of it (see :func:`at_rest_before`); a variable is
    extended when it is read, so a run that records what it reads sees only those."""

    def __init__(self, results: Results, months: int) -> None:
        time = np.asarray(results.time, dtype=float)
        step = float(time[1] - time[0])
        self._results = results
        self._back = np.arange(-round(months / step), 0, dtype=float)
        self.time = np.concatenate([time[0] + step * self._back, time])

    def __getitem__(self, name: str) -> np.ndarray:
        arr = np.asarray(self._results[name])
        first, n = arr[:1], len(self._back)
        if name in GROWING_AT_REST and arr.shape[0] > 1:
            with np.errstate(divide="ignore", invalid="ignore"):
                rate = np.where(arr[0] != 0, arr[1] / arr[0], 1.0)
            before = first * rate[None] ** self._back.reshape((n,) + (1,) * (arr.ndim - 1))
        else:
            before = np.repeat(first, n, axis=0)
        return np.concatenate([before, arr])

    def __getattr__(self, name: str) -> Any:
        return getattr(self._results, name)


def at_rest_before(results: Results, months: int) -> Results:
    """``results`` with ``months`` more at the front, at the run's saved step: every variable
    at its first value, those of :data:`GROWING_AT_REST` carried back at the rate of their
    first step (an economy at rest before the run started)."""
    return cast(Results, _AtRestBefore(results, months))


def _date(start: str, months: float) -> str:
    """``start`` plus ``months`` as ``YYYY-MM`` (the month that begins there)."""
    total = month_index(start) + int(np.floor(months + 1e-9))
    return f"{total // 12:04d}-{total % 12 + 1:02d}"


def plan(results: Results, record: Record | Sequence[RecordRow]) -> Plan:
    """Read ``record`` against ``results`` once (see the module's docstring).

    Parameters
    ----------
    results
        A run or an ensemble. Flows are summed as the Euler integrator sums them when
        every step is saved (``simulate(..., save_every=dt)``); at monthly saves a call-up
        that ends mid-month is summed to the month's end.
    record
        The rows (:func:`~wardilemma.analysis.record.load_record`).
    """
    rows = list(record)
    rest = months_at_rest(results)
    if rest and len(results.time) > 1:
        results = at_rest_before(results, rest)
    else:
        rest = 0
    time = np.asarray(results.time, dtype=float)
    status: list[str] = []
    reasons: list[str] = []
    missing: dict[Key, str] = {}  # a quantity whose variable the run did not record: why
    compared: dict[Key, list[int]] = {}
    for k, row in enumerate(rows):
        quantity, region, reason = _comparable(results, row)
        key = (row.series, region)
        if quantity is not None and key not in compared and key not in missing:
            try:
                quantity.compute(results, region)
                compared[key] = []
            except KeyError as exc:  # a variable this run did not record
                missing[key] = str(exc.args[0]) if exc.args else str(exc)
        if quantity is None or key in missing:
            status.append(NOT_MODELLED)
            reasons.append(reason or missing[key])
            continue
        _, _, lo, hi = window(row, results.start)
        if lo < time[0] - 1e-9 or hi > time[-1] + 1e-9:
            status.append(OUTSIDE)
            reasons.append(
                f"needs {_date(results.start, lo)} to {_date(results.start, hi)}; the run "
                f"covers {_date(results.start, time[0])} to {_date(results.start, time[-1])}"
            )
            continue
        compared[key].append(k)
        status.append(COMPARED)
        reasons.append("")
    groups = []
    for key, indices in compared.items():
        if not indices:
            continue
        mine = [rows[k] for k in indices]
        spans = [window(r, results.start)[:2] for r in mine]
        weights = row_weights(time, [r.statistic for r in mine], spans)
        groups.append((key, np.asarray(indices, dtype=int), weights))
    return Plan(time, tuple(status), tuple(reasons), tuple(groups), rest)


def evaluate(results: Results, record: Record | Sequence[RecordRow]) -> ModelValues:
    """The model's value of every row of ``record`` for every member of ``results``.

    Returns
    -------
    ModelValues
        ``values`` of shape (rows, members) in the rows' units (:func:`plan` says how
        ``results`` is read).
    """
    found = plan(results, record)
    return ModelValues(found.values(results), found.status, found.reasons)
