"""Sector 5: discontent and mobilisation.

Regional discontent (0..1) rises with relative deprivation, aggrieved veterans, war
weariness, inflation pain and the missed opportunity of young men who did not sign up;
it decays and is damped by regime management. National nationalist mobilisation (0..1)
grows by contagion among the discontented, seeded by veterans' grievance and by the
"missed the boat" cohort; repression contains it while it is small and loses its grip as
it grows. An instability-risk index combines the two.
"""

from .spec import Auxiliary, Flow, Lookup, Parameter, Sector, Stock

SECTOR = Sector(
    key="discontent",
    title="Discontent and mobilisation",
    doc=(
        "Regional discontent rises with relative deprivation, aggrieved veterans, war "
        "weariness, inflation pain and missed opportunity, and decays under regime "
        "management. Nationalist mobilisation spreads by contagion among the discontented, "
        "seeded by veterans and young men who missed the bonuses; repression holds it while "
        "it is small and loses its grip as it grows. These links are the weakest-grounded "
        "part of the model (see DOMAIN_FIGURES.md, stylised fact 7)."
    ),
    elements=(
        # ---------------------------------------------------------------- levers
        Parameter(
            "regime_management",
            1.0,
            "1",
            "Intensity of propaganda and repression (1 = the 2024-25 level).",
            allowed=(0.0, 3.0),
            plausible=(0.5, 2.0),
            lever=True,
            source="article: staged PR briefings, astroturfed campaigns, silencing Prigozhin",
        ),
        # ---------------------------------------------------------------- discontent
        Parameter(
            "discontent_decay",
            0.05,
            "1/month",
            "Rate at which discontent fades by itself.",
            allowed=(0.0, 1.0),
            plausible=(0.01, 0.2),
            source="assumption",
        ),
        Parameter(
            "management_damping",
            0.05,
            "1/month",
            "Extra fading of discontent per unit of regime management.",
            allowed=(0.0, 1.0),
            plausible=(0.0, 0.2),
            source="assumption",
        ),
        Parameter(
            "deprivation_sensitivity",
            4.0,
            "1/month",
            "Discontent pressure per unit of relative deprivation.",
            allowed=(0.0, 50.0),
            plausible=(0.5, 6.0),
            source="article: 'demolishing all this social and economic hope'",
            uncertain=(1.0, 6.0),
        ),
        Parameter(
            "veteran_sensitivity",
            2.0,
            "1/month",
            "Discontent pressure per unit share of aggrieved veterans among men at home.",
            allowed=(0.0, 50.0),
            plausible=(0.5, 6.0),
            source="article: veterans 'angry at the vain sacrifices'; fig. 24 (Weimar)",
            uncertain=(0.5, 4.0),
        ),
        Parameter(
            "weariness_sensitivity",
            2.5,
            "1/month",
            "Discontent pressure per unit of war losses relative to population.",
            allowed=(0.0, 50.0),
            plausible=(0.5, 6.0),
            source="assumption",
        ),
        Parameter(
            "inflation_sensitivity_of_discontent",
            0.15,
            "year/month",
            "Discontent pressure per point of inflation above tolerance.",
            allowed=(0.0, 5.0),
            plausible=(0.02, 0.5),
            source="assumption",
        ),
        Parameter(
            "missed_opportunity_sensitivity",
            0.05,
            "1/month",
            "Discontent pressure from young men who missed the bonuses.",
            allowed=(0.0, 5.0),
            plausible=(0.0, 0.3),
            source="article: 'a bloc of disgruntled younger men ... missed the boat'",
        ),
        Parameter(
            "tolerable_inflation",
            0.04,
            "1/year",
            "Inflation people do not notice.",
            allowed=(0.0, 0.5),
            source="assumption: the 4 % target",
        ),
        Parameter(
            "prior_war_losses",
            {"provinces": 450_000.0, "capitals": 40_000.0},
            "person",
            "Killed and permanently disabled before the run (2022-24).",
            allowed=(0.0, 1.0e7),
            regional=True,
            source="figs. 12-13: ~250k killed or missing and 400-500k permanent losses by 2025",
        ),
        Parameter(
            "opportunity_memory_time",
            24.0,
            "month",
            "How long the memory of the bonus opportunity lasts.",
            allowed=(0.5, 240.0),
            plausible=(6.0, 60.0),
            source="assumption",
        ),
        # ---------------------------------------------------------------- veterans
        Parameter(
            "veteran_base_absorption",
            0.5,
            "1",
            "Share of veterans absorbed into jobs and status by a normal local economy.",
            allowed=(0.0, 1.0),
            plausible=(0.2, 0.8),
            source="fig. 21-22: Afghan and Chechen veterans marginalised",
        ),
        Parameter(
            "war_status_absorption",
            0.3,
            "1",
            "Extra share of veterans who feel recognised while the war goes on.",
            allowed=(0.0, 1.0),
            source="article: 'the social respect of the war hero'",
        ),
        Parameter(
            "radicalisation_effect",
            0.5,
            "1",
            "Fall in veteran absorption per unit of nationalist mobilisation.",
            allowed=(0.0, 1.0),
            plausible=(0.0, 0.8),
            source="fig. 24-25: veterans' organisation and combat experience feed the far right",
        ),
        Parameter(
            "programme_absorption",
            0.4,
            "1",
            "Extra share of veterans absorbed by a full veteran programme.",
            allowed=(0.0, 1.0),
            source="article: 'positions of social responsibility'",
        ),
        # ---------------------------------------------------------------- mobilisation
        Parameter(
            "initial_mobilisation",
            0.01,
            "1",
            "Nationalist mobilisation at the start (Telegram audiences, not a movement).",
            allowed=(0.0, 1.0),
            plausible=(0.0, 0.1),
            source="article: nationalists 'allowed to garner a large audience on ... Telegram'",
        ),
        Parameter(
            "contagion_rate",
            0.5,
            "1/month",
            "Spread of mobilisation per unit of mobilised share times discontent.",
            allowed=(0.0, 10.0),
            plausible=(0.1, 2.0),
            source="assumption (social contagion)",
            uncertain=(0.2, 1.0),
        ),
        Parameter(
            "veteran_seeding",
            0.5,
            "1/month",
            "Mobilisation seeded per unit share of aggrieved veterans.",
            allowed=(0.0, 10.0),
            plausible=(0.0, 2.0),
            source="article: Afghan and Chechen veterans 'looked to extreme nationalist forces'",
            uncertain=(0.1, 1.0),
        ),
        Parameter(
            "missed_boat_seeding",
            0.02,
            "1/month",
            "Mobilisation seeded per unit of missed opportunity.",
            allowed=(0.0, 1.0),
            plausible=(0.0, 0.1),
            source="article: 'a cohort of futureless young men'",
        ),
        Parameter(
            "mobilisation_decay",
            0.08,
            "1/month",
            "Rate at which mobilisation fades by itself.",
            allowed=(0.0, 1.0),
            plausible=(0.01, 0.2),
            source="assumption",
        ),
        Parameter(
            "repression_capacity",
            0.25,
            "1/month",
            "Rate at which repression dismantles a small movement (at management 1).",
            allowed=(0.0, 5.0),
            plausible=(0.05, 1.0),
            source="article: 'dealing swiftly with public figures who have overstepped'",
            uncertain=(0.1, 0.5),
        ),
        Parameter(
            "instability_discontent_weight",
            0.5,
            "1",
            "Weight of national discontent in the instability-risk index.",
            allowed=(0.0, 1.0),
            source="assumption",
        ),
        Lookup(
            "repression_grip",
            (
                (0.0, 1.0),
                (0.05, 0.95),
                (0.1, 0.8),
                (0.2, 0.5),
                (0.3, 0.25),
                (0.5, 0.1),
                (1.0, 0.05),
            ),
            x_units="1",
            y_units="1",
            doc="Effectiveness of repression against the mobilised share: falls as it grows.",
            source="article: silencing Prigozhin and Girkin one at a time, not a mass movement",
        ),
        # ---------------------------------------------------------------- stocks
        Stock(
            "discontent",
            "equilibrium_discontent",
            "1",
            "Regional discontent index.",
            inflows=("discontent_rise",),
            outflows=("discontent_fall",),
            regional=True,
            bounds=(0.0, 1.0),
            source="brief: sector 5",
        ),
        Stock(
            "nationalist_mobilisation",
            "initial_mobilisation",
            "1",
            "Share of the discontented organised by nationalist movements.",
            inflows=("mobilisation_growth",),
            outflows=("mobilisation_decline",),
            bounds=(0.0, 1.0),
            source="article: 'nationalist factions achieve a critical mass of support'",
        ),
        # ---------------------------------------------------------------- flows
        Flow(
            "discontent_rise",
            "(1 - discontent) * discontent_pressure",
            "1/month",
            "Growth of discontent.",
        ),
        Flow(
            "discontent_fall",
            "discontent * discontent_release",
            "1/month",
            "Fading of discontent, helped by regime management.",
        ),
        Flow(
            "mobilisation_growth",
            "(mobilisation_seeding + contagion_rate * nationalist_mobilisation"
            " * national_discontent) * (1 - nationalist_mobilisation)",
            "1/month",
            "Recruitment into nationalist mobilisation.",
        ),
        Flow(
            "mobilisation_decline",
            "nationalist_mobilisation * (mobilisation_decay + repression_capacity"
            " * regime_management * repression_grip(nationalist_mobilisation))",
            "1/month",
            "Fading and repression of mobilisation.",
        ),
        # ---------------------------------------------------------------- auxiliaries
        Auxiliary(
            "veteran_absorption",
            "min(veteran_base_absorption * min(consumption / aspiration, 1)"
            " + war_status_absorption * at_war"
            " + programme_absorption * veteran_programme_level, 1)"
            " * (1 - radicalisation_effect * nationalist_mobilisation)",
            "1",
            "Share of returning veterans finding work and recognised status; lower where "
            "nationalist networks pull them in (the veterans' grievance loop).",
            bounds=(0.0, 1.0),
        ),
        Auxiliary(
            "aggrieved_veterans",
            "veterans * (1 - veteran_absorption)",
            "person",
            "Veterans without work or recognition.",
            source="article: veterans who 'see the regime's promises ... evaporate'",
        ),
        Auxiliary(
            "veteran_grievance",
            "aggrieved_veterans / men_at_home",
            "1",
            "Aggrieved veterans as a share of fighting-age men at home.",
            bounds=(0.0, 1.0),
        ),
        Auxiliary(
            "war_weariness",
            "(prior_war_losses + casualties) / population",
            "1",
            "War losses relative to population.",
            bounds=(0.0, 1.0),
            source="brief: war weariness (casualties relative to population)",
        ),
        Auxiliary(
            "inflation_pain",
            "max(inflation - tolerable_inflation, 0)",
            "1/year",
            "Inflation above what people tolerate.",
        ),
        Auxiliary(
            "opportunity",
            "at_war * recruitment_response(bonus_to_wage_ratio)",
            "1",
            "Attractiveness of the contract opportunity now open to young men.",
            bounds=(0.0, 1.0),
        ),
        Auxiliary(
            "missed_opportunity",
            "max(smooth(opportunity, opportunity_memory_time) - opportunity, 0)",
            "1",
            "Remembered opportunity that is no longer there ('missed the boat').",
            bounds=(0.0, 1.0),
        ),
        Auxiliary(
            "discontent_pressure",
            "deprivation_sensitivity * relative_deprivation"
            " + veteran_sensitivity * veteran_grievance"
            " + weariness_sensitivity * war_weariness"
            " + inflation_sensitivity_of_discontent * inflation_pain"
            " + missed_opportunity_sensitivity * missed_opportunity",
            "1/month",
            "Rate at which grievances push discontent up.",
        ),
        Auxiliary(
            "discontent_release",
            "discontent_decay + management_damping * regime_management",
            "1/month",
            "Rate at which discontent fades.",
        ),
        Auxiliary(
            "equilibrium_discontent",
            "discontent_pressure / (discontent_pressure + discontent_release)",
            "1",
            "Discontent at which rise and fall balance (the start-of-run value).",
            bounds=(0.0, 1.0),
        ),
        Auxiliary(
            "national_discontent",
            "sum_regions(discontent * population) / sum_regions(population)",
            "1",
            "Population-weighted national discontent.",
            bounds=(0.0, 1.0),
        ),
        Auxiliary(
            "national_veteran_grievance",
            "sum_regions(aggrieved_veterans) / sum_regions(men_at_home)",
            "1",
            "Aggrieved veterans as a share of men at home, nationally.",
            bounds=(0.0, 1.0),
        ),
        Auxiliary(
            "national_missed_opportunity",
            "sum_regions(missed_opportunity * recruitment_pool) / sum_regions(recruitment_pool)",
            "1",
            "Missed opportunity, weighted by the pool of young men.",
            bounds=(0.0, 1.0),
        ),
        Auxiliary(
            "mobilisation_seeding",
            "veteran_seeding * national_veteran_grievance"
            " + missed_boat_seeding * national_missed_opportunity",
            "1/month",
            "Seeding of nationalist mobilisation by veterans and young men.",
        ),
        Auxiliary(
            "instability_risk",
            "1 - (1 - instability_discontent_weight * national_discontent)"
            " * (1 - nationalist_mobilisation)",
            "1",
            "Index of domestic instability risk (0 calm, 1 extreme).",
            bounds=(0.0, 1.0),
            source="article: 'a level of domestic instability that far exceeds the strains'",
        ),
    ),
)
