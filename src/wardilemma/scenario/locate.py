"""Where a key is written in a scenario file, and the words used to show it in messages.

``tomllib`` gives no positions for keys, so :func:`locate` finds the line by scanning the
text; :func:`where`, :func:`keypath` and :func:`show` build the ``file:line: key = value``
head of every message; :func:`did_you_mean` suggests the closest valid name.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wardilemma.text import fmt_number

__all__ = ["Document", "did_you_mean", "keypath", "locate", "show", "where"]


@dataclass(frozen=True)
class Document:
    """One scenario file as read: its path, text and parsed TOML data."""

    path: Path
    text: str
    data: Mapping[str, Any]


_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")


def _key_parts(text: str) -> list[str]:
    return [part.strip().strip("\"'") for part in text.split(".")]


def locate(text: str, loc: Sequence[str | int]) -> int | None:
    """Line (1-based) where the key path ``loc`` is written, found by scanning the text.

    ``tomllib`` gives no positions for keys, so this looks for the deepest table header
    that is a prefix of ``loc`` and then for the next key line under it.
    """
    keys = [str(k) for k in loc if not isinstance(k, int)]
    lines = text.splitlines()
    headers: list[tuple[int, list[str]]] = []
    for i, line in enumerate(lines):
        m = _HEADER.match(line)
        if m:
            headers.append((i, _key_parts(m.group(1))))
    best: tuple[int, int] | None = None  # (depth, line index)
    for i, parts in headers:
        if parts == keys[: len(parts)] and (best is None or len(parts) > best[0]):
            best = (len(parts), i)
    depth, start = best if best else (0, -1)
    if depth == len(keys):
        return start + 1
    end = next((i for i, _ in headers if i > start), len(lines))
    rest = keys[depth:]
    for n in range(len(rest), 0, -1):  # dotted keys `a.b = ...` or the first key `a = ...`
        dotted = r"\s*\.\s*".join(rf"[\"']?{re.escape(k)}[\"']?" for k in rest[:n])
        pattern = re.compile(rf"^\s*{dotted}\s*=")
        for i in range(start + 1, end):
            if pattern.match(lines[i]):
                return i + 1
    return start + 1 if best else None


def where(doc: Document | None, loc: Sequence[str | int], path: Path | None = None) -> str:
    """``file:line: key.path`` prefix of a message."""
    file = doc.path if doc else path
    line = locate(doc.text, loc) if doc else None
    head = f"{file}:{line}" if line else f"{file}"
    return f"{head}: {keypath(loc)}" if loc else head


def keypath(loc: Sequence[str | int]) -> str:
    """``parameters.bonus_rub.provinces`` or ``policy.bonus_rub.at[1]``."""
    out = ""
    for k in loc:
        if isinstance(k, int):
            out += f"[{k}]"
        else:
            k = k if re.fullmatch(r"[A-Za-z0-9_-]+", k) else f'"{k}"'
            out += f".{k}" if out else k
    return out


def show(value: Any, limit: int = 60) -> str:
    """A value as TOML-ish text, shortened."""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, int | float):
        text = fmt_number(value)
    elif isinstance(value, str):
        text = '"' + value.replace('"', '\\"') + '"'
    elif isinstance(value, Mapping):
        text = "{" + ", ".join(f"{k} = {show(v, limit)}" for k, v in value.items()) + "}"
    elif isinstance(value, list | tuple):
        text = "[" + ", ".join(show(v, limit) for v in value) + "]"
    else:
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def did_you_mean(name: str, pool: Sequence[str]) -> str:
    """``; did you mean `bonus_rub`?`` or an empty string."""
    hits = difflib.get_close_matches(name, list(pool), n=3, cutoff=0.6)
    if not hits:
        lowered = {p.lower(): p for p in pool}
        hits = [lowered[name.lower()]] if name.lower() in lowered else []
    return "; did you mean " + " or ".join(f"`{h}`" for h in hits) + "?" if hits else ""
