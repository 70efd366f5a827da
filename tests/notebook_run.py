"""Execute a notebook with nbclient and write it back with its outputs (used by
test_notebooks).

``python tests/notebook_run.py IN.ipynb OUT.ipynb WORKDIR CELL_TIMEOUT`` runs every cell of
``IN.ipynb`` in a fresh ``python3`` kernel started in ``WORKDIR`` and writes the executed
notebook to ``OUT.ipynb`` (also when a cell failed). Exit status 0 when every cell ran; 1
with nbclient's error (the failing cell and its traceback) on stderr when a cell raised or
timed out or the kernel died.

The test runs this script in its own Python process, so the kernel's client has a fresh
event loop and ZeroMQ context: nothing the rest of the suite left behind in the pytest
process (event loops, executors, threads) can touch it. Inside the full suite, a client
run in the pytest process sometimes sat idle, with an idle kernel, until the cell timeout.
"""

from __future__ import annotations

import sys
import time

import nbclient
import nbformat


def main(argv: list[str]) -> int:
    source, target, workdir, timeout = argv
    nb = nbformat.read(source, as_version=4)
    client = nbclient.NotebookClient(
        nb, timeout=int(timeout), kernel_name="python3", resources={"metadata": {"path": workdir}}
    )
    started = time.perf_counter()
    try:
        client.execute()  # raises (exit status 1, traceback on stderr) on a failing cell
    finally:
        nbformat.write(nb, target)  # also when a cell failed: its outputs help to debug
    print(f"notebook executed in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
