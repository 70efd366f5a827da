"""Is the chain long enough? Acceptance, integrated autocorrelation time, effective size.

emcee's integrated autocorrelation time ``tau`` (per parameter, ``quiet=True``: an
estimate even from a short chain, with its warning turned into our verdict) is trusted when
the chain is at least :data:`TAU_FACTOR` times ``tau`` long (emcee's documentation); the
effective sample size is ``walkers * steps / tau``. A chain is called converged only when
every parameter's chain is that long, ``tau`` has settled (it changed by less than
:data:`TAU_CHANGE` of itself over the last :data:`CHECK_STEPS` steps, emcee's documented
test), the effective size reaches :data:`MIN_ESS` and the acceptance fraction is in
:data:`ACCEPTANCE`; otherwise :class:`Diagnostics` says how many more runs are needed.
Illustrative model, not a forecast.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = [
    "ACCEPTANCE",
    "CHECK_STEPS",
    "MIN_ESS",
    "MIN_STEPS",
    "TAU_CHANGE",
    "TAU_FACTOR",
    "Diagnostics",
    "diagnose",
]

#: A chain this many autocorrelation times long gives a reliable ``tau``.
TAU_FACTOR = 50

#: The estimate of ``tau`` has settled when it moved by less than this share of itself...
TAU_CHANGE = 0.01

#: ... between the chain without its last this many steps and the whole chain (emcee's
#: documentation checks every 100 steps).
CHECK_STEPS = 100

#: Smallest effective sample size of every parameter for a converged posterior.
MIN_ESS = 400

#: Fewest kept steps from which an autocorrelation time is estimated at all.
MIN_STEPS = 20

#: Acceptance fractions of a healthy ensemble sampler (Foreman-Mackey et al. 2013).
ACCEPTANCE = (0.15, 0.75)


@dataclass(frozen=True)
class Diagnostics:
    """Diagnostics of an ensemble chain.

    Attributes
    ----------
    acceptance
        Mean acceptance fraction of the walkers.
    tau
        Integrated autocorrelation time of each parameter, in steps.
    ess
        Effective sample size of each parameter.
    steps, walkers
        Chain length and number of walkers.
    converged
        Whether the chain passes every test above.
    more_runs
        Model runs still needed (0 when converged).
    estimated
        Whether ``tau`` is an estimate (else the chain's length, a lower bound, and ``ess``
        an upper bound).
    tau_change
        Largest relative change of ``tau`` over the last :data:`CHECK_STEPS` steps (NaN when
        the chain is too short to tell).
    verdict
        One sentence for a reader.
    """

    acceptance: float
    tau: np.ndarray
    ess: np.ndarray
    steps: int
    walkers: int
    converged: bool
    more_runs: int
    verdict: str
    estimated: bool = True
    tau_change: float = float("nan")

    def to_dict(self, names: tuple[str, ...]) -> dict[str, Any]:
        return {
            "acceptance_fraction": self.acceptance,
            "autocorrelation_time": dict(zip(names, self.tau.tolist(), strict=True)),
            "effective_sample_size": dict(zip(names, self.ess.tolist(), strict=True)),
            "steps": self.steps,
            "walkers": self.walkers,
            "converged": self.converged,
            "more_runs_needed": self.more_runs,
            "verdict": self.verdict,
            "autocorrelation_time_estimated": self.estimated,
            "autocorrelation_time_change": None if math.isnan(self.tau_change) else self.tau_change,
        }


def diagnose(chain: np.ndarray, acceptance: np.ndarray, burn: int = 0) -> Diagnostics:
    """Diagnose a kept chain of shape (steps, walkers, d) with the walkers' acceptance
    fractions; ``burn`` steps were discarded before it (a longer run discards as large a
    share, which the runs still needed include)."""
    import emcee

    steps, walkers, _ = chain.shape
    quiet = logging.getLogger("emcee")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # its "chain is shorter" warning: our verdict says it
    try:
        with np.errstate(invalid="ignore", divide="ignore"):
            tau = np.asarray(emcee.autocorr.integrated_time(chain, quiet=True), dtype=float)
            before = (
                np.asarray(
                    emcee.autocorr.integrated_time(chain[:-CHECK_STEPS], quiet=True), dtype=float
                )
                if steps - CHECK_STEPS >= MIN_STEPS
                else np.full_like(tau, np.nan)
            )
    finally:
        quiet.setLevel(level)
    with np.errstate(invalid="ignore", divide="ignore"):
        change = float(np.max(np.abs(tau - before) / tau)) if tau.size else math.nan
    settled = bool(np.isfinite(change) and change < TAU_CHANGE)
    # too short a chain, or one that has not moved, gives no estimate: its length is a
    # lower bound of the autocorrelation time
    unknown = steps < MIN_STEPS or not np.all(np.isfinite(tau) & (tau >= 1))
    if unknown:
        tau = np.full_like(tau, float(steps))
    ess = walkers * steps / tau
    accept = float(np.mean(acceptance))
    longest = float(tau.max())
    need_steps = math.ceil(max(TAU_FACTOR * longest, MIN_ESS * longest / walkers))
    good_accept = ACCEPTANCE[0] <= accept <= ACCEPTANCE[1]
    converged = steps >= need_steps and good_accept and not unknown and settled
    share = (steps + burn) / steps  # runs per kept step, burn-in included
    short = max(need_steps - steps, 0 if settled else CHECK_STEPS)
    more = 0 if converged else math.ceil(short * walkers * share)
    if converged:
        verdict = (
            f"converged: {steps} steps are at least {TAU_FACTOR} autocorrelation times "
            f"(max tau {tau.max():.0f}), which changed by {100 * change:.2f} % over the "
            f"last {CHECK_STEPS} steps; smallest effective sample size {ess.min():.0f}"
        )
    else:
        reasons = []
        if unknown:
            reasons.append(
                f"the autocorrelation time cannot be estimated from {steps} kept steps (too "
                f"short, or a parameter has not moved); about {more} more runs are needed at least"
            )
        elif steps < need_steps:
            reasons.append(
                f"the chains are too short: {steps} steps against {need_steps} needed "
                f"({TAU_FACTOR} x the longest autocorrelation time {tau.max():.0f}, an "
                f"estimate that is itself unreliable this short); about {more} more runs "
                "are needed"
            )
        if not unknown and steps >= need_steps and not settled:
            moved = "cannot be compared" if math.isnan(change) else f"{100 * change:.1f} %"
            reasons.append(
                f"the autocorrelation time has not settled: its change over the last "
                f"{CHECK_STEPS} steps {moved} (less than {100 * TAU_CHANGE:g} % needed); "
                f"run at least {more} more"
            )
        if not good_accept:
            reasons.append(
                f"the acceptance fraction {accept:.2f} is outside {ACCEPTANCE[0]}-{ACCEPTANCE[1]}"
            )
        verdict = "NOT converged: " + "; ".join(reasons)
    return Diagnostics(
        accept, tau, ess, steps, walkers, converged, more, verdict, not unknown, change
    )
