"""The DOCX column widths count what Word cannot break as one word."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from docx import Document as WordDocument
from lxml import etree

from evaltools.report.docx_tables import SMALL_STYLE, W, fit_columns, longest_words
from evaltools.report.reference_docx import fit_tables_to_page, write_reference_docx
from evaltools.tools import pandoc

TEXT_WIDTH = 9298  # A4 with the report's side margins (reference_docx), in twips


def _table(*cells: str) -> etree._Element:
    row = "".join(f"<w:tc><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>" for text in cells)
    grid = "<w:gridCol/>" * len(cells)
    return etree.fromstring(
        f'<w:tbl xmlns:w="{W}"><w:tblGrid>{grid}</w:tblGrid><w:tr>{row}</w:tr></w:tbl>'
    )


def test_a_date_with_no_break_spaces_is_one_word() -> None:
    """Typography joins a date with no-break spaces, so Word keeps it on one line: its column
    needs the whole date, not only its longest part."""
    joined, spaced = longest_words(_table("12\u00a0november\u00a02026", "12 november 2026"))
    assert joined > spaced
    assert spaced == longest_words(_table("november"))[0]


SECTION = (
    '<w:sectPr><w:headerReference r:id="rId9" w:type="default" />'
    '<w:footnotePr><w:numRestart w:val="eachSect" /></w:footnotePr>'
    '<w:pgSz w:h="16838" w:w="11906" />'
    '<w:pgMar w:bottom="1361" w:left="1304" w:right="1304" w:top="1474" /></w:sectPr>'
)
LANDSCAPE_WIDTH = 14230


def _document(header: list[str], row: list[str], section: str = "") -> str:
    """A body with one table as pandoc writes it (Compact cells, fixed layout, a caption
    before it, then the table's own tblCaption); ``section``: the body's section properties."""

    def cells(texts: list[str]) -> str:
        return "".join(
            '<w:tc><w:tcPr /><w:p><w:pPr><w:pStyle w:val="Compact" /></w:pPr>'
            f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p></w:tc>'
            for text in texts
        )

    grid = '<w:gridCol w:w="1000" />' * len(header)
    relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    return (
        f'<w:document xmlns:w="{W}" xmlns:r="{relationships}"><w:body>'
        "<w:p><w:r><w:t>Tekst ervoor.</w:t></w:r></w:p>\n"
        '<w:bookmarkStart w:id="1" w:name="tbl-x" />\n'
        '<w:p><w:pPr><w:pStyle w:val="TableCaption" /></w:pPr><w:r><w:t>Tabel 1.</w:t></w:r>'
        "</w:p>\n"
        '<w:tbl><w:tblPr><w:tblStyle w:val="Table" />'
        '<w:tblLayout w:type="fixed" /><w:tblLook w:val="0020" />'
        '<w:tblCaption w:val="Tabel 1" /></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>"
        f'<w:tr><w:trPr><w:tblHeader w:val="on" /></w:trPr>{cells(header)}</w:tr>'
        f"<w:tr>{cells(row)}</w:tr></w:tbl>\n"
        '<w:bookmarkEnd w:id="1" />\n'
        f"<w:p><w:r><w:t>Tekst erna.</w:t></w:r></w:p>\n{section}\n</w:body></w:document>"
    )


def _grid_and_table(xml: str) -> tuple[list[int], etree._Element]:
    table = etree.fromstring(xml.encode("utf-8")).find(f".//{{{W}}}tbl")
    widths = [int(col.get(f"{{{W}}}w")) for col in table.iter(f"{{{W}}}gridCol")]
    return widths, table


def test_a_table_too_wide_for_the_page_is_set_small_and_keeps_its_words_whole() -> None:
    """Six columns of long words (a comparison of rounds) do not fit 9 pt cells on A4: the
    table gets the smaller cell style and narrower margins, and then every column holds its
    longest word."""
    header = ["Technohub", "Ontwikkelfase en robuustheid", "Samenwerking met onderwijs"]
    header += ["Verduurzaming", "Ecosysteemfunctie", "Innovatie"]
    row = ["Noordoostpolder", *["2 (weer terug)"] * 5]
    xml = _document(header, row)
    _, source = _grid_and_table(xml)
    assert sum(longest_words(source)) > TEXT_WIDTH  # too wide at 9 pt

    widths, table = _grid_and_table(fit_columns(xml, TEXT_WIDTH))
    assert sum(widths) == TEXT_WIDTH
    assert all(w >= need for w, need in zip(widths, longest_words(table, small=True), strict=True))
    styles = {s.get(f"{{{W}}}val") for s in table.iter(f"{{{W}}}pStyle")}
    assert styles == {SMALL_STYLE}
    margins = table.find("w:tblPr/w:tblCellMar", {"w": W})
    assert margins is not None
    # the schema's order: the margins after the layout, before the look
    order = [etree.QName(child).localname for child in table.find("w:tblPr", {"w": W})]
    assert order == ["tblStyle", "tblLayout", "tblCellMar", "tblLook", "tblCaption"]


def test_a_table_too_wide_even_when_small_shares_the_width_by_its_longest_words() -> None:
    header = ["Technohub", "Ontwikkelfase en robuustheid", "Structurele betrokkenheid"]
    header += ["Samenwerking met onderwijs", "Verduurzaming", "Ecosysteemfunctie", "Innovatie"]
    row = ["Noordoostpolder", *["2 (weer terug)"] * 6]
    widths, table = _grid_and_table(fit_columns(_document(header, row), TEXT_WIDTH))
    needs = longest_words(table, small=True)
    assert sum(needs) > TEXT_WIDTH
    assert sum(widths) == TEXT_WIDTH
    scale = TEXT_WIDTH / sum(needs)
    assert all(abs(w - need * scale) <= 7 for w, need in zip(widths, needs, strict=True))
    assert {s.get(f"{{{W}}}val") for s in table.iter(f"{{{W}}}pStyle")} == {SMALL_STYLE}


def test_a_table_that_fits_keeps_its_style() -> None:
    xml = _document(["Technohub", "Score"], ["Noordoostpolder", "3"])
    widths, table = _grid_and_table(fit_columns(xml, TEXT_WIDTH))
    assert sum(widths) == TEXT_WIDTH
    assert {s.get(f"{{{W}}}val") for s in table.iter(f"{{{W}}}pStyle")} == {"Compact"}
    assert table.find("w:tblPr/w:tblCellMar", {"w": W}) is None


def test_a_table_too_wide_even_when_small_gets_a_landscape_page_with_its_caption() -> None:
    header = ["Technohub", "Ontwikkelfase en robuustheid", "Structurele betrokkenheid"]
    header += ["Samenwerking met onderwijs", "Toekomstperspectief", "Ecosysteemfunctie"]
    header += ["Innovatie"]
    row = ["Noordoostpolder", *["2 (weer terug)"] * 6]
    fitted = fit_columns(_document(header, row, SECTION), TEXT_WIDTH, LANDSCAPE_WIDTH)
    body = etree.fromstring(fitted.encode("utf-8")).find(f"{{{W}}}body")
    kinds = [
        "break"
        if child.find("w:pPr/w:sectPr", {"w": W}) is not None
        else etree.QName(child).localname
        for child in body
    ]
    # the portrait text, a break, the caption and table on their own section, a break, the rest
    assert kinds == [
        "p",
        "break",
        "bookmarkStart",
        "p",
        "tbl",
        "break",
        "bookmarkEnd",
        "p",
        "sectPr",
    ]
    breaks = [
        child.find("w:pPr/w:sectPr", {"w": W})
        for child in body
        if kinds[list(body).index(child)] == "break"
    ]
    sizes = [section.find("w:pgSz", {"w": W}).attrib for section in breaks]
    assert sizes[0] == {f"{{{W}}}h": "16838", f"{{{W}}}w": "11906"}
    assert sizes[1] == {f"{{{W}}}h": "11906", f"{{{W}}}w": "16838", f"{{{W}}}orient": "landscape"}
    # each section keeps the header; footnotes are numbered on (no restart in any section)
    for section in [*breaks, body.find("w:sectPr", {"w": W})]:
        assert section.find("w:headerReference", {"w": W}) is not None
        assert section.find("w:footnotePr", {"w": W}) is None
    widths, table = _grid_and_table(fitted)
    assert sum(widths) == LANDSCAPE_WIDTH
    # in landscape the normal size fits: the cells keep it
    assert {s.get(f"{{{W}}}val") for s in table.iter(f"{{{W}}}pStyle")} == {"Compact"}
    assert all(w >= need for w, need in zip(widths, longest_words(table), strict=True))


def test_without_section_properties_a_wide_table_stays_on_its_page() -> None:
    header = ["Technohub", "Ontwikkelfase en robuustheid", "Structurele betrokkenheid"]
    header += ["Samenwerking met onderwijs", "Toekomstperspectief", "Ecosysteemfunctie"]
    header += ["Precisietechnologie"]
    fitted = fit_columns(_document(header, ["x"] * 7), TEXT_WIDTH, LANDSCAPE_WIDTH)
    assert "<w:sectPr>" not in fitted
    widths, _ = _grid_and_table(fitted)
    assert sum(widths) == TEXT_WIDTH


def _fitted_docx(markdown: str, reference: Path, output: Path) -> Path:
    """``markdown`` as the render writes a DOCX: pandoc with ``reference``, then fitted."""
    pandoc.convert(
        markdown,
        "docx",
        output,
        from_format="markdown",
        options=["--reference-doc", str(reference)],
        cwd=output.parent,
        epoch=0,
    )
    fit_tables_to_page(output)
    return output


def test_a_pandoc_docx_with_a_table_too_wide_for_portrait_gets_a_landscape_page(
    tmp_path: Path,
) -> None:
    """As the render makes it: pandoc with the report's reference document, then fitted. The
    landscape page has its own header and footer, whose right tab stop is at its width."""
    reference = tmp_path / "referentie.docx"
    write_reference_docx(reference, "Eindevaluatie", "25109-007")
    header = "| Technohub | Ontwikkelfase en robuustheid | Structurele betrokkenheid | "
    header += "Samenwerking met onderwijs | Toekomstperspectief | Ecosysteemfunctie | Innovatie |"
    rows = "\n".join("| Noordoostpolder |" + " 2 (weer terug) |" * 6 for _ in range(3))
    markdown = f"Tekst.\n\n{header}\n|{'---|' * 7}\n{rows}\n\n: Scores {{#tbl-scores}}\n\nErna.\n"
    output = _fitted_docx(markdown, reference, tmp_path / "rapport.docx")
    docx = zipfile.ZipFile(output)
    document = docx.read("word/document.xml").decode("utf-8")
    relations = docx.read("word/_rels/document.xml.rels").decode("utf-8")
    types = docx.read("[Content_Types].xml").decode("utf-8")
    body = etree.fromstring(document.encode("utf-8")).find(f"{{{W}}}body")
    sections = body.findall(".//w:sectPr", {"w": W})
    assert len(sections) == 3  # portrait until the table, the table's landscape page, the rest
    landscape = sections[1]
    assert landscape.find("w:pgSz", {"w": W}).get(f"{{{W}}}orient") == "landscape"
    r = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    for kind in ("header", "footer"):
        portrait_id = sections[0].find(f"w:{kind}Reference", {"w": W}).get(r)
        landscape_id = landscape.find(f"w:{kind}Reference", {"w": W}).get(r)
        assert landscape_id == f"{portrait_id}-liggend"
        target = re.search(rf'Id="{landscape_id}" Target="([^"]+)"', relations)
        assert target is not None
        assert f'PartName="/word/{target[1]}"' in types
        part = docx.read(f"word/{target[1]}").decode("utf-8")
        assert 'w:pos="14230"' in part and 'w:pos="9298"' not in part
    # python-docx reads it back: a well-formed package
    assert len(WordDocument(str(output)).sections) == 3
    # the same file again, byte for byte
    again = _fitted_docx(markdown, reference, tmp_path / "again.docx")
    assert again.read_bytes() == output.read_bytes()


def test_two_landscape_tables_in_a_row_share_their_landscape_section() -> None:
    header = ["Technohub", "Ontwikkelfase en robuustheid", "Structurele betrokkenheid"]
    header += ["Samenwerking met onderwijs", "Toekomstperspectief", "Ecosysteemfunctie"]
    header += ["Innovatie"]
    row = ["Noordoostpolder", *["2 (weer terug)"] * 6]
    one = _document(header, row, SECTION)
    after = one.index("<w:p><w:r><w:t>Tekst erna")
    table = one[one.index("<w:bookmarkStart") : after]  # bookmarks, caption, table
    two = one[:after] + table.replace("tbl-x", "tbl-y") + one[after:]
    assert two.count("<w:tbl>") == 2
    body = etree.fromstring(fit_columns(two, TEXT_WIDTH, LANDSCAPE_WIDTH).encode()).find(
        f"{{{W}}}body"
    )
    breaks = [
        child.find("w:pPr/w:sectPr", {"w": W})
        for child in body
        if child.find("w:pPr/w:sectPr", {"w": W}) is not None
    ]
    # portrait until the first table, both tables on one landscape section, portrait after
    orientations = [b.find("w:pgSz", {"w": W}).get(f"{{{W}}}orient") for b in breaks]
    assert orientations == [None, "landscape"]
    assert len(body.findall(f"{{{W}}}tbl")) == 2
    assert len(body.findall(f"{{{W}}}bookmarkStart")) == 2
