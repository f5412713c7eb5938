"""Figures with a row per hub: every part of a split figure is in the report."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from evaltools.report.files import notebook_outputs
from evaltools.report.render import render_report
from evaltools.tools import papermill
from tests.support.paths import MINI, REPO

pytestmark = pytest.mark.slow


def test_the_report_shows_every_part_of_the_heatmap(built_project: Path, tmp_path: Path) -> None:
    project = tmp_path / "copy"
    shutil.copytree(built_project, project)
    analyse = project / "data" / "processed" / MINI / "analyse"
    # the mini round has two hubs: one hub per part makes two parts of each figure
    papermill.execute(
        REPO / "notebooks" / "scores.ipynb",
        analyse / "notebooks" / "scores.ipynb",
        {
            "round_id": MINI,
            "tables_dir": f"data/processed/{MINI}/tables",
            "out_dir": f"data/processed/{MINI}/analyse",
            "rows_per_part": 1,
        },
        project,
    )
    output = notebook_outputs(analyse / "notebooks" / "scores.ipynb")
    for label, stem in (("scores", "scores"), ("bijdrage-scores", "bijdrage-scores")):
        for part in (1, 2):
            assert f"_generated/figures/{stem}-{part}.svg" in output[label]
            assert (analyse / "figures" / f"{stem}-{part}.svg").is_file()
    render_report(project, MINI)
    typst = (project / "data" / "processed" / MINI / "quarto" / "_generated").glob("*.typ")
    source = "\n".join(p.read_text(encoding="utf-8") for p in typst)
    for caption in ("Scores per Technohub en criterium", "Gemiddelde score per Technohub"):
        numbers = re.findall(rf"Figuur (\d+)([ab])\.~\]{caption}.*?, deel \d van 2", source)
        assert [letter for _, letter in numbers] == ["a", "b"] * 2  # both editions
        assert len({number for number, _ in numbers}) == 1
    for stem in ("scores", "bijdrage-scores"):
        for part in (1, 2):
            assert f'#image("/_generated/figures/{stem}-{part}.svg"' in source
