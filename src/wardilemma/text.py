"""Words and numbers as people read them: the label every output carries, the number
formats (:func:`fmt_number` for messages, :func:`readable_number` for tables and docs) and
what a scenario changes from its parent in one line (:func:`differences_text`).

A leaf module (it imports nothing from the package), so that the scenario boundary, the
writers and the plots can all use it without pointing back at each other.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

__all__ = ["ILLUSTRATIVE", "differences_text", "fmt_number", "readable_number"]

#: The label every figure, file and report carries.
ILLUSTRATIVE = "Illustrative model, not a forecast"


def fmt_number(x: float) -> str:
    """Short display of a number: ``3.6e+06``, ``0.25``, ``120``."""
    if isinstance(x, bool) or not isinstance(x, int | float):
        return repr(x)
    if isinstance(x, int) and abs(x) >= 1e16:
        return f"an integer of {len(str(abs(x)))} digits"
    return f"{x:g}"


def readable_number(x: float) -> str:
    """A number for tables and docs: ``24,000,000``, ``0.016``, ``1e+12``, ``∞``.

    Whole numbers below 1e10 get thousands separators; anything else four significant
    digits.
    """
    if math.isinf(x):
        return "∞" if x > 0 else "-∞"
    if float(x).is_integer() and abs(x) < 1e10:
        return f"{int(x):,}"
    return f"{x:.4g}"


def differences_text(diff: Mapping[str, Any], limit: int = 140) -> str:
    """What a scenario changes from its parent (:func:`wardilemma.tables.parent_differences`) in
    one line, cut at about ``limit`` characters:
    ``"vs sudden_peace.toml: ceasefire_month 2026-01 (month 12) -> 2027-06 (month 29)"``."""
    head = f"vs {Path(str(diff['parent'])).name}: "
    values = diff.get("values") or {}
    if not values:
        return head + "no value differs"
    parts = [f"{name} {v['parent']} -> {v['this']}" for name, v in values.items()]
    text = head + "; ".join(parts)
    if len(text) <= limit:
        return text
    kept = []
    for part in parts:
        if len(head) + len("; ".join([*kept, part])) > limit - 20:
            break
        kept.append(part)
    return head + "; ".join(kept) + f"; and {len(parts) - len(kept)} more (metrics.json)"
