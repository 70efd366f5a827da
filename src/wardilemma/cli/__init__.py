"""The ``wardilemma`` command line: a thin click group.

Each command parses its options, calls one library function and prints. Library errors
(:class:`~wardilemma.scenario.ScenarioError` and friends) become ``error: <message>`` and
an exit code in one place, :mod:`.errors`: 0 success, 1 a run or a write failed, 2 usage
or validation error, 130 interrupted.

Commands live in small modules by topic (``<topic>_cmds.py``) as plain ``click.command``
functions; shared options and exit codes are in :mod:`.options`. A new command is one
import line here and one entry in :data:`COMMANDS`.
"""

from __future__ import annotations

import click

from wardilemma._version import __version__
from wardilemma.cli.claims_cmds import calibration, claims
from wardilemma.cli.classroom_cmds import class_summary, handout, report, slide
from wardilemma.cli.docs_cmds import docs
from wardilemma.cli.dominance_cmds import dominance
from wardilemma.cli.errors import CommandGroup
from wardilemma.cli.explore_cmds import explore
from wardilemma.cli.export_cmds import diagram, export, loops
from wardilemma.cli.run_cmds import compare, demo, run
from wardilemma.cli.scenario_cmds import new, params, schema, validate
from wardilemma.cli.uncertainty_cmds import montecarlo, sensitivity, sweep

__all__ = ["COMMANDS", "main"]


@click.group(cls=CommandGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="wardilemma")
def main() -> None:
    """wardilemma: a system-dynamics model of the war-economy dilemma.

    Illustrative model, not a forecast.
    """


#: Every command, in the order of ``wardilemma --help`` (click sorts them by name).
COMMANDS = (
    validate,
    params,
    schema,
    new,
    run,
    compare,
    demo,
    export,
    diagram,
    loops,
    dominance,
    slide,
    report,
    class_summary,
    handout,
    montecarlo,
    sweep,
    sensitivity,
    explore,
    docs,
    claims,
    calibration,
)
for _command in COMMANDS:
    main.add_command(_command)
