"""Copies of a project for a scratch build (tests, benchmarks): code side and rounds; the mini
project the tests build, and copies of a built one."""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from pathlib import Path

from tests.support.forms import make_filled_forms
from tests.support.paths import DATA, MINI, REPO

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


@functools.cache
def filled_mini_round() -> Path:
    """The mini round with its forms generated and filled, made once per test process.

    Filling the forms (openpyxl) takes about two seconds; a copy of the result a millisecond.
    Tests must not change this folder: they get copies (``make_project``, ``mini_round``).
    """
    scratch = Path(tempfile.mkdtemp(prefix="evaltools-mini-"))
    atexit.register(shutil.rmtree, scratch, ignore_errors=True)
    folder = scratch / MINI
    shutil.copytree(DATA / MINI, folder)
    make_filled_forms(folder, DATA / "mini-antwoorden")
    return folder


def make_project(root: Path, round_id: str = MINI) -> Path:
    """Copy code-side folders (notebooks, report sources) and the mini round into ``root``."""
    return scratch_project(REPO, root, {round_id: filled_mini_round()})


def copy_of(project: Path, folder: Path) -> Path:
    """A copy of a built project in ``folder``/project (symbolic links kept as links)."""
    return Path(shutil.copytree(project, folder / "project", symlinks=True))
