"""What an exit-policy search writes (:mod:`wardilemma.analysis.exit_policy`).

* :func:`front_figure`: risk against fiscal cost of every policy run, the Pareto front,
  the reference policies (sudden and managed peace) and the chosen one, with the cost of
  continuing the war for scale; the title states the message;
* :func:`write_exit_policy`: the figure, ``front.csv`` and ``front.json`` (each front
  policy's levers, risk with its 95 % interval, cost, inflation, regrets),
  ``exit_policy.toml`` (the chosen policy as a scenario that extends the input) and
  ``summary.txt``, in one folder written whole (:func:`~wardilemma.atomic.atomic_dir`).

Illustrative model, not a forecast.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from wardilemma import paths
from wardilemma.analysis.exit_policy import ExitPolicyResult
from wardilemma.analysis.exit_policy.result import share_text
from wardilemma.analysis.uncertainty.study_files import csv_text, package_versions
from wardilemma.atomic import atomic_dir, write_text
from wardilemma.figures.save import save_figure
from wardilemma.text import ILLUSTRATIVE

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = ["front_figure", "policy_toml", "write_exit_policy"]

#: Colours (Okabe-Ito): every policy run, the front, the chosen one, the references.
_GREY, _FRONT, _CHOSEN = "#BBBBBB", "#0072B2", "#D55E00"
_REFERENCE_STYLE = {"sudden peace": ("#CC79A7", "s"), "managed peace": ("#009E73", "D")}

#: File name of the chosen policy.
POLICY_FILE = "exit_policy.toml"


def headline(r: ExitPolicyResult) -> str:
    """The message: the chosen policy's risk and cost against the sudden peace's."""
    c = r.chosen
    lead = {
        "best": "Best exit found",
        "too risky": f"No exit worse in at most {share_text(r.max_risk)}; least risky",
        "over the ceiling": (
            f"No exit within {r.inflation_ceiling:g} %/year inflation; least violating "
            f"({r.inflation[c]:.1f} %)"
        ),
    }[r.verdict()]
    text = (
        f"{lead}: peace worse than war in {share_text(r.risk[c])} of worlds "
        f"at {r.cost[c]:.1f} trn RUB net debt"
    )
    if "sudden peace" in r.references:
        ref = r.references["sudden peace"]
        text += f"\n(sudden peace: {share_text(ref.risk)} at {ref.cost:.1f} trn RUB)"
    return text


def _marked(ax: Any, r: ExitPolicyResult) -> None:
    """The front, the references and the chosen policy on ``ax``."""
    f = r.front
    ax.step(r.cost[f][::-1], 100 * r.risk[f][::-1], where="post", color=_FRONT, lw=1.5)
    what = "policy" if len(f) == 1 else "policies"
    ax.scatter(r.cost[f], 100 * r.risk[f], s=40, color=_FRONT, zorder=3,
               label=f"Pareto front ({len(f)} {what})")  # fmt: skip
    for name, ref in r.references.items():
        colour, marker = _REFERENCE_STYLE.get(name, ("#444444", "^"))
        ax.scatter([ref.cost], [100 * ref.risk], s=110, marker=marker, color=colour, zorder=4,
                   edgecolor="black", label=name)  # fmt: skip
    ax.scatter([r.cost[r.chosen]], [100 * r.risk[r.chosen]], s=260, marker="*", color=_CHOSEN,
               edgecolor="black", zorder=5, label="chosen policy (exit_policy.toml)")  # fmt: skip
    ax.grid(alpha=0.3)


def front_figure(r: ExitPolicyResult) -> Figure:
    """Risk (share of worlds with the peace worse than the war) against fiscal cost: every
    policy run (left) and the front zoomed, with the references near it (right)."""
    import matplotlib.pyplot as plt

    fig, (ax, zoom) = plt.subplots(1, 2, figsize=(13, 6.5), layout="constrained",
                                   width_ratios=(3, 2))  # fmt: skip
    feasible = r.feasible
    ax.scatter(r.cost[feasible], 100 * r.risk[feasible], s=14, color=_GREY,
               label=f"policies run ({feasible.sum()} within the inflation ceiling)")  # fmt: skip
    above = ~feasible
    if above.any():
        ax.scatter(r.cost[above], 100 * r.risk[above], s=14, marker="x", color=_GREY,
                   alpha=0.6, label=f"above the inflation ceiling ({above.sum()})")  # fmt: skip
    _marked(ax, r)
    ax.axvline(r.war_cost, color="black", ls="--", lw=1)
    ax.annotate("war continues\n(cost of no ceasefire)", (r.war_cost, 0.97),
                xycoords=("data", "axes fraction"), ha="right", va="top", fontsize=10,
                xytext=(-4, 0), textcoords="offset points")  # fmt: skip
    cost_label = (
        "Fiscal cost: median net public debt at the end\n"
        "(debt minus reserves, trn RUB, 2024 prices)"
    )
    ax.set_xlabel(cost_label)
    ax.set_ylabel("Risk: worlds where the peace is worse than the war (%)\n"
                  f"({r.metric_label}, {r.members} paired worlds)")  # fmt: skip
    ax.set_ylim(-3, max(100 * float(np.max(r.risk)), 10) + 5)
    ax.set_title("Every policy run", fontsize=11)
    # the annotation of the war's cost sits top right: keep the legend away from it
    ax.legend(loc="upper left", fontsize=9, frameon=True)
    # the zoom: the front and the references within its cost range
    costs = [*r.cost[r.front], *(ref.cost for ref in r.references.values())]
    low, high = min(costs), float(np.max(r.cost[r.front]))
    near = [c for c in costs if c <= high + max(1.0, 0.5 * (high - low))]
    low, high = min(near), max(near)
    pad = max(0.05 * (high - low), 0.05)
    _marked(zoom, r)
    zoom.scatter(r.cost[feasible], 100 * r.risk[feasible], s=14, color=_GREY, zorder=1)
    zoom.set_xlim(low - pad, high + pad)
    shown = [*r.risk[r.front], *(f.risk for f in r.references.values() if f.cost <= high)]
    zoom.set_ylim(-3, max(100 * max(shown), 10) + 5)
    zoom.set_xlabel(cost_label)
    zoom.set_ylabel("Risk: worlds where the peace is worse than the war (%)")
    zoom.set_title("The front, zoomed on its costs", fontsize=11)
    fig.suptitle(headline(r), fontsize=14)
    fig.supxlabel(f"{ILLUSTRATIVE}. Scenario: {r.scenario.name}; inflation ceiling "
                  f"{r.inflation_ceiling:g} %/year after the ceasefire in 9 worlds of 10; "
                  f"seed {r.metadata.get('seed')}.\nLeft out of the objectives: casualties "
                  "of a later ceasefire, the course of the war, elites, anything the model "
                  "does not have.", fontsize=8, color="#444444", x=0.01, ha="left")  # fmt: skip
    return fig


def _rows(r: ExitPolicyResult) -> tuple[list[str], list[list[Any]]]:
    start = r.scenario.start
    header = ["policy", "role", *(lv.name for lv in r.levers), "risk_share", "risk_low95",
              "risk_high95", "net_debt_median_trnRUB", "inflation_p90_pct",
              "regret_metric_max", "regret_metric_p90", "regret_cost_max_trnRUB",
              "regret_cost_p90_trnRUB"]  # fmt: skip
    rows = []
    for k, i in enumerate(r.front):
        role = "chosen" if i == r.chosen else "front"
        low, high = r.risk_interval(i)
        rows.append([int(i), role, *(lv.plain(r.policies[i, j], start) for j, lv in
                     enumerate(r.levers)), r.risk[i], low, high, r.cost[i], r.inflation[i],
                     *r.regret[k]])  # fmt: skip
    for name, ref in r.references.items():
        low, high = r.interval(ref.risk)
        rows.append(["", name, *(lv.plain(ref.values[j], start) for j, lv in
                     enumerate(r.levers)), ref.risk, low, high, ref.cost, ref.inflation,
                     *ref.regret])  # fmt: skip
    return header, rows


def policy_toml(r: ExitPolicyResult, folder: Path) -> str:
    """The chosen policy as a scenario file in ``folder`` that extends the input."""
    source = r.scenario.path
    if source is None:
        raise ValueError("the scenario has no file to extend")
    source = Path(source).resolve()
    shipped = paths.shipped_scenarios_dir()
    if shipped is not None and source.parent == shipped.resolve():
        extends = source.name  # a bare name finds the shipped scenarios anywhere
    else:
        extends = Path(os.path.relpath(source, folder.resolve())).as_posix()
    c = r.chosen
    low, high = r.risk_interval(c)
    lines = [
        f"# Exit policy for {r.scenario.name}, chosen by `wardilemma exit-policy` (seed "
        f"{r.metadata.get('seed')}, {r.members} worlds):",
        f"# the cheapest policy on the Pareto front with the peace worse than the war in at "
        f"most {100 * r.max_risk:g} % of worlds",
        f"# (else the least risky). Risk {100 * r.risk[c]:.1f} % of worlds (95 %: "
        f"{100 * low:.1f} to {100 * high:.1f} %), median net debt {r.cost[c]:.2f} trn RUB "
        "at the end of the run,",
        f"# peak inflation after the ceasefire {r.inflation[c]:.1f} %/year in 9 worlds of 10.",
        f"# {ILLUSTRATIVE}.",
        "[scenario]",
        f'name = "exit policy for {r.scenario.name}"',
        f'description = "The exit policy an exit-policy search chose for {r.scenario.name}."',
        f'extends = "{extends}"',
        "",
        "[policy]",
        *(f"{lv.name} = {lv.toml(r.policies[c, j], r.scenario.start)}"
          for j, lv in enumerate(r.levers)),
    ]  # fmt: skip
    return "\n".join(lines) + "\n"


def write_exit_policy(r: ExitPolicyResult, out: str | Path) -> list[Path]:
    """Write the search's files into ``out``, whole or not at all; return their paths."""
    import matplotlib.pyplot as plt

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    notes = {"scenario": r.scenario.name, "seed": r.metadata.get("seed"),
             "worlds": r.members, "metric": r.metric}  # fmt: skip
    header, rows = _rows(r)
    doc = {
        "note": ILLUSTRATIVE,
        "scenario": r.scenario.name,
        "scenario_file": paths.shown_path(r.scenario.path),
        "scenario_sha256": r.scenario.sha256,
        "objectives": {
            "risk": f"share of worlds where {r.metric} of the peace exceeds the war's "
            "(paired worlds; a failed run counts as worse)",
            "cost": "median over worlds of public_debt - reserve_fund at the end of the run "
            "(trn RUB, 2024 prices)",
            "constraint": f"90th percentile over worlds of peak inflation after the "
            f"ceasefire <= {r.inflation_ceiling:g} %/year",
            "regret": "per policy and world: its outcome (the metric; the cost) minus the "
            "best outcome of the front and reference policies in that world; max and 90th "
            "percentile over worlds",
        },
        "levers": [
            {"name": lv.name, "low": lv.low, "high": lv.high, "units": lv.units} for lv in r.levers
        ],
        "front": [dict(zip(header, row, strict=True)) for row in rows],
        "war_continues_net_debt_median": r.war_cost,
        "sentence": r.sentence(),
        **{k: v for k, v in r.metadata.items() if k != "seconds"},
        "versions": package_versions(),
    }
    fig = front_figure(r)
    try:
        with atomic_dir(out) as tmp:
            names = [
                save_figure(fig, tmp / "front.png", title=headline(r)).name,
                write_text(tmp / "front.csv", csv_text(header, rows, notes)).name,
                write_text(tmp / "front.json", json.dumps(doc, indent=2, default=_plain,
                                                          allow_nan=False) + "\n").name,
                write_text(tmp / POLICY_FILE, policy_toml(r, out)).name,
                write_text(tmp / "summary.txt", f"{r.sentence()}\n{ILLUSTRATIVE}.\n").name,
            ]  # fmt: skip
    finally:
        plt.close(fig)
    return [out / n for n in names]


def _plain(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"not JSON: {value!r}")
