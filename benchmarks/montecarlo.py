"""Benchmark of a big Monte Carlo study: time and peak memory (not part of the test suite).

Draws N members (default 100,000) from the baseline's ``[uncertainty]`` table, runs war
continues and sudden peace on the same draws with the default ``record`` and metrics, in
chunks, inline (or ``--jobs N`` local processes), computes the bands and the paired shares,
and reports the wall time of each step and the process's peak resident memory (children
included). The goal of issue 10: 100,000 members under 2 GB peak.

Writes ``out/bench_montecarlo.json`` (ignored by git). Illustrative model, not a forecast::

    .venv/bin/python benchmarks/montecarlo.py -n 100000
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

from wardilemma import load_scenario
from wardilemma.analysis.uncertainty import draw, open_executor, run_ensemble
from wardilemma.analysis.uncertainty.analysis import bands, paired_shares

ROOT = Path(__file__).resolve().parents[1]


def peak_mb() -> float:
    """Peak resident memory of this process and its finished children, in MB (Linux: kB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=100_000, help="members")
    parser.add_argument("--jobs", type=int, default=1, help="local worker processes")
    parser.add_argument("--chunk", type=int, default=2000, help="members per chunk")
    args = parser.parse_args(argv)
    war = load_scenario(ROOT / "scenarios" / "war_continues.toml", warn=False)
    peace = load_scenario(ROOT / "scenarios" / "sudden_peace.toml", warn=False)
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    draws = draw([war, peace], args.n, seed=1)
    timings["draw_s"] = time.perf_counter() - t0
    with open_executor("local", args.jobs) as ex:
        runs = []
        for sc in (war, peace):
            t = time.perf_counter()
            runs.append(run_ensemble(sc, draws, executor=ex, chunk_size=args.chunk))
            timings[f"run_{sc.name.replace(' ', '_')}_s"] = time.perf_counter() - t
    t = time.perf_counter()
    for ens in runs:
        bands(ens)
    shares = paired_shares(*runs)
    timings["analyse_s"] = time.perf_counter() - t
    timings["total_s"] = time.perf_counter() - t0
    result = {
        "note": "Illustrative model, not a forecast",
        "members": args.n,
        "jobs": args.jobs,
        "chunk_size": args.chunk,
        **{k: round(v, 2) for k, v in timings.items()},
        "per_member_ms": round(1000 * timings["total_s"] / (2 * args.n), 4),
        "peak_memory_mb": round(peak_mb(), 1),
        "shares": {s.metric: [s.share, s.low, s.high] for s in shares},
    }
    width = max(map(len, result))
    for key, value in result.items():
        if key != "shares":
            print(f"{key:<{width}}  {value}")
    out = ROOT / "out"
    out.mkdir(exist_ok=True)
    (out / "bench_montecarlo.json").write_text(json.dumps(result, indent=2) + "\n")
    return 0 if result["peak_memory_mb"] < 2048 else 1


if __name__ == "__main__":
    sys.exit(main())
