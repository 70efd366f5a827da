"""Running: an ensemble of parameter sets in chunks, over any ``concurrent.futures.Executor``.

About 500 lines: splitting, running and placing the chunks of one ensemble are one
procedure, with the executors it runs on.

The second verb of an uncertainty study: :func:`run_ensemble` takes a scenario and the
members' parameters (:class:`~wardilemma.analysis.uncertainty.sampling.Draws`, or plain arrays for a
sweep), splits the members into chunks of ``chunk_size``, runs each chunk with
:func:`wardilemma.simulate` (``parameters=`` arrays, ``record=`` only what the chunk needs:
the numba backend is used transparently when installed) and keeps only what was asked:

* ``record``: monthly values of a few variables, ``(months + 1, n)`` per variable and region;
* ``metrics``: names of :data:`wardilemma.metrics.METRICS`, ``name`` for the national value
  or ``name[region]`` for a region, one number per member (NaN when the metric never
  happens, for example reserves that never run out).

Chunks are independent and each member's numbers depend only on its own parameters, so the
same draws give the same numbers bit for bit whatever the chunk size and executor: run
inline (``executor=None``), on local processes (``ProcessPoolExecutor``, ``--jobs N``) or on
a Dask cluster (``distributed.Client(...).get_executor()``; :func:`open_executor` builds
either). Results are written into preallocated arrays as chunks arrive, so memory is the
recorded arrays plus a few chunks in flight: 100,000 members recording three variables take
a few hundred MB.

Library API
-----------
>>> from wardilemma.analysis.uncertainty import draw, run_ensemble, open_executor
>>> draws = draw(peace, 10_000, seed=1)  # doctest: +SKIP
>>> with open_executor("local", jobs=2) as ex:  # doctest: +SKIP
...     ens = run_ensemble(peace, draws, record=("discontent",), executor=ex)
>>> ens.metrics["peak_discontent[provinces]"].shape  # doctest: +SKIP
(10000,)

Illustrative model, not a forecast.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from wardilemma.analysis.uncertainty.chunks import (
    ChunkResult,
    SeriesFile,
    allocate_series,
    chunk_bounds,
    load_chunk,
    run_pipelined,
    save_chunk,
    stored_chunks,
)
from wardilemma.analysis.uncertainty.sampling import Draws, UncertaintyError
from wardilemma.engine.backends import resolve_backend
from wardilemma.engine.run import simulate
from wardilemma.metrics import METRICS
from wardilemma.model import WAR_ECONOMY
from wardilemma.scenario import Scenario
from wardilemma.scenario.locate import did_you_mean

__all__ = [
    "DEFAULT_METRICS",
    "DEFAULT_RECORD",
    "EXECUTORS",
    "Ensemble",
    "metric_names",
    "open_executor",
    "run_ensemble",
    "split_metric",
]

#: Variables recorded by default (monthly): what the fan chart and the paired shares need.
DEFAULT_RECORD: tuple[str, ...] = ("discontent", "nationalist_mobilisation", "instability_risk")

#: Metrics computed by default for every member.
DEFAULT_METRICS: tuple[str, ...] = (
    "peak_discontent[provinces]",
    "peak_discontent",
    "peak_mobilisation",
    "months_unstable",
    "peak_instability_risk",
    "consumption_drop_pct[provinces]",
    "reserves_out_month",
    "peak_inflation_pct",
)

#: Members per chunk by default: small enough to keep memory flat, big enough that the
#: per-step overhead of the NumPy engine is shared by many members.
CHUNK_SIZE = 2000

#: Kinds of executor :func:`open_executor` can build.
EXECUTORS = ("local", "dask")


# ---------------------------------------------------------------------- names


def metric_names(regions: Sequence[str] = WAR_ECONOMY.regions) -> list[str]:
    """Every valid metric name: ``name`` and, for regional metrics, ``name[region]``."""
    out = []
    for name, metric in METRICS.items():
        out.append(name)
        if metric.regional:
            out.extend(f"{name}[{r}]" for r in regions)
    return out


def split_metric(spec: str, regions: Sequence[str] = WAR_ECONOMY.regions) -> tuple[str, str | None]:
    """``"peak_discontent[provinces]"`` -> ``("peak_discontent", "provinces")``.

    Raises
    ------
    UncertaintyError
        An unknown metric or region, with the closest valid names.
    """
    valid = metric_names(regions)
    if spec not in valid:
        raise UncertaintyError(
            f"unknown metric {spec!r}{did_you_mean(spec, valid)} (metrics: "
            f"{', '.join(METRICS)}; regional ones also as name[region], regions: "
            f"{', '.join(regions)})"
        )
    if spec.endswith("]"):
        name, region = spec[:-1].split("[", 1)
        return name, region
    return spec, None


def _check_record(record: Sequence[str]) -> None:
    for name in record:
        if name not in WAR_ECONOMY.elements:
            raise UncertaintyError(
                f"cannot record unknown variable {name!r}"
                f"{did_you_mean(name, list(WAR_ECONOMY.elements))}"
            )


# ---------------------------------------------------------------------- the result


@dataclass(frozen=True)
class Ensemble:
    """What an ensemble run kept: recorded series, metrics and parameters of every member.

    Attributes
    ----------
    scenario
        Name of the scenario.
    time
        Months since the start, shape ``(T,)``.
    start
        Calendar month of ``time == 0``.
    series
        ``"variable"`` (national) or ``"variable[region]"`` -> array ``(T, n)``.
    metrics
        Metric name (``name`` or ``name[region]``) -> array ``(n,)``; NaN where undefined.
    parameters
        Varied parameters, ``name`` or ``name[region]`` -> array ``(n,)``.
    metadata
        Provenance: scenario file and hash, seed, sampler, chunk size...; with numerical
        trouble also ``failed_members`` (how many) and ``problems`` (the first
        :data:`MAX_PROBLEMS` messages, :mod:`wardilemma.engine.checks`).
    failed
        ``(n,)`` booleans: members stopped by numerical trouble (NaN, infinity, a stock
        outside its bounds). Their metrics are NaN and their series NaN from the problem
        on; bands and paired shares leave them out. None when no member failed.
    """

    scenario: str
    time: np.ndarray
    start: str
    series: Mapping[str, np.ndarray]
    metrics: Mapping[str, np.ndarray]
    parameters: Mapping[str, np.ndarray]
    metadata: Mapping[str, Any] = field(default_factory=dict)
    failed: np.ndarray | None = None

    @property
    def kept(self) -> np.ndarray | slice:
        """Index of the members that ran to the end (all of them: ``slice(None)``)."""
        if self.failed is None or not self.failed.any():
            return slice(None)
        return np.flatnonzero(~self.failed)

    @property
    def n(self) -> int:
        """Number of members."""
        for group in (self.metrics, self.series):
            for arr in group.values():
                return int(arr.shape[-1])
        return 0

    @property
    def years(self) -> np.ndarray:
        """Decimal years of the saved times (``2025.0`` is January 2025)."""
        year, month = (int(x) for x in self.start.split("-"))
        return year + (month - 1) / 12 + self.time / 12


# ---------------------------------------------------------------------- chunks


@dataclass(frozen=True)
class _Chunk:
    """One chunk of work, sent to a worker (picklable)."""

    scenario: Scenario
    parameters: Mapping[str, Any]
    record: tuple[str, ...]
    metrics: tuple[tuple[str, str | None], ...]
    months: float | None
    backend: str


def _slice(value: Any, lo: int, hi: int) -> Any:
    if isinstance(value, Mapping):
        return {k: _slice(v, lo, hi) for k, v in value.items()}
    arr = np.asarray(value)
    return arr[lo:hi] if arr.ndim >= 1 else value


#: Problem messages kept in an ensemble's metadata (the members table flags them all).
MAX_PROBLEMS = 100


def _run_chunk(chunk: _Chunk) -> ChunkResult:
    """Run one chunk: ``(time, series, metrics, failed, problems)``, arrays ``(T,)``,
    ``(T, m)`` and ``(m,)``, the chunk's failed members and their messages."""
    needs = sorted({v for name, _ in chunk.metrics for v in METRICS[name].needs})
    record = list(dict.fromkeys([*chunk.record, *needs]))
    res = simulate(chunk.scenario, parameters=chunk.parameters, months=chunk.months,
                   record=record, backend=chunk.backend, on_problem="flag")  # fmt: skip
    failed = list(res.metadata.get("failed_members", ()))
    metrics: dict[str, np.ndarray] = {}
    with np.errstate(invalid="ignore", divide="ignore"):  # failed members: NaN from the problem
        for name, region in chunk.metrics:
            values = np.array(METRICS[name].values(res, region), dtype=float)
            values[failed] = np.nan
            metrics[name if region is None else f"{name}[{region}]"] = values
    series: dict[str, np.ndarray] = {}
    for name in chunk.record:
        arr = res[name]
        if name in res.regional:
            for i, r in enumerate(res.regions):
                series[f"{name}[{r}]"] = np.ascontiguousarray(arr[:, :, i])
        else:
            series[name] = np.ascontiguousarray(arr)
    return res.time, series, metrics, failed, list(res.metadata.get("problems", ()))


def _n_members(parameters: Mapping[str, Any]) -> int:
    sizes = set()
    for value in parameters.values():
        for v in value.values() if isinstance(value, Mapping) else (value,):
            arr = np.asarray(v)
            if arr.ndim >= 1:
                sizes.add(arr.shape[0])
    if len(sizes) > 1:
        raise UncertaintyError(f"parameter arrays have different lengths: {sorted(sizes)}")
    return sizes.pop() if sizes else 1


def _flat_parameters(parameters: Mapping[str, Any], n: int) -> dict[str, np.ndarray]:
    out: dict[str, np.ndarray] = {}
    for name, value in parameters.items():
        items = value.items() if isinstance(value, Mapping) else [(None, value)]
        for region, v in items:
            key = name if region is None else f"{name}[{region}]"
            out[key] = np.broadcast_to(np.asarray(v, dtype=float), (n,)).copy()
    return out


def run_ensemble(
    scenario: Scenario,
    draws: Draws | Mapping[str, Any],
    *,
    record: Sequence[str] = DEFAULT_RECORD,
    metrics: Sequence[str] = DEFAULT_METRICS,
    executor: cf.Executor | None = None,
    chunk_size: int = CHUNK_SIZE,
    months: float | None = None,
    progress: Callable[[int, int], None] | None = None,
    backend: str | None = None,
    series_dir: str | Path | None = None,
    checkpoint: str | Path | None = None,
) -> Ensemble:
    """Run ``scenario`` for every member of ``draws`` and keep ``record`` and ``metrics``.

    Parameters
    ----------
    scenario
        The scenario every member starts from.
    draws
        :class:`~wardilemma.analysis.uncertainty.sampling.Draws` (values from the scenario's own
        ``[uncertainty]`` table), or ``parameters=`` for :func:`wardilemma.simulate`:
        ``name -> array (n,)`` or ``{region: array (n,)}`` (a sweep's grid).
    record
        Variables whose monthly values are kept (regional ones per region).
    metrics
        Metric names, ``name`` (national) or ``name[region]``.
    executor
        Any :class:`concurrent.futures.Executor` (see :func:`open_executor`); ``None`` runs
        the chunks one after another in this process.
    chunk_size
        Members per chunk. The numbers do not depend on it.
    months
        Run length (default: the scenario's).
    progress
        Called as ``progress(members, n)`` when a chunk of ``members`` finishes.
    backend
        ``"numba"``, ``"numpy"`` or ``None``/``"auto"``: the compiled kernel when numba is
        installed. It is chosen once, here, so that every chunk runs on the same backend
        (the two agree only to rounding); a worker without numba then fails loudly rather
        than returning different numbers.
    series_dir
        Stream the recorded series to ``.npy`` files in this folder, chunk by chunk, instead
        of keeping them in memory (they come back memory-mapped, read-only): for ensembles
        whose series exceed the memory budget (:mod:`~wardilemma.analysis.uncertainty.budget`).
    checkpoint
        A folder of finished chunks (:mod:`~wardilemma.analysis.uncertainty.chunks`): each
        chunk is kept there, and those already there are read instead of run (counted in
        ``metadata["resumed_members"]``), the same numbers bit for bit.

    Returns
    -------
    Ensemble
        ``series[var]`` of shape ``(T, n)``, ``metrics[name]`` and ``parameters[name]`` of
        shape ``(n,)``.
    """
    regions = scenario.region_names
    metric_specs = tuple(split_metric(m, regions) for m in dict.fromkeys(metrics))
    record = tuple(dict.fromkeys(record))
    _check_record(record)
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, int) or chunk_size < 1:
        raise UncertaintyError(f"chunk_size must be a whole number >= 1, got {chunk_size!r}")
    if isinstance(draws, Draws):
        parameters = draws.parameters(scenario)
        n = draws.n
        meta = {"seed": draws.seed, "sampler": draws.sampler}
    else:
        parameters = dict(draws)
        for name in parameters:
            if name not in WAR_ECONOMY.parameters:
                raise UncertaintyError(
                    f"unknown parameter {name!r}{did_you_mean(name, list(WAR_ECONOMY.parameters))}"
                )
            if name in scenario.schedules:
                raise UncertaintyError(
                    f"{scenario.path or scenario.name}: `{name}` follows a schedule in this "
                    "scenario, so varying its value would have no effect"
                )
        n = _n_members(parameters)
        meta = {}
    try:
        pinned = resolve_backend(backend, scenario.method)
    except ValueError as exc:
        raise UncertaintyError(str(exc)) from None
    stored = stored_chunks(checkpoint, pinned)
    bounds = chunk_bounds(n, chunk_size, stored)
    chunks = [
        _Chunk(scenario, {k: _slice(v, lo, hi) for k, v in parameters.items()}, record,
               metric_specs, months, pinned)
        for lo, hi in bounds
    ]  # fmt: skip
    series: dict[str, np.ndarray | SeriesFile] = {}
    values: dict[str, np.ndarray] = {}
    times: list[np.ndarray] = []

    failed = np.zeros(n, dtype=bool)
    problems: list[tuple[int, str]] = []

    def place(index: int, result: ChunkResult) -> None:
        lo, hi = bounds[index]
        time, chunk_series, chunk_metrics, chunk_failed, messages = result
        for m, text in zip(chunk_failed, messages, strict=True):
            failed[lo + m] = True
            problems.append((lo + m, text.replace(f" in member {m}.", f" in member {lo + m}.")))
        if not times:
            times.append(time)
        for key, arr in chunk_series.items():
            if key not in series:
                series[key] = allocate_series(series_dir, key, (arr.shape[0], n), arr.dtype)
            store = series[key]
            if isinstance(store, SeriesFile):
                store.write(lo, arr)
            else:
                store[:, lo:hi] = arr
        for key, arr in chunk_metrics.items():
            if key not in values:
                values[key] = np.empty(n, dtype=float)
            values[key][lo:hi] = arr
        if progress is not None:
            progress(hi - lo, n)

    def finished(index: int, result: ChunkResult) -> None:
        if checkpoint is not None:
            save_chunk(Path(checkpoint), bounds[index], result, pinned)
        place(index, result)

    for i in [i for i, b in enumerate(bounds) if b in stored]:
        place(i, load_chunk(stored[bounds[i]]))
    todo = [i for i, b in enumerate(bounds) if b not in stored]
    if executor is None:
        run_pipelined(todo, lambda i: _run_chunk(chunks[i]), finished)
    else:
        futures = {executor.submit(_run_chunk, chunks[i]): i for i in todo}
        try:
            for future in cf.as_completed(futures):
                finished(futures.pop(future), future.result())
        finally:
            for future in futures:
                future.cancel()
    meta.update(
        {
            "scenario_file": str(scenario.path or ""),
            "scenario_sha256": scenario.sha256,
            "members": n,
            "chunk_size": chunk_size,
            "backend": pinned,
            "resumed_members": sum(hi - lo for lo, hi in stored),
        }
    )
    if problems:
        problems.sort()
        meta["failed_members"] = len(problems)
        meta["problems"] = [text for _, text in problems[:MAX_PROBLEMS]]
    return Ensemble(
        scenario=scenario.name,
        time=times[0],
        start=scenario.start,
        series={k: v.open() if isinstance(v, SeriesFile) else v for k, v in series.items()},
        metrics=values,
        parameters=_flat_parameters(parameters, n),
        metadata=meta,
        failed=failed if problems else None,
    )


# ---------------------------------------------------------------------- executors


@contextlib.contextmanager
def open_executor(
    kind: str = "local", jobs: int | None = 1, scheduler: str | None = None
) -> Iterator[cf.Executor | None]:
    """An executor for :func:`run_ensemble`, closed on exit.

    Parameters
    ----------
    kind
        ``"local"``: ``jobs`` worker processes (``None`` when ``jobs == 1``: run inline);
        ``"dask"``: a Dask distributed client (``pip install 'wardilemma[dask]'``).
    jobs
        Local processes (default 1; ``None`` or 0: one per CPU). With ``"dask"`` and no
        ``scheduler``: workers of a local Dask cluster.
    scheduler
        With ``"dask"``: address of a running scheduler, ``"tcp://host:8786"``; every
        worker needs the same version of wardilemma installed.
    """
    if kind not in EXECUTORS:
        raise UncertaintyError(
            f"unknown executor {kind!r}{did_you_mean(kind, list(EXECUTORS))} "
            f"(choose from {', '.join(EXECUTORS)})"
        )
    workers = jobs if jobs else (os.cpu_count() or 1)
    if kind == "local":
        if scheduler is not None:
            raise UncertaintyError("--scheduler needs --executor dask")
        if workers <= 1:
            yield None
            return
        with cf.ProcessPoolExecutor(max_workers=workers) as pool:
            yield pool
        return
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise UncertaintyError(
            "--executor dask needs Dask distributed: pip install 'wardilemma[dask]'"
        ) from None
    if scheduler is not None:
        client = Client(scheduler)
        cluster = None
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=False)
        client = Client(cluster)
    try:
        yield client.get_executor()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
