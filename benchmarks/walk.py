"""The walk of a run through the package: which stages it passes, how often it stays inside
one and how often it climbs back (docs/architecture.md, issue 19).

Every call from one module of the package into another during a run is traced
(``sys.setprofile``; NumPy, numba, matplotlib and the generated kernel count as the module
that called them). Each distinct caller -> callee pair of modules is one *step* of the walk;
it is

* a *stay* when both modules are in one stage (a package under ``wardilemma/`` or a
  top-level module, the nodes of ``tests/test_architecture.py``),
* *down* when the callee's stage is below the caller's (the caller's stage imports it,
  directly or through others),
* a *climb back* when the callee's stage is above the caller's (it imports the caller's
  stage): a call against the layers, which only a callback or a lazy import can make,
* *across* otherwise (two stages that do not import each other: a callback), or *cycle*
  when the two stages import each other (an import cycle between packages).

It also counts how often a run enters ``simulate``, builds its input arrays
(``scenario_inputs``, ``own_inputs``), builds a NumPy kernel and loads a scenario.

Usage::

    PYTHONPATH=src MPLBACKEND=Agg python benchmarks/walk.py            # the three walks
    PYTHONPATH=src MPLBACKEND=Agg python benchmarks/walk.py --show     # and each step

Illustrative model, not a forecast.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import networkx as nx

import wardilemma
from wardilemma import load_scenario, paths, simulate

SRC = Path(wardilemma.__file__).parent
ROOT = Path(__file__).resolve().parents[1]

#: Functions whose calls are counted: how often a run enters the engine and reads its inputs.
COUNTED = {
    "wardilemma.engine.run.simulate": "simulate",
    "wardilemma.engine.inputs.scenario_inputs": "scenario_inputs",
    "wardilemma.engine.inputs.own_inputs": "own_inputs",
    "wardilemma.engine.inputs._read_only": "arrays built by own_inputs",
    "wardilemma.engine.numpy_kernel.Kernel.build": "Kernel.build",
    "wardilemma.scenario.reading.load_scenario": "load_scenario",
}


def _layers() -> nx.DiGraph:
    """The package graph of ``tests/test_architecture.py`` (stage -> the stages it imports),
    closed transitively."""
    spec = importlib.util.spec_from_file_location("arch", ROOT / "tests" / "test_architecture.py")
    arch = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(arch)
    _, packages = arch._graphs()
    return nx.transitive_closure(packages, reflexive=False), arch._node


def _module(filename: str) -> str | None:
    path = Path(filename)
    if not path.is_relative_to(SRC):
        return None
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def trace(work: Callable[[], object]) -> tuple[Counter, Counter]:
    """``(caller module, callee module) -> calls`` of ``work()``, and the calls of
    :data:`COUNTED`."""
    steps: Counter = Counter()
    counted: Counter = Counter()

    def profile(frame, event, arg):
        if event != "call":
            return
        callee = _module(frame.f_code.co_filename)
        if callee is None:
            return
        name = f"{callee}.{frame.f_code.co_qualname}"
        if name in COUNTED:
            counted[COUNTED[name]] += 1
        caller_frame = frame.f_back
        while caller_frame is not None and _module(caller_frame.f_code.co_filename) is None:
            caller_frame = caller_frame.f_back
        if caller_frame is not None:
            caller = _module(caller_frame.f_code.co_filename)
            if caller != callee:
                steps[caller, callee] += 1

    sys.setprofile(profile)
    try:
        work()
    finally:
        sys.setprofile(None)
    return steps, counted


def classify(steps: Counter, layers: nx.DiGraph, node: Callable[[str], str]) -> dict[str, list]:
    """Each distinct step as a stay, down, a climb back or across."""
    out: dict[str, list] = {"stay": [], "down": [], "climb back": [], "across": [], "cycle": []}
    for (a, b), n in sorted(steps.items()):
        sa, sb = node(a), node(b)
        if sa == sb:
            kind = "stay"
        elif layers.has_edge(sa, sb) and layers.has_edge(sb, sa):
            kind = "cycle"
        elif layers.has_edge(sa, sb):
            kind = "down"
        elif layers.has_edge(sb, sa):
            kind = "climb back"
        else:
            kind = "across"
        out[kind].append((a, b, n))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", action="store_true", help="print every step but the stays")
    args = parser.parse_args()
    layers, node = _layers()
    scenario = paths.scenarios_dir() / "war_continues.toml"
    sc = load_scenario(scenario, warn=False)
    simulate(sc)  # warm: compile or load the kernel; the scenario's arrays, its step check
    fresh = load_scenario(scenario, warn=False)

    from wardilemma.cli import main as cli

    with tempfile.TemporaryDirectory() as out:

        def command(*options: str) -> Callable[[], None]:
            def run() -> None:
                try:
                    cli.main(["run", str(scenario), "-o", out, "-q", *options],
                             standalone_mode=False)  # fmt: skip
                except SystemExit as exc:
                    if exc.code:
                        raise

            return run

        walks = {
            "library, the same simulate(scenario) again": lambda: simulate(sc),
            "library, simulate(a scenario object not run yet)": lambda: simulate(fresh),
            "library, load_scenario + simulate": lambda: simulate(load_scenario(scenario)),
            "CLI, wardilemma run war_continues.toml (dashboard, files)": command(),
            "CLI, the same with --members 50 (an ensemble, metric bands)": command(
                "--members", "50"
            ),
        }
        for label, work in walks.items():
            steps, counted = trace(work)
            kinds = classify(steps, layers, node)
            stages = {node(m) for pair in steps for m in pair}
            print(f"{label}: {len(steps)} steps between {len({m for p in steps for m in p})} "
                  f"modules of {len(stages)} stages: "
                  + ", ".join(f"{len(v)} {k}" for k, v in kinds.items())
                  + f"; calls: {dict(sorted(counted.items()))}")  # fmt: skip
            if args.show:
                for kind in ("down", "climb back", "across", "cycle"):
                    for a, b, n in kinds[kind]:
                        print(f"  {kind}: {a} -> {b} ({n} calls)")


if __name__ == "__main__":
    main()
