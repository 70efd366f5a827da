"""The one base of the library's errors, and the two kinds the command line tells apart.

Every error the library raises on purpose derives from :class:`WardilemmaError`, through
one of two kinds:

* :class:`InputError`: what was asked cannot be done as asked (an invalid scenario or
  claims file, an unknown option value, a request too big for the memory budget). The
  command line exits with code 2.
* :class:`RunFailure`: a valid request failed while it ran (numerical trouble, a file that
  cannot be written). The command line exits with code 1.

Anything else that escapes a command is a bug: the command line says so in one line and
exits with code 1 (:mod:`wardilemma.cli.errors`). The concrete classes stay beside the code
that raises them (``ScenarioError`` in :mod:`wardilemma.scenario`, ``SimulationError`` in
:mod:`wardilemma.engine.run`, ``OutputError`` in :mod:`wardilemma.outputs`...), each with a
second built-in base where callers rely on it (``ValueError``, ``RuntimeError``,
``OSError``). A leaf module: it imports nothing from the package.
"""

from __future__ import annotations

__all__ = ["InputError", "RunFailure", "WardilemmaError"]


class WardilemmaError(Exception):
    """The base of every error the library raises on purpose."""


class InputError(WardilemmaError):
    """The input or the request is wrong; the message names what and the fix (exit code 2)."""


class RunFailure(WardilemmaError):
    """A valid request failed while running or writing (exit code 1)."""
