"""Merging the files of an ``extends`` chain, and the checks that need the whole chain.

About 450 lines, one class: every check of :meth:`~Merger.finish` reads the state that
:meth:`~Merger.add` merged file by file (values, their origins, regions, schedules).

The :class:`Merger` applies the files in order (parent first): parameters, policy levers,
schedules, new regions (``like``), simulation settings and uncertainty ranges. Its
:meth:`~Merger.finish` checks what no single file can (time step against run length, new
regions complete, dates within the run, schedule points, distribution bounds) and builds
the frozen :class:`~wardilemma.scenario.Scenario`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wardilemma.model import Model
from wardilemma.scenario.locate import Document, did_you_mean, show, where
from wardilemma.scenario.types import MAX_STEPS, Scenario, ScenarioError, ScheduleSpec, month_offset

__all__ = ["OVERRIDES", "Merger", "Origin"]

#: How command-line overrides are named in messages (they act as one more file).
OVERRIDES = Path("--set")


@dataclass(frozen=True)
class Origin:
    """Where a value was written: a document and a key path."""

    doc: Document
    loc: tuple[str | int, ...]

    def text(self, value: Any = None, *, show_value: bool = True) -> str:
        head = where(self.doc, self.loc)
        return f"{head} = {show(value)}" if show_value else head


_Value = tuple[Any, "Origin | None"]


class Merger:
    """Apply the files of a chain in order (parent first) and check the result."""

    def __init__(self, model: Model) -> None:
        self.model = model
        self.params = model.parameters
        self.regions: list[str] = list(model.regions)
        self.new_regions: dict[str, tuple[Origin, str | None]] = {}
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
        self.schedules: dict[str, tuple[Mapping[str, Any], Origin]] = {}
        #: The ceasefire in force in the file that wrote each calendar schedule.
        self.written_for: dict[str, tuple[Any, Origin | None]] = {}
        self.uncertainty: dict[str, tuple[Mapping[str, Any], Origin]] = {}
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
            self.sim[key] = (value, Origin(doc, ("simulation", key)))
        regions = data.get("regions", {})
        self._declare_regions(doc, regions)
        written = self._set_values(doc, data)
        for section in ("parameters", "policy"):
            for name, value in data.get(section, {}).items():
                if isinstance(value, Mapping) and "at" in value:
                    self.written_for[name] = self.national["ceasefire_month"]
        for rname, table in regions.items():
            for key, value in table.items():
                if key == "like" or rname not in self.regions:
                    continue
                origin = Origin(doc, ("regions", rname, key))
                if (key, rname) in written:
                    self.errors.append(
                        f"{origin.text(value)}: also set for `{rname}` in a table under "
                        f"[{written[key, rname]}] of this file; keep one"
                    )
                self.regional[key][rname] = (value, origin)
        for name, dist in data.get("uncertainty", {}).items():
            self.uncertainty[name] = (dist, Origin(doc, ("uncertainty", name)))

    def _declare_regions(self, doc: Any, regions: Mapping[str, Mapping[str, Any]]) -> None:
        for rname, table in regions.items():
            like = table.get("like")
            origin = Origin(doc, ("regions", rname, "like"))
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
            self.new_regions[rname] = (Origin(doc, ("regions", rname)), like)

    def _set_values(self, doc: Any, data: Mapping[str, Any]) -> dict[tuple[str, str], str]:
        written: dict[tuple[str, str], str] = {}
        both = set(data.get("parameters", {})) & set(data.get("policy", {}))
        for name in sorted(both):
            value = data["policy"][name]
            self.errors.append(
                f"{Origin(doc, ('policy', name)).text(value)}: `{name}` is set under both "
                "[parameters] and [policy] of this file; keep one"
            )
        for section in ("parameters", "policy"):
            for name, value in data.get(section, {}).items():
                origin = Origin(doc, (section, name))
                if isinstance(value, Mapping) and "at" in value:
                    self.schedules[name] = (value, origin)
                    continue
                self.schedules.pop(name, None)  # a constant replaces an inherited schedule
                if not self.params[name].regional:
                    self.national[name] = (value, origin)
                elif isinstance(value, Mapping):
                    for r, x in value.items():
                        at = Origin(doc, (section, name, r))
                        if self._known_region(at, r, x):
                            self.regional[name][r] = (x, at)
                            written[name, r] = section
                else:
                    for r in self.regions:
                        self.regional[name][r] = (value, origin)
        return written

    def _known_region(self, origin: Origin, region: str, value: Any) -> bool:
        if region in self.regions:
            return True
        self.errors.append(
            f"{origin.text(value)}: unknown region `{region}`"
            f"{did_you_mean(region, self.regions)} (regions: {', '.join(self.regions)}; "
            "add one with a [regions.NAME] table)"
        )
        return False

    # ------------------------------------------------------------------ the whole chain

    def finish(self, path: Path, docs: list[Document], sha256: str) -> Scenario:
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
        self._check_branch(sim)
        self._check_overtaken(schedules, start)
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
            branch=sim["branch"],
            at_rest_since=sim["at_rest_since"],
            parameters=parameters,
            regions=regions,
            schedules=schedules,
            uncertainty=uncertainty,
            sha256=sha256,
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

    def _check_branch(self, sim: Mapping[str, Any]) -> None:
        since = sim["at_rest_since"]
        if since is not None and month_offset(since, sim["start"]) > 0:
            where = self.sim["at_rest_since"][1].text(since)
            self.errors.append(
                f"{where}: the economy cannot have been at rest since after the run starts "
                f"({sim['start']}); give a month at or before it"
            )
        if sim["branch"] is None:
            return
        month = month_offset(sim["branch"], sim["start"])
        where = self.sim["branch"][1].text(sim["branch"])
        if month < 0:
            self.errors.append(
                f"{where}: that is month {month:g} of a run starting {sim['start']}; the branch "
                "cannot come before the start"
            )
        elif month >= float(sim["months"]):
            self.warnings.append(
                f"{where}: that is month {month:g}, but the run lasts {float(sim['months']):g} "
                "months: it ends before its future starts, so its metrics cover the whole run"
            )

    def _check_overtaken(self, schedules: Mapping[str, ScheduleSpec], start: str) -> None:
        """Warn when a calendar-dated schedule was written for another ceasefire than the
        run's and has a point between the two: a moved ceasefire overtook it."""
        if "ceasefire_month" in self.schedules:
            return
        final_raw, final_origin = self.national["ceasefire_month"]
        final = month_offset(final_raw, start)
        for name, spec in schedules.items():
            if spec.after is not None or name not in self.written_for:
                continue
            raw, _ = self.written_for[name]
            then = month_offset(raw, start)
            # the point at the old ceasefire moved away from it; one at the new one did not
            inside = [
                i for i, m in enumerate(spec.months) if (then <= m < final) or (final < m <= then)
            ]
            if then == final or not inside:
                continue
            origin = self.schedules[name][1]
            at = self.schedules[name][0]["at"][inside[0]]
            moved = final_origin.text(final_raw) if final_origin else "the ceasefire"
            self.warnings.append(
                f"{Origin(origin.doc, (*origin.loc, 'at', inside[0])).text(at)}: this "
                f"calendar-dated point of `{name}` was written for a ceasefire at month "
                f"{then:g}, but {moved} puts the ceasefire at month {final:g}, so the point now "
                f"falls {'before' if final > then else 'after'} it; write the schedule "
                'relative to the ceasefire: { after = "ceasefire", at = [0, ...], value = [...] }'
            )

    def _check_new_regions(self) -> None:
        for rname, (origin, like) in self.new_regions.items():
            missing = [n for n, values in self.regional.items() if rname not in values]
            if missing and (like is not None or rname in self.regions):
                self.errors.append(
                    f"{origin.text(show_value=False)}: new region `{rname}` has no value for "
                    f'{", ".join(missing)}; add `like = "{self.model.regions[0]}"` to '
                    "start from an existing region, or set them all"
                )

    def _checked(self, name: str, value: Any, origin: Origin | None, start: str) -> float:
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
        self, name: str, raw: Mapping[str, Any], origin: Origin, sim: Mapping[str, Any]
    ) -> ScheduleSpec | None:
        at, values, start = list(raw["at"]), list(raw["value"]), sim["start"]
        after = raw.get("after")
        ok = True
        if after is not None:
            dates = [i for i, a in enumerate(at) if isinstance(a, str)]
            for i in dates:
                self.errors.append(
                    f"{Origin(origin.doc, (*origin.loc, 'at', i)).text(at[i])}: with after = "
                    f'"{after}", `at` counts months after the {after}: give numbers such as '
                    "[0, 12, 24], not dates"
                )
            if dates:
                return None
        if len(at) != len(values):
            self.errors.append(
                f"{Origin(origin.doc, (*origin.loc, 'value')).text(values)}: `at` has "
                f"{len(at)} point{'s' if len(at) != 1 else ''} but `value` has {len(values)}; "
                "give one value per point"
            )
            ok = False
        months = [month_offset(a, start) for a in at]
        for i in range(1, len(months)):
            if months[i] <= months[i - 1]:
                self.errors.append(
                    f"{Origin(origin.doc, (*origin.loc, 'at', i)).text(at[i])}: `at` must be "
                    f"strictly increasing, but month {months[i]:g} does not come after "
                    f"month {months[i - 1]:g} ({at[i - 1]})"
                )
                ok = False
        for i, m in enumerate(months if after is None else ()):
            if m < 0:
                self.warnings.append(
                    f"{Origin(origin.doc, (*origin.loc, 'at', i)).text(at[i])}: month {m:g} "
                    f"is before the start of the run ({start}); its value applies from the "
                    "start"
                )
            if m > float(sim["months"]):
                self.warnings.append(
                    f"{Origin(origin.doc, (*origin.loc, 'at', i)).text(at[i])}: month {m:g} "
                    f"is after the end of the run (month {float(sim['months']):g}); "
                    "this point has no effect"
                )
        p = self.params[name]
        points: list[float | Mapping[str, float]] = []
        for i, value in enumerate(values):
            at_i = Origin(origin.doc, (*origin.loc, "value", i))
            if isinstance(value, Mapping):
                table = {}
                for r in self.regions:
                    if r in value:
                        table[r] = self._checked(name, value[r], at_i, start)
                    else:
                        table[r] = self._final(name, r)
                for r in value:
                    at_r = Origin(origin.doc, (*origin.loc, "value", i, r))
                    ok &= self._known_region(at_r, r, value[r])
                points.append(table)
            elif p.regional:
                number = self._checked(name, value, at_i, start)
                points.append(dict.fromkeys(self.regions, number))
            else:
                points.append(self._checked(name, value, at_i, start))
        if not ok:
            return None
        return ScheduleSpec(
            tuple(months), tuple(points), raw.get("interpolation", "step"), after=after
        )

    def _final(self, name: str, region: str) -> float:
        value = self.regional[name].get(region, (math.nan, None))[0]
        return float(value)

    def _check_distribution(self, name: str, dist: Mapping[str, Any], origin: Origin) -> None:
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
                    f"{Origin(origin.doc, (*origin.loc, key)).text(dist[key])}: outside the "
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
                f"{Origin(origin.doc, (*origin.loc, 'regions')).text(regions)}: `{name}` is "
                "national; `regions` only applies to a regional parameter"
            )
        for r in regions or ():
            if r not in self.regions:
                self.errors.append(
                    f"{Origin(origin.doc, (*origin.loc, 'regions')).text(regions)}: unknown "
                    f"region `{r}`{did_you_mean(r, self.regions)}"
                )


_SIM_FIELDS = ("start", "months", "dt", "method", "seed", "branch", "at_rest_since")


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
