"""The war path against the public figures it is calibrated to (issue: calibration check)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from wardilemma.analysis.calibration import TARGETS, calibration_table, check_calibration
from wardilemma.cli import main


@pytest.fixture(scope="module")
def checks():
    return check_calibration()[1]


def test_every_target_has_a_source_range_and_tolerance() -> None:
    for t in TARGETS:
        assert t.low <= t.value <= t.high, t.name
        assert len(t.source) > 20 and t.note, t.name
        assert 0 < t.tolerance <= 0.5, t.name
    over_time = {t.name for t in TARGETS if 120 in t.months}
    assert {"army", "recruits", "losses"} <= over_time


@pytest.mark.parametrize("target", TARGETS, ids=[t.name for t in TARGETS])
def test_war_path_within_tolerance(checks, target) -> None:
    mine = [c for c in checks if c.target is target]
    assert [c.month for c in mine] == list(target.months)
    for c in mine:
        assert c.within_tolerance, (
            f"{target.label} at month {c.month}: model {c.model:.4g}, public "
            f"{target.value:g} ({target.low:g}-{target.high:g}), error {c.relative_error:+.0%} "
            f"beyond {target.tolerance:.0%}"
        )


def test_table_and_command(checks) -> None:
    table = calibration_table(checks)
    assert table.startswith("ILLUSTRATIVE")
    assert "Soldiers at the front" in table and "Sources" in table
    result = CliRunner().invoke(main, ["calibration"])
    assert result.exit_code == 0, result.output
    assert "Contract recruits a month" in result.output
    rows = [line for line in result.output.splitlines() if line.startswith("Soldiers at")]
    assert [int(r.split()[4]) for r in rows] == [0, 60, 120]
