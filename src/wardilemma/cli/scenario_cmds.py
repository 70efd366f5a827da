"""Commands about scenario files: ``validate``, ``params``, ``schema`` and ``new``.

Thin wrappers: parse, call :mod:`wardilemma.scenario` / :mod:`wardilemma.docs.parameters`, print.
Invalid input exits with code 2 and writes nothing.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import click

from wardilemma import paths
from wardilemma.atomic import write_text
from wardilemma.cli.options import USAGE, fail, output_option, warn
from wardilemma.docs.parameters import FORMATS, format_parameters, new_scenario_toml
from wardilemma.model import WAR_ECONOMY
from wardilemma.scenario import ScenarioError, load_scenario, scenario_schema


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def validate(files: tuple[Path, ...]) -> None:
    """Check scenario FILES: print OK or every problem; exit code 2 if any is invalid."""
    failed = 0
    for path in files:
        try:
            scenario = load_scenario(path, warn=False)
        except ScenarioError as exc:
            failed += 1
            warn(str(exc))
            for message in exc.warnings:
                click.echo(f"warning: {message}", err=True)
            continue
        chain = " <- ".join(str(p) for p in reversed(scenario.files[:-1]))
        extra = f", extends {chain}" if chain else ""
        click.echo(f"OK   {path} ({scenario.name!r}{extra})")
        for message in scenario.warnings:
            click.echo(f"warning: {message}", err=True)
    if failed:
        click.echo(f"{failed} of {len(files)} file(s) invalid.", err=True)
        raise SystemExit(USAGE)


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(FORMATS)),
    default="table",
    show_default=True,
    help="table for the terminal, markdown for docs, json for tools, toml for a full scenario.",
)
def params(fmt: str) -> None:
    """Every model parameter: default, units, ranges, lever, regional, meaning and source."""
    click.echo(format_parameters(WAR_ECONOMY, fmt), nl=False)


@click.command()
@output_option("Write the schema to this file (default: print it).")
def schema(output: Path | None) -> None:
    """JSON Schema of scenario files, for editor completion (Taplo / Even Better TOML)."""
    text = json.dumps(scenario_schema(WAR_ECONOMY), indent=2) + "\n"
    if output is None:
        click.echo(text, nl=False)
        return
    write_text(output, text)
    click.echo(f"wrote {output}")


@click.command()
@click.argument("name")
@click.option(
    "--from",
    "parent",
    default="baseline",
    show_default=True,
    help="Scenario to extend: a file, or the name of a shipped scenario.",
)
@output_option("File to write (default: NAME.toml in the current directory).")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def new(name: str, parent: str, output: Path | None, force: bool) -> None:
    """Write a new scenario NAME that extends another, with every lever ready to edit."""
    slug = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
    if not slug:
        raise click.BadParameter("give a name with letters or digits", param_hint="NAME")
    parent_path = _find_scenario(parent)
    base = load_scenario(parent_path, warn=False)
    output = output or Path(f"{slug}.toml")
    if output.exists() and not force:
        fail(f"{output} exists; use --force to overwrite it")
    extends = Path(os.path.relpath(parent_path, output.resolve().parent)).as_posix()
    if parent_path.parent == paths.shipped_scenarios_dir():
        extends = parent_path.name  # a bare name finds the shipped scenarios anywhere
    schema_file = paths.docs_dir() / "scenario.schema.json"
    schema_rel = (
        Path(os.path.relpath(schema_file, output.resolve().parent)).as_posix()
        if schema_file.exists()
        else None
    )
    text = new_scenario_toml(name, extends, base, WAR_ECONOMY, schema=schema_rel)
    output.parent.mkdir(parents=True, exist_ok=True)
    write_text(output, text)
    click.echo(f"wrote {output} (extends {extends}); edit it, then `wardilemma validate {output}`")


def _find_scenario(name: str) -> Path:
    """A scenario file from a path or the name of a shipped scenario."""
    candidates = [Path(name)]
    if not name.endswith(".toml"):
        candidates += [Path("scenarios") / f"{name}.toml", paths.scenarios_dir() / f"{name}.toml"]
    for path in candidates:
        if path.is_file():
            return path.resolve()
    shipped = sorted(p.stem for p in paths.scenarios_dir().glob("*.toml"))
    raise click.BadParameter(
        f"no scenario {name!r} (a file, or one of: {', '.join(shipped)})", param_hint="--from"
    )
