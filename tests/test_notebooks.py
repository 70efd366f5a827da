"""Every shipped notebook runs from top to bottom and writes its figures."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def test_walkthrough_runs_and_tells_the_story(tmp_path: Path) -> None:
    env = {**os.environ, "WALKTHROUGH_OUT": str(tmp_path), "MPLBACKEND": "Agg"}
    done = subprocess.run(
        [sys.executable, str(NOTEBOOKS / "walkthrough.py")],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "peace is more discontented in" in done.stdout
    assert "Peak discontent" in done.stdout
    for name in ("1_two_futures.png", "5_sensitivity.png"):
        assert (tmp_path / name).stat().st_size > 10_000
