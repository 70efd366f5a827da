"""The results of a loop-dominance analysis: loops, phases and the analysis of one run.

Frozen dataclasses (:class:`LoopTrace`, :class:`Phase`, :class:`Dominance`) that
:func:`wardilemma.analysis.dominance.loop_dominance` returns; they compute monthly means,
families and phases from the step-by-step scores and hold no reference to the run.
Illustrative model, not a forecast.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from wardilemma.errors import InputError

__all__ = ["DEFAULT_MAX_LENGTH", "Dominance", "DominanceError", "LoopTrace", "Phase"]

#: Longest loop (nodes of the flattened graph, stages of builtins included) enumerated.
DEFAULT_MAX_LENGTH = 32


class DominanceError(InputError, ValueError):
    """The analysis cannot run (unknown variable or region, no loop through the target)."""


@dataclass(frozen=True)
class LoopTrace:
    """One feedback loop through the target and its scores over the run.

    Attributes
    ----------
    nodes
        The loop in causal order, starting at the target; a regional node carries its
        region in brackets (``discontent[provinces]``); a builtin's stage is shown as
        ``owner (smooth)``.
    name
        The loop's meaning when it is a named loop (:data:`wardilemma.analysis.loops.NAMED_LOOPS`,
        :data:`wardilemma.analysis.loops.TARGET_LOOPS`),
        else a name generated from the stocks it passes through.
    family
        The group the loop is shown in: its name for a named loop, else the first and last
        stocks after the target (the channel out of the target and the one back) and the
        sign of its score summed over the run (R or B).
    score
        Loop score at each step, shape ``(steps,)``.
    relative
        Relative loop score at each step, in ``[-1, 1]``, shape ``(steps,)``.
    """

    nodes: tuple[str, ...]
    name: str
    family: str
    meaning: str
    expected: str
    score: np.ndarray = field(repr=False, compare=False)
    relative: np.ndarray = field(repr=False, compare=False)

    @property
    def variables(self) -> tuple[str, ...]:
        """Model variables on the loop, regions and builtin stages folded."""
        out: list[str] = []
        for n in self.nodes:
            base = n.split("[")[0].split(" (")[0]
            if base not in out:
                out.append(base)
        return tuple(out)

    @property
    def polarity(self) -> np.ndarray:
        """Polarity at each step: +1 reinforcing, -1 balancing, 0 inactive."""
        return np.sign(self.score).astype(int)

    def polarity_changes(self, time: np.ndarray) -> list[tuple[float, int]]:
        """Months at which the loop's polarity flips (ignoring inactive steps), with the
        new polarity."""
        active = np.flatnonzero(self.polarity != 0)
        signs = self.polarity[active]
        flips = np.flatnonzero(np.diff(signs) != 0) + 1
        return [(float(time[active[i]]), int(signs[i])) for i in flips]


@dataclass(frozen=True)
class Phase:
    """A span of the run in which one loop family has the largest relative score.

    Attributes
    ----------
    start, end
        Months since the start of the run.
    family
        The leading family (a loop of the brief is a family of its own).
    mean_relative
        The family's relative loop score (summed over its loops), averaged over the phase.
    strongest
        The family's loop with the largest mean absolute relative score in the phase.
    """

    start: float
    end: float
    family: str
    mean_relative: float
    strongest: LoopTrace
    size: int = 1

    @property
    def months(self) -> float:
        return self.end - self.start

    @property
    def polarity(self) -> str:
        return "reinforcing" if self.mean_relative > 0 else "balancing"


@dataclass(frozen=True)
class Dominance:
    """Loop dominance for one target variable through one run.

    Attributes
    ----------
    time
        End of each scored step, months since the start, shape ``(steps,)``; the score at
        ``time[k]`` describes the step ``[time[k] - dt, time[k]]``.
    loops
        The loops through the target, by decreasing mean absolute relative score.
    ceasefire
        Month at which ``at_war`` falls below 0.5, or None.
    seconds
        Wall time of the analysis (run, link scores, loops), in seconds.
    """

    scenario: str
    variable: str
    region: str | None
    time: np.ndarray
    loops: tuple[LoopTrace, ...]
    start: str = "2025-01"
    ceasefire: float | None = None
    max_length: int = DEFAULT_MAX_LENGTH
    seconds: float = 0.0

    @property
    def target(self) -> str:
        return f"{self.variable}[{self.region}]" if self.region else self.variable

    @property
    def target_text(self) -> str:
        """The target in words: ``discontent (provinces)``."""
        text = self.variable.replace("_", " ")
        return f"{text} ({self.region})" if self.region else text

    @cached_property
    def monthly(self) -> tuple[np.ndarray, np.ndarray]:
        """Mean relative score of each loop over each month of the run.

        Returns
        -------
        months, relative
            Month ends, shape ``(M,)``, and relative scores, shape ``(loops, M)``.
        """
        month = np.ceil(self.time - 1e-9).astype(int)
        ends = np.unique(month)
        rel = np.vstack([lp.relative for lp in self.loops]) if self.loops else np.empty((0, 0))
        out = np.zeros((len(self.loops), len(ends)))
        for j, m in enumerate(ends):
            out[:, j] = rel[:, month == m].mean(axis=1)
        return ends.astype(float), out

    @cached_property
    def families(self) -> dict[str, list[int]]:
        """Indices into :attr:`loops` of each family, strongest family first."""
        out: dict[str, list[int]] = {}
        for i, lp in enumerate(self.loops):
            out.setdefault(lp.family, []).append(i)
        _, rel = self.monthly
        weight = {f: float(np.abs(rel[idx].sum(axis=0)).mean()) for f, idx in out.items()}
        return dict(sorted(out.items(), key=lambda kv: -weight[kv[0]]))

    def family_relative(self) -> tuple[list[str], np.ndarray]:
        """Monthly relative score of each family (sum over its loops), shape ``(F, M)``."""
        _, rel = self.monthly
        names = list(self.families)
        return names, np.vstack([rel[idx].sum(axis=0) for idx in self.families.values()])

    def phases(self, *, min_months: int = 3) -> list[Phase]:
        """Contiguous spans in which one family has the largest monthly |relative score|.

        Parameters
        ----------
        min_months
            A lead shorter than this many months (a blip at a call-up pulse) is merged
            into the phase before it (or after it, at the start of the run).
        """
        months, rel = self.monthly
        if rel.size == 0:
            return []
        names, fam = self.family_relative()
        active = np.abs(fam).sum(axis=0) > 0
        leader = np.where(active, np.argmax(np.abs(fam), axis=0), -1)
        runs: list[list[int]] = []  # [leader, first month index, last month index]
        for j, k in enumerate(leader):
            if runs and runs[-1][0] == k:
                runs[-1][2] = j
            else:
                runs.append([int(k), j, j])
        while len(runs) > 1:
            short = next((i for i, r in enumerate(runs) if r[2] - r[1] + 1 < min_months), None)
            if short is None:
                break
            into = short - 1 if short > 0 else 1
            runs[into][1] = min(runs[into][1], runs[short][1])
            runs[into][2] = max(runs[into][2], runs[short][2])
            del runs[short]
            merged: list[list[int]] = []
            for r in runs:
                if merged and merged[-1][0] == r[0]:
                    merged[-1][2] = r[2]
                else:
                    merged.append(r)
            runs = merged
        out = []
        for k, a, b in runs:
            if k < 0:
                continue
            idx = self.families[names[k]]
            best = max(idx, key=lambda i: float(np.abs(rel[i, a : b + 1]).mean()))
            first = float(months[a - 1]) if a > 0 else 0.0
            out.append(
                Phase(
                    first,
                    float(months[b]),
                    names[k],
                    float(fam[k, a : b + 1].mean()),
                    self.loops[best],
                    len(idx),
                )
            )
        return out
