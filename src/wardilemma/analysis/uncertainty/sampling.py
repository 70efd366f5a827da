"""Sampling: N parameter sets drawn from the scenarios' ``[uncertainty]`` tables.

The first of the three verbs of an uncertainty study (SALib's ``sample`` -> evaluate ->
``analyze``; EMA Workbench's experiments): :func:`draw` returns :class:`Draws`, which
:func:`wardilemma.analysis.uncertainty.ensemble.run_ensemble` runs and
:mod:`wardilemma.analysis.uncertainty.analysis` summarises.

How draws are made
------------------
1. The uncertain parameters of all the scenarios are pooled: their names, sorted, are the
   columns of one unit-hypercube sample ``unit`` of shape ``(n, d)``, drawn by a sampler of
   :data:`SAMPLERS` (``random``, ``lhs`` or ``sobol``; the last two from
   :mod:`scipy.stats.qmc`) from an explicit :class:`numpy.random.Generator` seeded by
   ``seed``. The same seed, sampler, ``n`` and pooled names give the same numbers bit for bit.
2. **Common random numbers.** Every scenario uses the *same* unit sample: member ``i`` is the
   same "world" in every scenario, so scenarios are compared member by member (paired).
3. Each scenario turns a column into values with the quantile function of *its own*
   distribution for that parameter (:data:`DISTRIBUTIONS`; quantile coupling). Scenarios
   that share a distribution (all the shipped ones inherit the baseline's table) get
   identical values; a scenario that narrows a range gets the matching quantile.
4. **A parameter uncertain in one scenario but not another** is drawn only where it is
   uncertain; a scenario whose table does not list it keeps its own fixed value (its author
   fixed it, for example as a policy lever). Its column is still part of the pooled sample,
   so the other parameters' draws do not depend on which scenarios are studied together
   as long as the pooled names are the same.
5. A draw applies to a regional parameter in the regions its table names (``regions``,
   default all) with one value per member; other regions keep the scenario's values. In a
   Monte Carlo run a draw replaces the scenario's ``[parameters]`` value; a parameter that
   follows a schedule in the scenario cannot be drawn (the schedule would win) and is an
   error.

Library API
-----------
>>> from wardilemma import load_scenario
>>> from wardilemma.analysis.uncertainty import draw, run_ensemble
>>> war = load_scenario("scenarios/war_continues.toml")  # doctest: +SKIP
>>> peace = load_scenario("scenarios/sudden_peace.toml")  # doctest: +SKIP
>>> draws = draw([war, peace], 1000, seed=1, sampler="lhs")  # doctest: +SKIP
>>> draws.parameters(peace)["casualty_rate"].shape  # doctest: +SKIP
(1000,)

Illustrative model, not a forecast.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import stats
from scipy.stats import qmc

from wardilemma.model import WAR_ECONOMY
from wardilemma.scenario import Scenario, ScenarioError
from wardilemma.scenario.locate import did_you_mean

__all__ = ["DISTRIBUTIONS", "SAMPLERS", "Draws", "UncertaintyError", "draw", "quantiles"]

#: Smallest distance of a unit draw from 0 and 1 (unbounded quantile functions stay finite).
_EDGE = 1e-12


class UncertaintyError(ScenarioError):
    """An uncertainty study cannot run as asked (unknown metric, parameter, sampler...)."""


# ---------------------------------------------------------------------- samplers


def _random(n: int, d: int, rng: np.random.Generator) -> np.ndarray:
    return rng.random((n, d))


def _qmc(engine: type, d: int, rng: np.random.Generator, **options: Any) -> Any:
    """A scipy.stats.qmc engine driven by ``rng`` (keyword ``rng`` since scipy 1.15)."""
    try:
        return engine(d, rng=rng, **options)
    except TypeError:  # pragma: no cover - scipy < 1.15
        return engine(d, seed=rng, **options)


def _lhs(n: int, d: int, rng: np.random.Generator) -> np.ndarray:
    return _qmc(qmc.LatinHypercube, d, rng).random(n)


def _sobol(n: int, d: int, rng: np.random.Generator) -> np.ndarray:
    # Scrambled Sobol'; balanced when n is a power of two (scipy warns otherwise).
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return _qmc(qmc.Sobol, d, rng, scramble=True).random(n)


#: Unit-hypercube samplers: ``sampler(n, d, rng) -> array (n, d)`` in [0, 1).
SAMPLERS: dict[str, Callable[[int, int, np.random.Generator], np.ndarray]] = {
    "random": _random,
    "lhs": _lhs,
    "sobol": _sobol,
}


# ---------------------------------------------------------------------- distributions


def _truncated(frozen: Any, low: float | None, high: float | None) -> Callable:
    """Quantile function of ``frozen`` truncated to [low, high] (either may be None)."""
    lo = 0.0 if low is None else float(frozen.cdf(low))
    hi = 1.0 if high is None else float(frozen.cdf(high))
    return lambda u: frozen.ppf(lo + u * (hi - lo))


def _uniform(spec: Mapping[str, Any]) -> Callable:
    low, high = float(spec["low"]), float(spec["high"])
    return lambda u: low + u * (high - low)


def _triangular(spec: Mapping[str, Any]) -> Callable:
    low, mode, high = float(spec["low"]), float(spec["mode"]), float(spec["high"])
    frozen = stats.triang(c=(mode - low) / (high - low), loc=low, scale=high - low)
    return frozen.ppf


def _normal(spec: Mapping[str, Any]) -> Callable:
    frozen = stats.norm(loc=float(spec["mean"]), scale=float(spec["sd"]))
    return _truncated(frozen, spec.get("low"), spec.get("high"))


def _lognormal(spec: Mapping[str, Any]) -> Callable:
    frozen = stats.lognorm(s=float(spec["sigma"]), scale=float(spec["median"]))
    return _truncated(frozen, spec.get("low"), spec.get("high"))


#: Quantile functions of the distributions of ``[uncertainty]`` (the names of
#: :data:`wardilemma.scenario.schema.DISTRIBUTIONS`): ``DISTRIBUTIONS[dist](spec)(u) -> values``.
DISTRIBUTIONS: dict[str, Callable[[Mapping[str, Any]], Callable]] = {
    "uniform": _uniform,
    "triangular": _triangular,
    "normal": _normal,
    "lognormal": _lognormal,
}


def quantiles(spec: Mapping[str, Any], unit: np.ndarray) -> np.ndarray:
    """Values of one ``[uncertainty]`` distribution at unit draws ``unit`` (shape kept)."""
    u = np.clip(np.asarray(unit, dtype=float), _EDGE, 1.0 - _EDGE)
    return np.asarray(DISTRIBUTIONS[spec["dist"]](spec)(u), dtype=float)


# ---------------------------------------------------------------------- draws


@dataclass(frozen=True)
class Draws:
    """N parameter sets on the unit hypercube, shared by every scenario (common random
    numbers).

    Attributes
    ----------
    names
        Pooled uncertain parameters, sorted: the columns of ``unit``.
    unit
        Unit draws, shape ``(n, len(names))``, in (0, 1).
    seed
        Seed of the :class:`numpy.random.Generator` that drew them.
    sampler
        Key of :data:`SAMPLERS`.
    """

    names: tuple[str, ...]
    unit: np.ndarray
    seed: int
    sampler: str

    @property
    def n(self) -> int:
        """Number of members."""
        return int(self.unit.shape[0])

    def column(self, name: str) -> np.ndarray:
        """Unit draws of one parameter, shape ``(n,)``."""
        return self.unit[:, self.names.index(name)]

    def parameters(self, scenario: Scenario) -> dict[str, Any]:
        """The ``parameters=`` of :func:`wardilemma.simulate` for ``scenario``.

        Returns
        -------
        dict
            ``name -> array (n,)`` for a national parameter or one drawn for all regions,
            ``name -> {region: array (n,)}`` when the table names ``regions``. Only the
            parameters uncertain in ``scenario`` (rule 4 of the module docstring).
        """
        out: dict[str, Any] = {}
        for name, spec in scenario.uncertainty.items():
            if name in scenario.schedules:
                raise UncertaintyError(
                    f"{scenario.path or scenario.name}: uncertainty.{name}: `{name}` follows "
                    "a schedule in this scenario, so a drawn value would be ignored; remove "
                    f"it from [uncertainty] or give `{name}` a single value"
                )
            values = quantiles(spec, self.column(name))
            regions = spec.get("regions")
            out[name] = {r: values for r in regions} if regions else values
        return out

    def table(self, scenario: Scenario) -> dict[str, np.ndarray]:
        """Drawn values by column name (``name`` or ``name[region]``), each ``(n,)``."""
        out: dict[str, np.ndarray] = {}
        for name, value in self.parameters(scenario).items():
            if isinstance(value, Mapping):
                out.update({f"{name}[{r}]": v for r, v in value.items()})
            else:
                out[name] = value
        return out

    def subset(self, index: slice | np.ndarray) -> Draws:
        """Some members (a slice or index array), same names, seed and sampler."""
        return Draws(self.names, self.unit[index], self.seed, self.sampler)


def draw(
    scenarios: Scenario | Sequence[Scenario],
    n: int,
    seed: int = 0,
    sampler: str = "random",
) -> Draws:
    """Draw ``n`` parameter sets for ``scenarios`` (common random numbers).

    Parameters
    ----------
    scenarios
        One scenario or several; their ``[uncertainty]`` tables are pooled.
    n
        Number of members, ``n >= 1`` (``sobol`` is balanced for powers of two).
    seed
        Seed of the :class:`numpy.random.Generator` (``seed >= 0``).
    sampler
        ``"random"``, ``"lhs"`` (Latin hypercube) or ``"sobol"`` (scrambled Sobol').

    Returns
    -------
    Draws
        Unit draws of shape ``(n, d)``; :meth:`Draws.parameters` gives a scenario's values.

    Raises
    ------
    UncertaintyError
        No scenario has an ``[uncertainty]`` table, or a bad ``n``, ``seed`` or ``sampler``.
    """
    scenarios = [scenarios] if isinstance(scenarios, Scenario) else list(scenarios)
    if sampler not in SAMPLERS:
        raise UncertaintyError(
            f"unknown sampler {sampler!r}{did_you_mean(sampler, list(SAMPLERS))} "
            f"(choose from {', '.join(SAMPLERS)})"
        )
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 1:
        raise UncertaintyError(f"n must be a whole number of members >= 1, got {n!r}")
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise UncertaintyError(f"seed must be a whole number >= 0, got {seed!r}")
    names = tuple(sorted({name for sc in scenarios for name in sc.uncertainty}))
    if not names:
        listed = ", ".join(str(sc.path or sc.name) for sc in scenarios)
        raise UncertaintyError(
            f"{listed}: no [uncertainty] table, nothing to draw; add one (see "
            "scenarios/baseline.toml) or extend baseline.toml"
        )
    unknown = [nm for nm in names if nm not in WAR_ECONOMY.parameters]
    if unknown:  # pragma: no cover - the scenario loader already rejects these
        raise UncertaintyError(f"unknown uncertain parameters: {', '.join(unknown)}")
    rng = np.random.default_rng(int(seed))
    unit = SAMPLERS[sampler](int(n), len(names), rng)
    return Draws(names, np.ascontiguousarray(unit, dtype=float), int(seed), sampler)
