"""The figures and files of the claims: one bar per claim (:func:`claims_figure`), the
prior and posterior bars side by side (:func:`grounded_figure`), and the writers of each
folder (:func:`write_claims`: ``claims.json``, ``claims.txt``, ``claims.png``;
:func:`write_grounded`: ``claims_grounded.md``, ``claims_grounded.png``). The claims are
evaluated in :mod:`wardilemma.analysis.claims`.

Illustrative model, not a forecast.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from wardilemma.analysis.claims.discovery import pct
from wardilemma.analysis.claims.grounded import Grounded, grounded_table, interval
from wardilemma.analysis.claims.output import claims_table
from wardilemma.analysis.claims.robustness import ClaimsReport
from wardilemma.atomic import ensure_writable_dir, write_text
from wardilemma.figures.save import save_and_close
from wardilemma.figures.style import FONTS, PALETTE
from wardilemma.text import ILLUSTRATIVE

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = ["claims_figure", "grounded_figure", "write_claims", "write_grounded"]

#: Bar colours of the grounded figure: over the priors, over the posterior.
PRIOR, POSTERIOR = "#999999", "#0072B2"


def claims_figure(report: ClaimsReport) -> Figure:
    """One horizontal bar per claim: the share of ensemble members where it holds, with its
    95 % interval, coloured by the verdict on the default parameters. Without an ensemble the
    bars show the verdicts alone (100 % holds, 0 % fails)."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

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
    out = ensure_writable_dir(out_dir)
    paths = {
        "json": write_text(out / "claims.json", json.dumps(report.to_dict(), indent=2) + "\n"),
        "table": write_text(out / "claims.txt", claims_table(report) + "\n"),
    }
    paths["figure"] = save_and_close(
        claims_figure(report), out / "claims.png", title="Claims of the thesis"
    )
    return paths


def grounded_figure(grounded: Grounded) -> Figure:
    """Two bars per claim (priors grey, posterior blue) with their 95 % intervals."""
    import matplotlib.pyplot as plt

    prior, post = grounded.prior, grounded.posterior
    n = len(prior.results)
    fig, ax = plt.subplots(figsize=(12, max(4.5, 0.8 * n + 2.2)), layout="constrained")
    y = np.arange(n)[::-1].astype(float)
    for report, offset, colour, label in (
        (prior, 0.19, PRIOR, "over the priors ([uncertainty] tables)"),
        (post, -0.19, POSTERIOR, "over the posterior of the fit to the record"),
    ):
        share = np.array([r.share for r in report.results], dtype=float) * 100
        bounds = np.array([interval(report, k) for k in range(n)]) * 100
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
    out = ensure_writable_dir(out_dir)
    table = grounded_table(grounded, source)
    paths = {"grounded_table": write_text(out / "claims_grounded.md", table)}
    paths["grounded_figure"] = save_and_close(
        grounded_figure(grounded),
        out / "claims_grounded.png",
        title="Claims over the priors and the posterior",
    )
    return paths
