"""A small units algebra for dimensional checks of the model's equations.

Units are products of base units with integer exponents, written as in Vensim or Stella:
``"person/month"``, ``"trnRUB/year"``, ``"RUB/(person*month)"``, ``"1"`` (dimensionless).
Base units are any identifiers; ``month`` and ``year`` are *different* base units, so a
conversion between them must go through a named constant (``months_per_year``, in
``month/year``), which keeps every conversion factor visible in the equations.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction

from wardilemma.errors import InputError

__all__ = ["DIMENSIONLESS", "Units", "UnitsError", "parse_units"]

_DIMENSIONLESS_NAMES = {"1", "", "dmnl", "dimensionless"}


class UnitsError(InputError, ValueError):
    """A units string cannot be parsed, or two units do not match."""


@dataclass(frozen=True)
class Units:
    """A product of base units with rational exponents, e.g. ``{"person": 1, "month": -1}``."""

    exponents: tuple[tuple[str, Fraction], ...] = field(default=())

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, Fraction | int]) -> Units:
        items = tuple(sorted((k, Fraction(v)) for k, v in mapping.items() if v != 0))
        return cls(items)

    def as_dict(self) -> dict[str, Fraction]:
        return dict(self.exponents)

    def __mul__(self, other: Units) -> Units:
        out = self.as_dict()
        for name, exp in other.exponents:
            out[name] = out.get(name, Fraction(0)) + exp
        return Units.from_mapping(out)

    def __truediv__(self, other: Units) -> Units:
        return self * other**-1

    def __pow__(self, power: Fraction | int | float) -> Units:
        p = Fraction(power).limit_denominator(1000)
        return Units.from_mapping({k: v * p for k, v in self.exponents})

    @property
    def is_dimensionless(self) -> bool:
        return not self.exponents

    def __str__(self) -> str:
        if not self.exponents:
            return "1"
        num = [_fmt(k, v) for k, v in self.exponents if v > 0]
        den = [_fmt(k, -v) for k, v in self.exponents if v < 0]
        text = "*".join(num) if num else "1"
        if den:
            text += "/" + (den[0] if len(den) == 1 else "(" + "*".join(den) + ")")
        return text


def _fmt(name: str, exp: Fraction) -> str:
    return name if exp == 1 else f"{name}^{exp}"


DIMENSIONLESS = Units()


def parse_units(text: str) -> Units:
    """Parse a units string such as ``"trnRUB/year"`` or ``"RUB/(person*month)"``.

    Raises
    ------
    UnitsError
        If the text is not a product/quotient of identifiers and integer powers.
    """
    cleaned = text.strip()
    if cleaned in _DIMENSIONLESS_NAMES:
        return DIMENSIONLESS
    try:
        tree = ast.parse(cleaned.replace("^", "**"), mode="eval")
    except SyntaxError as exc:
        raise UnitsError(f"cannot parse units {text!r}") from exc
    return _units_of(tree.body, text)


def _units_of(node: ast.AST, text: str) -> Units:
    if isinstance(node, ast.Name):
        return Units.from_mapping({node.id: 1})
    if isinstance(node, ast.Constant) and node.value == 1:
        return DIMENSIONLESS
    if isinstance(node, ast.BinOp):
        if isinstance(node.op, ast.Mult):
            return _units_of(node.left, text) * _units_of(node.right, text)
        if isinstance(node.op, ast.Div):
            return _units_of(node.left, text) / _units_of(node.right, text)
        if isinstance(node.op, ast.Pow) and isinstance(node.right, ast.Constant | ast.UnaryOp):
            power = ast.literal_eval(node.right)
            return _units_of(node.left, text) ** power
    raise UnitsError(f"cannot parse units {text!r}: use names joined by * and /")
