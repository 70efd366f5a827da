"""Time the loop-dominance analysis (Loops That Matter) of war continues and sudden peace.

Median of several repeats of :func:`wardilemma.analysis.dominance.loop_dominance` on each scenario
(120 months, dt 0.25: 480 scored steps), at the default loop length and one longer. Prints
a table and writes ``out/benchmarks/dominance.json`` (git ignores ``out/``).
Illustrative model, not a forecast.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from wardilemma import load_scenario
from wardilemma.analysis.dominance import DEFAULT_MAX_LENGTH, loop_dominance

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "out" / "benchmarks" / "dominance.json")
    args = parser.parse_args(argv)
    results: dict = {"note": "Illustrative model, not a forecast", "runs": []}
    for name in ("war_continues", "sudden_peace"):
        scenario = load_scenario(ROOT / "scenarios" / f"{name}.toml")
        for length in (DEFAULT_MAX_LENGTH, DEFAULT_MAX_LENGTH + 4):
            times, loops = [], 0
            for _ in range(args.repeats):
                start = time.perf_counter()
                loops = len(loop_dominance(scenario, max_length=length).loops)
                times.append(time.perf_counter() - start)
            entry = {"scenario": name, "max_length": length, "loops": loops,
                     "median_s": statistics.median(times), "min_s": min(times)}  # fmt: skip
            results["runs"].append(entry)
            print(f"{name:<14} max_length {length:>2}: {loops:>5} loops through "
                  f"discontent[provinces], median {entry['median_s']:.2f} s")  # fmt: skip
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
