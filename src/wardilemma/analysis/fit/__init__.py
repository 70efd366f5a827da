"""Fitting the uncertain parameters to the public record: a posterior over the worlds.

* :mod:`.likelihood`: the log posterior of many members in one ensemble call
  (:class:`Problem`), and the per-row log likelihoods (Gaussian, Student-t, one-sided);
* :mod:`.map`: the maximum a posteriori point by bounded optimisation from seeded starts;
* :mod:`.mcmc`: the posterior by emcee's ensemble sampler (the ``fit`` extra);
* :mod:`.diagnostics`: acceptance, integrated autocorrelation time, effective sample size.

The walkers move on the unit hypercube of :mod:`wardilemma.analysis.uncertainty.sampling`:
a point ``u`` is the parameter set ``quantiles(spec, u)``, so the declared ``[uncertainty]``
distributions are the prior exactly (uniform on the cube) through the same code that draws
Monte Carlo members. docs/fit.md states the assumptions. Illustrative model, not a forecast.
"""

from wardilemma.analysis.fit.diagnostics import Diagnostics, diagnose
from wardilemma.analysis.fit.likelihood import LIKELIHOODS, FitError, Problem, row_log_likelihood
from wardilemma.analysis.fit.map import map_point
from wardilemma.analysis.fit.mcmc import Chain, sample

__all__ = [
    "LIKELIHOODS",
    "Chain",
    "Diagnostics",
    "FitError",
    "Problem",
    "diagnose",
    "map_point",
    "row_log_likelihood",
    "sample",
]
