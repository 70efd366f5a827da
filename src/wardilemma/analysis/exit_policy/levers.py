"""The exit levers an exit-policy search varies, and the ranges it searches.

A :class:`Lever` is a policy parameter of the model (``lever=True``, declared in
``model/``) with the range searched. The default levers are the exit policy of the article,
each given relative to the ceasefire in the model (moving the ceasefire moves them all):
the ceasefire month itself within a window, the demobilisation pace, the post-war bonus
and its phase-out, the replacement stimulus with its duration and taper, the veteran
programmes and their benefit, and post-war military spending with its adjustment time.
A lever's default range is its declared plausible range (else its allowed range); the
ceasefire's is a window of :data:`CEASEFIRE_WINDOW` months from the scenario's own
ceasefire (or from its branch, when the scenario has no ceasefire in the run).

Values are snapped before they are run (:meth:`Lever.snap`): month-valued levers to whole
months, the others to three significant digits, so the policy written as a scenario file
is the policy that was run. Illustrative model, not a forecast.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from wardilemma.analysis.uncertainty.sampling import UncertaintyError
from wardilemma.model import WAR_ECONOMY, Model
from wardilemma.results import month_label
from wardilemma.scenario import Scenario
from wardilemma.scenario.locate import did_you_mean
from wardilemma.scenario.schema import is_date_lever
from wardilemma.scenario.types import month_offset
from wardilemma.text import readable_number

__all__ = [
    "CEASEFIRE_WINDOW",
    "DEFAULT_LEVERS",
    "EXIT_REGION",
    "ExitPolicyError",
    "Lever",
    "lever_values",
    "select_levers",
]

#: The exit levers searched by default, in the order of the tables.
DEFAULT_LEVERS: tuple[str, ...] = (
    "ceasefire_month",
    "demobilisation_time",
    "postwar_bonus_rub",
    "bonus_phaseout_time",
    "replacement_stimulus",
    "stimulus_duration",
    "stimulus_taper_time",
    "veteran_programme_level",
    "veteran_benefit_rub",
    "postwar_military_spending",
    "postwar_spending_adjustment_time",
)

#: Months of the default ceasefire window (from the scenario's ceasefire or branch).
CEASEFIRE_WINDOW = 36.0

#: The region a regional lever (``postwar_bonus_rub``) is searched in: the provinces, where
#: the recruits come from; the other regions keep the scenario's values.
EXIT_REGION = "provinces"


class ExitPolicyError(UncertaintyError):
    """An exit-policy search cannot run as asked (unknown lever or metric, a lever the
    scenario fixes by a schedule...)."""


@dataclass(frozen=True)
class Lever:
    """A parameter searched between ``low`` and ``high`` (the model's units); a regional one
    in :data:`EXIT_REGION` only (``region``), the other regions at the scenario's values."""

    name: str
    low: float
    high: float
    units: str
    date: bool
    region: str | None = None

    def override(self, values: np.ndarray) -> Any:
        """``parameters=`` of a run for these values: the array, or ``{region: array}``."""
        return values if self.region is None else {self.region: values}

    def snap(self, values: np.ndarray) -> np.ndarray:
        """Values as run: whole months for month-valued levers, else three significant
        digits, within ``[low, high]``."""
        values = np.clip(np.asarray(values, dtype=float), self.low, self.high)
        if self.units == "month":
            return np.clip(np.round(values), math.ceil(self.low), math.floor(self.high))
        with np.errstate(divide="ignore"):
            digits = 2 - np.floor(np.log10(np.abs(np.where(values == 0, 1.0, values))))
        scale = 10.0**digits
        return np.round(values * scale) / scale

    def text(self, value: float, start: str) -> str:
        """A value as people read it: a calendar month for a month lever."""
        return month_label(start, value) if self.date else readable_number(float(value))

    def plain(self, value: float, start: str) -> str:
        """A value for a table or a file: ``YYYY-MM`` for a month lever, else the number."""
        if self.date:
            return month_label(start, value)
        return repr(float(value)) if value != int(value) else repr(int(value))

    def toml(self, value: float, start: str) -> str:
        """A value as a scenario file writes it (a region table for a regional lever: the
        other regions keep the parent's values)."""
        text = f'"{self.plain(value, start)}"' if self.date else self.plain(value, start)
        return text if self.region is None else f"{{ {self.region} = {text} }}"


def _default_range(name: str, scenario: Scenario, model: Model) -> tuple[float, float]:
    p = model.parameters[name]
    if name == "ceasefire_month":
        own = lever_values(scenario, [name], model)[name]
        branch = month_offset(scenario.branch, scenario.start) if scenario.branch else 0.0
        first = own if own < scenario.months else branch
        return first, min(first + CEASEFIRE_WINDOW, float(scenario.months))
    return p.plausible or p.allowed


def _range(text: str, name: str, scenario: Scenario, model: Model) -> tuple[float, float]:
    """``LOW:HIGH`` (month levers also as dates ``YYYY-MM``) within the allowed range."""
    p = model.parameters[name]

    def bound(x: str) -> float:
        x = x.strip()
        if re.fullmatch(r"\d{4}-\d{1,2}", x):
            if not (is_date_lever(p) and re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", x)):
                raise ValueError(x)
            return month_offset(x, scenario.start)
        return float(x)

    parts = text.split(":")
    try:
        if len(parts) != 2:
            raise ValueError(text)
        low, high = (bound(x) for x in parts)
    except ValueError:
        raise ExitPolicyError(
            f"--lever {name}={text}: give the range as LOW:HIGH"
            + (" (numbers, or dates YYYY-MM)" if is_date_lever(p) else "")
        ) from None
    lo, hi = p.allowed
    if not lo <= low < high <= hi:
        raise ExitPolicyError(
            f"--lever {name}={text}: need {readable_number(lo)} <= LOW < HIGH <= "
            f"{readable_number(hi)} ({p.units})"
        )
    return low, high


def select_levers(
    specs: Sequence[str] | None, scenario: Scenario, model: Model = WAR_ECONOMY
) -> tuple[Lever, ...]:
    """The levers of ``NAME`` or ``NAME=LOW:HIGH`` specs (default :data:`DEFAULT_LEVERS`).

    With the default set, a lever the scenario schedules (or draws from ``[uncertainty]``)
    is left at the scenario's value; named explicitly, it is an error.

    Raises
    ------
    ExitPolicyError
        An unknown name (with the closest levers), a parameter that is not a lever, a lever
        the scenario fixes by a schedule or draws as uncertain, a bad range.
    """
    explicit = bool(specs)
    pairs = [[*s.split("=", 1), ""][:2] for s in specs or DEFAULT_LEVERS]
    levers = [n for n, p in model.parameters.items() if p.lever]
    after = any(spec.after is not None for spec in scenario.schedules.values())
    chosen: list[Lever] = []
    for name, text in pairs:
        name = name.strip()
        if name not in levers:
            what = "is a parameter, not a policy lever" if name in model.parameters else ""
            raise ExitPolicyError(
                (f"{name!r} {what}" if what else f"unknown lever {name!r}")
                + f"{did_you_mean(name, levers)}; the default levers: "
                + ", ".join(DEFAULT_LEVERS)
            )
        why = ""
        if name in scenario.schedules:
            why = "follows a schedule in the scenario"
        elif name in scenario.uncertainty:
            why = "is drawn from the scenario's [uncertainty] table"
        elif name == "ceasefire_month" and after:
            why = "is fixed: the scenario schedules levers after the ceasefire"
        if why:
            if explicit:
                raise ExitPolicyError(
                    f"lever {name!r} {why}, so the search cannot vary it; leave it out"
                )
            continue
        if any(c.name == name for c in chosen):
            raise ExitPolicyError(f"lever {name!r} is given twice")
        p = model.parameters[name]
        low, high = _range(text, name, scenario, model) if text else _default_range(
            name, scenario, model
        )  # fmt: skip
        if high <= low:
            raise ExitPolicyError(f"lever {name!r}: empty range {low:g}:{high:g}")
        region = EXIT_REGION if p.regional else None
        chosen.append(Lever(name, float(low), float(high), p.units, is_date_lever(p), region))
    if not chosen:
        raise ExitPolicyError("no lever to search: the scenario fixes every default lever")
    return tuple(chosen)


def lever_values(
    scenario: Scenario, names: Sequence[str], model: Model = WAR_ECONOMY
) -> dict[str, float]:
    """The scenario's own value of each lever (a regional lever: in :data:`EXIT_REGION`)."""
    out: dict[str, float] = {}
    for name in names:
        value = scenario.parameters.get(name, model.parameters[name].default)
        if isinstance(value, Mapping):
            value = value[EXIT_REGION]
        out[name] = float(value)
    return out
