"""The expression language of the model: parse, check, infer units, compile to NumPy.

One module of about 700 lines on purpose: the tree, the parser, the renderer, units
inference and the NumPy compiler are passes over the same few node types and the same
:data:`FUNCTIONS` table; split, a new builtin would be edited in four files.

Equations are short strings in a Python-like syntax, read with :mod:`ast` against a
whitelist and turned into a small immutable tree (:class:`Node`). The same tree feeds:

* the dependency graph (:func:`references`),
* the dimensional check (:func:`infer_units`),
* the NumPy backend (:func:`compile_numpy`, closures over vectorised operations; no
  ``eval``/``exec`` of model or scenario text ever happens),
* translations to other tools' syntax (XMILE, in :mod:`wardilemma.export.xmile`).

Grammar
-------
* numbers, names of model variables, ``time``, ``dt``, ``initial_time``, ``final_time``;
* ``+ - * / **``, unary ``-``, comparisons ``< <= > >= == !=`` (1.0 when true, else 0.0);
* function calls from :data:`FUNCTIONS` and calls of graphical functions (lookups) by name.

Arrays: inside the engine a national variable has shape ``(1, members)`` and a regional
one ``(regions, members)``, so that NumPy broadcasting combines them and every operation
runs along the long, contiguous members axis; ``sum_regions`` and ``mean_regions``
reduce over the first (region) axis. (The public API, :class:`~wardilemma.results.Results`
and :func:`~wardilemma.engine.inputs.scenario_inputs`, uses ``(members, regions)``.)
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

import numpy as np

from wardilemma.errors import InputError
from wardilemma.units import DIMENSIONLESS, Units, parse_units

__all__ = [
    "BUILTIN_NAMES",
    "FUNCTIONS",
    "PRECEDENCE",
    "STATEFUL_FUNCTIONS",
    "BinOp",
    "Call",
    "Compare",
    "EquationError",
    "Neg",
    "Node",
    "Num",
    "Ref",
    "Spelling",
    "compile_numpy",
    "infer_units",
    "iter_nodes",
    "parse",
    "references",
    "render",
]

#: Names every equation may use without declaring them.
BUILTIN_NAMES = ("time", "dt", "initial_time", "final_time")

#: Small number used, as in Vensim and PySD, to make time comparisons robust to rounding.
SMALL = 1e-6


class EquationError(InputError, ValueError):
    """An equation is malformed, uses an unknown name, or is dimensionally inconsistent."""

    def __init__(self, variable: str, message: str, token: str | None = None) -> None:
        self.variable = variable
        self.token = token
        where = f" (at {token!r})" if token else ""
        super().__init__(f"equation of {variable!r}: {message}{where}")


# --------------------------------------------------------------------------- tree


class Node:
    """Base class of the expression tree."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class Num(Node):
    value: float


@dataclass(frozen=True, slots=True)
class Ref(Node):
    name: str


@dataclass(frozen=True, slots=True)
class Neg(Node):
    operand: Node


@dataclass(frozen=True, slots=True)
class BinOp(Node):
    op: str  # one of + - * / **
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Compare(Node):
    op: str  # one of < <= > >= == !=
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Call(Node):
    func: str
    args: tuple[Node, ...]


# --------------------------------------------------------------------------- functions


@dataclass(frozen=True)
class FunctionSpec:
    """A builtin function of the language.

    ``kind`` is ``"pure"`` (elementwise), ``"time"`` (depends on simulation time),
    ``"stateful"`` (expanded into hidden stocks by the model compiler) or ``"reduce"``
    (over regions). ``xmile`` is the XMILE name used by the exporter.
    """

    name: str
    min_args: int
    max_args: int
    kind: str
    xmile: str
    doc: str


FUNCTIONS: dict[str, FunctionSpec] = {
    spec.name: spec
    for spec in [
        FunctionSpec("if_then_else", 3, 3, "pure", "IF THEN ELSE", "if_then_else(cond, a, b)"),
        FunctionSpec("min", 2, 2, "pure", "MIN", "smaller of two values"),
        FunctionSpec("max", 2, 2, "pure", "MAX", "larger of two values"),
        FunctionSpec("exp", 1, 1, "pure", "EXP", "e to the power x (x dimensionless)"),
        FunctionSpec("ln", 1, 1, "pure", "LN", "natural logarithm (x dimensionless)"),
        FunctionSpec("abs", 1, 1, "pure", "ABS", "absolute value"),
        FunctionSpec("sqrt", 1, 1, "pure", "SQRT", "square root"),
        FunctionSpec(
            "step", 2, 2, "time", "STEP", "step(height, start): height once time + dt/2 > start"
        ),
        FunctionSpec(
            "pulse",
            2,
            3,
            "time",
            "PULSE",
            "pulse(magnitude, first, interval=0): XMILE pulse, magnitude/dt for one step",
        ),
        FunctionSpec(
            "pulse_train",
            4,
            4,
            "time",
            "PULSE TRAIN",
            "pulse_train(start, width, interval, end): 1 during each window, else 0",
        ),
        FunctionSpec(
            "ramp", 2, 3, "time", "RAMP", "ramp(slope, start, end=never): slope*(time-start)"
        ),
        FunctionSpec(
            "smooth", 2, 3, "stateful", "SMTH1", "smooth(input, time, initial=input): 1st order"
        ),
        FunctionSpec(
            "smooth3", 2, 3, "stateful", "SMTH3", "smooth3(input, time, initial=input): 3rd order"
        ),
        FunctionSpec(
            "delay1",
            2,
            3,
            "stateful",
            "DELAY1",
            "delay1(inflow, time, initial=inflow): 1st-order material delay",
        ),
        FunctionSpec(
            "delay3",
            2,
            3,
            "stateful",
            "DELAY3",
            "delay3(inflow, time, initial=inflow): 3rd-order material delay",
        ),
        FunctionSpec("sum_regions", 1, 1, "reduce", "SUM", "sum over the region dimension"),
        FunctionSpec("mean_regions", 1, 1, "reduce", "MEAN", "mean over the region dimension"),
    ]
}

STATEFUL_FUNCTIONS = frozenset(n for n, s in FUNCTIONS.items() if s.kind == "stateful")

_BINOPS: dict[type, str] = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
    ast.Pow: "**",
}
_CMPOPS: dict[type, str] = {
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.Eq: "==",
    ast.NotEq: "!=",
}


# --------------------------------------------------------------------------- parsing


def parse(text: str, *, variable: str, lookups: frozenset[str] | set[str] = frozenset()) -> Node:
    """Parse an equation into a tree, accepting only the whitelisted constructs.

    Parameters
    ----------
    text
        The equation, e.g. ``"soldiers * casualty_rate * at_war"``.
    variable
        Name of the variable the equation defines (used in error messages).
    lookups
        Names of graphical functions, which may be called like functions.

    Raises
    ------
    EquationError
        On a syntax error or any construct outside the language, naming the token.
    """
    if not isinstance(text, str) or not text.strip():
        raise EquationError(variable, "the equation is empty")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        raise EquationError(variable, f"syntax error: {exc.msg}", exc.text) from None
    return _convert(tree.body, text, variable, frozenset(lookups))


def _token(node: ast.AST, text: str) -> str:
    return ast.get_source_segment(text.strip(), node) or type(node).__name__


def _convert(node: ast.AST, text: str, variable: str, lookups: frozenset[str]) -> Node:
    def conv(n: ast.AST) -> Node:
        return _convert(n, text, variable, lookups)

    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, int | float):
            raise EquationError(variable, "only numbers are allowed as constants", repr(node.value))
        return Num(float(node.value))
    if isinstance(node, ast.Name):
        return Ref(node.id)
    if isinstance(node, ast.UnaryOp):
        if isinstance(node.op, ast.USub):
            return Neg(conv(node.operand))
        if isinstance(node.op, ast.UAdd):
            return conv(node.operand)
        raise EquationError(variable, "unsupported unary operator", _token(node, text))
    if isinstance(node, ast.BinOp):
        op = _BINOPS.get(type(node.op))
        if op is None:
            raise EquationError(variable, "unsupported operator", _token(node, text))
        return BinOp(op, conv(node.left), conv(node.right))
    if isinstance(node, ast.Compare):
        if len(node.ops) != 1:
            raise EquationError(variable, "chained comparisons are not allowed", _token(node, text))
        op = _CMPOPS.get(type(node.ops[0]))
        if op is None:
            raise EquationError(variable, "unsupported comparison", _token(node, text))
        return Compare(op, conv(node.left), conv(node.comparators[0]))
    if isinstance(node, ast.Call):
        if not isinstance(node.func, ast.Name) or node.keywords:
            raise EquationError(
                variable, "only plain calls f(a, b) of known functions", _token(node, text)
            )
        name = node.func.id
        spec = FUNCTIONS.get(name)
        if spec is None and name not in lookups:
            raise EquationError(variable, "unknown function", name)
        args = tuple(conv(a) for a in node.args)
        if spec is None:
            if len(args) != 1:
                raise EquationError(variable, f"lookup {name} takes one argument", name)
            return Call(name, args)
        if not spec.min_args <= len(args) <= spec.max_args:
            raise EquationError(
                variable,
                f"{name} takes {spec.min_args}..{spec.max_args} arguments, got {len(args)}",
                name,
            )
        return Call(name, args)
    raise EquationError(variable, "construct not allowed in equations", _token(node, text))


# --------------------------------------------------------------------------- queries


def iter_nodes(node: Node, *, children_first: bool = False) -> Iterator[Node]:
    """Every node of a tree, left to right: parents before children, or after them with
    ``children_first`` (the order in which the compiler expands stateful builtins)."""
    if not children_first:
        yield node
    match node:
        case Neg(operand):
            yield from iter_nodes(operand, children_first=children_first)
        case BinOp(_, left, right) | Compare(_, left, right):
            yield from iter_nodes(left, children_first=children_first)
            yield from iter_nodes(right, children_first=children_first)
        case Call(_, args):
            for a in args:
                yield from iter_nodes(a, children_first=children_first)
    if children_first:
        yield node


def references(node: Node) -> set[str]:
    """Names of variables (not functions or lookups) that the tree refers to."""
    return {n.name for n in iter_nodes(node) if isinstance(n, Ref)}


def called(node: Node) -> set[str]:
    """Names of functions and lookups called in the tree."""
    return {n.func for n in iter_nodes(node) if isinstance(n, Call)}


#: Binding strength of the binary operators (higher binds tighter); ``**`` is right-associative.
PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2, "**": 3}

#: A translation hook for :func:`render`: the text of a node in another syntax, or ``None``
#: to let :func:`render` write it (negation and binary operators, with their brackets).
Spelling = Callable[[Node], "str | None"]


def render(node: Node, spell: Spelling | None = None, ops: Mapping[str, str] | None = None) -> str:
    """Render a tree as equation text, with the fewest brackets its precedence needs.

    Parameters
    ----------
    node
        The expression.
    spell
        Optional translation to another tool's syntax (the XMILE writer's): called on every
        node, it returns the node's text or ``None`` for the default. Operators and brackets
        are always written here, so every syntax shares one precedence table
        (:data:`PRECEDENCE`).
    ops
        Spelling of binary operators in that syntax (e.g. ``{"**": "^"}``).

    Returns
    -------
    str
        Canonical equation text of the language (used by docs and error messages) when
        neither ``spell`` nor ``ops`` is given.
    """
    if spell is not None and (text := spell(node)) is not None:
        return text
    ops = ops or {}
    match node:
        case Num(value):
            return repr(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
        case Ref(name):
            return name
        case Neg(operand):
            inner = render(operand, spell, ops)
            wrap = isinstance(operand, BinOp | Compare | Neg)
            return f"-({inner})" if wrap else f"-{inner}"
        case BinOp(op, left, right):
            symbol = ops.get(op, op)
            left_text = _wrap(left, op, False, spell, ops)
            return f"{left_text} {symbol} {_wrap(right, op, True, spell, ops)}"
        case Compare(op, left, right):
            return f"{_wrap_compare(left, spell, ops)} {ops.get(op, op)} " + _wrap_compare(
                right, spell, ops
            )
        case Call(func, args):
            return f"{func}({', '.join(render(a, spell, ops) for a in args)})"
    raise TypeError(node)


def _wrap(child: Node, op: str, right: bool, spell: Spelling | None, ops: Mapping[str, str]) -> str:
    """A binary operator's operand, bracketed when precedence or associativity needs it
    (and a negated right operand, ``a - (-b)``, which not every tool parses without)."""
    text = render(child, spell, ops)
    if isinstance(child, BinOp):
        mine, theirs = PRECEDENCE[op], PRECEDENCE[child.op]
        if theirs < mine or (right and theirs == mine and op in "-/") or op == "**":
            return f"({text})"
    if isinstance(child, Compare) or (isinstance(child, Neg) and (right or op == "**")):
        return f"({text})"
    return text


def _wrap_compare(child: Node, spell: Spelling | None, ops: Mapping[str, str]) -> str:
    text = render(child, spell, ops)
    return f"({text})" if isinstance(child, Compare) else text


# --------------------------------------------------------------------------- units

_MONTH = parse_units("month")


def infer_units(
    node: Node,
    *,
    variable: str,
    units_of: Callable[[str], Units],
    lookup_units: Mapping[str, tuple[Units, Units]],
) -> Units | None:
    """Infer the units of an expression; ``None`` means "any" (the literal 0).

    Numbers other than 0 are dimensionless: a constant with units must be a named
    parameter, so that every conversion factor is declared, documented and checked.

    Raises
    ------
    EquationError
        When two operands of ``+``, ``-``, a comparison, ``min``/``max`` or
        ``if_then_else`` differ in units, or a function gets an argument of wrong units.
    """

    def inf(n: Node) -> Units | None:
        return infer_units(n, variable=variable, units_of=units_of, lookup_units=lookup_units)

    def same(a: Units | None, b: Units | None, what: str) -> Units | None:
        if a is None:
            return b
        if b is None or a == b:
            return a
        raise EquationError(variable, f"units differ in {what}: {a} vs {b}")

    def expect(n: Node, want: Units, what: str) -> None:
        got = inf(n)
        if got is not None and got != want:
            raise EquationError(variable, f"{what} must be in {want}, got {got}", render(n))

    match node:
        case Num(value):
            return None if value == 0 else DIMENSIONLESS
        case Ref(name):
            return units_of(name)
        case Neg(operand):
            return inf(operand)
        case BinOp(op, left, right):
            lu, ru = inf(left), inf(right)
            if op in "+-":
                return same(lu, ru, f"'{render(node)}'")
            if op == "*":
                return None if lu is None or ru is None else lu * ru
            if op == "/":
                if lu is None:
                    return None
                return lu / (ru or DIMENSIONLESS)
            # power: a constant exponent scales units; otherwise both must be dimensionless
            if isinstance(right, Num):
                return None if lu is None else lu**right.value
            if (lu or DIMENSIONLESS) != DIMENSIONLESS or (ru or DIMENSIONLESS) != DIMENSIONLESS:
                raise EquationError(variable, "a variable exponent needs dimensionless operands")
            return DIMENSIONLESS
        case Compare(_, left, right):
            same(inf(left), inf(right), f"comparison '{render(node)}'")
            return DIMENSIONLESS
        case Call(func, args):
            if func in lookup_units:
                x_units, y_units = lookup_units[func]
                expect(args[0], x_units, f"the input of lookup {func}")
                return y_units
            if func == "if_then_else":
                inf(args[0])
                return same(inf(args[1]), inf(args[2]), "the branches of if_then_else")
            if func in ("min", "max"):
                return same(inf(args[0]), inf(args[1]), f"the arguments of {func}")
            if func in ("exp", "ln"):
                expect(args[0], DIMENSIONLESS, f"the argument of {func}")
                return DIMENSIONLESS
            if func == "abs" or func in ("sum_regions", "mean_regions"):
                return inf(args[0])
            if func == "sqrt":
                u = inf(args[0])
                return None if u is None else u**0.5
            if func == "step":
                expect(args[1], _MONTH, "the start of step")
                return inf(args[0])
            if func == "pulse":
                for a in args[1:]:
                    expect(a, _MONTH, "the timing of pulse")
                u = inf(args[0])
                return None if u is None else u / _MONTH
            if func == "pulse_train":
                for a in args:
                    expect(a, _MONTH, "the timing of pulse_train")
                return DIMENSIONLESS
            if func == "ramp":
                for a in args[1:]:
                    expect(a, _MONTH, "the timing of ramp")
                u = inf(args[0])
                return None if u is None else u * _MONTH
            if func in STATEFUL_FUNCTIONS:
                expect(args[1], _MONTH, f"the delay time of {func}")
                u = inf(args[0])
                if len(args) == 3:
                    u = same(u, inf(args[2]), f"the input and initial value of {func}")
                return u
    raise EquationError(variable, "cannot infer units", render(node))


# --------------------------------------------------------------------------- NumPy backend

#: A compiled expression: ``f(values, time)`` with ``values`` mapping names to arrays.
Compiled = Callable[[Mapping[str, np.ndarray], float], np.ndarray | float]

_NP_BINOPS: dict[str, Callable] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
    "**": np.power,
}
_NP_CMP: dict[str, Callable] = {
    "<": np.less,
    "<=": np.less_equal,
    ">": np.greater,
    ">=": np.greater_equal,
    "==": np.equal,
    "!=": np.not_equal,
}
_NP_UNARY: dict[str, Callable] = {"exp": np.exp, "ln": np.log, "abs": np.abs, "sqrt": np.sqrt}


def compile_numpy(
    node: Node,
    *,
    dt: float,
    constants: Mapping[str, float],
    lookups: Mapping[str, tuple[np.ndarray, np.ndarray]],
) -> Compiled:
    """Compile a tree (with stateful calls already expanded) into a vectorised closure.

    Parameters
    ----------
    node
        The expression. Stateful builtins must have been replaced by references to
        hidden stocks (see :mod:`wardilemma.model.compiler`).
    dt
        Time step in months; used by ``step`` and ``pulse`` as in Vensim/PySD.
    constants
        Values of ``initial_time`` and ``final_time`` (``time`` is the closure's argument).
    lookups
        ``name -> (x points, y points)``; evaluated with linear interpolation, clamped
        at the ends (``numpy.interp``).
    """

    def c(n: Node) -> Compiled:
        return compile_numpy(n, dt=dt, constants=constants, lookups=lookups)

    match node:
        case Num(value):
            number = np.float64(value)  # NumPy semantics: 1/0 gives inf, never raises
            return lambda v, t: number
        case Ref("time"):
            return lambda v, t: t
        case Ref("dt"):
            return lambda v, t: dt
        case Ref(name) if name in constants:
            const = constants[name]
            return lambda v, t: const
        case Ref(name):
            return lambda v, t: v[name]
        case Neg(operand):
            f = c(operand)
            return lambda v, t: -f(v, t)
        case BinOp(op, left, right):
            fn = _NP_BINOPS[op]
            # fast paths for the common leaves (a variable or a number): one call less each
            ln, rn = _leaf_name(left, constants), _leaf_name(right, constants)
            if ln and rn:
                return lambda v, t: fn(v[ln], v[rn])
            if ln and isinstance(right, Num):
                rv = np.float64(right.value)
                return lambda v, t: fn(v[ln], rv)
            if rn and isinstance(left, Num):
                lv = np.float64(left.value)
                return lambda v, t: fn(lv, v[rn])
            fl, fr = c(left), c(right)
            if ln:
                return lambda v, t: fn(v[ln], fr(v, t))
            if rn:
                return lambda v, t: fn(fl(v, t), v[rn])
            return lambda v, t: fn(fl(v, t), fr(v, t))
        case Compare(op, left, right):
            fl, fr, fc = c(left), c(right), _NP_CMP[op]
            return lambda v, t: np.where(fc(fl(v, t), fr(v, t)), 1.0, 0.0)
        case Call(func, args) if func in lookups:
            xs, ys = lookups[func]
            fa = c(args[0])

            def lookup(v: Mapping[str, np.ndarray], t: float) -> np.ndarray:
                x = np.asarray(fa(v, t), dtype=float)
                return np.interp(x.ravel(), xs, ys).reshape(x.shape)

            return lookup
        case Call(func, args):
            return _compile_call(func, [c(a) for a in args], dt)
    raise EquationError("?", "cannot compile", render(node))


def _sum_regions(x: np.ndarray | float) -> np.ndarray | float:
    """Sum over the first (region) axis, keeping it: row by row, since there are few
    regions and many members."""
    if np.ndim(x) < 2:
        return x
    total = x[0:1]
    for i in range(1, x.shape[0]):
        total = total + x[i : i + 1]
    return total


def _leaf_name(node: Node, constants: Mapping[str, float]) -> str | None:
    """Name of a plain variable reference (not time, dt or a constant), else None."""
    if isinstance(node, Ref) and node.name not in ("time", "dt") and node.name not in constants:
        return node.name
    return None


def _compile_call(func: str, fs: list[Compiled], dt: float) -> Compiled:
    if func in _NP_UNARY:
        fn, fa = _NP_UNARY[func], fs[0]
        return lambda v, t: fn(fa(v, t))
    if func in ("min", "max"):
        fn = np.minimum if func == "min" else np.maximum
        fa, fb = fs
        return lambda v, t: fn(fa(v, t), fb(v, t))
    if func == "if_then_else":
        fc, fa, fb = fs
        return lambda v, t: np.where(np.asarray(fc(v, t)) != 0, fa(v, t), fb(v, t))
    if func == "sum_regions":
        fa = fs[0]
        return lambda v, t: _sum_regions(fa(v, t))
    if func == "mean_regions":
        fa = fs[0]

        def mean_regions(v: Mapping[str, np.ndarray], t: float) -> np.ndarray | float:
            x = fa(v, t)
            return _sum_regions(x) / (np.shape(x)[0] if np.ndim(x) >= 2 else 1)

        return mean_regions
    if func == "step":
        fh, fs_ = fs
        return lambda v, t: np.where(t + dt / 2 > np.asarray(fs_(v, t)), fh(v, t), 0.0)
    if func == "ramp":
        fslope, fstart = fs[0], fs[1]
        fend = fs[2] if len(fs) == 3 else None

        def ramp(v: Mapping[str, np.ndarray], t: float) -> np.ndarray:
            start = np.asarray(fstart(v, t))
            final = t if fend is None else np.minimum(fend(v, t), t)
            return np.where(t + SMALL > start, fslope(v, t) * (final - start), 0.0)

        return ramp
    if func == "pulse":
        fmag, ffirst = fs[0], fs[1]
        finterval = fs[2] if len(fs) == 3 else None

        def pulse(v: Mapping[str, np.ndarray], t: float) -> np.ndarray:
            first = np.asarray(ffirst(v, t))
            interval = 0.0 if finterval is None else np.asarray(finterval(v, t))
            single = (first - SMALL <= t) & (t < first + dt / 2)
            safe = np.where(interval > 0, interval, 1.0)
            repeat = (first <= t) & (np.mod(t - first + SMALL, safe) < dt / 2)
            on = np.where(interval > 0, repeat, single)
            return np.where(on, np.asarray(fmag(v, t)) / dt, 0.0)

        return pulse
    if func == "pulse_train":
        fstart, fwidth, finterval, fend = fs

        def pulse_train(v: Mapping[str, np.ndarray], t: float) -> np.ndarray:
            start = np.asarray(fstart(v, t))
            interval = np.asarray(finterval(v, t))
            inside = (start <= t) & (t < np.asarray(fend(v, t)))
            phase = np.mod(t - start + SMALL, np.where(interval > 0, interval, np.inf))
            return np.where(inside & (phase < fwidth(v, t)), 1.0, 0.0)

        return pulse_train
    raise EquationError("?", f"function {func} must be expanded before compiling", func)
