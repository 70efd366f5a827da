"""The JavaScript emitter: one expression tree of the model as a JavaScript expression or
statement, as SDEverywhere does per target; the builtins it calls are spelt by the builtins
table (:data:`wardilemma.builtins.BUILTINS`, column ``js``) and live in ``runtime.js``.
Illustrative model, not a forecast.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from wardilemma.builtins import BUILTINS
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
)
from wardilemma.model.compiler import Model, is_regional

__all__ = ["emit_expression", "emitter", "number", "offset", "var"]

_BUILTIN_REFS = {
    "time": "t",
    "dt": "dt",
    "initial_time": "initial_time",
    "final_time": "final_time",
}
_CMP = {"<": "<", "<=": "<=", ">": ">", ">=": ">=", "==": "===", "!=": "!=="}


def number(value: float) -> str:
    """A float as a JavaScript literal that parses to the same double."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "(-Infinity)"
    return repr(float(value))


def var(name: str) -> str:
    """JavaScript identifier of a variable's array (prefixed: model names may be JS words)."""
    return f"v_{name}"


def offset(name: str) -> str:
    """JavaScript identifier of a stock's offset in the state vector."""
    return f"S_{name}"


@dataclass
class _Emitter:
    """Emit JavaScript expressions for trees of one model, collecting the temporaries that
    ``sum_regions`` and ``mean_regions`` need (computed before the statement that uses them).

    Attributes
    ----------
    regional
        Names with the region dimension.
    stocks
        Names held in the state vector ``y`` (declared and hidden stocks).
    lookups
        Names of graphical functions.
    """

    regional: frozenset[str]
    stocks: frozenset[str]
    lookups: frozenset[str]
    prelude: list[str] = field(default_factory=list)
    _sums: dict[tuple[str, Node], str] = field(default_factory=dict)
    _count: int = 0

    def statement(self, target: str, node: Node, *, regional: bool, into: str = "") -> str:
        """``target = node`` for every region (or once): a block with its temporaries.

        ``target`` is a variable's array, or with ``into`` (``"y"`` or ``"d"``) a stock's
        offset in the state vector or its derivative.
        """
        self.prelude, self._sums = [], {}
        index = "r" if regional else "0"
        value = self.expr(node, index)
        lhs = f"{into}[{target} + {index}]" if into else f"{target}[{index}]"
        body = f"{lhs} = {value};"
        if regional:
            body = f"for (let r = 0; r < R; r++) {body}"
        if not self.prelude:
            return body
        return "{ " + " ".join([*self.prelude, body]) + " }"

    def expr(self, node: Node, index: str) -> str:
        """A JavaScript expression of ``node`` at region ``index`` (a JS expression)."""
        match node:
            case Num(value):
                return number(value)
            case Ref(name) if name in _BUILTIN_REFS:
                return _BUILTIN_REFS[name]
            case Ref(name):
                at = index if name in self.regional else "0"
                if name in self.stocks:
                    return f"y[{offset(name)} + {at}]"
                return f"{var(name)}[{at}]"
            case Neg(operand):
                return f"(-{self.expr(operand, index)})"
            case BinOp(op, left, right):
                js_op = "**" if op == "**" else op
                return f"({self.expr(left, index)} {js_op} {self.expr(right, index)})"
            case Compare(op, left, right):
                return f"({self.expr(left, index)} {_CMP[op]} {self.expr(right, index)} ? 1 : 0)"
            case Call(func, (arg,)) if func in self.lookups:
                return f"interp({self.expr(arg, index)}, LOOKUPS.{func})"
            case Call("sum_regions" | "mean_regions" as func, (arg,)):
                if not is_regional(arg, self.regional):
                    return self.expr(arg, "0")  # over a national value: the value itself
                total = self._sum(arg)
                return f"({total} / R)" if func == "mean_regions" else total
            case Call(func, _) as call if func in BUILTINS:
                return self._call(func, [self.expr(a, index) for a in builtin_args(call)])
        raise EquationError("?", "cannot emit JavaScript for", repr(node))

    def _sum(self, arg: Node) -> str:
        """A temporary holding the sum over regions of ``arg``, added region by region."""
        key = ("sum", arg)
        if key not in self._sums:
            self._count += 1
            name, q = f"s{self._count}", f"q{self._count}"
            first, each = self.expr(arg, "0"), self.expr(arg, q)
            self.prelude.append(
                f"let {name} = {first}; for (let {q} = 1; {q} < R; {q}++) {name} = {name} + {each};"
            )
            self._sums[key] = name
        return self._sums[key]

    def _call(self, func: str, args: list[str]) -> str:
        """A builtin's JavaScript spelling (:data:`~wardilemma.builtins.BUILTINS`):
        ``f(t, dt, *args)`` for a time builtin, ``f(*args)`` for the others."""
        row = BUILTINS.get(func)
        if row is None or row.js is None:
            raise EquationError("?", f"function {func} has no JavaScript form", func)
        return f"{row.js}({', '.join(['t', 'dt', *args] if row.kind == 'time' else args)})"


def emit_expression(node: Node, model: Model, *, index: str = "r") -> str:
    """JavaScript for one expression tree of ``model`` at region ``index``.

    Parameters
    ----------
    node
        A tree with stateful builtins expanded (:attr:`Model.engine_equations`).
    model
        The model whose names the tree uses (for the region dimension and the stocks).
    index
        JavaScript expression of the region index used for regional names.

    Raises
    ------
    EquationError
        For a tree that needs temporaries (``sum_regions`` of a regional expression):
        those are emitted as statements by :func:`generate_model_js`.
    """
    em = emitter(model)
    text = em.expr(node, index)
    if em.prelude:
        raise EquationError("?", "sum over regions needs a statement", repr(node))
    return text


def emitter(model: Model) -> _Emitter:
    stocks = frozenset(model.stocks) | {h.name for h in model.hidden_stocks}
    return _Emitter(model.regional, frozenset(stocks), frozenset(model.lookups))
