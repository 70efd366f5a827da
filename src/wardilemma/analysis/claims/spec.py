"""Claims files: the thesis as propositions about runs, read from TOML and validated.

A claims file is a list of ``[[claim]]`` tables. Each claim has an ``id``, the ``text`` an
instructor would say, the ``source`` sentence of the article it comes from, and a ``kind``
from a small vocabulary (:data:`KINDS`):

``threshold``
    A measure of one scenario against a number: "under war continues, reserves run out
    before month 120".
``compare``
    The same measure in two scenarios: "sudden peace raises peak provincial discontent above
    the war-continues path within 36 months of the ceasefire".
``overtakes``
    One scenario's variable rises above another's, having been below it, by a given month:
    "oil sanctions bring the war path's discontent above sudden peace's by month 96".
``monotone``
    A measure along a lever's values never rises (or never falls): "raising the replacement
    stimulus never raises peak discontent". Each value replaces the lever for the whole run,
    or, with ``starting = "2026-01"``, from that month on (a step; before it the scenario's
    own value holds).

A *measure* reduces a run to one number per member: either a registered metric
(``metric = "reserves_out_month"``, see :data:`wardilemma.metrics.METRICS`) or a statistic of
one variable over a window (``variable``, ``region``, ``stat``, ``window``, ``after``,
``threshold``). Windows are months since the start of the run or ``"YYYY-MM"`` dates; with
``after = "ceasefire"`` they count from the ceasefire of the claim's scenarios.

Nothing in a claims file is executed: it is data, validated with pydantic, and every mistake
is reported with the file, the line, the key and what is allowed. This module holds the
vocabulary and the types; :mod:`.reading` reads a file (:func:`~.reading.load_claims`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from wardilemma.metrics import METRICS
from wardilemma.scenario import ScenarioError

__all__ = [
    "KINDS",
    "OPS",
    "STATS",
    "AnyClaim",
    "Claim",
    "ClaimError",
    "ClaimsFile",
    "ClaimsTable",
    "CompareClaim",
    "Measure",
    "MonotoneClaim",
    "OvertakesClaim",
    "ThresholdClaim",
    "Time",
    "vocabulary",
]

#: Comparison operators a claim may use.
OPS: tuple[str, ...] = (">", ">=", "<", "<=")

#: Statistics of a variable over a window (see :class:`Measure`).
STATS: dict[str, str] = {
    "max": "highest value in the window",
    "min": "lowest value in the window",
    "mean": "average over the saved months of the window",
    "final": "value at the last saved month of the window",
    "initial": "value at the first saved month of the window",
    "months_above": "months in the window with the value above `threshold`",
    "first_above": "first month (since the start of the run) with the value above "
    "`threshold`; never = infinity",
    "first_below": "first month (since the start of the run) with the value below "
    "`threshold`; never = infinity",
}

#: Claim kinds and what each asserts.
KINDS: dict[str, str] = {
    "threshold": "a measure of `scenario` compared with `value` using `op`",
    "compare": "measure(`b`) `op` measure(`a`), by more than `margin`",
    "overtakes": "`variable` of `a` rises above that of `b`, having been below it, by month `by`",
    "monotone": "a measure of `scenario` along the values of `lever` never rises "
    '(`direction = "decreasing"`) or never falls (`"increasing"`)',
}

Time = float | str


class ClaimError(ScenarioError):
    """A claims file is invalid; ``problems`` has one message per mistake, each naming the
    file, the line, the key and what is allowed."""

    not_loaded = "the claims were not loaded"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Measure(_Strict):
    """One number per member: a registered metric, or a statistic of a variable.

    Attributes
    ----------
    metric
        A key of :data:`wardilemma.metrics.METRICS` (then ``variable`` and ``stat`` are not
        given); ``region`` picks a region for regional metrics (default the whole country).
    variable
        A model variable (stock, flow or auxiliary).
    region
        Region of a regional variable (required for one).
    stat
        One of :data:`STATS`.
    window
        ``[start, end]``, months or ``"YYYY-MM"`` dates; default the future: from the
        run's branch (its first month without one) to its end, as the summary metrics.
    after
        ``"start"`` (default) or ``"ceasefire"``: months of ``window`` count from the
        ceasefire of the claim's scenarios (the earliest one, for each member).
    threshold
        Level for ``months_above``, ``first_above`` and ``first_below``.
    """

    metric: str | None = None
    variable: str | None = None
    region: str | None = None
    stat: Literal["max", "min", "mean", "final", "initial", "months_above", "first_above",
                  "first_below"] | None = None  # fmt: skip
    window: tuple[Time, Time] | None = None
    after: Literal["start", "ceasefire"] = "start"
    threshold: float | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Measure:
        if (self.metric is None) == (self.variable is None):
            raise ValueError("give either `metric` or `variable` (with `stat`), not both")
        if self.metric is not None and (self.stat or self.window or self.threshold is not None):
            raise ValueError("a `metric` takes no `stat`, `window` or `threshold`")
        if self.variable is not None and self.stat is None:
            raise ValueError(f"a `variable` needs a `stat`: one of {', '.join(STATS)}")
        needs = self.stat in ("months_above", "first_above", "first_below")
        if needs and self.threshold is None:
            raise ValueError(f"stat `{self.stat}` needs a `threshold`")
        return self

    def describe(self) -> str:
        """A short phrase: ``max of discontent[provinces] in months 12-48``."""
        if self.metric is not None:
            where = f" [{self.region}]" if self.region else ""
            return f"{self.metric}{where}"
        text = f"{self.stat} of {self.variable}"
        if self.region:
            text += f"[{self.region}]"
        if self.threshold is not None:
            text += f" vs {self.threshold:g}"
        if self.window is not None:
            lo, hi = (f"{w:g}" if isinstance(w, float | int) else w for w in self.window)
            text += f", months {lo}-{hi}"
            if self.after == "ceasefire":
                text += " after the ceasefire"
        elif self.after == "ceasefire":
            text += " after the ceasefire"
        return text


class _Common(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)
    text: str = Field(min_length=1)
    source: str = Field(min_length=1)
    note: str = ""


class ThresholdClaim(_Common):
    kind: Literal["threshold"]
    scenario: str
    measure: Measure
    op: Literal[">", ">=", "<", "<="]
    value: float


class CompareClaim(_Common):
    kind: Literal["compare"]
    a: str
    b: str
    measure: Measure
    op: Literal[">", ">=", "<", "<="] = ">"
    margin: float = Field(default=0.0, ge=0.0)


class OvertakesClaim(_Common):
    kind: Literal["overtakes"]
    a: str
    b: str
    variable: str
    region: str | None = None
    by: Time
    margin: float = Field(default=0.0, ge=0.0)


class MonotoneClaim(_Common):
    kind: Literal["monotone"]
    scenario: str
    lever: str
    values: tuple[float, ...] = Field(min_length=2, max_length=50)
    starting: Time | None = None
    measure: Measure
    direction: Literal["increasing", "decreasing"]
    tolerance: float = Field(default=1e-6, ge=0.0)


AnyClaim = Annotated[
    ThresholdClaim | CompareClaim | OvertakesClaim | MonotoneClaim, Field(discriminator="kind")
]


class ClaimsTable(_Strict):
    """A claims file's TOML as pydantic validates it: a title and the claims."""

    title: str = ""
    claim: list[AnyClaim] = Field(min_length=1, max_length=200)


@dataclass(frozen=True)
class Claim:
    """A validated claim, with the scenario files it compares resolved to paths.

    ``spec`` is the validated table (one of the kinds of :data:`KINDS`); ``scenarios`` maps
    each role (``"scenario"``, ``"a"``, ``"b"``) to a scenario file.
    """

    spec: ThresholdClaim | CompareClaim | OvertakesClaim | MonotoneClaim
    scenarios: Mapping[str, Path]
    line: int | None = None

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def kind(self) -> str:
        return self.spec.kind

    @property
    def text(self) -> str:
        return self.spec.text


@dataclass(frozen=True)
class ClaimsFile:
    """A validated claims file: its path, title and claims in file order."""

    path: Path
    title: str
    claims: tuple[Claim, ...]


def vocabulary() -> str:
    """The claims vocabulary as text: kinds, statistics and registered metrics."""
    lines = ["Claim kinds:"]
    lines += [f"  {k:<10} {v}" for k, v in KINDS.items()]
    lines += ["", "Statistics of a variable (measure.stat):"]
    lines += [f"  {k:<13} {v}" for k, v in STATS.items()]
    lines += ["", "Metrics (measure.metric):"]
    lines += [f"  {m.name:<26} {m.units:<22} {m.definition}" for m in METRICS.values()]
    return "\n".join(lines)
