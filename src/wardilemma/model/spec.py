"""Declarations of model elements: the vocabulary of Vensim and Stella as frozen dataclasses.

Each element is declared once, with units, a one-line meaning and its source (the article
sentence or public figure it encodes, cited by outlet, author and date, or ``"assumption"``).
Everything else (the engine, the docs, the parameter reference, the exports, the diagrams)
is derived from these.

Model files pass every field by keyword (``Stock(name=..., initial=..., units=...)``,
``Flow(name=..., equation=...)``, ``Parameter(name=..., default=...)``) and list their
elements in the order stocks, flows, auxiliaries, lookups, parameters. Positional
arguments still work for small test models.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = ["Auxiliary", "Channel", "Element", "Flow", "Lookup", "Parameter", "Sector", "Stock"]

ASSUMPTION = "assumption"


@dataclass(frozen=True)
class Parameter:
    """A constant input that scenario files may change.

    ``default`` is a number, or a mapping ``region -> number`` when ``regional`` is true.
    ``allowed`` is the hard range (values outside are errors); ``plausible`` a narrower
    range outside which a scenario gets a warning. A ``lever`` is a policy choice of the
    brief and may be given as a time schedule. ``uncertain`` is the range of a disputed
    figure or a weakly grounded link (conflicting sources, an upper bound, an assumption the
    thesis leans on): the baseline scenario puts it into ``[uncertainty]`` as a uniform
    distribution for Monte Carlo runs.
    """

    name: str
    default: float | Mapping[str, float]
    units: str
    doc: str
    allowed: tuple[float, float]
    source: str = ASSUMPTION
    plausible: tuple[float, float] | None = None
    regional: bool = False
    lever: bool = False
    integer: bool = False
    uncertain: tuple[float, float] | None = None
    sector: str = ""


@dataclass(frozen=True)
class Stock:
    """A level that integrates its inflows minus its outflows (Vensim ``INTEG``)."""

    name: str
    initial: str
    units: str
    doc: str
    inflows: tuple[str, ...] = ()
    outflows: tuple[str, ...] = ()
    source: str = ASSUMPTION
    regional: bool = False
    bounds: tuple[float, float] | None = (0.0, float("inf"))
    sector: str = ""


@dataclass(frozen=True)
class Flow:
    """A rate that moves material into or out of stocks (units: stock units per month).

    ``regional`` declares the dimension: ``True`` per region, ``False`` national, ``None``
    inferred from the equation. A declared dimension is checked against the inferred one.
    """

    name: str
    equation: str
    units: str
    doc: str
    source: str = ASSUMPTION
    regional: bool | None = None
    sector: str = ""


@dataclass(frozen=True)
class Auxiliary:
    """A variable computed from others at each time (``bounds`` documents an index's range).

    ``regional`` declares the dimension as for :class:`Flow` (``None``: inferred).
    """

    name: str
    equation: str
    units: str
    doc: str
    source: str = ASSUMPTION
    bounds: tuple[float, float] | None = None
    regional: bool | None = None
    sector: str = ""


@dataclass(frozen=True)
class Channel:
    """A channel of an inflow: one term of a pressure, named after the variable that carries
    it (``wardilemma explain`` attributes a gap in a metric to the channels by holding each
    channel's ``variable`` at its value on another path).

    ``label`` is the short name a class reads ("returning veterans"); ``doc`` one sentence.
    """

    name: str
    variable: str
    label: str
    doc: str


@dataclass(frozen=True)
class Lookup:
    """A graphical function: piecewise-linear in ``points``, clamped at both ends."""

    name: str
    points: tuple[tuple[float, float], ...]
    x_units: str
    y_units: str
    doc: str
    source: str = ASSUMPTION
    sector: str = ""

    @property
    def xs(self) -> tuple[float, ...]:
        return tuple(p[0] for p in self.points)

    @property
    def ys(self) -> tuple[float, ...]:
        return tuple(p[1] for p in self.points)


Element = Parameter | Stock | Flow | Auxiliary | Lookup


@dataclass(frozen=True)
class Sector:
    """A group of elements with a title and a paragraph of explanation."""

    key: str
    title: str
    doc: str
    elements: tuple[Element, ...] = field(default=())
