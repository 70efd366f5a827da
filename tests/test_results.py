"""The Results object: shapes, selection, dates and the pandas conversion."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from wardilemma import ILLUSTRATIVE, simulate
from wardilemma.results import month_label


@pytest.fixture(scope="module")
def ensemble():
    # three members, two years: small enough to compare frames row by row
    rates = np.array([0.01, 0.016, 0.02])
    return simulate(parameters={"casualty_rate": rates}, months=24)


def test_shapes_follow_the_documented_layout(ensemble) -> None:
    n_t = len(ensemble.time)
    assert ensemble.time[0] == 0 and ensemble.time[-1] == 24 and n_t == 25
    assert ensemble["soldiers"].shape == (n_t, 3, 2)  # (time, members, regions)
    assert ensemble["reserve_fund"].shape == (n_t, 3)  # national: (time, members)
    assert ensemble.n_members == 3
    # higher casualty rates leave fewer soldiers: the members really differ
    soldiers = ensemble["soldiers"][-1].sum(axis=1)
    assert soldiers[0] > soldiers[1] > soldiers[2]


def test_series_select_and_member(ensemble) -> None:
    s = ensemble.series("soldiers", region="capitals", member=2)
    np.testing.assert_array_equal(s, ensemble["soldiers"][:, 2, 1])
    with pytest.raises(ValueError, match="regional"):
        ensemble.series("soldiers")
    with pytest.raises(ValueError, match="national"):
        ensemble.series("reserve_fund", region="provinces")
    with pytest.raises(KeyError, match="not recorded"):
        ensemble.select(["soldiers"])["reserve_fund"]
    one = ensemble.member(1)
    assert one.n_members == 1
    np.testing.assert_array_equal(one["soldiers"][:, 0], ensemble["soldiers"][:, 1])


def test_dates_count_calendar_months() -> None:
    assert month_label("2025-01", 0) == "2025-01"
    assert month_label("2025-01", 12) == "2026-01"
    assert month_label("2025-11", 3.75) == "2026-02"


def test_long_frame_matches_the_tidy_rows(ensemble) -> None:
    frame = ensemble.to_dataframe()
    cols = ["month", "date", "member", "variable", "region", "value"]
    rows = pd.DataFrame.from_records(list(ensemble.long_rows()), columns=cols)
    pd.testing.assert_frame_equal(frame, rows, check_dtype=False)
    assert frame.attrs["note"] == ILLUSTRATIVE
    pick = frame[(frame.variable == "soldiers") & (frame.region == "provinces")]
    pick = pick[(pick.member == 1) & (pick.month == 12)]
    assert pick.value.item() == ensemble["soldiers"][12, 1, 0]


def test_wide_frame_has_a_column_per_variable_and_region(ensemble) -> None:
    wide = ensemble.to_dataframe(long=False)
    assert wide.shape[0] == 3 * 25
    assert wide.loc[(2, 24.0), "soldiers[capitals]"] == ensemble["soldiers"][24, 2, 1]
    assert wide.loc[(0, 0.0), "reserve_fund"] == ensemble["reserve_fund"][0, 0]
