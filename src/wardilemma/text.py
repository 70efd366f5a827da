"""Words and numbers as people read them: the label every output carries, number formats.

A leaf module (it imports nothing from the package), so that the scenario boundary, the
writers and the plots can all use it without pointing back at each other.
"""

from __future__ import annotations

__all__ = ["ILLUSTRATIVE", "fmt_number"]

#: The label every figure, file and report carries.
ILLUSTRATIVE = "Illustrative model, not a forecast"


def fmt_number(x: float) -> str:
    """Short display of a number: ``3.6e+06``, ``0.25``, ``120``."""
    if isinstance(x, bool) or not isinstance(x, int | float):
        return repr(x)
    if isinstance(x, int) and abs(x) >= 1e16:
        return f"an integer of {len(str(abs(x)))} digits"
    return f"{x:g}"
