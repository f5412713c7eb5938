"""Files evaltools makes for the consultants (forms, skeletons, a new round): never overwritten."""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from pathlib import Path

from evaltools.round.problems import InvalidRound, Problem


def write_new_files(files: Mapping[Path, str | Path]) -> list[Path]:
    """Write files that must not exist yet (a text, or a copy of the file a Path names: a
    logo): all of them, or none when one already exists."""
    refuse_existing(list(files))
    for path, content in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Path):
            shutil.copyfile(content, path)
        else:
            path.write_text(content, encoding="utf-8")
    return list(files)


def refuse_existing(paths: list[Path]) -> None:
    """InvalidRound naming every path that already exists: generated files never overwrite."""
    existing = [path for path in paths if path.exists()]
    if existing:
        raise InvalidRound(
            [
                Problem(
                    path.as_posix(),
                    "",
                    "",
                    "een bestand dat al bestaat",
                    "geen bestand op deze plek, want evaltools overschrijft nooit een bestaand "
                    "bestand; verplaats of verwijder het als u opnieuw wilt beginnen, of kies "
                    "met --map een andere map",
                )
                for path in existing
            ]
        )
