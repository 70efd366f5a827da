"""Reading scenario files: bytes -> TOML -> the ``extends`` chain -> one :class:`Scenario`.

:func:`load_scenario` is the public entry point. A file is read with clear messages for
unreadable input (missing, binary, not UTF-8, TOML syntax with a hint), its ``extends``
parents are followed (cycles and depth are checked), every file is validated
(:mod:`~wardilemma.scenario.messages`), the files are merged in order
(:mod:`~wardilemma.scenario.merge`), and every problem found is reported at once.
"""

from __future__ import annotations

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
    return scenario


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
    return chain[::-1]


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
