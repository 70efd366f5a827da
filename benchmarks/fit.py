"""Time the fit and check its coverage: one run, log-posterior runs per second, a whole fit of
100,000 runs, and the recovery of known parameters over many seeds (issue 24).

1. One run: the default scenario (history.toml when shipped) as the fit runs it (one
   member, the variables the record reads, every step saved, up to the last compared row),
   and setting it beside the record; medians of several calls.
2. Runs per second of the fit's log posterior (one ensemble call of the kernel for all the
   walkers of a step, then the record's rows read by one plan for all members), the median
   of several calls.
3. A whole fit (``run_fit``: MAP from four starts, emcee, the predictive run) of
   ``--fit-runs`` sampler runs: wall and CPU time, and its diagnostics (the issue asks a
   posterior from at least 100,000 runs in at most 2 minutes on this 2-core machine).
4. Recovery: for each seed, a synthetic record made by the model itself from known
   parameters (three parameters the record informs, drawn at random on the unit cube),
   with noise of each row's standard deviation, is fitted; counted: how often every true
   value falls inside the posterior's 90 % interval (the issue asks at least 80 % of 20
   seeds, per parameter).

Prints a table and writes ``out/benchmarks/fit.json`` (git ignores ``out/``).
Illustrative model, not a forecast.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import statistics
import time
from pathlib import Path

import numpy as np

from wardilemma import load_scenario
from wardilemma.analysis.calibration import default_scenario
from wardilemma.analysis.fit import Problem
from wardilemma.analysis.fit.study import run_fit
from wardilemma.analysis.record import Record, load_record

ROOT = Path(__file__).resolve().parents[1]
FITTED = ("investment_rate_sensitivity", "natural_unemployment", "recruitment_propensity")


def runs_per_second(problem: Problem, members: int, repeats: int) -> float:
    z = np.random.default_rng(0).standard_normal((members, len(problem.names)))
    problem.log_posterior_normal(z)  # compile and warm
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        problem.log_posterior_normal(z)
        times.append(time.perf_counter() - start)
    return members / statistics.median(times)


def one_run(problem: Problem, repeats: int) -> tuple[float, float]:
    """Median seconds of one run, and of setting it beside the record."""
    unit = np.full((1, len(problem.names)), 0.5)
    problem.run(unit)
    runs, reads = [], []
    for _ in range(repeats):
        start = time.perf_counter()
        res = problem.run(unit)
        middle = time.perf_counter()
        problem._plan.values(res)
        runs.append(middle - start)
        reads.append(time.perf_counter() - middle)
    return statistics.median(runs), statistics.median(reads)


def whole_fit(runs: int) -> dict[str, object]:
    """Wall and CPU seconds of a fit of the default scenario, and its diagnostics."""
    wall, cpu = time.perf_counter(), time.process_time()
    fit = run_fit(runs=runs, seed=0)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    d = fit.chain.diagnostics
    return {
        "sampler_runs": runs, "model_runs": fit.problem.runs, "wall_seconds": round(wall, 1),
        "cpu_seconds": round(cpu, 1), "runs_per_second_wall": round(fit.problem.runs / wall),
        "acceptance": round(d.acceptance, 3), "verdict": d.verdict,
        "tau": [round(float(d.tau.min()), 1), round(float(d.tau.max()), 1)] if d.estimated
        else None,
        "ess": [round(float(d.ess.min())), round(float(d.ess.max()))] if d.estimated else None,
    }  # fmt: skip


def recovery(seed: int, runs: int) -> np.ndarray:
    """Per fitted parameter, whether its true value is inside the 90 % interval."""
    sc = load_scenario(default_scenario(), warn=False)
    small = dataclasses.replace(sc, uncertainty={n: sc.uncertainty[n] for n in FITTED})
    problem = Problem(small, load_record())
    rng = np.random.default_rng(1000 + seed)
    truth = rng.uniform(0.1, 0.9, len(FITTED))
    model = problem.model_values(truth[None, :])[:, 0]
    rows = tuple(
        dataclasses.replace(r, value=float(m + r.uncertainty * rng.standard_normal()))
        for r, m in zip(problem.compared, model, strict=True)
        if r.bound == "estimate"
    )
    fit = run_fit(small, Record(rows, None), runs=runs, walkers=12, seed=seed)
    lo, hi = np.percentile(fit.samples, [5, 95], axis=0)
    values = fit.problem.values(truth)[0]
    return (lo <= values) & (values <= hi)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=20, help="recovery seeds (0: skip)")
    parser.add_argument("--fit-runs", type=int, default=100_000, help="a whole fit (0: skip)")
    parser.add_argument("--runs", type=int, default=12_000)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--out", type=Path, default=ROOT / "out" / "benchmarks" / "fit.json")
    args = parser.parse_args(argv)
    problem = Problem(load_scenario(default_scenario(), warn=False), load_record())
    walkers = 2 * len(problem.names) + 2
    run_s, read_s = one_run(problem, args.repeats)
    print(f"one run of {problem.scenario.name!r} ({problem.months:g} months): {run_s * 1e3:.1f} ms,"
          f" set beside {len(problem.rows)} rows: {read_s * 1e3:.1f} ms (medians)")  # fmt: skip
    speed = {m: runs_per_second(problem, m, args.repeats) for m in (walkers, 1000)}
    for m, rate in speed.items():
        print(f"log posterior, {m:>5} members per call: {rate:,.0f} runs/s (median)")
    fitted = whole_fit(args.fit_runs) if args.fit_runs else None
    if fitted is not None:
        print(f"a fit of {fitted['sampler_runs']:,} sampler runs ({fitted['model_runs']:,} model "
              f"runs): {fitted['wall_seconds']} s wall, {fitted['cpu_seconds']} s CPU; "
              f"{fitted['verdict']}")  # fmt: skip
    inside = np.array([recovery(s, args.runs) for s in range(args.seeds)])
    share = inside.mean(axis=0).tolist() if args.seeds else [None] * len(FITTED)
    for name, s in zip(FITTED, share, strict=True):
        if s is not None:
            print(f"recovery {name:<30} true value inside the 90 % interval in {s:.0%} of "
                  f"{args.seeds} seeds")  # fmt: skip
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({
        "note": "Illustrative model, not a forecast",
        "one_run_seconds": run_s, "one_run_read_seconds": read_s,
        "runs_per_second": {str(m): r for m, r in speed.items()},
        "fit": fitted,
        "recovery": dict(zip(FITTED, share, strict=True)),
        "seeds": args.seeds, "runs_per_fit": args.runs,
    }, indent=2) + "\n")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
