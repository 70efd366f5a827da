"""What a batch is asked to do, checked before any run: which files
(:func:`expand_scenarios`), which figures (:func:`parse_figures`), which overrides
(:class:`Settings`, :func:`parse_settings`, :func:`load`), which ensemble
(:class:`Members`), where to write (:func:`check_out`, :func:`check_format`,
:func:`check_stems`). A problem with the request itself is a :class:`UsageProblem` (exit
code 2), raised before anything runs. :mod:`wardilemma.batch` runs what is asked.
"""

from __future__ import annotations

import glob
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wardilemma.atomic import OutputError, ensure_writable_dir
from wardilemma.errors import InputError
from wardilemma.figures.save import FIGURE_FORMATS
from wardilemma.outputs import check_format as _output_format
from wardilemma.scenario import OVERRIDES, Scenario, ScenarioError, load_scenario

__all__ = [
    "Members",
    "Settings",
    "UsageProblem",
    "check_format",
    "check_out",
    "check_stems",
    "error_text",
    "expand_scenarios",
    "load",
    "parse_figures",
    "parse_settings",
]


class UsageProblem(InputError, ValueError):
    """A problem with the request itself, found before any run starts (exit code 2)."""


# ---------------------------------------------------------------------- the request


def expand_scenarios(args: Sequence[str | Path]) -> list[Path]:
    """Scenario files named by ``args``: files, directories (their ``*.toml``) and globs.

    Raises
    ------
    UsageProblem
        A directory without ``.toml`` files or a pattern matching nothing. A missing file
        is kept: loading it raises ``ScenarioError`` (``FILE: file not found``).
    """
    found_paths: list[Path] = []
    problems = []
    for arg in map(str, args):
        p = Path(arg)
        if p.is_dir():
            found = sorted(p.glob("*.toml"))
            if not found:
                problems.append(f"directory {arg!r} holds no .toml scenario files")
            found_paths.extend(found)
        elif not p.exists() and glob.has_magic(arg):
            found = sorted(Path(m) for m in glob.glob(arg) if Path(m).is_file())
            if not found:
                problems.append(f"no scenario files match {arg!r}")
            found_paths.extend(found)
        else:  # a missing file is reported by the loader, like any file that cannot be read
            found_paths.append(p)
    if problems:
        raise UsageProblem("\n".join(problems))
    unique: dict[Path, Path] = {}
    for p in found_paths:
        unique.setdefault(p.resolve(), p)
    return list(unique.values())


def parse_figures(text: str) -> tuple[str, ...]:
    """``"png,svg"`` -> ``("png", "svg")``; ``"none"`` or ``""`` -> no figures."""
    items = [t.strip().lower() for t in text.split(",") if t.strip()]
    if items in ([], ["none"]):
        return ()
    bad = [t for t in items if t not in FIGURE_FORMATS]
    if bad:
        raise UsageProblem(
            f"--plots: unknown figure format {', '.join(bad)}; "
            f"choose from {', '.join(FIGURE_FORMATS)} (comma-separated) or none"
        )
    return tuple(dict.fromkeys(items))


@dataclass(frozen=True)
class Settings:
    """``--set NAME[REGION]=VALUE`` items: the ``[parameters]`` table they make, and the
    text as typed (recorded in the outputs' provenance)."""

    table: Mapping[str, Any] = field(default_factory=dict)
    typed: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.typed)

    @property
    def label(self) -> str:
        """``"ceasefire_month=2025-07; bonus_rub[provinces]=4e6"``."""
        return "; ".join(self.typed)


_SET_RE = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\[\s*([A-Za-z0-9_ -]+?)\s*\])?\s*=(.*)$")


def parse_settings(items: Sequence[str]) -> Settings:
    """The syntax of ``--set`` items; names and values are checked by
    :func:`~wardilemma.scenario.load_scenario` (one validator for files and overrides).

    Numbers stay numbers; anything else, such as a ``YYYY-MM`` date, is passed as text.

    Raises
    ------
    UsageProblem
        An item that is not ``NAME=VALUE`` or ``NAME[REGION]=VALUE``.
    """
    table: dict[str, Any] = {}
    typed = []
    for item in items:
        m = _SET_RE.match(item)
        if not m or not m.group(3).strip():
            raise UsageProblem(f"--set {item!r}: expected NAME=VALUE or NAME[REGION]=VALUE")
        name, region, text = m.group(1), m.group(2), m.group(3).strip()
        try:
            value: float | str = float(text)
        except ValueError:
            value = text
        if region is None:
            table[name] = value
        else:
            current = table.get(name)
            table[name] = {**(current if isinstance(current, dict) else {}), region: value}
        typed.append(f"{name}[{region}]={text}" if region else f"{name}={text}")
    return Settings(table, tuple(typed))


def check_out(out: Path) -> Path:
    try:
        return ensure_writable_dir(out)
    except OutputError as exc:
        raise UsageProblem(f"--out: {exc}") from None


def check_format(fmt: str) -> None:
    try:
        _output_format(fmt)
    except OutputError as exc:
        raise UsageProblem(f"--format {fmt}: {exc}") from None


def check_stems(found: Sequence[Path], out: Path) -> None:
    by_stem: dict[str, list[Path]] = {}
    for p in found:
        by_stem.setdefault(p.stem, []).append(p)
    clashes = {s: ps for s, ps in by_stem.items() if len(ps) > 1}
    if clashes:
        text = "; ".join(f"{', '.join(map(str, ps))} -> {out / s}" for s, ps in clashes.items())
        raise UsageProblem(f"scenario files with the same name would share an output: {text}")


def error_text(exc: BaseException) -> str:
    """An error as its message: a scenario error's own text (every problem on its own line,
    once), ``cannot write FILE: reason`` for a write failure."""
    if isinstance(exc, OSError) and exc.filename and exc.strerror:
        return f"cannot write {exc.filename}: {exc.strerror}"
    return str(exc)


@dataclass(frozen=True)
class Members:
    """``--members N``: run each scenario as an ensemble of ``n`` draws from its
    ``[uncertainty]`` table (:func:`wardilemma.analysis.uncertainty.draw`); ``n == 1`` is one
    run."""

    n: int = 1
    seed: int | None = None
    sampler: str = "random"


def load(path: Path, settings: Settings) -> Scenario:
    """Load a scenario with the ``--set`` overrides; a problem with the ``--set`` values
    alone is a usage problem (the same for every file, so it is reported once, before any
    run)."""
    try:
        return load_scenario(path, overrides=settings.table)
    except ScenarioError as exc:
        mine = [p for p in exc.problems if p.startswith(f"{OVERRIDES}:")]
        if mine and len(mine) == len(exc.problems):
            raise UsageProblem("\n".join(mine)) from None
        raise
