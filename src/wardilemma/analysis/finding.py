"""The one-message slide's finding, measured in a pair of runs: how high provincial
discontent peaks on the alternative path (usually "sudden peace") and when, by how much it
exceeds the reference ("war continues") then, the spells in which the alternative is the
more discontented path, and the casualties of both.

:func:`slide_finding` measures it; :class:`SlideFinding` words it (headline, message,
subline, casualty line), never by hand: when the alternative is not worse in the runs, the
words say so. The slide (:mod:`wardilemma.figures.slide`), the hand-out and the HTML report
show it. Illustrative model, not a forecast.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from wardilemma.errors import InputError
from wardilemma.results import Results, month_label

__all__ = ["SlideFinding", "month_name", "slide_finding"]

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def month_name(start: str, offset: float) -> str:
    """``"May 2028"`` for a month offset."""
    label = month_label(start, offset)
    return f"{_MONTHS[int(label[5:]) - 1]} {label[:4]}"


@dataclass(frozen=True)
class SlideFinding:
    """What the slide says, measured in a pair of runs (member 0 of each).

    Attributes
    ----------
    reference, alternative
        Scenario labels (the reference is usually "war continues").
    region
        The region whose discontent and consumption are shown.
    peak, peak_month
        Highest discontent (index 0-1) on the alternative path and its month (since start).
    reference_at_peak
        Discontent on the reference path in that month.
    reference_peak, reference_peak_month
        Highest discontent on the reference path and its month.
    worse_windows
        ``(first, last)`` months (since start, inclusive) of each spell in which the
        alternative path is more discontented than the reference.
    casualties
        Killed and disabled from the branch (``losses_from``) to the end, all regions:
        ``(reference, alternative)``.
    start
        Calendar month of month 0.
    run_end
        Last saved month of the run.
    """

    reference: str
    alternative: str
    region: str
    peak: float
    peak_month: float
    reference_at_peak: float
    reference_peak: float
    reference_peak_month: float
    worse_windows: tuple[tuple[float, float], ...]
    casualties: tuple[float, float]
    start: str = "2025-01"
    run_end: float = 0.0
    #: Months from the start to the branch: the casualties are counted from there on.
    losses_from: float = 0.0

    @property
    def alternative_worse(self) -> bool:
        """The alternative path is ever more discontented than the reference (by > 0.005)."""
        return self.peak_excess > 0.005 and bool(self.worse_windows)

    @property
    def peak_excess(self) -> float:
        """Alternative peak minus the reference in the same month (index points)."""
        return self.peak - self.reference_at_peak

    @property
    def months_worse(self) -> float:
        """Months in which the alternative path is more discontented."""
        return float(sum(b - a + 1 for a, b in self.worse_windows))

    @property
    def headline(self) -> str:
        """The finding in one sentence, in the runs' own numbers."""
        alt, ref, reg = self.alternative, self.reference, self.region
        if not self.alternative_worse:
            return (
                f"{_sentence(alt)}: {_where(reg)} never rises above {ref} "
                f"(peak {self.peak:.2f} against {self.reference_peak:.2f})"
            )
        return (
            f"{_sentence(alt)}: {_where(reg)} peaks at {self.peak:.2f} in "
            f"{month_name(self.start, self.peak_month)}, {self.peak_excess:.2f} above "
            f"{ref} that month"
        )

    @property
    def message(self) -> str:
        """The finding in plain words, for the slide's top line (the number goes under it)."""
        alt, ref = _sentence(self.alternative), self.reference
        where = _where(self.region)
        if not self.alternative_worse:
            return f"{alt} never leaves {where} above {ref}"
        years = self.months_worse / 12
        span = f"{years:.0f} years" if years >= 1.5 else f"{self.months_worse:.0f} months"
        return f"{alt} leaves {where} above {ref} for about {span}"

    @property
    def reference_peak_is_last(self) -> bool:
        """The reference's highest value is in the run's last month (it may still rise)."""
        return self.reference_peak_month >= self.run_end

    @property
    def peak_is_last(self) -> bool:
        """The alternative's highest value is in the run's last month."""
        return self.peak_month >= self.run_end

    @property
    def subline(self) -> str:
        """When the alternative is worse, and what happens after (the full story)."""
        if not self.alternative_worse:
            return (
                f"In these runs {self.alternative} is never the more discontented path; "
                f"{self.reference} peaks at {self.reference_peak:.2f} in "
                f"{month_name(self.start, self.reference_peak_month)}."
            )
        spells = ", ".join(
            f"{month_name(self.start, a)} to {month_name(self.start, b)}"
            for a, b in self.worse_windows
        )
        text = f"{_sentence(self.alternative)} is the more discontented path {spells} (grey band)"
        if self.reference_peak > self.peak and self.reference_peak_is_last:
            text += (
                f"; {self.reference} ends higher, at {self.reference_peak:.2f} in the last "
                "month shown"
            )
        elif self.reference_peak > self.peak:
            text += f"; {self.reference}'s own peak, {self.reference_peak:.2f}, is higher"
        elif self.worse_windows[-1][1] < self.run_end:
            text += f"; afterwards {self.reference} is"
        return text + "."

    @property
    def casualty_line(self) -> str:
        """Both paths' casualties, for balance."""
        ref, alt = self.casualties
        first = month_name(self.start, self.losses_from)
        last = month_name(self.start, self.run_end)
        return (
            f"Soldiers killed or disabled, {first} to {last}: {self.reference} "
            f"{_people(ref)}; {self.alternative} {_people(alt)}."
        )


def _where(region: str) -> str:
    return "provincial discontent" if region == "provinces" else f"discontent in {region}"


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _people(n: float) -> str:
    if n >= 1e6:
        return f"{n / 1e6:.2f} million"
    if n >= 1e4:
        return f"{n / 1e3:,.0f},000".replace(",000,000", ",000")
    return f"{n:,.0f}"


def _windows(time: np.ndarray, worse: np.ndarray) -> tuple[tuple[float, float], ...]:
    """Spells of consecutive saved times where ``worse`` holds, as (first, last) months."""
    out = []
    idx = np.flatnonzero(worse)
    if idx.size:
        breaks = np.flatnonzero(np.diff(idx) > 1)
        starts = np.r_[idx[0], idx[breaks + 1]]
        ends = np.r_[idx[breaks], idx[-1]]
        out = [(float(time[a]), float(time[b])) for a, b in zip(starts, ends, strict=True)]
    return tuple(out)


def _check_pair(reference: Results, alternative: Results, region: str) -> None:
    for res in (reference, alternative):
        if region not in res.regions:
            raise InputError(f"region {region!r} is not in {res.scenario!r}: {res.regions}")
    if reference.start != alternative.start or not np.array_equal(reference.time, alternative.time):
        raise InputError(
            "the two runs must share their start and saved times to be compared month by month"
        )


def slide_finding(
    reference: Results,
    alternative: Results,
    *,
    region: str = "provinces",
    labels: Sequence[str] | None = None,
    tolerance: float = 0.005,
) -> SlideFinding:
    """Measure the slide's message in two runs.

    Parameters
    ----------
    reference, alternative
        Runs with the same start and saved times (member 0 is used), for example
        "war continues" and "sudden peace".
    region
        Region whose discontent is compared.
    labels
        Names of the two runs (default: their scenario names).
    tolerance
        Discontent gap (index points) below which two paths count as equal.

    Returns
    -------
    SlideFinding
    """
    _check_pair(reference, alternative, region)
    ref_label, alt_label = labels or (reference.scenario, alternative.scenario)
    d_ref = reference.series("discontent", region=region)
    d_alt = alternative.series("discontent", region=region)
    b = alternative.branch_index  # peaks and losses of the future, not of the shared history
    i_alt, i_ref = b + int(np.argmax(d_alt[b:])), b + int(np.argmax(d_ref[b:]))
    casualties = tuple(float(r["casualties"][-1, 0].sum() - r["casualties"][b, 0].sum())
                       for r in (reference, alternative))  # fmt: skip
    return SlideFinding(
        reference=ref_label or "reference",
        alternative=alt_label or "alternative",
        region=region,
        peak=float(d_alt[i_alt]),
        peak_month=float(alternative.time[i_alt]),
        reference_at_peak=float(d_ref[i_alt]),
        reference_peak=float(d_ref[i_ref]),
        reference_peak_month=float(reference.time[i_ref]),
        worse_windows=_windows(alternative.time, d_alt > d_ref + tolerance),
        casualties=(casualties[0], casualties[1]),
        start=alternative.start,
        run_end=float(alternative.time[-1]),
        losses_from=float(alternative.time[b]),
    )
