"""The history run, year by year, beside the record: the table of
``docs/reference_behaviour.md`` ("The history, 2022-2025").

``python benchmarks/history_table.py [SCENARIO]`` (default ``scenarios/history.toml``) runs
the history once and prints a Markdown table: the army and the economy at the end of each
year of the run (growth and inflation over the year, recruits and losses summed or averaged
over it), each read through the same model quantity as ``wardilemma calibration``
(:data:`wardilemma.analysis.quantities.MODEL`). Illustrative model, not a forecast.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import numpy as np

from wardilemma import load_scenario, simulate
from wardilemma.analysis.quantities import MODEL

ROOT = Path(__file__).resolve().parents[1]
RECORD = ROOT / "data" / "record.csv"

#: (row label, series, how a year is read, format); the record's column lists the national
#: rows of the series in data/record.csv (value, period), read from the file
ROWS = [
    ("soldiers at the front, December", "army", "end", "{:,.0f}"),
    ("contract recruits in the year", "contract_recruits", "sum", "{:,.0f}"),
    ("killed and disabled a month", "war_losses", "mean", "{:,.0f}"),
    ("war payouts, % of GDP", "payouts_share_of_gdp", "mean", "{:.2f}"),
    ("real GDP, growth over the year", "gdp_growth", "growth", "{:+.1f} %"),
    ("CPI inflation, Dec on Dec", "cpi_inflation", "growth", "{:.1f} %"),
    ("key rate, December", "key_rate", "end", "{:.1f} %"),
    ("unemployment, average", "unemployment", "mean", "{:.1f} %"),
    ("real wage, growth over the year", "real_wage_growth", "growth", "{:+.1f} %"),
    ("household deposits (nominal), growth", "household_deposits_growth", "growth", "{:+.1f} %"),
]  # fmt: skip


def year_value(series: np.ndarray, year: int, how: str) -> float:
    """One year's reading of a monthly series (index 0 = January 2022)."""
    first, last = 12 * (year - 2022), 12 * (year - 2022) + 11
    if how == "end":
        return float(series[last])
    if how == "sum":
        return float(series[first : last + 1].sum())
    if how == "mean":
        return float(series[first : last + 1].mean())
    # growth over the year: December on the December before (January 2022 for 2022)
    before = series[max(first - 1, 0)]
    return float(100 * (series[last] / before - 1))


def record_cell(series: str, limit: int = 5) -> str:
    """The record's national rows of ``series``: "value (period)", at most ``limit``."""
    with RECORD.open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["series"] == series and r["region"] == "national"]
    cells = []
    for r in rows[:limit]:
        period = (
            r["period_start"]
            if r["period_start"] == r["period_end"]
            else (
                r["period_start"][:4]
                if r["period_start"][:4] == r["period_end"][:4]
                and r["period_start"].endswith("-01")
                and r["period_end"].endswith("-12")
                else f"{r['period_start']}..{r['period_end']}"
            )
        )
        sign = {"lower": ">", "upper": "<"}.get(r["bound"], "")
        cells.append(f"{sign}{r['value']} ({period})")
    return "; ".join(cells) + (" ..." if len(rows) > limit else "")


def main(path: Path = ROOT / "scenarios" / "history.toml") -> str:
    res = simulate(load_scenario(path), months=48)
    years = [2022, 2023, 2024, 2025]
    lines = [
        "| " + " | ".join(["end of", *map(str, years), "record"]) + " |",
        "| " + " | ".join(["---"] * (len(years) + 2)) + " |",
    ]
    for label, series, how, fmt in ROWS:
        values = MODEL[series].compute(res, None)[:, 0]
        cells = [fmt.format(year_value(values, y, how)) for y in years]
        lines.append("| " + " | ".join([label, *cells, record_cell(series)]) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(main(*(Path(a) for a in sys.argv[1:])))
