"""Analysing: percentile bands of an ensemble and paired differences between scenarios.

The third verb of an uncertainty study. Because every scenario runs the same draws (common
random numbers, :mod:`.sampling`), member ``i`` of scenario A and member ``i`` of scenario B
share every uncertain parameter, and the question "is B worse than A?" is asked member by
member: :func:`paired_shares` counts the members where B's metric strictly exceeds A's
(ties, such as zero months of high risk in both, do not count) and gives a 95 % Wilson
score interval; :func:`share_over_time` asks it month by month of a recorded variable.

The interval is the sampling uncertainty of the share for *these* uncertainty ranges; it
says nothing about whether the ranges, or the model, are right.

Illustrative model, not a forecast.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from wardilemma.analysis.uncertainty.chunks import read_rows
from wardilemma.analysis.uncertainty.ensemble import Ensemble
from wardilemma.analysis.uncertainty.sampling import UncertaintyError
from wardilemma.metrics import metric_arrays, wilson_interval
from wardilemma.results import Results, month_label

__all__ = [
    "PAIRED_METRICS",
    "PERCENTILES",
    "Bands",
    "Share",
    "ShareOverTime",
    "bands",
    "metric_bands",
    "paired_shares",
    "share_over_time",
]

#: Percentiles of the bands.
PERCENTILES: tuple[float, ...] = (5.0, 25.0, 50.0, 75.0, 95.0)

#: Metrics compared member by member: "B exceeds A" for each, and for the first two jointly.
PAIRED_METRICS: tuple[str, ...] = (
    "peak_discontent[provinces]",
    "peak_mobilisation",
    "months_unstable",
    "peak_discontent",
)

#: Separator of a joint comparison's name: ``"peak_discontent[provinces] & peak_mobilisation"``.
JOINT = " & "


@dataclass(frozen=True)
class Bands:
    """Percentile bands of the recorded series of one ensemble.

    Attributes
    ----------
    scenario
        Scenario name.
    time, start
        Months since the start ``(T,)`` and the calendar month of ``time == 0``.
    percentiles
        The percentiles, shape ``(P,)``.
    values
        ``"variable"`` or ``"variable[region]"`` -> array ``(P, T)``.
    n
        Members summarised.
    """

    scenario: str
    time: np.ndarray
    start: str
    percentiles: tuple[float, ...]
    values: dict[str, np.ndarray]
    n: int

    def rows(self) -> list[list[object]]:
        """Tidy rows ``scenario, variable, month, date, p5, p25, ...``."""
        out: list[list[object]] = []
        dates = [month_label(self.start, t) for t in self.time]
        for key, arr in self.values.items():
            for ti, t in enumerate(self.time):
                out.append([self.scenario, key, f"{t:g}", dates[ti], *arr[:, ti].tolist()])
        return out


def bands(
    ensemble: Ensemble,
    keys: Sequence[str] | None = None,
    percentiles: Sequence[float] = PERCENTILES,
) -> Bands:
    """Percentile bands of recorded series (default: all), computed over the members."""
    keys = list(ensemble.series) if keys is None else list(keys)
    missing = [k for k in keys if k not in ensemble.series]
    if missing:
        raise UncertaintyError(
            f"not recorded in this ensemble: {', '.join(missing)} "
            f"(recorded: {', '.join(ensemble.series)})"
        )
    q = np.asarray(percentiles, dtype=float)
    kept = ensemble.kept
    values = {k: _row_blocks(ensemble.series[k], lambda a: _percentiles(a[:, kept], q))
              for k in keys}  # fmt: skip
    n = ensemble.n if isinstance(kept, slice) else len(kept)
    return Bands(ensemble.scenario, ensemble.time, ensemble.start, tuple(q), values, n)


def _percentiles(rows: np.ndarray, q: np.ndarray) -> np.ndarray:
    """``np.percentile(rows, q, axis=1)``, the same numbers, about three times faster: the
    rows sorted first (NumPy's vectorised sort), then the percentiles taken in place.

    A percentile depends only on the sorted values, so the result is the same to the bit;
    NumPy's partition with the ten positions five linear percentiles need is what is slow
    (33 ms against 12 ms for 169 months of 11,000 members, ``benchmarks/README.md``).
    """
    ordered = np.sort(rows, axis=1)
    return np.percentile(ordered, q, axis=1, overwrite_input=True)


#: Bytes of one block of months read at a time from a (possibly memory-mapped) series.
BLOCK_BYTES = 16 * 2**20


def _row_blocks(arr: np.ndarray, f: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
    """``f`` over blocks of rows (months) of ``arr`` ``(T, n)``, joined along the last axis:
    a series streamed to disk is read a few months at a time."""
    rows = max(1, BLOCK_BYTES // max(1, arr.shape[1] * arr.itemsize))
    parts = [f(read_rows(arr, i, i + rows)) for i in range(0, arr.shape[0], rows)]
    return np.concatenate(parts, axis=-1)


@dataclass(frozen=True)
class Share:
    """The share of members in which scenario ``other`` exceeds ``reference`` on ``metric``.

    ``count`` of ``n`` members; ``ties`` members equal in both; ``low``..``high`` the 95 %
    Wilson interval of ``share``.
    """

    metric: str
    reference: str
    other: str
    count: int
    ties: int
    n: int
    share: float
    low: float
    high: float


def _exceeds(a: Ensemble, b: Ensemble, metric: str) -> tuple[np.ndarray, np.ndarray]:
    for ens in (a, b):
        if metric not in ens.metrics:
            raise UncertaintyError(
                f"metric {metric!r} was not computed for {ens.scenario!r} "
                f"(computed: {', '.join(ens.metrics)})"
            )
    va, vb = a.metrics[metric], b.metrics[metric]
    return vb > va, vb == va


def paired_shares(
    reference: Ensemble,
    other: Ensemble,
    metrics: Sequence[str] = PAIRED_METRICS,
    *,
    joint: bool = True,
) -> list[Share]:
    """Member-by-member comparison: how often ``other`` is worse than ``reference``.

    Parameters
    ----------
    reference, other
        Ensembles of two scenarios run on the same draws (same ``n``).
    metrics
        Metric names computed in both.
    joint
        Also the share where ``other`` exceeds ``reference`` on the first two metrics at once.

    Returns
    -------
    list of Share
    """
    if reference.n != other.n:
        raise UncertaintyError(
            f"paired comparison needs the same members: {reference.scenario!r} has "
            f"{reference.n}, {other.scenario!r} has {other.n}"
        )
    keep = _both_kept(reference, other)
    n = int(keep.sum())
    out = []
    hits = {}
    for metric in metrics:
        above, tied = (x & keep for x in _exceeds(reference, other, metric))
        hits[metric] = above
        out.append(_share(metric, reference, other, above, tied, n))
    if joint and len(metrics) >= 2:
        both = hits[metrics[0]] & hits[metrics[1]]
        out.append(_share(f"{metrics[0]}{JOINT}{metrics[1]}", reference, other, both, None, n))
    return out


def _both_kept(a: Ensemble, b: Ensemble) -> np.ndarray:
    """Members that ran to the end in both ensembles, ``(n,)`` booleans."""
    keep = np.ones(a.n, dtype=bool)
    for ens in (a, b):
        if ens.failed is not None:
            keep &= ~ens.failed
    if not keep.any():
        raise UncertaintyError("every member failed in one of the two scenarios")
    return keep


def _share(
    metric: str, a: Ensemble, b: Ensemble, above: np.ndarray, tied: np.ndarray | None, n: int
) -> Share:
    k = int(above.sum())
    low, high = wilson_interval(k, n)
    ties = int(tied.sum()) if tied is not None else 0
    return Share(metric, a.scenario, b.scenario, k, ties, n, k / n, float(low), float(high))


@dataclass(frozen=True)
class ShareOverTime:
    """Month by month, the share of members where ``other``'s ``variable`` exceeds
    ``reference``'s; arrays of shape ``(T,)`` with the 95 % Wilson interval."""

    variable: str
    reference: str
    other: str
    time: np.ndarray
    start: str
    share: np.ndarray
    low: np.ndarray
    high: np.ndarray
    n: int


def share_over_time(reference: Ensemble, other: Ensemble, variable: str) -> ShareOverTime:
    """Share of members in which ``other``'s recorded ``variable`` exceeds ``reference``'s at
    each saved month (strictly: identical paths before a ceasefire count as not worse)."""
    for ens in (reference, other):
        if variable not in ens.series:
            raise UncertaintyError(
                f"{variable!r} was not recorded for {ens.scenario!r} "
                f"(recorded: {', '.join(ens.series)})"
            )
    if reference.n != other.n or reference.time.shape != other.time.shape:
        raise UncertaintyError("share over time needs the same members and months")
    keep = _both_kept(reference, other)
    index = slice(None) if keep.all() else np.flatnonzero(keep)
    b, a = other.series[variable], reference.series[variable]
    rows = max(1, BLOCK_BYTES // max(1, 8 * reference.n))
    k = np.concatenate([
        (read_rows(b, i, i + rows)[:, index] > read_rows(a, i, i + rows)[:, index]).sum(axis=1)
        for i in range(0, a.shape[0], rows)
    ])  # fmt: skip
    n = int(keep.sum())
    low, high = wilson_interval(k, n)
    return ShareOverTime(
        variable, reference.scenario, other.scenario, reference.time, reference.start,
        k / n, low, high, n,
    )  # fmt: skip


def metric_bands(
    results: Results,
    names: Sequence[str] | None = None,
    percentiles: Sequence[float] = PERCENTILES,
) -> list[dict[str, object]]:
    """Percentiles over the members of an ensemble's metrics (:data:`~wardilemma.metrics.METRICS`).

    Parameters
    ----------
    results
        An ensemble (any number of members) from :func:`wardilemma.simulate`.
    names
        Metric names (default: every metric whose variables were recorded).

    Returns
    -------
    list of dict
        One per metric and region (as :func:`~wardilemma.metrics.compute_metrics`):
        ``metric``, ``region``, ``units``, ``defined`` (members in which the metric happens)
        and ``p5``, ``p25``, ... (``None`` when it happens in no member).
    """
    out: list[dict[str, object]] = []
    for metric, region, values in metric_arrays(results, names):
        defined = np.isfinite(values)
        entry: dict[str, object] = {
            "metric": metric.name,
            "region": region,
            "units": metric.units,
            "defined": int(defined.sum()),
        }
        qs = (
            np.percentile(values[defined], percentiles)
            if defined.any()
            else [None] * len(percentiles)
        )
        for q, v in zip(percentiles, qs, strict=True):
            entry[f"p{q:g}"] = None if v is None else float(v)
        out.append(entry)
    return out
