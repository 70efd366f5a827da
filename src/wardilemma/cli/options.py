"""What the commands share: option decorators, exit codes and the one way to fail.

Declare an option once here and reuse it (``@out_option()``, ``@months_option()``,
``@plots_option()``, ``@scenario_option()``), so every command spells it the same way.
"""

from __future__ import annotations

import shlex
import sys
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any, NoReturn, TypeVar

import click

__all__ = [
    "INTERRUPTED",
    "OK",
    "POSTERIOR_DRAWS",
    "POSTERIOR_MEDIAN",
    "RUN_FAILED",
    "USAGE",
    "ProgressBar",
    "fail",
    "isatty",
    "months_option",
    "out_option",
    "output_option",
    "plots_option",
    "posterior_option",
    "record_option",
    "resume_command",
    "scenario_option",
    "warn",
]

#: Exit codes: success, a run (or writing) failed, a usage or validation problem, and
#: interrupted (Ctrl-C: 128 + SIGINT, as shells do).
OK, RUN_FAILED, USAGE, INTERRUPTED = 0, 1, 2, 130

F = TypeVar("F", bound=Callable[..., Any])


def warn(message: str) -> None:
    """``error: message`` on stderr (the run goes on)."""
    click.echo(f"error: {message}", err=True)


def fail(message: str, code: int = USAGE) -> NoReturn:
    """``error: message`` on stderr, then exit with ``code``."""
    warn(message)
    raise SystemExit(code)


def isatty(stream: Any) -> bool:
    """True when ``stream`` is a terminal (no progress bar in logs, pipes and tests)."""
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


class ProgressBar:
    """The one progress bar of the commands: a click bar on stderr, drawn only on a terminal
    and unless ``quiet``, opened at the first report (when the total is known).

    Call it as ``bar(advance, total)``; print lines with :meth:`echo`, which clears the bar's
    line first so the two never share a line. Use it as a context manager, or
    :meth:`close` it.
    """

    def __init__(self, label: str, *, quiet: bool = False) -> None:
        self.label = label
        self.shown = not quiet and isatty(sys.stderr)
        self._bar: Any = None

    def __call__(self, advance: int = 1, total: int = 1) -> None:
        """Advance by ``advance`` steps of ``total``."""
        if not self.shown:
            return
        if self._bar is None:
            self._bar = click.progressbar(
                length=total, label=self.label, file=sys.stderr, show_pos=True
            )
            self._bar.__enter__()
        self._bar.update(advance)

    def echo(self, text: str, err: bool = False) -> None:
        """Print a line (stdout, or stderr with ``err``) without mixing it into the bar."""
        if self._bar is not None:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()
        click.echo(text, err=err)
        if self._bar is not None:
            self._bar.render_progress()

    def close(self) -> None:
        """Finish the bar's line (idempotent)."""
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def resume_command(ctx: click.Context, flag: str = "--resume") -> str:
    """The command line that repeats the command of ``ctx`` with ``flag`` added (unless
    empty): its options that differ from their defaults, then its arguments, quoted."""
    words, arguments = ["wardilemma", ctx.info_name or ""], []
    for param in ctx.command.params:
        value = ctx.params.get(param.name or "")
        if isinstance(param, click.Argument):
            many = param.multiple or param.nargs != 1
            arguments += [str(v) for v in value] if many else [str(value)]
            continue
        if not isinstance(param, click.Option) or (flag and param.name == flag.lstrip("-")):
            continue
        if value in (None, ()) or value == param.get_default(ctx, call=True):
            continue
        name = max(param.opts, key=len)
        if param.is_flag:
            if value or param.secondary_opts:
                words.append(name if value else max(param.secondary_opts, key=len))
        else:
            values = value if param.multiple else [value]
            words += [w for v in values for w in (name, str(v))]
    return shlex.join([*words, *([flag] if flag else []), *arguments])


#: ``--record FILE``: the public record to set runs beside (calibration, fit).
record_option = click.option(
    "--record",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The record, a CSV file (default: the shipped data/record.csv).",
)


def out_option(help: str = "Output directory.", default: str = "out") -> Callable[[F], F]:
    """``--out/-o DIR``: a folder for several output files (default ``out``)."""
    return click.option(
        "--out",
        "-o",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path(default),
        show_default=True,
        metavar="DIR",
        help=help,
    )


def output_option(
    help: str, *, default: str | None = None, required: bool = False
) -> Callable[[F], F]:
    """``-o/--output FILE``: the one file a command writes."""
    return click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None if default is None else Path(default),
        show_default=default is not None,
        required=required,
        help=help,
    )


#: Help of ``--months`` unless a command says otherwise.
MONTHS_HELP = "Run length in months (default: the scenario's)."


def months_option(help: str = MONTHS_HELP) -> Callable[[F], F]:
    """``--months N`` (default: the scenario's)."""
    return click.option("--months", type=click.IntRange(min=1), default=None, help=help)


def plots_option(help: str) -> Callable[[F], F]:
    """``--plots FORMATS``: figure formats, comma-separated (default ``png``)."""
    return click.option(
        "--plots", "plots", default="png", show_default=True, metavar="FORMATS", help=help
    )


class ScenarioFile(click.ParamType):
    """A scenario file argument; a missing one is reported like every other missing file
    (``error: FILE: file not found``, exit code 2), by :func:`check_files`."""

    name = "file"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        """The path as given, once it is known to exist."""
        check_files([value])
        return str(value)


def check_files(files: Any) -> None:
    """Raise :class:`~wardilemma.scenario.ScenarioError` for the first missing file."""
    from wardilemma.scenario import ScenarioError

    for f in files:
        if not Path(f).exists():  # worded as the loader words it
            raise ScenarioError.collect(f, [f"{f}: file not found"])


class PosteriorFile(click.ParamType):
    """A posterior file of ``wardilemma fit``, loaded
    (:class:`~wardilemma.analysis.fit.posterior.Posterior`); one that is missing or not a
    posterior is an invalid input (``error: FILE: ...``, exit code 2)."""

    name = "file"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """The loaded posterior."""
        from wardilemma.analysis.fit.posterior import Posterior, load_posterior

        return value if isinstance(value, Posterior) else load_posterior(value)


#: Help of ``--posterior`` for a command that draws members (Monte Carlo, claims).
POSTERIOR_DRAWS = (
    "Draw the parameters it covers from this posterior (posterior.parquet or .csv of "
    "`wardilemma fit`) instead of the priors."
)

#: Help of ``--posterior`` for a command that runs one world per scenario.
POSTERIOR_MEDIAN = (
    "Run every parameter it covers at its posterior median (posterior.parquet or .csv of "
    "`wardilemma fit`) instead of the scenario's value."
)


def posterior_option(help: str) -> Callable[[F], F]:
    """``--posterior FILE``: runs over a fit's posterior instead of the priors (``help``
    says how the command uses it)."""
    return click.option("--posterior", type=PosteriorFile(), default=None, metavar="FILE",
                        help=help)  # fmt: skip


def scenario_option(help: str) -> Callable[[F], F]:
    """``--scenario FILE``: an optional scenario file."""
    return click.option("--scenario", type=ScenarioFile(), default=None, help=help)
