# %% [markdown]
# # The war-economy dilemma in five steps
#
# A walkthrough for class, in the "percent" notebook format: run it as a script
# (`python notebooks/walkthrough.py`), cell by cell in VS Code or PyCharm, or open it in
# Jupyter with jupytext. It writes its figures to `out/walkthrough/` (or `$WALKTHROUGH_OUT`).
#
# **Illustrative model, not a forecast.** Every number below comes from a teaching model
# whose parameters are public figures or labelled assumptions (see `docs/parameters.md`).

# %%
import os
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

from wardilemma import ILLUSTRATIVE, load_scenario, simulate
from wardilemma.metrics import compute_metrics
from wardilemma.plots import comparison_figure

ROOT = Path(__file__).resolve().parents[1] if "__file__" in globals() else Path.cwd().parent
OUT = Path(os.environ.get("WALKTHROUGH_OUT", ROOT / "out" / "walkthrough"))
OUT.mkdir(parents=True, exist_ok=True)

# %% [markdown]
# ## 1. Two futures
# The same model, two scenario files: the war goes on, or it stops in January 2026 with
# fast demobilisation and no replacement for the war money.

# %%
war = simulate(load_scenario(ROOT / "scenarios" / "war_continues.toml"))
peace = simulate(load_scenario(ROOT / "scenarios" / "sudden_peace.toml"))
fig = comparison_figure([war, peace])
fig.savefig(OUT / "1_two_futures.png", dpi=100)
plt.close(fig)

# %% [markdown]
# ## 2. Why peace hurts: consumption against aspiration
# Aspirations chase consumption up quickly and follow it down slowly. The gap is relative
# deprivation, the main driver of discontent after a sudden peace.

# %%
for res in (war, peace):
    gap = res.series("relative_deprivation", region="provinces")
    peak = int(np.argmax(gap))
    print(
        f"{res.scenario:14s} largest provincial shortfall below aspiration: "
        f"{100 * gap[peak]:.1f} % in {res.dates[peak]}"
    )

# %% [markdown]
# ## 3. The window in which stopping is more dangerous
# Months in which national discontent under sudden peace exceeds the war path.

# %%
d_war, d_peace = war.series("national_discontent"), peace.series("national_discontent")
worse = d_peace > d_war
print(f"peace is more discontented in {worse.sum()} of {len(worse)} months")
print(f"first such month {peace.dates[int(np.argmax(worse))]}")

# %% [markdown]
# ## 4. What the metrics say
# Each metric is defined once in `wardilemma.metrics`, with units and a definition.

# %%
for res in (war, peace):
    chosen = ["peak_discontent", "months_unstable", "reserves_out_month"]
    for value in compute_metrics(res, chosen, regions=False):
        print(f"{res.scenario:14s} {value.metric.label}: {value.text} ({value.metric.units})")

# %% [markdown]
# ## 5. How robust is it? An ensemble in one call
# Vary the least-grounded link, how strongly deprivation turns into discontent, over its
# plausible range: 200 members advance together, one NumPy pass per time step.

# %%
sensitivity = np.linspace(0.5, 6.0, 200)
scenario = load_scenario(ROOT / "scenarios" / "sudden_peace.toml")
ensemble = simulate(
    scenario,
    parameters={"deprivation_sensitivity": sensitivity},
    record=["national_discontent", "nationalist_mobilisation"],
)
peaks = ensemble["national_discontent"].max(axis=0)
war_peak = d_war.max()
share = float(np.mean(peaks > war_peak))
print(f"sudden peace peaks above the war path's peak in {100 * share:.0f} % of members")

fig, ax = plt.subplots(figsize=(8, 4.5))
ax.plot(sensitivity, peaks, label="sudden peace: peak discontent")
ax.axhline(war_peak, color="grey", linestyle="--", label="war continues: peak discontent")
ax.set_xlabel("deprivation sensitivity (1/month)")
ax.set_ylabel("national discontent, index 0-1")
ax.set_title("How much the thesis leans on one assumption")
ax.legend(loc="lower right")
fig.text(0.99, 0.01, ILLUSTRATIVE, ha="right", va="bottom", color="firebrick")
fig.tight_layout()
fig.savefig(OUT / "5_sensitivity.png", dpi=100)
plt.close(fig)
print(f"figures in {OUT}")
