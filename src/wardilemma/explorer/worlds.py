"""The worlds of the game's debrief: the players' decisions replayed in the worlds that
``wardilemma montecarlo`` draws, written into the page when it is built.

The worlds are the first :data:`GAME_WORLDS` members of a Monte Carlo study of the page's
scenarios (:func:`~wardilemma.analysis.uncertainty.worlds.draw_worlds`, the same pooled
names, seed and sampler as ``wardilemma montecarlo`` with its defaults): each uncertain
parameter is drawn from the distribution its ``[uncertainty]`` table declares (uniform,
triangular, normal or lognormal, truncated as declared), in the regions the table names,
and, with a fit's posterior, the parameters the posterior covers from the posterior. The
page only applies the drawn values (no random numbers in the browser), so the bands of the
debrief and of ``wardilemma montecarlo`` come from the same worlds. Illustrative model, not
a forecast.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wardilemma.model import Model
from wardilemma.scenario import Scenario

if TYPE_CHECKING:  # pragma: no cover
    from wardilemma.analysis.fit.posterior import Posterior

__all__ = ["GAME_WORLDS", "SAMPLER", "describe", "game_worlds", "study_seed"]

#: Worlds (members of the Monte Carlo study) in which the debrief replays the decisions.
GAME_WORLDS = 40

#: The sampler of ``wardilemma montecarlo``'s default (``--sampler random``): the first
#: members of a larger study are the same worlds.
SAMPLER = "random"


def study_seed(scenarios: Sequence[Scenario]) -> int:
    """The seed ``wardilemma montecarlo`` uses by default: the first scenario's
    ``[simulation] seed``, else 0."""
    return next((sc.seed for sc in scenarios if sc.seed is not None), 0)


def describe(spec: Mapping[str, Any]) -> str:
    """A distribution of ``[uncertainty]`` in words: "uniform 0.01-0.025"."""
    dist = spec["dist"]
    if dist == "uniform":
        text = f"uniform {spec['low']:g}-{spec['high']:g}"
    elif dist == "triangular":
        text = f"triangular {spec['low']:g}-{spec['high']:g}, most likely {spec['mode']:g}"
    elif dist == "normal":
        text = f"normal, mean {spec['mean']:g}, sd {spec['sd']:g}"
    else:
        text = f"lognormal, median {spec['median']:g}, sigma {spec['sigma']:g}"
    low, high = spec.get("low"), spec.get("high")
    if dist in ("normal", "lognormal") and (low is not None or high is not None):
        cut = ("" if low is None else f"{low:g}", "" if high is None else f"{high:g}")
        text += f", cut to {cut[0]}-{cut[1]}"
    if spec.get("regions"):
        text += f" ({', '.join(spec['regions'])})"
    return text


def game_worlds(
    scenarios: Sequence[Scenario],
    base: int,
    model: Model,
    *,
    n: int = GAME_WORLDS,
    posterior: Posterior | str | Path | None = None,
) -> dict[str, Any] | None:
    """The debrief's worlds for the game played on ``scenarios[base]``, as page data.

    Returns
    -------
    dict or None
        ``n``, ``seed``, ``sampler``, ``posterior`` (its file or None) and ``parameters``:
        for each drawn parameter its ``name``, ``regions`` (None for every region or a
        national parameter), ``dist`` (in words) and ``values`` (one per world). None when
        the base scenario has nothing to draw (no ``[uncertainty]`` table, or a drawn
        parameter that follows a schedule: ``wardilemma montecarlo`` refuses those too).
    """
    from wardilemma.analysis.uncertainty import UncertaintyError
    from wardilemma.analysis.uncertainty.worlds import draw_worlds, posterior_label

    seed = study_seed(scenarios)
    try:
        draws = draw_worlds(scenarios, n, seed=seed, sampler=SAMPLER, posterior=posterior)
        drawn = draws.parameters(scenarios[base])
    except UncertaintyError:
        return None
    table = scenarios[base].uncertainty
    fitted = getattr(draws, "posterior", {})
    parameters = []
    for name, value in sorted(drawn.items()):
        if name not in model.parameters:  # pragma: no cover - the loader rejects these
            continue
        regions = sorted(value) if isinstance(value, Mapping) else None
        values = next(iter(value.values())) if isinstance(value, Mapping) else value
        parameters.append(
            {
                "name": name,
                "regions": regions,
                "dist": "the fit's posterior" if name in fitted else describe(table[name]),
                "values": [float(v) for v in values],
            }
        )
    if not parameters:
        return None
    return {
        "n": n,
        "seed": seed,
        "sampler": SAMPLER,
        "posterior": posterior_label(posterior),
        "parameters": parameters,
    }
