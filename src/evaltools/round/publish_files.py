"""Putting a stage's outputs in place: all of them or none, on one file system or across two.

Every stage makes its outputs in a staging folder and publishes them at the end: the tables,
the analysis, the report's files and its notebook pages. :func:`publish` does that in three
steps, so that the previous outputs survive any failure:

1. **copy**: each new file or folder is brought next to its target, into a scratch folder in
   the target's own folder (moved when it is on the same file system, copied when it is not:
   ``report/`` may be on another disk than ``data/``);
2. **swap**: each target is moved aside into a backup folder beside it and the new one takes
   its place; both are renames within one folder, so within one file system;
3. **delete**: only when every swap succeeded, the backups go.

When a step fails, what was swapped is undone (the new ones go, the backups return) and
:class:`PublishError` says so; only when undoing fails too does the message name what is left
where. Scratch and backup folders are named after the round (``.<ronde>-nieuw-…``,
``.<ronde>-vorige-…``); ones left by a killed run are cleaned up by the next publish of that
round (a backup is restored first where its target is missing), under the round's lock.
"""

from __future__ import annotations

import errno
import re
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from evaltools.round.errors import EvaltoolsError

NEW = "nieuw"
PREVIOUS = "vorige"


class PublishError(EvaltoolsError):
    """Publishing failed; the message says whether the previous outputs are back in place."""


def publish(moves: Sequence[tuple[Path, Path]], owner: str, root: Path | None = None) -> list[Path]:
    """Put each ``new`` of ``moves`` in the place of its ``target`` (files or folders), all or
    none. ``owner`` (the round) names the scratch folders; messages name paths from ``root``
    (the project). Returns the targets."""

    def _shown(path: Path | None) -> str:
        return _relative(path, root)

    moves = [(Path(new), Path(target)) for new, target in moves]
    folders = sorted({target.parent for _, target in moves})
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
        recover(folder, owner)
    scratch = {f: Path(tempfile.mkdtemp(prefix=f".{owner}-{NEW}-", dir=f)) for f in folders}
    backup = {f: Path(tempfile.mkdtemp(prefix=f".{owner}-{PREVIOUS}-", dir=f)) for f in folders}
    swapped: list[tuple[Path, Path | None]] = []  # (target, its backup or None: it was new)
    try:
        staged = [(_bring(new, scratch[target.parent]), target) for new, target in moves]
        for ready, target in staged:
            kept = None
            if target.exists() or target.is_symlink():
                kept = backup[target.parent] / target.name
                target.rename(kept)
            swapped.append((target, kept))
            ready.rename(target)
    except OSError as error:
        left = _undo(swapped, root)
        _remove(scratch.values())
        if left:
            raise PublishError(
                f"Het publiceren is mislukt ({_reason(error)}) en de vorige uitvoer is niet "
                "helemaal teruggezet: " + "; ".join(left) + ". Zet die bestanden terug of "
                "draai de stap opnieuw."
            ) from error
        _remove(backup.values())
        where = ", ".join(sorted({_shown(target.parent) for _, target in moves}))
        raise PublishError(
            f"Het publiceren naar {where} is mislukt ({_reason(error)}); de vorige uitvoer "
            "staat weer ongewijzigd op haar plaats."
        ) from error
    _remove([*scratch.values(), *backup.values()])
    return [target for _, target in moves]


def _bring(new: Path, scratch: Path) -> Path:
    """``new`` inside ``scratch``: renamed on one file system, copied across two."""
    ready = scratch / new.name
    try:
        new.rename(ready)
    except OSError as error:
        if error.errno != errno.EXDEV:
            raise
        if new.is_dir():
            shutil.copytree(new, ready, symlinks=True)
        else:
            shutil.copy2(new, ready)
    return ready


def _undo(swapped: list[tuple[Path, Path | None]], root: Path | None) -> list[str]:
    """Undo the swaps, last first; what could not be undone, as a consultant reads it."""

    def _shown(path: Path | None) -> str:
        return _relative(path, root)

    left = []
    for target, kept in reversed(swapped):
        try:
            if target.is_dir() and not target.is_symlink():
                shutil.rmtree(target)
            elif target.exists() or target.is_symlink():
                target.unlink()
            if kept is not None:
                kept.rename(target)
        except OSError:
            left.append(
                f"{_shown(target)} staat in {_shown(kept)}"
                if kept is not None and kept.exists()
                else f"{_shown(target)} is mogelijk onvolledig"
            )
    return left


def recover(folder: Path, owner: str) -> None:
    """Clean up what a killed publish of ``owner`` left in ``folder``: a backup returns where
    its target is missing, scratch and backup folders go."""
    pattern = re.compile(rf"\.{re.escape(owner)}-({NEW}|{PREVIOUS})-[A-Za-z0-9_]{{8}}")
    for left in sorted(folder.iterdir()):
        found = pattern.fullmatch(left.name)
        if found is None or not left.is_dir() or left.is_symlink():
            continue
        if found.group(1) == PREVIOUS:
            for kept in sorted(left.iterdir()):
                if not (folder / kept.name).exists():
                    kept.rename(folder / kept.name)
        shutil.rmtree(left, ignore_errors=True)


def _remove(folders: Iterable[Path]) -> None:
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)


def _reason(error: OSError) -> str:
    if error.errno == errno.EXDEV:
        return "verplaatsen naar een ander bestandssysteem"
    if error.errno == errno.ENOSPC:
        return "de schijf is vol"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "geen toestemming om te schrijven"
    if error.errno == errno.ENOENT:
        return "een bestand of map ontbreekt"
    # the system's own text is English: its code names the error instead
    return f"systeemfout {errno.errorcode.get(error.errno or 0, type(error).__name__)}"


def _relative(path: Path | None, root: Path | None) -> str:
    if path is None:
        return ""
    if root is not None and path.is_relative_to(root):
        return path.relative_to(root).as_posix()
    return path.as_posix()
