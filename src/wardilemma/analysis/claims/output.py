"""Claims as people read them: a terminal table, ``claims.json`` and a bar figure.

Illustrative model, not a forecast.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from wardilemma.analysis.claims.discovery import pct
from wardilemma.analysis.claims.robustness import ClaimsReport
from wardilemma.atomic import write_text
from wardilemma.figures.save import save_figure
from wardilemma.text import ILLUSTRATIVE

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = ["claims_figure", "claims_table", "write_claims"]


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


def claims_figure(report: ClaimsReport) -> Figure:
    """One horizontal bar per claim: the share of ensemble members where it holds, with its
    95 % interval, coloured by the verdict on the default parameters. Without an ensemble the
    bars show the verdicts alone (100 % holds, 0 % fails)."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    from wardilemma.figures.style import FONTS, PALETTE

    results = report.results
    n = len(results)
    fig, ax = plt.subplots(figsize=(12, max(4.5, 0.62 * n + 2.2)), layout="constrained")
    y = np.arange(n)[::-1]
    colours = [PALETTE[0] if r.holds else PALETTE[1] for r in results]
    if report.ensemble:
        share = np.array([r.share for r in results], dtype=float) * 100
        lo = np.array([r.interval[0] for r in results if r.interval is not None]) * 100
        hi = np.array([r.interval[1] for r in results if r.interval is not None]) * 100
        ax.barh(y, share, color=colours, xerr=np.vstack([share - lo, hi - share]), capsize=4)
        for yi, s, a, b in zip(y, share, lo, hi, strict=True):
            ax.text(b + 1.5, yi, f"{pct(s / 100)} ({pct(a / 100)} to {pct(b / 100)})",
                    va="center", fontsize=FONTS["note"])  # fmt: skip
        drawn = " (drawn from the posterior)" if report.posterior else ""
        xlabel = (f"share of {report.ensemble:,} members{drawn} where the claim holds "
                  "(%, 95 % interval)")  # fmt: skip
    else:
        share = np.array([100.0 if r.holds else 0.0 for r in results])
        ax.barh(y, share, color=colours)
        for yi, r in zip(y, results, strict=True):
            ax.text(2 if not r.holds else 101, yi, "fails" if not r.holds else "holds",
                    va="center", ha="left", fontsize=FONTS["note"])  # fmt: skip
        xlabel = "verdict with the default parameters (run with --ensemble N for robustness)"
    ax.set_yticks(y, [textwrap.fill(r.claim.id.replace("_", " "), 30) for r in results])
    ax.set_xlim(0, 100 + (32 if report.ensemble else 12))
    ax.set_xticks([0, 20, 40, 60, 80, 100])
    ax.set_xlabel(xlabel, fontsize=FONTS["label"])
    ax.tick_params(labelsize=FONTS["tick"])
    ax.grid(axis="x", alpha=0.3)
    ax.set_title("How robust is each claim of the thesis?", fontsize=FONTS["title"], loc="left")
    handles = [
        Patch(color=PALETTE[0], label="holds with the default parameters"),
        Patch(color=PALETTE[1], label="fails with the default parameters"),
    ]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=2,
              fontsize=FONTS["legend"], frameon=False)  # fmt: skip
    fig.suptitle(ILLUSTRATIVE, fontsize=FONTS["note"], color="0.35", x=0.99, ha="right")
    return fig


def write_claims(report: ClaimsReport, out_dir: str | Path) -> dict[str, Path]:
    """Write ``claims.json``, ``claims.txt`` and ``claims.png`` into ``out_dir`` (atomically).

    Returns
    -------
    dict
        ``kind -> path`` of every file written.
    """
    import matplotlib.pyplot as plt

    from wardilemma.atomic import ensure_writable_dir

    out = ensure_writable_dir(out_dir)
    paths = {
        "json": write_text(out / "claims.json", json.dumps(report.to_dict(), indent=2) + "\n"),
        "table": write_text(out / "claims.txt", claims_table(report) + "\n"),
    }
    fig = claims_figure(report)
    try:
        paths["figure"] = save_figure(fig, out / "claims.png", title="Claims of the thesis")
    finally:
        plt.close(fig)
    return paths
