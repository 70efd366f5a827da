"""Scalar helpers of the generated numba kernels (:mod:`wardilemma.engine.numba.emit`): the
builtins' numba functions (column ``numba`` of :data:`wardilemma.builtins.BUILTINS`, a time
builtin called ``f(t, dt, *args)``), comparisons and lookups.

Each reproduces, for one value, what the builtin's NumPy function (in
:mod:`wardilemma.builtins`) does to an array, so both backends agree to rounding. Compiled
once per install (numba's ``cache=True``) and shared by every generated kernel. Imported only
when numba is installed.
"""

import numpy as np
from numba import njit

from wardilemma.builtins import SMALL


@njit(cache=True, error_model="numpy")
def _fmin(a, b):
    if a != a:
        return a
    if b != b:
        return b
    return a if a <= b else b


@njit(cache=True, error_model="numpy")
def _fmax(a, b):
    if a != a:
        return a
    if b != b:
        return b
    return a if a >= b else b


@njit(cache=True, error_model="numpy")
def _mod(a, b):
    """np.mod for floats (the result has the sign of the divisor)."""
    if b == 0.0:
        return np.nan
    m = np.fmod(a, b)
    if m != 0.0:
        if (b < 0.0) != (m < 0.0):
            m += b
    else:
        m = np.copysign(0.0, b)
    return m


# inlined into the kernel (numba IR): 14 % faster on the war-economy model, 3 s more compile
@njit(cache=True, error_model="numpy", inline="always")
def _interp(x, xs, ys):
    """np.interp: linear between points, clamped at both ends."""
    n = xs.shape[0]
    if x != x:
        return x
    if x < xs[0]:
        return ys[0]
    if x > xs[n - 1]:
        return ys[n - 1]
    lo = 0
    hi = n - 1
    while hi - lo > 1:
        mid = (lo + hi) >> 1
        if xs[mid] <= x:
            lo = mid
        else:
            hi = mid
    j = lo
    if x >= xs[n - 1]:
        j = n - 1
    if j == n - 1:
        return ys[j]
    if xs[j] == x:
        return ys[j]
    slope = (ys[j + 1] - ys[j]) / (xs[j + 1] - xs[j])
    res = slope * (x - xs[j]) + ys[j]
    if res != res:
        res = slope * (x - xs[j + 1]) + ys[j + 1]
        if res != res and ys[j] == ys[j + 1]:
            res = ys[j]
    return res


@njit(cache=True, error_model="numpy")
def _ite(c, a, b):
    return a if c != 0.0 else b


@njit(cache=True, error_model="numpy")
def _lt(a, b):
    return 1.0 if a < b else 0.0


@njit(cache=True, error_model="numpy")
def _le(a, b):
    return 1.0 if a <= b else 0.0


@njit(cache=True, error_model="numpy")
def _gt(a, b):
    return 1.0 if a > b else 0.0


@njit(cache=True, error_model="numpy")
def _ge(a, b):
    return 1.0 if a >= b else 0.0


@njit(cache=True, error_model="numpy")
def _eq(a, b):
    return 1.0 if a == b else 0.0


@njit(cache=True, error_model="numpy")
def _ne(a, b):
    return 1.0 if a != b else 0.0


@njit(cache=True, error_model="numpy")
def _step(t, dt, height, start):
    return height if t + dt / 2 > start else 0.0


@njit(cache=True, error_model="numpy")
def _ramp(t, dt, slope, start, end):
    return slope * (_fmin(end, t) - start) if t + SMALL > start else 0.0


@njit(cache=True, error_model="numpy")
def _pulse(t, dt, magnitude, first, interval):
    if interval > 0:
        on = (first <= t) and (_mod(t - first + SMALL, interval) < dt / 2)
    else:
        on = (first - SMALL <= t) and (t < first + dt / 2)
    return magnitude / dt if on else 0.0


@njit(cache=True, error_model="numpy")
def _pulse_train(t, dt, start, width, interval, end):
    inside = (start <= t) and (t < end)
    phase = _mod(t - start + SMALL, interval if interval > 0 else np.inf)
    return 1.0 if inside and (phase < width) else 0.0
