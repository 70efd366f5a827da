"""The scenario file format as pydantic v2 models, its JSON Schema, and readable errors.

The models are generated from the model definition (``WAR_ECONOMY.parameters``): every
parameter is a key of ``[parameters]`` with its units and ranges, every lever a key of
``[policy]``. One validation pass reports every problem of a file at once; each pydantic
error is turned into a sentence that names the file, line, key path, value and what is
allowed (:func:`document_problems`).

Reading files, following ``extends`` and the checks that need a whole chain (regions,
dates, schedules) live in :mod:`wardilemma.scenario`.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    ValidationError,
    create_model,
)

from .engine import METHODS
from .model import Model
from .model.spec import Parameter
from .results import ILLUSTRATIVE
from .schedules import INTERPOLATIONS

__all__ = [
    "DATE_PATTERN",
    "DISTRIBUTIONS",
    "SECTIONS",
    "Document",
    "describe_parameter",
    "document_problems",
    "fmt_number",
    "is_date_lever",
    "locate",
    "scenario_schema",
    "where",
]

#: A calendar month as written in scenario files.
DATE_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])$"

#: Top-level tables of a scenario file.
SECTIONS = ("scenario", "simulation", "parameters", "regions", "policy", "uncertainty")

#: Region names: lowercase words joined by underscores (they become column labels).
REGION_PATTERN = r"^[a-z][a-z0-9_]*$"

_FORBID = ConfigDict(extra="forbid")
# tags of the value unions; they appear in pydantic locations and are dropped from messages
_TAGS = {"number": "<number>", "regions": "<regions>", "date": "<date>", "schedule": "<schedule>"}

Date = Annotated[str, StringConstraints(strict=True, pattern=DATE_PATTERN)]
Finite = Annotated[float, Field(strict=True, allow_inf_nan=False)]


def is_date_lever(p: Parameter) -> bool:
    """True for a lever that is a month of the run (``ceasefire_month``): it accepts dates."""
    return p.lever and p.units == "month" and p.name.endswith("_month")


def fmt_number(x: float) -> str:
    """Short display of a number: ``3.6e+06``, ``0.25``, ``120``."""
    if isinstance(x, bool) or not isinstance(x, int | float):
        return repr(x)
    if isinstance(x, int) and abs(x) >= 1e16:
        return f"an integer of {len(str(abs(x)))} digits"
    return f"{x:g}"


def describe_parameter(p: Parameter, *, schedule: bool = False) -> str:
    """What a parameter accepts, in words: type, units, range (for messages and the schema)."""
    lo, hi = p.allowed
    units = "" if p.units == "1" else f" ({p.units})"
    if lo == hi:
        text = f"fixed at {fmt_number(lo)}{units}"
    else:
        kind = "a whole number" if p.integer else "a number"
        text = f"{kind} from {fmt_number(lo)} to {fmt_number(hi)}{units}"
    if p.regional:
        text += ", or a table of regions {provinces = ..., capitals = ...}"
    if is_date_lever(p):
        text += ', or a date "YYYY-MM"'
    if schedule:
        text += ', or a schedule {at = ["2026-01", ...], value = [...]}'
    return text


# ---------------------------------------------------------------------- value types


def _number(p: Parameter) -> Any:
    lo, hi = p.allowed
    return Annotated[float, Field(strict=True, allow_inf_nan=False, ge=lo, le=hi)]


def _kind(v: Any) -> str:
    if isinstance(v, Mapping):
        return _TAGS["schedule"] if ("at" in v or "value" in v) else _TAGS["regions"]
    if isinstance(v, str):
        return _TAGS["date"]
    return _TAGS["number"]


def _value_type(p: Parameter, *, schedule: bool) -> Any:
    """Union of the forms a parameter takes, chosen by shape (a tagged union)."""
    number = _number(p)
    options: list[Any] = [Annotated[number, Tag(_TAGS["number"])]]
    if p.regional:
        table = Annotated[dict[str, number], Field(min_length=1)]
        options.append(Annotated[table, Tag(_TAGS["regions"])])
    if is_date_lever(p):
        options.append(Annotated[Date, Tag(_TAGS["date"])])
    if schedule:
        options.append(Annotated[_schedule_model(p), Tag(_TAGS["schedule"])])
    if len(options) == 1:
        return number
    union = options[0]
    for option in options[1:]:
        union = union | option
    return Annotated[union, Discriminator(_kind)]


def _schedule_model(p: Parameter) -> type[BaseModel]:
    point = _value_type(p, schedule=False)
    return create_model(
        f"Schedule_{p.name}",
        __config__=_FORBID,
        __doc__=f"A schedule for `{p.name}`: values from given months on.",
        at=(
            list[Date | Finite],
            Field(
                min_length=1,
                description='Months when the value changes: "YYYY-MM" dates or month offsets '
                "from the start, strictly increasing.",
            ),
        ),
        value=(list[point], Field(min_length=1, description="Value from each month on.")),
        interpolation=(
            Literal[INTERPOLATIONS],  # type: ignore[valid-type]
            Field("step", description="step: hold each value; linear: ramp between points."),
        ),
    )


def _field(p: Parameter, annotation: Any, *, schedule: bool = False) -> tuple[Any, Any]:
    lo, hi = p.allowed
    extra: dict[str, Any] = {
        "x-units": p.units,
        "x-allowed": [lo, hi],
        "x-source": p.source,
    }
    if p.plausible:
        extra["x-plausible"] = list(p.plausible)
    markdown = (
        f"{p.doc}\n\n**units** `{p.units}` · **default** `{_default_text(p)}` · "
        f"**accepts** {describe_parameter(p, schedule=schedule)}\n\n*source:* {p.source}"
    )
    extra["markdownDescription"] = markdown
    return (
        annotation | None,
        Field(
            None,
            title=p.name,
            description=f"{p.doc} [{p.units}] {describe_parameter(p, schedule=schedule)}.",
            json_schema_extra=extra,
        ),
    )


def _default_text(p: Parameter) -> str:
    if isinstance(p.default, Mapping):
        return ", ".join(f"{r} = {fmt_number(v)}" for r, v in p.default.items())
    return fmt_number(p.default)


# ---------------------------------------------------------------------- sections


class ScenarioMeta(BaseModel):
    """The `[scenario]` table: what this file is and which file it extends."""

    model_config = _FORBID
    name: Annotated[str, StringConstraints(strict=True, min_length=1, max_length=200)] = Field(
        description="Short name shown in plots and reports."
    )
    description: Annotated[str, StringConstraints(strict=True, max_length=5000)] = Field(
        "", description="What question the scenario answers."
    )
    extends: Annotated[str, StringConstraints(strict=True, min_length=1)] | None = Field(
        None,
        description="Path of the parent scenario, relative to this file; its values are "
        "inherited and this file's values override them.",
    )


class Simulation(BaseModel):
    """The `[simulation]` table: time span, step and integrator."""

    model_config = _FORBID
    start: Date | None = Field(None, description='First month of the run, "YYYY-MM".')
    months: Annotated[float, Field(strict=True, allow_inf_nan=False, gt=0, le=1200)] | None = Field(
        None, description="Length of the run in months (up to 1200)."
    )
    dt: Annotated[float, Field(strict=True, allow_inf_nan=False, gt=0, le=1)] | None = Field(
        None, description="Time step in months; one month must be a whole number of steps."
    )
    method: Literal[tuple(METHODS)] | None = Field(  # type: ignore[valid-type]
        None, description=f"Integrator: one of {', '.join(METHODS)}."
    )
    seed: Annotated[int, Field(strict=True, ge=0, le=2**63 - 1)] | None = Field(
        None, description="Seed of the random generator (Monte Carlo runs)."
    )


Bound = Annotated[float, Field(strict=True, allow_inf_nan=False)]
Positive = Annotated[float, Field(strict=True, allow_inf_nan=False, gt=0)]
_REGIONS_FIELD = Field(
    None, description="For a regional parameter: regions the draw applies to (default all)."
)


class Uniform(BaseModel):
    """Every value between `low` and `high` equally likely."""

    model_config = _FORBID
    dist: Literal["uniform"]
    low: Bound
    high: Bound
    regions: list[str] | None = _REGIONS_FIELD


class Triangular(BaseModel):
    """Most likely at `mode`, falling linearly to zero at `low` and `high`."""

    model_config = _FORBID
    dist: Literal["triangular"]
    low: Bound
    mode: Bound
    high: Bound
    regions: list[str] | None = _REGIONS_FIELD


class Normal(BaseModel):
    """Gaussian with `mean` and `sd`, optionally truncated to [`low`, `high`]."""

    model_config = _FORBID
    dist: Literal["normal"]
    mean: Bound
    sd: Positive
    low: Bound | None = None
    high: Bound | None = None
    regions: list[str] | None = _REGIONS_FIELD


class Lognormal(BaseModel):
    """Log-normal with the given `median` and `sigma` (sd of the log), optionally truncated."""

    model_config = _FORBID
    dist: Literal["lognormal"]
    median: Positive
    sigma: Positive
    low: Bound | None = None
    high: Bound | None = None
    regions: list[str] | None = _REGIONS_FIELD


#: Distributions accepted in ``[uncertainty]``, by the value of ``dist``.
DISTRIBUTIONS: dict[str, type[BaseModel]] = {
    "uniform": Uniform,
    "triangular": Triangular,
    "normal": Normal,
    "lognormal": Lognormal,
}
Distribution = Annotated[Uniform | Triangular | Normal | Lognormal, Field(discriminator="dist")]


@dataclass(frozen=True)
class _Models:
    file: type[BaseModel]
    region: type[BaseModel]


_CACHE: dict[int, _Models] = {}


def _models(model: Model) -> _Models:
    """The pydantic models of a scenario file for ``model`` (built once per model)."""
    if id(model) in _CACHE:
        return _CACHE[id(model)]
    params = model.parameters
    parameters = create_model(
        "Parameters",
        __config__=_FORBID,
        __doc__="Any model parameter: a number, or a table of regions for a regional one.",
        **{n: _field(p, _value_type(p, schedule=False)) for n, p in params.items()},
    )
    policy = create_model(
        "Policy",
        __config__=_FORBID,
        __doc__="Policy levers: a constant or a schedule over time.",
        **{
            n: _field(p, _value_type(p, schedule=True), schedule=True)
            for n, p in params.items()
            if p.lever
        },
    )
    region = create_model(
        "Region",
        __config__=_FORBID,
        __doc__="A region: `like` copies an existing region, then set regional parameters.",
        like=(
            Annotated[str, StringConstraints(strict=True)] | None,
            Field(None, description="Existing region whose values a new region starts from."),
        ),
        **{n: _field(replace_regional(p), _number(p)) for n, p in params.items() if p.regional},
    )
    uncertainty = create_model(
        "Uncertainty",
        __config__=_FORBID,
        __doc__="Distributions of uncertain parameters (Monte Carlo runs).",
        **{
            n: (
                Distribution | None,
                Field(None, title=n, description=f"Distribution of {n} [{p.units}]: {p.doc}"),
            )
            for n, p in params.items()
        },
    )
    region_name = Annotated[str, StringConstraints(pattern=REGION_PATTERN)]
    file_model = create_model(
        "ScenarioFile",
        __config__=ConfigDict(extra="forbid", title="wardilemma scenario"),
        __doc__=f"A wardilemma scenario file (TOML). {ILLUSTRATIVE}.",
        scenario=(ScenarioMeta, Field(description="Name, description and parent file.")),
        simulation=(Simulation | None, Field(None, description="Time span and integrator.")),
        parameters=(parameters | None, Field(None, description="Model parameters.")),
        regions=(
            dict[region_name, region] | None,
            Field(None, description="Add or change regions: [regions.NAME]."),
        ),
        policy=(policy | None, Field(None, description="Policy levers, constant or scheduled.")),
        uncertainty=(uncertainty | None, Field(None, description="Parameter distributions.")),
    )
    _CACHE[id(model)] = _Models(file=file_model, region=region)
    return _CACHE[id(model)]


def replace_regional(p: Parameter) -> Parameter:
    """The parameter as seen inside ``[regions.NAME]``: one number, no table."""
    from dataclasses import replace

    return replace(p, regional=False)


def scenario_schema(model: Model) -> dict[str, Any]:
    """JSON Schema of scenario files for editors (Taplo / Even Better TOML)."""
    schema = _drop_null(_models(model).file.model_json_schema())
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://wardilemma.invalid/scenario.schema.json"
    schema["description"] = (
        f"{schema.get('description', '')} Generated from the model definition by "
        "`wardilemma schema`; do not edit."
    ).strip()
    return schema


def _drop_null(node: Any) -> Any:
    """TOML has no null: remove the ``None`` option pydantic adds for optional keys."""
    if isinstance(node, list):
        return [_drop_null(v) for v in node]
    if not isinstance(node, dict):
        return node
    out = {k: _drop_null(v) for k, v in node.items() if not (k == "default" and v is None)}
    options = out.get("anyOf")
    if isinstance(options, list) and {"type": "null"} in options:
        rest = [o for o in options if o != {"type": "null"}]
        del out["anyOf"]
        if len(rest) == 1:
            out = {**rest[0], **out}
        else:
            out["anyOf"] = rest
    return out


# ---------------------------------------------------------------------- locations


@dataclass(frozen=True)
class Document:
    """One scenario file as read: its path, text and parsed TOML data."""

    path: Path
    text: str
    data: Mapping[str, Any]


_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")


def _key_parts(text: str) -> list[str]:
    return [part.strip().strip("\"'") for part in text.split(".")]


def locate(text: str, loc: Sequence[str | int]) -> int | None:
    """Line (1-based) where the key path ``loc`` is written, found by scanning the text.

    ``tomllib`` gives no positions for keys, so this looks for the deepest table header
    that is a prefix of ``loc`` and then for the next key line under it.
    """
    keys = [str(k) for k in loc if not isinstance(k, int)]
    lines = text.splitlines()
    headers: list[tuple[int, list[str]]] = []
    for i, line in enumerate(lines):
        m = _HEADER.match(line)
        if m:
            headers.append((i, _key_parts(m.group(1))))
    best: tuple[int, int] | None = None  # (depth, line index)
    for i, parts in headers:
        if parts == keys[: len(parts)] and (best is None or len(parts) > best[0]):
            best = (len(parts), i)
    depth, start = best if best else (0, -1)
    if depth == len(keys):
        return start + 1
    end = next((i for i, _ in headers if i > start), len(lines))
    rest = keys[depth:]
    for n in range(len(rest), 0, -1):  # dotted keys `a.b = ...` or the first key `a = ...`
        dotted = r"\s*\.\s*".join(rf"[\"']?{re.escape(k)}[\"']?" for k in rest[:n])
        pattern = re.compile(rf"^\s*{dotted}\s*=")
        for i in range(start + 1, end):
            if pattern.match(lines[i]):
                return i + 1
    return start + 1 if best else None


def where(doc: Document | None, loc: Sequence[str | int], path: Path | None = None) -> str:
    """``file:line: key.path`` prefix of a message."""
    file = doc.path if doc else path
    line = locate(doc.text, loc) if doc else None
    head = f"{file}:{line}" if line else f"{file}"
    return f"{head}: {keypath(loc)}" if loc else head


def keypath(loc: Sequence[str | int]) -> str:
    """``parameters.bonus_rub.provinces`` or ``policy.bonus_rub.at[1]``."""
    out = ""
    for k in loc:
        if isinstance(k, int):
            out += f"[{k}]"
        else:
            k = k if re.fullmatch(r"[A-Za-z0-9_-]+", k) else f'"{k}"'
            out += f".{k}" if out else k
    return out


def show(value: Any, limit: int = 60) -> str:
    """A value as TOML-ish text, shortened."""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, int | float):
        text = fmt_number(value)
    elif isinstance(value, str):
        text = '"' + value.replace('"', '\\"') + '"'
    elif isinstance(value, Mapping):
        text = "{" + ", ".join(f"{k} = {show(v, limit)}" for k, v in value.items()) + "}"
    elif isinstance(value, list | tuple):
        text = "[" + ", ".join(show(v, limit) for v in value) + "]"
    else:
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def did_you_mean(name: str, pool: Sequence[str]) -> str:
    """``; did you mean `bonus_rub`?`` or an empty string."""
    hits = difflib.get_close_matches(name, list(pool), n=3, cutoff=0.6)
    if not hits:
        lowered = {p.lower(): p for p in pool}
        hits = [lowered[name.lower()]] if name.lower() in lowered else []
    return "; did you mean " + " or ".join(f"`{h}`" for h in hits) + "?" if hits else ""


# ---------------------------------------------------------------------- pydantic -> words


def document_problems(doc: Document, model: Model) -> tuple[dict[str, Any] | None, list[str]]:
    """Validate one file's data against the format; return it (plain dicts) and problems.

    Returns
    -------
    data, problems
        ``data`` is the validated content with numbers as floats (only keys written in the
        file). When there are problems, ``data`` holds what is left after removing the
        faulty keys (so that later checks can still report their own findings), or
        ``None`` when nothing sensible is left (a broken ``[scenario]`` table).
    """
    file_model = _models(model).file
    try:
        validated = file_model.model_validate(dict(doc.data))
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        problems = [_message(doc, err, model) for err in errors]
        pruned = _prune(doc.data, [_clean_loc(err["loc"]) for err in errors])
        try:
            rest = file_model.model_validate(pruned) if pruned is not None else None
        except ValidationError:
            rest = None
        data = _dump(rest) if rest else None
        return data, problems
    return _dump(validated), []


def _dump(validated: BaseModel) -> dict[str, Any]:
    # the tagged unions confuse pydantic's serializer warnings; the values are plain data
    return validated.model_dump(exclude_unset=True, exclude_none=True, warnings=False)


def _prune(data: Mapping[str, Any], locs: Sequence[Sequence[str | int]]) -> dict | None:
    """A copy of ``data`` without the keys that failed validation."""
    out: dict[str, Any] = {k: (dict(v) if isinstance(v, Mapping) else v) for k, v in data.items()}
    for loc in locs:
        if not loc or loc[0] == "scenario":
            if len(loc) < 2 or loc[1] == "name" or not isinstance(out.get("scenario"), dict):
                return None
            out["scenario"].pop(loc[1], None)
            continue
        section = out.get(str(loc[0]))
        if len(loc) == 1 or not isinstance(section, dict):
            out.pop(str(loc[0]), None)
            continue
        key = loc[1]
        if loc[0] == "regions" and len(loc) >= 3 and loc[2] != "[key]":
            region = section.get(key)
            if isinstance(region, Mapping):
                section[key] = {k: v for k, v in region.items() if k != loc[2]}
                continue
        section.pop(key, None)
    return out


def _clean_loc(loc: Sequence[str | int]) -> tuple[str | int, ...]:
    tags = set(_TAGS.values()) | set(DISTRIBUTIONS)
    out: list[str | int] = []
    for i, k in enumerate(loc):
        if k in tags and i >= 2 and not (len(out) >= 3 and out[-1] == "[key]"):
            continue
        out.append(k)
    return tuple(out)


def _parameter_at(loc: Sequence[str | int], model: Model) -> Parameter | None:
    if len(loc) >= 2 and loc[0] in ("parameters", "policy", "uncertainty"):
        return model.parameters.get(str(loc[1]))
    if len(loc) >= 3 and loc[0] == "regions":
        return model.parameters.get(str(loc[2]))
    return None


def _message(doc: Document, err: Mapping[str, Any], model: Model) -> str:
    loc = _clean_loc(err["loc"])
    if loc and loc[-1] == "[key]":
        loc = loc[:-1]
        text = (
            f"region name {show(loc[-1])} is not allowed: use lowercase letters, digits "
            "and underscores, starting with a letter (e.g. `samara`)"
        )
        return f"{where(doc, loc)}: {text}"
    handler = _HANDLERS.get(err["type"], _fallback)
    text = handler(err, loc, model)
    value = err.get("input")
    shown = "" if err["type"] in ("missing", "extra_forbidden") else f" = {show(value)}"
    if err["type"] == "extra_forbidden":
        shown = f" = {show(value)}"
    return f"{where(doc, loc)}{shown}: {text}"


def _expected(loc: Sequence[str | int], model: Model) -> str:
    p = _parameter_at(loc, model)
    if p is None:
        return ""
    in_regions = loc[0] == "regions"
    q = replace_regional(p) if in_regions else p
    return f" (`{p.name}` accepts {describe_parameter(q, schedule=loc[0] == 'policy')})"


def _range(err: Mapping[str, Any], loc: Sequence[str | int], model: Model) -> str:
    p = _parameter_at(loc, model)
    if p is not None and loc[0] != "uncertainty":
        lo, hi = p.allowed
        units = "" if p.units == "1" else f" ({p.units})"
        if lo == hi:
            return f"`{p.name}` is fixed at {fmt_number(lo)}{units} and cannot be changed"
        return (
            f"out of the allowed range {fmt_number(lo)} to {fmt_number(hi)}{units} "
            f"for `{p.name}` ({p.doc.rstrip('.')})"
        )
    ctx = err.get("ctx", {})
    words = {"ge": ">=", "gt": ">", "le": "<=", "lt": "<"}
    bound = next((f"{words[k]} {fmt_number(v)}" for k, v in ctx.items() if k in words), "")
    return f"must be {bound}"


def _number_type(err: Mapping[str, Any], loc: Sequence[str | int], model: Model) -> str:
    value = err.get("input")
    if isinstance(value, int) and not isinstance(value, bool):
        return "number too large" + _expected(loc, model)
    if isinstance(value, Mapping) and _parameter_at(loc, model) is not None:
        tag = _kind(value)  # a table where only a number fits: say why
        return _tag_invalid({**err, "ctx": {"tag": tag}}, loc, model)
    got = _type_name(value)
    hint = ""
    if isinstance(value, str):
        try:
            float(value.replace("_", ""))
            hint = "; write numbers without quotes"
        except ValueError:
            hint = ""
    return f"expected a number, got {got}{hint}" + _expected(loc, model)


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, Mapping):
        return "a table"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, int | float):
        return "a number"
    return type(value).__name__


def _pool_at(loc: Sequence[str | int], model: Model) -> tuple[list[str], str]:
    """Valid keys at the parent of ``loc`` and the name of that place."""
    parent = loc[:-1]
    if not parent:
        return list(SECTIONS), "top-level table"
    section = parent[0]
    models = _models(model)
    if len(parent) == 1:
        pools = {
            "scenario": list(ScenarioMeta.model_fields),
            "simulation": list(Simulation.model_fields),
            "parameters": list(model.parameters),
            "policy": [n for n, p in model.parameters.items() if p.lever],
            "uncertainty": list(model.parameters),
        }
        return pools.get(str(section), []), f"[{section}]"
    if section == "regions" and len(parent) == 2:
        return list(models.region.model_fields), f"[regions.{parent[1]}]"
    if section == "policy" and len(parent) == 2:
        return ["at", "value", "interpolation"], f"a schedule ({keypath(parent)})"
    if section == "uncertainty" and len(parent) == 2:
        fields: set[str] = set()
        for cls in DISTRIBUTIONS.values():
            fields |= set(cls.model_fields)
        return sorted(fields), keypath(parent)
    return [], keypath(parent)


def _extra(err: Mapping[str, Any], loc: Sequence[str | int], model: Model) -> str:
    name = str(loc[-1])
    pool, place = _pool_at(loc, model)
    section = loc[0] if len(loc) > 1 else None
    p = model.parameters.get(name)
    if section == "policy" and len(loc) == 2 and p is not None:
        return f"`{name}` is not a policy lever: set it under [parameters]"
    if section == "regions" and len(loc) == 3 and p is not None:
        return f"`{name}` is national (one value for the country): set it under [parameters]"
    if section in ("parameters", "policy", "uncertainty") and len(loc) == 2 and p is None:
        element = model.elements.get(name)
        if element is not None:
            kind = type(element).__name__.lower()
            return (
                f"`{name}` is {'an' if kind[0] in 'aeiou' else 'a'} {kind} computed by the "
                "model, not a parameter; scenario files set parameters only"
            )
    if section == "uncertainty" and len(loc) == 3:
        dist = err.get("loc", ())
        fields = next((list(c.model_fields) for d, c in DISTRIBUTIONS.items() if d in dist), pool)
        return f"unknown key `{name}` for this distribution (keys: {', '.join(fields)})"
    hint = did_you_mean(name, pool)
    if not hint and section is None:
        hint = f" (tables: {', '.join(SECTIONS)})"
    return f"unknown key `{name}` in {place}{hint}"


def _missing(err: Mapping[str, Any], loc: Sequence[str | int], model: Model) -> str:
    if loc == ("scenario",):
        return 'missing [scenario] table: every scenario file starts with [scenario] name = "..."'
    return f"required key `{loc[-1]}` is missing"


def _tag_invalid(err: Mapping[str, Any], loc: Sequence[str | int], model: Model) -> str:
    tag = err.get("ctx", {}).get("tag", "")
    p = _parameter_at(loc, model)
    if loc and loc[0] == "uncertainty":
        got = err.get("ctx", {}).get("tag")
        return f"unknown distribution {show(got)}{did_you_mean(str(got), list(DISTRIBUTIONS))}" + (
            f" (choose {', '.join(DISTRIBUTIONS)})"
        )
    if p is None:
        return _fallback(err, loc, model)
    if loc[0] == "regions" and tag in (_TAGS["regions"], _TAGS["schedule"]):
        return f"under [regions.{loc[1]}] give one number for this region, not a table"
    if tag == _TAGS["regions"]:
        return (
            f"`{p.name}` is national: give one value for the country, not a table of regions"
            + _expected(loc, model)
        )
    if tag == _TAGS["schedule"]:
        if loc[0] == "parameters" and p.lever:
            return "schedules belong under [policy], not [parameters]"
        if loc[0] == "parameters":
            return f"`{p.name}` is not a policy lever and cannot follow a schedule"
        return "a schedule point takes one value (or a table of regions), not another schedule"
    if tag == _TAGS["date"]:
        return _number_type(err, loc, model)
    return _fallback(err, loc, model)


def _tag_missing(err: Mapping[str, Any], loc: Sequence[str | int], model: Model) -> str:
    return f"missing `dist` (one of {', '.join(DISTRIBUTIONS)})"


def _literal(err: Mapping[str, Any], loc: Sequence[str | int], model: Model) -> str:
    expected = err.get("ctx", {}).get("expected", "")
    options = re.findall(r"'([^']*)'", expected)
    value = err.get("input")
    hint = did_you_mean(str(value), options) if isinstance(value, str) else ""
    return f"must be one of {', '.join(options)}{hint}"


def _pattern(err: Mapping[str, Any], loc: Sequence[str | int], model: Model) -> str:
    return 'expected a year-month date like "2026-01" (month 01 to 12)' + _expected(loc, model)


def _string(err: Mapping[str, Any], loc: Sequence[str | int], model: Model) -> str:
    return f"expected a string in quotes, got {_type_name(err.get('input'))}"


def _finite(err: Mapping[str, Any], loc: Sequence[str | int], model: Model) -> str:
    return "nan and inf are not allowed: give a finite number" + _expected(loc, model)


def _table(err: Mapping[str, Any], loc: Sequence[str | int], model: Model) -> str:
    return f"expected a table, got {_type_name(err.get('input'))}"


def _array(err: Mapping[str, Any], loc: Sequence[str | int], model: Model) -> str:
    return f"expected an array [...], got {_type_name(err.get('input'))}"


def _too_short(err: Mapping[str, Any], loc: Sequence[str | int], model: Model) -> str:
    return "must not be empty"


def _int(err: Mapping[str, Any], loc: Sequence[str | int], model: Model) -> str:
    return f"expected a whole number, got {_type_name(err.get('input'))}"


def _fallback(err: Mapping[str, Any], loc: Sequence[str | int], model: Model) -> str:
    return str(err.get("msg", "invalid value")) + _expected(loc, model)


_Handler = Callable[[Mapping[str, Any], Sequence[str | int], Model], str]
_HANDLERS: dict[str, _Handler] = {
    "extra_forbidden": _extra,
    "missing": _missing,
    "float_type": _number_type,
    "float_parsing": _number_type,
    "finite_number": _finite,
    "greater_than_equal": _range,
    "less_than_equal": _range,
    "greater_than": _range,
    "less_than": _range,
    "union_tag_invalid": _tag_invalid,
    "union_tag_not_found": _tag_missing,
    "literal_error": _literal,
    "string_pattern_mismatch": _pattern,
    "string_type": _string,
    "string_too_short": _too_short,
    "too_short": _too_short,
    "dict_type": _table,
    "model_type": _table,
    "model_attributes_type": _table,
    "list_type": _array,
    "int_type": _int,
    "int_from_float": _int,
}


def is_finite_number(x: Any) -> bool:
    """A real, finite number (not a boolean)."""
    return isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x)
