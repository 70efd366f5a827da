"""Finished chunks of an ensemble kept on disk, so that an interrupted study resumes.

:func:`~wardilemma.analysis.uncertainty.ensemble.run_ensemble` keeps each finished chunk
(``LO-HI.npz``, written atomically) in a folder and reads back the chunks already there
instead of running them; :func:`open_store` gives a study that folder, ``OUT/.resume/``,
under a key (command, seed, scenario hashes, options, version) recorded in ``key.json``, so
that only the same study reuses it. The numbers of a member depend only on its parameters,
so a resumed study equals an uninterrupted one bit for bit.

Illustrative model, not a forecast.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from wardilemma._version import __version__

__all__ = ["RESUME_DIR", "ChunkResult", "chunk_bounds", "open_store", "save_chunk",
           "stored_chunks"]  # fmt: skip

#: What a chunk gives: ``(time, series, metrics, failed members, their messages)``.
ChunkResult = tuple[np.ndarray, dict[str, np.ndarray], dict[str, np.ndarray], list[int], list[str]]

#: The folder of an output directory that keeps a study's finished chunks.
RESUME_DIR = ".resume"


def open_store(out: Path, key: Mapping[str, Any], resume: bool) -> tuple[Path, str]:
    """The folder that keeps a study's finished chunks, and a note for its summary.

    With ``resume`` and a folder made for the same ``key``, its chunks are kept; otherwise
    it starts empty, and ``key.json`` records ``key`` for a later resume.
    """
    folder = out / RESUME_DIR
    key_file = folder / "key.json"
    text = json.dumps({"wardilemma_version": __version__, **key}, sort_keys=True, default=str)
    try:
        same = key_file.read_text(encoding="utf-8") == text
    except OSError:
        same = False
    if resume and same:
        return folder, ""
    note = ""
    if resume:
        made = "were made with other options" if key_file.exists() else "are not there"
        note = f"--resume: the completed chunks of this study ({folder}) {made}; ran it all"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    tmp = folder / ".key.json.part"
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, key_file)
    return folder, note


def chunk_bounds(n: int, chunk_size: int, stored: Mapping[tuple[int, int], Any]) -> list:
    """``(lo, hi)`` of every chunk: the stored ones as they are, the gaps between them cut
    into chunks of ``chunk_size`` (the numbers do not depend on the cut)."""
    starts = {lo: hi for lo, hi in stored}
    bounds, lo = [], 0
    while lo < n:
        if lo in starts:
            hi = starts[lo]
        else:
            hi = min([lo + chunk_size, n, *(s for s in starts if s > lo)])
        bounds.append((lo, hi))
        lo = hi
    return bounds


def save_chunk(folder: Path, bounds: tuple[int, int], result: ChunkResult, backend: str) -> None:
    """Keep a finished chunk as ``LO-HI.npz`` (temporary file, then rename: whole or absent)."""
    time, series, metrics, failed, problems = result
    arrays = {"time": time, "failed": np.asarray(failed, dtype=np.int64),
              "problems": np.asarray(problems, dtype=str), "backend": np.asarray(backend),
              **{f"series/{k}": v for k, v in series.items()},
              **{f"metrics/{k}": v for k, v in metrics.items()}}  # fmt: skip
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{bounds[0]}-{bounds[1]}.npz"
    tmp = folder / f".{target.name}.part"
    with tmp.open("wb") as fh:
        np.savez(fh, **arrays)
    os.replace(tmp, target)


def stored_chunks(folder: str | Path | None, backend: str) -> dict[tuple[int, int], ChunkResult]:
    """The chunks kept in ``folder`` by :func:`save_chunk` on ``backend`` (others are run
    again: the two backends agree only to rounding)."""
    out: dict[tuple[int, int], ChunkResult] = {}
    if folder is None or not Path(folder).is_dir():
        return out
    for path in Path(folder).glob("*-*.npz"):
        lo, hi = (int(x) for x in path.stem.split("-"))
        with np.load(path, allow_pickle=False) as z:
            if str(z["backend"]) != backend:
                continue
            series = {k[7:]: z[k] for k in z.files if k.startswith("series/")}
            metrics = {k[8:]: z[k] for k in z.files if k.startswith("metrics/")}
            out[(lo, hi)] = (z["time"], series, metrics, [int(m) for m in z["failed"]],
                             [str(s) for s in z["problems"]])  # fmt: skip
    return out
