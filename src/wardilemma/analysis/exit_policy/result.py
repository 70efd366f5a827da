"""What an exit-policy search (:func:`~wardilemma.analysis.exit_policy.policy.exit_policy`)
returns: each policy's outcomes over the worlds (:class:`Outcomes`), the reference policies
(:class:`Reference`) and the whole search (:class:`ExitPolicyResult`: every policy run, the
front, the choice, the regrets), with the shares as people read them (:func:`share_text`).

Illustrative model, not a forecast.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from wardilemma.analysis.exit_policy.levers import Lever
from wardilemma.metrics import wilson_interval
from wardilemma.scenario import Scenario

__all__ = ["INFLATION_QUANTILE", "ExitPolicyResult", "Outcomes", "Reference", "share_text"]

#: Quantile of the worlds the inflation ceiling applies to.
INFLATION_QUANTILE = 90.0


@dataclass(frozen=True)
class Outcomes:
    """Per policy and world: the metric, the fiscal cost, peak inflation after the
    ceasefire; each ``(policies, worlds)``, NaN where a run failed."""

    metric: np.ndarray
    cost: np.ndarray
    inflation: np.ndarray

    def risk(self, war: np.ndarray) -> np.ndarray:
        """``(policies,)``: share of worlds where the peace is worse than the war (a
        failed run counts as worse)."""
        worse = ~(self.metric <= war[None, :])
        return worse.mean(axis=1)

    def median_cost(self) -> np.ndarray:
        with np.errstate(invalid="ignore"):
            return np.nanmedian(np.where(np.isnan(self.cost), np.inf, self.cost), axis=1)

    def inflation_quantile(self) -> np.ndarray:
        filled = np.where(np.isnan(self.inflation), np.inf, self.inflation)
        return np.percentile(filled, INFLATION_QUANTILE, axis=1, method="higher")


@dataclass(frozen=True)
class Reference:
    """A reference policy run in the scenario's worlds (sudden peace, managed peace...):
    its lever values ``(levers,)``, risk, cost, inflation and regrets (as
    :attr:`ExitPolicyResult.regret`)."""

    values: np.ndarray
    risk: float
    cost: float
    inflation: float
    regret: np.ndarray


@dataclass(frozen=True)
class ExitPolicyResult:
    """An exit-policy search: every policy run, the front, the references, the choice.

    Attributes
    ----------
    levers
        The levers searched, with their ranges.
    policies
        ``(points, levers)``: every distinct policy evaluated (values as run).
    risk, cost, inflation
        ``(points,)``: share of worlds worse than the war, median net debt at the end
        (trn RUB, 2024 prices), 90th percentile of peak inflation after the ceasefire
        (%/year).
    front
        Indices of the non-dominated policies meeting the inflation ceiling, cheapest last.
    chosen
        Index of the chosen policy.
    references
        Name -> :class:`Reference`: the reference policies.
    regret
        ``(front, 4)``: per front policy, the largest and the 90th-percentile regret in the
        metric, then in the cost, over the worlds, against the best of the front and the
        references in each world.
    """

    scenario: Scenario
    levers: tuple[Lever, ...]
    metric: str
    metric_label: str
    metric_units: str
    members: int
    policies: np.ndarray
    risk: np.ndarray
    cost: np.ndarray
    inflation: np.ndarray
    generation: np.ndarray
    front: np.ndarray
    chosen: int
    references: Mapping[str, Reference]
    war_cost: float
    regret: np.ndarray
    inflation_ceiling: float
    max_risk: float
    metadata: Mapping[str, Any] = field(default_factory=dict)

    @property
    def feasible(self) -> np.ndarray:
        return self.inflation <= self.inflation_ceiling

    def risk_interval(self, index: int) -> tuple[float, float]:
        """95 % Wilson interval of a policy's risk share over the worlds."""
        return self.interval(float(self.risk[index]))

    def interval(self, share: float) -> tuple[float, float]:
        """95 % Wilson interval of a share of the worlds."""
        low, high = wilson_interval(round(share * self.members), self.members)
        return float(low), float(high)

    def values(self, index: int) -> dict[str, float]:
        return {lv.name: float(self.policies[index, j]) for j, lv in enumerate(self.levers)}

    def verdict(self) -> str:
        """What the chosen policy is: ``"best"`` (within the inflation ceiling and the risk
        asked for), ``"over the ceiling"`` (nothing met the ceiling: the least violating) or
        ``"too risky"`` (within the ceiling, none safe enough: the least risky)."""
        c = self.chosen
        if not self.feasible[c]:
            return "over the ceiling"
        return "too risky" if self.risk[c] > self.max_risk else "best"

    def sentence(self) -> str:
        """The message of the search in one sentence."""
        c = self.chosen
        parts = [
            f"{share_text(self.risk[c])} of worlds with the peace worse than the war at a net "
            f"debt of {self.cost[c]:.1f} trn RUB"
        ]
        for name, ref in self.references.items():
            parts.append(f"{name}: {share_text(ref.risk)} at {ref.cost:.1f} trn RUB")
        name = self.scenario.name
        verdict = self.verdict()
        if verdict == "over the ceiling":  # the least violating, said so
            lead = (
                f"No exit policy found for {name} keeps inflation after the ceasefire within "
                f"{self.inflation_ceiling:g} %/year in 9 worlds of 10 (the nearest: "
                f"{self.inflation[c]:.1f} %); the least violating: "
            )
        elif verdict == "too risky":  # within the ceiling, but none safe enough
            lead = (
                f"No exit policy found for {name} with the peace worse than the war in at "
                f"most {share_text(self.max_risk)} of worlds; the least risky: "
            )
        else:
            lead = f"Best exit policy found for {name}: "
        return (
            lead + parts[0]
            + (f" ({'; '.join(parts[1:])})" if parts[1:] else "")
            + f"; war continues: {self.war_cost:.1f} trn RUB."
        )  # fmt: skip


def share_text(share: float) -> str:
    """A share of the worlds as people read it: ``2.5 %`` (one decimal unless whole, since
    200 worlds give half-percent steps, which ``.0f`` would round to even: 2.5 -> 2)."""
    pct = 100 * float(share)
    return f"{pct:.0f} %" if abs(pct - round(pct)) < 1e-9 else f"{pct:.1f} %"
