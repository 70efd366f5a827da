"""The one error path of the command line: every command's errors end here.

:class:`CommandGroup` runs each command inside :func:`handled`, which turns a library error
(a :class:`~wardilemma.errors.WardilemmaError`) into ``error: <message>`` on stderr and the
exit code of :data:`EXIT_CODES`, shows a :class:`~wardilemma.scenario.ScenarioWarning` as
``warning: <message>`` and an interruption (Ctrl-C) as exit code 130. Anything else is a
bug: its traceback, then one line asking for a report, exit code 1. A new command needs
nothing to join it.
"""

from __future__ import annotations

import contextlib
import sys
import traceback
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import click

from wardilemma.cli.options import INTERRUPTED, RUN_FAILED, USAGE
from wardilemma.errors import InputError, RunFailure

__all__ = ["BUG_HINT", "EXIT_CODES", "CommandGroup", "exit_code", "handled", "message"]

#: Error type -> exit code, first match wins. An invalid input or request
#: (:class:`~wardilemma.errors.InputError`: ``ScenarioError``, ``UsageProblem``,
#: ``ExportError``, ``ClaimError``...): 2. A run or a write failed
#: (:class:`~wardilemma.errors.RunFailure`: ``SimulationError``, ``OutputError``, or any
#: ``OSError`` of the system): 1. Anything else is a bug (:data:`BUG_HINT`), also 1.
EXIT_CODES: tuple[tuple[type[BaseException], int], ...] = (
    (InputError, USAGE),
    (RunFailure, RUN_FAILED),
    (OSError, RUN_FAILED),
)

#: The line after the traceback of an unexpected error.
BUG_HINT = (
    "this is a bug in wardilemma, please report it with the command you ran and the traceback above"
)


def exit_code(exc: BaseException) -> int | None:
    """The exit code of a library error, or None for an unexpected one (a bug)."""
    return next((code for kind, code in EXIT_CODES if isinstance(exc, kind)), None)


def message(exc: BaseException) -> str:
    """One way to word an error: the library's own sentence; an ``OSError`` names its file."""
    if isinstance(exc, OSError) and exc.filename and exc.strerror:
        return f"cannot write {exc.filename}: {exc.strerror}"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc)


def _show_warning(msg: Any, category: type[Warning], *args: Any, **kwargs: Any) -> None:
    # lazy: `wardilemma --help` and light commands load no scenario machinery
    from wardilemma.scenario.types import ScenarioWarning

    if issubclass(category, ScenarioWarning):
        click.echo(f"warning: {msg}", err=True)
    else:
        _default_showwarning(msg, category, *args, **kwargs)


_default_showwarning = warnings.showwarning

#: Where the group keeps the name of the command being run (``ctx.meta``).
_COMMAND = "wardilemma.command"


@contextlib.contextmanager
def handled(command: Callable[[], str] = lambda: "wardilemma") -> Iterator[None]:
    """Run a command's body: its errors become ``error: ...`` and an exit code;
    ``command()`` names the command in the hint after a usage error."""
    with warnings.catch_warnings():
        warnings.showwarning = _show_warning
        try:
            yield
        except (click.exceptions.Exit, click.exceptions.Abort, SystemExit):
            raise
        except click.UsageError as exc:
            click.echo(f"error: {exc.format_message()}", err=True)
            click.echo(f"(see `{command()} --help`)", err=True)
            raise SystemExit(USAGE) from None
        except click.ClickException as exc:
            click.echo(f"error: {exc.format_message()}", err=True)
            raise SystemExit(exc.exit_code) from None
        except KeyboardInterrupt:
            click.echo("\nerror: interrupted; nothing half-written was kept", err=True)
            raise SystemExit(INTERRUPTED) from None
        except Exception as exc:
            code = exit_code(exc)
            if code is None:
                click.echo(traceback.format_exc().rstrip(), err=True)
                click.echo(f"error: unexpected {type(exc).__name__}: {exc}; {BUG_HINT}", err=True)
                raise SystemExit(RUN_FAILED) from None
            click.echo(f"error: {message(exc)}", err=True)
            raise SystemExit(code) from None


class CommandGroup(click.Group):
    """A click group whose commands all fail the same way (:func:`handled`)."""

    def invoke(self, ctx: click.Context) -> Any:
        """Parse and run the command inside :func:`handled`."""
        with handled(lambda: f"wardilemma {ctx.meta.get(_COMMAND, '')}".strip()):
            return super().invoke(ctx)

    def resolve_command(self, ctx: click.Context, args: list[str]) -> Any:
        """Find the command, and remember its name for the ``--help`` hint of an error."""
        name, command, rest = super().resolve_command(ctx, args)
        ctx.meta[_COMMAND] = name
        return name, command, rest

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Usage errors of the group itself (an unknown command) are worded the same way."""
        try:
            return super().main(*args, **{**kwargs, "standalone_mode": False})
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        except click.exceptions.Abort:
            click.echo("\nerror: interrupted", err=True)
            sys.exit(INTERRUPTED)
        except click.UsageError as exc:
            click.echo(f"error: {exc.format_message()}", err=True)
            click.echo("(see `wardilemma --help`)", err=True)
            sys.exit(USAGE)
