"""The work of the ``montecarlo``, ``sweep`` and ``sensitivity`` commands: load, run, analyse,
write every file atomically with a JSON manifest (seed, sampler, package versions).

Each function here is what one command calls; the command only parses and prints.
What every study writes is in :mod:`~wardilemma.analysis.uncertainty.study_files`.

Files written (``OUT`` is the output directory):

* ``montecarlo``: ``bands.csv`` (5/25/50/75/95th percentiles of the recorded variables per
  scenario and month), ``fan_chart.png``, ``members.parquet`` (or ``members.csv`` without the
  ``data`` extra: every member's drawn parameters and metrics, one row per scenario and
  member; column ``failed`` flags members stopped by numerical trouble, whose messages go to
  ``problems.csv``), and for two or more scenarios ``paired.csv`` (share of members where each
  scenario exceeds the first, with a 95 % Wilson interval), ``share_over_time.csv`` and
  ``worse_share.png``; ``manifest.json``.
* ``sweep``: ``sweep.csv`` (one row per grid point), ``sweep.png``, ``manifest.json``.
* ``sensitivity``: ``sensitivity.csv``, ``sensitivity.png``, ``manifest.json``.

While a study runs, each finished chunk of members is kept in ``OUT/.resume/`` with the
study's key (command, seed, sampler, members, scenario hashes, options: ``key.json``). An
interrupted study leaves only that folder (its files are written together at the end, each
atomically); run again with ``resume=True`` (``--resume``) and the same options, it reads
the chunks kept there and runs the others, giving the same numbers bit for bit. The folder
is removed once the study's files are written.

Illustrative model, not a forecast.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from wardilemma import paths
from wardilemma._version import __version__
from wardilemma.analysis.uncertainty.analysis import (
    PAIRED_METRICS,
    Bands,
    Share,
    ShareOverTime,
    bands,
    paired_shares,
    share_over_time,
)
from wardilemma.analysis.uncertainty.budget import MAX_CHUNK, Plan, plan_ensemble
from wardilemma.analysis.uncertainty.budget import memory_budget as budget_bytes
from wardilemma.analysis.uncertainty.chunks import open_store
from wardilemma.analysis.uncertainty.ensemble import (
    DEFAULT_METRICS,
    DEFAULT_RECORD,
    Ensemble,
    open_executor,
    run_ensemble,
)
from wardilemma.analysis.uncertainty.sampling import Draws, draw
from wardilemma.analysis.uncertainty.sensitivity import SensitivityResult, analyse_sensitivity
from wardilemma.analysis.uncertainty.study_files import (
    csv_text,
    save_study_figure,
    write_manifest,
    write_members,
)
from wardilemma.analysis.uncertainty.sweep import Sweep, run_sweep
from wardilemma.atomic import ensure_writable_dir, write_text
from wardilemma.scenario import Scenario, load_scenario
from wardilemma.tables import parameter_text

__all__ = [
    "MonteCarloReport",
    "StudyReport",
    "montecarlo",
    "sensitivity_study",
    "sweep_study",
    "write_docs_figures",
]

#: ``progress(members_done, members_in_total)``, called as chunks finish.
Progress = Callable[[int, int], None]


def _load(scenarios: Sequence[str | Path | Scenario]) -> list[Scenario]:
    return [s if isinstance(s, Scenario) else load_scenario(s, warn=False) for s in scenarios]


def _scenario_entry(sc: Scenario) -> dict[str, str]:
    return {"name": sc.name, "file": str(sc.path or ""), "sha256": sc.sha256}


def _resumed_text(ensembles: Sequence[Ensemble], folder: Path) -> str:
    """``"resumed: 60,000 of 200,000 members read from OUT/.resume"``, or nothing."""
    done = sum(int(e.metadata.get("resumed_members", 0)) for e in ensembles)
    total = sum(e.n for e in ensembles)
    return f"resumed: {done:,} of {total:,} members read from {folder}" if done else ""


@dataclass(frozen=True)
class StudyReport:
    """What a study wrote and how long it took; ``summary`` is a printable table."""

    out: Path
    files: tuple[Path, ...]
    seconds: float
    summary: str = ""
    manifest: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class MonteCarloReport(StudyReport):
    """A Monte Carlo study: also the ensembles, bands and paired shares."""

    ensembles: tuple[Ensemble, ...] = ()
    bands: tuple[Bands, ...] = ()
    shares: tuple[Share, ...] = ()
    over_time: tuple[ShareOverTime, ...] = ()


# ---------------------------------------------------------------------- montecarlo


def montecarlo(
    scenarios: Sequence[str | Path | Scenario],
    n: int,
    *,
    seed: int | None = None,
    sampler: str = "random",
    out: str | Path = "out/montecarlo",
    executor: str = "local",
    jobs: int | None = 1,
    scheduler: str | None = None,
    record: Sequence[str] = DEFAULT_RECORD,
    metrics: Sequence[str] = DEFAULT_METRICS,
    chunk_size: int | None = None,
    progress: Progress | None = None,
    memory_budget: str | int | None = None,
    resume: bool = False,
) -> MonteCarloReport:
    """Monte Carlo over the scenarios' ``[uncertainty]`` with common random numbers; write
    bands, the fan chart, the members table, the paired shares and a manifest.

    ``seed`` defaults to the first scenario's ``[simulation] seed``, else 0. The first
    scenario is the reference of the paired comparisons ("B exceeds A" for each later B).
    Memory is planned first (:func:`~wardilemma.analysis.uncertainty.budget.plan_ensemble`, within
    ``memory_budget``): the chunk size follows the budget (at most ``chunk_size``), the
    recorded series are streamed to disk when they do not fit, and a request that cannot
    fit even so is refused before anything is drawn (:class:`MemoryBudgetError`).
    ``resume`` reads the chunks an interrupted run of the same study kept (module
    docstring).
    """
    t0 = time.perf_counter()
    loaded = _load(scenarios)
    if seed is None:
        seed = next((sc.seed for sc in loaded if sc.seed is not None), 0)
    plan = plan_ensemble(loaded, n, record=record, metrics=metrics, chunk_size=chunk_size,
                         jobs=jobs or os.cpu_count() or 1, budget=budget_bytes(memory_budget),
                         out=out)  # fmt: skip
    draws = draw(loaded, n, seed=seed, sampler=sampler)
    out = ensure_writable_dir(out)
    total = n * len(loaded)
    step = None if progress is None else (lambda k, _n: progress(k, total))
    spool = out / ".series" if plan.series_on_disk else None
    key = {"command": "montecarlo", "seed": seed, "sampler": sampler, "members": n,
           "scenarios": [sc.sha256 for sc in loaded], "record": list(record),
           "metrics": list(metrics)}  # fmt: skip
    kept, note = open_store(out, key, resume)
    try:
        with open_executor(executor, jobs, scheduler) as ex:
            ensembles = [
                run_ensemble(sc, draws, record=record, metrics=metrics, executor=ex,
                             chunk_size=plan.chunk_size, progress=step,
                             series_dir=None if spool is None else spool / str(i),
                             checkpoint=kept / str(i))
                for i, sc in enumerate(loaded)
            ]  # fmt: skip
        report = _montecarlo_outputs(loaded, draws, ensembles, plan, out, t0, seed=seed,
                                     sampler=sampler, n=n, record=record, metrics=metrics,
                                     executor=executor, jobs=jobs, scheduler=scheduler)  # fmt: skip
        shutil.rmtree(kept, ignore_errors=True)
        notes = [note or _resumed_text(ensembles, kept), report.summary]
        return dataclasses.replace(report, summary="\n".join(x for x in notes if x))
    finally:
        if spool is not None:  # memory-mapped series stay readable until released
            shutil.rmtree(spool, ignore_errors=True)


def _montecarlo_outputs(
    loaded: Sequence[Scenario],
    draws: Draws,
    ensembles: Sequence[Ensemble],
    plan: Plan,
    out: Path,
    t0: float,
    *,
    seed: int,
    sampler: str,
    n: int,
    record: Sequence[str],
    metrics: Sequence[str],
    executor: str,
    jobs: int | None,
    scheduler: str | None,
) -> MonteCarloReport:
    """Bands, figures, members table, paired shares and manifest of a Monte Carlo study."""
    run_seconds = time.perf_counter() - t0
    notes = {
        "seed": seed,
        "sampler": sampler,
        "members": n,
        "scenarios": [sc.name for sc in loaded],
        "wardilemma_version": __version__,
    }
    files: list[Path] = []
    band_list = [bands(e) for e in ensembles]
    header = [
        "scenario",
        "variable",
        "month",
        "date",
        *(f"p{q:g}" for q in band_list[0].percentiles),
    ]
    rows = [row for b in band_list for row in b.rows()]
    files.append(write_text(out / "bands.csv", csv_text(header, rows, notes)))
    from wardilemma.figures.uncertainty import fan_figure, share_figure

    files.append(
        save_study_figure(fan_figure(band_list), out / "fan_chart.png", "Uncertainty bands")
    )
    files.append(write_members(out / "members", ensembles, notes))
    failures = [(e.scenario, e.metadata["failed_members"], text) for e in ensembles
                for text in e.metadata.get("problems", ())]  # fmt: skip
    if failures:
        header = ["scenario", "members_failed", "problem"]
        files.append(write_text(out / "problems.csv", csv_text(header, failures, notes)))
    shares: list[Share] = []
    over: list[ShareOverTime] = []
    reference = ensembles[0]
    paired_metrics = [m for m in PAIRED_METRICS if m in reference.metrics]
    for other in ensembles[1:]:
        shares += paired_shares(reference, other, paired_metrics)
        over += [share_over_time(reference, other, v) for v in record_keys(reference)]
    if shares:
        header = ["reference", "other", "metric", "members_other_higher", "ties", "members",
                  "share", "low95", "high95"]  # fmt: skip
        rows = [[s.reference, s.other, s.metric, s.count, s.ties, s.n, s.share, s.low, s.high]
                for s in shares]  # fmt: skip
        files.append(write_text(out / "paired.csv", csv_text(header, rows, notes)))
    if over:
        header = ["reference", "other", "variable", "month", "share", "low95", "high95"]
        rows = [[s.reference, s.other, s.variable, f"{t:g}", a, lo, hi] for s in over
                for t, a, lo, hi in zip(s.time, s.share, s.low, s.high, strict=True)]  # fmt: skip
        files.append(write_text(out / "share_over_time.csv", csv_text(header, rows, notes)))
        first = [s for s in over if s.other == over[0].other]
        files.append(save_study_figure(share_figure(first), out / "worse_share.png", "Worse share"))
    seconds = time.perf_counter() - t0
    manifest = {
        "command": "montecarlo",
        **notes,
        "scenarios": [_scenario_entry(sc) for sc in loaded],
        "uncertain_parameters": list(draws.names),
        "record": list(record),
        "metrics": list(metrics),
        "executor": executor,
        "jobs": jobs,
        "scheduler": scheduler,
        "chunk_size": plan.chunk_size,
        "memory": plan.as_dict(),
        "backend": ensembles[0].metadata.get("backend"),
        "failed_members": {e.scenario: e.metadata.get("failed_members", 0) for e in ensembles},
        "run_seconds": round(run_seconds, 3),
        "total_seconds": round(seconds, 3),
        "files": [p.name for p in files],
    }
    files.append(write_manifest(out, manifest))
    planned = (
        [plan.describe()] if plan.series_on_disk or plan.chunk_size < min(MAX_CHUNK, n) else []
    )
    summary = "\n".join([*planned, *_failures_text(ensembles), _shares_text(shares)]).strip()
    return MonteCarloReport(
        out, tuple(files), seconds, summary, manifest,
        tuple(ensembles), tuple(band_list), tuple(shares), tuple(over),
    )  # fmt: skip


def record_keys(ensemble: Ensemble) -> list[str]:
    """Recorded series compared month by month: the fan chart's, when recorded."""
    from wardilemma.figures.uncertainty import FAN_PANELS

    keys = [k for k in FAN_PANELS if k in ensemble.series]
    return keys or list(ensemble.series)


def _failures_text(ensembles: Sequence[Ensemble]) -> list[str]:
    """One line per scenario with members stopped by numerical trouble, and the first
    problem's message."""
    lines = []
    for e in ensembles:
        if e.failed is not None:
            lines.append(
                f"{e.scenario}: {int(e.failed.sum()):,} of {e.n:,} members stopped by numerical "
                f"trouble, left out of the bands and shares (column failed of the members "
                f"table; problems.csv). First: {e.metadata['problems'][0]}"
            )
    return lines


def _shares_text(shares: Sequence[Share]) -> str:
    if not shares:
        return ""
    width = max(len(s.metric) for s in shares)
    lines = []
    for pair in dict.fromkeys((s.reference, s.other) for s in shares):
        lines.append(f"Share of members where {pair[1]} is higher than {pair[0]}:")
        for s in shares:
            if (s.reference, s.other) == pair:
                lines.append(
                    f"  {s.metric:<{width}}  {s.share:>7.2%}  (95 % interval {s.low:.2%} to "
                    f"{s.high:.2%}; {s.count:,} of {s.n:,})"
                )
    return "\n".join(lines)


# ---------------------------------------------------------------------- sweep


def sweep_study(
    scenario: str | Path | Scenario,
    params: Sequence[str],
    metrics: Sequence[str],
    *,
    out: str | Path = "out/sweep",
    executor: str = "local",
    jobs: int | None = 1,
    scheduler: str | None = None,
    progress: Progress | None = None,
    title: str | None = None,
    dilemma: bool = False,
    memory_budget: str | int | None = None,
    resume: bool = False,
) -> StudyReport:
    """Run a grid sweep and write ``sweep.csv``, ``sweep.png`` and ``manifest.json``; the
    chunk size follows the memory budget, as for :func:`montecarlo`; ``resume`` reads the
    chunks an interrupted run of the same sweep kept."""
    t0 = time.perf_counter()
    (sc,) = _load([scenario])
    from wardilemma.analysis.uncertainty.sweep import parse_axis

    axes = [parse_axis(p, sc) for p in params]
    runs = int(np.prod([len(a.values) for a in axes]))
    plan = plan_ensemble([sc], runs, metrics=metrics, uncertain=len(axes), chunk_size=500,
                         jobs=jobs or os.cpu_count() or 1, budget=budget_bytes(memory_budget),
                         out=out)  # fmt: skip
    out = ensure_writable_dir(out)
    key = {"command": "sweep", "scenario": sc.sha256, "params": [f"{a.name}={list(a.values)}"
           for a in axes], "metrics": list(metrics)}  # fmt: skip
    kept, note = open_store(out, key, resume)
    with open_executor(executor, jobs, scheduler) as ex:
        result = run_sweep(sc, axes, metrics, executor=ex, progress=progress,
                           chunk_size=plan.chunk_size, checkpoint=kept)  # fmt: skip
    notes = {"scenario": sc.name, "scenario_sha256": sc.sha256,
             "wardilemma_version": __version__}  # fmt: skip
    files = [write_text(out / "sweep.csv", _sweep_csv(result, notes))]
    from wardilemma.figures.uncertainty import dilemma_figure, sweep_figure

    fig = dilemma_figure(result, metrics) if dilemma else sweep_figure(result, metrics, title=title)
    files.append(save_study_figure(fig, out / "sweep.png", "Sweep"))
    seconds = time.perf_counter() - t0
    manifest = {"command": "sweep", **notes, "scenario": _scenario_entry(sc),
                "params": list(params), "metrics": list(metrics), "runs": result.ensemble.n,
                "executor": executor, "jobs": jobs, "scheduler": scheduler,
                "total_seconds": round(seconds, 3), "files": [p.name for p in files]}  # fmt: skip
    files.append(write_manifest(out, manifest))
    shutil.rmtree(kept, ignore_errors=True)
    notes = [note or _resumed_text([result.ensemble], kept), _sweep_text(result, metrics, sc)]
    return StudyReport(out, tuple(files), seconds, "\n".join(x for x in notes if x), manifest)


def _sweep_csv(sweep: Sweep, notes: Mapping[str, Any]) -> str:
    grids = np.meshgrid(*(a.values for a in sweep.axes), indexing="ij")
    keys = list(sweep.values)
    cols = [g.ravel() for g in grids] + [sweep.values[k].ravel() for k in keys]
    rows = np.column_stack(cols).tolist()
    return csv_text([a.name for a in sweep.axes] + keys, rows, notes)


def _grid_point(sweep: Sweep, flat_index: int, start: str) -> str:
    """``"ceasefire_month=2029-08, replacement_stimulus=4"``: month levers as dates."""
    idx = np.unravel_index(flat_index, sweep.values[next(iter(sweep.values))].shape)
    return ", ".join(f"{a.name}={parameter_text(a.name, float(a.values[i]), start)}"
                     for a, i in zip(sweep.axes, idx, strict=True))  # fmt: skip


def _sweep_text(sweep: Sweep, metrics: Sequence[str], scenario: Scenario) -> str:
    lines = []
    for m in metrics:
        v = sweep.values[m]
        if not np.isfinite(v).any():
            lines.append(f"{m}: never happens on this grid")
            continue
        at_low = _grid_point(sweep, int(np.nanargmin(v)), scenario.start)
        at_high = _grid_point(sweep, int(np.nanargmax(v)), scenario.start)
        low = f"lowest {np.nanmin(v):.4g} at {at_low}"
        high = f"highest {np.nanmax(v):.4g} at {at_high}"
        lines.append(f"{m}: {low}; {high}")
    return "\n".join(lines)


# ---------------------------------------------------------------------- sensitivity


def sensitivity_study(
    scenario: str | Path | Scenario,
    metric: str = "peak_discontent[provinces]",
    *,
    n: int = 256,
    method: str = "sobol",
    seed: int = 0,
    out: str | Path = "out/sensitivity",
    executor: str = "local",
    jobs: int | None = 1,
    scheduler: str | None = None,
    progress: Progress | None = None,
    resume: bool = False,
) -> StudyReport:
    """Sobol' or Morris indices; write ``sensitivity.csv``, ``sensitivity.png``, manifest;
    ``resume`` reads the chunks an interrupted run of the same study kept."""
    t0 = time.perf_counter()
    (sc,) = _load([scenario])
    out = ensure_writable_dir(out)
    key = {"command": "sensitivity", "scenario": sc.sha256, "metric": metric, "n": n,
           "method": method, "seed": seed}  # fmt: skip
    kept, note = open_store(out, key, resume)
    with open_executor(executor, jobs, scheduler) as ex:
        result = analyse_sensitivity(sc, metric, n=n, method=method, seed=seed, executor=ex,
                                     progress=progress, checkpoint=kept)  # fmt: skip
    notes = {"scenario": sc.name, "scenario_sha256": sc.sha256, "metric": metric,
             "method": method, "n": n, "runs": result.runs, "seed": seed}  # fmt: skip
    header = ["parameter", *result.indices]
    files = [write_text(out / "sensitivity.csv", csv_text(header, result.rows(), notes))]
    from wardilemma.figures.uncertainty import sensitivity_figure

    files.append(
        save_study_figure(sensitivity_figure(result), out / "sensitivity.png", "Sensitivity")
    )
    seconds = time.perf_counter() - t0
    manifest = {"command": "sensitivity", **notes, "scenario": _scenario_entry(sc),
                "executor": executor, "jobs": jobs, "total_seconds": round(seconds, 3),
                "files": [p.name for p in files]}  # fmt: skip
    files.append(write_manifest(out, manifest))
    shutil.rmtree(kept, ignore_errors=True)
    notes = [note, _sensitivity_text(result)]
    return StudyReport(out, tuple(files), seconds, "\n".join(x for x in notes if x), manifest)


def _sensitivity_text(result: SensitivityResult) -> str:
    cols = list(result.indices)
    lines = [f"{'parameter':<26}" + "".join(f"{c:>14}" for c in cols)]
    for row in result.rows():
        lines.append(f"{row[0]:<26}" + "".join(f"{v:>14.4f}" for v in row[1:]))
    return "\n".join(lines)


# ---------------------------------------------------------------------- docs figures


def write_docs_figures(docs: str | Path, *, n: int = 2000, seed: int = 1) -> list[Path]:
    """The README's uncertainty figures (``make docs``): the fan chart and the month-by-month
    "peace is worse" share of war continues against sudden peace (``n`` members, LHS
    draws), and the dilemma map (:data:`~wardilemma.analysis.uncertainty.sweep.DILEMMA_AXES`)."""
    from wardilemma.analysis.uncertainty.sweep import DILEMMA_AXES, DILEMMA_METRICS
    from wardilemma.figures.uncertainty import dilemma_figure, fan_figure, share_figure

    docs = ensure_writable_dir(docs)
    folder = paths.scenarios_dir()
    war, peace = _load([folder / f"{s}.toml" for s in ("war_continues", "sudden_peace")])
    draws = draw([war, peace], n, seed=seed, sampler="lhs")
    a, b = (run_ensemble(sc, draws) for sc in (war, peace))
    written = [
        save_study_figure(
            fan_figure([bands(a), bands(b)]), docs / "uncertainty_fan.png", "Fan chart"
        )
    ]
    over = [share_over_time(a, b, key) for key in record_keys(a)]
    written.append(
        save_study_figure(share_figure(over), docs / "peace_worse_share.png", "Worse share")
    )
    sweep = run_sweep(peace, DILEMMA_AXES, DILEMMA_METRICS)
    written.append(
        save_study_figure(
            dilemma_figure(sweep, DILEMMA_METRICS), docs / "dilemma_map.png", "Dilemma map"
        )
    )
    return written
