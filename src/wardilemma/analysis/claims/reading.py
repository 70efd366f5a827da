"""Reading a claims file (:func:`load_claims`): TOML, validation against the types of
:mod:`.spec`, scenario names resolved to files, and every mistake as a sentence naming the
file, the line, the key and what is allowed (with a did-you-mean).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from wardilemma.analysis.claims.spec import (
    KINDS,
    Claim,
    ClaimError,
    ClaimsFile,
    ClaimsTable,
    CompareClaim,
    Measure,
    MonotoneClaim,
    OvertakesClaim,
    ThresholdClaim,
    Time,
)
from wardilemma.metrics import METRICS
from wardilemma.model import WAR_ECONOMY
from wardilemma.paths import find_scenarios_dir
from wardilemma.scenario import ScenarioError, month_offset
from wardilemma.scenario.locate import did_you_mean, keypath, locate, show
from wardilemma.scenario.types import MAX_FILE_BYTES

__all__ = ["default_scenario_dirs", "load_claims"]


def default_scenario_dirs(claims_file: Path) -> list[Path]:
    """Where bare scenario names are looked up after the claims file's own folder:
    ``scenarios/`` beside the claims folder, then the shipped scenarios."""
    dirs = [claims_file.resolve().parent.parent / "scenarios"]
    shipped = find_scenarios_dir()
    if shipped is not None:
        dirs.append(shipped)
    return [d for d in dirs if d.is_dir()]


def _roles(spec: Any) -> dict[str, str]:
    if spec.kind in ("threshold", "monotone"):
        return {"scenario": spec.scenario}
    return {"a": spec.a, "b": spec.b}


def _resolve(name: str, folder: Path, search: Sequence[Path]) -> Path | None:
    """A scenario given as a path or a bare name (``sudden_peace``), searched in ``folder``
    and then in ``search`` (the shipped scenarios)."""
    candidates = [name] if name.endswith(".toml") else [f"{name}.toml", name]
    for base in (folder, *search):
        for c in candidates:
            path = (base / c).resolve()
            if path.is_file():
                return path
    return None


def _scenario_pool(folder: Path, search: Sequence[Path]) -> list[str]:
    pool: set[str] = set()
    for base in (folder, *search):
        if base.is_dir():
            pool.update(p.stem for p in base.glob("*.toml"))
    return sorted(pool)


def _line(text: str, loc: Sequence[str | int]) -> int | None:
    """Line (1-based) of ``loc`` in a claims file: ``("claim", i, key, ...)`` is looked up
    under the i-th ``[[claim]]`` header; anything else as in scenario files."""
    if len(loc) < 2 or loc[0] != "claim" or not isinstance(loc[1], int):
        return locate(text, loc)
    lines = text.splitlines()
    headers = [n for n, line in enumerate(lines) if line.strip().startswith("[[claim]]")]
    if loc[1] >= len(headers):
        return None
    start = headers[loc[1]]
    end = headers[loc[1] + 1] if loc[1] + 1 < len(headers) else len(lines)
    if len(loc) > 2 and isinstance(loc[2], str):
        for n in range(start + 1, end):
            if lines[n].split("=")[0].strip() == loc[2]:
                return n + 1
    return start + 1


def _pydantic_message(text: str, path: Path, err: Mapping[str, Any], data: Any) -> str:
    loc = [x for x in err["loc"] if not (isinstance(x, str) and x in _KIND_TAGS)]
    line = _line(text, loc)
    head = f"{path}:{line}" if line else str(path)
    key = keypath(loc)
    kind = err["type"]
    if kind == "extra_forbidden":
        field = str(loc[-1])
        pool = _allowed_keys(loc, data)
        hint = did_you_mean(field, pool)
        allowed = f"; allowed keys here: {', '.join(pool)}" if pool else ""
        return f"{head}: {key}: unknown key{hint or allowed}"
    if kind == "missing":
        return f"{head}: {key}: missing (required)"
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        got = err.get("input", {})
        got = got.get("kind") if isinstance(got, Mapping) else None
        hint = did_you_mean(str(got), list(KINDS)) if got else ""
        return (
            f"{head}: {key}.kind = {show(got)}: unknown claim kind{hint} "
            f"(allowed: {', '.join(KINDS)})"
            if got is not None
            else f"{head}: {key}.kind: missing (allowed: {', '.join(KINDS)})"
        )
    value = show(err.get("input"))
    return f"{head}: {key} = {value}: {err['msg']}"


_KIND_TAGS = set(KINDS)


def _allowed_keys(loc: Sequence[Any], data: Any) -> list[str]:
    """Keys allowed in the table that holds ``loc[-1]``."""
    if len(loc) == 1:
        return sorted(ClaimsTable.model_fields)
    if loc[0] == "claim" and len(loc) >= 3:
        item = data.get("claim", [])[loc[1]] if isinstance(data, Mapping) else {}
        kind = item.get("kind") if isinstance(item, Mapping) else None
        model = {
            "threshold": ThresholdClaim,
            "compare": CompareClaim,
            "overtakes": OvertakesClaim,
            "monotone": MonotoneClaim,
        }.get(kind)
        if len(loc) >= 4 and loc[2] == "measure":
            return sorted(Measure.model_fields)
        if model is not None:
            return sorted(model.model_fields)
    return []


def load_claims(
    path: str | Path,
    *,
    scenario_dirs: Sequence[Path] = (),
    variables: Sequence[str] | None = None,
    parameters: Sequence[str] | None = None,
) -> ClaimsFile:
    """Read and validate a claims file.

    Parameters
    ----------
    path
        The claims file (TOML).
    scenario_dirs
        Folders searched, after the claims file's own folder, for scenarios named without a
        path (``b = "sudden_peace"``).
    variables, parameters
        Names a measure may read and a monotone claim may vary (default: the war-economy
        model's); unknown names are errors with a did-you-mean.

    Raises
    ------
    ClaimError
        With every problem found, each naming the file, line and key.
    """
    path = Path(path)
    if not path.is_file():
        raise ClaimError(f"{path}: file not found", path=path)
    if not scenario_dirs:
        scenario_dirs = default_scenario_dirs(path)
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ClaimError(f"{path}: larger than {MAX_FILE_BYTES:,} bytes", path=path)
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except UnicodeDecodeError:
        raise ClaimError(f"{path}: not a UTF-8 text file", path=path) from None
    except tomllib.TOMLDecodeError as exc:
        raise ClaimError(f"{path}: not valid TOML: {exc}", path=path) from None
    try:
        parsed = ClaimsTable.model_validate(data)
    except ValidationError as exc:
        problems = [_pydantic_message(text, path, e, data) for e in exc.errors()]
        raise ClaimError.collect(path, problems) from None

    if variables is None:
        variables = [*WAR_ECONOMY.stocks, *WAR_ECONOMY.flows, *WAR_ECONOMY.auxiliaries]
    if parameters is None:
        parameters = list(WAR_ECONOMY.parameters)
    folder = path.parent.resolve()
    problems: list[str] = []
    claims: list[Claim] = []
    seen: dict[str, int] = {}
    for i, spec in enumerate(parsed.claim):
        line = _line(text, ("claim", i))
        head = f"{path}:{line}" if line else str(path)
        if spec.id in seen:
            problems.append(f"{head}: claim[{i}].id = {show(spec.id)}: duplicate id")
        seen[spec.id] = i
        resolved: dict[str, Path] = {}
        for role, name in _roles(spec).items():
            found = _resolve(name, folder, scenario_dirs)
            if found is None:
                pool = _scenario_pool(folder, scenario_dirs)
                hint = did_you_mean(Path(name).stem, pool)
                at = _line(text, ("claim", i, role)) or line
                problems.append(
                    f"{path}:{at}: claim[{i}].{role} = {show(name)}: scenario file not found "
                    f"next to the claims file or among the shipped scenarios{hint}"
                )
            else:
                resolved[role] = found
        problems += _name_problems(spec, i, head, variables, parameters)
        claims.append(Claim(spec=spec, scenarios=resolved, line=line))
    if problems:
        raise ClaimError.collect(path, problems)
    return ClaimsFile(path=path, title=parsed.title, claims=tuple(claims))


def _name_problems(
    spec: Any, i: int, head: str, variables: Sequence[str], parameters: Sequence[str]
) -> list[str]:
    problems = []
    measures = [("measure", spec.measure)] if hasattr(spec, "measure") else []
    for key, m in measures:
        if m.metric is not None and m.metric not in METRICS:
            problems.append(
                f"{head}: claim[{i}].{key}.metric = {show(m.metric)}: unknown metric"
                f"{did_you_mean(m.metric, list(METRICS))} (`wardilemma claims --list` lists them)"
            )
        if m.variable is not None and m.variable not in variables:
            problems.append(
                f"{head}: claim[{i}].{key}.variable = {show(m.variable)}: unknown variable"
                f"{did_you_mean(m.variable, list(variables))}"
            )
        if m.window is not None:
            problems += _window_problems(m.window, f"{head}: claim[{i}].{key}.window")
    if spec.kind == "overtakes" and spec.variable not in variables:
        problems.append(
            f"{head}: claim[{i}].variable = {show(spec.variable)}: unknown variable"
            f"{did_you_mean(spec.variable, list(variables))}"
        )
    if spec.kind == "monotone":
        if spec.lever not in parameters:
            problems.append(
                f"{head}: claim[{i}].lever = {show(spec.lever)}: unknown parameter"
                f"{did_you_mean(spec.lever, list(parameters))}"
            )
        if list(spec.values) != sorted(spec.values) or len(set(spec.values)) < len(spec.values):
            problems.append(
                f"{head}: claim[{i}].values = {show(list(spec.values))}: "
                "give strictly increasing values"
            )
        param = WAR_ECONOMY.parameters.get(spec.lever)
        if param is not None:
            lo, hi = param.allowed
            outside = [v for v in spec.values if not lo <= v <= hi]
            if outside:
                problems.append(
                    f"{head}: claim[{i}].values = {show(list(spec.values))}: "
                    f"{spec.lever} must be in {lo:g} to {hi:g} {param.units}"
                )
        if spec.starting is not None:
            problems += _window_problems((0, spec.starting), f"{head}: claim[{i}].starting")
    return problems


def _window_problems(window: tuple[Time, Time], where: str) -> list[str]:
    try:
        lo, hi = (month_offset(w, "2025-01") for w in window)
    except ScenarioError:
        return [f'{where} = {show(list(window))}: expected months or "YYYY-MM" dates']
    if hi <= lo:
        return [f"{where} = {show(list(window))}: the end must come after the start"]
    return []
