"""Shared fixtures: a tiny project (the mini round) laid out like the real one, in tmp folders."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evaltools import pipeline
from evaltools.inputs.forms import make_filled_forms
from evaltools.io.project import scratch_project
from evaltools.report.render import render_report

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"
MINI = "mini-ronde"


def make_project(root: Path, round_id: str = MINI) -> Path:
    """Copy code-side folders (notebooks, report sources) and the mini round into ``root``."""
    scratch_project(REPO, root, {round_id: DATA / MINI})
    make_filled_forms(root / "data" / "raw" / round_id, DATA / "mini-antwoorden")
    return root


@pytest.fixture
def mini_round(tmp_path: Path) -> Path:
    """A fresh, valid copy of the mini round (forms generated and filled)."""
    return make_project(tmp_path) / "data" / "raw" / MINI


@pytest.fixture(scope="session")
def built_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini project after ingest, analyse and render (run once per test session)."""
    root = make_project(tmp_path_factory.mktemp("project"))
    layout = pipeline.Layout(root, MINI)
    pipeline.ingest(layout)
    pipeline.analyse(layout)
    render_report(root, MINI)
    return root


SAMPLE = "2026-tussentijds"


@pytest.fixture(scope="session")
def sample_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The complete sample round, built from its committed raw files in a tmp project."""
    root = scratch_project(
        REPO, tmp_path_factory.mktemp("sample"), {SAMPLE: REPO / "data" / "raw" / SAMPLE}
    )
    layout = pipeline.Layout(root, SAMPLE)
    pipeline.ingest(layout)
    pipeline.analyse(layout)
    render_report(root, SAMPLE)
    return root


def add_to_cell_output(notebook: Path, label: str, markdown: str) -> None:
    """Append ``markdown`` to the Markdown output of the cell labelled ``label`` (in place)."""
    data = json.loads(notebook.read_text(encoding="utf-8"))
    for cell in data["cells"]:
        if cell["cell_type"] == "code" and f"#| label: {label}\n" in "".join(cell["source"]):
            for output in cell["outputs"]:
                if "text/markdown" in output.get("data", {}):
                    text = output["data"]["text/markdown"]
                    output["data"]["text/markdown"] = "".join(text) + markdown
                    notebook.write_text(json.dumps(data), encoding="utf-8")
                    return
    raise AssertionError(f"{notebook.name} heeft geen cel {label} met Markdown-uitvoer")
