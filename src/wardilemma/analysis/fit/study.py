"""The ``fit`` command's work: load, find the MAP, sample, predict, and write the files.

:func:`run_fit` loads the record first (a bad record fails before any run), builds the
:class:`~wardilemma.analysis.fit.likelihood.Problem`, climbs to the MAP point and samples
the posterior around it; with ``until``, it fits the rows up to that month and predicts
the later ones (:mod:`.holdout`). :func:`write_fit_tables` writes ``posterior.parquet``
(``.csv`` without pyarrow), ``fit.json``, ``fit_widths.txt`` (posterior width over prior
width) and, out of sample, ``fit_holdout.txt`` and ``holdout.csv``; the figures
(``fit_parameters.png``, ``fit_history.png``, ``fit_holdout.png``) are drawn and written
by :func:`wardilemma.figures.fit.write_fit`. Illustrative model, not a forecast.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.util
import json
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy import special

from wardilemma import __version__, paths
from wardilemma.analysis.calibration import default_scenario
from wardilemma.analysis.fit.holdout import Holdout, predict_holdout, rows_until
from wardilemma.analysis.fit.likelihood import FitError, Problem
from wardilemma.analysis.fit.map import MapResult, map_point
from wardilemma.analysis.fit.mcmc import (
    Chain,
    ChainState,
    curvature_spread,
    load_state,
    run_chain,
    save_state,
    start_state,
    to_chain,
)
from wardilemma.analysis.record import Record, load_record
from wardilemma.analysis.uncertainty.sampling import quantiles
from wardilemma.atomic import atomic_path, ensure_writable_dir, write_text
from wardilemma.model import WAR_ECONOMY, Model
from wardilemma.results import Results
from wardilemma.scenario import Scenario, load_scenario
from wardilemma.text import ILLUSTRATIVE

__all__ = ["INFORMED", "PREDICTIVE", "Fit", "fit_summary", "run_fit", "widths", "write_fit_tables"]

#: A parameter is informed by the record when its posterior's 90 % interval is at most
#: this share of its prior's.
INFORMED = 0.8

#: Posterior members run for the posterior-predictive bands.
PREDICTIVE = 200


@dataclass(frozen=True)
class Fit:
    """A finished fit.

    Attributes
    ----------
    problem
        The scenario, the record and the rows compared.
    map
        The MAP point.
    chain
        The posterior chain after burn-in, with its diagnostics.
    seed
        Seed of the starts and of the sampler.
    seconds
        Wall time of the fit.
    predictive
        The run of :data:`PREDICTIVE` posterior members (the bands of ``fit_history.png``).
    holdout
        With ``until``: the later figures beside their predictive intervals.
    state
        The whole chain so far, to continue it (``chain.npz``, ``fit --resume``).
    stop
        Why the sampler stopped: ``"runs"`` (the runs asked for), ``"converged"`` or
        ``"budget"`` (``converge`` mode, the budget spent before convergence).
    resumed_steps
        Steps of the chain this fit continued (0 for a new chain).
    """

    problem: Problem
    map: MapResult
    chain: Chain
    seed: int
    seconds: float
    predictive: Results
    holdout: Holdout | None = None
    state: ChainState | None = None
    stop: str = "runs"
    resumed_steps: int = 0

    @property
    def samples(self) -> np.ndarray:
        """Posterior parameter values, shape (steps * walkers, d)."""
        return self.problem.values(self.chain.flat)


def model_sha256(model: Model = WAR_ECONOMY) -> str:
    """A digest of the model's mathematics: every element with its equation or initial
    value, flows, bounds, default and ranges, and the lookups' points, without its
    documentation, source or units (a reworded sentence does not invalidate a chain; a
    changed equation or default does)."""
    words = {"doc": "", "source": "", "units": "", "x_units": "", "y_units": ""}
    parts = [repr(model.regions)]
    for name in sorted(model.elements):
        el = model.elements[name]
        blank = {k: v for k, v in words.items() if hasattr(el, k)}
        parts.append(repr(dataclasses.replace(el, **blank)))
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def record_sha256(record: Record) -> str:
    """SHA-256 of the record file (of its rows when it was given in memory)."""
    if record.path is not None and Path(record.path).is_file():
        return hashlib.sha256(Path(record.path).read_bytes()).hexdigest()
    return hashlib.sha256(repr(record.rows).encode()).hexdigest()


def run_fit(
    scenario: Any = None,
    record: str | Path | Record | None = None,
    *,
    runs: int = 100_000,
    walkers: int | None = None,
    seed: int = 0,
    likelihood: str = "gaussian",
    starts: int = 4,
    progress: Callable[[int, int], None] | None = None,
    until: str | None = None,
    resume: ChainState | str | Path | None = None,
    converge: bool = False,
    max_runs: int = 2_000_000,
    checkpoint: Callable[[ChainState], None] | None = None,
) -> Fit:
    """Fit ``scenario``'s ``[uncertainty]`` parameters to ``record``.

    Parameters
    ----------
    scenario
        A scenario file or :class:`~wardilemma.scenario.Scenario` (default: the shipped
        ``history.toml``, else ``war_continues.toml``).
    record
        A record file or :class:`~wardilemma.analysis.record.Record` (default: the
        shipped ``data/record.csv``).
    runs
        Model runs of the sampler (walkers x steps).
    walkers
        Walkers of the ensemble (default: twice the parameters plus two, even).
    seed, likelihood, starts
        Seed; ``gaussian`` or ``student-t``; starts of the MAP search.
    progress
        ``progress(advance, total)`` after each sampler step.
    until
        ``YYYY-MM``: fit only the rows whose period ends by then, and predict the later
        figures of :data:`~wardilemma.analysis.fit.holdout.HOLDOUT_SERIES`.
    resume
        A chain saved by an earlier fit of the same scenario, record, likelihood and
        ``until`` (its ``chain.npz``, or the folder holding it): no new MAP search; the
        chain goes on for ``runs`` more runs exactly as one uninterrupted run would.
    converge, max_runs, checkpoint
        As :func:`~wardilemma.analysis.fit.mcmc.run_chain`: after ``runs``, go on until the
        chain has converged or ``max_runs`` sampler runs (of this call) are spent
        (:attr:`Fit.stop` says which); ``checkpoint(state)`` after every piece of steps.
    """
    loaded = record if isinstance(record, Record) else load_record(record)
    sc = scenario if isinstance(scenario, Scenario) else load_scenario(
        scenario or default_scenario(), warn=False
    )  # fmt: skip
    clock = time.perf_counter()
    problem = Problem(sc, loaded if until is None else rows_until(loaded, until), likelihood)
    d = len(problem.names)
    meta = {"names": list(problem.names), "model_sha256": model_sha256(),
            "scenario_sha256": sc.sha256,
            "record_sha256": record_sha256(problem.record), "likelihood": likelihood,
            "until": until, "seed": seed}  # fmt: skip
    if resume is not None:
        state = resume if isinstance(resume, ChainState) else load_state(chain_file(resume))
        _check_resume(state, meta, walkers)
        walkers, seed = state.walkers, int(state.meta["seed"])  # the chain's own seed
        saved = state.meta["map"]
        best = MapResult(np.asarray(saved["unit"], dtype=float), float(saved["log_posterior"]),
                         tuple(saved["starts"]))  # fmt: skip
    else:
        walkers = walkers or 2 * d + 2
        best = map_point(problem.log_posterior, d, starts=starts, seed=seed)
        # the sampler moves in the normal space of the cube (no faces to fall off), from a
        # ball as wide as the posterior's curvature at the MAP
        start = special.ndtri(best.unit)
        spread = curvature_spread(problem.log_posterior_normal, start)
        state = start_state(start, walkers=walkers, seed=seed, spread=spread)
        meta["map"] = {"unit": best.unit.tolist(), "log_posterior": best.log_posterior,
                       "starts": list(best.starts)}  # fmt: skip
        state = dataclasses.replace(state, meta=meta)
    resumed = state.steps
    steps = max(runs // walkers, 4 if resumed == 0 else 0)
    budget = max(max_runs // walkers, steps) if converge else steps
    state, stop = run_chain(
        problem.log_posterior_normal, state, steps, budget=budget, converge=converge,
        progress=progress, checkpoint=checkpoint,
    )  # fmt: skip
    chain = to_chain(state, special.ndtr)
    flat = chain.flat
    pick = np.linspace(0, len(flat) - 1, min(PREDICTIVE, len(flat))).round().astype(int)
    predictive = problem.run(flat[pick])
    held = None if until is None else predict_holdout(problem, flat, loaded, until, seed=seed)
    return Fit(problem, best, chain, seed, time.perf_counter() - clock, predictive, held,
               state, stop, resumed)  # fmt: skip


#: The file of a fit's whole chain in its folder (``fit --resume DIR``).
CHAIN_FILE = "chain.npz"


def chain_file(path: str | Path) -> Path:
    """``path`` itself, or its :data:`CHAIN_FILE` when it is a folder."""
    path = Path(path)
    return path / CHAIN_FILE if path.is_dir() else path


def _check_resume(state: ChainState, meta: dict[str, Any], walkers: int | None) -> None:
    """A chain is continued only by the fit it belongs to."""
    for key, value in meta.items():
        if key != "seed" and state.meta.get(key) != value:
            what = key.replace("_sha256", "").replace("_", " ")
            raise FitError(
                f"the chain to resume belongs to another fit: its {what} differs "
                f"({state.meta.get(key)!r} there, {value!r} here)"
            )
    if walkers is not None and walkers != state.walkers:
        raise FitError(f"the chain to resume has {state.walkers} walkers, not {walkers}")


def widths(fit: Fit) -> list[tuple[str, float, float, float]]:
    """Per parameter ``(name, prior 90 % width, posterior 90 % width, ratio)``, the most
    informed first."""
    samples = fit.samples
    out = []
    for j, name in enumerate(fit.problem.names):
        lo, hi = quantiles(fit.problem.scenario.uncertainty[name], np.array([0.05, 0.95]))
        post = np.percentile(samples[:, j], [5, 95])
        prior_w, post_w = float(hi - lo), float(post[1] - post[0])
        out.append((name, prior_w, post_w, post_w / prior_w if prior_w > 0 else math.nan))
    return sorted(out, key=lambda t: t[3])


def _widths_text(fit: Fit) -> str:
    lines = [
        ILLUSTRATIVE.upper(),
        "",
        "How much the record informs each parameter: the posterior's 90 % interval over the "
        f"prior's (at most {INFORMED:g}: informed).",
        "",
        f"{'parameter':<36} {'prior width':>14} {'posterior width':>16} {'ratio':>7}",
    ]
    for name, prior_w, post_w, ratio in widths(fit):
        mark = "  informed" if ratio <= INFORMED else ""
        lines.append(f"{name:<36} {prior_w:>14.4g} {post_w:>16.4g} {ratio:>7.2f}{mark}")
    lines += ["", fit.chain.diagnostics.verdict]
    return "\n".join(lines) + "\n"


def _fit_json(fit: Fit) -> dict[str, Any]:
    p = fit.problem
    map_values = p.values(fit.map.unit)[0]
    return {
        "note": ILLUSTRATIVE,
        "scenario": p.scenario.name,
        "scenario_file": paths.shown_path(p.scenario.path),
        "scenario_sha256": p.scenario.sha256,
        "record": str(p.record.path or ""),
        "record_sha256": record_sha256(p.record),
        "package_version": __version__,
        "seed": fit.seed,
        "likelihood": p.likelihood,
        "rows": [r.id for r in p.compared],
        "rows_left_out": dict(p.left_out),
        "months_simulated": p.months,
        "runs": p.runs,
        "seconds": round(fit.seconds, 3),
        "map": {
            "log_posterior": fit.map.log_posterior,
            "starts": list(fit.map.starts),
            "parameters": dict(zip(p.names, map_values.tolist(), strict=True)),
        },
        "burn_in_steps": fit.chain.burn,
        "chain_steps": fit.chain.burn + fit.chain.unit.shape[0],
        "resumed_from_steps": fit.resumed_steps,
        "stopped": fit.stop,
        "diagnostics": fit.chain.diagnostics.to_dict(p.names),
        "widths": {
            name: {"prior_90": a, "posterior_90": b, "ratio": r} for name, a, b, r in widths(fit)
        },
        "holdout": None if fit.holdout is None else fit.holdout.to_dict(),
    }


def _write_posterior(fit: Fit, out: Path) -> Path:
    """One row per kept sample: step, walker, log posterior and the parameter values."""
    steps, walkers, _ = fit.chain.unit.shape
    columns: dict[str, np.ndarray] = {
        "step": np.repeat(np.arange(steps) + fit.chain.burn, walkers),
        "walker": np.tile(np.arange(walkers), steps),
        "log_posterior": fit.chain.log_posterior.reshape(-1),
    }
    samples = fit.samples
    columns.update({name: samples[:, j] for j, name in enumerate(fit.problem.names)})
    if importlib.util.find_spec("pyarrow"):
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.table(columns).replace_schema_metadata({"note": ILLUSTRATIVE})
        target = out / "posterior.parquet"
        with atomic_path(target) as tmp:
            pq.write_table(table, tmp)
        return target
    target = out / "posterior.csv"
    with atomic_path(target) as tmp, tmp.open("w", encoding="utf-8", newline="") as fh:
        fh.write(f"# {ILLUSTRATIVE}\n" + ",".join(columns) + "\n")
        fmt = "%d,%d" + ",%.17g" * (len(columns) - 2)
        np.savetxt(fh, np.column_stack(list(columns.values())), fmt=fmt)
    return target


def write_fit_tables(fit: Fit, out_dir: str | Path) -> dict[str, Path]:
    """Write the fit's tables into ``out_dir`` (each atomically): the posterior samples,
    the chain (when kept), ``fit.json``, ``fit_widths.txt`` and, out of sample,
    ``fit_holdout.txt`` and ``holdout.csv``; returns ``kind -> path``.
    :func:`wardilemma.figures.fit.write_fit` adds the figures."""
    out = ensure_writable_dir(out_dir)
    paths = {
        "posterior": _write_posterior(fit, out),
        **({} if fit.state is None else {"chain": save_state(fit.state, out / CHAIN_FILE)}),
        "json": write_text(out / "fit.json", json.dumps(_fit_json(fit), indent=2) + "\n"),
        "widths": write_text(out / "fit_widths.txt", _widths_text(fit)),
    }
    if fit.holdout is not None:
        paths["holdout_table"] = write_text(out / "fit_holdout.txt", fit.holdout.table())
        paths["holdout_csv"] = write_text(out / "holdout.csv", fit.holdout.csv_text())
    return paths


def fit_summary(fit: Fit) -> str:
    """What a reader sees after the fit: rows, MAP, diagnostics, informed parameters."""
    d = fit.chain.diagnostics
    informed = [(n, r) for n, _, _, r in widths(fit) if r <= INFORMED]
    lines = [
        ILLUSTRATIVE.upper(),
        f"Fitted {len(fit.problem.names)} parameters of {fit.problem.scenario.name!r} to "
        f"{len(fit.problem.rows)} rows of the record ({fit.problem.likelihood} likelihood; "
        f"{len(fit.problem.left_out)} rows left out, outside the run or not modelled: "
        "fit.json); "
        f"{fit.problem.runs} model runs in {fit.seconds:.1f} s.",
        f"MAP log posterior {fit.map.log_posterior:.2f} (starts reached: "
        + ", ".join(f"{v:.1f}" for v in fit.map.starts) + ").",
        f"Acceptance {d.acceptance:.2f}; "
        + (f"autocorrelation time {d.tau.min():.0f}-{d.tau.max():.0f} steps; effective "
           f"sample size {d.ess.min():.0f}-{d.ess.max():.0f}." if d.estimated else
           "autocorrelation time and effective sample size not estimable."),
        d.verdict + ".",
        *_stop_lines(fit),
        *([] if fit.holdout is None else [fit.holdout.sentence]),
        "Parameters the record informs (posterior / prior 90 % width"
        + ("" if d.converged else "; from a chain that has NOT converged, so provisional")
        + "): " + (", ".join(f"{n} {r:.2f}" for n, r in informed) or "none"),
    ]  # fmt: skip
    return "\n".join(lines)


def _stop_lines(fit: Fit) -> list[str]:
    """Where the chain came from and why it stopped (a resumed or a ``converge`` run)."""
    steps, walkers = fit.chain.burn + fit.chain.unit.shape[0], fit.chain.unit.shape[1]
    lines = []
    if fit.resumed_steps:
        lines.append(f"Continued a chain of {fit.resumed_steps} steps to {steps} steps "
                     f"({walkers} walkers).")  # fmt: skip
    if fit.stop == "converged":
        lines.append(f"Stopped: converged after {steps} steps ({steps * walkers} sampler runs).")
    elif fit.stop == "budget":
        lines.append(f"Stopped: the budget of sampler runs was spent at {steps} steps "
                     f"({steps * walkers} runs) before the chain converged (NOT converged); "
                     "continue with --resume.")  # fmt: skip
    return lines
