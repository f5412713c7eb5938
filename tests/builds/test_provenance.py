"""Cell-level sources and the Verantwoording appendix, in the real HTML, PDF and DOCX."""

from __future__ import annotations

import hashlib
import re
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from docx import Document
from pypdf import PdfReader

from evaltools.report.render import review_paths
from tests.support.paths import MINI

pytestmark = pytest.mark.slow

CRITERION_TABLES = ("tbl-criterium-robuustheid", "tbl-criterium-bedrijven")


def soup_of(project: Path) -> BeautifulSoup:
    """The review edition's HTML: the one with source codes and the full Verantwoording."""
    return BeautifulSoup(review_paths(project, MINI)[0].read_text(encoding="utf-8"), "html.parser")


# --- the rendered report --------------------------------------------------------------------


def test_every_bullet_of_the_criterion_tables_links_to_its_source_in_html(
    built_project: Path,
) -> None:
    soup = soup_of(built_project)
    ids = {tag["id"] for tag in soup.find_all(id=True)}
    bullets = [
        li for table in CRITERION_TABLES for li in soup.find("table", id=table).find_all("li")
    ]
    assert len(bullets) == 5
    for li in bullets:
        links = li.select("sup > a.bron")
        assert links, li.get_text()
        for link in links:
            target = link["href"][1:]
            assert target in ids
            # hover text = the entry: code, document (the heading above its list), place,
            # kind and the cited text (the entry quotes it)
            span = soup.find(id=target)
            entry = " ".join(span.find_parent("li").get_text().split())  # pandoc wraps
            document = " ".join(span.find_parent("ul").find_previous("strong").get_text().split())
            cited = entry[entry.index("“") : entry.index("”") + 1]
            assert link["title"].startswith(f"{span.get_text()}: {document}, ")
            assert link["title"].endswith(f": {cited}")
    first = soup.find("table", id="tbl-criterium-robuustheid").find("li")
    assert first.get_text(" ", strip=True).startswith(
        "Vaste projectleiding zorgt voor continuïteit."
    )
    titles = [a["title"] for a in first.select("a.bron")]
    assert (
        titles[0].startswith("B") and ": zelfevaluatie van Technohub Alpha, Criteria!D" in titles[0]
    )
    assert "interview met Technohub Alpha van 1 maart 2026, regel " in titles[1]


def test_the_bronnen_appendix_has_one_entry_per_used_source(built_project: Path) -> None:
    soup = soup_of(built_project)
    used = {a["href"][1:] for a in soup.select("a.bron")}
    entries = {span["id"] for span in soup.select('span[id^="bron-"]')}
    assert used == entries
    heading = soup.find(id="sec-bijlage-bronnen")
    assert heading is not None and "Bronnen" in heading.find(["h1", "h2"]).get_text()


def test_source_links_resolve_in_the_pdf(built_project: Path) -> None:
    tree = built_project / "data" / "processed" / MINI / "quarto"
    typ = (tree / "_generated" / f"{MINI}-review-editie.typ").read_text(encoding="utf-8")
    links = re.findall(r"#link\(<(bron-[\w-]+)>\)", typ)
    labels = set(re.findall(r"<(bron-[\w-]+)>(?!\))", typ))
    assert links and set(links) <= labels
    reader = PdfReader(review_paths(built_project, MINI)[1])
    texts = [page.extract_text() for page in reader.pages]
    start = next(i for i, t in enumerate(texts) if "Hieronder staat elk brondocument" in t)
    end = next(i for i, t in enumerate(texts) if "Verantwoording" in t and i >= start)
    number = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)}
    into_sources = 0
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            destination = annotation.get("/Dest")
            destination = destination.get_object() if destination is not None else None
            # Typst links a heading by name (table of contents) and a label by position
            if annotation.get("/Subtype") != "/Link" or not isinstance(destination, list):
                continue
            if start <= number[destination[0].idnum] <= end:
                into_sources += 1
    # every marker link of the Typst source is a link into the Bronnen appendix of the PDF
    assert into_sources == len(links)


def test_source_links_resolve_in_the_docx(built_project: Path) -> None:
    docx = review_paths(built_project, MINI)[2]
    xml = zipfile.ZipFile(docx).read("word/document.xml").decode("utf-8")
    anchors = re.findall(r'<w:hyperlink w:anchor="(bron-[\w-]+)"', xml)
    bookmarks = set(re.findall(r'<w:bookmarkStart w:id="\d+" w:name="(bron-[\w-]+)"', xml))
    assert anchors and set(anchors) <= bookmarks
    document = Document(str(docx))
    checked = 0
    for table in document.tables:
        header = [cell.text for cell in table.rows[0].cells]
        if header[0] != "Technohub" or len(header) != 3:
            continue
        for row in table.rows[1:]:
            for cell in row.cells[1:]:
                for paragraph in cell.paragraphs:
                    if paragraph.text.strip() in ("", "–"):
                        continue
                    assert 'w:anchor="bron-' in paragraph._p.xml, paragraph.text
                    assert '<w:vertAlign w:val="superscript"/>' in paragraph._p.xml
                    checked += 1
    assert checked == 5


def test_verantwoording_holds_the_sha256_of_every_input(built_project: Path) -> None:
    soup = soup_of(built_project)
    section = soup.find(id="sec-bijlage-verantwoording")
    listed = {}
    for item in section.find_all("li"):
        codes = [code.get_text() for code in item.find_all("code")]
        if len(codes) == 2 and codes[0].startswith("data/raw/"):
            listed[codes[0]] = codes[1]
    raw = built_project / "data" / "raw" / MINI
    # hidden files (.gitkeep of an empty wederhoor folder) are not inputs
    files = sorted(p for p in raw.rglob("*") if p.is_file() and not p.name.startswith("."))
    assert sorted(listed) == [p.relative_to(built_project).as_posix() for p in files]
    for path, digest in listed.items():
        assert digest == hashlib.sha256((built_project / path).read_bytes()).hexdigest()
    docx_text = zipfile.ZipFile(review_paths(built_project, MINI)[2]).read("word/document.xml")
    assert all(digest.encode() in docx_text for digest in listed.values())
    text = " ".join(section.get_text(" ").split())
    assert "geen git-repository" in text and "onbekend" in text
    assert "pandoc: 3." in text and "Python: 3.11" in text


def test_verantwoording_lists_notebook_runs_with_a_view_beside_the_html(
    built_project: Path,
) -> None:
    soup = soup_of(built_project)
    table = soup.find("table", id="tbl-notebooks")
    rows = [
        [td.get_text(" ", strip=True) for td in tr.find_all("td")]
        for tr in table.find_all("tr")[1:]
    ]
    names = [row[0] for row in rows]
    assert names[0] == "ingest.ipynb" and "criteria.ipynb" in names
    ingest = rows[0]
    assert ingest[1] == "notebooks/ingest.ipynb" and f"round_id = {MINI}" in ingest[2]
    output = built_project / "report" / "_output"
    for link in table.select("a.notebook-link"):
        view = output / link["href"]
        assert view.is_file(), link["href"]
        page = BeautifulSoup(view.read_text(encoding="utf-8"), "html.parser")
        assert page.find("title").get_text().startswith(f"Notebook {link.get_text()}")
        assert page.find(class_="cell code") is not None
    assert len(table.select("a.notebook-link")) == len(names)
    # PDF and DOCX name the notebooks without a link to a file they do not ship with
    docx = zipfile.ZipFile(review_paths(built_project, MINI)[2]).read(
        "word/_rels/document.xml.rels"
    )
    assert b"-notebooks/" not in docx


def test_notebook_views_are_byte_stable(built_project: Path, rerendered_project: Path) -> None:
    views = built_project / "report" / "_output" / f"{MINI}-notebooks"
    before = {p.name: p.read_bytes() for p in views.iterdir()}
    assert before
    again = rerendered_project / "report" / "_output" / f"{MINI}-notebooks"
    assert {p.name: p.read_bytes() for p in again.iterdir()} == before


def test_notebook_pages_show_the_report_figures_their_outputs_place(built_project: Path) -> None:
    # A Markdown output that places a report figure (`_generated/figures/...`) had a broken
    # image on the notebook's page: pandoc's sandbox fetches nothing. It is embedded instead.
    pages = sorted((built_project / "report" / "_output" / f"{MINI}-notebooks").glob("*.html"))
    placed = 0
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for image in soup.find_all("img"):
            assert image["src"].startswith("data:image/"), (page.name, image["src"][:80])
        placed += sum(
            1
            for image in soup.find_all("img", attrs={"aria-label": True})
            if image["src"].startswith("data:image/svg+xml;base64,")
        )
    assert pages and placed >= 2  # at least the heatmap and the score-by-contribution figure
