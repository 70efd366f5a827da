"""Saving a figure: atomically, in png, svg or pdf, with its provenance in the file's
metadata (the note "Illustrative model, not a forecast", each run's scenario, scenario
file hash and package version, as :func:`wardilemma.outputs.provenance` records them).

Every figure of the package is saved here; :mod:`wardilemma.outputs` (which draws a run's
dashboard) builds on it, so no figure module needs :mod:`wardilemma.outputs`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from wardilemma.atomic import OutputError, atomic_path
from wardilemma.results import Results
from wardilemma.text import ILLUSTRATIVE

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = ["FIGURE_FORMATS", "save_and_close", "save_figure"]

#: Figure formats accepted by :func:`save_figure`.
FIGURE_FORMATS = ("png", "svg", "pdf")


def _figure_metadata(fmt: str, title: str, runs: Sequence[Results]) -> dict[str, str]:
    parts = [ILLUSTRATIVE]
    for res in runs:
        meta = res.metadata
        parts.append(
            f"scenario: {res.scenario}; "
            f"scenario_sha256: {meta.get('scenario_sha256', '')}; "
            f"wardilemma_version: {meta.get('wardilemma_version', '')}"
        )
    description = " | ".join(parts)
    if fmt == "png":
        return {"Title": title, "Description": description, "Software": "wardilemma"}
    if fmt == "svg":
        return {"Title": title, "Description": description}
    if fmt == "pdf":
        return {"Title": title, "Subject": description, "Creator": "wardilemma"}
    return {}


def save_figure(
    fig: Figure, path: str | Path, *, title: str = "", runs: Sequence[Results] = ()
) -> Path:
    """Save ``fig`` atomically; the format is the suffix (png, svg or pdf). Provenance
    (illustrative note, scenario hash, version) goes into the file's metadata."""
    path = Path(path)
    fmt = path.suffix.lstrip(".").lower()
    if fmt not in FIGURE_FORMATS:
        raise OutputError(f"unknown figure format {fmt!r}; choose from {FIGURE_FORMATS}")
    with atomic_path(path) as tmp:
        fig.savefig(tmp, format=fmt, metadata=_figure_metadata(fmt, title, runs), dpi=100)
    return path


def save_and_close(
    fig: Figure, path: str | Path, *, title: str = "", runs: Sequence[Results] = ()
) -> Path:
    """:func:`save_figure`, then close ``fig`` (also when the saving fails): for a figure
    drawn only to be written."""
    import matplotlib.pyplot as plt

    try:
        return save_figure(fig, path, title=title, runs=runs)
    finally:
        plt.close(fig)
