"""Outputs: atomic writes, provenance in every format, tables, run bundles."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
from pathlib import Path

import matplotlib
import numpy as np
import pytest

from wardilemma import ILLUSTRATIVE, __version__, atomic, simulate
from wardilemma import outputs as O
from wardilemma.figures.save import save_figure

matplotlib.use("Agg")

SHA = "ab" * 32


@pytest.fixture(scope="module")
def run():
    res = simulate(months=24, parameters={"ceasefire_month": 12})
    meta = {**res.metadata, "scenario_sha256": SHA, "scenario_file": "x/peace.toml"}
    return dataclasses.replace(res, scenario="peace", metadata=meta)


@pytest.fixture(scope="module")
def war_run():
    res = simulate(months=24)
    return dataclasses.replace(res, scenario="war")


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


# ---------------------------------------------------------------------- atomic writes


def test_atomic_path_replaces_on_success(tmp_path):
    target = tmp_path / "a.txt"
    target.write_text("old")
    with atomic.atomic_path(target) as tmp:
        assert tmp.parent == tmp_path and tmp != target
        tmp.write_text("new")
        assert target.read_text() == "old"  # untouched until the rename
    assert target.read_text() == "new"
    assert leftovers(tmp_path) == []
    assert oct(target.stat().st_mode & 0o777) != oct(0o600)  # usual permissions, not mkstemp's


def test_failure_mid_write_leaves_no_partial_file(tmp_path):
    target = tmp_path / "a.txt"
    with pytest.raises(RuntimeError), atomic.atomic_path(target) as tmp:
        tmp.write_text("half of it")
        raise RuntimeError("disk full")
    assert not target.exists()
    assert leftovers(tmp_path) == []


def test_a_folder_is_whole_or_absent(tmp_path):
    target = tmp_path / "run"
    with pytest.raises(KeyboardInterrupt), atomic.atomic_dir(target) as tmp:
        (tmp / "timeseries.csv").write_text("whole")
        raise KeyboardInterrupt  # Ctrl-C before the figures
    assert list(tmp_path.iterdir()) == []  # absent, and nothing temporary left
    with atomic.atomic_dir(target) as tmp:
        (tmp / "a.csv").write_text("first")
        assert not target.exists()  # in place only when complete
    (target / "notes.txt").write_text("mine")
    with pytest.raises(OSError), atomic.atomic_dir(target) as tmp:
        (tmp / "a.csv").write_text("second, half")
        raise OSError(28, "No space left on device")
    assert {p.name: p.read_text() for p in target.iterdir()} == {"a.csv": "first",
                                                                "notes.txt": "mine"}  # fmt: skip
    with atomic.atomic_dir(target) as tmp:
        (tmp / "a.csv").write_text("second")
    assert {p.name: p.read_text() for p in target.iterdir()} == {"a.csv": "second",
                                                                "notes.txt": "mine"}  # fmt: skip
    assert [p.name for p in tmp_path.iterdir()] == ["run"]


def test_a_folder_left_by_a_killed_run_is_recovered(tmp_path):
    target = tmp_path / "run"
    (tmp_path / ".run.abc.part").mkdir()  # killed while writing: removed
    (tmp_path / ".run.abc.part" / "a.csv").write_text("half")
    old = tmp_path / ".run.def.old.part"  # killed between the two renames: put back
    old.mkdir()
    (old / "a.csv").write_text("previous")
    with atomic.atomic_dir(target) as tmp:
        assert (target / "a.csv").read_text() == "previous"
        (tmp / "b.csv").write_text("new")
    assert sorted(p.name for p in target.iterdir()) == ["a.csv", "b.csv"]
    assert [p.name for p in tmp_path.iterdir()] == ["run"]


def test_a_full_disk_names_the_file_meant(tmp_path, run, monkeypatch):
    def full(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", full)
    with pytest.raises(atomic.OutputError) as err:
        O.write_run(run, tmp_path / "run", figures=())
    assert err.value.filename == str(tmp_path / "run" / "timeseries.csv")
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []


def test_failure_mid_write_keeps_previous_file(tmp_path, run, monkeypatch):
    target = tmp_path / "timeseries.csv"
    O.write_timeseries(run, target, "csv")
    before = target.read_bytes()

    def broken(results, path):
        path.write_text("# partial\nmonth,date\n1,")
        raise OSError("interrupted")

    monkeypatch.setitem(O.FORMATS, "csv", dataclasses.replace(O.FORMATS["csv"], write=broken))
    with pytest.raises(OSError, match="interrupted"):
        O.write_timeseries(run, target, "csv")
    assert target.read_bytes() == before
    assert leftovers(tmp_path) == []


def test_ensure_writable_dir(tmp_path):
    assert atomic.ensure_writable_dir(tmp_path / "a" / "b").is_dir()
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(atomic.OutputError, match="not a directory"):
        atomic.ensure_writable_dir(blocker)
    with pytest.raises(atomic.OutputError, match="cannot write"):
        atomic.ensure_writable_dir(blocker / "sub")


# ---------------------------------------------------------------------- formats


def test_csv_has_provenance_header_and_tidy_rows(tmp_path, run):
    path = O.write_timeseries(run, tmp_path / "t.csv", "csv")
    text = path.read_text()
    header = [line for line in text.splitlines() if line.startswith("#")]
    assert header[0] == f"# {ILLUSTRATIVE}"
    assert f"# scenario_sha256: {SHA}" in header
    assert f"# wardilemma_version: {__version__}" in header
    rows = list(csv.DictReader(line for line in io.StringIO(text) if not line.startswith("#")))
    assert list(rows[0]) == ["month", "date", "member", "variable", "region", "value", "units"]
    n_expected = sum(a.size for a in run.data.values())
    assert len(rows) == n_expected
    sol = [r for r in rows if r["variable"] == "soldiers" and r["region"] == "provinces"]
    assert sol[0]["units"] == "person" and sol[0]["date"] == "2025-01"
    assert float(sol[-1]["value"]) == run.series("soldiers", region="provinces")[-1]


def test_csv_rows_are_those_of_csv_writer_over_long_rows(tmp_path, run):
    # the CSV is written a variable at a time: the same text as one csv.writer row per
    # Results.long_rows row, quoting included (a name, a unit and a region with a comma
    # and a quote), with values that are not finite, for an ensemble of two members
    pair = simulate(months=6, parameters={"ceasefire_month": np.array([3.0, 30.0])})
    odd = 'odd, "quoted" name'
    national = next(n for n in pair.data if n not in pair.regional)
    values = pair.data[national].copy()
    values[1, 0], values[2, 1] = np.nan, -np.inf
    res = dataclasses.replace(
        pair,
        data={**pair.data, odd: values},
        units={**pair.units, odd: 'a, "b"'},
        regions=("north, east", pair.regions[1]),
    )
    path = O.write_timeseries(res, tmp_path / "t.csv", "csv")
    body = "".join(line for line in path.read_text().splitlines(keepends=True)
                   if not line.startswith("#"))  # fmt: skip
    expected = io.StringIO()
    writer = csv.writer(expected, lineterminator="\n")
    writer.writerow(["month", "date", "member", "variable", "region", "value", "units"])
    for month, date, member, name, region, value in res.long_rows():
        writer.writerow([f"{month:g}", date, member, name, region, repr(value), res.units[name]])
    assert body == expected.getvalue()
    assert res.n_members == 2 and "north, east" in body and "nan" in body and "-inf" in body


def test_parquet_metadata(tmp_path, run):
    pq = pytest.importorskip("pyarrow.parquet")
    path = O.write_timeseries(run, tmp_path / "t.parquet", "parquet")
    table = pq.read_table(path)
    meta = table.schema.metadata
    assert meta[b"note"].decode() == ILLUSTRATIVE
    assert meta[b"scenario_sha256"].decode() == SHA
    assert meta[b"wardilemma_version"].decode() == __version__
    assert json.loads(meta[b"units"])["soldiers"] == "person"
    assert set(table.column_names) >= {"month", "variable", "region", "value", "units"}


def test_netcdf_attrs(tmp_path, run):
    xr = pytest.importorskip("xarray")
    pytest.importorskip("netCDF4")
    path = O.write_timeseries(run, tmp_path / "t.nc", "netcdf")
    with xr.open_dataset(path) as ds:
        assert ds.attrs["note"] == ILLUSTRATIVE
        assert ds.attrs["scenario_sha256"] == SHA
        assert ds.attrs["wardilemma_version"] == __version__
        assert ds["soldiers"].dims == ("month", "member", "region")
        assert ds["soldiers"].attrs["units"] == "person"
        np.testing.assert_allclose(ds["gdp"].values[:, 0], run.series("gdp"))


def test_missing_extra_names_it(monkeypatch):
    real = O.importlib.util.find_spec
    monkeypatch.setattr(
        O.importlib.util, "find_spec", lambda name: None if name == "pyarrow" else real(name)
    )
    with pytest.raises(atomic.OutputError, match=r"wardilemma\[data\]"):
        O.check_format("parquet")
    assert O.check_format("csv").suffix == ".csv"
    with pytest.raises(atomic.OutputError, match="unknown format"):
        O.check_format("xlsx")


# ---------------------------------------------------------------------- metrics.json


def test_metrics_json(tmp_path, run):
    path = O.write_metrics_json(run, tmp_path / "metrics.json")
    doc = json.loads(path.read_text())
    assert doc["note"] == ILLUSTRATIVE
    assert doc["provenance"]["scenario_sha256"] == SHA
    assert doc["provenance"]["wardilemma_version"] == __version__
    m = doc["metrics"]
    assert m["ceasefire_month"]["values"] == {"national": 12.0}
    assert m["ceasefire_month"]["dates"] == {"national": "2026-01"}
    assert set(m["peak_discontent"]["values"]) == {"all regions", "provinces", "capitals"}
    assert all(entry["units"] and entry["definition"] for entry in m.values())


# ---------------------------------------------------------------------- tables


# ---------------------------------------------------------------------- bundles


def test_write_run_overwrites_only_its_files(tmp_path, run):
    out = tmp_path / "peace"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    first = O.write_run(run, out, fmt="csv", figures=())
    assert [p.name for p in first] == ["timeseries.csv", "metrics.json"]
    os.utime(first[0], (0, 0))
    second = O.write_run(run, out, fmt="csv", figures=())
    assert second == first
    assert first[0].stat().st_mtime > 0  # rewritten
    assert (out / "notes.txt").read_text() == "mine"
    assert sorted(p.name for p in out.iterdir()) == ["metrics.json", "notes.txt", "timeseries.csv"]


def test_save_figure_metadata_and_format(tmp_path, run):
    import matplotlib.pyplot as plt

    fig, _ax = plt.subplots()
    try:
        path = save_figure(fig, tmp_path / "f.png", title="t", runs=[run])
        data = path.read_bytes()
        assert ILLUSTRATIVE.encode() in data and SHA.encode() in data
        svg = save_figure(fig, tmp_path / "f.svg", title="t", runs=[run]).read_text()
        assert ILLUSTRATIVE in svg
        with pytest.raises(atomic.OutputError, match="figure format"):
            save_figure(fig, tmp_path / "f.gif")
    finally:
        plt.close(fig)
    assert leftovers(tmp_path) == []
