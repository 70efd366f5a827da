"""Execute a notebook with nbclient and write it back with its outputs (used by
test_notebooks).

``python tests/notebook_run.py IN.ipynb OUT.ipynb WORKDIR CELL_TIMEOUT`` runs every cell of
``IN.ipynb`` in a fresh ``python3`` kernel started in ``WORKDIR`` and writes the executed
notebook to ``OUT.ipynb`` (also when a cell failed). Exit status 0 when every cell ran; 1
with nbclient's error (the failing cell and its traceback) on stderr when a cell raised or
timed out or the kernel died.

The test runs this script in its own Python process, so the kernel's client has a fresh
event loop and ZeroMQ context, apart from the suite's, and an outer timeout. The client
waits for each message in polls of one second (:func:`_poll_in_slices`): a missed wake-up
of pyzmq's asyncio poll otherwise left a reply unread until the cell timeout (300 s in the
suite, then 180 s here; in two runs of three alone, at load 5, not only inside the suite).
A time line of the run goes to stderr, the slowest cells to stdout.
"""

from __future__ import annotations

import queue
import sys
import time
from datetime import datetime

import nbclient
import nbformat


def main(argv: list[str]) -> int:
    source, target, workdir, timeout = argv
    nb = nbformat.read(source, as_version=4)
    started = time.perf_counter()

    def say(what: str, **_: object) -> None:  # a time line on stderr, to tell where a run waits
        print(f"notebook_run: {time.perf_counter() - started:7.1f} s {what}", file=sys.stderr,
              flush=True)  # fmt: skip

    client = nbclient.NotebookClient(
        nb, timeout=int(timeout), kernel_name="python3", resources={"metadata": {"path": workdir}},
        on_notebook_start=lambda **_: (say("kernel started"), _poll_in_slices(client.kc)),
        on_cell_start=lambda cell, cell_index, **_: say(f"cell {cell_index} starts"),
        on_notebook_complete=lambda **_: say("every cell ran"),
    )  # fmt: skip
    say("starting the kernel")
    try:
        client.execute()  # raises (exit status 1, traceback on stderr) on a failing cell
    finally:
        say("kernel shut down")
        nbformat.write(nb, target)  # also when a cell failed: its outputs help to debug
    late = f"; {len(LATE)} message(s) found late, at a poll's timeout: {LATE}" if LATE else ""
    print(f"notebook executed in {time.perf_counter() - started:.1f} s{late}; slowest cells:")
    for seconds, index in sorted(_cell_seconds(nb), reverse=True)[:3]:
        print(f"  cell {index}: {seconds:.1f} s")
    return 0


def _poll_in_slices(kc, step: float = 1.0) -> None:
    """Make the kernel client wait for a shell or IOPub message in polls of ``step`` seconds.

    A missed wake-up of pyzmq's asyncio poll left a message unread until the poll timed out
    (its timeout ends with a real poll, which finds the message): the client then sat idle,
    with an idle kernel, for the whole cell timeout (measured here: the ipywidgets cell,
    1.2 s in the kernel, waited 180 s in two runs of three, then went on without an error).
    With polls of ``step`` seconds a missed wake-up costs ``step`` at most; the deadline
    of the caller (the cell timeout) is kept.
    """
    for channel in (kc.shell_channel, kc.iopub_channel):
        channel.get_msg = _sliced(channel.get_msg, step)


#: Types of the messages that a poll found only when it timed out (a missed wake-up).
LATE: list[str] = []


def _sliced(get_msg, step: float):
    async def get(timeout: float | None = None) -> dict:
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = step if deadline is None else min(step, max(0.0, deadline - time.monotonic()))
            began = time.monotonic()
            try:
                msg = await get_msg(timeout=left)
                if left > 0 and time.monotonic() - began >= 0.99 * left:
                    LATE.append(msg.get("msg_type"))  # found by the poll at the timeout
                return msg
            except queue.Empty:
                if deadline is not None and time.monotonic() >= deadline:
                    raise

    return get


def _cell_seconds(nb) -> list[tuple[float, int]]:
    """(seconds from the request to the reply, cell index) of each executed code cell, from
    the timings nbclient records in the cells' metadata."""
    out = []
    for index, cell in enumerate(nb.cells):
        timing = cell.get("metadata", {}).get("execution", {})
        sent, done = timing.get("iopub.status.busy"), timing.get("shell.execute_reply")
        if sent and done:
            seconds = (datetime.fromisoformat(done) - datetime.fromisoformat(sent)).total_seconds()
            out.append((seconds, index))
    return out


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
