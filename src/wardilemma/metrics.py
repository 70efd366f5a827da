"""Summary metrics of a run, each defined once.

About 470 lines: the registry is one table of every metric with its definition and its
vectorised function, kept together so that each metric is defined in one place.

A :class:`Metric` is a small function of a :class:`~wardilemma.results.Results` with units and
a one-line definition, computed for every member of an ensemble at once (NumPy over the
members: :func:`metric_arrays`; one member: :func:`compute_metrics`). :data:`METRICS` is the
registry (in display order). The README, the comparison table and ``metrics.json`` all read
the definitions from here.

Regional metrics are computed for each region and for the whole country (``region=None``):
extensive quantities (people, money) are summed over regions, discontent uses the
population-weighted ``national_discontent``.

Every metric is taken from the run's branch on (:attr:`~wardilemma.results.Results.branch_month`,
the ``[simulation] branch`` of the scenario, where the future starts after the history): a
peak, a total or a first month of the future, not of the history every future shares. A run
without a branch is measured whole.

Illustrative model, not a forecast.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from statistics import NormalDist
from typing import Any

import numpy as np

from wardilemma.results import Results, month_label

__all__ = [
    "INSTABILITY_THRESHOLD",
    "KEY_METRICS",
    "METRICS",
    "RESERVES_EMPTY_FRACTION",
    "Metric",
    "MetricValue",
    "compute_metrics",
    "format_value",
    "metric_arrays",
    "wilson_interval",
]

#: Instability risk (index 0..1) above which a month counts as "unstable": half-way to the
#: index's extreme. A teaching convention, not an empirical tipping point.
INSTABILITY_THRESHOLD = 0.5

#: The reserve fund counts as run out when it falls below this share of its level at the branch
#: (the fund drains smoothly and never reaches exactly zero).
RESERVES_EMPTY_FRACTION = 0.05

#: Label of the whole-country value of a regional metric.
ALL_REGIONS = "all regions"

#: ``values(results, region) -> array (members,)``: one metric for every member at once,
#: NaN where it never happens.
Values = Callable[[Results, "str | None"], np.ndarray]


@dataclass(frozen=True)
class Metric:
    """A summary number of one run, computed for every member at once.

    Attributes
    ----------
    name
        Identifier used in ``metrics.json`` and the tables.
    label
        Short human label for tables and figures.
    units
        Units of the value (``"month"`` values are months since the start of the run; every
        value is taken from the branch on).
    definition
        One sentence: what is computed, from which variable.
    values
        ``values(results, region) -> array (members,)``, vectorised over the members; NaN
        where the metric never happens (for example reserves that never run out).
        ``region`` is ``None`` for the national value.
    needs
        Variables the metric reads (metrics whose variables were not recorded are skipped).
    regional
        Computed for each region as well as for the whole country.
    kind
        ``"value"``, or ``"month"`` for a time (formatted as a calendar month).
    """

    name: str
    label: str
    units: str
    definition: str
    values: Values
    needs: tuple[str, ...]
    regional: bool = False
    kind: str = "value"

    def compute(self, results: Results, region: str | None, member: int) -> float | None:
        """The value of one member (``None``: never happens)."""
        data = {n: results[n][:, member : member + 1] for n in self.needs if n in results}
        value = float(self.values(dataclasses.replace(results, data=data), region)[0])
        return None if np.isnan(value) else value


@dataclass(frozen=True)
class MetricValue:
    """The value of one metric for one run and one region (``""`` for national metrics)."""

    metric: Metric
    region: str
    value: float | None
    start: str = "2025-01"

    @property
    def text(self) -> str:
        """The value formatted for a table (months as ``"YYYY-MM"``)."""
        return format_value(self.metric, self.value, self.start)


# ---------------------------------------------------------------------- helpers
# Every helper works on every member at once: arrays ``(T, members)`` from the branch on.


def _series(results: Results, name: str, region: str | None = None) -> np.ndarray:
    """A variable from the branch on (the whole run without a branch), ``(T, members)``:
    one region of a regional variable."""
    arr = results[name][results.branch_index :]
    if name in results.regional:
        if region is None:
            raise ValueError(f"{name!r} is regional: pass region= one of {results.regions}")
        return arr[:, :, results.region_index(region)]
    return arr


def _time(results: Results) -> np.ndarray:
    """Saved times from the branch on."""
    return results.time[results.branch_index :]


def _total(results: Results, name: str, region: str | None) -> np.ndarray:
    """A regional variable for one region, or summed over regions when ``region`` is None,
    from the branch on."""
    if region is not None:
        return _series(results, name, region)
    return results[name][results.branch_index :].sum(axis=2)


def _discontent(results: Results, region: str | None) -> np.ndarray:
    if region is None:
        return _series(results, "national_discontent")
    return _series(results, "discontent", region)


def _by_member(values: np.ndarray) -> np.ndarray:
    """``(T, ...)`` as ``(..., T)``, each member's times contiguous: sums over time then add
    in the same order whatever the number of members (the same value, bit for bit, for a
    member alone or in an ensemble)."""
    return np.ascontiguousarray(np.moveaxis(values, 0, -1))


def _integral_per_year(time: np.ndarray, flow: np.ndarray) -> np.ndarray:
    """Integral over the run of a flow in units per *year* (time in months): trapezoid rule."""
    if len(time) < 2:
        return np.zeros(flow.shape[1:])
    return np.trapezoid(_by_member(flow), time, axis=-1) / 12.0


def _first_month(time: np.ndarray, condition: np.ndarray) -> np.ndarray:
    """First saved time where ``condition`` ``(T, members)`` holds; NaN where it never does."""
    if not len(time):
        return np.full(condition.shape[1:], np.nan)
    return np.where(condition.any(axis=0), time[np.argmax(condition, axis=0)], np.nan)


def months_above(time: np.ndarray, values: np.ndarray, threshold: float) -> Any:
    """Months during which ``values`` exceed ``threshold``.

    Each interval between two saved times counts fully when the value at its start is above
    the threshold (the same convention as Euler integration), so with monthly saving the
    answer is the number of months above the threshold, excluding the final saved point.
    ``values`` is ``(T,)`` (a float) or ``(T, members)`` (an array).
    """
    values = np.asarray(values)
    if len(time) < 2:
        return 0.0 if values.ndim == 1 else np.zeros(values.shape[1:])
    steps = np.where(_by_member(values[:-1] > threshold), np.diff(time), 0.0)
    total = steps.sum(axis=-1)
    return float(total) if values.ndim == 1 else total


def max_drawdown_pct(values: np.ndarray) -> Any:
    """Largest fall from a running peak to a later value, in percent of that peak.

    ``values`` is ``(T,)`` (a float) or ``(T, members)`` (an array).
    """
    values = np.asarray(values)
    if not len(values):
        return 0.0 if values.ndim == 1 else np.zeros(values.shape[1:])
    peak = np.maximum.accumulate(values, axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        drop = np.where(peak > 0, (peak - values) / peak, 0.0)
    worst = 100.0 * np.max(drop, axis=0)
    return float(worst) if values.ndim == 1 else worst


# ---------------------------------------------------------------------- the metrics


def _peak_discontent(r: Results, region: str | None) -> np.ndarray:
    return np.max(_discontent(r, region), axis=0)


def _peak_discontent_month(r: Results, region: str | None) -> np.ndarray:
    return _time(r)[np.argmax(_discontent(r, region), axis=0)]


def _months_unstable(r: Results, region: str | None) -> np.ndarray:
    return months_above(_time(r), _series(r, "instability_risk"), INSTABILITY_THRESHOLD)


def _peak_instability(r: Results, region: str | None) -> np.ndarray:
    return np.max(_series(r, "instability_risk"), axis=0)


def _final_mobilisation(r: Results, region: str | None) -> np.ndarray:
    return np.array(_series(r, "nationalist_mobilisation")[-1], dtype=float)


def _peak_mobilisation(r: Results, region: str | None) -> np.ndarray:
    return np.max(_series(r, "nationalist_mobilisation"), axis=0)


def _consumption_drop(r: Results, region: str | None) -> np.ndarray:
    return max_drawdown_pct(_total(r, "consumption", region))


def _peak_deprivation(r: Results, region: str | None) -> np.ndarray:
    if region is None:  # a ratio: the national value is the shortfall of the totals
        c = _total(r, "consumption", None)
        a = _total(r, "aspiration", None)
        with np.errstate(divide="ignore", invalid="ignore"):
            dep = np.where(a > 0, np.maximum(a - c, 0.0) / a, 0.0)
        return np.max(dep, axis=0)
    return np.max(_series(r, "relative_deprivation", region), axis=0)


def _ceasefire(r: Results, region: str | None) -> np.ndarray:
    return _first_month(_time(r), _series(r, "at_war") < 0.5)


def _reserves_out(r: Results, region: str | None) -> np.ndarray:
    reserves = _series(r, "reserve_fund")
    floor = RESERVES_EMPTY_FRACTION * np.maximum(reserves[:1], 0.0)
    return _first_month(_time(r), reserves <= floor)


def _peak_inflation(r: Results, region: str | None) -> np.ndarray:
    return 100.0 * np.max(_series(r, "inflation"), axis=0)


def _casualties(r: Results, region: str | None) -> np.ndarray:
    c = _total(r, "casualties", region)
    return c[-1] - c[0]


def _peak_veterans(r: Results, region: str | None) -> np.ndarray:
    return np.max(_total(r, "veterans", region), axis=0)


def _war_spending(r: Results, region: str | None) -> np.ndarray:
    return _integral_per_year(_time(r), _series(r, "military_spending"))


def _war_payouts(r: Results, region: str | None) -> np.ndarray:
    return _integral_per_year(_time(r), _total(r, "war_payouts", region))


_ALL = [
    Metric("peak_discontent", "Peak discontent", "index 0-1",
           "Highest discontent from the branch on (national: population-weighted).",
           _peak_discontent, ("discontent", "national_discontent"), regional=True),
    Metric("peak_discontent_month", "Month of peak discontent", "month",
           "Month when discontent is highest.",
           _peak_discontent_month, ("discontent", "national_discontent"), regional=True,
           kind="month"),
    Metric("months_unstable", "Months of high instability risk", "months",
           f"Months with instability risk above {INSTABILITY_THRESHOLD:g} "
           "(INSTABILITY_THRESHOLD).",
           _months_unstable, ("instability_risk",)),
    Metric("peak_instability_risk", "Peak instability risk", "index 0-1",
           "Highest instability-risk index from the branch on.",
           _peak_instability, ("instability_risk",)),
    Metric("final_mobilisation", "Nationalist mobilisation at end", "share 0-1",
           "Share of the discontented organised by nationalist movements at the end of the run.",
           _final_mobilisation, ("nationalist_mobilisation",)),
    Metric("peak_mobilisation", "Peak nationalist mobilisation", "share 0-1",
           "Highest nationalist mobilisation from the branch on.",
           _peak_mobilisation, ("nationalist_mobilisation",)),
    Metric("consumption_drop_pct", "Consumption drop from peak", "%",
           "Largest fall of real household consumption from its highest level so far "
           "to a later low, in percent of that peak.",
           _consumption_drop, ("consumption",), regional=True),
    Metric("peak_relative_deprivation", "Peak relative deprivation", "share 0-1",
           "Largest shortfall of consumption below aspiration, as a share of aspiration.",
           _peak_deprivation, ("relative_deprivation", "consumption", "aspiration"),
           regional=True),
    Metric("ceasefire_month", "Ceasefire", "month",
           "First month from the branch on with the war over (at_war 0); none if it goes on.",
           _ceasefire, ("at_war",), kind="month"),
    Metric("reserves_out_month", "Reserves run out", "month",
           f"First month the reserve fund falls below {RESERVES_EMPTY_FRACTION:.0%} of its "
           "level at the branch; none if it never does.",
           _reserves_out, ("reserve_fund",), kind="month"),
    Metric("peak_inflation_pct", "Peak inflation", "%/year",
           "Highest annual inflation rate from the branch on.",
           _peak_inflation, ("inflation",)),
    Metric("cumulative_casualties", "Casualties, killed and disabled", "persons",
           "Soldiers killed or permanently disabled from the branch on (cumulative).",
           _casualties, ("casualties",), regional=True),
    Metric("peak_veterans", "Peak veterans at home", "persons",
           "Largest number of veterans of this war living at home.",
           _peak_veterans, ("veterans",), regional=True),
    Metric("war_spending_total", "Total military spending", "trn RUB (2024 prices)",
           "Military spending summed from the branch on (integral of military_spending).",
           _war_spending, ("military_spending",)),
    Metric("war_payouts_total", "War payouts to households", "trn RUB (2024 prices)",
           "Bonuses, front pay and compensation paid to households from the branch on.",
           _war_payouts, ("war_payouts",), regional=True),
]  # fmt: skip

#: Every metric by name, in display order.
METRICS: dict[str, Metric] = {m.name: m for m in _ALL}

#: The metrics of the printed comparison table (the thesis at a glance).
KEY_METRICS: tuple[str, ...] = (
    "ceasefire_month",
    "peak_discontent",
    "peak_discontent_month",
    "months_unstable",
    "peak_mobilisation",
    "final_mobilisation",
    "consumption_drop_pct",
    "reserves_out_month",
    "peak_inflation_pct",
    "cumulative_casualties",
    "war_spending_total",
)


def format_value(metric: Metric, value: float | None, start: str = "2025-01") -> str:
    """A metric value as text: months as ``"YYYY-MM"``, people as integers, ``"none"``."""
    if value is None:
        return "none"
    if metric.kind == "month":
        return month_label(start, value)
    if metric.units == "persons":
        return f"{value:,.0f}"
    if metric.units == "months":
        return f"{value:g}"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:#.3g}"


def _chosen(
    results: Results, names: Iterable[str] | None, regions: bool
) -> list[tuple[Metric, str, str | None]]:
    """``(metric, region label, region)`` of each value to compute, in display order."""
    explicit = names is not None
    chosen = list(names) if names is not None else list(METRICS)
    unknown = [n for n in chosen if n not in METRICS]
    if unknown:
        raise ValueError(f"unknown metrics {unknown}; choose from {', '.join(METRICS)}")
    out: list[tuple[Metric, str, str | None]] = []
    for name in chosen:
        metric = METRICS[name]
        missing = [v for v in metric.needs if v not in results]
        if missing:
            if explicit:
                raise ValueError(f"metric {name!r} needs {missing}, not recorded in this run")
            continue
        if metric.regional:
            targets: list[str | None] = [None, *(results.regions if regions else ())]
        else:
            targets = [None]
        for region in targets:
            label = "" if not metric.regional else (region or ALL_REGIONS)
            out.append((metric, label, region))
    return out


def compute_metrics(
    results: Results,
    names: Iterable[str] | None = None,
    *,
    member: int = 0,
    regions: bool = True,
) -> list[MetricValue]:
    """Compute metrics of one member of a run.

    Parameters
    ----------
    results
        A run (any number of members).
    names
        Metric names (keys of :data:`METRICS`); default all. Metrics whose variables were
        not recorded are skipped when ``names`` is None and are an error when named.
    member
        Ensemble member, ``0 <= member < results.n_members``.
    regions
        Also compute regional metrics for each region (the whole-country value always).

    Returns
    -------
    list of MetricValue
        National metrics with region ``""``; regional metrics once per region and once with
        region :data:`ALL_REGIONS`.
    """
    if not 0 <= member < max(results.n_members, 1):
        raise ValueError(f"member must be in 0..{results.n_members - 1}, got {member}")
    return [
        MetricValue(metric, label, metric.compute(results, region, member), results.start)
        for metric, label, region in _chosen(results, names, regions)
    ]


def metric_arrays(
    results: Results, names: Iterable[str] | None = None, *, regions: bool = True
) -> list[tuple[Metric, str, np.ndarray]]:
    """The metrics of every member at once: ``(metric, region, values)`` in the order of
    :func:`compute_metrics`, ``values`` of shape ``(members,)``, NaN where a metric never
    happens. Same arguments as :func:`compute_metrics`."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return [
            (metric, label, np.asarray(metric.values(results, region), dtype=float))
            for metric, label, region in _chosen(results, names, regions)
        ]


def wilson_interval(
    k: np.ndarray | int, n: int, confidence: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval of a binomial share ``k / n``, vectorised over ``k``: the one
    interval of the package (paired shares of a Monte Carlo study, claims' robustness).

    The same numbers as ``scipy.stats.binomtest(k, n).proportion_ci(confidence,
    "wilson")``. With ``n == 0`` (no member to count) both bounds are NaN: a share of
    nothing is undefined, and the tables show it as such.

    Returns
    -------
    low, high
        Arrays shaped like ``k`` (0-d for a scalar ``k``), within ``[0, 1]``.
    """
    k = np.asarray(k, dtype=float)
    if n < 1:
        nan = np.full(k.shape, np.nan)
        return nan, nan.copy()
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    # the bounds at k = 0 and k = n are exactly 0 and 1 (the formula reaches them only up to
    # rounding)
    low = np.where(k <= 0, 0.0, np.clip(centre - half, 0.0, 1.0))
    high = np.where(k >= n, 1.0, np.clip(centre + half, 0.0, 1.0))
    return low, high
