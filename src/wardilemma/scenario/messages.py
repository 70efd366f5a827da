"""Validating one scenario file against the format, and pydantic's errors as sentences.

:func:`document_problems` validates a file's data in one pass and turns every pydantic
error into a message that names the file, line, key path, value and what is allowed, with
one small handler per error type (:data:`_HANDLERS`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from pydantic import BaseModel, ValidationError

from wardilemma.model import Model
from wardilemma.model.spec import Parameter
from wardilemma.scenario.locate import Document, did_you_mean, keypath, show, where
from wardilemma.scenario.schema import (
    _TAGS,
    DISTRIBUTIONS,
    SECTIONS,
    ScenarioMeta,
    Simulation,
    _kind,
    _models,
    describe_parameter,
    replace_regional,
)
from wardilemma.text import fmt_number

__all__ = ["document_problems"]


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
        errors = _one_per_mistake(exc.errors(include_url=False))
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


#: pydantic's names of the members of a union (``Date | float``), not keys of the file.
_UNION_MEMBERS = frozenset({"constrained-str", "str", "float", "int", "bool"})

#: Error types that only say "not this type": dropped when another member of the same
#: union says what is wrong with the value (``"2025-13"``: a bad date, not "not a number").
_TYPE_ONLY = frozenset({"float_type", "float_parsing", "int_type", "int_parsing",
                        "string_type", "bool_type", "bool_parsing"})  # fmt: skip


def _one_per_mistake(errors: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """One error per key: a value that fails every member of a union is one mistake."""
    by_loc: dict[tuple[str | int, ...], list[Mapping[str, Any]]] = {}
    for err in errors:
        by_loc.setdefault(_clean_loc(err["loc"]), []).append(err)
    out = []
    for group in by_loc.values():
        specific = [e for e in group if e["type"] not in _TYPE_ONLY]
        out.append((specific or group)[0])
    return out


def _clean_loc(loc: Sequence[str | int]) -> tuple[str | int, ...]:
    tags = set(_TAGS.values()) | set(DISTRIBUTIONS)
    loc = list(loc)
    while loc and loc[-1] in _UNION_MEMBERS:
        loc.pop()
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
