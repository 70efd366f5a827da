"""Sweeps: one- and two-dimensional grids of parameter values, run as one ensemble.

A grid axis is written ``NAME=LOW:HIGH:STEPS`` (:func:`parse_axis`): ``STEPS`` evenly spaced
values from ``LOW`` to ``HIGH``; month levers also take dates,
``ceasefire_month=2025-07:2028-01:11``. :func:`run_sweep` turns the grid into one ensemble
(every combination a member; the other parameters stay at the scenario's values) and runs it
with :func:`~wardilemma.analysis.uncertainty.ensemble.run_ensemble`, so a sweep is chunked and
distributed like a Monte Carlo run and gives the same numbers on any executor.

The **dilemma map** (:data:`DILEMMA_AXES`) is the sweep, from the sudden-peace scenario, of
the ceasefire month against the replacement stimulus, with provincial discontent and peak
inflation (the fiscal cost): where is ending the war safe, and at what price? The stimulus
is paid from each member's ceasefire (``stimulus_paid``: in full for ``stimulus_duration``
months, then tapering), and every other exit lever counts from the ceasefire too, so a
later ceasefire is the war path until then. Each member lives through the history
(2022-2025) first, and the metrics are taken from the branch on.
``--param postwar_military_spending=6:14:17`` maps the other replacement, military spending
kept after the ceasefire.

Illustrative model, not a forecast.
"""

from __future__ import annotations

import concurrent.futures as cf
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from wardilemma.analysis.uncertainty.ensemble import Ensemble, run_ensemble
from wardilemma.analysis.uncertainty.sampling import UncertaintyError
from wardilemma.model import WAR_ECONOMY
from wardilemma.scenario import Scenario, month_offset
from wardilemma.scenario.locate import did_you_mean

__all__ = ["DILEMMA_AXES", "DILEMMA_METRICS", "Axis", "Sweep", "parse_axis", "run_sweep"]

#: Most grid points of one sweep.
MAX_POINTS = 1_000_000

#: The dilemma map's axes: ceasefire month (2026-01, the branch, to 2030-10) x replacement
#: stimulus paid from the ceasefire.
DILEMMA_AXES = ("ceasefire_month=2026-01:2030-10:20", "replacement_stimulus=0:8:17")
#: The dilemma map's panels: provincial discontent and a fiscal outcome.
DILEMMA_METRICS = ("peak_discontent[provinces]", "peak_inflation_pct")


@dataclass(frozen=True)
class Axis:
    """One axis of a grid: a parameter and its values, shape ``(steps,)``."""

    name: str
    values: np.ndarray

    @property
    def units(self) -> str:
        return WAR_ECONOMY.parameters[self.name].units


_AXIS = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*([^:]+):([^:]+):([^:]+)\s*$")


def parse_axis(text: str, scenario: Scenario | None = None) -> Axis:
    """``"NAME=LOW:HIGH:STEPS"`` -> :class:`Axis`, checked against the model's parameters.

    Raises
    ------
    UncertaintyError
        Bad syntax, an unknown parameter (with the closest names), values outside the
        parameter's allowed range, or fractional values of a whole-number parameter.
    """
    match = _AXIS.match(text)
    if match is None:
        raise UncertaintyError(
            f"--param {text!r}: expected NAME=LOW:HIGH:STEPS, for example "
            "ceasefire_month=6:48:15 or replacement_stimulus=0:8:9"
        )
    name, low_s, high_s, steps_s = (g.strip() for g in match.groups())
    params = WAR_ECONOMY.parameters
    if name not in params:
        raise UncertaintyError(
            f"--param {text!r}: unknown parameter `{name}`{did_you_mean(name, list(params))}"
        )
    p = params[name]
    start = scenario.start if scenario is not None else "2025-01"
    try:
        low = month_offset(low_s, start) if "-" in low_s[1:] else float(low_s)
        high = month_offset(high_s, start) if "-" in high_s[1:] else float(high_s)
        steps = int(steps_s)
    except ValueError:
        raise UncertaintyError(
            f"--param {text!r}: LOW and HIGH must be numbers (or YYYY-MM dates for months) "
            "and STEPS a whole number"
        ) from None
    if steps < 1 or (steps == 1 and low != high):
        raise UncertaintyError(f"--param {text!r}: STEPS must be >= 2 (or 1 with LOW = HIGH)")
    lo, hi = p.allowed
    units = "" if p.units == "1" else f" {p.units}"
    if not (lo <= low <= hi and lo <= high <= hi):
        raise UncertaintyError(
            f"--param {text!r}: `{name}` must stay between {lo:g} and {hi:g}{units}"
        )
    values = np.linspace(low, high, steps)
    if p.integer and not np.allclose(values, np.round(values)):
        raise UncertaintyError(
            f"--param {text!r}: `{name}` takes whole numbers; choose STEPS so that "
            "(HIGH - LOW) / (STEPS - 1) is whole"
        )
    if scenario is not None and name in scenario.schedules:
        raise UncertaintyError(
            f"--param {text!r}: `{name}` follows a schedule in {scenario.path or scenario.name}, "
            "so a swept value would have no effect"
        )
    return Axis(name, values)


@dataclass(frozen=True)
class Sweep:
    """A grid run: ``values[metric]`` has shape ``(len(axes[0].values), ...)``, one
    dimension per axis (``ij`` indexing)."""

    scenario: str
    axes: tuple[Axis, ...]
    values: dict[str, np.ndarray]
    ensemble: Ensemble


def run_sweep(
    scenario: Scenario,
    axes: Sequence[Axis | str],
    metrics: Sequence[str],
    *,
    executor: cf.Executor | None = None,
    chunk_size: int = 500,
    progress: Callable[[int, int], None] | None = None,
    checkpoint: str | Path | None = None,
) -> Sweep:
    """Run every combination of the axes' values as one ensemble and reshape the metrics.

    Parameters
    ----------
    scenario
        The scenario whose other values stay fixed.
    axes
        One or two (or more) :class:`Axis` or ``"NAME=LOW:HIGH:STEPS"`` strings.
    metrics
        Metric names (``name`` or ``name[region]``).
    executor, chunk_size, progress, checkpoint
        As for :func:`~wardilemma.analysis.uncertainty.ensemble.run_ensemble`.
    """
    axes = tuple(a if isinstance(a, Axis) else parse_axis(a, scenario) for a in axes)
    if not axes:
        raise UncertaintyError("a sweep needs at least one --param NAME=LOW:HIGH:STEPS")
    names = [a.name for a in axes]
    if len(set(names)) != len(names):
        raise UncertaintyError(f"each parameter may be swept once, got {', '.join(names)}")
    shape = tuple(len(a.values) for a in axes)
    if int(np.prod(shape)) > MAX_POINTS:
        raise UncertaintyError(f"{int(np.prod(shape)):,} grid points; at most {MAX_POINTS:,}")
    grids = np.meshgrid(*(a.values for a in axes), indexing="ij")
    parameters = {a.name: g.ravel() for a, g in zip(axes, grids, strict=True)}
    ensemble = run_ensemble(
        scenario, parameters, record=(), metrics=metrics, executor=executor,
        chunk_size=chunk_size, progress=progress, checkpoint=checkpoint,
    )  # fmt: skip
    values = {k: v.reshape(shape) for k, v in ensemble.metrics.items()}
    return Sweep(scenario.name, axes, values, ensemble)
