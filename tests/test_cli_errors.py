"""One voice for errors: every command words a mistake the same way, with the same code."""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from wardilemma import atomic, cli, paths
from wardilemma.scenario import load_scenario


@pytest.fixture
def scenarios_dir() -> Path:
    return paths.scenarios_dir()


BAD = '[scenario]\nname = "bad"\nextends = "baseline.toml"\n[parameters]\ncasualty_rate = "lots"\n'

#: Arguments that make each command read SCENARIO (and OTHER, a valid file, where two are
#: needed). Commands that read no scenario file are listed with None.
ARGS = {
    "validate": ["{s}"],
    "params": None,
    "schema": None,
    "new": None,
    "run": ["{s}", "-o", "{tmp}/o", "-q", "--plots", "none"],
    "compare": ["{s}", "{other}", "-o", "{tmp}/o"],
    "demo": None,
    "export": ["{s}", "-o", "{tmp}/m.xmile"],
    "diagram": ["--kind", "causal", "--scenario", "{s}", "-o", "{tmp}/d.png"],
    "loops": ["--scenario", "{s}"],
    "dominance": ["{s}", "-o", "{tmp}/o"],
    "slide": ["{s}", "{other}", "-o", "{tmp}/s.png"],
    "report": ["{s}", "{other}", "-o", "{tmp}/r.html", "--members", "0"],
    "handout": ["{s}", "{other}", "-o", "{tmp}/h.pdf"],
    "class-summary": None,  # game logs (CSV), not scenarios: tests/test_classroom.py
    "montecarlo": ["{s}", "-n", "2", "-o", "{tmp}/o", "-q"],
    "sweep": ["{s}", "--dilemma", "-o", "{tmp}/o", "-q"],
    "sensitivity": ["{s}", "-o", "{tmp}/o", "-q"],
    "explore": ["{s}", "-o", "{tmp}/e.html"],
    "docs": None,
    "calibration": ["{s}", "-o", "{tmp}/o"],
    "fit": ["{s}", "--runs", "100", "-o", "{tmp}/o", "-q"],
    "explain": ["{s}", "{other}", "-o", "{tmp}/o"],
    "exit-policy": ["{s}", "--ensemble", "2", "--generations", "1", "-o", "{tmp}/o", "-q"],
    "claims": None,  # a claims file, not a scenario: tested below
}


def _invoke(args: list[str]):
    return CliRunner().invoke(cli.main, args)


def test_every_command_is_covered() -> None:
    assert set(cli.commands()) <= set(ARGS)


def test_a_missing_claims_file(tmp_path) -> None:
    path = tmp_path / "nope.toml"
    result = _invoke(["claims", str(path), "-o", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert result.output.splitlines()[0] == f"error: {path}: file not found"


@pytest.mark.parametrize("kind", ["missing", "invalid"])
@pytest.mark.parametrize("command", [n for n in cli.commands() if ARGS.get(n)])
def test_same_first_line_and_exit_code(command, kind, tmp_path, scenarios_dir) -> None:
    path = tmp_path / "nope.toml"
    if kind == "invalid":
        path = tmp_path / "bad.toml"
        path.write_text(BAD)
        shutil.copy(scenarios_dir / "baseline.toml", tmp_path / "baseline.toml")
    other = str(scenarios_dir / "war_continues.toml")
    args = [a.format(s=path, other=other, tmp=tmp_path) for a in ARGS[command]]
    result = _invoke([command, *args])
    assert result.exit_code == 2, (command, result.output)
    first = result.output.strip().splitlines()[0]
    assert first == f"error: {path}: 1 problem, the scenario was not loaded", (command, first)
    assert "Traceback" not in result.output
    text = "file not found" if kind == "missing" else "expected a number"
    assert result.output.count(text) == 1, result.output  # each problem said once


def test_usage_errors_start_the_same_way() -> None:
    result = _invoke(["run", "--months", "x", "a.toml"])
    assert result.exit_code == 2
    assert result.output.startswith("error: Invalid value for '--months'")
    assert "wardilemma run --help" in result.output
    result = _invoke(["bogus"])
    assert result.exit_code == 2 and result.output.startswith("error: No such command")


def test_month_13_is_one_message_without_type_tags(tmp_path, scenarios_dir) -> None:
    f = tmp_path / "m13.toml"
    f.write_text(
        f'[scenario]\nname = "m"\nextends = "{(scenarios_dir / "baseline.toml").as_posix()}"\n'
        '[policy.oil_revenue_shock]\nat = ["2025-13"]\nvalue = [0.5]\n'
    )
    result = _invoke(["validate", str(f)])
    assert result.exit_code == 2
    assert "1 problem" in result.output
    assert "constrained-str" not in result.output and ".float" not in result.output
    assert 'oil_revenue_shock.at[0] = "2025-13": expected a year-month date' in result.output


def test_date_before_the_start_warns_cleanly(tmp_path, scenarios_dir) -> None:
    f = tmp_path / "early.toml"
    f.write_text(
        '[scenario]\nname = "early"\nextends = "baseline.toml"\n'
        '[policy.oil_revenue_shock]\nat = ["2020-01"]\nvalue = [0.5]\n'
    )
    for command in (["validate", str(f)], ["run", str(f), "-o", str(tmp_path / "o"), "-q",
                                           "--plots", "none"]):  # fmt: skip
        result = _invoke(command)
        assert result.exit_code == 0, result.output
        lines = [x for x in result.output.splitlines() if "before the start" in x]
        assert len(lines) == 1, result.output
        assert lines[0].startswith("warning: ") and "2020-01" in lines[0]
        assert "run_cmds.py" not in result.output and "ScenarioWarning" not in result.output


def test_bare_extends_falls_back_to_the_shipped_scenarios(tmp_path, scenarios_dir) -> None:
    copy = tmp_path / "war_continues.toml"
    shutil.copy(scenarios_dir / "war_continues.toml", copy)
    scenario = load_scenario(copy)
    assert scenario.files[0] == scenarios_dir / "baseline.toml"
    result = _invoke(["run", str(copy), "-o", str(tmp_path / "o"), "-q", "--plots", "none"])
    assert result.exit_code == 0, result.output
    head = (tmp_path / "o" / "war_continues" / "timeseries.csv").read_text()[:2000]
    chain = f"{scenarios_dir / 'history.toml'} <- {scenarios_dir / 'baseline.toml'}"
    assert f"# extends: {chain}" in head


def test_mixed_batch_runs_the_good_files(tmp_path, scenarios_dir) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(BAD)
    good = str(scenarios_dir / "war_continues.toml")
    out = tmp_path / "o"
    result = _invoke(["run", good, str(bad), str(tmp_path / "nope.toml"), "-o", str(out),
                      "--plots", "none"])  # fmt: skip
    assert result.exit_code == 2
    assert (out / "war_continues" / "metrics.json").is_file()
    assert "3 scenarios: 1 ok, 2 invalid." in result.output
    assert f"invalid  {bad}" in result.output


@pytest.mark.parametrize("command", ["run", "export"])
def test_disk_full_is_exit_1_and_leaves_no_partial_file(
    command, tmp_path, scenarios_dir, monkeypatch
) -> None:
    real = atomic.os.replace

    def full(src, dst):
        Path(src).write_bytes(b"half")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", full)
    good = str(scenarios_dir / "war_continues.toml")
    out = tmp_path / "o"
    out.mkdir()
    args = {"run": ["run", good, "-o", str(out), "-q", "--plots", "none"],
            "export": ["export", good, "-o", str(out / "m.xmile")]}[command]  # fmt: skip
    result = _invoke(args)
    monkeypatch.setattr(atomic.os, "replace", real)
    assert result.exit_code == 1, result.output
    assert "cannot write " in result.output and ": No space left on device" in result.output
    assert [p for p in out.rglob("*") if p.is_file()] == []


def test_every_library_error_has_the_one_base() -> None:
    from wardilemma import errors
    from wardilemma.analysis.claims.spec import ClaimError
    from wardilemma.analysis.uncertainty.budget import MemoryBudgetError
    from wardilemma.analysis.uncertainty.sampling import UncertaintyError
    from wardilemma.engine.run import SimulationError
    from wardilemma.export.xmile.equations import ExportError
    from wardilemma.request import UsageProblem
    from wardilemma.scenario import ScenarioError

    inputs = (ScenarioError, UsageProblem, ExportError, ClaimError, UncertaintyError,
              MemoryBudgetError)  # fmt: skip
    for kind in inputs:
        assert issubclass(kind, errors.InputError) and issubclass(kind, ValueError), kind
    for kind in (SimulationError, atomic.OutputError):
        assert issubclass(kind, errors.RunFailure), kind
    assert issubclass(atomic.OutputError, OSError)
    assert issubclass(errors.InputError, errors.WardilemmaError)
    assert issubclass(errors.RunFailure, errors.WardilemmaError)


def test_a_bug_is_exit_1_with_a_report_hint(tmp_path, scenarios_dir, monkeypatch) -> None:
    from wardilemma import batch

    def broken(*args, **kwargs):
        raise ValueError("a numerics bug")

    monkeypatch.setattr(batch, "run_many", broken)
    result = _invoke(["run", str(scenarios_dir / "war_continues.toml"), "-o", str(tmp_path)])
    assert result.exit_code == 1, result.output  # not 2: the user did nothing wrong
    last = result.output.strip().splitlines()[-1]
    assert last.startswith("error: unexpected ValueError: a numerics bug; this is a bug")
    assert "please report it" in last


def test_every_exception_class_of_the_package_derives_from_the_one_base() -> None:
    # every class the package defines (read from the source with ast) that is an exception,
    # warnings apart, is a WardilemmaError: the command line maps nothing else to 2
    import ast
    import importlib
    from pathlib import Path

    import wardilemma
    from wardilemma import errors

    root = Path(wardilemma.__file__).parent
    found, stray = [], []
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        classes = [n.name for n in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                   if isinstance(n, ast.ClassDef)]  # fmt: skip
        if not classes or name == "wardilemma.__main__":
            continue
        module = importlib.import_module(name)
        for cls in (getattr(module, c, None) for c in classes):
            if isinstance(cls, type) and issubclass(cls, BaseException):
                if not issubclass(cls, Warning):
                    found.append(cls)
                    if not issubclass(cls, errors.WardilemmaError):
                        stray.append(f"{name}.{cls.__name__}")
    assert not stray, stray
    assert len(found) >= 20, found  # the reader finds them (21 on 2026-12-07)
