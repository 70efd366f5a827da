"""Where the repository's folders are: the one place that computes paths from ``__file__``.

In a source checkout (the ``src`` layout) the repository root holds ``scenarios/`` and
``docs/``. An installed package can still find the shipped scenarios through the
``WARDILEMMA_SCENARIOS`` environment variable or a ``scenarios/`` folder in the working
directory.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["SHIPPED", "docs_dir", "find_scenarios_dir", "repo_root", "scenarios_dir"]

#: Files that mark a folder as the shipped ``scenarios/`` folder.
SHIPPED = ("war_continues.toml", "sudden_peace.toml")


def repo_root() -> Path:
    """The repository of a source checkout (``src/wardilemma/`` -> two levels up)."""
    return Path(__file__).resolve().parents[2]


def docs_dir() -> Path:
    """The repository's ``docs/`` folder (generated reference, schema, diagrams)."""
    return repo_root() / "docs"


def scenarios_dir() -> Path:
    """The repository's ``scenarios/`` folder (where :func:`find_scenarios_dir` looks first
    after the environment variable)."""
    return repo_root() / "scenarios"


def find_scenarios_dir(start: Path | None = None) -> Path | None:
    """The shipped ``scenarios/`` directory: ``$WARDILEMMA_SCENARIOS``, then next to the
    parents of ``start`` (default: this package, that is a source checkout), then the
    working directory; None if not found."""
    here = (start or Path(__file__)).resolve()
    candidates = []
    if os.environ.get("WARDILEMMA_SCENARIOS"):
        candidates.append(Path(os.environ["WARDILEMMA_SCENARIOS"]))
    candidates += [parent / "scenarios" for parent in here.parents]
    candidates.append(Path.cwd() / "scenarios")
    for c in candidates:
        if all((c / name).is_file() for name in SHIPPED):
            return c
    return None
