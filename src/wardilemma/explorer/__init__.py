"""The explorer: one self-contained HTML page that runs the model in the browser.

:func:`build_explorer` writes a single file that works offline from ``file://``: the model
as JavaScript (:mod:`wardilemma.export.javascript`, generated from the same definition as the NumPy
kernel), the scenarios' inputs, sliders for the main policy levers (units and ranges from
their :class:`~wardilemma.model.Parameter` declarations), four panels of the dashboard drawn
with the vendored uPlot (MIT), the key metrics (mirroring :mod:`wardilemma.metrics`)
updated live, a reset button and a button that downloads the settings as a scenario file.
The first scenario is the faint reference, the user starts from the last one; both can be
changed in the page. Illustrative model, not a forecast.

The page is filled from ``page.html`` with :class:`string.Template`; scripts and styles are
inlined, data goes in as JSON with ``<``, ``>`` and ``&`` escaped. The sliders are
:mod:`.levers`, the charts :mod:`.panels`, the plain names :mod:`.labels` and the guided
tours :mod:`.story`; this module assembles the page.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from string import Template
from typing import TYPE_CHECKING, Any

from wardilemma.atomic import write_text
from wardilemma.explorer.levers import (
    GAME_LEVERS,
    ExplorerError,
    branch_month,
    resolve_assumptions,
    resolve_levers,
)
from wardilemma.explorer.panels import discontent_drivers, panels_data
from wardilemma.explorer.story import StoryError, default_story_path, load_story
from wardilemma.explorer.worlds import GAME_WORLDS, game_worlds
from wardilemma.export.javascript import generate_model_js, js_inputs
from wardilemma.metrics import INSTABILITY_THRESHOLD, KEY_METRICS, METRICS, RESERVES_EMPTY_FRACTION
from wardilemma.model import WAR_ECONOMY, Model
from wardilemma.scenario import Scenario, load_scenario
from wardilemma.scenario.schema import is_date_lever
from wardilemma.text import ILLUSTRATIVE

if TYPE_CHECKING:  # pragma: no cover
    from wardilemma.analysis.fit.posterior import Posterior

__all__ = ["GAME_WORLDS", "TURN_MONTHS", "ExplorerPage", "build_explorer", "explorer_html"]

#: Months of a turn of the game (the first is the default).
TURN_MONTHS: tuple[int, ...] = (6, 12)


def _scenario_data(scenario: Scenario, model: Model) -> dict[str, Any]:
    files = [Path(f).name for f in scenario.files]
    return {
        "name": scenario.name,
        "description": scenario.description,
        "file": files[-1] if files else "",
        "sha256": scenario.sha256,
        "start": scenario.start,
        "branch": scenario.branch,
        "inputs": js_inputs(scenario, model),
    }


def _study_file(scenario: Scenario) -> str:
    """The scenario's file as ``wardilemma montecarlo`` is given it (its name)."""
    return Path(scenario.files[-1]).name if scenario.files else scenario.name


def _model_data(model: Model) -> dict[str, Any]:
    parameters = {
        n: {
            "units": p.units,
            "regional": p.regional,
            "lever": p.lever,
            "integer": p.integer,
            "date": is_date_lever(p),
            "default": dict(p.default) if isinstance(p.default, Mapping) else float(p.default),
        }
        for n, p in model.parameters.items()
    }
    return {"name": model.name, "regions": list(model.regions), "parameters": parameters}


def _metrics_data() -> dict[str, Any]:
    return {
        "all": [
            {
                "name": m.name, "label": m.label, "units": m.units, "definition": m.definition,
                "regional": m.regional, "kind": m.kind, "needs": list(m.needs),
            }
            for m in METRICS.values()
        ],
        "key": list(KEY_METRICS),
        "instability_threshold": INSTABILITY_THRESHOLD,
        "reserves_empty_fraction": RESERVES_EMPTY_FRACTION,
    }  # fmt: skip


def _asset(name: str) -> str:
    return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")


def _inline_script(code: str) -> str:
    """Script text that cannot close its ``<script>`` element early."""
    return code.replace("</script", "<\\/script").replace("<!--", "<\\!--")


def _json(data: Any) -> str:
    text = json.dumps(data, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def explorer_html(
    scenarios: Sequence[Scenario],
    *,
    levers: Sequence[str] | None = None,
    model: Model | None = None,
    story: str | Path | None = None,
    posterior: Posterior | str | Path | None = None,
) -> str:
    """The explorer page (one self-contained HTML document) for the given scenarios.

    Parameters
    ----------
    scenarios
        At least one scenario; the first is drawn faintly as the reference, the user
        starts from the last.
    levers
        Slider names (``name`` or ``name[region]``), default :data:`DEFAULT_LEVERS`.
    story
        A story file (:mod:`wardilemma.explorer.story`), default the shipped one when the
        scenarios it names are in the page (else the page has no story).
    posterior
        A fit's posterior (or its file): the debrief's worlds draw the parameters it
        covers from it (:mod:`.worlds`), as ``wardilemma montecarlo --posterior`` does.

    Raises
    ------
    ExplorerError
        Without scenarios, or for a lever that is not a policy lever.
    StoryError
        For a story file that does not fit the model or the scenarios.
    """
    from wardilemma._version import __version__

    model = model or WAR_ECONOMY
    if not scenarios:
        raise ExplorerError("give at least one scenario")
    for sc in scenarios:
        if sc.method not in ("euler", "rk4"):
            raise ExplorerError(f"{sc.name}: the explorer runs euler or rk4, not {sc.method}")
    sliders = resolve_levers(levers, scenarios, model)
    game = resolve_levers([n for n in GAME_LEVERS if n in model.parameters], scenarios, model)
    assumptions = resolve_assumptions(scenarios[-1], model)
    panels = panels_data(model)
    keys = [p["key"] for p in panels]
    if story is not None:
        tour = load_story(story, scenarios, keys, model)
    else:
        # the shipped story names the shipped scenarios: a page without them has no story
        try:
            tour = load_story(default_story_path(), scenarios, keys, model)
        except StoryError:
            tour = None
    data = {
        "version": __version__,
        "illustrative": ILLUSTRATIVE,
        "model": _model_data(model),
        "levers": [{**lever.__dict__, "key": lever.key} for lever in sliders],
        "assumptions": [{**lever.__dict__, "key": lever.key} for lever in assumptions],
        "game": {
            "levers": [{**lever.__dict__, "key": lever.key} for lever in game],
            "branch": branch_month(scenarios, model),
            "turns": list(TURN_MONTHS),
            "worlds": game_worlds(scenarios, 0, model, n=GAME_WORLDS, posterior=posterior),
            # the files of the Monte Carlo study whose first members the worlds are
            "study": " ".join(dict.fromkeys(_study_file(sc) for sc in scenarios)),
        },
        "drivers": discontent_drivers(model),
        "story": tour and {"title": tour.title, "file": tour.file, "steps": list(tour.steps)},
        "scenarios": [_scenario_data(sc, model) for sc in scenarios],
        "reference": 0,
        "start": len(scenarios) - 1,
        "metrics": _metrics_data(),
        "panels": panels,
    }
    names = [sc.name for sc in scenarios]
    page = Template(_asset("page.html"))
    return page.substitute(
        title=" vs ".join(names).replace("&", "&amp;").replace("<", "&lt;"),
        illustrative=ILLUSTRATIVE,
        version=__version__,
        uplot_css=_asset("vendor/uPlot.min.css"),
        style=_asset("style.css"),
        uplot_js=_inline_script(_asset("vendor/uPlot.iife.min.js")),
        model_js=_inline_script(generate_model_js(model)),
        metrics_js=_inline_script(_asset("metrics.js")),
        settings_js=_inline_script(_asset("settings.js")),
        game_js=_inline_script(_asset("game.js")),
        app_js=_inline_script(_asset("app.js")),
        data_json=_json(data),
        uplot_license=_asset("vendor/uPlot.LICENSE").replace("&", "&amp;").replace("<", "&lt;"),
    )


@dataclass(frozen=True)
class ExplorerPage:
    """A written explorer page: its path and size in bytes."""

    path: Path
    size: int


def build_explorer(
    scenarios: Sequence[str | Path | Scenario],
    output: str | Path,
    *,
    levers: Sequence[str] | None = None,
    story: str | Path | None = None,
    posterior: Posterior | str | Path | None = None,
) -> ExplorerPage:
    """Load scenario files and write the explorer page to ``output`` (atomically).

    Parameters
    ----------
    scenarios
        Scenario files (or loaded scenarios); the first is the faint reference, the user
        starts from the last.
    output
        The HTML file to write.
    levers
        Slider names, default :data:`DEFAULT_LEVERS`.
    story
        A story file, default the shipped one.
    posterior
        A fit's posterior for the debrief's worlds (default: the priors).

    Raises
    ------
    ScenarioError
        When a scenario file is invalid (nothing is written).
    StoryError
        For a story file with a mistake (nothing is written).
    ExplorerError
        For an unknown lever or an output path that cannot be written.
    """
    loaded = [p if isinstance(p, Scenario) else load_scenario(p, warn=False) for p in scenarios]
    html = explorer_html(loaded, levers=levers, story=story, posterior=posterior)
    output = Path(output)
    if output.parent and not output.parent.exists():
        output.parent.mkdir(parents=True, exist_ok=True)
    path = write_text(output, html)
    return ExplorerPage(path=path, size=path.stat().st_size)
