"""Cell-level sources and the Verantwoording appendix, in the real HTML, PDF and DOCX."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from docx import Document
from pypdf import PdfReader

from evaltools.report.provenance import (
    CodeVersion,
    SourceEntry,
    accountability_appendix,
    anchor,
    marker_codes,
    source_marker,
    sources_appendix,
)
from evaltools.report.render import review_paths
from evaltools.tools import pandoc
from evaltools.tools.git import code_version
from tests.conftest import MINI

CRITERION_TABLES = ("tbl-criterium-robuustheid", "tbl-criterium-bedrijven")


def soup_of(project: Path) -> BeautifulSoup:
    """The review edition's HTML: the one with source codes and the full Verantwoording."""
    return BeautifulSoup(review_paths(project, MINI)[0].read_text(encoding="utf-8"), "html.parser")


def ast_of(markdown: str) -> dict:
    text = pandoc.convert(
        markdown, "json", None, from_format="markdown", options=[], cwd=Path(), epoch=0
    )
    return json.loads(text)


# --- pure parts -----------------------------------------------------------------------------


def test_marker_keeps_codes_and_escapes_them() -> None:
    assert source_marker(["B1", "B12"]) == "[B1, B12]{.bron}"
    assert source_marker(["ev-ks-1"]) == r"[ev\-ks\-1]{.bron}"
    assert source_marker([]) == ""
    assert anchor("B12") == "bron-b12" and anchor("ev-ks-1") == "bron-ev-ks-1"


def test_codes_are_found_even_when_a_table_cell_splits_the_marker() -> None:
    cell = "\n".join(
        [
            "+------------------+",
            "| tekst.[B3, B1,   |",
            "| B7]{.bron}       |",
            "+------------------+",
            "",
            "Oudere vorm ^B9,ev\\-ks\\-1^ en geen code: m^2^ of ^noot^.",
        ]
    )
    assert marker_codes(ast_of(cell)) == ["B3", "B1", "B7", "B9", "ev-ks-1"]


def test_sources_appendix_lists_only_used_codes_in_catalogue_order() -> None:
    entries = {
        "B1": SourceEntry("B1", "zelfevaluatie van Technohub Alpha", "Criteria!D2", "sterktes", 0),
        "B2": SourceEntry(
            "B2", "interview met Technohub Alpha van 1 maart 2026", "regel 12", "sterkte", 1
        ),
        "B3": SourceEntry("B3", "zelfevaluatie van Technohub Beta", "Doelen!B2", "doel", 2),
    }
    entries["B4"] = SourceEntry("B4", "zelfevaluatie van Technohub Beta", "", "doel", 3)
    text = sources_appendix(entries, ["B4", "B3", "B1"])
    lines = text[text.index("::: {.bronnenlijst}") :].splitlines()
    # one line block per document, its entries in catalogue order under it
    assert lines == [
        "::: {.bronnenlijst}",
        "| **zelfevaluatie van Technohub Alpha**",
        r"| [B1]{#bron-b1}: Criteria\!D2 (sterktes)",
        "",
        "| **zelfevaluatie van Technohub Beta**",
        r"| [B3]{#bron-b3}: Doelen\!B2 (doel)",
        "| [B4]{#bron-b4} (doel)",
        ":::",
    ]


# --- the rendered report --------------------------------------------------------------------

slow = pytest.mark.slow


@slow
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
            # hover text = the entry: code, document (the first line of its block), place
            # and kind (the entry's line)
            span = soup.find(id=target)
            block = span.find_parent("div", class_="line-block")
            document = " ".join(block.find("strong").get_text().split())  # pandoc wraps
            line = [node for node in span.next_siblings if getattr(node, "name", None) != "br"]
            rest = " ".join(str(line[0]).split()).removeprefix(": ") if line else ""
            assert link["title"] == f"{span.get_text()}: {document}, {rest}"
    first = soup.find("table", id="tbl-criterium-robuustheid").find("li")
    assert first.get_text(" ", strip=True).startswith(
        "Vaste projectleiding zorgt voor continuïteit."
    )
    titles = [a["title"] for a in first.select("a.bron")]
    assert (
        titles[0].startswith("B") and ": zelfevaluatie van Technohub Alpha, Criteria!D" in titles[0]
    )
    assert "interview met Technohub Alpha van 1 maart 2026, regel " in titles[1]


@slow
def test_the_bronnen_appendix_has_one_entry_per_used_source(built_project: Path) -> None:
    soup = soup_of(built_project)
    used = {a["href"][1:] for a in soup.select("a.bron")}
    entries = {span["id"] for span in soup.select('span[id^="bron-"]')}
    assert used == entries
    heading = soup.find(id="sec-bijlage-bronnen")
    assert heading is not None and "Bronnen" in heading.find(["h1", "h2"]).get_text()


@slow
def test_source_links_resolve_in_the_pdf(built_project: Path) -> None:
    tree = built_project / "data" / "processed" / MINI / "quarto"
    typ = (tree / "_generated" / f"{MINI}-review-editie.typ").read_text(encoding="utf-8")
    links = re.findall(r"#link\(<(bron-[\w-]+)>\)", typ)
    labels = set(re.findall(r"<(bron-[\w-]+)>(?!\))", typ))
    assert links and set(links) <= labels
    reader = PdfReader(review_paths(built_project, MINI)[1])
    texts = [page.extract_text() for page in reader.pages]
    start = next(i for i, t in enumerate(texts) if "Hieronder staat per brondocument" in t)
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


@slow
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


@slow
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


@slow
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


@slow
def test_notebook_views_are_byte_stable(built_project: Path, rerendered_project: Path) -> None:
    views = built_project / "report" / "_output" / f"{MINI}-notebooks"
    before = {p.name: p.read_bytes() for p in views.iterdir()}
    assert before
    again = rerendered_project / "report" / "_output" / f"{MINI}-notebooks"
    assert {p.name: p.read_bytes() for p in again.iterdir()} == before


def _git(root: Path):
    git = shutil.which("git")
    if git is None:
        pytest.skip("git is niet geïnstalleerd op deze machine")

    def run(*args: str) -> str:
        return subprocess.run(
            [git, "-c", "user.name=test", "-c", "user.email=test", *args],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    return run


def test_code_version_counts_only_code_as_uncommitted_changes(tmp_path: Path) -> None:
    run = _git(tmp_path)
    unknown = code_version(tmp_path)
    assert unknown.commit is None and unknown.dirty is None
    assert "geen git-repository" in unknown.reason
    run("init", "-q")
    assert code_version(tmp_path).dirty is None, "no commit yet: unknown, not clean"
    for path in ("src/evaltools/code.py", "report/index.qmd", "params.yaml", "dvc.yaml"):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text("x = 1\n")
    (tmp_path / "report" / "_variables.yml").write_text("a: 1\n")
    run("add", ".")
    run("commit", "-q", "-m", "start")
    head = run("rev-parse", "HEAD").strip()
    assert code_version(tmp_path) == code_version(tmp_path / "report")
    assert code_version(tmp_path) == CodeVersion(head, changed=())
    # what a consultant changes for a round, and what a build writes, is not code
    (tmp_path / "params.yaml").write_text("rounds: [a, b]\n")
    (tmp_path / "data" / "raw" / "b").mkdir(parents=True)
    (tmp_path / "data" / "raw" / "b" / "round.yaml").write_text("ronde: b\n")
    (tmp_path / "report" / "_variables.yml").write_text("a: 2\n")
    (tmp_path / "dvc.lock").write_text("schema: '2.0'\n")
    assert code_version(tmp_path).dirty is False
    (tmp_path / "src" / "evaltools" / "code.py").write_text("x = 2\n")
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "nieuw.ipynb").write_text("{}\n")
    assert code_version(tmp_path).changed == ("notebooks/nieuw.ipynb", "src/evaltools/code.py")


def test_code_version_is_unknown_when_git_cannot_tell(tmp_path: Path, monkeypatch) -> None:
    run = _git(tmp_path)
    run("init", "-q")
    (tmp_path / "code.py").write_text("x = 1\n")
    run("add", ".")
    run("commit", "-q", "-m", "start")
    (tmp_path / ".git" / "index").write_bytes(b"not an index")
    broken = code_version(tmp_path)
    assert broken.commit is not None and broken.dirty is None and broken.reason
    monkeypatch.setenv("PATH", str(tmp_path / "no-tools-here"))
    without = code_version(tmp_path)
    assert without.commit is None and without.dirty is None and "niet beschikbaar" in without.reason


@pytest.mark.parametrize(
    ("code", "expected", "not_expected"),
    [
        (
            CodeVersion(None, reason="de projectmap is geen git-repository"),
            "is niet vastgelegd (de projectmap is geen git-repository)",
            "zonder wijzigingen",
        ),
        (
            CodeVersion("abc123", reason="git kon de wijzigingen niet bepalen"),
            "git-commit `abc123`; of de code wijzigingen had die nog niet waren vastgelegd, "
            "is onbekend (git kon de wijzigingen niet bepalen).",
            "zonder wijzigingen",
        ),
        (CodeVersion("abc123", changed=()), "`abc123`, zonder wijzigingen in de code", "onbekend"),
        (
            CodeVersion("abc123", changed=("src/evaltools/cli.py",)),
            "vastgelegd in één bestand van de code (`src/evaltools/cli.py`)",
            "zonder wijzigingen",
        ),
    ],
)
def test_verantwoording_says_what_is_known_of_the_code(
    code: CodeVersion, expected: str, not_expected: str
) -> None:
    markdown = accountability_appendix("r", [], code, [], [])
    text = " ".join(markdown.replace("\\", "").split())  # Markdown escapes left out
    assert expected in text
    assert not_expected not in text


@pytest.mark.slow
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
