"""What a change reruns in the preview, and what the served page gets (issue 27)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from evaltools.preview.plan import (
    EVERYTHING,
    PROBLEMS_ID,
    VERSION_PATH,
    Plan,
    plan_for,
    served_page,
)
from evaltools.preview.watch_files import Watcher

ROUND = "2026-tussentijds"
RAW = f"data/raw/{ROUND}"


def test_a_text_or_a_report_source_reruns_only_the_render() -> None:
    assert plan_for(ROUND, [f"{RAW}/teksten/inleiding.md"]) == Plan(render=True)
    assert plan_for(ROUND, ["report/filters/crossref.lua"]) == Plan(render=True)


def test_an_input_reruns_ingest_analysis_and_render() -> None:
    for path in ("interviews/mira.md", "beoordeling/mira.yaml", "round.yaml"):
        assert plan_for(ROUND, [f"{RAW}/{path}"]) == EVERYTHING
    assert plan_for(ROUND, ["notebooks/ingest.ipynb"]) == EVERYTHING
    assert plan_for(ROUND, ["notebooks/hub.ipynb"]) == Plan(analyse=True, render=True)


def test_other_rounds_and_other_files_rerun_nothing() -> None:
    assert plan_for(ROUND, ["data/raw/2027-eind/teksten/inleiding.md", "README.md"]) == Plan()
    assert plan_for(ROUND, [f"{RAW}/teksten/a.md", f"{RAW}/round.yaml"]) == EVERYTHING


def test_the_served_page_gets_the_script_and_the_escaped_problems() -> None:
    page = "<html><body class='x'><main>rapport</main></body></html>"
    served = served_page(page, 3, "regel 2: <script>fout</script>")
    assert VERSION_PATH in served
    assert served.index(PROBLEMS_ID) < served.index("<main>rapport")
    assert "&lt;script&gt;fout&lt;/script&gt;" in served
    assert PROBLEMS_ID not in served_page(page, 3, None)


def test_the_watcher_reports_a_changed_file_once_and_ignores_an_unchanged_save(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "teksten"
    folder.mkdir()
    text = folder / "inleiding.md"
    text.write_text("een\n", encoding="utf-8")
    batches: list[list[str]] = []
    seen = threading.Event()

    def changed(paths: list[str]) -> None:
        batches.append(paths)
        seen.set()

    watcher = Watcher(tmp_path, [folder], changed)
    watcher.start()
    try:
        text.write_text("een\n", encoding="utf-8")  # saved, not changed
        time.sleep(1)
        assert batches == []
        text.write_text("twee\n", encoding="utf-8")
        assert seen.wait(10)
        assert batches == [["teksten/inleiding.md"]]
    finally:
        watcher.stop()
