"""Sensitivity: which uncertain parameters move a metric? Sobol' indices and Morris screening.

Uses SALib (optional extra ``pip install 'wardilemma[uncertainty]'``) for the designs and the
estimators, on the unit hypercube of the scenario's ``[uncertainty]`` table: SALib draws unit
points, :class:`~wardilemma.analysis.uncertainty.sampling.Draws` maps them through each parameter's
quantile function (so any distribution of the table works), and
:func:`~wardilemma.analysis.uncertainty.ensemble.run_ensemble` runs them as one ensemble.

* ``sobol``: Saltelli's design, ``n * (d + 2)`` runs for ``d`` parameters; first-order
  (``S1``) and total (``ST``) indices with 95 % bootstrap confidence intervals. ``n`` should
  be a power of two.
* ``morris``: ``n`` trajectories, ``n * (d + 1)`` runs; ``mu_star`` (mean absolute
  elementary effect, in metric units per unit of quantile) and ``sigma`` (interactions and
  non-linearity). A quick screen, not a variance decomposition.

Illustrative model, not a forecast.
"""

from __future__ import annotations

import concurrent.futures as cf
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from wardilemma.analysis.uncertainty.ensemble import run_ensemble, split_metric
from wardilemma.analysis.uncertainty.sampling import Draws, UncertaintyError
from wardilemma.scenario import Scenario
from wardilemma.scenario.locate import did_you_mean

__all__ = ["METHODS", "SensitivityResult", "analyse_sensitivity"]

#: Sensitivity methods.
METHODS = ("sobol", "morris")

_EXTRA = "pip install 'wardilemma[uncertainty]'"


@dataclass(frozen=True)
class SensitivityResult:
    """Indices of each uncertain parameter for one metric, sorted by importance.

    ``indices`` maps an index name (``S1, S1_conf, ST, ST_conf`` for Sobol';
    ``mu_star, mu_star_conf, sigma`` for Morris) to an array ``(d,)`` in the order of
    ``names``.
    """

    scenario: str
    metric: str
    method: str
    names: tuple[str, ...]
    indices: dict[str, np.ndarray]
    runs: int
    n: int
    seed: int

    @property
    def key(self) -> str:
        """The index that orders the parameters: ``ST`` or ``mu_star``."""
        return "ST" if self.method == "sobol" else "mu_star"

    def rows(self) -> list[list[object]]:
        """``parameter, index values...`` rows, most important first."""
        order = np.argsort(-np.nan_to_num(self.indices[self.key], nan=-np.inf), kind="stable")
        cols = list(self.indices)
        return [[self.names[i], *(float(self.indices[c][i]) for c in cols)] for i in order]


def _salib(module: str) -> Any:
    try:
        return importlib.import_module(f"SALib.{module}")
    except ImportError:
        raise UncertaintyError(f"sensitivity analysis needs SALib: {_EXTRA}") from None


def analyse_sensitivity(
    scenario: Scenario,
    metric: str = "peak_discontent[provinces]",
    *,
    n: int = 256,
    method: str = "sobol",
    seed: int = 0,
    executor: cf.Executor | None = None,
    progress: Callable[[int, int], None] | None = None,
    checkpoint: str | Path | None = None,
) -> SensitivityResult:
    """Sobol' or Morris indices of ``metric`` over ``scenario``'s uncertain parameters.

    Parameters
    ----------
    scenario
        A scenario with an ``[uncertainty]`` table.
    metric
        A metric name (``name`` or ``name[region]``) defined in every member.
    n
        Base sample size (Sobol') or number of trajectories (Morris).
    method
        ``"sobol"`` or ``"morris"``.
    seed
        Seed of SALib's design and bootstrap.
    executor, progress, checkpoint
        As for :func:`~wardilemma.analysis.uncertainty.ensemble.run_ensemble`.
    """
    if method not in METHODS:
        raise UncertaintyError(
            f"unknown method {method!r}{did_you_mean(method, list(METHODS))} "
            f"(choose from {', '.join(METHODS)})"
        )
    split_metric(metric, scenario.region_names)
    names = tuple(sorted(scenario.uncertainty))
    if not names:
        raise UncertaintyError(f"{scenario.path or scenario.name}: no [uncertainty] table")
    if isinstance(n, bool) or not isinstance(n, int) or n < 2:
        raise UncertaintyError(f"n must be a whole number >= 2, got {n!r}")
    problem = {"num_vars": len(names), "names": list(names), "bounds": [[0.0, 1.0]] * len(names)}
    if method == "sobol":
        unit = _salib("sample.sobol").sample(problem, n, calc_second_order=False, seed=seed)
    else:
        unit = _salib("sample.morris").sample(problem, n, num_levels=4, seed=seed)
    draws = Draws(names, np.asarray(unit, dtype=float), seed, f"{method} design (SALib)")
    ens = run_ensemble(scenario, draws, record=(), metrics=(metric,), executor=executor,
                       progress=progress, checkpoint=checkpoint)  # fmt: skip
    y = ens.metrics[metric]
    if not np.all(np.isfinite(y)):
        bad = int(np.sum(~np.isfinite(y)))
        raise UncertaintyError(
            f"metric {metric!r} is undefined in {bad} of {y.size} runs (it never happens); "
            "choose a metric defined in every run"
        )
    if method == "sobol":
        # SALib's Sobol' analysis seeds its bootstrap only for a true seed (``if seed:``), so
        # seed 0 would draw unseeded intervals: give it a generator, as its Morris analysis
        # accepts, so that every seed reproduces the same intervals
        res = _salib("analyze.sobol").analyze(
            problem, y, calc_second_order=False, seed=np.random.default_rng(seed)
        )
        keys = ("S1", "S1_conf", "ST", "ST_conf")
    else:
        res = _salib("analyze.morris").analyze(problem, draws.unit, y, num_levels=4, seed=seed)
        keys = ("mu_star", "mu_star_conf", "sigma")
    indices = {k: np.asarray(res[k], dtype=float) for k in keys}
    return SensitivityResult(scenario.name, metric, method, names, indices, int(y.size), n, seed)
