"""Finished chunks of an ensemble kept on disk, so that an interrupted study resumes.

:func:`~wardilemma.analysis.uncertainty.ensemble.run_ensemble` keeps each finished chunk
(``LO-HI.npz``, written atomically) in a folder and reads back the chunks already there
instead of running them; :func:`open_store` gives a study that folder, ``OUT/.resume/``,
under a key (command, seed, scenario hashes, options, version) recorded in ``key.json``, so
that only the same study reuses it. The numbers of a member depend only on its parameters,
so a resumed study equals an uninterrupted one bit for bit.

Recorded series too big for memory are streamed to a file chunk by chunk
(:class:`SeriesFile`) and read back a few months at a time (:func:`read_rows`), so that
only the months being read are resident.

Illustrative model, not a forecast.
"""

from __future__ import annotations

import concurrent.futures as cf
import json
import mmap
import os
import shutil
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from wardilemma._version import __version__
from wardilemma.atomic import atomic_path, write_text

__all__ = ["RESUME_DIR", "ChunkResult", "SeriesFile", "allocate_series", "chunk_bounds",
           "load_chunk", "open_store", "read_rows", "run_pipelined", "save_chunk",
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
    write_text(key_file, text)  # atomic: an interrupt leaves no half-written key nor .part
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


def run_pipelined(
    todo: Sequence[int],
    work: Callable[[int], ChunkResult],
    finished: Callable[[int, ChunkResult], None],
) -> None:
    """Run the chunks ``todo`` in this process, one after another, the next one on a thread
    while this one's results are placed (and kept, with a checkpoint): the compiled kernel
    releases the GIL, so the cores stay busy instead of waiting for the copies and the
    writes between two chunks (16.6 µs a run of such work with chunks of 250,
    ``benchmarks/README.md``). ``finished`` sees the chunks in order, on the calling thread;
    at most two chunks are in memory, as
    :func:`~wardilemma.analysis.uncertainty.budget.plan_ensemble` counts for one job."""
    if len(todo) <= 1:
        for i in todo:
            finished(i, work(i))
        return
    with cf.ThreadPoolExecutor(1, thread_name_prefix="wardilemma-chunk") as pool:
        ahead = pool.submit(work, todo[0])
        try:
            for k, i in enumerate(todo):
                result = ahead.result()
                if k + 1 < len(todo):
                    ahead = pool.submit(work, todo[k + 1])
                finished(i, result)
        finally:
            ahead.cancel()


def save_chunk(folder: Path, bounds: tuple[int, int], result: ChunkResult, backend: str) -> None:
    """Keep a finished chunk as ``LO-HI.npz``, atomically: whole or absent, and no temporary
    file left by an interrupt."""
    time, series, metrics, failed, problems = result
    arrays = {"time": time, "failed": np.asarray(failed, dtype=np.int64),
              "problems": np.asarray(problems, dtype=str), "backend": np.asarray(backend),
              **{f"series/{k}": v for k, v in series.items()},
              **{f"metrics/{k}": v for k, v in metrics.items()}}  # fmt: skip
    folder.mkdir(parents=True, exist_ok=True)
    with atomic_path(folder / f"{bounds[0]}-{bounds[1]}.npz") as tmp, tmp.open("wb") as fh:
        np.savez(fh, **arrays)


def stored_chunks(folder: str | Path | None, backend: str) -> dict[tuple[int, int], Path]:
    """The chunks kept in ``folder`` by :func:`save_chunk` on ``backend`` (others are run
    again: the two backends agree only to rounding), as files read one at a time
    (:func:`load_chunk`) when the ensemble places them."""
    out: dict[tuple[int, int], Path] = {}
    if folder is None or not Path(folder).is_dir():
        return out
    for path in Path(folder).glob("*-*.npz"):
        lo, hi = (int(x) for x in path.stem.split("-"))
        with np.load(path, allow_pickle=False) as z:
            if str(z["backend"]) == backend:
                out[(lo, hi)] = path
    return out


def load_chunk(path: Path) -> ChunkResult:
    """A chunk kept by :func:`save_chunk`."""
    with np.load(path, allow_pickle=False) as z:
        series = {k[7:]: z[k] for k in z.files if k.startswith("series/")}
        metrics = {k[8:]: z[k] for k in z.files if k.startswith("metrics/")}
        return (z["time"], series, metrics, [int(m) for m in z["failed"]],
                [str(s) for s in z["problems"]])  # fmt: skip


class SeriesFile:
    """A recorded series ``(T, n)`` streamed to a ``.npy`` file chunk by chunk with plain
    writes. A writable memory map would keep every page it wrote in the process's resident
    memory (the whole series, however it is chunked); written this way the series stays in
    the file and the page cache. :meth:`open` maps the finished file read-only, and
    :func:`read_rows` reads it a few months at a time, giving the pages back."""

    def __init__(self, path: Path, shape: tuple[int, int], dtype: Any) -> None:
        self.path, self.shape, self.dtype = path, shape, np.dtype(dtype)
        path.parent.mkdir(parents=True, exist_ok=True)
        header = {"descr": np.lib.format.dtype_to_descr(self.dtype), "fortran_order": False,
                  "shape": shape}  # fmt: skip
        with path.open("wb") as fh:
            np.lib.format.write_array_header_1_0(fh, header)
            self.offset = fh.tell()
            fh.truncate(self.offset + shape[0] * shape[1] * self.dtype.itemsize)

    def write(self, lo: int, values: np.ndarray) -> None:
        """Members ``lo .. lo + m`` of every saved time: ``values`` ``(T, m)``."""
        n, size = self.shape[1], self.dtype.itemsize
        block = np.ascontiguousarray(values, dtype=self.dtype)
        fd = os.open(self.path, os.O_WRONLY)
        try:
            for t, row in enumerate(block):
                os.pwrite(fd, row.data, self.offset + (t * n + lo) * size)
        finally:
            os.close(fd)

    def open(self) -> np.ndarray:
        """The finished series, memory-mapped read-only."""
        return np.load(self.path, mmap_mode="r")


def allocate_series(
    folder: str | Path | None, key: str, shape: tuple[int, int], dtype: Any
) -> np.ndarray | SeriesFile:
    """Where a recorded series goes: an array in memory, or a file in ``folder``."""
    if folder is None:
        return np.empty(shape, dtype=dtype)
    return SeriesFile(
        Path(folder) / (key.replace("[", "__").replace("]", "") + ".npy"), shape, dtype
    )


def read_rows(values: np.ndarray, start: int, stop: int) -> np.ndarray:
    """Rows (saved months) ``start .. stop`` of a series ``(T, n)`` as an array in memory.

    For a memory-mapped series (:class:`SeriesFile`) the rows are copied and their pages
    given back (``madvise``): reading a series block by block then keeps one block resident,
    not every page read so far."""
    block = values[start:stop]
    mapping = getattr(values, "base", None)
    if not (isinstance(values, np.memmap) and isinstance(mapping, mmap.mmap)):
        return np.asarray(block)
    rows = np.array(block)
    first = block.ctypes.data - np.frombuffer(mapping, np.uint8).ctypes.data
    aligned = first - first % mmap.PAGESIZE
    if rows.nbytes:
        mapping.madvise(mmap.MADV_DONTNEED, aligned, first + rows.nbytes - aligned)
    return rows
