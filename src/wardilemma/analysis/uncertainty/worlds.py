"""The worlds of an ensemble: the one place members are drawn from the scenarios'
``[uncertainty]`` tables and, with a fit's posterior, from the posterior.

:func:`draw_worlds` is what ``montecarlo``, ``claims --ensemble``, ``report``, ``explain``
and ``exit-policy`` call (their ``--posterior FILE`` is the shared option of
:mod:`wardilemma.cli.options`), so a world is drawn the same way by every command: the
prior draws of :func:`~wardilemma.analysis.uncertainty.sampling.draw` (common random
numbers), then every parameter the posterior covers resampled from it
(:func:`~wardilemma.analysis.fit.posterior.posterior_draws`, seeded by the draws' seed).
Illustrative model, not a forecast.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from wardilemma.analysis.uncertainty.sampling import Draws, draw
from wardilemma.scenario import Scenario

if TYPE_CHECKING:  # pragma: no cover
    from wardilemma.analysis.fit.posterior import Posterior

__all__ = ["draw_worlds", "posterior_label", "tile_worlds"]


def draw_worlds(
    scenarios: Scenario | Sequence[Scenario],
    n: int,
    *,
    seed: int = 0,
    sampler: str = "random",
    posterior: Posterior | str | Path | None = None,
) -> Draws:
    """``n`` worlds for ``scenarios``: drawn from their pooled ``[uncertainty]`` tables,
    and, with ``posterior`` (a :class:`~wardilemma.analysis.fit.posterior.Posterior` or its
    file), the parameters it covers from the posterior instead
    (:class:`~wardilemma.analysis.fit.posterior.PosteriorDraws`).

    Raises
    ------
    UncertaintyError
        A table cannot be drawn; the posterior file is missing, is not a posterior, or
        covers none of the uncertain parameters (a :class:`FitError`, which is one).
    """
    draws = draw(scenarios, n, seed=seed, sampler=sampler)
    if posterior is None:
        return draws
    from wardilemma.analysis.fit.posterior import Posterior, load_posterior, posterior_draws

    loaded = posterior if isinstance(posterior, Posterior) else load_posterior(posterior)
    return posterior_draws(draws, loaded)


def posterior_label(posterior: Posterior | str | Path | None) -> str | None:
    """The posterior's file as a run's metadata records it (None without one)."""
    if posterior is None:
        return None
    return str(getattr(posterior, "path", posterior))


def tile_worlds(parameters: Mapping[str, Any], times: int) -> dict[str, Any]:
    """The worlds' parameter values (``name -> (worlds,)``, or ``region -> (worlds,)``)
    repeated ``times`` over, one block of worlds after another: the members of ``times``
    policies or combinations run on the same worlds in one ensemble call."""
    out: dict[str, Any] = {}
    for name, value in parameters.items():
        if isinstance(value, Mapping):
            out[name] = {r: np.tile(np.asarray(v, float), times) for r, v in value.items()}
        else:
            out[name] = np.tile(np.asarray(value, float), times)
    return out
