"""Time schedules for policy levers: steps or linear ramps over simulation months."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["INTERPOLATIONS", "Schedule"]

INTERPOLATIONS = ("step", "linear")

#: Tolerance on switching times, as for the ``step`` builtin (Vensim/PySD convention).
_SMALL = 1e-6


@dataclass(frozen=True, eq=False)
class Schedule:
    """A lever that changes over time.

    Parameters
    ----------
    times
        Months since the start of the run, strictly increasing, shape ``(n,)``.
    values
        Value from each time on, shape ``(n,)`` for a national lever or ``(n, regions)``.
    interpolation
        ``"step"``: ``values[i]`` holds from ``times[i]`` until the next point.
        ``"linear"``: straight lines between points, constant after the last.
        Before the first point the lever keeps its base value (default or scenario value).
    """

    times: np.ndarray
    values: np.ndarray
    interpolation: str = "step"

    def value_at(self, t: float, base: np.ndarray) -> np.ndarray:
        """Value at time ``t`` (months), broadcast against ``base`` of shape (members, w)."""
        times, values = self.times, self.values
        if t < times[0] - _SMALL:
            return base
        if self.interpolation == "step" or t >= times[-1]:
            i = int(np.searchsorted(times, t + _SMALL, side="right")) - 1
            value = values[i]
        else:
            i = max(int(np.searchsorted(times, t, side="right")) - 1, 0)
            w = (t - times[i]) / (times[i + 1] - times[i])
            value = values[i] * (1 - w) + values[i + 1] * w
        return np.broadcast_to(np.asarray(value, dtype=float), base.shape)

    def at_times(self, times: np.ndarray, width: int) -> np.ndarray:
        """Values at many times at once, shape ``(len(times), width)``, NaN where the lever
        keeps its base value (before the first point). Same rules and arithmetic as
        :meth:`at` (the compiled kernel reads its schedules from this table)."""
        t = np.asarray(times, dtype=float)
        pts, values = self.times, np.asarray(self.values, dtype=float).reshape(len(self.times), -1)
        values = np.broadcast_to(values, (len(pts), width))
        last = len(pts) - 1
        i_step = np.searchsorted(pts, t + _SMALL, side="right") - 1
        out = values[np.clip(i_step, 0, last)].copy()
        if self.interpolation == "linear":
            inner = t < pts[-1]
            i = np.maximum(np.searchsorted(pts, t, side="right") - 1, 0)
            i = np.minimum(i, max(last - 1, 0))
            j = np.minimum(i + 1, last)
            with np.errstate(divide="ignore", invalid="ignore"):
                w = ((t - pts[i]) / (pts[j] - pts[i]))[:, None]
            lin = values[i] * (1 - w) + values[j] * w
            out[inner] = lin[inner]
        out[t < pts[0] - _SMALL] = np.nan
        return out
