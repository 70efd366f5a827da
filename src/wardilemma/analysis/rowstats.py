"""A row's statistic over its period, as the figure was taken, for every member at once.

Every statistic of the record (:data:`~wardilemma.analysis.record.STATISTICS`) is a
linear functional of the model's trajectory, or the ratio of two: the value at the end of
a period, the mean or the total over it (the integral of the trajectory, each saved value
holding until the next saved time as an Euler step holds its flows), a year-on-year or
December-on-December change (100 x the ratio of two of these, minus 1). A row is therefore
a weight vector over the saved times (and a second one for a change), and the rows of one
series are a matrix: :class:`RowWeights` holds them, and the values of all the rows for
all the members are one matrix product, ``weights (rows, T) @ trajectory (T, members)``.

:func:`window` says which months a row reads; :func:`statistic_line` is the line a panel
draws. Illustrative model, not a forecast.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from wardilemma.analysis.record import RecordRow, month_index

__all__ = ["CHANGES", "RowWeights", "interp", "row_weights", "statistic_line", "window"]

#: Statistics that are a percentage change (100 x (numerator / denominator - 1)).
CHANGES = ("change", "change_12m", "yoy")


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


def _bracket(time: np.ndarray, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each ``x``: the saved time at or before it (index) and the weight of the next."""
    i = np.clip(np.searchsorted(time, x, side="right") - 1, 0, len(time) - 2)
    return i, (x - time[i]) / (time[i + 1] - time[i])


def interp(time: np.ndarray, y: np.ndarray, x: float | np.ndarray) -> np.ndarray:
    """``y`` (T, members) linearly interpolated at ``x`` (scalar -> (members,))."""
    x_arr = np.atleast_1d(np.asarray(x, dtype=float))
    i, w = _bracket(time, x_arr)
    out = y[i] * (1 - w[:, None]) + y[i + 1] * w[:, None]
    return out[0] if np.ndim(x) == 0 else out


def _point(time: np.ndarray, x: float) -> np.ndarray:
    """Weights (T,) whose product with a trajectory is its value interpolated at ``x``."""
    i, w = _bracket(time, np.array([x]))
    out = np.zeros(len(time))
    out[i[0]] += 1 - w[0]
    out[i[0] + 1] += w[0]
    return out


def _integral(time: np.ndarray, x: float) -> np.ndarray:
    """Weights (T,) whose product with a trajectory is its integral from ``time[0]`` to
    ``x`` (the interpolated :func:`_cumulative`)."""
    i, w = _bracket(time, np.array([x]))
    dt = np.diff(time)
    out = np.zeros(len(time))
    out[: i[0]] = dt[: i[0]]
    out[i[0]] += w[0] * dt[i[0]]
    return out


def _mean(time: np.ndarray, lo: float, hi: float) -> np.ndarray:
    return (_integral(time, hi) - _integral(time, lo)) / (hi - lo)


def _weights(statistic: str, time: np.ndarray, a: float, b: float) -> tuple[np.ndarray, ...]:
    """``(numerator,)`` for a level, ``(numerator, denominator)`` for a change."""
    if statistic == "end":
        return (_point(time, b),)
    if statistic == "change":
        return _point(time, b), _point(time, a)
    if statistic == "difference":
        return (_point(time, b) - _point(time, a),)
    if statistic == "change_12m":
        return _point(time, b), _point(time, b - 12)
    if statistic == "average":
        return (_mean(time, a, b),)
    if statistic == "total":
        return (_mean(time, a, b) * (b - a),)
    if statistic == "yoy":
        return _mean(time, a, b), _mean(time, a - 12, b - 12)
    raise ValueError(f"unknown statistic {statistic!r}")


@dataclass(frozen=True)
class RowWeights:
    """The statistics of several rows of one quantity as weights over the saved times.

    Attributes
    ----------
    numerator, denominator
        Shape (rows, T); the denominator is used only by the rows of :attr:`change`.
    change
        Per row: whether it is a percentage change (else the numerator is the value).
    """

    numerator: np.ndarray
    denominator: np.ndarray
    change: np.ndarray

    def apply(self, y: np.ndarray) -> np.ndarray:
        """The rows' values for a trajectory ``y`` (T, members): shape (rows, members)."""
        top = self.numerator @ y
        if not self.change.any():
            return top
        bottom = self.denominator[self.change] @ y
        with np.errstate(divide="ignore", invalid="ignore"):  # a zero level: not finite
            top[self.change] = 100 * (top[self.change] / bottom - 1)
        return top


def row_weights(
    time: np.ndarray, statistics: Sequence[str], spans: Sequence[tuple[float, float]]
) -> RowWeights:
    """:class:`RowWeights` of rows with these statistics over months ``(a, b)`` (the first
    two of :func:`window`) on the saved ``time``."""
    time = np.asarray(time, dtype=float)
    num = np.zeros((len(statistics), len(time)))
    den = np.zeros_like(num)
    for k, (statistic, (a, b)) in enumerate(zip(statistics, spans, strict=True)):
        found = _weights(statistic, time, a, b)
        num[k] = found[0]
        if len(found) == 2:
            den[k] = found[1]
    change = np.array([s in CHANGES for s in statistics], dtype=bool)
    return RowWeights(num, den, change)


def statistic_line(
    statistic: str, time: np.ndarray, y: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The model's line for a panel, ``(x, values)`` with values (len(x), members).

    A 12-month change or year-on-year change ending at each ``x`` (where the run holds the
    window), the change since the start of the run for a difference, else the quantity
    itself (a flow per month for totals).
    """
    if statistic == "difference":
        return time, y - y[:1]
    if statistic == "change_12m":
        x = time[time >= time[0] + 12]
        return x, 100 * (interp(time, y, x) / interp(time, y, x - 12) - 1)
    if statistic == "yoy":
        integral = _cumulative(time, y)
        x = time[time >= time[0] + 24]
        this = interp(time, integral, x) - interp(time, integral, x - 12)
        last = interp(time, integral, x - 12) - interp(time, integral, x - 24)
        return x, 100 * (this / last - 1)
    return time, y
