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
def _advances(bold: bool) -> tuple[dict[int, int], int, int]:
    """The report typeface's advance widths (per code point), its width of 'n' and units/em."""
    from fontTools.ttLib import TTFont

    font = TTFont(font_directory() / f"SourceSansPro-{'Bold' if bold else 'Regular'}.ttf")
    metrics, cmap = font["hmtx"].metrics, font.getBestCmap()
    advances = {code: metrics[glyph][0] for code, glyph in cmap.items()}
    return advances, advances[ord("n")], font["head"].unitsPerEm


def text_width_em(text: str, *, bold: bool = False) -> float:
    """The width of ``text`` in em, in the report's typeface (Source Sans Pro): a measure that
    is the same on every machine, for sizes chosen before any program lays the text out."""
    advances, fallback, units = _advances(bold)
    return sum(advances.get(ord(char), fallback) for char in text) / units


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width in points of ``text`` set in the report's typeface at ``size`` points
    (advance widths, no kerning: a little more than the set text, never less)."""
    return text_width_em(text, bold=bold) * size
