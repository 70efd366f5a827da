"""Plain-language names for the classroom: one table, read by the explorer and its stories.

A class reads "Sign-on bonus, million roubles", not ``bonus_rub`` in ``RUB/person``. The
names live here once (:data:`NAMES`); the units are the model's own
(:class:`~wardilemma.model.Parameter` ``units``) turned into words with a display scale by
:data:`UNITS`. A parameter without a name here is shown by its code name, so nothing is
ever hidden. Illustrative model, not a forecast.
"""

from __future__ import annotations

from dataclasses import dataclass

from wardilemma.model import Model

__all__ = ["NAMES", "UNITS", "Label", "label_for"]

#: Plain names of the parameters a class moves: the policy levers and the world-view
#: assumptions (the uncertain parameters of the baseline).
NAMES: dict[str, str] = {
    # policy levers
    "ceasefire_month": "Ceasefire",
    "demobilisation_time": "Demobilisation time",
    "postwar_army_fraction": "Army kept after the war",
    "bonus_rub": "Sign-on bonus",
    "postwar_bonus_rub": "Sign-on bonus after the war",
    "replacement_stimulus": "Replacement stimulus",
    "veteran_programme_level": "Veteran programmes",
    "regime_management": "Propaganda and repression",
    "oil_revenue_shock": "Oil revenue lost to sanctions",
    "postwar_military_spending": "Military spending after the war",
    "war_military_spending": "Military spending in war",
    "tax_rate_rise": "Tax rise",
    "front_pay_rub": "Front-line pay",
    "compensation_rub": "Death and injury compensation",
    "contract_release_rate": "Soldiers released a month (no stop-loss)",
    # world-view assumptions
    "recruitment_propensity": "Willingness to enlist",
    "willing_share": "Share of men who would ever sign",
    "casualty_rate": "Losses at the front",
    "service_term": "Length of a contract",
    "contract_horizon": "Months of front pay a recruit weighs",
    "contract_perception_time": "Time for recruits to learn what a contract pays",
    "bonus_adjustment_rate": "How fast the bonus is raised",
    "max_bonus_escalation": "Ceiling on bonus rises",
    "payout_indexation": "Payouts indexed to inflation",
    "natural_unemployment": "Normal unemployment",
    "unemployment_sensitivity": "Unemployment's response to demand",
    "investment_job_weight": "Jobs from investment",
    "local_multiplier": "Local spending multiplier",
    "payout_saving_rate": "Share of payouts saved",
    "aspiration_fall_time": "Time for expectations to fall",
    "investment_rate_sensitivity": "Peace dividend: investment's response to rates",
    "deposit_rate_share": "Interest on household deposits, share of the key rate",
    "saving_rate_sensitivity": "Extra saving when deposits pay more",
    "defence_capital_output_ratio": "Arms-industry investment per unit of new orders",
    "import_price_fall_time": "Time for import prices to fall as the rouble recovers",
    "key_rate_forward_weight": "Central bank's weight on forecast inflation",
    "neutral_key_rate": "Pre-war neutral key rate (inflation at target)",
    "neutral_rate_defence_response": "Rise of the neutral rate with military spending",
    "key_rate_inflation_response": "Key-rate rise per point of inflation",
    "key_rate_adjustment_time": "Time for the key rate to follow its rule",
    "budgeted_payroll_share": "Payouts' planned share of the military budget",
    "borrowing_capacity": "State borrowing capacity",
    "monetisation_inflation": "Inflation added by a printed deficit the size of GDP",
    "labour_force_margin": "Workers the arms industry finds outside civilian jobs",
    "defence_hiring_from_unemployed": "Arms-industry jobs filled by job seekers",
    "defence_productivity_elasticity": "Arms-industry output per worker as orders grow",
    "defence_hiring_time": "Months an arms-industry vacancy stays open",
    "defence_matching_elasticity": "Arms-industry hiring's dependence on job seekers",
    "oil_export_earnings": "Oil and gas export earnings beyond the budget",
    "import_compression": "Imports cut when oil earnings fall",
    "rouble_oil_elasticity": "Import prices' response to an oil shock",
    "import_price_weight": "Weight of imports in consumer prices",
    "potential_growth": "Growth of the economy without the war",
    "import_dependence_of_output": "Output that needs imported inputs",
    "shortage_price_share": "Unmet demand that bids up prices",
    "debt_refinancing_time": "Time to refinance the state's debt",
    "discontent_decay": "Fading of discontent by itself",
    "discontent_conversion_period": "Time within which all the contented could turn",
    "deprivation_sensitivity": "Anger at a fall in living standards",
    "weariness_sensitivity": "Anger at war losses",
    "inflation_sensitivity_of_discontent": "Anger at inflation",
    "missed_opportunity_sensitivity": "Anger of young men who missed the boat",
    "opportunity_memory_time": "How long a missed bonus is remembered",
    "veteran_base_absorption": "Veterans a normal economy absorbs",
    "missed_boat_seeding": "Young men who missed the boat recruited by nationalists",
    "mobilisable_share": "Share of the discontented nationalists can reach",
    "veteran_sensitivity": "Anger of veterans without work",
    "contagion_rate": "Spread of nationalist support",
    "veteran_seeding": "Veterans recruited by nationalists",
    "mobilisation_decay": "Fading of nationalist support",
    "repression_capacity": "Reach of repression",
}


@dataclass(frozen=True)
class Label:
    """How a quantity is shown: its name, its units in words and the factor from the model's
    units to the shown ones (``shown = scale * model value``)."""

    text: str
    units: str
    scale: float = 1.0

    @property
    def full(self) -> str:
        """``"Sign-on bonus, million roubles"``."""
        return f"{self.text}, {self.units}" if self.units else self.text


#: The model's units in words, with the factor to the shown units.
UNITS: dict[str, tuple[str, float]] = {
    "1": ("", 1.0),
    "month": ("months", 1.0),
    "year": ("years", 1.0),
    "person": ("thousand people", 1e-3),
    "RUB/person": ("million roubles", 1e-6),
    "RUB/(person*month)": ("thousand roubles a month", 1e-3),
    "trnRUB/year": ("trillion roubles a year", 1.0),
    "trnRUB": ("trillion roubles", 1.0),
    "1/month": ("per month", 1.0),
    "1/year": ("% a year", 100.0),
    "year/month": ("per point of inflation, per month", 1.0),
}

#: Dimensionless shares shown as percentages (the name says of what).
PERCENT: dict[str, str] = {
    "veteran_programme_level": "% of a full programme",
    "oil_revenue_shock": "% of oil and gas revenue",
    "postwar_army_fraction": "% of the army at the start",
    "payout_indexation": "% of inflation",
    "natural_unemployment": "% of the labour force",
    "payout_saving_rate": "%",
    "labour_force_margin": "% of the labour force",
    "defence_hiring_from_unemployed": "% of the jobs added",
    "import_compression": "% of lost export earnings",
    "import_price_weight": "%",
    "veteran_base_absorption": "% of veterans",
    "mobilisable_share": "% of the discontented",
    "budgeted_payroll_share": "%",
    "tax_rate_rise": "% of GDP",
    "casualty_rate": "% of soldiers a month",
}


def label_for(name: str, model: Model) -> Label:
    """The plain label of a parameter of ``model`` (its code name when it has none here)."""
    p = model.parameters[name]
    text = NAMES.get(name, name)
    if name in PERCENT:
        return Label(text, PERCENT[name], 100.0)
    if name == "regime_management":
        return Label(text, "× the 2024-25 level", 1.0)
    units, scale = UNITS.get(p.units, (p.units, 1.0))
    return Label(text, units, scale)
