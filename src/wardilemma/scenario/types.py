"""The scenario's types: the frozen :class:`Scenario`, its :class:`ScheduleSpec`, the one
error type :class:`ScenarioError` and the :class:`ScenarioWarning`, and :func:`month_offset`
(calendar months to months since the start)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wardilemma.errors import InputError
from wardilemma.model import WAR_ECONOMY

__all__ = [
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_STEPS",
    "Scenario",
    "ScenarioError",
    "ScenarioWarning",
    "ScheduleSpec",
    "month_offset",
]

#: Largest TOML input read (bytes): a scenario file, a claims file.
MAX_FILE_BYTES = 1_000_000
#: Longest ``extends`` chain.
MAX_DEPTH = 32
#: Most time steps in one run (months / dt).
MAX_STEPS = 200_000


class ScenarioError(InputError, ValueError):
    """A scenario file or value is invalid; the message names the file, key and fix.

    Attributes
    ----------
    path
        The file that was being loaded.
    problems
        One readable message per problem (``file:line: key = value: what is wrong``).
    warnings
        Values outside their plausible range (not errors).
    """

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        problems: list[str] | None = None,
        warnings: list[str] | None = None,
    ) -> None:
        self.path = path
        self.problems = problems or [message]
        self.warnings = warnings or []
        super().__init__(message)

    #: What failed, for the header of :meth:`collect` (subclasses for other files say theirs).
    not_loaded = "the scenario was not loaded"

    @classmethod
    def collect(
        cls, path: Path | str, problems: list[str], warnings: list[str] | None = None
    ) -> ScenarioError:
        """One error for several problems: a header line, then one problem per line."""
        n = len(problems)
        head = f"{path}: {n} problem{'s' if n > 1 else ''}, {cls.not_loaded}"
        body = "\n".join(f"  {p}" for p in problems)
        return cls(f"{head}\n{body}", path=path, problems=problems, warnings=warnings)


class ScenarioWarning(UserWarning):
    """A scenario value is allowed but outside its plausible range."""


@dataclass(frozen=True)
class ScheduleSpec:
    """A lever's schedule as written: months since start and values (scalar or per region)."""

    months: tuple[float, ...]
    values: tuple[float | Mapping[str, float], ...]
    interpolation: str = "step"
    #: ``"ceasefire"``: ``months`` count from the ceasefire (resolved per run); ``None``:
    #: months since the start.
    after: str | None = None


@dataclass(frozen=True)
class Scenario:
    """A validated scenario (immutable).

    Attributes
    ----------
    parameters
        Values that differ from the model's defaults: a float for a national parameter,
        ``{region: float}`` (every region of the run) for a regional one. Month levers given
        as dates are stored as months since ``start``.
    regions
        Regions the scenario adds: ``{region: {regional parameter: float}}``, complete.
    schedules
        Time-varying levers; regional values are complete ``{region: float}`` tables.
    uncertainty
        ``{parameter: {"dist": ..., ...}}`` for Monte Carlo runs.
    warnings
        Values outside their plausible range (allowed, but worth a second look).
    files
        The file and its ``extends`` parents, parent first.
    copied_from
        For a copy that kept the name of the scenario it was copied from (a shipped
        scenario or a parent), that scenario's file: ``name`` then carries the file's stem
        too, and the outputs record what differs from it.
    """

    name: str
    description: str = ""
    path: Path | None = None
    start: str = "2025-01"
    months: float = 120.0
    dt: float = 0.25
    method: str = "euler"
    seed: int | None = None
    #: Month the future starts ("YYYY-MM"); ``None``: the start of the run.
    branch: str | None = None
    #: Month since which the starting economy was at rest ("YYYY-MM"); ``None``: the start.
    at_rest_since: str | None = None
    parameters: Mapping[str, float | Mapping[str, float]] = field(default_factory=dict)
    regions: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    schedules: Mapping[str, ScheduleSpec] = field(default_factory=dict)
    uncertainty: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    sha256: str = ""
    warnings: tuple[str, ...] = ()
    files: tuple[Path, ...] = ()
    copied_from: Path | None = None

    @property
    def branch_month(self) -> float:
        """Months from the start of the run to the branch (0 without a branch)."""
        return 0.0 if self.branch is None else month_offset(self.branch, self.start)

    @property
    def region_names(self) -> tuple[str, ...]:
        """Regions of a run of ``WAR_ECONOMY``: the model's, then any the scenario adds."""
        extra = tuple(r for r in self.regions if r not in WAR_ECONOMY.regions)
        return (*WAR_ECONOMY.regions, *extra)


def month_offset(value: str | float | int, start: str) -> float:
    """Months from ``start`` (``"YYYY-MM"``) to ``value`` (a ``"YYYY-MM"`` string or a number)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    match = re.fullmatch(r"(\d{4})-(\d{2})", str(value))
    if match is None:
        raise ScenarioError(f'expected a date "YYYY-MM" or a number of months, got {value!r}')
    year, month = int(match[1]), int(match[2])
    y0, m0 = (int(x) for x in start.split("-"))
    return float((year - y0) * 12 + (month - m0))
