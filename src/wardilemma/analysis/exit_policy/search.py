"""A seeded multi-objective search: NSGA-II from pymoo over a box of decision variables.

:func:`pareto_search` minimises several objectives under inequality constraints
(``g <= 0``) with pymoo's NSGA-II (Deb et al. 2002). The problem is *vectorised*: pymoo
hands the whole population of a generation, an array ``(policies, variables)``, to
``evaluate`` in one call, which is what lets the exit-policy search run a generation as one
ensemble of the compiled kernel (members x policies). Every point evaluated is kept (the
archive), and the front returned is the non-dominated set of the feasible points of the
whole archive, not only of the last generation. The same seed gives the same archive and
front bit for bit (pymoo draws from a :class:`numpy.random.Generator` seeded by it).

Why pymoo: a well-kept library (NSGA-II, NSGA-III, constraint handling by feasibility
first) whose problems take a whole population at once; platypus, the other candidate,
evaluates one solution at a time, which would turn a generation into a Python loop of runs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from wardilemma.analysis.exit_policy.levers import ExitPolicyError

__all__ = ["Evaluation", "SearchResult", "hypervolume", "nondominated", "pareto_search"]

#: ``evaluate(X (p, d)) -> (F (p, objectives), G (p, constraints))``, G <= 0 feasible.
Evaluation = Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]


@dataclass(frozen=True)
class SearchResult:
    """Every point a search evaluated, and its front.

    Attributes
    ----------
    x, f, g
        ``(points, variables)``, ``(points, objectives)``, ``(points, constraints)``: every
        distinct point evaluated, in the order evaluated.
    generation
        ``(points,)``: the generation that first evaluated each point (0: the initial one).
    front
        Indices into the archive of the non-dominated feasible points, sorted by the first
        objective (when no point is feasible: those of least violation).
    """

    x: np.ndarray
    f: np.ndarray
    g: np.ndarray
    generation: np.ndarray
    front: np.ndarray

    @property
    def feasible(self) -> np.ndarray:
        """``(points,)`` booleans: every constraint met."""
        return np.all(self.g <= 0, axis=1)


def nondominated(f: np.ndarray) -> np.ndarray:
    """Indices of the rows of ``f`` (minimised) that no other row dominates; of duplicate
    rows only the first is kept."""
    f = np.asarray(f, dtype=float)
    keep = []
    for i in range(len(f)):
        le = np.all(f <= f[i], axis=1)
        lt = np.any(f < f[i], axis=1)
        dominated = np.any(le & lt)
        duplicate = np.any(np.all(f[:i] == f[i], axis=1))
        if not (dominated or duplicate):
            keep.append(i)
    return np.asarray(keep, dtype=int)


def hypervolume(f: np.ndarray, reference: tuple[float, float]) -> float:
    """Area dominated by the points ``f`` (two objectives, minimised) and bounded by
    ``reference`` (points beyond it count for nothing): the usual measure of a front's
    progress, 0 for no point inside the box."""
    f = np.asarray(f, dtype=float).reshape(-1, 2)
    f = f[np.all(f < np.asarray(reference), axis=1)]
    if not len(f):
        return 0.0
    f = f[nondominated(f)]
    f = f[np.argsort(f[:, 0])]
    widths = np.diff(np.append(f[:, 0], reference[0]))
    return float(np.sum(widths * (reference[1] - np.minimum.accumulate(f[:, 1]))))


def pareto_search(
    evaluate: Evaluation,
    lower: np.ndarray,
    upper: np.ndarray,
    *,
    n_objectives: int,
    n_constraints: int = 0,
    population: int = 20,
    generations: int = 10,
    seed: int = 0,
    snap: Callable[[np.ndarray], np.ndarray] | None = None,
    initial: np.ndarray | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> SearchResult:
    """Minimise ``evaluate``'s objectives over the box ``[lower, upper]`` with NSGA-II.

    Parameters
    ----------
    evaluate
        Called once per generation with the population ``(population, variables)``;
        returns objectives ``(population, n_objectives)`` and constraints
        ``(population, n_constraints)`` (feasible when all <= 0).
    lower, upper
        ``(variables,)`` bounds.
    population, generations
        NSGA-II's population size and number of generations (the initial one included).
    seed
        Seed of the search's random numbers.
    snap
        ``snap(X) -> X``: the values as they will be run (rounded), applied to every new
        point before it is evaluated (pymoo's repair), so the archive holds what was run.
    initial
        ``(k, variables)``, ``k <= population``: points of the first generation (clipped to
        the box); the rest of it is drawn uniformly in the box with the seed.
    progress
        Called as ``progress(1, generations)`` after each generation.

    Raises
    ------
    ExitPolicyError
        pymoo is not installed (``pip install 'wardilemma[policy]'``).
    """
    try:
        from pymoo.algorithms.moo.nsga2 import NSGA2
        from pymoo.core.problem import Problem
        from pymoo.core.repair import NoRepair, Repair
        from pymoo.optimize import minimize
    except ImportError:
        raise ExitPolicyError(
            "the exit-policy search needs pymoo: pip install 'wardilemma[policy]'"
        ) from None
    lower, upper = np.asarray(lower, dtype=float), np.asarray(upper, dtype=float)
    xs: list[np.ndarray] = []
    fs: list[np.ndarray] = []
    gs: list[np.ndarray] = []
    gens: list[np.ndarray] = []

    def run(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        f, g = evaluate(x)
        f = np.asarray(f, dtype=float).reshape(len(x), n_objectives)
        g = np.asarray(g, dtype=float).reshape(len(x), n_constraints)
        xs.append(np.array(x, dtype=float))
        fs.append(f)
        gs.append(g)
        gens.append(np.full(len(x), len(gens)))
        if progress is not None:
            progress(1, generations)
        return f, g

    class _Problem(Problem):
        def __init__(self) -> None:
            super().__init__(n_var=len(lower), n_obj=n_objectives, n_ieq_constr=n_constraints,
                             xl=lower, xu=upper)  # fmt: skip

        def _evaluate(self, x: np.ndarray, out: dict, *args: object, **kwargs: object) -> None:
            f, g = run(x)
            out["F"] = f
            if n_constraints:
                out["G"] = g

    class _Snap(Repair):
        def _do(self, problem: object, x: np.ndarray, **kwargs: object) -> np.ndarray:
            return snap(np.asarray(x, dtype=float)) if snap is not None else x

    rng = np.random.default_rng(seed)
    given = np.empty((0, len(lower))) if initial is None else np.asarray(initial, float)
    if len(given) > population:
        raise ExitPolicyError(f"{len(given)} initial points for a population of {population}")
    drawn = lower + rng.random((population - len(given), len(lower))) * (upper - lower)
    first = np.vstack([np.clip(given, lower, upper), drawn])
    if snap is not None:
        first = snap(first)
    algorithm = NSGA2(pop_size=population, sampling=first, eliminate_duplicates=True,
                      repair=_Snap() if snap is not None else NoRepair())  # fmt: skip
    minimize(_Problem(), algorithm, ("n_gen", generations), seed=seed, verbose=False)
    x, f, g, gen = (np.concatenate(a) for a in (xs, fs, gs, gens))
    _, first = np.unique(x, axis=0, return_index=True)
    first = np.sort(first)
    x, f, g, gen = x[first], f[first], g[first], gen[first]
    violation = np.maximum(g, 0).sum(axis=1)
    pool = np.flatnonzero(violation == violation.min())
    front = pool[nondominated(f[pool])]
    front = front[np.lexsort([f[front, k] for k in reversed(range(n_objectives))])]
    return SearchResult(x=x, f=f, g=g, generation=gen, front=front)
