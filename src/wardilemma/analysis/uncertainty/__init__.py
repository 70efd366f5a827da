"""Uncertainty analysis: sample -> run -> analyse, as separate modules.

* :mod:`.sampling`: :func:`draw` N parameter sets from the scenarios' ``[uncertainty]``
  tables (common random numbers);
* :mod:`.ensemble`: :func:`run_ensemble` runs them in chunks over any executor;
* :mod:`.analysis`: percentile bands and paired differences between scenarios;
* :mod:`.sweep`: one- and two-dimensional grids, the dilemma map;
* :mod:`.sensitivity`: Sobol' and Morris indices through SALib (optional extra);
* :mod:`.study_files`: what every study writes besides its figures (CSV, manifest,
  members table).

The figures are drawn by :mod:`wardilemma.figures.uncertainty`; the commands' work (run,
write files, figures and manifest) is in :mod:`wardilemma.studies`.

Illustrative model, not a forecast.
"""

from wardilemma.analysis.uncertainty.ensemble import (
    DEFAULT_METRICS,
    DEFAULT_RECORD,
    Ensemble,
    open_executor,
    run_ensemble,
)
from wardilemma.analysis.uncertainty.sampling import SAMPLERS, Draws, UncertaintyError, draw

__all__ = [
    "DEFAULT_METRICS",
    "DEFAULT_RECORD",
    "SAMPLERS",
    "Draws",
    "Ensemble",
    "UncertaintyError",
    "draw",
    "open_executor",
    "run_ensemble",
]
