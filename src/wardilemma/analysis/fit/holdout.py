"""Out of sample: fit the record up to a month, then predict the figures published after it.

``wardilemma fit --until 2024-12`` fits only the rows whose period ends by December 2024
(:func:`rows_until`); :func:`predict_holdout` then runs posterior members to the end of
the held-out rows of :data:`HOLDOUT_SERIES` (inflation, the key rate, unemployment, GDP
growth, contract recruits) and sets each published figure beside its 90 % posterior
predictive interval: the model's value at the member's parameters plus the figure's own
error (the likelihood's: Gaussian or Student-t with the row's standard deviation), so the
interval is where the published figure should fall if the model and the fit are right.
A bound is inside when the interval reaches the side the bound allows. Illustrative model,
not a forecast.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import numpy as np

from wardilemma.analysis.fit.likelihood import STUDENT_DF, FitError, Problem
from wardilemma.analysis.record import Record, RecordRow, month_index
from wardilemma.text import ILLUSTRATIVE, fmt_number

__all__ = [
    "HOLDOUT_SERIES",
    "LEVEL",
    "Holdout",
    "holdout_rows",
    "predict_holdout",
    "rows_until",
]

#: The series whose held-out figures are predicted (issue 24: the ones a reader checks).
HOLDOUT_SERIES = ("cpi_inflation", "key_rate", "unemployment", "gdp_growth", "contract_recruits")

#: Coverage of the predictive interval.
LEVEL = 0.90

#: Posterior members run for the prediction, and noise draws per member.
MEMBERS, NOISE_DRAWS = 400, 25


def _check_month(until: str) -> int:
    try:
        return month_index(until)
    except (ValueError, TypeError):
        raise FitError(f"--until {until!r}: give a month as YYYY-MM (e.g. 2024-12)") from None


def rows_until(record: Record, until: str) -> Record:
    """The rows of ``record`` whose period ends by the month ``until`` (``YYYY-MM``)."""
    last = _check_month(until)
    kept = tuple(r for r in record.rows if month_index(r.period_end) <= last)
    if not kept:
        raise FitError(f"no row of the record {record.path or ''} ends by {until}")
    return Record(kept, record.path)


def holdout_rows(record: Record, until: str) -> Record:
    """The rows of :data:`HOLDOUT_SERIES` whose period ends after ``until``."""
    last = _check_month(until)
    return Record(
        tuple(
            r
            for r in record.rows
            if r.series in HOLDOUT_SERIES and month_index(r.period_end) > last
        ),
        record.path,
    )


@dataclass(frozen=True)
class Holdout:
    """Held-out figures beside the fit's posterior predictive intervals.

    Attributes
    ----------
    until
        The last month the fit saw.
    rows
        The held-out rows the model can be set beside.
    median, low, high
        Per row: the predictive median and the :data:`LEVEL` interval.
    inside
        Per row: whether the published figure falls inside the interval.
    members
        Posterior members run.
    """

    until: str
    rows: tuple[RecordRow, ...]
    median: np.ndarray
    low: np.ndarray
    high: np.ndarray
    inside: np.ndarray
    members: int

    @property
    def count(self) -> int:
        return int(self.inside.sum())

    @property
    def sentence(self) -> str:
        return (
            f"Out of sample: {self.count} of {len(self.rows)} figures published after "
            f"{self.until} fall inside the {100 * LEVEL:.0f} % posterior predictive interval "
            f"of a fit on the record up to {self.until}."
        )

    def table(self) -> str:
        head = f"{'row':<40} {'figure':>10} {'median':>10} {'90 % interval':>23} inside"
        lines = [ILLUSTRATIVE.upper(), "", self.sentence, "", head, "-" * len(head)]
        for r, m, lo, hi, ok in zip(
            self.rows, self.median, self.low, self.high, self.inside, strict=True
        ):
            band = f"{fmt_number(lo)} to {fmt_number(hi)}"
            lines.append(
                f"{r.id[:40]:<40} {fmt_number(r.value):>10} {fmt_number(m):>10} {band:>23} "
                f"{'yes' if ok else 'no'}"
            )
        return "\n".join(lines) + "\n"

    def csv_text(self) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["# " + ILLUSTRATIVE])
        writer.writerow(["id", "series", "statistic", "figure", "sd", "median", "low_5",
                         "high_95", "inside"])  # fmt: skip
        for r, m, lo, hi, ok in zip(
            self.rows, self.median, self.low, self.high, self.inside, strict=True
        ):
            writer.writerow([r.id, r.series, r.statistic, r.value, r.uncertainty,
                             f"{m:.6g}", f"{lo:.6g}", f"{hi:.6g}", int(ok)])  # fmt: skip
        return buffer.getvalue()

    def to_dict(self) -> dict[str, object]:
        figures = {
            r.id: {"figure": r.value, "median": float(m), "low": float(lo), "high": float(hi),
                   "inside": bool(ok)}
            for r, m, lo, hi, ok in zip(
                self.rows, self.median, self.low, self.high, self.inside, strict=True
            )
        }  # fmt: skip
        return {"until": self.until, "level": LEVEL, "members": self.members,
                "inside": self.count, "rows": len(self.rows), "figures": figures}  # fmt: skip


def predict_holdout(
    problem: Problem, unit: np.ndarray, record: Record, until: str, *, seed: int = 0
) -> Holdout:
    """Predict the held-out figures of ``record`` from posterior points ``unit`` (n, d).

    Parameters
    ----------
    problem
        The fit's problem (its scenario, likelihood and parameter order).
    unit
        Posterior samples on the unit cube; at most :data:`MEMBERS` of them, evenly spaced
        along the chain, are run.
    record
        The whole record; its held-out rows are :func:`holdout_rows`.
    until, seed
        The last month fitted; the seed of the noise draws.
    """
    held = holdout_rows(record, until)
    if not held.rows:
        raise FitError(f"the record has no figure of {', '.join(HOLDOUT_SERIES)} after {until}")
    ahead = Problem(problem.scenario, held, problem.likelihood)  # the rows the run covers
    pick = np.linspace(0, len(unit) - 1, min(MEMBERS, len(unit))).round().astype(int)
    model = ahead.model_values(unit[pick])  # (rows, members)
    rows = tuple(ahead.compared)
    sd = np.array([r.uncertainty for r in rows])[:, None, None]
    rng = np.random.default_rng(seed)
    shape = (*model.shape, NOISE_DRAWS)
    noise = (
        rng.standard_normal(shape)
        if problem.likelihood == "gaussian"
        else rng.standard_t(STUDENT_DF, shape)
    )
    draws = (model[:, :, None] + sd * noise).reshape(len(rows), -1)
    tail = (1 - LEVEL) / 2
    low, median, high = np.nanquantile(draws, [tail, 0.5, 1 - tail], axis=1)
    value = np.array([r.value for r in rows])
    bound = np.array([r.bound for r in rows])
    inside = np.where(
        bound == "lower",
        high >= value,
        np.where(bound == "upper", low <= value, (low <= value) & (value <= high)),
    )
    return Holdout(until, rows, median, low, high, inside, len(pick))
