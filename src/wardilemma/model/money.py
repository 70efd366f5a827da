"""Sector 2: money into regions.

War payouts (sign-on bonuses, front pay, death and injury compensation), defence-industry
wages (defence orders follow military spending with a retooling delay), civilian incomes
(wages pushed up by labour scarcity, and a local multiplier on consumption), civil
transfers, any post-war replacement stimulus and veteran programmes. Household savings
fill from income, above all from payouts, and drain into consumption. Money is in
trillion roubles at 2024 prices; payouts are set in nominal roubles and eroded by the
price level.
"""

from .spec import Auxiliary, Flow, Parameter, Sector, Stock

SECTOR = Sector(
    key="money",
    title="Money into regions",
    doc=(
        "War money reaches households as sign-on bonuses, front pay, compensation for the "
        "killed and disabled, and defence-industry wages; civilian income rises with "
        "labour scarcity and with local demand (a multiplier on consumption). Savings fill "
        "from income, especially payouts, and drain into consumption, cushioning a fall."
    ),
    elements=(
        # ---------------------------------------------------------------- constants
        Parameter(
            "months_per_year",
            12.0,
            "month/year",
            "Months in a year (unit conversion).",
            allowed=(12.0, 12.0),
            source="calendar",
        ),
        Parameter(
            "rub_per_trn",
            1.0e12,
            "RUB/trnRUB",
            "Roubles in a trillion roubles.",
            allowed=(1.0e12, 1.0e12),
            source="definition",
        ),
        # ---------------------------------------------------------------- levers
        Parameter(
            "front_pay_rub",
            150_000.0,
            "RUB/(person*month)",
            "Monthly pay of a soldier at the front, nominal roubles.",
            allowed=(0.0, 2.0e6),
            plausible=(5.0e4, 4.0e5),
            lever=True,
            source="fig. 9: pay ~3x the national wage, up to 5x in poor regions; >=210k in Moscow",
        ),
        Parameter(
            "payout_indexation",
            0.5,
            "1",
            "Share of inflation compensated by raising nominal bonuses, pay and compensation.",
            allowed=(0.0, 1.0),
            lever=True,
            source="fig. 8: bonuses raised repeatedly (195k -> 400k federal, 2022-24)",
        ),
        Parameter(
            "peacetime_pay_rub",
            60_000.0,
            "RUB/(person*month)",
            "Monthly pay of a soldier after the ceasefire, nominal roubles.",
            allowed=(0.0, 2.0e6),
            plausible=(3.0e4, 2.0e5),
            lever=True,
            source="assumption",
        ),
        Parameter(
            "compensation_rub",
            7.0e6,
            "RUB/person",
            "Average payment to the family of a soldier killed or disabled, nominal roubles.",
            allowed=(0.0, 1.0e8),
            plausible=(1.0e6, 2.0e7),
            lever=True,
            source="fig. 11: ~14.5 m RUB on death; injury payments lower (fig. 10: ~1.2 tr/yr)",
            uncertain=(4.0e6, 1.0e7),
        ),
        Parameter(
            "replacement_stimulus",
            0.0,
            "trnRUB/year",
            "Civil spending that replaces war spending after a ceasefire (public works, "
            "regional programmes).",
            allowed=(0.0, 50.0),
            plausible=(0.0, 15.0),
            lever=True,
            source="article (Kluge): 'continue spending at current levels long after the war'",
        ),
        Parameter(
            "veteran_programme_level",
            0.0,
            "1",
            "Strength of veteran programmes (jobs, status, benefits): 0 none, 1 full.",
            allowed=(0.0, 1.0),
            lever=True,
            source="article: Putin 'bringing veterans ... into positions of social responsibility'",
        ),
        Parameter(
            "veteran_benefit_rub",
            40_000.0,
            "RUB/(person*month)",
            "Monthly benefit per veteran under a full veteran programme, nominal roubles.",
            allowed=(0.0, 1.0e6),
            plausible=(0.0, 1.5e5),
            lever=True,
            source="assumption",
        ),
        # ---------------------------------------------------------------- region data
        Parameter(
            "monthly_wage_rub",
            {"provinces": 60_000.0, "capitals": 140_000.0},
            "RUB/(person*month)",
            "Average civilian monthly wage at the start, roubles.",
            allowed=(1.0, 1.0e7),
            plausible=(2.0e4, 3.0e5),
            regional=True,
            source="fig. 9: Samara 65.5k, national 86.6k RUB/month (2024)",
        ),
        Parameter(
            "civilian_income_base",
            {"provinces": 56.0, "capitals": 24.0},
            "trnRUB/year",
            "Household income from civilian work and business before war money.",
            allowed=(0.0, 1000.0),
            regional=True,
            source="calibrated: household consumption ~100 tr RUB = ~half of GDP (Rosstat)",
        ),
        Parameter(
            "civil_transfers",
            {"provinces": 10.0, "capitals": 4.0},
            "trnRUB/year",
            "Pensions and social transfers from the civil budget.",
            allowed=(0.0, 500.0),
            regional=True,
            source="assumption: ~14 tr of ~27 tr civil budget",
        ),
        Parameter(
            "defence_industry_share",
            {"provinces": 0.7, "capitals": 0.3},
            "1",
            "Share of defence-industry wages paid in the region.",
            allowed=(0.0, 1.0),
            regional=True,
            source="article: 'much of Russia's manufacturing economy has shifted to defense'",
        ),
        Parameter(
            "stimulus_share",
            {"provinces": 0.8, "capitals": 0.2},
            "1",
            "Share of any replacement stimulus spent in the region (regional targeting).",
            allowed=(0.0, 1.0),
            regional=True,
            lever=True,
            source="lever",
        ),
        # ---------------------------------------------------------------- national params
        Parameter(
            "wage_scarcity_elasticity",
            0.5,
            "1",
            "Elasticity of civilian wages to the scarcity of fighting-age men at home.",
            allowed=(0.0, 5.0),
            plausible=(0.1, 1.5),
            source="fig. 16-17: unemployment 2.3 %, real wages +8-9 % a year",
        ),
        Parameter(
            "local_multiplier",
            0.4,
            "1",
            "Share of civilian income that moves with local consumption (shops, cafes, "
            "services): the boom loop.",
            allowed=(0.0, 0.9),
            plausible=(0.1, 0.5),
            source="article: provincial towns 'newly equipped with ... gyms, shops, and cafes'",
            uncertain=(0.2, 0.5),
        ),
        Parameter(
            "defence_labour_share",
            0.3,
            "1",
            "Share of defence orders paid out as wages.",
            allowed=(0.0, 1.0),
            plausible=(0.15, 0.5),
            source="assumption",
        ),
        Parameter(
            "retooling_time",
            12.0,
            "month",
            "Time for defence orders to follow military spending (retooling delay).",
            allowed=(0.5, 120.0),
            plausible=(3.0, 36.0),
            source="brief: retooling delay",
        ),
        Parameter(
            "payout_saving_rate",
            0.5,
            "1",
            "Share of war payouts saved (bank deposits).",
            allowed=(0.0, 1.0),
            plausible=(0.2, 0.8),
            source="fig. 18: deposits in Tuva +45-58 % in 2023 against 6-9 % in normal years",
            uncertain=(0.3, 0.7),
        ),
        Parameter(
            "base_saving_rate",
            0.08,
            "1",
            "Share of other household income saved.",
            allowed=(0.0, 0.9),
            plausible=(0.02, 0.2),
            source="assumption: normal deposit growth 6-9 %",
        ),
        Parameter(
            "savings_drawdown_time",
            24.0,
            "month",
            "Average time savings stay in the bank before they are spent.",
            allowed=(1.0, 600.0),
            plausible=(12.0, 120.0),
            source="assumption",
        ),
        # ---------------------------------------------------------------- stocks
        Stock(
            "household_savings",
            "saving * savings_drawdown_time",
            "trnRUB",
            "Household bank deposits from which consumption is drawn (real).",
            inflows=("saving",),
            outflows=("dissaving",),
            regional=True,
            source="brief: savings fill from payouts and drain into consumption",
        ),
        # ---------------------------------------------------------------- flows
        Flow(
            "saving",
            "(war_payouts * payout_saving_rate"
            " + (household_income - war_payouts) * base_saving_rate) / months_per_year",
            "trnRUB/month",
            "Money put into savings (real).",
        ),
        Flow(
            "dissaving",
            "household_savings / savings_drawdown_time",
            "trnRUB/month",
            "Savings drawn down into consumption.",
        ),
        # ---------------------------------------------------------------- auxiliaries
        Auxiliary(
            "labour_scarcity",
            "initial_pool / max(recruitment_pool, 0.01 * initial_pool)",
            "1",
            "Fighting-age men originally in the pool per man still in it.",
        ),
        Auxiliary(
            "civilian_wage_rub",
            "monthly_wage_rub * labour_scarcity ** wage_scarcity_elasticity",
            "RUB/(person*month)",
            "Civilian monthly wage, pushed up as men leave (real).",
            source="fig. 17: real wages +7.8 % (2023), +8.9 % (2024)",
        ),
        Auxiliary(
            "payout_erosion",
            "price_level ** (1 - payout_indexation)",
            "1",
            "Factor by which inflation erodes the real value of nominal payouts.",
        ),
        Auxiliary(
            "real_bonus",
            "bonus_rub / payout_erosion",
            "RUB/person",
            "Sign-on bonus at 2024 prices.",
        ),
        Auxiliary(
            "soldier_pay_rub",
            "(at_war * front_pay_rub + (1 - at_war) * peacetime_pay_rub) / payout_erosion",
            "RUB/(person*month)",
            "Monthly soldier pay at 2024 prices.",
        ),
        Auxiliary(
            "bonus_payments",
            "contract_recruitment * real_bonus * months_per_year / rub_per_trn",
            "trnRUB/year",
            "Sign-on bonuses paid to recruits of the region.",
            source="article: 'increasingly outlandish payouts for military enlistment'",
        ),
        Auxiliary(
            "front_pay",
            "soldiers * soldier_pay_rub * months_per_year / rub_per_trn",
            "trnRUB/year",
            "Pay of the region's soldiers.",
            source="article: 'for every month soldiers serve ... thousands more dollars'",
        ),
        Auxiliary(
            "compensation_payments",
            "casualties_flow * compensation_rub / payout_erosion * months_per_year / rub_per_trn",
            "trnRUB/year",
            "Death and injury payments to families.",
            source="fig. 11 ('deathonomics')",
        ),
        Auxiliary(
            "war_payouts",
            "bonus_payments + front_pay + compensation_payments",
            "trnRUB/year",
            "All enlistment and service payouts to the region's households.",
            source="article: payouts 1.5 % of GDP; fig. 10: 2.75-3.0 tr RUB a year",
        ),
        Auxiliary(
            "defence_orders",
            "smooth(procurement_spending, retooling_time)",
            "trnRUB/year",
            "Orders placed with the defence industry; follow procurement with a delay.",
            source="brief: defence orders follow military spending with a retooling delay",
        ),
        Auxiliary(
            "defence_wages",
            "defence_orders * defence_labour_share * defence_industry_share",
            "trnRUB/year",
            "Defence-industry wages paid in the region.",
            source="article: 'and with it, well-paid jobs'",
        ),
        Auxiliary(
            "civilian_income",
            "civilian_income_base * (1 + local_multiplier"
            " * (consumption / prewar_consumption - 1))",
            "trnRUB/year",
            "Household income from civilian work, moving with local demand.",
        ),
        Auxiliary(
            "transfers_paid",
            "civil_transfers * (1 - austerity)",
            "trnRUB/year",
            "Civil transfers actually paid (cut under austerity).",
        ),
        Auxiliary(
            "stimulus_income",
            "replacement_stimulus * stimulus_share",
            "trnRUB/year",
            "Replacement stimulus reaching the region.",
        ),
        Auxiliary(
            "veteran_benefits",
            "veterans * veteran_benefit_rub * veteran_programme_level / payout_erosion"
            " * months_per_year / rub_per_trn",
            "trnRUB/year",
            "Veteran programme benefits paid in the region.",
        ),
        Auxiliary(
            "non_civilian_income",
            "war_payouts + defence_wages + transfers_paid + stimulus_income + veteran_benefits",
            "trnRUB/year",
            "Household income from the state (war money, transfers, programmes).",
        ),
        Auxiliary(
            "household_income",
            "civilian_income + non_civilian_income",
            "trnRUB/year",
            "Total household income of the region (real).",
        ),
        Auxiliary(
            "war_money_share",
            "(war_payouts + defence_wages) / household_income",
            "1",
            "Share of household income that comes from the war.",
            bounds=(0.0, 1.0),
        ),
    ),
)
