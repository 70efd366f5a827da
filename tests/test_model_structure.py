"""The model's structure: file layout, declared dimensions, sources, and who feels the war.

These tests read the declarations and the dependency graph only (no simulation), so they
are fast; they guard the modelling rules that make a result earned rather than wired in.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from wardilemma import WAR_ECONOMY, paths
from wardilemma.model import Auxiliary, Flow, Model, ModelError, Parameter, Sector, Stock

MODEL_DIR = paths.repo_root() / "src" / "wardilemma" / "model"
SECTOR_FILES = sorted(
    p for p in MODEL_DIR.glob("*.py") if p.name not in {"__init__.py", "spec.py", "compiler.py"}
)
ORDER = ["Stock", "Flow", "Auxiliary", "Lookup", "Parameter"]


def _tiny(*elements) -> Model:
    return Model(
        sectors=(Sector(key="t", title="t", doc="", elements=elements),),
        regions=("provinces", "capitals"),
    )


# ------------------------------------------------------------------ layout of the files


def _declarations(path: Path) -> list[ast.Call]:
    tree = ast.parse(path.read_text())
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ORDER
    ]


@pytest.mark.parametrize("path", SECTOR_FILES, ids=lambda p: p.stem)
def test_sector_files_list_stocks_flows_auxiliaries_lookups_then_parameters(path: Path) -> None:
    kinds = [call.func.id for call in _declarations(path)]
    assert kinds, path.name
    ranks = [ORDER.index(k) for k in kinds]
    assert ranks == sorted(ranks), f"{path.name}: declarations out of order: {kinds}"


@pytest.mark.parametrize("path", SECTOR_FILES, ids=lambda p: p.stem)
def test_sector_files_pass_every_field_by_keyword(path: Path) -> None:
    positional = [
        f"{call.func.id} at line {call.lineno}" for call in _declarations(path) if call.args
    ]
    assert not positional, f"{path.name}: positional arguments in {positional}"


# ------------------------------------------------------------------ declared dimension


def test_every_flow_and_auxiliary_declares_its_dimension() -> None:
    undeclared = [
        n
        for n, el in WAR_ECONOMY.elements.items()
        if isinstance(el, Flow | Auxiliary) and el.regional is None
    ]
    assert not undeclared
    _ = WAR_ECONOMY.regional  # the compiler checks every declaration against the equation


def test_a_wrongly_declared_dimension_is_an_error_naming_the_variable() -> None:
    model = _tiny(
        Parameter(
            name="k",
            default={"provinces": 1.0, "capitals": 2.0},
            units="1",
            doc="",
            allowed=(0, 5),
            regional=True,
        ),
        Auxiliary(name="twice_k", equation="2 * k", units="1", doc="", regional=False),
    )
    with pytest.raises(ModelError, match="'twice_k' is declared national"):
        _ = model.regional
    fine = _tiny(
        Parameter(name="k", default=1.0, units="1", doc="", allowed=(0, 5)),
        Stock(name="x", initial="k", units="1", doc="", inflows=("f",)),
        Flow(name="f", equation="k / 12", units="1/month", doc=""),
    )
    assert fine.regional == frozenset()


# ------------------------------------------------------------------ sources

#: Words that point at files a user of the tool does not have.
PRIVATE_REFERENCES = re.compile(r"\bbrief\b|\.md\b|\bfigs?\.\s*\d|\bEST\b|ARTICLE|DOMAIN_FIG")


def test_sources_cite_public_documents_not_project_files() -> None:
    bad = {
        n: el.source
        for n, el in WAR_ECONOMY.elements.items()
        if PRIVATE_REFERENCES.search(el.source)
    }
    bad |= {s.key: s.doc for s in WAR_ECONOMY.sectors if PRIVATE_REFERENCES.search(s.doc)}
    assert not bad


def test_the_article_is_cited_by_author_outlet_and_year() -> None:
    sources = [el.source for el in WAR_ECONOMY.elements.values()]
    assert not [s for s in sources if re.match(r"article\b", s)]
    assert sum("Garner, Foreign Policy, 2025" in s for s in sources) >= 10


# ------------------------------------------------------------------ flows, not flags

#: Sectors whose variables households and the discontent sector consist of: they may feel
#: the war only through quantities (payouts paid, bonus on offer, jobs, veterans returning).
HOUSEHOLD_SECTORS = ("money", "consumption", "discontent")

#: The war-status flags and the only sectors allowed to read them directly: the front
#: (recruitment, casualties, demobilisation, the army's target size, the bonus offered) and
#: the budget's targets and exit outlays (stimulus paid, programmes in force).
FLAG = "at_war"
FLAGS = ("at_war", "war_over", "before_war", "months_since_ceasefire")
ALLOWED_READERS = {"front", "finance"}

#: Named exceptions: variable -> why it may read the flag directly. None today.
EXCEPTIONS: dict[str, str] = {}


@pytest.mark.parametrize("flag", FLAGS)
def test_no_household_or_discontent_variable_reads_the_war_status_flag(flag) -> None:
    readers = {n for n, deps in WAR_ECONOMY.dependencies.items() if flag in deps}
    sectors = {n: WAR_ECONOMY.elements[n].sector for n in readers}
    forbidden = {n: s for n, s in sectors.items() if s in HOUSEHOLD_SECTORS and n not in EXCEPTIONS}
    assert not forbidden, f"read the war-status flag directly: {forbidden}"
    assert set(sectors.values()) <= ALLOWED_READERS | set(HOUSEHOLD_SECTORS)
    assert readers, "the flag is still the front's switch"


def test_soldiers_draw_front_pay_until_demobilised() -> None:
    deps = WAR_ECONOMY.dependencies
    assert "soldiers_on_front_pay" in deps["soldier_pay_rub"]
    assert FLAG not in deps["soldier_pay_rub"]


def test_missed_the_boat_is_counted_on_contract_places_actually_open() -> None:
    # the door is a quantity (recruits actually signing on), not the bonus announced on paper;
    # in war the recruits follow the bonus on offer, so a cut still closes the door
    deps = WAR_ECONOMY.dependencies
    assert "contract_recruitment" in deps["opportunity"]
    assert "bonus_to_wage_ratio" not in deps["opportunity"]
    assert "recruitment_response" in deps["willing_men"]
    assert "willing_men" in deps["desired_recruitment"]
    assert "real_bonus" in deps["bonus_to_wage_ratio"]
    assert {"bonus_offered_rub", "bonus_escalation"} <= deps["real_bonus"]
    assert {"bonus_rub", "postwar_bonus_rub", "war_over"} <= deps["bonus_offered_rub"]
    # scaled by the young men outside the army, as a share of the population
    assert {"missed_opportunity", "recruitment_pool", "population"} <= deps["missed_boat_share"]
    assert "missed_boat_share" in deps["discontent_pressure"]
    assert "missed_opportunity" not in deps["discontent_pressure"]


def test_veterans_are_counted_once_and_programmes_are_paid_for() -> None:
    deps = WAR_ECONOMY.dependencies
    # the labour force holds the veterans in work, the grievance those without
    assert "veteran_absorption" in deps["civilian_labour_men"]
    assert "civilian_labour_men" in deps["labour_supply_index"]
    assert "men_at_home" not in deps["labour_supply_index"]
    assert "aggrieved_veterans" in deps["national_unemployment_rate"]
    # programme jobs are labour demand, and their wages and benefits are budget outlays
    assert "veteran_programme_jobs" in deps["labour_demand_index"]
    assert {"veteran_programme_wages", "veteran_benefits"} <= deps["civil_spending"]
    assert "veteran_programme_wages" in deps["aggregate_demand"]


def test_debt_oil_shock_and_fiscal_rule_are_stocks_and_flows() -> None:
    deps = WAR_ECONOMY.dependencies
    assert "debt_interest" in deps["total_spending"]
    assert {"public_debt", "debt_interest_rate"} <= deps["debt_interest"]
    # the oil shock reaches net exports, import prices and real wages, not only revenue
    assert "oil_shock_in_force" in deps["net_exports"]
    assert "oil_shock_in_force" in deps["indicated_import_price"]
    assert "oil_revenue_shock" in deps["oil_shock_in_force"]
    assert "import_price_index" in deps["civilian_wage_rub"]
    assert "import_price_inflation" in deps["price_inflation"]  # passed into prices at once
    assert "price_inflation" in deps["price_change"]
    # a surplus is returned to households once the reserve fund nears its ceiling
    assert "surplus_returned" in deps["transfers_paid"]
    assert {"reserve_fund", "reserve_ceiling"} <= deps["surplus_returned"]
