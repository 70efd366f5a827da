"""The classroom notebook runs from top to bottom in a real kernel (nbclient, in a Python
process of its own: ``tests/notebook_run.py``), its sliders' callback redraws the slide, and
it is kept in git without outputs."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from wardilemma import paths

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipywidgets")

NOTEBOOKS = paths.repo_root() / "notebooks"
NOTEBOOK = NOTEBOOKS / "war_economy_dilemma.ipynb"
RUNNER = paths.repo_root() / "tests" / "notebook_run.py"

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


def execute(nb, tmp_path, *, cell_timeout: int = 180):
    """Run ``nb`` in a fresh kernel from a fresh Python (``tests/notebook_run.py``: its own
    event loop and ZeroMQ context, apart from the suite's) and return it with its outputs,
    or the runner's exit status and stderr when a cell failed."""
    source, target = tmp_path / "in.ipynb", tmp_path / "out.ipynb"
    nbformat.write(nb, source)
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}  # inline, as in Jupyter
    done = subprocess.run(
        [sys.executable, str(RUNNER), str(source), str(target), str(NOTEBOOKS), str(cell_timeout)],
        env=env, capture_output=True, text=True, timeout=cell_timeout + 120,
    )  # fmt: skip
    print(done.stdout, done.stderr[-2000:])
    executed = nbformat.read(target, as_version=4) if target.exists() else None
    return done.returncode, done.stderr, executed


def test_notebook_runs_top_to_bottom_and_drives_the_sliders(tmp_path) -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    sections = [c.source for c in nb.cells if c.cell_type == "markdown"]
    for title in ("structure", "Two futures", "aspiration", "managed peace", "oil sanctions",
                  "robust", "Try it yourself", "Sliders"):  # fmt: skip
        assert any(title.lower() in s.lower() for s in sections), title
    nb.cells.append(nbformat.v4.new_code_cell(DRIVE_SLIDERS))
    status, stderr, nb = execute(nb, tmp_path)
    assert status == 0, stderr[-4000:]  # nbclient's CellExecutionError: the failing cell
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert "SLIDERS-DRIVEN 6" in text
    assert "provincial discontent peaks at" in text or "never rises above" in text
    assert "paired runs" in text and "Key metrics by scenario" in text
    assert len(images) >= 7  # diagram, slides, panels, ensemble bands, the driven slider


def test_a_broken_notebook_fails(tmp_path) -> None:
    """The runner reports a failing cell (and stops there), so the test above cannot pass
    on a broken notebook."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    cells = ("print('first')", "raise ValueError('broken cell')", "print('never')")
    nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
    status, stderr, nb = execute(nb, tmp_path)
    assert status == 1 and "ValueError" in stderr and "broken cell" in stderr
    assert nb.cells[0].outputs[0]["text"] == "first\n" and nb.cells[2].outputs == []
