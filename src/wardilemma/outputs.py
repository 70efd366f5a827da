"""Writing results people can trust: atomic files, provenance in every file.

About 440 lines: three time-series formats, ``metrics.json`` and the figures all share the
atomic writing and the provenance below.

* Every file is written atomically (:func:`atomic_path`): to a temporary file in the same
  directory, then renamed over the target with :func:`os.replace`. A failed or interrupted
  write never leaves a half-written file behind.
* Every file carries the note "Illustrative model, not a forecast", the scenario file's hash
  and the package version (:func:`provenance`): in CSV header comment lines, parquet schema
  metadata, netCDF global attributes, JSON fields and figure metadata.
* Time-series formats are a registry (:data:`FORMATS`) of small writer functions. CSV needs
  nothing extra; parquet and netCDF need the optional extra ``wardilemma[data]``.
* The comparison tables come from :mod:`wardilemma.tables`.
"""

from __future__ import annotations

import contextlib
import csv
import glob
import importlib.util
import json
import math
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from wardilemma.errors import RunFailure
from wardilemma.figures.dashboard import comparison_figure, dashboard
from wardilemma.metrics import INSTABILITY_THRESHOLD, RESERVES_EMPTY_FRACTION, compute_metrics
from wardilemma.model import WAR_ECONOMY
from wardilemma.results import Results
from wardilemma.tables import comparison_table, parameter_differences, run_labels
from wardilemma.text import ILLUSTRATIVE

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

    from wardilemma.scenario import Scenario

__all__ = [
    "DATA_EXTRA",
    "FORMATS",
    "OutputError",
    "OutputFormat",
    "atomic_dir",
    "atomic_path",
    "check_format",
    "ensure_writable_dir",
    "metrics_document",
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

#: Key of a run's metadata (and of ``metrics.json``) that records what its scenario changes
#: from its parent (:func:`wardilemma.tables.parent_differences`).
PARENT_KEY = "differs_from_parent"


class OutputError(RunFailure, OSError):
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
    try:
        fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    except OSError as exc:
        raise OutputError(exc.errno, exc.strerror, str(target)) from exc
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp creates 0600; use the usual permissions
        os.replace(tmp, target)
    except OSError as exc:  # disk full, read-only...: name the file meant, not the temporary
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OutputError):
            raise
        raise OutputError(exc.errno, exc.strerror or str(exc), str(target)) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


#: Suffix of the temporary folders of :func:`atomic_dir`: ``.NAME.XXXX.part`` (the new
#: folder being written) and ``.NAME.XXXX.old.part`` (the previous one, being replaced).
PART_SUFFIX = ".part"
OLD_SUFFIX = ".old.part"


def _settle(old: Path, target: Path) -> None:
    """Finish replacing ``old`` by ``target``: keep the files of ``old`` that ``target`` does
    not have (a user's notes), then remove ``old``. Without ``target`` (a process killed
    between the two renames), ``old`` becomes ``target`` again."""
    if not target.is_dir():
        os.replace(old, target)
        return
    for entry in old.iterdir():
        if not (target / entry.name).exists():
            os.replace(entry, target / entry.name)
    shutil.rmtree(old, ignore_errors=True)


def _recover(target: Path) -> None:
    """Undo what a killed :func:`atomic_dir` left beside ``target``: half-written new
    folders are removed, a previous folder being replaced is settled (:func:`_settle`)."""
    for part in sorted(target.parent.glob(f".{glob.escape(target.name)}.*{PART_SUFFIX}")):
        if part.name.endswith(OLD_SUFFIX):
            _settle(part, target)
        else:
            shutil.rmtree(part, ignore_errors=True)


@contextlib.contextmanager
def atomic_dir(target: str | Path) -> Iterator[Path]:
    """Yield a temporary folder beside ``target``; on success it replaces ``target``.

    The folder is whole or absent, whatever happens: the files are written into the
    temporary folder, which is renamed to ``target`` only once the body has finished. If the
    body raises (a full disk, a crash, Ctrl-C), the temporary folder is removed and
    ``target`` is left as it was. Files of an older ``target`` that the body did not write
    (a user's notes) are kept. What a killed process left behind is cleaned up first.
    """
    target = Path(target)
    _recover(target)
    try:
        tmp = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.",
                                    suffix=PART_SUFFIX))  # fmt: skip
    except OSError as exc:
        raise OutputError(exc.errno, exc.strerror, str(target)) from exc
    try:
        yield tmp
        os.chmod(tmp, 0o777 & ~_umask())  # mkdtemp creates 0700; use the usual permissions
        if target.is_dir():
            old = tmp.with_name(tmp.name.removesuffix(PART_SUFFIX) + OLD_SUFFIX)
            os.replace(target, old)  # a moment without target: absent, never half-written
            os.replace(tmp, target)
            _settle(old, target)
        else:
            os.replace(tmp, target)
    except OSError as exc:  # name the file meant, not its place in the temporary folder
        shutil.rmtree(tmp, ignore_errors=True)
        name = str(exc.filename or "")
        if not name.startswith(str(tmp)):
            raise
        name = str(target) + name[len(str(tmp)) :]
        raise OutputError(exc.errno, exc.strerror or str(exc), name) from exc
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
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
        for f in figures:
            title = "Comparison: " + " vs ".join(labels)
            written[f"figure.{f}"] = save_figure(
                fig, out / f"{COMPARISON_STEM}.{f}", title=title, runs=runs
            )
    finally:
        plt.close(fig)
    return written
