"""papermill: execute a notebook in the project's named kernel, then make it byte-stable."""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Any

import nbformat

KERNEL_NAME = "evaltools"


class NotebookError(RuntimeError):
    """A notebook failed; the message names the notebook and the error."""


def execute(notebook: Path, output: Path, parameters: dict[str, Any], cwd: Path) -> None:
    """Execute ``notebook`` with ``parameters`` into ``output`` (written only on success)."""
    import papermill  # imported here: it is slow to import and only needed in this process

    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        draft = Path(scratch) / output.name
        try:
            papermill.execute_notebook(
                str(notebook),
                str(draft),
                parameters=parameters,
                kernel_name=KERNEL_NAME,
                progress_bar=False,
                cwd=str(cwd),
                record_timing=False,
                **_kernel_options(Path(scratch)),
            )
        except Exception as error:
            raise NotebookError(f"Notebook {notebook.name} mislukte: {_short(error)}") from error
        normalise(draft, notebook)
        shutil.move(draft, output)


def _kernel_options(folder: Path) -> dict[str, Any]:
    """Socket files where the platform has them (not on Windows, where ZMQ has no ipc)."""
    return {} if os.name == "nt" else {"kernel_manager_class": _private_sockets(folder)}


def _private_sockets(folder: Path) -> type:
    """A kernel manager whose kernel talks over socket files in ``folder`` (its own scratch).

    With TCP, kernels started at the same time in parallel processes can pick the same free
    port ("Address already in use", then a kernel that never answers; papermill #511). Socket
    files in a folder of its own cannot collide.
    """
    from jupyter_client.manager import AsyncKernelManager

    class PrivateSocketsKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs: Any) -> None:
            kwargs.setdefault("transport", "ipc")
            kwargs.setdefault("connection_file", str(folder / "kernel.json"))
            super().__init__(**kwargs)

        async def start_kernel(self, **kwargs: Any) -> None:
            # The kernel's own log (e.g. the KeyboardInterrupt it reports when it is stopped)
            # is noise on the consultant's terminal; cell errors arrive through the notebook.
            kwargs.setdefault("stderr", subprocess.DEVNULL)
            await super().start_kernel(**kwargs)

    return PrivateSocketsKernelManager


def _timed_execute(*job: Any) -> float:
    started = time.perf_counter()
    execute(*job)
    return time.perf_counter() - started


def execute_many(
    jobs: list[tuple[Path, Path, dict[str, Any], Path]],
    workers: int,
    progress: Callable[[str], None] | None = None,
    done_before: int = 0,
    total: int | None = None,
) -> None:
    """Execute notebooks in parallel, each in its own process (papermill #511: ZMQ ports).

    ``progress`` gets one line per finished notebook, in the order they finish:
    ``[5/12] hub-tint.ipynb 1,8 s`` (or ``mislukt``); the count starts after ``done_before``
    runs of ``total`` (runs that were reused instead of executed).
    """
    total = total if total is not None else done_before + len(jobs)
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = {pool.submit(_timed_execute, *job): job[1].name for job in jobs}
        errors = []
        for done, future in enumerate(as_completed(futures), start=done_before + 1):
            error = future.exception()
            if error is not None:
                errors.append(error)
            if progress is not None:
                result = "mislukt" if error else f"{future.result():.1f} s".replace(".", ",")
                progress(f"[{done}/{total}] {futures[future]} {result}")
    if errors:
        raise NotebookError("\n".join(str(e) for e in errors))


def normalise(path: Path, source: Path) -> None:
    """Remove what differs between identical runs: timings, random ids, absolute paths."""
    notebook = nbformat.read(path, as_version=4)
    recorded = notebook.metadata.get("papermill", {})
    notebook.metadata["papermill"] = {
        "parameters": recorded.get("parameters", {}),
        "input_path": f"notebooks/{source.name}",
        "kernel_name": KERNEL_NAME,
    }
    for index, cell in enumerate(notebook.cells):
        cell.metadata.pop("execution", None)
        cell.metadata.pop("papermill", None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell["id"] = "injected-parameters"
        elif not cell.get("id"):
            cell["id"] = f"cell-{index}"
    text = json.dumps(notebook, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    path.write_text(text, encoding="utf-8")


def _short(error: Exception) -> str:
    text = str(error).strip().splitlines()
    useful = [line for line in text if line.strip() and not line.startswith("---")]
    return " ".join(useful[-3:]) if useful else type(error).__name__
