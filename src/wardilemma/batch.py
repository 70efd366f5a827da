"""Batches of runs: scenario files in, one report out (what ``wardilemma run``, ``compare``
and ``demo`` call); what a batch is asked to do is checked in :mod:`wardilemma.request`.
About 490 lines: loading, running, writing and resuming a batch share its report.

:func:`run_many` expands files, directories and globs, loads every scenario (with ``--set``
overrides validated by :func:`~wardilemma.scenario.load_scenario`, like a file's values),
runs the valid ones and writes their outputs, and returns a :class:`BatchReport`. One bad
file does not stop the others unless ``keep_going=False``. An interruption (Ctrl-C)
between or during runs stops the batch cleanly: each scenario's folder is written whole
(:func:`~wardilemma.outputs.atomic_dir`), the report says which runs are still to do, and
``resume=True`` keeps the outputs already complete for the same scenario, version and
options. Problems with the request itself (a directory without scenarios, a pattern
matching nothing, an unknown format, an unwritable folder, a wrong ``--set``) raise
:class:`~wardilemma.request.UsageProblem` before any run starts; a missing or invalid file
is reported like any bad file, and creates nothing. :func:`compare_many` runs two or more
scenarios and writes their comparison.
"""

from __future__ import annotations

import dataclasses
import json
import time
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from wardilemma import paths, request
from wardilemma._version import __version__
from wardilemma.atomic import write_text
from wardilemma.engine.backends import one_shot_backend
from wardilemma.engine.run import simulate
from wardilemma.errors import WardilemmaError
from wardilemma.outputs import (
    DASHBOARD_STEM,
    METRICS_FILE,
    PARENT_KEY,
    TIMESERIES_STEM,
    check_format,
    write_comparison,
    write_run,
)
from wardilemma.request import (
    Members,
    Settings,
    UsageProblem,
    error_text,
    expand_scenarios,
)
from wardilemma.results import Results, same_paths
from wardilemma.scenario import (
    Scenario,
    ScenarioError,
    ScenarioWarning,
    load_scenario,
)
from wardilemma.tables import (
    SummaryRow,
    Table,
    comparison_table,
    metrics_summary,
    parameter_differences,
    parent_differences,
    run_labels,
)
from wardilemma.text import ILLUSTRATIVE

__all__ = [
    "DEMO_SCENARIOS",
    "BatchReport",
    "Comparison",
    "Outcome",
    "compare_many",
    "demo_paths",
    "run_many",
]

#: Exit codes of a batch: all ran, a run failed, a usage or validation problem, interrupted.
OK, RUN_FAILED, USAGE, INTERRUPTED = 0, 1, 2, 130

#: One row per input, one column per metric: written beside the per-scenario folders.
SUMMARY_FILE = "summary.csv"

#: The two scenarios of ``wardilemma demo``.
DEMO_SCENARIOS = ("war_continues.toml", "sudden_peace.toml")

#: Errors a run may raise that are reported as a failed run (anything else is a bug).
RUN_ERRORS = (WardilemmaError,)


def _simulate(
    scenario: Scenario, months: int | None, settings: Settings, backend: str | None = None
) -> Results:
    res = simulate(scenario, months=months, backend=backend)
    if settings:
        res = dataclasses.replace(res, metadata={**res.metadata, "overrides": settings.label})
    return res


def _simulate_members(scenario: Scenario, months: int | None, settings: Settings,
                      members: Members, backend: str | None = None) -> Results:  # fmt: skip
    """One run (on ``backend``, default ``auto``), or with ``members.n > 1`` an ensemble of
    draws from the scenario's ``[uncertainty]`` table."""
    if members.n == 1:
        return _simulate(scenario, months, settings, backend)
    from wardilemma.analysis.uncertainty import draw

    seed = members.seed if members.seed is not None else (scenario.seed or 0)
    draws = draw(scenario, members.n, seed=seed, sampler=members.sampler)
    res = simulate(scenario, months=months, parameters=draws.parameters(scenario))
    extra = {"seed": seed, "sampler": members.sampler}
    if settings:
        extra["overrides"] = settings.label
    return dataclasses.replace(res, metadata={**res.metadata, **extra})


def _bands_text(results: Results) -> str:
    """The key metrics of an ensemble as 5th, 50th and 95th percentiles over its members."""
    from wardilemma.analysis.uncertainty.analysis import metric_bands
    from wardilemma.metrics import KEY_METRICS, METRICS, format_value

    head = f"metric ({results.n_members} members)"
    lines = [f"  {head:<44}{'p5':>12}{'median':>12}{'p95':>12}  happens in"]
    for band in metric_bands(results, KEY_METRICS):
        if band["region"] not in ("", "all regions"):
            continue
        metric = METRICS[str(band["metric"])]
        cells = [format_value(metric, band[k], results.start) for k in ("p5", "p50", "p95")]  # type: ignore[arg-type]
        lines.append(
            f"  {metric.label:<44}" + "".join(f"{c:>12}" for c in cells)
            + f"  {band['defined']}/{results.n_members}"
        )  # fmt: skip
    return "\n".join(lines)


# ---------------------------------------------------------------------- run_many


@dataclass(frozen=True)
class Outcome:
    """What became of one scenario file of a batch.

    ``status`` is ``"ok"`` (ran, ``written`` lists its files), ``"kept"`` (with
    ``resume``: its outputs were already complete), ``"invalid"`` (the file did not load,
    ``error`` says why), ``"failed"`` (the run or the writing failed), ``"skipped"`` (not
    run after an earlier failure with ``keep_going=False``) or ``"interrupted"`` (not
    finished when the batch was interrupted).
    """

    path: Path
    status: str
    written: tuple[Path, ...] = ()
    error: str = ""
    bands: str = ""


@dataclass(frozen=True)
class BatchReport:
    """The outcome of every scenario of a batch, in the order given, the ``summary.csv``
    written beside their folders (one row per input) and the runs that have the same paths
    as an earlier one (``same_paths``: ``(file, earlier file)``)."""

    outcomes: tuple[Outcome, ...]
    summary_file: Path | None = None
    interrupted: bool = False
    same_paths: tuple[tuple[Path, Path], ...] = ()

    def having(self, status: str) -> list[Outcome]:
        """Outcomes with the given status."""
        return [o for o in self.outcomes if o.status == status]

    @property
    def exit_code(self) -> int:
        """130 interrupted, 2 a file was invalid, 1 a run failed, else 0."""
        if self.interrupted:
            return INTERRUPTED
        if self.having("invalid"):
            return USAGE
        return RUN_FAILED if self.having("failed") else OK

    def summary(self) -> str:
        """``"3 scenarios: 2 ok, 1 failed. Illustrative model, not a forecast."``"""
        parts = [f"{len(self.having('ok'))} ok"]
        for status, words in (
            ("kept", "kept (complete from an earlier run)"),
            ("invalid", "invalid"),
            ("failed", "failed"),
            ("interrupted", "not finished (interrupted)"),
        ):
            if self.having(status):
                parts.append(f"{len(self.having(status))} {words}")
        if self.having("skipped"):
            parts.append(f"{len(self.having('skipped'))} skipped (--fail-fast)")
        n = len(self.outcomes)
        return f"{n} scenario{'s' if n != 1 else ''}: {', '.join(parts)}. {ILLUSTRATIVE}."


#: The words that mark a run with the same paths as an earlier one, in the printed report
#: and in ``summary.csv`` (as in the legends and tables of a comparison).
SAME_PATHS_NOTE = "same paths as {other} (the same run under another name)"


def run_many(
    scenarios: Sequence[str | Path],
    out: str | Path,
    *,
    fmt: str = "csv",
    figures: Sequence[str] = ("png",),
    months: int | None = None,
    settings: Settings | None = None,
    keep_going: bool = True,
    on_outcome: Callable[[Outcome], None] | None = None,
    members: Members | None = None,
    resume: bool = False,
) -> BatchReport:
    """Run scenario files and write, per scenario, ``OUT/<file stem>/`` (time series,
    ``metrics.json``, dashboard figures) whole or not at all, and, for two or more inputs of
    which one ran, ``OUT/summary.csv`` (one row per input with its status). An input that
    does not load creates nothing.

    Parameters
    ----------
    scenarios
        Files, directories (all their ``*.toml``) or glob patterns.
    out
        Output folder; each scenario writes into a sub-folder named after its file.
    fmt, figures
        Time-series format (a key of :data:`~wardilemma.outputs.FORMATS`) and dashboard
        figure formats (:data:`~wardilemma.figures.save.FIGURE_FORMATS`).
    months
        Run length (default: each scenario's).
    settings
        ``--set`` overrides (:func:`parse_settings`), applied to every scenario.
    keep_going
        Go on after an invalid file or a failed run (otherwise stop at the first).
    on_outcome
        Called with each :class:`Outcome` as soon as it is known (progress, messages).
    members
        Run each scenario as an ensemble of draws from its ``[uncertainty]`` table
        (``metrics.json`` and the outcome's ``bands`` give the metrics' percentiles).
    resume
        Keep (status ``"kept"``) a scenario whose outputs are complete and were made by
        this version from the same scenario bytes and options (simulated again in memory,
        for its row of ``summary.csv`` only); run the others.

    Interrupted (``KeyboardInterrupt``), the report has ``interrupted=True`` and the
    unfinished scenarios as ``"interrupted"`` (their folders absent, or as an earlier run
    left them); no ``summary.csv``.

    Raises
    ------
    UsageProblem
        Before any run, for a problem with the request itself.
    """
    settings = settings or Settings()
    members = members or Members()
    out = Path(out)
    request.check_format(fmt)
    found = expand_scenarios(scenarios)
    request.check_stems(found, out)
    notify = on_outcome or (lambda outcome: None)

    outcomes: dict[Path, Outcome] = {}
    jobs: list[tuple[Path, Scenario]] = []
    for path in found:
        try:
            jobs.append((path, _load_job(path, settings, members, months)))
        except ScenarioError as exc:
            outcomes[path] = Outcome(path, "invalid", error=error_text(exc))
            notify(outcomes[path])
            if not keep_going:
                return BatchReport(tuple(outcomes.values()))
    created = bool(jobs) and not out.exists()
    if jobs:
        request.check_out(out)
    rows: dict[Path, Results | None] = {}  # the summary row of each run (None: kept)
    # one single run: the NumPy engine, cheaper than loading the compiled kernel
    backend = one_shot_backend(len(jobs)) if members.n == 1 else None

    def run_one(path: Path, scenario: Scenario, stamp: str) -> Outcome:
        """Run one scenario and write its folder; a failure is an outcome, not an error."""
        try:
            res = _simulate_members(scenario, months, settings, members, backend)
            extra = {"options": stamp}
            if (diff := parent_differences(scenario)) is not None:
                extra[PARENT_KEY] = diff
            res = dataclasses.replace(res, metadata={**res.metadata, **extra})
            written = write_run(res, out / path.stem, fmt=fmt, figures=figures)
        except OSError as exc:
            return Outcome(path, "failed", error=error_text(exc))
        except RUN_ERRORS as exc:
            return Outcome(path, "failed", error=f"{type(exc).__name__}: {exc}")
        except Exception as exc:  # keep the batch going; report the bug
            return Outcome(path, "failed", error=f"unexpected {type(exc).__name__}: {exc}; "
                           "this is a bug in wardilemma, please report it")  # fmt: skip
        rows[path] = res.select(_summary_variables(res))
        bands = _bands_text(res) if res.n_members > 1 else ""
        return Outcome(path, "ok", written=tuple(written), bands=bands)

    stop = interrupted = False
    try:  # Ctrl-C at any moment of the runs: the folders are whole or absent
        for path, scenario in jobs:
            if stop:
                outcomes[path] = Outcome(path, "skipped")
                continue
            expected = _expected_files(out / path.stem, fmt, figures)
            stamp = _stamp(scenario, months, settings, members)
            if resume and _complete(out / path.stem, expected, stamp, scenario.sha256):
                outcomes[path] = Outcome(path, "kept", written=tuple(expected))
                notify(outcomes[path])
                rows[path] = None
                continue
            started = time.time_ns()
            outcomes[path] = Outcome(path, "interrupted")  # until its folder is in place
            outcomes[path] = run_one(path, scenario, stamp)
            notify(outcomes[path])
            stop = outcomes[path].status == "failed" and not keep_going
    except KeyboardInterrupt:
        interrupted = True
        done = out / path.stem / METRICS_FILE  # in place before its line was said: finished
        if (o := outcomes.get(path)) is not None and o.status == "interrupted" and _complete(
            out / path.stem, expected, stamp, scenario.sha256
        ) and done.stat().st_mtime_ns >= started:  # fmt: skip
            outcomes[path] = Outcome(path, "ok", written=tuple(expected))
        outcomes.update({p: Outcome(p, "interrupted") for p, _ in jobs if p not in outcomes})
    ordered = tuple(outcomes[p] for p in found if p in outcomes)
    if interrupted or not rows:
        if created and not any(out.iterdir()):  # nothing ran to the end: leave no trace
            out.rmdir()
        return BatchReport(ordered, None, interrupted)
    runs = {p: r if r is not None else _summary_run(p, settings, months, members, backend)
            for p, r in rows.items()}  # fmt: skip
    same = _same_paths(runs)
    summary = None
    if len(ordered) >= 2:
        table = metrics_summary([
            SummaryRow(str(o.path), o.status, o.error, runs.get(o.path))
            for o in ordered
        ])  # fmt: skip
        summary = write_text(out / SUMMARY_FILE, table.render("csv"))
    return BatchReport(ordered, summary, False, same)


def _load_job(path: Path, settings: Settings, members: Members, months: int | None) -> Scenario:
    """Load one input of a batch, with the checks of ``--members``."""
    scenario = request.load(path, settings)
    if members.n > 1 and not scenario.uncertainty:
        raise ScenarioError(
            f"{path}: --members {members.n} needs an [uncertainty] table to draw from "
            "(add one, or extend baseline.toml)"
        )
    if members.n > 1:
        from wardilemma.analysis.uncertainty.budget import check_full_ensemble

        check_full_ensemble(scenario, members.n, months=months)
    return scenario


def _same_paths(runs: Mapping[Path, Results]) -> tuple[tuple[Path, Path], ...]:
    """``(file, earlier file)`` for each run whose paths equal an earlier run's."""
    files = list(runs)
    twins = same_paths(list(runs.values()))
    return tuple((files[i], files[t]) for i, t in enumerate(twins) if t is not None)


def _expected_files(folder: Path, fmt: str, figures: Sequence[str]) -> list[Path]:
    """The files :func:`~wardilemma.outputs.write_run` writes into ``folder``."""
    writer = check_format(fmt)
    return [
        folder / f"{TIMESERIES_STEM}{writer.suffix}",
        folder / METRICS_FILE,
        *(folder / f"{DASHBOARD_STEM}.{f}" for f in figures),
    ]


def _stamp(scenario: Scenario, months: int | None, settings: Settings, members: Members) -> str:
    """The options that shape a run's outputs, recorded with them (``options`` in the
    provenance) so that ``resume`` redoes a run made differently."""
    return json.dumps(
        {"months": months, "set": list(settings.typed), "members": members.n,
         "seed": members.seed, "sampler": members.sampler if members.n > 1 else None},
        sort_keys=True,
    )  # fmt: skip


def _complete(folder: Path, expected: Sequence[Path], stamp: str, sha256: str) -> bool:
    """True when every expected file exists and ``metrics.json`` (written after the time
    series, before the figures) records this scenario hash, version and options."""
    if not all(p.is_file() for p in expected):
        return False
    try:
        prov = json.loads((folder / METRICS_FILE).read_text(encoding="utf-8"))["provenance"]
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return (
        prov.get("wardilemma_version") == __version__
        and prov.get("options") == stamp
        and prov.get("scenario_sha256") == sha256
    )


def _summary_run(
    path: Path, settings: Settings, months: int | None, members: Members, backend: str | None
) -> Results:
    with warnings.catch_warnings():  # said once already, when the batch loaded it
        warnings.simplefilter("ignore", ScenarioWarning)
        scenario = request.load(path, settings)
    res = _simulate_members(scenario, months, settings, members, backend)
    return res.select(_summary_variables(res))


def _summary_variables(res: Results) -> list[str]:
    """The variables the metrics read (a run's summary row needs no more)."""
    from wardilemma.metrics import METRICS

    return sorted({v for m in METRICS.values() for v in m.needs if v in res})


# ---------------------------------------------------------------------- compare_many


@dataclass(frozen=True)
class Comparison:
    """Runs compared side by side, the tables shown and the files written."""

    runs: tuple[Results, ...]
    scenarios: tuple[Scenario, ...]
    labels: tuple[str, ...]
    metrics: Table
    differences: Table
    written: Mapping[str, Path]


def compare_many(
    scenarios: Sequence[str | Path],
    out: str | Path,
    *,
    months: int | None = None,
    figures: Sequence[str] = ("png",),
) -> Comparison:
    """Run two or more scenarios and write their comparison into ``out``: the overlaid
    dashboard, a table of key metrics and a table of the parameters and levers that differ
    (:func:`~wardilemma.outputs.write_comparison`).

    Raises
    ------
    UsageProblem
        Fewer than two files, no figure format, an unwritable folder.
    ScenarioError
        A file is invalid (every invalid file's problems, one after the other).
    """
    if not figures:
        raise UsageProblem("--plots: compare needs at least one figure format")
    found = expand_scenarios(scenarios)
    if len(found) < 2:
        raise UsageProblem(f"compare needs at least two scenario files, got {len(found)}")
    loaded, problems = [], []
    for path in found:
        try:
            loaded.append(load_scenario(path))
        except ScenarioError as exc:
            text = error_text(exc)
            problems.append(text if str(path) in text else f"{path}: {text}")
    if problems:
        raise ScenarioError("\n".join(problems), problems=problems)
    request.check_out(Path(out))
    runs = [_simulate(sc, months, Settings()) for sc in loaded]
    labels = run_labels([r.scenario for r in runs])
    written = write_comparison(runs, loaded, out, figures=figures)
    return Comparison(
        runs=tuple(runs),
        scenarios=tuple(loaded),
        labels=tuple(labels),
        metrics=comparison_table(runs, labels=labels),
        differences=parameter_differences(loaded, labels=labels),
        written=written,
    )


def demo_paths() -> list[Path]:
    """The two scenarios of the demo (war continues, sudden peace).

    Raises
    ------
    UsageProblem
        When the shipped ``scenarios/`` folder cannot be found.
    """
    folder = paths.find_scenarios_dir()
    if folder is None:
        raise UsageProblem(
            "cannot find the shipped scenarios/ directory (with "
            f"{' and '.join(DEMO_SCENARIOS)}); run from the repository or set "
            "WARDILEMMA_SCENARIOS=/path/to/scenarios"
        )
    return [folder / name for name in DEMO_SCENARIOS]
