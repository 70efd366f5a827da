"""Why does B differ from A? The gap in a metric attributed to the channels of discontent.

:func:`explain` holds each channel of :data:`wardilemma.model.discontent.CHANNELS` at its
value on path A in every combination (one ensemble call) and returns the exact Shapley value
of each (:mod:`.shapley`), the residual, the split month by month and, over an ensemble of
worlds, the spread of each channel's share. ``wardilemma explain`` writes them.

Illustrative model, not a forecast.
"""

from wardilemma.analysis.explain.attribution import (
    DEFAULT_METRIC,
    ExplainError,
    Explanation,
    explain,
    select_channels,
)
from wardilemma.analysis.explain.shapley import coalition_members, shapley

__all__ = [
    "DEFAULT_METRIC",
    "ExplainError",
    "Explanation",
    "coalition_members",
    "explain",
    "select_channels",
    "shapley",
]
