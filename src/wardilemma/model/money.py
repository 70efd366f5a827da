# A sector declaration file: excepted from the 500-line limit (docs/architecture.md).
"""Sector 2: money into regions.

War payouts actually paid (sign-on bonuses at the level on offer, front pay for soldiers not
yet demobilised, death and injury compensation), defence-industry wages (orders follow
procurement with a retooling delay), civilian income (jobs filled times the civilian wage,
set by a regional labour market), civil transfers, any replacement stimulus, veteran
programmes (benefits, and jobs whose wages the budget pays), the surplus a fiscal rule
returns and any tax increase. The regime escalates the bonus to hold the army at its
target. Veterans are counted once: those who find work (in the market or a programme) join
the civilian labour force and earn the wage, the others are without work. The defence
industry's jobs grow with its orders, less than in proportion (output per worker rises:
Verdoorn's law); of the jobs it adds, job seekers fill a share (lowering unemployment
directly), the labour-force margin (people who would not otherwise work) the next, and
only the rest are taken from civilian employers. Labour tightness sets unemployment, and
unemployment, with a delay, wages (a wage curve); dearer imports after an oil shock cut
real wages. Household savings fill from income, above all from payouts, and drain into
consumption. Money is in trillion roubles at 2024 prices; payouts are set in nominal roubles
and eroded by the price level.
"""

from wardilemma.model.spec import Auxiliary, Flow, Parameter, Sector, Stock

SECTOR = Sector(
    key="money",
    title="Money into regions",
    doc=(
        "War money reaches households only as quantities actually paid: sign-on bonuses at the "
        "level on offer (which the regime raises while the army is short of its target), front "
        "pay for soldiers not yet demobilised, compensation for the killed and disabled, and "
        "defence-industry wages. Civilian income is jobs filled times the civilian wage: a "
        "regional labour market compares demand (local spending, investment and veteran "
        "programme jobs) with supply (men at home in work or seeking it, less the defence "
        "workers that job seekers and the labour-force margin cannot supply); tightness sets "
        "unemployment, which the defence industry's hiring of job seekers lowers further; wages "
        "follow unemployment relative to the start's with a delay (a wage curve). Veterans are "
        "counted once: in work (absorbed, in the labour force) or without work (aggrieved, "
        "outside it). Dearer imports after an oil shock cut "
        "real wages. Savings fill from income, especially payouts, and drain into consumption, "
        "cushioning a fall."
    ),
    elements=(
        # ---------------------------------------------------------------- stocks
        Stock(
            name="household_savings",
            initial="saving * savings_drawdown_time",
            units="trnRUB",
            doc="Household bank deposits from which consumption is drawn (real).",
            inflows=("saving",),
            outflows=("dissaving",),
            source=(
                "Meduza 2024-02-28; BOFIT (Solanko 2024): deposits grew fastest in recruiting "
                "regions"
            ),
            regional=True,
        ),
        Stock(
            name="bonus_escalation",
            initial="1",
            units="1",
            doc=(
                "Multiplier on the scheduled sign-on bonus by which the regime has raised (above "
                "1) or cut (below 1) it to hold the army at its target size."
            ),
            inflows=("bonus_escalation_change",),
            source=(
                "Re:Russia analytics 0167; The Moscow Times 2026-01-14: bonuses raised again and "
                "again to keep recruits coming (Samara cut its bonus in Oct 2025, raised it in "
                "Jan 2026); attrition roughly equals recruitment, so holding the army requires "
                "escalating bonuses"
            ),
        ),
        Stock(
            name="wage_pressure",
            initial="1",
            units="1",
            doc=(
                "Labour scarcity as wage setters have registered it: the start's unemployment "
                "over the current (follows it with a delay; 1 at the start, so that wages "
                "start at their observed level and a market at rest stays at rest)."
            ),
            inflows=("wage_pressure_change",),
            regional=True,
        ),
        Stock(
            name="start_labour_tightness",
            initial="labour_tightness",
            units="1",
            doc=(
                "Labour tightness at the start of the run, held: the observed start wage "
                "belongs to it, and wages move with tightness relative to it."
            ),
            source="model structure: the observed start wage belongs to the start's tightness",
            regional=True,
        ),
        Stock(
            name="start_unemployment_rate",
            initial=(
                "min(max(natural_unemployment - unemployment_sensitivity * "
                "(labour_demand_index / (labour_supply_index + labour_weight_of_men * "
                "(conscripts - (spring_callup + autumn_callup) * conscript_service_time / "
                "callup_interval * recruitment_pool / sum_regions(recruitment_pool)) / "
                "prewar_men) - 1) - defence_hires_from_unemployed, minimum_unemployment), 1)"
            ),
            units="1",
            doc=(
                "Unemployment of the start's economy over its year, held: the observed start "
                "wage belongs to it, and wages move with unemployment relative to it (a wage "
                "curve). It is the start's unemployment with the conscripts in service at "
                "their yearly mean (the two call-ups a year times the service time) rather than at "
                "January's, the high point of the call-up cycle, so that an economy at rest "
                "registers no scarcity on average over the year."
            ),
            source=(
                "model structure, as start_labour_tightness; the call-ups of spring and autumn "
                "and 12 months' service (front sector)"
            ),
            regional=True,
        ),
        Stock(
            name="start_defence_jobs_share",
            initial="initial_defence_jobs_share",
            units="1",
            doc=(
                "Defence-industry jobs as a share of the region's labour at the start of the "
                "run, held: the jobs the industry adds are counted from it."
            ),
            source="model structure, as start_labour_tightness",
            regional=True,
        ),
        Stock(
            name="defence_jobs_share",
            initial="initial_defence_jobs_share",
            units="1",
            doc=(
                "Defence-industry jobs filled, as a share of the region's labour: they follow "
                "the jobs the orders call for as fast as the labour market lets the industry "
                "hire (a matching function), and fall with orders as the notice period runs."
            ),
            inflows=("defence_hiring",),
            source=(
                "Putin via TASS 2024-02-02: 520k jobs in the 18 months to January 2024; Manturov "
                "via TASS (lenta.ru 2026-01-12): 800k added in three years (hiring slowed)"
            ),
            regional=True,
            bounds=(0.0, 0.5),
        ),
        Stock(
            name="start_defence_orders",
            initial="defence_orders",
            units="trnRUB/year",
            doc="Defence orders at the start of the run, held (the jobs' reference).",
            source="model structure, as start_labour_tightness",
        ),
        Stock(
            name="start_real_deposit_rate",
            initial="deposit_rate_share * start_key_rate - domestic_inflation",
            units="1/year",
            doc=(
                "Real deposit rate at the start of the run, held: the return at which "
                "households save their base shares (so an economy at rest stays at rest)."
            ),
            source="model structure, as start_key_rate",
            bounds=(-100.0, 100.0),
        ),
        Stock(
            name="recent_unemployment",
            initial="initial_unemployment",
            units="1",
            doc=(
                "Unemployment as job seekers have seen it over the last months (follows the "
                "unemployment rate with a delay)."
            ),
            inflows=("recent_unemployment_change",),
            source="Rosstat via tradingeconomics: 2.3 % in Oct-Dec 2024 at the start",
            regional=True,
            bounds=(0.0, 1.0),
        ),
        # ---------------------------------------------------------------- flows
        Flow(
            name="recent_unemployment_change",
            equation="(unemployment_rate - recent_unemployment) / job_search_time",
            units="1/month",
            doc="Adjustment of the unemployment job seekers have seen toward the current rate.",
            regional=True,
        ),
        Flow(
            name="defence_hiring",
            equation=(
                "min(defence_vacancies ** (1 - defence_matching_elasticity) * "
                "(reference_defence_vacancies * defence_job_seekers / "
                "reference_hiring_unemployment) ** defence_matching_elasticity / "
                "defence_hiring_time, defence_vacancies / defence_fastest_fill_time) "
                "+ min(defence_labour_demand_share - defence_jobs_share, 0) / defence_layoff_time"
            ),
            units="1/month",
            doc=(
                "Net change of defence jobs: hires from a matching function of the vacancies "
                "and the region's unemployment (the fewer job seekers, the longer a vacancy "
                "stays open: the hiring time at the reference market, longer in a tighter one), "
                "never more than the vacancies over the fastest fill time, less lay-offs as "
                "orders fall below the jobs filled."
            ),
            source=(
                "Petrongolo and Pissarides 2001 (matching function survey): hires = m U^a "
                "V^(1-a), constant returns; Sokolova via Defense News 2024: the industry "
                "'attracted almost the entire possible personnel reserve' in 2022-23, firms now "
                "poach from each other"
            ),
            regional=True,
        ),
        Flow(
            name="wage_pressure_change",
            equation=(
                "(start_unemployment_rate / unemployment_rate - wage_pressure) / "
                "wage_adjustment_time"
            ),
            units="1/month",
            doc=(
                "Adjustment of wage pressure toward the start's unemployment over the current "
                "(annual wage setting)."
            ),
            regional=True,
        ),
        Flow(
            name="bonus_escalation_change",
            equation=(
                "bonus_escalation * bonus_adjustment_rate * step(1, escalation_start_month) * "
                "army_shortfall * "
                "if_then_else(army_shortfall > 0, max(1 - bonus_escalation / "
                "max_bonus_escalation, 0), 1)"
            ),
            units="1/month",
            doc=(
                "Raising the bonus while the army is below its target (up to a ceiling the "
                "budget and regions can bear), cutting it while the army is above (goal-seeking "
                "recruitment policy)."
            ),
            regional=False,
        ),
        Flow(
            name="saving",
            equation=(
                "(war_payouts * payout_saving_rate + (household_income - war_payouts) * "
                "(base_saving_rate + rate_saving_share)) / months_per_year"
            ),
            units="trnRUB/month",
            doc=(
                "Money put into savings (real): a share of payouts and a share of other income, "
                "larger while deposits pay more than they did at the start."
            ),
            regional=True,
        ),
        Flow(
            name="dissaving",
            equation="household_savings / savings_drawdown_time",
            units="trnRUB/month",
            doc="Savings drawn down into consumption.",
            regional=True,
        ),
        # ---------------------------------------------------------------- auxiliaries
        Auxiliary(
            name="real_deposit_rate",
            equation="deposit_rate_share * key_rate - inflation",
            units="1/year",
            doc=(
                "Interest on household funds less inflation: deposit rates follow the key rate "
                "(current accounts pay little, so the average is a share of it)."
            ),
            regional=False,
        ),
        Auxiliary(
            name="rate_saving_share",
            equation=(
                "min(max(saving_rate_sensitivity * (real_deposit_rate - start_real_deposit_rate), "
                "-base_saving_rate), 0.5)"
            ),
            units="1",
            doc=(
                "Extra share of income saved while the real deposit rate is above the start's "
                "(less while it is below): how the key rate cools consumption (bounded: no "
                "saving below zero, at most half of income)."
            ),
            source=(
                "Bank of Russia via The Moscow Times 2024-10-25: the key rate raised to 21 % to "
                "cool demand; deposits grew by a third in 2024 (official estimates via Reuters, "
                "investing.com 2025-01-13)"
            ),
            regional=False,
        ),
        Auxiliary(
            name="army_shortfall",
            equation=(
                "min(max((army_target - sum_regions(soldiers)) / max(army_target, 1e-6 * "
                "sum_regions(prewar_men)), -1), 1)"
            ),
            units="1",
            doc=(
                "Shortfall of the front-line army below its target, as a share of the target "
                "(clipped to -1..1; negative: an excess)."
            ),
            bounds=(-1.0, 1.0),
            regional=False,
        ),
        Auxiliary(
            name="labour_supply_index",
            equation=(
                "1 - labour_weight_of_men * (1 - civilian_labour_men / prewar_men) - "
                "defence_draw_on_civilians - emigrant_labour_share"
            ),
            units="1",
            doc=(
                "Labour available to civilian employers relative to an economy without war: "
                "falls as men go to the front, as emigrants leave and as the defence industry "
                "hires beyond the labour-force margin; rises as veterans find work and as "
                "defence orders fall."
            ),
            source="Re:Russia analytics 0225: at least 2.5 % of workers left the labour market",
            regional=True,
        ),
        Auxiliary(
            name="civilian_labour_men",
            equation="recruitment_pool + reintegrated_veterans + veterans * veteran_absorption",
            units="person",
            doc=(
                "Fighting-age men in the civilian labour force: the pool, reintegrated veterans "
                "and the returning veterans who have found work (the others are counted as "
                "without work, once)."
            ),
            regional=True,
        ),
        Auxiliary(
            name="defence_labour_demand_share",
            equation=(
                "min(start_defence_jobs_share * ((defence_orders + 1e-9 * initial_capacity) / "
                "(start_defence_orders + 1e-9 * initial_capacity)) ** (1 - "
                "defence_productivity_elasticity), 0.5)"
            ),
            units="1",
            doc=(
                "Defence-industry jobs its orders call for, as a share of the region's labour: "
                "they grow with orders, less than in proportion, since output per worker rises as "
                "output grows (Verdoorn's law: more shifts, new capacity); the wage bill grows "
                "with orders, so pay per defence worker rises too. At most half the labour force "
                "(a bound for runs whose pre-war orders are nil)."
            ),
            source=(
                "Minpromtorg via lenta.ru 2026-01-12: labour productivity in the defence "
                "industry +40 % in three years; Lysogorsky via TASS 2024-02-01: defence wages "
                "'increased significantly'"
            ),
            regional=True,
        ),
        Auxiliary(
            name="defence_vacancies",
            equation="max(defence_labour_demand_share - defence_jobs_share, 0)",
            units="1",
            doc=(
                "Defence jobs the orders call for that are not yet filled, as a share of the "
                "region's labour (the industry covers them with overtime, paid from the same "
                "wage bill)."
            ),
            source=(
                "Manturov, June 2024, via Jamestown (Eurasia Daily Monitor): a deficit of 160k "
                "workers after 520k hired since January 2023"
            ),
            regional=True,
        ),
        Auxiliary(
            name="defence_job_seekers",
            equation=(
                "unemployment_rate + max(labour_force_margin - max(defence_jobs_share - "
                "start_defence_jobs_share - defence_hires_from_unemployed, 0), 0)"
            ),
            units="1",
            doc=(
                "People the defence industry can hire without poaching, as a share of the "
                "region's labour: the unemployed and what is left of the labour-force margin "
                "(pensioners, students, people returning to work) once its hires have used it."
            ),
            source=(
                "Sokolova via Defense News 2024: in 2022-23 the industry 'attracted almost the "
                "entire possible personnel reserve'; now firms poach from each other"
            ),
            regional=True,
        ),
        Auxiliary(
            name="defence_industry_jobs",
            equation="defence_jobs_share * prewar_men / labour_weight_of_men",
            units="person",
            doc=(
                "People employed by the defence industry on its orders in the region (the "
                "defence jobs share of the labour force)."
            ),
            source=(
                "Manturov via TASS (lenta.ru 2026-01-12): 3.8 m employed, 800k of them added in "
                "the last three years; Putin via TASS 2024-02-02: 520k jobs created in 18 months"
            ),
            regional=True,
        ),
        Auxiliary(
            name="defence_hires_from_unemployed",
            equation=(
                "defence_hiring_from_unemployed * max(defence_jobs_share - "
                "start_defence_jobs_share, 0)"
            ),
            units="1",
            doc=(
                "Defence jobs added since the start that the unemployed fill, as a share of the "
                "region's labour: the industry hires job seekers first, so its hiring lowers "
                "unemployment directly (and its lay-offs raise it again)."
            ),
            source=(
                "Putin via TASS 2024-02-02: 520k defence jobs in 18 months as unemployment fell "
                "to record lows (Rosstat: 3.7 % in Dec 2022 -> 2.9 % in Dec 2023)"
            ),
            regional=True,
        ),
        Auxiliary(
            name="defence_draw_on_civilians",
            equation=(
                "max(defence_jobs_share - start_defence_jobs_share - "
                "defence_hires_from_unemployed - labour_force_margin, 0)"
            ),
            units="1",
            doc=(
                "Defence jobs filled by taking civilian workers: those neither the unemployed nor "
                "the labour-force margin (pensioners, students, people returning to work) fill. "
                "Higher defence spending therefore adds income, not only moves it."
            ),
            regional=True,
        ),
        Auxiliary(
            name="labour_demand_index",
            equation=(
                "1 + local_multiplier * (consumption / prewar_consumption - 1) + "
                "investment_job_weight * (investment / investment_base - 1) + "
                "labour_weight_of_men * veteran_programme_jobs / prewar_men + defence_vacancies"
            ),
            units="1",
            doc=(
                "Demand for civilian labour relative to a pre-war economy: local spending "
                "(shops, cafes, services), investment (construction, equipment) and the jobs of "
                "veteran programmes."
            ),
            source=(
                "Garner, Foreign Policy, 2025: provincial towns 'newly equipped with ... gyms, "
                "shops, and cafes'"
            ),
            regional=True,
        ),
        Auxiliary(
            name="labour_tightness",
            equation="labour_demand_index / labour_supply_index",
            units="1",
            doc="Labour demand per unit of labour supply (1 = a balanced, pre-war market).",
            regional=True,
        ),
        Auxiliary(
            name="unemployment_rate",
            equation=(
                "min(max(natural_unemployment - unemployment_sensitivity * (labour_tightness - "
                "1) - defence_hires_from_unemployed, minimum_unemployment), 1)"
            ),
            units="1",
            doc=(
                "Share of the civilian labour force without work: below its natural rate in a "
                "tight market and as the defence industry hires job seekers, above it when "
                "demand falls or men come home faster than jobs."
            ),
            source=(
                "Rosstat via tradingeconomics: 3.7 % (2022) -> 2.3 % (Oct-Dec 2024, record low); "
                "US 1946: peak 4.2 % after >8 m discharged in 10 months (Selgin, Cato)"
            ),
            bounds=(0.0, 1.0),
            regional=True,
        ),
        Auxiliary(
            name="national_unemployment_rate",
            equation=(
                "sum_regions(unemployment_rate * labour_supply_index * prewar_men / "
                "labour_weight_of_men + aggrieved_veterans) / sum_regions(labour_supply_index * "
                "prewar_men / labour_weight_of_men + aggrieved_veterans)"
            ),
            units="1",
            doc=(
                "Unemployment rate of the whole country: the civilian unemployed and the "
                "veterans without work, over the labour force."
            ),
            source="Rosstat via tradingeconomics: 2.3 % in Oct-Dec 2024",
            bounds=(0.0, 1.0),
            regional=False,
        ),
        Auxiliary(
            name="job_availability",
            equation="min(natural_unemployment / recent_unemployment, 2)",
            units="1",
            doc=(
                "How easily a job seeker finds work, judged from unemployment over the last "
                "months: 1 at natural unemployment, up to 2 in a very tight market, below 1 in a "
                "slack one (sets veterans' absorption)."
            ),
            bounds=(0.0, 2.0),
            regional=True,
        ),
        Auxiliary(
            name="employment_index",
            equation="labour_supply_index * (1 - unemployment_rate) / (1 - natural_unemployment)",
            units="1",
            doc="Civilian jobs filled relative to a pre-war economy at natural unemployment.",
            regional=True,
        ),
        Auxiliary(
            name="civilian_wage_rub",
            equation=(
                "monthly_wage_rub * wage_pressure ** wage_scarcity_elasticity / "
                "import_price_index ** import_price_weight"
            ),
            units="RUB/(person*month)",
            doc=(
                "Civilian monthly wage (real): follows unemployment with a delay (a wage curve: "
                "the wage moves with the start's unemployment over the current to the power of "
                "the wage elasticity), pushed up as men leave and demand booms, down when "
                "soldiers come home to fewer jobs, and cut by dearer imports after an oil shock."
            ),
            source=(
                "Rosstat via gazeta.ru; Re:Russia analytics 0225: real wages +7.8 % (2023), +8.9 "
                "% (2024); Rosstat via neweuropeinvestor 2016: -9.5 % in 2015"
            ),
            regional=True,
        ),
        Auxiliary(
            name="payout_erosion",
            equation="price_level ** (1 - payout_indexation)",
            units="1",
            doc="Factor by which inflation erodes the real value of nominal payouts.",
            regional=False,
        ),
        Auxiliary(
            name="real_bonus",
            equation="bonus_offered_rub * bonus_escalation / payout_erosion",
            units="RUB/person",
            doc=(
                "Sign-on bonus actually on offer, at 2024 prices: the scheduled bonus times the "
                "escalation the regime adds to hold the army."
            ),
            regional=True,
        ),
        Auxiliary(
            name="soldier_pay_rub",
            equation=(
                "(soldiers_on_front_pay * front_pay_rub + (soldiers - soldiers_on_front_pay) * "
                "peacetime_pay_rub) / max(soldiers, 1e-9 * prewar_men) / payout_erosion"
            ),
            units="RUB/(person*month)",
            doc=(
                "Average monthly pay per soldier at 2024 prices: front pay for those not yet "
                "demobilised, peacetime pay for the post-war army."
            ),
            regional=True,
        ),
        Auxiliary(
            name="bonus_payments",
            equation="contract_recruitment * real_bonus * months_per_year / rub_per_trn",
            units="trnRUB/year",
            doc="Sign-on bonuses paid to recruits of the region.",
            source=(
                "Garner, Foreign Policy, 2025: 'increasingly outlandish payouts for military "
                "enlistment'"
            ),
            regional=True,
        ),
        Auxiliary(
            name="front_pay",
            equation="soldiers * soldier_pay_rub * months_per_year / rub_per_trn",
            units="trnRUB/year",
            doc="Pay of the region's soldiers.",
            source=(
                "Garner, Foreign Policy, 2025: 'for every month soldiers serve ... thousands "
                "more dollars'"
            ),
            regional=True,
        ),
        Auxiliary(
            name="compensation_payments",
            equation=(
                "battle_losses * compensation_rub / payout_erosion * months_per_year / rub_per_trn"
            ),
            units="trnRUB/year",
            doc="Death and injury payments to families.",
            source="Inozemtsev in the WSJ, Nov 2024 ('deathonomics')",
            regional=True,
        ),
        Auxiliary(
            name="war_payouts",
            equation="bonus_payments + front_pay + compensation_payments",
            units="trnRUB/year",
            doc="All enlistment and service payouts to the region's households.",
            source=(
                "Garner, Foreign Policy, 2025: payouts 1.5 % of GDP; Re:Russia review 760: "
                "2.75-3.0 tr RUB a year"
            ),
            regional=True,
        ),
        Auxiliary(
            name="defence_orders",
            equation="smooth(defence_demand, retooling_time)",
            units="trnRUB/year",
            doc=(
                "Orders placed with the defence industry; follow procurement and the orders "
                "financed off the budget with a delay."
            ),
            source="assumption: orders follow spending with a retooling delay",
            regional=False,
        ),
        Auxiliary(
            name="defence_wages",
            equation="defence_orders * defence_labour_share * defence_industry_share",
            units="trnRUB/year",
            doc="Defence-industry wages paid in the region.",
            source="Garner, Foreign Policy, 2025: 'and with it, well-paid jobs'",
            regional=True,
        ),
        Auxiliary(
            name="civilian_income",
            equation=(
                "civilian_income_base * employment_index * civilian_wage_rub / monthly_wage_rub"
            ),
            units="trnRUB/year",
            doc=(
                "Household income from civilian work: jobs filled times the civilian wage "
                "(veterans earn it once absorbed into work; local demand moves both)."
            ),
            regional=True,
        ),
        Auxiliary(
            name="transfers_paid",
            equation=(
                "civil_transfers * (1 - austerity) + surplus_returned * civil_transfers / "
                "sum_regions(civil_transfers)"
            ),
            units="trnRUB/year",
            doc=(
                "Civil transfers actually paid (cut under austerity), with the region's share "
                "of any surplus the fiscal rule returns."
            ),
            regional=True,
        ),
        Auxiliary(
            name="stimulus_income",
            equation="stimulus_paid * stimulus_share",
            units="trnRUB/year",
            doc="Replacement stimulus reaching the region.",
            regional=True,
        ),
        Auxiliary(
            name="veteran_benefits",
            equation=(
                "veterans * veteran_benefit_rub * programme_in_force / payout_erosion * "
                "months_per_year / rub_per_trn"
            ),
            units="trnRUB/year",
            doc="Veteran programme benefits paid in the region.",
            regional=True,
        ),
        Auxiliary(
            name="veteran_programme_jobs",
            equation=(
                "veterans * min(programme_absorption * programme_in_force, veteran_absorption)"
            ),
            units="person",
            doc=(
                "Veterans in jobs a veteran programme creates (public works, security, "
                "'positions of social responsibility'): labour demand the budget pays for."
            ),
            source=(
                "Garner, Foreign Policy, 2025: Putin 'bringing veterans ... into positions of "
                "social responsibility'"
            ),
            regional=True,
        ),
        Auxiliary(
            name="veteran_programme_wages",
            equation=("veteran_programme_jobs * civilian_wage_rub * months_per_year / rub_per_trn"),
            units="trnRUB/year",
            doc=(
                "Wages of veteran programme jobs, paid by the budget (household income through "
                "civilian employment)."
            ),
            regional=True,
        ),
        Auxiliary(
            name="non_civilian_income",
            equation=(
                "war_payouts + defence_wages + transfers_paid + stimulus_income + veteran_benefits"
            ),
            units="trnRUB/year",
            doc="Household income from the state (war money, transfers, programmes).",
            regional=True,
        ),
        Auxiliary(
            name="tax_increase_paid",
            equation="tax_rate_rise * gdp * consumption / sum_regions(consumption)",
            units="trnRUB/year",
            doc=(
                "Households' share of any tax increase (a consumption tax such as VAT, so in "
                "proportion to consumption)."
            ),
            source="Carnegie Endowment 2025-09; rbc.ua 2025-09-24: VAT 20 -> 22 % from 2026",
            regional=True,
        ),
        Auxiliary(
            name="household_income",
            equation="civilian_income + non_civilian_income - tax_increase_paid",
            units="trnRUB/year",
            doc="Total household income of the region after any tax increase (real).",
            regional=True,
        ),
        Auxiliary(
            name="war_money_share",
            equation="(war_payouts + defence_wages) / household_income",
            units="1",
            doc="Share of household income that comes from the war.",
            bounds=(0.0, 1.0),
            regional=True,
        ),
        # ---------------------------------------------------------------- parameters
        Parameter(
            name="months_per_year",
            default=12.0,
            units="month/year",
            doc="Months in a year (unit conversion).",
            allowed=(12.0, 12.0),
            source="calendar",
        ),
        Parameter(
            name="rub_per_trn",
            default=1.0e12,
            units="RUB/trnRUB",
            doc="Roubles in a trillion roubles.",
            allowed=(1.0e12, 1.0e12),
            source="definition",
        ),
        Parameter(
            name="bonus_adjustment_rate",
            default=0.1,
            units="1/month",
            doc=(
                "How fast the regime raises the bonus per unit shortfall of the army below its "
                "target (and cuts it per unit excess); 0 = the bonus stays as scheduled."
            ),
            allowed=(0.0, 2.0),
            source=(
                "assumption shaped by Re:Russia analytics 0167 and The Moscow Times 2026-01-14: "
                "federal bonus 195k -> 400k RUB (2022-24), regional top-ups raised repeatedly; "
                "Samara cut in Oct 2025 and raised again in Jan 2026"
            ),
            plausible=(0.0, 0.5),
            lever=True,
            uncertain=(0.02, 0.3),
        ),
        Parameter(
            name="escalation_start_month",
            default=0.0,
            units="month",
            doc=(
                "Month (since the start of the run) from which the regime escalates the bonus "
                "to hold the army; before it the bonus follows its schedule (the record)."
            ),
            allowed=(0.0, 1200.0),
            source="scenario setting: the history's bonuses are the recorded ones",
        ),
        Parameter(
            name="max_bonus_escalation",
            default=4.0,
            units="1",
            doc="Ceiling on the escalation of the bonus (multiple of the scheduled bonus).",
            allowed=(1.0, 100.0),
            source=(
                "assumption shaped by IStories and Re:Russia analytics 0167: average total bonus "
                "~485k RUB in mid-2024 against 1.9-4 m in the top regions by 2025"
            ),
            plausible=(1.5, 10.0),
            uncertain=(2.0, 8.0),
        ),
        Parameter(
            name="front_pay_rub",
            default=218_000.0,
            units="RUB/(person*month)",
            doc="Monthly pay of a soldier at the front, nominal roubles.",
            allowed=(0.0, 2.0e6),
            source=(
                "Re:Russia analytics 0167; WSJ; gazeta.ru 2024-12-29: pay ~3x the national "
                "average wage (86.6k RUB, Oct 2024), up to 5x in poor regions; >=210k a month "
                "for a Moscow contract; Re:Russia review 760: pay bill 1.55-1.8 tr RUB a year "
                "(~200-230k per soldier-month)"
                "; calibrated with the other unsourced parameters to the record of 2022-2025, "
                "within its declared range (benchmarks/calibrate.py, seed 3: 86 of 106 rows; was "
                "210000.0)"
            ),
            plausible=(50000.0, 400000.0),
            lever=True,
            uncertain=(180000.0, 260000.0),
        ),
        Parameter(
            name="payout_indexation",
            default=0.75,
            units="1",
            doc="Share of inflation compensated by raising nominal bonuses, pay and compensation.",
            allowed=(0.0, 1.0),
            source=(
                "IStories; Re:Russia analytics 0167; unn.ua 2025-01-27: bonuses raised "
                "repeatedly (195k -> 400k federal, 2022-24); pay held ~3x the wage (WSJ)"
            ),
            lever=True,
            uncertain=(0.5, 1.0),
        ),
        Parameter(
            name="peacetime_pay_rub",
            default=60000.0,
            units="RUB/(person*month)",
            doc=(
                "Monthly pay of a soldier in the post-war army (those kept under arms after a "
                "ceasefire; the others keep front pay until demobilised), nominal roubles."
            ),
            allowed=(0.0, 2.0e6),
            plausible=(30000.0, 400000.0),
            lever=True,
        ),
        Parameter(
            name="compensation_rub",
            default=9_550_000.0,
            units="RUB/person",
            doc="Average payment to the family of a soldier killed or disabled, nominal roubles.",
            allowed=(0.0, 1.0e8),
            source=(
                "Inozemtsev in the WSJ, Nov 2024: ~14.5 m RUB on death; injury payments lower "
                "(Re:Russia review 760: ~1.2 tr/yr)"
                "; calibrated with the other unsourced parameters to the record of 2022-2025, "
                "within its declared range (benchmarks/calibrate.py, seed 3: 86 of 106 rows; was "
                "7.0e6)"
            ),
            plausible=(1.0e6, 2.0e7),
            lever=True,
            uncertain=(4.0e6, 1.0e7),
        ),
        Parameter(
            name="replacement_stimulus",
            default=0.0,
            units="trnRUB/year",
            doc=(
                "Civil spending that replaces war spending after a ceasefire (public works, "
                "regional programmes)."
            ),
            allowed=(0.0, 50.0),
            source=(
                "Kluge quoted by Garner, Foreign Policy, 2025: 'continue spending at current "
                "levels long after the war'"
            ),
            plausible=(0.0, 15.0),
            lever=True,
        ),
        Parameter(
            name="veteran_programme_level",
            default=0.0,
            units="1",
            doc="Strength of veteran programmes (jobs, status, benefits): 0 none, 1 full.",
            allowed=(0.0, 1.0),
            source=(
                "Garner, Foreign Policy, 2025: Putin 'bringing veterans ... into positions of "
                "social responsibility'"
            ),
            lever=True,
        ),
        Parameter(
            name="veteran_benefit_rub",
            default=40000.0,
            units="RUB/(person*month)",
            doc="Monthly benefit per veteran under a full veteran programme, nominal roubles.",
            allowed=(0.0, 1.0e6),
            plausible=(0.0, 150000.0),
            lever=True,
        ),
        Parameter(
            name="monthly_wage_rub",
            default={"provinces": 60000.0, "capitals": 140000.0},
            units="RUB/(person*month)",
            doc=(
                "Average civilian monthly wage at the start, roubles (it then follows labour "
                "tightness)."
            ),
            allowed=(1.0, 1.0e7),
            source=(
                "Re:Russia analytics 0167; WSJ; gazeta.ru 2024-12-29; Samarastat: Samara 65.5k, "
                "national 86.6k RUB/month (2024)"
            ),
            plausible=(20000.0, 300000.0),
            regional=True,
        ),
        Parameter(
            name="civilian_income_base",
            default={"provinces": 56.0, "capitals": 24.0},
            units="trnRUB/year",
            doc="Household income from civilian work and business before war money.",
            allowed=(0.0, 1000.0),
            source="calibrated: household consumption ~100 tr RUB = ~half of GDP (Rosstat)",
            regional=True,
        ),
        Parameter(
            name="civil_transfers",
            default={"provinces": 10.0, "capitals": 4.0},
            units="trnRUB/year",
            doc="Pensions and social transfers from the civil budget.",
            allowed=(0.0, 500.0),
            source="assumption: ~14 tr of ~27 tr civil budget",
            regional=True,
        ),
        Parameter(
            name="defence_industry_share",
            default={"provinces": 0.7, "capitals": 0.3},
            units="1",
            doc="Share of defence-industry wages paid in the region.",
            allowed=(0.0, 1.0),
            source=(
                "Garner, Foreign Policy, 2025: 'much of Russia's manufacturing economy has "
                "shifted to defense'"
            ),
            regional=True,
        ),
        Parameter(
            name="stimulus_share",
            default={"provinces": 0.8, "capitals": 0.2},
            units="1",
            doc="Share of any replacement stimulus spent in the region (regional targeting).",
            allowed=(0.0, 1.0),
            source="lever",
            regional=True,
            lever=True,
        ),
        Parameter(
            name="wage_scarcity_elasticity",
            default=0.129,
            units="1",
            doc=(
                "Elasticity of civilian wages to unemployment, in levels (a wage curve: the wage "
                "moves with the start's unemployment over the current to this power)."
            ),
            allowed=(0.0, 5.0),
            source=(
                "Blanchflower and Oswald, The Wage Curve (1994): an elasticity of about -0.1 "
                "across countries. Russia's is higher (Gurvich and Vakulenko, Journal of the New "
                "Economic Association 31(3), 2016: 'exceeds by far' almost all others; Lyashok "
                "and Lopatina, Ekonomicheskaya Politika 2019-4, on microdata). With the wage "
                "curve's reference at the start year's mean (conscripts at their yearly mean) the "
                "2021 economy stays at rest within 0.5 % for ten years up to 0.3 (measured: "
                "largest drift 0.34 % at 0.1 and 0.2, 0.48 % at 0.3; with January's reference "
                "0.58 % at 0.15, 1.25 % at 0.3)"
                "; calibrated with the other unsourced parameters to the record of 2022-2025, "
                "within its declared range (benchmarks/calibrate.py, seed 3: 86 of 106 rows; was "
                "0.1)"
            ),
            plausible=(0.05, 0.6),
        ),
        Parameter(
            name="wage_adjustment_time",
            default=3.33,
            units="month",
            doc="Time for wages to follow unemployment (annual wage setting).",
            allowed=(0.5, 120.0),
            plausible=(3.0, 36.0),
            source=(
                "Calibrated with the other unsourced parameters to the record of 2022-2025, within "
                "its declared range (benchmarks/calibrate.py, seed 3: 86 of 106 rows; was 12.0)"
            ),
        ),
        Parameter(
            name="emigrant_labour_share",
            default=0.0,
            units="1",
            doc=(
                "Share of the labour force that has emigrated since the start of the run (an "
                "outside input): it leaves civilian employers short of workers."
            ),
            allowed=(0.0, 0.2),
            source=(
                "Re:Russia via The Economist 2023-08: 817,000-922,000 people left Russia after "
                "February 2022, up to 300,000 in the first months and a second wave after the "
                "mobilisation of September 2022; Rosstat: labour force 75.3 m (2021); plausible "
                "up to all 922,000 of them in the labour force (1.2 %)"
            ),
            plausible=(0.0, 0.012),
            lever=True,
        ),
        Parameter(
            name="natural_unemployment",
            default=0.045,
            units="1",
            doc="Unemployment in a balanced labour market (tightness 1).",
            allowed=(0.0, 0.3),
            source=(
                "assumption between 3.7 % in 2022 (Rosstat via tradingeconomics) and the higher "
                "pre-war rates"
            ),
            plausible=(0.03, 0.07),
            uncertain=(0.037, 0.055),
        ),
        Parameter(
            name="unemployment_sensitivity",
            default=0.399,
            units="1",
            doc="Fall in unemployment per unit of labour tightness above 1 (an Okun-like slope).",
            allowed=(0.0, 5.0),
            source=(
                "calibrated: 2.3-2.6 % unemployment at the start (Rosstat via tradingeconomics, "
                "Oct-Dec 2024) with the start's labour tightness (after the labour-force margin)"
                "; calibrated with the other unsourced parameters to the record of 2022-2025, "
                "within its declared range (benchmarks/calibrate.py, seed 3: 86 of 106 rows; was "
                "0.3)"
            ),
            plausible=(0.1, 1.0),
            uncertain=(0.15, 0.4),
        ),
        Parameter(
            name="minimum_unemployment",
            default=0.01,
            units="1",
            doc="Frictional floor of unemployment however tight the market.",
            allowed=(0.0, 0.1),
            source="Selgin, Cato: US unemployment ~1 % in H1 1945",
        ),
        Parameter(
            name="investment_job_weight",
            default=0.292,
            units="1",
            doc="Share of civilian jobs that move with investment (construction, equipment).",
            allowed=(0.0, 1.0),
            source=(
                "assumption: investment ~20 % of GDP"
                "; calibrated with the other unsourced parameters to the record of 2022-2025, "
                "within its declared range (benchmarks/calibrate.py, seed 3: 86 of 106 rows; was "
                "0.2)"
            ),
            plausible=(0.05, 0.4),
            uncertain=(0.1, 0.3),
        ),
        Parameter(
            name="local_multiplier",
            default=0.222,
            units="1",
            doc=(
                "Share of civilian income that moves with local consumption (shops, cafes, "
                "services): the boom loop."
            ),
            allowed=(0.0, 0.9),
            source=(
                "Garner, Foreign Policy, 2025: provincial towns 'newly equipped with ... gyms, "
                "shops, and cafes'"
                "; calibrated with the other unsourced parameters to the record of 2022-2025, "
                "within its declared range (benchmarks/calibrate.py, seed 3: 86 of 106 rows; was "
                "0.4)"
            ),
            plausible=(0.1, 0.5),
            uncertain=(0.2, 0.5),
        ),
        Parameter(
            name="labour_force_margin",
            default=0.005,
            units="1",
            doc=(
                "Share of the labour force the defence industry can hire, beyond its jobs at "
                "the start and the job seekers it takes, from outside civilian work "
                "(pensioners, students, people returning to work) before it takes civilian "
                "workers."
            ),
            allowed=(0.0, 0.2),
            source=(
                "RBC via Semafor 2023-04-13: ~336,000 people aged 60-69 entered the workforce in "
                "2022, ~0.45 % of the 75 m labour force (Rosstat); US 1946: people left the "
                "labour force as the war industry shut (Selgin, Cato); range half to twice that"
            ),
            plausible=(0.0, 0.05),
            uncertain=(0.0025, 0.01),
        ),
        Parameter(
            name="initial_defence_jobs_share",
            default=0.037,
            units="1",
            doc=(
                "Defence-industry jobs as a share of the labour force at the start (the economy "
                "of 2021)."
            ),
            allowed=(0.0, 0.3),
            source=(
                "Manturov via TASS (lenta.ru 2026-01-12): 3.8 m employed, 800k added in three "
                "years, so ~3.0 m in January 2023, ~2.8 m before the ~200k hired in late 2022 "
                "(Putin via TASS 2024-02-02: 520k in the 18 months to January 2024); Rosstat: "
                "labour force 75.3 m (2021)"
            ),
            plausible=(0.025, 0.05),
        ),
        Parameter(
            name="defence_productivity_elasticity",
            default=0.5,
            units="1",
            doc=(
                "Rise of output per defence worker per unit rise of defence orders (Verdoorn's "
                "coefficient): 0 = jobs in proportion to orders, 1 = no jobs added."
            ),
            allowed=(0.0, 0.95),
            source=(
                "Verdoorn's law, manufacturing coefficient ~0.5 (Verdoorn 1949; McCombie, "
                "Pugno and Soro 2002); Minpromtorg via lenta.ru 2026-01-12: defence-industry "
                "productivity +40 % in three years as employment rose ~27 % (Manturov: 800k "
                "added to ~3.0 m)"
            ),
            plausible=(0.2, 0.8),
            uncertain=(0.3, 0.7),
        ),
        Parameter(
            name="defence_hiring_time",
            default=5.5,
            units="month",
            doc=(
                "Months a defence vacancy stays open on average in the reference market "
                "(reference_defence_vacancies open, unemployment at reference_hiring_unemployment)."
            ),
            allowed=(0.25, 36.0),
            source=(
                "Manturov, June 2024, via Jamestown: 160k unfilled after 520k hired in 18 months "
                "(~29k a month), so 160/29 = 5.5 months; Borisov, June 2022 (TASS): a deficit of "
                "400k, ~14 months at that pace (range)"
            ),
            plausible=(2.0, 14.0),
            uncertain=(3.0, 9.0),
        ),
        Parameter(
            name="reference_defence_vacancies",
            default=0.0021,
            units="1",
            doc=(
                "Unfilled defence jobs, as a share of the labour force, at which the hiring time "
                "holds."
            ),
            allowed=(1e-6, 0.1),
            source=(
                "Manturov, June 2024, via Jamestown: a deficit of 160k workers; Rosstat: labour "
                "force ~75.5 m (2024)"
            ),
        ),
        Parameter(
            name="reference_hiring_unemployment",
            default=0.026,
            units="1",
            doc="Unemployment at which the defence hiring time holds (the market of mid-2024).",
            allowed=(0.001, 0.5),
            source="Rosstat: unemployment 2.6 % in April-May 2024, when Manturov gave the deficit",
        ),
        Parameter(
            name="defence_matching_elasticity",
            default=0.9,
            units="1",
            doc=(
                "Elasticity of defence hires to job seekers (to vacancies: one less): 0 = hiring "
                "does not depend on unemployment."
            ),
            allowed=(0.0, 0.95),
            source=(
                "Borisov, June 2022 (TASS, via Jamestown): a deficit of 400k; Manturov, June "
                "2024: 160k; hires ran at ~29k a month throughout (Putin via TASS 2024-02-02: "
                "520k in 18 months; Manturov: 520k since January 2023), so hires hardly depend "
                "on the vacancies (one less this elasticity, near 0); Petrongolo and Pissarides "
                "2001: 0.5-0.7 in aggregate matching functions (the range's low end)"
            ),
            plausible=(0.5, 0.95),
            uncertain=(0.6, 0.95),
        ),
        Parameter(
            name="defence_fastest_fill_time",
            default=1.0,
            units="month",
            doc=(
                "The shortest time in which open defence vacancies are filled: hires never "
                "exceed the vacancies over this time. The matching function alone hires a few "
                "vacancies ever faster (its hiring time falls with the vacancies' share to the "
                "power of the matching elasticity), so without this bound a handful of "
                "vacancies were filled within one step, then over-filled and laid off again."
            ),
            allowed=(0.25, 12.0),
            source=(
                "assumption: a vacancy is advertised, interviewed for and cleared (security "
                "clearance at defence plants) in no less than about a month"
            ),
            plausible=(0.5, 3.0),
        ),
        Parameter(
            name="defence_layoff_time",
            default=2.0,
            units="month",
            doc=(
                "Time for defence jobs to fall to what smaller orders call for (notice of "
                "redundancy)."
            ),
            allowed=(0.25, 24.0),
            source=(
                "Labour Code of the Russian Federation, art. 180: two months' notice of redundancy"
            ),
            plausible=(1.0, 12.0),
        ),
        Parameter(
            name="defence_hiring_from_unemployed",
            default=0.6,
            units="1",
            doc=(
                "Share of the jobs the defence industry adds that job seekers fill (the rest "
                "come from the labour-force margin and then from civilian employers)."
            ),
            allowed=(0.0, 1.0),
            source=(
                "assumption: the unemployed are hired first, but many live far from the plants "
                "or lack the skills (Manturov, June 2024, via Jamestown: a deficit of 160k "
                "workers remained after 520k hires); shaped by unemployment falling 3.7 % -> "
                "2.3 % (Rosstat, Dec 2022 - Oct 2024) as the industry added ~520k jobs (0.5 -> 0.6 "
                "once jobs follow hiring: fewer jobs filled explain the same fall)"
            ),
            plausible=(0.1, 0.9),
            uncertain=(0.25, 0.75),
        ),
        Parameter(
            name="initial_unemployment",
            default=0.023,
            units="1",
            doc="Unemployment job seekers have seen before the start of the run.",
            allowed=(0.0, 0.5),
            source="Rosstat via tradingeconomics: 2.3 % in Oct-Dec 2024 (record low)",
        ),
        Parameter(
            name="job_search_time",
            default=3.0,
            units="month",
            doc="Time over which job seekers judge how easily work is found.",
            allowed=(0.25, 24.0),
            source="assumption: a few months of search",
            plausible=(1.0, 6.0),
        ),
        Parameter(
            name="defence_labour_share",
            default=0.3,
            units="1",
            doc="Share of defence orders paid out as wages.",
            allowed=(0.0, 1.0),
            plausible=(0.15, 0.5),
        ),
        Parameter(
            name="retooling_time",
            default=12.0,
            units="month",
            doc="Time for defence orders to follow military spending (retooling delay).",
            allowed=(0.5, 120.0),
            plausible=(3.0, 36.0),
        ),
        Parameter(
            name="payout_saving_rate",
            default=0.519,
            units="1",
            doc="Share of war payouts saved (bank deposits).",
            allowed=(0.0, 1.0),
            source=(
                "Meduza 2024-02-28; BOFIT (Solanko 2024): deposits in Tuva +45-58 % in 2023 "
                "against 6-9 % in normal years"
                "; calibrated with the other unsourced parameters to the record of 2022-2025, "
                "within its declared range (benchmarks/calibrate.py, seed 3: 86 of 106 rows; was "
                "0.5)"
            ),
            plausible=(0.2, 0.8),
            uncertain=(0.3, 0.7),
        ),
        Parameter(
            name="base_saving_rate",
            default=0.08,
            units="1",
            doc="Share of other household income saved.",
            allowed=(0.0, 0.9),
            source="assumption: normal deposit growth 6-9 %",
            plausible=(0.02, 0.2),
        ),
        Parameter(
            name="deposit_rate_share",
            default=0.898,
            units="1",
            doc=(
                "Average interest on all household funds (deposits and current accounts) as a "
                "share of the key rate."
            ),
            allowed=(0.0, 1.2),
            source=(
                "assumption: term deposits pay near the key rate, current accounts (about a "
                "third of household funds) little; deposits grew by a third in 2024 at a 16-21 % "
                "key rate (official estimates via Reuters, investing.com 2025-01-13)"
                "; calibrated with the other unsourced parameters to the record of 2022-2025, "
                "within its declared range (benchmarks/calibrate.py, seed 3: 86 of 106 rows; was "
                "0.7)"
            ),
            plausible=(0.4, 1.0),
            uncertain=(0.5, 0.9),
        ),
        Parameter(
            name="saving_rate_sensitivity",
            default=0.939,
            units="year",
            doc=(
                "Extra share of income saved per unit rise of the real deposit rate above the "
                "start's (0.5: half a point of income per point of real rate)."
            ),
            allowed=(0.0, 5.0),
            source=(
                "assumption: the interest-rate channel of monetary policy through household "
                "saving; shaped by deposits growing by a third in 2024 at a 16-21 % key rate "
                "(official estimates via Reuters, investing.com 2025-01-13)"
                "; calibrated with the other unsourced parameters to the record of 2022-2025, "
                "within its declared range (benchmarks/calibrate.py, seed 3: 86 of 106 rows; was "
                "0.5)"
            ),
            plausible=(0.0, 2.0),
            uncertain=(0.2, 1.0),
        ),
        Parameter(
            name="savings_drawdown_time",
            default=95.5,
            units="month",
            doc="Average time savings stay in the bank before they are spent.",
            allowed=(1.0, 600.0),
            plausible=(12.0, 120.0),
            source=(
                "Calibrated with the other unsourced parameters to the record of 2022-2025, within "
                "its declared range (benchmarks/calibrate.py, seed 3: 86 of 106 rows; was 24.0)"
            ),
        ),
    ),
)
