"""The log posterior of a fit: the declared priors and the record's rows, many members at once.

A member is a point ``u`` of the unit hypercube, one coordinate per uncertain parameter
(:class:`~wardilemma.analysis.uncertainty.sampling.Draws`); its parameters are the
quantiles of the scenario's ``[uncertainty]`` distributions at ``u``. The prior is then
uniform on the cube (log prior 0 inside, minus infinity outside), which is the declared
prior of every parameter. The sampler moves in the normal space ``u = Phi(z)`` instead,
where the same prior is a standard normal (:meth:`Problem.log_posterior_normal`). The log
likelihood sums, over the rows of the record the run can be set beside
(:func:`wardilemma.analysis.evaluation.evaluate`), the log density of the row's figure
given the model's value with the row's standard deviation:

* ``gaussian``: ``-r**2 / 2 - log(sd * sqrt(2 pi))`` with ``r = (model - value) / sd``;
* ``student-t``: Student's t with :data:`STUDENT_DF` degrees of freedom scaled by ``sd``
  (heavy tails: one figure far from the model costs ``log r`` rather than ``r**2``);
* a lower (upper) bound: no cost above (below) the bound, beyond it the same density's
  fall from its peak (a half-Gaussian or half-t penalty).

A member whose run fails (NaN, a stock out of bounds) or gives a non-finite value for a
compared row has log posterior minus infinity. Illustrative model, not a forecast.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import special

from wardilemma.analysis.evaluation import COMPARED, Plan, evaluate, plan
from wardilemma.analysis.quantities import PRICE_BASE
from wardilemma.analysis.record import Record, month_index
from wardilemma.analysis.rowstats import window
from wardilemma.analysis.uncertainty.sampling import Draws, UncertaintyError, quantiles
from wardilemma.engine.run import simulate
from wardilemma.model import WAR_ECONOMY
from wardilemma.results import Results
from wardilemma.scenario import Scenario

#: Distance of a point from the faces of the cube (the quantile functions stay finite).
_EDGE = 1e-12

__all__ = ["LIKELIHOODS", "STUDENT_DF", "FitError", "Problem", "row_log_likelihood"]

#: Likelihoods of a row given the model (``--likelihood``).
LIKELIHOODS = ("gaussian", "student-t")

#: Degrees of freedom of the Student-t likelihood.
STUDENT_DF = 4.0


class FitError(UncertaintyError):
    """A fit cannot be set up (no uncertain parameter, no row of the record in the run)."""


def _log_density(r: np.ndarray, likelihood: str) -> np.ndarray:
    """Log density of standardised residuals ``r`` (without the ``-log sd`` term)."""
    if likelihood == "gaussian":
        return -0.5 * r**2 - 0.5 * math.log(2 * math.pi)
    nu = STUDENT_DF
    const = special.gammaln((nu + 1) / 2) - special.gammaln(nu / 2) - 0.5 * math.log(nu * math.pi)
    return const - (nu + 1) / 2 * np.log1p(r**2 / nu)


def row_log_likelihood(
    model: np.ndarray,
    value: np.ndarray,
    sd: np.ndarray,
    bound: np.ndarray,
    likelihood: str = "gaussian",
) -> np.ndarray:
    """Log likelihood of each row for each member, shape of ``model`` (rows, members).

    Parameters
    ----------
    model
        The model's values (rows, members).
    value, sd, bound
        Per row: the figure, its standard deviation and ``estimate``/``lower``/``upper``.
    likelihood
        A key of :data:`LIKELIHOODS`.
    """
    if likelihood not in LIKELIHOODS:
        raise FitError(f"unknown likelihood {likelihood!r} (choose from {', '.join(LIKELIHOODS)})")
    value, sd = np.asarray(value, float)[:, None], np.asarray(sd, float)[:, None]
    bound = np.asarray(bound)[:, None]
    r = (np.asarray(model, dtype=float) - value) / sd
    # one-sided rows: no residual on the allowed side of the bound
    r = np.where((bound == "lower") & (r > 0), 0.0, r)
    r = np.where((bound == "upper") & (r < 0), 0.0, r)
    out = _log_density(r, likelihood) - np.log(sd)
    return np.where(np.isfinite(out), out, -np.inf)


@dataclass
class Problem:
    """The fit of ``scenario``'s uncertain parameters to ``record``.

    Attributes
    ----------
    scenario, record
        What is fitted, and to what.
    likelihood
        A key of :data:`LIKELIHOODS`.
    names
        The fitted parameters (all of the scenario's ``[uncertainty]`` table), sorted: the
        coordinates of the unit hypercube.
    rows
        Indices of the record's rows the run is set beside (the others are outside the run
        or not modelled).
    months
        The run length the fit simulates: up to the end of the last compared row.
    runs
        Model runs made so far (members of every ensemble call).
    left_out
        ``(row id, why)`` of the record's rows the fit does not use (outside the run, or not
        modelled).

    The rows are read from every run by one :class:`~wardilemma.analysis.evaluation.Plan`
    made at set-up: a trajectory per quantity and a matrix product per group of rows, for
    all the members of a call at once.
    """

    scenario: Scenario
    record: Record
    likelihood: str = "gaussian"
    names: tuple[str, ...] = ()
    rows: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int))
    months: float = 0.0
    runs: int = 0
    _variables: tuple[str, ...] = ()
    left_out: tuple[tuple[str, str], ...] = ()
    _plan: Plan | None = None

    def __post_init__(self) -> None:
        if self.likelihood not in LIKELIHOODS:
            raise FitError(
                f"unknown likelihood {self.likelihood!r} (choose from {', '.join(LIKELIHOODS)})"
            )
        self.names = tuple(sorted(self.scenario.uncertainty))
        if not self.names:
            raise FitError(
                f"{self.scenario.path or self.scenario.name}: no [uncertainty] table, "
                "nothing to fit"
            )
        probe = _Recorder(self._simulate(np.full((1, len(self.names)), 0.5), None, None))
        found = evaluate(probe, self.record)
        compared = [k for k, s in enumerate(found.status) if s == COMPARED]
        if not compared:
            raise FitError(
                f"no row of the record {self.record.path or ''} falls inside the run of "
                f"{self.scenario.name!r} ({self.scenario.start}, {self.scenario.months:g} "
                "months): nothing to fit"
            )
        self.rows = np.asarray(compared, dtype=int)
        self.left_out = tuple(
            (row.id, f"{status}: {why}")
            for row, status, why in zip(self.record.rows, found.status, found.reasons, strict=True)
            if status != COMPARED
        )
        ends = [window(self.record.rows[k], self.scenario.start)[3] for k in compared]
        base = month_index(PRICE_BASE) - month_index(self.scenario.start)
        months = max(max(ends), base + 1 if base >= 0 else 0)
        self.months = float(min(math.ceil(months), self.scenario.months))
        # what the rows read and the model has (a missing one makes its row not modelled)
        self._variables = tuple(sorted(probe.read & set(WAR_ECONOMY.elements)))
        self._plan = plan(self.run(np.full((1, len(self.names)), 0.5)), self.compared)
        self.runs = 0

    # ------------------------------------------------------------------ the rows

    @property
    def compared(self) -> list[Any]:
        """The record's rows the fit uses."""
        return [self.record.rows[k] for k in self.rows]

    def _row_arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        rows = self.compared
        return (
            np.array([r.value for r in rows]),
            np.array([r.uncertainty for r in rows]),
            np.array([r.bound for r in rows]),
        )

    # ------------------------------------------------------------------ runs

    def parameters(self, unit: np.ndarray) -> dict[str, Any]:
        """``parameters=`` of :func:`~wardilemma.simulate` for unit points (members, d)."""
        return Draws(self.names, np.atleast_2d(unit), 0, "random").parameters(self.scenario)

    def values(self, unit: np.ndarray) -> np.ndarray:
        """Parameter values at unit points, shape (members, d)."""
        unit = np.atleast_2d(unit)
        return np.column_stack(
            [quantiles(self.scenario.uncertainty[n], unit[:, j]) for j, n in enumerate(self.names)]
        )

    def _simulate(
        self, unit: np.ndarray, months: float | None, record: tuple[str, ...] | None
    ) -> Results:
        return simulate(
            self.scenario, parameters=self.parameters(unit), months=months,
            save_every=self.scenario.dt, record=record, on_problem="flag",
        )  # fmt: skip

    def run(self, unit: np.ndarray, months: float | None = None) -> Results:
        """One ensemble call of the kernel for unit points (members, d), recording what the
        record's rows read (``months``: default the fit's run length)."""
        unit = np.atleast_2d(unit)
        self.runs += unit.shape[0]
        return self._simulate(unit, months or self.months, self._variables)

    def model_values(self, unit: np.ndarray) -> np.ndarray:
        """The model's value of every compared row, shape (rows, members); NaN for a
        member whose run failed."""
        res = self.run(unit)
        values = self._plan.values(res)
        failed = list(res.metadata.get("failed_members", ()))
        values[:, failed] = np.nan
        return values

    def log_likelihood(self, unit: np.ndarray) -> np.ndarray:
        """Log likelihood of unit points (members, d), shape (members,)."""
        value, sd, bound = self._row_arrays()
        per_row = row_log_likelihood(self.model_values(unit), value, sd, bound, self.likelihood)
        return per_row.sum(axis=0)

    def log_posterior(self, unit: np.ndarray) -> np.ndarray:
        """Log posterior (up to a constant) of unit points (members, d): every point inside
        the cube run in one ensemble call; minus infinity outside it."""
        unit = np.atleast_2d(np.asarray(unit, dtype=float))
        out = np.full(unit.shape[0], -np.inf)
        inside = np.all((unit > 0) & (unit < 1), axis=1)
        if inside.any():
            out[inside] = self.log_likelihood(unit[inside])
        return out

    def log_posterior_normal(self, z: np.ndarray) -> np.ndarray:
        """Log posterior of points ``z`` (members, d) of the normal space ``u = Phi(z)``:
        there the prior is a standard normal and the cube has no faces for a sampler's
        moves to fall off."""
        z = np.atleast_2d(np.asarray(z, dtype=float))
        unit = np.clip(special.ndtr(z), _EDGE, 1 - _EDGE)
        return -0.5 * np.sum(z**2, axis=1) + self.log_posterior(unit)


class _Recorder:
    """A run that remembers which variables were read from it (what the record needs)."""

    def __init__(self, results: Results) -> None:
        self._results, self.read = results, set()

    def __getitem__(self, name: str) -> Any:
        self.read.add(name)
        return self._results[name]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._results, name)
