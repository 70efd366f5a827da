"""The posterior by emcee's affine-invariant ensemble sampler (the ``fit`` extra).

Every walker of a step is evaluated in one call of the vectorised log posterior (one
ensemble run of the kernel). The walkers start in a ball around the MAP point, as wide in
each coordinate as the posterior's curvature there says (:func:`curvature_spread`), and
move by differential evolution (80 %) and its snooker update (20 %), which
keep a useful acceptance in the dozens of dimensions of a fit where the default stretch
move stalls; the random state is seeded, so the same seed gives the same chain bit for bit.
Illustrative model, not a forecast.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from wardilemma.analysis.fit.diagnostics import Diagnostics, diagnose
from wardilemma.analysis.fit.likelihood import FitError

__all__ = ["BALL", "CURVATURE_STEP", "Chain", "curvature_spread", "sample"]

#: Spread of the starting ball around the start point, in the sampler's space, unless
#: the curvature gives one.
BALL = 0.02

#: Step of the second differences of :func:`curvature_spread`, in the sampler's space.
CURVATURE_STEP = 1e-3


def curvature_spread(
    log_posterior: Callable[[np.ndarray], np.ndarray], point: np.ndarray, *, most: float = 1.0
) -> np.ndarray:
    """Per coordinate, the posterior's standard deviation at ``point`` given the others:
    ``1 / sqrt(-d2 log p / dx2)`` from second differences (the point and its ``2 d`` shifts
    in one call), at most ``most`` (the prior's in the normal space) and :data:`BALL` where
    the curvature is not negative or not finite (a flat or an impossible neighbourhood).

    Started at this spread, the walkers are about as wide as the posterior near its mode
    (narrower along correlated directions), so a short chain spends less of itself
    spreading out from a ball too small, or falling in from one too wide.
    """
    d = point.shape[0]
    shifts = CURVATURE_STEP * np.vstack([np.zeros(d), np.eye(d), -np.eye(d)])
    lp = log_posterior(point[None, :] + shifts)
    second = (lp[1 : d + 1] + lp[d + 1 :] - 2 * lp[0]) / CURVATURE_STEP**2
    with np.errstate(divide="ignore", invalid="ignore"):
        spread = np.minimum(1 / np.sqrt(-second), most)
    return np.where(np.isfinite(spread) & (second < 0), spread, BALL)


@dataclass(frozen=True)
class Chain:
    """An ensemble chain after burn-in.

    Attributes
    ----------
    unit
        Kept samples on the unit cube, shape (steps, walkers, d).
    log_posterior
        Their log posteriors, shape (steps, walkers).
    burn
        Steps discarded at the start.
    diagnostics
        :class:`~wardilemma.analysis.fit.diagnostics.Diagnostics` of the kept part.
    """

    unit: np.ndarray
    log_posterior: np.ndarray
    burn: int
    diagnostics: Diagnostics

    @property
    def flat(self) -> np.ndarray:
        """Samples as rows, shape (steps * walkers, d)."""
        return self.unit.reshape(-1, self.unit.shape[-1])


def sample(
    log_posterior: Callable[[np.ndarray], np.ndarray],
    start: np.ndarray,
    *,
    walkers: int,
    steps: int,
    seed: int = 0,
    progress: Callable[[int, int], None] | None = None,
    transform: Callable[[np.ndarray], np.ndarray] | None = None,
    spread: np.ndarray | float = BALL,
) -> Chain:
    """Run ``walkers`` walkers for ``steps`` steps from a ball around ``start`` (d,).

    The first half of the chain is burn-in and discarded; ``progress(walkers, total)`` is
    called after every step. ``transform`` maps the sampler's space to the unit cube
    (the kept samples are stored on the cube; the diagnostics are of the sampler's chain).
    ``spread``: the ball's standard deviation, one number or one per coordinate
    (:func:`curvature_spread`).
    """
    try:
        import emcee
    except ImportError:
        raise FitError("the posterior needs emcee: pip install 'wardilemma[fit]'") from None
    d = start.shape[0]
    if walkers < 2 * d:
        raise FitError(f"{walkers} walkers for {d} parameters: at least {2 * d} are needed")
    if steps < 4:
        raise FitError(f"{steps} steps: at least 4 are needed")
    rng = np.random.default_rng(seed)
    ball = start + np.asarray(spread, dtype=float) * rng.standard_normal((walkers, d))
    moves = [(emcee.moves.DEMove(), 0.8), (emcee.moves.DESnookerMove(), 0.2)]
    sampler = emcee.EnsembleSampler(walkers, d, log_posterior, moves=moves, vectorize=True)
    sampler.random_state = np.random.RandomState(seed).get_state()
    for _ in sampler.sample(ball, iterations=steps):
        if progress is not None:
            progress(walkers, walkers * steps)
    burn = steps // 2
    chain = sampler.get_chain(discard=burn)
    return Chain(
        chain if transform is None else transform(chain), sampler.get_log_prob(discard=burn), burn,
        diagnose(chain, sampler.acceptance_fraction, burn),
    )  # fmt: skip
