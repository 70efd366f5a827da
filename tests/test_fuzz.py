"""Property-based fuzzing of the file loaders (scenarios and claims).

Random and mutated TOML documents, built from the real schema (the model's parameters, the
shipped scenarios and claims), may only give a valid object or the loader's own error
(:class:`~wardilemma.scenario.ScenarioError`, of which :class:`ClaimError` is a kind) with a
message: never another exception, a hang, or a traceback at the command line.

``make test`` runs a small budget; ``make fuzz`` sets ``WARDILEMMA_FUZZ=1`` for a larger one.
"""

from __future__ import annotations

import os
import string
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wardilemma import paths
from wardilemma.analysis.claims import ClaimError, load_claims
from wardilemma.cli import main
from wardilemma.model import WAR_ECONOMY
from wardilemma.scenario import Scenario, ScenarioError, load_scenario

ROOT = paths.repo_root()
SCENARIOS = ROOT / "scenarios"
SHIPPED = sorted(SCENARIOS.glob("*.toml"))
THESIS = ROOT / "claims" / "thesis.toml"

settings.register_profile(
    "quick",
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile(
    "fuzz",
    max_examples=2000,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
PROFILE = "fuzz" if os.environ.get("WARDILEMMA_FUZZ") else "quick"

PARAMETERS = sorted(WAR_ECONOMY.parameters)
SECTIONS = ["scenario", "simulation", "parameters", "policy", "regions", "uncertainty", "bogus"]

# ---------------------------------------------------------------------- TOML values

_keys = st.one_of(
    st.sampled_from(PARAMETERS),
    st.sampled_from(["name", "extends", "months", "dt", "method", "start", "at", "value"]),
    st.text(string.ascii_lowercase + "_", min_size=1, max_size=12),
)
_scalars = st.one_of(
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(
        lambda x: {"nan": "nan", "inf": "inf", "-inf": "-inf"}.get(str(x), repr(x))
    ),
    st.sampled_from(['"2026-01"', '"2025-13"', '"2019-12"', '"1e9"', '""', "true", "false"]),
    st.text(string.printable, max_size=15).map(lambda s: '"' + s.replace('"', "") + '"'),
)
_values = st.recursive(
    _scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4).map(lambda xs: "[" + ", ".join(xs) + "]"),
        st.dictionaries(_keys, inner, max_size=3).map(
            lambda d: "{ " + ", ".join(f"{k} = {v}" for k, v in d.items()) + " }"
        ),
    ),
    max_leaves=6,
)


@st.composite
def generated_scenarios(draw: st.DrawFn) -> str:
    """A scenario document built from the schema's sections and the model's parameters."""
    lines = []
    if draw(st.booleans()):
        parent = draw(st.sampled_from(["baseline.toml", "war_continues.toml", "missing.toml"]))
        lines += ["[scenario]", 'name = "fuzz"', f'extends = "{parent}"']
    for section in draw(st.lists(st.sampled_from(SECTIONS), max_size=4, unique=True)):
        lines.append(f"[{section}]")
        for key, value in draw(st.dictionaries(_keys, _values, max_size=5)).items():
            lines.append(f"{key} = {value}")
    return "\n".join(lines) + "\n"


@st.composite
def mutated(draw: st.DrawFn, texts: list[str]) -> str:
    """A shipped file with a few random edits: lines deleted, duplicated or rewritten, text
    cut short, bytes inserted."""
    lines = draw(st.sampled_from(texts)).splitlines()
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "value", "key", "cut", "noise"]))
        if action == "delete":
            del lines[i]
        elif action == "duplicate":
            lines.insert(i, lines[i])
        elif action == "value" and "=" in lines[i]:
            lines[i] = lines[i].split("=")[0] + "= " + draw(_values)
        elif action == "key" and "=" in lines[i]:
            lines[i] = draw(_keys) + " =" + lines[i].split("=", 1)[1]
        elif action == "cut":
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))]
        else:
            noise = draw(st.text(max_size=8))
            lines[i] = lines[i] + noise
    return "\n".join(lines) + "\n"


SCENARIO_TEXTS = [p.read_text(encoding="utf-8") for p in SHIPPED]


def _load_scenario(tmp_path: Path, text: str) -> None:
    path = tmp_path / "fuzz.toml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        result = load_scenario(path, warn=False)
    except ScenarioError as exc:
        assert str(exc).strip(), "an error without a message"
        assert all(p.strip() for p in exc.problems)
        return
    assert isinstance(result, Scenario)


@pytest.fixture
def in_scenarios(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder holding copies of the shipped scenarios, so that ``extends`` resolves."""
    for p in SHIPPED:
        (tmp_path / p.name).write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    return tmp_path


@settings(settings.get_profile(PROFILE))
@given(text=generated_scenarios())
def test_generated_scenarios_load_or_fail_cleanly(in_scenarios: Path, text: str) -> None:
    _load_scenario(in_scenarios, text)


@settings(settings.get_profile(PROFILE))
@given(text=mutated(SCENARIO_TEXTS))
def test_mutated_scenarios_load_or_fail_cleanly(in_scenarios: Path, text: str) -> None:
    _load_scenario(in_scenarios, text)


@settings(settings.get_profile(PROFILE), max_examples=15 if PROFILE == "quick" else 300)
@given(text=mutated(SCENARIO_TEXTS))
def test_validate_never_shows_a_traceback(in_scenarios: Path, text: str) -> None:
    path = in_scenarios / "fuzz.toml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code in (0, 2), result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


@settings(settings.get_profile(PROFILE))
@given(text=mutated([THESIS.read_text(encoding="utf-8")]))
def test_mutated_claims_load_or_fail_cleanly(tmp_path: Path, text: str) -> None:
    path = tmp_path / "claims.toml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        load_claims(path, scenario_dirs=[SCENARIOS])
    except ClaimError as exc:
        assert exc.problems and all(p.strip() for p in exc.problems)
