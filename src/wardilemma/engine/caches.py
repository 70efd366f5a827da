"""What the engine derives from one model or scenario object, kept while that object lives.

A :class:`~wardilemma.model.Model` or a :class:`~wardilemma.scenario.Scenario` is neither
hashable (both hold dicts) nor cheap to compare, and keying a cache on ``id(obj)`` alone
would hand a dead object's entry to a new one that reuses its address. :class:`ObjectCache`
keys on the object's identity and holds a weak reference to it: the entry is found only for
the very same object, and dropped when the object is collected. Both are immutable by
contract, so nothing here depends on call history: a hit returns what a miss would compute.

Illustrative model, not a forecast.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Generic, TypeVar

__all__ = ["ObjectCache"]

V = TypeVar("V")


class ObjectCache(Generic[V]):
    """``object -> value``, one value per live object, computed on first use."""

    def __init__(self) -> None:
        self._entries: dict[int, tuple[weakref.ref, V]] = {}

    def get(self, obj: object, compute: Callable[[], V]) -> V:
        """The value for ``obj``: cached, or ``compute()`` stored for later calls."""
        key = id(obj)
        hit = self._entries.get(key)
        if hit is not None and hit[0]() is obj:
            return hit[1]
        value = compute()
        entries = self._entries
        self._entries[key] = (weakref.ref(obj, lambda _ref: entries.pop(key, None)), value)
        return value
