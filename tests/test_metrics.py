"""Metrics on hand-built Results with known answers, and structural checks on real runs."""

from __future__ import annotations

import numpy as np
import pytest

from wardilemma import simulate
from wardilemma.metrics import (
    ALL_REGIONS,
    INSTABILITY_THRESHOLD,
    KEY_METRICS,
    METRICS,
    RESERVES_EMPTY_FRACTION,
    compute_metrics,
    format_value,
    max_drawdown_pct,
    months_above,
)
from wardilemma.results import Results

REGIONS = ("provinces", "capitals")


def make_results(n: int = 11, **overrides: np.ndarray) -> Results:
    """Monthly Results with every variable the metrics read; regional arrays are (n, 2)."""
    t = np.arange(n, dtype=float)
    national = {
        "national_discontent": np.full(n, 0.2),
        "instability_risk": np.full(n, 0.1),
        "nationalist_mobilisation": np.full(n, 0.01),
        "at_war": np.ones(n),
        "reserve_fund": np.full(n, 10.0),
        "inflation": np.full(n, 0.05),
        "military_spending": np.full(n, 12.0),
    }
    regional = {
        "discontent": np.full((n, 2), 0.2),
        "consumption": np.full((n, 2), 50.0),
        "aspiration": np.full((n, 2), 50.0),
        "relative_deprivation": np.zeros((n, 2)),
        "casualties": np.zeros((n, 2)),
        "veterans": np.zeros((n, 2)),
        "war_payouts": np.zeros((n, 2)),
    }
    data: dict[str, np.ndarray] = {}
    for name, arr in {**national, **regional}.items():
        arr = np.asarray(overrides.get(name, arr), dtype=float)
        data[name] = arr[:, None] if arr.ndim == 1 else arr[:, None, :]
    return Results(
        time=t,
        regions=REGIONS,
        data=data,
        regional=frozenset(regional),
        units=dict.fromkeys(data, "1"),
        start="2025-01",
        scenario="hand-built",
    )


def values(res: Results, name: str) -> dict[str, float | None]:
    return {mv.region: mv.value for mv in compute_metrics(res, [name])}


def test_registry_is_documented():
    assert len(METRICS) == len({m.name for m in METRICS.values()})
    for m in METRICS.values():
        assert m.units and m.label and m.definition.endswith(".")
        assert m.kind in ("value", "month")
    assert set(KEY_METRICS) <= set(METRICS)


def test_peak_discontent_and_month():
    d = np.full((11, 2), 0.2)
    d[4, 0] = 0.7  # provinces peak at month 4
    d[7, 1] = 0.5  # capitals peak at month 7
    nat = np.full(11, 0.2)
    nat[5] = 0.6
    res = make_results(discontent=d, national_discontent=nat)
    assert values(res, "peak_discontent") == {ALL_REGIONS: 0.6, "provinces": 0.7, "capitals": 0.5}
    assert values(res, "peak_discontent_month") == {ALL_REGIONS: 5, "provinces": 4, "capitals": 7}


def test_months_unstable_counts_intervals_above_threshold():
    risk = np.zeros(11)
    risk[[2, 3, 4, 8]] = INSTABILITY_THRESHOLD + 0.1
    risk[6] = INSTABILITY_THRESHOLD  # at the threshold is not above it
    risk[10] = 0.9  # the final point starts no interval
    res = make_results(instability_risk=risk)
    assert values(res, "months_unstable") == {"": 4.0}
    assert months_above(np.array([0.0, 0.5, 1.0]), np.array([1.0, 1.0, 1.0]), 0.5) == 1.0
    assert months_above(np.array([0.0]), np.array([1.0]), 0.5) == 0.0


def test_mobilisation_final_and_peak():
    mob = np.linspace(0.0, 0.5, 11)
    mob[-1] = 0.3
    res = make_results(nationalist_mobilisation=mob)
    assert values(res, "final_mobilisation") == {"": 0.3}
    assert values(res, "peak_mobilisation") == {"": pytest.approx(0.45)}


def test_consumption_drop_is_largest_fall_from_running_peak():
    assert max_drawdown_pct(np.array([100.0, 120.0, 90.0, 130.0, 120.0])) == pytest.approx(25.0)
    assert max_drawdown_pct(np.array([1.0, 2.0, 3.0])) == 0.0
    c = np.full((11, 2), 50.0)
    c[:, 0] = [100, 110, 100, 88, 95, 120, 114, 114, 114, 114, 114]  # 110 -> 88: 20 %
    c[:, 1] = 100.0  # flat
    res = make_results(consumption=c)
    got = values(res, "consumption_drop_pct")
    assert got["provinces"] == pytest.approx(20.0)
    assert got["capitals"] == 0.0
    total = c.sum(axis=1)
    assert got[ALL_REGIONS] == pytest.approx(max_drawdown_pct(total))


def test_reserves_run_out_month_or_none():
    r = np.array([10.0, 8, 6, 2, RESERVES_EMPTY_FRACTION * 10 - 0.01, 0.1, 0, 0, 5, 5, 5])
    assert values(make_results(reserve_fund=r), "reserves_out_month") == {"": 4.0}
    assert values(make_results(), "reserves_out_month") == {"": None}


def test_ceasefire_month_from_at_war():
    at_war = np.ones(11)
    at_war[6:] = 0.0
    assert values(make_results(at_war=at_war), "ceasefire_month") == {"": 6.0}
    assert values(make_results(), "ceasefire_month") == {"": None}


def test_casualties_and_payouts_sum_over_regions():
    cas = np.zeros((11, 2))
    cas[:, 0] = np.arange(11) * 1000.0 + 500  # 10,000 during the run
    cas[:, 1] = np.arange(11) * 100.0
    res = make_results(casualties=cas, war_payouts=np.full((11, 2), [6.0, 1.2]))
    assert values(res, "cumulative_casualties") == {
        ALL_REGIONS: 11000.0, "provinces": 10000.0, "capitals": 1000.0,
    }  # fmt: skip
    pay = values(res, "war_payouts_total")  # trn RUB/year for 10 months
    assert pay["provinces"] == pytest.approx(5.0)
    assert pay[ALL_REGIONS] == pytest.approx(6.0)


def test_war_spending_total_integrates_per_year_flow_over_months():
    res = make_results(military_spending=np.full(11, 12.0))  # 12 trn/year for 10 months
    assert values(res, "war_spending_total") == {"": pytest.approx(10.0)}
    ramp = make_results(military_spending=np.linspace(0.0, 12.0, 11))  # trapezoid: exact
    assert values(ramp, "war_spending_total") == {"": pytest.approx(5.0)}


def test_peak_inflation_in_percent():
    inf = np.full(11, 0.05)
    inf[3] = 0.125
    assert values(make_results(inflation=inf), "peak_inflation_pct") == {"": 12.5}


def test_relative_deprivation_national_from_totals():
    c = np.full((11, 2), 50.0)
    a = np.full((11, 2), 50.0)
    c[5] = [40.0, 50.0]  # total 90 against 100: 10 %
    dep = np.zeros((11, 2))
    dep[5, 0] = 0.2
    res = make_results(consumption=c, aspiration=a, relative_deprivation=dep)
    got = values(res, "peak_relative_deprivation")
    assert got[ALL_REGIONS] == pytest.approx(0.1)
    assert got["provinces"] == pytest.approx(0.2)


def test_missing_variables_skip_or_raise():
    res = make_results().select(["instability_risk", "at_war"])
    names = {mv.metric.name for mv in compute_metrics(res)}
    assert names == {"months_unstable", "peak_instability_risk", "ceasefire_month"}
    with pytest.raises(ValueError, match="needs"):
        compute_metrics(res, ["peak_discontent"])
    with pytest.raises(ValueError, match="unknown metrics"):
        compute_metrics(res, ["no_such_metric"])
    with pytest.raises(ValueError, match="member"):
        compute_metrics(res, member=3)


def test_regions_false_gives_only_national_values():
    rows = compute_metrics(make_results(), ["peak_discontent"], regions=False)
    assert [mv.region for mv in rows] == [ALL_REGIONS]


def test_format_value():
    month = METRICS["ceasefire_month"]
    assert format_value(month, 12.0, "2025-01") == "2026-01"
    assert format_value(month, None) == "none"
    assert format_value(METRICS["cumulative_casualties"], 1234567.4) == "1,234,567"
    assert format_value(METRICS["months_unstable"], 87.0) == "87"
    assert format_value(METRICS["peak_discontent"], 0.62) == "0.620"
    assert format_value(METRICS["war_spending_total"], 140.2) == "140"


def test_real_runs_structural_differences():
    """Structural facts (not tuned numbers): no casualties after a ceasefire, post-war
    spending target below the war target, so a 12-month war costs fewer lives and less money
    than 36 months of war."""
    war = simulate(months=36, record=None)
    peace = simulate(months=36, parameters={"ceasefire_month": 12})
    w = {(mv.metric.name, mv.region): mv.value for mv in compute_metrics(war)}
    p = {(mv.metric.name, mv.region): mv.value for mv in compute_metrics(peace)}
    assert w[("ceasefire_month", "")] is None
    assert p[("ceasefire_month", "")] == 12.0
    key = ("cumulative_casualties", ALL_REGIONS)
    assert p[key] < w[key]
    assert p[("war_spending_total", "")] < w[("war_spending_total", "")]
    for (_name, _region), v in {**w, **p}.items():
        assert v is None or np.isfinite(v)
