"""The report as readers get it: input text stays text, and Quarto can render the same sources."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from docx import Document
from pypdf import PdfReader

from evaltools import pipeline
from evaltools.report.render import output_paths, render_report
from tests.conftest import MINI, make_project

PLANTED = "<script>alert(1)</script> #kop $x$ *ster* @tbl-x _laag_ `code` [link](http://x.invalid)"


@pytest.mark.slow
def test_markup_in_input_text_is_shown_literally_everywhere(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    assessment = root / "data" / "raw" / MINI / "beoordeling" / "alpha.yaml"
    text = assessment.read_text(encoding="utf-8")
    planted = PLANTED.replace("'", "''")
    assessment.write_text(
        text.replace(
            "- tekst: Vaste projectleiding zorgt voor continuïteit.", f"- tekst: '{planted}'"
        ),
        encoding="utf-8",
    )
    layout = pipeline.Layout(root, MINI)
    pipeline.ingest(layout)
    pipeline.analyse(layout)
    render_report(root, MINI)
    html, pdf, docx = output_paths(root, MINI)

    soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
    assert soup.find("script") is None
    assert not soup.find("a", href="http://x.invalid")
    cells = [" ".join(td.get_text(" ").split()) for td in soup.find_all("td")]
    assert any(PLANTED in cell for cell in cells)

    pdf_text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(pdf).pages)
    assert PLANTED in pdf_text

    docx_cells = [c.text for t in Document(str(docx)).tables for r in t.rows for c in r.cells]
    assert any(PLANTED in " ".join(cell.split()) for cell in docx_cells)


@pytest.mark.slow
@pytest.mark.skipif(
    shutil.which("quarto") is None,
    reason="Quarto is niet geïnstalleerd (niet verkrijgbaar via PyPI, Debian of npm); "
    "de Quarto-route wordt getest waar 'quarto' op het PATH staat.",
)
def test_quarto_renders_the_same_sources(built_project: Path, tmp_path: Path) -> None:
    project = tmp_path / "copy"
    shutil.copytree(built_project, project)
    result = subprocess.run(
        ["quarto", "render", "report/", "--to", "html"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    html = (project / "report" / "_output" / "index.html").read_text(encoding="utf-8")
    assert "Technohub Alpha" in html
