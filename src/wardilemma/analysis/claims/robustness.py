"""Robustness of claims: run a claims file on the defaults and on an ensemble, summarise.

:func:`check_claims` is the one library call behind ``wardilemma claims``: it evaluates every
claim on the defaults (one run per scenario) and, when ``ensemble`` is given, on that many
members drawn from the scenarios' ``[uncertainty]`` tables (the same draws for every scenario
a claim compares), then reports for each claim the share of members where it holds with a
95 % Wilson interval and, where the outcome is mixed, the box of parameters where it fails
(:mod:`~wardilemma.analysis.claims.discovery`).

Illustrative model, not a forecast.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from wardilemma import __version__
from wardilemma.analysis.claims.discovery import Box, find_box
from wardilemma.analysis.claims.evaluate import Verdict, evaluate_claims
from wardilemma.analysis.claims.spec import Claim, ClaimsFile
from wardilemma.analysis.uncertainty.worlds import draw_worlds
from wardilemma.metrics import wilson_interval
from wardilemma.scenario import Scenario, load_scenario
from wardilemma.text import ILLUSTRATIVE

if TYPE_CHECKING:  # pragma: no cover
    from wardilemma.analysis.fit.posterior import Posterior
    from wardilemma.analysis.uncertainty import Draws

__all__ = ["ClaimResult", "ClaimsReport", "check_claims"]


@dataclass(frozen=True)
class ClaimResult:
    """One claim: its verdict on the defaults and, optionally, its robustness.

    Attributes
    ----------
    claim
        The claim.
    default
        The verdict of the single run with each scenario's own values.
    ensemble
        The verdict of every ensemble member (``None`` without ``--ensemble``).
    interval
        95 % Wilson interval of the share holding.
    box
        Where the minority outcome concentrates (``None`` when all members agree).
    box_error
        Why no box could be computed (for example scikit-learn missing).
    """

    claim: Claim
    default: Verdict
    ensemble: Verdict | None = None
    interval: tuple[float, float] | None = None
    box: Box | None = None
    box_error: str = ""

    @property
    def holds(self) -> bool:
        """Whether the claim holds on the defaults."""
        return bool(self.default.holds[0])

    @property
    def share(self) -> float | None:
        return None if self.ensemble is None else self.ensemble.share

    def to_dict(self) -> dict[str, Any]:
        c = self.claim
        out: dict[str, Any] = {
            "id": c.id,
            "kind": c.kind,
            "text": c.text,
            "source": c.spec.source,
            "scenarios": {k: str(v) for k, v in c.scenarios.items()},
            "holds_on_defaults": self.holds,
            "defaults": self.default.summary,
            "default_values": {k: _jsonable(v[0]) for k, v in self.default.values.items()},
        }
        if self.ensemble is not None and self.interval is not None:
            out["ensemble"] = {
                "members": self.ensemble.members,
                "share_holding": self.ensemble.share,
                "interval_95": list(self.interval),
                "where_minority": None if self.box is None else {
                    "outcome": self.box.outcome,
                    "conditions": [list(x) for x in self.box.conditions],
                    "mass": self.box.mass,
                    "density": self.box.density,
                    "coverage": self.box.coverage,
                    "base": self.box.base,
                    "sentence": self.box.describe(),
                },
                "where_note": self.box_error,
            }  # fmt: skip
        return out


def _jsonable(x: float) -> float | str | None:
    x = float(x)
    if np.isnan(x):
        return None
    if np.isinf(x):
        return "never" if x > 0 else "-inf"
    return x


@dataclass(frozen=True)
class ClaimsReport:
    """Every claim of a file with its verdicts; provenance for the outputs."""

    file: ClaimsFile
    results: tuple[ClaimResult, ...]
    ensemble: int | None = None
    seed: int | None = None
    sampler: str | None = None
    draws: Draws | None = None
    posterior: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "illustrative": ILLUSTRATIVE,
            "claims_file": str(self.file.path),
            "title": self.file.title,
            "ensemble": self.ensemble,
            "seed": self.seed,
            "sampler": self.sampler,
            "posterior": self.posterior,
            "from_posterior": sorted(getattr(self.draws, "posterior", {})),
            "uncertain_parameters": [] if self.draws is None else list(self.draws.names),
            "versions": _versions(__version__),
            "claims": [r.to_dict() for r in self.results],
        }


def _versions(own: str) -> dict[str, str]:
    import platform

    import scipy

    out = {"wardilemma": own, "numpy": np.__version__, "scipy": scipy.__version__,
           "python": platform.python_version()}  # fmt: skip
    try:
        import sklearn

        out["scikit-learn"] = sklearn.__version__
    except ImportError:
        pass
    return out


def check_claims(
    claims: ClaimsFile,
    *,
    ensemble: int | None = None,
    seed: int = 0,
    sampler: str = "lhs",
    months: float | None = None,
    progress: Callable[[Claim], None] | None = None,
    posterior: Posterior | None = None,
) -> ClaimsReport:
    """Evaluate a claims file on the defaults and, optionally, on an ensemble.

    Parameters
    ----------
    claims
        A loaded claims file (:func:`~wardilemma.analysis.claims.load_claims`).
    ensemble
        Number of members drawn from the scenarios' ``[uncertainty]`` tables; ``None``
        evaluates the defaults only.
    seed, sampler
        Seed and sampler (``"random"``, ``"lhs"`` or ``"sobol"``) of the draws; the same seed
        gives the same numbers.
    months
        Override the run length of every scenario.
    progress
        Called after each claim is evaluated (twice per claim with an ensemble).
    posterior
        A fit's posterior: the ensemble draws the parameters it covers from it
        (:func:`~wardilemma.analysis.fit.posterior.posterior_draws`), the others from the
        priors.
    """
    defaults = evaluate_claims(claims, months=months, progress=progress)
    if not ensemble:
        results = tuple(ClaimResult(c, v) for c, v in zip(claims.claims, defaults, strict=True))
        return ClaimsReport(claims, results)
    if ensemble < 2:
        raise ValueError(f"--ensemble must be at least 2, got {ensemble}")
    scenarios = _scenarios(claims.claims)
    draws = draw_worlds(list(scenarios.values()), ensemble, seed=seed, sampler=sampler,
                        posterior=posterior)  # fmt: skip
    verdicts = evaluate_claims(claims, draws=draws, months=months, progress=progress)
    out = []
    for claim, default, verdict in zip(claims.claims, defaults, verdicts, strict=True):
        k = int(verdict.holds.sum())
        low, high = wilson_interval(k, verdict.members)
        interval = (float(low), float(high))
        features: dict[str, np.ndarray] = {}
        for path in claim.scenarios.values():
            for name, values in draws.table(scenarios[path]).items():
                features.setdefault(name, values)
        box, note = None, ""
        try:
            box = find_box(features, verdict.holds)
        except ImportError as exc:
            note = str(exc)
        out.append(ClaimResult(claim, default, verdict, interval, box, note))
    source = None if posterior is None else str(posterior.path)
    return ClaimsReport(claims, tuple(out), ensemble, seed, sampler, draws, source)


def _scenarios(claims: Sequence[Claim]) -> dict[Path, Scenario]:
    """Every scenario the claims compare, loaded once, by path."""
    out: dict[Path, Scenario] = {}
    for claim in claims:
        for path in claim.scenarios.values():
            if path not in out:
                out[path] = load_scenario(path, warn=False)
    return out
