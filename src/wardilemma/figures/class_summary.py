"""A class's games on one figure: the decision logs the explorer's game downloads (CSV),
gathered for the debrief without a server.

:func:`read_game_log` reads one log (``#`` lines, then a row per turn: the decisions and
the state at the turn's end); :func:`class_summary_figure` draws the outcomes (each game's
provincial discontent and instability risk at the end of each turn, crises marked) and the
choices (when each game ended the war, the bonus and the veteran programmes turn by turn).
Illustrative model, not a forecast.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from wardilemma.errors import InputError
from wardilemma.results import ILLUSTRATIVE

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = ["GameLog", "GameLogError", "class_summary_figure", "read_game_log"]

#: Columns a game log must have.
COLUMNS = (
    "turn",
    "start_month",
    "end_month",
    "date",
    "war",
    "bonus_rub",
    "veteran_programme_level",
    "discontent",
    "instability_risk",
)


class GameLogError(InputError, ValueError):
    """A file that is not a game log of the explorer (the message names the file)."""


@dataclass(frozen=True)
class GameLog:
    """One game: its file name and the columns of its rows (floats, ``date`` as text)."""

    name: str
    columns: dict[str, np.ndarray]
    dates: tuple[str, ...]
    threshold: float

    @property
    def turns(self) -> int:
        return len(self.dates)

    @property
    def years(self) -> np.ndarray:
        """Decimal year at the end of each turn (games of six-month and one-year turns
        share the time axis)."""
        start = np.array([int(d[:4]) + (int(d[5:7]) - 1) / 12 for d in self.dates])
        return start + (self.columns["end_month"] - self.columns["start_month"]) / 12

    @property
    def ceasefire_turn(self) -> int | None:
        """The turn in which the war was ended, or None."""
        ended = np.flatnonzero(self.columns["war"] < 0.5)
        return int(self.columns["turn"][ended[0]]) if ended.size else None

    @property
    def ceasefire_year(self) -> float | None:
        """Decimal year of the start of the turn in which the war was ended, or None."""
        ended = np.flatnonzero(self.columns["war"] < 0.5)
        if not ended.size:
            return None
        d = self.dates[ended[0]]
        return int(d[:4]) + (int(d[5:7]) - 1) / 12

    @property
    def crisis(self) -> bool:
        return bool(np.any(self.columns["instability_risk"] > self.threshold))


def read_game_log(path: str | Path, threshold: float) -> GameLog:
    """Read a decision log written by the explorer's game.

    Raises
    ------
    GameLogError
        For a missing file, a missing column, a non-numeric value or no turn at all.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise GameLogError(f"{path}: file not found") from None
    except UnicodeDecodeError:
        raise GameLogError(f"{path}: not a text file (expected a game log, .csv)") from None
    rows = list(csv.DictReader(line for line in text.splitlines() if not line.startswith("#")))
    if not rows:
        raise GameLogError(f"{path}: no turns (is it a game log from the explorer?)")
    missing = [c for c in COLUMNS if c not in rows[0]]
    if missing:
        raise GameLogError(f"{path}: missing column(s) {', '.join(missing)}")
    bad_dates = [r["date"] for r in rows if not re.fullmatch(r"\d{4}-\d{2}", r["date"] or "")]
    if bad_dates:
        raise GameLogError(f"{path}: column date has {bad_dates[0]!r}, not YYYY-MM")
    columns: dict[str, np.ndarray] = {}
    for name in rows[0]:
        if name == "date" or name is None:
            continue
        try:
            columns[name] = np.array([float(r[name]) for r in rows])
        except (TypeError, ValueError):
            raise GameLogError(f"{path}: column {name} has a value that is not a number") from None
    dates = tuple(r["date"] for r in rows)
    return GameLog(name=path.stem, columns=columns, dates=dates, threshold=threshold)


def class_summary_figure(
    logs: Sequence[GameLog], *, size: tuple[int, int] = (1920, 1080)
) -> Figure:
    """The class's games: outcomes on the left, choices on the right (``size`` in pixels).

    Raises
    ------
    GameLogError
        Without any log.
    """
    import matplotlib.pyplot as plt

    if not logs:
        raise GameLogError("give at least one game log")
    dpi = 100
    fig, axes = plt.subplots(2, 2, figsize=(size[0] / dpi, size[1] / dpi), dpi=dpi)
    crises = sum(g.crisis for g in logs)
    ended = [g.ceasefire_turn for g in logs if g.ceasefire_turn is not None]
    fig.suptitle(
        f"{len(logs)} games: {crises} ended in a crisis; {len(ended)} ended the war"
        + (f" (median turn {int(np.median(ended))})" if ended else ""),
        fontsize=28,
        fontweight="bold",
    )
    cmap = plt.get_cmap("tab10")
    (a_dis, a_risk), (a_bonus, a_vet) = axes
    handles = []
    for k, g in enumerate(logs):
        c, x = g.columns, g.years
        style = {"color": cmap(k % 10), "lw": 3, "marker": "o", "ms": 6}
        (line,) = a_dis.plot(x, c["discontent"], label=g.name, **style)
        handles.append(line)
        a_risk.plot(x, c["instability_risk"], **style)
        a_bonus.plot(x, c["bonus_rub"] / 1e6, **style)
        a_vet.plot(x, 100 * c["veteran_programme_level"], **style)
        if g.crisis:
            hit = int(np.flatnonzero(c["instability_risk"] > g.threshold)[0])
            a_risk.plot([x[hit]], [c["instability_risk"][hit]], "X", color=cmap(k % 10), ms=18)
        for ax in axes.flat:
            if g.ceasefire_year is not None:
                ax.axvline(g.ceasefire_year, color=cmap(k % 10), ls=":", lw=2)
    threshold = logs[0].threshold
    (crisis,) = a_risk.plot([], [], "X", color="0.2", ms=14, ls="none")
    limit = a_risk.axhline(threshold, color="black", ls="--", lw=2)
    titles = [
        (a_dis, "Provincial discontent at each turn's end", "index (0 calm, 1 extreme)"),
        (a_risk, "Instability risk at each turn's end", "index (0-1)"),
        (a_bonus, "Sign-on bonus chosen", "million roubles (provinces)"),
        (a_vet, "Veteran programmes chosen", "% of a full programme"),
    ]
    for ax, title, ylabel in titles:
        ax.set_title(title, fontsize=22, loc="left")
        ax.set_ylabel(ylabel, fontsize=18)
        ax.set_xlabel("year (dotted: the war ended)", fontsize=18)
        ax.set_ylim(bottom=0)
        ax.tick_params(labelsize=16)
        ax.grid(alpha=0.3)
    a_risk.set_ylim(0, max(1.0, a_risk.get_ylim()[1]))
    fig.legend([*handles, limit, crisis],
               [*(g.name for g in logs), f"crisis threshold {threshold:g}", "crisis"],
               loc="upper center", bbox_to_anchor=(0.5, 0.935), ncol=min(len(logs) + 2, 8),
               fontsize=17, frameon=False)  # fmt: skip
    fig.text(0.5, 0.01, f"{ILLUSTRATIVE}. wardilemma class-summary", ha="center", fontsize=16)
    fig.tight_layout(rect=(0, 0.03, 1, 0.89))
    return fig
