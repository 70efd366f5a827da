"""Commands ``run``, ``compare`` and ``demo``: run scenario files, compare them, show the thesis.

Exit codes: 0 all succeeded; 1 a run failed (simulation or writing); 2 usage or validation
error (bad option, invalid scenario file, ``--set`` out of range, unwritable ``--out``).
Usage and validation problems in the options are found before any run starts.
"""

from __future__ import annotations

import contextlib
import dataclasses
import glob
import os
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from ..engine import SimulationError
from ..model import WAR_ECONOMY
from ..results import Results
from ..scenario import Scenario, ScenarioError, load_scenario
from ..text import ILLUSTRATIVE
from . import main

#: Exit codes.
OK, RUN_FAILED, USAGE = 0, 1, 2

#: The two scenarios of ``wardilemma demo``.
DEMO_SCENARIOS = ("war_continues.toml", "sudden_peace.toml")


class UsageProblem(Exception):
    """A usage or validation problem found before any work (exit code 2)."""


# ---------------------------------------------------------------------- helpers


def _error(message: str) -> None:
    click.echo(f"error: {message}", err=True)


def _scenario_error_text(exc: ScenarioError) -> str:
    problems = list(getattr(exc, "problems", None) or [])
    if len(problems) <= 1:
        return str(exc)
    return str(exc) + "\n" + "\n".join(f"  - {p}" for p in problems if p != str(exc))


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def expand_scenarios(args: Sequence[str]) -> list[Path]:
    """Scenario files named by ``args``: files, directories (their ``*.toml``) and globs.

    Raises
    ------
    UsageProblem
        A directory without ``.toml`` files, a pattern matching nothing or a missing file.
    """
    paths: list[Path] = []
    problems = []
    for arg in args:
        p = Path(arg)
        if p.is_dir():
            found = sorted(p.glob("*.toml"))
            if not found:
                problems.append(f"directory {arg!r} holds no .toml scenario files")
            paths.extend(found)
        elif not p.exists() and glob.has_magic(arg):
            found = sorted(Path(m) for m in glob.glob(arg) if Path(m).is_file())
            if not found:
                problems.append(f"no scenario files match {arg!r}")
            paths.extend(found)
        elif not p.exists():
            problems.append(f"scenario file not found: {arg!r}")
        else:
            paths.append(p)
    if problems:
        raise UsageProblem("\n".join(problems))
    unique: dict[Path, Path] = {}
    for p in paths:
        unique.setdefault(p.resolve(), p)
    return list(unique.values())


def parse_figures(text: str) -> tuple[str, ...]:
    """``"png,svg"`` -> ``("png", "svg")``; ``"none"`` or ``""`` -> no figures."""
    from ..outputs import FIGURE_FORMATS

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
class Override:
    """One ``--set NAME[REGION]=VALUE`` as typed on the command line."""

    name: str
    region: str | None
    text: str

    def __str__(self) -> str:
        where = f"[{self.region}]" if self.region else ""
        return f"{self.name}{where}={self.text}"


_SET_RE = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\[\s*([A-Za-z0-9_ -]+?)\s*\])?\s*=(.*)$")


def parse_overrides(items: Sequence[str]) -> list[Override]:
    """Check the syntax and names of ``--set`` items (values are checked per scenario).

    Raises
    ------
    UsageProblem
        Bad syntax, unknown parameter (with a did-you-mean), a region on a national one.
    """
    out = []
    for item in items:
        m = _SET_RE.match(item)
        if not m or not m.group(3).strip():
            raise UsageProblem(f"--set {item!r}: expected NAME=VALUE or NAME[REGION]=VALUE")
        name, region, text = m.group(1), m.group(2), m.group(3).strip()
        p = WAR_ECONOMY.parameters.get(name)
        if p is None:
            hint = WAR_ECONOMY.suggest(name, WAR_ECONOMY.parameters)
            extra = f"; did you mean {hint[0]!r}?" if hint else ""
            kind = "a variable, not a parameter" if name in WAR_ECONOMY.elements else ""
            raise UsageProblem(f"--set {item!r}: unknown parameter {name!r}{extra}" + (
                f" ({name!r} is {kind})" if kind else ""))  # fmt: skip
        if region is not None and not p.regional:
            raise UsageProblem(f"--set {item!r}: {name!r} is national: give no [region]")
        out.append(Override(name, region, text))
    return out


def override_table(overrides: Sequence[Override]) -> dict[str, Any]:
    """The ``--set`` values as a ``[parameters]`` table for
    :func:`~wardilemma.scenario.load_scenario`, which validates them like a file's values
    (numbers stay numbers; anything else, such as a ``YYYY-MM`` date, is passed as text)."""
    table: dict[str, Any] = {}
    for ov in overrides:
        try:
            value: float | str = float(ov.text)
        except ValueError:
            value = ov.text
        if ov.region is None:
            table[ov.name] = value
        else:
            current = table.get(ov.name)
            table[ov.name] = {**(current if isinstance(current, dict) else {}), ov.region: value}
    return table


def _check_out(out: Path) -> Path:
    from ..outputs import OutputError, ensure_writable_dir

    try:
        return ensure_writable_dir(out)
    except OutputError as exc:
        raise UsageProblem(f"--out: {exc}") from None


def _check_format(fmt: str) -> None:
    from ..outputs import OutputError, check_format

    try:
        check_format(fmt)
    except OutputError as exc:
        raise UsageProblem(f"--format {fmt}: {exc}") from None


def _load(path: Path, overrides: Sequence[Override] = ()) -> Scenario:
    return load_scenario(path, overrides=override_table(overrides))


def _simulate(scenario: Scenario, months: int | None, overrides: Sequence[Override]) -> Results:
    from ..engine import simulate

    res = simulate(scenario, months=months)
    if overrides:
        meta = {**res.metadata, "overrides": "; ".join(str(o) for o in overrides)}
        res = dataclasses.replace(res, metadata=meta)
    return res


@contextlib.contextmanager
def _progress(items: list[Any], label: str, show: bool):
    if not show:
        yield items
        return
    with click.progressbar(items, label=label, file=sys.stderr, show_pos=True) as bar:
        yield bar


# ---------------------------------------------------------------------- run


@main.command()
@click.argument("scenarios", nargs=-1, required=True, metavar="SCENARIOS...")
@click.option(
    "--out",
    "-o",
    type=click.Path(path_type=Path),
    default=Path("out"),
    show_default=True,
    help="Output directory; each scenario writes OUT/<file stem>/.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "parquet", "netcdf"]),
    default="csv",
    show_default=True,
    help="Time-series format (parquet and netcdf need wardilemma[data]).",
)
@click.option(
    "--plots",
    "plots",
    default="png",
    show_default=True,
    metavar="FORMATS",
    help="Dashboard figure formats, comma-separated: png,svg,pdf (or none).",
)
@click.option(
    "--months",
    type=click.IntRange(min=1),
    default=None,
    help="Run length in months (default: the scenario's).",
)
@click.option(
    "--set",
    "settings",
    multiple=True,
    metavar="NAME[REGION]=VALUE",
    help="Override a parameter for this run (repeatable); checked like a file value.",
)
@click.option(
    "--keep-going/--fail-fast",
    default=True,
    show_default=True,
    help="Go on with the other scenarios when one fails, or stop at the first.",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no report on stdout.")
def run(
    scenarios: tuple[str, ...],
    out: Path,
    fmt: str,
    plots: str,
    months: int | None,
    settings: tuple[str, ...],
    keep_going: bool,
    quiet: bool,
) -> None:
    """Run scenario files and write, per scenario, a tidy time series, metrics.json and a
    dashboard figure into OUT/<file stem>/.

    SCENARIOS are files, directories (all their *.toml) or glob patterns. Exit code 0 when
    every run succeeded, 1 when a run failed, 2 for usage or validation errors (including
    an invalid scenario file).

    Illustrative model, not a forecast.
    """
    from ..outputs import write_run

    try:
        figures = parse_figures(plots)
        _check_format(fmt)
        overrides = parse_overrides(settings)
        paths = expand_scenarios(scenarios)
        _check_stems(paths, out)
        _check_out(out)
    except UsageProblem as exc:
        _error(str(exc))
        raise SystemExit(USAGE) from None

    jobs: list[tuple[Path, Scenario]] = []
    invalid: list[tuple[Path, str]] = []
    for path in paths:
        try:
            sc = _load(path, overrides)
        except (ScenarioError, UsageProblem) as exc:
            text = _scenario_error_text(exc) if isinstance(exc, ScenarioError) else str(exc)
            _error(text if str(path) in text else f"{path}: {text}")
            invalid.append((path, text))
            if not keep_going:
                raise SystemExit(USAGE) from None
            continue
        jobs.append((path, sc))

    done: list[tuple[Path, list[Path]]] = []
    failed: list[tuple[Path, str]] = []
    show = len(jobs) > 1 and not quiet and _isatty(sys.stderr)
    with _progress(jobs, "Running scenarios", show) as bar:
        for path, sc in bar:
            try:
                res = _simulate(sc, months, overrides)
                written = write_run(res, out / path.stem, fmt=fmt, figures=figures)
            except (SimulationError, ScenarioError, OSError, ValueError) as exc:
                failed.append((path, f"{type(exc).__name__}: {exc}"))
            except Exception as exc:  # keep the batch going; report the unexpected error
                failed.append((path, f"unexpected {type(exc).__name__}: {exc}"))
            else:
                done.append((path, written))
                continue
            if show:
                click.echo("", err=True)
            _error(f"{path}: run failed: {failed[-1][1]}")
            if not keep_going:
                break

    skipped = len(jobs) - len(done) - len(failed)
    if not quiet:
        for path, written in done:
            names = ", ".join(p.name for p in written)
            click.echo(f"ok       {path} -> {written[0].parent}/ ({names})")
        for path, _ in invalid:
            click.echo(f"invalid  {path}")
        for path, _ in failed:
            click.echo(f"failed   {path}")
        parts = [f"{len(done)} ok"]
        parts += [f"{len(invalid)} invalid"] if invalid else []
        parts += [f"{len(failed)} failed"] if failed else []
        parts += [f"{skipped} skipped (--fail-fast)"] if skipped else []
        n = len(paths)
        click.echo(f"{n} scenario{'s' if n != 1 else ''}: {', '.join(parts)}. {ILLUSTRATIVE}.")
    if invalid:
        raise SystemExit(USAGE)
    if failed:
        raise SystemExit(RUN_FAILED)


def _check_stems(paths: Sequence[Path], out: Path) -> None:
    by_stem: dict[str, list[Path]] = {}
    for p in paths:
        by_stem.setdefault(p.stem, []).append(p)
    clashes = {s: ps for s, ps in by_stem.items() if len(ps) > 1}
    if clashes:
        text = "; ".join(f"{', '.join(map(str, ps))} -> {out / s}" for s, ps in clashes.items())
        raise UsageProblem(f"scenario files with the same name would share an output: {text}")


# ---------------------------------------------------------------------- compare and demo


def _compare(
    args: Sequence[str] | Sequence[Path], out: Path, months: int | None, figures: Sequence[str]
) -> int:
    """Load, run and write the comparison; print the tables and paths; return an exit code."""
    from ..outputs import comparison_table, parameter_differences, run_labels, write_comparison

    try:
        paths = expand_scenarios([str(a) for a in args])
        if len(paths) < 2:
            raise UsageProblem(f"compare needs at least two scenario files, got {len(paths)}")
        scenarios = []
        bad = False
        for path in paths:
            try:
                scenarios.append(_load(path))
            except ScenarioError as exc:
                text = _scenario_error_text(exc)
                _error(text if str(path) in text else f"{path}: {text}")
                bad = True
        if bad:
            return USAGE
        _check_out(out)
    except UsageProblem as exc:
        _error(str(exc))
        return USAGE
    try:
        runs = [_simulate(sc, months, ()) for sc in scenarios]
        labels = run_labels([r.scenario for r in runs])
        written = write_comparison(runs, scenarios, out, figures=figures)
    except (SimulationError, ScenarioError, OSError, ValueError) as exc:
        _error(f"comparison failed: {type(exc).__name__}: {exc}")
        return RUN_FAILED
    click.echo(comparison_table(runs, labels=labels).render("text"))
    click.echo(parameter_differences(scenarios, labels=labels).render("text"))
    click.echo("Wrote:")
    for _kind, path in sorted(written.items(), key=lambda kv: not kv[0].startswith("figure")):
        click.echo(f"  {path}")
    return OK


@main.command()
@click.argument("scenarios", nargs=-1, required=True, metavar="A B [C...]")
@click.option(
    "--out",
    "-o",
    type=click.Path(path_type=Path),
    default=Path("out"),
    show_default=True,
    help="Output directory for the figure and tables.",
)
@click.option(
    "--months",
    type=click.IntRange(min=1),
    default=None,
    help="Run length in months (default: each scenario's).",
)
@click.option(
    "--plots",
    "plots",
    default="png",
    show_default=True,
    metavar="FORMATS",
    help="Comparison figure formats, comma-separated: png,svg,pdf.",
)
def compare(scenarios: tuple[str, ...], out: Path, months: int | None, plots: str) -> None:
    """Overlay two or more scenarios on one dashboard, and print and save a table of key
    metrics and a table of the parameters and levers that differ between them.

    Writes OUT/comparison.png, comparison_metrics.csv/.md, scenario_differences.csv/.md.
    Illustrative model, not a forecast.
    """
    try:
        figures = parse_figures(plots)
    except UsageProblem as exc:
        _error(str(exc))
        raise SystemExit(USAGE) from None
    if not figures:
        _error("--plots: compare needs at least one figure format")
        raise SystemExit(USAGE)
    code = _compare(scenarios, out, months, figures)
    if code:
        raise SystemExit(code)


def find_scenarios_dir(start: Path | None = None) -> Path | None:
    """The shipped ``scenarios/`` directory: ``$WARDILEMMA_SCENARIOS``, then next to the
    package's parents (a source checkout), then the working directory; None if not found."""
    here = (start or Path(__file__)).resolve()
    candidates = []
    if os.environ.get("WARDILEMMA_SCENARIOS"):
        candidates.append(Path(os.environ["WARDILEMMA_SCENARIOS"]))
    candidates += [parent / "scenarios" for parent in here.parents]
    candidates.append(Path.cwd() / "scenarios")
    for c in candidates:
        if all((c / name).is_file() for name in DEMO_SCENARIOS):
            return c
    return None


@main.command()
@click.option(
    "--out",
    "-o",
    type=click.Path(path_type=Path),
    default=Path("out"),
    show_default=True,
    help="Output directory for the figure and tables.",
)
def demo(out: Path) -> None:
    """War continues against sudden peace: the comparison figure and tables that carry the
    thesis (what ``make demo`` runs). Prints the paths of what it wrote.

    Illustrative model, not a forecast.
    """
    folder = find_scenarios_dir()
    if folder is None:
        _error(
            "cannot find the shipped scenarios/ directory (with "
            f"{' and '.join(DEMO_SCENARIOS)}); run from the repository or set "
            "WARDILEMMA_SCENARIOS=/path/to/scenarios"
        )
        raise SystemExit(USAGE)
    code = _compare([folder / name for name in DEMO_SCENARIOS], out, None, ("png",))
    if code:
        raise SystemExit(code)
