"""Writing results people can trust: atomic files, provenance in every file, tables.

* Every file is written atomically (:func:`atomic_path`): to a temporary file in the same
  directory, then renamed over the target with :func:`os.replace`. A failed or interrupted
  write never leaves a half-written file behind.
* Every file carries the note "Illustrative model, not a forecast", the scenario file's hash
  and the package version (:func:`provenance`): in CSV header comment lines, parquet schema
  metadata, netCDF global attributes, JSON fields and figure metadata.
* Time-series formats are a registry (:data:`FORMATS`) of small writer functions. CSV needs
  nothing extra; parquet and netCDF need the optional extra ``wardilemma[data]``.
* Tables (:class:`Table`) render as text, CSV or markdown (:data:`TABLE_FORMATS`).
"""

from __future__ import annotations

import contextlib
import csv
import importlib.util
import io
import json
import math
import os
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .metrics import KEY_METRICS, METRICS, compute_metrics
from .results import Results, month_label
from .text import ILLUSTRATIVE

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

    from .scenario import Scenario

__all__ = [
    "DATA_EXTRA",
    "FORMATS",
    "TABLE_FORMATS",
    "OutputError",
    "OutputFormat",
    "Table",
    "atomic_path",
    "check_format",
    "comparison_table",
    "ensure_writable_dir",
    "metrics_document",
    "parameter_differences",
    "provenance",
    "save_figure",
    "write_comparison",
    "write_metrics_json",
    "write_run",
    "write_text",
]

#: The optional extra that brings pandas, pyarrow, xarray and netCDF4.
DATA_EXTRA = "pip install 'wardilemma[data]'"

#: File names inside a scenario's output directory.
TIMESERIES_STEM = "timeseries"
METRICS_FILE = "metrics.json"
DASHBOARD_STEM = "dashboard"
COMPARISON_STEM = "comparison"


class OutputError(OSError):
    """An output cannot be written (directory not writable, missing optional extra...)."""


# ---------------------------------------------------------------------- atomic writes


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path next to ``target``; on success rename it over ``target``.

    If the body raises (or is interrupted), the temporary file is removed and ``target``
    is left as it was: never a half-written file.

    Examples
    --------
    >>> with atomic_path("out/table.csv") as tmp:  # doctest: +SKIP
    ...     tmp.write_text("a,b\\n1,2\\n")
    """
    target = Path(target)
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp creates 0600; use the usual permissions
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_text(target: str | Path, text: str) -> Path:
    """Write ``text`` (UTF-8) to ``target`` atomically and return the path."""
    target = Path(target)
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return target


def ensure_writable_dir(path: str | Path) -> Path:
    """Create ``path`` if needed and check that files can be written in it.

    Raises
    ------
    OutputError
        With a message naming the directory and the reason.
    """
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise OutputError(f"output directory {str(path)!r} exists and is not a directory")
    try:
        path.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(dir=path, prefix=".wardilemma-write-test-")
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise OutputError(f"cannot write to output directory {str(path)!r}: {reason}") from None
    return path


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
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["month", "date", "member", "variable", "region", "value", "units"])
        for month, date, member, name, region, value in results.long_rows():
            writer.writerow([f"{month:g}", date, member, name, region, repr(value), units[name]])


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
    from .model import WAR_ECONOMY

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

#: Figure formats accepted by :func:`save_figure`.
FIGURE_FORMATS = ("png", "svg", "pdf")


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
    """
    from .metrics import INSTABILITY_THRESHOLD, RESERVES_EMPTY_FRACTION

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
    return doc


def write_metrics_json(results: Results, path: str | Path, member: int = 0) -> Path:
    """Write :func:`metrics_document` to ``path`` (JSON), atomically."""
    text = json.dumps(metrics_document(results, member), indent=2, ensure_ascii=False)
    return write_text(path, text + "\n")


# ---------------------------------------------------------------------- tables


@dataclass(frozen=True)
class Table:
    """A small table of strings with a title (rendered by :data:`TABLE_FORMATS`)."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def render(self, fmt: str = "text") -> str:
        """The table as ``"text"``, ``"csv"`` or ``"markdown"``."""
        if fmt not in TABLE_FORMATS:
            raise ValueError(f"unknown table format {fmt!r}; choose from {list(TABLE_FORMATS)}")
        return TABLE_FORMATS[fmt](self)


#: Value cells longer than this make :func:`_table_text` print one block per row, not columns.
WIDE_CELL = 40


def _table_blocks(table: Table) -> str:
    """One block per row: ``label [units]`` then ``  column: value`` lines (for wide cells)."""
    lines = [table.title, ""]
    for row in table.rows:
        lines.append(f"{row[0]} [{row[1]}]" if row[1] else row[0])
        width = max(len(c) for c in table.columns[2:])
        lines += [
            f"  {c.ljust(width)}  {v}" for c, v in zip(table.columns[2:], row[2:], strict=True)
        ]
    return "\n".join([*lines, ILLUSTRATIVE + "."]) + "\n"


def _table_text(table: Table) -> str:
    if any(len(cell) > WIDE_CELL for row in table.rows for cell in row[2:]):
        return _table_blocks(table)
    widths = [len(c) for c in table.columns]
    for row in table.rows:
        widths = [max(w, len(cell)) for w, cell in zip(widths, row, strict=True)]

    def line(cells: Sequence[str]) -> str:  # two label columns left, values right
        left = [c.ljust(w) for c, w in zip(cells[:2], widths[:2], strict=False)]
        right = [c.rjust(w) for c, w in zip(cells[2:], widths[2:], strict=True)]
        return "  ".join([*left, *right]).rstrip()

    rule = "  ".join("-" * w for w in widths)
    body = [line(table.columns), rule, *(line(r) for r in table.rows)]
    return "\n".join([table.title, *body, ILLUSTRATIVE + "."]) + "\n"


def _table_csv(table: Table) -> str:
    buf = io.StringIO()
    buf.write(f"# {ILLUSTRATIVE}\n# {table.title}\n")
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(table.columns)
    writer.writerows(table.rows)
    return buf.getvalue()


def _md_cell(cell: str) -> str:
    return cell.replace("|", "\\|")


def _table_markdown(table: Table) -> str:
    head = "| " + " | ".join(_md_cell(c) for c in table.columns) + " |"
    align = "| " + " | ".join(["---", "---"] + ["---:"] * (len(table.columns) - 2)) + " |"
    rows = ["| " + " | ".join(_md_cell(c) for c in r) + " |" for r in table.rows]
    return (
        "\n".join([f"### {table.title}", "", head, align, *rows, "", f"*{ILLUSTRATIVE}.*"]) + "\n"
    )


#: Table renderers by name.
TABLE_FORMATS: dict[str, Callable[[Table], str]] = {
    "text": _table_text,
    "csv": _table_csv,
    "markdown": _table_markdown,
}


def run_labels(names: Sequence[str]) -> list[str]:
    """Column labels for runs: the scenario names, numbered when two are the same."""
    labels = []
    for i, name in enumerate(names):
        label = name or f"run {i + 1}"
        if list(names).count(name) > 1:
            label = f"{label} ({names[: i + 1].count(name)})"
        labels.append(label)
    return labels


def comparison_table(
    runs: Sequence[Results],
    names: Sequence[str] = KEY_METRICS,
    labels: Sequence[str] | None = None,
) -> Table:
    """Key metrics of several runs side by side (one column per run, one row per metric
    and region).

    Parameters
    ----------
    runs
        The runs to compare (member 0 of each).
    names
        Metric names (keys of :data:`~wardilemma.metrics.METRICS`).
    labels
        Column headings (default: the scenario names).
    """
    labels = list(labels) if labels is not None else run_labels([r.scenario for r in runs])
    if len(labels) != len(runs):
        raise ValueError(f"need one label per run: {len(labels)} labels, {len(runs)} runs")
    cells: dict[tuple[str, str], dict[int, str]] = {}
    for i, res in enumerate(runs):
        for mv in compute_metrics(res, names):
            cells.setdefault((mv.metric.name, mv.region), {})[i] = mv.text
    order = {n: i for i, n in enumerate(names)}
    rows = []
    for name, region in sorted(cells, key=lambda key: order[key[0]]):  # stable: region order
        m = METRICS[name]
        label = m.label if not region else f"{m.label} ({region})"
        units = "date" if m.kind == "month" else m.units
        by_run = cells[(name, region)]
        rows.append((label, units, *(by_run.get(i, "n/a") for i in range(len(runs)))))
    return Table("Key metrics by scenario", ("metric", "units", *labels), tuple(rows))


def _num(value: float) -> str:
    if float(value).is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:.4g}"


def _value_text(name: str, row: np.ndarray, regions: Sequence[str], sc: Scenario) -> str:
    def one(v: float) -> str:
        if name.endswith("_month"):
            if v >= sc.months:
                return "never (after the run)"
            return f"{month_label(sc.start, v)} (month {v:g})"
        return _num(v)

    if np.all(row == row[0]):
        return one(float(row[0]))
    return "; ".join(f"{r} {one(float(v))}" for r, v in zip(regions, row, strict=True))


def _schedule_text(spec: Any, sc: Scenario) -> str:
    points = []
    for month, value in zip(spec.months, spec.values, strict=True):
        v = (
            ", ".join(f"{r} {_num(float(x))}" for r, x in value.items())
            if isinstance(value, Mapping)
            else _num(float(value))
        )
        points.append(f"{month_label(sc.start, month)}: {v}")
    return f"schedule ({spec.interpolation}) " + "; ".join(points)


def parameter_differences(
    scenarios: Sequence[Scenario], labels: Sequence[str] | None = None
) -> Table:
    """Parameters and levers whose values differ between the scenarios (as in Stella's run
    comparison), with the model default, so a viewer sees what was changed.

    A row appears when the effective values (file value, or the model default) are not
    the same in every scenario, or when a scenario sets a time schedule. Run settings
    (start, length) appear when they differ.
    """
    from .engine import scenario_inputs
    from .model import WAR_ECONOMY
    from .scenario import Scenario

    labels = list(labels) if labels is not None else run_labels([s.name for s in scenarios])
    defaults = Scenario(name="defaults")
    d_regions, d_values, _ = scenario_inputs(defaults)
    effective = [scenario_inputs(sc) for sc in scenarios]
    rows: list[tuple[str, ...]] = []
    for attr, title in (("start", "run start"), ("months", "run length"), ("dt", "time step")):
        vals = [getattr(sc, attr) for sc in scenarios]
        if len(set(vals)) > 1:
            unit = "" if attr == "start" else "month"
            dflt = getattr(defaults, attr)
            rows.append((title, unit, str(dflt), *(str(v) for v in vals)))
    for name, p in WAR_ECONOMY.parameters.items():
        texts = []
        for sc, (regions, values, _sched) in zip(scenarios, effective, strict=True):
            if name in sc.schedules:
                texts.append(_schedule_text(sc.schedules[name], sc))
            else:
                texts.append(_value_text(name, values[name][0], regions, sc))
        default_text = _value_text(name, d_values[name][0], d_regions, defaults)
        scheduled = any(name in sc.schedules for sc in scenarios)
        if len(set(texts)) > 1 or scheduled:
            rows.append((name, p.units, default_text, *texts))
    title = "Parameters and levers that differ between the scenarios"
    return Table(title, ("parameter", "units", "model default", *labels), tuple(rows))


# ---------------------------------------------------------------------- figures and bundles


def _figure_metadata(fmt: str, title: str, runs: Sequence[Results]) -> dict[str, str]:
    parts = [ILLUSTRATIVE]
    for res in runs:
        prov = provenance(res)
        parts.append(
            f"scenario: {prov['scenario']}; scenario_sha256: {prov['scenario_sha256']}; "
            f"wardilemma_version: {prov['wardilemma_version']}"
        )
    description = " | ".join(parts)
    if fmt == "png":
        return {"Title": title, "Description": description, "Software": "wardilemma"}
    if fmt == "svg":
        return {"Title": title, "Description": description}
    if fmt == "pdf":
        return {"Title": title, "Subject": description, "Creator": "wardilemma"}
    return {}


def save_figure(
    fig: Figure, path: str | Path, *, title: str = "", runs: Sequence[Results] = ()
) -> Path:
    """Save ``fig`` atomically; the format is the suffix (png, svg or pdf). Provenance
    (illustrative note, scenario hash, version) goes into the file's metadata."""
    path = Path(path)
    fmt = path.suffix.lstrip(".").lower()
    if fmt not in FIGURE_FORMATS:
        raise OutputError(f"unknown figure format {fmt!r}; choose from {FIGURE_FORMATS}")
    with atomic_path(path) as tmp:
        fig.savefig(tmp, format=fmt, metadata=_figure_metadata(fmt, title, runs), dpi=100)
    return path


def write_run(
    results: Results,
    out_dir: str | Path,
    *,
    fmt: str = "csv",
    figures: Sequence[str] = ("png",),
) -> list[Path]:
    """Write one run into ``out_dir``: the time series, ``metrics.json`` and a dashboard.

    Only these files are (over)written; anything else in ``out_dir`` is left alone.

    Returns
    -------
    list of Path
        The files written.
    """
    writer = check_format(fmt)
    out = ensure_writable_dir(out_dir)
    written = [
        write_timeseries(results, out / f"{TIMESERIES_STEM}{writer.suffix}", fmt),
        write_metrics_json(results, out / METRICS_FILE),
    ]
    if figures:
        import matplotlib.pyplot as plt

        from .plots import dashboard

        fig = dashboard([results])
        try:
            for f in figures:
                written.append(
                    save_figure(fig, out / f"{DASHBOARD_STEM}.{f}", title=results.scenario,
                                runs=[results])
                )  # fmt: skip
        finally:
            plt.close(fig)
    return written


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
    import matplotlib.pyplot as plt

    from .plots import comparison_figure

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
        for f in figures:
            title = "Comparison: " + " vs ".join(labels)
            written[f"figure.{f}"] = save_figure(
                fig, out / f"{COMPARISON_STEM}.{f}", title=title, runs=runs
            )
    finally:
        plt.close(fig)
    return written
