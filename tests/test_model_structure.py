"""The model's structure: file layout, declared dimensions, sources, and who feels the war.

These tests read the declarations and the dependency graph only (no simulation), so they
are fast; they guard the modelling rules that make a result earned rather than wired in.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from wardilemma import WAR_ECONOMY
from wardilemma.model import Auxiliary, Flow, Model, ModelError, Parameter, Sector, Stock

MODEL_DIR = Path(__file__).resolve().parents[1] / "src" / "wardilemma" / "model"
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
