"""Reading scenario files: bytes -> TOML -> the ``extends`` chain -> one :class:`Scenario`.

:func:`load_scenario` is the public entry point. A file is read with clear messages for
unreadable input (missing, binary, not UTF-8, TOML syntax with a hint), its ``extends``
parents are followed (cycles and depth are checked), every file is validated
(:mod:`~wardilemma.scenario.messages`), the files are merged in order
(:mod:`~wardilemma.scenario.merge`), and every problem found is reported at once.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import hashlib
import json
import os
import re
import tomllib
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from wardilemma import paths
from wardilemma.model import WAR_ECONOMY, Model
from wardilemma.scenario.locate import Document
from wardilemma.scenario.merge import OVERRIDES, Merger, Origin
from wardilemma.scenario.messages import document_problems
from wardilemma.scenario.types import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    Scenario,
    ScenarioError,
    ScenarioWarning,
)

__all__ = ["OVERRIDES", "file_hash", "load_scenario", "read_scenario_file"]


def load_scenario(
    path: str | Path,
    *,
    warn: bool = True,
    overrides: Mapping[str, Any] | None = None,
) -> Scenario:
    """Read a scenario file (TOML), following ``extends`` chains, and validate it.

    Parameters
    ----------
    path
        The scenario file.
    warn
        Emit a :class:`ScenarioWarning` for each value outside its plausible range (the
        messages are also in :attr:`Scenario.warnings`).
    overrides
        Extra ``[parameters]`` applied on top of the file, validated exactly like a value
        written in it (as a last child of the ``extends`` chain, named ``--set`` in
        messages): ``{"casualty_rate": 0.02, "ceasefire_month": "2026-01",
        "bonus_rub": {"provinces": 4e6}}``. A value replaces any schedule of that lever.

    Raises
    ------
    ScenarioError
        When a file cannot be read or anything in the chain is invalid; ``problems`` lists
        every problem, each naming the file, line, key, value and what is allowed.
    """
    scenario = read_scenario_file(Path(path), overrides=overrides)
    if warn:
        for message in scenario.warnings:
            warnings.warn(message, ScenarioWarning, stacklevel=2)
    return scenario


def file_hash(paths: list[Path]) -> str:
    """SHA-256 over the bytes of a scenario file and its parents."""
    h = hashlib.sha256()
    for p in paths:
        h.update(p.read_bytes())
    return h.hexdigest()


def _chain_hash(docs: list[Any]) -> str:
    """SHA-256 of the files of a chain, and of any overrides applied on top."""
    files = [d.path for d in docs if d.path != OVERRIDES]
    extra = [d.data["parameters"] for d in docs if d.path == OVERRIDES]
    if not extra:
        return file_hash(files)
    h = hashlib.sha256(file_hash(files).encode())
    h.update(json.dumps(extra, sort_keys=True, default=str).encode())
    return h.hexdigest()


def read_scenario_file(
    path: Path, model: Model = WAR_ECONOMY, overrides: Mapping[str, Any] | None = None
) -> Scenario:
    """Read, validate and merge a scenario file and its ``extends`` parents.

    ``overrides`` (``name -> value``) are validated and applied as a last child file.

    Raises
    ------
    ScenarioError
        With every problem of every file in the chain (syntax errors stop at the first).
    """
    docs = _read_chain(path)
    if overrides:
        meta = docs[-1].data.get("scenario")
        name = meta.get("name") if isinstance(meta, Mapping) else None
        data = {"scenario": {"name": name if isinstance(name, str) else path.stem}}
        data["parameters"] = dict(overrides)
        docs.append(Document(path=OVERRIDES, text="", data=data))
    problems: list[str] = []
    contents = []
    for doc in docs:
        data, found = document_problems(doc, model)
        problems += found
        contents.append(data)
    if any(data is None for data in contents):
        raise ScenarioError.collect(path, _sorted(problems, docs))
    merger = Merger(model)
    for doc, data in zip(docs, contents, strict=True):
        merger.add(doc, data)
    try:
        scenario = merger.finish(path, docs, _chain_hash(docs))
    except ScenarioError as exc:
        problems += exc.problems
        raise ScenarioError.collect(path, _sorted(problems, docs), exc.warnings) from None
    if problems:
        raise ScenarioError.collect(path, _sorted(problems, docs), list(scenario.warnings))
    files = [d for d in docs if d.path != OVERRIDES]
    hint = _schema_hint(files[-1])
    if hint:
        scenario = dataclasses.replace(scenario, warnings=(*scenario.warnings, hint))
    return _named_apart(scenario, files)


#: An editor's schema line (Taplo, Even Better TOML): ``#:schema PATH`` in the first lines.
_SCHEMA_LINE = re.compile(r"^#:schema[ \t]+(\S+)[ \t]*$", re.MULTILINE)

#: The JSON Schema of scenario files in a source checkout (``wardilemma schema`` writes it).
SCHEMA_FILE = "scenario.schema.json"


def _schema_hint(doc: Document) -> str | None:
    """A warning for a ``#:schema`` line that points nowhere from this file (a copied
    scenario keeps the shipped files' ``../docs/scenario.schema.json``), with the path that
    works from here."""
    m = _SCHEMA_LINE.search(doc.text, 0, 4000)
    if m is None or "://" in m[1] or (doc.path.parent / m[1]).is_file():
        return None
    shipped = paths.shipped_scenarios_dir()
    if shipped is not None and doc.path.resolve().parent == shipped.resolve():
        return None  # an installed scenario: not the user's file to edit
    line = doc.text.count("\n", 0, m.start()) + 1
    schema = paths.docs_dir() / SCHEMA_FILE
    if schema.is_file():
        rel = Path(os.path.relpath(schema, doc.path.resolve().parent)).as_posix()
        fix = f"write `#:schema {rel}`"
    else:
        here = doc.path.parent / SCHEMA_FILE
        fix = f"write the schema with `wardilemma schema -o {here}` and `#:schema {SCHEMA_FILE}`"
    return (
        f"{doc.path}:{line}: `#:schema {m[1]}` points nowhere from this file, so the editor "
        f"gives no completion; {fix}"
    )


@functools.lru_cache(maxsize=4)
def _shipped_names(folder: Path) -> dict[Path, str]:
    """``file -> [scenario] name`` of the scenarios in ``folder`` (read once per process)."""
    names = {}
    for f in sorted(folder.glob("*.toml")):
        try:
            meta = tomllib.loads(f.read_text(encoding="utf-8")).get("scenario")
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            continue
        if isinstance(meta, Mapping) and isinstance(meta.get("name"), str):
            names[f.resolve()] = meta["name"]
    return names


def _named_apart(scenario: Scenario, files: list[Any]) -> Scenario:
    """A file that kept the name of a parent or of a shipped scenario (a copy, usually) is
    told so, and its name gets the file's stem so its outputs cannot pass for the other's;
    ``copied_from`` names the other file (the outputs record what differs from it)."""
    meta = files[-1].data.get("scenario")
    name = meta.get("name") if isinstance(meta, Mapping) else None
    if not isinstance(name, str):
        return scenario
    me = files[-1].path.resolve()
    source = next((d.path for d in reversed(files[:-1])
                   if isinstance(d.data.get("scenario"), Mapping)
                   and d.data["scenario"].get("name") == name), None)  # fmt: skip
    shipped = paths.shipped_scenarios_dir()
    if source is None and shipped is not None:
        found = _shipped_names(shipped.resolve())
        source = next((f for f, n in found.items() if n == name and f != me), None)
        if source is not None and source.read_bytes() == files[-1].text.encode():
            return scenario  # the shipped scenario itself, in another place: the same outputs
    if source is None:
        return scenario
    label = f"{name} ({files[-1].path.stem})"
    warning = (
        f"{files[-1].path}: named {name!r} like {source}, so its outputs would pass for that "
        f"scenario's; they are titled {label!r}. Give it a name of its own: [scenario] "
        f'name = "..."'
    )
    return dataclasses.replace(
        scenario, name=label, copied_from=source, warnings=(*scenario.warnings, warning)
    )


def _sorted(problems: list[str], docs: list[Any]) -> list[str]:
    """Problems in file order (parents first), then by line."""
    order = {str(d.path): i for i, d in enumerate(docs)}

    def key(message: str) -> tuple[int, int]:
        m = re.match(r"(.*?):(\d+):", message)
        if m and m[1] in order:
            return order[m[1]], int(m[2])
        head = message.split(":", 1)[0]
        return order.get(head, len(order)), 0

    return sorted(dict.fromkeys(problems), key=key)


_SYNTAX_HINTS = {
    "Cannot overwrite a value": "a key or table is written twice",
    "Cannot declare": "a table is written twice",
    "Invalid value": 'values are numbers, "strings in quotes", [arrays] or {tables}',
    "Expected '=' after a key": "each line is `key = value`",
    "Invalid statement": "each line is `key = value` or a [table] header",
    "Unclosed": "a bracket or quote is not closed",
}


def _read_document(path: Path, via: tuple[Origin, str] | None, top: Path) -> Any:
    """One file as a :class:`~wardilemma.scenario.locate.Document`; raise on unreadable input."""

    def fail(text: str, at: str | None = None) -> ScenarioError:
        if via is not None:
            origin, extends = via
            text = f"{origin.text(extends)}: parent file {path}: {text}"
        else:
            text = f"{at or path}: {text}"
        return ScenarioError.collect(top, [text])

    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise fail("file not found") from None
    except IsADirectoryError:
        raise fail("is a directory, not a scenario file") from None
    except OSError as exc:
        raise fail(f"cannot be read ({exc.strerror})") from None
    if len(raw) > MAX_FILE_BYTES:
        raise fail(f"file too large ({len(raw)} bytes; a scenario file is a few kilobytes)")
    if b"\x00" in raw:
        byte = raw.index(b"\x00")
        raise fail(f"not a text file (binary data at byte {byte}): a scenario is a UTF-8 TOML file")
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise fail(f"not UTF-8 text (invalid byte at position {exc.start})") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        m = re.search(r"\(at line (\d+), column (\d+)\)", message)
        reason = message[: m.start()].strip() if m else message
        hint = next((h for k, h in _SYNTAX_HINTS.items() if reason.startswith(k)), "")
        reason += f" ({hint})" if hint else ""
        if m:
            raise fail(f"TOML syntax error: {reason}", at=f"{path}:{m[1]}:{m[2]}") from None
        raise fail(f"TOML syntax error: {reason}") from None
    if not data:
        raise fail('the file is empty: a scenario needs at least [scenario] name = "..."')
    return Document(path=path, text=text, data=data)


def _read_chain(path: Path) -> list[Any]:
    """The file and its ``extends`` parents, parent first."""
    chain: list[Any] = []
    seen: list[Path] = []
    current, via = path, None
    while True:
        resolved = current.resolve()
        if resolved in seen:
            origin, extends = via  # type: ignore[misc]
            loop = " -> ".join(str(d.path) for d in chain[seen.index(resolved) :])
            raise ScenarioError.collect(
                path, [f"{origin.text(extends)}: inheritance cycle: {loop} -> {current}"]
            )
        doc = _read_document(current, via, path)
        chain.append(doc)
        seen.append(resolved)
        meta = doc.data.get("scenario")
        extends = meta.get("extends") if isinstance(meta, Mapping) else None
        if not isinstance(extends, str) or not extends:
            break  # a wrong type is reported by the validation of the file
        if len(chain) >= MAX_DEPTH:
            raise ScenarioError.collect(path, [f"{doc.path}: `extends` chain longer than 32"])
        via = (Origin(doc, ("scenario", "extends")), extends)
        current = _parent(doc.path, extends)
        if not current.exists():
            raise ScenarioError.collect(path, [_missing_parent(via[0], extends, current)])
    return chain[::-1]


def _missing_parent(origin: Origin, extends: str, beside: Path) -> str:
    """``extends`` names no file: where it was looked for, and the closest shipped name."""
    shipped = paths.shipped_scenarios_dir()
    bare = Path(extends).name == extends
    where = f"looked for {beside} ({'beside' if bare else 'relative to'} the file)"
    pool = sorted(p.name for p in beside.parent.glob("*.toml")) if beside.parent.is_dir() else []
    if bare and shipped is not None:
        where += f", then in the shipped scenarios ({shipped})"
        pool = sorted({*pool, *(p.name for p in shipped.glob("*.toml"))})
    text = f"{origin.text(extends)}: parent file not found: {where}"
    closest = difflib.get_close_matches(Path(extends).name, pool, n=1, cutoff=0.5)
    if closest:
        return f"{text}; did you mean `{closest[0]}`?"
    return text + (f"; scenarios there: {', '.join(pool)}" if pool else "")


def _parent(child: Path, extends: str) -> Path:
    """The file an ``extends`` names: beside the child first; a bare name (no folder) not
    found there is then looked up among the scenarios shipped with the package."""
    beside = Path(os.path.normpath(child.parent / extends))
    if beside.exists() or Path(extends).name != extends:
        return beside
    shipped = paths.shipped_scenarios_dir()
    if shipped is not None and (shipped / extends).is_file():
        return shipped / extends
    return beside
