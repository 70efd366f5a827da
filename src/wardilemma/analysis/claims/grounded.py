"""Grounded robustness: each claim's share of members where it holds, under the priors and
under a fit's posterior, side by side.

A share over the priors says how robust a claim is over ranges someone picked; over the
posterior of a fit to the public record (``wardilemma fit``), over the worlds consistent
with what happened. :func:`grounded_claims` evaluates the same claims on the same draws
(same seed and sampler; the parameters the posterior covers then take resampled posterior
values, the others keep their prior draws), and :func:`write_grounded` writes
``claims_grounded.png`` and ``claims_grounded.md`` (a table with 95 % Wilson intervals).
Illustrative model, not a forecast.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from wardilemma.analysis.claims.discovery import pct
from wardilemma.analysis.claims.robustness import ClaimsReport, check_claims
from wardilemma.analysis.claims.spec import Claim, ClaimsFile
from wardilemma.atomic import write_text
from wardilemma.figures.save import save_figure
from wardilemma.text import ILLUSTRATIVE

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

    from wardilemma.analysis.fit.posterior import Posterior

__all__ = ["Grounded", "grounded_claims", "grounded_figure", "grounded_table", "write_grounded"]

PRIOR, POSTERIOR = "#999999", "#0072B2"


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


def _interval(report: ClaimsReport, k: int) -> tuple[float, float]:
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
        lo_a, hi_a = _interval(grounded.prior, k)
        lo_b, hi_b = _interval(post, k)
        change = round(100 * (b.share - a.share))
        points = f"{change:+d} point{'' if abs(change) == 1 else 's'}"
        lines.append(
            f"| {a.claim.id} | {pct(a.share)} ({pct(lo_a)}-{pct(hi_a)}) | {pct(b.share)} "
            f"({pct(lo_b)}-{pct(hi_b)}) | {points} |"
        )
    return "\n".join(lines) + "\n"


def grounded_figure(grounded: Grounded) -> Figure:
    """Two bars per claim (priors grey, posterior blue) with their 95 % intervals."""
    import matplotlib.pyplot as plt

    from wardilemma.figures.style import FONTS

    prior, post = grounded.prior, grounded.posterior
    n = len(prior.results)
    fig, ax = plt.subplots(figsize=(12, max(4.5, 0.8 * n + 2.2)), layout="constrained")
    y = np.arange(n)[::-1].astype(float)
    for report, offset, colour, label in (
        (prior, 0.19, PRIOR, "over the priors ([uncertainty] tables)"),
        (post, -0.19, POSTERIOR, "over the posterior of the fit to the record"),
    ):
        share = np.array([r.share for r in report.results], dtype=float) * 100
        bounds = np.array([_interval(report, k) for k in range(n)]) * 100
        err = np.vstack([share - bounds[:, 0], bounds[:, 1] - share])
        ax.barh(y + offset, share, height=0.36, color=colour, xerr=err, capsize=3, label=label)
        for yi, s in zip(y + offset, share, strict=True):
            ax.text(101.5, yi, f"{s:.0f} %", va="center", fontsize=FONTS["note"], color=colour)
    ax.set_yticks(y, [textwrap.fill(r.claim.id.replace("_", " "), 30) for r in prior.results])
    ax.set_xlim(0, 110)
    ax.set_xticks([0, 20, 40, 60, 80, 100])
    ax.set_xlabel(
        f"share of {post.ensemble:,} members where the claim holds (%, 95 % interval)",
        fontsize=FONTS["label"],
    )
    ax.tick_params(labelsize=FONTS["tick"])
    ax.grid(axis="x", alpha=0.3)
    ax.set_title(
        "Grounded robustness: does each claim still hold in the worlds the record allows?",
        fontsize=FONTS["title"], loc="left",
    )  # fmt: skip
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=2,
              fontsize=FONTS["legend"], frameon=False)  # fmt: skip
    fig.suptitle(ILLUSTRATIVE, fontsize=FONTS["note"], color="0.35", x=0.99, ha="right")
    return fig


def write_grounded(
    grounded: Grounded, out_dir: str | Path, *, source: str | None = None
) -> dict[str, Path]:
    """Write ``claims_grounded.png`` and ``claims_grounded.md`` (:func:`grounded_table`
    with ``source``) into ``out_dir``."""
    import matplotlib.pyplot as plt

    from wardilemma.atomic import ensure_writable_dir

    out = ensure_writable_dir(out_dir)
    table = grounded_table(grounded, source)
    paths = {"grounded_table": write_text(out / "claims_grounded.md", table)}
    fig = grounded_figure(grounded)
    try:
        paths["grounded_figure"] = save_figure(
            fig, out / "claims_grounded.png", title="Claims over the priors and the posterior"
        )
    finally:
        plt.close(fig)
    return paths
