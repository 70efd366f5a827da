"""Run XMILE files with BPTK-Py and print their series as JSON (used by test_xmile_crosscheck).

BPTK-Py pins exact versions of NumPy, SciPy and pandas, so it lives in its own environment
(``make .venv-bptk/.installed``) and the test calls this script with that environment's
Python. Input on stdin: ``[{"xmile": path, "names": [variable, ...]}, ...]``; output on
stdout: ``[{"time": [...], "series": {variable: [...]}}, ...]``. BPTK-Py's compiler
(``BPTK_Py.sdcompiler.compile_xmile``) turns each file into a Python module whose variables
are named in camel case (``soldiers_provinces`` -> ``soldiersProvinces``).
"""

from __future__ import annotations

import importlib.util
import json
import sys
import tempfile
from pathlib import Path

from BPTK_Py.sdcompiler.compile import compile_xmile


def camel(name: str) -> str:
    """BPTK-Py's name for an XMILE variable."""
    first, *rest = name.split("_")
    return first + "".join(part[:1].upper() + part[1:] for part in rest)


def run(xmile: str, names: list[str], workdir: Path, index: int) -> dict:
    target = workdir / f"bptk_model_{index}.py"
    compile_xmile(xmile, str(target), "py")
    spec = importlib.util.spec_from_file_location(target.stem, target)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    model = module.simulation_model()
    steps = round((model.stoptime - model.starttime) / model.dt)
    times = [model.starttime + i * model.dt for i in range(steps + 1)]
    series = {}
    for name in names:  # in time order, so BPTK-Py's memo never recurses deeply
        series[name] = [float(model.equation(camel(name), t)) for t in times]
    return {"time": times, "series": series}


def main() -> None:
    jobs = json.load(sys.stdin)
    with tempfile.TemporaryDirectory() as tmp:
        out = [run(j["xmile"], j["names"], Path(tmp), i) for i, j in enumerate(jobs)]
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
