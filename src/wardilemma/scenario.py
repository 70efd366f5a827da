"""Scenarios: TOML files -> validated, frozen :class:`Scenario` objects.

A scenario holds the changes a user makes to the model's defaults: parameters (scalar or
per region), new regions, time-varying levers (schedules), the simulation's time specs and
the uncertainty ranges used by Monte Carlo runs. :func:`load_scenario` reads a file and its
``extends`` chain, validates every file (:mod:`wardilemma.validation`), merges them and
checks what needs the whole chain (regions, dates, schedules, ranges). Every problem found
is reported at once in one :class:`ScenarioError`. :func:`scenario_inputs` turns a
scenario into the arrays the engine needs.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import tomllib
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .model import WAR_ECONOMY, Model
from .schedules import Schedule

__all__ = [
    "Scenario",
    "ScenarioError",
    "ScenarioWarning",
    "ScheduleSpec",
    "load_scenario",
    "month_offset",
    "scenario_inputs",
]

#: Largest scenario file read (bytes); anything bigger is not a hand-written scenario.
MAX_FILE_BYTES = 1_000_000
#: Longest ``extends`` chain.
MAX_DEPTH = 32
#: Most time steps in one run (months / dt).
MAX_STEPS = 200_000


class ScenarioError(ValueError):
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

    @classmethod
    def collect(
        cls, path: Path | str, problems: list[str], warnings: list[str] | None = None
    ) -> ScenarioError:
        """One error for several problems: a header line, then one problem per line."""
        n = len(problems)
        head = f"{path}: {n} problem{'s' if n > 1 else ''}, the scenario was not loaded"
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
    """

    name: str
    description: str = ""
    path: Path | None = None
    start: str = "2025-01"
    months: float = 120.0
    dt: float = 0.25
    method: str = "euler"
    seed: int | None = None
    parameters: Mapping[str, float | Mapping[str, float]] = field(default_factory=dict)
    regions: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    schedules: Mapping[str, ScheduleSpec] = field(default_factory=dict)
    uncertainty: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    sha256: str = ""
    warnings: tuple[str, ...] = ()
    files: tuple[Path, ...] = ()

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


def load_scenario(
    path: str | Path,
    *,
    warn: bool = True,
    overrides: Mapping[str, Any] | None = None,
) -> Scenario:
    """Read a scenario file (TOML), following ``extends`` chains, and validate it.

    Parameters
    ----------
    path
        The scenario file.
    warn
        Emit a :class:`ScenarioWarning` for each value outside its plausible range (the
        messages are also in :attr:`Scenario.warnings`).
    overrides
        Extra ``[parameters]`` applied on top of the file, validated exactly like a value
        written in it (as a last child of the ``extends`` chain, named ``--set`` in
        messages): ``{"casualty_rate": 0.02, "ceasefire_month": "2026-01",
        "bonus_rub": {"provinces": 4e6}}``. A value replaces any schedule of that lever.

    Raises
    ------
    ScenarioError
        When a file cannot be read or anything in the chain is invalid; ``problems`` lists
        every problem, each naming the file, line, key, value and what is allowed.
    """
    scenario = read_scenario_file(Path(path), overrides=overrides)
    if warn:
        for message in scenario.warnings:
            warnings.warn(message, ScenarioWarning, stacklevel=2)
    return scenario


def scenario_inputs(
    scenario: Scenario,
    model: Model = WAR_ECONOMY,
    overrides: Mapping[str, Any] | None = None,
) -> tuple[tuple[str, ...], dict[str, np.ndarray], dict[str, Schedule]]:
    """Arrays for the engine: regions, parameter values and schedules.

    Parameters
    ----------
    overrides
        ``name -> value`` for an ensemble: a scalar, an array of shape ``(members,)``, an
        array ``(members, regions)`` or a mapping ``region -> scalar or (members,)``.

    Returns
    -------
    regions, values, schedules
        ``values[name]`` has shape ``(members, 1)`` or ``(members, regions)``.
    """
    regions = (*model.regions, *(r for r in scenario.regions if r not in model.regions))
    values: dict[str, np.ndarray] = {}
    for name, p in model.parameters.items():
        given = scenario.parameters.get(name)
        if p.regional:
            row = []
            for r in regions:
                if isinstance(given, Mapping) and r in given:
                    row.append(float(given[r]))
                elif given is not None and not isinstance(given, Mapping):
                    row.append(float(given))
                elif name in scenario.regions.get(r, {}):
                    row.append(float(scenario.regions[r][name]))
                elif isinstance(p.default, Mapping) and r in p.default:
                    row.append(float(p.default[r]))
                else:
                    raise ScenarioError(
                        f"region {r!r} has no value for {name!r}: set it in [regions.{r}]",
                        path=scenario.path,
                    )
            values[name] = np.asarray(row, dtype=float)[None, :]
        else:
            v = p.default if given is None else given
            values[name] = np.asarray([[float(v)]])  # type: ignore[arg-type]
    for name, value in (overrides or {}).items():
        if name not in model.parameters:
            hint = model.suggest(name, model.parameters)
            raise ScenarioError(
                f"unknown parameter {name!r}" + (f"; did you mean {hint[0]!r}?" if hint else "")
            )
        values[name] = _member_array(
            name, value, regions, model.parameters[name].regional, values[name]
        )
    schedules = {
        name: _schedule(name, spec, regions, model, values[name])
        for name, spec in scenario.schedules.items()
    }
    return regions, values, schedules


def _member_array(
    name: str, value: Any, regions: tuple[str, ...], regional: bool, base: np.ndarray
) -> np.ndarray:
    if isinstance(value, Mapping):
        if not regional:
            raise ScenarioError(f"{name!r} is national: give one value, not one per region")
        cols = []
        for i, r in enumerate(regions):
            col = np.asarray(value.get(r, base[0, i]), dtype=float)
            cols.append(np.atleast_1d(col))
        members = max(len(c) for c in cols)
        return np.stack([np.broadcast_to(c, (members,)) for c in cols], axis=1)
    arr = np.asarray(value, dtype=float)
    if arr.ndim == 0:
        return np.broadcast_to(arr, base.shape).copy()
    if arr.ndim == 1:
        return arr[:, None] * (np.ones_like(base) if regional else 1.0)
    if arr.ndim == 2 and arr.shape[1] == (len(regions) if regional else 1):
        return arr
    raise ScenarioError(f"values for {name!r} must have shape (members,) or (members, regions)")


def _schedule(
    name: str, spec: ScheduleSpec, regions: tuple[str, ...], model: Model, base: np.ndarray
) -> Schedule:
    """Engine schedule of shape (points, 1 or regions); a region missing from a point's
    table keeps its base value (member 0 of ``base``, shape (members, width))."""
    p = model.parameters[name]
    rows = []
    for v in spec.values:
        if isinstance(v, Mapping):
            rows.append([float(v.get(r, base[0, i])) for i, r in enumerate(regions)])
        else:
            rows.append([float(v)] * (len(regions) if p.regional else 1))
    return Schedule(np.asarray(spec.months, float), np.asarray(rows, float), spec.interpolation)


def file_hash(paths: list[Path]) -> str:
    """SHA-256 over the bytes of a scenario file and its parents."""
    h = hashlib.sha256()
    for p in paths:
        h.update(p.read_bytes())
    return h.hexdigest()


def _chain_hash(docs: list[Any]) -> str:
    """SHA-256 of the files of a chain, and of any overrides applied on top."""
    files = [d.path for d in docs if d.path != OVERRIDES]
    extra = [d.data["parameters"] for d in docs if d.path == OVERRIDES]
    if not extra:
        return file_hash(files)
    h = hashlib.sha256(file_hash(files).encode())
    h.update(json.dumps(extra, sort_keys=True, default=str).encode())
    return h.hexdigest()


# ---------------------------------------------------------------------- reading files


#: How command-line overrides are named in messages (they act as one more file).
OVERRIDES = Path("--set")


def read_scenario_file(
    path: Path, model: Model = WAR_ECONOMY, overrides: Mapping[str, Any] | None = None
) -> Scenario:
    """Read, validate and merge a scenario file and its ``extends`` parents.

    ``overrides`` (``name -> value``) are validated and applied as a last child file.

    Raises
    ------
    ScenarioError
        With every problem of every file in the chain (syntax errors stop at the first).
    """
    from .validation import Document, document_problems

    docs = _read_chain(path)
    if overrides:
        meta = docs[-1].data.get("scenario")
        name = meta.get("name") if isinstance(meta, Mapping) else None
        data = {"scenario": {"name": name if isinstance(name, str) else path.stem}}
        data["parameters"] = dict(overrides)
        docs.append(Document(path=OVERRIDES, text="", data=data))
    problems: list[str] = []
    contents = []
    for doc in docs:
        data, found = document_problems(doc, model)
        problems += found
        contents.append(data)
    if any(data is None for data in contents):
        raise ScenarioError.collect(path, _sorted(problems, docs))
    merger = _Merger(model)
    for doc, data in zip(docs, contents, strict=True):
        merger.add(doc, data)
    try:
        scenario = merger.finish(path, docs)
    except ScenarioError as exc:
        problems += exc.problems
        raise ScenarioError.collect(path, _sorted(problems, docs), exc.warnings) from None
    if problems:
        raise ScenarioError.collect(path, _sorted(problems, docs), list(scenario.warnings))
    return scenario


def _sorted(problems: list[str], docs: list[Any]) -> list[str]:
    """Problems in file order (parents first), then by line."""
    order = {str(d.path): i for i, d in enumerate(docs)}

    def key(message: str) -> tuple[int, int]:
        m = re.match(r"(.*?):(\d+):", message)
        if m and m[1] in order:
            return order[m[1]], int(m[2])
        head = message.split(":", 1)[0]
        return order.get(head, len(order)), 0

    return sorted(dict.fromkeys(problems), key=key)


@dataclass(frozen=True)
class _Origin:
    """Where a value was written: a document and a key path."""

    doc: Any  # validation.Document
    loc: tuple[str | int, ...]

    def text(self, value: Any = None, *, show_value: bool = True) -> str:
        from .validation import show, where

        head = where(self.doc, self.loc)
        return f"{head} = {show(value)}" if show_value else head


_SYNTAX_HINTS = {
    "Cannot overwrite a value": "a key or table is written twice",
    "Cannot declare": "a table is written twice",
    "Invalid value": 'values are numbers, "strings in quotes", [arrays] or {tables}',
    "Expected '=' after a key": "each line is `key = value`",
    "Invalid statement": "each line is `key = value` or a [table] header",
    "Unclosed": "a bracket or quote is not closed",
}


def _read_document(path: Path, via: tuple[_Origin, str] | None, top: Path) -> Any:
    """One file as a :class:`~wardilemma.validation.Document`; raise on unreadable input."""
    from .validation import Document

    def fail(text: str, at: str | None = None) -> ScenarioError:
        if via is not None:
            origin, extends = via
            text = f"{origin.text(extends)}: parent file {path}: {text}"
        else:
            text = f"{at or path}: {text}"
        return ScenarioError.collect(top, [text])

    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise fail("file not found") from None
    except IsADirectoryError:
        raise fail("is a directory, not a scenario file") from None
    except OSError as exc:
        raise fail(f"cannot be read ({exc.strerror})") from None
    if len(raw) > MAX_FILE_BYTES:
        raise fail(f"file too large ({len(raw)} bytes; a scenario file is a few kilobytes)")
    if b"\x00" in raw:
        byte = raw.index(b"\x00")
        raise fail(f"not a text file (binary data at byte {byte}): a scenario is a UTF-8 TOML file")
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise fail(f"not UTF-8 text (invalid byte at position {exc.start})") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        m = re.search(r"\(at line (\d+), column (\d+)\)", message)
        reason = message[: m.start()].strip() if m else message
        hint = next((h for k, h in _SYNTAX_HINTS.items() if reason.startswith(k)), "")
        reason += f" ({hint})" if hint else ""
        if m:
            raise fail(f"TOML syntax error: {reason}", at=f"{path}:{m[1]}:{m[2]}") from None
        raise fail(f"TOML syntax error: {reason}") from None
    if not data:
        raise fail('the file is empty: a scenario needs at least [scenario] name = "..."')
    return Document(path=path, text=text, data=data)


def _read_chain(path: Path) -> list[Any]:
    """The file and its ``extends`` parents, parent first."""
    chain: list[Any] = []
    seen: list[Path] = []
    current, via = path, None
    while True:
        resolved = current.resolve()
        if resolved in seen:
            origin, extends = via  # type: ignore[misc]
            loop = " -> ".join(str(d.path) for d in chain[seen.index(resolved) :])
            raise ScenarioError.collect(
                path, [f"{origin.text(extends)}: inheritance cycle: {loop} -> {current}"]
            )
        doc = _read_document(current, via, path)
        chain.append(doc)
        seen.append(resolved)
        meta = doc.data.get("scenario")
        extends = meta.get("extends") if isinstance(meta, Mapping) else None
        if not isinstance(extends, str) or not extends:
            break  # a wrong type is reported by the validation of the file
        if len(chain) >= MAX_DEPTH:
            raise ScenarioError.collect(path, [f"{doc.path}: `extends` chain longer than 32"])
        via = (_Origin(doc, ("scenario", "extends")), extends)
        current = Path(os.path.normpath(doc.path.parent / extends))
    return chain[::-1]


# ---------------------------------------------------------------------- merging and checks

_Value = tuple[Any, "_Origin | None"]


class _Merger:
    """Apply the files of a chain in order (parent first) and check the result."""

    def __init__(self, model: Model) -> None:
        self.model = model
        self.params = model.parameters
        self.regions: list[str] = list(model.regions)
        self.new_regions: dict[str, tuple[_Origin, str | None]] = {}
        self.national: dict[str, _Value] = {}
        self.regional: dict[str, dict[str, _Value]] = {}
        for name, p in self.params.items():
            if p.regional:
                d = p.default
                self.regional[name] = {
                    r: ((d[r] if isinstance(d, Mapping) else d), None)
                    for r in model.regions
                    if not isinstance(d, Mapping) or r in d
                }
            else:
                self.national[name] = (p.default, None)
        self.schedules: dict[str, tuple[Mapping[str, Any], _Origin]] = {}
        self.uncertainty: dict[str, tuple[Mapping[str, Any], _Origin]] = {}
        self.sim: dict[str, _Value] = {}
        self.name = ""
        self.description = ""
        self.errors: list[str] = []
        self.warnings: list[str] = []

    # ------------------------------------------------------------------ one file

    def add(self, doc: Any, data: Mapping[str, Any]) -> None:
        meta = data["scenario"]
        self.name = meta["name"]
        self.description = meta.get("description", self.description)
        for key, value in data.get("simulation", {}).items():
            self.sim[key] = (value, _Origin(doc, ("simulation", key)))
        regions = data.get("regions", {})
        self._declare_regions(doc, regions)
        written = self._set_values(doc, data)
        for rname, table in regions.items():
            for key, value in table.items():
                if key == "like" or rname not in self.regions:
                    continue
                origin = _Origin(doc, ("regions", rname, key))
                if (key, rname) in written:
                    self.errors.append(
                        f"{origin.text(value)}: also set for `{rname}` in a table under "
                        f"[{written[key, rname]}] of this file; keep one"
                    )
                self.regional[key][rname] = (value, origin)
        for name, dist in data.get("uncertainty", {}).items():
            self.uncertainty[name] = (dist, _Origin(doc, ("uncertainty", name)))

    def _declare_regions(self, doc: Any, regions: Mapping[str, Mapping[str, Any]]) -> None:
        from .validation import did_you_mean

        for rname, table in regions.items():
            like = table.get("like")
            origin = _Origin(doc, ("regions", rname, "like"))
            if rname in self.regions:
                if like is not None:
                    self.errors.append(
                        f"{origin.text(like)}: `{rname}` already exists; `like` only starts "
                        "a new region (set the values to change directly)"
                    )
                continue
            if like is not None and like not in self.regions:
                self.errors.append(
                    f"{origin.text(like)}: unknown region `{like}`"
                    f"{did_you_mean(like, self.regions)} (regions: {', '.join(self.regions)})"
                )
                like = None
            elif like is not None:
                for values in self.regional.values():
                    if like in values:
                        values[rname] = (values[like][0], None)
            self.regions.append(rname)
            self.new_regions[rname] = (_Origin(doc, ("regions", rname)), like)

    def _set_values(self, doc: Any, data: Mapping[str, Any]) -> dict[tuple[str, str], str]:
        written: dict[tuple[str, str], str] = {}
        both = set(data.get("parameters", {})) & set(data.get("policy", {}))
        for name in sorted(both):
            value = data["policy"][name]
            self.errors.append(
                f"{_Origin(doc, ('policy', name)).text(value)}: `{name}` is set under both "
                "[parameters] and [policy] of this file; keep one"
            )
        for section in ("parameters", "policy"):
            for name, value in data.get(section, {}).items():
                origin = _Origin(doc, (section, name))
                if isinstance(value, Mapping) and "at" in value:
                    self.schedules[name] = (value, origin)
                    continue
                self.schedules.pop(name, None)  # a constant replaces an inherited schedule
                if not self.params[name].regional:
                    self.national[name] = (value, origin)
                elif isinstance(value, Mapping):
                    for r, x in value.items():
                        at = _Origin(doc, (section, name, r))
                        if self._known_region(at, r, x):
                            self.regional[name][r] = (x, at)
                            written[name, r] = section
                else:
                    for r in self.regions:
                        self.regional[name][r] = (value, origin)
        return written

    def _known_region(self, origin: _Origin, region: str, value: Any) -> bool:
        from .validation import did_you_mean

        if region in self.regions:
            return True
        self.errors.append(
            f"{origin.text(value)}: unknown region `{region}`"
            f"{did_you_mean(region, self.regions)} (regions: {', '.join(self.regions)}; "
            "add one with a [regions.NAME] table)"
        )
        return False

    # ------------------------------------------------------------------ the whole chain

    def finish(self, path: Path, docs: list[Any]) -> Scenario:
        defaults = {f: Scenario.__dataclass_fields__[f].default for f in _SIM_FIELDS}
        sim = {k: self.sim[k][0] if k in self.sim else defaults[k] for k in _SIM_FIELDS}
        self._check_time(sim)
        start = sim["start"]
        self._check_new_regions()
        parameters: dict[str, Any] = {}
        for name, (value, origin) in self.national.items():
            if origin is not None:
                parameters[name] = self._checked(name, value, origin, start)
        for name, values in self.regional.items():
            checked = {r: self._checked(name, v, o, start) for r, (v, o) in values.items()}
            if any(o is not None for _, o in values.values()):
                parameters[name] = checked
        regions = {
            r: {n: self.regional[n][r][0] for n in self.regional if r in self.regional[n]}
            for r in self.new_regions
        }
        schedules = {
            name: spec
            for name, (raw, origin) in self.schedules.items()
            if (spec := self._schedule(name, raw, origin, sim)) is not None
        }
        uncertainty = {}
        for name, (dist, origin) in self.uncertainty.items():
            self._check_distribution(name, dist, origin)
            uncertainty[name] = dict(dist)
        errors = list(dict.fromkeys(self.errors))
        warns = list(dict.fromkeys(self.warnings))
        if errors:
            raise ScenarioError.collect(path, errors, warns)
        return Scenario(
            name=self.name,
            description=self.description,
            path=path,
            start=start,
            months=float(sim["months"]),
            dt=float(sim["dt"]),
            method=sim["method"],
            seed=sim["seed"],
            parameters=parameters,
            regions=regions,
            schedules=schedules,
            uncertainty=uncertainty,
            sha256=_chain_hash(docs),
            warnings=tuple(warns),
            files=tuple(d.path for d in docs if d.path != OVERRIDES),
        )

    def _check_time(self, sim: Mapping[str, Any]) -> None:
        months, dt = float(sim["months"]), float(sim["dt"])
        dt_origin = self.sim.get("dt", (None, None))[1]
        months_origin = self.sim.get("months", (None, None))[1]
        steps_per_month = 1.0 / dt
        if abs(steps_per_month - round(steps_per_month)) > 1e-9 * steps_per_month:
            where = dt_origin.text(dt) if dt_origin else f"simulation.dt = {dt:g}"
            self.errors.append(
                f"{where}: one month must be a whole number of time steps "
                "(use dt = 1, 0.5, 0.25, 0.2, 0.125, 0.1, 0.0625, ...)"
            )
        elif months / dt > MAX_STEPS:
            where = dt_origin.text(dt) if dt_origin else f"simulation.dt = {dt:g}"
            self.errors.append(f"{where}: {months / dt:.0f} time steps; at most {MAX_STEPS}")
        elif abs(months / dt - round(months / dt)) > 1e-9 * months / dt:
            where = months_origin.text(months) if months_origin else f"months = {months:g}"
            self.errors.append(f"{where}: not a whole number of time steps dt = {dt:g}")

    def _check_new_regions(self) -> None:
        for rname, (origin, like) in self.new_regions.items():
            missing = [n for n, values in self.regional.items() if rname not in values]
            if missing and (like is not None or rname in self.regions):
                self.errors.append(
                    f"{origin.text(show_value=False)}: new region `{rname}` has no value for "
                    f'{", ".join(missing)}; add `like = "{self.model.regions[0]}"` to '
                    "start from an existing region, or set them all"
                )

    def _checked(self, name: str, value: Any, origin: _Origin | None, start: str) -> float:
        """A value as a float: dates converted to months; range, integer, plausibility."""
        if origin is None:
            return float(value)
        p = self.params[name]
        number = month_offset(value, start) if isinstance(value, str) else float(value)
        lo, hi = p.allowed
        if isinstance(value, str) and not lo <= number <= hi:
            self.errors.append(
                f"{origin.text(value)}: that is month {number:g} of a run starting {start}; "
                f"`{name}` must be between month {lo:g} and {hi:g}"
            )
        elif p.integer and number != round(number):
            self.errors.append(f"{origin.text(value)}: `{name}` must be a whole number")
        elif p.plausible and not p.plausible[0] <= number <= p.plausible[1]:
            units = "" if p.units == "1" else f" ({p.units})"
            self.warnings.append(
                f"{origin.text(value)}: outside the plausible range {p.plausible[0]:g} to "
                f"{p.plausible[1]:g}{units} for `{name}` (allowed, but check it: {p.doc})"
            )
        return number

    def _schedule(
        self, name: str, raw: Mapping[str, Any], origin: _Origin, sim: Mapping[str, Any]
    ) -> ScheduleSpec | None:
        at, values, start = list(raw["at"]), list(raw["value"]), sim["start"]
        ok = True
        if len(at) != len(values):
            self.errors.append(
                f"{_Origin(origin.doc, (*origin.loc, 'value')).text(values)}: `at` has "
                f"{len(at)} point{'s' if len(at) != 1 else ''} but `value` has {len(values)}; "
                "give one value per point"
            )
            ok = False
        months = [month_offset(a, start) for a in at]
        for i in range(1, len(months)):
            if months[i] <= months[i - 1]:
                self.errors.append(
                    f"{_Origin(origin.doc, (*origin.loc, 'at', i)).text(at[i])}: `at` must be "
                    f"strictly increasing, but month {months[i]:g} does not come after "
                    f"month {months[i - 1]:g} ({at[i - 1]})"
                )
                ok = False
        for i, m in enumerate(months):
            if m >= float(sim["months"]):
                self.warnings.append(
                    f"{_Origin(origin.doc, (*origin.loc, 'at', i)).text(at[i])}: month {m:g} "
                    f"is after the end of the run (month {float(sim['months']):g}); "
                    "this point has no effect"
                )
        p = self.params[name]
        points: list[float | Mapping[str, float]] = []
        for i, value in enumerate(values):
            at_i = _Origin(origin.doc, (*origin.loc, "value", i))
            if isinstance(value, Mapping):
                table = {}
                for r in self.regions:
                    if r in value:
                        table[r] = self._checked(name, value[r], at_i, start)
                    else:
                        table[r] = self._final(name, r)
                for r in value:
                    at_r = _Origin(origin.doc, (*origin.loc, "value", i, r))
                    ok &= self._known_region(at_r, r, value[r])
                points.append(table)
            elif p.regional:
                number = self._checked(name, value, at_i, start)
                points.append(dict.fromkeys(self.regions, number))
            else:
                points.append(self._checked(name, value, at_i, start))
        if not ok:
            return None
        return ScheduleSpec(tuple(months), tuple(points), raw.get("interpolation", "step"))

    def _final(self, name: str, region: str) -> float:
        value = self.regional[name].get(region, (math.nan, None))[0]
        return float(value)

    def _check_distribution(self, name: str, dist: Mapping[str, Any], origin: _Origin) -> None:
        from .validation import did_you_mean

        p = self.params[name]
        lo, hi = p.allowed
        units = "" if p.units == "1" else f" ({p.units})"
        if lo == hi:
            self.errors.append(
                f"{origin.text(dist)}: `{name}` is fixed at {lo:g}{units}; it cannot be uncertain"
            )
            return
        for key in ("low", "high", "mode", "mean", "median"):
            if key in dist and not lo <= dist[key] <= hi:
                self.errors.append(
                    f"{_Origin(origin.doc, (*origin.loc, key)).text(dist[key])}: outside the "
                    f"allowed range {lo:g} to {hi:g}{units} of `{name}`"
                )
        low, high = dist.get("low"), dist.get("high")
        if low is not None and high is not None and not low < high:
            self.errors.append(f"{origin.text(dist)}: `low` must be below `high`")
        elif dist["dist"] == "triangular" and not low <= dist["mode"] <= high:
            self.errors.append(f"{origin.text(dist)}: `mode` must lie between `low` and `high`")
        centre = dist.get("mean", dist.get("median"))
        if centre is not None and low is not None and high is not None:
            if not low <= centre <= high:
                self.errors.append(f"{origin.text(dist)}: the centre lies outside `low`..`high`")
        reach = _reach(dist)
        if reach is not None and (reach[0] < lo or reach[1] > hi):
            self.warnings.append(
                f"{origin.text(dist)}: draws can fall outside the allowed range {lo:g} to "
                f"{hi:g}{units} of `{name}`; add `low` and `high` bounds"
            )
        regions = dist.get("regions")
        if regions is not None and not p.regional:
            self.errors.append(
                f"{_Origin(origin.doc, (*origin.loc, 'regions')).text(regions)}: `{name}` is "
                "national; `regions` only applies to a regional parameter"
            )
        for r in regions or ():
            if r not in self.regions:
                self.errors.append(
                    f"{_Origin(origin.doc, (*origin.loc, 'regions')).text(regions)}: unknown "
                    f"region `{r}`{did_you_mean(r, self.regions)}"
                )


_SIM_FIELDS = ("start", "months", "dt", "method", "seed")


def _reach(dist: Mapping[str, Any]) -> tuple[float, float] | None:
    """Range of likely draws (3 sd) of an unbounded normal or lognormal distribution."""
    low, high = dist.get("low"), dist.get("high")
    if dist["dist"] == "normal":
        lo, hi = dist["mean"] - 3 * dist["sd"], dist["mean"] + 3 * dist["sd"]
    elif dist["dist"] == "lognormal":
        lo = dist["median"] * math.exp(-3 * dist["sigma"])
        hi = dist["median"] * math.exp(3 * dist["sigma"])
    else:
        return None
    return (lo if low is None else low, hi if high is None else high)
