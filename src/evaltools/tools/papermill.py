"""papermill: execute a notebook in the project's named kernel, then make it byte-stable."""

from __future__ import annotations

import contextlib
import functools
import json
import multiprocessing
import multiprocessing.util
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evaltools.round.errors import EvaltoolsError

# nbformat (and its JSON schemas) is imported where a notebook is executed or rewritten: the
# analyse stage's own process only reads notebooks' code cells (plain JSON)
if TYPE_CHECKING:
    import nbformat

KERNEL_NAME = "evaltools"


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


class _WarmKernel:
    """One kernel per worker process that runs its notebooks one after another.

    A fresh kernel per notebook pays the start of the kernel and the imports of pandas,
    matplotlib and evaltools (about 2 s) for every run: at 100 hubs that is most of the
    analysis. A worker's kernel runs its notebooks in turn instead; before each notebook
    after the first, ``%reset -f`` empties the namespace (every variable, import name and
    output history) and pyplot closes every figure, so a notebook sees nothing of the one
    before it, only the modules already imported. Figures take their style from a context
    (``plt.style.context``), never from global settings. ``normalise`` numbers the cells
    1, 2, ... as a fresh kernel would. Tests execute notebooks warm after one another and
    compare them byte for byte with runs in a fresh kernel. After a failure the kernel stops;
    the worker's next notebook gets a new one.
    """

    _current: _WarmKernel | None = None
    # gc.freeze: what outlives a reset (the imported modules, their caches) is never scanned
    # again, so the collections of %reset and of the next notebook only visit its own objects
    # (pyplot only if a notebook imported it: the ingest notebook draws nothing)
    _RESET = (
        "%reset -f\nimport sys as _sys\nif 'matplotlib.pyplot' in _sys.modules:\n"
        "    _sys.modules['matplotlib.pyplot'].close('all')\ndel _sys\n"
        "import gc as _gc\n_gc.freeze()\ndel _gc"
    )

    def __init__(self, cwd: Path, preload: tuple[str, ...] = ()) -> None:
        from jupyter_core.utils import run_sync

        self.cwd = cwd
        self.folder = Path(tempfile.mkdtemp(prefix="evaltools-kernel-"))
        self.km = _private_sockets(self.folder)(kernel_name=KERNEL_NAME)
        # as nbclient starts a kernel: in the notebook's folder, history in memory only
        run_sync(self.km.start_kernel)(
            cwd=str(cwd), extra_arguments=["--HistoryManager.hist_file=:memory:"]
        )
        # the kernel starts in its own process (about a second); meanwhile this one imports
        # papermill, which runs the notebooks on it
        import papermill  # noqa: F401

        self.kc = self.km.client()
        self.kc.start_channels()
        run_sync(self.kc.wait_for_ready)(timeout=60)
        self.used = False
        multiprocessing.util.Finalize(self, self.stop, exitpriority=10)
        if preload:
            # imported once per kernel, as the first notebook would, and frozen (see _RESET);
            # the names they leave are emptied by the reset before the first notebook
            self.used = True
            self._run("".join(f"import {name}\n" for name in preload) + "import gc\ngc.freeze()")

    @classmethod
    def ready(cls, cwd: Path, preload: tuple[str, ...] = ()) -> _WarmKernel:
        """This process's kernel, emptied for the next notebook (started if there is none)."""
        from jupyter_core.utils import run_sync

        kernel = cls._current
        if kernel is not None and (kernel.cwd != cwd or not run_sync(kernel.km.is_alive)()):
            kernel.stop()
            kernel = None
        if kernel is None:
            kernel = cls._current = cls(cwd, preload)
        if kernel.used and not kernel.reset():
            kernel.stop()
            kernel = cls._current = cls(cwd)
        kernel.used = True
        return kernel

    @classmethod
    @contextlib.contextmanager
    def started(cls, cwd: Path, preload: tuple[str, ...] = ()) -> Iterator[None]:
        """See ``warm_kernel``."""
        if cls._current is not None:
            cls._current.stop()
        kernel = cls._current = cls(cwd, preload)
        try:
            yield
        finally:
            kernel.stop()

    def reset(self) -> bool:
        """Empty the namespace; through nbclient, as the notebooks themselves run."""
        return self._run(self._RESET)

    def _run(self, code: str) -> bool:
        """Execute ``code`` as a one-cell notebook through nbclient; False if it failed."""
        import nbformat
        from nbclient import NotebookClient
        from nbclient.exceptions import CellExecutionError

        cleaner = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
        client = NotebookClient(cleaner, km=self.km, kernel_name=KERNEL_NAME)
        client.kc = self.kc  # nbclient drops a client given to it (see _warm_engine)
        try:
            client.execute()
        except (CellExecutionError, RuntimeError, TimeoutError):
            return False
        return True

    def options(self) -> dict[str, Any]:
        """For papermill: its engine that runs the notebook on this kernel and its client."""
        return {"engine_name": _warm_engine(), "km": self.km, "kc": self.kc}

    def stop(self) -> None:
        from jupyter_core.utils import run_sync

        if _WarmKernel._current is self:
            _WarmKernel._current = None
        try:
            self.kc.stop_channels()
            run_sync(self.km.shutdown_kernel)(now=True)
        except Exception:  # noqa: BLE001 - stopping a kernel that is already gone
            pass
        shutil.rmtree(self.folder, ignore_errors=True)


def warm_kernel(cwd: Path, preload: tuple[str, ...] = ()) -> contextlib.AbstractContextManager:
    """Start this process's warm kernel now; stop it when the ``with`` block ends, on any path.

    The kernel starts in a process of its own and imports the modules in ``preload`` there;
    ``execute(..., warm=True)`` in the block runs on it. What this process does meanwhile in
    another thread (validating the round) overlaps the start.
    """
    return _WarmKernel.started(cwd, preload)


@functools.cache
def _warm_engine() -> str:
    """Register papermill's nbclient engine, on a kernel client of our own; return its name.

    nbclient sets aside a kernel client given to it and opens a new one for every notebook:
    new sockets, left open, and ``wait_for_ready``, which waits at least 0,2 s for the IOPub
    channel to be quiet. The warm kernel's one client is used instead.
    """
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, logger, papermill_engines
    from papermill.utils import merge_kwargs, remove_args

    class WarmKernelEngine(NBClientEngine):
        """``NBClientEngine.execute_managed_notebook`` (papermill 2.7), with the client ``kc``."""

        @classmethod
        def execute_managed_notebook(
            cls,
            nb_man: Any,
            kernel_name: str,
            log_output: bool = False,
            stdout_file: Any = None,
            stderr_file: Any = None,
            start_timeout: int = 60,
            execution_timeout: int | None = None,
            kc: Any = None,
            **kwargs: Any,
        ) -> Any:
            kwargs = remove_args(["input_path"], **kwargs)
            client = PapermillNotebookClient(
                nb_man,
                **merge_kwargs(
                    remove_args(["timeout", "startup_timeout"], **kwargs),
                    timeout=execution_timeout if execution_timeout else kwargs.get("timeout"),
                    startup_timeout=start_timeout,
                    kernel_name=kernel_name,
                    log=logger,
                    log_output=log_output,
                    stdout_file=stdout_file,
                    stderr_file=stderr_file,
                ),
            )
            client.kc = kc
            return client.execute()

    papermill_engines.register("evaltools-warm", WarmKernelEngine)
    return "evaltools-warm"


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

        # AsyncKernelManager makes KernelManager's blocking start_kernel a coroutine function
        # (jupyter_client ignores that override's error in its own code)
        async def start_kernel(self, **kwargs: Any) -> None:  # type: ignore[override]
            # The kernel's own log (e.g. the KeyboardInterrupt it reports when it is stopped)
            # is noise on the consultant's terminal; cell errors arrive through the notebook.
            kwargs.setdefault("stderr", subprocess.DEVNULL)
            await super().start_kernel(**kwargs)

    return PrivateSocketsKernelManager


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

    ``progress`` gets one line per finished notebook, in the order they finish:
    ``[5/12] hub-tint.ipynb 1,8 s`` (or ``mislukt``); the count starts after ``done_before``
    runs of ``total`` (runs that were reused instead of executed).
    """
    total = total if total is not None else done_before + len(jobs)
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
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
