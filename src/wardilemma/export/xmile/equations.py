"""How an equation tree is written in XMILE: the language's own :func:`render` (one
precedence table) with a spelling hook for numbers, names, comparisons and builtins."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

import numpy as np

from wardilemma.builtins import BUILTINS, SMALL
from wardilemma.errors import InputError
from wardilemma.language import BinOp, Call, Compare, Neg, Node, Num, Ref, render
from wardilemma.model.compiler import is_regional

#: Name of the region dimension in array exports.
DIMENSION = "region"

#: Binary operators whose XMILE spelling differs from the language's.
_XMILE_OPS = {"**": "^", "==": "=", "!=": "<>"}


class ExportError(InputError, ValueError):
    """The model or scenario cannot be written in the requested format."""


def flat_name(name: str, region: str) -> str:
    """Name of a regional variable's copy for one region in a flattened export.

    >>> flat_name("soldiers", "provinces")
    'soldiers_provinces'
    """
    return f"{name}_{region}"


# --------------------------------------------------------------------------- expressions


@dataclass(frozen=True)
class Context:
    """What an equation's translation depends on.

    ``region`` is the region whose copy is being written (flattened export), ``star`` is true
    inside an array reduction (``SUM(x[*])``).
    """

    regional: frozenset[str]
    constants: Mapping[str, str]
    gf_names: Mapping[tuple[str, str], str]
    flatten: bool
    regions: tuple[str, ...]
    mod: str = "MOD"
    region: str | None = None
    star: bool = False
    owner: str = "?"


def number(value: float) -> str:
    if not np.isfinite(value):
        raise ExportError(f"cannot write the non-finite number {value} in XMILE")
    text = repr(float(value))
    text = text[:-2] if text.endswith(".0") else text
    return text if value >= 0 else f"({text})"


def expr(node: Node, ctx: Context) -> str:
    """Translate a tree to XMILE equation text (numeric context)."""
    return render(node, lambda n: _spell(n, ctx), _XMILE_OPS)


def _spell(node: Node, ctx: Context) -> str | None:
    """XMILE text of the nodes whose spelling differs from the language's; ``None`` leaves
    negation and the binary operators (and their brackets) to :func:`render`."""
    match node:
        case Num(value):
            return number(value)
        case Ref("time"):
            return "TIME"
        case Ref(name) if name in ctx.constants:
            return ctx.constants[name]
        case Ref(name):
            return _ref(name, ctx)
        case Compare():
            return f"(IF {_condition(node, ctx)} THEN 1 ELSE 0)"
        case Call(func, args) if func in BUILTINS:
            return _CALLS.get(func, _plain_call)(func, args, ctx)
        case Call(func, args):  # a graphical function: its inline auxiliary
            key = (func, render(args[0]))
            return _ref(ctx.gf_names[key], ctx, regional=is_regional(args[0], ctx.regional))
    return None


def _ref(name: str, ctx: Context, regional: bool | None = None) -> str:
    if not (name in ctx.regional if regional is None else regional):
        return name
    if ctx.flatten:
        if ctx.region is None:
            raise ExportError(f"equation of {ctx.owner!r}: regional {name!r} outside a region")
        return flat_name(name, ctx.region)
    return f"{name}[*]" if ctx.star else name


def _condition(node: Node, ctx: Context) -> str:
    """Translate a tree used as a condition (logical context)."""
    if isinstance(node, Compare):
        left, right = expr(node.left, ctx), expr(node.right, ctx)
        return f"{left} {_XMILE_OPS.get(node.op, node.op)} {right}"
    return f"({expr(node, ctx)}) <> 0"


def _plain_call(func: str, args: tuple[Node, ...], ctx: Context) -> str:
    return f"{BUILTINS[func].xmile}({', '.join(expr(a, ctx) for a in args)})"


def _if_then_else(func: str, args: tuple[Node, ...], ctx: Context) -> str:
    cond, yes, no = args
    return f"(IF {_condition(cond, ctx)} THEN {expr(yes, ctx)} ELSE {expr(no, ctx)})"


def _pulse(func: str, args: tuple[Node, ...], ctx: Context) -> str:
    return _plain_call(func, args if len(args) == 3 else (*args, Num(0.0)), ctx)


def _pulse_train(func: str, args: tuple[Node, ...], ctx: Context) -> str:
    start, width, interval, end = (expr(a, ctx) for a in args)
    offset = f"TIME - {start} + {number(SMALL)}"
    phase = (
        f"(IF {interval} > 0 THEN ({offset}) {ctx.mod} {interval} ELSE {offset})"
        if not isinstance(args[2], Num)
        else (f"({offset}) {ctx.mod} {interval}" if args[2].value > 0 else f"({offset})")
    )
    return f"(IF TIME >= {start} AND TIME < {end} AND {phase} < {width} THEN 1 ELSE 0)"


def _reduce(func: str, args: tuple[Node, ...], ctx: Context) -> str:
    if not ctx.flatten:
        return f"{BUILTINS[func].xmile}({expr(args[0], replace(ctx, star=True))})"
    terms = [expr(args[0], replace(ctx, region=r)) for r in ctx.regions]
    total = "(" + " + ".join(f"({t})" for t in terms) + ")"
    return total if func == "sum_regions" else f"({total} / {len(terms)})"


_CALLS: dict[str, Callable[[str, tuple[Node, ...], Context], str]] = {
    "if_then_else": _if_then_else,
    "pulse": _pulse,
    "pulse_train": _pulse_train,
    "sum_regions": _reduce,
    "mean_regions": _reduce,
}


def rebuild(node: Node, fn: Callable[[Node], Node]) -> Node:
    """Apply ``fn`` bottom-up: children first, then the node rebuilt from them."""
    match node:
        case Neg(operand):
            node = Neg(rebuild(operand, fn))
        case BinOp(op, left, right):
            node = BinOp(op, rebuild(left, fn), rebuild(right, fn))
        case Compare(op, left, right):
            node = Compare(op, rebuild(left, fn), rebuild(right, fn))
        case Call(func, args):
            node = Call(func, tuple(rebuild(a, fn) for a in args))
    return fn(node)


def rename(node: Node, names: Mapping[str, str]) -> Node:
    return rebuild(node, lambda n: Ref(names[n.name]) if isinstance(n, Ref) and n.name in names
                    else n)  # fmt: skip
