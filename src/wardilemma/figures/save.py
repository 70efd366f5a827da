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

__all__ = ["FIGURE_FORMATS", "freeze_layout", "save_and_close", "save_figure"]

#: Figure formats accepted by :func:`save_figure`.
FIGURE_FORMATS = ("png", "svg", "pdf")

#: zlib level of a PNG: the same pixels as Pillow's default (6) in less time and, for the
#: flat colours of a chart, no more bytes (a run's dashboard, 1600x900: 29 ms and 250 kB
#: against 41 ms and 254 kB; ``benchmarks/README.md``).
PNG_COMPRESS_LEVEL = 3


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


def freeze_layout(fig: Figure, formats: Sequence[str]) -> None:
    """Lay out a figure drawn only to be written in ``formats`` once, and keep that layout.

    Saving a figure with a layout engine draws it twice (once to lay it out, once to
    render), each draw running the layout again; once the layout is computed and the engine
    dropped, saving draws it once (measured on a run's dashboard: 0.1 s less, the same
    pixels). Only for PNG alone: the layout is measured with the raster renderer's text
    metrics, which SVG and PDF need not share, so a figure also saved in those keeps its
    engine."""
    import matplotlib

    engine = fig.get_layout_engine()
    if engine is None or any(f != "png" for f in formats):
        return
    engine.execute(fig)
    # None removes the engine unless the rc parameters name a default one: they must not
    with matplotlib.rc_context(
        {"figure.autolayout": False, "figure.constrained_layout.use": False}
    ):
        fig.set_layout_engine(None)


def save_figure(
    fig: Figure, path: str | Path, *, title: str = "", runs: Sequence[Results] = ()
) -> Path:
    """Save ``fig`` atomically; the format is the suffix (png, svg or pdf). Provenance
    (illustrative note, scenario hash, version) goes into the file's metadata."""
    path = Path(path)
    fmt = path.suffix.lstrip(".").lower()
    if fmt not in FIGURE_FORMATS:
        raise OutputError(f"unknown figure format {fmt!r}; choose from {FIGURE_FORMATS}")
    extra = {"pil_kwargs": {"compress_level": PNG_COMPRESS_LEVEL}} if fmt == "png" else {}
    with atomic_path(path) as tmp:
        fig.savefig(tmp, format=fmt, metadata=_figure_metadata(fmt, title, runs), dpi=100,
                    **extra)  # fmt: skip
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
