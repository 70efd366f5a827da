"""Runs over a fit's posterior instead of the priors (``--posterior FILE`` of ``montecarlo``,
``claims``, ``sweep``, ``report`` and ``explore``).

:func:`load_posterior` reads ``posterior.parquet`` or ``posterior.csv`` (``wardilemma
fit``) into a :class:`Posterior`. Two uses:

* members: :func:`posterior_draws` turns prior draws into :class:`PosteriorDraws`: ``n``
  posterior rows resampled with the draws' seed give every fitted parameter its value, the
  same row for a member in every scenario (paired, as common random numbers are), and a
  parameter the fit did not cover keeps its prior draw;
* one world: :func:`posterior_scenario` sets every fitted parameter of a scenario to its
  posterior median (the runs of ``sweep``, ``report`` and the explorer's default world).

Illustrative model, not a forecast.
"""

from __future__ import annotations

import dataclasses
import hashlib
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

__all__ = [
    "Posterior",
    "PosteriorDraws",
    "load_posterior",
    "posterior_draws",
    "posterior_scenario",
]

#: Columns of a posterior file that are not parameters.
BOOKKEEPING = ("step", "walker", "log_posterior")


@dataclass(frozen=True)
class Posterior:
    """The samples of a posterior file.

    Attributes
    ----------
    path
        The file.
    samples
        ``name -> array (samples,)``: the fitted parameters' values.
    sha256
        SHA-256 of the file (what a study's provenance records).
    """

    path: Path
    samples: Mapping[str, np.ndarray]
    sha256: str

    @property
    def median(self) -> dict[str, float]:
        """Each fitted parameter's posterior median."""
        return {name: float(np.median(v)) for name, v in self.samples.items()}


def load_posterior(path: str | Path) -> Posterior:
    """The samples of a posterior file of ``wardilemma fit``.

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
    return Posterior(path, found, hashlib.sha256(path.read_bytes()).hexdigest())


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


def posterior_draws(draws: Draws, posterior: Posterior) -> PosteriorDraws:
    """``draws.n`` posterior rows resampled (with replacement, seeded by ``draws.seed``)
    for the fitted parameters the draws cover; the other parameters keep their draws."""
    samples = posterior.samples
    covered = [name for name in samples if name in draws.names]
    if not covered:
        raise FitError(
            "the posterior covers none of the scenarios' uncertain parameters "
            f"({', '.join(draws.names)})"
        )
    size = len(next(iter(samples.values())))
    rows = np.random.default_rng(draws.seed).integers(0, size, draws.n)
    return PosteriorDraws(draws.names, draws.unit, draws.seed, draws.sampler,
                          {k: np.asarray(samples[k])[rows] for k in covered})  # fmt: skip


def posterior_scenario(scenario: Scenario, posterior: Posterior) -> Scenario:
    """``scenario`` with every fitted parameter at its posterior median.

    A regional parameter takes the median in the regions the scenario's ``[uncertainty]``
    entry for it names (all regions when it names none, or has no entry); a parameter that
    follows a schedule in ``scenario`` keeps its schedule. The name says so, and the hash
    covers the posterior file, so the runs' provenance tells the two worlds apart.
    """
    params = dict(scenario.parameters)
    for name, median in posterior.median.items():
        if name in scenario.schedules:
            continue
        regions = scenario.uncertainty.get(name, {}).get("regions")
        if not regions:
            params[name] = median
            continue
        given = params.get(name)
        base = dict(given) if isinstance(given, Mapping) else (
            {} if given is None else {r: float(given) for r in scenario.region_names}
        )  # fmt: skip
        params[name] = {**base, **{r: median for r in regions}}
    sha = hashlib.sha256((scenario.sha256 + posterior.sha256).encode()).hexdigest()
    return dataclasses.replace(scenario, name=f"{scenario.name} (posterior median)",
                               parameters=params, sha256=sha)  # fmt: skip
