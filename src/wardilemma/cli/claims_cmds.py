"""Commands ``claims`` and ``calibration``: the thesis as claims, the model against the
public record (:mod:`wardilemma.analysis.claims`, :mod:`wardilemma.analysis.calibration`).

Exit codes: 0 the claims were evaluated, or the run set beside the record (whether they
hold is the finding, not an error; ``--check`` makes a claim failing on the defaults, or a
missed figure, exit 1); 1 a run or a write failed; 2 an invalid claims file, record file,
scenario or option (nothing is written).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from wardilemma import paths
from wardilemma.cli.options import (
    POSTERIOR_DRAWS,
    RUN_FAILED,
    ProgressBar,
    ScenarioFile,
    fail,
    out_option,
    posterior_option,
    record_option,
)
from wardilemma.errors import InputError
from wardilemma.text import ILLUSTRATIVE

#: The claims file read first when none is given (relative to the working directory); else
#: the one shipped with the package (:func:`wardilemma.paths.shipped_claims_file`).
DEFAULT_CLAIMS = Path("claims") / paths.THESIS_CLAIMS


def _default_claims() -> Path:
    """``claims/thesis.toml`` of the working directory, else the shipped one."""
    if DEFAULT_CLAIMS.is_file():
        return DEFAULT_CLAIMS
    shipped = paths.shipped_claims_file()
    if shipped is None:
        raise InputError(
            f"no claims file given, and neither {DEFAULT_CLAIMS} nor the claims file shipped "
            "with the package was found; give one: wardilemma claims FILE"
        )
    return shipped


@click.command()
@click.argument("claims_file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--ensemble", "-n", type=click.IntRange(min=2), default=None,
    help="Also evaluate on N members drawn from the scenarios' [uncertainty] tables.",
)  # fmt: skip
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True,
              help="Seed of the draws.")  # fmt: skip
@click.option(
    "--sampler", type=click.Choice(["random", "lhs", "sobol"]), default="lhs", show_default=True
)
@click.option(
    "--out", "-o", type=click.Path(file_okay=False, path_type=Path),
    default=Path("out") / "claims", show_default=True,
    help="Folder for claims.json, claims.txt and claims.png.",
)  # fmt: skip
@posterior_option(
    POSTERIOR_DRAWS + " Needs --ensemble; the claims are also evaluated over the priors "
    "on the same draws, side by side in claims_grounded.png and claims_grounded.md."
)
@click.option("--check", is_flag=True, help="Exit 1 when a claim fails on the defaults.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--list", "list_", is_flag=True, help="List claim kinds, statistics and metrics.")
def claims(
    claims_file: Path | None,
    ensemble: int | None,
    seed: int,
    sampler: str,
    out: Path,
    posterior: Any,
    check: bool,
    quiet: bool,
    list_: bool,
) -> None:
    """Evaluate the claims of CLAIMS_FILE (default: claims/thesis.toml here, else the one
    shipped with the package; the first line names the file read).

    Each claim is a proposition about runs (docs/claims.md). With --ensemble N, each is also
    evaluated on N members with the same draws for every scenario it compares: the table
    gives the share holding with a 95 % interval and where in the parameter space the claim
    fails. Illustrative model, not a forecast.
    """
    from wardilemma.analysis.claims import check_claims, claims_table, load_claims, vocabulary
    from wardilemma.figures.claims import write_claims

    if list_:
        click.echo(vocabulary())
        return
    if posterior is not None and not ensemble:
        fail("--posterior draws the members of --ensemble N: give --ensemble too")
    path = claims_file or _default_claims()
    loaded = load_claims(path)
    click.echo(f"claims of {path}")
    steps = len(loaded.claims) * (2 if ensemble else 1) * (1 if posterior is None else 2)
    grounded = None
    with ProgressBar("evaluating claims", quiet=quiet) as bar:
        if posterior is None:
            report = check_claims(
                loaded, ensemble=ensemble, seed=seed, sampler=sampler,
                progress=lambda _claim: bar(1, steps),
            )  # fmt: skip
        else:
            from wardilemma.analysis.claims.grounded import grounded_claims

            grounded = grounded_claims(
                loaded, posterior, ensemble=ensemble or 0, seed=seed, sampler=sampler,
                progress=lambda _claim: bar(1, steps),
            )  # fmt: skip
            report = grounded.posterior
    click.echo(claims_table(report))
    written = write_claims(report, out)
    if grounded is not None:
        from wardilemma.analysis.claims.grounded import grounded_table
        from wardilemma.figures.claims import write_grounded

        click.echo("\n" + grounded_table(grounded))
        written.update(write_grounded(grounded, out))
    click.echo(f"\nwrote {', '.join(str(p) for p in written.values())} ({ILLUSTRATIVE})")
    if check and not all(r.holds for r in report.results):
        raise SystemExit(RUN_FAILED)


@click.command()
@click.argument("scenario", required=False, type=ScenarioFile())
@record_option
@out_option("Folder for calibration.csv, calibration.json and calibration.png.",
            default="out/calibration")  # fmt: skip
@click.option("--check", is_flag=True, help="Exit 1 when a figure of the record is missed.")
def calibration(scenario: str | None, record: Path | None, out: Path, check: bool) -> None:
    """Set a run beside the public record of 2022-2025 (data/record.csv).

    Runs SCENARIO (default: the shipped history.toml, else war_continues.toml) and sets the
    model beside every figure of the record at its date: a hit is within two standard
    deviations of the figure. Figures the model has no variable for are "not modelled",
    those whose period the run does not cover "outside the run"; neither counts in the hit
    rate. Illustrative model, not a forecast.
    """
    from wardilemma.analysis.calibration import calibration_table, run_calibration
    from wardilemma.figures.calibration import write_calibration

    cal = run_calibration(scenario, record)
    click.echo(calibration_table(cal))
    paths = write_calibration(cal, out)
    click.echo(f"\nwrote {', '.join(str(p) for p in paths.values())} ({ILLUSTRATIVE})")
    if check and cal.misses:
        raise SystemExit(RUN_FAILED)
