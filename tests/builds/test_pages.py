"""The pages as a reader sees them (issue 26), on the sample round and on a generated round of
25 hubs: page labels as printed, no near-empty page inside a chapter, no name hyphenated, no
table caption alone at a page's foot, table headers whole in the DOCX (through LibreOffice),
a table of contents and chapter page breaks in the DOCX, tables at 320 px in a focusable,
labelled region. How the pages are read: tests/support/pages.py."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
import yaml
from docx.oxml.ns import qn
from pypdf import PdfReader

from evaltools.report.docx_tables import CELL_PADDING, WORD_MARGIN, longest_words
from evaltools.report.render import output_paths, review_paths
from tests.support.builds import NO_SOFFICE, build_with_cli, production_workers, shared_build
from tests.support.pages import (
    NO_POPPLER,
    chapter_pages,
    lone_captions,
    page_text,
    read_pages,
    short_pages,
    split_words,
)
from tests.support.paths import REPO, SAMPLE
from tests.support.project import scratch_project

pytestmark = pytest.mark.slow

LARGE = "synth-25"
Built = tuple[Path, str, Callable[[], Path]]
"""The project, the round, and how to get LibreOffice's PDF of its client DOCX."""
HUBS = 25
# The generated round copies the sample round's budget, which gives one hub type a share that
# no generated hub has: a finding the consultants decide on (as in a real round).
DECISION = """besluiten:
  - controle: verdeling van middelen
    bestand: round.yaml
    betreft: groeihub – innovatie
    besluit: geaccepteerd
    reden: Een gegenereerde ronde; de verdeling is die van de voorbeeldronde.
    rol: senior adviseur
"""


def _office_pdf(docx_file: Path, folder: Path) -> Path:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip(NO_SOFFICE)
    subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{folder}/profile"]
        + ["--convert-to", "pdf", "--outdir", str(folder), str(docx_file)],
        check=True,
        capture_output=True,
        timeout=900,
    )
    return folder / f"{docx_file.stem}.pdf"


@pytest.fixture(scope="module")
def large_round(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with a generated round of 25 hubs (scripts/synthetic_round.py), built as a
    consultant builds it, and LibreOffice's PDF of its client DOCX beside the project."""

    def make(folder: Path) -> dict:
        spec = importlib.util.spec_from_file_location(
            "synthetic_round", REPO / "scripts" / "synthetic_round.py"
        )
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        raw = module.make_round(HUBS, folder / "raw" / LARGE)
        (raw / "controle").mkdir(exist_ok=True)
        (raw / "controle" / "besluiten.yaml").write_text(DECISION, encoding="utf-8")
        root = scratch_project(REPO, folder / "project", {LARGE: raw})
        with production_workers():
            build_with_cli(root, LARGE)
        return {"root": str(root)}

    return Path(shared_build(tmp_path_factory, "large-round", make)["root"])


@pytest.fixture(scope="module")
def large_office_pdf(large_round: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """LibreOffice's PDF of the generated round's client DOCX (only the tests that read the
    DOCX's pages ask for it: without LibreOffice the PDF's checks still run)."""

    def make(folder: Path) -> dict:
        return {"pdf": str(_office_pdf(output_paths(large_round, LARGE)[2], folder))}

    return Path(shared_build(tmp_path_factory, "large-round-office", make)["pdf"])


@pytest.fixture(params=[SAMPLE, LARGE])
def built(request: pytest.FixtureRequest) -> Built:
    """The project, the round and how to get LibreOffice's PDF of the client DOCX (asked for
    only by the tests that read it): the sample round, then the generated round of 25 hubs."""
    if shutil.which("pdftoppm") is None or shutil.which("pdftotext") is None:
        pytest.skip(NO_POPPLER)
    if request.param == SAMPLE:
        root = request.getfixturevalue("sample_project")
        return root, SAMPLE, lambda: request.getfixturevalue("office_pdfs") / f"{SAMPLE}.pdf"
    root = request.getfixturevalue("large_round")
    return root, LARGE, lambda: request.getfixturevalue("large_office_pdf")


def _names(root: Path, round_id: str) -> set[str]:
    """The words of the round's names (hubs, places, client, executors) that a reader would
    take for a misprint if hyphenated: from round.yaml, words of five letters or more."""
    config = yaml.safe_load((root / "data" / "raw" / round_id / "round.yaml").read_text("utf-8"))
    texts = [config["opdrachtgever"], *config.get("uitvoering", []), config.get("plaats", "")]
    for hub in config["hubs"]:
        texts += [hub.get("naam", ""), hub.get("korte_naam", ""), hub.get("plaats", "")]
    texts += [event.get("plaats") or "" for event in config.get("evenementen", [])]
    return {word for text in texts for word in re.findall(r"[A-Za-zÀ-ÿ]{5,}", text or "")}


def test_page_labels_are_the_printed_numbers(built: Built) -> None:
    """The viewer's page number is the printed one (the cover "i"), "van N" is the last
    page's number, and the contents give each chapter the page it starts on."""
    root, round_id, _ = built
    pdf = output_paths(root, round_id)[1]
    reader = PdfReader(pdf)
    labels = reader.page_labels
    assert labels[0] == "i"
    pages = read_pages(pdf)
    printed = [re.search(r"pagina (\d+) van (\d+)", " ".join(p.lines)) for p in pages]
    numbered = [(i, m) for i, m in enumerate(printed) if m]
    assert len(numbered) >= len(pages) - 2  # all but the cover and the back page
    for i, match in numbered:
        assert labels[i] == match[1], f"pagina {i + 1}"
        assert match[2] == labels[-1]
    contents = page_text(pages[1:3])
    for entry in reader.outline:
        if isinstance(entry, list):
            continue
        page = reader.get_destination_page_number(entry)
        title = re.escape(entry.title)
        listed = re.search(rf"{title}[ .]*\W*(\d+)\n", contents)
        assert listed and listed[1] == labels[page], entry.title
        assert entry.title in " ".join(pages[page].lines), entry.title


def test_no_page_is_near_empty_inside_a_chapter(
    built: Built,
) -> None:
    """No page under a third full unless the next page starts a chapter or appendix (a page
    holding two lines, a blank page after the cover)."""
    root, round_id, _ = built
    pdf = output_paths(root, round_id)[1]
    short = short_pages(read_pages(pdf), chapter_pages(pdf))
    assert not short, [(page.number, round(page.fill, 2)) for page in short]


def test_names_are_never_hyphenated(built: Built) -> None:
    """No hub, place or organisation of the round broken over two lines with a hyphen, in
    either edition's PDF ("Techno-hub", "Metalek-tro")."""
    root, round_id, _ = built
    names = _names(root, round_id)
    assert {"Technohub", "Metalektro"} <= names
    for pdf in (output_paths(root, round_id)[1], review_paths(root, round_id)[1]):
        assert not split_words(page_text(read_pages(pdf)), names, hyphen=True), pdf.name


def test_no_table_caption_alone_at_a_page_foot(built: Built) -> None:
    """A caption above its table stays with it: never the last text of a page, in the PDF
    and in the DOCX as LibreOffice lays it out."""
    root, round_id, office = built
    for pdf in (output_paths(root, round_id)[1], office()):
        assert not lone_captions(pdf), pdf.name


def test_docx_table_headers_are_never_split_mid_word(
    built: Built,
) -> None:
    """Every column is at least as wide as its longest word in Word (the DOCX's grid),
    and LibreOffice's pages break no word of a header row ("Consultant|s")."""
    root, round_id, office = built
    document = docx.Document(str(output_paths(root, round_id)[2]))
    words: set[str] = set()
    for table in document.tables:
        grid = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.gridCol_lst]
        # the longest word in the report's typeface, without the margin for a wider
        # substitute font, and Word's cell margins (108 twips each side)
        needs = [(need - CELL_PADDING) / WORD_MARGIN + 216 for need in longest_words(table._tbl)]
        assert all(width >= need for width, need in zip(grid, needs, strict=True)), (grid, needs)
        for cell in table.rows[0].cells:
            words.update(re.findall(r"\w{6,}", cell.text))
    assert words
    assert not split_words(page_text(read_pages(office())), words)


def test_docx_has_its_contents_and_chapter_page_breaks(
    built: Built,
) -> None:
    """The DOCX opens with its table of contents filled (an entry per chapter and section,
    each a link to its heading); the cover, every chapter and every appendix start a page."""
    root, round_id, _ = built
    document = docx.Document(str(output_paths(root, round_id)[2]))
    body = document.element.body
    entries = [p for p in body.iter(qn("w:p")) if _style(p) in ("TOC1", "TOC2")]
    chapters = [p for p in document.paragraphs if p.style.name == "Heading 1"]
    assert len(chapters) >= 8
    chapter_entries = [
        "".join(t.text or "" for t in p.iter(qn("w:t"))) for p in entries if _style(p) == "TOC1"
    ]
    assert chapter_entries == [p.text for p in chapters]
    anchors = {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
    for entry in entries:
        link = entry.find(qn("w:hyperlink"))
        assert link is not None and link.get(qn("w:anchor")) in anchors
    styles = document.styles
    assert styles["Heading 1"].paragraph_format.page_break_before
    assert styles["TOC Heading"].paragraph_format.page_break_before  # after the cover
    for chapter in chapters:  # no chapter overrides its style's page break
        assert chapter.paragraph_format.page_break_before is not False


def _style(paragraph) -> str:
    style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return style.get(qn("w:val")) if style is not None else ""


class _Tables(HTMLParser):
    """Per table of an HTML page: the attributes of the element around it, and its caption."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[dict[str, str | None]] = []
        self.tables: list[tuple[dict[str, str | None], str]] = []
        self.caption: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append((self.stack[-1] if self.stack else {}, ""))
        elif tag == "caption":
            self.caption = []
        if tag not in ("br", "img", "col", "meta", "link", "input", "hr", "wbr"):
            self.stack.append(dict(attrs))

    def handle_endtag(self, tag: str) -> None:
        if tag == "caption" and self.caption is not None:
            region, _ = self.tables[-1]
            self.tables[-1] = (region, " ".join("".join(self.caption).split()))
            self.caption = None
        if tag not in ("br", "img", "col", "meta", "link", "input", "hr", "wbr") and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.caption is not None:
            self.caption.append(data)


def test_html_tables_scroll_in_a_focusable_labelled_region(
    built: Built,
) -> None:
    """At 320 px a table scrolls inside a region the keyboard reaches (tabindex 0) and a
    screen reader names by the table's caption, in both editions."""
    root, round_id, _ = built
    for html in (output_paths(root, round_id)[0], review_paths(root, round_id)[0]):
        parser = _Tables()
        parser.feed(html.read_text(encoding="utf-8"))
        assert len(parser.tables) >= 20, html.name
        for region, caption in parser.tables:
            assert region.get("tabindex") == "0" and region.get("role") == "region", html.name
            assert region.get("aria-label"), html.name
            if caption:
                assert " ".join(region["aria-label"].split()) in caption, (html.name, caption)


def _client_text(root: Path, round_id: str) -> tuple[str, list[str]]:
    """The client edition's visible text and its appendix headings ("Bijlage 1: …")."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(output_paths(root, round_id)[0].read_text(encoding="utf-8"), "html.parser")
    for hidden in soup(["script", "style", "head"]):
        hidden.decompose()
    appendices = [
        " ".join(h.get_text(" ").split())
        for h in soup.find_all("h1")
        if h.get_text().strip().startswith("Bijlage")
    ]
    return " ".join(soup.get_text(" ").split()), appendices


def test_the_client_reads_sentences_not_labels_or_file_paths(
    built: Built,
) -> None:
    """The text half of issue 26, on both rounds: no project file named to the client, a
    Leeswijzer that lists every appendix the edition has, counts that read as sentences, the
    Wederhoor appendix quoting statements rather than internal labels."""
    root, round_id, _ = built
    text, appendices = _client_text(root, round_id)
    assert not re.findall(r"data/raw|\S+\.(?:yaml|xlsx|ipynb)\b|wederhoor/", text)
    guide = text[text.index("Leeswijzer") : text.index("Leeswijzer") + 3000]
    assert appendices and all(appendix in guide for appendix in appendices), appendices
    wrong = [
        r"Reden: [A-Z]",  # the withdrawn hub's reason is a sentence of its own
        r"\b(\w+) doelen zijn er \1\b",  # "van de drie zijn er drie"
        r"\bzijn er één\b",
        r"\bNul \w+",
        r": (?:sterkte|aandachtspunt)\w* \d",  # an internal statement label
        r"\b(?:[2-9]|1[0-9]) (?:reacties?|meldingen|Technohubs)\b",  # counts under twenty: words
    ]
    found = [m.group() for pattern in wrong for m in re.finditer(pattern, text)]
    assert not found, found
