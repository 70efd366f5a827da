"""Fixed-step integrators, a registry of small functions (as in scipy's ``solve_ivp``).

Each integrator follows scipy's ``fun(t, y)`` contract: ``fun`` returns the net flow of
every stock, ``dy/dt``, for the state ``y`` at time ``t`` (months). It takes the first-stage
rates ``k1 = fun(t, y)``, which the engine computes anyway while recording the outputs at
``t``, and returns the state at ``t + dt``. Shapes: ``y`` and every rate are
``(rows, members)``. There is no adaptive method on purpose; the engine's docstring
(:mod:`wardilemma.engine.run`) says why.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

__all__ = ["METHODS", "Rates", "Step"]

#: ``fun(t, y) -> dy/dt``, arrays of shape (rows, members).
Rates = Callable[[float, np.ndarray], np.ndarray]
#: ``step(fun, t, y, dt, k1) -> y(t + dt)``.
Step = Callable[[Rates, float, np.ndarray, float, np.ndarray], np.ndarray]


def euler(fun: Rates, t: float, y: np.ndarray, dt: float, k1: np.ndarray) -> np.ndarray:
    """Explicit Euler, the system-dynamics default (Vensim, Stella, PySD)."""
    return y + dt * k1


def rk4(fun: Rates, t: float, y: np.ndarray, dt: float, k1: np.ndarray) -> np.ndarray:
    """Classical fourth-order Runge-Kutta with a fixed step."""
    k2 = fun(t + dt / 2, y + dt / 2 * k1)
    k3 = fun(t + dt / 2, y + dt / 2 * k2)
    k4 = fun(t + dt, y + dt * k3)
    return y + dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4)


#: Fixed-step integrators by name.
METHODS: dict[str, Step] = {"euler": euler, "rk4": rk4}
