"""Memory before a big request: estimate what an ensemble or sweep needs, choose the chunk
size from a budget, stream the recorded series to disk when they do not fit, and refuse
upfront only what cannot fit even then.

The budget (:func:`memory_budget`) is ``--memory-budget``, else the environment variable
``WARDILEMMA_MEMORY_BUDGET``, else :data:`DEFAULT_BUDGET` (half the memory available now,
read from ``/proc/meminfo``): ``"50%"`` of the available memory, or a size such as
``"4GB"``, ``"512MiB"`` or a number of bytes.

:func:`plan_ensemble` counts 8-byte numbers:

* **resident** (kept in memory for the whole study): the draws, every member's parameters
  and metrics per scenario, and the members table while it is written (about three copies:
  the columns, the pandas frame and the Arrow table);
* **series**: the recorded monthly variables, ``scenarios x keys x saved times x members``;
  in memory when they fit (and take at most :data:`SERIES_IN_MEMORY`), otherwise streamed
  to ``.npy`` files on disk and read back a few months at a time by the analysis;
* **per member of a chunk**: what :func:`wardilemma.simulate` records for a chunk
  (recorded variables, the metrics' inputs and the stocks checked for numerical trouble,
  over every saved time, twice for the copies made while collecting them) plus the
  kernel's working state (every variable and stock, a few times for the integrator's
  stages). With ``jobs`` workers, ``jobs + 1`` chunks are in memory at once.

The chunk size is the largest (up to the default) that fits the budget next to the
resident arrays. Illustrative model, not a forecast.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from wardilemma.analysis.uncertainty.sampling import UncertaintyError
from wardilemma.engine.run import available_memory
from wardilemma.metrics import METRICS
from wardilemma.model import WAR_ECONOMY, Model
from wardilemma.scenario import Scenario
from wardilemma.text import readable_number

__all__ = [
    "DEFAULT_BUDGET",
    "ENV",
    "MemoryBudgetError",
    "Plan",
    "available_memory",
    "memory_budget",
    "parse_budget",
    "plan_ensemble",
]

#: Environment variable holding the memory budget.
ENV = "WARDILEMMA_MEMORY_BUDGET"
#: Default budget: half of the memory available when the study starts.
DEFAULT_BUDGET = "50%"
#: Bytes of a number.
WORD = 8
#: Largest chunk (members) planned; small chunks keep the progress bar moving.
MAX_CHUNK = 2000
#: Copies of the members table alive while it is written (columns, frame, Arrow table).
TABLE_COPIES = 3
#: Fixed allowance for the interpreter, the model and the figures (bytes).
OVERHEAD = 300 * 2**20
#: Recorded series larger than this are streamed to disk even when the budget would hold
#: them: the analysis reads them a few months at a time at the same speed, and a study of
#: any size then stays within about a gigabyte.
SERIES_IN_MEMORY = 256 * 2**20

_UNITS = {"": 1, "b": 1, "k": 2**10, "m": 2**20, "g": 2**30, "t": 2**40}


class MemoryBudgetError(UncertaintyError):
    """A request that cannot fit in the memory budget even in chunks (exit code 2)."""


def parse_budget(text: str | int | float, available: int | None = None) -> int:
    """Bytes of a budget: ``"50%"`` (of :func:`available_memory`), ``"4GB"``, ``"512MiB"``,
    ``"2g"`` or a number of bytes.

    Raises
    ------
    MemoryBudgetError
        Anything else, naming the forms allowed.
    """
    if isinstance(text, int | float) and not isinstance(text, bool):
        value = float(text)
    else:
        raw = str(text).strip().lower().replace(" ", "")
        pct = re.fullmatch(r"(\d+(?:\.\d+)?)%", raw)
        size = re.fullmatch(r"(\d+(?:\.\d+)?)([kmgt]?)(?:i?b)?", raw)
        if pct:
            share = float(pct.group(1)) / 100
            if not 0 < share <= 1:
                raise MemoryBudgetError(f"memory budget {text!r}: a share must be 1% to 100%")
            return int(share * (available if available is not None else available_memory()))
        if not size:
            raise MemoryBudgetError(
                f'memory budget {text!r}: give a share of the available memory ("50%") or '
                'a size ("4GB", "512MB", bytes)'
            )
        value = float(size.group(1)) * _UNITS[size.group(2)]
    if value <= 0:
        raise MemoryBudgetError(f"memory budget {text!r} must be positive")
    return int(value)


def memory_budget(value: str | int | None = None) -> int:
    """The budget in bytes: ``value``, else ``$WARDILEMMA_MEMORY_BUDGET``, else 50 % of the
    available memory."""
    chosen = value if value is not None else os.environ.get(ENV) or DEFAULT_BUDGET
    return parse_budget(chosen)


def _gb(n: float) -> str:
    if n >= 1e12:
        return f"{n / 1e12:.3g} TB"
    return f"{n / 1e9:.3g} GB" if n >= 1e8 else f"{n / 1e6:.3g} MB"


@dataclass(frozen=True)
class Plan:
    """How an ensemble will run within the budget (bytes; see the module docstring)."""

    members: int
    scenarios: int
    saved_times: int
    series_keys: int
    budget: int
    available: int
    resident: int
    series: int
    per_member: int
    chunk_size: int
    jobs: int
    series_on_disk: bool

    @property
    def peak(self) -> int:
        """Estimated peak memory: resident arrays, series (when in memory), chunks."""
        in_ram = 0 if self.series_on_disk else self.series
        return self.resident + in_ram + (self.jobs + 1) * self.chunk_size * self.per_member

    def describe(self) -> str:
        """One paragraph: the estimate, the budget and the decision."""
        where = "streamed to disk" if self.series_on_disk else "kept in memory"
        return (
            f"memory plan: {readable_number(self.members)} members x {self.scenarios} "
            f"scenario(s); parameters, metrics and members table {_gb(self.resident)}; "
            f"recorded series {_gb(self.series)} ({where}); {_gb(self.per_member)} per member "
            f"of a chunk; chunks of {readable_number(self.chunk_size)} members; estimated "
            f"peak {_gb(self.peak)} within the budget of {_gb(self.budget)} (available "
            f"{_gb(self.available)})."
        )

    def as_dict(self) -> dict[str, int | bool]:
        return {**asdict(self), "peak": self.peak}


def _width(model: Model, name: str, regions: int) -> int:
    return regions if name in model.regional else 1


def plan_ensemble(
    scenarios: Sequence[Scenario],
    n: int,
    *,
    record: Sequence[str] = (),
    metrics: Sequence[str] = (),
    uncertain: int | None = None,
    jobs: int = 1,
    budget: int | None = None,
    available: int | None = None,
    chunk_size: int | None = None,
    months: float | None = None,
    disk_free: int | None = None,
    out: str | Path | None = None,
    model: Model = WAR_ECONOMY,
) -> Plan:
    """Plan ``n`` members of each scenario within the memory budget.

    Parameters
    ----------
    record, metrics
        What is kept per member (as for :func:`~.ensemble.run_ensemble`).
    uncertain
        Number of drawn parameters (default: the scenarios' pooled ``[uncertainty]``).
    jobs
        Worker processes (each holds a chunk).
    budget, available
        Bytes (default: :func:`memory_budget`, :func:`available_memory`).
    chunk_size
        Largest chunk wanted (default :data:`MAX_CHUNK`); the plan may choose fewer.
    disk_free, out
        Free bytes for series streamed to disk (default: free space of ``out``).

    Raises
    ------
    MemoryBudgetError
        When the resident arrays alone exceed the budget, when one member of a chunk does
        not fit next to them, or when the series do not fit on disk either; the message
        gives the numbers and what to change.
    """
    available = available_memory() if available is None else available
    budget = memory_budget() if budget is None else budget
    k = max(1, len(scenarios))
    regions = max((len(sc.region_names) for sc in scenarios), default=len(model.regions))
    span = months if months is not None else max((sc.months for sc in scenarios), default=120)
    saved = round(span) + 1
    if uncertain is None:
        uncertain = len({name for sc in scenarios for name in sc.uncertainty})
    keys = sum(_width(model, v, regions) for v in record)
    n_metrics = len(metrics)
    # the metrics' inputs and the checked stocks are recorded in each chunk too
    known = [METRICS[m.split("[")[0]] for m in metrics if m.split("[")[0] in METRICS]
    needs = {v for metric in known for v in metric.needs}
    checked = {*model.stocks, *(h.owner for h in model.hidden_stocks)}
    recorded = sum(_width(model, v, regions) for v in {*record, *needs, *checked})
    every = sum(_width(model, v, regions) for v in model.elements if v not in model.lookups)
    every += sum(_width(model, h.name, regions) for h in model.hidden_stocks)
    per_member = WORD * (2 * recorded * saved + 6 * every + keys * saved + n_metrics)
    # the unit draws; per scenario its parameter arrays, their flat copy, metrics, flags
    resident = WORD * n * (uncertain + k * (2 * uncertain + n_metrics + 1))
    resident += WORD * n * k * (uncertain + n_metrics + 3) * TABLE_COPIES + OVERHEAD
    series = WORD * n * k * keys * saved
    want = min(chunk_size or MAX_CHUNK, n)
    workers = max(1, jobs)
    hint = (
        f"the budget is {_gb(budget)} ({ENV} or --memory-budget; default {DEFAULT_BUDGET} "
        f"of the {_gb(available)} available)"
    )
    if resident > budget:
        per = max(1, (resident - OVERHEAD) // n)
        fit = max(0, (budget - OVERHEAD) // per)
        raise MemoryBudgetError(
            f"{readable_number(n)} members x {k} scenario(s) need about {_gb(resident)} in "
            f"memory for the drawn parameters, the metrics and the members table alone, "
            f"which cannot be split into chunks; {hint}. Use at most about "
            f"{readable_number(fit)} members, fewer metrics, or a larger budget."
        )
    room = budget - resident
    on_disk = series > SERIES_IN_MEMORY or series + (workers + 1) * want * per_member > room
    if not on_disk:
        room -= series
    chunk = min(want, room // ((workers + 1) * per_member))
    if chunk < 1:
        raise MemoryBudgetError(
            f"one member of a chunk needs about {_gb(per_member)} ({saved} saved months) "
            f"next to {_gb(resident)} of parameters and metrics; {hint}. Record fewer "
            f"variables, use fewer --jobs or a larger budget."
        )
    if on_disk:
        free = disk_free
        if free is None:
            target = Path(out) if out is not None else Path.cwd()
            while not target.exists() and target != target.parent:
                target = target.parent
            free = shutil.disk_usage(target).free
        if series > 0.9 * free:
            raise MemoryBudgetError(
                f"the recorded series of {readable_number(n)} members ({keys} series x "
                f"{saved} months x {k} scenario(s)) take {_gb(series)}: more than the budget "
                f"({hint}) and more than the {_gb(free)} free on disk to stream them to. "
                f"Record fewer variables (--record), use fewer members or a larger budget."
            )
    return Plan(n, k, saved, keys, budget, available, resident, series, per_member,
                int(chunk), workers, on_disk)  # fmt: skip


#: Copies of every value of ``run --members`` alive at once (the results and the writer's
#: table; 1,000 members of war_continues peaked at 0.62 GB against 1.0 GB estimated).
RUN_COPIES = 2


def check_full_ensemble(
    scenario: Scenario, n: int, *, months: float | None = None, budget: int | None = None,
    model: Model = WAR_ECONOMY,
) -> int:  # fmt: skip
    """Bytes of an ensemble that records every variable of every member (``run --members``),
    checked against the budget.

    Raises
    ------
    MemoryBudgetError
        Above the budget, pointing to ``montecarlo`` (a few variables, in chunks).
    """
    budget = memory_budget() if budget is None else budget
    regions = len(scenario.region_names)
    saved = round(months if months is not None else scenario.months) + 1
    every = sum(_width(model, v, regions) for v in model.elements if v not in model.lookups)
    need = WORD * n * every * saved * RUN_COPIES + OVERHEAD
    if need > budget:
        fit = max(1, (budget - OVERHEAD) // (WORD * every * saved * RUN_COPIES))
        raise MemoryBudgetError(
            f"--members {readable_number(n)} keeps every variable of every member in memory: "
            f"about {_gb(need)}, above the memory budget of {_gb(budget)} ({ENV}; default "
            f"{DEFAULT_BUDGET} of the available memory). Use at most about "
            f"{readable_number(fit)} members, or `wardilemma montecarlo`, which keeps a few "
            "variables and runs in chunks."
        )
    return need
