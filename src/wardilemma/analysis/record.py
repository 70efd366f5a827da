"""The public record of 2022-2025 as data: one row per published figure, read and checked.

The record (``data/record.csv``, described in ``data/README.md``) holds what was published
about Russia's war economy: GDP growth, inflation, the key rate, unemployment, real
incomes, deposits, the budget, payouts, the army, recruits and losses. Each row is one
figure with its series, region, period, statistic, value, unit, source, grade (A official
statistic, B named analyst or investigative estimate, C secondary) and uncertainty (a
standard deviation in the row's unit). :func:`load_record` reads and validates a file and
returns a frozen :class:`Record`; every mistake is reported with the file, the line and
the column (:class:`RecordError`, a ``ValueError``: exit code 2 on the command line).

:data:`SERIES` is the vocabulary: each series has one unit and the statistics it may be
given as. How a series is set beside a run is :mod:`wardilemma.analysis.calibration`'s
business. Illustrative model, not a forecast.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from wardilemma.paths import shipped_data_dir
from wardilemma.scenario.locate import did_you_mean
from wardilemma.scenario.types import ScenarioError

__all__ = [
    "BASES",
    "BOUNDS",
    "COLUMNS",
    "GRADES",
    "SERIES",
    "STATISTICS",
    "Record",
    "RecordError",
    "RecordRow",
    "Series",
    "default_record_path",
    "load_record",
    "month_index",
    "parse_record",
]


class RecordError(ScenarioError):
    """A record file is invalid; ``problems`` has one message per mistake, each naming the
    file, the line and the column."""

    not_loaded = "the record was not loaded"


#: Columns of a record file, in order.
COLUMNS = (
    "id",
    "series",
    "region",
    "period_start",
    "period_end",
    "statistic",
    "value",
    "unit",
    "uncertainty",
    "uncertainty_basis",
    "bound",
    "grade",
    "source",
    "note",
)

#: Solidity of a figure, as in the shared figures: A official statistic via a mainstream
#: outlet, B named analyst or investigative estimate, C secondary or aggregator source.
GRADES = ("A", "B", "C")

#: What a row says about the true value: an estimate of it, or a bound below or above it.
BOUNDS = ("estimate", "lower", "upper")

#: How the row's uncertainty was set (data/README.md states each rule).
BASES = ("range", "revision", "conflict", "rounding", "claim", "grade")

#: Statistics a figure can be, with what each means over the row's period (months
#: ``period_start`` to ``period_end`` inclusive).
STATISTICS: dict[str, str] = {
    "average": "mean of the quantity over the period (a one-month period: that month)",
    "end": "value at the end of the period",
    "total": "flow summed over the period",
    "yoy": "% change of the period's mean against the same months a year earlier",
    "change_12m": "% change over the 12 months to the end of the period (December on December)",
    "change": "% change from the start of the period to its end",
    "difference": "value at the end of the period less the value at its start",
}


@dataclass(frozen=True)
class Series:
    """A series of the record: its one unit, the statistics it is given as, its meaning."""

    unit: str
    statistics: tuple[str, ...]
    meaning: str


#: The vocabulary of series (data/README.md describes each).
SERIES: dict[str, Series] = {
    "gdp_growth": Series("%", ("yoy",), "real GDP growth"),
    "cpi_inflation": Series("%", ("change_12m", "yoy"), "consumer price inflation"),
    "key_rate": Series("%", ("average", "end"), "Bank of Russia key rate"),
    "unemployment": Series("%", ("average",), "unemployment rate (ILO definition)"),
    "real_wage_growth": Series("%", ("yoy",), "growth of the average real wage"),
    "real_disposable_income_growth": Series(
        "%", ("yoy",), "growth of households' real disposable income"
    ),
    "household_deposits_growth": Series(
        "%", ("change_12m", "change"), "growth of household bank deposits, nominal"
    ),
    "defence_share_of_budget": Series(
        "%", ("average",), "national-defence line as a share of federal spending"
    ),
    "defence_security_share_of_budget": Series(
        "%", ("average",), "defence and security lines as a share of federal spending"
    ),
    "defence_spending": Series("trn RUB", ("total",), "national-defence budget line, nominal"),
    "payouts_share_of_gdp": Series(
        "%", ("average",), "enlistment and service payouts to households as a share of GDP"
    ),
    "war_payouts": Series(
        "trn RUB", ("total",), "enlistment and service payouts to households, nominal"
    ),
    "deficit_share_of_gdp": Series("%", ("average",), "federal budget deficit as a share of GDP"),
    "army": Series("person", ("average",), "soldiers in the war zone"),
    "contract_recruits": Series("person", ("total",), "men signing a contract for the front"),
    "conscripts_called_up": Series("person", ("total",), "men called up for conscription"),
    "mobilised": Series("person", ("total",), "reservists called up by mobilisation"),
    "war_losses": Series("person", ("total",), "soldiers killed or permanently disabled"),
    "sign_on_bonus": Series("RUB", ("average",), "sign-on bonus for a contract, nominal"),
    "average_wage": Series("RUB/month", ("average",), "average civilian monthly wage, nominal"),
    "defence_industry_jobs": Series(
        "person", ("difference",), "people employed in the defence industry"
    ),
    "pay_to_wage_ratio": Series(
        "ratio", ("average",), "soldier's monthly pay against the national average wage"
    ),
}

_MONTH = re.compile(r"(\d{4})-(\d{2})")


def month_index(text: str) -> int:
    """``"YYYY-MM"`` as a month count (year * 12 + month - 1); ValueError if malformed."""
    match = _MONTH.fullmatch(text.strip())
    if match is None or not 1 <= int(match[2]) <= 12:
        raise ValueError(f'expected a month "YYYY-MM", got {text!r}')
    return int(match[1]) * 12 + int(match[2]) - 1


@dataclass(frozen=True)
class RecordRow:
    """One published figure.

    Attributes
    ----------
    id
        Unique name of the row (``cpi_inflation-2023``).
    series, region
        A key of :data:`SERIES`; ``national`` or a region's name (``provinces``, ``Tuva``).
    period_start, period_end
        First and last month the figure covers, ``"YYYY-MM"`` (equal for a one-month figure).
    statistic
        A key of :data:`STATISTICS`.
    value, unit, uncertainty
        The figure, its unit (the series' unit) and its standard deviation in that unit.
    uncertainty_basis
        How the uncertainty was set (:data:`BASES`).
    bound
        ``estimate``, or ``lower``/``upper`` when the figure bounds the quantity.
    grade
        ``A``, ``B`` or ``C`` (:data:`GRADES`).
    source, note
        Outlet and date; anything a reader must know (definition, conflicts).
    line
        Line of the file the row was read from.
    """

    id: str
    series: str
    region: str
    period_start: str
    period_end: str
    statistic: str
    value: float
    unit: str
    uncertainty: float
    uncertainty_basis: str
    bound: str
    grade: str
    source: str
    note: str = ""
    line: int = 0

    @property
    def tolerance(self) -> float:
        """Two standard deviations: the distance from the figure still counted a hit."""
        return 2.0 * self.uncertainty

    @property
    def national(self) -> bool:
        return self.region.lower() == "national"

    @property
    def label(self) -> str:
        """Period as a reader says it: ``2023``, ``2024-01..2024-09`` or ``2025-12``."""
        start, end = self.period_start, self.period_end
        if start == end:
            return start
        if start.endswith("-01") and end.endswith("-12") and start[:4] == end[:4]:
            return start[:4]
        return f"{start}..{end}"


@dataclass(frozen=True)
class Record:
    """The rows of a record file, in file order."""

    rows: tuple[RecordRow, ...]
    path: Path | None = None

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[RecordRow]:
        return iter(self.rows)

    @property
    def series(self) -> list[str]:
        """Series present, in order of first appearance."""
        return list(dict.fromkeys(r.series for r in self.rows))


def default_record_path() -> Path | None:
    """The shipped ``data/record.csv``: the checkout's, else the installed data files."""
    folder = shipped_data_dir()
    return None if folder is None else folder / "record.csv"


def _parse_row(where: str, raw: dict[str, str], problems: list[str]) -> RecordRow | None:
    """One row, or None after appending its problems (each naming the column)."""
    found: list[str] = []

    def say(column: str, text: str) -> None:
        found.append(f"{where}: column {column!r}: {text}")

    text = {k: (raw.get(k) or "").strip() for k in COLUMNS}
    for column in ("id", "series", "region", "period_start", "period_end", "statistic",
                   "value", "unit", "uncertainty", "uncertainty_basis", "bound", "grade",
                   "source"):  # fmt: skip
        if not text[column]:
            say(column, "is empty")
    numbers: dict[str, float] = {}
    for column in ("value", "uncertainty"):
        if text[column]:
            try:
                numbers[column] = float(text[column])
            except ValueError:
                say(column, f"{text[column]!r} is not a number")
            else:
                if numbers[column] != numbers[column] or abs(numbers[column]) == float("inf"):
                    say(column, f"{text[column]!r} is not a finite number")
    if "uncertainty" in numbers and not numbers["uncertainty"] > 0:
        say("uncertainty", f"{text['uncertainty']} must be above 0 (a standard deviation)")
    months = {}
    for column in ("period_start", "period_end"):
        if text[column]:
            try:
                months[column] = month_index(text[column])
            except ValueError as exc:
                say(column, str(exc))
    if len(months) == 2 and months["period_end"] < months["period_start"]:
        say("period_end", f"{text['period_end']} is before period_start {text['period_start']}")
    series = SERIES.get(text["series"])
    if text["series"] and series is None:
        say("series", f"unknown series {text['series']!r}{did_you_mean(text['series'], SERIES)}"
            f" (series: {', '.join(SERIES)})")  # fmt: skip
    if series is not None:
        if text["unit"] and text["unit"] != series.unit:
            say("unit", f"{text['unit']!r}: {text['series']} is given in {series.unit!r}")
        if text["statistic"] and text["statistic"] not in series.statistics:
            say("statistic", f"{text['statistic']!r}: {text['series']} is given as "
                f"{' or '.join(series.statistics)}")  # fmt: skip
    for column, allowed in (("statistic", tuple(STATISTICS)), ("grade", GRADES),
                            ("bound", BOUNDS), ("uncertainty_basis", BASES)):  # fmt: skip
        if text[column] and text[column] not in allowed:
            say(column, f"{text[column]!r} is not one of {', '.join(allowed)}"
                f"{did_you_mean(text[column], allowed)}")  # fmt: skip
    if found:
        problems.extend(found)
        return None
    return RecordRow(
        id=text["id"], series=text["series"], region=text["region"],
        period_start=text["period_start"], period_end=text["period_end"],
        statistic=text["statistic"], value=numbers["value"], unit=text["unit"],
        uncertainty=numbers["uncertainty"], uncertainty_basis=text["uncertainty_basis"],
        bound=text["bound"], grade=text["grade"], source=text["source"], note=text["note"],
        line=int(where.rsplit(":", 1)[1]),
    )  # fmt: skip


def parse_record(text: str, path: str | Path = "<record>") -> Record:
    """Validate the text of a record file (CSV with the header :data:`COLUMNS`).

    Raises
    ------
    RecordError
        Listing every problem as ``FILE:LINE: column 'NAME': what is wrong``.
    """
    problems: list[str] = []
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        raise RecordError.collect(path, [f"{path}:1: the file is empty"]) from None
    header = [h.strip() for h in header]
    missing = [c for c in COLUMNS if c not in header]
    extra = [h for h in header if h not in COLUMNS]
    problems += [f"{path}:1: missing column {c!r}" for c in missing]
    problems += [
        f"{path}:1: unknown column {h!r}{did_you_mean(h, COLUMNS)} (columns: {', '.join(COLUMNS)})"
        for h in extra
    ]
    if problems:
        raise RecordError.collect(path, problems)
    rows: list[RecordRow] = []
    seen: dict[str, int] = {}
    for cells in reader:
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        where = f"{path}:{line}"
        if len(cells) != len(header):
            problems.append(f"{where}: {len(cells)} cells where the header has {len(header)}")
            continue
        row = _parse_row(where, dict(zip(header, cells, strict=True)), problems)
        if row is None:
            continue
        if row.id in seen:
            problems.append(f"{where}: column 'id': {row.id!r} is already used on line "
                            f"{seen[row.id]}")  # fmt: skip
            continue
        seen[row.id] = line
        rows.append(row)
    if problems:
        raise RecordError.collect(path, problems)
    if not rows:
        raise RecordError.collect(path, [f"{path}: no rows after the header"])
    return Record(tuple(rows), Path(path))


def load_record(path: str | Path | None = None) -> Record:
    """Read and validate a record file (default: the shipped ``data/record.csv``).

    Raises
    ------
    RecordError
        The file is missing, unreadable or has invalid rows (each problem names the file,
        the line and the column).
    """
    if path is None:
        path = default_record_path()
        if path is None:
            raise RecordError("the shipped record data/record.csv was not found")
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise RecordError.collect(path, [f"{path}: file not found"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RecordError.collect(path, [f"{path}: cannot be read: {exc}"]) from None
    return parse_record(text, path)
