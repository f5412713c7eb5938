"""The sample round's report holds the reference report's structure, in order, in PDF and DOCX."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document

from evaltools.report.render import output_paths, review_paths
from tests.support.paths import SAMPLE
from tests.support.pdf_text import pdf_pages

pytestmark = pytest.mark.slow

HUBS = (
    "TINT",
    "Smart Metrology & Manufacturing",
    "MIRA",
    "Noordoostpolder",
    "Smart Makers Network",
    "Precisietechnologie",
    "Woerden",
)
HEADINGS = (
    "Voorwoord",
    "Managementsamenvatting",
    "1 Inleiding",
    "2 De gekozen aanpak",
    "3 Tussentijdse evaluatie van de Technohubs",
    "3.1 Regeling",
    "3.2 Criteria voor verduurzaming",
    "3.3 Bevindingen",
    "3.4 Differentiatie en positionering",
    "4 Conclusies en aanbevelingen",
    "4.1 Conclusies",
    "4.2 Aanbevelingen",
    "4.3 Advies",
    "Bijlage 1: Het ontwikkelen van de regeling",
    "Bijlage 2: De regeling",
    "Bijlage 3: Bijeenkomsten en werkbezoeken",
    "Bijlage 4: Tussentijdse evaluatie per Technohub",
)


def body_text(pdf: Path) -> str:
    pages = pdf_pages(pdf)
    # skip cover and table of contents, whose entries would satisfy the order check by themselves
    start = next(i for i, p in enumerate(pages) if "Voorwoord" in p and i > 1)
    return " ".join(" ".join(p.split()) for p in pages[start:])


def criterion_table_rows(project: Path, criterion: str) -> list[str]:
    """The body rows' text of the one HTML table captioned 'Bevindingen: <criterion>'."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(
        output_paths(project, SAMPLE)[0].read_text(encoding="utf-8"), "html.parser"
    )
    tables = [
        table
        for table in soup.find_all("table")
        if table.caption
        and f"Bevindingen: {criterion}" in " ".join(table.caption.get_text(" ").split())
    ]
    assert len(tables) == 1, (criterion, len(tables))
    body = tables[0].find("tbody") or tables[0]
    return [" ".join(row.get_text(" ").split()) for row in body.find_all("tr")]


def test_pdf_has_every_chapter_section_and_table_in_reference_order(sample_project: Path) -> None:
    text = body_text(output_paths(sample_project, SAMPLE)[1])
    # each heading after the one before it (the Leeswijzer names the appendices early on)
    position = 0
    for heading in HEADINGS:
        found = text.find(heading, position)
        assert found >= 0, f"{heading!r} missing or out of order"
        position = found + len(heading)
    captions = re.findall(r"Tabel (\d+)\.\s*Bevindingen: ([^\n]+?) Technohub", text)
    assert len(captions) == 6
    for criterion in (
        "Ontwikkelfase en robuustheid",
        "Structurele betrokkenheid van bedrijven",
        "Samenwerking met onderwijs",
        "Regionale en sectorale positionering",
        "Toekomstperspectief en opschaalbaarheid",
        "Inhoudelijke focus en impact",
    ):
        assert text.find(f"Bevindingen: {criterion}") > 0, criterion
        # every hub in this criterion's own table (not somewhere later in the document)
        rows = criterion_table_rows(sample_project, criterion)
        for hub in HUBS:
            assert any(row.startswith(hub) for row in rows), (criterion, hub, rows)
    for caption in (
        "Type, dominant kenmerk en randvoorwaarden",
        "Verdeling van middelen naar type en dominant kenmerk",
    ):
        assert caption in text
    appendix = text[text.find("Bijlage 4: Tussentijdse evaluatie per Technohub") :]
    assert all(hub in appendix for hub in HUBS)


def test_docx_has_the_same_headings_and_tables(sample_project: Path) -> None:
    document = Document(str(output_paths(sample_project, SAMPLE)[2]))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    joined = "\n".join(headings)
    for heading in HEADINGS:
        assert heading in joined, heading
    criterion_tables = [t for t in document.tables if t.rows[0].cells[0].text == "Technohub"]
    assert len(criterion_tables) >= 8  # six criterion tables, differentiation, typology
    for table in criterion_tables[:6]:
        names = " ".join(row.cells[0].text for row in table.rows[1:])
        assert all(hub in names for hub in ("TINT", "MIRA", "Woerden")), names


def test_html_links_resolve_and_nothing_is_fetched_from_elsewhere(sample_project: Path) -> None:
    from bs4 import BeautifulSoup

    for minimum, path in ((50, output_paths(sample_project, SAMPLE)[0]),
                          (500, review_paths(sample_project, SAMPLE)[0])):  # fmt: skip
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        ids = {tag["id"] for tag in soup.find_all(id=True)}
        internal = [
            a["href"][1:] for a in soup.find_all("a", href=True) if a["href"].startswith("#")
        ]
        assert len(internal) > minimum, path.name  # the review edition links every source
        assert sorted(set(internal) - ids) == [], path.name
    for tag in soup.find_all(src=True):
        assert tag["src"].startswith("data:")
    images = soup.find_all("img")
    assert len(images) >= 9  # heatmap, tier figure and a profile per hub
    assert all(len(img.get("alt", "")) > 40 for img in images)
    assert all(table.find("th") for table in soup.find_all("table"))
    for tag in soup.find_all("link", href=True):
        assert not tag["href"].startswith(("http", "//"))
    local = [a["href"] for a in soup.find_all("a", href=True) if not a["href"].startswith("#")]
    views: dict[str, set[str]] = {}  # the ids in each notebook view, read once per view
    for href in local:  # links to the notebook views shipped beside the report (and a cell)
        page, _, cell = href.partition("#")
        assert (sample_project / "report" / "_output" / page).is_file(), href
        if cell:
            if page not in views:
                view = (sample_project / "report" / "_output" / page).read_text(encoding="utf-8")
                tags = BeautifulSoup(view, "html.parser").find_all(id=True)
                views[page] = {tag["id"] for tag in tags}
            assert cell in views[page], href
