"""Calibrate the model's unsourced parameters to the record, within their declared ranges.

The parameters of :data:`CALIBRATED` have no public figure of their own (their ``source``
says "assumption" or "calibrated", or gives only a range); every other parameter keeps its
cited value. They are chosen together, inside their ``uncertain`` range where one is
declared (else their ``plausible`` range), to bring the history (``scenarios/history.toml``)
near as many rows of ``data/record.csv`` as possible: each compared row adds a bounded score,
1 within its tolerance (two standard deviations), falling smoothly to 0 beyond it
(``1 / (1 + exp(6 (d - 1)))``, ``d`` the distance over the tolerance). A bounded loss, so
that a few rows the model cannot reach (its structure misses them) do not drag every
parameter toward them, as a squared error would (the Bayesian fit, ``wardilemma fit``, keeps
the Gaussian likelihood and its posterior; this is the point estimate the defaults take).

The search is SciPy's differential evolution (seeded, members evaluated as one ensemble
per generation), started from the shipped defaults. Prints the best values, the score and
the rows hit before and after; ``--write FILE`` saves them as ``name = value`` lines.

``python benchmarks/calibrate.py [--generations N] [--seed S] [--write FILE]``
Illustrative model, not a forecast.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
from scipy.optimize import differential_evolution

from wardilemma import WAR_ECONOMY, load_scenario, simulate
from wardilemma.analysis.evaluation import COMPARED, evaluate
from wardilemma.analysis.record import load_record

ROOT = Path(__file__).resolve().parents[1]

#: The parameters calibrated, each without a public figure of its own.
CALIBRATED = (
    "wage_scarcity_elasticity",
    "wage_adjustment_time",
    "unemployment_sensitivity",
    "investment_job_weight",
    "local_multiplier",
    "payout_saving_rate",
    "deposit_rate_share",
    "saving_rate_sensitivity",
    "savings_drawdown_time",
    "habit_time",
    "investment_rate_sensitivity",
    "key_rate_forward_weight",
    "inflation_sensitivity",
    "slack_disinflation",
    "monetisation_inflation",
    "inflation_averaging_time",
    "defence_capital_output_ratio",
    "shortage_price_share",
    "compensation_rub",
    "front_pay_rub",
)


def bounds(names: tuple[str, ...] = CALIBRATED) -> list[tuple[float, float]]:
    """Each parameter's search range: its uncertain range, else its plausible one."""
    out = []
    for name in names:
        p = WAR_ECONOMY.parameters[name]
        span = p.uncertain or p.plausible
        if span is None:
            raise SystemExit(f"{name} has no declared range to calibrate within")
        out.append((float(span[0]), float(span[1])))
    return out


class Objective:
    """Minus the bounded score of an ensemble of parameter sets (one member per row of x)."""

    def __init__(self, names: tuple[str, ...] = CALIBRATED) -> None:
        self.names = names
        self.scenario = load_scenario(ROOT / "scenarios" / "history.toml", warn=False)
        self.record = load_record(ROOT / "data" / "record.csv")
        self.runs = 0

    def scores(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Score and rows hit, each of shape (members,), for x of shape (members, names)."""
        x = np.atleast_2d(x)
        params = {n: x[:, i] for i, n in enumerate(self.names)}
        results = simulate(
            self.scenario, parameters=params, save_every=self.scenario.dt, on_problem="flag"
        )
        self.runs += len(x)
        found = evaluate(results, self.record)
        score, hits = np.zeros(len(x)), np.zeros(len(x))
        for row, status, values in zip(self.record, found.status, found.values, strict=True):
            if status != COMPARED:
                continue
            if row.bound == "lower":
                d = np.maximum(row.value - values, 0) / row.tolerance
            elif row.bound == "upper":
                d = np.maximum(values - row.value, 0) / row.tolerance
            else:
                d = np.abs(values - row.value) / row.tolerance
            d = np.where(np.isfinite(d), d, 1e3)
            hits += d <= 1
            score += 1 / (1 + np.exp(np.minimum(6 * (d - 1), 700)))
        return score, hits

    def __call__(self, x: np.ndarray) -> np.ndarray:
        # SciPy's vectorised call passes x as (names, members)
        return -self.scores(np.asarray(x).T)[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generations", type=int, default=60)
    parser.add_argument("--popsize", type=int, default=3, help="members per parameter")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--write", type=Path, default=None)
    args = parser.parse_args()
    objective = Objective()
    span = bounds()
    start = np.array([WAR_ECONOMY.parameters[n].default for n in CALIBRATED], dtype=float)
    start = np.clip(start, [lo for lo, _ in span], [hi for _, hi in span])
    before, hits_before = objective.scores(start[None])
    t0 = time.perf_counter()
    result = differential_evolution(
        objective,
        span,
        x0=start,
        seed=args.seed,
        maxiter=args.generations,
        popsize=args.popsize,
        polish=False,
        vectorized=True,
        updating="deferred",
        tol=0,
        mutation=(0.3, 0.8),
        recombination=0.7,
    )
    after, hits_after = objective.scores(result.x[None])
    print(
        f"{objective.runs:,} runs in {time.perf_counter() - t0:.0f} s; score "
        f"{before[0]:.2f} -> {after[0]:.2f}; rows hit {hits_before[0]:.0f} -> "
        f"{hits_after[0]:.0f} (Illustrative model, not a forecast)"
    )
    lines = [f"{n} = {v:.6g}" for n, v in zip(CALIBRATED, result.x, strict=True)]
    print("\n".join(lines))
    if args.write:
        args.write.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
