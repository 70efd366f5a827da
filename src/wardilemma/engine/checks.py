"""Numerical trouble: non-finite values and stocks outside their bounds during a run, and the
step size compared with the model's fastest time constant before it.

Two checks, both generic (they know stocks and their declared ``bounds``, not the war model):

* :class:`StateCheck` looks at the packed state ``(rows, members)`` of the NumPy kernel at
  every step: a stock (declared or hidden in a ``smooth``/``delay``) that is NaN or
  infinite, or a declared stock outside its ``bounds`` (by default ``(0, inf)``: a stock of
  people, money or goods that goes negative). :class:`RecordedCheck` holds every recorded
  value to being finite and declared stocks to their bounds, at each saved time as it is
  written; the compiled kernel does the same inside its loop, with the same
  :class:`Columns`. Each finding is a :class:`Problem` of one member;
  :func:`problem_message` words it with the variable, the region, the month, the likely
  cause and the fix.
* :func:`time_constants` estimates the model's time constants at the initial state from the
  eigenvalues of a finite-difference Jacobian of the stocks' net flows
  (``tau = 1 / max |Re(lambda)|``), and :func:`check_step` warns
  (:class:`SimulationWarning`) when ``dt`` is too large for the fastest one: explicit Euler
  is inaccurate when ``dt > tau / 2`` and unstable (it oscillates and diverges on a decaying
  mode) when ``dt >= 2 tau``; classical RK4 is unstable when ``dt >= 2.78 tau``.

Illustrative model, not a forecast.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from wardilemma.results import month_label
from wardilemma.scenario.types import ScenarioWarning

if TYPE_CHECKING:  # pragma: no cover
    from wardilemma.engine.numpy_kernel import Kernel
    from wardilemma.model import Model

__all__ = [
    "Columns",
    "Problem",
    "RecordedCheck",
    "SimulationWarning",
    "StateCheck",
    "TimeConstant",
    "check_step",
    "problem_message",
    "time_constants",
]

#: Relative tolerance of a bound: round-off below zero is not a negative stock.
BOUND_TOLERANCE = 1e-9

#: Stability limit of classical RK4 on a real decaying mode, ``dt * |lambda|``.
RK4_LIMIT = 2.785


class SimulationWarning(ScenarioWarning):
    """A run will probably be inaccurate (for example a time step too large for the model's
    fastest time constant). A :class:`~wardilemma.scenario.ScenarioWarning` (the scenario's
    ``[simulation]`` settings are the cause), so the CLI prints it as one ``warning:`` line
    like the others; the run goes on."""


# ---------------------------------------------------------------------- problems


@dataclass(frozen=True)
class Problem:
    """The first numerical trouble of one member.

    ``kind`` is ``"NaN"``, ``"infinite"``, ``"below"`` or ``"above"`` (its bound);
    ``month`` is months since the start; ``region`` is ``""`` for a national variable.
    """

    member: int
    variable: str
    region: str
    month: float
    kind: str
    value: float
    bound: float | None = None


def problem_message(
    p: Problem,
    *,
    dt: float,
    method: str,
    start: str = "2025-01",
    members: int = 1,
    tau: TimeConstant | None = None,
) -> str:
    """One sentence naming the variable, region, month, likely cause and fix."""
    where = f"{p.variable}[{p.region}]" if p.region else p.variable
    when = f"month {p.month:g} ({month_label(start, p.month)})"
    who = f" in member {p.member}" if members > 1 else ""
    if p.kind in ("NaN", "infinite"):
        what = f"{where} became {p.kind}" if p.kind == "NaN" else f"{where} became infinite"
    else:
        side = "below its lower" if p.kind == "below" else "above its upper"
        what = f"{where} went {side} bound {p.bound:g} (value {p.value:.6g})"
    fastest = (
        f" (about {tau.tau:.3g} months at the start, {tau.label})"
        if tau is not None and np.isfinite(tau.tau)
        else ""
    )
    advice = f"a smaller dt (e.g. dt = {dt / 4:g})"
    if method != "rk4":
        advice += ' or method = "rk4"'
    return (
        f"{what} at {when}{who}. Likely cause: the time step dt = {dt:g} months is too large "
        f"for the model's fastest time constant{fastest}, or a parameter is at an extreme of "
        f"its range. Fix: {advice} in [simulation], or check this run's parameters."
    )


def _row_labels(kernel: Kernel) -> list[tuple[str, str]]:
    """``(variable, region)`` of each state row; a hidden stock is named by its owner."""
    owners = {h.name: f"a smooth/delay stage of {h.owner}" for h in kernel.model.hidden_stocks}
    labels: list[tuple[str, str]] = [("", "")] * kernel.n_columns
    for stock, sl in kernel.stock_slices.items():
        name = owners.get(stock, stock)
        width = sl.stop - sl.start
        for i in range(width):
            region = kernel.regions[i] if width > 1 else ""
            labels[sl.start + i] = (name, region)
    return labels


class StateCheck:
    """Checks the packed state of a :class:`~wardilemma.engine.numpy_kernel.Kernel` at saved times.

    Rows of declared stocks are held to their ``bounds`` (with a relative tolerance of
    :data:`BOUND_TOLERANCE` of the row's initial size); hidden stocks of ``smooth`` and
    ``delay`` only to being finite.
    """

    def __init__(self, kernel: Kernel, initial: np.ndarray) -> None:
        model = kernel.model
        self.labels = _row_labels(kernel)
        lo = np.full(kernel.n_columns, -np.inf)
        hi = np.full(kernel.n_columns, np.inf)
        for name, sl in kernel.stock_slices.items():
            stock = model.stocks.get(name)
            if stock is not None and stock.bounds is not None:
                lo[sl], hi[sl] = stock.bounds
        scale = BOUND_TOLERANCE * np.maximum(1.0, np.abs(initial).max(axis=1))
        self.lo = (lo - scale)[:, None]
        self.hi = (hi + scale)[:, None]
        self.bound_lo, self.bound_hi = lo, hi
        self.failed = np.zeros(kernel.members, dtype=bool)
        self.problems: list[Problem] = []

    def __call__(self, y: np.ndarray, t: float) -> list[Problem]:
        """New problems at time ``t`` (members not failed before); marks them failed."""
        with np.errstate(invalid="ignore"):
            bad = ~np.isfinite(y) | (y < self.lo) | (y > self.hi)
        bad_members = bad.any(axis=0) & ~self.failed
        if not bad_members.any():
            return []
        new = []
        for m in np.flatnonzero(bad_members):
            row = int(np.argmax(bad[:, m]))
            new.append(self._problem(int(m), row, float(y[row, m]), t))
        self.failed |= bad_members
        self.problems += new
        return new

    def _problem(self, member: int, row: int, value: float, t: float) -> Problem:
        name, region = self.labels[row]
        if np.isnan(value):
            return Problem(member, name, region, t, "NaN", value)
        if not np.isfinite(value):
            return Problem(member, name, region, t, "infinite", value)
        if value < self.lo[row, 0]:
            return Problem(member, name, region, t, "below", value, float(self.bound_lo[row]))
        return Problem(member, name, region, t, "above", value, float(self.bound_hi[row]))


@dataclass(frozen=True)
class Columns:
    """The recorded columns of a run, as both kernels lay them out: ``(variable, region)``
    of each column (region ``""`` when national) and the bounds it is held to (a declared
    stock's ``bounds``, else none: ``-inf, inf``)."""

    labels: tuple[tuple[str, str], ...]
    lo: np.ndarray
    hi: np.ndarray

    @classmethod
    def of(cls, model: Model, names: Sequence[str], regions: Sequence[str]) -> Columns:
        """Columns of ``names`` in order, a regional name taking one column per region."""
        labels: list[tuple[str, str]] = []
        lo: list[float] = []
        hi: list[float] = []
        for name in names:
            stock = model.stocks.get(name)
            a, b = stock.bounds if stock is not None and stock.bounds is not None else (-_INF, _INF)
            cols = [(name, r) for r in regions] if name in model.regional else [(name, "")]
            labels += cols
            lo += [a] * len(cols)
            hi += [b] * len(cols)
        return cls(tuple(labels), np.asarray(lo, float), np.asarray(hi, float))

    def problem(self, member: int, column: int, month: float, value: float) -> Problem:
        """The :class:`Problem` of a value found wrong in a column."""
        name, region = self.labels[column]
        if np.isnan(value):
            return Problem(member, name, region, month, "NaN", value)
        if not np.isfinite(value):
            return Problem(member, name, region, month, "infinite", value)
        if value < self.lo[column]:
            return Problem(member, name, region, month, "below", value, float(self.lo[column]))
        return Problem(member, name, region, month, "above", value, float(self.hi[column]))


_INF = float("inf")


class RecordedCheck:
    """Checks the recorded values of one saved time, ``(members, columns)``, as they are
    written (the NumPy loop; the compiled kernel does the same inside its loop): any value
    that is not finite, a declared stock outside its bounds with a tolerance of
    :data:`BOUND_TOLERANCE` of the member's first recorded value of that column. The first
    wrong column of a member, in recording order, is its problem."""

    def __init__(self, columns: Columns, failed: np.ndarray) -> None:
        self.columns = columns
        self.failed = failed  # shared with the StateCheck of the same run
        self.lo: np.ndarray | None = None
        self.hi: np.ndarray | None = None

    def __call__(self, row: np.ndarray, t: float) -> list[Problem]:
        """New problems at saved time ``t`` (members not failed before); marks them failed."""
        if self.lo is None:
            scale = BOUND_TOLERANCE * np.maximum(1.0, np.nan_to_num(np.abs(row), nan=0.0))
            self.lo, self.hi = self.columns.lo - scale, self.columns.hi + scale
        with np.errstate(invalid="ignore"):
            bad = ~np.isfinite(row) | (row < self.lo) | (row > self.hi)
        bad_members = bad.any(axis=1) & ~self.failed
        if not bad_members.any():
            return []
        new = []
        for m in np.flatnonzero(bad_members):
            j = int(np.argmax(bad[m]))
            new.append(self.columns.problem(int(m), j, t, float(row[m, j])))
        self.failed |= bad_members
        return new


# ---------------------------------------------------------------------- time constants


@dataclass(frozen=True)
class TimeConstant:
    """The fastest time constant at the initial state: ``tau`` (months) and the stock that
    dominates its eigenvector (``label``, e.g. ``"discontent[provinces]"``)."""

    tau: float
    label: str
    eigenvalue: complex


def time_constants(kernel: Kernel) -> TimeConstant | None:
    """The fastest time constant of member 0 at the initial state, or None when the model has
    no stock or no finite estimate.

    The Jacobian ``J = d(net flows)/d(stocks)`` comes from forward differences of
    :meth:`Kernel.rates` (one evaluation per stock row, steps relative to each stock's
    size). ``tau = 1 / max |Re(lambda)|``; the stock named is the one with the largest
    participation factor ``|w_i v_i|`` (left and right eigenvectors) in that mode.
    """
    y0 = kernel.initial_state()[:, :1].copy()
    t0 = kernel.initial_time
    rows = y0.shape[0]
    result: TimeConstant | None = None
    if rows:
        scale = np.maximum(np.abs(y0[:, 0]), 1e-6)
        with np.errstate(all="ignore"):
            f0 = kernel.rates(y0, t0)[0][:, 0]
            jac = np.empty((rows, rows))
            for j in range(rows):
                h = 1e-6 * scale[j]
                y = y0.copy()
                y[j, 0] += h
                jac[:, j] = (kernel.rates(y, t0)[0][:, 0] - f0) / h * scale[j] / scale
        if np.isfinite(jac).all():
            # NumPy's eig, not SciPy's (whose import costs a command a quarter second):
            # the left eigenvectors are the right ones of the transpose, the mode matched
            # by its eigenvalue
            lam, right = np.linalg.eig(jac)
            k = int(np.argmax(np.abs(lam.real)))
            lam_t, left = np.linalg.eig(jac.T)
            k_t = int(np.argmin(np.abs(lam_t - lam[k])))
            # participation factors |w_i v_i|: which stock the mode lives in, whatever
            # the stocks' units
            share = np.abs(left[:, k_t] * right[:, k])
            if abs(lam[k].real) > 0:
                name, region = _row_labels(kernel)[int(np.argmax(share))]
                label = f"{name}[{region}]" if region else name
                result = TimeConstant(1.0 / abs(lam[k].real), label, complex(lam[k]))
    return result


def check_step(tau: TimeConstant | None, dt: float, method: str, *, source: str = "") -> None:
    """Warn (:class:`SimulationWarning`) when ``dt`` is too large for ``tau``."""
    if tau is None or not np.isfinite(tau.tau):
        return
    where = f"{source}: " if source else ""
    head = (
        f"{where}dt = {dt:g} months against the model's fastest time constant at the start, "
        f"about {tau.tau:.3g} months ({tau.label})"
    )
    if method == "rk4":
        if dt >= RK4_LIMIT * tau.tau:
            warnings.warn(
                f"{head}: RK4 is unstable when dt >= {RK4_LIMIT} tau; use dt <= {tau.tau:.3g}.",
                SimulationWarning,
                stacklevel=4,
            )
        return
    if dt >= 2 * tau.tau:
        verdict = f"Euler is unstable when dt >= 2 tau ({2 * tau.tau:.3g})"
    elif dt > tau.tau / 2:
        verdict = f"Euler is inaccurate when dt > tau/2 ({tau.tau / 2:.3g})"
    else:
        return
    warnings.warn(
        f'{head}: {verdict}; use dt <= {tau.tau / 2:.3g} or method = "rk4".',
        SimulationWarning,
        stacklevel=4,
    )
