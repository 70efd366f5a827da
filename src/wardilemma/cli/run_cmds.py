"""Commands ``run``, ``compare`` and ``demo``: parse, call :mod:`wardilemma.batch`, print.

Exit codes: 0 all succeeded; 1 a run failed (simulation or writing); 2 usage or validation
error (bad option, invalid scenario file, ``--set`` out of range, unwritable ``--out``).
Usage and validation problems in the options are found before any run starts.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from wardilemma import batch, request
from wardilemma.cli.options import (
    USAGE,
    ProgressBar,
    fail,
    months_option,
    out_option,
    plots_option,
    resume_command,
    warn,
)


@click.command()
@click.argument("scenarios", nargs=-1, required=True, metavar="SCENARIOS...")
@out_option("Output directory; each scenario writes OUT/<file stem>/.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "parquet", "netcdf"]),
    default="csv",
    show_default=True,
    help="Time-series format (parquet and netcdf need wardilemma[data]).",
)
@plots_option("Dashboard figure formats, comma-separated: png,svg,pdf (or none).")
@months_option()
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
@click.option(
    "--members",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Run each scenario as an ensemble of N draws from its [uncertainty] table; "
    "metrics.json and the report show the metrics' percentile bands.",
)
@click.option("--seed", type=click.IntRange(min=0), default=None,
              help="Seed of the draws (default: the scenario's, else 0).")  # fmt: skip
@click.option("--sampler", type=click.Choice(["random", "lhs", "sobol"]), default="random",
              show_default=True, help="How --members are drawn.")  # fmt: skip
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no report on stdout.")
@click.option(
    "--resume",
    is_flag=True,
    help="Keep the outputs already complete for the same scenario file, version and options "
    "(after an interruption); run the others.",
)
def run(
    scenarios: tuple[str, ...],
    out: Path,
    fmt: str,
    plots: str,
    months: int | None,
    settings: tuple[str, ...],
    keep_going: bool,
    members: int,
    seed: int | None,
    sampler: str,
    quiet: bool,
    resume: bool,
) -> None:
    """Run scenario files and write, per scenario, a tidy time series, metrics.json and a
    dashboard figure into OUT/<file stem>/.

    SCENARIOS are files, directories (all their *.toml) or glob patterns; each `ok` line is
    printed as its scenario finishes, and OUT/summary.csv has one row per input with its
    status. Exit code 0 when every run succeeded, 1 when a run failed, 2 for usage or
    validation errors (including an invalid or missing scenario file: it creates nothing,
    the other files still run), 130 when interrupted (Ctrl-C): each scenario's folder is
    whole or absent, and the command printed with --resume runs the rest.

    Illustrative model, not a forecast.
    """
    try:
        figures = request.parse_figures(plots)
        parsed = request.parse_settings(settings)
        n = len(request.expand_scenarios(scenarios))
        with ProgressBar("Running scenarios", quiet=quiet or n < 2) as bar:

            def report(outcome: batch.Outcome) -> None:
                bar(1, n)
                if outcome.status == "invalid":
                    text, path = outcome.error, str(outcome.path)
                    bar.echo(f"error: {text if text.startswith(path) else f'{path}: {text}'}",
                             err=True)  # fmt: skip
                elif outcome.status == "failed":
                    bar.echo(f"error: {outcome.path}: run failed: {outcome.error}", err=True)
                elif outcome.status in ("ok", "kept") and not quiet:
                    bar.echo(_done_line(outcome))

            result = batch.run_many(
                scenarios, out, fmt=fmt, figures=figures, months=months, settings=parsed,
                keep_going=keep_going, on_outcome=report,
                members=request.Members(members, seed, sampler), resume=resume,
            )  # fmt: skip
    except request.UsageProblem as exc:
        fail(str(exc), USAGE)
    if result.interrupted:
        done = [o.path.name for o in result.outcomes if o.status in ("ok", "kept")]
        todo = result.having("interrupted")
        click.echo("", err=True)
        warn(
            f"interrupted: {len(done)} of {len(done) + len(todo)} runs finished"
            f"{' (' + ', '.join(done) + ')' if done else ''}, their folders complete, the "
            f"others absent; resume with: {resume_command(click.get_current_context())}"
        )
    elif not quiet:
        _print_report(result)
    if result.exit_code:
        raise SystemExit(result.exit_code)


def _done_line(o: batch.Outcome) -> str:
    """``ok       FILE -> OUT/stem/ (files)``, and an ensemble's bands, printed as each
    scenario finishes."""
    names = ", ".join(p.name for p in o.written)
    line = f"{o.status.ljust(8)} {o.path} -> {o.written[0].parent}/ ({names})"
    return f"{line}\n{o.bands}" if o.bands else line


def _print_report(result: batch.BatchReport) -> None:
    """What the batch leaves to say once it is over (the ``ok`` lines came as it ran)."""
    for status in ("invalid", "failed"):
        for o in result.having(status):
            click.echo(f"{status.ljust(8)} {o.path}")
    for path, other in result.same_paths:
        click.echo(f"{'same'.ljust(8)} {path}: {batch.SAME_PATHS_NOTE.format(other=other)}")
    if result.summary_file is not None:
        click.echo(f"summary  {result.summary_file} (one row per input, with its status)")
    click.echo(result.summary())


def _compare(scenarios: Sequence[str | Path], out: Path, months: int | None, plots: str) -> None:
    """Run, write and print a comparison; exit non-zero on a problem."""
    comparison = batch.compare_many(
        scenarios, out, months=months, figures=request.parse_figures(plots)
    )
    click.echo(comparison.metrics.render("text"))
    click.echo(comparison.differences.render("text"))
    click.echo("Wrote:")
    written = comparison.written.items()
    for _kind, path in sorted(written, key=lambda kv: not kv[0].startswith("figure")):
        click.echo(f"  {path}")


@click.command()
@click.argument("scenarios", nargs=-1, required=True, metavar="A B [C...]")
@out_option("Output directory for the figure and tables.")
@months_option("Run length in months (default: each scenario's).")
@plots_option("Comparison figure formats, comma-separated: png,svg,pdf.")
def compare(scenarios: tuple[str, ...], out: Path, months: int | None, plots: str) -> None:
    """Overlay two or more scenarios on one dashboard, and print and save a table of key
    metrics and a table of the parameters and levers that differ between them.

    Writes OUT/comparison.png, comparison_metrics.csv/.md, scenario_differences.csv/.md.
    Illustrative model, not a forecast.
    """
    _compare(scenarios, out, months, plots)


@click.command()
@out_option("Output directory for the figure and tables.")
def demo(out: Path) -> None:
    """War continues against sudden peace: the comparison figure and tables that carry the
    thesis (what ``make demo`` runs). Prints the paths of what it wrote.

    Illustrative model, not a forecast.
    """
    try:
        scenarios = batch.demo_paths()
    except request.UsageProblem as exc:
        fail(str(exc), USAGE)
    _compare(scenarios, out, None, "png")
