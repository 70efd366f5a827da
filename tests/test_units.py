"""The units algebra (:mod:`wardilemma.units`): parsing, products, quotients, powers, text."""

from __future__ import annotations

from fractions import Fraction

import pytest

from wardilemma.units import DIMENSIONLESS, Units, UnitsError, parse_units


@pytest.mark.parametrize("text", ["1", "", "dmnl", "dimensionless", " 1 "])
def test_dimensionless_spellings(text: str) -> None:
    assert parse_units(text) == DIMENSIONLESS and parse_units(text).is_dimensionless


@pytest.mark.parametrize(
    ("text", "exponents"),
    [
        ("person/month", {"person": 1, "month": -1}),
        ("trnRUB/year", {"trnRUB": 1, "year": -1}),
        ("RUB/(person*month)", {"RUB": 1, "person": -1, "month": -1}),
        ("month^2", {"month": 2}),
        ("person**-1", {"person": -1}),
        ("month/month", {}),
    ],
)
def test_parse(text: str, exponents: dict[str, int]) -> None:
    assert parse_units(text).as_dict() == {k: Fraction(v) for k, v in exponents.items()}


def test_algebra_and_text_round_trip() -> None:
    person, month = parse_units("person"), parse_units("month")
    rate = person / month
    assert str(rate) == "person/month" and parse_units(str(rate)) == rate
    assert rate * month == person
    assert str(person / (month * parse_units("RUB"))) == "person/(RUB*month)"
    assert (month**2) ** Fraction(1, 2) == month
    assert str(DIMENSIONLESS / month) == "1/month"
    assert Units.from_mapping({"month": 0}) == DIMENSIONLESS


@pytest.mark.parametrize("text", ["person + month", "2 * month", "f(x)", "person/("])
def test_bad_units_are_rejected_with_the_text(text: str) -> None:
    with pytest.raises(UnitsError, match="cannot parse units"):
        parse_units(text)
