"""Evaluate claims on runs: each claim's verdict for every ensemble member.

Every scenario a claims file names is run once (per lever value, for ``monotone`` claims),
either with its own parameters (one member: the *defaults*) or with ``n`` members whose
uncertain parameters come from one set of draws shared by every scenario (common random
numbers), so that scenarios are compared member by member. A member's verdict is a boolean;
a claim's robustness is the share of members where it holds.

Arrays: a measure is one number per member, shape ``(members,)``; a variable read from
:class:`~wardilemma.results.Results` is ``(T, members)`` after picking its region.

Illustrative model, not a forecast.
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from wardilemma.analysis.claims.spec import Claim, ClaimError, ClaimsFile, Measure
from wardilemma.metrics import METRICS
from wardilemma.results import Results
from wardilemma.scenario import Scenario, ScheduleSpec, load_scenario, month_offset

__all__ = ["Verdict", "evaluate_claims", "measure_values"]

_OPS: dict[str, Callable[[Any, Any], Any]] = {
    ">": operator.gt,
    ">=": operator.ge,
    "<": operator.lt,
    "<=": operator.le,
}

if TYPE_CHECKING:  # pragma: no cover
    from wardilemma.analysis.uncertainty import Draws


@dataclass(frozen=True)
class Verdict:
    """A claim evaluated on every member.

    Attributes
    ----------
    claim
        The claim.
    holds
        Whether the claim holds, shape ``(members,)``.
    values
        The numbers behind the verdict, each of shape ``(members,)``: the measure of each
        scenario role (``"a"``, ``"b"``, ``"scenario"``), ``"difference"`` (b - a),
        ``"month"`` (of an overtaking), ``"worst_step"`` (of a monotone claim).
    summary
        The numbers of member 0 in words (the defaults, in a single run).
    """

    claim: Claim
    holds: np.ndarray
    values: Mapping[str, np.ndarray] = field(default_factory=dict)
    summary: str = ""

    @property
    def members(self) -> int:
        return int(self.holds.size)

    @property
    def share(self) -> float:
        """Share of members where the claim holds."""
        return float(np.mean(self.holds)) if self.holds.size else float("nan")


# ---------------------------------------------------------------------- measures


def _series(results: Results, name: str, region: str | None, claim: Claim) -> np.ndarray:
    """A variable as ``(T, members)``, one region picked for a regional variable."""
    if name not in results:
        raise ClaimError(f"claim {claim.id!r}: variable {name!r} was not recorded")
    arr = np.asarray(results[name])
    if arr.ndim == 3:
        if region is None:
            raise ClaimError(
                f"{claim.id}: {name!r} is regional: give `region` "
                f"(one of {', '.join(results.regions)})",
                path=None,
            )
        if region not in results.regions:
            raise ClaimError(
                f"claim {claim.id!r}: region {region!r} is not in scenario "
                f"{results.scenario!r}; its regions are {', '.join(results.regions)}"
            )
        return arr[:, :, results.region_index(region)]
    if region is not None:
        raise ClaimError(f"claim {claim.id!r}: {name!r} is national: remove `region`")
    return arr


def _window_mask(
    time: np.ndarray,
    measure: Measure,
    start: str,
    anchor: np.ndarray | None,
    members: int,
    branch: float = 0.0,
) -> np.ndarray:
    """Saved months inside the measure's window, shape ``(T, members)``: without a window,
    from the branch (the history before it is shared by every scenario) to the end."""
    if measure.window is None:
        lo, hi = (branch, float(time[-1])) if measure.after == "start" else (0.0, np.inf)
    else:
        if measure.after == "ceasefire" and any(isinstance(w, str) for w in measure.window):
            raise ClaimError('a window counted from the ceasefire is in months, not "YYYY-MM"')
        lo, hi = (month_offset(w, start) for w in measure.window)
    t = time[:, None]
    if measure.after == "ceasefire":
        base = anchor if anchor is not None else np.full(members, np.inf)
        return (t >= base + lo - 1e-9) & (t <= base + hi + 1e-9)
    return np.broadcast_to((t >= lo - 1e-9) & (t <= hi + 1e-9), (time.size, members))


def measure_values(
    results: Results, measure: Measure, claim: Claim, anchor: np.ndarray | None = None
) -> np.ndarray:
    """One number per member for ``measure``, shape ``(members,)``.

    ``anchor`` is the ceasefire month of each member (``inf`` where there is none) for
    windows counted ``after = "ceasefire"``. A window with no saved month gives ``nan``;
    ``first_above``/``first_below`` and month metrics that never happen give ``inf``.
    """
    members = results.n_members
    if measure.metric is not None:
        metric = METRICS[measure.metric]
        never = np.inf if metric.kind == "month" else np.nan
        region = measure.region if metric.regional else None
        with np.errstate(invalid="ignore", divide="ignore"):
            values = np.asarray(metric.values(results, region), dtype=float)
        return np.where(np.isnan(values), never, values)
    x = _series(results, measure.variable or "", measure.region, claim)
    time = np.asarray(results.time, dtype=float)
    branch = float(time[results.branch_index])  # the whole run when it ends before its branch
    mask = _window_mask(time, measure, results.start, anchor, members, branch)
    any_in = mask.any(axis=0)
    stat = measure.stat
    with np.errstate(invalid="ignore"):
        if stat == "max":
            out = np.where(mask, x, -np.inf).max(axis=0)
        elif stat == "min":
            out = np.where(mask, x, np.inf).min(axis=0)
        elif stat == "mean":
            out = np.where(mask, x, 0.0).sum(axis=0) / mask.sum(axis=0)
        elif stat in ("final", "initial"):
            idx = np.argmax(mask, axis=0) if stat == "initial" else (
                mask.shape[0] - 1 - np.argmax(mask[::-1], axis=0)
            )  # fmt: skip
            out = x[idx, np.arange(members)]
        elif stat == "months_above":
            steps = np.diff(time)[:, None]
            above = (x[:-1] > measure.threshold) & mask[:-1]
            out = (steps * above).sum(axis=0)
        else:  # first_above / first_below
            hit = (x > measure.threshold) if stat == "first_above" else (x < measure.threshold)
            hit &= mask
            out = np.where(hit.any(axis=0), time[np.argmax(hit, axis=0)], np.inf)
    return np.where(any_in, out, np.nan)


# ---------------------------------------------------------------------- runs


@dataclass
class _Runner:
    """Runs each (scenario, lever, values) once and keeps the results."""

    draws: Draws | None
    members: int
    months: float | None
    simulate: Callable[..., Results]
    record: Sequence[str]
    scenarios: dict[Path, Scenario] = field(default_factory=dict)
    cache: dict[tuple[Any, ...], Results] = field(default_factory=dict)

    def scenario(self, path: Path) -> Scenario:
        if path not in self.scenarios:
            self.scenarios[path] = load_scenario(path, warn=False)
        return self.scenarios[path]

    def parameters(self, scenario: Scenario, repeat: int = 1) -> dict[str, Any]:
        """This scenario's draws (:meth:`Draws.parameters`: only the parameters of its own
        ``[uncertainty]`` table, common random numbers across scenarios), each repeated
        ``repeat`` times for the values of a lever."""
        if self.draws is None:
            return {}

        def tile(v: Any) -> Any:
            if isinstance(v, Mapping):
                return {r: np.tile(x, repeat) for r, x in v.items()}
            return np.tile(v, repeat)

        return {k: tile(v) for k, v in self.draws.parameters(scenario).items()}

    def run(self, path: Path, lever: str | None = None, values: Sequence[float] = ()) -> Results:
        """One run of ``path``; with a ``lever``, one ensemble of ``len(values) * members``
        members, member ``k * members + i`` having the k-th value and the i-th draw."""
        key = (path, lever, tuple(values))
        if key not in self.cache:
            scenario = self.scenario(path)
            if lever is None:
                params: dict[str, Any] = self.parameters(scenario)
            else:
                k = len(values)
                params = self.parameters(scenario, repeat=k)
                params[lever] = np.repeat(np.asarray(values, dtype=float), self.members)
            self.cache[key] = self._simulate(scenario, params)
        return self.cache[key]

    def run_from(self, path: Path, lever: str, value: float, month: float) -> Results:
        """One ensemble of ``path`` with ``lever`` stepping to ``value`` at ``month``."""
        key = (path, lever, value, month)
        if key not in self.cache:
            scenario = self.scenario(path)
            step = ScheduleSpec(months=(month,), values=(float(value),), interpolation="step")
            changed = dataclasses.replace(scenario, schedules={**scenario.schedules, lever: step})
            self.cache[key] = self._simulate(changed, self.parameters(scenario))
        return self.cache[key]

    def _simulate(self, scenario: Scenario, params: Mapping[str, Any]) -> Results:
        return self.simulate(
            scenario, parameters=dict(params) or None, months=self.months, record=self.record
        )


def _ceasefire(results: Sequence[Results]) -> np.ndarray:
    """Earliest ceasefire month among ``results``, per member (``inf``: none)."""
    metric = METRICS["ceasefire_month"]
    out = np.full(results[0].n_members, np.inf)
    for r in results:
        out = np.fmin(out, metric.values(r, None))  # NaN: no ceasefire in that run
    return out


def _fmt(x: float) -> str:
    if not np.isfinite(x):
        return "never" if x > 0 else ("n/a" if np.isnan(x) else "-inf")
    return f"{x:,.0f}" if abs(x) >= 1000 else f"{x:.3g}"


def _evaluate(claim: Claim, runner: _Runner) -> Verdict:
    spec = claim.spec
    if spec.kind == "threshold":
        r = runner.run(claim.scenarios["scenario"])
        anchor = _ceasefire([r]) if spec.measure.after == "ceasefire" else None
        v = measure_values(r, spec.measure, claim, anchor)
        with np.errstate(invalid="ignore"):
            holds = _OPS[spec.op](v, spec.value)  # nan (empty window) never holds
        summary = f"{spec.measure.describe()} = {_fmt(v[0])} (needs {spec.op} {spec.value:g})"
        return Verdict(claim, holds, {"scenario": v}, summary)
    if spec.kind == "compare":
        ra, rb = runner.run(claim.scenarios["a"]), runner.run(claim.scenarios["b"])
        anchor = _ceasefire([ra, rb]) if spec.measure.after == "ceasefire" else None
        va = measure_values(ra, spec.measure, claim, anchor)
        vb = measure_values(rb, spec.measure, claim, anchor)
        with np.errstate(invalid="ignore"):
            diff = vb - va
            signed = diff if spec.op in (">", ">=") else -diff
            holds = _OPS[">" if spec.op in (">", "<") else ">="](signed, spec.margin)
        holds &= ~np.isnan(diff)
        summary = (
            f"{spec.measure.describe()}: {claim.scenarios['b'].stem} {_fmt(vb[0])} vs "
            f"{claim.scenarios['a'].stem} {_fmt(va[0])} (difference {_fmt(diff[0])}, "
            f"needs {spec.op} {spec.margin:g})"
        )
        return Verdict(claim, holds, {"a": va, "b": vb, "difference": diff}, summary)
    if spec.kind == "overtakes":
        ra, rb = runner.run(claim.scenarios["a"]), runner.run(claim.scenarios["b"])
        xa = _series(ra, spec.variable, spec.region, claim)
        xb = _series(rb, spec.variable, spec.region, claim)
        time = np.asarray(ra.time, dtype=float)
        by = month_offset(spec.by, ra.start)
        inside = (time <= by + 1e-9)[:, None]
        below = (xa < xb) & inside
        above = (xa > xb + spec.margin) & inside
        was_below = np.vstack(
            [np.zeros((1, xa.shape[1]), bool), np.logical_or.accumulate(below)[:-1]]
        )
        cross = above & was_below
        holds = cross.any(axis=0)
        month = np.where(holds, time[np.argmax(cross, axis=0)], np.inf)
        gap = np.where(inside, xa - xb, -np.inf).max(axis=0)
        summary = (
            f"{spec.variable}: {claim.scenarios['a'].stem} "
            + (f"overtakes in month {month[0]:g}" if holds[0] else "does not overtake")
            + f" {claim.scenarios['b'].stem} by month {by:g} (largest lead {_fmt(gap[0])})"
        )
        return Verdict(claim, holds, {"month": month, "largest_lead": gap}, summary)
    # monotone
    path = claim.scenarios["scenario"]
    values = spec.values
    if spec.starting is None:
        r = runner.run(path, spec.lever, values)
        anchor = _ceasefire([r]) if spec.measure.after == "ceasefire" else None
        v = measure_values(r, spec.measure, claim, anchor).reshape(len(values), runner.members)
    else:
        month = month_offset(spec.starting, runner.scenario(path).start)
        runs = [runner.run_from(path, spec.lever, x, month) for x in values]
        v = np.vstack([
            measure_values(r, spec.measure, claim,
                           _ceasefire([r]) if spec.measure.after == "ceasefire" else None)
            for r in runs
        ])  # fmt: skip
    steps = np.diff(v, axis=0)
    worst = steps.max(axis=0) if spec.direction == "decreasing" else -steps.min(axis=0)
    holds = (worst <= spec.tolerance) & ~np.isnan(worst)
    along = ", ".join(_fmt(x) for x in v[:, 0])
    start = "" if spec.starting is None else f" from {spec.starting}"
    summary = (
        f"{spec.measure.describe()} along {spec.lever}{start} = "
        f"{', '.join(f'{x:g}' for x in values)}: {along}"
    )
    return Verdict(claim, holds, {"worst_step": worst}, summary)


def _needed(claims: Sequence[Claim]) -> list[str]:
    names = set(METRICS["ceasefire_month"].needs)
    for c in claims:
        spec = c.spec
        if spec.kind == "overtakes":
            names.add(spec.variable)
        else:
            m = spec.measure
            names.update(METRICS[m.metric].needs if m.metric else (m.variable,))
    return sorted(n for n in names if n)


def evaluate_claims(
    claims: ClaimsFile | Sequence[Claim],
    *,
    draws: Draws | None = None,
    months: float | None = None,
    simulate: Callable[..., Results] | None = None,
    progress: Callable[[Claim], None] | None = None,
) -> list[Verdict]:
    """Evaluate claims on the defaults, or on an ensemble given by ``draws``.

    Parameters
    ----------
    claims
        A loaded claims file, or claims.
    draws
        Ensemble draws (:func:`wardilemma.analysis.uncertainty.draw`), shared by every scenario
        (common random numbers; each scenario draws the parameters of its own
        ``[uncertainty]`` table); ``None`` runs each scenario once with its own values.
    months
        Override the run length of every scenario.
    simulate
        The simulation function (default :func:`wardilemma.simulate`).
    progress
        Called with each claim after it is evaluated.

    Returns
    -------
    list of Verdict
        In the order of the claims.
    """
    if simulate is None:
        from wardilemma.engine.run import simulate as simulate_

        simulate = simulate_
    items = list(claims.claims if isinstance(claims, ClaimsFile) else claims)
    members = 1 if draws is None else draws.n
    runner = _Runner(draws, members, months, simulate, _needed(items))
    out = []
    for claim in items:
        out.append(_evaluate(claim, runner))
        if progress is not None:
            progress(claim)
    return out
