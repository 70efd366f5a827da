"""The ``wardilemma`` command line: a thin click group.

Each command parses its options, calls one library function and prints. Library errors
(:class:`~wardilemma.scenario.ScenarioError` and friends) become a clean message and an
exit code: 0 success, 1 a run failed, 2 usage or validation error.

Commands live in small modules by topic and register themselves on :data:`main`.
"""

from __future__ import annotations

import click

from .._version import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="wardilemma")
def main() -> None:
    """wardilemma: a system-dynamics model of the war-economy dilemma.

    Illustrative model, not a forecast.
    """


def _register() -> None:
    import importlib

    for module in (
        "scenario_cmds",
        "run_cmds",
        "export_cmds",
        "classroom_cmds",
        "uncertainty_cmds",
        "explore_cmds",
    ):
        try:
            importlib.import_module(f"{__name__}.{module}")
        except ModuleNotFoundError as exc:  # a topic module not written yet
            if exc.name != f"{__name__}.{module}":
                raise


_register()
