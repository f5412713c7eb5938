"""Save figures as byte-stable SVG (HTML, Typst) and PNG (DOCX)."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from matplotlib.layout_engine import PlaceHolderLayoutEngine

from evaltools.analyse.figures import HOUSE_STYLE
from evaltools.tools.typst import svg_to_png

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

# The DOCX shows the PNG: LibreOffice and Word before 2016 show an SVG as an empty box, and
# pandoc's own PNG fallback needs rsvg-convert on the machine. 200 dpi is sharp in print at the
# figures' 6.8-inch drawing width and faster to write than the PDF it replaced. pandoc reads the
# size from the PNG's dpi, so the DOCX shows it at the size of the SVG.
PNG_DPI = 200


def save_figure(figure: Figure, stem: Path, alt_text: str) -> list[Path]:
    """Write ``stem``.svg and ``stem``.png without dates or versions, and ``stem``.alt.txt with
    the alt text; return the three paths (SVG first)."""
    stem.parent.mkdir(parents=True, exist_ok=True)
    svg, png = stem.with_suffix(".svg"), stem.with_suffix(".png")
    # ``tight_layout`` leaves matplotlib's ``PlaceHolderLayoutEngine``, which lays out nothing,
    # yet makes every savefig draw the whole figure an extra time (text layout and all) before
    # it draws it for the file: a third of the CPU of a save. The layout is done: without the
    # engine each format draws once, to the same bytes.
    if isinstance(figure.get_layout_engine(), PlaceHolderLayoutEngine):
        figure.set_layout_engine(None)
    # HOUSE_STYLE is keyed by rc names, as plt.style.context wants it (dict[str, Any]);
    # matplotlib's stubs want rc_context's dict keyed by their Literal of those names
    with plt.rc_context(cast("dict[RcKeyType, Any]", HOUSE_STYLE)):
        figure.savefig(svg, format="svg", metadata={"Date": None})
    # The PNG is the SVG drawn by Typst (a tenth of the CPU of matplotlib drawing the figure
    # again): the DOCX shows the picture the HTML and PDF show. No text chunk, no date: the
    # bytes depend on the SVG alone.
    width, height = figure.get_size_inches()
    drawn = svg_to_png(svg.read_text(encoding="utf-8"), float(width), float(height), PNG_DPI)
    png.write_bytes(_with_dpi(drawn, PNG_DPI))
    alt = stem.with_suffix(".alt.txt")
    alt.write_text(alt_text.strip() + "\n", encoding="utf-8")
    plt.close(figure)
    return [svg, png, alt]


def _with_dpi(png: bytes, dpi: float) -> bytes:
    """``png`` with its resolution (a pHYs chunk after the header): pandoc sizes it from that."""
    header_end = 8 + 25  # signature, then the IHDR chunk (length, type, 13 bytes, CRC)
    per_metre = round(dpi / 0.0254)
    body = b"pHYs" + struct.pack(">IIB", per_metre, per_metre, 1)
    chunk = struct.pack(">I", 9) + body + struct.pack(">I", zlib.crc32(body))
    return png[:header_end] + chunk + png[header_end:]
