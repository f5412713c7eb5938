"""papermill: execute a notebook in the project's named kernel, then make it byte-stable."""

from __future__ import annotations

import contextlib
import json
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import as_completed
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evaltools.round.errors import EvaltoolsError

# the kernels (KERNEL_NAME: the analysis keys its runs with it; warm_kernel and kept_warm
# for the stages) are evaltools.tools.kernels'
from evaltools.tools.kernels import (
    KERNEL_NAME,
    _Kept,
    _kernel_options,
    _WarmKernel,
    _worker_pool,
)
from evaltools.tools.kernels import kept_warm as kept_warm
from evaltools.tools.kernels import warm_kernel as warm_kernel

# nbformat (and its JSON schemas) is imported where a notebook is executed or rewritten: the
# analyse stage's own process only reads notebooks' code cells (plain JSON)
if TYPE_CHECKING:
    import nbformat


class NotebookError(EvaltoolsError, RuntimeError):
    """A notebook failed; the message names the notebook and the error."""


def execute(
    notebook: Path,
    output: Path,
    parameters: dict[str, Any],
    cwd: Path,
    warm: bool = False,
    preload: tuple[str, ...] = (),
    recorded: dict[str, Any] | None = None,
) -> None:
    """Execute ``notebook`` with ``parameters`` into ``output`` (written only on success).

    ``recorded`` are the parameters the executed notebook records instead (its metadata and
    its injected parameters cell), when a run reads and writes in a staging folder that is
    moved into place afterwards: the paths where its inputs and outputs are after the move,
    with which a reviewer can run it again from the project root.

    With ``warm``, the notebook runs in this process's warm kernel (see ``_WarmKernel``; a new
    one first imports the modules in ``preload``), otherwise in a kernel of its own that stops
    afterwards.

    papermill keeps the executed notebook in memory (no output path: it would write the whole
    notebook again before and after every cell); it is written once, normalised.
    """
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        kernel = _WarmKernel.ready(cwd, preload) if warm else None
        # imported here: it is slow to import and only needed in this process (a new warm
        # kernel imported it while the kernel started)
        import papermill

        options = kernel.options() if kernel else _kernel_options(Path(scratch))
        try:
            executed = papermill.execute_notebook(
                str(notebook),
                None,
                parameters=parameters,
                kernel_name=KERNEL_NAME,
                progress_bar=False,
                cwd=str(cwd),
                record_timing=False,
                request_save_on_cell_execute=False,
                **options,
            )
        except Exception as error:
            if kernel:
                kernel.stop()  # its state after a failure is unknown: the next run starts anew
            raise NotebookError(f"Notebook {notebook.name} mislukte: {_short(error)}") from error
        draft = Path(scratch) / output.name
        draft.write_text(_normalised(executed, notebook, recorded), encoding="utf-8")
        shutil.move(draft, output)


def _timed_execute(
    notebook: Path,
    output: Path,
    parameters: dict,
    cwd: Path,
    recorded: dict | None,
    warm: bool,
    preload: tuple[str, ...],
) -> float:
    started = time.perf_counter()
    execute(notebook, output, parameters, cwd, warm=warm, preload=preload, recorded=recorded)
    return time.perf_counter() - started


# One run of execute_many: notebook, executed notebook, parameters, working folder and,
# optionally, the parameters to record instead (see execute).
Job = (
    tuple[Path, Path, dict[str, Any], Path]
    | tuple[Path, Path, dict[str, Any], Path, dict[str, Any] | None]
)


def execute_many(
    jobs: Sequence[Job],
    workers: int,
    progress: Callable[[str], None] | None = None,
    done_before: int = 0,
    total: int | None = None,
    warm: bool = True,
    preload: tuple[str, ...] = (),
) -> None:
    """Execute notebooks in ``workers`` processes (papermill #511: ZMQ ports in one process).

    Each process runs its notebooks one after another in one warm kernel (``_WarmKernel``),
    which imports the modules in ``preload`` when it starts; with ``warm=False`` every
    notebook gets a fresh kernel. The jobs start in the order given: the longest first.
    Inside :func:`kept_warm` the processes and their kernels stay for the next call.

    ``progress`` gets one line per finished notebook, in the order they finish:
    ``[5/12] hub-tint.ipynb 1,8 s`` (or ``mislukt``); the count starts after ``done_before``
    runs of ``total`` (runs that were reused instead of executed).
    """
    total = total if total is not None else done_before + len(jobs)
    pool, kept = _worker_pool(workers, len(jobs))
    with contextlib.nullcontext(pool) if kept else pool:
        futures = {
            pool.submit(
                _timed_execute, *job[:4], job[4] if len(job) > 4 else None, warm, preload
            ): job[1].name
            for job in jobs
        }
        errors = []
        for done, future in enumerate(as_completed(futures), start=done_before + 1):
            error = future.exception()
            if error is not None:
                errors.append(error)
                if isinstance(error, BrokenProcessPool) and kept:
                    _Kept.pool = None  # a worker died (stopped): the next call starts anew
            if progress is not None:
                result = "mislukt" if error else f"{future.result():.1f} s".replace(".", ",")
                progress(f"[{done}/{total}] {futures[future]} {result}")
    if errors:
        raise NotebookError("\n".join(str(e) for e in errors))


def normalise(path: Path, source: Path) -> None:
    """Remove what differs between identical runs: timings, random ids, absolute paths."""
    import nbformat

    text = _normalised(nbformat.read(path, as_version=4), source)
    path.write_text(text, encoding="utf-8")


def _normalised(
    notebook: nbformat.NotebookNode, source: Path, parameters: dict[str, Any] | None = None
) -> str:
    """The text of ``normalise``: ``notebook`` (changed in place) as sorted, indented JSON.

    With ``parameters``, the notebook records those (see ``execute``'s ``recorded``).
    """
    recorded = notebook.metadata.get("papermill", {})
    notebook.metadata["papermill"] = {
        "parameters": recorded.get("parameters", {}) if parameters is None else parameters,
        "input_path": f"notebooks/{source.name}",
        "kernel_name": KERNEL_NAME,
    }
    count = 0
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "code" and cell.get("execution_count") is not None:
            # 1, 2, ... in cell order, as a fresh kernel counts (a warm one counts on)
            count += 1
            cell.execution_count = count
            for output in cell.get("outputs", []):
                if "execution_count" in output:
                    output["execution_count"] = count
        cell.metadata.pop("execution", None)
        cell.metadata.pop("papermill", None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell["id"] = "injected-parameters"
            if parameters is not None:
                cell.source = _parameters_source(parameters)
        elif not cell.get("id"):
            cell["id"] = f"cell-{index}"
    return json.dumps(notebook, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _parameters_source(parameters: dict[str, Any]) -> str:
    """The injected parameters cell for ``parameters``, as papermill writes it."""
    from papermill.translators import PythonTranslator

    return PythonTranslator.codify(parameters, RECORDED_COMMENT)


# Heads an injected parameters cell rewritten to ``recorded`` parameters (see execute).
RECORDED_COMMENT = (
    "Parameters (de paden van na de build: zo opnieuw uit te voeren vanuit de projectmap)"
)


def declared_reads(notebook: Path) -> tuple[str, ...] | None:
    """The tables ``notebook`` declares it reads: ``reads = [...]`` in its parameters cell.

    None when it declares nothing (then it may read every table). The same value as the
    default papermill.inspect_notebook reports, read without importing papermill (a second
    in every process that asks). A declaration that is not a list of names is an error.
    """
    import ast

    for source, tags in _code_cells(notebook):
        if "parameters" not in tags:
            continue
        for node in ast.parse(source).body:
            if isinstance(node, ast.Assign) and any(
                isinstance(target, ast.Name) and target.id == "reads" for target in node.targets
            ):
                try:
                    value = ast.literal_eval(node.value)
                except ValueError:
                    value = None
                if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                    raise NotebookError(
                        f"Notebook {Path(notebook).name}: 'reads' in de parameters-cel moet een "
                        'lijst van tabelnamen zijn, zoals reads = ["hubs", "scores"].'
                    )
                return tuple(value)
    return None


def imported_modules(notebooks: list[Path]) -> tuple[str, ...]:
    """The modules the code cells of ``notebooks`` import (``import a.b``, ``from a.b import c``).

    A cell that is not plain Python (a magic) is skipped: this only chooses what a warm kernel
    imports in advance, the notebooks import what they need themselves.
    """
    import ast

    modules: set[str] = set()
    for path in notebooks:
        for source, _ in _code_cells(path):
            try:
                tree = ast.parse(source)
            except SyntaxError:
                continue
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    modules.update(alias.name for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    modules.add(node.module)
    return tuple(sorted(modules))


def _code_cells(notebook: Path) -> list[tuple[str, list[str]]]:
    """Source and tags of each code cell of a notebook file (nbformat 4 JSON)."""
    cells = json.loads(Path(notebook).read_text(encoding="utf-8"))["cells"]
    return [
        (
            "".join(c["source"]) if isinstance(c["source"], list) else c["source"],
            c.get("metadata", {}).get("tags", []),
        )
        for c in cells
        if c.get("cell_type") == "code"
    ]


def _short(error: Exception) -> str:
    text = str(error).strip().splitlines()
    useful = [line for line in text if line.strip() and not line.startswith("---")]
    return " ".join(useful[-3:]) if useful else type(error).__name__
