"""Time the fit and check its coverage: log-posterior runs per second, and the recovery of
known parameters over many seeds (issue 24).

1. Runs per second of the fit's log posterior (one ensemble call of the kernel for all the
   walkers of a step) on the default scenario (history.toml when shipped), the median of
   several calls.
2. Recovery: for each seed, a synthetic record made by the model itself from known
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
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--runs", type=int, default=12_000)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--out", type=Path, default=ROOT / "out" / "benchmarks" / "fit.json")
    args = parser.parse_args(argv)
    problem = Problem(load_scenario(default_scenario(), warn=False), load_record())
    walkers = 2 * len(problem.names) + 2
    speed = {m: runs_per_second(problem, m, args.repeats) for m in (walkers, 1000)}
    for m, rate in speed.items():
        print(f"log posterior, {m:>5} members per call: {rate:,.0f} runs/s (median)")
    inside = np.array([recovery(s, args.runs) for s in range(args.seeds)])
    share = inside.mean(axis=0)
    for name, s in zip(FITTED, share, strict=True):
        print(f"recovery {name:<30} true value inside the 90 % interval in {s:.0%} of "
              f"{args.seeds} seeds")  # fmt: skip
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({
        "note": "Illustrative model, not a forecast",
        "runs_per_second": {str(m): r for m, r in speed.items()},
        "recovery": dict(zip(FITTED, share.tolist(), strict=True)),
        "seeds": args.seeds, "runs_per_fit": args.runs,
    }, indent=2) + "\n")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
