"""The model's quantity for each series of the record.

:data:`MODEL` maps a series of the record (:data:`wardilemma.analysis.record.SERIES`) to
the model's comparable quantity: a function of :class:`~wardilemma.results.Results` giving
one trajectory per member, nationally or for a region, in the series' unit (nominal
roubles from the model's money at the prices of :data:`PRICE_BASE`). A row's statistic is
then taken over the row's period by :mod:`wardilemma.analysis.rowstats`. Illustrative
model, not a forecast.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from wardilemma.analysis.record import month_index
from wardilemma.analysis.rowstats import interp
from wardilemma.results import Results

__all__ = ["MODEL", "PRICE_BASE", "Quantity", "region_name"]


@dataclass(frozen=True)
class Quantity:
    """How the model gives a series of the record.

    Attributes
    ----------
    variables
        The model variables used, as a reader would write the formula.
    compute
        ``compute(results, region) -> array (T, members)`` in the series' unit (a flow per
        month for a series given as a total); ``region`` None for the whole country.
    regional
        Whether the quantity exists per region (else only national rows are compared).
    per
        For a series given as a total, the months a plotted rate is per (1: a month,
        12: a year).
    """

    variables: str
    compute: Callable[[Results, str | None], np.ndarray]
    regional: bool = False
    per: int = 1


def _sum_regions(arr: np.ndarray) -> np.ndarray:
    """``arr`` (T, members, regions) summed over regions, shape (T, members): a product
    with ones, many times faster than ``sum(axis=2)`` on the strided slices a run holds."""
    return arr @ np.ones(arr.shape[2])


def _var(res: Results, name: str, region: str | None) -> np.ndarray:
    """A variable, shape (T, members): a region's, or summed over regions."""
    arr = np.asarray(res[name], dtype=float)
    if name not in res.regional:
        return arr
    if region is None:
        return _sum_regions(arr)
    return arr[:, :, res.region_index(region)]


def _weighted(res: Results, name: str, weight: np.ndarray, region: str | None) -> np.ndarray:
    """A regional variable averaged over regions with ``weight`` (T, members, regions)."""
    arr = np.asarray(res[name], dtype=float)
    if region is not None:
        return arr[:, :, res.region_index(region)]
    total = _sum_regions(weight)
    plain = _sum_regions(arr) / arr.shape[2]
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = _sum_regions(arr * weight) / total
    return np.where(total > 0, mean, plain)


def _labour_force(res: Results) -> np.ndarray:
    return np.asarray(res["labour_supply_index"]) * np.asarray(res["prewar_men"])


def _national_wage(res: Results) -> np.ndarray:
    return _weighted(res, "civilian_wage_rub", _labour_force(res), None) * _trend(res)


def _trend(res: Results) -> np.ndarray:
    """The pre-war growth path, shape (T, members): the model's real economy is at rest
    without the war, a deviation from this path, so its real quantities (GDP, wages,
    incomes, savings) are multiplied by it to be set beside the record (a run without the
    variable: ones)."""
    if "prewar_growth_path" not in res.names:
        return np.ones((len(res.time), 1))
    return np.asarray(res["prewar_growth_path"], dtype=float)


def _unemployment(res: Results, region: str | None) -> np.ndarray:
    if region is None:
        return _var(res, "national_unemployment_rate", None)
    return _var(res, "unemployment_rate", region)


#: The month whose prices the model's money is in: the middle of 2024 (its start of July).
PRICE_BASE = "2024-07"


def _price(res: Results) -> np.ndarray:
    """From the model's real money (2024 prices) to nominal roubles, shape (T, members):
    the run's price level over its level in the middle of 2024 when the run covers it,
    else the price level itself (a run that starts later counts prices from 2024's)."""
    level = np.asarray(res["price_level"], dtype=float)
    base = month_index(PRICE_BASE) - month_index(res.start)
    time = np.asarray(res.time, dtype=float)
    if time[0] <= base <= time[-1]:
        return level / interp(time, level, float(base))
    return level


#: Series of the record -> the model's comparable quantity. A series of
#: :data:`~wardilemma.analysis.record.SERIES` missing here is not modelled.
MODEL: dict[str, Quantity] = {
    "gdp_growth": Quantity("gdp * prewar_growth_path", lambda r, g: _var(r, "gdp", g) * _trend(r)),
    "cpi_inflation": Quantity("price_level", lambda r, g: _var(r, "price_level", None)),
    "key_rate": Quantity("100 * key_rate", lambda r, g: 100 * _var(r, "key_rate", g)),
    "unemployment": Quantity(
        "100 * national_unemployment_rate (a region: 100 * unemployment_rate)",
        lambda r, g: 100 * _unemployment(r, g),
        regional=True,
    ),
    "real_wage_growth": Quantity(
        "civilian_wage_rub weighted by labour_supply_index * prewar_men, * prewar_growth_path",
        lambda r, g: _weighted(r, "civilian_wage_rub", _labour_force(r), g) * _trend(r),
        regional=True,
    ),
    "real_disposable_income_growth": Quantity(
        "household_income summed over regions, * prewar_growth_path",
        lambda r, g: _var(r, "household_income", g) * _trend(r),
        regional=True,
    ),
    "household_deposits_growth": Quantity(
        "household_savings * price_level * prewar_growth_path (nominal)",
        lambda r, g: _var(r, "household_savings", g) * _price(r) * _trend(r),
        regional=True,
    ),
    "defence_share_of_budget": Quantity(
        "100 * military_share_of_budget", lambda r, g: 100 * _var(r, "military_share_of_budget", g)
    ),
    "defence_spending": Quantity(
        "military_outlays * price_level (nominal)",
        lambda r, g: _var(r, "military_outlays", g) * _price(r) / 12,
        per=12,
    ),
    "payouts_share_of_gdp": Quantity(
        "100 * payouts_share_of_gdp / prewar_growth_path",
        lambda r, g: 100 * _var(r, "payouts_share_of_gdp", g) / _trend(r),
    ),
    "war_payouts": Quantity(
        "military_payroll * price_level (nominal)",
        lambda r, g: _var(r, "military_payroll", g) * _price(r) / 12,
        per=12,
    ),
    "deficit_share_of_gdp": Quantity(
        "100 * deficit / gdp", lambda r, g: 100 * _var(r, "deficit", g) / _var(r, "gdp", g)
    ),
    "army": Quantity(
        "soldiers summed over regions", lambda r, g: _var(r, "soldiers", g), regional=True
    ),
    "contract_recruits": Quantity(
        "contract_recruitment + conscript_contracts",
        lambda r, g: _var(r, "contract_recruitment", g) + _var(r, "conscript_contracts", g),
        regional=True,
    ),
    "mobilised": Quantity(
        "mobilisation (men sent by decree)", lambda r, g: _var(r, "mobilisation", g), regional=True
    ),
    "conscripts_called_up": Quantity(
        "conscription", lambda r, g: _var(r, "conscription", g), regional=True
    ),
    "war_losses": Quantity(
        "battle_losses (killed or permanently disabled)",
        lambda r, g: _var(r, "battle_losses", g),
        regional=True,
    ),
    "sign_on_bonus": Quantity(
        "real_bonus * price_level, weighted by contract_recruitment",
        lambda r, g: (
            _weighted(r, "real_bonus", np.asarray(r["contract_recruitment"]), g) * _price(r)
        ),
        regional=True,
    ),
    "average_wage": Quantity(
        "civilian_wage_rub * price_level * prewar_growth_path, weighted by labour force",
        lambda r, g: _weighted(r, "civilian_wage_rub", _labour_force(r), g) * _price(r) * _trend(r),
        regional=True,
    ),
    "defence_industry_jobs": Quantity(
        "defence_industry_jobs summed over regions",
        lambda r, g: _var(r, "defence_industry_jobs", g),
        regional=True,
    ),
    "pay_to_wage_ratio": Quantity(
        "soldier_pay_rub weighted by soldiers / national civilian wage",
        lambda r, g: (
            _weighted(r, "soldier_pay_rub", np.asarray(r["soldiers"]), None) / _national_wage(r)
        ),
    ),
}


def region_name(res: Results, region: str) -> str | None:
    """The run's spelling of ``region`` (case-insensitive), or None."""
    return next((r for r in res.regions if r.lower() == region.lower()), None)
