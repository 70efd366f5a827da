"""What every uncertainty study writes: CSV text with its notes (illustrative label, seed,
hashes), the manifest with the package versions, the members table (every
member's parameters and metrics, parquet or CSV), and the report a study returns.
Illustrative model, not a forecast.
"""

from __future__ import annotations

import csv
import importlib.metadata
import importlib.util
import io
import json
import platform
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from wardilemma.analysis.uncertainty.ensemble import Ensemble
from wardilemma.atomic import atomic_path, write_text
from wardilemma.scenario import Scenario, load_scenario
from wardilemma.text import ILLUSTRATIVE

__all__ = [
    "Progress",
    "StudyReport",
    "csv_text",
    "load_scenarios",
    "package_versions",
    "resumed_text",
    "scenario_entry",
    "write_manifest",
    "write_members",
]

#: Packages whose versions go into every manifest (when installed).
_PACKAGES = ("wardilemma", "numpy", "scipy", "matplotlib", "pandas", "pyarrow", "numba",
             "dask", "distributed", "salib")  # fmt: skip


def package_versions() -> dict[str, str]:
    """Versions of Python and of the installed packages that shape the numbers."""
    out = {"python": platform.python_version()}
    for name in _PACKAGES:
        try:
            out[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            continue
    return out


def csv_text(header: Sequence[str], rows: Sequence[Sequence[Any]], notes: Mapping[str, Any]) -> str:
    buf = io.StringIO()
    buf.write(f"# {ILLUSTRATIVE}\n")
    for key, value in notes.items():
        buf.write(f"# {key}: {value}\n")
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


def write_manifest(out: Path, manifest: dict[str, Any]) -> Path:
    doc = {"note": ILLUSTRATIVE, **manifest, "versions": package_versions()}
    return write_text(out / "manifest.json", json.dumps(doc, indent=2, default=str) + "\n")


# ---------------------------------------------------------------------- reports

#: ``progress(members_done, members_in_total)``, called as chunks finish.
Progress = Callable[[int, int], None]


def load_scenarios(scenarios: Sequence[str | Path | Scenario]) -> list[Scenario]:
    """Scenarios, loading the paths among them."""
    return [s if isinstance(s, Scenario) else load_scenario(s, warn=False) for s in scenarios]


def scenario_entry(sc: Scenario) -> dict[str, str]:
    """A scenario in a manifest: name, file and hash."""
    return {"name": sc.name, "file": str(sc.path or ""), "sha256": sc.sha256}


def resumed_text(ensembles: Sequence[Ensemble], folder: Path) -> str:
    """``"resumed: 60,000 of 200,000 members read from OUT/.resume"``, or nothing."""
    done = sum(int(e.metadata.get("resumed_members", 0)) for e in ensembles)
    total = sum(e.n for e in ensembles)
    return f"resumed: {done:,} of {total:,} members read from {folder}" if done else ""


@dataclass(frozen=True)
class StudyReport:
    """What a study wrote and how long it took; ``summary`` is a printable table."""

    out: Path
    files: tuple[Path, ...]
    seconds: float
    summary: str = ""
    manifest: Mapping[str, Any] = field(default_factory=dict)


# ---------------------------------------------------------------------- members table

#: Rows of a row group of the parquet members table (the writer buffers one at a time).
ROW_GROUP = 50_000


def _members_columns(ensembles: Sequence[Ensemble]) -> list[str]:
    cols: list[str] = []
    for ens in ensembles:
        cols += [c for c in ens.parameters if c not in cols]
    metric_cols: list[str] = []
    for ens in ensembles:
        metric_cols += [c for c in ens.metrics if c not in metric_cols]
    return cols + metric_cols


def write_members(path_stem: Path, ensembles: Sequence[Ensemble], notes: Mapping[str, Any]) -> Path:
    """Every member's parameters and metrics, one row per scenario and member, written
    column-wise: parquet when pyarrow is installed, CSV otherwise. A parameter
    not drawn in a scenario is NaN there (it kept the scenario's value). Column ``failed``
    is 1 for a member stopped by numerical trouble (its metrics are NaN)."""
    columns = _members_columns(ensembles)
    n = ensembles[0].n
    block = {
        c: np.concatenate(
            [
                np.asarray(e.parameters.get(c, e.metrics.get(c, np.full(n, np.nan))))
                for e in ensembles
            ]
        )
        for c in columns
    }
    member = np.tile(np.arange(n), len(ensembles))
    # 1: the member was stopped by numerical trouble (its metrics are NaN; problems.csv)
    failed = np.concatenate([np.zeros(n) if e.failed is None else e.failed for e in ensembles])
    block = {"failed": failed, **block}
    columns = ["failed", *columns]
    if importlib.util.find_spec("pyarrow"):  # straight from the columns, no pandas frame
        import pyarrow as pa
        import pyarrow.parquet as pq

        names = pa.array([e.scenario for e in ensembles], pa.string())
        arrays = [names.take(pa.array(np.repeat(np.arange(len(ensembles)), n))),
                  pa.array(member), *(pa.array(block[c]) for c in columns)]  # fmt: skip
        meta = {b"note": ILLUSTRATIVE.encode()}
        meta.update(
            {str(k).encode(): json.dumps(v, default=str).encode() for k, v in notes.items()}
        )
        table = pa.Table.from_arrays(arrays, names=["scenario", "member", *columns], metadata=meta)
        target = path_stem.with_suffix(".parquet")
        with atomic_path(target) as tmp:
            pq.write_table(table, tmp, row_group_size=ROW_GROUP)
        return target
    target = path_stem.with_suffix(".csv")
    matrix = np.column_stack([member, *block.values()]) if columns else member[:, None]
    with atomic_path(target) as tmp, tmp.open("w", encoding="utf-8", newline="") as fh:
        fh.write(f"# {ILLUSTRATIVE}\n")
        for key, value in notes.items():
            fh.write(f"# {key}: {json.dumps(value, default=str)}\n")
        fh.write(",".join(["scenario", "member", *columns]) + "\n")
        for i, ens in enumerate(ensembles):
            name = ens.scenario.replace('"', '""')
            fmt = f'"{name}",%d' + ",%.17g" * len(columns)
            np.savetxt(fh, matrix[i * n : (i + 1) * n], fmt=fmt)
    return target
