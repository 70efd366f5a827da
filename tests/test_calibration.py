"""A run set beside the record (issue 20): statistics over a period, hits and misses, what is
not modelled or outside the run, the files and the command."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from click.testing import CliRunner

from wardilemma.analysis.calibration import HIT, MISS, calibrate, calibration_table
from wardilemma.analysis.evaluation import NOT_MODELLED, OUTSIDE, evaluate
from wardilemma.analysis.quantities import MODEL
from wardilemma.analysis.record import COLUMNS, SERIES, Record, RecordRow, load_record
from wardilemma.cli import main
from wardilemma.figures.calibration import write_calibration
from wardilemma.results import Results

GROWTH, INFLATION = 0.05, 0.10  # continuous rates a year of the synthetic run


@pytest.fixture(scope="module")
def run() -> Results:
    """A hand-made run of three years from 2022-01 with known trajectories: GDP and the
    price level grow exponentially, the key rate steps, soldiers and call-ups are constant
    per region."""
    time = np.arange(0.0, 36.25, 0.25)
    n = len(time)
    ones = np.ones((n, 1))
    regional = {
        "soldiers": np.repeat([[[600_000.0, 100_000.0]]], n, axis=0),
        "conscription": np.repeat([[[1_000.0, 500.0]]], n, axis=0),
        "unemployment_rate": np.repeat([[[0.03, 0.02]]], n, axis=0),
    }
    data = {
        "gdp": 150 * np.exp(GROWTH * time / 12)[:, None],
        "price_level": np.exp(INFLATION * time / 12)[:, None],
        "key_rate": np.where(time < 2, 0.095, 0.20)[:, None],
        "national_unemployment_rate": 0.028 * ones,
        "military_outlays": 12.0 * ones,
        **regional,
    }
    units = {k: "1" for k in data}
    return Results(time, ("provinces", "capitals"), data, frozenset(regional), units,
                   start="2022-01", scenario="synthetic")  # fmt: skip


def _row(series: str, start: str, end: str, statistic: str, value: float, sd: float = 0.1,
         *, region: str = "national", bound: str = "estimate") -> RecordRow:  # fmt: skip
    return RecordRow(
        id=f"{series}-{start}-{statistic}-{bound}-{region}", series=series, region=region,
        period_start=start, period_end=end, statistic=statistic, value=value,
        unit=SERIES[series].unit, uncertainty=sd, uncertainty_basis="grade", bound=bound,
        grade="A", source="test 2026",
    )  # fmt: skip


def _record(*rows: RecordRow) -> Record:
    return Record(tuple(rows))


# ---------------------------------------------------------------------- statistics, exactly


def test_each_statistic_is_taken_as_the_figure_was(run) -> None:
    rows = [
        _row("gdp_growth", "2023-01", "2023-12", "yoy", 0.0),
        _row("cpi_inflation", "2023-01", "2023-12", "change_12m", 0.0),
        _row("cpi_inflation", "2022-01", "2024-12", "yoy", 0.0),
        _row("key_rate", "2022-02", "2022-02", "end", 0.0),
        _row("key_rate", "2022-01", "2022-04", "average", 0.0),
        _row("army", "2023-05", "2023-05", "average", 0.0),
        _row("army", "2023-05", "2023-05", "average", 0.0, region="Capitals"),
        _row("conscripts_called_up", "2022-04", "2022-06", "total", 0.0),
        _row("conscripts_called_up", "2022-04", "2022-06", "total", 0.0, region="provinces"),
        _row("unemployment", "2024-01", "2024-12", "average", 0.0, region="capitals"),
    ]
    values = evaluate(run, _record(*rows)).values[:, 0]
    expected = [
        100 * math.expm1(GROWTH),  # annual means a year apart
        100 * math.expm1(INFLATION),  # December on December
        math.nan,  # the year before 2022 is not in the run
        20.0,  # in force at the end of February
        (9.5 * 2 + 20 * 2) / 4,  # January-April mean of a step at March
        700_000, 100_000,  # summed over regions; a region, named in any case
        3 * 1_500, 3 * 1_000,  # a flow summed over three months
        2.0,
    ]  # fmt: skip
    np.testing.assert_allclose(values, expected, rtol=1e-9)


def test_nominal_money_is_real_money_at_the_prices_of_mid_2024(run) -> None:
    # 12 trn RUB a year at 2024 prices, summed over 2024 in the run's own prices, whose
    # level is divided by its value at the start of July 2024 (month 30)
    row = _row("defence_spending", "2024-01", "2024-12", "total", 0.0)
    t = np.arange(24.0, 36.0, 0.25)
    expected = np.sum(0.25 * np.exp(INFLATION * (t - 30) / 12))
    assert evaluate(run, _record(row)).values[0, 0] == pytest.approx(expected, rel=1e-9)


def test_every_member_is_evaluated(run) -> None:
    two = Results(run.time, run.regions,
                  {k: np.concatenate([v, 2 * v], axis=1) for k, v in run.data.items()},
                  run.regional, run.units, run.start)  # fmt: skip
    found = evaluate(two, _record(_row("army", "2022-06", "2022-06", "average", 0.0)))
    assert found.values.shape == (1, 2)
    np.testing.assert_allclose(found.values[0], [700_000, 1_400_000])


# ---------------------------------------------------------------------- hits and misses


def _matched(run) -> list[RecordRow]:
    """Rows whose value is the model's own (a record the model matches)."""
    rows = [
        _row("gdp_growth", "2023-01", "2023-12", "yoy", 0.0, sd=0.2),
        _row("cpi_inflation", "2024-01", "2024-12", "change_12m", 0.0, sd=0.25),
        _row("key_rate", "2024-06", "2024-06", "end", 0.0, sd=0.25),
        _row("army", "2024-01", "2024-03", "average", 0.0, sd=35_000),
        _row("conscripts_called_up", "2023-04", "2023-07", "total", 0.0, sd=300),
    ]
    values = evaluate(run, _record(*rows)).values[:, 0]
    return [_replace(r, value=float(v)) for r, v in zip(rows, values, strict=True)]


def _replace(row: RecordRow, **changes) -> RecordRow:
    from dataclasses import replace

    return replace(row, **changes)


def test_a_record_the_model_matches_is_all_hits(run) -> None:
    cal = calibrate(run, _record(*_matched(run)))
    assert [c.status for c in cal.comparisons] == [HIT] * 5
    assert cal.hit_rate == 1.0 and cal.compared == 5 and not cal.misses


@pytest.mark.parametrize(("shift", "status"), [(1.9, HIT), (-1.9, HIT), (2.1, MISS), (-3, MISS)])
def test_a_figure_beyond_two_standard_deviations_misses(run, shift, status) -> None:
    rows = [_replace(r, value=r.value + shift * r.uncertainty) for r in _matched(run)]
    cal = calibrate(run, _record(*rows))
    assert {c.status for c in cal.comparisons} == {status}


@pytest.mark.parametrize(
    ("bound", "shift", "status"),
    [("lower", -10, HIT), ("lower", 1.9, HIT), ("lower", 2.1, MISS),
     ("upper", 10, HIT), ("upper", -1.9, HIT), ("upper", -2.1, MISS)],
)  # fmt: skip
def test_a_bound_is_missed_only_when_the_model_is_beyond_it(run, bound, shift, status) -> None:
    (row, *_) = _matched(run)
    row = _replace(row, bound=bound, value=row.value + shift * row.uncertainty)
    assert calibrate(run, _record(row)).comparisons[0].status == status


def test_rows_not_modelled_or_outside_the_run_are_counted_apart(run) -> None:
    rows = [
        *_matched(run),
        _row("defence_security_share_of_budget", "2022-06", "2022-06", "average", 40),
        _row("army", "2022-06", "2022-06", "average", 1.0, region="Tuva"),
        _row("defence_share_of_budget", "2022-06", "2022-06", "average", 1.0, region="capitals"),
        _row("war_losses", "2022-02", "2022-12", "total", 1.0),  # not recorded in this run
        _row("gdp_growth", "2022-01", "2022-12", "yoy", -1.2),
        _row("key_rate", "2025-06", "2025-06", "end", 20),
        _row("cpi_inflation", "2022-06", "2022-06", "change_12m", 15),
    ]
    cal = calibrate(run, _record(*rows))
    status = [c.status for c in cal.comparisons]
    assert status == [HIT] * 5 + [NOT_MODELLED] * 4 + [OUTSIDE] * 3
    assert cal.hit_rate == 1.0 and cal.compared == 5
    reasons = [c.reason for c in cal.comparisons[5:]]
    assert "the model has no defence and security lines" in reasons[0]
    assert "no region 'Tuva'" in reasons[1] and "is national in the model" in reasons[2]
    assert "battle_losses" in reasons[3]
    assert "needs 2021-01 to 2023-01" in reasons[4] and "covers 2022-01 to 2025-01" in reasons[4]


def test_a_run_at_rest_since_an_earlier_month_covers_it_held(run) -> None:
    """The months a scenario says its starting economy was at rest (``at_rest_since``) hold
    every variable at its first value, prices carried back at their first step's rate."""
    from dataclasses import replace

    from wardilemma.analysis.evaluation import at_rest_before

    flat = {k: (np.ones_like(v) if k == "gdp" else v) for k, v in run.data.items()}
    at_rest = replace(run, data=flat, metadata={"at_rest_since": "2021-01"})
    rows = [
        _row("gdp_growth", "2022-01", "2022-12", "yoy", 0.0),  # flat GDP: 0 % on the held 2021
        _row("cpi_inflation", "2022-01", "2022-01", "change_12m", 0.0),
        _row("gdp_growth", "2021-06", "2021-06", "yoy", 0.0),  # needs 2020: still outside
    ]
    found = evaluate(at_rest, _record(*rows))
    assert found.status[2] == OUTSIDE and "needs 2020-06" in found.reasons[2]
    assert found.values[0, 0] == pytest.approx(0.0, abs=1e-12)
    # the price level carried back at its first step's rate: January on January is that rate
    # over twelve months, the year's inflation of the synthetic run
    assert found.values[1, 0] == pytest.approx(100 * math.expm1(INFLATION), rel=1e-9)
    back = at_rest_before(at_rest, 12)
    assert back.time[0] == -12 and len(back.time) == len(run.time) + 48
    assert np.all(back["key_rate"][:48] == run["key_rate"][0])
    assert evaluate(replace(at_rest, metadata={}), _record(rows[0])).status == (OUTSIDE,)


def test_at_rest_since_after_the_start_is_an_error(tmp_path) -> None:
    from wardilemma.scenario import ScenarioError, load_scenario

    bad = tmp_path / "late.toml"
    bad.write_text(
        '[scenario]\nname = "late"\n[simulation]\nstart = "2022-01"\nat_rest_since = "2022-03"\n'
    )
    with pytest.raises(ScenarioError, match=r"at_rest_since.*give a month at or before it"):
        load_scenario(bad)


def test_a_model_value_that_is_not_finite_is_a_miss_without_a_number(run) -> None:
    zero = Results(run.time, run.regions, {**run.data, "gdp": 0 * run.data["gdp"]},
                   run.regional, run.units, run.start)  # fmt: skip
    cal = calibrate(zero, _record(_row("gdp_growth", "2023-01", "2023-12", "yoy", 1.0)))
    (c,) = cal.comparisons
    assert (c.status, c.model, c.reason) == (MISS, None, "the model's value is not finite")
    assert "NaN" not in json.dumps(cal.to_dict())
    assert "-2023-01-yoy-estimate-national: the model's value is not finite against 1 " in (
        calibration_table(cal)
    )


def test_no_comparable_row_gives_no_hit_rate(run) -> None:
    cal = calibrate(run, _record(_row("war_losses", "2022-09", "2022-10", "total", 1.0)))
    assert cal.hit_rate is None
    assert "no row could be compared" in calibration_table(cal)


def test_every_modelled_series_is_a_series_of_the_record() -> None:
    assert set(MODEL) <= set(SERIES)


# ---------------------------------------------------------------------- table and files


def test_a_series_the_run_did_not_record_is_not_modelled_even_outside_it(run) -> None:
    rows = [_row("war_losses", "2021-02", "2021-12", "total", 1.0, bound="lower"),
            _row("war_losses", "2022-02", "2022-12", "total", 1.0)]  # fmt: skip
    cal = calibrate(run, _record(*rows))
    assert [c.status for c in cal.comparisons] == [NOT_MODELLED] * 2
    assert all("'battle_losses' was not recorded" in c.reason for c in cal.comparisons)


def test_table_and_files(run, tmp_path) -> None:
    rows = _matched(run)
    rows[2] = _replace(rows[2], value=rows[2].value + 5)
    rows.append(_row("war_losses", "2021-02", "2021-12", "total", 1.0))  # not drawn
    rows.append(_row("army", "2020-01", "2020-01", "average", 1.0))  # drawn hollow
    cal = calibrate(run, _record(*rows))
    table = calibration_table(cal)
    assert table.startswith("ILLUSTRATIVE")
    assert "Hit rate: 80% of 5 rows compared" in table
    assert "- key_rate-2024-06-end-estimate-national: model 20 % against 25" in table
    paths = write_calibration(cal, tmp_path / "out")
    assert {p.name for p in paths.values()} == {"calibration.csv", "calibration.json",
                                                "calibration.png"}  # fmt: skip
    doc = json.loads(paths["json"].read_text())
    assert (doc["hits"], doc["misses"], doc["hit_rate"]) == (4, 1, 0.8)
    assert doc["note"].startswith("Illustrative")
    lines = paths["csv"].read_text().splitlines()
    assert len(lines) == 8 and lines[0].startswith("id,series,region")


# ---------------------------------------------------------------------- the command


def _record_file(tmp_path, value: float, sd: float):
    path = tmp_path / "record.csv"
    row = [f"army-2025-06,army,national,2025-06,2025-06,average,{value},person,{sd},grade,"
           "estimate,A,test 2026,"]  # fmt: skip
    path.write_text("\n".join([",".join(COLUMNS), *row]) + "\n")
    return path


@pytest.mark.parametrize(("value", "sd", "code"), [(700_000, 1e7, 0), (1e9, 1.0, 1)])
def test_command_check_exits_1_on_a_miss(tmp_path, value, sd, code) -> None:
    out = tmp_path / "out"
    args = ["calibration", "--record", str(_record_file(tmp_path, value, sd)), "-o", str(out)]
    result = CliRunner().invoke(main, [*args, "--check"])
    assert result.exit_code == code, result.output
    assert ("1 hits" if code == 0 else "1 misses") in result.output.replace("1 hit,", "1 hits,")
    assert (out / "calibration.png").is_file() and (out / "calibration.json").is_file()


def test_command_bad_record_exits_2_and_writes_nothing(tmp_path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(",".join(COLUMNS) + "\n" + ",".join(["x"] * len(COLUMNS)) + "\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["calibration", "--record", str(bad), "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert result.output.splitlines()[0] == f"error: {bad}: 9 problems, the record was not loaded"
    assert f"{bad}:2: column 'series': unknown series 'x'" in result.output
    assert f"{bad}:2: column 'value': 'x' is not a number" in result.output
    assert not out.exists()


def test_the_shipped_record_beside_the_default_run() -> None:
    from wardilemma.analysis.calibration import run_calibration

    cal = run_calibration()
    assert len(cal.comparisons) == len(load_record())
    assert cal.compared >= 1
    assert all(c.model is not None for c in cal.comparisons if c.status in (HIT, MISS))


def test_the_default_run_is_the_shipped_history_when_there_is_one(tmp_path, monkeypatch) -> None:
    from wardilemma import paths
    from wardilemma.analysis.calibration import default_scenario

    monkeypatch.setattr(paths, "find_scenarios_dir", lambda: tmp_path)
    assert default_scenario() == tmp_path / "war_continues.toml"
    (tmp_path / "history.toml").write_text("")
    assert default_scenario() == tmp_path / "history.toml"
