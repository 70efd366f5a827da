"""Ctrl-C in a batch or a study: a clean stop, complete outputs, and ``--resume``."""

from __future__ import annotations

import json
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from wardilemma import batch, paths

NAMES = ("war_continues", "sudden_peace", "managed_peace", "war_oil_sanctions")


def _files(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*") if p.is_file())


def _interrupt(args: list[str], when: Path):
    """Start ``python -m wardilemma ARGS``, send SIGINT once ``when`` exists (the command
    has started its work) and return (exit code, stdout, stderr)."""
    p = subprocess.Popen(
        [sys.executable, "-m", "wardilemma", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while p.poll() is None and time.monotonic() < deadline and not when.exists():
        time.sleep(0.02)
    assert p.poll() is None, "the command ended before it could be interrupted"
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=120)
    return p.returncode, out, err


def test_sigint_mid_batch_then_resume(tmp_path) -> None:
    folder = paths.scenarios_dir()
    files = [str(folder / f"{n}.toml") for n in NAMES]
    out = tmp_path / "out"
    args = ["run", *files, "-o", str(out), "--months", "60", "--plots", "png"]
    code, _, stderr = _interrupt(args, out / "war_continues" / "dashboard.png")
    assert code == 130, stderr
    assert "Traceback" not in stderr
    lines = [x for x in stderr.splitlines() if x.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: interrupted: "), stderr
    assert "war_continues.toml" in lines[0]
    finished = [d.name for d in out.iterdir() if d.is_dir() and (d / "dashboard.png").exists()]
    assert "war_continues" in finished and len(finished) < len(NAMES)
    # every file left is complete: no temporary part, no folder with half its files
    assert not [p for p in _files(out) if p.name.endswith(".part")]
    for d in (d for d in out.iterdir() if d.is_dir()):
        assert {p.name for p in d.iterdir()} in (
            set(),
            {"timeseries.csv"},
            {"timeseries.csv", "metrics.json"},
            {"timeseries.csv", "metrics.json", "dashboard.png"},
        )
        if (d / "metrics.json").exists():
            assert json.loads((d / "metrics.json").read_text())["provenance"]["options"]
    assert not (out / "summary.csv").exists()
    resume = shlex.split(lines[0].split("resume with: ", 1)[1])
    assert resume[:2] == ["wardilemma", "run"] and "--resume" in resume
    kept_before = {n: (out / n / "metrics.json").stat().st_mtime_ns for n in finished}
    done = subprocess.run(
        [sys.executable, "-m", "wardilemma", *resume[1:]], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    for n in NAMES:
        status = "kept" if n in finished else "ok"
        assert f"{status.ljust(8)} {folder / n}.toml" in done.stdout, done.stdout
    assert {n: (out / n / "metrics.json").stat().st_mtime_ns for n in finished} == kept_before
    assert f"{len(NAMES)} scenarios: {len(NAMES) - len(finished)} ok, {len(finished)} kept" in (
        done.stdout
    )
    rows = [x for x in (out / "summary.csv").read_text().splitlines() if not x.startswith("#")]
    assert len(rows) == 1 + len(NAMES)  # the kept runs have their row too


def test_resume_redoes_a_run_made_differently(tmp_path) -> None:
    f = paths.scenarios_dir() / "war_continues.toml"
    out = tmp_path / "o"
    first = batch.run_many([f], out, figures=(), months=24)
    assert [o.status for o in first.outcomes] == ["ok"]
    again = batch.run_many([f], out, figures=(), months=24, resume=True)
    assert [o.status for o in again.outcomes] == ["kept"]
    other = batch.run_many([f], out, figures=(), months=36, resume=True)
    assert [o.status for o in other.outcomes] == ["ok"]  # another run length: redone
    (out / "war_continues" / "timeseries.csv").unlink()
    missing = batch.run_many([f], out, figures=(), months=36, resume=True)
    assert [o.status for o in missing.outcomes] == ["ok"]  # incomplete: redone


@pytest.mark.parametrize("command", ["montecarlo"])
def test_sigint_in_an_ensemble_stops_cleanly(command, tmp_path) -> None:
    folder = paths.scenarios_dir()
    out = tmp_path / "mc"
    args = [command, str(folder / "war_continues.toml"), str(folder / "sudden_peace.toml"),
            "-n", "100000", "-o", str(out), "-q"]  # fmt: skip
    # once the study has started (its output folder exists), not after a fixed delay: a
    # loaded machine may still be importing
    code, _, stderr = _interrupt(args, out)
    assert code == 130, stderr
    assert "Traceback" not in stderr
    lines = [x for x in stderr.splitlines() if x.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: interrupted: the montecarlo")
    assert "run it again with: wardilemma montecarlo -n 100000" in lines[0]
    assert not [p for p in _files(tmp_path) if p.name.endswith(".part")]
