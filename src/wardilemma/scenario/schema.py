"""The scenario file format as pydantic v2 models, and its JSON Schema.

About 400 lines: one model per table of the file format and per distribution, each field
with the description editors show.

The models are generated from the model definition (``WAR_ECONOMY.parameters``): every
parameter is a key of ``[parameters]`` with its units and ranges, every lever a key of
``[policy]``. :func:`scenario_schema` gives editors the same format as a JSON Schema;
:mod:`~wardilemma.scenario.messages` turns pydantic's errors into sentences.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    create_model,
)

from wardilemma.model import Model
from wardilemma.model.spec import Parameter
from wardilemma.scenario.schedules import INTERPOLATIONS
from wardilemma.text import ILLUSTRATIVE, fmt_number

__all__ = [
    "DATE_PATTERN",
    "DISTRIBUTIONS",
    "METHOD_NAMES",
    "SECTIONS",
    "describe_parameter",
    "is_date_lever",
    "scenario_schema",
]

#: The integrators a scenario file may ask for (``[simulation] method``): the keys of
#: :data:`wardilemma.engine.integrators.METHODS`, which implements them (a test checks that
#: they agree; the file format sits below the engine, which imports it).
METHOD_NAMES: tuple[str, ...] = ("euler", "rk4")

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
    """True for a parameter that is a month of the run (``ceasefire_month``,
    ``war_start_month``): it accepts dates."""
    return p.units == "month" and p.name.endswith("_month")


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
        after=(
            Literal["ceasefire"] | None,  # type: ignore[valid-type]
            Field(
                None,
                description='"ceasefire": `at` counts months after the ceasefire (numbers only), '
                "so the schedule moves with the ceasefire; absent: `at` is calendar dates or "
                "months since the start.",
            ),
        ),
        at=(
            list[Date | Finite],
            Field(
                min_length=1,
                description='Months when the value changes: "YYYY-MM" dates or month offsets '
                'from the start (or, with after = "ceasefire", months after the ceasefire), '
                "strictly increasing.",
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
    method: Literal[METHOD_NAMES] | None = Field(  # type: ignore[valid-type]
        None, description=f"Integrator: one of {', '.join(METHOD_NAMES)}."
    )
    seed: Annotated[int, Field(strict=True, ge=0, le=2**63 - 1)] | None = Field(
        None, description="Seed of the random generator (Monte Carlo runs)."
    )
    branch: Date | None = Field(
        None,
        description='Month the future starts, "YYYY-MM" (default: the start of the run): '
        "summary metrics such as peaks are taken from it on, and figures shade the history "
        "before it.",
    )
    at_rest_since: Date | None = Field(None, description=(
        'Month since which the economy the run starts from was at rest, "YYYY-MM" (at most the '
        "start): the record's figures of those months are set beside the first month held."
    ))  # fmt: skip


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


#: ``id(model) -> (model, its file models)``; the model is kept with its entry, so that a
#: new model at a dead one's address is never handed the dead one's schema.
_CACHE: dict[int, tuple[Model, _Models]] = {}


def _models(model: Model) -> _Models:
    """The pydantic models of a scenario file for ``model`` (built once per model)."""
    hit = _CACHE.get(id(model))
    if hit is not None and hit[0] is model:
        return hit[1]
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
    models = _Models(file=file_model, region=region)
    _CACHE[id(model)] = (model, models)
    return models


def replace_regional(p: Parameter) -> Parameter:
    """The parameter as seen inside ``[regions.NAME]``: one number, no table."""
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
