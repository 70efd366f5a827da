"""Claims as people read them: a terminal table (``claims.json`` and the bar figure are
written by :mod:`wardilemma.figures.claims`).

Illustrative model, not a forecast.
"""

from __future__ import annotations

import textwrap

from wardilemma.analysis.claims.discovery import pct
from wardilemma.analysis.claims.robustness import ClaimsReport
from wardilemma.text import ILLUSTRATIVE

__all__ = ["claims_table"]


def claims_table(report: ClaimsReport, *, width: int = 100) -> str:
    """The claims as a plain-text table: verdict on the defaults, numbers, robustness."""
    lines = [ILLUSTRATIVE.upper(), ""]
    if report.file.title:
        lines += [report.file.title, ""]
    if report.ensemble:
        lines.append(
            f"Ensemble: {report.ensemble:,} members ({report.sampler}, seed {report.seed}) "
            f"drawn from the [uncertainty] tables of the scenarios; the same draws for every "
            "scenario a claim compares."
        )
        if report.posterior:
            lines.append(
                "The parameters the posterior covers are drawn from it "
                f"({report.posterior}): "
                + ", ".join(sorted(getattr(report.draws, "posterior", {})))
                + "."
            )
        lines.append("")
    wrap = textwrap.TextWrapper(width=width, initial_indent="    ", subsequent_indent="    ")
    for i, r in enumerate(report.results, 1):
        verdict = "HOLDS" if r.holds else "FAILS"
        head = f"{i:>2}. [{verdict}] {r.claim.id}"
        if r.ensemble is not None and r.interval is not None:
            lo, hi = r.interval
            head += (
                f"  holds in {pct(r.ensemble.share)} of members "
                f"(95 % interval {pct(lo)} to {pct(hi)})"
            )
        lines.append(head)
        lines += wrap.wrap(r.claim.text)
        lines += wrap.wrap("defaults: " + r.default.summary)
        if r.box is not None:
            lines += wrap.wrap("where: " + r.box.describe())
        elif r.box_error:
            lines += wrap.wrap("where: " + r.box_error)
        lines.append("")
    n = len(report.results)
    k = sum(r.holds for r in report.results)
    lines.append(f"{k} of {n} claims hold on the defaults.")
    return "\n".join(lines)
