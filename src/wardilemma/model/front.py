"""Sector 1: the front and people (per region).

Men move from the civilian recruitment pool into the army (contract recruitment driven by
the bonus relative to local wages; two conscription call-ups a year), out of it as
casualties or back home as veterans. People are conserved: pool + conscripts + soldiers +
veterans (returning and reintegrated) + casualties changes only by coming of age and
ageing out.
"""

from .spec import Auxiliary, Flow, Lookup, Parameter, Sector, Stock

ART = "ARTICLE.md"
FIG = "DOMAIN_FIGURES.md"

SECTOR = Sector(
    key="front",
    title="Front and people",
    doc=(
        "Per region: the civilian recruitment pool of fighting-age men, conscripts in "
        "service, soldiers at the front, returning veterans (home but not yet reintegrated), "
        "reintegrated veterans and cumulative casualties. Contract recruitment responds to "
        "the sign-on bonus relative to the local annual wage through a saturating graphical "
        "function; conscription arrives as spring and autumn call-ups; both are limited by "
        "what the pool can supply; casualties are a fraction of soldiers per month; after a "
        "ceasefire soldiers demobilise into veterans over a configurable time; veterans "
        "reintegrate at a pace set by the local economy, war status and veteran programmes."
    ),
    elements=(
        # ---------------------------------------------------------------- levers
        Parameter(
            "ceasefire_month",
            1200.0,
            "month",
            "Month (since the start of the run) when the war stops; beyond the run = never.",
            allowed=(0.0, 1200.0),
            lever=True,
            source="scenario lever (brief: war status and ceasefire month)",
        ),
        Parameter(
            "demobilisation_time",
            6.0,
            "month",
            "Average time for soldiers above the post-war army size to be sent home.",
            allowed=(0.5, 120.0),
            plausible=(1.0, 48.0),
            lever=True,
            source="lever; US 1945-47: >8 m of 12.2 m discharged within 10 months (fig. 20)",
        ),
        Parameter(
            "postwar_army_fraction",
            0.3,
            "1",
            "Share of the initial front-line force kept under arms after a ceasefire.",
            allowed=(0.0, 1.5),
            plausible=(0.1, 1.0),
            lever=True,
            source="lever; 'a vast army perpetually ready for war' (article) is about 1",
        ),
        Parameter(
            "bonus_rub",
            {"provinces": 3.0e6, "capitals": 1.9e6},
            "RUB/person",
            "Sign-on bonus for a contract soldier (federal plus regional), nominal roubles.",
            allowed=(0.0, 5.0e7),
            plausible=(1.0e5, 1.0e7),
            regional=True,
            lever=True,
            source=(
                "article: Samara bonus ~$40,000, more than four times the annual salary; "
                "fig. 8: Samara 3.6-4.0 m RUB, Moscow 1.9 m (2024)"
            ),
        ),
        Parameter(
            "spring_callup",
            160_000.0,
            "person",
            "Men called up for conscription each spring.",
            allowed=(0.0, 1.0e6),
            plausible=(1.0e5, 3.0e5),
            lever=True,
            source="article: 'conscript another 160,000 men this spring'; fig. 5",
        ),
        Parameter(
            "autumn_callup",
            135_000.0,
            "person",
            "Men called up for conscription each autumn.",
            allowed=(0.0, 1.0e6),
            plausible=(1.0e5, 3.0e5),
            lever=True,
            source="fig. 5: autumn call-up 133k (2024), 135k (2025)",
        ),
        # ---------------------------------------------------------------- region data
        Parameter(
            "initial_pool",
            {"provinces": 24.0e6, "capitals": 4.0e6},
            "person",
            "Civilian men of fighting age (18-49) at the start of the run.",
            allowed=(0.0, 1.0e8),
            regional=True,
            source="assumption from Rosstat age structure: ~31 m men aged 20-49; capitals ~13 %",
        ),
        Parameter(
            "population",
            {"provinces": 127.0e6, "capitals": 19.0e6},
            "person",
            "Total population of the region.",
            allowed=(1.0, 1.0e9),
            regional=True,
            source="Rosstat: 146 m; Moscow and St Petersburg ~19 m",
        ),
        Parameter(
            "initial_soldiers",
            {"provinces": 630_000.0, "capitals": 70_000.0},
            "person",
            "Soldiers in the war zone at the start of the run.",
            allowed=(0.0, 1.0e7),
            plausible=(0.0, 2.0e6),
            regional=True,
            source="fig. 6: ~700k in the war zone (Putin, 2024-25); recruits mostly provincial",
        ),
        Parameter(
            "initial_conscripts",
            {"provinces": 250_000.0, "capitals": 40_000.0},
            "person",
            "Conscripts in service at the start of the run (not at the front).",
            allowed=(0.0, 5.0e6),
            regional=True,
            source="EST: two call-ups of ~150k a year, 12 months' service (fig. 5)",
        ),
        Parameter(
            "initial_veterans",
            {"provinces": 270_000.0, "capitals": 30_000.0},
            "person",
            "Veterans of this war at home at the start of the run.",
            allowed=(0.0, 1.0e7),
            regional=True,
            source="fig. 6: ~1 m have served in total (Re:Russia), less those still serving",
        ),
        Parameter(
            "recruitment_propensity",
            {"provinces": 1.3e-3, "capitals": 1.3e-3},
            "1/month",
            "Share of the pool that would sign a contract per month at full attractiveness.",
            allowed=(0.0, 0.1),
            plausible=(1.0e-4, 1.0e-2),
            regional=True,
            source="calibrated: ~28,000 contract recruits a month (article; figs. 4, fig. 4)",
            uncertain=(5.0e-4, 1.6e-3),
        ),
        # ---------------------------------------------------------------- national params
        Parameter(
            "casualty_rate",
            0.016,
            "1/month",
            "Share of soldiers killed or permanently disabled per month of war.",
            allowed=(0.0, 0.2),
            plausible=(0.005, 0.04),
            source=(
                "figs. 12-13: deaths 8-13k/month, killed+wounded 30-48k/month (upper bound); "
                "~11k killed or disabled of 700k"
            ),
            uncertain=(0.01, 0.025),
        ),
        Parameter(
            "service_term",
            60.0,
            "month",
            "Average time a contract soldier serves before coming home alive (contracts run "
            "until the end of the war; most who leave are wounded or ill).",
            allowed=(1.0, 600.0),
            plausible=(24.0, 180.0),
            source="assumption; 'those who survived the front and managed to end their service'",
            uncertain=(36.0, 120.0),
        ),
        Parameter(
            "reintegration_time",
            24.0,
            "month",
            "Average time for an absorbed veteran to settle into civilian life.",
            allowed=(1.0, 600.0),
            plausible=(6.0, 120.0),
            source="assumption; figs. 21-22 (Afghan and Chechen veterans' slow reintegration)",
        ),
        Parameter(
            "conscript_service_time",
            12.0,
            "month",
            "Length of conscript service.",
            allowed=(1.0, 60.0),
            plausible=(12.0, 24.0),
            source="Russian law: 12 months",
        ),
        Parameter(
            "conscript_contract_rate",
            0.01,
            "1/month",
            "Share of conscripts signing a contract for the front per month of war.",
            allowed=(0.0, 0.5),
            plausible=(0.0, 0.05),
            source="assumption",
        ),
        Parameter(
            "working_life",
            372.0,
            "month",
            "Average time a man spends in the 18-49 pool (sets coming of age and ageing out).",
            allowed=(60.0, 1200.0),
            source="31 years x 12 months",
        ),
        Parameter(
            "pool_outflow_time",
            1.0,
            "month",
            "Shortest time in which recruitment and call-ups could empty the pool (a "
            "first-order limit on outflows, the standard stock-availability guard).",
            allowed=(1.0, 12.0),
            source="modelling convention",
        ),
        Parameter(
            "spring_callup_start",
            3.0,
            "month",
            "Start of the spring call-up, months after January (April = 3).",
            allowed=(0.0, 11.0),
            source="decree: 1 April - 15 July",
        ),
        Parameter(
            "spring_callup_duration",
            3.5,
            "month",
            "Length of the spring call-up.",
            allowed=(0.25, 6.0),
            source="1 April - 15 July",
        ),
        Parameter(
            "autumn_callup_start",
            9.0,
            "month",
            "Start of the autumn call-up, months after January (October = 9).",
            allowed=(0.0, 11.0),
            source="decree: 1 October - 31 December",
        ),
        Parameter(
            "callup_interval",
            12.0,
            "month",
            "Time between two spring (or two autumn) call-ups.",
            allowed=(12.0, 12.0),
            source="two call-ups a year",
        ),
        Parameter(
            "autumn_callup_duration",
            3.0,
            "month",
            "Length of the autumn call-up.",
            allowed=(0.25, 6.0),
            source="1 October - 31 December",
        ),
        Lookup(
            "recruitment_response",
            ((0.0, 0.0), (1.0, 0.25), (2.0, 0.5), (3.0, 0.7), (4.0, 0.85), (6.0, 0.97), (8.0, 1.0)),
            x_units="year",
            y_units="1",
            doc="Attractiveness of a contract against the bonus in years of local wage; saturates.",
            source="assumption shaped by fig. 9: bonuses of 1-5 years' wage draw recruits",
        ),
        # ---------------------------------------------------------------- stocks
        Stock(
            "recruitment_pool",
            "initial_pool",
            "person",
            "Civilian men of fighting age who could enlist or be called up.",
            inflows=("coming_of_age", "conscripts_discharged"),
            outflows=("ageing_out", "contract_recruitment", "conscription"),
            regional=True,
            source="brief: sector 1",
        ),
        Stock(
            "conscripts",
            "initial_conscripts",
            "person",
            "Conscripts in service (by law not sent to the front).",
            inflows=("conscription",),
            outflows=("conscripts_discharged", "conscript_contracts"),
            regional=True,
            source="article: 160,000 conscripts this spring",
        ),
        Stock(
            "soldiers",
            "initial_soldiers",
            "person",
            "Soldiers at the front (contract soldiers and volunteers).",
            inflows=("contract_recruitment", "conscript_contracts"),
            outflows=("casualties_flow", "rotation_home", "demobilisation"),
            regional=True,
            source="fig. 6",
        ),
        Stock(
            "veterans",
            "initial_veterans",
            "person",
            "Veterans of this war at home, not yet reintegrated into civilian work and status.",
            inflows=("rotation_home", "demobilisation"),
            outflows=("reintegration",),
            regional=True,
            source="article: 'the sudden return of hundreds of thousands of disaffected veterans'",
        ),
        Stock(
            "reintegrated_veterans",
            "0",
            "person",
            "Veterans who have found civilian work and status since the start of the run.",
            inflows=("reintegration",),
            regional=True,
            source="article: Putin 'bringing veterans ... into positions of social responsibility'",
        ),
        Stock(
            "casualties",
            "0",
            "person",
            "Killed and permanently disabled since the start of the run (cumulative).",
            inflows=("casualties_flow",),
            regional=True,
            source="figs. 12-13",
        ),
        # ---------------------------------------------------------------- flows
        Flow(
            "coming_of_age",
            "initial_pool / working_life",
            "person/month",
            "Young men entering the fighting-age pool (boundary inflow).",
        ),
        Flow(
            "ageing_out",
            "recruitment_pool / working_life",
            "person/month",
            "Men leaving the fighting-age pool by age (boundary outflow).",
        ),
        Flow(
            "contract_recruitment",
            "desired_recruitment * pool_availability",
            "person/month",
            "Contract soldiers signing on: driven by the bonus in war, by replacement in peace.",
            source="article: 'thousands of soldiers every month through contract recruiting'",
        ),
        Flow(
            "conscription",
            "desired_conscription * pool_availability",
            "person/month",
            "Men called up, shared by region in proportion to the pool.",
            source="article; fig. 5",
        ),
        Flow(
            "conscripts_discharged",
            "conscripts / conscript_service_time",
            "person/month",
            "Conscripts returning to civilian life after their service.",
        ),
        Flow(
            "conscript_contracts",
            "at_war * conscripts * conscript_contract_rate",
            "person/month",
            "Conscripts signing a contract for the front.",
        ),
        Flow(
            "casualties_flow",
            "at_war * soldiers * casualty_rate",
            "person/month",
            "Soldiers killed or permanently disabled.",
            source="figs. 12-13",
        ),
        Flow(
            "rotation_home",
            "soldiers / service_term",
            "person/month",
            "Soldiers ending their service alive and coming home as veterans.",
        ),
        Flow(
            "reintegration",
            "veterans * veteran_absorption / reintegration_time",
            "person/month",
            "Veterans settling into civilian work and status.",
        ),
        Flow(
            "demobilisation",
            "(1 - at_war) * max(soldiers - postwar_army, 0) / demobilisation_time",
            "person/month",
            "Soldiers sent home after a ceasefire.",
            source="brief: 'at peace, soldiers demobilise into veterans over a configurable time'",
        ),
        # ---------------------------------------------------------------- auxiliaries
        Auxiliary(
            "at_war",
            "1 - step(1, ceasefire_month)",
            "1",
            "1 while the war goes on, 0 from the ceasefire.",
            bounds=(0.0, 1.0),
        ),
        Auxiliary(
            "desired_recruitment",
            "at_war * recruitment_pool * recruitment_propensity"
            " * recruitment_response(bonus_to_wage_ratio)"
            " + (1 - at_war) * (rotation_home + max(postwar_army - soldiers, 0)"
            " / demobilisation_time)",
            "person/month",
            "Contract recruits the army would take if the pool could supply them.",
        ),
        Auxiliary(
            "desired_conscription",
            "national_callup_rate * recruitment_pool / sum_regions(recruitment_pool)",
            "person/month",
            "Call-up of the region, in proportion to its share of the national pool.",
        ),
        Auxiliary(
            "pool_availability",
            "if_then_else(desired_recruitment + desired_conscription > 0,"
            " min(recruitment_pool / ((desired_recruitment + desired_conscription)"
            " * pool_outflow_time), 1), 1)",
            "1",
            "Share of the desired recruits and conscripts the pool can supply (1 unless the "
            "pool would be emptied in under `pool_outflow_time`): keeps the pool non-negative.",
            bounds=(0.0, 1.0),
        ),
        Auxiliary(
            "postwar_army",
            "initial_soldiers * postwar_army_fraction",
            "person",
            "Size of the army kept after a ceasefire.",
        ),
        Auxiliary(
            "national_callup_rate",
            "spring_callup / spring_callup_duration"
            " * pulse_train(spring_callup_start, spring_callup_duration, callup_interval,"
            " final_time)"
            " + autumn_callup / autumn_callup_duration"
            " * pulse_train(autumn_callup_start, autumn_callup_duration, callup_interval,"
            " final_time)",
            "person/month",
            "Conscripts called up per month nationally during call-ups.",
            source="article: two call-ups a year",
        ),
        Auxiliary(
            "bonus_to_wage_ratio",
            "real_bonus / (civilian_wage_rub * months_per_year)",
            "year",
            "Sign-on bonus in years of the local civilian wage.",
            source="article: 'more than four times the average annual salary'",
        ),
        Auxiliary(
            "men_at_home",
            "recruitment_pool + veterans + reintegrated_veterans",
            "person",
            "Fighting-age men living as civilians (pool and veterans).",
        ),
        Auxiliary(
            "people_total",
            "recruitment_pool + conscripts + soldiers + veterans + reintegrated_veterans"
            " + casualties",
            "person",
            "Sum of the people stocks (conserved up to coming of age and ageing out).",
        ),
    ),
)
