"""One preview session: the first render, then a rerun of what each change touches.

Steps of ``evaltools voorbeeld <ronde>``:

1. take the port on 127.0.0.1 (a port in use stops here, with a Dutch message);
2. make the preview once: validation and tables, the analysis (unchanged runs reused), the
   check's decisions, the edition's HTML and Typst source (the render, into
   ``data/processed/<ronde>/voorbeeld/``; the notebook pages are ``evaltools render``'s),
   then its PDF from a long-lived Typst compiler;
3. watch the round, the notebooks and the report sources; each batch of changes reruns the
   stages of :func:`evaltools.preview.plan.plan_for`, and the page reloads itself. Bad input
   puts its problems above the last good preview. The kernels stay warm between changes
   (:func:`evaltools.tools.kernels.kept_warm`): the ingest's, and the analysis' worker
   processes with theirs;
4. Ctrl-C (or SIGTERM): stop the watcher and the server, end every child process (pandoc,
   Typst, papermill's workers and kernels) and wait for them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path

import psutil

from evaltools.analyse.stage import analyse, analysis_workers, worker_limit
from evaltools.ingest.processed import read_config
from evaltools.ingest.stage import ingest
from evaltools.preview.plan import EVERYTHING, Plan, plan_for
from evaltools.preview.serve_files import State, start_server
from evaltools.preview.watch_files import Watcher
from evaltools.report.editions import CLIENT, edition_stem
from evaltools.report.files import GENERATED, quarto_dir
from evaltools.report.render import Outputs, build_epoch, render_report
from evaltools.review.command import round_verdict
from evaltools.review.gate import INVALID_INPUT, refusal
from evaltools.round import settings
from evaltools.round.build_log import close_build_log, open_build_log
from evaltools.round.error_log import failure_message
from evaltools.round.errors import EvaltoolsError
from evaltools.round.lock_files import round_lock
from evaltools.round.paths import Layout
from evaltools.tools.kernels import kept_warm, prewarm
from evaltools.tools.papermill import imported_modules
from evaltools.tools.typst import LiveCompiler

PREVIEW = "voorbeeld"


def _seconds(started: float) -> str:
    return f"{time.perf_counter() - started:.1f}".replace(".", ",")


class Preview:
    """The preview's state and its one worker thread, which runs the stages in turn."""

    def __init__(self, root: Path, round_id: str, edition: str, say: Callable[[str], None]) -> None:
        self.layout = Layout(root, round_id)
        self.edition, self.say = edition, say
        self.folder = self.layout.processed / PREVIEW
        stem = edition_stem(round_id, edition)
        self.stem = stem
        name = "klanteditie" if edition == CLIENT else "review-editie"
        self.state = State(stem, name, [self.folder, self.layout.output])
        self._pending: Plan | None = EVERYTHING
        self._wake = threading.Condition()
        self._stopping = False
        self._verdict: tuple | None = None
        self._compiler: LiveCompiler | None = None
        # this run's stage times (for the line that says the page is there); page shown yet
        self._times: list[str] = []
        self._shown = False
        self._prewarmed = False
        self.worker = threading.Thread(target=self._work, name="voorbeeld-werk", daemon=True)
        self._check_wanted = threading.Event()
        self.checker = threading.Thread(target=self._checks, name="voorbeeld-controle", daemon=True)

    # the watcher's side
    def changed(self, paths: list[str]) -> None:
        plan = plan_for(self.layout.round_id, paths)
        if not plan.stages:
            return
        self.say(f"gewijzigd: {', '.join(paths)} -> {', '.join(plan.stages)}")
        self._request(plan)

    def _request(self, plan: Plan) -> None:
        with self._wake:
            self._pending = plan if self._pending is None else self._pending | plan
            self._wake.notify()

    def stop(self) -> None:
        with self._wake:
            self._stopping = True
            self._wake.notify()
        self._check_wanted.set()

    # the check's side: behind the page, in a thread of its own
    def _checks(self) -> None:
        """After each good render, the check (seconds: every rule, spelling) again.

        Its decided findings stand under their tables and its findings in the review
        edition's Verantwoording: a changed verdict renders again. Meanwhile the next change
        is rendered with the verdict of before.
        """
        while True:
            self._check_wanted.wait()
            if self._stopping:
                return
            self._check_wanted.clear()
            try:
                verdict = self._check()
            except Exception:  # noqa: BLE001 - invalid input: the render shows its problems
                continue
            if not self._stopping and repr(verdict) != repr(self._verdict):
                self._verdict = verdict
                self._tell(verdict)
                self._request(Plan(render=True))

    # the worker's side
    def _work(self) -> None:
        # the ingest's kernel and the analysis' worker processes with theirs stay between
        # saves: a changed note pays no process or kernel start
        with kept_warm():
            while True:
                with self._wake:
                    while self._pending is None and not self._stopping:
                        self._wake.wait()
                    if self._stopping:
                        return
                    plan, self._pending = self._pending, None
                if plan is not None:
                    self._run(plan)

    def _run(self, plan: Plan) -> None:
        started = time.perf_counter()
        self._times, self._shown = [], False
        try:
            if plan.ingest and not self._stopping:
                self._timed("ingest", ingest, self.layout)
            if plan.analyse and not self._stopping:
                self._timed("analyse", analyse, self.layout)
            if self._stopping:
                return
            if self._verdict is None:
                self._verdict = self._check()
                self._tell(self._verdict)
            self._render(started)
            self._show(started)  # if the render did not show the page already
            self._pdf()
            self._check_wanted.set()
            if plan.analyse:
                self._prewarm()
        except EvaltoolsError as error:
            if self._stopping:
                return
            self.state.update(problems=str(error))
            self.say(f"niet bijgewerkt (na {_seconds(started)} s):\n{error}")
        except Exception as error:  # noqa: BLE001 - shown in the page, the preview stays up
            if self._stopping:
                return
            message = failure_message("Het voorbeeld", self.layout.root, error)
            self.state.update(problems=message)
            self.say(message)

    def _prewarm(self) -> None:
        """Once: the analysis' worker processes and their kernels, started in the background.

        The first analysis of a session often executes nothing (every run reused), so the
        first changed note would start them; now they wait, warm, for it.
        """
        if self._prewarmed or not settings.warm_kernel():
            return
        self._prewarmed = True
        notebooks = sorted(
            p for p in self.layout.notebooks.glob("*.ipynb") if p.name != "ingest.ipynb"
        )
        workers = analysis_workers(os.cpu_count() or 1, worker_limit())
        prewarm(workers, self.layout.root, imported_modules(notebooks))

    def _check(self) -> tuple:
        verdict, _ = round_verdict(self.layout.raw, self.layout.root)
        invalid = [f for f in verdict.blocking if f.check == INVALID_INPUT]
        if invalid:
            raise EvaltoolsError("\n".join(f"  - {f}" for f in invalid))
        return verdict.decided, verdict.blocking

    def _tell(self, verdict: tuple) -> None:
        """Say so when the check would keep the client edition from ``evaltools render``."""
        if verdict[1] and self.edition == CLIENT:
            self.say(refusal(self.layout.round_id, verdict[1]).splitlines()[0])

    def _timed(self, name: str, stage: Callable[[Layout], object], layout: Layout) -> None:
        begun = time.perf_counter()
        stage(layout)
        self._times.append(f"{name} {_seconds(begun)} s")

    def _show(self, started: float) -> None:
        """The new page is served (once per run): the browser reloads it."""
        if self._shown:
            return
        self._shown = True
        self.state.update(problems=None)
        stages = f" ({', '.join(self._times)})" if self._times else ""
        self.say(f"voorbeeld bijgewerkt in {_seconds(started)} s{stages}")

    def _render(self, started: float) -> None:
        decided, blocking = self._verdict or ((), ())
        # every step with its time in the round's build log, as a render's (not on the terminal)
        log = open_build_log(self.layout.processed, "voorbeeld", quiet=True)
        try:
            self._render_logged(decided, blocking, log.info, started)
        finally:
            close_build_log(log)

    def _render_logged(
        self, decided, blocking, progress: Callable[[str], None], started: float
    ) -> None:
        begun = time.perf_counter()

        def shown(_: list[Path]) -> None:
            # the page is served as soon as its HTML is published; the Typst source follows
            self._times.append(f"render {_seconds(begun)} s")
            self._show(started)

        render_report(
            self.layout.root,
            self.layout.round_id,
            progress,
            decided=decided,
            open_findings=blocking,
            editions=(self.edition,),
            outputs=Outputs(formats=("html", "typ"), pages=False, folder=self.folder, shown=shown),
        )

    def _pdf(self) -> None:
        """The edition's PDF from the Typst source the render left in the staged project."""
        started = time.perf_counter()
        processed = self.layout.processed
        tree = quarto_dir(processed)
        source = tree / GENERATED / f"{self.stem}.typ"
        epoch = build_epoch(read_config(processed / "tables").date)
        with round_lock(processed):
            if self._compiler is None:
                fonts = [tree / GENERATED / "fonts"]
                self._compiler = LiveCompiler(source, root=tree, font_paths=fonts)
            scratch = self.folder / f".{self.stem}.pdf"
            self._compiler.compile_pdf(
                scratch,
                timestamp=dt.datetime.fromtimestamp(epoch, dt.UTC),
                standards=("ua-1",),
            )
            scratch.replace(self.folder / f"{self.stem}.pdf")
        self.say(f"pdf bijgewerkt in {_seconds(started)} s")


def end_children(timeout: float = 3.0) -> list[int]:
    """End every process this one started, and theirs (kernels); the ids that were running."""
    children = psutil.Process().children(recursive=True)
    for child in children:
        with contextlib.suppress(psutil.NoSuchProcess):
            child.terminate()
    _, alive = psutil.wait_procs(children, timeout=timeout)
    for child in alive:
        with contextlib.suppress(psutil.NoSuchProcess):
            child.kill()
    psutil.wait_procs(alive, timeout=timeout)
    return [child.pid for child in children]


def run_preview(
    root: Path, round_id: str, edition: str, port: int, say: Callable[[str], None]
) -> None:
    """Serve and update the preview until Ctrl-C (or SIGTERM); then leave nothing running."""
    preview = Preview(root, round_id, edition, say)
    server = start_server(port, preview.state)
    say(
        f"Voorbeeld van de {preview.state.edition} van ronde {round_id}: "
        f"http://127.0.0.1:{server.server_address[1]}/ (pdf: /rapport.pdf). Ctrl-C stopt."
    )
    layout = preview.layout
    watcher = Watcher(layout.root, [layout.raw, layout.report, layout.notebooks], preview.changed)
    # Ctrl-C and SIGTERM stop the preview (also when started where SIGINT was ignored)
    previous = {
        number: signal.signal(number, signal.default_int_handler)
        for number in (signal.SIGINT, signal.SIGTERM)
    }
    try:
        watcher.start()
        preview.worker.start()
        preview.checker.start()
        while preview.worker.is_alive():
            preview.worker.join(timeout=0.5)
    except KeyboardInterrupt:
        say("Voorbeeld stopt…")
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        preview.stop()
        watcher.stop()
        server.shutdown()
        server.server_close()
        end_children()
        preview.worker.join(timeout=10)
        end_children()  # what a stage started while the first ones ended
