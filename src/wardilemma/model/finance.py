"""Sector 4: state finance and overheating (national).

Military spending adjusts to its policy target with budget inertia. Revenue comes from
taxes and oil (an oil-revenue shock models sanctions). The deficit is financed by domestic
borrowing up to a capacity, then by the reserve fund; what remains is cut (austerity) or
printed (inflation), in the proportion set by the ``monetisation_share`` policy switch.
Inflation rises with demand above productive capacity, which falls as men leave the
labour force; the price level erodes the real value of nominal payouts.
"""

from .spec import Auxiliary, Flow, Parameter, Sector, Stock

SECTOR = Sector(
    key="finance",
    title="State finance and overheating",
    doc=(
        "Military spending follows its target with budget inertia; the deficit drains the "
        "reserve fund after domestic borrowing; once reserves are gone the state cuts "
        "spending or finances it by inflation (the monetisation share). Inflation rises "
        "with demand above a capacity that shrinks as men leave the labour force."
    ),
    elements=(
        # ---------------------------------------------------------------- levers
        Parameter(
            "war_military_spending",
            14.5,
            "trnRUB/year",
            "Military spending target while the war goes on (2024 prices).",
            allowed=(0.0, 100.0),
            plausible=(5.0, 30.0),
            lever=True,
            source="article: ~35 % of the budget; fig. 1-2: 13.5 tr defence, 17 tr with security",
        ),
        Parameter(
            "postwar_military_spending",
            6.0,
            "trnRUB/year",
            "Military spending target after a ceasefire (2024 prices).",
            allowed=(0.0, 100.0),
            plausible=(3.0, 20.0),
            lever=True,
            source="fig. 1-2: defence 3.6 tr (2021, ~5.5 tr in 2024 prices), 24 % with security",
        ),
        Parameter(
            "postwar_spending_adjustment_time",
            6.0,
            "month",
            "Time for military spending to reach its post-war target.",
            allowed=(0.5, 240.0),
            plausible=(3.0, 60.0),
            lever=True,
            source="fig. 20: US spending fell from 37.5 % to 19.2 % of GDP in one year",
        ),
        Parameter(
            "oil_revenue_shock",
            0.0,
            "1",
            "Share of oil and gas revenue lost to sanctions or prices.",
            allowed=(0.0, 1.0),
            plausible=(0.0, 0.8),
            lever=True,
            source="article: 'severe sanctions on the oil industry'",
        ),
        Parameter(
            "monetisation_share",
            0.5,
            "1",
            "Policy switch: share of an unfinanced deficit printed (inflation) rather than cut "
            "(austerity); 0 = cut, 1 = print.",
            allowed=(0.0, 1.0),
            lever=True,
            source="brief: documented policy switch",
        ),
        # ---------------------------------------------------------------- parameters
        Parameter(
            "initial_military_spending",
            14.5,
            "trnRUB/year",
            "Military spending at the start of the run.",
            allowed=(0.0, 100.0),
            source="about 35 % of a 41.5 tr budget (article; fig. 1)",
        ),
        Parameter(
            "budget_inertia",
            6.0,
            "month",
            "Time for wartime military spending to adjust to its target.",
            allowed=(0.5, 120.0),
            plausible=(3.0, 24.0),
            source="assumption: budget cycle",
        ),
        Parameter(
            "civil_purchases",
            13.0,
            "trnRUB/year",
            "Civil budget purchases of goods and services (not transfers).",
            allowed=(0.0, 200.0),
            source="assumption: 41.5 tr budget less military and transfers",
        ),
        Parameter(
            "other_demand",
            71.7,
            "trnRUB/year",
            "Investment and net exports (held constant).",
            allowed=(0.0, 500.0),
            source="calibrated: GDP ~200 tr RUB in 2024 (Rosstat)",
        ),
        Parameter(
            "initial_capacity",
            196.0,
            "trnRUB/year",
            "Productive capacity of the economy at the start (2024 prices).",
            allowed=(1.0, 1000.0),
            source="calibrated: demand ~2 % above capacity gives 9.5 % inflation (fig. 15)",
        ),
        Parameter(
            "labour_weight_of_men",
            0.35,
            "1",
            "Share of the labour force made up of fighting-age men (capacity sensitivity).",
            allowed=(0.0, 1.0),
            source="assumption",
        ),
        Parameter(
            "tax_rate",
            0.14,
            "1",
            "Non-oil revenue as a share of GDP.",
            allowed=(0.0, 0.6),
            plausible=(0.1, 0.25),
            source="calibrated: deficit ~2.3 % of GDP (fig. 3)",
        ),
        Parameter(
            "oil_revenue_base",
            9.0,
            "trnRUB/year",
            "Oil and gas revenue before any shock.",
            allowed=(0.0, 100.0),
            plausible=(5.0, 15.0),
            source="Minfin: oil and gas revenue 8.5-11 tr RUB (2023-24)",
        ),
        Parameter(
            "borrowing_capacity",
            2.5,
            "trnRUB/year",
            "Deficit the state can finance by domestic borrowing each year.",
            allowed=(0.0, 50.0),
            plausible=(0.5, 6.0),
            source="assumption: OFZ issuance",
        ),
        Parameter(
            "initial_reserves",
            4.0,
            "trnRUB",
            "Liquid reserve fund (National Wealth Fund) at the start.",
            allowed=(0.0, 100.0),
            plausible=(1.0, 15.0),
            source="assumption: liquid NWF assets ~4 tr RUB (2025)",
        ),
        Parameter(
            "reserve_drawdown_time",
            1.0,
            "month",
            "Shortest time over which the reserve fund can be spent.",
            allowed=(1.0, 24.0),
            source="assumption",
        ),
        Parameter(
            "fiscal_adjustment_time",
            6.0,
            "month",
            "Time for austerity to follow the financing gap.",
            allowed=(0.5, 60.0),
            source="assumption: budget revisions",
        ),
        Parameter(
            "max_austerity",
            0.4,
            "1",
            "Largest share of spending the state can cut.",
            allowed=(0.0, 0.9),
            source="assumption",
        ),
        Parameter(
            "target_inflation",
            0.04,
            "1/year",
            "Inflation with demand at capacity.",
            allowed=(0.0, 0.5),
            source="fig. 15: Bank of Russia target 4 %",
        ),
        Parameter(
            "inflation_sensitivity",
            2.75,
            "1/year",
            "Extra inflation per unit of excess demand over capacity.",
            allowed=(0.0, 50.0),
            plausible=(0.5, 10.0),
            source="calibrated: 9.5 % inflation in 2024 (fig. 15)",
        ),
        Parameter(
            "slack_disinflation",
            0.5,
            "1/year",
            "Fall in inflation per unit of demand below capacity (prices are sticky downward).",
            allowed=(0.0, 10.0),
            plausible=(0.1, 2.0),
            source="assumption",
        ),
        Parameter(
            "monetisation_inflation",
            2.0,
            "1/year",
            "Extra inflation per unit of printed deficit relative to GDP.",
            allowed=(0.0, 50.0),
            plausible=(0.5, 10.0),
            source="assumption",
        ),
        Parameter(
            "inflation_adjustment_time",
            6.0,
            "month",
            "Time for inflation to follow its indicated level.",
            allowed=(0.5, 60.0),
            source="assumption",
        ),
        # ---------------------------------------------------------------- stocks
        Stock(
            "military_spending",
            "initial_military_spending",
            "trnRUB/year",
            "Military spending (2024 prices).",
            inflows=("military_spending_change",),
            source="article: military spending ~35 % of the public budget",
        ),
        Stock(
            "reserve_fund",
            "initial_reserves",
            "trnRUB",
            "Liquid reserves that finance the deficit beyond borrowing.",
            inflows=("reserve_accumulation",),
            outflows=("reserve_drawdown",),
            source="brief: the deficit drains the reserve fund",
        ),
        Stock(
            "price_level",
            "1",
            "1",
            "Price level relative to 2024.",
            inflows=("price_change",),
            source="fig. 15",
        ),
        # ---------------------------------------------------------------- flows
        Flow(
            "military_spending_change",
            "(military_spending_target - military_spending)"
            " / if_then_else(at_war > 0, budget_inertia, postwar_spending_adjustment_time)",
            "trnRUB/year/month",
            "Adjustment of military spending toward its target.",
        ),
        Flow(
            "reserve_drawdown",
            "min(max(deficit - borrowing_capacity, 0),"
            " reserve_fund / reserve_drawdown_time * months_per_year) / months_per_year",
            "trnRUB/month",
            "Reserves spent on the deficit beyond borrowing.",
        ),
        Flow(
            "reserve_accumulation",
            "max(-deficit, 0) / months_per_year",
            "trnRUB/month",
            "Budget surpluses saved in the reserve fund.",
        ),
        Flow(
            "price_change",
            "price_level * inflation / months_per_year",
            "1/month",
            "Growth of the price level.",
        ),
        # ---------------------------------------------------------------- auxiliaries
        Auxiliary(
            "military_spending_target",
            "(at_war * war_military_spending + (1 - at_war) * postwar_military_spending)"
            " * (1 - austerity)",
            "trnRUB/year",
            "Military spending the budget aims for.",
        ),
        Auxiliary(
            "military_payroll",
            "sum_regions(war_payouts)",
            "trnRUB/year",
            "All payouts to soldiers and their families.",
        ),
        Auxiliary(
            "procurement_spending",
            "max(military_spending - military_payroll, 0)",
            "trnRUB/year",
            "Military spending on materiel, munitions and services.",
        ),
        Auxiliary(
            "military_outlays",
            "procurement_spending + military_payroll",
            "trnRUB/year",
            "Military money actually spent: the budget, or the payroll when payouts exceed it.",
        ),
        Auxiliary(
            "civil_spending",
            "civil_purchases * (1 - austerity) + sum_regions(transfers_paid)"
            " + replacement_stimulus + sum_regions(veteran_benefits)",
            "trnRUB/year",
            "Civil budget spending, including any stimulus and programmes.",
        ),
        Auxiliary(
            "total_spending",
            "military_outlays + civil_spending",
            "trnRUB/year",
            "Public spending.",
        ),
        Auxiliary(
            "military_share_of_budget",
            "military_outlays / total_spending",
            "1",
            "Military spending as a share of the public budget.",
            bounds=(0.0, 1.0),
            source="article: 'around 35 percent of the public budget'",
        ),
        Auxiliary(
            "aggregate_demand",
            "sum_regions(consumption) + procurement_spending + civil_purchases"
            " * (1 - austerity) + other_demand",
            "trnRUB/year",
            "Demand for output (GDP, demand-determined).",
        ),
        Auxiliary(
            "gdp",
            "aggregate_demand",
            "trnRUB/year",
            "Real GDP (2024 prices).",
            source="fig. 14",
        ),
        Auxiliary(
            "payouts_share_of_gdp",
            "military_payroll / gdp",
            "1",
            "War payouts as a share of GDP.",
            source="article: '1.5 percent of Russian GDP'",
        ),
        Auxiliary(
            "labour_force_index",
            "1 - labour_weight_of_men * (1 - sum_regions(men_at_home)"
            " / sum_regions(initial_pool + initial_veterans))",
            "1",
            "Labour force relative to the start.",
        ),
        Auxiliary(
            "productive_capacity",
            "initial_capacity * labour_force_index",
            "trnRUB/year",
            "Output the economy can produce without overheating.",
            source="brief: capacity falls as men leave the labour force",
        ),
        Auxiliary(
            "excess_demand",
            "aggregate_demand / productive_capacity - 1",
            "1",
            "Demand above capacity (negative: slack).",
        ),
        Auxiliary(
            "oil_revenue",
            "oil_revenue_base * (1 - oil_revenue_shock)",
            "trnRUB/year",
            "Oil and gas revenue.",
        ),
        Auxiliary(
            "revenue",
            "tax_rate * gdp + oil_revenue",
            "trnRUB/year",
            "Public revenue.",
        ),
        Auxiliary(
            "deficit",
            "total_spending - revenue",
            "trnRUB/year",
            "Budget deficit (negative: surplus).",
        ),
        Auxiliary(
            "financing_available",
            "borrowing_capacity + reserve_fund / reserve_drawdown_time * months_per_year",
            "trnRUB/year",
            "Deficit that borrowing and reserves can cover this year.",
        ),
        Auxiliary(
            "unfinanced_deficit",
            "max(deficit - financing_available, 0)",
            "trnRUB/year",
            "Deficit left after borrowing and reserves: printed unless cut.",
        ),
        Auxiliary(
            "austerity",
            "smooth(min(max(austerity + (1 - monetisation_share)"
            " * (deficit - financing_available) / total_spending, 0), max_austerity),"
            " fiscal_adjustment_time, 0)",
            "1",
            "Share of public spending cut to close the financing gap.",
            bounds=(0.0, 1.0),
            source="brief: 'the state must cut spending'",
        ),
        Auxiliary(
            "indicated_inflation",
            "max(target_inflation + inflation_sensitivity * max(excess_demand, 0)"
            " + slack_disinflation * min(excess_demand, 0)"
            " + monetisation_inflation * unfinanced_deficit / gdp, 0)",
            "1/year",
            "Inflation the economy is heading for.",
            source="fig. 15: CPI 9.5 % (2024), key rate 21 %",
        ),
        Auxiliary(
            "inflation",
            "smooth(indicated_inflation, inflation_adjustment_time)",
            "1/year",
            "Annual inflation rate.",
            source="fig. 15",
        ),
    ),
)
