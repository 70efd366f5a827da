"""Feedback loops: the loops of the brief are found, by their variables, with their polarity."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from wardilemma import ILLUSTRATIVE, WAR_ECONOMY
from wardilemma.analysis.loops import NAMED_LOOPS, dependency_graph, find_loops, format_loops
from wardilemma.cli import main

#: One worker runs this file under pytest-xdist (``make test``): the loops are found once.
pytestmark = pytest.mark.xdist_group("loops")


@pytest.fixture(scope="session")
def loops():
    # session, not module: under ``--dist loadgroup`` the worker interleaves this file's
    # tests with others', and a module fixture was set up twice (20-22 s each under load)
    return find_loops()


def _spec(name):
    return next(s for s in NAMED_LOOPS if s.name == name)


@pytest.mark.parametrize("name", [s.name for s in NAMED_LOOPS])
def test_named_loop_found_with_expected_polarity(loops, name):
    spec = _spec(name)
    missing = spec.variables - set(WAR_ECONOMY.elements)
    assert not missing, f"{name}: the model has no {sorted(missing)} (renamed? update NAMED_LOOPS)"
    matching = [lp for lp in loops if spec.variables <= set(lp.variables)]
    assert matching, f"no loop through {sorted(spec.variables)}"
    named = next(lp for lp in loops if lp.name == name)
    assert named in matching and len(named.nodes) == min(len(lp.nodes) for lp in matching)
    assert named.polarity == spec.expected, named.describe()


def test_every_loop_passes_through_a_stock(loops):
    hidden = {h.owner for h in WAR_ECONOMY.hidden_stocks}
    for lp in loops:
        assert any(n in WAR_ECONOMY.stocks or " (" in n for n in lp.nodes), lp.describe()
        assert all(n.split(" (")[0] in WAR_ECONOMY.elements for n in lp.nodes)
    assert hidden


def test_flows_sign_their_stocks(loops):
    lp = next(lp for lp in loops if lp.name == "boom loop")
    i = lp.nodes.index("consumption_change")
    assert lp.nodes[(i + 1) % len(lp.nodes)] == "consumption" and lp.signs[i] == 1


def test_graph_has_no_parameters():
    graph = dependency_graph()
    assert not set(graph) & set(WAR_ECONOMY.parameters)
    assert not set().union(*graph.values()) & set(WAR_ECONOMY.parameters)


def test_format_and_cli(loops):
    table = format_loops(loops)
    assert ILLUSTRATIVE in table and "boom loop" in table
    data = json.loads(format_loops(loops[:5], kind="json"))
    assert data["note"] == ILLUSTRATIVE and data["loops"][0]["polarity"] in (
        "reinforcing",
        "balancing",
    )
    result = CliRunner().invoke(main, ["loops", "--max-length", "4", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["loops"]
