"""Which exit policy keeps the risk of peace low at the least fiscal cost, across worlds?

The scenario (a peace, e.g. ``sudden_peace.toml``) is run for ``ensemble`` worlds drawn
from its ``[uncertainty]`` table (or from a posterior of ``wardilemma fit``, as
``montecarlo --posterior`` does) under each candidate policy: values of the exit levers
(:mod:`.levers`). Each policy is scored over the worlds:

* **risk**: the share of worlds in which the peace path is worse than continuing the war,
  that is ``metric(peace) > metric(war)`` member by member (paired: the war path is the
  same scenario, the same world, with no ceasefire in the run); the metric is peak
  provincial discontent by default. A world whose run failed counts as worse.
* **fiscal cost**: the median over the worlds of net public debt at the end of the run,
  ``public_debt - reserve_fund`` (trillion roubles, 2024 prices): what the exit left the
  state owing, net of what it still holds.
* **constraint**: peak annual inflation from the ceasefire on, in nine worlds out of ten,
  at most ``inflation_ceiling`` (%/year): a policy that buys calm by printing money is
  refused rather than scored.

The result's types (:class:`ExitPolicyResult`, :class:`Outcomes`, :class:`Reference`) are in
:mod:`.result`. NSGA-II (:mod:`.search`) searches the levers; each generation's policies run as ONE
ensemble call of the compiled kernel (policies x worlds members,
:func:`~wardilemma.analysis.uncertainty.ensemble.run_ensemble` with one chunk). The war path
and the reference policies (the scenario's own levers, the shipped sudden and managed
peace) run once, as one more call, and also seed the search's first generation (within
the levers' ranges), so the front is never worse than they are. The chosen policy is the
cheapest on the front whose risk is at most ``max_risk`` (else the least risky). A
policy's *regret* in a world is how much worse it does there than the best of the front
and reference policies in that world, for the metric and for the cost (Savage's minimax
regret, as the EMA Workbench reports it).

What the objectives leave out: casualties of a later ceasefire, the men and materiel
spent, inflation below the ceiling, the regime's own survival beyond discontent, and
everything the model does not have (elites, the war's military course, foreign policy).

Illustrative model, not a forecast.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from wardilemma import paths
from wardilemma.analysis.exit_policy.levers import (
    DEFAULT_LEVERS,
    ExitPolicyError,
    Lever,
    lever_values,
    select_levers,
)
from wardilemma.analysis.exit_policy.result import ExitPolicyResult, Outcomes, Reference
from wardilemma.analysis.exit_policy.search import SearchResult, hypervolume, pareto_search
from wardilemma.analysis.uncertainty.ensemble import run_ensemble, split_metric
from wardilemma.analysis.uncertainty.sampling import UncertaintyError
from wardilemma.analysis.uncertainty.worlds import draw_worlds, posterior_label, tile_worlds
from wardilemma.metrics import METRICS
from wardilemma.model import WAR_ECONOMY, Model
from wardilemma.scenario import Scenario, load_scenario

if TYPE_CHECKING:  # pragma: no cover
    from wardilemma.analysis.fit.posterior import Posterior

__all__ = [
    "DEFAULT_INFLATION_CEILING",
    "DEFAULT_MAX_RISK",
    "DEFAULT_METRIC",
    "exit_policy",
]

#: The metric compared between the peace and the war path, higher is worse.
DEFAULT_METRIC = "peak_discontent[provinces]"

#: Peak annual inflation after the ceasefire, in 9 worlds of 10, at most this (%/year):
#: about the 2024 rate (9.5 %, Rosstat), more than twice the central bank's 4 % target.
DEFAULT_INFLATION_CEILING = 10.0

#: The chosen policy: the cheapest on the front with at most this share of worlds worse.
DEFAULT_MAX_RISK = 0.05

#: The reference policies marked on the front: shipped scenario files whose levers are run
#: in the scenario's world.
REFERENCES: tuple[tuple[str, str], ...] = (
    ("sudden peace", "sudden_peace.toml"),
    ("managed peace", "managed_peace.toml"),
)

#: Variables recorded for the objectives.
_RECORD = ("public_debt", "reserve_fund", "inflation")


def _evaluate(
    scenario: Scenario,
    worlds: Mapping[str, Any],
    n: int,
    levers: Sequence[Lever],
    x: np.ndarray,
    metric: str,
) -> Outcomes:
    """Run ``policies x worlds`` members as one ensemble call; ``x``: ``(policies, levers)``
    values of ``levers``."""
    policies = len(x)
    pars = tile_worlds(worlds, policies)
    for j, lever in enumerate(levers):
        pars[lever.name] = lever.override(np.repeat(np.asarray(x[:, j], float), n))
    ens = run_ensemble(scenario, pars, record=_RECORD, metrics=(metric,),
                       chunk_size=policies * n)  # fmt: skip
    failed = np.zeros(policies * n, bool) if ens.failed is None else ens.failed
    end = ens.series["public_debt"][-1] - ens.series["reserve_fund"][-1]
    ceasefire = np.asarray(pars.get("ceasefire_month", _own(scenario, "ceasefire_month")), float)
    after = ens.time[:, None] >= np.broadcast_to(ceasefire, (policies * n,))[None, :]
    inflation = 100.0 * np.max(np.where(after, ens.series["inflation"], -np.inf), axis=0)
    inflation = np.where(np.isfinite(inflation), inflation, 0.0)  # no ceasefire in the run

    def shaped(values: np.ndarray) -> np.ndarray:
        return np.where(failed, np.nan, values).reshape(policies, n)

    return Outcomes(shaped(ens.metrics[metric]), shaped(end), shaped(inflation))


def _own(scenario: Scenario, name: str) -> float:
    return lever_values(scenario, [name])[name]


def _worlds(
    scenario: Scenario, n: int, seed: int, posterior: Posterior | str | Path | None
) -> tuple[dict[str, Any], list[str]]:
    """The worlds' parameters, and the names drawn from the posterior (as ``montecarlo
    --posterior`` draws them: the others from the priors)."""
    draws = draw_worlds([scenario], n, seed=seed, posterior=posterior)
    return draws.parameters(scenario), sorted(getattr(draws, "posterior", {}))


def _references(scenario: Scenario, levers: Sequence[Lever]) -> dict[str, np.ndarray]:
    """The policies marked on the front: the scenario's own levers, and the levers of the
    shipped sudden and managed peace run in the scenario's world."""
    names = [lv.name for lv in levers]
    out: dict[str, np.ndarray] = {}
    shipped = paths.shipped_scenarios_dir()
    for label, file in REFERENCES if shipped is not None else ():
        values = lever_values(load_scenario(shipped / file, warn=False), names)
        out[label] = np.array(list(values.values()))
    own = np.array(list(lever_values(scenario, names).values()))
    if not any(np.array_equal(own, v) for v in out.values()):
        out = {f"{scenario.name} (as given)": own, **out}
    return out


def _regret(outcomes: Outcomes) -> np.ndarray:
    """``(policies, 4)``: max and p90 over worlds of the regret in the metric, then the
    cost, against the best of the policies in each world (a failed run: the worst)."""
    out = np.empty((len(outcomes.cost), 4))
    for k, values in enumerate((outcomes.metric, outcomes.cost)):
        filled = np.where(np.isnan(values), np.nanmax(values), values)
        regret = filled - filled.min(axis=0, keepdims=True)
        out[:, 2 * k] = regret.max(axis=1)
        out[:, 2 * k + 1] = np.percentile(regret, 90, axis=1)
    return out


def exit_policy(
    scenario: Scenario,
    *,
    levers: Sequence[str] | None = None,
    ensemble: int = 200,
    posterior: Posterior | str | Path | None = None,
    seed: int | None = None,
    population: int = 20,
    generations: int = 10,
    metric: str = DEFAULT_METRIC,
    inflation_ceiling: float = DEFAULT_INFLATION_CEILING,
    max_risk: float = DEFAULT_MAX_RISK,
    model: Model = WAR_ECONOMY,
    progress: Callable[[int, int], None] | None = None,
) -> ExitPolicyResult:
    """Search the exit levers of ``scenario`` for policies of low risk and low cost.

    Parameters
    ----------
    scenario
        A peace scenario; its war path is the same scenario with no ceasefire in the run.
    levers
        ``NAME`` or ``NAME=LOW:HIGH`` (default :data:`~.levers.DEFAULT_LEVERS` over their
        plausible ranges).
    ensemble
        Worlds drawn from the scenario's ``[uncertainty]`` table (common to every policy).
    posterior
        A fit's posterior (or its file): the parameters it covers are drawn from it
        (:func:`~wardilemma.analysis.uncertainty.worlds.draw_worlds`).
    seed
        Seed of the worlds and of the search (default: the scenario's, else 0).
    population, generations
        NSGA-II's population and generations: ``population x ensemble`` members per call.
    metric
        ``name`` or ``name[region]`` of :data:`~wardilemma.metrics.METRICS`, higher worse.
    inflation_ceiling
        %/year: the 90th percentile over worlds of peak inflation after the ceasefire.
    max_risk
        The chosen policy is the cheapest on the front with at most this risk.

    Raises
    ------
    ExitPolicyError
        Unknown lever or metric (with the closest names), a lever the scenario fixes, no
        ``[uncertainty]`` table, pymoo missing.
    """
    started = time.perf_counter()
    try:
        name, region = split_metric(metric, scenario.region_names)
    except UncertaintyError as exc:
        raise ExitPolicyError(str(exc)) from None
    if METRICS[name].kind == "month":
        raise ExitPolicyError(f"{metric} is a month, not an outcome that is worse when higher")
    if not 0 <= max_risk <= 1:
        raise ExitPolicyError(f"max_risk must be a share from 0 to 1, got {max_risk!r}")
    chosen_levers = select_levers(levers, scenario, model)
    searched = {lv.name for lv in chosen_levers}
    fixed = [] if levers else [n for n in DEFAULT_LEVERS if n not in searched]
    seed = (scenario.seed or 0) if seed is None else seed
    try:
        worlds, from_posterior = _worlds(scenario, ensemble, seed, posterior)
    except UncertaintyError as exc:
        raise ExitPolicyError(str(exc)) from None
    references = _references(scenario, chosen_levers)
    lever_names = [lv.name for lv in chosen_levers]

    def snap(x: np.ndarray) -> np.ndarray:
        return np.column_stack([lv.snap(x[:, j]) for j, lv in enumerate(chosen_levers)])

    # the war path (no ceasefire in the run) and the reference policies: one call
    ref_x = np.array(list(references.values()))
    never = float(model.parameters["ceasefire_month"].allowed[1])
    war_x = np.array(list(lever_values(scenario, lever_names).values()))  # its own levers
    if "ceasefire_month" in lever_names:
        war_x[lever_names.index("ceasefire_month")] = never
        ref_levers = chosen_levers
    else:  # the war path needs the ceasefire moved: add it as a column
        war_x = np.append(war_x, never)
        ref_levers = (*chosen_levers, Lever("ceasefire_month", 0, never, "month", True))
        ref_x = np.column_stack([ref_x, np.full(len(ref_x), _own(scenario, "ceasefire_month"))])
    ref = _evaluate(scenario, worlds, ensemble, ref_levers, np.vstack([ref_x, war_x]), metric)
    ref_x = ref_x[:, : len(lever_names)]
    war = ref.metric[-1]
    war_cost = float(np.nanmedian(ref.cost[-1]))
    runs: list[tuple[np.ndarray, Outcomes]] = []

    def evaluate(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        out = _evaluate(scenario, worlds, ensemble, chosen_levers, x, metric)
        runs.append((np.array(x), out))
        f = np.column_stack([out.risk(war), out.median_cost()])
        return f, (out.inflation_quantile() - inflation_ceiling)[:, None]

    lower = np.array([lv.low for lv in chosen_levers])
    upper = np.array([lv.high for lv in chosen_levers])
    found: SearchResult = pareto_search(
        evaluate, lower, upper, n_objectives=2, n_constraints=1, population=population,
        generations=generations, seed=seed, snap=snap, initial=ref_x[:population],
        progress=progress,
    )  # fmt: skip
    # the worlds' outcomes of the front, each policy at its first evaluation
    evaluated = np.concatenate([x for x, _ in runs])
    every = {k: np.concatenate([getattr(o, k) for _, o in runs])
             for k in ("metric", "cost", "inflation")}  # fmt: skip
    front = found.front
    rows = [int(np.flatnonzero(np.all(evaluated == found.x[i], axis=1))[0]) for i in front]
    n_front = len(front)
    compared = Outcomes(*(np.concatenate([every[k][rows], getattr(ref, k)[:-1]])
                          for k in ("metric", "cost", "inflation")))  # fmt: skip
    regret = _regret(compared)
    risk, cost = found.f[:, 0], found.f[:, 1]
    ok = front[risk[front] <= max_risk]
    chosen = int(ok[np.argmin(cost[ok])]) if ok.size else int(front[np.argmin(risk[front])])
    ref_risk, ref_cost, ref_infl = ref.risk(war), ref.median_cost(), ref.inflation_quantile()
    # progress of the search: the share of the box (risk 0-1, cost up to the war's) that the
    # feasible policies found by each generation dominate
    ok_points = found.feasible
    progress_hv = [
        round(hypervolume(found.f[ok_points & (found.generation <= g)], (1.0, war_cost))
              / war_cost, 4)
        for g in range(generations)
    ]  # fmt: skip
    refs = {
        label: Reference(ref_x[i], float(ref_risk[i]), float(ref_cost[i]), float(ref_infl[i]),
                         regret[n_front + i])
        for i, label in enumerate(references)
    }  # fmt: skip
    return ExitPolicyResult(
        scenario=scenario,
        levers=chosen_levers,
        metric=metric,
        metric_label=METRICS[name].label + (f" ({region})" if region else ""),
        metric_units=METRICS[name].units,
        members=ensemble,
        policies=found.x,
        risk=risk,
        cost=cost,
        inflation=found.g[:, 0] + inflation_ceiling,
        generation=found.generation,
        front=front,
        chosen=chosen,
        references=refs,
        war_cost=war_cost,
        regret=regret[:n_front],
        inflation_ceiling=inflation_ceiling,
        max_risk=max_risk,
        metadata={
            "seed": seed,
            "ensemble": ensemble,
            "posterior": posterior_label(posterior),
            "from_posterior": from_posterior,
            "levers_fixed_by_scenario": fixed,
            "hypervolume_by_generation": progress_hv,
            "population": population,
            "generations": generations,
            "policies_run": int(sum(len(x) for x, _ in runs)),
            "ensemble_calls": len(runs) + 1,
            "members_per_call": population * ensemble,
            "seconds": round(time.perf_counter() - started, 2),
        },
    )
