"""The ``wardilemma`` command line: a thin click group.

Each command parses its options, calls one library function and prints. Library errors
(:class:`~wardilemma.scenario.ScenarioError` and friends) become ``error: <message>`` and
an exit code in one place, :mod:`.errors`: 0 success, 1 a run or a write failed, 2 usage
or validation error, 130 interrupted.

Commands live in small modules by topic (``<topic>_cmds.py``) as plain ``click.command``
functions; shared options and exit codes are in :mod:`.options`. A new command is one
``@click.command()`` function in a ``cli/<topic>_cmds.py`` module, its docstring its help:
nothing else lists it.

Start-up is kept short: a command's module is imported only when that command runs
(:class:`LazyGroup`), and ``wardilemma --help`` lists the commands from their modules'
source (:func:`commands` reads the decorated functions and their docstrings with
:mod:`ast`), importing none of them (NumPy alone takes longer to import than click).
"""

from __future__ import annotations

import atexit
import gc
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


def _collect_at_exit() -> None:
    """At the exit of the command line, nothing left for the cyclic garbage collector to
    walk: the interpreter's shutdown frees every object anyway, and its collections over
    a process full of modules, arrays and figure artists took 0.1-0.15 s of a warm
    ``wardilemma run`` (measured; ``benchmarks/README.md``)."""
    gc.freeze()


# the command line's own start-up: imports make no garbage worth a collection (each full
# collection walks every object imported so far), so the collector waits until the
# command's module is in (LazyGroup.resolve_command: its objects frozen, the collector on)
# and skips the walk at exit; a program or a test importing wardilemma.cli keeps its own
_HOLD_COLLECTOR = _is_command_line() and gc.isenabled()
if _HOLD_COLLECTOR:
    gc.disable()
    atexit.register(_collect_at_exit)

import ast  # noqa: E402 (after the interrupt handling, on purpose)
import importlib  # noqa: E402
from functools import cache  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any, NamedTuple  # noqa: E402

import click  # noqa: E402

from wardilemma._version import __version__  # noqa: E402
from wardilemma.cli.errors import CommandGroup  # noqa: E402

__all__ = ["Entry", "LazyGroup", "commands", "main"]


class Entry(NamedTuple):
    """A command as its source declares it: its name, the module under ``wardilemma.cli``
    that defines it, the function's name there, and its help (the function's docstring)."""

    name: str
    module: str
    function: str
    help: str


def _is_command(decorator: ast.expr) -> bool:
    """Whether a decorator is ``@click.command(...)``."""
    return (
        isinstance(decorator, ast.Call)
        and isinstance(decorator.func, ast.Attribute)
        and decorator.func.attr == "command"
        and isinstance(decorator.func.value, ast.Name)
        and decorator.func.value.id == "click"
    )


def _declared(path: Path) -> list[Entry]:
    """The commands of one module, read from its source: each top-level function decorated
    with ``@click.command(...)``, named by the decorator's string argument or, as click
    does, by the function's name with ``_`` written ``-``."""
    entries = []
    for node in ast.parse(path.read_text(encoding="utf-8"), str(path)).body:
        if not isinstance(node, ast.FunctionDef):
            continue
        for decorator in node.decorator_list:
            if not (isinstance(decorator, ast.Call) and _is_command(decorator)):
                continue
            given = [a.value for a in decorator.args if isinstance(a, ast.Constant)]
            given += [k.value.value for k in decorator.keywords
                      if k.arg == "name" and isinstance(k.value, ast.Constant)]  # fmt: skip
            name = given[0] if given else node.name.replace("_", "-")
            help_ = ast.get_docstring(node) or ""
            entries.append(Entry(name, path.stem, node.name, help_))
    return entries


@cache
def commands() -> dict[str, Entry]:
    """Every command, by name: the ``@click.command`` functions of the ``cli/*_cmds.py``
    modules, read from their source without importing them (their imports are heavy)."""
    found = [e for path in sorted(Path(__file__).parent.glob("*_cmds.py"))
             for e in _declared(path)]  # fmt: skip
    by_name = {e.name: e for e in found}
    if len(by_name) != len(found):
        names = [e.name for e in found]
        twice = sorted({n for n in names if names.count(n) > 1})
        raise RuntimeError(f"commands declared twice: {', '.join(twice)}")
    return by_name


class LazyGroup(CommandGroup):
    """A group that imports a command's module only when the command is asked for (the lazy
    loading of click's documentation), and lists the commands from their source
    (:func:`commands`) without importing any."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Command names, sorted."""
        return sorted(commands())

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command, its module imported now; None for an unknown name."""
        entry = commands().get(cmd_name)
        if entry is None:
            return None
        module = importlib.import_module(f"wardilemma.cli.{entry.module}")
        command: click.Command = getattr(module, entry.function)
        return command

    def resolve_command(self, ctx: click.Context, args: list[str]) -> Any:
        """Find (and import) the command; from here on the command's own handling of an
        interrupt (:func:`~wardilemma.cli.errors.handled`) replaces the start-up one."""
        found = super().resolve_command(ctx, args)
        if signal.getsignal(signal.SIGINT) is _interrupted:
            signal.signal(signal.SIGINT, signal.default_int_handler)
        global _HOLD_COLLECTOR
        if _HOLD_COLLECTOR:  # the imports' objects live to the exit: out of every collection
            _HOLD_COLLECTOR = False
            gc.freeze()
            gc.enable()
        return found

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list of ``--help``, from the commands' source (no module imported)."""
        found = commands()
        names = sorted(found)
        limit = formatter.width - 6 - max(len(n) for n in names)
        rows = [(n, click.Command(n, help=found[n].help).get_short_help_str(limit))
                for n in names]  # fmt: skip
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="wardilemma")
def main() -> None:
    """wardilemma: a system-dynamics model of the war-economy dilemma.

    Illustrative model, not a forecast.
    """
