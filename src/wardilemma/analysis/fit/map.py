"""The maximum a posteriori point: bounded optimisation from several seeded starts.

Each start is a point of the unit hypercube drawn from the seed; L-BFGS-B climbs the log
posterior inside the cube, with the value and its forward-difference gradient at a point
computed in one ensemble call (the point and its ``d`` shifted copies are members of the
same run). The best end point of all starts is the MAP. Illustrative model, not a forecast.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy import optimize

__all__ = ["MapResult", "map_point"]

#: Distance kept from the faces of the cube (the quantile functions stay finite).
EDGE = 1e-6

#: Finite-difference step on the unit cube.
STEP = 1e-4


@dataclass(frozen=True)
class MapResult:
    """The best point found.

    Attributes
    ----------
    unit
        The MAP on the unit cube, shape (d,).
    log_posterior
        Its log posterior.
    starts
        Log posterior reached from each start (their spread says how multimodal it is).
    """

    unit: np.ndarray
    log_posterior: float
    starts: tuple[float, ...]


def map_point(
    log_posterior: Callable[[np.ndarray], np.ndarray],
    d: int,
    *,
    starts: int = 4,
    seed: int = 0,
    maxiter: int = 40,
) -> MapResult:
    """Maximise a vectorised ``log_posterior`` (points (m, d) -> (m,)) on the unit cube.

    Parameters
    ----------
    log_posterior
        Log posterior of unit points, one value per row (minus infinity where impossible).
    d
        Dimension.
    starts
        Seeded starting points (the first is the centre of the cube).
    seed
        Seed of the starting points.
    maxiter
        L-BFGS-B iterations per start.
    """
    rng = np.random.default_rng(seed)
    points = np.vstack([np.full(d, 0.5), rng.uniform(0.05, 0.95, size=(max(starts, 1) - 1, d))])
    shifts = np.vstack([np.zeros(d), STEP * np.eye(d)])

    def cost(u: np.ndarray) -> tuple[float, np.ndarray]:
        # step inward at the upper face so every shifted copy stays in the cube
        signs = np.where(u + STEP < 1 - EDGE, 1.0, -1.0)
        lp = log_posterior(u[None, :] + shifts * np.concatenate([[1.0], signs])[:, None])
        if not np.isfinite(lp[0]):
            return 1e300, np.zeros(d)
        grad = np.where(np.isfinite(lp[1:]), (lp[1:] - lp[0]) / (STEP * signs), 0.0)
        return -float(lp[0]), -grad

    found = [
        optimize.minimize(
            cost,
            start,
            jac=True,
            method="L-BFGS-B",
            bounds=[(EDGE, 1 - EDGE)] * d,
            options={"maxiter": maxiter},
        )
        for start in points  # the centre of the cube first, so never empty
    ]
    best = min(found, key=lambda f: f.fun)  # the first of equal ends, as before
    reached = tuple(-float(f.fun) for f in found)
    return MapResult(np.asarray(best.x, dtype=float), -float(best.fun), reached)
