"""Exact Shapley values of players over all 2^k coalitions.

A coalition is an integer whose bit ``j`` says player ``j`` is in it (coalition 0: nobody,
``2**k - 1``: everybody). The Shapley value of player ``j`` is the average of its marginal
contribution ``v(S | j) - v(S)`` over the orders in which players can join:
``sum over S without j of |S|! (k - |S| - 1)! / k! * (v(S | j) - v(S))``. The values sum to
``v(everybody) - v(nobody)`` exactly (efficiency), players with the same marginal
contributions get the same value (symmetry) and a player that changes nothing gets zero.
"""

from __future__ import annotations

from math import factorial

import numpy as np

__all__ = ["coalition_members", "shapley"]


def coalition_members(k: int) -> np.ndarray:
    """``(2**k, k)`` booleans: whether player ``j`` is in coalition ``c``."""
    c = np.arange(2**k)[:, None]
    return ((c >> np.arange(k)[None, :]) & 1).astype(bool)


def shapley(values: np.ndarray) -> np.ndarray:
    """Shapley values from the worth of every coalition.

    Parameters
    ----------
    values
        ``(2**k, ...)``: the worth of coalition ``c`` (bit ``j`` set: player ``j`` in it),
        for any trailing shape (members, times...).

    Returns
    -------
    numpy.ndarray
        ``(k, ...)``: each player's value, same trailing shape.
    """
    values = np.asarray(values, dtype=float)
    n = values.shape[0]
    k = n.bit_length() - 1
    if n < 2 or 2**k != n:
        raise ValueError(f"need the worth of 2**k coalitions (k >= 1), got {n}")
    inside = coalition_members(k)
    size = inside.sum(axis=1)
    weight = np.array([factorial(s) * factorial(k - s - 1) / factorial(k) for s in range(k)])
    out = np.zeros((k, *values.shape[1:]))
    for j in range(k):
        without = np.flatnonzero(~inside[:, j])
        w = weight[size[without]].reshape((-1,) + (1,) * (values.ndim - 1))
        out[j] = np.sum(w * (values[without + 2**j] - values[without]), axis=0)
    return out
