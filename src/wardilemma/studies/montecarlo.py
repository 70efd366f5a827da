"""The work of the ``montecarlo`` command: draw, run every scenario on the same draws, and
write the bands, the fan chart, the members table, the paired shares and a JSON manifest.

Files written (``OUT`` is the output directory): ``bands.csv`` (5/25/50/75/95th
percentiles of the recorded variables per scenario and month), ``fan_chart.png``,
``members.parquet`` (or ``members.csv`` without the ``data`` extra: every member's drawn
parameters and metrics, one row per scenario and member; column ``failed`` flags members
stopped by numerical trouble, whose messages go to ``problems.csv``), and for two or more
scenarios ``paired.csv`` (share of members where each scenario exceeds the first, with a
95 % Wilson interval), ``share_over_time.csv`` and ``worse_share.png``; ``manifest.json``.

Memory stays bounded whatever the number of members: the members run in chunks, each
chunk keeps only the recorded variables and the metrics (computed over the chunk's members
at once), and recorded series above
:data:`~wardilemma.analysis.uncertainty.budget.SERIES_IN_MEMORY` are streamed to disk and
read back a few months at a time. Interrupted, a study resumes from its finished chunks
(:mod:`~wardilemma.studies.uncertainty`).

Illustrative model, not a forecast.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import shutil
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

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
    split_metric,
)
from wardilemma.analysis.uncertainty.sampling import Draws
from wardilemma.analysis.uncertainty.study_files import (
    Progress,
    StudyReport,
    csv_text,
    load_scenarios,
    resumed_text,
    scenario_entry,
    write_manifest,
    write_members,
)
from wardilemma.analysis.uncertainty.worlds import draw_worlds
from wardilemma.atomic import ensure_writable_dir, write_text
from wardilemma.figures.save import save_and_close
from wardilemma.figures.uncertainty import FAN_PANELS, fan_figure, share_figure
from wardilemma.scenario import Scenario

if TYPE_CHECKING:  # pragma: no cover
    from wardilemma.analysis.fit.posterior import Posterior

__all__ = ["MonteCarloReport", "montecarlo", "record_keys"]


@dataclass(frozen=True)
class MonteCarloReport(StudyReport):
    """A Monte Carlo study: also the ensembles, bands and paired shares."""

    ensembles: tuple[Ensemble, ...] = ()
    bands: tuple[Bands, ...] = ()
    shares: tuple[Share, ...] = ()
    over_time: tuple[ShareOverTime, ...] = ()


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
    posterior: Posterior | str | Path | None = None,
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
    docstring). ``posterior``: a fit's posterior or its file; the parameters it covers
    are drawn from it (:func:`~wardilemma.analysis.uncertainty.worlds.draw_worlds`), the
    others from the priors.
    """
    t0 = time.perf_counter()
    loaded = load_scenarios(scenarios)
    if seed is None:
        seed = next((sc.seed for sc in loaded if sc.seed is not None), 0)
    plan = plan_ensemble(loaded, n, record=record, metrics=metrics, chunk_size=chunk_size,
                         jobs=jobs or os.cpu_count() or 1, budget=budget_bytes(memory_budget),
                         out=out)  # fmt: skip
    draws = draw_worlds(loaded, n, seed=seed, sampler=sampler, posterior=posterior)
    for sc in loaded:  # an unknown metric is refused before OUT (and OUT/.resume) is made
        for spec in metrics:
            split_metric(spec, sc.region_names)
    out = ensure_writable_dir(out)
    total = n * len(loaded)
    step = None if progress is None else (lambda k, _n: progress(k, total))
    spool = out / ".series" if plan.series_on_disk else None
    key = {"command": "montecarlo", "seed": seed, "sampler": sampler, "members": n,
           "scenarios": [sc.sha256 for sc in loaded], "record": list(record),
           "metrics": list(metrics)}  # fmt: skip
    if posterior is not None:  # chunks kept from other draws are not this study's
        key["posterior"] = (
            getattr(posterior, "sha256", None)
            or hashlib.sha256(Path(posterior).read_bytes()).hexdigest()
        )
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
        notes = [note or resumed_text(ensembles, kept), report.summary]
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
    files.append(
        save_and_close(fan_figure(band_list), out / "fan_chart.png", title="Uncertainty bands")
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
        files.append(
            save_and_close(share_figure(first), out / "worse_share.png", title="Worse share")
        )
    seconds = time.perf_counter() - t0
    manifest = {
        "command": "montecarlo",
        **notes,
        "scenarios": [scenario_entry(sc) for sc in loaded],
        "uncertain_parameters": list(draws.names),
        "from_posterior": sorted(getattr(draws, "posterior", {})),
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
