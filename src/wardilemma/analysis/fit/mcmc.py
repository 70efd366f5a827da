"""The posterior by emcee's affine-invariant ensemble sampler (the ``fit`` extra).

Every walker of a step is evaluated in one call of the vectorised log posterior (one
ensemble run of the kernel). The walkers start in a ball around the MAP point, as wide in
each coordinate as the posterior's curvature there says (:func:`curvature_spread`), and
move by differential evolution (80 %) and its snooker update (20 %), which
keep a useful acceptance in the dozens of dimensions of a fit where the default stretch
move stalls; the random state is seeded, so the same seed gives the same chain bit for bit.

A chain is a :class:`ChainState`: the steps kept so far (the second half; a longer chain
discards a larger burn-in, never a step it kept), the walkers' position and log posterior,
their accepted moves and emcee's random state after the last step. :func:`advance` extends
it by any number of steps exactly as an uninterrupted run would (the same floats, bit for
bit), and :func:`save_state` / :func:`load_state` keep it in a NumPy ``.npz`` file
between runs (``wardilemma fit --resume DIR``). Illustrative model, not a forecast.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from wardilemma.analysis.fit.diagnostics import CHECK_STEPS, Diagnostics, diagnose
from wardilemma.analysis.fit.likelihood import FitError
from wardilemma.atomic import atomic_path

__all__ = [
    "BALL",
    "CURVATURE_STEP",
    "Chain",
    "ChainState",
    "Checkpoint",
    "advance",
    "curvature_spread",
    "load_state",
    "run_chain",
    "sample",
    "save_state",
    "start_state",
    "to_chain",
]

#: Spread of the starting ball around the start point, in the sampler's space, unless
#: the curvature gives one.
BALL = 0.02

#: Step of the second differences of :func:`curvature_spread`, in the sampler's space.
CURVATURE_STEP = 1e-3


def curvature_spread(
    log_posterior: Callable[[np.ndarray], np.ndarray], point: np.ndarray, *, most: float = 1.0
) -> np.ndarray:
    """Per coordinate, the posterior's standard deviation at ``point`` given the others:
    ``1 / sqrt(-d2 log p / dx2)`` from second differences (the point and its ``2 d`` shifts
    in one call), at most ``most`` (the prior's in the normal space) and :data:`BALL` where
    the curvature is not negative or not finite (a flat or an impossible neighbourhood).

    Started at this spread, the walkers are about as wide as the posterior near its mode
    (narrower along correlated directions), so a short chain spends less of itself
    spreading out from a ball too small, or falling in from one too wide.
    """
    d = point.shape[0]
    shifts = CURVATURE_STEP * np.vstack([np.zeros(d), np.eye(d), -np.eye(d)])
    lp = log_posterior(point[None, :] + shifts)
    second = (lp[1 : d + 1] + lp[d + 1 :] - 2 * lp[0]) / CURVATURE_STEP**2
    with np.errstate(divide="ignore", invalid="ignore"):
        spread = np.minimum(1 / np.sqrt(-second), most)
    return np.where(np.isfinite(spread) & (second < 0), spread, BALL)


@dataclass(frozen=True)
class Chain:
    """An ensemble chain after burn-in.

    Attributes
    ----------
    unit
        Kept samples on the unit cube, shape (steps, walkers, d).
    log_posterior
        Their log posteriors, shape (steps, walkers).
    burn
        Steps discarded at the start.
    diagnostics
        :class:`~wardilemma.analysis.fit.diagnostics.Diagnostics` of the kept part.
    """

    unit: np.ndarray
    log_posterior: np.ndarray
    burn: int
    diagnostics: Diagnostics

    @property
    def flat(self) -> np.ndarray:
        """Samples as rows, shape (steps * walkers, d)."""
        return self.unit.reshape(-1, self.unit.shape[-1])


@dataclass(frozen=True)
class ChainState:
    """Everything needed to extend an ensemble chain bit for bit.

    Attributes
    ----------
    chain
        The steps kept so far in the sampler's space, shape (kept, walkers, d): the steps
        from ``first`` to ``steps - 1`` (at most ``steps - steps // 2``, the part a chain of
        ``steps`` steps keeps after its burn-in).
    log_prob
        Their log posteriors, shape (kept, walkers).
    first
        Index of ``chain[0]`` in the whole chain.
    steps
        Steps made so far.
    position, position_log_prob
        The walkers now (walkers, d), and their log posteriors (None before the first step:
        the start ball, not yet evaluated).
    accepted
        Accepted moves of each walker over all ``steps`` (walkers,).
    random_state
        emcee's random state (``numpy.random.RandomState.get_state()``) after the last step.
    """

    chain: np.ndarray
    log_prob: np.ndarray
    first: int
    steps: int
    position: np.ndarray
    position_log_prob: np.ndarray | None
    accepted: np.ndarray
    random_state: tuple[Any, ...]
    meta: Mapping[str, Any] = field(default_factory=dict)
    """What the chain belongs to (the fit's scenario and record hashes, MAP...): saved
    with it."""

    @property
    def walkers(self) -> int:
        return int(self.position.shape[0])


def _emcee() -> Any:
    try:
        import emcee
    except ImportError:
        raise FitError("the posterior needs emcee: pip install 'wardilemma[fit]'") from None
    return emcee


def start_state(
    start: np.ndarray, *, walkers: int, seed: int = 0, spread: np.ndarray | float = BALL
) -> ChainState:
    """A chain of no step: ``walkers`` walkers in a ball of ``spread`` around ``start`` (d,),
    emcee's random state seeded by ``seed``."""
    d = start.shape[0]
    if walkers < 2 * d:
        raise FitError(f"{walkers} walkers for {d} parameters: at least {2 * d} are needed")
    rng = np.random.default_rng(seed)
    ball = start + np.asarray(spread, dtype=float) * rng.standard_normal((walkers, d))
    return ChainState(
        np.zeros((0, walkers, d)), np.zeros((0, walkers)), 0, 0, ball, None,
        np.zeros(walkers, dtype=np.int64), np.random.RandomState(seed).get_state(),
    )  # fmt: skip


def advance(
    log_posterior: Callable[[np.ndarray], np.ndarray],
    state: ChainState,
    steps: int,
    *,
    progress: Callable[[int, int], None] | None = None,
    total: int | None = None,
) -> ChainState:
    """``state`` extended by ``steps`` steps, as an uninterrupted run would make them: the
    walkers continue from their position and log posterior with emcee's random state, so
    ``advance(advance(s, a), b)`` equals ``advance(s, a + b)`` bit for bit. Only the steps
    a chain of the new length keeps are kept. ``progress(walkers, total)`` after each step
    (``total``: the runs the bar counts to, by default these steps')."""
    emcee = _emcee()
    if steps <= 0:
        return state
    walkers, d = state.position.shape
    moves = [(emcee.moves.DEMove(), 0.8), (emcee.moves.DESnookerMove(), 0.2)]
    sampler = emcee.EnsembleSampler(walkers, d, log_posterior, moves=moves, vectorize=True)
    begin = emcee.State(state.position, log_prob=state.position_log_prob,
                        random_state=state.random_state)  # fmt: skip
    last = None
    total = walkers * steps if total is None else total
    for last in sampler.sample(  # noqa: B007 (the last state is the position)
        begin, iterations=steps, skip_initial_state_check=state.steps > 0
    ):
        if progress is not None:
            progress(walkers, total)
    if last is None:  # steps == 0: nothing was sampled, so there is no state to continue
        raise ValueError("a continuation needs at least one step")
    n = state.steps + steps
    first = max(n // 2, state.first)
    chain = np.concatenate([state.chain, sampler.get_chain()])
    log_prob = np.concatenate([state.log_prob, sampler.get_log_prob()])
    drop = first - state.first
    return ChainState(
        chain[drop:], log_prob[drop:], first, n, np.array(last.coords),
        np.array(last.log_prob), state.accepted + sampler.backend.accepted.astype(np.int64),
        sampler.random_state, state.meta,
    )  # fmt: skip


def to_chain(
    state: ChainState, transform: Callable[[np.ndarray], np.ndarray] | None = None
) -> Chain:
    """The kept half of ``state`` (``steps // 2`` of burn-in discarded) with its
    diagnostics; ``transform`` maps the sampler's space to the unit cube."""
    if state.steps < 4:
        raise FitError(f"{state.steps} steps: at least 4 are needed")
    burn = state.steps // 2
    kept = state.chain[burn - state.first :]
    lp = state.log_prob[burn - state.first :]
    diagnostics = diagnose(kept, state.accepted / state.steps, burn)
    return Chain(kept if transform is None else transform(kept), lp, burn, diagnostics)


def run_chain(
    log_posterior: Callable[[np.ndarray], np.ndarray],
    state: ChainState,
    steps: int,
    *,
    budget: int | None = None,
    converge: bool = False,
    progress: Callable[[int, int], None] | None = None,
    checkpoint: Callable[[ChainState], None] | None = None,
) -> tuple[ChainState, str]:
    """Extend ``state`` by ``steps`` steps; with ``converge``, then go on
    :data:`~wardilemma.analysis.fit.diagnostics.CHECK_STEPS` steps at a time until the
    diagnostics call the chain converged (checked after ``steps`` and after every piece)
    or ``budget`` steps (of this call, at least ``steps``) are made.

    Returns the state and why it stopped: ``"runs"`` (without ``converge``),
    ``"converged"`` or ``"budget"`` (spent, NOT converged). The steps are made in pieces of
    ``CHECK_STEPS``, each followed by ``checkpoint(state)``; the chain is the same as one
    uninterrupted run's, bit for bit, whatever the pieces.
    """
    budget = max(steps, budget or 0) if converge else steps
    walkers = state.walkers
    total = walkers * budget

    def extend(state: ChainState, n: int) -> ChainState:
        for k in [CHECK_STEPS] * (n // CHECK_STEPS) + [n % CHECK_STEPS] * (n % CHECK_STEPS > 0):
            state = advance(log_posterior, state, k, progress=progress, total=total)
            if checkpoint is not None:
                checkpoint(state)
        return state

    state, done = extend(state, steps), steps
    while converge:
        if state.steps >= 4 and to_chain(state).diagnostics.converged:
            return state, "converged"
        if done >= budget:
            return state, "budget"
        more = min(CHECK_STEPS, budget - done)
        state, done = extend(state, more), done + more
    return state, "runs"


def sample(
    log_posterior: Callable[[np.ndarray], np.ndarray],
    start: np.ndarray,
    *,
    walkers: int,
    steps: int,
    seed: int = 0,
    progress: Callable[[int, int], None] | None = None,
    transform: Callable[[np.ndarray], np.ndarray] | None = None,
    spread: np.ndarray | float = BALL,
) -> Chain:
    """Run ``walkers`` walkers for ``steps`` steps from a ball around ``start`` (d,).

    The first half of the chain is burn-in and discarded; ``progress(walkers, total)`` is
    called after every step. ``transform`` maps the sampler's space to the unit cube
    (the kept samples are stored on the cube; the diagnostics are of the sampler's chain).
    ``spread``: the ball's standard deviation, one number or one per coordinate
    (:func:`curvature_spread`).
    """
    _emcee()
    if steps < 4:
        raise FitError(f"{steps} steps: at least 4 are needed")
    state = start_state(start, walkers=walkers, seed=seed, spread=spread)
    return to_chain(advance(log_posterior, state, steps, progress=progress), transform)


#: Version of the layout of a chain file (:func:`save_state`).
STATE_VERSION = 1


def save_state(state: ChainState, path: str | Path) -> Path:
    """Write ``state`` with its ``meta`` (what the chain belongs to: JSON-able values) to
    the NumPy file ``path`` (atomically)."""
    algorithm, keys, pos, has_gauss, cached = state.random_state
    target = Path(path)
    with atomic_path(target) as tmp, open(tmp, "wb") as fh:
        np.savez(
            fh, version=STATE_VERSION, chain=state.chain, log_prob=state.log_prob,
            first=state.first, steps=state.steps, position=state.position,
            position_log_prob=(np.full(state.walkers, np.nan) if state.position_log_prob is None
                               else state.position_log_prob),
            evaluated=state.position_log_prob is not None, accepted=state.accepted,
            rng_algorithm=str(algorithm), rng_keys=keys, rng_pos=pos, rng_has_gauss=has_gauss,
            rng_cached=cached, meta=json.dumps(dict(state.meta), sort_keys=True),
        )  # fmt: skip
    return target


def load_state(path: str | Path) -> ChainState:
    """The chain saved by :func:`save_state`, with its ``meta``.

    Raises
    ------
    FitError
        The file is missing or is not a chain file of this version.
    """
    path = Path(path)
    if not path.is_file():
        raise FitError(f"{path}: file not found (a chain saved by `wardilemma fit`)")
    try:
        with np.load(path, allow_pickle=False) as f:
            if int(f["version"]) != STATE_VERSION:
                raise FitError(f"{path}: a chain file of version {int(f['version'])}, "
                               f"not {STATE_VERSION}")  # fmt: skip
            rs = (str(f["rng_algorithm"]), np.array(f["rng_keys"]), int(f["rng_pos"]),
                  int(f["rng_has_gauss"]), float(f["rng_cached"]))  # fmt: skip
            return ChainState(
                np.array(f["chain"]), np.array(f["log_prob"]), int(f["first"]),
                int(f["steps"]), np.array(f["position"]),
                np.array(f["position_log_prob"]) if bool(f["evaluated"]) else None,
                np.array(f["accepted"]), rs, json.loads(str(f["meta"])),
            )  # fmt: skip
    except (OSError, ValueError, KeyError) as exc:
        raise FitError(f"{path}: not a chain file of `wardilemma fit`: {exc}") from None


class Checkpoint:
    """A ``checkpoint`` for :func:`run_chain`: keeps the latest state in memory and writes it
    to ``path`` (:func:`save_state`) at most every ``every`` seconds, and on :meth:`save`
    (an interrupted fit saves its chain so that ``--resume`` continues it)."""

    def __init__(self, path: str | Path, every: float = 60.0) -> None:
        self.path, self.every = Path(path), every
        self.latest: ChainState | None = None
        self.saved = time.monotonic()

    def __call__(self, state: ChainState) -> None:
        self.latest = state
        if time.monotonic() - self.saved >= self.every:
            self.save()

    def save(self) -> Path:
        """Write the latest state now (its folder is made if missing)."""
        if self.latest is None:
            raise FitError("no chain to save yet")
        self.saved = time.monotonic()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        return save_state(self.latest, self.path)
