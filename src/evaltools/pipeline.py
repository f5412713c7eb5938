"""The steps the CLI and DVC run: validate, ingest, analyse, render. Paths from one root."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from evaltools.inputs.validate import load_valid_round
from evaltools.io.changes import PreviousRoundMissing, previous_round_chain
from evaltools.io.processed import read_config, replace_dir
from evaltools.tools import papermill

ANALYSIS_NOTEBOOKS = (
    "criteria.ipynb",
    "scores.ipynb",
    "doelen.ipynb",
    "typologie.ipynb",
    "allocatie.ipynb",
)
HUB_NOTEBOOK = "hub.ipynb"
# What changed since the previous round (vorige_ronde); empty for a round without one.
CHANGES_NOTEBOOK = "veranderingen.ipynb"


@dataclass(frozen=True)
class Layout:
    """Where a round's files live, relative to the project root."""

    root: Path
    round_id: str

    @property
    def raw(self) -> Path:
        return self.root / "data" / "raw" / self.round_id

    @property
    def processed(self) -> Path:
        return self.root / "data" / "processed" / self.round_id

    @property
    def notebooks(self) -> Path:
        return self.root / "notebooks"


def ingest(layout: Layout) -> Path:
    """Validate the raw round, then execute the ingest notebook into processed/<round>/tables.

    Validation runs first in this process: with any problem nothing is written.
    """
    load_valid_round(layout.raw)
    staging = _staging(layout, "ingest")
    papermill.execute(
        layout.notebooks / "ingest.ipynb",
        staging / "ingest.ipynb",
        {
            "round_id": layout.round_id,
            "raw_dir": _relative(layout, layout.raw),
            "tables_dir": _relative(layout, staging / "tables"),
        },
        cwd=layout.root,
    )
    replace_dir(staging / "tables", layout.processed / "tables")
    target = layout.processed / "notebooks" / "ingest.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    (staging / "ingest.ipynb").replace(target)
    shutil.rmtree(staging.parent)
    return layout.processed / "tables"


def analyse(
    layout: Layout,
    workers: int | None = None,
    budget: float | None = None,
    progress: Callable[[str], None] | None = None,
) -> Path:
    """Execute every analysis notebook, and the hub notebook once per taking-part hub.

    All runs go in parallel, each in its own process, into a staging folder, which replaces
    processed/<round>/analyse only when everything succeeded. The report embeds the outputs
    of the notebooks' labelled cells (see evaltools.report.render).
    ``budget`` (euros) goes to the allocation notebook as an override; without it that
    notebook divides the round's budget (round.yaml), else what the taking-part hubs received.
    The changes notebook runs for every round; for a round that names a previous round (its
    previous rounds must have been ingested) it and each hub's notebook show what changed,
    for any other round those cells are empty.
    """
    tables = layout.processed / "tables"
    if not (tables / "round.json").is_file():
        raise papermill.NotebookError(
            f"Er zijn nog geen tabellen van ronde {layout.round_id} "
            f"({_relative(layout, tables)}): draai eerst 'evaltools ingest {layout.round_id}'."
        )
    config = read_config(tables)
    processed_root = layout.root / "data" / "processed"
    try:
        previous_round_chain(processed_root, config)
    except PreviousRoundMissing as error:
        raise papermill.NotebookError(str(error)) from None
    staging = _staging(layout, "analyse")
    parameters = {
        "round_id": layout.round_id,
        "tables_dir": _relative(layout, tables),
        "out_dir": _relative(layout, staging),
    }
    with_rounds = {**parameters, "processed_dir": _relative(layout, processed_root)}
    jobs = [
        (
            layout.notebooks / name,
            staging / "notebooks" / name,
            {**parameters, "budget": budget} if name == "allocatie.ipynb" else parameters,
            layout.root,
        )
        for name in ANALYSIS_NOTEBOOKS
    ]
    jobs.append(
        (
            layout.notebooks / CHANGES_NOTEBOOK,
            staging / "notebooks" / CHANGES_NOTEBOOK,
            with_rounds,
            layout.root,
        )
    )
    hubs = [hub.id for hub in config.taking_part]
    jobs += [
        (
            layout.notebooks / HUB_NOTEBOOK,
            staging / "notebooks" / f"hub-{hub}.ipynb",
            {**with_rounds, "hub": hub},
            layout.root,
        )
        for hub in hubs
    ]
    papermill.execute_many(jobs, workers or min(len(jobs), os.cpu_count() or 1), progress)
    replace_dir(staging, layout.processed / "analyse")
    shutil.rmtree(staging.parent)
    return layout.processed / "analyse"


def _staging(layout: Layout, name: str) -> Path:
    """A fixed scratch folder, so that the paths papermill records are the same every run."""
    path = layout.processed / ".staging" / name
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def _relative(layout: Layout, path: Path) -> str:
    return path.relative_to(layout.root).as_posix()
