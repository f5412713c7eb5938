"""Benchmark the build as a consultant runs it (`evaltools build`), for rounds of 7 and 25 hubs.

    .venv/bin/python scripts/benchmark.py                    # this checkout's HEAD
    .venv/bin/python scripts/benchmark.py --versie abf2ec1 --versie HEAD   # before and after

For every version (a git commit of this repository) and every size, the script clones the
commit into a scratch folder, writes a synthetic round of N hubs there
(``scripts/synthetic_round.py`` of this checkout, so every version builds the same input),
lists only that round in params.yaml and measures, through the real DVC pipeline:

- **koud**: the first build (ingest, analyse, render; per stage from the round's build.log);
- **niets veranderd**: the same build again (DVC finds nothing to do);
- **één hub veranderd**: after one sentence is added to one hub's interview note;
- **piekgeheugen**: the largest resident set of any process of the build (``wait4``);
- the number of pages of the client PDF;
- **voorbeeld**: with ``evaltools voorbeeld`` running on the built round (a version without
  the command shows "–"), the time from saving a round text to the updated page being served
  (**tekst → pagina**), and from saving a hub's changed interview note (**notitie → pagina**):
  the preview's version changes and the page holds the new sentence. The browser's own poll
  (at most 0,3 s) and reload come on top.

Below the table: the cold build of the largest round as a multiple of the smallest.

A version's code runs from its clone (``PYTHONPATH``) in this checkout's virtual environment,
so the packages are the same for every version. Timings depend on the machine and its load:
they are figures to report, not limits that tests enforce. Uncommitted changes are not
measured: commit first.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parents[1]
STAGES = ("ingest", "analyse", "render")
_FINISHED = re.compile(r"evaltools\.build\.[^.\s]+\.(\w+) klaar in ([\d,]+) s")


@dataclass
class Run:
    seconds: float
    peak_mib: float
    stages: dict[str, float] = field(default_factory=dict)


@dataclass
class Result:
    version: str
    hubs: int
    cold: Run
    noop: Run
    one_hub: Run
    pages: int
    text_to_page: float | None = None
    note_to_page: float | None = None
    limit: int | None = None  # the clone's MAX_HUBS when the benchmark raised it (_allow_hubs)


def start_build(
    project: Path, round_id: str, environment: dict[str, str], errors: IO[bytes]
) -> subprocess.Popen:
    """`evaltools build <round>` started quietly in ``project``, its stderr into ``errors`` (a
    file, not a pipe: a full pipe would block the build while we wait for it)."""
    return subprocess.Popen(
        [sys.executable, "-m", "evaltools", "--stil", "build", round_id],
        cwd=project,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=errors,
    )


def _build(project: Path, round_id: str, environment: dict[str, str]) -> Run:
    """Run `evaltools build <round>` in ``project``; its wall time, peak memory, stage times."""
    log = project / "data" / "processed" / round_id / "build.log"
    seen = log.read_text(encoding="utf-8") if log.is_file() else ""
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = start_build(project, round_id, environment, errors)
        # wait4: the peak resident set of the child and of every descendant it waited for
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        errors.seek(0)
        error = errors.read().decode(errors="replace")
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"De bouw in {project} is mislukt:\n{error[-3000:]}")
    text = log.read_text(encoding="utf-8")[len(seen) :] if log.is_file() else ""
    stages = {m[1]: float(m[2].replace(",", ".")) for m in _FINISHED.finditer(text)}
    return Run(seconds, usage.ru_maxrss / 1024, stages)


def _project(version: str, hubs: int, scratch: Path) -> tuple[Path, str, int | None]:
    """A clone of ``version`` holding one synthetic round of ``hubs`` hubs, listed alone, and
    the hub limit the clone had when it was raised for this round (else None)."""
    project = scratch / "project"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(project)], check=True)
    subprocess.run(["git", "-C", str(project), "checkout", "--quiet", version], check=True)
    limit = _allow_hubs(project, hubs)
    round_id = f"bench-{hubs}"
    # with a raised limit, the round is made and checked by the clone's code (its limit)
    clone = {**os.environ, "PYTHONPATH": str(project / "src")} if limit is not None else None
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "synthetic_round.py"),
            str(hubs),
            str(project / "data" / "raw" / round_id),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
        env=clone,
    )
    (project / "params.yaml").write_text(f"rounds:\n  - {round_id}\n", encoding="utf-8")
    if clone is None:
        _decide_open_errors(project, round_id)
    else:
        decide = (
            f"import sys; sys.path.insert(0, {str(ROOT / 'scripts')!r}); "
            "from pathlib import Path; from benchmark import _decide_open_errors; "
            f"_decide_open_errors(Path({str(project)!r}), {round_id!r})"
        )
        subprocess.run([sys.executable, "-c", decide], check=True, env=clone)
    return project, round_id, limit


_MAX_HUBS = re.compile(r"^MAX_HUBS = (\d+)$", re.MULTILINE)


def _allow_hubs(project: Path, hubs: int) -> int | None:
    """Raise the round's hub limit to ``hubs`` in the clone ``project`` only, and say so.

    ``validate`` refuses a round of more than ``MAX_HUBS`` hubs (evaltools.round.limits: a
    build within 2 GB). To measure how the build scales beyond it (100 hubs against 7), the
    benchmark patches the limit in its own temporary clone; the checkout and the product keep
    theirs. Returns the limit it raised (None: the round is within it).
    """
    limits = project / "src" / "evaltools" / "round" / "limits.py"
    text = limits.read_text(encoding="utf-8") if limits.is_file() else ""
    found = _MAX_HUBS.search(text)
    if found is None or hubs <= int(found[1]):
        return None
    limits.write_text(_MAX_HUBS.sub(f"MAX_HUBS = {hubs}", text, count=1), encoding="utf-8")
    print(
        f"let op: MAX_HUBS ({found[1]}, evaltools.round.limits) is alleen in de tijdelijke kloon "
        f"{project} verhoogd naar {hubs}, om de schaal bij {hubs} hubs te meten; het product "
        f"weigert rondes van meer dan {found[1]} hubs (geheugen < 2 GB).",
        file=sys.stderr,
        flush=True,
    )
    return int(found[1])


def _decide_open_errors(project: Path, round_id: str) -> None:
    """Accept every error the check finds in the synthetic round (its allocation key names a
    combination no generated hub has), as a consultant would, so that the sign-off gate lets
    the client edition through and the build measures what it measures for a real round."""
    from evaltools.review.command import round_verdict
    from evaltools.round.decisions import decision_template

    raw = project / "data" / "raw" / round_id
    verdict, _ = round_verdict(raw, project)
    if not verdict.blocking:
        return
    entries = [
        decision_template(finding, round_id)
        .replace("<waarom, in woorden voor de lezer van het rapport>", "synthetische ronde")
        .replace("<uw rol, bijv. senior adviseur>", "benchmark")
        for finding in verdict.blocking
    ]
    (raw / "controle").mkdir(exist_ok=True)
    (raw / "controle" / "besluiten.yaml").write_text(
        "besluiten:\n" + "\n".join(entries) + "\n", encoding="utf-8"
    )


def _change_one_hub(project: Path, round_id: str) -> None:
    """Add a sentence to the first bullet of one hub's interview note (its evidence)."""
    note = sorted((project / "data" / "raw" / round_id / "interviews").glob("*.md"))[0]
    lines = note.read_text(encoding="utf-8").splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("- "))
    lines[first] += " Dat is na het interview nog eens bevestigd."
    note.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _served(port: int, path: str) -> bytes:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as response:
        return response.read()


def _wait(condition, timeout: float = 300.0) -> None:
    ends = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > ends:
            raise SystemExit("Het voorbeeld werd niet bijgewerkt.")
        time.sleep(0.02)


def _preview(project: Path, round_id: str, environment: dict[str, str]) -> tuple[float, float]:
    """Seconds from saving a text, and a hub's note, to the updated page being served."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "evaltools", "voorbeeld", round_id, "--poort", str(port)],
        cwd=project,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def status() -> dict:
        try:
            return json.loads(_served(port, "/_voorbeeld/versie"))
        except OSError:
            return {"versie": 0, "bezig": True, "problemen": ""}

    def saved_to_page(path: Path, change, sentence: str) -> float:
        _wait(lambda: not status()["bezig"])
        time.sleep(6)  # the check behind the page (and its render) ends first
        version = status()["versie"]
        started = time.perf_counter()
        path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
        _wait(lambda: status()["versie"] != version)
        seconds = time.perf_counter() - started
        if status()["problemen"] or sentence.encode() not in _served(port, f"/{round_id}.html"):
            raise SystemExit(f"Het voorbeeld toont de wijziging niet: {status()['problemen']}")
        return seconds

    try:
        _wait(lambda: status()["versie"] >= 1 and not status()["bezig"])
        raw = project / "data" / "raw" / round_id
        text = raw / "teksten" / "inleiding.md"
        sentence = "Deze zin kwam er in het voorbeeld bij."
        text_seconds = saved_to_page(text, lambda t: t + f"\n{sentence}\n", sentence)
        note = sorted((raw / "interviews").glob("*.md"))[0]
        added = "Dat bleek ook uit het werkbezoek."
        note_seconds = saved_to_page(note, lambda t: _first_bullet(t, added), "werkbezoek")
        return text_seconds, note_seconds
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=120)


def _first_bullet(text: str, sentence: str) -> str:
    lines = text.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("- "))
    lines[first] += f" {sentence}"
    return "\n".join(lines) + "\n"


def _has_preview(project: Path, environment: dict[str, str]) -> bool:
    help_run = subprocess.run(
        [sys.executable, "-m", "evaltools", "voorbeeld", "--help"],
        cwd=project,
        env=environment,
        capture_output=True,
        check=False,
    )
    return help_run.returncode == 0


def _pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def measure(version: str, hubs: int, keep: bool = False) -> Result:
    scratch = Path(tempfile.mkdtemp(prefix="evaltools-bench-"))
    try:
        project, round_id, limit = _project(version, hubs, scratch)
        environment = {
            **os.environ,
            "PYTHONPATH": str(project / "src"),
            "PATH": str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""),
            "EVALTOOLS_STIL": "1",
        }
        cold = _build(project, round_id, environment)
        noop = _build(project, round_id, environment)
        _change_one_hub(project, round_id)
        one_hub = _build(project, round_id, environment)
        pages = _pages(project / "report" / "_output" / f"{round_id}.pdf")
        latencies = (
            _preview(project, round_id, environment)
            if _has_preview(project, environment)
            else (None, None)
        )
    finally:
        if keep:
            print(f"bewaard: {scratch}", file=sys.stderr)
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    return Result(version, hubs, cold, noop, one_hub, pages, *latencies, limit=limit)


def _s(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f} s".replace(".", ",")


def table(results: list[Result]) -> str:
    """The results as a Markdown table (Dutch, for the README)."""
    lines = [
        "| versie | hubs | koud | ingest | analyse | render | niets veranderd "
        "| één hub veranderd | piekgeheugen | PDF-pagina's | tekst → pagina "
        "| notitie → pagina |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for r in results:
        peak = max(r.cold.peak_mib, r.noop.peak_mib, r.one_hub.peak_mib) / 1024
        lines.append(
            f"| {r.version} | {r.hubs} | {_s(r.cold.seconds)} | "
            + " | ".join(_s(r.cold.stages.get(stage)) for stage in STAGES)
            + f" | {_s(r.noop.seconds)} | {_s(r.one_hub.seconds)} "
            f"({r.one_hub.seconds / r.cold.seconds:.0%}) | "
            f"{peak:.2f} GiB | {r.pages} | ".replace(".", ",")
            + f"{_s(r.text_to_page)} | {_s(r.note_to_page)} |"
        )
    for r in results:
        if r.limit is not None:
            lines.append(
                f"\nversie {r.version}, {r.hubs} hubs: gemeten met MAX_HUBS verhoogd van "
                f"{r.limit} naar {r.hubs}, alleen in de tijdelijke kloon van de benchmark (het "
                f"product weigert rondes van meer dan {r.limit} hubs)."
            )
    for version in dict.fromkeys(r.version for r in results):
        sizes = sorted((r for r in results if r.version == version), key=lambda r: r.hubs)
        if len(sizes) > 1:
            small, large = sizes[0], sizes[-1]
            ratio = f"{large.cold.seconds / small.cold.seconds:.1f}".replace(".", ",")
            lines.append(
                f"\nversie {version}: koud bij {large.hubs} hubs is {ratio}x koud bij "
                f"{small.hubs} hubs."
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--versie",
        action="append",
        help="git-commit om te meten (herhaalbaar; standaard HEAD)",
    )
    # above MAX_HUBS (evaltools.round.limits), the limit is raised in the clone only (_allow_hubs)
    parser.add_argument("--hubs", type=int, nargs="+", default=[7, 25])
    parser.add_argument(
        "--bewaar", action="store_true", help="bewaar de projecten (om de rapporten te bekijken)"
    )
    args = parser.parse_args()
    commits = [
        subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", version],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        for version in args.versie or ["HEAD"]
    ]
    results = []
    # size by size, the versions one after the other: a change in the machine's load then
    # weighs on every version alike
    for hubs in args.hubs:
        for commit in commits:
            print(f"meten: versie {commit}, {hubs} hubs …", file=sys.stderr, flush=True)
            results.append(measure(commit, hubs, args.bewaar))
            print(table(results[-1:]).splitlines()[2], file=sys.stderr, flush=True)
    print(f"{os.cpu_count()} cores; {time.strftime('%Y-%m-%d %H:%M')}")
    print(table(sorted(results, key=lambda r: (commits.index(r.version), r.hubs))))


if __name__ == "__main__":
    main()
