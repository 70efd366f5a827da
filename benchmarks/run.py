"""Benchmarks of the engine (``make bench``; not part of the test suite).

Times, as the median of several repeats:

* ``single``: one run of the full model (Euler, dt 0.25, 120 months, every variable kept);
* ``rk4``: the same run with RK4;
* ``ensemble``: a Monte Carlo ensemble (default 10,000 members, every national parameter
  with a plausible range drawn uniformly inside it; a handful of variables recorded);
* ``per_member``: the ensemble's time divided by its members;
* ``pysd``: if PySD and :mod:`wardilemma.xmile` are available, one PySD run of the same
  model exported to XMILE (flattened regions), and our speed-up against it.

Prints a table and writes ``benchmarks/results.json``. ``--profile`` adds a cProfile of one
single run (top functions by own time). On a shared machine compare the "fastest" column
(the least disturbed repeat) as well as the median. Illustrative model, not a forecast.
"""

from __future__ import annotations

import argparse
import cProfile
import importlib
import io
import json
import os
import platform
import pstats
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np

from wardilemma import WAR_ECONOMY, __version__, load_scenario, simulate

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "baseline.toml"
RECORDED = ["discontent", "nationalist_mobilisation", "instability_risk", "reserve_fund"]


def median_time(fn: Callable[[], object], repeats: int, warmup: int = 1) -> dict:
    """Median wall time of ``fn`` (seconds) over ``repeats`` calls after ``warmup`` calls."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return {"median_s": statistics.median(times), "min_s": min(times), "runs": len(times)}


def ensemble_parameters(members: int, seed: int = 20250101) -> dict[str, np.ndarray]:
    """Every national parameter with a plausible range, uniform inside it."""
    rng = np.random.default_rng(seed)
    return {
        name: rng.uniform(*p.plausible, size=members)
        for name, p in WAR_ECONOMY.parameters.items()
        if p.plausible is not None and not p.regional
    }


def bench_single(scenario, repeats: int) -> dict:
    return median_time(lambda: simulate(scenario, method="euler", dt=0.25, months=120), repeats)


def bench_rk4(scenario, repeats: int) -> dict:
    return median_time(lambda: simulate(scenario, method="rk4", dt=0.25, months=120), repeats)


def bench_ensemble(scenario, repeats: int, members: int) -> dict:
    params = ensemble_parameters(members)
    result = median_time(
        lambda: simulate(scenario, parameters=params, record=RECORDED), repeats, warmup=0
    )
    result["members"] = members
    result["recorded"] = RECORDED
    return result


def bench_pysd(scenario, repeats: int) -> dict | None:
    """PySD's time for one run of the exported model, or None if it cannot run here."""
    try:
        pysd = importlib.import_module("pysd")
        xmile = importlib.import_module("wardilemma.xmile")
    except ImportError as exc:
        return {"skipped": f"{exc}"}
    with tempfile.TemporaryDirectory() as tmp, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        path = Path(tmp) / "baseline.xmile"
        path.write_text(xmile.to_xmile(scenario, flatten=True), encoding="utf-8")
        start = time.perf_counter()
        model = pysd.read_xmile(str(path))
        translate = time.perf_counter() - start
        column = ["discontent_provinces"]
        result = median_time(lambda: model.run(return_columns=column), repeats)
    result["translate_s"] = translate
    result["pysd_version"] = pysd.__version__
    return result


def profile_single(scenario, top: int = 15) -> str:
    simulate(scenario)
    profiler = cProfile.Profile()
    profiler.enable()
    simulate(scenario)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(top)
    return out.getvalue()


def environment() -> dict:
    return {
        "wardilemma": __version__,
        "python": sys.version.split()[0],
        "numpy": np.__version__,
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE", ""),
        "load_average_at_start": os.getloadavg() if hasattr(os, "getloadavg") else None,
        "steps": 480,
        "hidden_stocks": len(WAR_ECONOMY.hidden_stocks),
        "variables": len(WAR_ECONOMY.elements),
    }


def table(results: dict) -> str:
    """The results as a text table: median and fastest of the repeats."""

    def ms(entry: dict, key: str) -> str:
        return f"{entry[key] * 1e3:.2f} ms"

    rows = [
        ("single run, Euler dt 0.25, 120 months", results["single"]),
        ("single run, RK4 dt 0.25", results["rk4"]),
        (f"ensemble of {results['ensemble']['members']:,} members", results["ensemble"]),
    ]
    body = [(name, ms(e, "median_s"), ms(e, "min_s")) for name, e in rows]
    members = results["ensemble"]["members"]
    per = {k: results["ensemble"][k] / members * 1e6 for k in ("median_s", "min_s")}
    body.append(("  per member", f"{per['median_s']:.1f} µs", f"{per['min_s']:.1f} µs"))
    pysd = results.get("pysd") or {}
    if "median_s" in pysd:
        body.append((f"PySD {pysd['pysd_version']}, one run (exported)", ms(pysd, "median_s"),
                     ms(pysd, "min_s")))  # fmt: skip
        body.append(("  speed-up vs our single run", f"{results['speedup_single']:.1f} x", ""))
        body.append(("  speed-up vs our per-member cost", f"{results['speedup_member']:.0f} x", ""))
    else:
        body.append(("PySD comparison", f"skipped: {pysd.get('skipped', 'not run')}", ""))
    width = max(len(r[0]) for r in body)
    lines = [f"{'benchmark':<{width}}  {'median':>12}  {'fastest':>12}", "-" * (width + 28)]
    lines += [f"{name:<{width}}  {a:>12}  {b:>12}" for name, a, b in body]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="repeats of the single runs")
    parser.add_argument("--members", type=int, default=10_000, help="ensemble size")
    parser.add_argument("--ensemble-repeats", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="1,000 members, 2 repeats")
    parser.add_argument("--no-pysd", action="store_true", help="skip the PySD comparison")
    parser.add_argument("--profile", action="store_true", help="cProfile one single run")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results.json")
    args = parser.parse_args(argv)
    if args.quick:
        args.repeats, args.members, args.ensemble_repeats = 2, 1_000, 2

    scenario = load_scenario(BASELINE)
    results: dict = {"environment": environment(), "note": "Illustrative model, not a forecast"}
    print("timing a single run ...", flush=True)
    results["single"] = bench_single(scenario, args.repeats)
    results["rk4"] = bench_rk4(scenario, args.repeats)
    print(f"timing an ensemble of {args.members:,} members ...", flush=True)
    results["ensemble"] = bench_ensemble(scenario, args.ensemble_repeats, args.members)
    results["per_member_s"] = results["ensemble"]["median_s"] / args.members
    if not args.no_pysd:
        print("timing PySD on the exported model ...", flush=True)
        results["pysd"] = bench_pysd(scenario, max(3, args.repeats // 2))
        if results["pysd"] and "median_s" in results["pysd"]:
            pysd_s = results["pysd"]["median_s"]
            results["speedup_single"] = pysd_s / results["single"]["median_s"]
            results["speedup_member"] = pysd_s / results["per_member_s"]
    print()
    print(table(results))
    if args.profile:
        print("\ncProfile of one single run (top functions by own time):")
        print(profile_single(scenario))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
