"""Build a round at the declared limits and measure the build's peak memory, children included.

    .venv/bin/python scripts/benchmark_limits.py              # MAX_HUBS hubs, this checkout's HEAD
    .venv/bin/python scripts/benchmark_limits.py --hubs 10    # fewer hubs, the same full forms

The script clones HEAD into a scratch folder, writes a synthetic round whose every form is
filled to the limits of ``evaltools.round.limits`` (``scripts/synthetic_round.py
--aan-de-grenzen``: each sheet to its last allowed row, a cell at the longest allowed text, the
form just under its character limit) and runs ``evaltools build`` on it, as a consultant does
(ingest, analyse and render through DVC). Meanwhile it samples every process of the build
(DVC, the stages, the notebook kernels, pandoc, Typst) every 0,2 s with psutil and reports:

- **piek samen**: the largest sum of the resident memory of all processes of the build at one
  moment, the figure that has to stay under 2 GB;
- **piek één proces**: the largest resident memory of a single process (``wait4``, as
  ``scripts/benchmark.py`` measures it);
- the time of the build and of each stage, and the pages of the client PDF.

Figures for docs/benchmarks.md, not limits that tests enforce. Uncommitted changes are not
measured: commit first.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from benchmark import _FINISHED, _pages, start_build  # noqa: E402

INTERVAL = 0.2


class TreeSampler(threading.Thread):
    """The largest sum of resident memory over a process and all its descendants.

    At that sample it keeps every process with its command line (``peak_processes``), and
    over the whole build the largest resident memory of each process (``largest``), so the
    report says which processes overlap at the peak.
    """

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.root = psutil.Process(pid)
        self.peak = 0
        self.peak_processes: list[tuple[str, int]] = []
        self.largest: dict[int, tuple[str, int]] = {}
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            try:
                processes = [self.root, *self.root.children(recursive=True)]
            except psutil.NoSuchProcess:
                return
            sizes = []
            for process in processes:
                try:
                    sizes.append((process.pid, _describe(process), process.memory_info().rss))
                except (psutil.NoSuchProcess, psutil.AccessDenied):
                    continue
            for pid, text, size in sizes:
                if size > self.largest.get(pid, ("", 0))[1]:
                    self.largest[pid] = (text, size)
            total = sum(size for _, _, size in sizes)
            if total > self.peak:
                self.peak = total
                self.peak_processes = sorted(((t, s) for _, t, s in sizes), key=lambda s: -s[1])
            self.done.wait(INTERVAL)


def _describe(process: psutil.Process) -> str:
    """A process as its command line, shortened: ``python -m evaltools.tools.typst``."""
    words = [Path(word).name if word.startswith("/") else word for word in process.cmdline()]
    return " ".join(words)[:110] or process.name()


def main() -> None:
    from evaltools.round.limits import MAX_HUBS

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hubs", type=int, default=MAX_HUBS)
    parser.add_argument("--bewaar", action="store_true", help="bewaar het project")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="evaltools-limits-"))
    project = scratch / "project"
    round_id = f"grens-{args.hubs}"
    try:
        subprocess.run(["git", "clone", "--quiet", str(ROOT), str(project)], check=True)
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "scripts" / "synthetic_round.py"),
                str(args.hubs),
                str(project / "data" / "raw" / round_id),
                "--aan-de-grenzen",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        (project / "params.yaml").write_text(f"rounds:\n  - {round_id}\n", encoding="utf-8")
        environment = {
            **os.environ,
            "PYTHONPATH": str(project / "src"),
            "PATH": str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""),
            "EVALTOOLS_STIL": "1",
        }
        with tempfile.TemporaryFile() as errors:
            started = time.perf_counter()
            process = start_build(project, round_id, environment, errors)
            sampler = TreeSampler(process.pid)
            sampler.start()
            _, status, usage = os.wait4(process.pid, 0)
            seconds = time.perf_counter() - started
            sampler.done.set()
            sampler.join()
            errors.seek(0)
            error = errors.read().decode(errors="replace")
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"De bouw is mislukt:\n{error[-3000:]}")
        log = (project / "data" / "processed" / round_id / "build.log").read_text("utf-8")
        stages = {m[1]: m[2] for m in _FINISHED.finditer(log)}
        pages = _pages(project / "report" / "_output" / f"{round_id}.pdf")
        gib = 1024**3
        print(f"{os.cpu_count()} cores; {time.strftime('%Y-%m-%d %H:%M')}; {args.hubs} hubs")
        print(
            f"bouw {seconds:.1f} s ("
            + ", ".join(f"{stage} {value} s" for stage, value in stages.items())
            + f"); piek samen {sampler.peak / gib:.2f} GiB; piek één proces "
            f"{usage.ru_maxrss / 1024 / 1024:.2f} GiB; {pages} PDF-pagina's"
        )
        print("processen op de piek:")
        for text, size in sampler.peak_processes[:8]:
            print(f"  {size / 1024**2:6.0f} MiB  {text}")
        print("grootste processen van de bouw:")
        for text, size in sorted(sampler.largest.values(), key=lambda s: -s[1])[:8]:
            print(f"  {size / 1024**2:6.0f} MiB  {text}")
    finally:
        if args.bewaar:
            print(f"bewaard: {scratch}", file=sys.stderr)
        else:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
