"""The expression language of the model: parse, check, render, infer units.

About 400 lines: the tree's node types, the grammar and the walks every backend shares
(parse, iterate, render, infer units) read together; each walk matches on every node type.

Equations are short strings in a Python-like syntax, read with :mod:`ast` against a
whitelist and turned into a small immutable tree (:class:`Node`). The same tree feeds:

* the dependency graph (:func:`references`),
* the dimensional check (:func:`infer_units`),
* every backend, each from the same trees and the builtins table
  (:data:`wardilemma.builtins.BUILTINS`): NumPy closures
  (:func:`wardilemma.engine.numpy_kernel.compile_numpy`), the numba kernel
  (:mod:`wardilemma.engine.numba`), JavaScript (:mod:`wardilemma.export.javascript`); no
  ``eval``/``exec`` of model or scenario text ever happens;
* translations to other tools' syntax (XMILE, in :mod:`wardilemma.export.xmile`).

Grammar
-------
* numbers, names of model variables, ``time``, ``dt``, ``initial_time``, ``final_time``;
* ``+ - * / **``, unary ``-``, comparisons ``< <= > >= == !=`` (1.0 when true, else 0.0);
* calls of the builtins of :data:`~wardilemma.builtins.BUILTINS` and of graphical
  functions (lookups) by name.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from wardilemma.builtins import BUILTINS
from wardilemma.errors import InputError
from wardilemma.units import DIMENSIONLESS, Units

__all__ = [
    "BUILTIN_NAMES",
    "PRECEDENCE",
    "BinOp",
    "Call",
    "Compare",
    "EquationError",
    "Neg",
    "Node",
    "Num",
    "Ref",
    "Spelling",
    "builtin_args",
    "infer_units",
    "iter_nodes",
    "parse",
    "references",
    "render",
]

#: Names every equation may use without declaring them.
BUILTIN_NAMES = ("time", "dt", "initial_time", "final_time")


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
        spec = BUILTINS.get(name)
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


def builtin_args(call: Call) -> tuple[Node, ...]:
    """The arguments of a builtin's call, omitted optional ones filled with their defaults
    (:attr:`wardilemma.builtins.Builtin.defaults`): what every backend passes."""
    row = BUILTINS[call.func]
    missing = row.defaults[len(call.args) - row.min_args :]
    return (*call.args, *(Num(float(d)) for d in missing))


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
            if func in BUILTINS:
                return BUILTINS[func].units(func, args, _Check(inf, expect, same))
    raise EquationError(variable, "cannot infer units", render(node))


@dataclass(frozen=True)
class _Check:
    """The checker a builtin's units rule asks (:class:`wardilemma.builtins.UnitsCheck`)."""

    of: Callable[[Node], Units | None]
    expect: Callable[[Node, Units, str], None]
    same: Callable[[Units | None, Units | None, str], Units | None]
