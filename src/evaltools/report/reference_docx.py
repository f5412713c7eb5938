"""The DOCX reference document: pandoc's default, restyled in the house style."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from evaltools.report.docx_tables import SMALL_SIZE_PT, SMALL_STYLE, fit_columns
from evaltools.tools.pandoc import pandoc_path

ACCENT = RGBColor(0x1F, 0x3A, 0x5F)
MUTED = RGBColor(0x5B, 0x6B, 0x7D)
PAGE_WIDTH_CM, PAGE_HEIGHT_CM = 21.0, 29.7
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
    if SMALL_STYLE not in [s.style_id for s in styles]:
        # the cells of a table too wide for the page at 9 pt (docx_tables.fit_columns)
        small = styles.add_style("Compact klein", WD_STYLE_TYPE.PARAGRAPH)
        small.base_style = styles["Compact"]
        small.style_id = SMALL_STYLE
        small.font.size = Pt(SMALL_SIZE_PT)
    if "Kader" not in [s.name for s in styles]:
        box = styles.add_style("Kader", WD_STYLE_TYPE.PARAGRAPH)
        box.base_style = styles["Normal"]
        box.font.color.rgb = ACCENT
        box.paragraph_format.left_indent = Pt(12)
    for section in document.sections:  # A4 with the PDF's margins
        section.page_width, section.page_height = Cm(PAGE_WIDTH_CM), Cm(PAGE_HEIGHT_CM)
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
    than its longest word (:func:`evaltools.report.docx_tables.fit_columns`): smaller, or on
    a landscape page, if the page is too narrow for them. A landscape page gets copies of the
    running header and footer whose right tab stop is at its own text width
    (:func:`_landscape_headers`).

    pandoc sizes table grids for a fixed 5.5-inch text width; LibreOffice (and Word with a
    fixed layout) follow the grid, so tables would stop short of the right margin. Zip entries
    keep their order and times (added parts come last), so the file stays byte-stable.
    """
    text_width = round((PAGE_WIDTH_CM - 2 * SIDE_MARGIN_CM) * TWIPS_PER_CM)
    landscape_width = round((PAGE_HEIGHT_CM - 2 * SIDE_MARGIN_CM) * TWIPS_PER_CM)
    source = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    items = source.infolist()
    parts = {item.filename: source.read(item.filename) for item in items}
    document = fit_columns(parts[_DOCUMENT].decode("utf-8"), text_width, landscape_width)
    parts[_DOCUMENT] = document.encode("utf-8")
    added = _landscape_headers(parts, text_width, landscape_width)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in items:
            target.writestr(item, parts[item.filename])
        for name in added:
            info = zipfile.ZipInfo(name, date_time=items[-1].date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, parts[name])
    path.write_bytes(out.getvalue())


_DOCUMENT, _RELATIONS, _TYPES = (
    "word/document.xml",
    "word/_rels/document.xml.rels",
    "[Content_Types].xml",
)
_LANDSCAPE_SECTION = re.compile(
    r"<w:sectPr>(?:(?!</w:sectPr>).)*w:orient=\"landscape\"(?:(?!</w:sectPr>).)*</w:sectPr>",
    re.DOTALL,
)
_REFERENCE = re.compile(r'<w:(header|footer)Reference r:id="([^"]+)"')
_TAB = re.compile(r"<w:tab [^>]*>")
_POSITION = re.compile(r'w:pos="(\d+)"')


def _landscape_headers(parts: dict[str, bytes], text_width: int, landscape_width: int) -> list[str]:
    """Give the landscape sections of ``parts`` (a DOCX's files, changed in place) their own
    header and footer: copies whose right tab stop at ``text_width`` is at ``landscape_width``.
    Returns the names of the parts added (none without a landscape section)."""
    document = parts[_DOCUMENT].decode("utf-8")
    sections = _LANDSCAPE_SECTION.findall(document)
    ids = sorted({found[1] for section in sections for found in _REFERENCE.findall(section)})
    if not ids:
        return []
    relations = parts[_RELATIONS].decode("utf-8")
    types = parts[_TYPES].decode("utf-8")
    added, renamed = [], {}
    for rid in ids:
        found = re.search(rf'<Relationship [^>]*Id="{re.escape(rid)}"[^>]*/>', relations)
        target = found and re.search(r'Target="([^"/]+\.xml)"', found.group(0))
        if found is None or target is None or f"word/{target[1]}" not in parts:
            continue  # not a part as pandoc writes it: the portrait header serves
        name = target[1].removesuffix(".xml") + "-liggend.xml"
        original = parts[f"word/{target[1]}"].decode("utf-8")

        def moved(tab: re.Match) -> str:
            at = _POSITION.search(tab[0])
            if 'w:val="right"' not in tab[0] or at is None or abs(int(at[1]) - text_width) > 2:
                return tab[0]
            return _POSITION.sub(f'w:pos="{landscape_width}"', tab[0])

        parts[f"word/{name}"] = _TAB.sub(moved, original).encode("utf-8")
        added.append(f"word/{name}")
        if f"word/_rels/{target[1]}.rels" in parts:  # its own relations (an image) go along
            parts[f"word/_rels/{name}.rels"] = parts[f"word/_rels/{target[1]}.rels"]
            added.append(f"word/_rels/{name}.rels")
        renamed[rid] = f"{rid}-liggend"
        relation = found.group(0).replace(f'Id="{rid}"', f'Id="{renamed[rid]}"')
        relations = relations.replace(
            "</Relationships>", relation.replace(target[1], name) + "</Relationships>"
        )
        kind = re.search(
            rf'<Override PartName="/word/{re.escape(target[1])}" ContentType="([^"]+)"', types
        )
        if kind is not None:
            types = types.replace(
                "</Types>", f'<Override PartName="/word/{name}" ContentType="{kind[1]}" /></Types>'
            )

    def referring_to_copies(section: re.Match) -> str:
        text = section[0]
        for rid, copy in renamed.items():
            text = text.replace(f'r:id="{rid}"', f'r:id="{copy}"')
        return text

    parts[_DOCUMENT] = _LANDSCAPE_SECTION.sub(referring_to_copies, document).encode("utf-8")
    parts[_RELATIONS] = relations.encode("utf-8")
    parts[_TYPES] = types.encode("utf-8")
    return added
