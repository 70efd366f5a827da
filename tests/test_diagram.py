"""Diagrams: drawn from the model (matplotlib fallback here), labelled, in PNG and SVG."""

from __future__ import annotations

from click.testing import CliRunner

from wardilemma import ILLUSTRATIVE, WAR_ECONOMY
from wardilemma.cli import main
from wardilemma.figures.diagram import write_diagram


def test_stock_flow_svg_names_every_stock(tmp_path):
    path = write_diagram(tmp_path / "sf.svg", kind="stock-flow", engine="matplotlib")
    text = path.read_text(encoding="utf-8")
    assert ILLUSTRATIVE in text
    for stock in WAR_ECONOMY.stocks:
        first_word = stock.split("_")[0]
        assert first_word in text, stock
    for sector in WAR_ECONOMY.sectors:
        assert sector.title in text


def test_causal_png_via_cli(tmp_path):
    out = tmp_path / "cl.png"
    result = CliRunner().invoke(main, ["diagram", "--kind", "causal", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and out.stat().st_size > 20_000
