"""The ``wardilemma`` command line: a thin click group.

Each command parses its options, calls one library function and prints. Library errors
(:class:`~wardilemma.scenario.ScenarioError` and friends) become ``error: <message>`` and
an exit code in one place, :mod:`.errors`: 0 success, 1 a run or a write failed, 2 usage
or validation error, 130 interrupted.

Commands live in small modules by topic (``<topic>_cmds.py``) as plain ``click.command``
functions; shared options and exit codes are in :mod:`.options`. A new command is one
entry in :data:`COMMANDS`: its name, its module and the first paragraph of its help.

Start-up is kept short: a command's module is imported only when that command runs
(:class:`LazyGroup`), and ``wardilemma --help`` lists the commands from :data:`COMMANDS`
without importing any of them (NumPy alone takes longer to import than click).
"""

from __future__ import annotations

import os
import signal
import sys


def _interrupted(signum: int, frame: object) -> None:
    """Ctrl-C before a command's own handling takes over (:meth:`LazyGroup.resolve_command`):
    nothing has been written yet, so one line and exit code 130, whatever was importing."""
    os.write(2, b"error: interrupted\n")
    os._exit(130)


def _is_command_line() -> bool:
    """Whether this process is the command line (the console script or ``python -m
    wardilemma``), not a program or a test importing :mod:`wardilemma.cli`."""
    main = sys.modules.get("__main__")
    spec = getattr(main, "__spec__", None)
    if spec is not None and spec.name == "wardilemma.__main__":
        return True
    script = os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else ""
    return os.path.splitext(script)[0] == "wardilemma"


# first, before any import that takes time: an interrupt during start-up is one clean line
if _is_command_line() and signal.getsignal(signal.SIGINT) is signal.default_int_handler:
    signal.signal(signal.SIGINT, _interrupted)

import importlib  # noqa: E402 (after the interrupt handling, on purpose)
from typing import Any, NamedTuple  # noqa: E402

import click  # noqa: E402

from wardilemma._version import __version__  # noqa: E402
from wardilemma.cli.errors import CommandGroup  # noqa: E402

__all__ = ["COMMANDS", "LazyGroup", "main"]


class Entry(NamedTuple):
    """A command: its name, the module under ``wardilemma.cli`` that defines it (a function
    of the same name, ``-`` written ``_``) and the first paragraph of its help, shown by
    ``wardilemma --help`` (a test checks that it matches the command's own)."""

    name: str
    module: str
    help: str


#: Every command. ``wardilemma --help`` lists them sorted by name, as click does.
COMMANDS: tuple[Entry, ...] = (
    Entry("validate", "scenario_cmds",
          "Check scenario FILES: print OK or every problem; exit code 2 if any is invalid."),
    Entry("params", "scenario_cmds", "Every model parameter: default, units, ranges, lever, "
          "regional, meaning and source."),
    Entry("schema", "scenario_cmds", "JSON Schema of scenario files, for editor completion "
          "(Taplo / Even Better TOML)."),
    Entry("new", "scenario_cmds", "Write a new scenario NAME that extends another, with "
          "every lever ready to edit."),
    Entry("run", "run_cmds", "Run scenario files and write, per scenario, a tidy time "
          "series, metrics.json and a dashboard figure into OUT/<file stem>/."),
    Entry("compare", "run_cmds", "Overlay two or more scenarios on one dashboard, and "
          "print and save a table of key metrics and a table of the parameters and levers "
          "that differ between them."),
    Entry("demo", "run_cmds", "War continues against sudden peace: the comparison figure "
          "and tables that carry the thesis (what ``make demo`` runs)."),
    Entry("export", "export_cmds", "Export the model with SCENARIO's values (XMILE for "
          "Stella, Vensim, PySD)."),
    Entry("diagram", "export_cmds",
          "Draw the stock-and-flow or causal-loop diagram of the model."),
    Entry("loops", "export_cmds",
          "List the feedback loops with their polarity (reinforcing or balancing)."),
    Entry("dominance", "dominance_cmds", "Loop dominance over time (Loops That Matter) "
          "for one or two SCENARIOS side by side."),
    Entry("slide", "classroom_cmds", "One slide, one message: REFERENCE (e.g. "
          "war_continues.toml) against ALTERNATIVE (e.g. sudden_peace.toml)."),
    Entry("report", "classroom_cmds", "A hand-out for students: one self-contained HTML "
          "file comparing the SCENARIOS."),
    Entry("handout", "classroom_cmds",
          "A two-page printable hand-out: REFERENCE against ALTERNATIVE."),
    Entry("class-summary", "classroom_cmds", "Gather a class's games: the decision logs "
          "(CSV) that the explorer's game downloads."),
    Entry("montecarlo", "uncertainty_cmds", "Monte Carlo over the scenarios' [uncertainty] "
          "tables, the same draws for every scenario, compared member by member with the "
          "first."),
    Entry("sweep", "uncertainty_cmds", "Run a one- or two-dimensional grid of parameter "
          "values as one ensemble and draw a line plot or heatmap of each metric "
          "(sweep.csv, sweep.png, manifest.json)."),
    Entry("sensitivity", "uncertainty_cmds", "Which uncertain parameters drive a metric? "
          "Sobol' first-order and total indices with 95 % intervals, or Morris screening, "
          "through SALib (pip install 'wardilemma[uncertainty]'); a bar figure sorted by "
          "importance and the table."),
    Entry("explore", "explore_cmds", "Write an explorer page for SCENARIOS: sliders, "
          "charts and metrics in one HTML file."),
    Entry("docs", "docs_cmds", "Regenerate the model reference, the parameter reference, "
          "the baseline scenario, the JSON Schema, the XMILE export, the diagrams and the "
          "README figures."),
    Entry("claims", "claims_cmds", "Evaluate the claims of CLAIMS_FILE (default: "
          "claims/thesis.toml here, else the one shipped with the package; the first line "
          "names the file read)."),
    Entry("explain", "explain_cmds", "Attribute the difference in a metric between "
          "scenarios A and B (B minus A) to the channels of discontent (explain.json, "
          "explain.png, explain_over_time.png, explain.txt)."),
    Entry("exit-policy", "exit_policy_cmds", "Search the exit levers of a peace SCENARIO "
          "for policies that keep the risk low at the least fiscal cost across uncertain "
          "worlds (front.png, front.csv, front.json, exit_policy.toml, summary.txt)."),
    Entry("calibration", "claims_cmds",
          "Set a run beside the public record of 2022-2025 (data/record.csv)."),
    Entry("fit", "fit_cmds", "Fit the scenario's [uncertainty] parameters to the public "
          "record (data/record.csv)."),
)  # fmt: skip

_BY_NAME = {e.name: e for e in COMMANDS}


class LazyGroup(CommandGroup):
    """A group that imports a command's module only when the command is asked for (the lazy
    loading of click's documentation, plus a listing that imports nothing)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Command names, sorted."""
        return sorted(_BY_NAME)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command, its module imported now; None for an unknown name."""
        entry = _BY_NAME.get(cmd_name)
        if entry is None:
            return None
        module = importlib.import_module(f"wardilemma.cli.{entry.module}")
        command: click.Command = getattr(module, entry.name.replace("-", "_"))
        return command

    def resolve_command(self, ctx: click.Context, args: list[str]) -> Any:
        """Find (and import) the command; from here on the command's own handling of an
        interrupt (:func:`~wardilemma.cli.errors.handled`) replaces the start-up one."""
        found = super().resolve_command(ctx, args)
        if signal.getsignal(signal.SIGINT) is _interrupted:
            signal.signal(signal.SIGINT, signal.default_int_handler)
        return found

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list of ``--help``, from :data:`COMMANDS` (no module imported)."""
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(len(n) for n in names)
        rows = [(n, click.Command(n, help=_BY_NAME[n].help).get_short_help_str(limit))
                for n in names]  # fmt: skip
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="wardilemma")
def main() -> None:
    """wardilemma: a system-dynamics model of the war-economy dilemma.

    Illustrative model, not a forecast.
    """
