"""The builtin functions of the equation language: one row each, with every backend's spelling.

A row (:class:`Builtin`) holds what the language needs to parse and check a call (arity,
kind, the units rule, the documentation) and how each backend spells it:

* ``numpy``: a function over arrays, below in this module;
* ``numba``: a scalar function of :mod:`wardilemma.engine.numba.support` (or ``np.*``);
* ``js``: a function of the JavaScript runtime (``export/javascript/runtime.js``, or ``Math.*``);
* ``xmile``: the XMILE name (:mod:`wardilemma.export.xmile`).

Every backend calls a builtin of kind ``"time"`` as ``f(t, dt, *args)``, any other as
``f(*args)``, with omitted optional arguments filled from ``defaults``; ``"stateful"``
builtins (``smooth``, ``delay``) become hidden stocks in :mod:`wardilemma.model.compiler`
and ``"reduce"`` ones (over regions) are loops each generator writes, so neither has a
runtime function. A new builtin is one row here plus its runtime functions (NumPy here,
numba in ``support.py``, JavaScript in ``runtime.js``); the hand-computed cases of
``tests/test_builtins.py`` run on all three.

Illustrative model, not a forecast.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from wardilemma.units import DIMENSIONLESS, Units, parse_units

__all__ = ["BUILTINS", "SMALL", "STATEFUL", "Builtin", "UnitsCheck"]

#: Small number used, as in Vensim and PySD, to make time comparisons robust to rounding.
SMALL = 1e-6

_MONTH = parse_units("month")


class UnitsCheck(Protocol):
    """What a units rule may ask of the checker (:func:`wardilemma.language.infer_units`)."""

    def of(self, node: Any) -> Units | None:
        """The units of an argument (``None``: any, the literal 0)."""

    def expect(self, node: Any, want: Units, what: str) -> None:
        """Raise unless the argument is in ``want`` (or any)."""

    def same(self, a: Units | None, b: Units | None, what: str) -> Units | None:
        """The common units of two arguments, raising when they differ."""


#: ``rule(name, args, check)``: the units of a call of builtin ``name`` from its arguments.
UnitsRule = Callable[[str, tuple[Any, ...], UnitsCheck], "Units | None"]


@dataclass(frozen=True)
class Builtin:
    """A builtin function of the language and its spelling in every backend.

    ``kind`` is ``"pure"`` (elementwise), ``"time"`` (depends on simulation time),
    ``"stateful"`` (expanded into hidden stocks by the model compiler) or ``"reduce"``
    (over regions).
    """

    name: str
    min_args: int
    max_args: int
    kind: str
    units: UnitsRule
    xmile: str
    doc: str
    numpy: Callable[..., Any] | None = None
    numba: str | None = None
    js: str | None = None
    defaults: tuple[float, ...] = ()  # values of the omitted optional arguments, in order


# ----------------------------------------------------------------- NumPy runtime


def if_then_else(cond: Any, a: Any, b: Any) -> Any:
    return np.where(np.asarray(cond) != 0, a, b)


def step(t: float, dt: float, height: Any, start: Any) -> Any:
    """``height`` once ``time + dt/2 > start``, else 0 (Vensim's STEP)."""
    return np.where(t + dt / 2 > np.asarray(start), height, 0.0)


def ramp(t: float, dt: float, slope: Any, start: Any, end: Any) -> Any:
    """``slope * (min(time, end) - start)`` after ``start``, else 0."""
    start = np.asarray(start)
    return np.where(t + SMALL > start, slope * (np.minimum(end, t) - start), 0.0)


def pulse(t: float, dt: float, magnitude: Any, first: Any, interval: Any) -> Any:
    """XMILE's PULSE: ``magnitude / dt`` for one step at ``first`` (and every ``interval``
    after it when positive)."""
    first = np.asarray(first)
    interval = np.asarray(interval)
    single = (first - SMALL <= t) & (t < first + dt / 2)
    safe = np.where(interval > 0, interval, 1.0)
    repeat = (first <= t) & (np.mod(t - first + SMALL, safe) < dt / 2)
    on = np.where(interval > 0, repeat, single)
    return np.where(on, np.asarray(magnitude) / dt, 0.0)


def pulse_train(t: float, dt: float, start: Any, width: Any, interval: Any, end: Any) -> Any:
    """1 during each window of ``width`` every ``interval`` from ``start`` to ``end``."""
    start = np.asarray(start)
    interval = np.asarray(interval)
    inside = (start <= t) & (t < np.asarray(end))
    phase = np.mod(t - start + SMALL, np.where(interval > 0, interval, np.inf))
    return np.where(inside & (phase < width), 1.0, 0.0)


def sum_regions(x: Any) -> Any:
    """Sum over the first (region) axis, keeping it: row by row, since there are few
    regions and many members."""
    if np.ndim(x) < 2:
        return x
    total = x[0:1]
    for i in range(1, x.shape[0]):
        total = total + x[i : i + 1]
    return total


def mean_regions(x: Any) -> Any:
    return sum_regions(x) / (np.shape(x)[0] if np.ndim(x) >= 2 else 1)


# ----------------------------------------------------------------- units rules


def _first(func: str, args: tuple[Any, ...], check: UnitsCheck) -> Units | None:
    return check.of(args[0])


def _same_two(func: str, args: tuple[Any, ...], check: UnitsCheck) -> Units | None:
    return check.same(check.of(args[0]), check.of(args[1]), f"the arguments of {func}")


def _dimensionless(func: str, args: tuple[Any, ...], check: UnitsCheck) -> Units | None:
    check.expect(args[0], DIMENSIONLESS, f"the argument of {func}")
    return DIMENSIONLESS


def _sqrt(func: str, args: tuple[Any, ...], check: UnitsCheck) -> Units | None:
    u = check.of(args[0])
    return None if u is None else u**0.5


def _if_then_else(func: str, args: tuple[Any, ...], check: UnitsCheck) -> Units | None:
    check.of(args[0])
    return check.same(check.of(args[1]), check.of(args[2]), "the branches of if_then_else")


def _step(func: str, args: tuple[Any, ...], check: UnitsCheck) -> Units | None:
    check.expect(args[1], _MONTH, "the start of step")
    return check.of(args[0])


def _pulse(func: str, args: tuple[Any, ...], check: UnitsCheck) -> Units | None:
    for a in args[1:]:
        check.expect(a, _MONTH, "the timing of pulse")
    u = check.of(args[0])
    return None if u is None else u / _MONTH


def _pulse_train(func: str, args: tuple[Any, ...], check: UnitsCheck) -> Units | None:
    for a in args:
        check.expect(a, _MONTH, "the timing of pulse_train")
    return DIMENSIONLESS


def _ramp(func: str, args: tuple[Any, ...], check: UnitsCheck) -> Units | None:
    for a in args[1:]:
        check.expect(a, _MONTH, "the timing of ramp")
    u = check.of(args[0])
    return None if u is None else u * _MONTH


def _stateful(func: str, args: tuple[Any, ...], check: UnitsCheck) -> Units | None:
    check.expect(args[1], _MONTH, f"the delay time of {func}")
    u = check.of(args[0])
    if len(args) == 3:
        u = check.same(u, check.of(args[2]), f"the input and initial value of {func}")
    return u


# ----------------------------------------------------------------- the table

_ROWS = [
    # name, args, kind, units, xmile, doc, numpy, numba, js
    Builtin("if_then_else", 3, 3, "pure", _if_then_else, "IF THEN ELSE",
            "if_then_else(cond, a, b)", if_then_else, "_ite", "ifThenElse"),
    Builtin("min", 2, 2, "pure", _same_two, "MIN", "smaller of two values",
            np.minimum, "_fmin", "Math.min"),
    Builtin("max", 2, 2, "pure", _same_two, "MAX", "larger of two values",
            np.maximum, "_fmax", "Math.max"),
    Builtin("exp", 1, 1, "pure", _dimensionless, "EXP", "e to the power x (x dimensionless)",
            np.exp, "np.exp", "Math.exp"),
    Builtin("ln", 1, 1, "pure", _dimensionless, "LN", "natural logarithm (x dimensionless)",
            np.log, "np.log", "Math.log"),
    Builtin("abs", 1, 1, "pure", _first, "ABS", "absolute value", np.abs, "np.abs", "Math.abs"),
    Builtin("sqrt", 1, 1, "pure", _sqrt, "SQRT", "square root", np.sqrt, "np.sqrt", "Math.sqrt"),
    Builtin("step", 2, 2, "time", _step, "STEP",
            "step(height, start): height once time + dt/2 > start", step, "_step", "step"),
    Builtin("pulse", 2, 3, "time", _pulse, "PULSE",
            "pulse(magnitude, first, interval=0): XMILE pulse, magnitude/dt for one step",
            pulse, "_pulse", "pulse", defaults=(0.0,)),
    Builtin("pulse_train", 4, 4, "time", _pulse_train, "PULSE TRAIN",
            "pulse_train(start, width, interval, end): 1 during each window, else 0",
            pulse_train, "_pulse_train", "pulseTrain"),
    Builtin("ramp", 2, 3, "time", _ramp, "RAMP",
            "ramp(slope, start, end=never): slope*(time-start)", ramp, "_ramp", "ramp",
            defaults=(np.inf,)),
    Builtin("smooth", 2, 3, "stateful", _stateful, "SMTH1",
            "smooth(input, time, initial=input): 1st order"),
    Builtin("smooth3", 2, 3, "stateful", _stateful, "SMTH3",
            "smooth3(input, time, initial=input): 3rd order"),
    Builtin("delay1", 2, 3, "stateful", _stateful, "DELAY1",
            "delay1(inflow, time, initial=inflow): 1st-order material delay"),
    Builtin("delay3", 2, 3, "stateful", _stateful, "DELAY3",
            "delay3(inflow, time, initial=inflow): 3rd-order material delay"),
    Builtin("sum_regions", 1, 1, "reduce", _first, "SUM", "sum over the region dimension",
            sum_regions),
    Builtin("mean_regions", 1, 1, "reduce", _first, "MEAN", "mean over the region dimension",
            mean_regions),
]  # fmt: skip

#: Every builtin by name.
BUILTINS: dict[str, Builtin] = {row.name: row for row in _ROWS}

#: The builtins that the model compiler expands into hidden stocks.
STATEFUL = frozenset(n for n, b in BUILTINS.items() if b.kind == "stateful")
