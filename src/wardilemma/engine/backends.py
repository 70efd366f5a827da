"""The backends of :func:`wardilemma.engine.run.simulate` and how one is chosen.

``numpy`` (:mod:`~wardilemma.engine.numpy_kernel`, every method, held variables, any
schedule) and ``numba`` (:mod:`~wardilemma.engine.numba`, Euler and RK4, levers scheduled).
The choice follows from the request alone (the backend asked, the method, the schedules,
held variables), never from what ran before in the process, so identical calls return
identical numbers. Illustrative model, not a forecast.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterable

from wardilemma.model.compiler import Model

__all__ = [
    "BACKENDS",
    "NUMBA_METHODS",
    "ONE_SHOT_RUNS",
    "available",
    "one_shot_backend",
    "resolve_backend",
    "supports",
]

#: Names accepted by ``simulate(backend=...)``.
BACKENDS = ("auto", "numpy", "numba")

#: The integrators the numba driver implements, by its code for each.
NUMBA_METHODS = {"euler": 0, "rk4": 1}


def available() -> bool:
    """Whether numba can be imported (the ``fast`` extra)."""
    return importlib.util.find_spec("numba") is not None


def resolve_backend(backend: str | None, method: str) -> str:
    """The backend to run: ``"numba"`` or ``"numpy"``, from the request alone.

    ``"auto"`` (the default, or the ``WARDILEMMA_BACKEND`` environment variable) picks the
    compiled kernel whenever numba is installed and implements the method, whatever ran
    before in the process, so that identical calls return identical numbers; loading the
    cached machine code into a new process costs about 0.6 s once (the first compile after
    an install, longer, is announced).

    Raises
    ------
    ValueError
        For an unknown backend name, or ``"numba"`` when numba is not installed.
    """
    choice = backend or os.environ.get("WARDILEMMA_BACKEND") or "auto"
    if choice not in BACKENDS:
        raise ValueError(f"unknown backend {choice!r}; choose from {', '.join(BACKENDS)}")
    if choice == "numpy":
        return "numpy"
    ok = available() and method in NUMBA_METHODS
    if choice == "numba" and not available():
        raise ValueError("backend 'numba' needs numba: pip install 'wardilemma[fast]'")
    if choice == "numba" and not ok:
        raise ValueError(f"backend 'numba' has no method {method!r}")
    return "numba" if ok else "numpy"


#: A command that makes at most this many runs (of one member each) in a new process runs
#: them on the NumPy engine: loading the compiled kernel into a process (importing numba,
#: which imports SciPy's linear algebra, and its registries) costs 0.5-0.8 s, one run on
#: the NumPy engine about 0.25 s (``benchmarks/README.md``).
ONE_SHOT_RUNS = 1


def one_shot_backend(runs: int) -> str | None:
    """The backend a command asks for when it makes ``runs`` single runs: ``"numpy"`` for
    at most :data:`ONE_SHOT_RUNS`, else ``None`` (``auto``: the compiled kernel). A backend
    named in ``WARDILEMMA_BACKEND`` wins. The choice follows from the command's request
    alone; the two backends agree to 1e-12 of each trajectory's scale
    (``tests/test_kernel_numba.py``)."""
    if os.environ.get("WARDILEMMA_BACKEND") or runs > ONE_SHOT_RUNS:
        return None
    return "numpy"


def supports(model: Model, schedules: Iterable[str]) -> bool:
    """Whether the kernel can run these schedules: it computes once what depends on no
    stock, no time and no lever, so only levers may be scheduled (as scenario files allow)."""
    return all(model.parameters[n].lever for n in schedules if n in model.parameters)
