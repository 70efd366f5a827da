"""The dominant loop of each phase as text: a CSV table and a terminal table.

Illustrative model, not a forecast.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from wardilemma.analysis.dominance.results import Dominance, Phase
from wardilemma.results import month_label
from wardilemma.text import ILLUSTRATIVE

__all__ = ["format_phases", "phases_csv"]

_COLUMNS = (
    "scenario",
    "target",
    "from_month",
    "to_month",
    "from",
    "to",
    "months",
    "loop",
    "polarity",
    "mean_relative_score",
    "loops_in_family",
    "strongest_loop",
)


def _dates(d: Dominance, p: Phase) -> tuple[str, str]:
    return month_label(d.start, p.start), month_label(d.start, p.end - 1e-6)


def _phase_rows(analyses: Sequence[Dominance], min_months: int) -> list[list[str]]:
    rows = []
    for d in analyses:
        for p in d.phases(min_months=min_months):
            rows.append(
                [
                    d.scenario,
                    d.target,
                    f"{p.start:g}",
                    f"{p.end:g}",
                    *_dates(d, p),
                    f"{p.months:g}",
                    p.family,
                    p.polarity,
                    f"{p.mean_relative:+.3f}",
                    str(p.size),
                    " -> ".join(p.strongest.nodes),
                ]
            )
    return rows


def phases_csv(analyses: Sequence[Dominance], *, min_months: int = 3) -> str:
    """The dominant loop in each phase of each run, as CSV text (first line: the note)."""
    buf = io.StringIO()
    buf.write(f"# {ILLUSTRATIVE}. Loops That Matter relative loop scores (monthly means); ")
    buf.write(f"leads shorter than {min_months} months merged into the phase before.\n")
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(_COLUMNS)
    writer.writerows(_phase_rows(analyses, min_months))
    return buf.getvalue()


def format_phases(analyses: Sequence[Dominance], *, min_months: int = 3) -> str:
    """The dominant loop in each phase of each run, as a text table for the terminal."""
    lines = [f"Dominant feedback loops by phase. {ILLUSTRATIVE}."]
    for d in analyses:
        lines += [
            "",
            f"{d.scenario}: {len(d.loops)} loops through {d.target} (at most "
            f"{d.max_length} nodes) in {len(d.families)} families; relative loop score "
            f"of the leading loop or family, mean over the phase; {d.seconds:.1f} s",
        ]
        lines.append(f"  {'months':>9}  {'dates':<17} {'score':>6}  loop")
        for p in d.phases(min_months=min_months):
            letter = "R" if p.mean_relative > 0 else "B"
            size = f" ({p.size} loops)" if p.size > 1 else ""
            dates = "..".join(_dates(d, p))
            lines.append(
                f"  {p.start:4g}-{p.end:<4g}  {dates:<17} {p.mean_relative:+.2f}  "
                f"{letter} {p.family}{size}"
            )
        for lp in d.loops[:8]:
            changes = lp.polarity_changes(d.time)
            if changes:
                text = ", ".join(f"month {m:g} -> {'R' if s > 0 else 'B'}" for m, s in changes[:4])
                more = f" (+{len(changes) - 4} more)" if len(changes) > 4 else ""
                lines.append(f"  polarity of {lp.name!r} changes: {text}{more}")
    return "\n".join(lines)
