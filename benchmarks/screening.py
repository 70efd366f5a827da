"""What decides "peace is worse"? Morris screening of every parameter with a plausible range.

The output is the gap in peak provincial discontent between a sudden peace and the war going
on (``sudden_peace`` minus ``war_continues``, the same parameter set on both paths). Every
parameter with a declared range is screened over it with Morris's elementary effects
(SALib): its ``plausible`` range, else its ``uncertain`` range. Left out, and listed in the
table's notes: policy levers (a scenario chooses them) unless they also carry an uncertain
range, and regional parameters without one (their plausible range spans all regions, so one
draw for every region is meaningless). The table says for each parameter whether its value
rests on a public source or is an assumption (its ``source`` starts with "assumption"),
and whether it already has an ``[uncertainty]`` range: sourced when the source gives a
number (not a date or a document number) and does not call the value an assumption.

``python benchmarks/screening.py [--trajectories N] [--seed S] [--out docs/screening.md]``
writes the table as Markdown (default ``docs/screening.md``) and prints it.
Illustrative model, not a forecast.
"""

from __future__ import annotations

import argparse
import re
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from SALib.analyze import morris as morris_analyze
from SALib.sample import morris as morris_sample

from wardilemma import WAR_ECONOMY, load_scenario, simulate
from wardilemma.model import Parameter

ROOT = Path(__file__).resolve().parents[1]
REFERENCE, OTHER = "war_continues", "sudden_peace"
METRIC = "discontent"
REGION = "provinces"
LEVELS = 4


@dataclass(frozen=True)
class Row:
    name: str
    low: float
    high: float
    mu_star: float
    mu: float
    sigma: float
    sourced: bool
    uncertain: bool


def screened() -> tuple[dict[str, tuple[float, float]], dict[str, str]]:
    """Parameters screened with their range, and those left out with the reason."""
    chosen: dict[str, tuple[float, float]] = {}
    left_out: dict[str, str] = {}
    scheduled = set(load_scenario(ROOT / "scenarios" / f"{OTHER}.toml", warn=False).schedules)
    for name, p in WAR_ECONOMY.parameters.items():
        span = p.plausible or p.uncertain
        if span is None:
            continue
        if name in scheduled:
            left_out[name] = f"follows a schedule in {OTHER}"
        elif p.lever and p.uncertain is None:
            left_out[name] = "policy lever"
        elif p.regional and p.uncertain is None:
            left_out[name] = "regional, no uncertain range"
        else:
            chosen[name] = (float(span[0]), float(span[1]))
    return chosen, left_out


#: Numbers that are not figures: dates, years and document numbers ("analytics 0167").
_NOT_FIGURES = re.compile(r"\b(?:analytics|review|RL)\s*\d+|\b\d{4}(?:-\d{2}){0,2}\b")


def is_sourced(p: Parameter) -> bool:
    """True when the value rests on a public figure: the source gives a number (not a date
    or a document number) and does not present the value as an assumption. A quote that
    justifies the link but not its size ('demolishing all this ... hope') is not a figure."""
    text = p.source.strip()
    if text.lower().startswith("assumption"):
        return False
    return bool(re.search(r"\d", _NOT_FIGURES.sub("", text)))


def gap(parameters: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Peak provincial discontent, peace minus war, per member, and the peace-worse flags."""
    peaks = {}
    for name in (REFERENCE, OTHER):
        scenario = load_scenario(ROOT / "scenarios" / f"{name}.toml", warn=False)
        res = simulate(scenario, parameters=parameters, record=[METRIC], on_problem="flag")
        region = res.regions.index(REGION)
        peaks[name] = res[METRIC][:, :, region].max(axis=0)
    d = peaks[OTHER] - peaks[REFERENCE]
    return d, d > 0


def screen(trajectories: int, seed: int) -> tuple[list[Row], dict[str, str], dict]:
    ranges, left_out = screened()
    names = sorted(ranges)
    problem = {"num_vars": len(names), "names": names, "bounds": [ranges[n] for n in names]}
    x = morris_sample.sample(problem, trajectories, num_levels=LEVELS, seed=seed)
    params = {n: x[:, i] for i, n in enumerate(names)}
    t0 = time.perf_counter()
    y, _ = gap(params)
    seconds = time.perf_counter() - t0
    failed = int(np.sum(~np.isfinite(y)))
    if failed:
        raise SystemExit(f"{failed} of {y.size} runs failed; the screen needs every run")
    res = morris_analyze.analyze(problem, x, y, num_levels=LEVELS, seed=seed)
    rows = [
        Row(
            n,
            *ranges[n],
            float(res["mu_star"][i]),
            float(res["mu"][i]),
            float(res["sigma"][i]),
            is_sourced(WAR_ECONOMY.parameters[n]),
            WAR_ECONOMY.parameters[n].uncertain is not None,
        )
        for i, n in enumerate(names)
    ]
    rows.sort(key=lambda r: -r.mu_star)
    meta = {"runs": int(y.size), "parameters": len(names), "seconds": seconds}
    return rows, left_out, meta


def markdown(rows: list[Row], left_out: dict[str, str], meta: dict, args) -> str:
    lines = [
        "# Screening: what decides whether a sudden peace is worse",
        "",
        "*Illustrative model, not a forecast.* Generated by "
        f"`python benchmarks/screening.py --trajectories {args.trajectories} --seed "
        f"{args.seed}`; do not edit by hand.",
        "",
        f"Output: peak provincial discontent of `{OTHER}` minus that of `{REFERENCE}`, the "
        "same parameter set on both paths (positive: the peace path peaks higher). Morris "
        f"elementary effects (SALib), {args.trajectories} trajectories, {LEVELS} levels, "
        f"{meta['parameters']} parameters over their plausible range (else their uncertain "
        f"range), {meta['runs']:,} runs of each scenario.",
        "",
        "`mu*` is the mean absolute change of the gap when the parameter moves by 2/3 of its "
        "range (in discontent, a share of adults), `mu` the signed mean (positive: raising "
        "the parameter makes the peace path worse relative to the war path), `sigma` the "
        "spread of the effects (interactions and non-linearity). *Sourced* means the value "
        "rests on a public figure (its source gives a number, not only a date or a quote); "
        "*assumption* that it does not. *Uncertain* means the "
        "parameter has an `[uncertainty]` range, so the Monte Carlo studies vary it.",
        "",
        "| rank | parameter | range screened | mu* | mu | sigma | source | uncertain |",
        "| ---: | --- | --- | ---: | ---: | ---: | --- | --- |",
    ]
    for i, r in enumerate(rows, 1):
        lines.append(
            f"| {i} | `{r.name}` | {r.low:.4g} - {r.high:.4g} | {r.mu_star:.4f} | "
            f"{r.mu:+.4f} | {r.sigma:.4f} | {'sourced' if r.sourced else 'assumption'} | "
            f"{'yes' if r.uncertain else 'no'} |"
        )
    top = rows[:10]
    missing = [r.name for r in top if not r.sourced and not r.uncertain]
    lines += [
        "",
        "Of the ten most influential, "
        + (
            "every one without a public source has an `[uncertainty]` range."
            if not missing
            else "these have no public source and no `[uncertainty]` range: "
            + ", ".join(f"`{n}`" for n in missing)
            + "."
        ),
        "",
        "Not screened (a scenario chooses them, or one range cannot serve every region):",
        "",
    ]
    lines += [f"- `{n}`: {why}" for n, why in sorted(left_out.items())]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trajectories", type=int, default=40)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screening.md")
    args = parser.parse_args()
    rows, left_out, meta = screen(args.trajectories, args.seed)
    text = markdown(rows, left_out, meta, args)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    print(f"wrote {args.out} ({meta['seconds']:.1f} s of simulation)")


if __name__ == "__main__":
    main()
