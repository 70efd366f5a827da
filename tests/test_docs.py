"""The generated reference is in sync with the model and lists every element."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from wardilemma import WAR_ECONOMY, paths
from wardilemma.cli import main
from wardilemma.docs.generate import write_docs
from wardilemma.docs.model_reference import DOCUMENTS, model_markdown
from wardilemma.text import readable_number

DOCS = paths.docs_dir()


def test_committed_model_reference_is_up_to_date() -> None:
    committed = (DOCS / "model.md").read_text(encoding="utf-8")
    assert committed == model_markdown(), "docs/model.md is stale: run make docs"


def test_committed_parameter_reference_is_up_to_date() -> None:
    text = DOCUMENTS["parameters.md"](WAR_ECONOMY)
    assert (DOCS / "parameters.md").read_text(encoding="utf-8") == text


def test_reference_lists_every_element_with_its_units_and_source() -> None:
    text = model_markdown()
    for name, el in WAR_ECONOMY.elements.items():
        assert f"`{name}`" in text, name
        assert " ".join(el.source.split()) in " ".join(text.split()), name
    for sector in WAR_ECONOMY.sectors:
        assert f". {sector.title}" in text
        assert sector.doc in text
    for h in WAR_ECONOMY.hidden_stocks:
        assert f"`{h.name}`" in text


def test_reference_says_it_is_generated_and_illustrative() -> None:
    head = model_markdown()[:600]
    assert "do not edit" in head
    assert "Illustrative model, not a forecast" in head


def docs_command(*args: object) -> int:
    """Exit code of ``wardilemma docs ARGS``."""
    return CliRunner().invoke(main, ["docs", *map(str, args)]).exit_code


def test_check_mode_reports_missing_and_stale_files(tmp_path: Path) -> None:
    assert str(tmp_path / "model.md") in write_docs(tmp_path, check=True)
    assert docs_command("--out", tmp_path, "--check") == 1
    assert docs_command("--out", tmp_path) == 0
    assert docs_command("--out", tmp_path, "--check") == 0
    (tmp_path / "model.md").write_text("edited by hand\n", encoding="utf-8")
    assert write_docs(tmp_path, check=True) == [str(tmp_path / "model.md")]


@pytest.mark.parametrize(
    ("x", "text"),
    [(24e6, "24,000,000"), (0.016, "0.016"), (1e12, "1e+12"), (float("inf"), "∞"), (0.0, "0")],
)
def test_readable_number(x: float, text: str) -> None:
    assert readable_number(x) == text
