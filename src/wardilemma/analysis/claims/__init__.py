"""The thesis as testable claims: claims files, verdicts, robustness, where claims fail.

Sampling, running and analysing are separate steps, as in SALib and the EMA Workbench:

* :mod:`.spec` the vocabulary and types of claims, :mod:`.reading` reads and validates a
  claims file (:func:`load_claims`);
* :mod:`.evaluate` runs the scenarios and gives each claim a verdict per member;
* :mod:`.robustness` draws an ensemble and summarises (:func:`check_claims`);
* :mod:`.discovery` finds where in the parameter space a claim fails;
* :mod:`.output` the terminal table; :mod:`.grounded` the same claims over a posterior.

The figures and files are written by :mod:`wardilemma.figures.claims`.

Example
-------
>>> from wardilemma.analysis.claims import load_claims, check_claims
>>> report = check_claims(load_claims("claims/thesis.toml"), ensemble=200)  # doctest: +SKIP

Illustrative model, not a forecast.
"""

from wardilemma.analysis.claims.discovery import Box, find_box
from wardilemma.analysis.claims.evaluate import Verdict, evaluate_claims, measure_values
from wardilemma.analysis.claims.output import claims_table
from wardilemma.analysis.claims.reading import load_claims
from wardilemma.analysis.claims.robustness import (
    ClaimResult,
    ClaimsReport,
    check_claims,
)
from wardilemma.analysis.claims.spec import (
    KINDS,
    OPS,
    STATS,
    Claim,
    ClaimError,
    ClaimsFile,
    Measure,
    vocabulary,
)

__all__ = [
    "KINDS",
    "OPS",
    "STATS",
    "Box",
    "Claim",
    "ClaimError",
    "ClaimResult",
    "ClaimsFile",
    "ClaimsReport",
    "Measure",
    "Verdict",
    "check_claims",
    "claims_table",
    "evaluate_claims",
    "find_box",
    "load_claims",
    "measure_values",
    "vocabulary",
]
