"""The analysis notebooks as the analyse stage runs them: their parameters, no round named in
them, every one in the pipeline, and the stage's refusals before a notebook runs."""

from __future__ import annotations

import os
from pathlib import Path

import papermill
import pytest

from evaltools.analyse import stage as analyse_stage
from evaltools.round.paths import Layout
from evaltools.tools.papermill import NotebookError
from tests.support.paths import MINI, REPO, SAMPLE

NOTEBOOKS = REPO / "notebooks"
COMMON = {"round_id", "tables_dir", "out_dir"}


@pytest.mark.parametrize(
    ("name", "extra"),
    [
        ("criteria", {}),
        ("scores", {"threshold": "2", "rows_per_part": "25"}),
        ("doelen", {}),
        ("typologie", {}),
        ("allocatie", {"budget": "None", "budget_source": "''"}),
        ("hub", {"hub": "''", "processed_dir": "''"}),
    ],
)
def test_every_analysis_notebook_declares_its_parameters(name: str, extra: dict) -> None:
    parameters = papermill.inspect_notebook(str(NOTEBOOKS / f"{name}.ipynb"))
    # and the tables it reads (tests/builds/test_notebook_inputs.py)
    assert set(parameters) == COMMON | set(extra) | {"reads"}
    # neutral defaults: a notebook belongs to no round until the pipeline injects one
    for key in COMMON:
        assert parameters[key]["default"] == '""', key
    for key, default in extra.items():
        assert parameters[key]["default"].replace('"', "'") == default


def test_the_ingest_notebook_declares_its_parameters() -> None:
    parameters = papermill.inspect_notebook(str(NOTEBOOKS / "ingest.ipynb"))
    assert set(parameters) == {"round_id", "raw_dir", "tables_dir", "cache_dir"}
    assert {value["default"] for value in parameters.values()} == {'""'}


def test_no_notebook_names_a_round() -> None:
    rounds = [p.name for p in (REPO / "data" / "raw").iterdir() if p.is_dir()]
    rounds += [p.name for p in (REPO / "tests" / "data").iterdir() if (p / "round.yaml").is_file()]
    assert SAMPLE in rounds and MINI in rounds
    for path in NOTEBOOKS.glob("*.ipynb"):
        text = path.read_text(encoding="utf-8")
        assert not [r for r in rounds if r in text], path.name


def test_the_pipeline_runs_every_analysis_notebook_and_the_hub_notebook() -> None:
    on_disk = {p.name for p in NOTEBOOKS.glob("*.ipynb")} - {"ingest.ipynb"}
    assert on_disk == {
        *analyse_stage.ANALYSIS_NOTEBOOKS,
        analyse_stage.HUB_NOTEBOOK,
        analyse_stage.CHANGES_NOTEBOOK,
    }
    stage = (REPO / "dvc.yaml").read_text(encoding="utf-8").split("  render:")[0]
    for name in on_disk:
        assert f"notebooks/{name}" in stage, name


def test_analysis_without_tables_asks_for_ingest_first(tmp_path: Path) -> None:
    with pytest.raises(NotebookError, match=r"draai eerst 'evaltools ingest leeg'"):
        analyse_stage.analyse(Layout(tmp_path, "leeg"))
    assert not (tmp_path / "data" / "processed" / "leeg" / "analyse").exists()


def test_the_number_of_analysis_processes_can_be_limited(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """EVALTOOLS_WERKPROCESSEN caps the processes (one per core and run otherwise); a value that
    is no whole number of at least 1 stops the analysis before it starts, in Dutch."""
    cores = os.cpu_count() or 1
    assert analyse_stage.analysis_workers(20, None) == cores
    assert analyse_stage.analysis_workers(1, None) == 1
    assert analyse_stage.analysis_workers(20, 1) == 1
    monkeypatch.setenv(analyse_stage.WORKERS_VARIABLE, "3")
    assert analyse_stage.worker_limit() == 3
    for wrong in ("0", "twee", "-1", "1.5"):
        monkeypatch.setenv(analyse_stage.WORKERS_VARIABLE, wrong)
        with pytest.raises(NotebookError, match=f"EVALTOOLS_WERKPROCESSEN is '{wrong}'; zet er"):
            analyse_stage.analyse(Layout(tmp_path, "leeg"))
    monkeypatch.delenv(analyse_stage.WORKERS_VARIABLE)
    assert analyse_stage.worker_limit() is None
