"""Files written whole: a file (:func:`atomic_path`, :func:`write_text`) or a folder of
files (:func:`atomic_dir`) is written under a temporary name beside its target and renamed
into place once complete, so that after an interruption, a crash or a full disk it is whole
or absent, never half-written. A leaf of the package: every writer uses it.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from wardilemma.errors import RunFailure

__all__ = ["OutputError", "atomic_dir", "atomic_path", "ensure_writable_dir", "write_text"]


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
