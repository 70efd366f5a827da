"""Big requests: the memory planner (no real 10-million-member run in tests), a small run
forced into chunks streamed to disk by a tiny budget (bit-identical to the unchunked run),
and the CLI's upfront refusal."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from wardilemma import load_scenario, paths
from wardilemma.analysis.uncertainty.budget import (
    OVERHEAD,
    MemoryBudgetError,
    memory_budget,
    parse_budget,
    plan_ensemble,
)
from wardilemma.analysis.uncertainty.ensemble import DEFAULT_METRICS, DEFAULT_RECORD
from wardilemma.cli import main
from wardilemma.studies.montecarlo import montecarlo

SCENARIOS = paths.scenarios_dir()
GB = 10**9


@pytest.fixture(scope="module")
def war():
    return load_scenario(SCENARIOS / "war_continues.toml", warn=False)


def test_parse_budget():
    assert parse_budget("50%", available=8 * GB) == 4 * GB
    assert parse_budget("4GB") == parse_budget("4g") == parse_budget("4 GiB") == 4 * 2**30
    assert parse_budget("512MB") == 512 * 2**20
    assert parse_budget(123456) == 123456
    for bad in ("lots", "0", "150%", "-3GB"):
        with pytest.raises(MemoryBudgetError, match="memory budget"):
            parse_budget(bad)


def test_budget_from_the_environment(monkeypatch):
    monkeypatch.setenv("WARDILEMMA_MEMORY_BUDGET", "3GB")
    assert memory_budget() == 3 * 2**30
    assert memory_budget("1GB") == 2**30  # the option wins


def test_ten_million_members(war):
    # the plan below is sized for 23 drawn parameters: keep that many of the shipped table
    war = replace(war, uncertainty=dict(sorted(war.uncertainty.items())[:23]))
    kw = dict(record=DEFAULT_RECORD, metrics=DEFAULT_METRICS, available=24 * GB)
    n = 10_000_000
    # 169 saved months (the history from 2022-01, then ten years) x 4 series (discontent in
    # two regions and two national) x 8 bytes: 54 GB, streamed to a disk with 80 GB free
    plan = plan_ensemble([war], n, budget=20 * GB, disk_free=80 * GB, **kw)
    assert plan.series == n * 169 * 4 * 8
    assert plan.series_on_disk and plan.chunk_size == 2000
    assert plan.resident < plan.peak <= 20 * GB
    # 23 drawn parameters, 8 metrics: about 1.5 kB a member stays in memory (table copies)
    assert 1000 < (plan.resident - OVERHEAD) / n < 2000
    with pytest.raises(MemoryBudgetError, match=r"Use at most about [\d,]+ members"):
        plan_ensemble([war], n, budget=8 * GB, disk_free=80 * GB, **kw)
    with pytest.raises(MemoryBudgetError, match="free on disk"):
        plan_ensemble([war], n, budget=20 * GB, disk_free=30 * GB, **kw)
    small = plan_ensemble([war], 1000, budget=20 * GB, **kw)
    assert not small.series_on_disk and small.chunk_size == 1000


def test_the_chunk_size_follows_the_budget(war):
    kw = dict(record=DEFAULT_RECORD, metrics=DEFAULT_METRICS, available=24 * GB, disk_free=GB)
    base = plan_ensemble([war], 100_000, budget=20 * GB, **kw)
    tight = base.resident + 2 * 300 * base.per_member  # room for two chunks of 300
    plan = plan_ensemble([war], 100_000, budget=tight, **kw)
    assert plan.series_on_disk and plan.chunk_size == 300
    with pytest.raises(MemoryBudgetError, match="one member of a chunk"):
        plan_ensemble([war], 100_000, budget=base.resident + base.per_member, **kw)


def _short(tmp: Path, parent: str, name: str, **policy: float) -> Path:
    lines = [f'[scenario]\nname = "{name}"\nextends = "{SCENARIOS / parent}"',
             "[simulation]\nmonths = 12", "[policy]"]  # fmt: skip
    lines += [f"{k} = {v}" for k, v in policy.items()]
    path = tmp / f"{name.replace(' ', '_')}.toml"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_a_tiny_budget_chunks_and_streams_with_identical_numbers(tmp_path, monkeypatch):
    monkeypatch.setenv("WARDILEMMA_BACKEND", "numpy")
    files = [_short(tmp_path, "war_continues.toml", "short war"),
             _short(tmp_path, "sudden_peace.toml", "short peace", ceasefire_month=4)]  # fmt: skip
    n = 24
    whole = montecarlo(files, n, seed=5, out=tmp_path / "whole", memory_budget="4GB")
    assert whole.manifest["chunk_size"] == n and not whole.manifest["memory"]["series_on_disk"]
    loaded = [load_scenario(f, warn=False) for f in files]
    p = plan_ensemble(loaded, n, record=DEFAULT_RECORD, metrics=DEFAULT_METRICS, budget=4 * GB)
    tiny = p.resident + 2 * 5 * p.per_member  # two chunks of five (one job)
    parts = montecarlo(files, n, seed=5, out=tmp_path / "parts", memory_budget=tiny)
    memory = parts.manifest["memory"]
    assert memory["series_on_disk"] and parts.manifest["chunk_size"] == 5
    assert "streamed to disk" in parts.summary
    assert not (tmp_path / "parts" / ".series").exists()  # the spool is removed
    for a, b in zip(whole.ensembles, parts.ensembles, strict=True):
        for key in a.metrics:
            assert np.array_equal(a.metrics[key], b.metrics[key], equal_nan=True), key
        for key in a.series:
            assert np.array_equal(a.series[key], np.asarray(b.series[key])), key
    for name in ("bands.csv", "paired.csv", "share_over_time.csv"):
        assert (tmp_path / "whole" / name).read_text() == (tmp_path / "parts" / name).read_text()


def test_cli_refuses_ten_million_members_upfront(tmp_path):
    out = tmp_path / "mc"
    result = CliRunner().invoke(main, ["montecarlo", str(SCENARIOS / "war_continues.toml"),
                                       "-n", "10000000", "--memory-budget", "2GB",
                                       "--out", str(out)])  # fmt: skip
    assert result.exit_code == 2, result.output
    assert "10,000,000 members x 1 scenario(s) need about" in result.output
    assert "Use at most about" in result.output
    assert not out.exists()


def test_run_members_checks_the_budget(war):
    from wardilemma.analysis.uncertainty.budget import check_full_ensemble

    assert check_full_ensemble(war, 100, budget=20 * GB) < GB
    with pytest.raises(MemoryBudgetError, match="wardilemma montecarlo"):
        check_full_ensemble(war, 1_000_000, budget=20 * GB)
