"""Shared fixtures. Folders come from :mod:`wardilemma.paths`, the package's one place for
repository paths (module-level constants in the tests use it too, for ``parametrize``)."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import pytest

from wardilemma import paths

matplotlib.use("Agg")  # no window ever opens in a test


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository checkout the tests run in."""
    return paths.repo_root()


@pytest.fixture(scope="session")
def scenarios_dir() -> Path:
    """The shipped ``scenarios/`` folder."""
    return paths.scenarios_dir()


@pytest.fixture(scope="session")
def docs_dir() -> Path:
    """The repository's ``docs/`` folder (generated files; tests only read it)."""
    return paths.docs_dir()
