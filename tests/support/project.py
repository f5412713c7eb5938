"""Copies of a project for a scratch build (tests, benchmarks): code side and rounds."""

from __future__ import annotations

import shutil
from pathlib import Path

# What a build reads besides the package and the round: notebooks and the report's sources.
_GENERATED = shutil.ignore_patterns("_generated", "_output", "_variables.yml", ".*")


def scratch_project(source: Path, target: Path, rounds: dict[str, Path]) -> Path:
    """Copy notebooks and report sources of ``source`` to ``target``, and each round folder.

    ``rounds`` maps a round id to the folder holding its raw files.
    """
    shutil.copytree(source / "notebooks", target / "notebooks")
    shutil.copytree(source / "report", target / "report", ignore=_GENERATED)
    for round_id, folder in rounds.items():
        shutil.copytree(folder, target / "data" / "raw" / round_id)
    return target
