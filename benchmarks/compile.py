"""What the first compile of the numba kernel is made of (issue 21: "how compile time grows
with the generated function's size").

Three measurements, each in fresh numba and wardilemma caches, CPU time of this process:

* **growth**: one function of the first ``n`` statements of the generated step function
  (``step_0``, its statements repeated past its end), compiled alone after the support
  helpers, for several ``n``: the cost per statement and how it grows with the function;
* **whole kernel**: ``simulate(months=1)`` on the compiled backend, first ever;
* **LLVM alone**: numba's own LLVM IR of that compile (every module it handed to LLVM),
  parsed, optimised at O3 and compiled to machine code by llvmlite directly: what the
  compile would cost without numba's Python front end (typing, lowering, SSA, rewrites).

Run ``python benchmarks/compile.py`` (about a minute); nothing is written. Illustrative
model, not a forecast.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import sys
import tempfile
import time

SIZES = (10, 30, 60, 120, 240, 480)


def _fresh_caches() -> None:
    tmp = tempfile.mkdtemp(prefix="wardilemma-compile-")
    os.environ["WARDILEMMA_CACHE_DIR"] = f"{tmp}/kernels"
    os.environ["NUMBA_CACHE_DIR"] = f"{tmp}/numba"


def growth(sizes: tuple[int, ...] = SIZES) -> list[dict]:
    """Compile CPU of one function of ``n`` statements of ``step_0``, for each ``n``."""
    import numpy as np

    from wardilemma.engine.numba.cache import _typing_memo
    from wardilemma.engine.numba.emit import generate_source
    from wardilemma.model import WAR_ECONOMY

    source = generate_source(WAR_ECONOMY)
    head = source.split("@njit", 1)[0]
    step = re.search(r"def step_0\(.*?\):\n(.*?)\n    return 0", source, re.S)
    if step is None:  # pragma: no cover
        raise RuntimeError("no step_0 in the generated kernel")
    lines = step.group(1).splitlines()
    offsets = [line for line in lines if re.match(r"    [ow]\d+ = ", line)]
    body = [line for line in lines if line not in offsets]
    # top-level statements, each with the lines of its loop (reductions, region loops)
    blocks: list[list[str]] = []
    for line in body:
        nested = line.startswith("        ") or (blocks and blocks[-1][-1].endswith(":"))
        if nested and blocks:
            blocks[-1].append(line)
        else:
            blocks.append([line])
    v, K = np.zeros(4000), np.zeros((4, 400))
    out = []
    tmp = tempfile.mkdtemp(prefix="wardilemma-growth-")
    for i, n in enumerate((sizes[0], *sizes)):  # the first compiles the helpers too
        chosen = [blocks[j % len(blocks)] for j in range(n)]
        code = (
            head
            + "@njit(error_model='numpy', nogil=True)\ndef f(v, K, s, R, t, dt, t0, t1):\n"
            + "\n".join([*offsets, *(line for b in chosen for line in b), "    return 0"])
            + "\n"
        )
        path = f"{tmp}/g{i}.py"
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(code)
        spec = importlib.util.spec_from_file_location(f"g{i}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        with _typing_memo():
            start = time.process_time()
            module.f(v, K, 0, 2, 0.0, 0.25, 0.0, 120.0)
            cpu = time.process_time() - start
        if i:
            statements = sum(1 for b in chosen for line in b if "  # " in line)
            out.append(
                {"statements": statements, "cpu_s": cpu, "ms_per_statement": cpu / statements * 1e3}
            )
            print(f"  {statements:4d} statements: {cpu:5.2f} s CPU, "
                  f"{cpu / statements * 1e3:4.1f} ms a statement", flush=True)  # fmt: skip
    return out


def whole_and_llvm() -> dict:
    """The whole first compile, and LLVM alone on the IR numba gave it."""
    from numba.core import codegen

    captured: list[str] = []
    original = codegen.CPUCodeLibrary.add_ir_module

    def grab(self, ir_module):
        captured.append(str(ir_module))
        return original(self, ir_module)

    codegen.CPUCodeLibrary.add_ir_module = grab
    try:
        from wardilemma import simulate

        start = time.process_time()
        simulate(months=1, backend="numba")
        whole = time.process_time() - start
    finally:
        codegen.CPUCodeLibrary.add_ir_module = original
    import llvmlite.binding as llvm

    llvm.initialize_native_target()
    llvm.initialize_native_asmprinter()
    machine = llvm.Target.from_default_triple().create_target_machine(opt=3)
    start = time.process_time()
    for text in captured:
        module = llvm.parse_assembly(text)
        builder = llvm.create_pass_builder(machine, llvm.create_pipeline_tuning_options(3))
        builder.getModulePassManager().run(module, builder)
        machine.emit_object(module)
    alone = time.process_time() - start
    lines = sum(t.count("\n") for t in captured)
    print(f"  whole first compile: {whole:.2f} s CPU; LLVM alone on its {len(captured)} modules "
          f"({lines:,} lines of IR): {alone:.2f} s CPU", flush=True)  # fmt: skip
    return {
        "whole_cpu_s": whole,
        "llvm_alone_cpu_s": alone,
        "ir_modules": len(captured),
        "ir_lines": lines,
    }


def main() -> None:
    _fresh_caches()
    print(f"load average {os.getloadavg()[0]:.1f}", flush=True)
    result = whole_and_llvm()  # first: a first-ever compile (numba's start-up, helpers)
    print("growth of one function's compile:", flush=True)
    result["growth"] = growth()
    result["load"] = os.getloadavg()[0]
    print(json.dumps(result), file=sys.stderr)


if __name__ == "__main__":
    main()
