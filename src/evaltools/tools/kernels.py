"""Warm Jupyter kernels for papermill: one per process, reused for notebook after notebook.

A fresh kernel per notebook pays the kernel's start and the imports of pandas, matplotlib and
evaltools for every run; ``_WarmKernel`` keeps one per process instead (``execute(...,
warm=True)`` in :mod:`evaltools.tools.papermill`). :func:`kept_warm` keeps them, and the
worker processes of ``execute_many``, between stages too: for ``evaltools voorbeeld``.
"""

from __future__ import annotations

import contextlib
import functools
import multiprocessing
import multiprocessing.util
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

KERNEL_NAME = "evaltools"


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
        from jupyter_core.utils import run_sync

        kernel = cls._current
        if _Kept.on and kernel is not None and kernel.cwd == cwd and run_sync(kernel.km.is_alive)():
            yield  # the kept kernel: ``ready`` empties it for the next notebook
            return
        if kernel is not None:
            kernel.stop()
        kernel = cls._current = cls(cwd, preload)
        try:
            yield
        finally:
            if not _Kept.on:
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
    another thread (validating the round) overlaps the start. Inside :func:`kept_warm`, a
    kernel already running is used again and the kernel is not stopped at the end.
    """
    return _WarmKernel.started(cwd, preload)


class _Kept:
    """What :func:`kept_warm` keeps: whether it is on, and ``execute_many``'s worker pool."""

    on = False
    pool: ProcessPoolExecutor | None = None
    workers = 0


@contextlib.contextmanager
def kept_warm() -> Iterator[None]:
    """Keep the kernels warm between stages: for a long-lived process (``evaltools voorbeeld``).

    In the block, :func:`warm_kernel` leaves this process's kernel running at its end and uses
    it again the next time, and :func:`execute_many` keeps its worker processes (each with its
    warm kernel) for its next call, so that a rerun after a saved change pays no process or
    kernel start. A kernel is emptied before each notebook as between the notebooks of one
    call (see ``_WarmKernel``): the executed notebooks are the same, byte for byte. At the
    end of the block the workers and the kernels stop.
    """
    _Kept.on = True
    try:
        yield
    finally:
        _Kept.on = False
        _drop_kept_pool()
        if _WarmKernel._current is not None:
            _WarmKernel._current.stop()


def prewarm(workers: int, cwd: Path, preload: tuple[str, ...] = ()) -> None:
    """Inside :func:`kept_warm`: start ``workers`` worker processes of ``execute_many`` and
    their kernels now, in the background (the preview, after its first render), so that the
    first rerun pays no start either. Outside the block it does nothing."""
    if not _Kept.on:
        return
    pool, _ = _worker_pool(workers, workers)
    for _ in range(workers):
        pool.submit(_warm_up, cwd, preload)


def _warm_up(cwd: Path, preload: tuple[str, ...]) -> None:
    """A worker's first job from :func:`prewarm`: its kernel, started with ``preload``."""
    _WarmKernel.ready(cwd, preload)


def _drop_kept_pool() -> None:
    pool, _Kept.pool = _Kept.pool, None
    if pool is not None:
        # its workers stop their kernels as they exit (multiprocessing.util.Finalize)
        pool.shutdown(wait=True, cancel_futures=True)


def _worker_pool(workers: int, jobs: int) -> tuple[ProcessPoolExecutor, bool]:
    """A pool of ``workers`` processes for ``jobs`` runs, and whether it is kept afterwards.

    Inside :func:`kept_warm`, the kept pool is used when it runs as many of the jobs at a time
    as ``workers`` would (no more than asked for, no fewer), else a new pool is kept instead.
    """
    context = multiprocessing.get_context("spawn")
    if not _Kept.on:
        return ProcessPoolExecutor(max_workers=workers, mp_context=context), False
    if _Kept.pool is None or min(_Kept.workers, jobs) != min(workers, jobs):
        _drop_kept_pool()
        _Kept.pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
        _Kept.workers = workers
    return _Kept.pool, True


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
