"""The numba emitter: Python source of a model's ``@njit`` kernel from the model's trees.

It walks the same validated trees as the other backends (:attr:`Model.engine_equations`,
the hidden stocks of ``smooth``/``delay``, the stock derivatives) in the order the engine
plan gives (:mod:`wardilemma.engine.plan`: the initial order, what is computed once, the
state layout), and fills the blocks of the driver (:mod:`wardilemma.engine.numba.driver`).
Nothing is generated from equation text, and scenario values reach the kernel as arrays,
never as code.

Layout inside the kernel, per member
------------------------------------
* ``v``: every variable (parameters, stocks, hidden stocks, flows, auxiliaries). National
  names take one row each, ``0 .. NN-1``; regional name ``k`` takes rows
  ``NN + k * R .. NN + k * R + R - 1``. ``R``, the number of regions, is a constant of the
  generated module: one kernel per number of regions, so every row is a constant and the
  region loops have a known length (see :func:`generate_source`).
* ``y``/``K[s]``: the state and its net flows at RK4 stage ``s`` (Euler: stage 0 only), in
  the plan's state layout (:class:`~wardilemma.engine.plan.StateLayout`), as the NumPy and
  JavaScript kernels lay it out.
* Flows and auxiliaries that depend on no stock, no time and no lever are computed once
  per member, before the time loop (:meth:`~wardilemma.engine.plan.Plan.split`).
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from wardilemma.builtins import BUILTINS
from wardilemma.engine.checks import BOUND_TOLERANCE
from wardilemma.engine.numba.driver import DRIVER
from wardilemma.engine.plan import Plan, plan_of
from wardilemma.language import (
    BinOp,
    Call,
    Compare,
    EquationError,
    Neg,
    Node,
    Num,
    Ref,
    builtin_args,
    called,
    references,
    render,
)
from wardilemma.model.compiler import Model, ModelError, is_regional

__all__ = ["GENERATOR_VERSION", "Layout", "generate_source", "layout_of"]

#: Bump when the emitted code changes for the same model (part of the source, hence the hash).
GENERATOR_VERSION = 6

# --------------------------------------------------------------------------- layout


@dataclass(frozen=True)
class Layout:
    """Rows of each name in the kernel's ``v`` (regional rows depend on ``R``), and the
    plan whose state layout gives the rows of ``y``."""

    national: dict[str, int]  # name -> row of v
    regional: dict[str, int]  # name -> k, rows NN + k*R + r
    parameters: tuple[str, ...]  # model order, the column blocks of P
    plan: Plan

    @property
    def nn(self) -> int:
        return len(self.national)

    def rows(self, name: str, n_regions: int) -> list[int]:
        """Rows of ``v`` holding ``name``."""
        if name in self.national:
            return [self.national[name]]
        start = self.nn + self.regional[name] * n_regions
        return list(range(start, start + n_regions))

    def n_v(self, n_regions: int) -> int:
        return self.nn + len(self.regional) * n_regions


def layout_of(model: Model) -> Layout:
    """The rows of ``v``: parameters, stocks (the plan's state order), flows and
    auxiliaries (evaluation order), national ones first."""
    plan = plan_of(model)
    national: dict[str, int] = {}
    regional: dict[str, int] = {}
    for n in [*model.parameters, *plan.state.names, *model.order]:
        target = regional if n in model.regional else national
        target.setdefault(n, len(target))
    return Layout(national, regional, tuple(model.parameters), plan)


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
            case Call(func, _) as call if func in BUILTINS:
                parts = [self.expr(a, index, pre) for a in builtin_args(call)]
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
        pre += [f"{acc} = {self.expr(arg, '0', pre)}"]
        pre += [f"for {q} in range(1, R):", f"    {acc} = {acc} + {body}"]
        return acc if func == "sum_regions" else f"({acc} / R)"

    def call(self, func: str, a: list[str]) -> str:
        """A builtin's numba spelling (:data:`~wardilemma.builtins.BUILTINS`): ``f(t, dt,
        *args)`` for a time builtin, ``f(*args)`` for the others."""
        if func == "if_then_else":
            # a conditional expression, not a call of _ite: only the branch taken is computed
            # (the same value; the other branch's ``**``, ``exp`` or lookup is skipped: the
            # war-economy kernel 7 % faster, 239 against 258-288 us a member)
            return f"({a[1]} if {a[0]} != 0.0 else {a[2]})"
        row = BUILTINS.get(func)
        if row is None or row.numba is None:
            raise EquationError(self.variable, f"function {func} must be expanded before compiling")
        return f"{row.numba}({', '.join(['t', 'dt', *a] if row.kind == 'time' else a)})"

    def statement(self, target: str, node: Node, index: str | None) -> tuple[list[str], str]:
        """Statements before the region loop (reductions) and the assignment itself;
        ``index`` is the region loop's variable of a regional target, else ``None``."""
        pre: list[str] = []
        value = self.expr(node, index, pre)
        return pre, f"{target.format(r=index)} = {value}"


#: The offsets' names (``o3``, ``w12``) in generated statements.
_OFFSET = re.compile(r"\b[ow][0-9]+\b")

_COMPARE = {"<": "_lt", "<=": "_le", ">": "_gt", ">=": "_ge", "==": "_eq", "!=": "_ne"}
#: What the generated module imports from the support module: the builtins' functions
#: (:data:`~wardilemma.builtins.BUILTINS`), comparisons and lookups.
_HELPERS = tuple(sorted({
    *(b.numba for b in BUILTINS.values() if b.numba and b.numba.startswith("_")),
    *_COMPARE.values(), "_interp",
}))  # fmt: skip


def _target(layout: Layout, name: str, array: str = "v") -> str:
    """Where a value goes: a row of ``v`` or of the stage's net flows ``K[s]``."""
    if array == "v":
        if name in layout.national:
            return f"v[{layout.national[name]}]"
        return f"v[o{layout.regional[name]} + {{r}}]"
    a, b = layout.plan.state.offsets[name]
    if b == 0 and name not in layout.plan.state.regional:
        return f"K[s, {a}]"
    index = layout.plan.state.names.index(name)
    return f"K[s, w{index}" + (" + {r}]" if name in layout.plan.state.regional else "]")


@lru_cache(maxsize=1)
def _support_digest() -> str:
    """SHA-256 of the helpers' source (:mod:`wardilemma.engine.numba.support`)."""
    path = Path(__file__).with_name("support.py")
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def _has_reduction(node: Node) -> bool:
    return bool(called(node) & {"sum_regions", "mean_regions"})


def _emit_block(
    model: Model,
    lay: Layout,
    items: list[tuple[str, Node, str]],
    depth: int,
    counter: Iterator[int],
    independent: bool = False,
) -> list[str]:
    """Statements for ``(name, tree, target)`` items in a valid order, regional ones fused
    into as few region loops as the dependencies allow (fewer blocks: faster compiles);
    ``independent`` items (the stocks' net flows, written to ``K``) need none of the others.

    ``items`` must be in dependency order. Greedy: keep adding regional items to the open
    loop while they are ready and have no reduction (a reduction needs every region of its
    argument, so it opens a new loop with its sum computed before it).
    """
    pad = "    " * depth
    names = {n for n, _, _ in items}
    deps = {n: set() if independent else references(node) & names for n, node, _ in items}
    pending = list(items)
    done: set[str] = set()
    lines: list[str] = []
    loop: str | None = None  # the variable of the region loop open for more statements
    opened: str | None = None  # the variable of the last loop written
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
        if name in model.regional and loop is None:
            # each loop its own variable: no name assigned twice, less for numba's SSA pass
            loop = f"r{next(counter)}"
        pre, stmt = em.statement(target, node, loop if name in model.regional else None)
        if name in model.regional:
            if opened != loop:
                lines += [pad + line for line in pre]
                lines.append(pad + f"for {loop} in range(R):")
                opened = loop
            lines.append(f"{pad}    {stmt}  # {name}")
            # ready only after the loop closes: regional values of every region are needed
            # by a later reduction, but same-region uses in this loop are fine
        else:
            lines += [pad + line for line in pre]
            lines.append(f"{pad}{stmt}  # {name}")
        done.add(name)
    return lines


def generate_source(model: Model, n_regions: int | None = None) -> str:
    """The Python source of the numba kernel module of a model, for ``n_regions`` regions
    (default: the model's own).

    The number of regions is a constant of the module, not an argument: every row of ``v``
    is then a constant, so LLVM unrolls the region loops, tells the rows apart (it keeps a
    value in a register instead of storing and loading it again, and computes a repeated
    ``**`` once) and the kernel runs about 28 % faster, with the same numbers to the bit
    (war continues, 2,000 members, one thread: 256-267 us a member against 359-391 us,
    ``benchmarks/README.md``); it also compiles about 2 s faster. A scenario with another
    number of regions gets its own kernel (compiled once, announced).

    ``run`` (the driver) advances members ``m0 .. m1 - 1`` over the whole run and calls,
    per member, the functions of the initial values and of what is computed once, and at
    every stage those of the auxiliaries and of the net flows (each block in functions of
    at most :data:`PART_SIZE` statements); every equation appears once (RK4 loops over its
    four stages). Deterministic: the same model gives the same text, whose SHA-256 names
    the cache file.

    Raises
    ------
    ModelError, EquationError
        When a tree cannot be compiled (circular initial values, unknown names).
    """
    lay = layout_of(model)
    plan = lay.plan
    state = plan.state
    eqs = model.engine_equations
    n_regions = len(model.regions) if n_regions is None else int(n_regions)
    if n_regions < 1:
        raise ModelError(f"a kernel needs at least one region, got {n_regions}")
    n_regional_y = sum(1 for n in state.names if n in state.regional)
    head = [
        f'"""Generated by wardilemma.engine.numba (generator {GENERATOR_VERSION}) from model '
        f'{model.name!r}. Do not edit: regenerated when the model changes."""',
        "",
        # numba's cache checks this file only: name the helpers' version too, so that a
        # changed support module (whose _interp is inlined) gives a new file and a compile
        f"# numba support {_support_digest()}",
        "",
        "import numpy as np",
        "from numba import njit",
        "",
        f"from wardilemma.engine.numba.support import {', '.join(_HELPERS)}",
        "",
        f"R = {n_regions}  # regions: a constant, the kernel is generated for them",
        f"NN = {lay.nn}",
        f"NRN = {len(lay.regional)}",
        f"NY = {len(state.names) - n_regional_y}",
        f"NYR = {n_regional_y}",
        "",
    ]
    for name, lk in model.lookups.items():
        head.append(f"LX_{name} = np.array({[float(x) for x in lk.xs]!r})")
        head.append(f"LY_{name} = np.array({[float(y) for y in lk.ys]!r})")
    # the first row of each regional name in v, and a stock's rows of y and K[s] (the
    # plan's state layout) when they depend on R; each function computes those it uses
    offsets = {f"o{k}": f"    o{k} = NN + {k} * R" for k in range(len(lay.regional))}
    for i, name in enumerate(state.names):
        a, b = state.offsets[name]
        if b or name in state.regional:
            offsets[f"w{i}"] = f"    w{i} = {a} + {b} * R"
    init = [(n, node, _target(lay, n)) for n, node in plan.initial]
    once, each = plan.split(n for n, p in model.parameters.items() if p.lever)
    counter = itertools.count(1)
    const = [(n, eqs[n], _target(lay, n)) for n in once]
    step = [(n, eqs[n], _target(lay, n)) for n in each]
    flows = [(n, node, _target(lay, n, "K")) for n, node in plan.derivatives]
    parts: list[str] = []
    calls: dict[str, list[str]] = {}
    for kind, items in (("init", init), ("once", const), ("step", step), ("flows", flows)):
        calls[kind] = []
        for i in range(0, len(items), PART_SIZE):
            name = f"{kind}_{i // PART_SIZE}"
            chunk = items[i : i + PART_SIZE]
            lines = _emit_block(model, lay, chunk, 1, counter, independent=kind == "flows")
            used = set(_OFFSET.findall("\n".join(lines)))
            local = [line for o, line in offsets.items() if o in used]
            parts += ["", "", _PART.format(name=name), *local, *lines, "    return 0"]
            calls[kind].append(f"{name}(v, K, s, t, dt, t0, t1)")
    body = DRIVER.format(
        init="\n".join("        " + c for c in calls["init"]),
        const="\n".join("        " + c for c in calls["once"]),
        aux="\n".join("                " + c for c in calls["step"]),
        deriv="\n".join("                " + c for c in calls["flows"]),
        tolerance=repr(BOUND_TOLERANCE),
    )
    return "\n".join([*head, *parts, body]) + "\n"


#: Statements per generated function at most. numba's compile time grows much faster than
#: the size of one function (synthetic generated functions of 250, 500 and 1,000 statements:
#: 19 s, 44 s, 287 s on a loaded 2-core machine), and most of it is numba's front end (type
#: inference, lowering, SSA), not LLVM. The war-economy model compiled as one function of
#: every equation inside the member, step and stage loops took 69 s (load 6.3); as the loops
#: calling one function per block (initial values, computed once, each step, net flows) 25 s;
#: in functions of 70 or 40 statements 43 s and 48 s (each function also has a fixed cost).
#: The kernel runs about 10 % slower split (its arrays may alias across the calls).
#: ``benchmarks/compile.py`` (load 2.3, CPU time): 21 ms a statement in a function of 30
#: statements, 27 ms at 131, 36 ms at 266, 54 ms at 537; LLVM alone on the IR numba
#: generates for the whole kernel takes 1.7 s of the 10 s. Parts of 40 or 75 statements
#: compile no faster than 150 (each function also costs its own start and linking).
PART_SIZE = 150

_PART = """@njit(cache=True, error_model="numpy", nogil=True)
def {name}(v, K, s, t, dt, t0, t1):"""
