"""Running a model's numba kernel: the index arrays of a run, the schedules as a time table,
members split over threads, the recorded values and the problems found.

Members are split into contiguous blocks run on threads (the kernel releases the GIL), so
an ensemble uses every CPU; one run stays on the calling thread. Illustrative model, not a
forecast.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import TYPE_CHECKING

import numpy as np

from wardilemma.engine.backends import NUMBA_METHODS
from wardilemma.engine.checks import Columns, Problem
from wardilemma.engine.numba.cache import CompiledKernel, load_kernel, load_or_compile
from wardilemma.engine.recorded import Recorded
from wardilemma.model.compiler import Model

if TYPE_CHECKING:  # pragma: no cover
    from wardilemma.scenario.schedules import Schedule

__all__ = ["PARALLEL_MEMBERS", "run_numba", "threads"]

#: Members per thread at least (smaller ensembles run on the calling thread).
PARALLEL_MEMBERS = 64


@dataclass(frozen=True)
class _Index:
    """Index arrays of one kind of run, kept with the kernel (a single run costs < 1 ms, so
    the Python around the kernel must be cheap): rows of ``v`` for the columns of ``P``,
    for the state and for the recorded variables, where each recorded name lands, and the
    recorded columns' labels and bounds (:class:`~wardilemma.engine.checks.Columns`)."""

    pmap: np.ndarray
    ymap: np.ndarray
    p_start: dict[str, int]
    rec: np.ndarray  # the recorded rows of v, then the rows only checked
    n_rec: int
    columns: dict[str, tuple[int, int]]  # name -> first column, width (0: national)
    checked: Columns  # every row of rec


def _index(kernel: CompiledKernel, regions: tuple[str, ...], names: tuple[str, ...]) -> _Index:
    key = (regions, names)
    plan = kernel.runs.get(key)
    if plan is not None:
        return plan
    n_regions = len(regions)
    lay, regional = kernel.layout, kernel.model.regional
    pmap = [r for p in lay.parameters for r in lay.rows(p, n_regions)]
    p_start, col = {}, 0
    for p in lay.parameters:
        p_start[p] = col
        col += len(lay.rows(p, n_regions))
    state = lay.plan.state
    ymap = np.empty(state.size(n_regions), dtype=np.int64)
    for name in state.names:
        ymap[state.slice(name, n_regions)] = lay.rows(name, n_regions)
    rec: list[int] = []
    columns = {}
    for name in names:
        rows = lay.rows(name, n_regions)
        columns[name] = (len(rec), n_regions if name in regional else 0)
        rec += rows
    n_rec = len(rec)
    # the declared stocks and the outputs of smooth/delay stages are checked even when not
    # recorded (their rows follow the recorded ones)
    model = kernel.model
    extra = [*model.stocks, *(h.owner for h in model.hidden_stocks)]
    extra = [n for n in dict.fromkeys(extra) if n in lay.national or n in lay.regional]
    extra = [n for n in extra if n not in names]
    for name in extra:
        rec += lay.rows(name, n_regions)
    plan = _Index(
        np.asarray(pmap, dtype=np.int64),
        ymap,
        p_start,
        np.asarray(rec, dtype=np.int64),
        n_rec,
        columns,
        Columns.of(model, [*names, *extra], regions),
    )
    if len(kernel.runs) > 64:
        kernel.runs.clear()
    kernel.runs[key] = plan
    return plan


@lru_cache(maxsize=1)
def _cpus() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover (not Linux)
        return max(1, os.cpu_count() or 1)


def threads() -> int:
    """Threads for an ensemble: ``WARDILEMMA_THREADS``, else the CPUs this process may use."""
    given = os.environ.get("WARDILEMMA_THREADS")
    return max(1, int(given)) if given else _cpus()


def run_numba(
    model: Model,
    *,
    regions: tuple[str, ...],
    values: Mapping[str, np.ndarray],
    schedules: Mapping[str, Schedule],
    dt: float,
    initial_time: float,
    final_time: float,
    method: str,
    n_steps: int,
    stride: int,
    names: Iterable[str],
) -> tuple[np.ndarray, Recorded, list[Problem]]:
    """Run the compiled kernel and return the saved times, the recorded arrays and the
    problems found.

    Members are split into contiguous blocks run on threads (the kernel releases the GIL),
    so an ensemble uses every CPU; one run stays on the calling thread.

    Parameters
    ----------
    values
        Parameter arrays of shape ``(members or 1, 1 or regions)``, as
        ``scenario_inputs`` gives them.
    n_steps, stride
        Number of time steps and steps between saved points (validated by the caller).
    names
        Variables to record (declared, not lookups); they are checked, and so are the
        declared stocks and the outputs of smooth/delay stages, recorded or not.

    Returns
    -------
    times, data, problems
        Saved times ``(T,)``; ``data[name]`` of shape ``(T, members)`` or
        ``(T, members, regions)`` (views into one buffer); the first problem of each member
        that failed, by member (a recorded value not finite, a declared stock outside its
        bounds), whose values from the saved time of the problem on are not computed.
    """
    n_regions = len(regions)
    kernel = load_kernel(model, n_regions)
    plan = _index(kernel, regions, tuple(names))
    P = _parameter_table(kernel, values)
    members = P.shape[0]
    sv, sp, S = _schedule_table(kernel, plan, schedules, n_regions, method, n_steps, dt,
                                initial_time)  # fmt: skip
    steps_t = initial_time + np.arange(n_steps + 1) * dt
    n_saved = n_steps // stride + 1
    out = np.empty((n_saved, members, plan.n_rec))
    fail = np.full((members, 2), -1, dtype=np.int64)
    value = np.zeros(members)  # the wrong value of a failed member
    args = (P, plan.pmap, sv, sp, S, plan.ymap, plan.rec, plan.checked.lo, plan.checked.hi,
            out, fail, value, n_steps, stride, NUMBA_METHODS[method], float(dt),
            float(initial_time), float(final_time))  # fmt: skip
    run = kernel.module.run
    if not kernel.ready:
        load_or_compile(kernel, args)
    n_threads = min(threads(), members // PARALLEL_MEMBERS)
    if n_threads <= 1:
        run(*args, 0, members)
    else:
        bounds = np.linspace(0, members, n_threads + 1).astype(int)
        with ThreadPoolExecutor(n_threads) as pool:
            jobs = [pool.submit(run, *args, a, b) for a, b in itertools.pairwise(bounds)]
            for job in jobs:
                job.result()
    data = Recorded(out, plan.columns)
    saved = steps_t[::stride]
    problems = [
        plan.checked.problem(int(m), int(j), float(saved[k]), float(value[int(m)]))
        for m in np.flatnonzero(fail[:, 0] >= 0)
        for k, j in [fail[m]]
    ]
    return saved, data, problems


def _parameter_table(kernel: CompiledKernel, values: Mapping[str, np.ndarray]) -> np.ndarray:
    """Parameters, one row per member, the column blocks of the layout's parameter order;
    kept with the kernel for a scenario's own read-only values
    (:func:`~wardilemma.engine.inputs.own_inputs`), which every single run of it shares."""
    own = isinstance(values, MappingProxyType)
    if own:
        hit = kernel.tables.get(id(values))
        if hit is not None and hit[0] is values:
            return hit[1]
    blocks = [values[p] for p in kernel.layout.parameters]
    members = max(b.shape[0] for b in blocks) if blocks else 1
    # C order whatever the blocks' layout: a member's row is contiguous, and the kernel is
    # compiled for one layout only (an F-ordered table would compile it a second time); each
    # block is copied into its columns, a block of one row to every member (measured: a
    # fit's 8-member calls spent 0.7 ms a call broadcasting and concatenating 160 blocks)
    P = np.empty((members, sum(b.shape[1] for b in blocks)))
    col = 0
    for b in blocks:
        P[:, col : col + b.shape[1]] = b
        col += b.shape[1]
    if own:
        if len(kernel.tables) > 16:
            kernel.tables.clear()
        kernel.tables[id(values)] = (values, P)
    return P


def _schedule_table(
    kernel: CompiledKernel,
    plan: _Index,
    schedules: Mapping[str, Schedule],
    n_regions: int,
    method: str,
    n_steps: int,
    dt: float,
    initial_time: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Schedules as a time table, their values at every stage time of every step, with the
    rows of ``v`` they overwrite (``sv``) and the columns of ``P`` holding their base values
    (``sp``); kept with the kernel for a scenario's own schedules, as the parameters are."""
    key = (id(schedules), n_regions, method, n_steps, dt, initial_time)
    own = isinstance(schedules, MappingProxyType)
    if own:
        hit = kernel.tables.get(key)
        if hit is not None and hit[0] is schedules:
            return hit[1]
    lay, model = kernel.layout, kernel.model
    sv: list[int] = []
    sp: list[int] = []
    tables = []
    if schedules:
        steps_t = initial_time + np.arange(n_steps + 1) * dt
        if method == "euler":
            times = steps_t
        else:
            times = np.stack([steps_t, steps_t + dt / 2, steps_t + dt], axis=1).ravel()
        for name, sched in schedules.items():
            w = n_regions if name in model.regional else 1
            tables.append(sched.at_times(times, w))
            sv += lay.rows(name, n_regions)
            sp += range(plan.p_start[name], plan.p_start[name] + w)
    S = np.ascontiguousarray(np.concatenate(tables, axis=1)) if tables else np.empty((1, 0))
    found = (np.asarray(sv, dtype=np.int64), np.asarray(sp, dtype=np.int64), S)
    if own:
        if len(kernel.tables) > 16:
            kernel.tables.clear()
        kernel.tables[key] = (schedules, found)
    return found
