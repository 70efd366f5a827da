"""The work of the ``sweep`` and ``sensitivity`` commands (``montecarlo``:
:mod:`~wardilemma.studies.montecarlo`): load, run, analyse, write every file
atomically with a JSON manifest (seed, package versions).

Each function here is what one command calls; the command only parses and prints.
What every study writes is in :mod:`~wardilemma.analysis.uncertainty.study_files`.

Files written (``OUT`` is the output directory):

* ``sweep``: ``sweep.csv`` (one row per grid point; months as ``YYYY-MM``, with the model's
  number, months since the start, in ``NAME_offset``), ``sweep.png``, ``manifest.json``.
* ``sensitivity``: ``sensitivity.csv``, ``sensitivity.png``, ``manifest.json``.

While a study (these two and ``montecarlo``) runs, each finished chunk of members is kept in
``OUT/.resume/`` with the study's key (command, seed, sampler, members, scenario hashes,
options: ``key.json``). An interrupted study leaves only that folder (its files are written
together at the end, each atomically); run again with ``resume=True`` (``--resume``) and the
same options, it reads the chunks kept there and runs the others, giving the same numbers
bit for bit. The folder is removed once the study's files are written.

Illustrative model, not a forecast.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from wardilemma import paths
from wardilemma._version import __version__
from wardilemma.analysis.uncertainty.analysis import bands, share_over_time
from wardilemma.analysis.uncertainty.budget import memory_budget as budget_bytes
from wardilemma.analysis.uncertainty.budget import plan_ensemble
from wardilemma.analysis.uncertainty.chunks import open_store
from wardilemma.analysis.uncertainty.ensemble import open_executor, run_ensemble, split_metric
from wardilemma.analysis.uncertainty.sampling import draw
from wardilemma.analysis.uncertainty.sensitivity import SensitivityResult, analyse_sensitivity
from wardilemma.analysis.uncertainty.study_files import (
    Progress,
    StudyReport,
    csv_text,
    load_scenarios,
    resumed_text,
    scenario_entry,
    write_manifest,
)
from wardilemma.analysis.uncertainty.sweep import (
    DILEMMA_AXES,
    DILEMMA_METRICS,
    Sweep,
    parse_axis,
    run_sweep,
)
from wardilemma.atomic import ensure_writable_dir, write_text
from wardilemma.figures.save import save_and_close
from wardilemma.figures.uncertainty import (
    dilemma_figure,
    fan_figure,
    sensitivity_figure,
    share_figure,
    sweep_figure,
)
from wardilemma.metrics import METRICS
from wardilemma.model import WAR_ECONOMY
from wardilemma.results import month_label
from wardilemma.scenario import Scenario
from wardilemma.scenario.schema import is_date_lever
from wardilemma.studies.montecarlo import record_keys
from wardilemma.tables import parameter_text

__all__ = ["sensitivity_study", "sweep_study", "write_docs_figures"]

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
    (sc,) = load_scenarios([scenario])
    axes = [parse_axis(p, sc) for p in params]
    runs = int(np.prod([len(a.values) for a in axes]))
    plan = plan_ensemble([sc], runs, metrics=metrics, uncertain=len(axes), chunk_size=500,
                         jobs=jobs or os.cpu_count() or 1, budget=budget_bytes(memory_budget),
                         out=out)  # fmt: skip
    for spec in metrics:  # an unknown metric is refused before OUT (and OUT/.resume) is made
        split_metric(spec, sc.region_names)
    out = ensure_writable_dir(out)
    key = {"command": "sweep", "scenario": sc.sha256, "params": [f"{a.name}={list(a.values)}"
           for a in axes], "metrics": list(metrics)}  # fmt: skip
    kept, note = open_store(out, key, resume)
    with open_executor(executor, jobs, scheduler) as ex:
        result = run_sweep(sc, axes, metrics, executor=ex, progress=progress,
                           chunk_size=plan.chunk_size, checkpoint=kept)  # fmt: skip
    notes = {"scenario": sc.name, "scenario_sha256": sc.sha256,
             "wardilemma_version": __version__}  # fmt: skip
    files = [write_text(out / "sweep.csv", _sweep_csv(result, notes, sc.start))]
    fig = dilemma_figure(result, metrics) if dilemma else sweep_figure(result, metrics, title=title)
    files.append(save_and_close(fig, out / "sweep.png", title="Sweep"))
    seconds = time.perf_counter() - t0
    manifest = {"command": "sweep", **notes, "scenario": scenario_entry(sc),
                "params": list(params), "axes": _axes_text(result, sc.start),
                "metrics": list(metrics), "runs": result.ensemble.n,
                "executor": executor, "jobs": jobs, "scheduler": scheduler,
                "total_seconds": round(seconds, 3), "files": [p.name for p in files]}  # fmt: skip
    files.append(write_manifest(out, manifest))
    shutil.rmtree(kept, ignore_errors=True)
    notes = [note or resumed_text([result.ensemble], kept), _sweep_text(result, metrics, sc)]
    return StudyReport(out, tuple(files), seconds, "\n".join(x for x in notes if x), manifest)


def _sweep_csv(sweep: Sweep, notes: Mapping[str, Any], start: str) -> str:
    """One row per grid point: the axes' values, then the metrics. A month (a month lever
    such as ``ceasefire_month``, or a month metric such as ``reserves_out_month``) is its
    calendar month ``YYYY-MM`` (``none``: never happens), as the console prints it, with the
    number the model reads, months since the scenario's start, in a column ``NAME_offset``
    next to it (fractional grid points share a calendar month but not an offset)."""
    grids = np.meshgrid(*(a.values for a in sweep.axes), indexing="ij")
    named = [(a.name, g.ravel(), _is_month_parameter(a.name))
             for a, g in zip(sweep.axes, grids, strict=True)]  # fmt: skip
    named += [(k, v.ravel(), _is_month_metric(k)) for k, v in sweep.values.items()]
    header: list[str] = []
    cols: list[list[Any]] = []
    for name, values, is_month in named:
        if is_month:
            header += [name, f"{name}_offset"]
            cols += [[_month_text(start, v) for v in values.tolist()], values.tolist()]
        else:
            header.append(name)
            cols.append(values.tolist())
    months = [n for n, _, m in named if m]
    if months:
        notes = {**notes, "start": start, "months": f"{', '.join(months)}: calendar month "
                 "YYYY-MM (none: never); NAME_offset: months since start"}  # fmt: skip
    return csv_text(header, list(zip(*cols, strict=True)), notes)


def _is_month_parameter(name: str) -> bool:
    p = WAR_ECONOMY.parameters.get(name)
    return p is not None and is_date_lever(p)


def _is_month_metric(key: str) -> bool:
    metric = METRICS.get(key.split("[")[0])
    return metric is not None and metric.kind == "month"


def _month_text(start: str, value: float) -> str:
    return month_label(start, value) if np.isfinite(value) else "none"


def _axes_text(sweep: Sweep, start: str) -> dict[str, list[Any]]:
    """Each axis's values for the manifest: month levers as ``YYYY-MM``."""
    return {a.name: [parameter_text(a.name, v, start) if _is_month_parameter(a.name) else v
                     for v in a.values.tolist()] for a in sweep.axes}  # fmt: skip


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
        low, high = (
            _month_text(scenario.start, x) if _is_month_metric(m) else f"{x:.4g}"
            for x in (np.nanmin(v), np.nanmax(v))
        )
        low, high = f"lowest {low} at {at_low}", f"highest {high} at {at_high}"
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
    (sc,) = load_scenarios([scenario])
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
    files.append(
        save_and_close(sensitivity_figure(result), out / "sensitivity.png", title="Sensitivity")
    )
    seconds = time.perf_counter() - t0
    manifest = {"command": "sensitivity", **notes, "scenario": scenario_entry(sc),
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

    docs = ensure_writable_dir(docs)
    folder = paths.scenarios_dir()
    war, peace = load_scenarios([folder / f"{s}.toml" for s in ("war_continues", "sudden_peace")])
    draws = draw([war, peace], n, seed=seed, sampler="lhs")
    a, b = (run_ensemble(sc, draws) for sc in (war, peace))
    over = [share_over_time(a, b, key) for key in record_keys(a)]
    sweep = run_sweep(peace, DILEMMA_AXES, DILEMMA_METRICS)
    figures = [
        (fan_figure([bands(a), bands(b)]), "uncertainty_fan.png", "Fan chart"),
        (share_figure(over), "peace_worse_share.png", "Worse share"),
        (dilemma_figure(sweep, DILEMMA_METRICS), "dilemma_map.png", "Dilemma map"),
    ]
    return [save_and_close(fig, docs / name, title=title) for fig, name, title in figures]
