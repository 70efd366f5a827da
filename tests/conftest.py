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


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Make ``--dist loadgroup`` (``make test``) group again: pytest-xdist sends the tests of
    one ``xdist_group`` to one worker by a suffix on their node id (``...@group``), which it
    writes to ``item._nodeid``, but pytest 9 keeps node ids in ``item._id``, so no test was
    grouped (measured: ``test_loops.py`` on both workers, its loops found twice). The
    suffix is set where pytest reads it, in the workers, when xdist has not set it."""
    if not getattr(config.option, "loadgroup", False):
        return
    from _pytest.nodeid import NodeId

    for item in items:
        names = sorted({str(m.args[0] if m.args else m.kwargs.get("name", "default"))
                        for m in item.iter_markers("xdist_group")})  # fmt: skip
        if names and "@" not in item.nodeid and hasattr(item, "_id"):
            item._id = NodeId.parse(f"{item.nodeid}@{'_'.join(names)}")
