"""The render's timing and job pool.

Steps are reported as they end; threads take the most urgent job first (the report before
the notebook pages).
"""

from __future__ import annotations

import functools
import itertools
import queue
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager

# pandoc and Typst run as child processes; two at a time keep two cores busy without
# holding more than two documents in memory at once (and Typst alone: see MemoryGate).
WORKERS = 2

# Typst sets a PDF alone (MemoryGate) from this many hubs on: below it, the largest Typst
# process and two pandoc processes beside it stay far under the build's 2 GB (Typst grows
# with the hubs' text: 1,2 GB for 25 hubs at every limit of evaltools.round.limits, where
# pandoc holds 0,4 GB for 30; docs/benchmarks.md), and pandoc keeps the other core busy.
TYPST_ALONE_FROM_HUBS = 13


# Job priorities (see Jobs): the report's own steps first, the notebook pages in the gaps.
REPORT, PAGES = 0, 1


class Steps:
    """Times the steps of one render and reports each as it ends (``klanteditie pdf 2,1 s``)."""

    def __init__(self, progress: Callable[[str], None] | None) -> None:
        self.progress = progress
        self.last = time.perf_counter()

    def _report(self, name: str, started: float) -> None:
        if self.progress is not None:
            elapsed = f"{time.perf_counter() - started:.1f}".replace(".", ",")
            self.progress(f"{name} {elapsed} s")

    def lap(self, name: str) -> None:
        """Report the time since the previous lap (or the start) as step ``name``."""
        self._report(name, self.last)
        self.last = time.perf_counter()

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        yield
        self._report(name, started)

    def timed(self, name: str, function: Callable, *args, **kwargs):
        with self.step(name):
            return function(*args, **kwargs)

    def reused(self, name: str) -> None:
        """Report step ``name`` as taken from the previous render (``… hergebruikt``)."""
        if self.progress is not None:
            self.progress(f"{name} hergebruikt")


class Jobs:
    """``workers`` threads that each take the most urgent waiting job (lowest priority number).

    The notebook pages need nothing of the report: they start as soon as the project is
    staged and fill the gaps while the report is read; a report step submitted later
    (:data:`REPORT`) still goes before any page (:data:`PAGES`) that has not started yet.
    Leaving the ``with`` block waits for the running jobs; jobs not started are cancelled.
    """

    def __init__(self, workers: int, typst_alone: bool = True) -> None:
        self._queue: queue.PriorityQueue = queue.PriorityQueue()
        self._order = itertools.count()
        self._threads = [threading.Thread(target=self._work, daemon=True) for _ in range(workers)]
        self._closing = False
        self.gate = MemoryGate(typst_alone)

    def __enter__(self) -> Jobs:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._closing = True
        for _ in self._threads:
            self._queue.put((PAGES + 1, next(self._order), None, None, ()))
        for thread in self._threads:
            thread.join()

    def submit(self, priority: int, function: Callable, *args) -> Future:
        future: Future = Future()
        self._queue.put((priority, next(self._order), future, function, args))
        return future

    def _work(self) -> None:
        while True:
            _, _, future, function, args = self._queue.get()
            if future is None:
                return
            if self._closing:
                future.cancel()
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(function(*args))
            except BaseException as error:  # handed to whoever waits for the result
                future.set_exception(error)


class MemoryGate:
    """Typst sets a PDF alone: no pandoc process that holds the whole report runs beside it.

    Typst is by far the largest process of a render (2 GiB for the review edition of a round
    of 30 full hubs, where pandoc holds 0,4 GiB; see docs/benchmarks.md): :meth:`alone` waits
    until the jobs :meth:`beside` each other have ended and keeps new ones waiting until it
    is done; those jobs run beside each other as before. A job waiting for :meth:`alone` goes
    before any that has not yet begun, so the PDFs are not held up.
    """

    def __init__(self, enforced: bool = True) -> None:
        self._condition = threading.Condition()
        self._beside = 0
        self._alone = False
        self._waiting = 0
        # not enforced (a small report, see TYPST_ALONE_FROM_HUBS): every job runs as it comes
        self.enforced = enforced

    def alone(self, function: Callable) -> Callable:
        """``function`` (which starts Typst), run while no job :meth:`beside` runs."""
        if not self.enforced:
            return function

        @functools.wraps(function)
        def run(*args, **kwargs):
            with self._condition:
                self._waiting += 1
                self._condition.wait_for(lambda: not self._alone and self._beside == 0)
                self._waiting -= 1
                self._alone = True
            try:
                return function(*args, **kwargs)
            finally:
                with self._condition:
                    self._alone = False
                    self._condition.notify_all()

        return run

    def beside(self, function: Callable) -> Callable:
        """``function`` (which starts pandoc on the whole report), never beside Typst."""
        if not self.enforced:
            return function

        @functools.wraps(function)
        def run(*args, **kwargs):
            with self._condition:
                self._condition.wait_for(lambda: not self._alone and self._waiting == 0)
                self._beside += 1
            try:
                return function(*args, **kwargs)
            finally:
                with self._condition:
                    self._beside -= 1
                    self._condition.notify_all()

        return run
