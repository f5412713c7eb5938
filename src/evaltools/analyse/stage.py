"""The analyse stage (``evaltools analyse``): the tables -> executed notebooks and their parts.

Steps, in order:

1. check the tables and the previous rounds they name (``vorige_ronde``);
2. plan the runs: every analysis notebook once, the changes notebook, the hub notebook once
   per taking-part hub (on that hub's slice of the tables);
3. reuse each run whose key (notebook, parameters, code, declared inputs) is unchanged;
4. execute the rest with papermill, in parallel workers with warm kernels;
5. replace ``data/processed/<ronde>/analyse`` with the staged runs, all or nothing.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evaltools.analyse import freeze
from evaltools.analyse.previous_rounds import PreviousRoundMissing, previous_round_chain
from evaltools.ingest.processed import (
    read_config,
    read_tables,
    replace_dir,
    write_previous_tables,
)
from evaltools.round import settings
from evaltools.round.code_state import code_state
from evaltools.round.lock_files import round_lock
from evaltools.round.paths import Layout
from evaltools.round.programme import Programme
from evaltools.tools import papermill

# in the order they start: the longest first (two workers, so the last run ends early)
ANALYSIS_NOTEBOOKS = (
    "scores.ipynb",
    "criteria.ipynb",
    "doelen.ipynb",
    "typologie.ipynb",
    "allocatie.ipynb",
)
# Run only for a programme with a typology / an allocation (round.yaml programma:).
TYPOLOGY_NOTEBOOK, ALLOCATION_NOTEBOOK = "typologie.ipynb", "allocatie.ipynb"
HUB_NOTEBOOK = "hub.ipynb"
# What changed since the previous round (vorige_ronde); empty for a round without one.
CHANGES_NOTEBOOK = "veranderingen.ipynb"
# At most this many analysis processes (each with a kernel of its own), if set.
WORKERS_VARIABLE = settings.WORKERS


def analysis_notebooks(programme: Programme) -> tuple[str, ...]:
    """The analysis notebooks a round of ``programme`` runs: without a typology no typology
    notebook, without an allocation no allocation notebook (so no chapter, table or page)."""
    skipped = {
        TYPOLOGY_NOTEBOOK: programme.typology is None,
        ALLOCATION_NOTEBOOK: not programme.allocation,
    }
    return tuple(name for name in ANALYSIS_NOTEBOOKS if not skipped.get(name, False))


def analyse(
    layout: Layout,
    workers: int | None = None,
    budget: float | None = None,
    progress: Callable[[str], None] | None = None,
    again: bool = False,
) -> Path:
    """Execute every analysis notebook, and the hub notebook once per taking-part hub.

    The runs go in parallel, in ``workers`` processes (default: :func:`analysis_workers`, one
    per core, at most ``EVALTOOLS_WERKPROCESSEN``), into a staging folder, which replaces
    processed/<round>/analyse only when everything succeeded. The report embeds the outputs
    of the notebooks' labelled cells (see evaltools.report.render).
    ``budget`` (euros) goes to the allocation notebook as an override; without it that
    notebook divides the round's budget (round.yaml), else what the taking-part hubs received.
    The changes notebook runs for every round; for a round that names a previous round (its
    previous rounds must have been ingested) it and each hub's notebook show what changed,
    for any other round those cells are empty.
    A run whose inputs, notebook, parameters and code are those of a run in the previous
    analyse is not executed again: its files are reused (evaltools.analyse.freeze); ``again``
    (or EVALTOOLS_OPNIEUW=1) executes every run. The round's lock is held throughout (see
    evaltools.round.lock_files).
    """
    with round_lock(layout.processed):
        return _analyse(layout, workers, budget, progress, again)


def _analyse(
    layout: Layout,
    workers: int | None,
    budget: float | None,
    progress: Callable[[str], None] | None,
    again: bool,
) -> Path:
    limit = worker_limit()  # a wrong value stops the analysis before it starts
    tables = layout.processed / "tables"
    if not (tables / "round.json").is_file():
        raise papermill.NotebookError(
            f"Er zijn nog geen tabellen van ronde {layout.round_id} "
            f"({layout.relative(tables)}): draai eerst 'evaltools ingest {layout.round_id}'."
        )
    config = read_config(tables)
    processed_root = layout.processed_root
    try:
        chain = previous_round_chain(processed_root, config)
    except PreviousRoundMissing as error:
        raise papermill.NotebookError(str(error)) from None
    staging = layout.staging("analyse")
    scratch = staging.parent
    for leftover in ("hubs", "runs"):  # of a run that failed
        shutil.rmtree(scratch / leftover, ignore_errors=True)
    round_tables = {
        c.round_id: processed_root / c.round_id / "tables" for c in [*reversed(chain), config]
    }
    runs: list[_Run] = []
    for name in analysis_notebooks(config.programme):
        parameters = _parameters(layout, name, tables, scratch)
        if name == "allocatie.ipynb":
            # the budget it divides and where that comes from: on its page, and to run it again
            parameters.update(_budget(budget, config.budget, tables))
        runs.append(_Run(name, name, parameters, [tables], _recorded(layout, parameters)))
    parameters = {
        **_parameters(layout, CHANGES_NOTEBOOK, tables, scratch),
        "processed_dir": layout.relative(processed_root),
    }
    runs.append(
        _Run(
            CHANGES_NOTEBOOK,
            CHANGES_NOTEBOOK,
            parameters,
            list(round_tables.values()),
            _recorded(layout, parameters),
        )
    )
    hubs = [hub.id for hub in config.taking_part]
    # a hub's run reads only its slice of the tables (see evaltools.analyse.freeze)
    freeze.write_hub_slices(round_tables, hubs, scratch / "hubs")
    for hub in hubs:
        inputs = scratch / "hubs" / hub
        name = f"hub-{hub}.ipynb"
        parameters = _parameters(layout, name, inputs / layout.round_id / "tables", scratch)
        parameters.update(processed_dir=layout.relative(inputs), hub=hub)
        # it reads its slice, the same rows of the round's tables for this hub
        recorded = {
            **_recorded(layout, parameters),
            "tables_dir": layout.relative(tables),
            "processed_dir": layout.relative(processed_root),
        }
        runs.append(_Run(HUB_NOTEBOOK, name, parameters, [inputs], recorded))

    again = again or settings.again()
    code = code_state()
    previous = layout.processed / "analyse"
    to_execute: list[_Run] = []
    # the tables each notebook declares it reads: only they are part of its runs' keys
    reads: dict[Path, tuple[str, ...] | None] = {}
    for number, run in enumerate(runs, start=1):
        notebook = layout.notebooks / run.notebook
        if notebook not in reads:
            reads[notebook] = papermill.declared_reads(notebook)
        key = freeze.run_key(
            notebook, run.parameters, code, papermill.KERNEL_NAME, run.inputs, reads[notebook]
        )
        run = dataclasses.replace(run, key=key)
        if not again and freeze.reuse(previous, staging, run.output, key):
            if progress is not None:
                progress(f"[{number - len(to_execute)}/{len(runs)}] {run.output} hergebruikt")
            continue
        to_execute.append(run)
    reused = len(runs) - len(to_execute)
    jobs = [
        (
            layout.notebooks / run.notebook,
            staging / "notebooks" / run.output,
            run.parameters,
            layout.root,
            run.recorded,
        )
        for run in to_execute
    ]
    if jobs:
        for run in to_execute:
            (scratch / "runs" / Path(run.output).stem).mkdir(parents=True)
        papermill.execute_many(
            jobs,
            workers or analysis_workers(len(jobs), limit),
            progress,
            done_before=reused,
            total=len(runs),
            # a fresh kernel per notebook only on request (the warm one gives the same bytes)
            warm=settings.warm_kernel(),
            preload=papermill.imported_modules(
                sorted({layout.notebooks / run.notebook for run in to_execute})
            ),
        )
    for run in to_execute:
        written = freeze.collect_run(scratch / "runs" / Path(run.output).stem, staging)
        freeze.write_manifest(staging, run.output, run.key, [f"notebooks/{run.output}", *written])
    # what it read of the previous rounds, for a build to see when that changes
    write_previous_tables(staging, [processed_root / c.round_id / "tables" for c in chain])
    replace_dir(staging, layout.processed / "analyse", layout.root)
    shutil.rmtree(scratch)
    return layout.processed / "analyse"


def analysis_workers(runs: int, limit: int | None) -> int:
    """How many processes execute ``runs`` notebook runs: one per core, at most one per run
    and at most ``limit`` (see :func:`worker_limit`)."""
    workers = min(runs, os.cpu_count() or 1)
    if limit is not None:
        workers = min(workers, limit)
    return max(workers, 1)


def worker_limit() -> int | None:
    """``EVALTOOLS_WERKPROCESSEN``: at most this many analysis processes (none if not set).

    Each process starts a kernel and imports pandas, matplotlib and evaltools in it (about
    4 s of CPU): where other work keeps the other cores busy (two builds at once, the test
    suite's two processes), fewer processes do the same runs with less CPU.
    """
    value = settings.workers_text()
    if not value:
        return None
    if not value.isdigit() or int(value) < 1:
        raise papermill.NotebookError(
            f"{WORKERS_VARIABLE} is '{value}'; zet er een heel getal van 1 of meer in (het "
            "hoogste aantal werkprocessen van de analyse), of laat de variabele weg."
        )
    return int(value)


@dataclass(frozen=True)
class _Run:
    """One notebook run: which notebook, the executed notebook's name, what it reads."""

    notebook: str
    output: str
    parameters: dict[str, Any]
    inputs: list[Path]
    # the parameters the executed notebook records: the paths after the move (see _recorded)
    recorded: dict[str, Any]
    key: str = ""


def _parameters(layout: Layout, output: str, tables: Path, scratch: Path) -> dict[str, Any]:
    """Each run writes in a folder of its own, so that its files are known (to reuse them)."""
    return {
        "round_id": layout.round_id,
        "tables_dir": layout.relative(tables),
        "out_dir": layout.relative(scratch / "runs" / Path(output).stem),
    }


def _budget(override: float | None, round_budget: float | None, tables: Path) -> dict[str, Any]:
    """The allocation notebook's ``budget`` and ``budget_source``, as
    :func:`evaltools.analyse.allocation.choose_budget` chooses them: the hubs table (and
    pandas) is read only when neither the override nor round.yaml gives a budget."""
    if override is not None:
        return {"budget": override, "budget_source": "override"}
    if round_budget is not None:
        return {"budget": round_budget, "budget_source": "round"}
    from evaltools.analyse.allocation import choose_budget

    chosen = choose_budget(None, None, read_tables(tables, ["hubs"])["hubs"])
    return {"budget": chosen.amount, "budget_source": chosen.source}


def _recorded(layout: Layout, parameters: dict[str, Any]) -> dict[str, Any]:
    """The parameters a run records: what it wrote in its own folder ends up in the analyse
    folder (see :func:`freeze.collect_run`), so that is its ``out_dir``; from the project root
    a reviewer runs it again with these."""
    return {**parameters, "out_dir": layout.relative(layout.processed / "analyse")}
