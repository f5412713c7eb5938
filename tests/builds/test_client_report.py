"""What a client reads: no missing-value words, captions with their tables, Dutch spelling,
page fields in the DOCX, crossreferences written as Dutch house style wants."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from evaltools.new_round.forms import load_config
from evaltools.privacy.files import input_documents
from evaltools.report.render import output_paths, review_paths
from evaltools.review.command import spelling_review
from evaltools.review.spelling import round_names
from tests.support.builds import needs_soffice
from tests.support.paths import MINI, SAMPLE
from tests.support.pdf_text import output_text_of, pdf_pages

pytestmark = pytest.mark.slow

MISSING = re.compile(r"\b(?:nan|NaN|None|NaT|null)\b")
CAPTION = re.compile(r"^(?:Tabel|Figuur) \d+\.")
FOOTER = re.compile(r"^pagina \d+ van \d+$")


def all_outputs(root: Path, round_id: str) -> dict[str, str]:
    """Text of both editions (HTML, PDF, DOCX), every factsheet and every figure's alt text.

    A figure's labels are drawn as paths in its SVG and pixels in its PNG, so they are not
    text to check here; its alt text, written from the same data, is. The notebook views are
    left out: they show Python code and raw tables to reviewers, where
    ``None`` and ``NaN`` are what the code and the data say.
    """
    report = [*output_paths(root, round_id), *review_paths(root, round_id)]
    analyse = root / "data" / "processed" / round_id / "analyse"
    factsheets = sorted(analyse.rglob("*.pdf"))
    alts = sorted(analyse.rglob("*.alt.txt"))
    texts = {path.name: output_text_of(path) for path in [*report, *factsheets]}
    texts.update({path.name: path.read_text(encoding="utf-8") for path in alts})
    assert len(factsheets) >= 2 and len(alts) >= 2 and all(texts.values())
    return texts


def missing_value_words(texts: dict[str, str]) -> list[str]:
    return [
        f"{name}: …{text[max(m.start() - 40, 0) : m.end() + 20]!r}…"
        for name, text in texts.items()
        for m in MISSING.finditer(text)
    ]


def test_no_missing_value_word_in_any_output_of_the_sample_round(sample_project: Path) -> None:
    assert missing_value_words(all_outputs(sample_project, SAMPLE)) == []


def test_no_missing_value_word_in_any_output_of_the_mini_round(built_project: Path) -> None:
    assert missing_value_words(all_outputs(built_project, MINI)) == []


def last_lines(pdf: Path) -> list[tuple[int, str]]:
    """Per page its last line of body text (the running footer left out)."""
    result = []
    for number, page in enumerate(pdf_pages(pdf), 1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        body = [line for line in lines if not FOOTER.match(line)]
        if body:
            result.append((number, body[-1]))
    return result


def test_no_page_ends_with_a_caption(sample_project: Path) -> None:
    pdf = output_paths(sample_project, SAMPLE)[1]
    lines = last_lines(pdf)
    assert len(lines) > 40
    # A table caption stands above its table; a figure caption below its figure (with which it
    # forms one unbreakable block), so only a table caption can be left alone at a page foot.
    assert [
        (n, line) for n, line in lines if CAPTION.match(line) and line.startswith("Tabel")
    ] == []


def test_docx_has_header_and_footer_with_page_fields(sample_project: Path) -> None:
    docx = output_paths(sample_project, SAMPLE)[2]
    with zipfile.ZipFile(docx) as archive:
        names = archive.namelist()
        headers = [archive.read(n).decode() for n in names if re.match(r"word/header\d*\.xml", n)]
        footers = [archive.read(n).decode() for n in names if re.match(r"word/footer\d*\.xml", n)]
        document = archive.read("word/document.xml").decode()
    assert any("Kenmerk 25109-003" in h and "Tussentijdse evaluatie" in h for h in headers)
    footer = next(f for f in footers if "pagina" in f)
    assert re.search(r"<w:instrText[^>]*> PAGE </w:instrText>", footer)
    assert re.search(r"<w:instrText[^>]*> NUMPAGES </w:instrText>", footer)
    assert "w:headerReference" in document and "w:footerReference" in document


def test_crossreference_opening_a_sentence_is_capitalised(sample_project: Path) -> None:
    text = " ".join(output_text_of(output_paths(sample_project, SAMPLE)[1]).split())
    assert "Tabel 10 vat per Technohub samen" in text
    assert not re.search(r"[.!?] (?:tabel|figuur|bijlage|paragraaf|hoofdstuk) \d", text)


# --- spelling ----------------------------------------------------------------------------------


def test_sample_round_generated_sentences_have_no_spelling_findings(sample_project: Path) -> None:
    raw = sample_project / "data" / "raw" / SAMPLE
    # the programme's words (unit, typology labels) are known as 'evaltools check' knows them
    names = round_names(load_config(raw))
    findings, notes = spelling_review(raw, sample_project, input_documents(raw), names)
    assert [str(f) for f in findings] == [] and notes == []


# --- editions ------------------------------------------------------------------------------------

SOURCE_CODE = re.compile(r"\bB\d{1,4}\b")
SHA256 = re.compile(r"\b[0-9a-f]{64}\b")


def test_client_edition_has_no_source_codes_or_hashes_and_the_review_edition_has_them(
    built_project: Path,
) -> None:
    for path in output_paths(built_project, MINI):
        text = output_text_of(path)
        assert not SOURCE_CODE.search(text), (path.name, SOURCE_CODE.search(text))
        assert not SHA256.search(text), path.name
        assert "review-editie" in text.lower(), path.name  # it says how to get that edition
    for path in review_paths(built_project, MINI):
        text = output_text_of(path)
        assert SOURCE_CODE.search(text) and SHA256.search(text), path.name


@needs_soffice
def test_libreoffice_renders_the_docx_with_the_pdf_chapters(
    sample_project: Path, office_pdfs: Path
) -> None:
    """The client DOCX opened by LibreOffice (its PDF: tests/builds/conftest.py): same chapter
    headings as the Typst PDF."""
    from docx import Document

    html, pdf, docx = output_paths(sample_project, SAMPLE)
    office = office_pdfs / f"{docx.stem}.pdf"
    chapters = [
        p.text.strip()
        for p in Document(str(docx)).paragraphs
        if p.style.name == "Heading 1" and p.text.strip()
    ]
    assert len(chapters) >= 8
    office_text = " ".join(" ".join(pdf_pages(office)).split())
    typst_text = " ".join(" ".join(pdf_pages(pdf)).split())
    for chapter in chapters:
        assert chapter in office_text, chapter
        # the PDF numbers its chapters ("3 Tussentijdse …"): compare the words
        assert chapter.split(" ", 1)[-1] in typst_text, chapter


def test_leeswijzer_lists_every_appendix_of_each_edition_and_no_file_path(
    sample_project: Path,
) -> None:
    """The Leeswijzer's list of appendices is made from the appendices each edition has
    (leeswijzer.lua): the review edition names Bronnen, the client edition does not; and the
    client edition points its reader at no file of the project."""
    from bs4 import BeautifulSoup

    for html, extra, absent in (
        (output_paths(sample_project, SAMPLE)[0], "Wederhoor", "Bronnen"),
        (review_paths(sample_project, SAMPLE)[0], "Bronnen", None),
    ):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        appendices = [" ".join(h.get_text(" ").split()) for h in soup.select("h1.appendix")]
        lead = next(p for p in soup("p") if "Achter in het rapport staan" in p.get_text())
        items = [" ".join(li.get_text(" ").split()) for li in lead.find_next("ul")("li")]
        assert len(items) == len(appendices) >= 5, (items, appendices)
        for item, heading in zip(items, appendices, strict=True):
            assert item.split(": ", 1)[1] in heading, (item, heading)
        assert any(extra in item for item in items)
        assert absent is None or not any(absent in item for item in items)
    client = output_text_of(output_paths(sample_project, SAMPLE)[1])
    assert not re.search(r"\b[\w-]+/[\w.-]+\.(?:yaml|xlsx|md|docx)\b", client)
