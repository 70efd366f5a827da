"""The classroom notebook runs from top to bottom in a real kernel (nbclient), its sliders'
callback redraws the slide, and it is kept in git without outputs."""

from __future__ import annotations

import json
import time

import pytest

from wardilemma import paths

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipywidgets")

NOTEBOOKS = paths.repo_root() / "notebooks"
NOTEBOOK = NOTEBOOKS / "war_economy_dilemma.ipynb"

#: Appended to the notebook under test: move every slider once, as a user would, and call
#: the callback the sliders are bound to.
DRIVE_SLIDERS = """
assert controls.f is redraw and set(SLIDERS) == set(controls.kwargs)
moved = {"ceasefire_month": 60, "demobilisation_time": 24.0, "replacement_stimulus": 2.0,
         "postwar_bonus_million_rub": 1.0, "regime_management": 1.5, "oil_revenue_shock": 0.3}
for name, value in moved.items():
    SLIDERS[name].value = value
assert controls.kwargs == moved
fig = compare_paths(**controls.kwargs)
texts = [t.get_text() for t in fig.texts]
assert any("your peace" in t for t in texts) and any(ILLUSTRATIVE in t for t in texts)
redraw(**controls.kwargs)
print("SLIDERS-DRIVEN", len(SLIDERS), texts[0].replace(chr(10), " "))
"""


def test_every_notebook_is_stripped() -> None:
    """Outputs and execution counts are not committed (`make lint` runs nbstripout too)."""
    notebooks = sorted(NOTEBOOKS.glob("*.ipynb"))
    assert notebooks
    for path in notebooks:
        nb = json.loads(path.read_text(encoding="utf-8"))
        assert nb["nbformat"] == 4 and nb["metadata"]["kernelspec"]["name"] == "python3"
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                assert cell["outputs"] == [] and cell["execution_count"] is None, path


def test_notebook_runs_top_to_bottom_and_drives_the_sliders(monkeypatch) -> None:
    monkeypatch.delenv(
        "MPLBACKEND", raising=False
    )  # the kernel's own inline backend, as in Jupyter
    nb = nbformat.read(NOTEBOOK, as_version=4)
    sections = [c.source for c in nb.cells if c.cell_type == "markdown"]
    for title in ("structure", "Two futures", "aspiration", "managed peace", "oil sanctions",
                  "robust", "Try it yourself", "Sliders"):  # fmt: skip
        assert any(title.lower() in s.lower() for s in sections), title
    nb.cells.append(nbformat.v4.new_code_cell(DRIVE_SLIDERS))
    client = nbclient.NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}
    )
    started = time.perf_counter()
    client.execute()  # raises CellExecutionError on the first failing cell
    seconds = time.perf_counter() - started
    print(f"notebook executed in {seconds:.1f} s")
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert "SLIDERS-DRIVEN 6" in text
    assert "provincial discontent peaks at" in text or "never rises above" in text
    assert "paired runs" in text and "Key metrics by scenario" in text
    assert len(images) >= 7  # diagram, slides, panels, ensemble bands, the driven slider
