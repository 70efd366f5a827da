"""Where does "the pain of continuing" overtake the risk of stopping? A scripted sweep.

The brief expects that under severe oil sanctions the war path's discontent can overtake a
sudden peace's. This script does not tune that in: it draws parameter sets uniformly inside
every declared ``uncertain`` range (and the oil-revenue loss inside 30-80 %), runs war under
oil sanctions and sudden peace on the same draws, and reports how often, and where, the war
path's peak national discontent exceeds the sudden peace's. It prints the share of draws
where it holds and, for each parameter, the median of the draws where it holds against
those where it does not (the parameters that move it most first).

``python benchmarks/oil_sanctions_sweep.py [--members N] [--seed S]``.
Illustrative model, not a forecast.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from wardilemma import WAR_ECONOMY, load_scenario, simulate

ROOT = Path(__file__).resolve().parents[1]


def draws(members: int, seed: int) -> dict[str, np.ndarray]:
    """Uniform draws inside each uncertain range (regional values shared across regions)."""
    rng = np.random.default_rng(seed)
    out = {}
    for name, p in WAR_ECONOMY.parameters.items():
        if p.uncertain is not None and name != "oil_revenue_shock":
            lo, hi = p.uncertain
            out[name] = rng.uniform(lo, hi, size=members)
    out["oil_revenue_shock"] = rng.uniform(0.3, 0.8, size=members)
    # the policy switch when money runs out: 0 = cut spending, 1 = print (both in the brief)
    out["monetisation_share"] = rng.uniform(0.0, 1.0, size=members)
    return out


def sweep(members: int = 400, seed: int = 2026) -> dict:
    params = draws(members, seed)
    record = ["national_discontent", "nationalist_mobilisation"]
    oil_params = dict(params)
    shock = oil_params.pop("oil_revenue_shock")
    oil_scenario = load_scenario(ROOT / "scenarios" / "war_oil_sanctions.toml")
    # the scenario's schedule starts the loss in July 2025: scale it by the drawn size
    oil = simulate(
        oil_scenario,
        parameters={**oil_params, "oil_revenue_shock": shock},
        record=record,
    )
    peace = simulate(
        load_scenario(ROOT / "scenarios" / "sudden_peace.toml"),
        parameters=oil_params,
        record=record,
    )
    d_oil = oil["national_discontent"].max(axis=0)
    d_peace = peace["national_discontent"].max(axis=0)
    holds = d_oil > d_peace
    ever = (oil["national_discontent"] > peace["national_discontent"])[12:].any(axis=0)
    table = []
    for name, values in params.items():
        if holds.any() and (~holds).any():
            lo, hi = WAR_ECONOMY.parameters[name].uncertain or (
                (0.3, 0.8) if name == "oil_revenue_shock" else (0.0, 1.0)
            )
            a, b = np.median(values[holds]), np.median(values[~holds])
            table.append((abs(a - b) / (hi - lo), name, a, b))
    table.sort(reverse=True)
    return {
        "members": members,
        "share_holds": float(holds.mean()),
        "share_ever_above": float(ever.mean()),
        "median_gap": float(np.median(d_oil - d_peace)),
        "table": table,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=400)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    out = sweep(args.members, args.seed)
    print("Illustrative model, not a forecast.")
    print(
        f"war under oil sanctions peaks above sudden peace in {100 * out['share_holds']:.1f} % "
        f"of {out['members']} draws; median gap (oil - peace) {out['median_gap']:+.3f}"
    )
    print(
        f"war under oil sanctions is above sudden peace at some month after the ceasefire in "
        f"{100 * out['share_ever_above']:.1f} % of draws"
    )
    print("parameter | median where it holds | median where it does not")
    for _, name, a, b in out["table"][:10]:
        print(f"{name} | {a:.4g} | {b:.4g}")


if __name__ == "__main__":
    main()
