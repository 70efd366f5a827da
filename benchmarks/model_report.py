"""The model's headline numbers, to compare two versions of the model side by side.

Runs the shipped scenarios (and a few lever variants) and prints, as Markdown:

* peak provincial and national discontent and peak nationalist mobilisation for war
  continues, sudden peace, managed peace, war under oil sanctions and, when it exists, the
  absorption analogue (``us_1946_analogue.toml``);
* the month the reserve fund runs out (below 5 % of its start) on the war path, with the
  default bonus and with the bonus tripled;
* peak discontent after a sudden peace with demobilisation in 3, 12 and 36 months;
* the army at the front at months 0, 60 and 120 of the war path;
* a calibration table of the war path at months 0 and 60 against the public ranges.

``python benchmarks/model_report.py [--json FILE]``. It reads variables by name and skips
what a model version does not have, so the same script runs on the old and the new model.
Illustrative model, not a forecast.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from wardilemma import WAR_ECONOMY, load_scenario, simulate
from wardilemma.metrics import RESERVES_EMPTY_FRACTION
from wardilemma.results import month_label

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"
PATHS = ["war_continues", "sudden_peace", "managed_peace", "war_oil_sanctions", "us_1946_analogue"]


def _run(name: str, **parameters):
    return simulate(load_scenario(SCENARIOS / f"{name}.toml"), parameters=parameters or None)


def _total(res, name: str) -> np.ndarray:
    arr = res[name][:, 0]
    return arr.sum(axis=1) if arr.ndim == 2 else arr


def _first(res, name: str, *alternatives: str) -> str | None:
    for n in (name, *alternatives):
        if n in res:
            return n
    return None


def _reserves_out(res) -> str:
    reserves = res.series("reserve_fund")
    below = np.nonzero(reserves <= RESERVES_EMPTY_FRACTION * reserves[0])[0]
    return month_label(res.start, res.time[below[0]]) if below.size else "never"


def peaks(res) -> dict[str, float]:
    out = {
        "peak provincial discontent": float(res.series("discontent", region="provinces").max()),
        "peak national discontent": float(res.series("national_discontent").max()),
        "peak nationalist mobilisation": float(res.series("nationalist_mobilisation").max()),
    }
    if "mobilisation_tipping_point" in res:
        out["tipping point"] = float(res.series("mobilisation_tipping_point")[0])
    if "national_unemployment_rate" in res:
        out["peak unemployment"] = float(res.series("national_unemployment_rate").max())
        provinces = res.series("unemployment_rate", region="provinces")
        out["peak provincial unemployment"] = float(provinces.max())
    out["lowest GDP / start"] = float((res.series("gdp") / res.series("gdp")[0]).min())
    return out


def calibration(res, month: int) -> dict[str, float]:
    i = res.index_of(month)
    casualties = _first(res, "battle_losses", "casualties_flow")
    out = {
        "soldiers at the front (k)": _total(res, "soldiers")[i] / 1e3,
        "contract recruits (k/month)": _total(res, "contract_recruitment")[i] / 1e3,
        "recruits to the front incl. conscripts' contracts (k/month)": (
            _total(res, "contract_recruitment")[i] + _total(res, "conscript_contracts")[i]
        )
        / 1e3,
        "killed and disabled (k/month)": _total(res, casualties)[i] / 1e3,
        "all leaving the front (k/month)": (
            _total(res, casualties)[i]
            + _total(res, "rotation_home")[i]
            + _total(res, "demobilisation")[i]
        )
        / 1e3,
        "military share of budget (%)": 100 * res.series("military_share_of_budget")[i],
        "war payouts (% GDP)": 100 * res.series("payouts_share_of_gdp")[i],
        "bonus / provincial annual wage (years)": res.series(
            "bonus_to_wage_ratio", region="provinces"
        )[i],
        "inflation (%/year)": 100 * res.series("inflation")[i],
        "deficit (% GDP)": 100 * (res.series("deficit")[i] / res.series("gdp")[i]),
        "reserve fund (trn RUB)": res.series("reserve_fund")[i],
    }
    pool = res["recruitment_pool"][i, 0]
    wage = res["civilian_wage_rub"][i, 0]
    national_wage = float((wage * pool).sum() / pool.sum())
    pay = res["soldier_pay_rub"][i, 0]
    pay = float(pay[0]) if np.ndim(pay) else float(pay)
    out["front pay / national civilian wage"] = pay / national_wage
    if "national_unemployment_rate" in res:
        out["unemployment (%)"] = 100 * res.series("national_unemployment_rate")[i]
    return {k: float(v) for k, v in out.items()}


def report() -> dict:
    runs = {n: _run(n) for n in PATHS if (SCENARIOS / f"{n}.toml").exists()}
    out: dict = {"paths": {n: peaks(r) for n, r in runs.items()}}
    bonus = WAR_ECONOMY.parameters["bonus_rub"].default
    tripled = {k: 3 * v for k, v in bonus.items()}
    out["reserves run out"] = {
        "bonus x1": _reserves_out(runs["war_continues"]),
        "bonus x3": _reserves_out(_run("war_continues", bonus_rub=tripled)),
    }
    out["peak discontent by demobilisation time"] = {}
    for months in (3, 12, 36):
        res = _run("sudden_peace", demobilisation_time=float(months))
        out["peak discontent by demobilisation time"][f"{months} months"] = {
            "provinces": float(res.series("discontent", region="provinces").max()),
            "national": float(res.series("national_discontent").max()),
            "mobilisation": float(res.series("nationalist_mobilisation").max()),
        }
    war = runs["war_continues"]
    soldiers = _total(war, "soldiers")
    out["army at the front (k)"] = {
        f"month {m}": float(soldiers[war.index_of(m)] / 1e3) for m in (0, 60, 120)
    }
    out["army range over the war path (k)"] = [
        float(soldiers.min() / 1e3),
        float(soldiers.max() / 1e3),
    ]
    out["calibration"] = {f"month {m}": calibration(war, m) for m in (0, 60)}
    return out


def to_markdown(data: dict) -> str:
    lines = [
        "Illustrative model, not a forecast.",
        "",
        "| path | " + " | ".join(next(iter(data["paths"].values()))) + " |",
    ]
    lines.append("|---" * (1 + len(next(iter(data["paths"].values())))) + "|")
    for name, row in data["paths"].items():
        lines.append(f"| {name} | " + " | ".join(f"{v:.3f}" for v in row.values()) + " |")
    lines += ["", f"reserves run out: {data['reserves run out']}", ""]
    for k, v in data["peak discontent by demobilisation time"].items():
        lines.append(f"demobilisation in {k}: " + ", ".join(f"{a} {b:.3f}" for a, b in v.items()))
    lines += ["", f"army at the front (k): {data['army at the front (k)']}"]
    lines += [f"army range (k): {data['army range over the war path (k)']}", ""]
    cal = data["calibration"]
    lines += ["| quantity | month 0 | month 60 |", "|---|---|---|"]
    for k in cal["month 0"]:
        lines.append(f"| {k} | {cal['month 0'][k]:.3g} | {cal['month 60'][k]:.3g} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the numbers to this JSON file")
    args = parser.parse_args()
    data = report()
    print(to_markdown(data))
    if args.json:
        args.json.write_text(json.dumps(data, indent=2) + "\n")


if __name__ == "__main__":
    main()
