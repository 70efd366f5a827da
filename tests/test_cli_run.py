"""The ``run``, ``compare`` and ``demo`` commands through click's CliRunner: every option and
exit code (0 ok, 1 a run failed, 2 usage or validation error)."""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import matplotlib
import numpy as np
import pytest
from click.testing import CliRunner

from wardilemma import ILLUSTRATIVE, batch, load_scenario, paths
from wardilemma.cli import main, options
from wardilemma.engine.run import SimulationError
from wardilemma.results import month_label

matplotlib.use("Agg")

PEACE = """# test scenario
[scenario]
name = "mini peace"

[simulation]
months = 24

[policy]
ceasefire_month = 12
"""

WAR = """[scenario]
name = "mini war"

[simulation]
months = 24
"""

INVALID = """[scenario]
name = "broken"

[policy]
ceasefire_mnth = 3
"""


@pytest.fixture
def scen(tmp_path) -> Path:
    d = tmp_path / "scen"
    d.mkdir()
    (d / "peace.toml").write_text(PEACE)
    (d / "war.toml").write_text(WAR)
    return d


@pytest.fixture
def bad(tmp_path) -> Path:
    p = tmp_path / "broken.toml"
    p.write_text(INVALID)
    return p


def invoke(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args])


def no_traceback(result) -> None:
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


# ---------------------------------------------------------------------- run


def test_run_one_file_writes_outputs(scen, tmp_path):
    out = tmp_path / "out"
    r = invoke("run", scen / "peace.toml", "--out", out, "--plots", "png")
    assert r.exit_code == 0, r.output
    folder = out / "peace"
    assert sorted(p.name for p in folder.iterdir()) == [
        "dashboard.png", "metrics.json", "timeseries.csv",
    ]  # fmt: skip
    doc = json.loads((folder / "metrics.json").read_text())
    assert doc["note"] == ILLUSTRATIVE
    assert len(doc["provenance"]["scenario_sha256"]) == 64
    assert doc["metrics"]["ceasefire_month"]["dates"]["national"] == "2026-01"
    header = (folder / "timeseries.csv").read_text().splitlines()[:6]
    assert header[0] == f"# {ILLUSTRATIVE}"
    assert any(line.startswith("# scenario_sha256: ") for line in header)
    assert "1 scenario: 1 ok" in r.stdout and ILLUSTRATIVE in r.stdout


def test_run_directory_and_glob(scen, tmp_path):
    out = tmp_path / "out"
    r = invoke("run", scen, "--out", out, "--plots", "none")
    assert r.exit_code == 0, r.output
    assert {p.name for p in out.iterdir()} == {"peace", "war", "summary.csv"}
    assert not (out / "war" / "dashboard.png").exists()
    r = invoke("run", str(scen / "p*.toml"), "--out", tmp_path / "g", "--plots", "none")
    assert r.exit_code == 0, r.output
    assert [p.name for p in (tmp_path / "g").iterdir()] == ["peace"]


def test_run_usage_errors_exit_2_before_any_work(scen, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    cases = [
        (["run", scen / "missing.toml"], "not found"),
        (["run", str(scen / "zz*.toml")], "no scenario files match"),
        (["run", tmp_path / "out"], "not found"),
        (["run", scen, "--out", blocker], "--out"),
        (["run", scen, "--out", blocker / "sub"], "cannot write"),
        (["run", scen, "--plots", "gif"], "unknown figure format"),
        (["run", scen, "--format", "xlsx"], "Invalid value"),
        (["run", scen, "--months", "0"], "Invalid value"),
        (["run"], "Missing argument"),
    ]
    for args, message in cases:
        r = invoke(*args, *([] if "--out" in args else ["--out", tmp_path / "o"]))
        assert r.exit_code == 2, (args, r.output)
        assert message in r.output, (args, r.output)
        no_traceback(r)
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").iterdir())


def test_empty_directory_and_same_stems(tmp_path, scen):
    empty = tmp_path / "empty"
    empty.mkdir()
    r = invoke("run", empty, "--out", tmp_path / "o")
    assert r.exit_code == 2 and "no .toml" in r.stderr
    other = tmp_path / "other"
    other.mkdir()
    (other / "peace.toml").write_text(PEACE)
    r = invoke("run", scen / "peace.toml", other / "peace.toml", "--out", tmp_path / "o")
    assert r.exit_code == 2 and "same name" in r.stderr


def test_set_overrides_are_validated(scen, tmp_path):
    out = tmp_path / "o"
    cases = [
        ("ceasefire_mnth=3", "did you mean `ceasefire_month`"),
        ("oil_revenue_shock=2", "out of the allowed range 0 to 1"),
        ("oil_revenue_shock=abc", "expected a number"),
        ("oil_revenue_shock=nan", "finite"),
        ("oil_revenue_shock", "expected NAME=VALUE"),
        ("oil_revenue_shock[provinces]=0.1", "national"),
        ("bonus_rub[samara]=1e6", "unknown region `samara`"),
        ("ceasefire_month=2200-01", "must be between month 0 and 1200"),
    ]
    for item, message in cases:
        r = invoke("run", scen / "war.toml", "--out", out, "--set", item, "--plots", "none")
        assert r.exit_code == 2, (item, r.output)
        assert message in r.stderr, (item, r.stderr)
        no_traceback(r)


def test_set_changes_the_run_and_is_recorded(scen, tmp_path):
    out = tmp_path / "o"
    r = invoke(
        "run", scen / "war.toml", "--out", out, "--plots", "none",
        "--set", "ceasefire_month=2025-07", "--set", "bonus_rub[provinces]=4e6",
    )  # fmt: skip
    assert r.exit_code == 0, r.output
    doc = json.loads((out / "war" / "metrics.json").read_text())
    assert doc["metrics"]["ceasefire_month"]["dates"]["national"] == "2025-07"
    assert doc["provenance"]["overrides"] == "ceasefire_month=2025-07; bonus_rub[provinces]=4e6"
    csv_text = (out / "war" / "timeseries.csv").read_text()
    assert "# overrides: ceasefire_month=2025-07; bonus_rub[provinces]=4e6" in csv_text


def test_months_option(scen, tmp_path):
    r = invoke("run", scen / "war.toml", "--out", tmp_path, "--months", "6", "--plots", "none")
    assert r.exit_code == 0, r.output
    lines = (tmp_path / "war" / "timeseries.csv").read_text().splitlines()
    months = {line.split(",")[0] for line in lines if line[:1].isdigit()}
    assert months == {str(m) for m in range(7)}


def test_invalid_file_keep_going_and_fail_fast(scen, bad, tmp_path):
    out = tmp_path / "o"
    r = invoke("run", bad, scen / "war.toml", "--out", out, "--plots", "none")
    assert r.exit_code == 2
    assert "ceasefire_mnth" in r.stderr
    assert (out / "war" / "metrics.json").exists()  # the good file still ran
    assert "2 scenarios: 1 ok, 1 invalid" in r.stdout
    no_traceback(r)
    out2 = tmp_path / "o2"
    r = invoke("run", bad, scen / "war.toml", "--out", out2, "--fail-fast", "--plots", "none")
    assert r.exit_code == 2
    assert not (out2 / "war").exists()


def test_run_failure_exit_1_keep_going_and_fail_fast(scen, tmp_path, monkeypatch):
    real = batch._simulate

    def flaky(scenario, months, overrides, backend=None):
        if scenario.name == "mini peace":
            raise SimulationError("soldiers became non-finite at month 3")
        return real(scenario, months, overrides, backend)

    monkeypatch.setattr(batch, "_simulate", flaky)
    r = invoke("run", scen / "peace.toml", scen / "war.toml", "--out", tmp_path / "a",
               "--plots", "none")  # fmt: skip
    assert r.exit_code == 1
    assert "run failed: SimulationError: soldiers became non-finite" in r.stderr
    assert (tmp_path / "a" / "war" / "metrics.json").exists()
    assert "1 ok, 1 failed" in r.stdout
    no_traceback(r)
    r = invoke("run", scen / "peace.toml", scen / "war.toml", "--out", tmp_path / "b",
               "--plots", "none", "--fail-fast")  # fmt: skip
    assert r.exit_code == 1
    assert not (tmp_path / "b" / "war").exists()
    assert "1 skipped (--fail-fast)" in r.stdout


def test_unexpected_error_is_reported_cleanly(scen, tmp_path, monkeypatch):
    def boom(scenario, months, overrides, backend=None):
        raise ZeroDivisionError("bug")

    monkeypatch.setattr(batch, "_simulate", boom)
    r = invoke("run", scen / "war.toml", "--out", tmp_path, "--plots", "none")
    assert r.exit_code == 1 and "unexpected ZeroDivisionError: bug" in r.stderr
    no_traceback(r)


@pytest.mark.parametrize(("fmt", "name"), [("parquet", "timeseries.parquet"),
                                           ("netcdf", "timeseries.nc")])  # fmt: skip
def test_formats(scen, tmp_path, fmt, name):
    pytest.importorskip("pyarrow" if fmt == "parquet" else "netCDF4")
    r = invoke("run", scen / "war.toml", "--out", tmp_path, "--format", fmt, "--plots", "none")
    assert r.exit_code == 0, r.output
    assert (tmp_path / "war" / name).stat().st_size > 0


def test_missing_extra_is_a_usage_error(scen, tmp_path, monkeypatch):
    from wardilemma import outputs

    monkeypatch.setattr(outputs.importlib.util, "find_spec", lambda name: None)
    r = invoke("run", scen / "war.toml", "--out", tmp_path, "--format", "netcdf")
    assert r.exit_code == 2 and "pip install 'wardilemma[data]'" in r.stderr
    assert not (tmp_path / "war").exists()


def test_plot_formats_and_quiet(scen, tmp_path):
    r = invoke("run", scen / "war.toml", "--out", tmp_path, "--plots", "svg,pdf", "--quiet")
    assert r.exit_code == 0, r.output
    assert r.stdout == ""
    names = {p.name for p in (tmp_path / "war").iterdir()}
    assert {"dashboard.svg", "dashboard.pdf"} <= names and "dashboard.png" not in names


def test_rerun_overwrites_only_what_it_produced(scen, tmp_path):
    folder = tmp_path / "war"
    folder.mkdir()
    (folder / "my_notes.txt").write_text("keep me")
    (folder / "timeseries.parquet").write_text("older output in another format")
    for _ in range(2):
        r = invoke("run", scen / "war.toml", "--out", tmp_path, "--plots", "none")
        assert r.exit_code == 0, r.output
    assert (folder / "my_notes.txt").read_text() == "keep me"
    assert (folder / "timeseries.parquet").read_text() == "older output in another format"
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]  # no temp files


def test_progress_bar_only_on_a_terminal(scen, tmp_path, monkeypatch):
    args = ["run", scen, "--out", tmp_path, "--plots", "none"]
    r = invoke(*args)
    assert "Running scenarios" not in r.output  # CliRunner is not a TTY
    monkeypatch.setattr(options, "isatty", lambda stream: True)
    r = invoke(*args)
    assert r.exit_code == 0 and "Running scenarios" in r.stderr
    r = invoke(*args, "--quiet")
    assert r.exit_code == 0 and "Running scenarios" not in r.stderr


# ---------------------------------------------------------------------- compare and demo


def test_compare_writes_figure_and_tables(scen, tmp_path):
    out = tmp_path / "cmp"
    r = invoke("compare", scen / "war.toml", scen / "peace.toml", "--out", out)
    assert r.exit_code == 0, r.output
    assert "Key metrics by scenario" in r.stdout
    header = next(line for line in r.stdout.splitlines() if line.startswith("metric"))
    assert "mini war" in header and "mini peace" in header
    assert "ceasefire_month" in r.stdout  # the lever that differs
    for name in ("comparison.png", "comparison_metrics.csv", "comparison_metrics.md",
                 "scenario_differences.csv", "scenario_differences.md"):  # fmt: skip
        assert (out / name).exists()
        assert str(out / name) in r.stdout
    assert ILLUSTRATIVE in (out / "comparison_metrics.md").read_text()


def test_compare_options_and_errors(scen, bad, tmp_path, monkeypatch):
    out = tmp_path / "cmp"
    r = invoke("compare", scen / "war.toml", scen / "peace.toml", "--out", out,
               "--months", "12", "--plots", "svg")  # fmt: skip
    assert r.exit_code == 0, r.output
    assert (out / "comparison.svg").exists() and not (out / "comparison.png").exists()
    for args, message in [
        ([scen / "war.toml"], "at least two"),
        ([scen / "war.toml", bad], "ceasefire_mnth"),
        ([scen / "war.toml", scen / "peace.toml", "--plots", "none"], "at least one figure"),
        ([scen / "war.toml", scen / "peace.toml", "--plots", "bmp"], "unknown figure format"),
    ]:
        r = invoke("compare", *args, "--out", tmp_path / "x")
        assert r.exit_code == 2, (args, r.output)
        assert message in r.stderr
        no_traceback(r)

    def broken(scenario, months, overrides):
        raise SimulationError("dt does not divide the run")

    monkeypatch.setattr(batch, "_simulate", broken)
    r = invoke("compare", scen / "war.toml", scen / "peace.toml", "--out", tmp_path / "y")
    assert r.exit_code == 1 and "dt does not divide" in r.stderr
    no_traceback(r)


def test_demo(tmp_path):
    r = invoke("demo", "--out", tmp_path)
    assert r.exit_code == 0, r.output
    assert (tmp_path / "comparison.png").exists()
    assert str(tmp_path / "comparison.png") in r.stdout
    assert str(tmp_path / "comparison_metrics.md") in r.stdout
    assert "war continues" in r.stdout and "sudden peace" in r.stdout


def test_demo_without_scenarios(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "find_scenarios_dir", lambda start=None: None)
    r = invoke("demo", "--out", tmp_path)
    assert r.exit_code == 2 and "WARDILEMMA_SCENARIOS" in r.stderr


def test_find_scenarios_dir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    found = paths.find_scenarios_dir()
    assert found is not None and (found / "sudden_peace.toml").is_file()
    monkeypatch.setenv("WARDILEMMA_SCENARIOS", str(found))
    assert paths.find_scenarios_dir(start=tmp_path / "x.py") == found
    monkeypatch.delenv("WARDILEMMA_SCENARIOS")
    assert paths.find_scenarios_dir(start=tmp_path / "x.py") is None


# ---------------------------------------------------------------------- issue 22: what to trust


SHIPPED = paths.scenarios_dir()


@pytest.mark.parametrize("kind", ["invalid", "missing"])
@pytest.mark.parametrize("command", ["run", "montecarlo", "sweep"])
def test_an_input_that_does_not_load_creates_nothing(command, kind, bad, tmp_path):
    path = bad if kind == "invalid" else tmp_path / "nope.toml"
    out = tmp_path / "out"
    extra = {"run": ["--plots", "none"], "montecarlo": ["-n", "4", "-q"],
             "sweep": ["--dilemma", "-q"]}[command]  # fmt: skip
    r = invoke(command, path, "-o", out, *extra)
    assert r.exit_code == 2, r.output
    assert not out.exists(), sorted(out.rglob("*"))


def test_summary_has_one_row_per_input_with_its_status(scen, bad, tmp_path):
    out = tmp_path / "out"
    missing = tmp_path / "nope.toml"
    r = invoke("run", scen / "war.toml", bad, missing, "-o", out, "--plots", "none")
    assert r.exit_code == 2, r.output
    assert {p.name for p in out.iterdir()} == {"war", "summary.csv"}  # nothing for the bad
    rows = list(csv.DictReader(
        line for line in (out / "summary.csv").read_text().splitlines() if not line.startswith("#")
    ))  # fmt: skip
    assert [(row["file"], row["status"]) for row in rows] == [
        (str(scen / "war.toml"), "ok"), (str(bad), "invalid"), (str(missing), "invalid"),
    ]  # fmt: skip
    assert rows[0]["message"] == "" and float(rows[0]["peak_discontent[provinces] (index 0-1)"])
    assert "ceasefire_mnth" in rows[1]["message"] and "file not found" in rows[2]["message"]
    assert "\n" not in rows[1]["message"]
    assert rows[1]["peak_discontent[provinces] (index 0-1)"] == ""
    assert f"invalid  {bad}" in r.stdout and f"invalid  {missing}" in r.stdout
    r = invoke("run", bad, missing, "-o", tmp_path / "none", "--plots", "none")
    assert r.exit_code == 2 and not (tmp_path / "none").exists()  # no input ran: no summary


def test_identical_runs_are_named_in_the_report_and_the_summary(tmp_path):
    base = SHIPPED / "war_continues.toml"
    war = tmp_path / "war_again.toml"  # the same run under another name
    war.write_text(f'[scenario]\nname = "war again"\nextends = "{base.as_posix()}"\n')
    out = tmp_path / "out"
    r = invoke("run", base, war, "-o", out, "--plots", "none", "--months", "24")
    assert r.exit_code == 0, r.output
    assert f"same     {war}: same paths as {base} (the same run under another name)" in r.stdout
    rows = list(csv.DictReader(
        line for line in (out / "summary.csv").read_text().splitlines() if not line.startswith("#")
    ))  # fmt: skip
    assert [row["same_paths_as"] for row in rows] == ["", str(base)]


def test_ok_lines_come_before_the_closing_report(scen, tmp_path):
    r = invoke("run", scen, "-o", tmp_path / "o", "--plots", "none")
    lines = r.stdout.splitlines()
    assert [x.split()[0] for x in lines[:2]] == ["ok", "ok"] and lines[-1].startswith("2 scen")


def _copy_of_sudden_peace(folder: Path) -> Path:
    text = (SHIPPED / "sudden_peace.toml").read_text()
    assert text.startswith("#:schema ../docs/scenario.schema.json")
    copy = folder / "my_peace.toml"
    copy.write_text(re.sub(r"(?m)^ceasefire_month = .*$", 'ceasefire_month = "2027-06"', text))
    return copy


def test_a_copied_scenario_is_told_apart_from_its_original(tmp_path):
    (tmp_path / "deep").mkdir()
    copy = _copy_of_sudden_peace(tmp_path / "deep")
    out = tmp_path / "out"
    r = invoke("run", copy, "-o", out, "--plots", "png", "--months", "48")
    assert r.exit_code == 0, r.output
    warnings = [x for x in r.stderr.splitlines() if x.startswith("warning: ")]
    named = [x for x in warnings if "named 'sudden peace' like" in x]
    assert len(named) == 1 and "'sudden peace (my_peace)'" in named[0]
    schema = [x for x in warnings if "#:schema ../docs/scenario.schema.json` points nowhere" in x]
    rel = Path(os.path.relpath(paths.docs_dir() / "scenario.schema.json", copy.parent))
    assert len(schema) == 1 and schema[0].endswith(f"write `#:schema {rel.as_posix()}`")
    assert (copy.parent / rel).is_file()  # the path given works from the copy's folder
    doc = json.loads((out / "my_peace" / "metrics.json").read_text())
    assert doc["scenario"] == "sudden peace (my_peace)"
    assert doc["differs_from_parent"] == {
        "parent": str(SHIPPED / "sudden_peace.toml"),
        "values": {"ceasefire_month": {"parent": "2026-01 (month 48)",
                                       "this": "2027-06 (month 65)"}},
    }  # fmt: skip
    from PIL import Image

    title = Image.open(out / "my_peace" / "dashboard.png").text["Title"]
    assert title == "sudden peace (my_peace)"


def test_a_shipped_scenario_records_what_it_changes_from_its_parent(tmp_path):
    r = invoke("run", SHIPPED / "sudden_peace.toml", "-o", tmp_path, "--plots", "none",
               "--months", "24")  # fmt: skip
    assert r.exit_code == 0 and "warning" not in r.stderr, r.output
    diff = json.loads((tmp_path / "sudden_peace" / "metrics.json").read_text())
    assert diff["scenario"] == "sudden peace"
    values = diff["differs_from_parent"]["values"]
    assert diff["differs_from_parent"]["parent"] == str(SHIPPED / "war_continues.toml")
    assert values["ceasefire_month"]["this"] == "2026-01 (month 48)"


def test_a_missing_parent_says_where_it_looked_and_the_closest_name(tmp_path):
    f = tmp_path / "mine.toml"
    f.write_text('[scenario]\nname = "mine"\nextends = "sudden_peac.toml"\n')
    r = invoke("validate", f)
    assert r.exit_code == 2
    assert f"looked for {tmp_path / 'sudden_peac.toml'} (beside the file)" in r.output
    assert f"then in the shipped scenarios ({SHIPPED})" in r.output
    assert "did you mean `sudden_peace.toml`?" in r.output


def test_claims_from_an_empty_folder_use_the_shipped_file(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "wardilemma", "claims", "-o", "o", "-q"],
        cwd=tmp_path, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == f"claims of {paths.shipped_claims_file()}"
    assert (tmp_path / "o" / "claims.json").is_file()


def test_a_sweep_over_the_ceasefire_prints_and_writes_dates(tmp_path):
    r = invoke("sweep", SHIPPED / "sudden_peace.toml", "--param",
               "ceasefire_month=2025-07:2030-01:14", "--metric", "peak_discontent[provinces]",
               "--metric", "reserves_out_month", "-o", tmp_path / "o")  # fmt: skip
    assert r.exit_code == 0, r.output
    (line,) = [x for x in r.stdout.splitlines() if x.startswith("peak_discontent[provinces]")]
    assert re.search(r"lowest \S+ at ceasefire_month=20\d\d-\d\d; highest \S+ at "
                     r"ceasefire_month=20\d\d-\d\d$", line), line  # fmt: skip
    (line,) = [x for x in r.stdout.splitlines() if x.startswith("reserves_out_month")]
    assert re.search(r"lowest (20\d\d-\d\d|none) at .*; highest", line), line
    # sweep.csv: months as the calendar month (as printed), the model's number next to it
    text = (tmp_path / "o" / "sweep.csv").read_text().splitlines()
    rows = list(csv.DictReader(x for x in text if not x.startswith("#")))
    assert list(rows[0]) == ["ceasefire_month", "ceasefire_month_offset",
                             "peak_discontent[provinces]", "reserves_out_month",
                             "reserves_out_month_offset"]  # fmt: skip
    (start,) = [x.split(": ")[1] for x in text if x.startswith("# start: ")]
    assert len(rows) == 14 and start == load_scenario(SHIPPED / "sudden_peace.toml").start
    offsets = [float(x["ceasefire_month_offset"]) for x in rows]
    assert np.allclose(np.diff(offsets), 54 / 13)  # 2025-07 to 2030-01: 54 months, 13 steps
    assert [x["ceasefire_month"] for x in rows[:3]] == ["2025-07", "2025-11", "2026-03"]
    assert rows[-1]["ceasefire_month"] == "2030-01"
    assert [month_label(start, o) for o in offsets] == [x["ceasefire_month"] for x in rows]
    for x in rows:
        out = x["reserves_out_month"]
        number = float(x["reserves_out_month_offset"])
        assert (out == "none") if number != number else re.fullmatch(r"20\d\d-\d\d", out)
        float(x["peak_discontent[provinces]"])
    manifest = json.loads((tmp_path / "o" / "manifest.json").read_text())
    assert manifest["axes"]["ceasefire_month"][:2] == ["2025-07", "2025-11"]


def test_a_run_that_fails_leaves_no_output_folder(scen, tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise SimulationError("discontent is NaN at month 3")

    monkeypatch.setattr(batch, "simulate", broken)
    out = tmp_path / "out"
    r = invoke("run", scen / "war.toml", "-o", out, "--plots", "none")
    assert r.exit_code == 1 and "discontent is NaN at month 3" in r.stderr
    assert not out.exists()
