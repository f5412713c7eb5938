"""The report's typeface (Source Sans Pro, OFL, from its PyPI package) for charts and HTML."""

from __future__ import annotations

from functools import cache
from pathlib import Path

REPORT_FONT = "Source Sans Pro"


def font_directory() -> Path:
    import font_source_sans_pro

    return Path(font_source_sans_pro.font_directory)


@cache
def register_chart_fonts() -> str:
    """Make matplotlib know the report's typeface (once per process); return its family name."""
    from matplotlib import font_manager

    for font in sorted(font_directory().glob("*.ttf")):
        font_manager.fontManager.addfont(str(font))
    return REPORT_FONT


@cache
def report_font_characters() -> frozenset[int]:
    """Every character the report's typeface can draw (the code points of its regular,
    bold and italic cmaps), read with fontTools."""
    from fontTools.ttLib import TTFont

    covered: set[int] = set()
    for name in ("Regular", "Bold", "It", "Semibold"):
        with TTFont(font_directory() / f"SourceSansPro-{name}.ttf", lazy=True) as font:
            covered |= set(font.getBestCmap())
    return frozenset(covered)


@cache
def _advances(style: str) -> tuple[dict[int, int], int, int]:
    """Per code point its advance width, the width of a character the font lacks, and the
    units per em, of one style of the report's typeface (read with fontTools)."""
    from fontTools.ttLib import TTFont

    with TTFont(font_directory() / f"SourceSansPro-{style}.ttf", lazy=True) as font:
        metrics = font["hmtx"].metrics
        widths = {point: metrics[glyph][0] for point, glyph in font.getBestCmap().items()}
        return widths, metrics[".notdef"][0], font["head"].unitsPerEm


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width in points of ``text`` set in the report's typeface at ``size`` points
    (advance widths, no kerning: a little more than the set text, never less)."""
    widths, missing, per_em = _advances("Bold" if bold else "Regular")
    return sum(widths.get(ord(char), missing) for char in text) * size / per_em
