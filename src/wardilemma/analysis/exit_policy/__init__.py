"""Which exit from the war keeps the risk low at the least fiscal cost, across worlds?

:func:`exit_policy` searches the exit levers (:mod:`.levers`) of a peace scenario with
NSGA-II (:mod:`.search`, pymoo: ``pip install 'wardilemma[policy]'``), each generation's
policies run as one ensemble call over worlds drawn from the scenario's ``[uncertainty]``
(or a posterior); ``wardilemma exit-policy`` writes the front, its table, the regrets and
the chosen policy as a scenario file.

Illustrative model, not a forecast.
"""

from wardilemma.analysis.exit_policy.levers import (
    DEFAULT_LEVERS,
    ExitPolicyError,
    Lever,
    select_levers,
)
from wardilemma.analysis.exit_policy.policy import (
    DEFAULT_INFLATION_CEILING,
    DEFAULT_MAX_RISK,
    DEFAULT_METRIC,
    exit_policy,
)
from wardilemma.analysis.exit_policy.result import ExitPolicyResult
from wardilemma.analysis.exit_policy.search import (
    SearchResult,
    hypervolume,
    nondominated,
    pareto_search,
)

__all__ = [
    "DEFAULT_INFLATION_CEILING",
    "DEFAULT_LEVERS",
    "DEFAULT_MAX_RISK",
    "DEFAULT_METRIC",
    "ExitPolicyError",
    "ExitPolicyResult",
    "Lever",
    "SearchResult",
    "exit_policy",
    "hypervolume",
    "nondominated",
    "pareto_search",
    "select_levers",
]
