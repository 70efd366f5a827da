"""Commands ``claims`` and ``calibration``: the thesis as claims, the model against the
public figures.

Exit codes: 0 the claims were evaluated (whether they hold is the finding, not an error;
``--check`` makes a claim failing on the defaults exit 1); 1 a run or a write failed;
2 an invalid claims file, scenario or option.
"""

from __future__ import annotations

from pathlib import Path

import click

from wardilemma import paths
from wardilemma.cli.options import RUN_FAILED, ProgressBar, ScenarioFile
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
@click.option("--check", is_flag=True, help="Exit 1 when a claim fails on the defaults.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--list", "list_", is_flag=True, help="List claim kinds, statistics and metrics.")
def claims(
    claims_file: Path | None,
    ensemble: int | None,
    seed: int,
    sampler: str,
    out: Path,
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
    from wardilemma.analysis.claims import (
        check_claims,
        claims_table,
        load_claims,
        vocabulary,
        write_claims,
    )

    if list_:
        click.echo(vocabulary())
        return
    path = claims_file or _default_claims()
    loaded = load_claims(path)
    click.echo(f"claims of {path}")
    steps = len(loaded.claims) * (2 if ensemble else 1)
    with ProgressBar("evaluating claims", quiet=quiet) as bar:
        report = check_claims(
            loaded, ensemble=ensemble, seed=seed, sampler=sampler,
            progress=lambda _claim: bar(1, steps),
        )  # fmt: skip
    click.echo(claims_table(report))
    paths = write_claims(report, out)
    click.echo(f"\nwrote {', '.join(str(p) for p in paths.values())} ({ILLUSTRATIVE})")
    if check and not all(r.holds for r in report.results):
        raise SystemExit(RUN_FAILED)


@click.command()
@click.option(
    "--scenario", type=ScenarioFile(), default=None,
    help="The war-path scenario (default: the shipped war_continues.toml).",
)  # fmt: skip
@click.option("--check", is_flag=True, help="Exit 1 when a value is outside its tolerance.")
def calibration(scenario: str | None, check: bool) -> None:
    """Print the model's values beside the public figures it is calibrated to.

    Start-of-run values, and for what the public figures give over time (the army's size,
    recruitment, losses) the war path's values at months 60 and 120, with the relative
    error of each. Illustrative model, not a forecast.
    """
    from wardilemma.analysis.calibration import calibration_table, check_calibration

    _, checks = check_calibration(None if scenario is None else Path(scenario))
    click.echo(calibration_table(checks))
    if check and not all(c.within_tolerance for c in checks):
        raise SystemExit(RUN_FAILED)
