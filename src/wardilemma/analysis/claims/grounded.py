"""Grounded robustness: each claim's share of members where it holds, under the priors and
under a fit's posterior, side by side.

A share over the priors says how robust a claim is over ranges someone picked; over the
posterior of a fit to the public record (``wardilemma fit``), over the worlds consistent
with what happened. :func:`grounded_claims` evaluates the same claims on the same draws
(same seed and sampler; the parameters the posterior covers then take resampled posterior
values, the others keep their prior draws), and :func:`grounded_table` is the
Markdown table (95 % Wilson intervals) that :func:`wardilemma.figures.claims.write_grounded`
writes with its figure.
Illustrative model, not a forecast.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from wardilemma.analysis.claims.discovery import pct
from wardilemma.analysis.claims.robustness import ClaimsReport, check_claims
from wardilemma.analysis.claims.spec import Claim, ClaimsFile
from wardilemma.text import ILLUSTRATIVE

if TYPE_CHECKING:  # pragma: no cover
    from wardilemma.analysis.fit.posterior import Posterior

__all__ = ["Grounded", "grounded_claims", "grounded_table", "interval"]


@dataclass(frozen=True)
class Grounded:
    """The same claims over the priors and over a posterior (the same draws otherwise)."""

    prior: ClaimsReport
    posterior: ClaimsReport

    def changes(self) -> list[tuple[str, float, float, float]]:
        """Per claim ``(id, prior share, posterior share, change)``, the largest change
        first."""
        out = [
            (a.claim.id, float(a.share), float(b.share), float(b.share - a.share))
            for a, b in zip(self.prior.results, self.posterior.results, strict=True)
        ]
        return sorted(out, key=lambda t: -abs(t[3]))


def grounded_claims(
    claims: ClaimsFile,
    posterior: Posterior,
    *,
    ensemble: int,
    seed: int = 0,
    sampler: str = "lhs",
    progress: Callable[[Claim], None] | None = None,
) -> Grounded:
    """Evaluate ``claims`` on ``ensemble`` members over the priors, then over ``posterior``
    (:func:`~wardilemma.analysis.claims.robustness.check_claims` twice, same draws)."""
    prior = check_claims(claims, ensemble=ensemble, seed=seed, sampler=sampler, progress=progress)
    post = check_claims(claims, ensemble=ensemble, seed=seed, sampler=sampler,
                        progress=progress, posterior=posterior)  # fmt: skip
    return Grounded(prior, post)


def interval(report: ClaimsReport, k: int) -> tuple[float, float]:
    """Claim ``k``'s 95 % interval in ``report`` (NaN, NaN without an ensemble)."""
    found = report.results[k].interval
    return (float("nan"), float("nan")) if found is None else found


def grounded_table(grounded: Grounded, source: str | None = None) -> str:
    """A Markdown table: each claim's share under the priors and under the posterior, with
    95 % intervals, and the change; ``source`` says where the posterior comes from
    (default: its file)."""
    post = grounded.posterior
    lines = [
        f"*{ILLUSTRATIVE}.* Share of {post.ensemble:,} members where each claim holds "
        f"({post.sampler}, seed {post.seed}; 95 % Wilson intervals); posterior: "
        f"{source or f'`{post.posterior}`'}.",
        "",
        "| claim | prior | posterior | change |",
        "| --- | --- | --- | --- |",
    ]
    for k, (a, b) in enumerate(zip(grounded.prior.results, post.results, strict=True)):
        lo_a, hi_a = interval(grounded.prior, k)
        lo_b, hi_b = interval(post, k)
        change = round(100 * (b.share - a.share))
        points = f"{change:+d} point{'' if abs(change) == 1 else 's'}"
        lines.append(
            f"| {a.claim.id} | {pct(a.share)} ({pct(lo_a)}-{pct(hi_a)}) | {pct(b.share)} "
            f"({pct(lo_b)}-{pct(hi_b)}) | {points} |"
        )
    return "\n".join(lines) + "\n"
