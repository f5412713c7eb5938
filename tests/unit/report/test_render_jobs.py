"""The render's job pool: Typst sets a PDF alone (MemoryGate)."""

from __future__ import annotations

import threading
import time

from evaltools.report.render_jobs import REPORT, Jobs


def _record(log: list[str], lock: threading.Lock, name: str, seconds: float) -> str:
    with lock:
        log.append(f"{name} begint")
    time.sleep(seconds)
    with lock:
        log.append(f"{name} klaar")
    return name


def test_typst_never_runs_beside_a_pandoc_job_and_goes_before_those_not_begun() -> None:
    log: list[str] = []
    lock = threading.Lock()
    with Jobs(2) as jobs:
        gate = jobs.gate
        html = jobs.submit(REPORT, gate.beside(_record), log, lock, "html", 0.3)
        time.sleep(0.05)  # html runs
        pdf = jobs.submit(REPORT, gate.alone(_record), log, lock, "pdf", 0.3)
        time.sleep(0.05)  # pdf waits for html
        docx = jobs.submit(REPORT, gate.beside(_record), log, lock, "docx", 0.1)
        assert [job.result() for job in (html, pdf, docx)] == ["html", "pdf", "docx"]
    assert log == [
        "html begint",
        "html klaar",
        "pdf begint",
        "pdf klaar",
        "docx begint",
        "docx klaar",
    ]


def test_pandoc_jobs_run_beside_each_other() -> None:
    log: list[str] = []
    lock = threading.Lock()
    with Jobs(2) as jobs:
        gate = jobs.gate
        html = jobs.submit(REPORT, gate.beside(_record), log, lock, "html", 0.3)
        docx = jobs.submit(REPORT, gate.beside(_record), log, lock, "docx", 0.3)
        html.result(), docx.result()
    assert log[:2] == ["html begint", "docx begint"]


def test_a_small_report_sets_its_pdf_beside_the_pandoc_jobs() -> None:
    """Below TYPST_ALONE_FROM_HUBS hubs the gate is open: Typst begins while html runs."""
    log: list[str] = []
    lock = threading.Lock()
    with Jobs(2, typst_alone=False) as jobs:
        gate = jobs.gate
        html = jobs.submit(REPORT, gate.beside(_record), log, lock, "html", 0.3)
        time.sleep(0.05)  # html runs
        pdf = jobs.submit(REPORT, gate.alone(_record), log, lock, "pdf", 0.1)
        html.result(), pdf.result()
    assert log == ["html begint", "pdf begint", "pdf klaar", "html klaar"]


def test_the_gate_holds_from_the_hub_count_on() -> None:
    from evaltools.report.render_jobs import TYPST_ALONE_FROM_HUBS
    from evaltools.round.limits import MAX_HUBS

    # the sample round (7 hubs) is below it, a round at the limit above
    assert 7 < TYPST_ALONE_FROM_HUBS <= MAX_HUBS
