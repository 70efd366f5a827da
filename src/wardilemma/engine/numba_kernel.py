"""A compiled kernel: Python source for numba generated from the model's expression tree.

The NumPy engine (:mod:`wardilemma.engine.run`) runs about 250 small array operations per time
step; for one run or a small ensemble the per-call overhead, not the arithmetic, is what
costs. This module walks the same validated trees (:attr:`Model.engine_equations`, the
hidden stocks of ``smooth``/``delay``, the stock derivatives) and emits the source of one
``@njit`` function, ``run``, that advances every stock of a block of members over the whole
run, member by member; ensembles split the members over threads (the function releases the
GIL), which costs one compile instead of a second, ``parallel=True`` variant. Nothing is
generated from equation text: the source comes from :class:`~wardilemma.language.Node`
trees only, and scenario values reach the kernel as arrays, never as code. The scalar
helpers (``step``, ``pulse``, lookups...) live in :mod:`wardilemma.engine.numba_support`.

The generated module is written once to a user cache directory, named by the SHA-256 of its
own source (so a model change gives a new file), and imported from there, so that numba's
``cache=True`` keeps the machine code on disk: only the first run after an install or a
model change pays the compile, which is announced on stderr.

Semantics are the NumPy engine's, operation for operation (same evaluation order, same
``step``/``pulse``/schedule rules, ``np.interp`` for lookups, Euler and RK4 with the same
stage formulas), so both backends agree to rounding (a test checks 1e-12 relative).

Layout inside the kernel, per member
------------------------------------
* ``v``: every variable (parameters, stocks, hidden stocks, flows, auxiliaries). National
  names take one row each, ``0 .. NN-1``; regional name ``k`` takes rows
  ``NN + k * R .. NN + k * R + R - 1`` (``R`` regions, known only at run time).
* ``y``/``K[s]``: the state and its net flows at RK4 stage ``s`` (Euler: stage 0 only),
  national stocks first, then regional ones.
* Flows and auxiliaries that depend on no stock, no time and no lever are computed once
  per member, before the time loop (as the NumPy engine computes them once); a scenario
  that schedules a parameter which is not a lever runs on NumPy (:func:`supports`).
"""

from __future__ import annotations

import hashlib
import importlib.util
import itertools
import os
import sys
import time as _time
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

import numpy as np

from wardilemma.engine.caches import ObjectCache
from wardilemma.engine.checks import BOUND_TOLERANCE, Columns, Problem
from wardilemma.language import (
    FUNCTIONS,
    BinOp,
    Call,
    Compare,
    EquationError,
    Neg,
    Node,
    Num,
    Ref,
    called,
    references,
    render,
)
from wardilemma.model.compiler import Model, ModelError, is_regional

if TYPE_CHECKING:  # pragma: no cover
    from wardilemma.scenario.schedules import Schedule

__all__ = [
    "BACKENDS",
    "CompiledKernel",
    "available",
    "cache_dir",
    "generate_source",
    "load_kernel",
    "resolve_backend",
    "run_numba",
    "supports",
    "threads",
]

#: Names accepted by ``simulate(backend=...)``.
BACKENDS = ("auto", "numpy", "numba")

#: Bump when the emitted code changes for the same model (part of the source, hence the hash).
GENERATOR_VERSION = 3

#: Members per thread at least (smaller ensembles run on the calling thread).
PARALLEL_MEMBERS = 64

_METHOD_CODES = {"euler": 0, "rk4": 1}


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
    ok = available() and method in _METHOD_CODES
    if choice == "numba" and not available():
        raise ValueError("backend 'numba' needs numba: pip install 'wardilemma[fast]'")
    if choice == "numba" and not ok:
        raise ValueError(f"backend 'numba' has no method {method!r}")
    return "numba" if ok else "numpy"


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


# --------------------------------------------------------------------------- layout


@dataclass(frozen=True)
class Layout:
    """Rows of each name in the kernel's arrays (regional rows depend on ``R``)."""

    national: dict[str, int]  # name -> row of v
    regional: dict[str, int]  # name -> k, rows NN + k*R + r
    y_national: dict[str, int]  # stock -> row of y
    y_regional: dict[str, int]  # stock -> k, rows NY + k*R + r
    parameters: tuple[str, ...]  # model order, the column blocks of P
    auxiliaries: tuple[str, ...]  # evaluation order (model.order)

    @property
    def nn(self) -> int:
        return len(self.national)

    @property
    def ny(self) -> int:
        return len(self.y_national)

    def rows(self, name: str, n_regions: int) -> list[int]:
        """Rows of ``v`` holding ``name``."""
        if name in self.national:
            return [self.national[name]]
        start = self.nn + self.regional[name] * n_regions
        return list(range(start, start + n_regions))

    def y_rows(self, name: str, n_regions: int) -> list[int]:
        if name in self.y_national:
            return [self.y_national[name]]
        start = self.ny + self.y_regional[name] * n_regions
        return list(range(start, start + n_regions))

    def n_v(self, n_regions: int) -> int:
        return self.nn + len(self.regional) * n_regions

    def n_y(self, n_regions: int) -> int:
        return self.ny + len(self.y_regional) * n_regions


def _layout(model: Model) -> Layout:
    stocks = [*model.stocks, *(h.name for h in model.hidden_stocks)]
    names = [
        *model.parameters,
        *stocks,
        *(n for n in model.order),
    ]
    national: dict[str, int] = {}
    regional: dict[str, int] = {}
    for n in names:
        target = regional if n in model.regional else national
        target.setdefault(n, len(target))
    y_nat: dict[str, int] = {}
    y_reg: dict[str, int] = {}
    for n in stocks:
        target = y_reg if n in model.regional else y_nat
        target[n] = len(target)
    return Layout(national, regional, y_nat, y_reg, tuple(model.parameters), model.order)


# --------------------------------------------------------------------------- emitter


class _Emitter:
    """Turns trees into numba-compatible Python expressions over ``v``.

    ``index`` is the name of the region loop variable when the expression is regional,
    ``None`` for a national one. Reductions over regions are emitted as statements before
    the expression (``pre``) with their own loop variable.
    """

    def __init__(self, model: Model, layout: Layout, variable: str, counter: Iterator[int]):
        self.model = model
        self.layout = layout
        self.variable = variable
        self.regional = model.regional
        self.counter = counter  # shared by a whole module: unique names for reductions

    def ref(self, name: str, index: str | None) -> str:
        lay = self.layout
        if name in lay.national:
            return f"v[{lay.national[name]}]"
        if name in lay.regional:
            if index is None:
                raise EquationError(self.variable, "regional value in a national expression", name)
            return f"v[o{lay.regional[name]} + {index}]"
        raise ModelError(f"unknown name {name!r} in the equation of {self.variable!r}")

    def expr(self, node: Node, index: str | None, pre: list[str]) -> str:
        match node:
            case Num(value):
                if np.isnan(value):
                    return "np.nan"
                if np.isinf(value):
                    return "np.inf" if value > 0 else "(-np.inf)"
                return repr(float(value))
            case Ref("time"):
                return "t"
            case Ref("dt"):
                return "dt"
            case Ref("initial_time"):
                return "t0"
            case Ref("final_time"):
                return "t1"
            case Ref(name):
                return self.ref(name, index)
            case Neg(operand):
                return f"(-{self.expr(operand, index, pre)})"
            case BinOp(op, left, right):
                a, b = self.expr(left, index, pre), self.expr(right, index, pre)
                return f"({a} {op} {b})"
            case Compare(op, left, right):
                a, b = self.expr(left, index, pre), self.expr(right, index, pre)
                return f"{_COMPARE[op]}({a}, {b})"
            case Call(func, args) if func in self.model.lookups:
                return f"_interp({self.expr(args[0], index, pre)}, LX_{func}, LY_{func})"
            case Call("sum_regions" | "mean_regions" as func, (arg,)):
                return self.reduction(func, arg, pre)
            case Call(func, args):
                parts = [self.expr(a, index, pre) for a in args]
                return self.call(func, parts)
        raise EquationError(self.variable, "cannot generate code for", render(node))

    def reduction(self, func: str, arg: Node, pre: list[str]) -> str:
        if not is_regional(arg, self.regional):
            # NumPy semantics: a national value has one row, so the sum is the value itself
            inner = self.expr(arg, None, pre)
            return inner if func == "sum_regions" else f"({inner} / 1.0)"
        n = next(self.counter)
        q, acc = f"q{n}", f"s{n}"
        body = self.expr(arg, q, pre)
        # row by row from the first region, as language._sum_regions does
        pre += [f"{q} = 0", f"{acc} = {body}"]
        pre += [f"for {q} in range(1, R):", f"    {acc} = {acc} + {body}"]
        return acc if func == "sum_regions" else f"({acc} / R)"

    def call(self, func: str, a: list[str]) -> str:
        simple = {"exp": "np.exp", "ln": "np.log", "abs": "np.abs", "sqrt": "np.sqrt"}
        if func in simple:
            return f"{simple[func]}({a[0]})"
        if func in ("min", "max"):
            return f"_f{func}({a[0]}, {a[1]})"
        if func == "if_then_else":
            return f"_ite({a[0]}, {a[1]}, {a[2]})"
        if func == "step":
            return f"_step({a[0]}, {a[1]}, t, dt)"
        if func == "ramp":
            end = a[2] if len(a) == 3 else "t"
            clip = "1" if len(a) == 3 else "0"
            return f"_ramp({a[0]}, {a[1]}, {end}, {clip}, t)"
        if func == "pulse":
            interval = a[2] if len(a) == 3 else "0.0"
            return f"_pulse({a[0]}, {a[1]}, {interval}, t, dt)"
        if func == "pulse_train":
            return f"_pulse_train({a[0]}, {a[1]}, {a[2]}, {a[3]}, t)"
        raise EquationError(self.variable, f"function {func} must be expanded before compiling")

    def statement(self, target: str, node: Node, regional: bool) -> tuple[list[str], str]:
        """Statements before the region loop (reductions) and the assignment itself."""
        pre: list[str] = []
        value = self.expr(node, "r" if regional else None, pre)
        return pre, f"{target.format(r='r')} = {value}"


_HELPERS = ("_fmax", "_fmin", "_interp", "_ite", "_mod", "_pulse", "_pulse_train", "_ramp",
            "_step", "_eq", "_ge", "_gt", "_le", "_lt", "_ne")  # fmt: skip
_COMPARE = {"<": "_lt", "<=": "_le", ">": "_gt", ">=": "_ge", "==": "_eq", "!=": "_ne"}


def _target(layout: Layout, name: str, array: str = "v") -> str:
    """Where a value goes: a row of ``v`` or of the stage's net flows ``K[s]``."""
    if array == "v":
        if name in layout.national:
            return f"v[{layout.national[name]}]"
        return f"v[o{layout.regional[name]} + {{r}}]"
    if name in layout.y_national:
        return f"K[s, {layout.y_national[name]}]"
    return f"K[s, w{layout.y_regional[name]} + {{r}}]"


@lru_cache(maxsize=1)
def _support_digest() -> str:
    """SHA-256 of the helpers' source (:mod:`wardilemma.engine.numba_support`)."""
    path = Path(__file__).with_name("numba_support.py")
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def _initial_order(model: Model) -> list[str]:
    """Names to compute, in order, for the initial values of every stock (as the NumPy
    engine's lazy evaluation does), raising on circular definitions."""
    eqs = model.engine_equations
    nodes = {n: eqs[n] for n in model.stocks}
    nodes.update({h.name: h.initial for h in model.hidden_stocks})
    leaves = set(model.parameters) | {"time", "dt", "initial_time", "final_time"}
    done: list[str] = []
    state: dict[str, int] = {}

    def visit(name: str, path: list[str]) -> None:
        if name in leaves or state.get(name) == 2:
            return
        if state.get(name) == 1:
            loop = " -> ".join([*path[path.index(name) :], name])
            raise ModelError(f"circular initial values: {loop}")
        node = nodes.get(name, eqs.get(name))
        if node is None:
            raise ModelError(f"unknown name {name!r} in an initial value")
        state[name] = 1
        for ref in sorted(references(node)):
            visit(ref, [*path, name])
        state[name] = 2
        done.append(name)

    for name in nodes:
        visit(name, [])
    return done


def _computed_once(model: Model) -> set[str]:
    """Flows and auxiliaries that depend on no stock, no time and no lever (a lever may be
    scheduled): computed once per member before the time loop, as the NumPy engine does
    for everything that does not vary."""
    eqs = model.engine_equations
    varying = set(model.stocks) | {h.name for h in model.hidden_stocks} | {"time"}
    varying |= {n for n, p in model.parameters.items() if p.lever}
    once: set[str] = set()
    for name in model.order:
        timed = any(FUNCTIONS[f].kind == "time" for f in called(eqs[name]) if f in FUNCTIONS)
        if references(eqs[name]) & varying or timed:
            varying.add(name)
        else:
            once.add(name)
    return once


def _has_reduction(node: Node) -> bool:
    return bool(called(node) & {"sum_regions", "mean_regions"})


def _emit_block(
    model: Model,
    lay: Layout,
    items: list[tuple[str, Node, str]],
    depth: int,
    counter: Iterator[int],
) -> list[str]:
    """Statements for ``(name, tree, target)`` items in a valid order, regional ones fused
    into as few region loops as the dependencies allow (fewer blocks: faster compiles).

    ``items`` must be in dependency order. Greedy: keep adding regional items to the open
    loop while they are ready and have no reduction (a reduction needs every region of its
    argument, so it opens a new loop with its sum computed before it).
    """
    pad = "    " * depth
    names = {n for n, _, _ in items}
    deps = {n: references(node) & names for n, node, _ in items}
    pending = list(items)
    done: set[str] = set()
    lines: list[str] = []
    loop: list[str] | None = None
    while pending:
        ready = [it for it in pending if deps[it[0]] <= done]
        regional = [it for it in ready if it[0] in model.regional]
        pick = None
        if loop is not None:
            pick = next((it for it in regional if not _has_reduction(it[1])), None)
        if pick is None:
            loop = None
            national = [it for it in ready if it[0] not in model.regional]
            pick = national[0] if national else regional[0]
        name, node, target = pick
        pending.remove(pick)
        em = _Emitter(model, lay, name, counter)
        pre, stmt = em.statement(target, node, name in model.regional)
        if name in model.regional:
            if loop is None:
                lines += [pad + line for line in pre]
                lines.append(pad + "for r in range(R):")
                loop = lines
            lines.append(f"{pad}    {stmt}  # {name}")
            # ready only after the loop closes: regional values of every region are needed
            # by a later reduction, but same-region uses in this loop are fine
        else:
            lines += [pad + line for line in pre]
            lines.append(f"{pad}{stmt}  # {name}")
        done.add(name)
    return lines


def _emit_derivatives(model: Model, lay: Layout, depth: int, counter: Iterator[int]) -> list[str]:
    """Net flows of every stock into ``K[s]``: they depend only on values already
    computed, so every regional one goes into a single region loop."""
    pad = "    " * depth
    nodes = [(n, model.stock_derivative(n)) for n in model.stocks]
    nodes += [(h.name, h.derivative) for h in model.hidden_stocks]
    pre_all: list[str] = []
    national: list[str] = []
    regional: list[str] = []
    for name, node in nodes:
        em = _Emitter(model, lay, name, counter)
        pre, stmt = em.statement(_target(lay, name, "K"), node, name in model.regional)
        pre_all += pre
        (regional if name in model.regional else national).append(f"{stmt}  # d {name}/dt")
    lines = [pad + line for line in [*pre_all, *national]]
    if regional:
        lines.append(pad + "for r in range(R):")
        lines += [f"{pad}    {line}" for line in regional]
    return lines


def generate_source(model: Model) -> str:
    """The Python source of the numba kernel module of a model.

    One function, ``run``, advances members ``m0 .. m1 - 1`` over the whole run; the
    equations appear once in it (RK4 loops over its four stages), so that LLVM optimises
    them once. Deterministic: the same model gives the same text, whose SHA-256 names the
    cache file.

    Raises
    ------
    ModelError, EquationError
        When a tree cannot be compiled (circular initial values, unknown names).
    """
    lay = _layout(model)
    eqs = model.engine_equations
    head = [
        f'"""Generated by wardilemma.engine.numba_kernel (generator {GENERATOR_VERSION}) '
        f"from model "
        f'{model.name!r}. Do not edit: regenerated when the model changes."""',
        "",
        # numba's cache checks this file only: name the helpers' version too, so that a
        # changed numba_support (whose _interp is inlined) gives a new file and a compile
        f"# numba_support {_support_digest()}",
        "",
        "import numpy as np",
        "from numba import njit",
        "",
        f"from wardilemma.engine.numba_support import {', '.join(_HELPERS)}",
        "",
        f"NN = {lay.nn}",
        f"NRN = {len(lay.regional)}",
        f"NY = {lay.ny}",
        f"NYR = {len(lay.y_regional)}",
        "",
    ]
    for name, lk in model.lookups.items():
        head.append(f"LX_{name} = np.array({[float(x) for x in lk.xs]!r})")
        head.append(f"LY_{name} = np.array({[float(y) for y in lk.ys]!r})")
    offsets = [f"    o{k} = NN + {k} * R" for k in range(len(lay.regional))]
    offsets += [f"    w{k} = NY + {k} * R" for k in range(len(lay.y_regional))]

    # initial values: stocks (and what they need) at the initial time
    initial = {n: eqs[n] for n in model.stocks}
    initial.update({h.name: h.initial for h in model.hidden_stocks})
    init = [(n, initial.get(n, eqs.get(n)), _target(lay, n)) for n in _initial_order(model)]
    once = _computed_once(model)
    counter = itertools.count(1)
    const = [(n, eqs[n], _target(lay, n)) for n in lay.auxiliaries if n in once]
    step = [(n, eqs[n], _target(lay, n)) for n in lay.auxiliaries if n not in once]
    body = _DRIVER.format(
        offsets="\n".join(offsets),
        init="\n".join(_emit_block(model, lay, init, 2, counter)),
        const="\n".join(_emit_block(model, lay, const, 2, counter)),
        aux="\n".join(_emit_block(model, lay, step, 4, counter)),
        deriv="\n".join(_emit_derivatives(model, lay, 4, counter)),
        tolerance=repr(BOUND_TOLERANCE),
    )
    return "\n".join([*head, body]) + "\n"


# The integrator around the generated blocks: Euler and RK4 as in engine.METHODS.
_DRIVER = '''
@njit(cache=True, error_model="numpy", nogil=True)
def run(P, pmap, sv, sp, S, ymap, rec, lo, hi, out, fail, value, R, n_steps, stride, method,
        dt, t0, t1, m0, m1):
    """Advance members m0 .. m1 - 1 over the whole run, recording rows ``rec`` of v.

    At each saved time, rows ``rec`` of v are checked, and the first ``out.shape[2]`` of
    them recorded (the others are stocks checked only): a value not finite, or outside
    ``lo .. hi`` (with a tolerance of {tolerance} of the member's first value of that
    row), stops the member, and ``fail[m]`` holds the saved time and the row's index in
    ``rec`` (``value[m]`` the value); else it stays -1.
    """
{offsets}
    v = np.zeros(NN + NRN * R)
    tol = np.empty(rec.shape[0])
    ny = NY + NYR * R
    y = np.empty(ny)
    ya = np.empty(ny)
    K = np.empty((4, ny))
    stages = 1 if method == 0 else 4
    rows = 1 if method == 0 else 3
    n_rec = out.shape[2]
    n_chk = rec.shape[0]
    for m in range(m0, m1):
        pm = P[m]
        for j in range(pmap.shape[0]):
            v[pmap[j]] = pm[j]
        for j in range(sv.shape[0]):
            x = S[0, j]
            v[sv[j]] = pm[sp[j]] if x != x else x
        t = t0
        s = 0
{init}
        for j in range(ny):
            y[j] = v[ymap[j]]
{const}
        k = 0
        for i in range(n_steps + 1):
            ti = t0 + i * dt
            last = i == n_steps
            for s in range(1 if last else stages):
                if s == 0:
                    t = ti
                    row = i * rows
                    for j in range(ny):
                        ya[j] = y[j]
                elif s == 3:
                    t = ti + dt
                    row = i * rows + 2
                    for j in range(ny):
                        ya[j] = y[j] + dt * K[2, j]
                else:
                    t = ti + dt / 2
                    row = i * rows + 1
                    for j in range(ny):
                        ya[j] = y[j] + dt / 2 * K[s - 1, j]
                for j in range(sv.shape[0]):
                    x = S[row, j]
                    v[sv[j]] = pm[sp[j]] if x != x else x
                for j in range(ny):
                    v[ymap[j]] = ya[j]
{aux}
{deriv}
                if s == 0 and i % stride == 0:
                    for j in range(n_chk):
                        x = v[rec[j]]
                        if j < n_rec:
                            out[k, m, j] = x
                        if k == 0:
                            a = abs(x)
                            tol[j] = {tolerance} * a if a > 1.0 else {tolerance}
                        # x - x is NaN for NaN and infinities
                        if fail[m, 0] < 0 and (x - x != 0.0 or x < lo[j] - tol[j]
                                               or x > hi[j] + tol[j]):
                            fail[m, 0] = k
                            fail[m, 1] = j
                            value[m] = x
                    k += 1
                    if fail[m, 0] >= 0:
                        break
            if last or fail[m, 0] >= 0:
                break
            if method == 0:
                for j in range(ny):
                    y[j] = y[j] + dt * K[0, j]
            else:
                for j in range(ny):
                    y[j] = y[j] + dt / 6 * (K[0, j] + 2 * K[1, j] + 2 * K[2, j] + K[3, j])
    return 0
'''


# --------------------------------------------------------------------------- loading


@dataclass
class CompiledKernel:
    """A model's generated module, imported from the cache directory."""

    model: Model
    layout: Layout
    source: str
    digest: str
    path: Path
    module: ModuleType
    plans: dict[tuple[tuple[str, ...], tuple[str, ...]], _Plan]  # (regions, names): _plan


def supports(model: Model, schedules: Iterable[str]) -> bool:
    """Whether the kernel can run these schedules: it computes once what depends on no
    stock, no time and no lever, so only levers may be scheduled (as scenario files allow)."""
    return all(model.parameters[n].lever for n in schedules if n in model.parameters)


_LOADED: ObjectCache[CompiledKernel] = ObjectCache()


def load_kernel(model: Model) -> CompiledKernel:
    """The model's compiled kernel: generated, written to :func:`cache_dir` and imported once
    per process and model object (numba's own cache makes later processes skip the compile)."""
    return _LOADED.get(model, lambda: _import_kernel(model))


def _import_kernel(model: Model) -> CompiledKernel:
    source = generate_source(model)
    digest = hashlib.sha256(source.encode()).hexdigest()[:20]
    name = f"wardilemma_kernel_{digest}"
    path = _write_once(cache_dir() / f"{name}.py", source)
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:  # pragma: no cover
        raise ImportError(f"cannot import the generated kernel {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # numba's cache re-imports the module by name
    spec.loader.exec_module(module)
    return CompiledKernel(model, _layout(model), source, digest, path, module, {})


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


def _load_or_compile(kernel: CompiledKernel, args: tuple) -> None:
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
        kernel.module.run(*args, 0, 0)  # no member: only loads or compiles the code
        if compiles:
            print(
                f"wardilemma: compiled in {_time.perf_counter() - started:.1f} s, cached in "
                f"{kernel.path.parent}",
                file=sys.stderr,
            )
    finally:
        if lock is not None:
            lock.close()


def _is_cached(kernel: CompiledKernel) -> bool:
    """Whether numba has machine code on disk for the generated ``run`` (next to the
    module, or under ``NUMBA_CACHE_DIR`` when that is set)."""
    pattern = f"{kernel.path.stem}.run-*.nbi"
    if os.environ.get("NUMBA_CACHE_DIR"):
        return any(Path(os.environ["NUMBA_CACHE_DIR"]).rglob(pattern))
    return any((kernel.path.parent / "__pycache__").glob(pattern))


# --------------------------------------------------------------------------- running


@dataclass(frozen=True)
class _Plan:
    """Index arrays of one kind of run, kept with the kernel (a single run costs < 1 ms, so
    the Python around the kernel must be cheap): rows of ``v`` for the columns of ``P``,
    for the state and for the recorded variables, where each recorded name lands, and the
    recorded columns' labels and bounds (:class:`~wardilemma.engine.checks.Columns`)."""

    pmap: np.ndarray
    ymap: np.ndarray
    p_start: dict[str, int]
    rec: np.ndarray  # the recorded rows of v, then the rows only checked
    n_rec: int
    columns: tuple[tuple[str, int, int], ...]  # name, first column, width (0: national)
    checked: Columns  # every row of rec


def _plan(kernel: CompiledKernel, regions: tuple[str, ...], names: tuple[str, ...]) -> _Plan:
    key = (regions, names)
    plan = kernel.plans.get(key)
    if plan is not None:
        return plan
    n_regions = len(regions)
    lay, regional = kernel.layout, kernel.model.regional
    pmap = [r for p in lay.parameters for r in lay.rows(p, n_regions)]
    p_start, col = {}, 0
    for p in lay.parameters:
        p_start[p] = col
        col += len(lay.rows(p, n_regions))
    ymap = np.empty(lay.n_y(n_regions), dtype=np.int64)
    for name in [*lay.y_national, *lay.y_regional]:
        ymap[lay.y_rows(name, n_regions)] = lay.rows(name, n_regions)
    rec: list[int] = []
    columns = []
    for name in names:
        rows = lay.rows(name, n_regions)
        columns.append((name, len(rec), n_regions if name in regional else 0))
        rec += rows
    n_rec = len(rec)
    # the declared stocks and the outputs of smooth/delay stages are checked even when not
    # recorded (their rows follow the recorded ones)
    model = kernel.model
    extra = [*model.stocks, *(h.owner for h in model.hidden_stocks)]
    extra = [n for n in dict.fromkeys(extra) if n in lay.national or n in lay.regional]
    extra = [n for n in extra if n not in names]
    for name in extra:
        rec += lay.rows(name, n_regions)
    plan = _Plan(
        np.asarray(pmap, dtype=np.int64),
        ymap,
        p_start,
        np.asarray(rec, dtype=np.int64),
        n_rec,
        tuple(columns),
        Columns.of(model, [*names, *extra], regions),
    )
    if len(kernel.plans) > 64:
        kernel.plans.clear()
    kernel.plans[key] = plan
    return plan


@lru_cache(maxsize=1)
def _cpus() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover (not Linux)
        return max(1, os.cpu_count() or 1)


def threads() -> int:
    """Threads for an ensemble: ``WARDILEMMA_THREADS``, else the CPUs this process may use."""
    given = os.environ.get("WARDILEMMA_THREADS")
    return max(1, int(given)) if given else _cpus()


def run_numba(
    model: Model,
    *,
    regions: tuple[str, ...],
    values: Mapping[str, np.ndarray],
    schedules: Mapping[str, Schedule],
    dt: float,
    initial_time: float,
    final_time: float,
    method: str,
    n_steps: int,
    stride: int,
    names: Iterable[str],
) -> tuple[np.ndarray, dict[str, np.ndarray], list[Problem]]:
    """Run the compiled kernel and return the saved times, the recorded arrays and the
    problems found.

    Members are split into contiguous blocks run on threads (the kernel releases the GIL),
    so an ensemble uses every CPU; one run stays on the calling thread.

    Parameters
    ----------
    values
        Parameter arrays of shape ``(members or 1, 1 or regions)``, as
        ``scenario_inputs`` gives them.
    n_steps, stride
        Number of time steps and steps between saved points (validated by the caller).
    names
        Variables to record (declared, not lookups); they are checked, and so are the
        declared stocks and the outputs of smooth/delay stages, recorded or not.

    Returns
    -------
    times, data, problems
        Saved times ``(T,)``; ``data[name]`` of shape ``(T, members)`` or
        ``(T, members, regions)`` (views into one buffer); the first problem of each member
        that failed, by member (a recorded value not finite, a declared stock outside its
        bounds), whose values from the saved time of the problem on are not computed.
    """
    kernel = load_kernel(model)
    lay = kernel.layout
    n_regions = len(regions)
    plan = _plan(kernel, regions, tuple(names))
    # parameters: one row per member, the column blocks of the layout's parameter order
    blocks = [values[p] for p in lay.parameters]
    members = max(b.shape[0] for b in blocks) if blocks else 1
    if members > 1 and any(b.shape[0] != members for b in blocks):
        blocks = [np.broadcast_to(b, (members, b.shape[1])) for b in blocks]
    # C order whatever the blocks' layout: a member's row is contiguous, and the kernel is
    # compiled for one layout only (an F-ordered table would compile it a second time)
    P = np.ascontiguousarray(np.concatenate(blocks, axis=1) if blocks else np.empty((members, 0)))
    # schedules as a time table: their values at every stage time of every step
    steps_t = initial_time + np.arange(n_steps + 1) * dt
    sv: list[int] = []
    sp: list[int] = []
    tables = []
    if schedules:
        if method == "euler":
            times = steps_t
        else:
            times = np.stack([steps_t, steps_t + dt / 2, steps_t + dt], axis=1).ravel()
        for name, sched in schedules.items():
            w = n_regions if name in model.regional else 1
            tables.append(sched.at_times(times, w))
            sv += lay.rows(name, n_regions)
            sp += range(plan.p_start[name], plan.p_start[name] + w)
    S = np.ascontiguousarray(np.concatenate(tables, axis=1)) if tables else np.empty((1, 0))
    n_saved = n_steps // stride + 1
    out = np.empty((n_saved, members, plan.n_rec))
    fail = np.full((members, 2), -1, dtype=np.int64)
    value = np.zeros(members)  # the wrong value of a failed member
    args = (P, plan.pmap, np.asarray(sv, dtype=np.int64), np.asarray(sp, dtype=np.int64), S,
            plan.ymap, plan.rec, plan.checked.lo, plan.checked.hi, out, fail, value, n_regions,
            n_steps, stride, _METHOD_CODES[method], float(dt), float(initial_time),
            float(final_time))  # fmt: skip
    run = kernel.module.run
    if not run.signatures:
        _load_or_compile(kernel, args)
    n_threads = min(threads(), members // PARALLEL_MEMBERS)
    if n_threads <= 1:
        run(*args, 0, members)
    else:
        bounds = np.linspace(0, members, n_threads + 1).astype(int)
        with ThreadPoolExecutor(n_threads) as pool:
            jobs = [pool.submit(run, *args, a, b) for a, b in itertools.pairwise(bounds)]
            for job in jobs:
                job.result()
    data = {
        name: out[:, :, col : col + width] if width else out[:, :, col]
        for name, col, width in plan.columns
    }
    saved = steps_t[::stride]
    problems = [
        plan.checked.problem(int(m), int(j), float(saved[k]), float(value[int(m)]))
        for m in np.flatnonzero(fail[:, 0] >= 0)
        for k, j in [fail[m]]
    ]
    return saved, data, problems
