# A sector declaration file: excepted from the 500-line limit (docs/architecture.md).
"""Sector 4: state finance and overheating (national).

Military spending adjusts to its policy target with budget inertia. Bonuses, pay and
compensation are paid from the budget: beyond their budgeted share they are extra spending,
unless the scenario fixes the military envelope (a lever). Revenue comes from taxes (with a
tax-rise lever, the VAT precedent) and oil (an oil-revenue shock models sanctions). The
deficit is financed by domestic borrowing up to a capacity (a public debt stock that pays
interest following the key rate and is eroded by inflation), then by the reserve fund; what
remains is cut (austerity) or printed (inflation), in the proportion set by the
``monetisation_share`` policy switch. A surplus fills the reserve fund, and a fiscal rule
returns it to households as the fund nears its ceiling (the Budget Code's liquid cushion), so
that a peace surplus is spent, not piled up. An oil shock cuts revenue, cuts net exports and
weakens the rouble, raising import prices (inflation, lower real wages), as in 2014-15.
Inflation rises with demand above productive capacity, which falls as men leave the labour
force and as sanctions cut off imported inputs (an outside input, the import shortfall): output
those inputs would have made is lost, so GDP falls short of demand while imports are missing.
The economy at rest stands for the pre-war growth path (``prewar_growth_path``), along which
the record's real figures are read. The key rate follows inflation and moves investment (the
peace dividend through easier money); the price level erodes the real value of nominal
payouts. Defence orders financed off the budget (state-directed bank loans to defence
contractors, in proportion to the military budget) add to the demand for the defence
industry, not to the deficit.
"""

from wardilemma.model.spec import Auxiliary, Flow, Parameter, Sector, Stock

SECTOR = Sector(
    key="finance",
    title="State finance and overheating",
    doc=(
        "Military spending follows its target with budget inertia; payouts beyond their budgeted "
        "share are extra spending unless the military envelope is fixed (a lever). Revenue is "
        "taxes (with a tax-rise lever) and oil. The deficit is borrowed up to a capacity (a "
        "public debt that pays interest following the key rate), then drains the reserve fund; "
        "once reserves are gone the state cuts spending or finances it by inflation (the "
        "monetisation share). A surplus fills the reserve fund up to a ceiling, beyond which a "
        "fiscal rule returns it to households. An oil shock cuts revenue and net exports and "
        "weakens the rouble (dearer imports: inflation, lower real wages), as in 2014-15. "
        "Inflation rises with demand above a capacity that shrinks as men leave the labour "
        "force and as sanctions cut off imported inputs (GDP then falls short of demand); the "
        "key rate follows inflation, and investment rises as it falls (the peace dividend)."
    ),
    elements=(
        # ---------------------------------------------------------------- stocks
        Stock(
            name="military_spending",
            initial="initial_military_spending",
            units="trnRUB/year",
            doc="Military spending (2024 prices).",
            inflows=("military_spending_change",),
            source="Garner, Foreign Policy, 2025: military spending ~35 % of the public budget",
        ),
        Stock(
            name="reserve_fund",
            initial="initial_reserves",
            units="trnRUB",
            doc="Liquid reserves that finance the deficit beyond borrowing.",
            inflows=("reserve_accumulation",),
            outflows=("reserve_drawdown",),
            source="Minfin: the National Wealth Fund finances deficits",
        ),
        Stock(
            name="public_debt",
            initial="initial_public_debt",
            units="trnRUB",
            doc=(
                "Public debt (2024 prices): grows by the deficit borrowed, shrinks as inflation "
                "erodes its real value."
            ),
            inflows=("borrowing",),
            outflows=("debt_erosion",),
            source=(
                "Accounts Chamber via avia-pro.net and socialbites.ca (2025): public debt 29.04 "
                "tr RUB at the end of 2024, 14.5 % of GDP"
            ),
        ),
        Stock(
            name="import_price_index",
            initial="1",
            units="1",
            doc=(
                "Rouble price of imports, as consumers pay it, relative to the start: rises "
                "within about a month as the rouble weakens (an oil shock, sanctions) and falls "
                "back slowly as it recovers."
            ),
            inflows=("import_price_change",),
            source=(
                "2014-15: Urals oil fell ~40-50 % (focus-economics 2015-04-02) and the rouble "
                "lost ~40 % against the dollar in 2014 (Saba 2014-12-22), ~85/$ by Jan 2016 "
                "(neweuropeinvestor 2016)"
            ),
        ),
        Stock(
            name="domestic_inflation",
            initial=(
                "max(target_inflation + inflation_sensitivity * max(start_excess_demand, 0) + "
                "slack_disinflation * min(start_excess_demand, 0) + monetisation_inflation * "
                "unfinanced_deficit / gdp, 0)"
            ),
            units="1/year",
            doc=(
                "Annual inflation of domestic origin (demand, printing): follows its indicated "
                "level with a delay (price and wage setting). It starts at the level the start's "
                "excess demand over its year indicates."
            ),
            inflows=("inflation_change",),
            source="Bank of Russia via The Moscow Times 2024-10-25",
        ),
        Stock(
            name="start_excess_demand",
            initial=(
                "aggregate_demand / (initial_capacity * (labour_force_index + "
                "labour_weight_of_men * sum_regions(conscripts - (spring_callup + "
                "autumn_callup) * conscript_service_time / callup_interval * recruitment_pool / "
                "sum_regions(recruitment_pool)) / sum_regions(initial_pool + initial_veterans)) + "
                "defence_productivity_output - import_supply_capacity_loss) - 1"
            ),
            units="1",
            doc=(
                "Excess demand of the start over its year, held: the start's demand over the "
                "capacity of its labour force with the conscripts in service at their yearly "
                "mean (the two call-ups a year times the service time) rather than at "
                "January's, the high point of the call-up cycle, so that domestic inflation, and "
                "the key rate with it, start at the level an economy at rest keeps on average "
                "over the year."
            ),
            source=(
                "model structure, as start_unemployment_rate; the call-ups of spring and autumn "
                "and 12 months' service (front sector)"
            ),
            bounds=(-100.0, 100.0),
        ),
        Stock(
            name="price_level",
            initial="1",
            units="1",
            doc="Price level relative to 2024.",
            inflows=("price_change",),
            source="Bank of Russia via The Moscow Times 2024-10-25",
        ),
        Stock(
            name="key_rate_shift",
            initial="0",
            units="1/year",
            doc=(
                "Change of the key rate since the start: follows the inflation rule with a "
                "delay; falls when a peace cools the economy, which lifts investment (peace "
                "dividend)."
            ),
            inflows=("key_rate_change",),
            source="Bank of Russia via The Moscow Times 2024-10-25: 21 % from 25 Oct 2024",
            bounds=(-100.0, 100.0),
        ),
        Stock(
            name="start_defence_share_of_gdp",
            initial="military_spending / gdp",
            units="1",
            doc=(
                "Military spending as a share of GDP at the start of the run, held (the "
                "neutral rate's reference)."
            ),
            source="model structure, as start_key_rate",
        ),
        Stock(
            name="start_key_rate",
            initial=(
                "max(neutral_key_rate + key_rate_inflation_response * (domestic_inflation - "
                "target_inflation), 0)"
            ),
            units="1/year",
            doc=(
                "Key rate at the start of the run, held: the rule's rate at the start's "
                "domestic inflation (so an economy at rest keeps its rate; a rouble shock in "
                "force from the first month moves the rate from there)."
            ),
            source=(
                "model structure; the rule's neutral rate is the Bank of Russia's estimate "
                "(TASS 2023-08-11) and it gives 21 % at 9.5 % inflation (2024, Bank of Russia via "
                "The Moscow Times 2024-10-25)"
            ),
        ),
        # ---------------------------------------------------------------- flows
        Flow(
            name="key_rate_change",
            equation="(indicated_key_rate - key_rate) / key_rate_adjustment_time",
            units="1/year/month",
            doc="Adjustment of the key rate toward the rule.",
            regional=False,
        ),
        Flow(
            name="military_spending_change",
            equation=(
                "(military_spending_target - military_spending) / if_then_else(war_over > 0, "
                "postwar_spending_adjustment_time, budget_inertia)"
            ),
            units="trnRUB/year/month",
            doc="Adjustment of military spending toward its target.",
            regional=False,
        ),
        Flow(
            name="reserve_drawdown",
            equation=(
                "min(max(deficit - borrowing_capacity, 0), reserve_fund / reserve_drawdown_time "
                "* months_per_year) / months_per_year"
            ),
            units="trnRUB/month",
            doc="Reserves spent on the deficit beyond borrowing.",
            regional=False,
        ),
        Flow(
            name="reserve_accumulation",
            equation="max(-deficit, 0) / months_per_year",
            units="trnRUB/month",
            doc=(
                "Budget surpluses saved in the reserve fund (what the fiscal rule does not "
                "return; the rule drives the surplus to zero as the fund nears its ceiling)."
            ),
            regional=False,
        ),
        Flow(
            name="borrowing",
            equation="min(max(deficit, 0), borrowing_capacity) / months_per_year",
            units="trnRUB/month",
            doc="Deficit financed by domestic borrowing (OFZ), up to the borrowing capacity.",
            source="Accounts Chamber via socialbites.ca: domestic debt +2.93 tr RUB in 2024",
            regional=False,
        ),
        Flow(
            name="debt_erosion",
            equation="public_debt * price_inflation / months_per_year",
            units="trnRUB/month",
            doc="Fall in the real value of the debt as prices rise (the debt is nominal).",
            regional=False,
        ),
        Flow(
            name="import_price_change",
            equation=(
                "(indicated_import_price - import_price_index) / if_then_else("
                "indicated_import_price > import_price_index, rouble_adjustment_time, "
                "import_price_fall_time)"
            ),
            units="1/month",
            doc=(
                "Adjustment of import prices to the rouble's indicated level: quick while the "
                "rouble falls, slow while it recovers (prices are sticky downward)."
            ),
            regional=False,
        ),
        Flow(
            name="inflation_change",
            equation="(indicated_inflation - domestic_inflation) / inflation_adjustment_time",
            units="1/year/month",
            doc="Adjustment of domestic inflation toward its indicated level.",
            regional=False,
        ),
        Flow(
            name="price_change",
            equation="price_level * price_inflation / months_per_year",
            units="1/month",
            doc="Growth of the price level.",
            regional=False,
        ),
        # ---------------------------------------------------------------- auxiliaries
        Auxiliary(
            name="military_spending_target",
            equation=(
                "(at_war * war_military_spending + war_over * postwar_military_spending + "
                "before_war * initial_military_spending) * (1 - austerity)"
            ),
            units="trnRUB/year",
            doc=(
                "Military spending the budget aims for: the war target in war, the post-war "
                "target from the ceasefire, the start's spending before a war."
            ),
            regional=False,
        ),
        Auxiliary(
            name="programme_in_force",
            equation="war_over * veteran_programme_level",
            units="1",
            doc=(
                "Strength of the veteran programmes the budget funds: the chosen level from the "
                "ceasefire on, none before (the exit policy follows the ceasefire)."
            ),
            source=(
                "Garner, Foreign Policy, 2025: Putin 'bringing veterans ... into positions of "
                "social responsibility'"
            ),
            bounds=(0.0, 1.0),
            regional=False,
        ),
        Auxiliary(
            name="stimulus_paid",
            equation=(
                "war_over * replacement_stimulus * min(max(1 - (months_since_ceasefire - "
                "stimulus_duration) / max(stimulus_taper_time, dt), 0), 1)"
            ),
            units="trnRUB/year",
            doc=(
                "Replacement stimulus actually paid: nothing during the war, the full amount "
                "from the ceasefire for `stimulus_duration` months, then tapering linearly to "
                "zero over `stimulus_taper_time` months (the exit policy follows the ceasefire)."
            ),
            source=(
                "Kluge quoted by Garner, Foreign Policy, 2025: 'continue spending at current "
                "levels long after the war'"
            ),
            regional=False,
        ),
        Auxiliary(
            name="military_payroll",
            equation="sum_regions(war_payouts)",
            units="trnRUB/year",
            doc="All payouts to soldiers and their families.",
            regional=False,
        ),
        Auxiliary(
            name="procurement_spending",
            equation=(
                "max(military_spending - payroll_in_military_envelope * military_payroll - (1 - "
                "payroll_in_military_envelope) * min(military_payroll, budgeted_payroll_share * "
                "military_spending), 0)"
            ),
            units="trnRUB/year",
            doc=(
                "Military spending on materiel, munitions, services and the standing army: the "
                "budget less the war payroll it carries (all of it under a fixed envelope; "
                "otherwise up to its budgeted share, so that higher payouts are extra spending "
                "and a budget whose payroll is smaller, as before the war, is spent whole)."
            ),
            regional=False,
        ),
        Auxiliary(
            name="offbudget_defence_orders",
            equation="offbudget_order_ratio * military_spending",
            units="trnRUB/year",
            doc=(
                "Defence orders paid with state-directed bank loans to defence contractors "
                "rather than from the budget: demand for the defence industry's output that "
                "neither the defence line nor the deficit shows. In proportion to the military "
                "budget, so that it falls with it after a ceasefire."
            ),
            source=(
                "Kennedy, Navigating Russia 2025-01/02 (Russia's Hidden War Debt): $210-250 bn "
                "of preferential loans to defence contractors from mid-2022 to late 2024, "
                "'equal in size to the defence budget'; disputed as an over-estimate "
                "(Bazhernov, substack 2025-01)"
            ),
            regional=False,
        ),
        Auxiliary(
            name="defence_demand",
            equation="procurement_spending + offbudget_defence_orders",
            units="trnRUB/year",
            doc=(
                "Demand for the defence industry's output: procurement from the budget and the "
                "orders financed off it."
            ),
            regional=False,
        ),
        Auxiliary(
            name="military_outlays",
            equation="procurement_spending + military_payroll",
            units="trnRUB/year",
            doc="Military money actually spent: the budget, or the payroll when payouts exceed it.",
            regional=False,
        ),
        Auxiliary(
            name="civil_spending",
            equation=(
                "civil_purchases * (1 - austerity) + sum_regions(transfers_paid) + "
                "stimulus_paid + sum_regions(veteran_benefits) + "
                "sum_regions(veteran_programme_wages) + surplus_returned"
            ),
            units="trnRUB/year",
            doc=(
                "Civil budget spending, including any stimulus, veteran programmes (benefits and "
                "the wages of their jobs) and the surplus the fiscal rule returns."
            ),
            regional=False,
        ),
        Auxiliary(
            name="debt_interest",
            equation="public_debt * debt_interest_rate",
            units="trnRUB/year",
            doc=(
                "Interest on the public debt (paid to bondholders, mostly banks; not household "
                "income)."
            ),
            source=(
                "Accounts Chamber via RIA Novosti (news-pravda.com 2024-04-04): debt service "
                "1.72 tr RUB in 2023"
            ),
            regional=False,
        ),
        Auxiliary(
            name="debt_interest_rate",
            equation="smooth(key_rate, debt_refinancing_time, initial_debt_interest_rate)",
            units="1/year",
            doc=(
                "Average interest rate on the public debt: follows the key rate as old bonds "
                "mature and new ones are sold."
            ),
            regional=False,
        ),
        Auxiliary(
            name="total_spending",
            equation="military_outlays + civil_spending + debt_interest",
            units="trnRUB/year",
            doc="Public spending.",
            regional=False,
        ),
        Auxiliary(
            name="military_share_of_budget",
            equation="military_outlays / total_spending",
            units="1",
            doc="Military spending as a share of the public budget.",
            source="Garner, Foreign Policy, 2025: 'around 35 percent of the public budget'",
            bounds=(0.0, 1.0),
            regional=False,
        ),
        Auxiliary(
            name="aggregate_demand",
            equation=(
                "sum_regions(consumption) + defence_demand + civil_purchases * (1 - "
                "austerity) + sum_regions(veteran_programme_wages) + investment + net_exports"
            ),
            units="trnRUB/year",
            doc="Demand for output (GDP, demand-determined).",
            regional=False,
        ),
        Auxiliary(
            name="net_exports",
            equation=(
                "other_demand - oil_shock_in_force * oil_export_earnings * (1 - import_compression)"
            ),
            units="trnRUB/year",
            doc=(
                "Net exports and other demand: an oil shock cuts the export earnings of the oil "
                "and gas sector, partly offset as a weaker rouble cuts imports."
            ),
            source=(
                "Interfax 2015-10-08 (Federal Customs Service): Jan-Aug 2015 exports -31.5 % "
                "($-108 bn), imports -39.2 % ($-77 bn) as oil and the rouble fell"
            ),
            regional=False,
        ),
        Auxiliary(
            name="indicated_import_price",
            equation=(
                "rouble_rate_index * (1 + sanctions_import_premium) * (1 + rouble_oil_elasticity *"
                " oil_shock_in_force)"
            ),
            units="1",
            doc=(
                "Import prices the rouble indicates: its recorded rate (an input), times the "
                "premium sanctions add to what importers pay, times the fall an oil shock adds "
                "(an oil shock of one half doubles them, as in 2014-15)."
            ),
            source=(
                "2014-15: oil roughly halved and the rouble lost about half its dollar value "
                "(focus-economics 2015-04-02; Saba 2014-12-22; neweuropeinvestor 2016)"
            ),
            regional=False,
        ),
        Auxiliary(
            name="import_price_inflation",
            equation=(
                "import_price_weight * import_price_change / import_price_index * months_per_year"
            ),
            units="1/year",
            doc=(
                "Inflation from dearer imports while the rouble falls; when it recovers, "
                "import prices fall back slowly (`import_price_fall_time`), so a rouble that "
                "weakens again soon after finds most of its earlier fall still in prices."
            ),
            source=(
                "aprc.kr (Rosstat): CPI 15.5 % on average in 2015 against 7.8 % in 2014, after "
                "the exchange-rate shock of December 2014"
            ),
            regional=False,
        ),
        Auxiliary(
            name="gdp",
            equation="aggregate_demand - output_lost_to_missing_imports",
            units="trnRUB/year",
            doc=(
                "Real GDP (2024 prices): the demand for output, less the output that missing "
                "imported inputs stop (demand-determined while imports flow)."
            ),
            source=(
                "Rosstat via TASS; Rosstat (radiostoplus.com 2022-08): GDP -4.1 % year on year "
                "in Q2 2022 as imports collapsed"
            ),
            regional=False,
        ),
        Auxiliary(
            name="prewar_growth_path",
            equation="exp(potential_growth * time / months_per_year)",
            units="1",
            doc=(
                "The pre-war growth path relative to the start: the model's real economy is at "
                "rest without the war, so its real quantities (GDP, wages, incomes, savings) "
                "are read as deviations from this path; the comparison with the record "
                "multiplies them by it (read by no equation of the model)."
            ),
            source=(
                "Bank of Russia: potential growth ~2 % a year (Tremasov via Interfax "
                "2021-05-13); 1.5-2.5 % (draft monetary policy guidelines, Aug 2022)"
            ),
            regional=False,
        ),
        Auxiliary(
            name="output_lost_to_missing_imports",
            equation=(
                "min(import_supply_capacity_loss, max(aggregate_demand - productive_capacity, 0))"
            ),
            units="trnRUB/year",
            doc=(
                "Output that cannot be produced for want of the imported inputs sanctions cut "
                "off (parts, components, machinery: car output -67 % in 2022): the capacity "
                "lost, unless demand falls short of the capacity left, in which case slack "
                "absorbs part of it. Demand that cannot be met bids up prices (excess_demand)."
            ),
            source=(
                "Rosstat via Reuters (dailymail.co.uk 2023-02-22): 450,000 passenger cars in "
                "2022, -67 %; Bruegel via liberpedia: imports of five sanctioned categories "
                "-70 % in Q2 2022"
            ),
            regional=False,
        ),
        Auxiliary(
            name="import_supply_capacity_loss",
            equation=(
                "(initial_capacity * labour_force_index + defence_productivity_output) * "
                "import_dependence_of_output * import_shortfall"
            ),
            units="trnRUB/year",
            doc=(
                "Capacity lost because imported inputs are missing: the import dependence of "
                "output times the share of the pre-war import volume that does not arrive (an "
                "outside input, nil without sanctions on imports)."
            ),
            regional=False,
        ),
        Auxiliary(
            name="payouts_share_of_gdp",
            equation="military_payroll / gdp",
            units="1",
            doc="War payouts as a share of GDP.",
            source="Garner, Foreign Policy, 2025: '1.5 percent of Russian GDP'",
            regional=False,
        ),
        Auxiliary(
            name="labour_force_index",
            equation=(
                "1 - labour_weight_of_men * (1 - sum_regions(men_at_home) / "
                "sum_regions(initial_pool + initial_veterans)) - emigrant_labour_share"
            ),
            units="1",
            doc="Labour force relative to the start (less the men away and the emigrants).",
            regional=False,
        ),
        Auxiliary(
            name="productive_capacity",
            equation=(
                "initial_capacity * labour_force_index + defence_productivity_output - "
                "import_supply_capacity_loss"
            ),
            units="trnRUB/year",
            doc=(
                "Output the economy can produce without overheating: the start's capacity "
                "with the labour force it has, and the defence output that the defence "
                "industry's rising productivity adds without drawing on labour, less the "
                "capacity that missing imported inputs idle."
            ),
            source=(
                "Rosstat via tradingeconomics: unemployment 2.3 % (record low) as men left for "
                "the front"
            ),
            regional=False,
        ),
        Auxiliary(
            name="defence_productivity_output",
            equation=(
                "max(defence_orders - start_defence_orders * ((defence_orders + 1e-9 * "
                "initial_capacity) / (start_defence_orders + 1e-9 * initial_capacity)) ** (1 - "
                "defence_productivity_elasticity), 0)"
            ),
            units="trnRUB/year",
            doc=(
                "Defence output beyond what the defence industry's added workers produce at "
                "the start's output per worker: the part of its growth that rising "
                "productivity (more shifts, new capacity: Verdoorn's law) supplies, and so "
                "adds to the economy's capacity rather than drawing on it (nil while orders "
                "stay at or below the start's)."
            ),
            source=(
                "Minpromtorg via lenta.ru 2026-01-12: labour productivity in the defence "
                "industry +40 % in three years; Verdoorn's law (defence_productivity_elasticity)"
            ),
            regional=False,
        ),
        Auxiliary(
            name="excess_demand",
            equation=(
                "(aggregate_demand - (1 - shortage_price_share) * "
                "output_lost_to_missing_imports) / productive_capacity - 1"
            ),
            units="1",
            doc=(
                "Demand above capacity (negative: slack). Of the demand that missing imported "
                "inputs leave unmet, only the share `shortage_price_share` bids up prices; the "
                "rest goes without (purchases put off: cars, machinery)."
            ),
            regional=False,
        ),
        Auxiliary(
            name="oil_shock_in_force",
            equation="oil_revenue_shock * step(1, oil_shock_month)",
            units="1",
            doc=(
                "Share of oil and gas revenue lost, from the month the shock bites "
                "(`oil_shock_month`): it cuts revenue, export earnings and the rouble."
            ),
            bounds=(0.0, 1.0),
            regional=False,
        ),
        Auxiliary(
            name="oil_revenue",
            equation="oil_revenue_base * (1 - oil_shock_in_force)",
            units="trnRUB/year",
            doc="Oil and gas revenue.",
            regional=False,
        ),
        Auxiliary(
            name="key_rate",
            equation="start_key_rate + key_rate_shift",
            units="1/year",
            doc="Central-bank key rate.",
            source="Bank of Russia via The Moscow Times 2024-10-25: 21 % from 25 Oct 2024",
            bounds=(0.0, 100.0),
            regional=False,
        ),
        Auxiliary(
            name="neutral_rate",
            equation=(
                "neutral_key_rate + neutral_rate_defence_response * (military_spending / gdp - "
                "start_defence_share_of_gdp)"
            ),
            units="1/year",
            doc=(
                "Neutral key rate the central bank reckons with: the pre-war estimate, raised "
                "as military spending takes a larger share of output (a lasting deficit, "
                "demand for credit and a risk premium that keep the economy hot at any given "
                "rate)."
            ),
            source=(
                "Bank of Russia estimates of the long-term neutral rate: 5-6 % until Feb 2023 "
                "(TASS 2022-08-12; Interfax 2023-02-20), 5.5-6.5 % from Jul 2023 (TASS "
                "2023-08-11), 7.5-8.5 % in the Sep 2025 guidelines (Kommersant 2025-09-02), as "
                "defence rose from ~2.7 % to ~6.3 % of GDP"
            ),
            regional=False,
        ),
        Auxiliary(
            name="indicated_key_rate",
            equation=(
                "max(neutral_rate + key_rate_inflation_response * ((1 - "
                "key_rate_forward_weight) * inflation + key_rate_forward_weight * "
                "(indicated_inflation + import_price_inflation) - target_inflation), 0)"
            ),
            units="1/year",
            doc=(
                "Key rate the central bank's rule indicates: the neutral rate, plus more than "
                "one point for each point of inflation above the target, as the Bank of Russia "
                "sets it on its forecast, a blend of the current rate of inflation and the "
                "inflation the economy is heading for (which the rouble's fall moves at once)."
            ),
            source=(
                "Bank of Russia: neutral rate 5.5-6.5 % (TASS 2023-08-11), target 4 %; 21 % at "
                "9.5 % inflation (2024, The Moscow Times 2024-10-25); 16 % at 5.6 % (Dec 2025)"
            ),
            regional=False,
        ),
        Auxiliary(
            name="investment",
            equation=(
                "investment_base * max(1 - investment_rate_sensitivity * key_rate_shift, 0) + "
                "defence_capacity_investment"
            ),
            units="trnRUB/year",
            doc=(
                "Private and public investment: rises as the key rate falls (the peace dividend "
                "through easier money), and while the defence industry builds capacity for "
                "growing orders."
            ),
            source=(
                "assumption; Selgin, Cato: wartime savings and easier conditions fuelled a US "
                "investment boom in 1946"
            ),
            regional=False,
        ),
        Auxiliary(
            name="defence_capacity_investment",
            equation=(
                "defence_capital_output_ratio * max(defence_demand - defence_orders, 0) / "
                "retooling_time * months_per_year"
            ),
            units="trnRUB/year",
            doc=(
                "Investment of the defence industry in new capacity while its orders grow (the "
                "accelerator: capital per unit of output times the growth of orders); none "
                "while orders stand still or fall (capacity is left idle, not sold)."
            ),
            source=(
                "capital investment grew 8 % (H1 2023) and 10.9 % (H1 2024) as defence "
                "orders grew (Rosstat via Reuters, dailymail.co.uk 2024-08-28); BOFIT Weekly "
                "2023/11: investment kept growing after the invasion, unevenly across branches"
            ),
            regional=False,
        ),
        Auxiliary(
            name="revenue",
            equation="(tax_rate + tax_rate_rise) * gdp + oil_revenue",
            units="trnRUB/year",
            doc="Public revenue.",
            regional=False,
        ),
        Auxiliary(
            name="deficit",
            equation="total_spending - revenue",
            units="trnRUB/year",
            doc="Budget deficit (negative: surplus).",
            regional=False,
        ),
        Auxiliary(
            name="reserve_ceiling",
            equation="reserve_ceiling_share * gdp",
            units="trnRUB",
            doc="Reserve fund the fiscal rule aims to hold; surpluses beyond it are returned.",
            source=(
                "Budget Code via RIA Novosti (thegoaspotlight.com 2021-11-29): NWF liquid assets "
                "kept up to 7 % of GDP (raised to 10 % in 2021), only the excess invested"
            ),
            regional=False,
        ),
        Auxiliary(
            name="surplus_returned",
            equation=(
                "smooth(max(surplus_returned - deficit, 0) * min(reserve_fund / "
                "reserve_ceiling, 1), fiscal_adjustment_time, 0)"
            ),
            units="trnRUB/year",
            doc=(
                "Fiscal rule: the underlying surplus (before this return) given back to "
                "households as transfers and tax cuts, a rising share as the reserve fund nears "
                "its ceiling, so that a peace surplus is spent, not piled up."
            ),
            source=(
                "assumption shaped by the Budget Code's liquid-NWF ceiling (7 % of GDP, RIA "
                "Novosti 2021-11-29): the budget is balanced once the cushion is full"
            ),
            regional=False,
        ),
        Auxiliary(
            name="financing_available",
            equation="borrowing_capacity + reserve_fund / reserve_drawdown_time * months_per_year",
            units="trnRUB/year",
            doc="Deficit that borrowing and reserves can cover this year.",
            regional=False,
        ),
        Auxiliary(
            name="unfinanced_deficit",
            equation="max(deficit - financing_available, 0)",
            units="trnRUB/year",
            doc="Deficit left after borrowing and reserves: printed unless cut.",
            regional=False,
        ),
        Auxiliary(
            name="austerity",
            equation=(
                "smooth(min(max(austerity + (1 - monetisation_share) * (deficit - "
                "financing_available) / total_spending, 0), max_austerity), "
                "fiscal_adjustment_time, 0)"
            ),
            units="1",
            doc="Share of public spending cut to close the financing gap.",
            source="assumption: cuts follow an unfinanced deficit",
            bounds=(0.0, 1.0),
            regional=False,
        ),
        Auxiliary(
            name="price_inflation",
            equation="domestic_inflation + import_price_inflation",
            units="1/year",
            doc=(
                "Rate at which consumer prices rise this month (annualised): domestic "
                "inflation plus the import prices passed on as the rouble moves (at once: March "
                "2022 alone added 7.6 % to prices)."
            ),
            source=(
                "Rosstat via Reuters and Interfax: CPI +7.6 % in March 2022 as the rouble fell"
            ),
            regional=False,
        ),
        Auxiliary(
            name="inflation",
            equation="smooth(price_inflation, inflation_averaging_time, domestic_inflation)",
            units="1/year",
            doc=(
                "Annual consumer-price inflation as households, the central bank and the "
                "budget read it: the rate of price rises averaged over recent months."
            ),
            source=(
                "Rosstat via Reuters and Interfax: CPI +7.6 % in March 2022 as the rouble fell; "
                "11.9 % over 2022, 9.5 % over 2024 (Bank of Russia via The Moscow Times "
                "2024-10-25)"
            ),
            regional=False,
        ),
        Auxiliary(
            name="indicated_inflation",
            equation=(
                "max(target_inflation + inflation_sensitivity * max(excess_demand, 0) + "
                "slack_disinflation * min(excess_demand, 0) + monetisation_inflation * "
                "unfinanced_deficit / gdp, 0)"
            ),
            units="1/year",
            doc="Domestic inflation the economy is heading for (demand, printing).",
            source=(
                "Bank of Russia via The Moscow Times 2024-10-25: CPI 9.5 % (2024), key rate 21 %"
            ),
            regional=False,
        ),
        # ---------------------------------------------------------------- parameters
        Parameter(
            name="war_military_spending",
            default=14.5,
            units="trnRUB/year",
            doc="Military spending target while the war goes on (2024 prices).",
            allowed=(0.0, 100.0),
            source=(
                "Garner, Foreign Policy, 2025: ~35 % of the budget; Reuters via Al Jazeera "
                "2024-09-30 and rbc.ua 2025-09-24; SIPRI; Putin via eadaily.com 2025-07-27: 13.5 "
                "tr defence, 17 tr with security"
            ),
            plausible=(5.0, 30.0),
            lever=True,
        ),
        Parameter(
            name="postwar_military_spending",
            default=6.0,
            units="trnRUB/year",
            doc="Military spending target after a ceasefire (2024 prices).",
            allowed=(0.0, 100.0),
            source=(
                "Reuters via Al Jazeera 2024-09-30 and rbc.ua 2025-09-24; SIPRI; Putin via "
                "eadaily.com 2025-07-27: defence 3.6 tr (2021, ~5.5 tr in 2024 prices), 24 % "
                "with security"
            ),
            plausible=(3.0, 20.0),
            lever=True,
        ),
        Parameter(
            name="stimulus_duration",
            default=36.0,
            units="month",
            doc="Months after the ceasefire for which the replacement stimulus is paid in full.",
            allowed=(0.0, 1200.0),
            source="lever",
            plausible=(0.0, 120.0),
            lever=True,
        ),
        Parameter(
            name="stimulus_taper_time",
            default=36.0,
            units="month",
            doc="Months over which the replacement stimulus then tapers to zero.",
            allowed=(0.0, 1200.0),
            source="lever",
            plausible=(0.0, 120.0),
            lever=True,
        ),
        Parameter(
            name="postwar_spending_adjustment_time",
            default=6.0,
            units="month",
            doc="Time for military spending to reach its post-war target.",
            allowed=(0.5, 240.0),
            source=(
                "Selgin, Cato; Bohanon and Henderson, Mercatus 2010: US spending fell from 37.5 "
                "% to 19.2 % of GDP in one year"
            ),
            plausible=(3.0, 60.0),
            lever=True,
        ),
        Parameter(
            name="oil_revenue_shock",
            default=0.0,
            units="1",
            doc="Share of oil and gas revenue lost to sanctions or prices.",
            allowed=(0.0, 1.0),
            source="Garner, Foreign Policy, 2025: 'severe sanctions on the oil industry'",
            plausible=(0.0, 0.8),
            lever=True,
        ),
        Parameter(
            name="oil_shock_month",
            default=0.0,
            units="month",
            doc=(
                "Month (since the start of the run) from which the oil-revenue shock bites; "
                "0 = from the start."
            ),
            allowed=(0.0, 1200.0),
            source="lever: when sanctions or a price fall hit",
            lever=True,
        ),
        Parameter(
            name="monetisation_share",
            default=0.5,
            units="1",
            doc=(
                "Policy switch: share of an unfinanced deficit printed (inflation) rather than "
                "cut (austerity); 0 = cut, 1 = print."
            ),
            allowed=(0.0, 1.0),
            source="policy switch (assumption)",
            lever=True,
        ),
        Parameter(
            name="initial_military_spending",
            default=14.5,
            units="trnRUB/year",
            doc="Military spending at the start of the run.",
            allowed=(0.0, 100.0),
            source=(
                "about 35 % of a 41.5 tr budget (Garner, Foreign Policy, 2025; Reuters via Al "
                "Jazeera 2024-09-30 and rbc.ua 2025-09-24)"
            ),
        ),
        Parameter(
            name="budget_inertia",
            default=3.0,
            units="month",
            doc="Time for wartime military spending to adjust to its target.",
            allowed=(0.5, 120.0),
            source=(
                "Reuters 2023-05-15 (budget portal, via timeslive.co.za and grupo-jbl.com): 2.0 "
                "trn RUB on defence in January-February 2023, more than 40 % of the year's "
                "4.98 trn line (1.18 trn in January); Reuters via aawsat.com 2023-08: 5.59 trn "
                "in H1 2023, 12 % above the year's line: spending reaches a new year's level "
                "within months, so the short end of the budget cycle's range (was 6 months; "
                "SIPRI finds early 2023's pace like early 2022's)"
            ),
            plausible=(3.0, 24.0),
        ),
        Parameter(
            name="civil_purchases",
            default=11.0,
            units="trnRUB/year",
            doc="Civil budget purchases of goods and services (not transfers, not interest).",
            allowed=(0.0, 200.0),
            source=(
                "assumption: 41.5 tr budget less military (~14.5), transfers (~14) and debt "
                "interest (~2.0: 7 % on 29 tr, Accounts Chamber)"
            ),
            lever=True,
        ),
        Parameter(
            name="other_demand",
            default=39.9,
            units="trnRUB/year",
            doc="Net exports, inventories and other demand before any oil shock.",
            allowed=(0.0, 500.0),
            source=(
                "calibrated: GDP ~200 tr RUB in 2024 (Rosstat via TASS) less consumption, "
                "investment and public purchases"
            ),
        ),
        Parameter(
            name="oil_export_earnings",
            default=11.0,
            units="trnRUB/year",
            doc=(
                "Export earnings of the oil and gas sector beyond the budget's oil revenue "
                "(the part an oil shock takes out of demand)."
            ),
            allowed=(0.0, 100.0),
            source=(
                "arithmetic: fossil fuels ~10 % of GDP (Sapir, russeurope.hypotheses.org 2013), "
                "~20 tr RUB, less ~9 tr of oil and gas revenue (Minfin)"
            ),
            plausible=(5.0, 20.0),
            uncertain=(6.0, 16.0),
        ),
        Parameter(
            name="import_compression",
            default=0.7,
            units="1",
            doc=(
                "Share of the lost oil export earnings offset by lower imports as the rouble falls."
            ),
            allowed=(0.0, 1.0),
            source=(
                "arithmetic from Interfax 2015-10-08 (Federal Customs Service): Jan-Aug 2015 "
                "imports fell $77 bn against $108 bn of exports, 0.71"
            ),
            plausible=(0.4, 0.9),
            uncertain=(0.5, 0.9),
        ),
        Parameter(
            name="rouble_oil_elasticity",
            default=2.0,
            units="1",
            doc=(
                "Rise of import prices (relative to the start) per unit oil-revenue shock (2: a "
                "shock of one half doubles them)."
            ),
            allowed=(0.0, 10.0),
            source=(
                "arithmetic from 2014-15: oil roughly halved and the rouble lost about half its "
                "dollar value, (2 - 1) / 0.5 = 2 (focus-economics 2015-04-02; Saba 2014-12-22; "
                "neweuropeinvestor 2016)"
            ),
            plausible=(0.5, 4.0),
            uncertain=(1.0, 3.0),
        ),
        Parameter(
            name="import_price_weight",
            default=0.14,
            units="1",
            doc=(
                "Weight of import prices in consumer prices and real wages: inflation rises by "
                "it times the import-price growth, real wages fall by the import price index "
                "to its power."
            ),
            allowed=(0.0, 1.0),
            source=(
                "arithmetic from 2014-15: import prices doubled; real wages -9.5 % in 2015 "
                "(Rosstat via neweuropeinvestor 2016: 2 ** -0.14 = 0.91) and CPI 15.5 % against "
                "7.8 % in 2014 (aprc.kr: +0.14 * ln 2 = ~10 points)"
            ),
            plausible=(0.05, 0.3),
            uncertain=(0.1, 0.2),
        ),
        Parameter(
            name="rouble_adjustment_time",
            default=1.0,
            units="month",
            doc="Time for import prices to follow the rouble's fall.",
            allowed=(0.25, 24.0),
            source=(
                "Rosstat weekly CPI after the rouble's fall of late February 2022 (Reuters via "
                "devdiscourse.com 2022-03-23 and newsbreak.com 2022-03-30): +2.09 % in the week "
                "to 11 March, +1.93 % to 18 March, +1.16 % to 25 March, 0.66-0.99 % a week in "
                "early April: most of the rise within a month; after the fall of December 2014 "
                "(Saba 2014-12-22) CPI rose 2.6 % in December, 3.9 % in January and 2.2 % in "
                "February (Rosstat), about two months"
            ),
            plausible=(1.0, 12.0),
        ),
        Parameter(
            name="rouble_rate_index",
            default=1.0,
            units="1",
            doc=(
                "Rouble price of the dollar relative to the start, before any oil shock (an "
                "outside input: the history schedules the recorded rate)."
            ),
            allowed=(0.1, 10.0),
            source="Bank of Russia official exchange rates (cbr.ru), monthly averages",
            plausible=(0.5, 3.0),
            lever=True,
        ),
        Parameter(
            name="import_price_fall_time",
            default=12.0,
            units="month",
            doc=(
                "Time for the import prices consumers pay to follow a recovering rouble down "
                "(they follow its fall in `rouble_adjustment_time`): prices are sticky downward."
            ),
            allowed=(0.25, 60.0),
            source=(
                "arithmetic from 2022: the rouble recovered from 104 per dollar (March) to 57-61 "
                "in June-November (Bank of Russia official rates), which at full pass-through "
                "(weight 0.14, with the sanctions premium) takes ~5 % off prices; monthly CPI "
                "over June-November summed to -0.66 % (Rosstat) against ~+1.75 % of domestic "
                "inflation, so the rouble took off 1.4-2.4 % (with and without the usual summer "
                "fall of food prices), 28-48 % of the full fall in six months: a time of 9-18 "
                "months (1 - exp(-6 / 9) = 0.49, 1 - exp(-6 / 18) = 0.28), default the middle"
            ),
            plausible=(3.0, 36.0),
            uncertain=(9.0, 18.0),
        ),
        Parameter(
            name="sanctions_import_premium",
            default=0.0,
            units="1",
            doc=(
                "Premium that sanctions add to the dollar prices Russia pays for its imports "
                "(dearer transport and insurance, exporters' margins): an outside input, 0 "
                "without sanctions on imports."
            ),
            allowed=(0.0, 2.0),
            source=(
                "CEPII, Emlinger & Lefebvre, Policy Brief 'Working Around Sanctions. What Cost "
                "to Russia?' (2025): Russia's import prices rose 13 % more than other "
                "importers' for the same products and origins after the invasion (2020 - mid "
                "2024), 21-22 % from non-sanctioning origins, 9 % net of freight; its import "
                "price index jumped 15.7 % from Q1 to Q2 2022"
            ),
            lever=True,
        ),
        Parameter(
            name="investment_base",
            default=40.0,
            units="trnRUB/year",
            doc="Investment at the start's key rate (2024 prices).",
            allowed=(0.0, 500.0),
            source="assumption: investment ~20 % of GDP (~200 tr RUB, Rosstat via TASS)",
        ),
        Parameter(
            name="investment_rate_sensitivity",
            default=0.318,
            units="year",
            doc=(
                "Relative rise in investment per unit fall of the key rate (1.5: +1.5 % per "
                "percentage point)."
            ),
            allowed=(0.0, 20.0),
            source=(
                "assumption: the peace dividend through easier money; weaker in Russia's "
                "depressed towns than in the US of 1946 (Selgin, Cato); low end, since capital "
                "investment grew 8 % (H1 2023) and 10.9 % (H1 2024) while the key rate rose "
                "from 7.5 % to 16 % (Rosstat via Reuters, dailymail.co.uk 2024-08-28)"
                "; calibrated with the other unsourced parameters to the record of 2022-2025, "
                "within its declared range (benchmarks/calibrate.py, seed 3: 86 of 106 rows; was "
                "0.5)"
            ),
            plausible=(0.0, 4.0),
            uncertain=(0.2, 2.0),
        ),
        Parameter(
            name="defence_capital_output_ratio",
            default=1.64,
            units="year",
            doc=(
                "Capital the defence industry installs per unit of extra annual output "
                "(years of output): the accelerator of its investment."
            ),
            allowed=(0.0, 10.0),
            source=(
                "assumption: capital-output ratios of manufacturing of about 1-3 years; shaped "
                "by capital investment growing 8-11 % a year in 2023-24 (Rosstat via Reuters, "
                "dailymail.co.uk 2024-08-28)"
                "; calibrated with the other unsourced parameters to the record of 2022-2025, "
                "within its declared range (benchmarks/calibrate.py, seed 3: 86 of 106 rows; was "
                "1.5)"
            ),
            plausible=(0.0, 3.0),
            uncertain=(0.5, 2.5),
        ),
        Parameter(
            name="neutral_key_rate",
            default=0.06,
            units="1/year",
            doc=(
                "Neutral key rate at the start (before the war in the history): the rate of the "
                "rule with inflation at its target, neither cooling nor stimulating the economy, "
                "with military spending at the start's share of output (it then moves with "
                "that share: neutral_rate)."
            ),
            allowed=(0.0, 0.5),
            source=(
                "Bank of Russia estimates of the long-term nominal neutral rate: 5-6 % until "
                "Feb 2023 (TASS 2022-08-12; Interfax 2023-02-20), 5.5-6.5 % from Jul 2023 as "
                "the country risk premium rose (TASS 2023-08-11), 7.5-8.5 % in the Sep 2025 "
                "guidelines (Kommersant 2025-09-02), a rise neutral_rate_defence_response "
                "carries. Default 6 %, the top of the pre-war estimate: the 2021 economy at "
                "rest then has a key rate of 4.57 % that its inflation's settling by 0.01 "
                "points moves by 0.4999 % in ten years, at test_history's 0.5 % (5.5 %: 4.07 % "
                "and 0.56 %). Measured on the history with that response: 65 of 102 "
                "calibration rows (a fixed 8 %: 63)"
            ),
            plausible=(0.04, 0.07),
            uncertain=(0.05, 0.065),
        ),
        Parameter(
            name="neutral_rate_defence_response",
            default=0.54,
            units="1/year",
            doc=(
                "Rise of the neutral key rate per unit rise of military spending's share of "
                "GDP above the start's (0.54: about half a point per point of GDP)."
            ),
            allowed=(0.0, 5.0),
            source=(
                "arithmetic: the Bank of Russia's neutral estimate rose from 6 % (the top of "
                "5-6 % before the war; the middle of 5.5-6.5 % in Jul 2023) to the middle of "
                "7.5-8.5 % (Sep 2025), 2 points, as the defence line rose from 3.57 tr of "
                "135.3 tr of GDP (2.64 %, 2021) to 13.5 of ~213 tr (6.34 %, 2025) (Minfin, "
                "Rosstat): 2 / 3.7 = 0.54; measured on the history: 0.5 gives 66 of 102 "
                "calibration rows, 0.6 gives 63, 0.7 gives 65"
            ),
            plausible=(0.0, 1.5),
            uncertain=(0.3, 0.8),
        ),
        Parameter(
            name="key_rate_inflation_response",
            default=2.25,
            units="1",
            doc="Rise of the key rate per point of inflation above the target in the rule.",
            allowed=(0.0, 5.0),
            source=(
                "fitted: (21 - 8) / (9.5 - 4) = 2.4 points, the rate of Oct 2024 at the "
                "inflation of 2024 over the neutral rate and the 4 % target (Bank of Russia via "
                "The Moscow Times 2024-10-25); above 1, the Taylor principle; measured on the "
                "history: 2.25 gives 61 of the 102 calibration rows, 2.5 gives 58"
            ),
            plausible=(1.0, 3.0),
            uncertain=(1.75, 2.75),
        ),
        Parameter(
            name="key_rate_forward_weight",
            default=0.333,
            units="1",
            doc=(
                "Weight the key-rate rule gives the inflation the economy is heading for "
                "(the forecast) against the current rate of inflation."
            ),
            allowed=(0.0, 1.0),
            source=(
                "assumption shaped by the Bank of Russia's inflation targeting on its forecast: "
                "20 % on 28 Feb 2022 as the rouble fell, before prices rose (Bank of Russia via "
                "anews.com.tr 2022-02-28); the emergency rise of Aug 2023 as the rouble passed "
                "100 per dollar (dpa-AFX 2023-08-15), but 7.5 % held from Sep 2022 to Jul 2023 "
                "while the rouble fell from 60 to 90 per dollar (TASS 2022-09-16, 2023-07-21); "
                "0.35 measured best on the history (0.25-0.5: 58-61 of 102 rows)"
                "; calibrated with the other unsourced parameters to the record of 2022-2025, "
                "within its declared range (benchmarks/calibrate.py, seed 3: 86 of 106 rows; was "
                "0.35)"
            ),
            plausible=(0.0, 1.0),
            uncertain=(0.2, 0.6),
        ),
        Parameter(
            name="key_rate_adjustment_time",
            default=3.0,
            units="month",
            doc="Time for the key rate to follow its rule.",
            allowed=(0.5, 60.0),
            source=(
                "the Bank of Russia's board meets eight times a year, about every six weeks, "
                "and moves in steps of 0.5-3.5 points: 7.5 to 16 % from Jul to Dec 2023 (TASS "
                "2023-07-21; Reuters 2024-01-12) and 16 to 21 % from Jul to Oct 2024 (TASS "
                "2024-07-26; The Moscow Times 2024-10-25), about two meetings to close most of a "
                "gap; it moved by 10.5 points at one emergency meeting (28 Feb 2022, "
                "anews.com.tr), which this time misses (11 % at the end of February)"
            ),
            plausible=(0.5, 6.0),
            uncertain=(1.5, 4.5),
        ),
        Parameter(
            name="payroll_in_military_envelope",
            default=0.0,
            units="1",
            doc=(
                "Lever: 1 = payouts come out of a fixed military envelope (raising bonuses cuts "
                "materiel); 0 = payouts beyond their budgeted share are extra public spending."
            ),
            allowed=(0.0, 1.0),
            source="policy choice (assumption)",
            lever=True,
        ),
        Parameter(
            name="offbudget_order_ratio",
            default=0.0,
            units="1",
            doc=(
                "Defence orders financed off the budget (state-directed bank loans to defence "
                "contractors) per rouble of the military budget; 0 = the budget pays for all."
            ),
            allowed=(0.0, 1.2),
            source=(
                "Kennedy, Navigating Russia 2025-01/02: $210-250 bn of preferential loans to "
                "defence contractors from mid-2022 to late 2024, 'equal in size to the defence "
                "budget' (ratio ~1); disputed as an over-estimate (Bazhernov, substack 2025-01): "
                "assumption between 0 and 1"
            ),
            lever=True,
        ),
        Parameter(
            name="budgeted_payroll_share",
            default=0.25,
            units="1",
            doc="Share of the military budget planned for bonuses, pay and compensation.",
            allowed=(0.0, 1.0),
            source=(
                "Re:Russia review 760: payouts 2.75-3.0 tr RUB a year against a 10.8-13.5 tr "
                "defence line (Reuters via Al Jazeera 2024-09-30); with 2025 bonuses ~25 %"
            ),
            plausible=(0.15, 0.35),
            uncertain=(0.2, 0.3),
        ),
        Parameter(
            name="tax_rate_rise",
            default=0.0,
            units="1",
            doc=(
                "Lever: extra non-oil revenue as a share of GDP from a tax increase, paid by "
                "households in proportion to consumption."
            ),
            allowed=(0.0, 0.1),
            source=(
                "precedent: VAT 20 -> 22 % from 2026 (Carnegie Endowment 2025-09; rbc.ua "
                "2025-09-24); assumption: 2 VAT points on a base of ~40-50 % of GDP raise ~0.8 % "
                "of GDP"
            ),
            plausible=(0.0, 0.03),
            lever=True,
        ),
        Parameter(
            name="initial_capacity",
            default=197.5,
            units="trnRUB/year",
            doc="Productive capacity of the economy at the start (2024 prices).",
            allowed=(1.0, 1000.0),
            source=(
                "calibrated: demand ~2 % above capacity gives 9.5 % inflation (Bank of Russia "
                "via The Moscow Times 2024-10-25)"
            ),
        ),
        Parameter(
            name="potential_growth",
            default=0.02,
            units="1/year",
            doc=(
                "Growth of the economy's potential output before the war (labour "
                "productivity, capital): the slope of the path the model's economy at rest "
                "stands for (prewar_growth_path)."
            ),
            allowed=(0.0, 0.1),
            source=(
                "Bank of Russia: 'we won't be able to grow faster than this potential, that "
                "is, 2 %' (Tremasov via Interfax 2021-05-13); forecast 2-3 % a year for "
                "2022-24 before the war (Zabotkin via Interfax 2021-10-27); potential "
                "1.5-2.5 % in the draft guidelines of Aug 2022 (via hot.grid.id)"
            ),
            plausible=(0.01, 0.03),
            uncertain=(0.015, 0.025),
        ),
        Parameter(
            name="import_shortfall",
            default=0.0,
            units="1",
            doc=(
                "Share of the pre-war volume of goods imports that does not arrive (sanctions, "
                "exporters leaving, payment problems): an outside input, 0 without sanctions "
                "on imports; the history schedules the recorded collapse and recovery."
            ),
            allowed=(0.0, 1.0),
            source=(
                "Federal Customs Service: goods imports $293.5 bn (2021), $255.3 bn (2022), "
                "$285.1 bn (2023) (agenzianova.com 2024-02-17), deflated by the 13 % "
                "sanctions premium on import prices (CEPII 2025); data/goods_imports.csv"
            ),
            lever=True,
        ),
        Parameter(
            name="import_dependence_of_output",
            default=0.17,
            units="1",
            doc=(
                "Share of capacity idled per unit share of imports missing (0.17: imports 40 % "
                "short idle 6.8 % of capacity): the import content of output net of the "
                "substitutes (stocks, parallel imports, domestic makers) found at once."
            ),
            allowed=(0.0, 1.0),
            source=(
                "arithmetic: goods imports $293.5 bn (Federal Customs Service, 2021) against "
                "GDP of 135.3 tr RUB at 73.7 RUB/$ (Rosstat, Bank of Russia), $1.84 tn: 16 %, "
                "more with the bottlenecks of parts (car output -67 % in 2022, Rosstat). Set "
                "from the record of 2022, which the calibration cannot compare (it needs "
                "2021): GDP -1.2 % in 2022 and -4.1 % year on year in Q2 (Rosstat via Reuters "
                "and radiostoplus.com). Measured on the history with the import volumes "
                "scheduled there and the pre-war growth path (potential_growth 2 %): 0.17 "
                "gives -1.3 % and -4.0 %, 0.15 gives -0.8 % and -3.2 %, 0.2 gives -2.0 % and "
                "-5.2 %; 74, 73 and 73 of 102 calibration rows"
            ),
            plausible=(0.05, 0.4),
            uncertain=(0.12, 0.25),
        ),
        Parameter(
            name="shortage_price_share",
            default=0.0363,
            units="1",
            doc=(
                "Share of the demand left unmet by missing imported inputs that bids up the "
                "prices of what is still supplied (1: all of it; 0: buyers go without, purchases "
                "are put off, and a supply shock moves output, not inflation)."
            ),
            allowed=(0.0, 1.0),
            source=(
                "assumption: in 2022 car sales fell 59 % (AEB via TASS 2023-01-12) with car "
                "output -67 % (Rosstat), the unmet demand put off; CPI +7.6 % in March 2022 "
                "(the rouble) then fell over the summer (Rosstat). Measured on the history "
                "(import_dependence_of_output 0.17): 0 gives 74 of 102 calibration rows, 0.3 "
                "gives 60, 1 gives 54 (CPI 2022 4.9, 6.5 and 9.5 % against 11.9 %: the key "
                "rule lifts the rate against the shortage's inflation through 2022-23, and "
                "unemployment with it, while the Bank of Russia cut it from 20 to 7.5 %)"
                "; calibrated with the other unsourced parameters to the record of 2022-2025, "
                "within its declared range (benchmarks/calibrate.py, seed 3: 86 of 106 rows; was "
                "0.0)"
            ),
            plausible=(0.0, 1.0),
            uncertain=(0.0, 0.3),
        ),
        Parameter(
            name="labour_weight_of_men",
            default=0.35,
            units="1",
            doc="Share of the labour force made up of fighting-age men (capacity sensitivity).",
            allowed=(0.0, 1.0),
        ),
        Parameter(
            name="tax_rate",
            default=0.14,
            units="1",
            doc="Non-oil revenue as a share of GDP.",
            allowed=(0.0, 0.6),
            source=(
                "calibrated: deficit ~2.3 % of GDP (Carnegie Endowment 2025-09; rbc.ua "
                "2025-09-24); Minfin and Rosstat: non-oil federal revenue 10.5-13.1 % of GDP in "
                "2021-2025"
            ),
            plausible=(0.08, 0.25),
            lever=True,
        ),
        Parameter(
            name="oil_revenue_base",
            default=9.0,
            units="trnRUB/year",
            doc="Oil and gas revenue before any shock.",
            allowed=(0.0, 100.0),
            source="Minfin: oil and gas revenue 8.5-11 tr RUB (2023-24)",
            plausible=(5.0, 15.0),
            lever=True,
        ),
        Parameter(
            name="borrowing_capacity",
            default=2.5,
            units="trnRUB/year",
            doc="Deficit the state can finance by domestic borrowing each year.",
            allowed=(0.0, 50.0),
            source=(
                "assumption: domestic borrowing (OFZ); the 2025 deficit of 2.6 % of GDP (~5 tr "
                "RUB, Carnegie Endowment 2025-09) was financed mostly this way, so the capacity "
                "is uncertain over a wide range"
            ),
            plausible=(0.5, 6.0),
            uncertain=(1.0, 5.0),
        ),
        Parameter(
            name="initial_reserves",
            default=4.0,
            units="trnRUB",
            doc="Liquid reserve fund (National Wealth Fund) at the start.",
            allowed=(0.0, 100.0),
            source=(
                "Minfin via TASS 2025-01-16: liquid NWF assets 3.81 tr RUB on 1 Jan 2025 (the "
                "default rounds it); the history starts from ~8.6 tr RUB nominal on 1 Jan 2022 "
                "(Minfin), 12.2 in 2024 prices (scenarios/history.toml)"
            ),
            plausible=(1.0, 15.0),
        ),
        Parameter(
            name="initial_public_debt",
            default=29.0,
            units="trnRUB",
            doc="Public debt at the start of the run.",
            allowed=(0.0, 500.0),
            source=(
                "Accounts Chamber via avia-pro.net and socialbites.ca (2025): 29.04 tr RUB at "
                "the end of 2024, 14.5 % of GDP"
            ),
        ),
        Parameter(
            name="initial_debt_interest_rate",
            default=0.07,
            units="1/year",
            doc="Average interest rate on the public debt at the start (old, cheaper bonds).",
            allowed=(0.0, 1.0),
            source=(
                "arithmetic: debt service 1.72 tr RUB on 23-25.6 tr of debt in 2023 (Accounts "
                "Chamber via RIA Novosti, news-pravda.com 2024-04-04); ~1.1 tr on ~21 tr in "
                "2021 (Minfin), ~5.5 %, while the key rate rose from 4.25 % to 8.5 % (Bank of "
                "Russia): the 2021 economy at rest starts at its rule's rate, 4.6 %"
            ),
            plausible=(0.04, 0.1),
        ),
        Parameter(
            name="debt_refinancing_time",
            default=60.0,
            units="month",
            doc=(
                "Time for the debt's average rate to follow the key rate (bonds mature and are "
                "refinanced; new debt is sold at market rates)."
            ),
            allowed=(1.0, 240.0),
            source="assumption: OFZ maturities of a few to ten years",
            plausible=(24.0, 120.0),
            uncertain=(36.0, 96.0),
        ),
        Parameter(
            name="reserve_ceiling_share",
            default=0.07,
            units="year",
            doc=(
                "Reserve fund, in years of GDP (0.07: 7 % of a year's GDP), beyond which the "
                "fiscal rule returns surpluses."
            ),
            allowed=(0.0, 1.0),
            source=(
                "Budget Code via RIA Novosti (thegoaspotlight.com 2021-11-29): NWF liquid assets "
                "up to 7 % of GDP (10 % since 2021)"
            ),
            plausible=(0.03, 0.1),
        ),
        Parameter(
            name="reserve_drawdown_time",
            default=1.0,
            units="month",
            doc="Shortest time over which the reserve fund can be spent.",
            allowed=(1.0, 24.0),
        ),
        Parameter(
            name="fiscal_adjustment_time",
            default=6.0,
            units="month",
            doc="Time for austerity to follow the financing gap.",
            allowed=(0.5, 60.0),
            source="assumption: budget revisions",
        ),
        Parameter(
            name="max_austerity",
            default=0.4,
            units="1",
            doc="Largest share of spending the state can cut.",
            allowed=(0.0, 0.9),
        ),
        Parameter(
            name="target_inflation",
            default=0.04,
            units="1/year",
            doc="Inflation with demand at capacity.",
            allowed=(0.0, 0.5),
            source="Bank of Russia via The Moscow Times 2024-10-25: Bank of Russia target 4 %",
        ),
        Parameter(
            name="inflation_sensitivity",
            default=2.38,
            units="1/year",
            doc="Extra inflation per unit of excess demand over capacity.",
            allowed=(0.0, 50.0),
            source=(
                "calibrated: 9.5 % inflation in 2024 (Bank of Russia via The Moscow Times "
                "2024-10-25)"
                "; calibrated with the other unsourced parameters to the record of 2022-2025, "
                "within its declared range (benchmarks/calibrate.py, seed 3: 86 of 106 rows; was "
                "2.75)"
            ),
            plausible=(0.5, 10.0),
        ),
        Parameter(
            name="slack_disinflation",
            default=0.409,
            units="1/year",
            doc="Fall in inflation per unit of demand below capacity (prices are sticky downward).",
            allowed=(0.0, 10.0),
            plausible=(0.1, 2.0),
            source=(
                "Calibrated with the other unsourced parameters to the record of 2022-2025, within "
                "its declared range (benchmarks/calibrate.py, seed 3: 86 of 106 rows; was 0.5)"
            ),
        ),
        Parameter(
            name="monetisation_inflation",
            default=2.14,
            units="1/year",
            doc="Extra inflation per unit of printed deficit relative to GDP.",
            allowed=(0.0, 50.0),
            source=(
                "assumption: a deficit of 1 % of GDP financed by printing adds 1-4 points of "
                "inflation within a year (default 2); declared uncertain over that range "
                "because it decides much of the peace-minus-war gap"
                "; calibrated with the other unsourced parameters to the record of 2022-2025, "
                "within its declared range (benchmarks/calibrate.py, seed 3: 86 of 106 rows; was "
                "2.0)"
            ),
            plausible=(0.5, 10.0),
            uncertain=(1.0, 4.0),
        ),
        Parameter(
            name="inflation_averaging_time",
            default=5.79,
            units="month",
            doc=(
                "Months over which the rate of inflation is read (households, the central "
                "bank, the budget): a one-month jump in prices counts for a while, not at once."
            ),
            allowed=(0.5, 24.0),
            source=(
                "assumption: Rosstat reports monthly, annualised and 12-month rates; the Bank "
                "of Russia reads seasonally adjusted rates over the last three to six months, "
                "households the year's"
                "; calibrated with the other unsourced parameters to the record of 2022-2025, "
                "within its declared range (benchmarks/calibrate.py, seed 3: 86 of 106 rows; was "
                "6.0)"
            ),
            plausible=(3.0, 12.0),
        ),
        Parameter(
            name="inflation_adjustment_time",
            default=6.0,
            units="month",
            doc="Time for inflation to follow its indicated level.",
            allowed=(0.5, 60.0),
        ),
    ),
)
