"""Attribution of a gap between two scenarios to the channels of discontent.

Path A (the reference, e.g. war continues) and path B (e.g. sudden peace) differ in a
metric (default: peak provincial discontent). Each channel of discontent
(:data:`wardilemma.model.discontent.CHANNELS`, one per term of ``discontent_pressure``) is
*switched off* by holding its variable at its value on path A, member by member and region
by region (:class:`~wardilemma.engine.numpy_kernel.Held`). The 2**k combinations of channels
held or free run as ONE ensemble call of scenario B (members = combinations x ensemble
members); the exact Shapley value of each channel over them is its contribution. The
contributions sum exactly to ``v(all free) - v(all held)``: the first is run B itself, the
second reproduces run A when the channels are all that carry B's difference into
discontent (Euler, the same time step: the held paths are recorded at every step). What
does not go through a channel (a different ``regime_management``, say) stays in the
*residual*, ``gap - sum of contributions``, which is reported, never spread over channels.

With ``ensemble=N`` the same is done for N worlds drawn from the scenarios'
``[uncertainty]`` tables (common random numbers: world ``i`` is the same in A and B), giving
the spread of each channel's share.

Illustrative model, not a forecast.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from wardilemma.analysis.explain.shapley import coalition_members, shapley
from wardilemma.analysis.uncertainty.ensemble import split_metric
from wardilemma.analysis.uncertainty.sampling import UncertaintyError
from wardilemma.analysis.uncertainty.worlds import draw_worlds, posterior_label, tile_worlds
from wardilemma.engine.numpy_kernel import Held
from wardilemma.engine.run import simulate
from wardilemma.metrics import METRICS
from wardilemma.model import WAR_ECONOMY, Model
from wardilemma.model.discontent import CHANNELS
from wardilemma.model.spec import Channel
from wardilemma.results import Results
from wardilemma.scenario import Scenario
from wardilemma.scenario.locate import did_you_mean

if TYPE_CHECKING:  # pragma: no cover
    from wardilemma.analysis.fit.posterior import Posterior

__all__ = ["DEFAULT_METRIC", "ExplainError", "Explanation", "explain", "select_channels"]

#: The metric explained by default: the peak of provincial discontent.
DEFAULT_METRIC = "peak_discontent[provinces]"


class ExplainError(UncertaintyError):
    """An attribution cannot run as asked (unknown metric or channel...)."""


@dataclass(frozen=True)
class Explanation:
    """The attribution of ``metric(B) - metric(A)`` to channels.

    Attributes
    ----------
    value_a, value_b, gap
        The metric on each path and ``value_b - value_a`` (the scenarios' own values).
    contributions
        Channel name -> Shapley value, in the metric's units.
    residual
        ``gap - sum(contributions)``: what does not go through the channels.
    time, over_time, gap_over_time
        Months; ``(k, T)`` Shapley values of the discontent series the metric reads (the
        metric's region, or national discontent) at each month; ``(T,)`` its gap.
    spread
        With an ensemble: channel name -> shares of the gap, one per world whose gap has the
        direction of the scenarios' own gap and at least a tenth of its size (a share of a
        gap near zero means nothing); else empty.
    """

    a: str
    b: str
    metric: str
    label: str
    units: str
    channels: tuple[Channel, ...]
    value_a: float
    value_b: float
    gap: float
    contributions: Mapping[str, float]
    residual: float
    start: str
    time: np.ndarray
    series: str
    over_time: np.ndarray
    gap_over_time: np.ndarray
    spread: Mapping[str, np.ndarray] = field(default_factory=dict)
    metadata: Mapping[str, Any] = field(default_factory=dict)

    @property
    def shares(self) -> dict[str, float]:
        """Each channel's contribution as a share of the gap (NaN for a zero gap)."""
        return {
            n: (c / self.gap if self.gap != 0 else float("nan"))
            for n, c in self.contributions.items()
        }

    def label_of(self, name: str) -> str:
        return next(c.label for c in self.channels if c.name == name)

    def sentence(self) -> str:
        """One sentence for a class: which channels carry the gap, largest first."""
        direction = "extra" if self.gap > 0 else "lower"
        what = self.label[0].lower() + self.label[1:]
        order = sorted(self.contributions, key=lambda n: -abs(self.contributions[n]))
        shares = self.shares
        main = [n for n in order if shares[n] >= 0.05][:3]
        against = [n for n in order if shares[n] <= -0.05]
        if not main or not np.isfinite(self.gap) or self.gap == 0:
            return f"{self.b} and {self.a} give the same {what}."
        parts = [f"{self.label_of(n)} ({_pct(shares[n])})" for n in main]
        said = ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]
        text = f"With {self.b} rather than {self.a}, the {direction} {what} comes from {said}"
        if against:
            offsets = [f"{self.label_of(n)} ({_pct(shares[n])})" for n in against]
            text += ", offset by less " + " and less ".join(offsets)
        text += " (shares of the gap, summing to 100 %)"
        return text + "."

    def document(self) -> dict[str, Any]:
        """What ``explain.json`` holds."""
        shares = self.shares
        doc: dict[str, Any] = {
            "note": "Illustrative model, not a forecast",
            "a": self.a,
            "b": self.b,
            "metric": self.metric,
            "label": self.label,
            "units": self.units,
            "value_a": self.value_a,
            "value_b": self.value_b,
            "gap": self.gap,
            "method": (
                "exact Shapley values over the 2^k runs of B with each combination of channels "
                "held at their values on A; the contributions sum to the gap exactly, up to the "
                "residual (what does not go through the channels)"
            ),
            "efficiency_residual": self.residual,
            "channels": [
                {
                    "name": c.name,
                    "variable": c.variable,
                    "label": c.label,
                    "contribution": self.contributions[c.name],
                    "share": _number(shares[c.name]),
                    **(_quantiles(self.spread[c.name]) if c.name in self.spread else {}),
                }
                for c in self.channels
            ],
            "sentence": self.sentence(),
        }
        doc.update({k: v for k, v in self.metadata.items() if k not in doc and k != "seconds"})
        return doc


def _pct(share: float) -> str:
    return f"{100 * share:.0f} %"


def _number(x: float) -> float | None:
    return float(x) if np.isfinite(x) else None


def _quantiles(shares: np.ndarray) -> dict[str, Any]:
    if shares.size == 0:
        return {"members": 0}
    p5, p50, p95 = np.percentile(shares, [5, 50, 95])
    return {"members": int(shares.size), "share_median": p50, "share_p5": p5, "share_p95": p95}


def select_channels(
    names: Sequence[str] | None = None, channels: Sequence[Channel] = CHANNELS
) -> tuple[Channel, ...]:
    """The channels named (default all), in declaration order; unknown names raise with the
    closest valid ones."""
    known = {c.name: c for c in channels}
    names = list(names or known)
    for n in names:
        if n not in known:
            raise ExplainError(
                f"unknown channel {n!r}{did_you_mean(n, list(known))} (channels: "
                f"{', '.join(known)})"
            )
    chosen = tuple(c for c in channels if c.name in set(names))
    variables = [c.variable for c in chosen]
    if len(set(variables)) < len(variables):
        raise ExplainError(f"two channels hold the same variable: {', '.join(variables)}")
    return chosen


def _monthly(results: Results, stride: int) -> Results:
    """Every ``stride``-th saved time of a run (a run saved at every step -> monthly)."""
    return dataclasses.replace(
        results, time=results.time[::stride], data={n: v[::stride] for n, v in results.data.items()}
    )


def _metric_values(results: Results, name: str, region: str | None) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):  # NaN: the metric never happens
        return np.asarray(METRICS[name].values(results, region), dtype=float)


def _paths(
    a: Scenario,
    b: Scenario,
    channels: tuple[Channel, ...],
    record: list[str],
    members: int,
    parameters: tuple[Mapping[str, Any], Mapping[str, Any]] | None,
    model: Model,
) -> tuple[Results, Results]:
    """Run A (members worlds) and B (2**k combinations x members worlds), monthly."""
    dt, months = float(b.dt), float(b.months)
    stride = round(1.0 / dt)
    if abs(stride * dt - 1.0) > 1e-9:
        raise ExplainError(f"{b.path or b.name}: dt={dt} must divide a month")
    variables = [c.variable for c in channels]
    par_a = dict(parameters[0]) if parameters else None
    run_a = simulate(a, parameters=par_a, months=months, dt=dt, method=b.method,
                     save_every=dt, record=[*record, *variables], model=model,
                     backend="numpy", on_problem="flag")  # fmt: skip
    k = len(channels)
    free = coalition_members(k)  # (2**k, k): channel j follows B in combination c
    held = {}
    for j, c in enumerate(channels):
        values = run_a[c.variable]
        values = values if values.ndim == 3 else values[:, :, None]
        held[c.variable] = Held(
            run_a.time, np.tile(values, (1, 2**k, 1)), mask=np.repeat(~free[:, j], members)
        )
    par_b = tile_worlds(parameters[1], 2**k) if parameters else None
    run_b = simulate(b, parameters=par_b, months=months, dt=dt, method=b.method,
                     record=record, model=model, held=held, on_problem="flag")  # fmt: skip
    return _monthly(run_a, stride), run_b


def explain(
    a: Scenario,
    b: Scenario,
    *,
    metric: str = DEFAULT_METRIC,
    ensemble: int = 0,
    seed: int | None = None,
    posterior: Posterior | str | Path | None = None,
    channels: Sequence[str] | None = None,
    model: Model = WAR_ECONOMY,
    declared: Sequence[Channel] = CHANNELS,
) -> Explanation:
    """Attribute ``metric(B) - metric(A)`` to the channels of discontent.

    Parameters
    ----------
    a, b
        The reference path and the alternative (B runs on A's time grid: B's months, dt and
        integrator are used for both).
    metric
        ``name`` or ``name[region]`` of :data:`wardilemma.metrics.METRICS`.
    ensemble
        Worlds drawn from the scenarios' ``[uncertainty]`` tables (0: the scenarios' own
        values only), for the spread of each channel's share.
    seed
        Seed of the draws (default: A's ``[simulation] seed``, else 0).
    posterior
        A fit's posterior (or its file): the ensemble's worlds take the parameters it covers
        from it (:func:`~wardilemma.analysis.uncertainty.worlds.draw_worlds`, as every
        command with ``--posterior`` draws them; needs ``ensemble``).
    channels
        Channel names (default: all of ``declared``); the others follow B in every run,
        so their part of the gap is in the residual.
    declared
        The channels to choose from (default :data:`~wardilemma.model.discontent.CHANNELS`).

    Raises
    ------
    ExplainError
        An unknown metric or channel (with the closest names), or no ``[uncertainty]`` table
        for an ensemble.
    """
    started = time.perf_counter()
    if posterior is not None and not ensemble:
        raise ExplainError("a posterior gives the worlds of an ensemble: give --ensemble N too")
    try:
        name, region = split_metric(metric, model.regions)
    except UncertaintyError as exc:
        raise ExplainError(str(exc)) from None
    chosen = select_channels(channels, declared)
    info = METRICS[name]
    series = "discontent" if region is not None else "national_discontent"
    record = sorted({*info.needs, series} & set(model.elements))
    k = len(chosen)

    def worth(run: Results, members: int) -> tuple[np.ndarray, np.ndarray]:
        """Metric ``(2**k, members)`` and series ``(2**k, members, T)`` of every combination."""
        values = _metric_values(run, name, region).reshape(2**k, members)
        s = run[series] if region is None else run[series][:, :, run.region_index(region)]
        return values, np.moveaxis(s, 0, -1).reshape(2**k, members, -1)

    run_a, run_b = _paths(a, b, chosen, record, 1, None, model)
    values, paths = worth(run_b, 1)
    value_a = float(_metric_values(run_a, name, region)[0])
    if not (np.isfinite(value_a) and np.all(np.isfinite(values))):
        raise ExplainError(
            f"{metric} is undefined on path A or on one of the {2**k} combinations of "
            "channels (it never happens, or a run failed): nothing to attribute; choose "
            "another metric"
        )
    contributions = shapley(values[:, 0])
    s_a = run_a[series] if region is None else run_a[series][:, :, run_a.region_index(region)]
    gap = float(values[-1, 0] - value_a)
    spread: dict[str, np.ndarray] = {}
    metadata: dict[str, Any] = {"runs": 2**k * (1 + ensemble), "ensemble": ensemble}
    if ensemble:
        try:
            draws = draw_worlds([a, b], ensemble, seed=a.seed or 0 if seed is None else seed,
                                posterior=posterior)  # fmt: skip
            pars = (draws.parameters(a), draws.parameters(b))
        except UncertaintyError as exc:
            raise ExplainError(str(exc)) from None
        ens_a, ens_b = _paths(a, b, chosen, record, ensemble, pars, model)
        ens_values, _ = worth(ens_b, ensemble)
        ens_gap = ens_values[-1] - _metric_values(ens_a, name, region)
        ens_contrib = shapley(ens_values)  # (k, members)
        ran = np.isfinite(ens_gap) & np.all(np.isfinite(ens_contrib), axis=0)
        # a share of a gap near zero means nothing: the worlds where B differs from A in
        # the same direction as the scenarios' own values, by at least a tenth of that gap
        ok = ran & (ens_gap * np.sign(gap) >= 0.1 * abs(gap))
        for j, c in enumerate(chosen):
            spread[c.name] = ens_contrib[j, ok] / ens_gap[ok]
        metadata.update(
            seed=draws.seed,
            sampler=draws.sampler,
            posterior=posterior_label(posterior),
            from_posterior=sorted(getattr(draws, "posterior", {})),
            worlds_run=int(ran.sum()),
            worlds_same_direction=int(np.sum(ran & (ens_gap * np.sign(gap) > 0))),
            worlds_in_spread=int(ok.sum()),
            spread_rule=(
                "shares over the worlds whose gap has the direction of the scenarios' own gap "
                "and at least a tenth of its size"
            ),
            gap_median=_number(float(np.median(ens_gap[ran]))) if ran.any() else None,
        )
    metadata["seconds"] = round(time.perf_counter() - started, 2)
    return Explanation(
        a=a.name,
        b=b.name,
        metric=metric,
        label=info.label + (f" ({region})" if region else ""),
        units=info.units,
        channels=chosen,
        value_a=value_a,
        value_b=float(values[-1, 0]),
        gap=gap,
        contributions={c.name: float(contributions[j]) for j, c in enumerate(chosen)},
        residual=gap - float(np.sum(contributions)),
        start=run_b.start,
        time=run_b.time,
        series=series + (f"[{region}]" if region else ""),
        over_time=shapley(paths[:, 0]),
        gap_over_time=paths[-1, 0] - s_a[:, 0],
        spread=spread,
        metadata=metadata,
    )
