"""The public record as data: the shipped file and the errors a bad file gets (issue 20)."""

from __future__ import annotations

import re

import pytest

from wardilemma.analysis.record import (
    COLUMNS,
    SERIES,
    RecordError,
    default_record_path,
    load_record,
    month_index,
)

HEADER = ",".join(COLUMNS)
GOOD = (
    "cpi-2025,cpi_inflation,national,2025-01,2025-12,change_12m,5.6,%,0.25,grade,estimate,A,"
    "Rosstat via X 2026-01-01,"
)


def _write(tmp_path, *lines: str, header: str = HEADER):
    path = tmp_path / "record.csv"
    path.write_text("\n".join([header, *lines]) + "\n")
    return path


# ---------------------------------------------------------------------- the shipped record


@pytest.fixture(scope="module")
def record():
    return load_record()


def test_the_shipped_record_loads_from_data(record) -> None:
    assert default_record_path() is not None
    assert default_record_path().parts[-2:] == ("data", "record.csv")
    assert len(record) >= 80


#: Series the issue asks for, each with a figure in these years at least.
REQUIRED = {
    "gdp_growth": {2022, 2023, 2024, 2025},
    "cpi_inflation": {2022, 2023, 2024, 2025},
    "key_rate": {2022, 2023, 2024, 2025},
    "unemployment": {2022, 2023, 2024, 2025},
    "real_wage_growth": {2022, 2023, 2024},
    "real_disposable_income_growth": {2022, 2023, 2024},
    "household_deposits_growth": {2022, 2023, 2024},
    "defence_share_of_budget": {2024, 2025},
    "payouts_share_of_gdp": {2024},
    "deficit_share_of_gdp": {2022, 2023, 2024, 2025},
    "army": {2024, 2025},
    "contract_recruits": {2023, 2024, 2025},
    "war_losses": {2022, 2023, 2024},
}


@pytest.mark.parametrize("series", sorted(REQUIRED))
def test_the_record_covers_each_series_the_issue_names(record, series) -> None:
    years = {int(r.period_end[:4]) for r in record if r.series == series}
    assert REQUIRED[series] <= years, (series, sorted(years))


def test_recruiting_regions_are_in_the_record(record) -> None:
    regions = {r.region for r in record if r.series == "household_deposits_growth"}
    assert {"national", "Tuva", "Buryatia"} <= regions


def test_every_row_is_sourced_graded_and_dated(record) -> None:
    for r in record:
        assert re.search(r"\b(19|20)\d\d\b", r.source), (r.id, r.source)
        assert r.grade in "ABC" and r.uncertainty > 0, r.id
        assert month_index(r.period_start) <= month_index(r.period_end), r.id


def test_a_range_sets_the_standard_deviation_to_a_quarter_of_it(record) -> None:
    tuva = next(r for r in record if r.id == "household_deposits_growth-2023-tuva")
    assert tuva.uncertainty_basis == "range"
    assert tuva.value == pytest.approx((45 + 58) / 2)
    assert tuva.uncertainty == pytest.approx((58 - 45) / 4)
    assert tuva.tolerance == pytest.approx(2 * tuva.uncertainty)


def test_labels_say_the_period_as_a_reader_would(record) -> None:
    by_id = {r.id: r for r in record}
    assert by_id["cpi_inflation-2023"].label == "2023"
    assert by_id["key_rate-2025-12"].label == "2025-12"
    assert by_id["real_wage_growth-2024-01..2024-10"].label == "2024-01..2024-10"


# ---------------------------------------------------------------------- errors


def _problems(path) -> list[str]:
    with pytest.raises(RecordError) as info:
        load_record(path)
    message = str(info.value)
    assert message.splitlines()[0].startswith(f"{path}: ")
    assert "the record was not loaded" in message.splitlines()[0]
    return info.value.problems


def test_a_good_file_loads(tmp_path) -> None:
    record = load_record(_write(tmp_path, GOOD))
    (row,) = record.rows
    assert (row.series, row.value, row.line) == ("cpi_inflation", 5.6, 2)


def test_a_missing_column_names_the_file_line_and_column(tmp_path) -> None:
    header = HEADER.replace(",uncertainty_basis", "")
    path = _write(tmp_path, header=header)
    assert _problems(path) == [f"{path}:1: missing column 'uncertainty_basis'"]


def test_an_unknown_column_is_named_with_the_closest(tmp_path) -> None:
    path = _write(tmp_path, GOOD + ",x", header=HEADER + ",nots")
    (problem,) = _problems(path)
    assert problem.startswith(f"{path}:1: unknown column 'nots'; did you mean `note`?")


def test_an_unknown_series(tmp_path) -> None:
    path = _write(tmp_path, GOOD.replace("cpi_inflation", "cpi_inflaton"))
    (problem,) = _problems(path)
    assert problem.startswith(f"{path}:2: column 'series': unknown series 'cpi_inflaton'")
    assert "did you mean `cpi_inflation`?" in problem


def test_an_unparsable_date(tmp_path) -> None:
    path = _write(tmp_path, GOOD, GOOD.replace("cpi-2025", "b").replace("2025-12", "Dec 2025"))
    (problem,) = _problems(path)
    assert problem.startswith(f"{path}:3: column 'period_end': expected a month")


def test_a_non_numeric_value(tmp_path) -> None:
    path = _write(tmp_path, GOOD.replace(",5.6,", ",lots,"))
    assert _problems(path) == [f"{path}:2: column 'value': 'lots' is not a number"]


@pytest.mark.parametrize(
    ("old", "new", "column"),
    [
        (",0.25,", ",0,", "uncertainty"),
        (",%,", ",percent,", "unit"),
        ("change_12m", "average", "statistic"),
        (",A,", ",D,", "grade"),
        (",estimate,", ",about,", "bound"),
        ("2025-01,2025-12", "2025-12,2025-01", "period_end"),
    ],
)
def test_each_column_is_checked(tmp_path, old, new, column) -> None:
    path = _write(tmp_path, GOOD.replace(old, new))
    (problem,) = _problems(path)
    assert problem.startswith(f"{path}:2: column '{column}': "), problem


def test_every_problem_is_reported_at_once(tmp_path) -> None:
    bad = GOOD.replace(",5.6,", ",x,").replace("cpi_inflation", "nope")
    path = _write(tmp_path, bad, GOOD, GOOD)
    problems = _problems(path)
    assert [p.split(": column")[0] for p in problems] == [f"{path}:2", f"{path}:2", f"{path}:4"]
    assert "already used on line 3" in problems[-1]


def test_a_missing_or_empty_file(tmp_path) -> None:
    missing = tmp_path / "nope.csv"
    assert _problems(missing) == [f"{missing}: file not found"]
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    assert _problems(empty) == [f"{empty}:1: the file is empty"]
    header_only = _write(tmp_path)
    assert _problems(header_only) == [f"{header_only}: no rows after the header"]


def test_a_row_with_the_wrong_number_of_cells(tmp_path) -> None:
    path = _write(tmp_path, "a,b,c")
    assert _problems(path) == [f"{path}:2: 3 cells where the header has {len(COLUMNS)}"]


def test_each_series_has_one_unit_and_its_statistics() -> None:
    for name, series in SERIES.items():
        assert series.unit and series.statistics and series.meaning, name


# ---------------------------------------------------------------------- shipping


def test_the_record_ships_with_the_package() -> None:
    import tomllib

    from wardilemma.paths import repo_root

    config = tomllib.loads((repo_root() / "pyproject.toml").read_text())
    shipped = config["tool"]["setuptools"]["data-files"]["share/wardilemma/data"]
    assert "data/record.csv" in shipped
    assert all((repo_root() / f).is_file() for f in shipped)


def test_an_installed_record_is_found_without_a_checkout(tmp_path, monkeypatch) -> None:
    from wardilemma import paths

    installed = tmp_path / "share" / "wardilemma" / "data"
    installed.mkdir(parents=True)
    (installed / "record.csv").write_text(HEADER + "\n" + GOOD + "\n")
    monkeypatch.setattr(paths, "data_dir", lambda: tmp_path / "no-checkout")
    monkeypatch.setattr(
        paths, "_installed_dirs", lambda folder: [tmp_path / "share" / "wardilemma" / folder]
    )
    assert default_record_path() == installed / "record.csv"
    assert len(load_record()) == 1
