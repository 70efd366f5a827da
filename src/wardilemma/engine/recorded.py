"""The recorded values of a run: one buffer, a view per variable made when first read.

Both kernels write every recorded column of a saved time into one array
``(time, members, columns)``; :class:`Recorded` is the ``name -> array`` mapping of
:attr:`wardilemma.results.Results.data` over it. A single run records a few hundred
variables, and making a NumPy view costs about as much per variable as the compiled kernel
spends per equation, so a view is made only when a variable is read; :func:`labels` gives
the recorded names' regions and units once per model and names. Illustrative model, not a
forecast.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from types import MappingProxyType

import numpy as np

from wardilemma.engine.caches import ObjectCache
from wardilemma.model.compiler import Model

__all__ = ["Recorded", "labels"]


class Recorded(Mapping[str, np.ndarray]):
    """``name -> array`` over ``buffer`` (time, members, columns): a national variable's
    column ``(T, members)``, a regional one's ``(T, members, regions)``; ``columns[name]``
    is ``(first column, width)``, width 0 for a national variable."""

    def __init__(self, buffer: np.ndarray, columns: Mapping[str, tuple[int, int]]) -> None:
        self.buffer = buffer
        self.columns = columns
        self._views: dict[str, np.ndarray] = {}

    def __getitem__(self, name: str) -> np.ndarray:
        view = self._views.get(name)
        if view is None:
            col, width = self.columns[name]
            view = self.buffer[:, :, col : col + width] if width else self.buffer[:, :, col]
            self._views[name] = view
        return view

    def __contains__(self, name: object) -> bool:
        return name in self.columns

    def __iter__(self) -> Iterator[str]:
        return iter(self.columns)

    def __len__(self) -> int:
        return len(self.columns)


#: The regional names and units of recorded variables, per model object and names.
_LABELS: ObjectCache[dict[tuple[str, ...], tuple[frozenset[str], Mapping[str, str]]]] = (
    ObjectCache()
)


def labels(
    model: Model, data: Mapping[str, np.ndarray]
) -> tuple[frozenset[str], Mapping[str, str]]:
    """Which recorded names are regional, and their units (read-only, shared by runs)."""
    known = _LABELS.get(model, dict)
    key = tuple(data)
    hit = known.get(key)
    if hit is None:
        if len(known) >= 64:
            known.clear()
        units = MappingProxyType({n: model.elements[n].units for n in key})
        hit = known[key] = (frozenset(n for n in key if n in model.regional), units)
    return hit
