"""The DOCX reference document: pandoc's default, restyled in the house style."""

from __future__ import annotations

import io
import subprocess
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from evaltools.report.docx_tables import fit_columns
from evaltools.tools.pandoc import pandoc_path

ACCENT = RGBColor(0x1F, 0x3A, 0x5F)
MUTED = RGBColor(0x5B, 0x6B, 0x7D)
PAGE_WIDTH_CM = 21.0
SIDE_MARGIN_CM = 2.3
TWIPS_PER_CM = 1440 / 2.54


def write_reference_docx(path: Path, title: str = "", reference: str = "") -> None:
    """Write a reference.docx whose styles match the PDF: headings, table, caption, callout.

    Like the PDF, every page carries a header (``title`` and kenmerk ``reference``) and a
    footer "pagina x van y" made of Word's PAGE and NUMPAGES fields; pandoc keeps the header
    and footer of its reference document.
    """
    default = subprocess.run(
        [pandoc_path(), "--print-default-data-file", "reference.docx"],
        capture_output=True,
        check=True,
    ).stdout
    document = Document(io.BytesIO(default))
    styles = document.styles
    styles["Normal"].font.name = "Calibri"
    styles["Normal"].font.size = Pt(10.5)
    for name, size in (("Heading 1", 16), ("Heading 2", 13), ("Heading 3", 11.5)):
        style = styles[name]
        style.font.name = "Calibri"
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = ACCENT
    for name in ("Title", "Subtitle"):
        styles[name].font.color.rgb = ACCENT
    # a page of its own for the cover, the table of contents and each chapter and appendix
    styles["Heading 1"].paragraph_format.page_break_before = True
    _toc_styles(styles)
    styles["Table Caption"].font.italic = False
    styles["Table Caption"].font.size = Pt(9.5)
    styles["Compact"].font.size = Pt(9)  # pandoc's style for table cells and tight lists
    _table_borders(styles["Table"])
    for name in ("Header", "Footer"):  # fields (page numbers) take the paragraph's style
        if name not in [s.name for s in styles]:
            added = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            added.base_style = styles["Normal"]
            added.style_id = name  # the id the header and footer paragraphs refer to
        styles[name].font.size = Pt(8)
        styles[name].font.color.rgb = MUTED
    if "Kader" not in [s.name for s in styles]:
        box = styles.add_style("Kader", WD_STYLE_TYPE.PARAGRAPH)
        box.base_style = styles["Normal"]
        box.font.color.rgb = ACCENT
        box.paragraph_format.left_indent = Pt(12)
    for section in document.sections:  # A4 with the PDF's margins
        section.page_width, section.page_height = Cm(PAGE_WIDTH_CM), Cm(29.7)
        section.left_margin = section.right_margin = Cm(SIDE_MARGIN_CM)
        section.top_margin, section.bottom_margin = Cm(2.6), Cm(2.4)
        _running_header(section, title, reference)
        _page_footer(section)
    document.core_properties.author = "evaltools"
    buffer = io.BytesIO()
    document.save(buffer)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_fixed_zip_times(buffer.getvalue()))


def _toc_styles(styles) -> None:
    """The table of contents (filters/docx_toc.lua): its title starts the page after the cover;
    Word's own names (TOC Heading, toc 1, toc 2), so that Word's TOC field uses them too."""
    names = [s.name for s in styles]
    if "TOC Heading" not in names:
        heading = styles.add_style("TOC Heading", WD_STYLE_TYPE.PARAGRAPH)
        heading.base_style = styles["Heading 1"]
        heading.style_id = "TOCHeading"
    styles["TOC Heading"].paragraph_format.page_break_before = True
    for level in (1, 2):
        name = f"toc {level}"
        if name not in names:
            entry = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            entry.base_style = styles["Normal"]
            entry.style_id = f"TOC{level}"
        entry = styles[name]
        entry.paragraph_format.left_indent = Pt(0 if level == 1 else 14)
        entry.paragraph_format.space_before = Pt(6 if level == 1 else 0)
        entry.paragraph_format.space_after = Pt(2)
        entry.font.bold = level == 1


def _running_header(section, title: str, reference: str) -> None:
    paragraph = section.header.paragraphs[0]
    paragraph.text = ""
    left = paragraph.add_run(title)
    right = paragraph.add_run(f"\tKenmerk {reference}" if reference else "")
    for run in (left, right):
        run.font.size = Pt(8)
        run.font.color.rgb = MUTED
    _right_tab(paragraph)


def _page_footer(section) -> None:
    """'pagina <PAGE> van <NUMPAGES>', right-aligned as in the PDF."""
    paragraph = section.footer.paragraphs[0]
    paragraph.text = ""
    _right_tab(paragraph)
    for part in ("\tpagina ", "PAGE", " van ", "NUMPAGES"):
        if part in ("PAGE", "NUMPAGES"):
            _field(paragraph, part)
        else:
            run = paragraph.add_run(part)
            run.font.size = Pt(8)
            run.font.color.rgb = MUTED


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice fill in when laying out pages."""
    run = paragraph.add_run()
    run.font.size = Pt(8)
    run.font.color.rgb = MUTED
    for kind, text in (("begin", None), (None, f" {instruction} "), ("separate", None)):
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        else:
            code = OxmlElement("w:instrText")
            code.set(qn("xml:space"), "preserve")
            code.text = text
            run._r.append(code)
    shown = paragraph.add_run("1")
    shown.font.size = Pt(8)
    shown.font.color.rgb = MUTED
    end = paragraph.add_run()
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), "end")
    end._r.append(char)


def _right_tab(paragraph) -> None:
    from docx.enum.text import WD_TAB_ALIGNMENT

    width = Cm(PAGE_WIDTH_CM - 2 * SIDE_MARGIN_CM)
    paragraph.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)


def _table_borders(style) -> None:
    """Rules as in the PDF: a dark line above and below, thin lines between rows."""
    properties = style.element.find(qn("w:tblPr"))
    if properties is None:
        properties = OxmlElement("w:tblPr")
        style.element.append(properties)
    for old in properties.findall(qn("w:tblBorders")):
        properties.remove(old)
    borders = OxmlElement("w:tblBorders")
    for edge, size, colour in (
        ("top", 8, "1F3A5F"),
        ("bottom", 8, "1F3A5F"),
        ("insideH", 4, "C5CCD6"),
    ):
        line = OxmlElement(f"w:{edge}")
        line.set(qn("w:val"), "single")
        line.set(qn("w:sz"), str(size))
        line.set(qn("w:space"), "0")
        line.set(qn("w:color"), colour)
        borders.append(line)
    properties.append(borders)


def _fixed_zip_times(data: bytes) -> bytes:
    """pandoc copies some parts of the reference document with their zip times: fix them."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(item.filename))
    return out.getvalue()


def fit_tables_to_page(path: Path) -> None:
    """Widen every table of a pandoc DOCX to the text width of the page, no column narrower
    than its longest word (:func:`evaltools.report.docx_tables.fit_columns`).

    pandoc sizes table grids for a fixed 5.5-inch text width; LibreOffice (and Word with a
    fixed layout) follow the grid, so tables would stop short of the right margin. Zip entries
    keep their order and times, so the file stays byte-stable.
    """
    text_width = round((PAGE_WIDTH_CM - 2 * SIDE_MARGIN_CM) * TWIPS_PER_CM)
    source = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                data = fit_columns(data.decode("utf-8"), text_width).encode("utf-8")
            target.writestr(item, data)
    path.write_bytes(out.getvalue())
