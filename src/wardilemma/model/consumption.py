"""Sector 3: consumption and aspiration (per region).

Consumption follows spending power (income less saving, plus savings drawn down) with
habit persistence. Aspiration is a slow smooth of consumption that rises faster than it
falls (a ratchet): the boom raises what people expect. Relative deprivation, the shortfall
of consumption below aspiration, is what makes a fall from a boom hurt more than never
having boomed.
"""

from .spec import Auxiliary, Flow, Parameter, Sector, Stock

SECTOR = Sector(
    key="consumption",
    title="Consumption and aspiration",
    doc=(
        "Consumption follows spending power with habit persistence (a first-order "
        "adjustment). Aspiration chases consumption, quickly upward and slowly downward. "
        "Relative deprivation is the shortfall of consumption below aspiration."
    ),
    elements=(
        Parameter(
            "habit_time",
            4.0,
            "month",
            "Time for consumption to adjust to spending power (habit persistence).",
            allowed=(0.25, 60.0),
            plausible=(1.0, 12.0),
            source="assumption",
        ),
        Parameter(
            "aspiration_rise_time",
            12.0,
            "month",
            "Time for aspirations to catch up with rising consumption.",
            allowed=(0.5, 240.0),
            plausible=(3.0, 36.0),
            source="article: the boom 'introduced a novel possibility of social mobility'",
        ),
        Parameter(
            "aspiration_fall_time",
            24.0,
            "month",
            "Time for aspirations to adapt down to falling consumption.",
            allowed=(0.5, 240.0),
            plausible=(12.0, 96.0),
            source="assumption (relative-deprivation literature: ratchet of expectations)",
            uncertain=(12.0, 48.0),
        ),
        Stock(
            "consumption",
            "equilibrium_consumption",
            "trnRUB/year",
            "Household consumption of the region (real, 2024 prices).",
            inflows=("consumption_change",),
            regional=True,
            source="article: 'consumer spending is booming, especially ... in the provinces'",
        ),
        Stock(
            "aspiration",
            "consumption",
            "trnRUB/year",
            "Consumption level people have come to expect.",
            inflows=("aspiration_change",),
            regional=True,
            source="article: the regime's 'promises of self-realization'",
        ),
        Flow(
            "consumption_change",
            "(spending_power - consumption) / habit_time",
            "trnRUB/year/month",
            "Adjustment of consumption toward spending power.",
        ),
        Flow(
            "aspiration_change",
            "(consumption - aspiration) / if_then_else(consumption > aspiration,"
            " aspiration_rise_time, aspiration_fall_time)",
            "trnRUB/year/month",
            "Ratchet: aspirations rise fast and fall slowly.",
        ),
        Auxiliary(
            "spending_power",
            "household_income - saving * months_per_year + dissaving * months_per_year",
            "trnRUB/year",
            "Income less saving plus savings drawn down.",
        ),
        Auxiliary(
            "prewar_consumption",
            "civilian_income_base + civil_transfers",
            "trnRUB/year",
            "Consumption the region could sustain without war money (the pre-war level).",
        ),
        Auxiliary(
            "equilibrium_consumption",
            "(non_civilian_income + civilian_income_base * (1 - local_multiplier))"
            " / (1 - civilian_income_base * local_multiplier / prewar_consumption)",
            "trnRUB/year",
            "Consumption at which income, saving and the local multiplier balance (the "
            "start-of-run value).",
        ),
        Auxiliary(
            "consumption_index",
            "consumption / prewar_consumption",
            "1",
            "Consumption relative to its pre-war level (1 = pre-war).",
        ),
        Auxiliary(
            "relative_deprivation",
            "max(aspiration - consumption, 0) / aspiration",
            "1",
            "Shortfall of consumption below aspiration, as a share of aspiration.",
            bounds=(0.0, 1.0),
            source="article: 'demolishing all this social and economic hope'",
        ),
    ),
)
