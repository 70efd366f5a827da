"""Where a model's generated numba kernel lives, and how it is loaded or compiled once.

The generated module is written once to a user cache directory, named by the SHA-256 of its
own source (so a model change gives a new file), and imported from there, so that numba's
``cache=True`` keeps the machine code on disk: only the first run after an install or a
model change pays the compile, which is announced on stderr. A lock file makes processes
that start together wait for one compile. Illustrative model, not a forecast.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import os
import sys
import time as _time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from wardilemma.engine.caches import ObjectCache
from wardilemma.engine.numba.emit import Layout, generate_source, layout_of
from wardilemma.model.compiler import Model

__all__ = ["CompiledKernel", "cache_dir", "load_kernel", "load_or_compile"]


def cache_dir() -> Path:
    """Where generated kernels and numba's machine code live.

    ``WARDILEMMA_CACHE_DIR`` if set, else ``$XDG_CACHE_HOME/wardilemma`` (default
    ``~/.cache/wardilemma``).
    """
    given = os.environ.get("WARDILEMMA_CACHE_DIR")
    if given:
        return Path(given)
    xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(xdg) / "wardilemma"


@dataclass
class CompiledKernel:
    """A model's generated module for a number of regions, imported from the cache
    directory, and what the runs it served keep with it (:mod:`wardilemma.engine.numba.run`):
    the index arrays of each kind of run, the parameter and schedule tables of scenarios'
    own inputs."""

    model: Model
    n_regions: int
    layout: Layout
    source: str
    digest: str
    path: Path
    module: ModuleType
    runs: dict[Any, Any] = field(default_factory=dict)
    tables: dict[Any, Any] = field(default_factory=dict)
    ready: bool = False  # the machine code of ``run`` is loaded


_LOADED: ObjectCache[dict[int, CompiledKernel]] = ObjectCache()


def load_kernel(model: Model, n_regions: int | None = None) -> CompiledKernel:
    """The model's compiled kernel for ``n_regions`` regions (default: the model's own):
    generated, written to :func:`cache_dir` and imported once per process, model object and
    number of regions (numba's own cache makes later processes skip the compile). The
    number of regions is a constant of the generated code
    (:func:`~wardilemma.engine.numba.emit.generate_source`)."""
    n = len(model.regions) if n_regions is None else int(n_regions)
    kernels = _LOADED.get(model, dict)
    kernel = kernels.get(n)
    if kernel is None:
        kernel = kernels[n] = _import_kernel(model, n)
    return kernel


def _import_kernel(model: Model, n_regions: int) -> CompiledKernel:
    source = generate_source(model, n_regions)
    digest = hashlib.sha256(source.encode()).hexdigest()[:20]
    name = f"wardilemma_kernel_{digest}"
    path = _write_once(cache_dir() / f"{name}.py", source)
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:  # pragma: no cover
        raise ImportError(f"cannot import the generated kernel {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # numba's cache re-imports the module by name
    spec.loader.exec_module(module)
    return CompiledKernel(model, n_regions, layout_of(model), source, digest, path, module)


def _write_once(path: Path, text: str) -> Path:
    """Write the generated module atomically, unless it is already there (rewriting it would
    change its time stamp and invalidate numba's cache)."""
    try:
        if path.read_text(encoding="utf-8") == text:
            return path
    except OSError:
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        import tempfile

        fallback = Path(tempfile.gettempdir()) / "wardilemma-kernels" / path.name
        if fallback != path:
            return _write_once(fallback, text)
        raise
    return path


def load_or_compile(kernel: CompiledKernel, args: tuple) -> None:
    """Load the machine code of ``run`` from numba's cache, or compile it (announced on
    stderr, once per model and install). A lock file makes processes that start together
    (an executor's workers) wait for one compile instead of each compiling."""
    try:
        import fcntl

        lock = open(kernel.path.with_suffix(".lock"), "w")  # held until the compile ends
        fcntl.flock(lock, fcntl.LOCK_EX)
    except (ImportError, OSError):  # no fcntl (Windows) or a read-only cache: no lock
        lock = None
    try:
        compiles = not _is_cached(kernel)
        if compiles:
            print(
                "wardilemma: compiling the numba kernel for this model (once after an "
                "install or a model change) ...",
                file=sys.stderr,
                flush=True,
            )
        started = _time.perf_counter()
        with _typing_memo() if compiles else contextlib.nullcontext():
            kernel.module.run(*args, 0, 0)  # no member: only loads or compiles the code
        kernel.ready = True
        if compiles:
            print(
                f"wardilemma: compiled in {_time.perf_counter() - started:.1f} s, cached in "
                f"{kernel.path.parent}",
                file=sys.stderr,
            )
    finally:
        if lock is not None:
            lock.close()


@contextlib.contextmanager
def _typing_memo() -> Iterator[None]:
    """While the kernel compiles, numba resolves each function's type for given argument
    types once, not at every use.

    numba's type inference asks a builtin function (``+``, ``getitem``, ``setitem``...) for
    its signature at every call site and at every pass of its fixed point, trying each of
    the function's templates every time (about 14,000 resolutions for the war-economy
    kernel, 495 of them distinct): a fifth of the first compile's CPU time
    (``benchmarks/README.md``). The answer depends only on the function type, the typing
    context and the argument types, so it is kept for the compile and forgotten after;
    failures are not kept. Without the numba internals this relies on, the compile runs
    unchanged.
    """
    try:
        from numba.core.types.functions import BaseFunction

        original = BaseFunction.get_call_type
    except (ImportError, AttributeError):  # pragma: no cover (another numba)
        yield
        return
    memo: dict[tuple, tuple] = {}

    def get_call_type(self: Any, context: Any, args: tuple, kws: dict) -> Any:
        if kws:
            return original(self, context, args, kws)
        key = (self, id(context), args)
        try:
            hit = memo.get(key)
        except TypeError:  # an unhashable argument type
            return original(self, context, args, kws)
        if hit is not None:
            sig, impl = hit
            self._impl_keys.setdefault(sig.args, impl)  # what lowering looks up
            return sig
        sig = original(self, context, args, kws)
        if sig is not None and sig.args in self._impl_keys:
            memo[key] = (sig, self._impl_keys[sig.args])
        return sig

    BaseFunction.get_call_type = get_call_type
    try:
        yield
    finally:
        BaseFunction.get_call_type = original


def _is_cached(kernel: CompiledKernel) -> bool:
    """Whether numba has machine code on disk for the generated ``run`` (next to the
    module, or under ``NUMBA_CACHE_DIR`` when that is set)."""
    pattern = f"{kernel.path.stem}.run-*.nbi"
    if os.environ.get("NUMBA_CACHE_DIR"):
        return any(Path(os.environ["NUMBA_CACHE_DIR"]).rglob(pattern))
    return any((kernel.path.parent / "__pycache__").glob(pattern))
