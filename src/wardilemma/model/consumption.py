"""Sector 3: consumption and aspiration (per region).

Consumption follows spending power (income less saving, plus savings drawn down) with
habit persistence. Aspiration is a slow smooth of consumption that rises faster than it
falls (a ratchet): the boom raises what people expect. Relative deprivation, the shortfall
of consumption below aspiration, is what makes a fall from a boom hurt more than never
having boomed.
"""

from wardilemma.model.spec import Auxiliary, Flow, Parameter, Sector, Stock

SECTOR = Sector(
    key="consumption",
    title="Consumption and aspiration",
    doc=(
        "Consumption follows spending power with habit persistence (a first-order adjustment). "
        "Aspiration chases consumption, quickly upward and slowly downward. Relative deprivation "
        "is the shortfall of consumption below aspiration."
    ),
    elements=(
        # ---------------------------------------------------------------- stocks
        Stock(
            name="consumption",
            initial="equilibrium_consumption",
            units="trnRUB/year",
            doc="Household consumption of the region (real, 2024 prices).",
            inflows=("consumption_change",),
            source=(
                "Garner, Foreign Policy, 2025: 'consumer spending is booming, especially ... in "
                "the provinces'"
            ),
            regional=True,
        ),
        Stock(
            name="aspiration",
            initial="consumption",
            units="trnRUB/year",
            doc="Consumption level people have come to expect.",
            inflows=("aspiration_change",),
            source="Garner, Foreign Policy, 2025: the regime's 'promises of self-realization'",
            regional=True,
        ),
        # ---------------------------------------------------------------- flows
        Flow(
            name="consumption_change",
            equation="(spending_power - consumption) / habit_time",
            units="trnRUB/year/month",
            doc="Adjustment of consumption toward spending power.",
            regional=True,
        ),
        Flow(
            name="aspiration_change",
            equation=(
                "(consumption - aspiration) / if_then_else(consumption > aspiration, "
                "aspiration_rise_time, aspiration_fall_time)"
            ),
            units="trnRUB/year/month",
            doc="Ratchet: aspirations rise fast and fall slowly.",
            regional=True,
        ),
        # ---------------------------------------------------------------- auxiliaries
        Auxiliary(
            name="spending_power",
            equation="household_income - saving * months_per_year + dissaving * months_per_year",
            units="trnRUB/year",
            doc="Income less saving plus savings drawn down.",
            regional=True,
        ),
        Auxiliary(
            name="prewar_consumption",
            equation="civilian_income_base + civil_transfers",
            units="trnRUB/year",
            doc="Consumption the region could sustain without war money (the pre-war level).",
            regional=True,
        ),
        Auxiliary(
            name="equilibrium_consumption",
            equation=(
                "(non_civilian_income + civilian_income_base / (1 - natural_unemployment) * "
                "((labour_supply_index + labour_weight_of_men * (conscripts - (spring_callup + "
                "autumn_callup) * conscript_service_time / callup_interval * recruitment_pool / "
                "sum_regions(recruitment_pool)) / prewar_men) * (1 - natural_unemployment - "
                "unemployment_sensitivity) + "
                "unemployment_sensitivity * (1 - local_multiplier + investment_job_weight * "
                "(investment / investment_base - 1)))) / (1 - civilian_income_base * "
                "unemployment_sensitivity * local_multiplier / ((1 - natural_unemployment) * "
                "prewar_consumption))"
            ),
            units="trnRUB/year",
            doc=(
                "Consumption at which income, saving and local labour demand balance, with wages "
                "at their start level and unemployment between its floor and 1 (the start-of-run "
                "value; a tax rise in force at the start is left out), and the labour supply "
                "with the conscripts in service at their yearly mean rather than at January's, "
                "the high point of the call-up cycle (so consumption starts at its mean over "
                "the year of an economy at rest)."
            ),
            regional=True,
        ),
        Auxiliary(
            name="consumption_index",
            equation="consumption / prewar_consumption",
            units="1",
            doc="Consumption relative to its pre-war level (1 = pre-war).",
            regional=True,
        ),
        Auxiliary(
            name="relative_deprivation",
            equation="max(aspiration - consumption, 0) / aspiration",
            units="1",
            doc="Shortfall of consumption below aspiration, as a share of aspiration.",
            source="Garner, Foreign Policy, 2025: 'demolishing all this social and economic hope'",
            bounds=(0.0, 1.0),
            regional=True,
        ),
        # ---------------------------------------------------------------- parameters
        Parameter(
            name="habit_time",
            default=5.96,
            units="month",
            doc="Time for consumption to adjust to spending power (habit persistence).",
            allowed=(0.25, 60.0),
            plausible=(1.0, 12.0),
            source=(
                "Calibrated with the other unsourced parameters to the record of 2022-2025, within "
                "its declared range (benchmarks/calibrate.py, seed 3: 86 of 106 rows; was 4.0)"
            ),
        ),
        Parameter(
            name="aspiration_rise_time",
            default=12.0,
            units="month",
            doc="Time for aspirations to catch up with rising consumption.",
            allowed=(0.5, 240.0),
            source=(
                "Garner, Foreign Policy, 2025: the boom 'introduced a novel possibility of "
                "social mobility'"
            ),
            plausible=(3.0, 36.0),
        ),
        Parameter(
            name="aspiration_fall_time",
            default=24.0,
            units="month",
            doc="Time for aspirations to adapt down to falling consumption.",
            allowed=(0.5, 240.0),
            source="assumption (relative-deprivation literature: ratchet of expectations)",
            plausible=(12.0, 96.0),
            uncertain=(12.0, 48.0),
        ),
    ),
)
