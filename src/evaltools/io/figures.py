"""Save figures as byte-stable SVG (HTML, Typst) and PNG (DOCX)."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from matplotlib.layout_engine import PlaceHolderLayoutEngine

from evaltools.analysis.figures import HOUSE_STYLE

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
    # ``tight_layout`` leaves a placeholder layout engine that does nothing, yet makes every
    # savefig draw the whole figure an extra time (text layout and all) before it draws it for
    # the file: a third of the CPU of a save. The layout is done: without the engine each
    # format draws once, to the same bytes.
    if isinstance(figure.get_layout_engine(), PlaceHolderLayoutEngine):
        figure.set_layout_engine(None)
    with plt.rc_context(HOUSE_STYLE):
        figure.savefig(svg, format="svg", metadata={"Date": None})
        # without the "Software" text chunk (matplotlib's version): the bytes depend on the
        # figure alone
        figure.savefig(png, format="png", dpi=PNG_DPI, metadata={"Software": None})
    alt = stem.with_suffix(".alt.txt")
    alt.write_text(alt_text.strip() + "\n", encoding="utf-8")
    plt.close(figure)
    return [svg, png, alt]
