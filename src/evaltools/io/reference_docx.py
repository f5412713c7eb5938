"""The DOCX reference document: pandoc's default, restyled in the house style."""

from __future__ import annotations

import io
import subprocess
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Cm, Pt, RGBColor

from evaltools.tools.pandoc import pandoc_path

ACCENT = RGBColor(0x1F, 0x3A, 0x5F)


def write_reference_docx(path: Path) -> None:
    """Write a reference.docx whose styles match the PDF: headings, table, caption, callout."""
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
    styles["Table Caption"].font.italic = False
    styles["Table Caption"].font.size = Pt(9.5)
    if "Kader" not in [s.name for s in styles]:
        box = styles.add_style("Kader", WD_STYLE_TYPE.PARAGRAPH)
        box.base_style = styles["Normal"]
        box.font.color.rgb = ACCENT
        box.paragraph_format.left_indent = Pt(12)
    for section in document.sections:  # A4 with the PDF's margins
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2.3)
        section.top_margin, section.bottom_margin = Cm(2.6), Cm(2.4)
    document.core_properties.author = "evaltools"
    buffer = io.BytesIO()
    document.save(buffer)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_fixed_zip_times(buffer.getvalue()))


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
