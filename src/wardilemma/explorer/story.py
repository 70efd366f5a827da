"""Guided stories for the explorer: steps that set the levers, ask the class to predict, and
explain.

A story is a TOML file (the default ships with the package, ``stories/default.toml``):

.. code-block:: toml

    [story]
    title = "The war-economy dilemma in seven steps"

    [[step]]
    title = "The ceasefire"
    text = "The war stops. Soldiers come home, the bonuses end."
    start = "war continues"            # a scenario of the page (optional: the page's start)
    against = "previous"               # or a scenario of the page (the first step: the reference)
    levers = { ceasefire_month = "2026-01", bonus_rub = 4.0e5 }
    panels = ["discontent", "consumption"]
    explain = "Consumption falls below what people have come to expect ..."
    [step.predict]
    question = "What does provincial discontent do in the two years after the ceasefire?"
    variable = "discontent"
    region = "provinces"
    measure = "peak"                   # peak or end: how the line is compared

The run is compared with ``against``: the previous step's run (the default; the first step
is compared with the page's reference) or a scenario of the page as it stands. A lever
takes a number in the model's units, a date ``"YYYY-MM"`` for a month lever
(converted with the step's scenario start, read from the scenario) or ``"never"``. The
answer to the prediction is measured in the runs in the page, never written in the file.
Mistakes raise :class:`StoryError` naming the file, the step and the key. Illustrative
model, not a forecast.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from wardilemma.errors import InputError
from wardilemma.model import Model
from wardilemma.scenario import Scenario
from wardilemma.scenario.schema import is_date_lever

__all__ = ["MEASURES", "StoryError", "default_story_path", "load_story"]

#: How a predicted line is compared with the previous step's: its highest value, or its
#: value in the last month of the run.
MEASURES = ("peak", "end")

#: A story has this many steps (a lesson's worth).
STEPS = (2, 12)

_STEP_KEYS = {"title", "text", "start", "against", "levers", "panels", "predict", "explain"}
_PREDICT_KEYS = {"question", "variable", "region", "measure"}


class StoryError(InputError, ValueError):
    """A story file that cannot be used: the message names the file, step and key."""


@dataclass(frozen=True)
class Story:
    """A loaded story: its title and steps as the page reads them (plain dicts)."""

    title: str
    steps: tuple[dict[str, Any], ...]
    file: str


def default_story_path() -> Path:
    """The story shipped with the package."""
    return Path(str(resources.files(__package__).joinpath("stories/default.toml")))


def _month(value: Any, where: str, scenario: Scenario, lever: str, never: float) -> float:
    if value == "never":
        return never
    if isinstance(value, str):
        try:
            year, month = (int(x) for x in value.split("-"))
        except ValueError:
            raise StoryError(
                f'{where}.levers.{lever} = "{value}": give a date "YYYY-MM", "never" or a month'
            ) from None
        y0, m0 = (int(x) for x in scenario.start.split("-"))
        offset = (year - y0) * 12 + (month - m0)
        if offset < 0:
            raise StoryError(
                f'{where}.levers.{lever} = "{value}": before the run starts ({scenario.start})'
            )
        return float(offset)
    return float(value)


def load_story(
    path: str | Path,
    scenarios: Sequence[Scenario],
    panels: Sequence[str],
    model: Model,
) -> Story:
    """Read and check a story file against the page's scenarios, panels and model.

    Raises
    ------
    StoryError
        For a missing or malformed file, too few or too many steps, an unknown key, lever,
        scenario, panel, variable, region or measure, or a value outside a lever's allowed
        range; the message names the file, the step and the key, with the allowed names.
    """
    path = Path(path)
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise StoryError(f"{path}: file not found") from None
    except tomllib.TOMLDecodeError as err:
        raise StoryError(f"{path}: not valid TOML: {err}") from None
    steps = doc.get("step")
    title = doc.get("story", {}).get("title", path.stem)
    if not isinstance(steps, list) or not STEPS[0] <= len(steps) <= STEPS[1]:
        n = len(steps) if isinstance(steps, list) else 0
        raise StoryError(
            f"{path}: a story needs {STEPS[0]} to {STEPS[1]} [[step]] tables, found {n}"
        )
    names = [sc.name for sc in scenarios]
    out = []
    for k, step in enumerate(steps, start=1):
        where = f"{path}: step {k}"
        out.append(_check_step(step, where, scenarios, names, panels, model))
    return Story(title=str(title), steps=tuple(out), file=path.name)


def _unknown(keys: Any, allowed: set[str], where: str) -> None:
    extra = sorted(set(keys) - allowed)
    if extra:
        raise StoryError(
            f"{where}: unknown key {extra[0]!r} (allowed: {', '.join(sorted(allowed))})"
        )


def _check_step(
    step: Mapping[str, Any],
    where: str,
    scenarios: Sequence[Scenario],
    names: list[str],
    panels: Sequence[str],
    model: Model,
) -> dict[str, Any]:
    if not isinstance(step, Mapping):
        raise StoryError(f"{where}: a step is a table")
    _unknown(step, _STEP_KEYS, where)
    for key in ("title", "text", "explain"):
        if not isinstance(step.get(key), str) or not step[key].strip():
            raise StoryError(f"{where}: `{key}` is required (text)")
    start = step.get("start", names[-1])
    if start not in names:
        raise StoryError(
            f"{where}: start = {start!r}: no such scenario in the page ({', '.join(names)})"
        )
    scenario = scenarios[names.index(start)]
    against = step.get("against", "previous")
    if against != "previous" and against not in names:
        raise StoryError(
            f'{where}: against = {against!r}: "previous" or a scenario of the page '
            f"({', '.join(names)})"
        )
    levers: dict[str, float] = {}
    for name, value in dict(step.get("levers", {})).items():
        p = model.parameters.get(name)
        if p is None or not p.lever:
            allowed = [n for n, q in model.parameters.items() if q.lever]
            hint = model.suggest(name, allowed)
            extra = f"; did you mean {', '.join(hint)}?" if hint else ""
            raise StoryError(f"{where}: levers.{name}: not a policy lever of the model{extra}")
        if is_date_lever(p):
            number = _month(value, where, scenario, name, float(p.allowed[1]))
        elif isinstance(value, int | float) and not isinstance(value, bool):
            number = float(value)
        else:
            raise StoryError(f"{where}: levers.{name} = {value!r}: give a number ({p.units})")
        lo, hi = p.allowed
        if not lo <= number <= hi:
            raise StoryError(
                f"{where}: levers.{name} = {value!r}: allowed {lo:g} to {hi:g} ({p.units})"
            )
        levers[name] = number
    shown = list(step.get("panels", panels[:2]))
    for panel in shown:
        if panel not in panels:
            raise StoryError(f"{where}: panels: no panel {panel!r} ({', '.join(panels)})")
    predict = step.get("predict")
    if not isinstance(predict, Mapping):
        raise StoryError(f"{where}: [step.predict] is required (question, variable, measure)")
    _unknown(predict, _PREDICT_KEYS, f"{where}: predict")
    variable = predict.get("variable")
    if variable not in model.elements or variable in model.lookups:
        hint = model.suggest(str(variable), list(model.elements))
        extra = f"; did you mean {', '.join(hint)}?" if hint else ""
        raise StoryError(
            f"{where}: predict.variable = {variable!r}: not a variable of the model{extra}"
        )
    region = predict.get("region")
    regional = model.elements[variable].regional
    if regional and region not in model.regions:
        raise StoryError(
            f"{where}: predict.region = {region!r}: {variable} is regional; "
            f"give one of {', '.join(model.regions)}"
        )
    if not regional and region is not None:
        raise StoryError(f"{where}: predict.region: {variable} is national; leave it out")
    measure = predict.get("measure", "peak")
    if measure not in MEASURES:
        raise StoryError(f"{where}: predict.measure = {measure!r}: one of {', '.join(MEASURES)}")
    if not isinstance(predict.get("question"), str):
        raise StoryError(f"{where}: predict.question is required (text)")
    return {
        "title": step["title"].strip(),
        "text": step["text"].strip(),
        "explain": step["explain"].strip(),
        "start": names.index(start),
        "against": -1 if against == "previous" else names.index(against),
        "levers": levers,
        "panels": shown,
        "predict": {
            "question": predict["question"].strip(),
            "variable": variable,
            "region": region,
            "measure": measure,
            "label": model.elements[variable].doc,
        },
    }
