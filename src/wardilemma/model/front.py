# A sector declaration file: excepted from the 500-line limit (docs/architecture.md).
"""Sector 1: the front and people (per region).

Men move from the civilian recruitment pool into the army (contract recruitment driven by
the bonus actually on offer relative to local wages; two conscription call-ups a year; a
deployment or mobilisation by decree), out of it as casualties, or home as veterans (at the
end of service, or demobilised after a ceasefire). The war's status (from
``war_start_month`` to ``ceasefire_month``) switches only the front: casualties,
demobilisation, the army's target size, who draws front pay and the bonus the state offers
(the war bonus, then the post-war bonus from the ceasefire). People are conserved: pool +
conscripts + soldiers + veterans (returning and reintegrated) + casualties changes only by
coming of age and ageing out.
"""

from wardilemma.model.spec import Auxiliary, Flow, Lookup, Parameter, Sector, Stock

SECTOR = Sector(
    key="front",
    title="Front and people",
    doc=(
        "Per region: the civilian recruitment pool of fighting-age men, conscripts in service, "
        "soldiers at the front, returning veterans (home, seeking work), reintegrated veterans "
        "(in work) and cumulative casualties. Contract recruitment responds to the sign-on bonus "
        "actually on offer, in years of the local wage, through a saturating graphical function; "
        "conscription arrives as spring and autumn call-ups; both are limited by what the pool "
        "can supply. Killed and disabled are a fraction of soldiers per month of war; others "
        "leave alive after an average service term; after a ceasefire soldiers above the "
        "post-war army demobilise over a chosen time and keep front pay until they do. Veterans "
        "reintegrate at a pace set by the jobs actually available and the veteran programmes "
        "actually funded."
    ),
    elements=(
        # ---------------------------------------------------------------- stocks
        Stock(
            name="recruitment_pool",
            initial="initial_pool",
            units="person",
            doc="Civilian men of fighting age who could enlist or be called up.",
            inflows=("coming_of_age", "conscripts_discharged"),
            outflows=("ageing_out", "contract_recruitment", "conscription", "mobilisation"),
            source="model structure: the fighting-age men who could serve",
            regional=True,
        ),
        Stock(
            name="start_mean_pool",
            initial=(
                "recruitment_pool + conscripts - (spring_callup + autumn_callup) * "
                "conscript_service_time / callup_interval * recruitment_pool / "
                "sum_regions(recruitment_pool)"
            ),
            units="person",
            doc=(
                "Recruitment pool of the start over its year, held: the start's pool with the "
                "conscripts in service at their yearly mean (the two call-ups a year times the "
                "service time) rather than at January's, the high point of the call-up cycle "
                "and so the low point of the pool. The men coming of age balance the men "
                "ageing out of it, so that an economy at rest keeps its pool."
            ),
            source=(
                "model structure, as start_unemployment_rate; the call-ups of spring and autumn "
                "and 12 months' service"
            ),
            regional=True,
        ),
        Stock(
            name="contract_signers",
            initial="initial_contract_signers",
            units="person",
            doc=(
                "Men of the region's fighting-age cohorts who have already signed a contract in "
                "this war (serving, home or lost): the most willing, drawn first, so the men "
                "left in the pool are less willing than those who went before them."
            ),
            inflows=("contract_recruitment",),
            outflows=("signers_ageing_out",),
            source=(
                "Medvedev via Reuters: ~450k contracts in 2024, 422,704 in 2025 (gamereactor.eu "
                "2026-01-16); Putin: 486k in 2023; Defence Ministry: >640k Feb 2022-Dec 2023"
            ),
            regional=True,
        ),
        Stock(
            name="conscripts",
            initial="initial_conscripts",
            units="person",
            doc="Conscripts in service (by law not sent to the front).",
            inflows=("conscription",),
            outflows=("conscripts_discharged", "conscript_contracts"),
            source="Garner, Foreign Policy, 2025: 160,000 conscripts this spring",
            regional=True,
        ),
        Stock(
            name="soldiers",
            initial="initial_soldiers",
            units="person",
            doc="Soldiers at the front (contract soldiers and volunteers).",
            inflows=("contract_recruitment", "conscript_contracts", "mobilisation"),
            outflows=("battle_losses", "rotation_home", "demobilisation"),
            source="Putin via sputnikglobe 2024-01-26; Re:Russia review 760",
            regional=True,
        ),
        Stock(
            name="veterans",
            initial="initial_veterans",
            units="person",
            doc="Veterans of this war at home, not yet reintegrated into civilian work and status.",
            inflows=("rotation_home", "demobilisation"),
            outflows=("reintegration",),
            source=(
                "Garner, Foreign Policy, 2025: 'the sudden return of hundreds of thousands of "
                "disaffected veterans'"
            ),
            regional=True,
        ),
        Stock(
            name="reintegrated_veterans",
            initial="0",
            units="person",
            doc="Veterans who have found civilian work and status since the start of the run.",
            inflows=("reintegration",),
            source=(
                "Garner, Foreign Policy, 2025: Putin 'bringing veterans ... into positions of "
                "social responsibility'"
            ),
            regional=True,
        ),
        Stock(
            name="casualties",
            initial="0",
            units="person",
            doc="Killed and permanently disabled since the start of the run (cumulative).",
            inflows=("battle_losses",),
            source=(
                "UK MoD from Ukrainian General Staff data (upper bound); Mediazona and Meduza, "
                "probate registry"
            ),
            regional=True,
        ),
        # ---------------------------------------------------------------- flows
        Flow(
            name="coming_of_age",
            equation="start_mean_pool / working_life",
            units="person/month",
            doc=(
                "Young men entering the fighting-age pool (boundary inflow): as many as the "
                "start's pool, at its yearly mean, loses by age."
            ),
            regional=True,
        ),
        Flow(
            name="ageing_out",
            equation="recruitment_pool / working_life",
            units="person/month",
            doc="Men leaving the fighting-age pool by age (boundary outflow).",
            regional=True,
        ),
        Flow(
            name="signers_ageing_out",
            equation="contract_signers / working_life",
            units="person/month",
            doc=(
                "Men who signed leaving the fighting-age cohorts by age (their places are taken "
                "by young men who come of age with the whole spread of willingness)."
            ),
            regional=True,
        ),
        Flow(
            name="contract_recruitment",
            equation="desired_recruitment * pool_availability",
            units="person/month",
            doc=(
                "Contract soldiers signing on: driven by the bonus in war, by replacement in peace."
            ),
            source=(
                "Garner, Foreign Policy, 2025: 'thousands of soldiers every month through "
                "contract recruiting'"
            ),
            regional=True,
        ),
        Flow(
            name="conscription",
            equation="desired_conscription * pool_availability",
            units="person/month",
            doc="Men called up, shared by region in proportion to the pool.",
            source="Garner, Foreign Policy, 2025; The Moscow Times 2025-03-31",
            regional=True,
        ),
        Flow(
            name="mobilisation",
            equation="desired_mobilisation * pool_availability",
            units="person/month",
            doc=(
                "Men sent to the front by decree (the invasion force deployed in February 2022, "
                "the partial mobilisation of September-October 2022), shared by region in "
                "proportion to the pool."
            ),
            source=(
                "decree of 21 Sep 2022: ~300,000 mobilised by 28 Oct 2022 (Shoigu); the "
                "invasion force of ~150-190k (US and UK estimates, Feb 2022)"
            ),
            regional=True,
        ),
        Flow(
            name="conscripts_discharged",
            equation="conscripts / conscript_service_time",
            units="person/month",
            doc="Conscripts returning to civilian life after their service.",
            regional=True,
        ),
        Flow(
            name="conscript_contracts",
            equation="at_war * conscripts * conscript_contract_rate",
            units="person/month",
            doc="Conscripts signing a contract for the front.",
            regional=True,
        ),
        Flow(
            name="battle_losses",
            equation="at_war * soldiers * casualty_rate",
            units="person/month",
            doc=(
                "Soldiers killed or permanently disabled (the stock `casualties` accumulates them)."
            ),
            source=(
                "UK MoD from Ukrainian General Staff data (upper bound); Mediazona and Meduza, "
                "probate registry"
            ),
            regional=True,
        ),
        Flow(
            name="rotation_home",
            equation="soldiers * (1 / service_term + contract_release_rate)",
            units="person/month",
            doc=(
                "Soldiers ending their service alive and coming home as veterans: after the "
                "average service term, and at the end of short contracts while no stop-loss "
                "holds."
            ),
            regional=True,
        ),
        Flow(
            name="reintegration",
            equation="veterans * veteran_absorption / reintegration_time",
            units="person/month",
            doc="Veterans settling into civilian work and status.",
            regional=True,
        ),
        Flow(
            name="demobilisation",
            equation="war_over * max(soldiers - postwar_army, 0) / demobilisation_time",
            units="person/month",
            doc="Soldiers sent home after a ceasefire.",
            source="assumption: first-order demobilisation; the pace is a lever",
            regional=True,
        ),
        # ---------------------------------------------------------------- auxiliaries
        Auxiliary(
            name="at_war",
            equation="max(step(1, war_start_month) - war_over, 0)",
            units="1",
            doc="1 while the war goes on (from its start to the ceasefire), else 0.",
            bounds=(0.0, 1.0),
            regional=False,
        ),
        Auxiliary(
            name="war_over",
            equation="step(1, ceasefire_month)",
            units="1",
            doc=(
                "1 from the ceasefire on (0 before the war and during it): switches the front "
                "to demobilisation and the budget to its post-war targets."
            ),
            bounds=(0.0, 1.0),
            regional=False,
        ),
        Auxiliary(
            name="before_war",
            equation="1 - max(at_war, war_over)",
            units="1",
            doc="1 before the war starts (the pre-war budget target), else 0.",
            bounds=(0.0, 1.0),
            regional=False,
        ),
        Auxiliary(
            name="months_since_ceasefire",
            equation="max(time - ceasefire_month, 0)",
            units="month",
            doc=(
                "Months since the ceasefire (0 until then): the clock of the exit policy, so "
                "that moving the ceasefire moves every exit lever with it."
            ),
            regional=False,
        ),
        Auxiliary(
            name="bonus_offered_rub",
            equation=(
                "bonus_rub + war_over * (postwar_bonus_rub - bonus_rub) * "
                "if_then_else(bonus_phaseout_time > 0, min(months_since_ceasefire / "
                "max(bonus_phaseout_time, dt), 1), 1)"
            ),
            units="RUB/person",
            doc=(
                "Sign-on bonus the state offers, nominal roubles: the war bonus until the "
                "ceasefire, then moving to the post-war bonus over the phase-out time (a "
                "recruitment policy that follows the ceasefire, not the calendar)."
            ),
            source="lever: the regime's recruitment policy",
            regional=True,
        ),
        Auxiliary(
            name="desired_recruitment",
            equation=(
                "at_war * willing_men * recruitment_propensity / willing_share + war_over * "
                "(rotation_home + min(max(postwar_army - soldiers, 0) / demobilisation_time, "
                "willing_men * recruitment_propensity / willing_share))"
            ),
            units="person/month",
            doc=(
                "Contract recruits the army would take if the pool could supply them: in war a "
                "share of the men still willing to sign at the offer they know; in peace the "
                "places that replace leavers, and the places that fill the post-war army up to "
                "its size, no faster than the willing men sign at the offer."
            ),
            source=(
                "model structure: a post-war army grows only from men willing to sign, as the "
                "war-time army does (a refill from the pool at large would ignore the offer)"
            ),
            regional=True,
        ),
        Auxiliary(
            name="willing_men",
            equation=(
                "max(willing_share * recruitment_response(perceived_contract_value) * "
                "(recruitment_pool + contract_signers) - contract_signers, 0)"
            ),
            units="person",
            doc=(
                "Men in the pool who would sign at the offer they know (a pool of the most "
                "willing, depleted by those who already signed): men differ in the contract "
                "value at which they would sign; at the offer a share of the cohort (pool and "
                "signers) is willing, and the signers, the most willing, are gone from it. A "
                "higher offer draws a new slice of men; at a steady offer recruitment falls as "
                "the slice is used up."
            ),
            source=(
                "pool depletion (diminishing returns to a bonus): Medvedev via Reuters, 422,704 "
                "contracts in 2025 against ~450k in 2024 (gamereactor.eu 2026-01-16; The Moscow "
                "Times 2025-12-24: 417k) while regional bonuses of several million roubles, "
                "'negligible a year ago', spread (Kluge, janiskluge.substack.com, 2025-07); "
                "IStories: 127.5k federal sign-on payments in H1 2025 against 166.2k in H1 2024 "
                "(inkorr.com, 2025-10)"
            ),
            regional=True,
        ),
        Auxiliary(
            name="desired_conscription",
            equation="national_callup_rate * recruitment_pool / sum_regions(recruitment_pool)",
            units="person/month",
            doc="Call-up of the region, in proportion to its share of the national pool.",
            regional=True,
        ),
        Auxiliary(
            name="desired_mobilisation",
            equation=(
                "mobilisation_rate * recruitment_pool / max(sum_regions(recruitment_pool), "
                "1e-6 * sum_regions(prewar_men))"
            ),
            units="person/month",
            doc="Men the decree calls from the region, in proportion to its share of the pool.",
            regional=True,
        ),
        Auxiliary(
            name="pool_availability",
            equation=(
                "if_then_else(desired_recruitment + desired_conscription + desired_mobilisation "
                "> 0, min(recruitment_pool / ((desired_recruitment + desired_conscription + "
                "desired_mobilisation) * pool_outflow_time), 1), 1)"
            ),
            units="1",
            doc=(
                "Share of the desired recruits and conscripts the pool can supply (1 unless the "
                "pool would be emptied in under `pool_outflow_time`): keeps the pool "
                "non-negative."
            ),
            bounds=(0.0, 1.0),
            regional=True,
        ),
        Auxiliary(
            name="army_target",
            equation="at_war * war_army_target + war_over * sum_regions(postwar_army)",
            units="person",
            doc="Size of the front-line army the regime aims to hold.",
            source=(
                "Putin via sputnikglobe 2024-01-26 and later: ~700k in the war zone in Jun 2024 "
                "and again in Sep 2025 (held flat)"
            ),
            regional=False,
        ),
        Auxiliary(
            name="soldiers_on_front_pay",
            equation="soldiers - war_over * min(soldiers, postwar_army)",
            units="person",
            doc=(
                "Soldiers drawing front-line pay: all of them in war; after a ceasefire those "
                "not yet demobilised beyond the post-war army (they keep front pay until sent "
                "home)."
            ),
            regional=True,
        ),
        Auxiliary(
            name="prewar_men",
            equation="initial_pool + initial_conscripts + initial_soldiers + initial_veterans",
            units="person",
            doc="Fighting-age men of the region's cohort at the start, wherever they are.",
            regional=True,
        ),
        Auxiliary(
            name="postwar_army",
            equation=(
                "war_over * postwar_army_fraction * war_army_target * soldiers / "
                "max(sum_regions(soldiers), 1e-6 * sum_regions(prewar_men))"
            ),
            units="person",
            doc=(
                "Size of the region's army kept from the ceasefire on (0 before it): a share "
                "of the war-time target, split by region as the soldiers are."
            ),
            regional=True,
        ),
        Auxiliary(
            name="national_callup_rate",
            equation=(
                "spring_callup / spring_callup_duration * pulse_train(spring_callup_start, "
                "spring_callup_duration, callup_interval, final_time) + autumn_callup / "
                "autumn_callup_duration * pulse_train(autumn_callup_start, "
                "autumn_callup_duration, callup_interval, final_time)"
            ),
            units="person/month",
            doc="Conscripts called up per month nationally during call-ups.",
            source="Garner, Foreign Policy, 2025: two call-ups a year",
            regional=False,
        ),
        Auxiliary(
            name="bonus_to_wage_ratio",
            equation="real_bonus / (civilian_wage_rub * months_per_year)",
            units="year",
            doc="Sign-on bonus in years of the local civilian wage.",
            source="Garner, Foreign Policy, 2025: 'more than four times the average annual salary'",
            regional=True,
        ),
        Auxiliary(
            name="front_pay_premium",
            equation="max(soldier_pay_rub - civilian_wage_rub, 0)",
            units="RUB/(person*month)",
            doc=(
                "What a month at the front pays above a month of local civilian work, at 2024 "
                "prices: the pay soldiers actually draw (none while no one is at the front) "
                "less the local civilian wage."
            ),
            source=(
                "Re:Russia analytics 0167; WSJ: front pay ~3x the national average wage, up to "
                "5x in the poorest regions; russiapost.info: ~210k RUB a month on average"
            ),
            regional=True,
        ),
        Auxiliary(
            name="contract_value_ratio",
            equation=(
                "bonus_to_wage_ratio + contract_horizon * front_pay_premium / "
                "(civilian_wage_rub * months_per_year)"
            ),
            units="year",
            doc=(
                "What signing a contract adds over the first contract term, in years of the "
                "local civilian wage: the sign-on bonus plus the front-pay premium over the "
                "term (front pay is the larger part: ~2.5 years' provincial wage against a bonus "
                "of ~0.7 in mid-2024)."
            ),
            source=(
                "Re:Russia analytics 0167 (2024-06): 'the monthly monetary reward ... almost "
                "three times the average monthly salary', the one-time payment ~485k RUB; "
                "The Moscow Times via theindiansubcontinent.com: with a 2.5 m bonus 'over 5 "
                "million rubles a year' in the first year, then 'over 200,000 a month'"
            ),
            regional=True,
        ),
        Auxiliary(
            name="perceived_contract_value",
            equation="smooth(contract_value_ratio, contract_perception_time)",
            units="year",
            doc=(
                "The contract's value as the men who might sign know it: it follows the offer "
                "with a perception delay (recruiters, advertising and word of mouth from the "
                "men at the front), starting from the offer at the start of the run."
            ),
            source=(
                "assumption (a first-order perception delay); calibrated on the ramp of "
                "recruitment from ~15k a month in 2022 to ~40k in 2023 (Defence Ministry, Dec "
                "2023: >640k contracts since the start of the war; Putin: 486k in 2023)"
            ),
            regional=True,
        ),
        Auxiliary(
            name="men_at_home",
            equation="recruitment_pool + veterans + reintegrated_veterans",
            units="person",
            doc="Fighting-age men living as civilians (pool and veterans).",
            regional=True,
        ),
        Auxiliary(
            name="people_total",
            equation=(
                "recruitment_pool + conscripts + soldiers + veterans + reintegrated_veterans + "
                "casualties"
            ),
            units="person",
            doc="Sum of the people stocks (conserved up to coming of age and ageing out).",
            regional=True,
        ),
        # ------------------------------------------------------- lookups (graphical functions)
        Lookup(
            name="recruitment_response",
            points=(
                (0.0, 0.0),
                (1.0, 0.25),
                (2.0, 0.5),
                (3.0, 0.7),
                (4.0, 0.85),
                (6.0, 0.97),
                (8.0, 1.0),
            ),
            x_units="year",
            y_units="1",
            doc=(
                "Attractiveness of a contract against what it adds over its first term (bonus "
                "and front-pay premium) in years of local wage; saturates."
            ),
            source=(
                "assumption shaped by Re:Russia analytics 0167; WSJ; gazeta.ru 2024-12-29; "
                "Samarastat: a first contract year worth 2-7 years of the local wage (pay ~3-5x "
                "the wage, bonuses of 0.5-5 years' wage) draws recruits"
            ),
        ),
        # ---------------------------------------------------------------- parameters
        Parameter(
            name="ceasefire_month",
            default=1200.0,
            units="month",
            doc="Month (since the start of the run) when the war stops; beyond the run = never.",
            allowed=(0.0, 1200.0),
            source="scenario lever",
            lever=True,
        ),
        Parameter(
            name="war_start_month",
            default=0.0,
            units="month",
            doc=(
                "Month (since the start of the run) when the war starts: 0 = at war from the "
                "start; beyond the run = never (the pre-war economy at rest)."
            ),
            allowed=(0.0, 1200.0),
            source=(
                "scenario setting: the history starts in January 2022 at war (the force was "
                "massed on the border; the invasion came on 24 February)"
            ),
        ),
        Parameter(
            name="war_army_target",
            default=700000.0,
            units="person",
            doc="Front-line army the regime aims to hold while the war goes on.",
            allowed=(0.0, 1.0e7),
            source=(
                "Putin via sputnikglobe 2024-01-26 and later: ~700k in the war zone in Jun 2024 "
                "and again in Sep 2025 (held flat)"
            ),
            plausible=(100000.0, 2.0e6),
            lever=True,
        ),
        Parameter(
            name="mobilisation_rate",
            default=0.0,
            units="person/month",
            doc=(
                "Men sent to the front by decree per month (a deployment or a mobilisation, "
                "written as a schedule); 0 = none."
            ),
            allowed=(0.0, 1.0e7),
            source=(
                "decree of 21 Sep 2022: ~300,000 mobilised by 28 Oct 2022 (Shoigu, via Reuters)"
            ),
            plausible=(0.0, 300000.0),
            lever=True,
        ),
        Parameter(
            name="demobilisation_time",
            default=6.0,
            units="month",
            doc="Average time for soldiers above the post-war army size to be sent home.",
            allowed=(0.5, 120.0),
            source=(
                "lever; US 1945-47: >8 m of 12.2 m discharged within 10 months (Selgin, Cato; "
                "Bohanon and Henderson, Mercatus 2010)"
            ),
            plausible=(1.0, 48.0),
            lever=True,
        ),
        Parameter(
            name="postwar_army_fraction",
            default=0.3,
            units="1",
            doc="Share of the war-time army target kept under arms after a ceasefire.",
            allowed=(0.0, 1.5),
            source=(
                "lever; 'a vast army perpetually ready for war' (Garner, Foreign Policy, 2025) "
                "is about 1"
            ),
            plausible=(0.1, 1.0),
            lever=True,
        ),
        Parameter(
            name="bonus_rub",
            default={"provinces": 1.0e6, "capitals": 2.5e6},
            units="RUB/person",
            doc=(
                "Sign-on bonus for a contract soldier (federal plus the average regional "
                "top-up), nominal roubles."
            ),
            allowed=(0.0, 5.0e7),
            source=(
                "the average total bonus from the autumn of 2024: federal 400k plus regional "
                "596k on average (IStories via onet.pl, 2024), 1.119 m (Re:Russia analytics "
                "0212); Moscow 2.5 m (2025; unn.ua 2025-01-27). Samara's 3.6-4.0 m (~$40,000, "
                "Garner, Foreign Policy, 2025) is samara_focus.toml's own region"
            ),
            plausible=(0.0, 1.0e7),  # 0: no war bonus before the war (history.toml)
            regional=True,
            lever=True,
        ),
        Parameter(
            name="postwar_bonus_rub",
            default={"provinces": 400000.0, "capitals": 400000.0},
            units="RUB/person",
            doc=(
                "Sign-on bonus on offer after the ceasefire (for the post-war army), nominal "
                "roubles; the bonus moves to it over `bonus_phaseout_time`."
            ),
            allowed=(0.0, 5.0e7),
            source=(
                "assumption: regional top-ups stop with the war and the federal bonus of 400k "
                "RUB (Aug 2024; IStories, The Moscow Times 2026-01-14) is left"
            ),
            plausible=(0.0, 1.0e7),
            regional=True,
            lever=True,
        ),
        Parameter(
            name="bonus_phaseout_time",
            default=0.0,
            units="month",
            doc=(
                "Months after the ceasefire over which the bonus moves from its war level to "
                "the post-war bonus (0 = at once)."
            ),
            allowed=(0.0, 240.0),
            source="lever",
            plausible=(0.0, 60.0),
            lever=True,
        ),
        Parameter(
            name="spring_callup",
            default=160000.0,
            units="person",
            doc="Men called up for conscription each spring.",
            allowed=(0.0, 1.0e6),
            source=(
                "Garner, Foreign Policy, 2025: 'conscript another 160,000 men this spring'; The "
                "Moscow Times 2025-03-31"
            ),
            plausible=(100000.0, 300000.0),
            lever=True,
        ),
        Parameter(
            name="autumn_callup",
            default=135000.0,
            units="person",
            doc="Men called up for conscription each autumn.",
            allowed=(0.0, 1.0e6),
            source="The Moscow Times 2025-03-31: autumn call-up 133k (2024), 135k (2025)",
            plausible=(100000.0, 300000.0),
            lever=True,
        ),
        Parameter(
            name="initial_pool",
            default={"provinces": 2.4e7, "capitals": 4.0e6},
            units="person",
            doc="Civilian men of fighting age (18-49) at the start of the run.",
            allowed=(0.0, 1.0e8),
            source="assumption from Rosstat age structure: ~31 m men aged 20-49; capitals ~13 %",
            regional=True,
        ),
        Parameter(
            name="population",
            default={"provinces": 1.27e8, "capitals": 1.9e7},
            units="person",
            doc="Total population of the region.",
            allowed=(1.0, 1.0e9),
            source="Rosstat: 146 m; Moscow and St Petersburg ~19 m",
            regional=True,
        ),
        Parameter(
            name="initial_soldiers",
            default={"provinces": 630000.0, "capitals": 70000.0},
            units="person",
            doc="Soldiers in the war zone at the start of the run.",
            allowed=(0.0, 1.0e7),
            source=(
                "Putin via sputnikglobe 2024-01-26; Re:Russia review 760: ~700k in the war zone "
                "(Putin, 2024-25); recruits mostly provincial"
            ),
            plausible=(0.0, 2.0e6),
            regional=True,
        ),
        Parameter(
            name="initial_conscripts",
            default={"provinces": 250000.0, "capitals": 40000.0},
            units="person",
            doc="Conscripts in service at the start of the run (not at the front).",
            allowed=(0.0, 5.0e6),
            source=(
                "arithmetic: two call-ups of ~150k a year, 12 months' service (The Moscow Times "
                "2025-03-31)"
            ),
            regional=True,
        ),
        Parameter(
            name="initial_veterans",
            default={"provinces": 270000.0, "capitals": 30000.0},
            units="person",
            doc="Veterans of this war at home at the start of the run.",
            allowed=(0.0, 1.0e7),
            source=(
                "Putin via sputnikglobe 2024-01-26; Re:Russia review 760: ~1 m have served in "
                "total (Re:Russia), less those still serving"
            ),
            regional=True,
        ),
        Parameter(
            name="recruitment_propensity",
            default={"provinces": 0.0038, "capitals": 0.0038},
            units="1/month",
            doc=(
                "Share of the pool that would sign a contract per month at full attractiveness "
                "before anyone has signed (the willing are then used up: `willing_men`)."
            ),
            allowed=(0.0, 0.1),
            source=(
                "calibrated on the history (2022-2025) with the recorded bonuses and pay, on the "
                "yearly official claims, jointly with contract_perception_time (15 months): "
                "0.0038 gives 418k contracts in 2023 (Putin: 486k; Medvedev: 185k in H1, the "
                "model 201k), 425k in 2024 (Medvedev: ~450k + 40k volunteers; the budget count "
                ">=374k, IStories), 35k in July 2024 (Medvedev: ~1,000 a day), 427k in 2025 "
                "(Medvedev: 417-423k) and an army of 580k in December 2023 (Putin: 617k; "
                "Ukrainian intelligence: ~450k), 621k in June 2024 and 688k in September 2025 "
                "(Putin: ~700k). Without the "
                "depletion of the willing the history needed 0.0025 and the state of 2025 "
                "0.0013: the same men were not readier early in the war, the readiest had "
                "signed"
            ),
            plausible=(0.0001, 0.01),
            regional=True,
            uncertain=(0.0032, 0.0042),
        ),
        Parameter(
            name="willing_share",
            default=0.12,
            units="1",
            doc=(
                "Share of fighting-age men who would sign a contract at full attractiveness "
                "(the rest would not sign at any offer the model spans): sets how fast the "
                "willing are used up, so that recruitment at a steady offer falls."
            ),
            allowed=(0.001, 1.0),
            source=(
                "assumption, calibrated (0.12) on the flat recruitment of 2023-2025 under rising "
                "bonuses (486k in 2023, Putin; ~450k + 40k volunteers in 2024 and 422,704 + "
                "32k in 2025, Medvedev via Reuters, gamereactor.eu 2026-01-16): at least the "
                "~6 % of the 28 m men aged 18-49 who signed by 2025 (~1.6 m contracts, "
                "arithmetic)"
            ),
            plausible=(0.06, 0.4),
            uncertain=(0.1, 0.15),
        ),
        Parameter(
            name="initial_contract_signers",
            default={"provinces": 1.0e6, "capitals": 1.0e5},
            units="person",
            doc=(
                "Men who had signed a contract in this war before the start of the run "
                "(0 in the history, which starts before the invasion)."
            ),
            allowed=(0.0, 1.0e7),
            source=(
                "arithmetic for a run starting in 2025: ~150k contracts in 2022 (the Defence "
                "Ministry's >640k from Feb 2022 to Dec 2023 less Putin's 486k in 2023), 486k "
                "in 2023 and ~490k in 2024 (Medvedev via Reuters), split as the soldiers are"
            ),
            regional=True,
        ),
        Parameter(
            name="contract_horizon",
            default=12.0,
            units="month",
            doc=(
                "First contract term over which a recruit weighs front pay against civilian "
                "work (the bonus is paid for a contract of a year or more)."
            ),
            allowed=(0.0, 120.0),
            source=(
                "russiapost.info: the 400k RUB federal bonus for 'a contract for a year or "
                "more'; contracts run until the end of the war, so a longer horizon is plausible"
            ),
            plausible=(0.0, 36.0),
            uncertain=(6.0, 24.0),
        ),
        Parameter(
            name="contract_perception_time",
            default=15.0,
            units="month",
            doc=(
                "Time for the men who might sign to register a change in what a contract pays "
                "(recruiters, advertising, word of mouth)."
            ),
            allowed=(0.25, 120.0),
            source=(
                "assumption: calibrated on the slow ramp of contract recruitment, ~14k a month "
                "in 2022 (Defence Ministry via russiapost.info, Dec 2023: >640k contracts since "
                "the start of the war, less Putin's 486k in 2023, intellinews 2024-02-23), 185k "
                "in January-June 2023 (Medvedev via Reuters, oodaloop.com 2023-07-05) against "
                "486k in the whole of 2023; regional recruitment drives started in 2023 (RFE/RL "
                "2025-06). Fitted on the record's 21 rows of contract recruits and the army "
                "(least squares in standard deviations, grid 9/12/15/18 months x propensity "
                "0.0038/0.0040/0.0042): 15 months, propensity 0.0038 (222k contracts in 2022, 201k "
                "in H1 2023); at 9 months the history gave 307k and 246k. The war payouts of "
                "Jul 2023-Jun 2024 (Re:Russia review 760: 2.75-3.0 trn RUB) favour 9 months (a "
                "larger army): a conflict of the record left to the fit of the front's rows"
            ),
            plausible=(1.0, 36.0),
            uncertain=(4.0, 18.0),
        ),
        Parameter(
            name="casualty_rate",
            default=0.02,
            units="1/month",
            doc="Share of soldiers killed or permanently disabled per month of war.",
            allowed=(0.0, 0.2),
            source=(
                "UK MoD from Ukrainian General Staff data (upper bound); Mediazona and Meduza, "
                "probate registry: deaths 8-13k/month, killed+wounded 30-48k/month (upper "
                "bound); calibrated: 400-500k permanent losses (killed or permanently disabled) "
                "from Feb 2022 to Jun 2025 (UK MoD via pravda.com.ua 2025-07-11) over the "
                "history's army (the model 403k at 0.02)"
            ),
            plausible=(0.005, 0.04),
            uncertain=(0.01, 0.025),
        ),
        Parameter(
            name="service_term",
            default=36.0,
            units="month",
            doc=(
                "Average time a contract soldier serves before coming home alive (contracts run "
                "until the end of the war; most who leave are wounded or ill)."
            ),
            allowed=(1.0, 600.0),
            source=(
                "calibrated: killed and disabled (~11k a month) plus those leaving alive (~20k a "
                "month, wounded or ill) equal recruitment of ~31k a month at ~700k soldiers, as "
                "in the public counts (recruits 30-40k a month: Putin via intellinews "
                "2024-02-23, Medvedev via Reuters; killed and wounded 30-48k a month: UK MoD, an "
                "upper bound)"
            ),
            plausible=(18.0, 180.0),
            uncertain=(24.0, 60.0),
        ),
        Parameter(
            name="contract_release_rate",
            default=0.0,
            units="1/month",
            doc=(
                "Share of soldiers released per month at the end of short contracts or at "
                "their request while no stop-loss holds (0 = contracts valid until the end of "
                "the war, as since the decree of 21 September 2022)."
            ),
            allowed=(0.0, 1.0),
            source=(
                "decree of 21 Sep 2022 on partial mobilisation, clause 4: contracts 'continue "
                "to be valid until the end of the period of partial mobilisation' (Kremlin, "
                "via edwardslavsquat.substack.com 2022-09-21); Putin, Jun 2023: volunteers and "
                "contract soldiers will not return until the end of the war (via Sibir.Realii, "
                "newsinukraine.com). Before it, short contracts of up to a year for an "
                "emergency (State Duma bill via TASS, censor.net): the rate before the decree "
                "is an assumption, 1/12 (contracts of up to a year), range 1/24-1/6"
            ),
            plausible=(0.0, 0.2),
            lever=True,
        ),
        Parameter(
            name="reintegration_time",
            default=24.0,
            units="month",
            doc="Average time for an absorbed veteran to settle into civilian life.",
            allowed=(1.0, 600.0),
            source=(
                "assumption; asiaplus.news; Jamestown Foundation; Time, Serbsky Centre estimate "
                "(Afghan and Chechen veterans' slow reintegration)"
            ),
            plausible=(6.0, 120.0),
        ),
        Parameter(
            name="conscript_service_time",
            default=12.0,
            units="month",
            doc="Length of conscript service.",
            allowed=(1.0, 60.0),
            source="Russian law: 12 months",
            plausible=(12.0, 24.0),
        ),
        Parameter(
            name="conscript_contract_rate",
            default=0.01,
            units="1/month",
            doc="Share of conscripts signing a contract for the front per month of war.",
            allowed=(0.0, 0.5),
            plausible=(0.0, 0.05),
        ),
        Parameter(
            name="working_life",
            default=372.0,
            units="month",
            doc="Average time a man spends in the 18-49 pool (sets coming of age and ageing out).",
            allowed=(60.0, 1200.0),
            source="31 years x 12 months",
        ),
        Parameter(
            name="pool_outflow_time",
            default=1.0,
            units="month",
            doc=(
                "Shortest time in which recruitment and call-ups could empty the pool (a "
                "first-order limit on outflows, the standard stock-availability guard)."
            ),
            allowed=(1.0, 12.0),
            source="modelling convention",
        ),
        Parameter(
            name="spring_callup_start",
            default=3.0,
            units="month",
            doc="Start of the spring call-up, months after January (April = 3).",
            allowed=(0.0, 11.0),
            source="decree: 1 April - 15 July",
        ),
        Parameter(
            name="spring_callup_duration",
            default=3.5,
            units="month",
            doc="Length of the spring call-up.",
            allowed=(0.25, 6.0),
            source="1 April - 15 July",
        ),
        Parameter(
            name="autumn_callup_start",
            default=9.0,
            units="month",
            doc="Start of the autumn call-up, months after January (October = 9).",
            allowed=(0.0, 11.0),
            source="decree: 1 October - 31 December",
        ),
        Parameter(
            name="callup_interval",
            default=12.0,
            units="month",
            doc="Time between two spring (or two autumn) call-ups.",
            allowed=(12.0, 12.0),
            source="two call-ups a year",
        ),
        Parameter(
            name="autumn_callup_duration",
            default=3.0,
            units="month",
            doc="Length of the autumn call-up.",
            allowed=(0.25, 6.0),
            source="1 October - 31 December",
        ),
    ),
)
