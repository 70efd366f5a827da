"""The :class:`Results` of a simulation: time axis, every recorded variable, every member."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from wardilemma.text import ILLUSTRATIVE

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["Results", "month_label"]


def month_label(start: str, offset: float) -> str:
    """``"2025-01"`` plus ``offset`` months, as ``"YYYY-MM"`` (fractions are floored)."""
    year, month = (int(x) for x in start.split("-"))
    total = year * 12 + (month - 1) + int(np.floor(offset + 1e-9))
    return f"{total // 12:04d}-{total % 12 + 1:02d}"


@dataclass(frozen=True)
class Results:
    """Trajectories of a run or an ensemble.

    Attributes
    ----------
    time
        Months since the start of the run, shape ``(T,)``.
    regions
        Names of the region dimension.
    data
        ``name -> array``: shape ``(T, members)`` for a national variable and
        ``(T, members, regions)`` for a regional one.
    units
        Units of each recorded variable.
    start
        Calendar month of ``time == 0``, ``"YYYY-MM"``.
    scenario
        Name of the scenario that produced the run.
    metadata
        Provenance: package version, scenario file hash, method, dt...
    """

    time: np.ndarray
    regions: tuple[str, ...]
    data: Mapping[str, np.ndarray]
    regional: frozenset[str]
    units: Mapping[str, str]
    start: str = "2025-01"
    scenario: str = ""
    metadata: Mapping[str, Any] = field(default_factory=dict)

    @property
    def n_members(self) -> int:
        return next(iter(self.data.values())).shape[1] if self.data else 0

    @property
    def names(self) -> list[str]:
        return list(self.data)

    def __contains__(self, name: object) -> bool:
        return name in self.data

    def __getitem__(self, name: str) -> np.ndarray:
        try:
            return self.data[name]
        except KeyError:
            raise KeyError(f"{name!r} was not recorded in this run") from None

    def series(self, name: str, region: str | None = None, member: int = 0) -> np.ndarray:
        """One trajectory, shape ``(T,)``: a member, and a region for regional variables."""
        arr = self[name][:, member]
        if name in self.regional:
            if region is None:
                raise ValueError(f"{name!r} is regional: pass region= one of {self.regions}")
            return arr[:, self.region_index(region)]
        if region is not None:
            raise ValueError(f"{name!r} is national: it has no region {region!r}")
        return arr

    def region_index(self, region: str) -> int:
        try:
            return self.regions.index(region)
        except ValueError:
            raise ValueError(f"unknown region {region!r}; regions are {self.regions}") from None

    def index_of(self, month: float) -> int:
        """Index along the time axis of the saved time closest to ``month``."""
        return int(np.argmin(np.abs(self.time - month)))

    @property
    def branch_month(self) -> float:
        """Months from the start to the branch, where the future starts (``metadata["branch"]``,
        a ``"YYYY-MM"`` month); 0 for a run without a branch."""
        branch = self.metadata.get("branch") or ""
        if not branch:
            return 0.0
        year, month = (int(x) for x in branch.split("-"))
        y0, m0 = (int(x) for x in self.start.split("-"))
        return float((year - y0) * 12 + (month - m0))

    @property
    def branch_index(self) -> int:
        """Index of the first saved time at or after the branch: 0 without a branch, or when
        the run ends before its branch (then it is measured whole)."""
        index = int(np.searchsorted(self.time, self.branch_month - 1e-9))
        return index if index < len(self.time) - 1 else 0

    @property
    def dates(self) -> list[str]:
        """Calendar month (``"YYYY-MM"``) of each saved time."""
        return [month_label(self.start, t) for t in self.time]

    @property
    def years(self) -> np.ndarray:
        """Decimal years of the saved times, for plotting (``2025.0`` is January 2025)."""
        year, month = (int(x) for x in self.start.split("-"))
        return year + (month - 1) / 12 + self.time / 12

    def member(self, index: int) -> Results:
        """The results of one member, as a one-member ensemble."""
        data = {n: a[:, index : index + 1] for n, a in self.data.items()}
        return Results(
            self.time, self.regions, data, self.regional, self.units,
            self.start, self.scenario, self.metadata,
        )  # fmt: skip

    def select(self, names: Iterable[str]) -> Results:
        """Only the given variables."""
        names = list(names)
        data = {n: self[n] for n in names}
        return Results(
            self.time, self.regions, data, self.regional & set(names),
            {n: self.units[n] for n in names}, self.start, self.scenario, self.metadata,
        )  # fmt: skip

    def long_rows(self) -> Iterable[tuple[float, str, int, str, str, float]]:
        """Tidy rows ``(month, date, member, variable, region, value)``; region ``""`` if
        national."""
        dates = self.dates
        for name, arr in self.data.items():
            regional = name in self.regional
            for ti, t in enumerate(self.time):
                for m in range(arr.shape[1]):
                    if regional:
                        for ri, r in enumerate(self.regions):
                            yield (float(t), dates[ti], m, name, r, float(arr[ti, m, ri]))
                    else:
                        yield (float(t), dates[ti], m, name, "", float(arr[ti, m]))

    def _long_frame(self, pd: Any, name: str, arr: np.ndarray) -> pd.DataFrame:
        """Tidy rows of one variable, in the order of :meth:`long_rows` (vectorised)."""
        regional = name in self.regional
        values = arr if regional else arr[:, :, None]  # (time, members, regions or 1)
        n_t, n_m, n_r = values.shape
        regions = np.asarray(self.regions if regional else ("",), dtype=object)
        return pd.DataFrame(
            {
                "month": np.repeat(self.time.astype(float), n_m * n_r),
                "date": np.repeat(np.asarray(self.dates, dtype=object), n_m * n_r),
                "member": np.tile(np.repeat(np.arange(n_m), n_r), n_t),
                "variable": name,
                "region": np.tile(regions, n_t * n_m),
                "value": values.reshape(-1),
            }
        )

    def to_dataframe(self, *, long: bool = True) -> pd.DataFrame:
        """The results as a pandas DataFrame (pandas is an optional dependency).

        ``long=True`` gives tidy columns ``month, date, member, variable, region, value``;
        ``long=False`` a wide frame indexed by ``(member, month)`` with one column per
        variable and region (``soldiers[provinces]``).
        """
        try:
            import pandas as pd
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise ImportError("to_dataframe needs pandas: pip install 'wardilemma[data]'") from exc
        if long:
            frame = pd.concat(
                [self._long_frame(pd, name, arr) for name, arr in self.data.items()],
                ignore_index=True,
            )
        else:
            columns: dict[str, np.ndarray] = {}
            n_m = self.n_members
            for name, arr in self.data.items():
                if name in self.regional:
                    for ri, r in enumerate(self.regions):
                        columns[f"{name}[{r}]"] = arr[:, :, ri].T.ravel()
                else:
                    columns[name] = arr.T.ravel()
            index = pd.MultiIndex.from_product([range(n_m), self.time], names=["member", "month"])
            frame = pd.DataFrame(columns, index=index)
        frame.attrs.update({"scenario": self.scenario, "note": ILLUSTRATIVE, **self.metadata})
        return frame


def same_paths(
    runs: Sequence[Results], *, rtol: float = 1e-9, atol: float = 1e-12
) -> list[int | None]:
    """For each run, the index of the first earlier run with the same trajectories, or None.

    Two runs have the same paths when they share regions and saved times and every variable
    recorded in both is equal within ``rtol``/``atol`` (member 0). Plots and tables use it to
    say that a line hides another (for example a baseline and "war continues").
    """
    out: list[int | None] = []
    for i, res in enumerate(runs):
        match = None
        for j in range(i):
            other = runs[j]
            if out[j] is not None or res.regions != other.regions:
                continue
            if res.time.shape != other.time.shape or not np.allclose(res.time, other.time):
                continue
            common = [n for n in res.data if n in other.data]
            if common and all(
                np.allclose(res[n][:, 0], other[n][:, 0], rtol=rtol, atol=atol) for n in common
            ):
                match = j
                break
        out.append(match)
    return out
