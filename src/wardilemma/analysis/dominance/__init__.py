"""Loop dominance over time: which feedback loop drives a variable, step by step.

The Loops That Matter method (Schoenberg, Davidsen and Eberlein, *System Dynamics Review*
36(2), 2020; flow-to-stock scores as corrected by Schoenberg, Hayward and Eberlein, 2023):

* the **link score** of ``x -> z`` over a time step ``[t - dt, t]`` is
  ``|Δ_x z / Δz| * sign(Δ_x z / Δx)``, where ``Δ_x z`` is the change ``z`` would have made
  had only ``x`` moved (its equation re-evaluated with ``x`` at ``t`` and every other input,
  time included, at ``t - dt``); 0 when ``z`` or ``x`` did not change;
* a **flow-to-stock** score is the flow's change over the change of the stock's net flow,
  ``±|Δflow / Δnet|`` (+ inflow, - outflow); the stages of ``smooth``/``delay`` builtins are
  stocks whose net flow is their derivative;
* a **loop score** is the product of its link scores; the **relative loop score** divides
  it by the sum of the absolute scores of all loops through the target variable at that
  step, so it lies in ``[-1, 1]``: its sign is the loop's polarity *at that step*
  (+ reinforcing, - balancing) and its size the loop's share of the target's behaviour.

Partial changes are exact for each step: the model's compiled equations are evaluated once
per link with the whole run as the columns of one array (the engine's members axis holds
the time steps), so a 120-month analysis takes well under a second after the run.

Regions are flattened: a node is a variable in one region (``discontent[provinces]``), and
a link between regional variables joins the same region unless the effect sums over
regions (``sum_regions``), so loops that pass through national variables and other regions
are followed exactly. Loops through the target are enumerated up to ``max_length`` nodes
(the number of loops grows exponentially with their length); longer loops are left out of
the normalisation, and :attr:`Dominance.max_length` says where the cut was.

Illustrative model, not a forecast.

The package: :mod:`.results` (what an analysis returns), :mod:`.graph` (the flattened graph,
loops and their names), :mod:`.scores` (link and loop scores, :func:`loop_dominance`),
:mod:`.tables` (phases as text). Figures and files are in :mod:`wardilemma.figures.dominance`.
"""

from wardilemma.analysis.dominance.results import (
    DEFAULT_MAX_LENGTH,
    Dominance,
    DominanceError,
    LoopTrace,
    Phase,
)
from wardilemma.analysis.dominance.scores import loop_dominance
from wardilemma.analysis.dominance.tables import format_phases, phases_csv

__all__ = [
    "DEFAULT_MAX_LENGTH",
    "Dominance",
    "DominanceError",
    "LoopTrace",
    "Phase",
    "format_phases",
    "loop_dominance",
    "phases_csv",
]
