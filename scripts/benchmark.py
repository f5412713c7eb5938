"""Time each stage of the sample round, cold, in a scratch copy of the project.

    .venv/bin/python scripts/benchmark.py [--round 2026-tussentijds] [--repeat 3]

Prints wall time per stage and the peak memory of the processes it started. Timings depend on
the machine and its load: they are figures to report, not limits that tests enforce.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from evaltools.io.project import scratch_project

ROOT = Path(__file__).resolve().parents[1]
STAGES = ("ingest", "analyse", "render")


def run_once(round_id: str) -> dict[str, float]:
    root = scratch_project(
        ROOT,
        Path(tempfile.mkdtemp(prefix="evaltools-bench-")) / "project",
        {round_id: ROOT / "data" / "raw" / round_id},
    )
    timings = {}
    try:
        for stage in STAGES:
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "evaltools.cli", stage, round_id, "--project", str(root)],
                check=True,
                capture_output=True,
            )
            timings[stage] = time.perf_counter() - started
    finally:
        shutil.rmtree(root.parent, ignore_errors=True)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--round", default="2026-tussentijds")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    runs = [run_once(args.round) for _ in range(args.repeat)]
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"ronde {args.round}, {args.repeat} koude runs (mediaan, min-max in s):")
    for stage in (*STAGES, "totaal"):
        values = [sum(r.values()) if stage == "totaal" else r[stage] for r in runs]
        print(
            f"  {stage:8} {statistics.median(values):6.1f}  ({min(values):.1f}-{max(values):.1f})"
        )
    print(f"  piekgeheugen van één deelproces: {peak_mib:.0f} MiB")


if __name__ == "__main__":
    main()
