"""Writing results people can trust: whole files and folders, provenance in every file.

* Every file is written whole (:mod:`wardilemma.atomic`): to a temporary file in the same
  directory, then renamed over the target; a run's folder likewise (:func:`write_run`). A
  failed or interrupted write never leaves a half-written file or folder behind.
* Every file carries the note "Illustrative model, not a forecast", the scenario file's hash
  and the package version (:func:`provenance`): in CSV header comment lines, parquet schema
  metadata, netCDF global attributes, JSON fields and figure metadata
  (:func:`wardilemma.figures.save.save_figure`).
* Time-series formats are a registry (:data:`FORMATS`) of small writer functions. CSV needs
  nothing extra; parquet and netCDF need the optional extra ``wardilemma[data]``.
* The comparison tables come from :mod:`wardilemma.tables`.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from wardilemma.atomic import OutputError, atomic_dir, atomic_path, ensure_writable_dir, write_text
from wardilemma.figures.dashboard import comparison_figure, dashboard
from wardilemma.figures.save import freeze_layout, save_figure
from wardilemma.metrics import INSTABILITY_THRESHOLD, RESERVES_EMPTY_FRACTION, compute_metrics
from wardilemma.model import WAR_ECONOMY
from wardilemma.results import Results
from wardilemma.tables import comparison_table, parameter_differences, run_labels
from wardilemma.text import ILLUSTRATIVE

if TYPE_CHECKING:  # pragma: no cover
    from wardilemma.scenario import Scenario

__all__ = [
    "DATA_EXTRA",
    "FORMATS",
    "OutputFormat",
    "check_format",
    "metrics_document",
    "provenance",
    "write_comparison",
    "write_metrics_json",
    "write_run",
]

#: The optional extra that brings pandas, pyarrow, xarray and netCDF4.
DATA_EXTRA = "pip install 'wardilemma[data]'"

#: File names inside a scenario's output directory.
TIMESERIES_STEM = "timeseries"
METRICS_FILE = "metrics.json"
DASHBOARD_STEM = "dashboard"
COMPARISON_STEM = "comparison"

#: Key of a run's metadata (and of ``metrics.json``) that records what its scenario changes
#: from its parent (:func:`wardilemma.tables.parent_differences`).
PARENT_KEY = "differs_from_parent"


# ---------------------------------------------------------------------- provenance


def provenance(results: Results) -> dict[str, str]:
    """Where a result comes from, as strings: note, scenario, file, hash, version, method..."""
    meta = dict(results.metadata)
    out = {
        "note": ILLUSTRATIVE,
        "scenario": results.scenario,
        "scenario_file": str(meta.pop("scenario_file", "")),
        "scenario_sha256": str(meta.pop("scenario_sha256", "")),
        "wardilemma_version": str(meta.pop("wardilemma_version", "")),
        "start": results.start,
    }
    meta.pop("note", None)
    for key, value in meta.items():
        out[key] = value if isinstance(value, str) else json.dumps(value, default=str)
    return out


# ---------------------------------------------------------------------- time-series formats


def _write_csv(results: Results, path: Path) -> None:
    """Tidy CSV: header comments (``# key: value``), then
    ``month,date,member,variable,region,value,units``."""
    units = results.units
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(f"# {ILLUSTRATIVE}\n")
        for key, value in provenance(results).items():
            if key != "note":
                fh.write(f"# {key}: {value}\n")
        fh.write("month,date,member,variable,region,value,units\n")
        # the rows of Results.long_rows, as csv.writer writes them, a variable at a time
        # (its fields quoted once, its values as repr of floats): 3x faster than a
        # writerow per row (55,000 rows for a 10-year run), the same bytes
        months = [f"{float(t):g}" for t in results.time]
        dates = [_csv_field(d) for d in results.dates]
        regions = [_csv_field(r) for r in results.regions]
        members = range(results.n_members)
        for name, arr in results.data.items():
            tail = f"{_csv_field(units[name])}\n"
            head = f",{_csv_field(name)},"
            values = np.asarray(arr, dtype=float).tolist()
            if name in results.regional:
                fh.write("".join(
                    f"{months[ti]},{dates[ti]},{m}{head}{regions[ri]},{v!r},{tail}"
                    for ti, row in enumerate(values) for m in members
                    for ri, v in enumerate(row[m])
                ))  # fmt: skip
            else:
                fh.write("".join(
                    f"{months[ti]},{dates[ti]},{m}{head},{row[m]!r},{tail}"
                    for ti, row in enumerate(values) for m in members
                ))  # fmt: skip


def _csv_field(text: str) -> str:
    """``text`` as a field of :func:`csv.writer` (quoted only when it must be), in a row
    of more than one field (where an empty field is written as nothing)."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow([text, ""])
    return buf.getvalue()[:-2]


def _data_import(module: str, fmt: str) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError:
        raise OutputError(f"the {fmt} format needs {module}: {DATA_EXTRA}") from None


def _write_parquet(results: Results, path: Path) -> None:
    """Tidy parquet (same columns as CSV); provenance and units in the schema metadata."""
    pa = _data_import("pyarrow", "parquet")
    pq = _data_import("pyarrow.parquet", "parquet")
    _data_import("pandas", "parquet")
    frame = results.to_dataframe(long=True)
    frame["units"] = frame["variable"].map(dict(results.units))
    table = pa.Table.from_pandas(frame, preserve_index=False)
    meta = dict(table.schema.metadata or {})
    for key, value in provenance(results).items():
        meta[key.encode()] = value.encode()
    meta[b"units"] = json.dumps(dict(results.units)).encode()
    pq.write_table(table.replace_schema_metadata(meta), path)


def _write_netcdf(results: Results, path: Path) -> None:
    """netCDF4: dimensions ``month, member, region``; provenance in global attributes."""
    xr = _data_import("xarray", "netcdf")
    _data_import("netCDF4", "netcdf")
    variables = {}
    for name, arr in results.data.items():
        dims = ("month", "member", "region") if name in results.regional else ("month", "member")
        el = WAR_ECONOMY.elements.get(name)
        attrs = {"units": results.units[name]}
        if el is not None:
            attrs["long_name"] = el.doc
        variables[name] = (dims, np.asarray(arr, dtype=float), attrs)
    ds = xr.Dataset(
        variables,
        coords={
            "month": (
                "month",
                np.asarray(results.time, float),
                {"units": "month", "long_name": f"months since {results.start}"},
            ),
            "date": ("month", np.asarray(results.dates, dtype=str)),
            "member": np.arange(results.n_members),
            "region": np.asarray(results.regions, dtype=str),
        },
        attrs=provenance(results),
    )
    ds.to_netcdf(path, engine="netcdf4")


@dataclass(frozen=True)
class OutputFormat:
    """A time-series file format: file suffix, writer, and modules it needs."""

    name: str
    suffix: str
    write: Callable[[Results, Path], None]
    requires: tuple[str, ...] = ()


#: Time-series formats by name.
FORMATS: dict[str, OutputFormat] = {
    "csv": OutputFormat("csv", ".csv", _write_csv),
    "parquet": OutputFormat("parquet", ".parquet", _write_parquet, ("pandas", "pyarrow")),
    "netcdf": OutputFormat("netcdf", ".nc", _write_netcdf, ("xarray", "netCDF4")),
}


def check_format(name: str) -> OutputFormat:
    """The :class:`OutputFormat` called ``name``, checking its optional modules are installed.

    Raises
    ------
    OutputError
        Unknown format, or a needed module missing (the message names the extra).
    """
    if name not in FORMATS:
        raise OutputError(f"unknown format {name!r}; choose from {', '.join(FORMATS)}")
    fmt = FORMATS[name]
    missing = [m for m in fmt.requires if importlib.util.find_spec(m) is None]
    if missing:
        raise OutputError(f"the {name} format needs {', '.join(missing)}: {DATA_EXTRA}")
    return fmt


def write_timeseries(results: Results, path: str | Path, fmt: str = "csv") -> Path:
    """Write all recorded variables to ``path`` in format ``fmt``, atomically."""
    writer = check_format(fmt)
    path = Path(path)
    with atomic_path(path) as tmp:
        writer.write(results, tmp)
    return path


# ---------------------------------------------------------------------- metrics


def _json_number(value: float | None) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return float(value)


def metrics_document(results: Results, member: int = 0) -> dict[str, Any]:
    """The metrics of one run as a JSON-ready dict, with definitions, units and provenance.

    National metrics have ``values == {"national": v}``; regional ones one entry per region
    and one for :data:`~wardilemma.metrics.ALL_REGIONS`. Metrics that are times also carry
    ``dates`` (``"YYYY-MM"``). ``None`` (JSON ``null``) means "never happened".

    For an ensemble (more than one member) ``values`` are those of ``member`` and each
    metric also has ``bands``: per region, the 5th to 95th percentiles over the members and
    ``defined``, the number of members in which the metric happens.
    """
    doc: dict[str, Any] = {
        "note": ILLUSTRATIVE,
        "scenario": results.scenario,
        "provenance": provenance(results),
        "member": member,
        "conventions": {
            "instability_threshold": INSTABILITY_THRESHOLD,
            "reserves_empty_fraction": RESERVES_EMPTY_FRACTION,
            "month": "months since the start of the run",
        },
        "metrics": {},
    }
    if isinstance(results.metadata.get(PARENT_KEY), Mapping):
        doc[PARENT_KEY] = results.metadata[PARENT_KEY]
    for mv in compute_metrics(results, member=member):
        m = mv.metric
        entry = doc["metrics"].setdefault(
            m.name,
            {"label": m.label, "units": m.units, "definition": m.definition, "values": {}},
        )
        key = mv.region or "national"
        entry["values"][key] = _json_number(mv.value)
        if m.kind == "month":
            entry.setdefault("dates", {})[key] = mv.text
    if results.n_members > 1:
        from wardilemma.analysis.uncertainty.analysis import metric_bands

        doc["members"] = results.n_members
        for band in metric_bands(results):
            key = str(band.pop("region")) or "national"
            name = str(band.pop("metric"))
            band.pop("units")
            doc["metrics"][name].setdefault("bands", {})[key] = band
    return doc


def write_metrics_json(results: Results, path: str | Path, member: int = 0) -> Path:
    """Write :func:`metrics_document` to ``path`` (JSON), atomically."""
    text = json.dumps(metrics_document(results, member), indent=2, ensure_ascii=False)
    return write_text(path, text + "\n")


# ---------------------------------------------------------------------- figures and bundles


def write_run(
    results: Results,
    out_dir: str | Path,
    *,
    fmt: str = "csv",
    figures: Sequence[str] = ("png",),
) -> list[Path]:
    """Write one run into ``out_dir``: the time series, ``metrics.json`` and a dashboard.

    The folder is written whole (:func:`atomic_dir`): after an interruption, a crash or a
    full disk it holds the previous run's complete files, or this run's, never a mix. Other
    files in an existing ``out_dir`` are kept.

    Returns
    -------
    list of Path
        The files written (their final paths).
    """
    writer = check_format(fmt)
    target = Path(out_dir)
    ensure_writable_dir(target.parent)
    names = [f"{TIMESERIES_STEM}{writer.suffix}", METRICS_FILE]
    with atomic_dir(target) as tmp:
        write_timeseries(results, tmp / names[0], fmt)
        write_metrics_json(results, tmp / names[1])
        if figures:
            import matplotlib.pyplot as plt  # pyplot picks a backend: only when drawing

            fig = dashboard([results])
            try:
                freeze_layout(fig, figures)
                for f in figures:
                    names.append(f"{DASHBOARD_STEM}.{f}")
                    save_figure(fig, tmp / names[-1], title=results.scenario, runs=[results])
            finally:
                plt.close(fig)
    return [target / name for name in names]


def write_comparison(
    runs: Sequence[Results],
    scenarios: Sequence[Scenario],
    out_dir: str | Path,
    *,
    figures: Sequence[str] = ("png",),
) -> dict[str, Path]:
    """Write the comparison of several runs into ``out_dir``.

    Files: ``comparison.<fig>`` (the overlaid dashboard), ``comparison_metrics.csv`` and
    ``.md`` (key metrics) and ``scenario_differences.csv`` and ``.md`` (what was changed).

    Returns
    -------
    dict
        ``kind -> path`` (``"figure.png"``, ``"metrics.csv"``, ...).
    """
    import matplotlib.pyplot as plt  # pyplot picks a backend: only when drawing

    out = ensure_writable_dir(out_dir)
    labels = run_labels([r.scenario for r in runs])
    written: dict[str, Path] = {}
    metrics = comparison_table(runs, labels=labels)
    diffs = parameter_differences(scenarios, labels=labels)
    for kind, table in (("metrics", metrics), ("differences", diffs)):
        stem = "comparison_metrics" if kind == "metrics" else "scenario_differences"
        written[f"{kind}.csv"] = write_text(out / f"{stem}.csv", table.render("csv"))
        written[f"{kind}.md"] = write_text(out / f"{stem}.md", table.render("markdown"))
    fig = comparison_figure(runs, labels=labels)
    try:
        freeze_layout(fig, figures)
        for f in figures:
            title = "Comparison: " + " vs ".join(labels)
            written[f"figure.{f}"] = save_figure(
                fig, out / f"{COMPARISON_STEM}.{f}", title=title, runs=runs
            )
    finally:
        plt.close(fig)
    return written
