# A sector declaration file: excepted from the 500-line limit (docs/architecture.md).
"""Sector 5: discontent and mobilisation.

Regional discontent, read as the share of adults ready to join protests over living
standards (Levada Center's protest potential: 0 = nobody, 1 = every adult), rises with
relative deprivation, aggrieved veterans (those the jobs and programmes actually available
do not absorb), war weariness, inflation pain and the young men who missed the boat (contract
places that were open and no longer are, weighted by the young men outside the army); it
decays and is damped by regime management. Nationalist support (the share of adults backing
nationalist movements, a vote-share equivalent) grows by contagion among the discontented, up
to the share of them it can reach, seeded by veterans' grievance and by the "missed the
boat" cohort; it fades over years (the Weimar veteran effect persisted); repression contains
it while it is small and loses its grip as it grows. Support takes off when national
discontent exceeds a named tipping point, (decay + repression) / contagion. An
instability-risk index combines the two. No variable here reads the war's status: the war
reaches it only through quantities.
"""

from wardilemma.model.spec import Auxiliary, Channel, Flow, Lookup, Parameter, Sector, Stock

__all__ = ["CHANNELS", "SECTOR"]

SECTOR = Sector(
    key="discontent",
    title="Discontent and mobilisation",
    doc=(
        "Regional discontent, the share of adults ready to join protests over living standards "
        "(an anchor: Levada Center's protest potential, 12 % in 2016 after the 2015 fall in real "
        "wages, 28 % in May 2020), rises with relative deprivation, aggrieved veterans, war "
        "weariness, inflation pain and the young men who missed the boat (contract places open "
        "before and no longer, weighted by the young men outside the army), and decays under "
        "regime management. Nationalist support, the share of adults backing nationalist "
        "movements (a vote-share equivalent), spreads by contagion among the discontented up to "
        "the share of them it can reach, seeded by veterans and young men who missed the boat; "
        "it fades over years (Weimar); repression holds it while it is small and loses its grip "
        "as it grows. It takes off when national "
        "discontent exceeds the tipping point, (decay + repression) / contagion. These links are "
        "the weakest-grounded part of the model (Russia's Afghan and Chechen precedents show "
        "mainly criminalisation and neglect, not mass movements: Time; Jamestown Foundation; the "
        "Weimar estimate of +1.4 points of far-right vote per standard deviation of veteran "
        "inflow is a working paper: Koenig)."
    ),
    elements=(
        # ---------------------------------------------------------------- stocks
        Stock(
            name="discontent",
            initial="equilibrium_discontent",
            units="1",
            doc=(
                "Regional discontent: the share of adults ready to join protests over living "
                "standards (0 = nobody, 1 = every adult)."
            ),
            inflows=("discontent_rise",),
            outflows=("discontent_fall",),
            source=(
                "anchor (assumption): Levada Center's protest potential, the share ready to "
                "join protests over falling living standards: 12 % in Sep 2016 after real wages "
                "fell 9.5 % in 2015 (Vedomosti via freenews-en 2016-09-16), 28 % in May 2020 "
                "(Window on Eurasia 2020-06-01)"
            ),
            regional=True,
            bounds=(0.0, 1.0),
        ),
        Stock(
            name="nationalist_mobilisation",
            initial="initial_mobilisation",
            units="1",
            doc=(
                "Share of adults backing nationalist movements outside the regime's control, a "
                "vote-share equivalent (0.01 = 1 %; 0.2 = a Weimar-scale far-right vote)."
            ),
            inflows=("mobilisation_growth",),
            outflows=("mobilisation_decline",),
            source=(
                "Garner, Foreign Policy, 2025: 'nationalist factions achieve a critical mass of "
                "support'"
            ),
            bounds=(0.0, 1.0),
        ),
        # ---------------------------------------------------------------- flows
        Flow(
            name="discontent_rise",
            equation="(1 - discontent) * discontent_saturation * discontent_pressure",
            units="1/month",
            doc=(
                "Growth of discontent: the contented turning discontented, at the pressure's "
                "rate while it is small, never more than all of them within the conversion "
                "period."
            ),
            source=(
                "assumption: no more than all the contented can turn within a month; the "
                "saturating form keeps discontent below 1 at every time step"
            ),
            regional=True,
        ),
        Flow(
            name="discontent_fall",
            equation="discontent * discontent_release",
            units="1/month",
            doc="Fading of discontent, helped by regime management.",
            regional=True,
        ),
        Flow(
            name="mobilisation_growth",
            equation=(
                "(mobilisation_seeding + contagion_rate * nationalist_mobilisation * "
                "national_discontent) * max(1 - nationalist_mobilisation / "
                "max(mobilisable_population, 1e-6), 0)"
            ),
            units="1/month",
            doc=(
                "Recruitment into nationalist mobilisation, slowing as support nears the share "
                "of adults that can be mobilised."
            ),
            regional=False,
        ),
        Flow(
            name="mobilisation_decline",
            equation=(
                "nationalist_mobilisation * (mobilisation_decay + repression_capacity * "
                "regime_management * repression_grip(nationalist_mobilisation))"
            ),
            units="1/month",
            doc="Fading and repression of mobilisation.",
            regional=False,
        ),
        # ---------------------------------------------------------------- auxiliaries
        Auxiliary(
            name="veteran_absorption",
            equation=(
                "min(veteran_base_absorption * job_availability + programme_absorption * "
                "programme_in_force, 1) * (1 - radicalisation_effect * "
                "nationalist_mobilisation)"
            ),
            units="1",
            doc=(
                "Share of returning veterans finding work and recognised status: set by the jobs "
                "actually available and the veteran programmes actually funded; lower where "
                "nationalist networks pull them in (the veterans' grievance loop)."
            ),
            bounds=(0.0, 1.0),
            regional=True,
        ),
        Auxiliary(
            name="aggrieved_veterans",
            equation="veterans * (1 - veteran_absorption)",
            units="person",
            doc="Veterans without work or recognition.",
            source=(
                "Garner, Foreign Policy, 2025: veterans who 'see the regime's promises ... "
                "evaporate'"
            ),
            regional=True,
        ),
        Auxiliary(
            name="veteran_grievance",
            equation="aggrieved_veterans / men_at_home",
            units="1",
            doc="Aggrieved veterans as a share of fighting-age men at home.",
            bounds=(0.0, 1.0),
            regional=True,
        ),
        Auxiliary(
            name="war_weariness",
            equation="(prior_war_losses + casualties) / population",
            units="1",
            doc="War losses relative to population.",
            source="assumption: losses relative to population",
            bounds=(0.0, 1.0),
            regional=True,
        ),
        Auxiliary(
            name="inflation_pain",
            equation="max(inflation - tolerable_inflation, 0)",
            units="1/year",
            doc="Inflation above what people tolerate.",
            regional=False,
        ),
        Auxiliary(
            name="opportunity",
            equation=(
                "min(contract_recruitment / max(recruitment_propensity / willing_share * "
                "max(willing_share * (recruitment_pool + contract_signers) - contract_signers, "
                "0), 1e-6 * coming_of_age), 1)"
            ),
            units="1",
            doc=(
                "Contract places actually open to young men: recruits actually signing on, "
                "against what the men still willing at full attractiveness would supply (the "
                "pool less the most willing, who already signed). In war it follows the offer; "
                "after a ceasefire it is the few places that replace leavers, whatever the "
                "bonus on paper."
            ),
            source=(
                "Garner, Foreign Policy, 2025: 'thousands of soldiers every month through "
                "contract recruiting'; a door that closes is counted in recruits, not in the "
                "bonus announced"
            ),
            bounds=(0.0, 1.0),
            regional=True,
        ),
        Auxiliary(
            name="missed_opportunity",
            equation="max(smooth(opportunity, opportunity_memory_time) - opportunity, 0)",
            units="1",
            doc="Remembered opportunity that is no longer there ('missed the boat').",
            bounds=(0.0, 1.0),
            regional=True,
        ),
        Auxiliary(
            name="missed_boat_share",
            equation="missed_opportunity * recruitment_pool / population",
            units="1",
            doc=(
                "Young men outside the army who missed the boat, as a share of the region's "
                "population (the pool weighted by the opportunity lost)."
            ),
            source="Garner, Foreign Policy, 2025: 'a cohort of futureless young men'",
            bounds=(0.0, 1.0),
            regional=True,
        ),
        Auxiliary(
            name="discontent_pressure",
            equation=(
                "deprivation_sensitivity * relative_deprivation + veteran_sensitivity * "
                "veteran_grievance + weariness_sensitivity * war_weariness + "
                "inflation_sensitivity_of_discontent * inflation_pain + "
                "missed_opportunity_sensitivity * missed_boat_share"
            ),
            units="1/month",
            doc="Rate at which grievances push discontent up.",
            regional=True,
        ),
        Auxiliary(
            name="discontent_turning",
            equation="discontent_pressure * discontent_conversion_period",
            units="1",
            doc=(
                "Grievance pressure over one conversion period: the expected number of pushes "
                "a contented adult gets in that time."
            ),
            regional=True,
        ),
        Auxiliary(
            name="discontent_saturation",
            equation=(
                "if_then_else(discontent_turning > 1e-3, (1 - exp(-discontent_turning)) / "
                "max(discontent_turning, 1e-3), 1 - discontent_turning / 2 + "
                "discontent_turning ** 2 / 6 - discontent_turning ** 3 / 24)"
            ),
            units="1",
            doc=(
                "Share of the pressure that turns the contented: (1 - exp(-x)) / x of the "
                "pressure over a conversion period x; 1 while the pressure is small, falling "
                "so that the inflow never exceeds the contented share per conversion period "
                "(below x = 1e-3, its series to x ** 3, which avoids the cancellation of "
                "1 - exp(-x) for small x: both forms agree within 1e-13 there)."
            ),
            source=(
                "assumption: each contented adult turns at most once, the chance of turning "
                "within the conversion period being 1 - exp(-x)"
            ),
            bounds=(0.0, 1.0),
            regional=True,
        ),
        Auxiliary(
            name="discontent_release",
            equation="discontent_decay + management_damping * regime_management",
            units="1/month",
            doc="Rate at which discontent fades.",
            regional=False,
        ),
        Auxiliary(
            name="equilibrium_discontent",
            equation=(
                "discontent_saturation * discontent_pressure / (discontent_saturation * "
                "discontent_pressure + discontent_release)"
            ),
            units="1",
            doc="Discontent at which rise and fall balance (the start-of-run value).",
            bounds=(0.0, 1.0),
            regional=True,
        ),
        Auxiliary(
            name="national_discontent",
            equation="sum_regions(discontent * population) / sum_regions(population)",
            units="1",
            doc="Population-weighted national discontent.",
            bounds=(0.0, 1.0),
            regional=False,
        ),
        Auxiliary(
            name="national_veteran_grievance",
            equation="sum_regions(aggrieved_veterans) / sum_regions(men_at_home)",
            units="1",
            doc="Aggrieved veterans as a share of men at home, nationally.",
            bounds=(0.0, 1.0),
            regional=False,
        ),
        Auxiliary(
            name="national_missed_boat_share",
            equation="sum_regions(missed_boat_share * population) / sum_regions(population)",
            units="1",
            doc="Young men who missed the boat as a share of the country's population.",
            bounds=(0.0, 1.0),
            regional=False,
        ),
        Auxiliary(
            name="mobilisation_seeding",
            equation=(
                "veteran_seeding * national_veteran_grievance + missed_boat_seeding * "
                "national_missed_boat_share"
            ),
            units="1/month",
            doc="Seeding of nationalist mobilisation by veterans and young men.",
            regional=False,
        ),
        Auxiliary(
            name="mobilisable_population",
            equation="mobilisable_share * national_discontent",
            units="1",
            doc=(
                "Share of adults a nationalist movement can mobilise: the part of the "
                "discontented it can reach (support cannot outgrow the grievance it feeds on)."
            ),
            source=(
                "assumption; Koenig (Weimar, working paper): +1.4 points of far-right vote per "
                "standard deviation of veteran inflow, a bounded effect"
            ),
            bounds=(0.0, 1.0),
            regional=False,
        ),
        Auxiliary(
            name="mobilisation_tipping_point",
            equation=(
                "(mobilisation_decay + repression_capacity * regime_management) / contagion_rate"
            ),
            units="1",
            doc=(
                "Tipping point: the national discontent above which a small nationalist movement "
                "grows by contagion faster than decay and full-grip repression remove it; above "
                "it, support takes off and repression loses its grip."
            ),
            source=(
                "model structure: the growth and decline of a small movement balance; uncertain "
                "through contagion_rate, mobilisation_decay and repression_capacity"
            ),
            regional=False,
        ),
        Auxiliary(
            name="instability_risk",
            equation=(
                "1 - (1 - instability_discontent_weight * national_discontent) * (1 - "
                "nationalist_mobilisation)"
            ),
            units="1",
            doc="Index of domestic instability risk (0 calm, 1 extreme).",
            source=(
                "Garner, Foreign Policy, 2025: 'a level of domestic instability that far exceeds "
                "the strains'"
            ),
            bounds=(0.0, 1.0),
            regional=False,
        ),
        # ------------------------------------------------------- lookups (graphical functions)
        Lookup(
            name="repression_grip",
            points=(
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
            source=(
                "Garner, Foreign Policy, 2025: silencing Prigozhin and Girkin one at a time, not "
                "a mass movement"
            ),
        ),
        # ---------------------------------------------------------------- parameters
        Parameter(
            name="regime_management",
            default=1.0,
            units="1",
            doc="Intensity of propaganda and repression (1 = the 2024-25 level).",
            allowed=(0.0, 3.0),
            source=(
                "Garner, Foreign Policy, 2025: staged PR briefings, astroturfed campaigns, "
                "silencing Prigozhin"
            ),
            plausible=(0.5, 2.0),
            lever=True,
        ),
        Parameter(
            name="discontent_decay",
            default=0.05,
            units="1/month",
            doc="Rate at which discontent fades by itself.",
            allowed=(0.0, 1.0),
            source="assumption (no public figure; its plausible range is uncertain)",
            plausible=(0.01, 0.2),
            uncertain=(0.01, 0.2),
        ),
        Parameter(
            name="management_damping",
            default=0.05,
            units="1/month",
            doc="Extra fading of discontent per unit of regime management.",
            allowed=(0.0, 1.0),
            plausible=(0.0, 0.2),
        ),
        Parameter(
            name="discontent_conversion_period",
            default=1.0,
            units="month",
            doc=(
                "assumption: no more than all the contented can turn within a month; the "
                "period over which the pressure on a contented adult saturates (the inflow of "
                "discontent never exceeds the contented share per period)."
            ),
            allowed=(0.5, 12.0),
            source="assumption (no public figure; its plausible range is uncertain)",
            plausible=(1.0, 3.0),
            uncertain=(1.0, 3.0),
        ),
        Parameter(
            name="deprivation_sensitivity",
            default=4.0,
            units="1/month",
            doc="Discontent pressure per unit of relative deprivation.",
            allowed=(0.0, 50.0),
            source="Garner, Foreign Policy, 2025: 'demolishing all this social and economic hope'",
            plausible=(0.5, 6.0),
            uncertain=(1.0, 6.0),
        ),
        Parameter(
            name="veteran_sensitivity",
            default=2.0,
            units="1/month",
            doc="Discontent pressure per unit share of aggrieved veterans among men at home.",
            allowed=(0.0, 50.0),
            source=(
                "Garner, Foreign Policy, 2025: veterans 'angry at the vain sacrifices'; Koenig, "
                "veterans and the far right in Weimar Germany, working paper (Weimar)"
            ),
            plausible=(0.5, 6.0),
            uncertain=(0.5, 4.0),
        ),
        Parameter(
            name="weariness_sensitivity",
            default=2.5,
            units="1/month",
            doc="Discontent pressure per unit of war losses relative to population.",
            allowed=(0.0, 50.0),
            source=(
                "assumption (no public figure sizes it; a screening of the peace-minus-war gap "
                "ranks it among the ten most influential, so its whole plausible range is "
                "uncertain)"
            ),
            plausible=(0.5, 6.0),
            uncertain=(0.5, 6.0),
        ),
        Parameter(
            name="inflation_sensitivity_of_discontent",
            default=0.15,
            units="year/month",
            doc="Discontent pressure per point of inflation above tolerance.",
            allowed=(0.0, 5.0),
            source="assumption (no public figure; its plausible range is uncertain)",
            plausible=(0.02, 0.5),
            uncertain=(0.02, 0.5),
        ),
        Parameter(
            name="missed_opportunity_sensitivity",
            default=0.25,
            units="1/month",
            doc=(
                "Discontent pressure per unit share of the population that are young men who "
                "missed the boat."
            ),
            allowed=(0.0, 10.0),
            source=(
                "assumption (unsourced, hence the range): the weight the channel had before it "
                "was scaled by the young men outside the army (0.05 per unit of missed "
                "opportunity over the whole population = 0.25 per unit share at the pool's 19 "
                "% of the population); Garner, Foreign Policy, 2025: 'a bloc of disgruntled "
                "younger men ... missed the boat'"
            ),
            plausible=(0.0, 1.0),
            uncertain=(0.05, 0.5),
        ),
        Parameter(
            name="tolerable_inflation",
            default=0.04,
            units="1/year",
            doc="Inflation people do not notice.",
            allowed=(0.0, 0.5),
            source="assumption: the 4 % target",
        ),
        Parameter(
            name="prior_war_losses",
            default={"provinces": 450000.0, "capitals": 40000.0},
            units="person",
            doc="Killed and permanently disabled before the run (2022-24).",
            allowed=(0.0, 1.0e7),
            source=(
                "UK MoD from Ukrainian General Staff data (upper bound); Mediazona and Meduza, "
                "probate registry: ~250k killed or missing and 400-500k permanent losses by 2025"
            ),
            regional=True,
        ),
        Parameter(
            name="opportunity_memory_time",
            default=24.0,
            units="month",
            doc="How long young men remember the contract places that were open.",
            allowed=(0.5, 240.0),
            source="assumption (a constant of the missed-the-boat channel, hence uncertain)",
            plausible=(6.0, 60.0),
            uncertain=(6.0, 60.0),
        ),
        Parameter(
            name="veteran_base_absorption",
            default=0.5,
            units="1",
            doc="Share of veterans absorbed into jobs and status by a normal local economy.",
            allowed=(0.0, 1.0),
            source=(
                "assumption shaped by asiaplus.news; Jamestown Foundation; Time, Serbsky Centre "
                "estimate: Afghan and Chechen veterans marginalised (no figure sizes it; a "
                "screening of the peace-minus-war gap ranks it among the ten most influential, "
                "so its whole plausible range is uncertain)"
            ),
            plausible=(0.2, 0.8),
            uncertain=(0.2, 0.8),
        ),
        Parameter(
            name="radicalisation_effect",
            default=0.5,
            units="1",
            doc="Fall in veteran absorption per unit of nationalist mobilisation.",
            allowed=(0.0, 1.0),
            source=(
                "Koenig, veterans and the far right in Weimar Germany, working paper; Jha and "
                "Wilkinson, APSR 2012: veterans' organisation and combat experience feed the far "
                "right"
            ),
            plausible=(0.0, 0.8),
        ),
        Parameter(
            name="programme_absorption",
            default=0.4,
            units="1",
            doc="Extra share of veterans absorbed by a full veteran programme.",
            allowed=(0.0, 1.0),
            source="Garner, Foreign Policy, 2025: 'positions of social responsibility'",
        ),
        Parameter(
            name="initial_mobilisation",
            default=0.01,
            units="1",
            doc=(
                "Support for nationalist movements outside the regime's control at the start, as "
                "a share of adults (large Telegram audiences, no organised movement)."
            ),
            allowed=(0.0, 1.0),
            source=(
                "Garner, Foreign Policy, 2025: nationalists 'allowed to garner a large audience "
                "on ... Telegram'"
            ),
            plausible=(0.0, 0.1),
        ),
        Parameter(
            name="contagion_rate",
            default=0.5,
            units="1/month",
            doc=(
                "Spread of nationalist support per unit of supporters' share times discontent; "
                "with the decay and repression it sets the tipping point."
            ),
            allowed=(0.0, 10.0),
            source="assumption (social contagion); weakly grounded, hence the wide range",
            plausible=(0.1, 2.0),
            uncertain=(0.2, 1.0),
        ),
        Parameter(
            name="veteran_seeding",
            default=0.5,
            units="1/month",
            doc=(
                "Support seeded per unit share of aggrieved veterans among men at home: with the "
                "defaults, aggrieved veterans at 1 % of men at home add ~1.5 points of support "
                "directly (before contagion), the size of the Weimar estimate of +1.4 points of "
                "far-right vote per standard deviation of veteran inflow (Koenig)."
            ),
            allowed=(0.0, 10.0),
            source=(
                "Garner, Foreign Policy, 2025: Afghan and Chechen veterans 'looked to extreme "
                "nationalist forces'"
            ),
            plausible=(0.0, 2.0),
            uncertain=(0.1, 1.0),
        ),
        Parameter(
            name="missed_boat_seeding",
            default=0.1,
            units="1/month",
            doc=(
                "Support seeded per unit share of the population that are young men who missed "
                "the boat."
            ),
            allowed=(0.0, 5.0),
            source=(
                "assumption (unsourced, hence the range): the weight it had before it was "
                "scaled by the young men outside the army (0.02 per unit of missed opportunity "
                "= 0.1 per unit share at the pool's 19 % of the population); Garner, Foreign "
                "Policy, 2025: 'a cohort of futureless young men'"
            ),
            plausible=(0.0, 0.5),
            uncertain=(0.02, 0.2),
        ),
        Parameter(
            name="mobilisable_share",
            default=0.5,
            units="1",
            doc=(
                "Share of the discontented a nationalist movement can reach (the rest are "
                "apathetic, liberal or loyal despite their grievance)."
            ),
            allowed=(0.0, 1.0),
            source=(
                "assumption (unsourced, hence the range); Levada Center: 10 % ready to join "
                "protests with political demands against 12 % over living standards (Vedomosti "
                "via freenews-en 2016-09-16)"
            ),
            plausible=(0.2, 1.0),
            uncertain=(0.25, 1.0),
        ),
        Parameter(
            name="mobilisation_decay",
            default=0.01,
            units="1/month",
            doc=(
                "Rate at which nationalist support fades by itself (0.01: a half-life of about "
                "six years)."
            ),
            allowed=(0.0, 1.0),
            source=(
                "Koenig, veterans and the far right in Weimar Germany (working paper, "
                "macrohistory.net): the effect of the 1918-19 veteran inflow on the far-right "
                "vote persists into the 1930s, so support fades over years (half-life 2-10 "
                "years: 0.006-0.03 a month); sets the tipping point with the contagion rate"
            ),
            plausible=(0.005, 0.05),
            uncertain=(0.006, 0.03),
        ),
        Parameter(
            name="repression_capacity",
            default=0.25,
            units="1/month",
            doc="Rate at which repression dismantles a small movement (at management 1).",
            allowed=(0.0, 5.0),
            source=(
                "Garner, Foreign Policy, 2025: 'dealing swiftly with public figures who have "
                "overstepped'"
            ),
            plausible=(0.05, 1.0),
            uncertain=(0.1, 0.5),
        ),
        Parameter(
            name="instability_discontent_weight",
            default=0.5,
            units="1",
            doc="Weight of national discontent in the instability-risk index.",
            allowed=(0.0, 1.0),
        ),
    ),
)

#: The channels of discontent: one per term of ``discontent_pressure`` (a new inflow term is a
#: new channel here; ``tests/test_explain.py`` checks that the two agree). ``wardilemma explain``
#: attributes a gap in a metric between two scenarios to them.
CHANNELS: tuple[Channel, ...] = (
    Channel(
        name="deprivation",
        variable="relative_deprivation",
        label="relative deprivation",
        doc="Consumption below what households have come to expect.",
    ),
    Channel(
        name="veterans",
        variable="veteran_grievance",
        label="veterans without work or recognition",
        doc="Returning veterans the jobs and programmes available do not absorb.",
    ),
    Channel(
        name="weariness",
        variable="war_weariness",
        label="war weariness",
        doc="War losses relative to population.",
    ),
    Channel(
        name="inflation",
        variable="inflation_pain",
        label="inflation pain",
        doc="Inflation above what people tolerate.",
    ),
    Channel(
        name="missed_boat",
        variable="missed_boat_share",
        label="young men who missed the boat",
        doc="Contract places that were open and are no longer, weighted by the young men "
        "outside the army.",
    ),
)
