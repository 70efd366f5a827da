"""Where the repository's folders are: the one place that computes paths from ``__file__``.

In a source checkout (the ``src`` layout) the repository root holds ``scenarios/`` and
``docs/``. A wheel installs the shipped scenarios and the public record as data files under
``<prefix>/share/wardilemma/scenarios/`` and ``<prefix>/share/wardilemma/data/``
(``[tool.setuptools.data-files]`` in pyproject.toml: the repository's ``scenarios/`` and
``data/`` stay the one copy); :func:`shipped_scenarios_dir` and :func:`shipped_data_dir`
find either. An installed package can also be pointed at a
folder through the ``WARDILEMMA_SCENARIOS`` environment variable. The thesis's claims file
ships the same way, under ``<prefix>/share/wardilemma/claims/`` (:func:`shipped_claims_file`).
"""

from __future__ import annotations

import os
import site
import sys
import sysconfig
from pathlib import Path

__all__ = [
    "SHIPPED",
    "THESIS_CLAIMS",
    "data_dir",
    "docs_dir",
    "find_scenarios_dir",
    "repo_root",
    "scenarios_dir",
    "shipped_claims_file",
    "shipped_data_dir",
    "shipped_scenarios_dir",
]

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


def shown_path(path: str | os.PathLike[str] | None) -> str:
    """A path as a written file records it: relative to the working folder or the
    repository when inside one (so files committed to ``docs/`` name no machine's
    folders), else as given; ``""`` for none."""
    if not path:
        return ""
    full = Path(path).resolve()
    for base in (Path.cwd().resolve(), repo_root()):
        if full.is_relative_to(base):
            return full.relative_to(base).as_posix()
    return str(path)


def data_dir() -> Path:
    """The repository's ``data/`` folder (the public record, ``record.csv``)."""
    return repo_root() / "data"


def _installed_dirs(folder: str) -> list[Path]:
    """``share/wardilemma/<folder>`` under each installation data prefix (a virtual
    environment, the system or the user base), where a wheel puts its data files."""
    prefixes = [sysconfig.get_path("data"), sys.prefix, site.getuserbase()]
    return [Path(p) / "share" / "wardilemma" / folder for p in dict.fromkeys(prefixes)]


def shipped_data_dir() -> Path | None:
    """The data shipped with the package: the checkout's ``data/`` folder, else the
    installed data files; None if neither holds ``record.csv``."""
    for c in [data_dir(), *_installed_dirs("data")]:
        if (c / "record.csv").is_file():
            return c
    return None


#: The claims file of the thesis (``claims/thesis.toml`` in a checkout).
THESIS_CLAIMS = "thesis.toml"


def shipped_claims_file() -> Path | None:
    """The thesis's claims file shipped with the package: the checkout's
    ``claims/thesis.toml``, else the installed data file; None if neither exists."""
    for folder in [repo_root() / "claims", *_installed_dirs("claims")]:
        if (folder / THESIS_CLAIMS).is_file():
            return folder / THESIS_CLAIMS
    return None


def installed_scenarios_dirs() -> list[Path]:
    """Where a wheel puts the shipped scenarios: ``share/wardilemma/scenarios`` under the
    installation's data prefix (a virtual environment, the system or the user base)."""
    return _installed_dirs("scenarios")


def shipped_scenarios_dir() -> Path | None:
    """The scenarios shipped with the package: the checkout's ``scenarios/`` folder, else
    the installed data files; None if neither holds them."""
    for c in [scenarios_dir(), *installed_scenarios_dirs()]:
        if all((c / name).is_file() for name in SHIPPED):
            return c
    return None


def find_scenarios_dir(start: Path | None = None) -> Path | None:
    """The shipped ``scenarios/`` directory: ``$WARDILEMMA_SCENARIOS``, then next to the
    parents of ``start`` (default: this package, that is a source checkout), then the
    working directory; None if not found."""
    here = (start or Path(__file__)).resolve()
    candidates = []
    if os.environ.get("WARDILEMMA_SCENARIOS"):
        candidates.append(Path(os.environ["WARDILEMMA_SCENARIOS"]))
    candidates += [parent / "scenarios" for parent in here.parents]
    candidates += installed_scenarios_dirs()
    candidates.append(Path.cwd() / "scenarios")
    for c in candidates:
        if all((c / name).is_file() for name in SHIPPED):
            return c
    return None
