"""Each analysis notebook declares the tables it reads (issue 13): its runs are keyed on them.

A note changes one table (evidence); only the runs of notebooks that read it execute again,
and a notebook that reads a table it did not declare fails instead of going stale.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import papermill as pm
import psutil
import pytest

from evaltools.analyse import freeze
from evaltools.analyse import stage as analyse_stage
from evaltools.ingest import stage as ingest_stage
from evaltools.ingest.processed import UndeclaredTable, read_tables
from evaltools.round.paths import Layout
from evaltools.round.problems import InvalidRound
from evaltools.tools import papermill
from tests.support.builds import OneHubChanged
from tests.support.paths import MINI
from tests.support.project import copy_of

pytestmark = pytest.mark.slow

NOTEBOOKS = [
    *analyse_stage.ANALYSIS_NOTEBOOKS,
    analyse_stage.CHANGES_NOTEBOOK,
    analyse_stage.HUB_NOTEBOOK,
]


def _executed(lines: list[str]) -> set[str]:
    return {line.split()[1] for line in lines if not line.endswith("hergebruikt")}


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_a_notebook_declares_existing_tables_as_papermill_sees_them(
    built_project: Path, name: str
) -> None:
    notebook = built_project / "notebooks" / name
    declared = papermill.declared_reads(notebook)
    assert declared, f"{name} declares no tables ('reads' in its parameters cell)"
    assert list(declared) == ast.literal_eval(pm.inspect_notebook(notebook)["reads"]["default"])
    tables = {p.stem for p in (built_project / "data/processed" / MINI / "tables").glob("*.csv")}
    assert set(declared) <= tables


def test_an_undeclared_table_is_refused(built_project: Path) -> None:
    tables_dir = built_project / "data" / "processed" / MINI / "tables"
    tables = read_tables(tables_dir, ["hubs", "scores"])
    assert set(tables) == {"hubs", "scores"}
    assert tables["hubs"].equals(read_tables(tables_dir)["hubs"])
    # not a KeyError: .get() and `in` must not quietly stand in for the table
    for read in (
        lambda: tables["evidence"],
        lambda: tables.get("evidence"),
        lambda: "evidence" in tables,
    ):
        with pytest.raises(UndeclaredTable, match="'evidence'"):
            read()
    # a declared table without a file (a round older than that table) is only absent
    assert read_tables(tables_dir, ["hubs", "nieuw"]).get("nieuw") is None


def test_a_changed_note_re_executes_only_what_reads_the_changed_table(
    built_project: Path, one_hub_changed: OneHubChanged, tmp_path: Path
) -> None:
    """Hub alpha's interview note changed in a copy of the built project, which was ingested
    and analysed again (tests/builds/conftest.py)."""
    root = one_hub_changed.root
    before = built_project / "data" / "processed" / MINI / "tables"
    tables, lines = one_hub_changed.note_tables, one_hub_changed.note_build
    changed = {p.name for p in tables.iterdir() if p.read_bytes() != (before / p.name).read_bytes()}
    assert changed == {"evidence.csv"}
    # the other hub's slice is the same: its run is keyed on the same files
    freeze.write_hub_slices({MINI: before}, ["alpha", "beta"], tmp_path / "old")
    freeze.write_hub_slices({MINI: tables}, ["alpha", "beta"], tmp_path / "new")
    for hub, same in (("alpha", False), ("beta", True)):
        old, new = (tmp_path / v / hub / MINI / "tables" / "evidence.csv" for v in ("old", "new"))
        assert (old.read_bytes() == new.read_bytes()) is same
    readers = {n for n in analyse_stage.ANALYSIS_NOTEBOOKS if "evidence" in _reads(root, n)}
    assert readers == {"criteria.ipynb", "typologie.ipynb"}
    assert _executed(lines) == {"hub-alpha.ipynb", *readers}
    assert len(lines) == len(analyse_stage.ANALYSIS_NOTEBOOKS) + 3  # changes, two hubs


def test_reading_an_undeclared_table_fails_the_build(built_project: Path, tmp_path: Path) -> None:
    root = copy_of(built_project, tmp_path)
    path = root / "notebooks" / "criteria.ipynb"
    data = json.loads(path.read_text(encoding="utf-8"))
    cell = next(c for c in data["cells"] if "parameters" in c["metadata"].get("tags", []))
    source = "".join(cell["source"])
    assert '"evidence", ' in source
    cell["source"] = source.replace('"evidence", ', "")
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    analysed = root / "data" / "processed" / MINI / "analyse"
    last = {p: p.read_bytes() for p in analysed.rglob("*") if p.is_file()}

    with pytest.raises(papermill.NotebookError, match="criteria.ipynb.*'evidence'"):
        analyse_stage.analyse(Layout(root, MINI))
    # the last good analysis stays as it was
    assert {p: p.read_bytes() for p in analysed.rglob("*") if p.is_file()} == last


def _kernels() -> set[int]:
    return {p.pid for p in psutil.Process().children(recursive=True) if p.is_running()}


def test_ingest_validates_while_its_kernel_starts_and_stops_it_on_every_path(
    built_project: Path, tmp_path: Path
) -> None:
    root = copy_of(built_project, tmp_path)
    layout = Layout(root, MINI)
    tables = root / "data" / "processed" / MINI / "tables"
    before = {p.name: p.read_bytes() for p in tables.iterdir()}
    running = _kernels()
    ingest_stage.ingest(layout)
    assert {p.name: p.read_bytes() for p in tables.iterdir()} == before
    assert _kernels() <= running

    assessment = root / "data" / "raw" / MINI / "beoordeling" / "beta.yaml"
    text = assessment.read_text(encoding="utf-8")
    assessment.write_text(text.replace("score: 2", "score: 7", 1), encoding="utf-8")
    with pytest.raises(InvalidRound, match="beta.yaml, regel 14"):
        ingest_stage.ingest(layout)
    assert {p.name: p.read_bytes() for p in tables.iterdir()} == before
    assert not (root / "data" / "processed" / MINI / ".staging" / "ingest").exists()
    assert _kernels() <= running


def _reads(root: Path, name: str) -> tuple[str, ...]:
    return papermill.declared_reads(root / "notebooks" / name) or ()
