"""The steps the CLI and DVC run: validate, ingest, analyse, render. Paths from one root."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from evaltools.inputs.validate import load_valid_round
from evaltools.io.analysis import read_hub_fragments
from evaltools.io.changes import PreviousRoundMissing, previous_round_chain, read_hub_changes
from evaltools.io.fragments import write_fragment
from evaltools.io.processed import read_config, replace_dir
from evaltools.report.hub_parts import hub_appendix
from evaltools.tools import papermill

ANALYSIS_NOTEBOOKS = (
    "criteria.ipynb",
    "scores.ipynb",
    "doelen.ipynb",
    "typologie.ipynb",
    "allocatie.ipynb",
)
HUB_NOTEBOOK = "hub.ipynb"
HUB_APPENDIX = "hub-bijlagen"
# Run only for a round that names a previous round; otherwise its report part stays empty.
CHANGES_NOTEBOOK = "veranderingen.ipynb"
CHANGES_PART = "veranderingen"


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


def analyse(layout: Layout, workers: int | None = None, budget: float | None = None) -> Path:
    """Execute every analysis notebook, and the hub notebook once per taking-part hub.

    All runs go in parallel, each in its own process, into a staging folder; the hubs'
    sections are then joined in configuration order into one appendix fragment, and the
    staging folder replaces processed/<round>/analyse only when everything succeeded.
    ``budget`` (euros) goes to the allocation notebook; without it that notebook uses what
    the taking-part hubs received in this round. A round that names a previous round also
    runs the changes notebook (its previous rounds must have been ingested) and each hub's
    section ends with what changed; any other round gets an empty changes part.
    """
    tables = layout.processed / "tables"
    if not (tables / "round.json").is_file():
        raise papermill.NotebookError(
            f"Er zijn nog geen tabellen van ronde {layout.round_id} "
            f"({_relative(layout, tables)}): draai eerst 'evaltools ingest {layout.round_id}'."
        )
    config = read_config(tables)
    processed_root = layout.root / "data" / "processed"
    if config.previous_round:
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
    jobs = [
        (
            layout.notebooks / name,
            staging / "notebooks" / name,
            {**parameters, "budget": budget} if name == "allocatie.ipynb" else parameters,
            layout.root,
        )
        for name in ANALYSIS_NOTEBOOKS
    ]
    hubs = [hub.id for hub in config.taking_part]
    jobs += [
        (
            layout.notebooks / HUB_NOTEBOOK,
            staging / "notebooks" / f"hub-{hub}.ipynb",
            {**parameters, "hub": hub},
            layout.root,
        )
        for hub in hubs
    ]
    if config.previous_round:
        jobs.append(
            (
                layout.notebooks / CHANGES_NOTEBOOK,
                staging / "notebooks" / CHANGES_NOTEBOOK,
                {**parameters, "processed_dir": _relative(layout, processed_root)},
                layout.root,
            )
        )
    papermill.execute_many(jobs, workers or min(len(jobs), os.cpu_count() or 1))
    sections = read_hub_fragments(staging, hubs)
    if config.previous_round:
        changes = read_hub_changes(staging, hubs)
        sections = [s.rstrip("\n") + "\n\n" + c for s, c in zip(sections, changes, strict=True)]
    else:
        write_fragment(staging, CHANGES_PART, "")
    write_fragment(staging, HUB_APPENDIX, hub_appendix(sections))
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


def clean_generated(layout: Layout) -> None:
    shutil.rmtree(layout.processed, ignore_errors=True)
