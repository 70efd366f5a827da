"""Benchmarks of the engine (``make bench``; not part of the test suite).

Measures, as medians of several repeats on this machine, and prints one table:

* one default run (baseline scenario, Euler, dt 0.25, 120 months, every variable kept):
  the compiled numba kernel and the NumPy engine; RK4 on the kernel;
* the time per member of ensembles of 1, 1,000, 10,000 and 100,000 members (every national
  parameter with a plausible range drawn uniformly, four variables recorded monthly) on
  the kernel, and of 1,000 and 10,000 members on NumPy;
* the kernel's compile time, first ever (fresh caches, in a child process) and cached
  (a new process that finds the machine code on disk);
* the peak memory of a 100,000-member run (in a child process);
* ``wardilemma run`` on one scenario, warm, end to end (child processes);
* PySD (the flattened XMILE export) and Simlin (``pysimlin``, the XMILE export) running the
  same model, and our speed-ups against them;
* an arithmetic limit: the operations per step counted on the trees the kernel is
  generated from, times the steps, at the throughput this machine reaches on simple
  scalar and vector float loops (see ``benchmarks/README.md``).

Writes ``out/benchmarks/results.json`` (git ignores ``out/``); never touches tracked
files. On a shared machine also look at the "fastest" column. Illustrative model, not a
forecast.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np

from wardilemma import WAR_ECONOMY, __version__, load_scenario, simulate
from wardilemma.language import BinOp, Call, Compare, Neg, Node, iter_nodes

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "baseline.toml"
RECORDED = ["discontent", "nationalist_mobilisation", "instability_risk", "reserve_fund"]
STEPS = 480  # 120 months at dt 0.25

#: The targets of issue 21; ``make bench`` marks every figure ok or MISSED against them.
TARGETS = {
    "single_ms": 0.5,  # one default run, kernel, every variable recorded, in-process, warm
    "simlin_x": 1.0,  # Simlin's run time / ours: faster than Simlin
    "pysd_single_x": 100.0,  # PySD's run time / ours
    "limit_x": 2.0,  # our CPU time per member per thread at 10,000 / the scalar limit
    "peak_mb": 1024.0,  # 100,000 members through the API (4 variables)
    "cli_mc_peak_mb": 1024.0,  # wardilemma montecarlo, two scenarios, 100,000 members
    "cli_mc_pysd_x": 2000.0,  # PySD's run / the whole CLI's marginal cost per member
    "cli_floor_x": 2.0,  # wardilemma run, warm, end to end / the floor
    "help_x": 3.0,  # wardilemma --help / python -c "import click"
    "compile_s": 5.0,  # first-ever compile
}


def median_time(fn: Callable[[], object], repeats: int, warmup: int = 1) -> dict:
    """Median and fastest wall time of ``fn`` (seconds) after ``warmup`` calls, and the
    median CPU time of this process (all its threads): on a shared machine the wall time
    also counts the waits for a core, the CPU time only our own work."""
    for _ in range(warmup):
        fn()
    times, cpu = [], []
    for _ in range(repeats):
        c0, start = time.process_time(), time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - c0)
    return {"median_s": statistics.median(times), "min_s": min(times), "runs": len(times),
            "cpu_s": statistics.median(cpu)}  # fmt: skip


def ensemble_parameters(members: int, seed: int = 20250101) -> dict[str, np.ndarray]:
    """Every national parameter with a plausible range, uniform inside it."""
    rng = np.random.default_rng(seed)
    return {
        name: rng.uniform(*p.plausible, size=members)
        for name, p in WAR_ECONOMY.parameters.items()
        if p.plausible is not None and not p.regional
    }


def run_child(code: str, env: dict[str, str] | None = None) -> dict:
    """Run Python code in a fresh process; it prints one JSON object on its last line."""
    full_env = {**os.environ, **(env or {})}
    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=ROOT,
        check=False,
    )
    if proc.returncode != 0:
        return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr else "failed"}
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["stderr"] = proc.stderr.strip()
    return result


# ---------------------------------------------------------------------------- our engine


def bench_single(scenario, repeats: int) -> dict:
    out = {}
    for backend in ("numba", "numpy"):
        reps = repeats * 20 if backend == "numba" else repeats
        out[backend] = median_time(lambda b=backend: simulate(scenario, backend=b), reps)
    out["numba_record4"] = median_time(
        lambda: simulate(scenario, backend="numba", record=RECORDED), repeats * 20
    )
    out["numba_rk4"] = median_time(
        lambda: simulate(scenario, backend="numba", method="rk4"), repeats * 10
    )
    return out


def bench_members(scenario, sizes: list[int], backend: str, repeats: int) -> dict:
    out = {}
    for members in sizes:
        params = ensemble_parameters(members)
        reps = 1 if members >= 100_000 else (repeats if members >= 10_000 else repeats * 2)
        if members == 1:
            reps = repeats * 20
        entry = median_time(
            lambda p=params: simulate(scenario, parameters=p, record=RECORDED, backend=backend),
            reps,
            warmup=0 if members >= 10_000 else 1,
        )
        entry["per_member_s"] = entry["median_s"] / members
        entry["per_member_min_s"] = entry["min_s"] / members
        entry["cpu_per_member_s"] = entry["cpu_s"] / members
        out[str(members)] = entry
        print(f"  {backend}: {members:,} members, {entry['per_member_s'] * 1e6:.1f} µs per member",
              flush=True)  # fmt: skip
    return out


def bench_compile() -> dict:
    """First-ever compile (fresh numba and wardilemma caches) and a cached start."""
    code = """
        import json, time
        t0 = time.perf_counter()
        from wardilemma import simulate
        t1, c1 = time.perf_counter(), time.process_time()
        simulate(months=1)
        t2, c2 = time.perf_counter(), time.process_time()
        simulate(months=1)
        t3 = time.perf_counter()
        print(json.dumps({"import_s": t1 - t0, "first_run_s": t2 - t1, "second_run_s": t3 - t2,
                          "first_run_cpu_s": c2 - c1}))
    """
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            "WARDILEMMA_CACHE_DIR": str(Path(tmp) / "kernels"),
            "NUMBA_CACHE_DIR": str(Path(tmp) / "numba"),
            "WARDILEMMA_BACKEND": "numba",
        }
        first = run_child(code, env)
        cached = [run_child(code, env) for _ in range(3)]
    ok = [c for c in cached if "first_run_s" in c]
    return {
        "first_ever": first,
        "cached_first_run_s": statistics.median(c["first_run_s"] for c in ok) if ok else None,
        "announced": "compiling the numba kernel" in first.get("stderr", ""),
    }


def bench_memory(members: int) -> dict:
    """Peak resident memory of a child process running a ``members`` ensemble."""
    code = f"""
        import json, resource, sys, time
        sys.path.insert(0, "benchmarks")
        from run import ensemble_parameters, RECORDED, BASELINE
        from wardilemma import load_scenario, simulate
        scenario = load_scenario(BASELINE)
        params = ensemble_parameters({members})
        t = time.perf_counter()
        res = simulate(scenario, parameters=params, record=RECORDED)
        elapsed = time.perf_counter() - t
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps({{"members": {members}, "run_s": elapsed, "peak_mb": peak}}))
    """
    return run_child(code)


def _wall(cmd: list[str], repeats: int, env: dict[str, str] | None = None) -> list[float]:
    """Wall times of ``repeats`` runs of a command, after one run to warm the caches."""
    times = []
    for i in range(repeats + 1):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT,
                       env={**os.environ, **(env or {})})  # fmt: skip
        if i:
            times.append(time.perf_counter() - start)
    return times


#: The floor of a warm ``wardilemma run``: what any such command must do (import NumPy,
#: matplotlib and tomllib, save one 16:9 six-panel figure).
FLOOR = """
import tomllib, sys
import numpy as np
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
fig, axes = plt.subplots(2, 3, figsize=(16, 9))
for ax in axes.flat:
    ax.plot(np.arange(121), np.arange(121) ** 0.5)
fig.savefig(sys.argv[1])
"""


def bench_cli(repeats: int) -> dict:
    """``wardilemma run`` on one scenario, warm (after one run), end to end, against its
    floor; ``wardilemma --help`` against ``python -c "import click"``."""
    exe = str(Path(sys.executable).with_name("wardilemma"))
    with tempfile.TemporaryDirectory() as tmp:
        run = _wall([exe, "run", str(BASELINE), "-o", tmp, "-q"], repeats)
        floor = _wall([sys.executable, "-c", FLOOR, str(Path(tmp) / "floor.png")], repeats)
    helps = _wall([exe, "--help"], repeats * 2)
    click = _wall([sys.executable, "-c", "import click"], repeats * 2)
    return {
        "median_s": statistics.median(run),
        "min_s": min(run),
        "floor_s": statistics.median(floor),
        "help_s": statistics.median(helps),
        "click_s": statistics.median(click),
    }


def bench_cli_montecarlo(pysd_s: float | None) -> dict:
    """``wardilemma montecarlo`` of two scenarios through the CLI: the peak memory of
    100,000 members (a child process that runs it and reads its child's ``ru_maxrss``),
    and the marginal cost per member from 1,000 to 11,000 members, end to end."""
    scenarios = [str(ROOT / "scenarios" / f"{n}.toml") for n in ("war_continues", "sudden_peace")]
    exe = str(Path(sys.executable).with_name("wardilemma"))
    out: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        peak = run_child(f"""
            import json, resource, subprocess, time
            t = time.perf_counter()
            subprocess.run({[exe, "montecarlo", *scenarios, "-n", "100000", "-q", "-o", tmp]!r},
                           check=True, capture_output=True)
            took = time.perf_counter() - t
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            print(json.dumps({{"peak_mb": peak, "run_s": took}}))
        """)
        out.update(peak)
        timed = {}
        for n in (1_000, 11_000):
            cmd = [exe, "montecarlo", *scenarios, "-n", str(n), "-q", "-o", f"{tmp}/{n}"]
            timed[n] = statistics.median(_wall(cmd, 2))
    out["per_member_s"] = (timed[11_000] - timed[1_000]) / (2 * 10_000)  # two scenarios
    out["pysd_x"] = pysd_s / out["per_member_s"] if pysd_s else None
    return out


# ---------------------------------------------------------------------------- peers


def bench_pysd(scenario, repeats: int) -> dict:
    """PySD's time for one run of the flattened XMILE export."""
    try:
        pysd = importlib.import_module("pysd")
        xmile = importlib.import_module("wardilemma.export.xmile")
    except ImportError as exc:
        return {"skipped": f"{exc}"}
    with tempfile.TemporaryDirectory() as tmp, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        path = Path(tmp) / "baseline.xmile"
        path.write_text(xmile.to_xmile(scenario, flatten=True, target="pysd"), encoding="utf-8")
        start = time.perf_counter()
        model = pysd.read_xmile(str(path))
        translate = time.perf_counter() - start
        result = median_time(lambda: model.run(return_columns=["discontent_provinces"]), repeats)
    result["translate_s"] = translate
    result["version"] = pysd.__version__
    return result


def bench_simlin(scenario, repeats: int) -> dict:
    """Simlin's time for one run of the XMILE export (loaded once, then run)."""
    try:
        simlin = importlib.import_module("simlin")
        xmile = importlib.import_module("wardilemma.export.xmile")
    except ImportError as exc:
        return {"skipped": f"{exc}"}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "baseline.xmile"
        path.write_text(xmile.to_xmile(scenario), encoding="utf-8")
        start = time.perf_counter()
        model = simlin.load(path)
        load = time.perf_counter() - start
        result = median_time(lambda: model.run(analyze_loops=False), repeats * 4)
        ours = simulate(scenario, backend="numpy")
        run = model.run(analyze_loops=False).results
        col = "discontent[provinces]"
        theirs = run[col].to_numpy()[:: round(1 / scenario.dt)]
        mine = ours.series("discontent", region="provinces")
        n = min(len(theirs), len(mine))
        result["max_rel_diff"] = float(np.max(np.abs(theirs[:n] - mine[:n]) / np.abs(mine[:n])))
    result["load_s"] = load
    result["version"] = getattr(simlin, "__version__", "?")
    return result


# ---------------------------------------------------------------------------- limit


def operations_per_step(n_regions: int) -> dict:
    """Arithmetic operations of one Euler step, counted on the trees the kernel is
    generated from (what is computed once per member is left out)."""
    from wardilemma.engine.plan import plan_of

    model = WAR_ECONOMY
    eqs = model.engine_equations
    once = plan_of(model).split(n for n, p in model.parameters.items() if p.lever)[0]
    trees: list[tuple[str, Node]] = [(n, eqs[n]) for n in model.order if n not in once]
    trees += [(n, model.stock_derivative(n)) for n in model.stocks]
    trees += [(h.name, h.derivative) for h in model.hidden_stocks]
    flops = transcendental = lookups = 0
    for name, tree in trees:
        width = n_regions if name in model.regional else 1
        f = t = lk = 0
        for node in iter_nodes(tree):
            if isinstance(node, BinOp):
                if node.op == "**":
                    t += 1
                else:
                    f += 1
            elif isinstance(node, Neg | Compare):
                f += 1
            elif isinstance(node, Call):
                if node.func in model.lookups:
                    lk += 1
                elif node.func in ("exp", "ln"):
                    t += 1
                elif node.func in ("sum_regions", "mean_regions"):
                    f += n_regions  # summed once, not per region (an upper bound)
                else:
                    f += {"step": 2, "ramp": 4, "pulse": 6, "pulse_train": 6}.get(node.func, 1)
        flops += width * f
        transcendental += width * t
        lookups += width * lk
    rows = sum(n_regions if s in model.regional else 1 for s in model.stocks)
    rows += sum(n_regions if h.name in model.regional else 1 for h in model.hidden_stocks)
    flops += 2 * rows  # Euler: y + dt * k
    return {"flops": flops, "transcendental": transcendental, "lookups": lookups,
            "state_rows": rows}  # fmt: skip


def machine_rates() -> dict:
    """Throughput of this machine (one core) on simple float loops, compiled by numba."""
    from numba import njit

    @njit(cache=False)
    def scalar_chains(n):  # eight independent multiply-add chains: scalar peak
        a0 = a1 = a2 = a3 = a4 = a5 = a6 = a7 = 1.0
        for _ in range(n):
            a0 = a0 * 0.999999 + 1e-7
            a1 = a1 * 0.999998 + 1e-7
            a2 = a2 * 0.999997 + 1e-7
            a3 = a3 * 0.999996 + 1e-7
            a4 = a4 * 0.999995 + 1e-7
            a5 = a5 * 0.999994 + 1e-7
            a6 = a6 * 0.999993 + 1e-7
            a7 = a7 * 0.999992 + 1e-7
        return a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7

    @njit(cache=False)
    def vector(a, b, c, reps):  # a = a * b + c over an L1-resident array: SIMD peak
        for _ in range(reps):
            for i in range(a.shape[0]):
                a[i] = a[i] * b[i] + c[i]
        return a[0]

    @njit(cache=False)
    def powers(n):
        x = 1.1
        s = 0.0
        for i in range(n):
            s += (x + i * 1e-9) ** 0.7
        return s

    n = 20_000_000
    scalar_chains(10)
    t = min(_timed(scalar_chains, n) for _ in range(3))
    scalar = 16 * n / t
    a, b, c = np.ones(512), np.full(512, 0.999), np.full(512, 1e-3)
    vector(a, b, c, 1)
    reps = 40_000
    t = min(_timed(vector, a, b, c, reps) for _ in range(3))
    simd = 2 * 512 * reps / t
    powers(10)
    m = 5_000_000
    t = min(_timed(powers, m) for _ in range(3))
    return {"scalar_flops_per_s": scalar, "simd_flops_per_s": simd, "pow_per_s": m / t}


def _timed(fn, *args) -> float:
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


def arithmetic_limit(n_regions: int, threads: int) -> dict:
    ops = operations_per_step(n_regions)
    rates = machine_rates()
    lookup_cost = 8  # a binary search over a few points and one interpolation, in flops
    per_step_scalar = (ops["flops"] + lookup_cost * ops["lookups"]) / rates[
        "scalar_flops_per_s"
    ] + ops["transcendental"] / rates["pow_per_s"]
    per_step_simd = (ops["flops"] + lookup_cost * ops["lookups"]) / rates["simd_flops_per_s"] + ops[
        "transcendental"
    ] / rates["pow_per_s"]
    return {
        **ops,
        **rates,
        "threads": threads,
        "limit_scalar_s": per_step_scalar * STEPS / threads,
        "limit_simd_s": per_step_simd * STEPS / threads,
    }


# ---------------------------------------------------------------------------- report


def environment() -> dict:
    try:
        import numba

        numba_version = numba.__version__
    except ImportError:
        numba_version = None
    from wardilemma.engine.numba.run import threads

    return {
        "wardilemma": __version__,
        "python": sys.version.split()[0],
        "numpy": np.__version__,
        "numba": numba_version,
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "threads": threads(),
        "load_average_at_start": os.getloadavg() if hasattr(os, "getloadavg") else None,
        "steps": STEPS,
        "variables": len(WAR_ECONOMY.elements),
        "hidden_stocks": len(WAR_ECONOMY.hidden_stocks),
    }


def table(r: dict) -> tuple[str, list[str]]:
    """The results as a text table, each figure with a target of issue 21 marked ok or
    MISSED; and the labels of the missed rows."""
    rows: list[tuple[str, str, str, str]] = []
    threads = r["environment"]["threads"]

    def add(label: str, median: str, fastest: str = "", ok: bool | None = None,
            target: str = "") -> None:  # fmt: skip
        mark = "" if ok is None else ("ok" if ok else "MISSED")
        rows.append((label, median, fastest, f"{mark} ({target})" if target else mark))

    def ms(e: dict, key: str = "median_s") -> str:
        return f"{e[key] * 1e3:.3f} ms"

    def us(x: float) -> str:
        return f"{x * 1e6:.1f} µs"

    s = r["single"]
    single = s["numba"]["median_s"]
    add("one default run, kernel (all variables)", ms(s["numba"]), ms(s["numba"], "min_s"),
        single * 1e3 <= TARGETS["single_ms"], f"<= {TARGETS['single_ms']} ms")  # fmt: skip
    add(f"  CPU time {s['numba']['cpu_s'] * 1e3:.3f} ms", "")
    add("one default run, kernel (4 variables)", ms(s["numba_record4"]),
        ms(s["numba_record4"], "min_s"))  # fmt: skip
    add("one default run, kernel, RK4", ms(s["numba_rk4"]), ms(s["numba_rk4"], "min_s"))
    add("one default run, NumPy engine", ms(s["numpy"]), ms(s["numpy"], "min_s"))
    for members, e in r["members"]["numba"].items():
        n = int(members)
        add(f"kernel, {n:,} members, per member", us(e["per_member_s"]),
            us(e["per_member_min_s"]))  # fmt: skip
        if n >= 1000:
            add(f"  CPU time per member / {threads} threads", us(e["cpu_per_member_s"] / threads))
    for members, e in r["members"].get("numpy", {}).items():
        add(f"NumPy, {int(members):,} members, per member", us(e["per_member_s"]),
            us(e["per_member_min_s"]))  # fmt: skip
    c = r.get("compile", {})
    first = c.get("first_ever", {})
    if "first_run_s" in first:
        label = "compile, first ever" + (" (announced on stderr)" if c.get("announced") else "")
        add(label, f"{first['first_run_s']:.1f} s", "",
            first["first_run_s"] <= TARGETS["compile_s"],
            f"<= {TARGETS['compile_s']} s")  # fmt: skip
        if "first_run_cpu_s" in first:  # steadier than the wall time on a shared machine
            add("  CPU time of the first-ever compile", f"{first['first_run_cpu_s']:.1f} s")
    if c.get("cached_first_run_s") is not None:
        add("first run in a new process, kernel cached", f"{c['cached_first_run_s']:.2f} s")
    mem = r.get("memory", {})
    if "peak_mb" in mem:
        add(f"peak memory, {mem['members']:,} members, API (4 variables)",
            f"{mem['peak_mb']:.0f} MB", f"{mem['run_s']:.1f} s run",
            mem["peak_mb"] < TARGETS["peak_mb"], f"< {TARGETS['peak_mb']:.0f} MB")  # fmt: skip
    cli = r.get("cli", {})
    if "median_s" in cli:
        ratio = cli["median_s"] / cli["floor_s"]
        add("wardilemma run baseline, warm, end to end", f"{cli['median_s']:.2f} s",
            f"{cli['min_s']:.2f} s")  # fmt: skip
        add(f"  / the floor ({cli['floor_s']:.2f} s: numpy, matplotlib, one figure)",
            f"{ratio:.1f} x", "", ratio <= TARGETS["cli_floor_x"],
            f"<= {TARGETS['cli_floor_x']} x")  # fmt: skip
        ratio = cli["help_s"] / cli["click_s"]
        add(f"wardilemma --help ({cli['help_s']:.2f} s) / import click ({cli['click_s']:.2f} s)",
            f"{ratio:.1f} x", "", ratio <= TARGETS["help_x"],
            f"<= {TARGETS['help_x']} x")  # fmt: skip
    mc = r.get("cli_montecarlo", {})
    if "peak_mb" in mc:
        add("wardilemma montecarlo, 2 scenarios, 100,000 members, peak",
            f"{mc['peak_mb']:.0f} MB", f"{mc['run_s']:.0f} s run",
            mc["peak_mb"] < TARGETS["cli_mc_peak_mb"],
            f"< {TARGETS['cli_mc_peak_mb']:.0f} MB")  # fmt: skip
    elif mc:
        add("wardilemma montecarlo, 100,000 members", f"failed: {mc.get('error', '?')}"[:60])
    if "per_member_s" in mc:
        add("  whole CLI, marginal cost per run (member x scenario)", us(mc["per_member_s"]))
        if mc.get("pysd_x"):
            add("  PySD's run / that", f"{mc['pysd_x']:,.0f} x", "",
                mc["pysd_x"] >= TARGETS["cli_mc_pysd_x"],
                f">= {TARGETS['cli_mc_pysd_x']:,.0f} x")  # fmt: skip
    pysd, simlin = r.get("pysd", {}), r.get("simlin", {})
    member10k = r["members"]["numba"].get("10000", {}).get("per_member_s")
    if "median_s" in pysd:
        add(f"PySD {pysd['version']}, one run (flattened export)", ms(pysd), ms(pysd, "min_s"))
        ratio = pysd["median_s"] / single
        add("  PySD / our one run", f"{ratio:,.0f} x", "", ratio >= TARGETS["pysd_single_x"],
            f">= {TARGETS['pysd_single_x']:.0f} x")  # fmt: skip
        if member10k:
            add("  PySD / our per member at 10,000", f"{pysd['median_s'] / member10k:,.0f} x")
    else:
        add("PySD", f"skipped: {pysd.get('skipped', 'not run')}")
    if "median_s" in simlin:
        add(f"Simlin {simlin['version']}, one run (export, loaded)", ms(simlin),
            ms(simlin, "min_s"))  # fmt: skip
        ratio = simlin["median_s"] / single
        add("  Simlin / our one run", f"{ratio:.1f} x", "", ratio >= TARGETS["simlin_x"],
            "faster than Simlin")  # fmt: skip
        add("  on CPU time", f"{simlin['cpu_s'] / s['numba']['cpu_s']:.1f} x")
    else:
        add("Simlin", f"skipped: {simlin.get('skipped', 'not run')}")
    lim = r.get("limit", {})
    if lim and member10k:
        add(f"ops per step: {lim['flops']} flops, {lim['transcendental']} pow/exp/ln, "
            f"{lim['lookups']} lookups", "")  # fmt: skip
        add(f"arithmetic limit per member, scalar, {threads} threads", us(lim["limit_scalar_s"]))
        add(f"arithmetic limit per member, SIMD, {threads} threads", us(lim["limit_simd_s"]))
        cpu10k = r["members"]["numba"]["10000"]["cpu_per_member_s"] / threads
        add(
            "  our per member at 10,000 / scalar limit, wall",
            f"{member10k / lim['limit_scalar_s']:.1f} x",
        )
        ratio = cpu10k / lim["limit_scalar_s"]
        add("    on CPU time", f"{ratio:.1f} x", "", ratio <= TARGETS["limit_x"],
            f"<= {TARGETS['limit_x']} x")  # fmt: skip
        add(
            "  our per member at 10,000 / SIMD limit, CPU time",
            f"{cpu10k / lim['limit_simd_s']:.1f} x",
        )
    width = max(len(x[0]) for x in rows)
    head = f"{'benchmark':<{width}}  {'median':>13}  {'fastest':>13}  target"
    lines = [head, "-" * len(head)]
    lines += [f"{a:<{width}}  {b:>13}  {c:>13}  {d}" for a, b, c, d in rows]
    missed = [a.strip() for a, _, _, d in rows if d.startswith("MISSED")]
    return "\n".join(lines), missed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="repeats of the timings")
    parser.add_argument("--quick", action="store_true",
                        help="up to 10,000 members, no child processes, fewer repeats")  # fmt: skip
    parser.add_argument("--no-peers", action="store_true", help="skip PySD and Simlin")
    parser.add_argument("--out", type=Path, default=ROOT / "out" / "benchmarks" / "results.json")
    parser.add_argument("--check", action="store_true",
                        help="exit 1 when a figure misses its target (for people, not CI: "
                        "timings flake on shared machines)")  # fmt: skip
    args = parser.parse_args(argv)
    sizes = [1, 1_000, 10_000] if args.quick else [1, 1_000, 10_000, 100_000]
    if args.quick:
        args.repeats = 2

    scenario = load_scenario(BASELINE)
    results: dict = {"environment": environment(), "note": "Illustrative model, not a forecast"}
    simulate(scenario, backend="numba", months=1)  # load or compile the kernel
    print("timing one run ...", flush=True)
    results["single"] = bench_single(scenario, args.repeats)
    print("timing ensembles ...", flush=True)
    results["members"] = {
        "numba": bench_members(scenario, sizes, "numba", args.repeats),
        "numpy": bench_members(scenario, [1_000, 10_000], "numpy", max(1, args.repeats // 2)),
    }
    if not args.quick:
        print("timing the compile (fresh caches, child processes) ...", flush=True)
        results["compile"] = bench_compile()
        print("peak memory of 100,000 members (child process) ...", flush=True)
        results["memory"] = bench_memory(100_000)
        print("timing `wardilemma run` and `--help` end to end ...", flush=True)
        results["cli"] = bench_cli(args.repeats)
    if not args.no_peers:
        print("timing PySD and Simlin on the exported model ...", flush=True)
        for key, bench in (("pysd", bench_pysd), ("simlin", bench_simlin)):
            try:
                results[key] = bench(scenario, max(3, args.repeats))
            except Exception as exc:  # a peer failing must not lose the other figures
                results[key] = {"skipped": f"{type(exc).__name__}: {exc}"[:200]}
    if not args.quick:
        print("`wardilemma montecarlo` of two scenarios: memory and cost per member ...",
              flush=True)  # fmt: skip
        results["cli_montecarlo"] = bench_cli_montecarlo(results.get("pysd", {}).get("median_s"))
    print("estimating the arithmetic limit ...", flush=True)
    results["limit"] = arithmetic_limit(len(WAR_ECONOMY.regions), results["environment"]["threads"])
    print()
    text, missed = table(results)
    print(text)
    results["missed"] = missed
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    print(f"\nwrote {args.out}")
    if missed:
        print(f"MISSED {len(missed)} target(s): " + "; ".join(missed))
    return 1 if missed and args.check else 0


if __name__ == "__main__":
    raise SystemExit(main())
