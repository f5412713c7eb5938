"""What DVC would check for a build, as a fingerprint: a build with nothing changed skips DVC.

DVC decides correctly that nothing changed, but slowly: importing it and comparing every
dependency takes seconds even when nothing is to be done. Before starting it, `evaltools build`
compares the size, modification time and inode of every file of every dependency and output
that dvc.yaml declares for the rounds it builds (and of dvc.yaml, params.yaml and dvc.lock
themselves) with what they were right after the last successful build of the same rounds.
Equal: nothing to do. Any difference, an unreadable dvc.yaml, or no record: DVC decides, as
always. Like make, and like DVC's own state cache, this trusts modification times; a file
that is missing counts as a difference too. Byte code (`__pycache__`, `*.pyc`) is left out, as
in .dvcignore.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import yaml

STAMPS = Path("data") / "processed" / ".build"
_ALWAYS = ("dvc.yaml", "params.yaml", "dvc.lock")


def fingerprint(root: Path, rounds: list[str]) -> dict[str, list[int] | None] | None:
    """Size, mtime and inode of every file DVC checks for ``rounds``; None if unknown."""
    paths = _declared_paths(root, rounds)
    if paths is None:
        return None
    found: dict[str, list[int] | None] = {}
    for name in sorted(paths):
        path = root / name
        if path.is_dir():
            for folder, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if d != "__pycache__")
                for file in sorted(files):
                    if not file.endswith(".pyc"):
                        full = Path(folder) / file
                        found[full.relative_to(root).as_posix()] = _stat(full)
        else:
            found[name] = _stat(path)
    return found


def is_current(root: Path, rounds: list[str]) -> bool:
    """True if nothing DVC checks for ``rounds`` changed since their last successful build."""
    stamp = _stamp_path(root, rounds)
    if not stamp.is_file():
        return False
    try:
        recorded = json.loads(stamp.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    now = fingerprint(root, rounds)
    return now is not None and recorded == now


def record(root: Path, rounds: list[str]) -> None:
    """Remember the fingerprint after a successful build (nothing, if it cannot be made)."""
    now = fingerprint(root, rounds)
    stamp = _stamp_path(root, rounds)
    if now is None:
        stamp.unlink(missing_ok=True)
        return
    stamp.parent.mkdir(parents=True, exist_ok=True)
    draft = stamp.with_suffix(".tmp")
    draft.write_text(json.dumps(now, sort_keys=True), encoding="utf-8")
    draft.replace(stamp)


def forget(root: Path, rounds: list[str]) -> None:
    _stamp_path(root, rounds).unlink(missing_ok=True)


def _stamp_path(root: Path, rounds: list[str]) -> Path:
    key = hashlib.sha256("\n".join(rounds).encode("utf-8")).hexdigest()[:16]
    return root / STAMPS / f"{key}.json"


def _declared_paths(root: Path, rounds: list[str]) -> set[str] | None:
    """Every dependency and output of dvc.yaml, ``${item}`` filled in with each round."""
    try:
        stages = yaml.safe_load((root / "dvc.yaml").read_text(encoding="utf-8"))["stages"]
        paths = set(_ALWAYS)
        for stage in stages.values():
            body = stage.get("do", stage)
            for entry in [*body.get("deps", []), *body.get("outs", [])]:
                name = next(iter(entry)) if isinstance(entry, dict) else entry
                paths.update(name.replace("${item}", round_id) for round_id in rounds)
    except (OSError, yaml.YAMLError, KeyError, TypeError, AttributeError, StopIteration):
        return None
    # anything else interpolated (${...}) is DVC's to resolve
    return None if any("${" in path for path in paths) else paths


def _stat(path: Path) -> list[int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return [info.st_size, info.st_mtime_ns, info.st_ino]
