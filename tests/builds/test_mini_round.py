"""The whole chain on the mini round: real forms, real notebooks, real HTML, PDF and DOCX."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from docx import Document

from evaltools.ingest import stage as ingest_stage
from evaltools.report.quarto import ShortcodeError
from evaltools.report.render import output_paths, render_report
from evaltools.round.paths import Layout
from evaltools.round.problems import InvalidRound
from tests.support.pdf_text import flat_pdf_text

pytestmark = pytest.mark.slow
MINI = "mini-ronde"


def test_all_three_outputs_hold_hubs_and_table_content(built_project: Path) -> None:
    html, pdf, docx = output_paths(built_project, MINI)
    soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
    table = soup.find("table", id="tbl-criterium-robuustheid")
    assert table is not None
    cells = [" ".join(td.get_text(" ").split()) for td in table.find_all("td")]
    assert "Alpha" in cells and "Beta" in cells
    assert any("Vaste projectleiding zorgt voor continuïteit." in c for c in cells)
    assert [li.get_text(" ", strip=True).startswith("Rollen") for li in table.find_all("li")].count(
        True
    ) == 1

    text = flat_pdf_text(pdf)
    for expected in (
        "Technohub Alpha",
        "Technohub Beta",
        "Vaste projectleiding zorgt voor",
        "Tabel 1",
        "Bijlage 1",
    ):
        assert expected in text

    document = Document(str(docx))
    paragraphs = "\n".join(p.text for p in document.paragraphs)
    assert "Testevaluatie Minihubs" in paragraphs
    table_text = " ".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "Alpha" in table_text and "Rollen zijn nog niet belegd." in table_text


def test_numbers_and_cross_references_are_generated(built_project: Path) -> None:
    html = output_paths(built_project, MINI)[0].read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    # the round text says "{{< var hubs.deelnemend >}}" and "@tbl-criterium-robuustheid"
    assert "Deze testronde telt 2 deelnemende Technohubs" in soup.get_text(" ")
    link = soup.find("a", href="#tbl-criterium-robuustheid")
    assert link is not None and link.get_text() == "tabel 1"
    # three appendices with round texts come first, so the hub summaries are appendix 4
    texts = [a.get_text() for a in soup.find("main").find_all("a", href="#sec-bijlage-hubs")]
    assert texts == ["bijlage 4"]
    ids = {tag["id"] for tag in soup.find_all(id=True)}
    internal = [a["href"][1:] for a in soup.find_all("a", href=True) if a["href"].startswith("#")]
    assert internal and set(internal) <= ids


def test_html_is_self_contained_and_dutch(built_project: Path) -> None:
    soup = BeautifulSoup(
        output_paths(built_project, MINI)[0].read_text(encoding="utf-8"), "html.parser"
    )
    assert soup.html["lang"] == "nl"
    for tag in soup.find_all(src=True):
        assert tag["src"].startswith("data:"), tag["src"][:60]
    for tag in soup.find_all("link", href=True):
        assert not tag["href"].startswith(("http:", "https:", "//"))
    image = soup.find("img")
    assert image is not None and image.get("alt", "").startswith("Heatmap")
    assert all(t.find("th") for t in soup.find_all("table"))


def test_callout_renders_in_all_formats(built_project: Path) -> None:
    html, pdf, docx = output_paths(built_project, MINI)
    soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
    box = soup.find("div", class_="callout-note")
    assert box is not None and box.find("p").get_text() == "Een kader met een opmerking."
    assert "Een kader met een opmerking." in flat_pdf_text(pdf)
    styles = {p.style.name for p in Document(str(docx)).paragraphs if "kader" in p.text}
    assert styles == {"Kader"}


def test_rendering_twice_gives_identical_bytes(
    built_project: Path, rerendered_project: Path
) -> None:
    before = [hashlib.sha256(p.read_bytes()).hexdigest() for p in output_paths(built_project, MINI)]
    after = [
        hashlib.sha256(p.read_bytes()).hexdigest() for p in output_paths(rerendered_project, MINI)
    ]
    assert before == after


def test_failed_render_keeps_the_last_good_report(built_project: Path, tmp_path: Path) -> None:
    project = tmp_path / "copy"
    shutil.copytree(built_project, project)
    before = {p.name: p.read_bytes() for p in output_paths(project, MINI)}
    text = project / "data" / "raw" / MINI / "teksten" / "inleiding.md"
    text.write_text("Zie @tbl-bestaat-niet.\n", encoding="utf-8")
    with pytest.raises(
        ShortcodeError, match="mini-ronde/teksten/inleiding.md, regel 1: de kruisverwijzing "
    ):
        render_report(project, MINI)
    assert {p.name: p.read_bytes() for p in output_paths(project, MINI)} == before
    assert not list((project / "data" / "processed" / MINI).glob(".render-*"))


def test_broken_raw_value_stops_ingest_and_writes_nothing(
    built_project: Path, tmp_path: Path
) -> None:
    project = tmp_path / "copy"
    shutil.copytree(built_project, project)
    tables = project / "data" / "processed" / MINI / "tables"
    before = {p.name: p.read_bytes() for p in tables.iterdir()}
    assessment = project / "data" / "raw" / MINI / "beoordeling" / "beta.yaml"
    assessment.write_text(
        assessment.read_text(encoding="utf-8").replace("score: 2", "score: 7", 1), encoding="utf-8"
    )
    with pytest.raises(InvalidRound) as caught:
        ingest_stage.ingest(Layout(project, MINI))
    assert (
        "mini-ronde/beoordeling/beta.yaml, regel 14: veld 'criteria.robuustheid.score': "
        "gevonden '7'; verwacht: een score van de rubriek (1 t/m 4)."
    ) in str(caught.value)
    assert {p.name: p.read_bytes() for p in tables.iterdir()} == before


def test_executed_notebooks_are_kept_with_their_parameters(built_project: Path) -> None:
    import nbformat

    executed = (
        built_project / "data" / "processed" / MINI / "analyse" / "notebooks" / "criteria.ipynb"
    )
    notebook = nbformat.read(executed, as_version=4)
    assert notebook.metadata.papermill.parameters["round_id"] == MINI
    assert "start_time" not in notebook.metadata.papermill
    assert any("injected-parameters" in c.metadata.get("tags", []) for c in notebook.cells)
    assert all(c.get("execution_count") for c in notebook.cells if c.cell_type == "code")
