"""Where in the parameter space a claim fails: scenario discovery with a shallow tree.

Exploratory modellers ask not only "how often does it hold" but "under which assumptions
does it break". Following the scenario-discovery practice (Bryant and Lempert 2010; the EMA
Workbench's ``analysis`` module), a shallow classification tree (scikit-learn's
``DecisionTreeClassifier``, an optional dependency: the ``claims`` extra) is fitted to the
draws, with the minority outcome (failing, or holding when it mostly fails) as the target.
The leaf where that outcome is densest becomes a box of at most ``depth`` conditions, reported
with its *coverage* (share of all such outcomes inside the box), *density* (share of the box
with that outcome) and *mass* (share of the draws inside the box), in words an instructor can
repeat: "sudden peace stops being worse when deprivation_sensitivity < 1.8 and
veteran_sensitivity < 1.2: 7 % of draws, where it fails in 85 % (61 % of all failures)".

Illustrative model, not a forecast.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

__all__ = ["Box", "find_box", "pct"]


@dataclass(frozen=True)
class Box:
    """A region of the parameter space where one outcome of a claim concentrates.

    Attributes
    ----------
    outcome
        ``"fails"`` or ``"holds"``: the minority outcome described by the box.
    conditions
        ``(parameter, op, value)`` with ``op`` in ``"<="`` or ``">"``, at most one lower and
        one upper bound per parameter.
    mass
        Share of all draws inside the box.
    density
        Share of the draws inside the box with ``outcome``.
    coverage
        Share of all draws with ``outcome`` that fall inside the box.
    base
        Share of all draws with ``outcome`` (the density to beat).
    """

    outcome: str
    conditions: tuple[tuple[str, str, float], ...]
    mass: float
    density: float
    coverage: float
    base: float

    def describe(self, claim_text: str = "") -> str:
        """The box in one sentence."""
        if not self.conditions:
            return f"{self.outcome} with no clear pattern in the uncertain parameters"
        cond = " and ".join(f"{p} {op} {v:.3g}" for p, op, v in self.conditions)
        verb = "fails" if self.outcome == "fails" else "holds"
        return (
            f"{verb} mostly when {cond}: {pct(self.mass)} of draws, where it {verb} in "
            f"{pct(self.density)} against {pct(self.base)} overall "
            f"({pct(self.coverage)} of all draws where it {verb})"
        )


def pct(share: float) -> str:
    """A share as a percentage: one decimal near 0 and 100 %, whole numbers elsewhere."""
    if 0 < share < 0.01 or 0.99 < share < 1:
        return f"{100 * share:.1f} %"
    return f"{100 * share:.0f} %"


def _merge(conditions: list[tuple[str, str, float]]) -> tuple[tuple[str, str, float], ...]:
    """Keep the tightest lower and upper bound of each parameter."""
    lower: dict[str, float] = {}
    upper: dict[str, float] = {}
    order: list[str] = []
    for name, op, value in conditions:
        if name not in order:
            order.append(name)
        if op == "<=":
            upper[name] = min(upper.get(name, np.inf), value)
        else:
            lower[name] = max(lower.get(name, -np.inf), value)
    out: list[tuple[str, str, float]] = []
    for name in order:
        if name in lower:
            out.append((name, ">", lower[name]))
        if name in upper:
            out.append((name, "<=", upper[name]))
    return tuple(out)


def find_box(
    draws: Mapping[str, np.ndarray],
    holds: np.ndarray,
    *,
    depth: int = 2,
    min_mass: float = 0.05,
    seed: int = 0,
) -> Box | None:
    """The box where the minority outcome of a claim concentrates.

    Parameters
    ----------
    draws
        ``parameter -> values``, each of shape ``(members,)``; parameters that do not vary
        are ignored.
    holds
        The claim's verdict per member, shape ``(members,)``.
    depth
        Largest number of conditions along a path of the tree.
    min_mass
        Smallest share of the draws a leaf may hold (keeps boxes meaningful).
    seed
        Seed of the tree's tie-breaking.

    Returns
    -------
    Box or None
        ``None`` when every member agrees or nothing varies.

    Raises
    ------
    ImportError
        When scikit-learn is not installed (``pip install wardilemma[claims]``).
    """
    holds = np.asarray(holds, dtype=bool)
    n = holds.size
    names = [k for k, v in draws.items() if np.ptp(np.asarray(v)) > 0]
    if n == 0 or holds.all() or not holds.any() or not names:
        return None
    try:
        from sklearn.tree import DecisionTreeClassifier
    except ImportError as exc:  # pragma: no cover - exercised without the extra
        raise ImportError(
            "where-claims-fail analysis needs scikit-learn: pip install 'wardilemma[claims]'"
        ) from exc
    outcome = "fails" if holds.mean() >= 0.5 else "holds"
    target = ~holds if outcome == "fails" else holds
    x = np.column_stack([np.asarray(draws[k], dtype=float) for k in names])
    tree = DecisionTreeClassifier(
        max_depth=depth, min_samples_leaf=max(1, int(np.ceil(min_mass * n))), random_state=seed
    ).fit(x, target)
    t = tree.tree_
    leaves = tree.apply(x)
    # The leaf where the outcome is densest (ties: the one covering more of it).
    leaf = max(
        (int(x) for x in np.unique(leaves)),
        key=lambda x: (target[leaves == x].mean(), target[leaves == x].sum()),
    )
    # Walk from the root to the leaf, collecting the split conditions.
    parent: dict[int, tuple[int, bool]] = {}
    for node in range(t.node_count):
        if t.children_left[node] != -1:
            parent[int(t.children_left[node])] = (node, True)
            parent[int(t.children_right[node])] = (node, False)
    conditions: list[tuple[str, str, float]] = []
    node = leaf
    while node in parent:
        up, left = parent[node]
        name = names[int(t.feature[up])]
        conditions.append((name, "<=" if left else ">", float(t.threshold[up])))
        node = up
    inside = leaves == leaf
    return Box(
        outcome=outcome,
        conditions=_merge(conditions[::-1]),
        mass=float(inside.mean()),
        density=float(target[inside].mean()),
        coverage=float(target[inside].sum() / target.sum()),
        base=float(target.mean()),
    )
