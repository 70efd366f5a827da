"""Members drawn from a fit's posterior instead of the priors (``montecarlo --posterior``).

:func:`load_posterior` reads ``posterior.parquet`` or ``posterior.csv`` (``wardilemma
fit``); :func:`posterior_draws` turns prior draws into :class:`PosteriorDraws`: ``n``
posterior rows resampled with the draws' seed give every fitted parameter its value, the
same row for a member in every scenario (paired, as common random numbers are), and a
parameter the fit did not cover keeps its prior draw. Illustrative model, not a forecast.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from wardilemma.analysis.fit.likelihood import FitError
from wardilemma.analysis.uncertainty.sampling import Draws
from wardilemma.model import WAR_ECONOMY
from wardilemma.scenario import Scenario

__all__ = ["PosteriorDraws", "load_posterior", "posterior_draws"]

#: Columns of a posterior file that are not parameters.
BOOKKEEPING = ("step", "walker", "log_posterior")


def load_posterior(path: str | Path) -> dict[str, np.ndarray]:
    """Parameter columns of a posterior file, ``name -> array (samples,)``.

    Raises
    ------
    FitError
        The file is missing, unreadable, or has no parameter column or no row.
    """
    path = Path(path)
    if not path.is_file():
        raise FitError(f"{path}: file not found")
    try:
        if path.suffix == ".parquet":
            if not importlib.util.find_spec("pyarrow"):
                raise FitError(f"{path}: reading parquet needs pyarrow (the data extra)")
            import pyarrow.parquet as pq

            table = pq.read_table(path)
            columns = {c: np.asarray(table[c], dtype=float) for c in table.column_names}
        else:
            with path.open(encoding="utf-8") as fh:
                lines = [ln for ln in fh if not ln.startswith("#")]
            names = lines[0].strip().split(",") if lines else []
            data = np.loadtxt(lines[1:], delimiter=",", ndmin=2) if len(lines) > 1 else None
            columns = {} if data is None else dict(zip(names, data.T, strict=True))
    except (OSError, ValueError) as exc:
        raise FitError(f"{path}: not a posterior file: {exc}") from None
    found = {k: v for k, v in columns.items() if k not in BOOKKEEPING}
    unknown = [k for k in found if k not in WAR_ECONOMY.parameters]
    if unknown or not found or not all(len(v) for v in found.values()):
        why = f"unknown parameters {', '.join(unknown)}" if unknown else "no samples"
        raise FitError(f"{path}: not a posterior of `wardilemma fit`: {why}")
    return found


@dataclass(frozen=True)
class PosteriorDraws(Draws):
    """Prior draws whose fitted parameters take resampled posterior values.

    Attributes
    ----------
    posterior
        ``name -> array (n,)``: the fitted parameters' values per member.
    """

    posterior: Mapping[str, np.ndarray] = field(default_factory=dict)

    def parameters(self, scenario: Scenario) -> dict[str, Any]:
        """As :meth:`Draws.parameters`, a fitted parameter's values from the posterior."""
        out = super().parameters(scenario)
        for name, values in self.posterior.items():
            if name in out:
                regions = scenario.uncertainty[name].get("regions")
                out[name] = {r: values for r in regions} if regions else values
        return out

    def subset(self, index: slice | np.ndarray) -> PosteriorDraws:
        return PosteriorDraws(self.names, self.unit[index], self.seed, self.sampler,
                              {k: v[index] for k, v in self.posterior.items()})  # fmt: skip


def posterior_draws(draws: Draws, posterior: Mapping[str, np.ndarray]) -> PosteriorDraws:
    """``draws.n`` posterior rows resampled (with replacement, seeded by ``draws.seed``)
    for the fitted parameters the draws cover; the other parameters keep their draws."""
    covered = [name for name in posterior if name in draws.names]
    if not covered:
        raise FitError(
            "the posterior covers none of the scenarios' uncertain parameters "
            f"({', '.join(draws.names)})"
        )
    size = len(next(iter(posterior.values())))
    rows = np.random.default_rng(draws.seed).integers(0, size, draws.n)
    return PosteriorDraws(draws.names, draws.unit, draws.seed, draws.sampler,
                          {k: np.asarray(posterior[k])[rows] for k in covered})  # fmt: skip
